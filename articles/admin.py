"""The editors' screens for the articles, the people in them, and tags."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

# Registers the models with django-reversion before the admins below.
from roles import versioning  # noqa: F401
from roles.admin_base import EntryAdmin, HistoryAdmin, TagFilter

from .models import Article, Person


@admin.register(Person)
class PersonAdmin(EntryAdmin):
    list_display = ["name", "affiliation", "status", "article_count", "updated_display"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("authored_articles"))

    @admin.display(description=_("artikelen als auteur"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Article)
class ArticleAdmin(EntryAdmin):
    list_display = [
        "title",
        "publication",
        "published_on",
        "status",
        "authors_display",
        "tags_display",
        "updated_display",
    ]
    list_filter = ["status", "publication", "title_is_descriptive", TagFilter]
    search_fields = ["title", "slug", "publication", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors"]
    fields = [
        "title",
        "slug",
        "title_is_descriptive",
        "status",
        "publication",
        "authors",
        "published_on",
        "language",
        "url",
        "stated_comment_count",
        "summary",
        "tags",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors", "tags")

    @admin.display(description=_("auteurs"))
    def authors_display(self, obj):
        return ", ".join(person.name for person in obj.authors.all())


# taggit registers a Tag admin of its own; this one keeps history, shows how
# often a tag is used, and drops taggit's inline of every tagged item (a
# content type and an object id, which an editor cannot read).
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(HistoryAdmin, TaggitTagAdmin):
    inlines = []
    list_display = ["name", "slug", "usage"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(usage=Count("taggit_taggeditem_items"))

    @admin.display(description=_("gebruikt"), ordering="usage")
    def usage(self, obj):
        return obj.usage
