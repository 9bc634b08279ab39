"""
The editors' screens for debates. A debate is edited on one screen with its
positions as an inline; a position answers another of the same debate
(Position.clean), chosen from the positions already saved.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from editorial.admin_base import (
    EntryAdmin,
    FactInline,
    HistoryAdmin,
    SourceArticleFilter,
    SourcedFieldsMixin,
    SourcesInline,
    TagFilter,
)

from .models import Debate, DebateSource, Position

FACT_AUTOCOMPLETE = ["source", "said_by"]


class PositionInline(FactInline):
    model = Position
    fk_name = "debate"
    fields = [
        "order",
        "slug",
        "stance",
        "quote",
        "answers",
        "in_comment",
        "said_on",
        "source",
        "said_by",
    ]
    autocomplete_fields = [*FACT_AUTOCOMPLETE, "answers"]


class DebateSourceInline(SourcesInline):
    model = DebateSource


@admin.register(Debate)
class DebateAdmin(EntryAdmin):
    sources_relation = "debatesource"
    list_display = [
        "question",
        "status",
        "position_count",
        "sources_display",
        "tags_display",
        "updated_display",
    ]
    list_filter = ["status", TagFilter, ("sources", SourceArticleFilter)]
    search_fields = ["question", "slug", "summary"]
    prepopulated_fields = {"slug": ["question"]}
    fields = [
        "question",
        "slug",
        "status",
        "summary",
        "roles",
        "team_structures",
        "competencies",
        "tags",
    ]
    autocomplete_fields = ["roles", "team_structures", "competencies"]
    inlines = [PositionInline, DebateSourceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(position_count=Count("positions", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("standpunten"), ordering="position_count")
    def position_count(self, obj):
        return obj.position_count


@admin.register(Position)
class PositionAdmin(SourcedFieldsMixin, HistoryAdmin):
    list_display = ["__str__", "debate", "order", "said_by", "source", "answers"]
    list_filter = [
        ("debate", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["debate", "said_by", "source", "answers__debate"]
    search_fields = ["stance", "quote", "slug", "said_by__name", "debate__question"]
    autocomplete_fields = ["debate", "answers", *FACT_AUTOCOMPLETE]
