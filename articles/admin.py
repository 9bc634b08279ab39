"""The editors' screens for the articles, the people in them, and tags."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from editorial.admin_base import (
    EntryAdmin,
    FactInline,
    HistoryAdmin,
    SourceArticleFilter,
    SourcesInline,
    TagFilter,
)

from .models import Affiliation, Article, Organisation, OrganisationSource, Person


class AffiliationInline(FactInline):
    """On a person's screen: the organisations an article places them in."""

    model = Affiliation
    fields = ["organisation", "function", "note", "source", "said_by"]
    autocomplete_fields = ["organisation", "source", "said_by"]
    fk_name = "person"
    verbose_name_plural = _("organisaties (volgens een artikel)")


class OrganisationAffiliationInline(FactInline):
    """On an organisation's screen: the people an article places in it."""

    model = Affiliation
    fields = ["person", "function", "note", "source", "said_by"]
    autocomplete_fields = ["person", "source", "said_by"]
    verbose_name_plural = _("mensen (volgens een artikel)")


class OrganisationSourceInline(SourcesInline):
    model = OrganisationSource


@admin.register(Person)
class PersonAdmin(EntryAdmin):
    list_display = ["name", "affiliation", "status", "article_count", "updated_display"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("authored_articles"))

    @admin.display(description=_("artikelen als auteur"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Organisation)
class OrganisationAdmin(EntryAdmin):
    sources_relation = "organisationsource"
    list_display = ["name", "status", "sources_display", "people_count", "updated_display"]
    list_filter = ["status", ("sources", SourceArticleFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "status", "description"]
    inlines = [OrganisationSourceInline, OrganisationAffiliationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(people_count=Count("affiliations__person", distinct=True))
        )

    @admin.display(description=_("mensen"), ordering="people_count")
    def people_count(self, obj):
        return obj.people_count


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
