"""The kinds of entry this app declares (see editorial/kinds.py)."""

from django.utils.translation import gettext_lazy as _

from editorial.history import TAGS, Link, name_through, register, through
from editorial.kinds import FixtureSection, declare
from editorial.search import searched

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


def declare_kinds():
    name_through(CompanyExample, "roles", _("bedrijfsvoorbeeld van rol"), _("bedrijfsvoorbeelden"))
    for field, name in [
        ("roles", _("uitspraak over rol")),
        ("competencies", _("uitspraak over competentie")),
        ("team_structures", _("uitspraak over teamstructuur")),
        ("companies", _("uitspraak over bedrijf")),
    ]:
        name_through(Statement, field, name, _("uitspraken"))

    # Django gives the target of a many-to-many field no accessor for the
    # rows of the auto-created table; the history needs one to follow them.
    company_example_role = through(CompanyExample, "roles")
    Role.add_to_class(
        "company_example_links",
        property(lambda role: company_example_role._default_manager.filter(role=role)),
    )

    declare(
        Level,
        FixtureSection("levels", ("slug", "name", "order", "description", "status")),
        namespace="levels",
        page=True,
        search=searched("levels", _("Niveaus"), title="name", body=["description"], order=50),
    )
    declare(
        Role,
        FixtureSection("roles", ("slug", "name", "summary", "description", "tags", "status")),
        Link(AlternativeTitle, "alternative_titles", back="role_id"),
        Link(RoleLevel, "role_levels", back="role_id"),
        Link(RoleCompetency, "role_competencies", back="role_id"),
        Link(RoleRelation, "relations_out", back="from_role_id"),
        Link(ResponsibilityGroup, "responsibility_groups", back="role_id"),
        Link(RoleSource, "rolesource_set", back="role_id"),
        Link(company_example_role, "company_example_links", back="role_id"),
        TAGS,
        Link(through(Statement, "roles"), back="role_id"),
        namespace="roles",
        page=True,
        search=searched(
            "roles",
            _("Rollen"),
            title="name",
            aliases=["alternative_titles__title"],
            summary=["summary"],
            body=["description"],
            badges="role_levels__level",
            order=10,
        ),
    )
    declare(
        Competency,
        FixtureSection(
            "competencies", ("slug", "name", "summary", "description", "tags", "status")
        ),
        Link(CompetencySource, "competencysource_set", back="competency_id"),
        TAGS,
        Link(through(Statement, "competencies"), back="competency_id"),
        namespace="competencies",
        page=True,
        search=searched(
            "competencies",
            _("Competenties"),
            title="name",
            summary=["summary"],
            body=["description"],
            order=20,
        ),
    )
    declare(
        TeamStructure,
        FixtureSection(
            "team_structures",
            (
                "slug",
                "name",
                "summary",
                "description",
                "company_size",
                "integration_stage",
                "tags",
                "status",
            ),
        ),
        Link(TeamPosition, "positions", back="team_structure_id"),
        Link(ResponsibilityGroup, "responsibility_groups", back="team_structure_id"),
        Link(TeamStructureSource, "teamstructuresource_set", back="team_structure_id"),
        TAGS,
        Link(through(Statement, "team_structures"), back="teamstructure_id"),
        namespace="teams",
        page=True,
        search=searched(
            "teams",
            _("Teamstructuren"),
            title="name",
            summary=["summary"],
            body=["description", "company_size", "integration_stage"],
            order=30,
        ),
    )
    declare(
        Company,
        FixtureSection(
            "companies", ("slug", "name", "description", "country", "sector", "tags", "status")
        ),
        Link(CompanySource, "companysource_set", back="company_id"),
        TAGS,
        Link(through(Statement, "companies"), back="company_id"),
        namespace="companies",
        page=True,
        search=searched(
            "companies",
            _("Bedrijven"),
            title="name",
            summary=["sector"],
            body=["description", "country"],
            order=60,
        ),
    )
    declare(RoleLevel, FixtureSection("role_levels", ("role", "level", "note", "said_by")))
    declare(
        AlternativeTitle,
        FixtureSection("alternative_titles", ("role", "title", "note", "said_by")),
    )
    declare(
        RoleCompetency,
        FixtureSection(
            "role_competencies",
            (
                "role",
                "competency",
                "importance",
                "importance_reason",
                "explanation",
                "order",
                "said_by",
            ),
        ),
    )
    declare(
        RoleRelation,
        FixtureSection(
            "role_relations",
            ("from", "kind", "to", "note", "said_by"),
            attrs={"from": "from_role", "to": "to_role"},
            constraint_messages={
                "role_relation_not_to_itself": (
                    "a role cannot have a relation with itself ('from' and 'to' are the same)"
                ),
            },
        ),
    )
    declare(
        ResponsibilityGroup,
        FixtureSection(
            "responsibility_groups",
            (
                "slug",
                "name",
                "description",
                "role",
                "team_structure",
                "order",
                "said_by",
                "responsibilities",
            ),
            constraint_messages={
                "responsibility_group_has_one_owner": lambda values: (
                    "a responsibility group belongs to exactly one role or one team structure: "
                    f"give 'role' or 'team_structure', not {_owners(values) or 'neither'}"
                ),
            },
        ),
        Link(Responsibility, "responsibilities", back="group_id"),
    )
    declare(
        Responsibility,
        FixtureSection(
            "responsibilities",
            # said_by is not in the README's example, but the model has it and
            # an editor can set it in the admin; without it an export would
            # lose it.
            ("slug", "name", "description", "level", "order", "said_by", "status"),
            in_file=False,
        ),
        namespace="responsibilities",
        page=True,
        search=searched(
            "responsibilities",
            _("Taken"),
            title="name",
            body=["description"],
            context=[
                (_("taak van de rol"), "group__role__name"),
                (_("taak van het team"), "group__team_structure__name"),
            ],
            order=40,
        ),
    )
    declare(
        TeamPosition,
        FixtureSection(
            "team_positions",
            (
                "team_structure",
                "role",
                "count",
                "count_note",
                "lead",
                "placement",
                "description",
                "order",
                "said_by",
            ),
            attrs={"lead": "is_lead"},
            constraint_messages={
                "team_lead_is_in_team": (
                    "whoever leads the team is in the team: lead: true needs placement: in_team"
                ),
                "team_position_count_positive": (
                    "'count' is at least 1 (leave it out when the article gives no number)"
                ),
            },
        ),
    )
    declare(
        CompanyExample,
        FixtureSection(
            "company_examples",
            (
                "slug",
                "company",
                "title",
                "description",
                "figures",
                "team_size",
                "roles",
                "team_structure",
                "said_by",
                "status",
            ),
        ),
        search=searched(
            "examples",
            _("Bedrijfsvoorbeelden"),
            title="title",
            summary=["description"],
            body=["figures"],
            context=[(_("bij"), "company__name")],
            order=70,
        ),
    )
    declare(
        Statement,
        FixtureSection(
            "statements",
            (
                "slug",
                "kind",
                "text",
                "quote",
                "said_by",
                "in_comment",
                "said_on",
                "roles",
                "competencies",
                "team_structures",
                "companies",
                "tags",
                "status",
            ),
        ),
        TAGS,
        namespace="statements",
        search=searched(
            "statements",
            _("Uitspraken"),
            title=None,
            summary=["text"],
            body=["quote"],
            context=[(_("gezegd door"), "said_by__name"), (_("in"), "source__title")],
            order=100,
        ),
    )
    # The sources of entries: rows of the entries above, not kinds of their own.
    for model in (RoleSource, CompetencySource, TeamStructureSource, CompanySource):
        register(model)


def _owners(values):
    return " and ".join(k for k in ("role", "team_structure") if values[k] is not None)
