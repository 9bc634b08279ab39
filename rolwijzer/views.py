from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView
from taggit.models import Tag

from articles.models import Article, Person
from roles.models import (
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    Role,
    Statement,
    TeamStructure,
)

from .search import excerpt, has_match, highlight, search_terms

# The comparison the home page suggests, when both roles exist.
SUGGESTED_COMPARISON = ["conversation-manager", "community-manager"]
HOME_LIST_LENGTH = 12


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suggested = sorted(
            Role.objects.published().filter(slug__in=SUGGESTED_COMPARISON).only("name", "slug"),
            key=lambda role: SUGGESTED_COMPARISON.index(role.slug),
        )
        if len(suggested) < 2:
            suggested = list(Role.objects.published().only("name", "slug")[:2])
        context.update(
            levels=Level.objects.published().for_list(),
            roles=Role.objects.published().for_list()[:HOME_LIST_LENGTH],
            team_structures=TeamStructure.objects.published().for_list()[:HOME_LIST_LENGTH],
            companies=Company.objects.published().for_list()[:HOME_LIST_LENGTH],
            articles=Article.objects.published().for_list()[:HOME_LIST_LENGTH],
            suggested=suggested if len(suggested) == 2 else None,
        )
        return context


@never_cache
def healthz(request):
    """Liveness for load balancers: touches neither the session nor the database."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon; send them to ours."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# Search ---------------------------------------------------------------------

RESULTS_PER_KIND = 10


class SearchGroup:
    """One kind of entry in the results: how to find it and how to show it."""

    def __init__(self, key, label, queryset, title, texts, url=None):
        self.key = key
        self.label = label
        self.queryset = queryset
        self.title = title
        self.texts = texts
        self.url = url or (lambda obj: obj.get_absolute_url())

    def results(self, query, terms):
        found = list(self.queryset().search(query)[: RESULTS_PER_KIND + 1])
        return [self.result(obj, terms) for obj in found[:RESULTS_PER_KIND]], len(
            found
        ) > RESULTS_PER_KIND

    def result(self, obj, terms):
        title = self.title(obj)
        texts = [t for t in (getattr(obj, name, "") for name in self.texts) if t]
        passage = next((t for t in texts if has_match(t, terms)), texts[0] if texts else "")
        also = getattr(obj, "search_titles", None)
        return {
            "object": obj,
            "url": self.url(obj),
            "title": highlight(title, terms) if len(title) < 200 else excerpt(title, terms),
            "passage": excerpt(passage, terms) if passage else "",
            "also": highlight(also, terms) if also and has_match(also, terms) else "",
        }


def search_groups():
    return [
        SearchGroup(
            "roles",
            _("Rollen"),
            Role.objects.published,
            lambda r: r.name,
            ["summary", "description"],
        ),
        SearchGroup(
            "competencies",
            _("Competenties"),
            Competency.objects.published,
            lambda c: c.name,
            ["summary", "description"],
        ),
        SearchGroup(
            "responsibilities",
            _("Verantwoordelijkheden"),
            Responsibility.objects.public,
            lambda r: r.name,
            ["description"],
        ),
        SearchGroup(
            "levels",
            _("Niveaus"),
            Level.objects.published,
            lambda level: level.name,
            ["description"],
        ),
        SearchGroup(
            "teams",
            _("Teamstructuren"),
            TeamStructure.objects.published,
            lambda t: t.name,
            ["summary", "description", "company_size", "integration_stage"],
        ),
        SearchGroup(
            "companies",
            _("Bedrijven"),
            Company.objects.published,
            lambda c: c.name,
            ["description", "sector"],
        ),
        SearchGroup(
            "examples",
            _("Bedrijfsvoorbeelden"),
            CompanyExample.objects.public,
            lambda e: f"{e.company.name}: {e.title}",
            ["description", "figures"],
        ),
        SearchGroup(
            "articles",
            _("Artikelen"),
            Article.objects.published,
            lambda a: a.title,
            ["summary", "publication"],
        ),
        SearchGroup(
            "people",
            _("Personen"),
            Person.objects.published,
            lambda p: p.name,
            ["affiliation", "description"],
        ),
        SearchGroup(
            "statements",
            _("Uitspraken"),
            Statement.objects.public,
            lambda s: s.text,
            ["quote"],
        ),
    ]


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        terms = search_terms(query)
        groups = []
        if terms:
            for group in search_groups():
                results, more = group.results(query, terms)
                if results:
                    groups.append(
                        {"key": group.key, "label": group.label, "results": results, "more": more}
                    )
            tags = Tag.objects.filter(published_tag_items()).distinct()
            for term in terms:
                tags = tags.filter(name__icontains=term)
            tags = list(tags.order_by("name")[:RESULTS_PER_KIND])
            if tags:
                groups.append(
                    {
                        "key": "tags",
                        "label": _("Tags"),
                        "results": [
                            {
                                "object": t,
                                "url": reverse("tags:detail", args=[t.slug]),
                                "title": highlight(t.name, terms),
                            }
                            for t in tags
                        ],
                    }
                )
        context.update(
            query=query,
            searched=bool(terms),
            groups=groups,
            result_count=sum(len(g["results"]) for g in groups),
        )
        return context


# Tags -----------------------------------------------------------------------

TAGGED_KINDS = [
    ("roles", _("Rollen"), Role),
    ("competencies", _("Competenties"), Competency),
    ("teams", _("Teamstructuren"), TeamStructure),
    ("companies", _("Bedrijven"), Company),
    ("articles", _("Artikelen"), Article),
    ("statements", _("Uitspraken"), Statement),
]
TAG_PAGE_LENGTH = 12


def published_tag_items():
    """Tagged items that are published entries of a kind readers can see."""
    condition = Q()
    for _key, _label, model in TAGGED_KINDS:
        condition |= Q(
            taggit_taggeditem_items__content_type__app_label=model._meta.app_label,
            taggit_taggeditem_items__content_type__model=model._meta.model_name,
            taggit_taggeditem_items__object_id__in=model.objects.published().values("pk"),
        )
    return condition


class TagListView(ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"
    paginate_by = 100

    def get_queryset(self):
        return (
            Tag.objects.annotate(
                item_count=Count("taggit_taggeditem_items", filter=published_tag_items())
            )
            .filter(item_count__gt=0)
            .order_by("name")
        )


class TagDetailView(TemplateView):
    """Every kind of entry with this tag; the list pages hold the rest."""

    template_name = "tags/tag_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = get_object_or_404(Tag, slug=kwargs["slug"])
        groups = []
        for key, label, model in TAGGED_KINDS:
            entries = model.objects.published().filter(tags=tag)
            if model is Statement:
                entries = Statement.objects.public().filter(tags=tag)
            else:
                entries = entries.for_list()
            entries = list(entries[: TAG_PAGE_LENGTH + 1])
            if entries:
                groups.append(
                    {
                        "key": key,
                        "label": label,
                        "entries": entries[:TAG_PAGE_LENGTH],
                        "more": len(entries) > TAG_PAGE_LENGTH and key != "statements",
                        "list_url": f"{key}:list",
                    }
                )
        if not groups:
            raise Http404("No published entries with this tag.")
        context.update(tag=tag, groups=groups)
        return context
