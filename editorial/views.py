"""The generic views every kind of entry's pages are built on."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import ListView

from . import counts
from .tags import public_tag, tagged_with


def contents(*sections):
    """The "on this page" list: (anchor, label) of the sections that have something."""
    return [(anchor, label) for anchor, label, items in sections if items]


class PublicPage:
    """A page every reader sees alike: served from the page cache when it can."""

    public_page = True


class PublicDetailMixin(PublicPage):
    """
    Readers only ever see public entries; anything else is a 404. Logged-in
    staff may open a draft's page to preview it before publishing.
    """

    def get_queryset(self):
        return self.model.objects.for_reader(self.request.user).for_detail()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.user.is_active and request.user.is_staff:
            # What staff see may be a draft: no shared cache or proxy may
            # keep it, and the browser does not keep it after logging out.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class PublicListView(PublicPage, ListView):
    """
    Lists show public entries only, loaded for their cards. Entries with
    tags can be narrowed to one tag with ?tag=<slug>; a tag no public entry
    carries is a 404, as an unknown one.
    """

    paginate_by = 30

    def get_queryset(self):
        entries = self.model.objects.public().for_list()
        self.selected_tag = None
        slug = self.request.GET.get("tag", "")
        if slug and any(field.name == "tags" for field in self.model._meta.get_fields()):
            self.selected_tag = public_tag(slug)
            if self.selected_tag is None:
                raise Http404("No public entry carries this tag.")
            entries = tagged_with(entries, self.selected_tag)
        return entries

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The whole list (no ?tag= or other filter in the query string): its
        # count is kept where it is written. Lists narrow only by the query
        # string, so nothing else makes it a part.
        if set(self.request.GET) <= {"page"}:
            model = ContentType.objects.get_for_model(self.model)
            known = counts.value(counts.LISTS, model.pk)
            if known is not None:
                paginator.count = known  # instead of its cached_property
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(selected_tag=self.selected_tag, query_string=query.urlencode())
        return context
