"""
The editors' screens for roles and the knowledge around them.

A role is edited on one screen: its alternative titles, levels, competencies,
relations, responsibility groups, sources and company examples are inlines,
every related entry is chosen with autocomplete. Responsibilities are edited
on their group's screen (Django has no nested inlines); each group row links
there.
"""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

# Registers the models with django-reversion, with what each version takes
# along, before VersionAdmin would register them on its own.
from . import versioning  # noqa: F401
from .admin_base import (
    EntryAdmin,
    FactInline,
    HistoryAdmin,
    SourceArticleFilter,
    SourcedFieldsMixin,
    SourcesInline,
    TagFilter,
    yes_no_filter,
)
from .models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)

FACT_AUTOCOMPLETE = ["source", "said_by"]
SOURCE_FILTER = ("source", admin.RelatedOnlyFieldListFilter)


# Inlines.


class AlternativeTitleInline(FactInline):
    model = AlternativeTitle
    fields = ["title", "note", "source", "said_by"]
    autocomplete_fields = FACT_AUTOCOMPLETE


class RoleLevelInline(FactInline):
    model = RoleLevel
    fields = ["level", "note", "source", "said_by"]
    autocomplete_fields = ["level", *FACT_AUTOCOMPLETE]


class RoleCompetencyInline(FactInline):
    model = RoleCompetency
    fields = ["competency", "importance", "explanation", "order", "source", "said_by"]
    autocomplete_fields = ["competency", *FACT_AUTOCOMPLETE]


class CompetencyRoleInline(FactInline):
    """On a competency's screen: the roles that need it."""

    model = RoleCompetency
    fields = ["role", "importance", "explanation", "order", "source", "said_by"]
    autocomplete_fields = ["role", *FACT_AUTOCOMPLETE]
    verbose_name_plural = _("rollen die deze competentie vragen")


class RoleRelationInline(FactInline):
    model = RoleRelation
    fk_name = "from_role"
    fields = ["kind", "to_role", "note", "source", "said_by"]
    autocomplete_fields = ["to_role", *FACT_AUTOCOMPLETE]


class ResponsibilityGroupInline(FactInline):
    model = ResponsibilityGroup
    fields = ["name", "slug", "order", "description", "source", "said_by"]
    autocomplete_fields = FACT_AUTOCOMPLETE
    prepopulated_fields = {"slug": ["name"]}
    # The responsibilities of a group are edited on the group's own screen.
    show_change_link = True


class RoleSourceInline(SourcesInline):
    model = RoleSource


class CompetencySourceInline(SourcesInline):
    model = CompetencySource


class TeamStructureSourceInline(SourcesInline):
    model = TeamStructureSource


class CompanySourceInline(SourcesInline):
    model = CompanySource


class RoleCompanyExampleInline(admin.TabularInline):
    """The company examples a role appears in (CompanyExample.roles)."""

    model = CompanyExample.roles.through
    extra = 0
    autocomplete_fields = ["companyexample"]
    verbose_name = _("bedrijfsvoorbeeld")
    verbose_name_plural = _("bedrijfsvoorbeelden met deze rol")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["label"] = _("bedrijfsvoorbeeld")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TeamPositionInline(FactInline):
    model = TeamPosition
    fields = [
        "role",
        "count",
        "count_note",
        "is_lead",
        "placement",
        "description",
        "order",
        "source",
        "said_by",
    ]
    autocomplete_fields = ["role", *FACT_AUTOCOMPLETE]


class ResponsibilityInline(FactInline):
    model = Responsibility
    fields = ["name", "slug", "status", "level", "description", "order", "source", "said_by"]
    autocomplete_fields = ["level", *FACT_AUTOCOMPLETE]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True


class CompanyExampleInline(FactInline):
    model = CompanyExample
    fields = ["title", "slug", "status", "description", "figures", "source", "said_by"]
    autocomplete_fields = FACT_AUTOCOMPLETE
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


# Entries.


@admin.register(Level)
class LevelAdmin(EntryAdmin):
    list_display = ["name", "order", "status", "role_count", "updated_display"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(role_count=Count("role_levels__role", distinct=True))
        )

    @admin.display(description=_("rollen"), ordering="role_count")
    def role_count(self, obj):
        return obj.role_count


@admin.register(Role)
class RoleAdmin(EntryAdmin):
    sources_relation = "rolesource"
    list_display = [
        "name",
        "status",
        "levels_display",
        "sources_display",
        "competency_count",
        "tags_display",
        "updated_display",
    ]
    list_filter = [
        "status",
        ("role_levels__level", admin.RelatedOnlyFieldListFilter),
        TagFilter,
        ("sources", SourceArticleFilter),
        yes_no_filter("rolesource", _("aantal bronnen"), "bronnen"),
        yes_no_filter("role_competencies", _("aantal competenties"), "competenties"),
    ]
    # Names and alternative titles: an editor looks a role up by either.
    search_fields = ["name", "slug", "alternative_titles__title"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "status", "summary", "description", "tags"]
    inlines = [
        AlternativeTitleInline,
        RoleLevelInline,
        RoleCompetencyInline,
        RoleRelationInline,
        ResponsibilityGroupInline,
        RoleSourceInline,
        RoleCompanyExampleInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(competency_count=Count("role_competencies", distinct=True))
            .prefetch_related(
                "tags",
                Prefetch("role_levels", queryset=RoleLevel.objects.select_related("level")),
            )
        )

    @admin.display(description=_("niveaus"))
    def levels_display(self, obj):
        levels = {rl.level.order: rl.level.name for rl in obj.role_levels.all()}
        return ", ".join(levels[order] for order in sorted(levels))

    @admin.display(description=_("competenties"), ordering="competency_count")
    def competency_count(self, obj):
        return obj.competency_count


@admin.register(Competency)
class CompetencyAdmin(EntryAdmin):
    sources_relation = "competencysource"
    list_display = [
        "name",
        "status",
        "sources_display",
        "role_count",
        "tags_display",
        "updated_display",
    ]
    list_filter = [
        "status",
        TagFilter,
        ("sources", SourceArticleFilter),
        yes_no_filter("competencysource", _("aantal bronnen"), "bronnen"),
    ]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "status", "summary", "description", "tags"]
    inlines = [CompetencySourceInline, CompetencyRoleInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(role_count=Count("role_competencies__role", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("rollen"), ordering="role_count")
    def role_count(self, obj):
        return obj.role_count


@admin.register(TeamStructure)
class TeamStructureAdmin(EntryAdmin):
    sources_relation = "teamstructuresource"
    list_display = [
        "name",
        "status",
        "sources_display",
        "position_count",
        "tags_display",
        "updated_display",
    ]
    list_filter = [
        "status",
        TagFilter,
        ("sources", SourceArticleFilter),
        yes_no_filter("teamstructuresource", _("aantal bronnen"), "bronnen"),
    ]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "status",
        "summary",
        "description",
        "company_size",
        "integration_stage",
        "tags",
    ]
    inlines = [TeamPositionInline, ResponsibilityGroupInline, TeamStructureSourceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(position_count=Count("positions", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("posities"), ordering="position_count")
    def position_count(self, obj):
        return obj.position_count


@admin.register(Company)
class CompanyAdmin(EntryAdmin):
    sources_relation = "companysource"
    list_display = [
        "name",
        "status",
        "sector",
        "sources_display",
        "example_count",
        "tags_display",
        "updated_display",
    ]
    list_filter = [
        "status",
        TagFilter,
        ("sources", SourceArticleFilter),
        yes_no_filter("companysource", _("aantal bronnen"), "bronnen"),
    ]
    search_fields = ["name", "slug", "sector"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "status", "description", "country", "sector", "tags"]
    inlines = [CompanySourceInline, CompanyExampleInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(example_count=Count("examples", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("voorbeelden"), ordering="example_count")
    def example_count(self, obj):
        return obj.example_count


@admin.register(Responsibility)
class ResponsibilityAdmin(SourcedFieldsMixin, EntryAdmin):
    list_display = ["name", "group", "owner", "level", "status", "source", "updated_display"]
    list_filter = ["status", "level", SOURCE_FILTER]
    list_select_related = ["group__role", "group__team_structure", "level", "source"]
    search_fields = ["name", "slug", "group__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["group", "level", *FACT_AUTOCOMPLETE]

    @admin.display(description=_("van"))
    def owner(self, obj):
        return obj.group.role or obj.group.team_structure


@admin.register(CompanyExample)
class CompanyExampleAdmin(SourcedFieldsMixin, EntryAdmin):
    list_display = ["title", "company", "status", "figures", "source", "updated_display"]
    list_filter = ["status", ("company", admin.RelatedOnlyFieldListFilter), SOURCE_FILTER]
    list_select_related = ["company", "source"]
    search_fields = ["title", "slug", "company__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["company", "roles", "team_structure", *FACT_AUTOCOMPLETE]


@admin.register(Statement)
class StatementAdmin(SourcedFieldsMixin, EntryAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "in_comment",
        "said_by",
        "source",
        "tags_display",
        "updated_display",
    ]
    list_filter = ["status", "kind", "in_comment", TagFilter, SOURCE_FILTER]
    list_select_related = ["source", "said_by"]
    search_fields = ["text", "quote", "slug", "said_by__name"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = [
        "roles",
        "competencies",
        "team_structures",
        "companies",
        *FACT_AUTOCOMPLETE,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")


# Facts. Each is also edited in its entry's inline; these lists answer
# questions across entries ("what does this article claim?").


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
