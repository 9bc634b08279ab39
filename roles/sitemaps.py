"""
/sitemap.xml: every published page, of every kind; and /robots.txt, which
points to it and keeps crawlers out of the admin.

Each section lists exactly what the public views serve: drafts, and
responsibilities whose role or team is a draft, are left out.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from articles.models import Article, Person

from .models import Company, Competency, Level, Responsibility, Role, TeamStructure


class PublishedSitemap(Sitemap):
    """The published entries of one model, each at its get_absolute_url()."""

    model = None

    def __init__(self, model, priority=None):
        self.model = model
        self.priority = priority

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, obj):
        return obj.updated_at


class ResponsibilitySitemap(PublishedSitemap):
    def __init__(self):
        super().__init__(Responsibility)

    def items(self):
        return (
            Responsibility.objects.public()
            .select_related(None)
            .only("slug", "updated_at")
            .order_by("slug")
        )


class TagSitemap(Sitemap):
    """Tags that at least one published entry carries (as the tag list shows)."""

    def items(self):
        from rolwijzer.views import published_tag_items

        return (
            Tag.objects.annotate(
                item_count=Count("taggit_taggeditem_items", filter=published_tag_items())
            )
            .filter(item_count__gt=0)
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("tags:detail", args=[tag.slug])


class PagesSitemap(Sitemap):
    """The home page, the list of every kind, and the pages across kinds."""

    priority = 0.8

    def items(self):
        return [
            "home",
            "roles:list",
            "competencies:list",
            "responsibilities:list",
            "levels:list",
            "teams:list",
            "companies:list",
            "articles:list",
            "people:list",
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
    "roles": PublishedSitemap(Role, priority=0.9),
    "competencies": PublishedSitemap(Competency),
    "responsibilities": ResponsibilitySitemap(),
    "levels": PublishedSitemap(Level),
    "teams": PublishedSitemap(TeamStructure),
    "companies": PublishedSitemap(Company),
    "articles": PublishedSitemap(Article),
    "people": PublishedSitemap(Person),
    "tags": TagSitemap,
}


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
