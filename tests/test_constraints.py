"""
What the database itself refuses, whatever writes to it (the admin, the
loader, a shell): duplicate slugs and links, the check constraints of
roles/models.py, and deletes that would take sourced knowledge with them.
"""

from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from factories import (
    ArticleFactory,
    CompanyFactory,
    CompetencyFactory,
    LevelFactory,
    PersonFactory,
    RoleFactory,
    TeamStructureFactory,
)

from articles.models import Article, Person
from roles.models import (
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def k():
    """One of everything, linked, each fact sourced by one article."""
    k = SimpleNamespace()
    k.article = ArticleFactory(title="Artikel")
    k.person = PersonFactory(name="Persoon")
    k.level = LevelFactory(name="Tactisch", order=2)
    k.role = RoleFactory(name="Rol")
    k.other = RoleFactory(name="Andere rol")
    k.competency = CompetencyFactory(name="Competentie")
    k.team = TeamStructureFactory(name="Team")
    k.company = CompanyFactory(name="Bedrijf")
    k.fact = {"source": k.article, "said_by": k.person}
    return k


def refused(create):
    """The IntegrityError the database raises for `create`."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# Unique slugs.


@pytest.mark.parametrize(
    "model",
    [Article, Person, Role, Competency, TeamStructure, Company],
    ids=lambda m: m.__name__,
)
def test_slug_is_unique(k, model):
    existing = model.objects.first()
    extra = {"title": "x"} if model is Article else {"name": "x"}
    if model in (Role, Competency, TeamStructure, Article):
        extra["summary"] = "s"

    refused(lambda: model.objects.create(slug=existing.slug, **extra))


def test_level_slug_name_and_order_are_unique(k):
    refused(lambda: Level.objects.create(slug="tactisch", name="Ander", order=5))
    refused(lambda: Level.objects.create(slug="ander", name="Tactisch", order=5))
    refused(lambda: Level.objects.create(slug="ander", name="Ander", order=2))


def test_slugs_of_facts_are_unique(k):
    group = ResponsibilityGroup.objects.create(slug="groep", name="G", role=k.role, **k.fact)
    Responsibility.objects.create(slug="taak", name="T", group=group, **k.fact)
    CompanyExample.objects.create(
        slug="voorbeeld", company=k.company, title="t", description="d", **k.fact
    )
    Statement.objects.create(slug="stelling", kind="finding", text="t", **k.fact)

    refused(
        lambda: ResponsibilityGroup.objects.create(slug="groep", name="G", role=k.role, **k.fact)
    )
    refused(lambda: Responsibility.objects.create(slug="taak", name="T", group=group, **k.fact))
    refused(
        lambda: CompanyExample.objects.create(
            slug="voorbeeld", company=k.company, title="t", description="d", **k.fact
        )
    )
    refused(lambda: Statement.objects.create(slug="stelling", kind="advice", text="t", **k.fact))


# No duplicate links.


def test_an_article_is_a_source_of_an_entry_once(k):
    for model, field, entry in [
        (RoleSource, "role", k.role),
        (CompetencySource, "competency", k.competency),
        (TeamStructureSource, "team_structure", k.team),
        (CompanySource, "company", k.company),
    ]:
        model.objects.create(article=k.article, **{field: entry})
        refused(lambda m=model, f=field, e=entry: m.objects.create(article=k.article, **{f: e}))


def test_a_fact_is_recorded_once_per_source(k):
    cases = [
        (RoleLevel, {"role": k.role, "level": k.level}),
        (AlternativeTitle, {"role": k.role, "title": "Coach"}),
        (RoleCompetency, {"role": k.role, "competency": k.competency}),
        (RoleRelation, {"from_role": k.role, "kind": "leads", "to_role": k.other}),
        (TeamPosition, {"team_structure": k.team, "role": k.role}),
    ]
    second = Article.objects.create(slug="tweede", title="Tweede", summary="s")
    for model, fields in cases:
        model.objects.create(**fields, **k.fact)
        refused(lambda m=model, f=fields: m.objects.create(**f, **k.fact))
        # The same fact from another article is another source, and welcome.
        model.objects.create(**fields, source=second)


# Check constraints.


def test_a_role_cannot_relate_to_itself(k):
    refused(
        lambda: RoleRelation.objects.create(
            from_role=k.role, kind="leads", to_role=k.role, **k.fact
        )
    )


def test_a_responsibility_group_belongs_to_one_role_or_one_team(k):
    refused(lambda: ResponsibilityGroup.objects.create(slug="geen", name="G", **k.fact))
    refused(
        lambda: ResponsibilityGroup.objects.create(
            slug="beide", name="G", role=k.role, team_structure=k.team, **k.fact
        )
    )
    ResponsibilityGroup.objects.create(slug="team", name="G", team_structure=k.team, **k.fact)


def test_a_team_lead_is_in_the_team(k):
    refused(
        lambda: TeamPosition.objects.create(
            team_structure=k.team, role=k.role, is_lead=True, placement="outside", **k.fact
        )
    )
    TeamPosition.objects.create(
        team_structure=k.team, role=k.role, is_lead=False, placement="outside", **k.fact
    )


def test_a_team_position_count_is_at_least_one(k):
    refused(
        lambda: TeamPosition.objects.create(team_structure=k.team, role=k.role, count=0, **k.fact)
    )
    TeamPosition.objects.create(team_structure=k.team, role=k.role, count=1, **k.fact)


# Nothing sourced is deleted silently.


def test_an_article_that_is_a_source_cannot_be_deleted(k):
    RoleSource.objects.create(role=k.role, article=k.article)
    with pytest.raises(ProtectedError):
        k.article.delete()


def test_an_article_with_facts_cannot_be_deleted(k):
    Statement.objects.create(slug="stelling", kind="finding", text="t", source=k.article)
    with pytest.raises(ProtectedError):
        k.article.delete()
    assert Statement.objects.filter(slug="stelling").exists()


def test_a_person_who_said_something_cannot_be_deleted(k):
    AlternativeTitle.objects.create(role=k.role, title="Coach", **k.fact)
    with pytest.raises(ProtectedError):
        k.person.delete()


def test_a_competency_a_role_needs_cannot_be_deleted(k):
    RoleCompetency.objects.create(role=k.role, competency=k.competency, **k.fact)
    with pytest.raises(ProtectedError):
        k.competency.delete()


def test_a_level_in_use_cannot_be_deleted(k):
    RoleLevel.objects.create(role=k.role, level=k.level, **k.fact)
    with pytest.raises(ProtectedError):
        k.level.delete()


def test_a_role_others_point_to_cannot_be_deleted(k):
    RoleRelation.objects.create(from_role=k.other, kind="leads", to_role=k.role, **k.fact)
    with pytest.raises(ProtectedError):
        k.role.delete()
    TeamPosition.objects.create(team_structure=k.team, role=k.other, **k.fact)
    with pytest.raises(ProtectedError):
        k.other.delete()


def test_a_company_or_team_with_examples_cannot_be_deleted(k):
    CompanyExample.objects.create(
        slug="voorbeeld",
        company=k.company,
        title="t",
        description="d",
        team_structure=k.team,
        **k.fact,
    )
    with pytest.raises(ProtectedError):
        k.company.delete()
    with pytest.raises(ProtectedError):
        k.team.delete()


def test_deleting_a_role_takes_its_own_facts_with_it(k):
    # A role's own facts (levels, titles, sources) go with it; that is not
    # silent loss, the role itself is what was deleted.
    RoleLevel.objects.create(role=k.role, level=k.level, **k.fact)
    RoleSource.objects.create(role=k.role, article=k.article)

    k.role.delete()

    assert not RoleLevel.objects.exists()
    assert not RoleSource.objects.exists()
    assert Article.objects.filter(slug="artikel").exists()
