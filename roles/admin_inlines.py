"""The inlines of the roles' admin screens: the rows edited on an entry's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin_base import (
    FactInline,
    SourcesInline,
)

from .models import (
    AlternativeTitle,
    CompanyExample,
    CompanySource,
    CompetencySource,
    Responsibility,
    ResponsibilityGroup,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    TeamPosition,
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
    fields = [
        "competency",
        "importance",
        "importance_reason",
        "explanation",
        "order",
        "source",
        "said_by",
    ]
    autocomplete_fields = ["competency", *FACT_AUTOCOMPLETE]


class CompetencyRoleInline(FactInline):
    """On a competency's screen: the roles that need it."""

    model = RoleCompetency
    fields = [
        "role",
        "importance",
        "importance_reason",
        "explanation",
        "order",
        "source",
        "said_by",
    ]
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
