from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person
from editorial import counts
from editorial.views import PublicDetailMixin, PublicListView, PublicPage, contents

from . import entry_counts
from .compare_views import first_options
from .models import (
    Company,
    Competency,
    Level,
    Responsibility,
    Role,
    RoleCompetency,
    RoleLevel,
    Statement,
    StatementKind,
    TeamStructure,
)
from .orgchart import merge_positions, org_chart
from .relations import closest_role, related_roles, variants_of


def sources_of(described, *fact_lists):
    """
    Every article behind an entry: those that describe it and those that
    source any fact shown on its page (public facts only, so their article
    is published), newest first, from prefetched data.
    """
    articles = {article.pk: article for article in described}
    for facts in fact_lists:
        for fact in facts:
            articles.setdefault(fact.source_id, fact.source)
    return sorted(
        articles.values(),
        key=lambda a: (
            a.published_on is None,
            -(a.published_on.toordinal() if a.published_on else 0),
            a.title,
        ),
    )


def level_facts(role_levels):
    """
    RoleLevel facts that share their note, article and speaker shown as one
    fact with several levels ("operationeel, tactisch en strategisch").
    """
    grouped = {}
    for fact in role_levels:
        key = (fact.note, fact.source_id, fact.said_by_id)
        grouped.setdefault(key, {"fact": fact, "levels": []})["levels"].append(fact.level)
    return list(grouped.values())


def compare_with(role, closest):
    """
    The roles the role page's "Vergelijk met…" offers: the closest one first,
    then the others by name, as many as the compare page offers; the compare
    page finds the rest by name (`more_roles`).
    """
    others, more = first_options(Role.objects.public().exclude(pk=role.pk).only("name", "slug"))
    others = [other for other in others if other != closest]
    return {"other_roles": ([closest] if closest else []) + others, "more_roles": more}


# The tags the role list's filter offers, the most used first.
TAG_CHOICES = 40


class RoleListView(PublicListView):
    model = Role

    def get_queryset(self):
        roles = super().get_queryset()
        # ?level=<slug>, ?competency=<slug>: the roles at a level, or that
        # need a competency, where those pages end. Unknown and draft
        # entries are both a 404.
        self.level = ""
        if slug := self.request.GET.get("level", ""):
            self.level = get_object_or_404(Level.objects.public(), slug=slug).slug
            roles = roles.filter(
                pk__in=RoleLevel.objects.public().filter(level__slug=slug).values("role")
            )
        self.competency = None
        if slug := self.request.GET.get("competency", ""):
            self.competency = get_object_or_404(Competency.objects.public(), slug=slug)
            roles = roles.filter(
                pk__in=RoleCompetency.objects.public()
                .filter(competency=self.competency)
                .values("role")
            )
        return roles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            levels=Level.objects.public(),
            tags=self.tag_choices(),
            selected_level=self.level,
            selected_competency=self.competency,
            filtered=bool(self.level or self.selected_tag or self.competency),
        )
        return context

    def tag_choices(self):
        """
        The tags the filter offers: those on the most public roles, by name,
        and the one chosen. Not every tag of every role: the tag list has
        them all, and a choice of hundreds helps nobody.
        """
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Role),
            object_id__in=Role.objects.public().values("pk"),
        )
        most_used = items.values("tag").annotate(n=Count("pk")).order_by("-n", "tag")
        most_used = Tag.objects.filter(pk__in=most_used.values("tag")[:TAG_CHOICES])
        tags = {tag.pk: tag for tag in most_used}
        if self.selected_tag:
            tags.setdefault(self.selected_tag.pk, self.selected_tag)
        return sorted(tags.values(), key=lambda tag: tag.name.lower())


class RoleDetailView(PublicDetailMixin, DetailView):
    model = Role

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role = self.object
        groups = list(role.responsibility_groups.all())
        related = related_roles(role)
        variants = variants_of(role)
        variant_groups = [g for v in variants for g in v["groups"]]
        variant_competencies = [rc for v in variants for rc in v["competencies"]]
        compare_default = closest_role(role)
        context.update(
            variants=variants,
            contents=contents(
                ("titels", _("Ook bekend als"), role.alternative_titles.all()),
                ("niveaus", _("Niveaus"), role.role_levels.all()),
                ("verantwoordelijkheden", _("Verantwoordelijkheden"), groups + variant_groups),
                (
                    "competenties",
                    _("Competenties"),
                    list(role.role_competencies.all()) + variant_competencies,
                ),
                ("verwante-rollen", _("Verwante rollen"), related),
                ("teams", _("In teamstructuren"), role.team_positions.all()),
                ("voorbeelden", _("Bij bedrijven"), role.company_examples.all()),
                ("uitspraken", _("Uitspraken"), role.statement_preview),
            ),
            level_facts=level_facts(role.role_levels.all()),
            related=related,
            compare_default=compare_default,
            **compare_with(role, compare_default),
            sources=sources_of(
                role.sources.all(),
                role.role_levels.all(),
                role.alternative_titles.all(),
                role.role_competencies.all(),
                role.relations_out.all(),
                role.relations_in.all(),
                groups,
                [r for g in groups for r in g.responsibilities.all()],
                role.team_positions.all(),
                role.company_examples.all(),
                role.statement_preview,
                variant_competencies,
                variant_groups,
            ),
        )
        return context


class CompetencyListView(PublicListView):
    model = Competency


class CompetencyDetailView(PublicDetailMixin, DetailView):
    model = Competency

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competency = self.object
        context["sources"] = sources_of(
            competency.sources.all(),
            competency.role_preview,
            competency.statement_preview,
        )
        return context


# The filters of the statement list: parameter -> (relation, model of the entry).
STATEMENT_FILTERS = {
    "role": ("roles", Role),
    "competency": ("competencies", Competency),
    "team": ("team_structures", TeamStructure),
    "company": ("companies", Company),
    "person": ("said_by", Person),
    "article": ("source", Article),
}


class StatementListView(PublicPage, ListView):
    """
    Every published statement, paginated, optionally about one entry
    (?role=<slug>, ?competency=, ?team=, ?company=), said by one person
    (?person=), from one article (?article=) or of one kind (?kind=). Entry
    pages show the first few statements and link here for the rest.
    """

    template_name = "roles/statement_list.html"
    paginate_by = 25

    def get_paginator(self, queryset, per_page, **kwargs):
        # Every statement, or those about one entry: their count is kept
        # where it is written. Counted on the request: 26 ms of the list's
        # 37 at 10 000 articles.
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        known = None
        if not self.kind and not self.about:
            known = counts.value(entry_counts.ALL)
        elif not self.kind and len(self.about) == 1:
            parameter, entry = self.about[0]
            relation = STATEMENT_FILTERS[parameter][0]
            if relation in entry_counts.ABOUT:
                known = counts.value(entry_counts.about(relation), entry.pk)
        if known is not None:
            paginator.count = known  # instead of its cached_property
        return paginator

    def get_queryset(self):
        statements = Statement.objects.public()
        self.about = []
        for parameter, (relation, model) in STATEMENT_FILTERS.items():
            slug = self.request.GET.get(parameter, "")
            if slug:
                entry = model.objects.public().filter(slug=slug).first()
                if entry is None:
                    raise Http404(_("Dit item bestaat niet of is niet gepubliceerd."))
                self.about.append((parameter, entry))
                statements = statements.filter(**{relation: entry})
        self.kind = self.request.GET.get("kind", "")
        if self.kind:
            if self.kind not in StatementKind.values:
                raise Http404(_("Onbekende soort uitspraak."))
            statements = statements.filter(kind=self.kind)
        return statements

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            about=self.about,
            kinds=StatementKind.choices,
            selected_kind=self.kind,
            query_string=query.urlencode(),
        )
        return context


class ResponsibilityListView(PublicListView):
    model = Responsibility
    paginate_by = 60

    def get_queryset(self):
        self.selected_tag = None
        responsibilities = Responsibility.objects.public().for_list()
        # ?level=<slug>: the tasks at one level, where the level's page ends.
        self.level = None
        if slug := self.request.GET.get("level", ""):
            self.level = get_object_or_404(Level.objects.public(), slug=slug)
            responsibilities = responsibilities.filter(level=self.level)
        return responsibilities

    def get_context_data(self, **kwargs):
        return super().get_context_data(selected_level=self.level, **kwargs)


class ResponsibilityDetailView(PublicDetailMixin, DetailView):
    model = Responsibility


class LevelListView(PublicListView):
    model = Level


class LevelDetailView(PublicDetailMixin, DetailView):
    model = Level


class TeamStructureListView(PublicListView):
    model = TeamStructure


class TeamStructureDetailView(PublicDetailMixin, DetailView):
    model = TeamStructure

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        positions = list(team.positions.all())
        members = merge_positions(positions)
        groups = list(team.responsibility_groups.all())
        chart = org_chart(team, members)
        # The articles name no positions: the roles their statements about
        # this structure name (one query, only then).
        named_roles = []
        if chart["empty"]:
            named_roles = list(
                Role.objects.public()
                .filter(statements__in=Statement.objects.public().filter(team_structures=team))
                .distinct()
                .order_by("name")
                .only("name", "slug")
            )
        context.update(
            chart=chart,
            named_roles=named_roles,
            positions_in_team=[m for m in members if m.placement == "in_team"],
            positions_outside=[m for m in members if m.placement != "in_team"],
            sources=sources_of(
                team.sources.all(),
                positions,
                groups,
                [r for g in groups for r in g.responsibilities.all()],
                team.company_examples.all(),
                team.statement_preview,
            ),
        )
        return context


class CompanyListView(PublicListView):
    model = Company


class CompanyDetailView(PublicDetailMixin, DetailView):
    model = Company

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        context["sources"] = sources_of(
            company.sources.all(), company.examples.all(), company.statement_preview
        )
        return context
