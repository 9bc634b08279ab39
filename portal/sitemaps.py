"""
/sitemap.xml: an index of one sitemap per kind (/sitemap-<kind>.xml), each
in pages of at most SITEMAP_PAGE_SIZE addresses, so that no request reads a
whole large table; both are public pages, served from the page cache until
the knowledge changes. And /robots.txt, which points to the index and keeps
crawlers out of the admin.

Each section lists exactly what the public views serve: what public()
returns, so drafts and whatever depends on one are left out.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from editorial.kinds import all_kinds, with_pages
from roles.models import Role

from .tag_counts import public_tags

# Well under the 50 000 the protocol allows: one page is read and rendered
# in a fraction of a second.
SITEMAP_PAGE_SIZE = 5000


class PublishedSitemap(Sitemap):
    """The published entries of one model, each at its get_absolute_url()."""

    model = None
    limit = SITEMAP_PAGE_SIZE

    def __init__(self, model, priority=None):
        self.model = model
        self.priority = priority

    def items(self):
        return (
            self.model.objects.public()
            .select_related(None)
            .only("slug", "updated_at")
            .order_by("slug")
        )

    def lastmod(self, obj):
        return obj.updated_at


class TagSitemap(Sitemap):
    """Tags that at least one published entry carries (as the tag list shows)."""

    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return public_tags().order_by("slug")

    def location(self, tag):
        return reverse("tags:detail", args=[tag.slug])


class PagesSitemap(Sitemap):
    """The home page, the list of every kind, and the pages across kinds."""

    priority = 0.8

    def items(self):
        # The list of every kind with pages (editorial/kinds.py), and the
        # pages that are not a kind's.
        return [
            "home",
            *(f"{kind.namespace}:list" for kind in all_kinds() if kind.page),
            "statements:list",
            "tags:list",
            "matrix",
            "compare",
            "downloads:index",
        ]

    def location(self, name):
        return reverse(name)


sitemaps = {
    "pages": PagesSitemap,
    # One section per kind of entry with a page of its own (editorial/kinds.py).
    **{
        model._meta.model_name: PublishedSitemap(model, priority=0.9 if model is Role else None)
        for model in with_pages()
    },
    "tags": TagSitemap,
}


@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")


@require_GET
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps, section=section)


# Served from the page cache (editorial/cache.py) like every public page.
sitemap_index.public_page = sitemap_section.public_page = True


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
