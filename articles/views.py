from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from editorial.views import PublicDetailMixin, PublicListView, contents

from .models import Article, Organisation, Person


class ArticleListView(PublicListView):
    model = Article


class ArticleDetailView(PublicDetailMixin, DetailView):
    model = Article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        statements = list(article.roles_statement_facts.all())
        context.update(
            statements=[s for s in statements if not s.in_comment],
            comment_statements=[s for s in statements if s.in_comment],
        )
        described = [
            *article.described_roles.all(),
            *article.described_competencies.all(),
            *article.described_team_structures.all(),
            *article.described_companies.all(),
        ]
        context["contents"] = contents(
            ("beschreven", _("Beschreven in dit artikel"), described),
            ("organisaties", _("Genoemde organisaties"), article.described_organisations.all()),
            ("titels", _("Alternatieve titels"), article.roles_alternativetitle_facts.all()),
            ("niveaus", _("Niveaus van rollen"), article.roles_rolelevel_facts.all()),
            ("competenties", _("Competenties per rol"), article.roles_rolecompetency_facts.all()),
            ("relaties", _("Relaties tussen rollen"), article.roles_rolerelation_facts.all()),
            (
                "verantwoordelijkheden",
                _("Verantwoordelijkheden"),
                article.roles_responsibilitygroup_facts.all(),
            ),
            ("posities", _("Posities in teams"), article.roles_teamposition_facts.all()),
            ("voorbeelden", _("Bedrijfsvoorbeelden"), article.roles_companyexample_facts.all()),
            ("debatten", _("Debatten"), article.debates_position_facts.all()),
            ("uitspraken", _("Uitspraken in het artikel"), context["statements"]),
            ("reacties", _("Standpunten in de reacties"), context["comment_statements"]),
        )
        return context


class PersonListView(PublicListView):
    model = Person


class PersonDetailView(PublicDetailMixin, DetailView):
    model = Person


class OrganisationListView(PublicListView):
    model = Organisation


class OrganisationDetailView(PublicDetailMixin, DetailView):
    model = Organisation
