from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.views.generic import ListView, TemplateView
from taggit.models import Tag

from articles.models import Article
from editorial.kinds import tagged
from editorial.tags import tagged_with
from editorial.views import PublicPage
from roles.models import (
    Company,
    Level,
    Role,
    TeamStructure,
)

from .tag_counts import public_tags

# The comparison the home page suggests, when both roles exist.
SUGGESTED_COMPARISON = ["conversation-manager", "community-manager"]
HOME_LIST_LENGTH = 12


class HomeView(PublicPage, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suggested = sorted(
            Role.objects.public().filter(slug__in=SUGGESTED_COMPARISON).only("name", "slug"),
            key=lambda role: SUGGESTED_COMPARISON.index(role.slug),
        )
        if len(suggested) < 2:
            suggested = list(Role.objects.public().only("name", "slug")[:2])
        context.update(
            levels=Level.objects.public().for_list(),
            roles=Role.objects.public().for_list()[:HOME_LIST_LENGTH],
            team_structures=TeamStructure.objects.public().for_list()[:HOME_LIST_LENGTH],
            companies=Company.objects.public().for_list()[:HOME_LIST_LENGTH],
            articles=Article.objects.public().for_list()[:HOME_LIST_LENGTH],
            suggested=suggested if len(suggested) == 2 else None,
        )
        return context


# Tags -----------------------------------------------------------------------

TAG_PAGE_LENGTH = 12


class TagListView(PublicPage, ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"
    paginate_by = 100

    def get_queryset(self):
        return public_tags()


class TagDetailView(PublicPage, TemplateView):
    """Every kind of entry with this tag; the list pages hold the rest."""

    template_name = "tags/tag_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Not public_tags(): its count runs over every tagged item and every
        # public entry of each kind. A tag is public when one of its kinds
        # below has a public entry; without one the page is a 404.
        tag = get_object_or_404(Tag, slug=kwargs["slug"])
        groups = []
        # The roles and the knowledge around them first, the articles after.
        for kind in sorted(tagged(), key=lambda kind: kind.model._meta.app_label == "articles"):
            # The first rows' keys in a subquery, then the rows with what a
            # card shows: a popular tag has thousands of statements, and
            # their sources and speakers are loaded for the first few only.
            first = tagged_with(kind.model.objects.public().for_list(), tag)
            first = first.values("pk")[: TAG_PAGE_LENGTH + 1]
            entries = list(kind.model.objects.filter(pk__in=first).for_list())
            if entries:
                groups.append(
                    {
                        "key": kind.namespace,
                        "label": capfirst(kind.model._meta.verbose_name_plural),
                        "entries": entries[:TAG_PAGE_LENGTH],
                        # Lists of entries with pages can be narrowed to a tag.
                        "more": len(entries) > TAG_PAGE_LENGTH and kind.page,
                        "list_url": f"{kind.namespace}:list",
                    }
                )
        if not groups:
            raise Http404("No published entries with this tag.")
        context.update(tag=tag, groups=groups)
        return context
