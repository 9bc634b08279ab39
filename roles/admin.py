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
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.admin_base import (
    EntryAdmin,
    SourceArticleFilter,
    SourcedFieldsMixin,
    TagFilter,
    yes_no_filter,
)

# The facts' own screens register on import.
from . import admin_facts  # noqa: F401
from .admin_inlines import (
    FACT_AUTOCOMPLETE,
    SOURCE_FILTER,
    AlternativeTitleInline,
    CompanyExampleInline,
    CompanySourceInline,
    CompetencyRoleInline,
    CompetencySourceInline,
    ResponsibilityGroupInline,
    RoleCompanyExampleInline,
    RoleCompetencyInline,
    RoleLevelInline,
    RoleRelationInline,
    RoleSourceInline,
    TeamPositionInline,
    TeamStructureSourceInline,
)
from .models import (
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    Role,
    RoleLevel,
    Statement,
    TeamStructure,
)


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
    # How many roles without competencies the admin index names (the count
    # is exact).
    attention_listed = 10

    def needs_attention(self, request):
        """Roles without competencies, for the admin index."""
        roles = Role.objects.filter(role_competencies__isnull=True).order_by("name")
        listed = list(roles.values("pk", "name")[: self.attention_listed + 1])
        site = self.admin_site.name
        return {
            "id": "without-competencies",
            "caption": _("Rollen zonder competenties"),
            "count": len(listed) if len(listed) <= self.attention_listed else roles.count(),
            "url": reverse(f"{site}:roles_role_changelist") + "?competenties=geen",
            "entries": [
                {
                    "name": role["name"],
                    "url": reverse(f"{site}:roles_role_change", args=[role["pk"]]),
                }
                for role in listed[: self.attention_listed]
            ],
        }

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
