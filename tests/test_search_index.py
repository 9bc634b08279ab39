"""
The search index on PostgreSQL: every searched row carries a stored search
vector that equals the document its queryset describes (kept so by
triggers, through alternative titles and publication too), and on a
knowledge base of realistic size the planner answers a search from the GIN
indexes, never by reading the whole table.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    Role,
    Statement,
    TeamStructure,
)

pytestmark = pytest.mark.postgres

SEARCHED = [
    Article,
    Person,
    Level,
    Role,
    Competency,
    TeamStructure,
    Company,
    Responsibility,
    CompanyExample,
    Statement,
]


def stale_vectors(model):
    """Rows whose stored vector differs from the queryset's document."""
    queryset = model.objects.all()
    rows = queryset.annotate(document=queryset.search_document()).values_list(
        "slug", "search_vector", "document"
    )
    return [slug for slug, stored, document in rows if stored != document]


@pytest.mark.parametrize("model", SEARCHED, ids=lambda m: m.__name__)
def test_search_index_stores_the_document_the_queryset_describes(knowledge, model):
    assert model.objects.exists()
    assert model.objects.filter(search_vector__isnull=True).count() == 0
    assert stale_vectors(model) == []


def test_search_index_follows_alternative_titles_and_their_article(knowledge):
    title = AlternativeTitle.objects.select_related("role", "source").first()
    role = title.role
    assert Role.objects.search("Zeldzametitelwoord").count() == 0

    AlternativeTitle.objects.filter(pk=title.pk).update(title="Zeldzametitelwoord")
    assert stale_vectors(Role) == []
    assert list(Role.objects.search("Zeldzametitelwoord")) == [role]

    # A title from an unpublished article is not part of the document.
    Article.objects.filter(pk=title.source_id).update(status=Status.DRAFT)
    assert stale_vectors(Role) == []
    assert not Role.objects.search("Zeldzametitelwoord").exists()

    Article.objects.filter(pk=title.source_id).update(status=Status.PUBLISHED)
    title.delete()
    assert stale_vectors(Role) == []
    assert not Role.objects.search("Zeldzametitelwoord").exists()


def test_search_index_keeps_up_with_a_save(knowledge):
    competency = Competency.objects.first()
    competency.description = "Onderhandelingsvaardigheidstraining hoort erbij."
    competency.save()
    assert stale_vectors(Competency) == []
    assert list(Competency.objects.search("onderhandelingsvaardigheidstraining")) == [competency]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def large_knowledge(knowledge):
    """The fixtures plus 1 000 synthetic articles (10 000 statements, 5 000 people)."""
    call_command("generate_synthetic", articles=1000, force=True, verbosity=0)
    with connection.cursor() as cursor:
        # What autovacuum does to a live database: merge the GIN indexes'
        # pending lists (fast update) and gather statistics. VACUUM itself
        # cannot run inside the test's transaction.
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
            " WHERE a.amname = 'gin'"
        )
        cursor.execute("ANALYZE")


# The tables large enough for the planner to weigh an index against a scan,
# with a word of the fixtures' vocabulary and a misspelt name.
INDEXED = [
    (Statement, Statement.objects.public, "helpdesk", ["roles_statement_search_vector"]),
    (
        Article,
        Article.objects.published,
        "helpdesk",
        ["articles_article_search_vector", "articles_article_title_trgm"],
    ),
    (
        Person,
        Person.objects.published,
        "Kirstn",
        ["articles_person_search_vector", "articles_person_name_trgm"],
    ),
]


def test_search_index_is_used_instead_of_reading_the_table(large_knowledge):
    assert Statement.objects.count() > 10_000
    for model, queryset, query, indexes in INDEXED:
        results = queryset().search(query)
        text = plan(results[:11])
        assert f"Seq Scan on {model._meta.db_table}" not in text, text
        for index in indexes:
            assert f"Bitmap Index Scan on {index}" in text, text
        # What the indexes find is what the reader looks for.
        assert results.exists(), (model, query)
