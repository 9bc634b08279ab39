"""The admin screens of the sourced facts, each also editable on its own."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from editorial.admin_base import (
    HistoryAdmin,
    SourcedFieldsMixin,
)

from .admin_inlines import FACT_AUTOCOMPLETE, SOURCE_FILTER, ResponsibilityInline
from .models import (
    AlternativeTitle,
    CompanySource,
    CompetencySource,
    ResponsibilityGroup,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    TeamPosition,
    TeamStructureSource,
)


class FactAdmin(SourcedFieldsMixin, HistoryAdmin):
    list_filter = [SOURCE_FILTER]


@admin.register(ResponsibilityGroup)
class ResponsibilityGroupAdmin(FactAdmin):
    list_display = ["name", "role", "team_structure", "order", "responsibility_count", "source"]
    list_select_related = ["role", "team_structure", "source"]
    search_fields = ["name", "slug", "role__name", "team_structure__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["role", "team_structure", *FACT_AUTOCOMPLETE]
    inlines = [ResponsibilityInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(responsibility_count=Count("responsibilities", distinct=True))
        )

    @admin.display(description=_("verantwoordelijkheden"), ordering="responsibility_count")
    def responsibility_count(self, obj):
        return obj.responsibility_count


@admin.register(RoleLevel)
class RoleLevelAdmin(FactAdmin):
    list_display = ["role", "level", "source", "said_by"]
    list_filter = ["level", SOURCE_FILTER]
    list_select_related = ["role", "level", "source", "said_by"]
    search_fields = ["role__name", "level__name", "note"]
    autocomplete_fields = ["role", "level", *FACT_AUTOCOMPLETE]


@admin.register(AlternativeTitle)
class AlternativeTitleAdmin(FactAdmin):
    list_display = ["title", "role", "source", "said_by"]
    list_select_related = ["role", "source", "said_by"]
    search_fields = ["title", "role__name"]
    autocomplete_fields = ["role", *FACT_AUTOCOMPLETE]


@admin.register(RoleCompetency)
class RoleCompetencyAdmin(FactAdmin):
    list_display = ["role", "competency", "importance", "source", "said_by"]
    list_filter = ["importance", SOURCE_FILTER]
    list_select_related = ["role", "competency", "source", "said_by"]
    search_fields = ["role__name", "competency__name", "explanation"]
    autocomplete_fields = ["role", "competency", *FACT_AUTOCOMPLETE]


@admin.register(RoleRelation)
class RoleRelationAdmin(FactAdmin):
    list_display = ["from_role", "kind", "to_role", "source", "said_by"]
    list_filter = ["kind", SOURCE_FILTER]
    list_select_related = ["from_role", "to_role", "source", "said_by"]
    search_fields = ["from_role__name", "to_role__name", "note"]
    autocomplete_fields = ["from_role", "to_role", *FACT_AUTOCOMPLETE]


@admin.register(TeamPosition)
class TeamPositionAdmin(FactAdmin):
    list_display = ["team_structure", "role", "is_lead", "placement", "count", "source"]
    list_filter = ["is_lead", "placement", SOURCE_FILTER]
    list_select_related = ["team_structure", "role", "source"]
    search_fields = ["team_structure__name", "role__name", "description"]
    autocomplete_fields = ["team_structure", "role", *FACT_AUTOCOMPLETE]


class EntrySourceAdmin(HistoryAdmin):
    """Which articles describe an entry (also an inline on the entry's screen)."""

    list_filter = [("article", admin.RelatedOnlyFieldListFilter)]


@admin.register(RoleSource)
class RoleSourceAdmin(EntrySourceAdmin):
    list_display = ["role", "article"]
    list_select_related = ["role", "article"]
    search_fields = ["role__name", "article__title"]
    autocomplete_fields = ["role", "article"]


@admin.register(CompetencySource)
class CompetencySourceAdmin(EntrySourceAdmin):
    list_display = ["competency", "article"]
    list_select_related = ["competency", "article"]
    search_fields = ["competency__name", "article__title"]
    autocomplete_fields = ["competency", "article"]


@admin.register(TeamStructureSource)
class TeamStructureSourceAdmin(EntrySourceAdmin):
    list_display = ["team_structure", "article"]
    list_select_related = ["team_structure", "article"]
    search_fields = ["team_structure__name", "article__title"]
    autocomplete_fields = ["team_structure", "article"]


@admin.register(CompanySource)
class CompanySourceAdmin(EntrySourceAdmin):
    list_display = ["company", "article"]
    list_select_related = ["company", "article"]
    search_fields = ["company__name", "article__title"]
    autocomplete_fields = ["company", "article"]
