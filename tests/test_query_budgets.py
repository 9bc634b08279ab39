"""
Every public page type costs the same number of SQL queries however much
knowledge there is: once on the five articles' fixtures, once more after
every entry under test got ten times as many links (sources, levels,
alternative titles, competencies, relations, responsibilities, positions,
examples, statements, tags, authors) and every list ten times as many
entries. Each page type also has a ceiling, so a new query is a decision
rather than an accident.

The pages are requested uncached (a fresh content version per request).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Article, Organisation, Person
from debates.models import Debate, DebateSource, Position
from editorial.cache import bump_content_version
from editorial.models import Status
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

FACTOR = 10

# The most queries each page type may run (anonymous reader, uncached).
CEILINGS = {
    "home": 12,
    "role list": 6,
    "role detail": 20,
    "role with variants detail": 20,
    "role profile docx": 20,
    "role profile pdf": 20,
    "competency list": 4,
    "competency detail": 10,
    "responsibility list": 3,
    "responsibility detail": 3,
    "level list": 3,
    "level detail": 5,
    "team list": 4,
    "team detail": 12,
    "team advisor": 8,
    "company list": 4,
    "company detail": 10,
    "article list": 4,
    "article detail": 20,
    "person list": 3,
    # One query more for the organisations a person belongs to, one for the
    # positions the person took in debates.
    "person detail": 14,
    "organisation list": 3,
    "organisation detail": 8,
    "tag list": 3,
    "tag detail": 14,
    "search": 4,
    "compare": 22,
    "compare with variants": 22,
    "matrix": 6,
    "statement list": 5,
    "debate list": 4,
    "debate detail": 8,
}


def richest(model, *relations):
    """The published entry with the most links of the given kinds."""
    counts = {f"n_{name}": Count(name, distinct=True) for name in relations}
    entry = (
        model.objects.public()
        .annotate(**counts)
        .order_by(*[f"-{name}" for name in counts], "pk")
        .first()
    )
    assert entry is not None, f"no published {model.__name__} in the fixtures"
    return entry


def page_urls():
    role = richest(Role, "role_competencies", "statements")
    other = (
        Role.objects.public()
        .exclude(pk=role.pk)
        .annotate(n=Count("role_competencies"))
        .order_by("-n", "pk")
        .first()
    )
    tagged = (
        TaggedItem.objects.values("tag__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__slug")
        .first()["tag__slug"]
    )
    responsibility = Responsibility.objects.public().order_by("pk").first()
    return {
        "home": reverse("home"),
        "role list": reverse("roles:list"),
        "role detail": role.get_absolute_url(),
        # A role whose competencies and tasks hang on its variants.
        "role with variants detail": reverse("roles:detail", args=["conversation-manager"]),
        "role profile docx": reverse("roles:profile-docx", args=[role.slug]),
        "role profile pdf": reverse("roles:profile-pdf", args=[role.slug]),
        "competency list": reverse("competencies:list"),
        "competency detail": richest(Competency, "role_competencies").get_absolute_url(),
        "responsibility list": reverse("responsibilities:list"),
        "responsibility detail": responsibility.get_absolute_url(),
        "level list": reverse("levels:list"),
        "level detail": richest(Level, "role_levels").get_absolute_url(),
        "team list": reverse("teams:list"),
        "team detail": richest(TeamStructure, "positions").get_absolute_url(),
        "team advisor": reverse("teams:advisor") + "?size=groot&stage=begin&purpose=interactie",
        "company list": reverse("companies:list"),
        "company detail": richest(Company, "examples").get_absolute_url(),
        "article list": reverse("articles:list"),
        "article detail": richest(Article, "roles_statement_facts").get_absolute_url(),
        "person list": reverse("people:list"),
        "person detail": richest(Person, "roles_statement_facts").get_absolute_url(),
        "organisation list": reverse("organisations:list"),
        "organisation detail": richest(Organisation, "affiliations").get_absolute_url(),
        "tag list": reverse("tags:list"),
        "tag detail": reverse("tags:detail", args=[tagged]),
        "search": reverse("search") + "?q=community+manager",
        "compare": reverse("compare") + f"?roles={role.slug},{other.slug}",
        "compare with variants": reverse("compare")
        + "?roles=conversation-manager,community-manager",
        "matrix": reverse("matrix"),
        "statement list": reverse("statements:list") + f"?role={role.slug}",
        "debate list": reverse("debates:list"),
        "debate detail": richest(Debate, "positions").get_absolute_url(),
    }


def queries_of(client, url):
    bump_content_version()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# Ten times the links ---------------------------------------------------------


def _clone(obj, **changes):
    """An unsaved copy of a model instance with some fields changed."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in changes
    }
    return type(obj)(**values, **changes)


def _tag(objects, names):
    """Tag many objects at once (taggit's manager adds one object at a time)."""
    rows = []
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        rows += [
            TaggedItem(tag=tag, content_type=content_type, object_id=obj.pk)
            for tag in Tag.objects.filter(name__in=names.get(obj.pk, []))
        ]
    TaggedItem.objects.bulk_create(rows)


def multiply_debates(copies, factor):
    """Every position repeated for each copy of its article; every debate `factor` times."""
    for position in list(Position.objects.filter(source__in=list(copies))):
        Position.objects.bulk_create(
            _clone(
                position,
                slug=f"{position.slug}-x{i}"[:200],
                source=copy,
                order=position.order + 100 * i,
            )
            for i, copy in enumerate(copies.get(position.source_id, []), start=1)
        )
    links = ("roles", "team_structures", "competencies")
    for debate in list(Debate.objects.public().prefetch_related(*links)):
        articles = list(
            DebateSource.objects.filter(debate=debate).values_list("article", flat=True)
        )
        new_debates = Debate.objects.bulk_create(
            _clone(debate, slug=f"{debate.slug}-x{i}"[:200]) for i in range(1, factor)
        )
        DebateSource.objects.bulk_create(
            DebateSource(debate=new, article_id=article)
            for new in new_debates
            for article in articles
        )
        for name in links:
            field = Debate._meta.get_field(name)
            through = field.remote_field.through
            target = field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(debate=new, **{target: obj})
                for new in new_debates
                for obj in getattr(debate, name).all()
            )


def multiply(factor=FACTOR):
    """
    Give every entry `factor` times its links: each published article gets
    factor - 1 copies, and every fact, source, statement, example and group
    sourced by the original is repeated for each copy. Tags and the lists'
    entries are multiplied too.
    """
    originals = list(Article.objects.public().prefetch_related("authors", "tags"))
    copies = {}
    for article in originals:
        copies[article.pk] = Article.objects.bulk_create(
            _clone(article, slug=f"{article.slug}-x{i}"[:200], title=f"{article.title} ({i})")
            for i in range(1, factor)
        )
        Article.authors.through.objects.bulk_create(
            Article.authors.through(article=copy, person=person)
            for copy in copies[article.pk]
            for person in article.authors.all()
        )
        _tag(
            copies[article.pk],
            {c.pk: [t.name for t in article.tags.all()] for c in copies[article.pk]},
        )

    def copies_of(fact):
        return copies.get(fact.source_id, [])

    for model in (RoleLevel, AlternativeTitle, RoleCompetency, RoleRelation, TeamPosition):
        model.objects.bulk_create(
            _clone(fact, source=copy)
            for fact in model.objects.filter(source__in=originals)
            for copy in copies_of(fact)
        )
    for through, key in (
        (RoleSource, "role_id"),
        (CompetencySource, "competency_id"),
        (TeamStructureSource, "team_structure_id"),
        (CompanySource, "company_id"),
    ):
        through.objects.bulk_create(
            through(**{key: getattr(row, key)}, article=copy)
            for row in through.objects.filter(article__in=originals)
            for copy in copies.get(row.article_id, [])
        )
    groups = list(
        ResponsibilityGroup.objects.filter(source__in=originals).prefetch_related(
            "responsibilities"
        )
    )
    for group in groups:
        new_groups = ResponsibilityGroup.objects.bulk_create(
            _clone(group, slug=f"{group.slug}-x{i}"[:200], source=copy)
            for i, copy in enumerate(copies_of(group), start=1)
        )
        Responsibility.objects.bulk_create(
            _clone(r, slug=f"{r.slug}-x{i}"[:200], group=new_group, source=new_group.source)
            for i, new_group in enumerate(new_groups, start=1)
            for r in group.responsibilities.all()
        )
    examples = CompanyExample.objects.filter(source__in=originals).prefetch_related("roles")
    for example in list(examples):
        new_examples = CompanyExample.objects.bulk_create(
            _clone(example, slug=f"{example.slug}-x{i}"[:200], source=copy)
            for i, copy in enumerate(copies_of(example), start=1)
        )
        CompanyExample.roles.through.objects.bulk_create(
            CompanyExample.roles.through(companyexample=new, role=role)
            for new in new_examples
            for role in example.roles.all()
        )
    links = ("roles", "competencies", "team_structures", "companies")
    statements = Statement.objects.filter(source__in=originals).prefetch_related(*links, "tags")
    for statement in list(statements):
        new_statements = Statement.objects.bulk_create(
            _clone(statement, slug=f"{statement.slug}-x{i}"[:200], source=copy)
            for i, copy in enumerate(copies_of(statement), start=1)
        )
        for name in links:
            field = Statement._meta.get_field(name)
            through = field.remote_field.through
            target = field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(statement=new, **{target: obj})
                for new in new_statements
                for obj in getattr(statement, name).all()
            )
        _tag(new_statements, {n.pk: [t.name for t in statement.tags.all()] for n in new_statements})

    multiply_debates(copies, factor)

    # More entries in every list, with their sources and levels.
    for model, through, key in (
        (Role, RoleSource, "role"),
        (Competency, CompetencySource, "competency"),
        (TeamStructure, TeamStructureSource, "team_structure"),
        (Company, CompanySource, "company"),
    ):
        for entry in list(model.objects.public()):
            articles = list(
                through.objects.filter(**{key: entry}).values_list("article", flat=True)
            )
            levels = list(RoleLevel.objects.filter(role=entry)) if model is Role else []
            new_entries = model.objects.bulk_create(
                _clone(entry, slug=f"{entry.slug}-x{i}"[:200]) for i in range(1, factor)
            )
            through.objects.bulk_create(
                through(**{key: new}, article_id=article)
                for new in new_entries
                for article in articles
            )
            RoleLevel.objects.bulk_create(
                _clone(fact, role=new) for new in new_entries for fact in levels
            )
    Person.objects.bulk_create(
        _clone(person, slug=f"{person.slug}-x{i}"[:200])
        for person in Person.objects.public()
        for i in range(1, factor)
    )

    # Ten times the tags on every tagged entry.
    items = list(TaggedItem.objects.select_related("tag"))
    tags = {item.tag_id: item.tag for item in items}
    for i in range(1, factor):
        new_tags = dict(
            zip(
                tags,
                Tag.objects.bulk_create(
                    Tag(name=f"{tag.name} {i}", slug=f"{tag.slug}-{i}") for tag in tags.values()
                ),
                strict=True,
            )
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(
                tag=new_tags[item.tag_id],
                content_type_id=item.content_type_id,
                object_id=item.object_id,
            )
            for item in items
        )
    assert Article.objects.public().count() == factor * len(originals)


# The test -------------------------------------------------------------------


def test_query_budgets_do_not_grow_with_the_data(client, knowledge):
    urls = page_urls()
    assert set(urls) == set(CEILINGS)
    small = {name: queries_of(client, url) for name, url in urls.items()}

    multiply()
    role = Role.objects.get(slug=urls["role detail"].strip("/").split("/")[-1])
    assert role.role_competencies.count() >= FACTOR
    assert ContentType.objects.get_for_model(Role)
    big = {name: queries_of(client, url) for name, url in urls.items()}

    report = "\n".join(
        f"{name:24} {small[name]:3} fixtures {big[name]:3} with {FACTOR}x links"
        f" (ceiling {CEILINGS[name]})"
        for name in urls
    )
    print(report)
    over = [n for n in urls if max(small[n], big[n]) > CEILINGS[n]]
    grew = [n for n in urls if small[n] != big[n]]
    assert not over and not grew, f"over the ceiling: {over}; growing: {grew}\n{report}"


@pytest.mark.parametrize("status", [Status.DRAFT])
def test_query_budgets_hold_for_a_missing_page(client, knowledge, status):
    # A draft is a 404 for readers, and costs no more than its published page.
    role = richest(Role, "role_competencies")
    Role.objects.filter(pk=role.pk).update(status=status)
    bump_content_version()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(role.get_absolute_url()).status_code == 404
    assert len(captured) <= CEILINGS["role detail"]
