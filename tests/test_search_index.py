"""
The search index stays current on every write path, and holds only what a
reader may see: an admin save, a bulk publish, a delete, an article that
goes back to draft (its statements and the alternative titles it gives
disappear), a restore from the history, load_articles and a rebuild.
"""

from collections import Counter

import pytest
import reversion
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from editorial import search as search_kinds
from editorial.history import revert_entry
from editorial.models import Status
from editorial.search import kinds
from roles.models import AlternativeTitle, Role, Statement
from search import index
from search.backends import DOCUMENTS
from search.models import SearchDocument, SearchWord
from search.query import search


def found(q, kind="roles"):
    """The titles search finds for `q` among `kind`."""
    _parsed, rows = search(q, [kind], per_kind=20)
    return [row["title"] for row in rows]


def documents():
    return sorted(SearchDocument.objects.values_list("kind", "object_id", "title"))


def test_index_holds_one_document_per_public_entry(site):
    public = {
        (kind.key, pk)
        for kind in kinds()
        for pk in kind.model.objects.public().values_list("pk", flat=True)
    }
    assert {(k, pk) for k, pk, _t in documents()} == public
    assert not SearchDocument.objects.filter(title__icontains="geheim").exists()


def test_index_follows_a_save_and_a_delete(site):
    competency = site.communicatief
    competency.description = "Onderhandelingsvaardigheidstraining hoort erbij."
    competency.save()
    assert found("onderhandelingsvaardigheidstraining", "competencies") == ["Communicatief"]
    competency.role_competencies.all().delete()
    Statement.competencies.through.objects.filter(competency=competency).delete()
    competency.delete()
    assert found("onderhandelingsvaardigheidstraining", "competencies") == []


def test_index_follows_a_bulk_publish(site):
    assert found("geheime") == []
    Role.objects.filter(slug="geheime-rol").update(status=Status.PUBLISHED)
    assert found("geheime") == ["Geheime rol"]
    Role.objects.filter(slug="geheime-rol").update(status=Status.DRAFT)
    assert found("geheime") == []


def test_index_follows_the_article_an_entry_depends_on(site):
    # The statements of an article, and the alternative titles it gives.
    assert found("gemeenschapshoeder") == []
    Article.objects.filter(pk=site.draft_article.pk).update(status=Status.PUBLISHED)
    assert found("gemeenschapshoeder") == ["Community manager"]
    Article.objects.filter(pk=site.article.pk).update(status=Status.DRAFT)
    assert found("operationele conversation managers", "statements") == []
    site.article.status = Status.PUBLISHED
    site.article.save()
    assert found("operationele conversation managers", "statements") != []


def test_index_follows_an_alternative_title(site):
    title = AlternativeTitle.objects.get(title="Conversatiemanager")
    title.title = "Zeldzametitelwoord"
    title.save()
    assert found("zeldzametitelwoord") == ["Conversation manager"]
    title.delete()
    assert found("zeldzametitelwoord") == []
    assert found("conversatiemanager") == []


def test_index_follows_a_restore_from_the_history(site):
    role = site.community_manager
    with reversion.create_revision():
        role.save()
    with reversion.create_revision():
        role.name = "Hernoemde beheerder"
        role.save()
    assert found("hernoemde") == ["Hernoemde beheerder"]
    first = Version.objects.get_for_object(role).order_by("pk").first()
    revert_entry(first)
    assert found("hernoemde") == []
    assert "Community manager" in found("community manager")


def test_index_follows_load_articles_without_signals(knowledge):
    assert found("evangelisten") == ["Social media evangelist"]
    before = documents()
    call_command("load_articles", verbosity=0)  # nothing changed: nothing rewritten
    assert documents() == before


def test_rebuild_gives_the_same_index(knowledge):
    before = documents()
    words = SearchWord.objects.count()
    index.rebuild()
    assert documents() == before
    assert SearchWord.objects.count() == words


def kind_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [DOCUMENTS, "search\\_%"],
        )
        return {row[0] for row in cursor.fetchall()}


INDEXES = ("names_vector", "vector", "order")


@pytest.mark.postgres
def test_every_declared_kind_has_its_indexes_on_postgresql(db, monkeypatch):
    every = {f"search_{kind.key}_{c}" for kind in kinds() for c in INDEXES}
    assert every <= kind_indexes()
    # A kind declared later needs no migration: the next migrate makes its
    # indexes (rolled back with the test).
    monkeypatch.setitem(search_kinds.KINDS, "probe", search_kinds.KINDS["roles"])
    call_command("migrate", verbosity=0)
    assert {f"search_probe_{c}" for c in INDEXES} <= kind_indexes()


def searched_plan(client, q, **settings):
    """
    The results page for `q`, its search statements, and the first one's
    plan with the planner's `settings` (reset after, so that the page is not).
    """
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    executed = [q["sql"] for q in queries.captured_queries if "ranked AS (" in q["sql"]]
    before, _, searched = executed[0].rpartition("; ")
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute(f"{before}; EXPLAIN {searched}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for name in settings:
            cursor.execute(f"RESET {name}")
    return response, executed, plan


@pytest.mark.postgres
def test_postgresql_reads_a_kind_in_order_for_a_word_in_most_of_it(
    knowledge, client, monkeypatch, uncached_pages
):
    from search import query

    # A rebuild counts every word's documents, as after a large load.
    index.rebuild()
    # On a hundred documents every plan is cheap: with the full-text indexes
    # (and sorting, for the in-order read) ruled out, the plan shows which
    # other index a query could use.
    # No word of the test knowledge is common enough: every kind is searched
    # through its full-text index, and the planner may not read a kind in
    # order instead (at 10 000 articles it would, for any word in more than
    # a few documents, and read all of a small kind).
    gin_page, [gin_sql], gin_plan = searched_plan(client, "community", enable_bitmapscan="off")
    assert "_order" not in gin_plan, gin_plan
    assert "ORDER BY id" not in gin_sql
    # As if every kind were large: the kinds "community" is in are read in
    # their order index, a window of their first documents.
    monkeypatch.setattr(query, "TEST_COST", 0.0001)
    page, [in_order, again], plan = searched_plan(
        client, "community", enable_bitmapscan="off", enable_sort="off"
    )
    read = (
        "kind = 'statements' AND ts_match_vq(vector, '''community'''::tsquery)"
        " AND id > 0 AND id <= (SELECT"
    )
    assert read in in_order
    assert "search_statements_order" in plan, plan
    # Those few documents hold fewer matches than a common word would: the
    # kinds are searched again through their full-text index, and the page
    # is the one they give.
    assert "ORDER BY id" not in again
    assert page.context["groups"] == gin_page.context["groups"]
    assert page.context["result_count"] > 0


def test_a_query_is_read_in_order_only_where_its_words_fill_a_large_kind(monkeypatch):
    from search import query

    # The statements and people of a large knowledge base, and a small kind.
    sizes = {"statements": 1_000_000, "people": 480_000, "roles": 10_000}

    class Planner:
        def kind_sizes(self):
            return dict(sizes)

    monkeypatch.setattr(query, "backend", Planner)
    declared = [kind for kind in kinds() if kind.key in sizes]
    words = {"community": 400_000, "manager": 450_000, "moderatie": 9_000, "teams": 60_000}

    def read_in_order(tree):
        return query.common_kinds(tree, declared, words)

    community = read_in_order(("term", "community"))
    assert set(community) == {"statements", "people"}
    # A window of the kind's first documents that should hold the first
    # matches several times over, and costs no more than the GIN index.
    share = 400_000 / sum(sizes.values())
    window = community["statements"] * sizes["statements"]
    assert (query.COUNTED + 1) / share < window < 1_000_000 * share
    # All words must match: as common as the rarest of them.
    both = ("and", [("term", "community"), ("term", "manager")])
    assert set(read_in_order(both)) == {"statements", "people"}
    assert read_in_order(("and", [("term", "community"), ("term", "moderatie")])) == {}
    assert read_in_order(("term", "moderatie")) == {}
    # A word in a few per cent of the statements: read in order where its
    # matches are counted to OVERVIEW_COUNTED (the page of every kind), not
    # where a kind's own page counts to COUNTED.
    assert read_in_order(("term", "teams")) == {}
    overview = query.common_kinds(("term", "teams"), declared, words, query.OVERVIEW_COUNTED)
    assert set(overview) == {"statements", "people"}
    # A prefix (the header's suggestions) and an unknown word: never.
    assert read_in_order(("prefix", "comm")) == {}
    assert read_in_order(("term", "onbekend")) == {}
    # Without the planner's sizes (SQLite, or a table never analysed): never.
    sizes.clear()
    assert read_in_order(("term", "community")) == {}


@pytest.mark.postgres
def test_a_rebuild_leaves_the_planner_the_size_of_each_kind(knowledge):
    from search.backends import backend

    index.rebuild()
    documents = Counter(SearchDocument.objects.values_list("kind", flat=True))
    sizes = {kind: int(n) for kind, n in backend().kind_sizes().items() if n}
    assert sizes == documents


@pytest.mark.postgres
def test_postgresql_answers_from_the_index_of_the_kind(knowledge):
    from django.db import connection

    with connection.cursor() as cursor:
        # On a hundred statements any index of the kind is as cheap as the
        # matching one; without the others (rolled back with the test) the
        # plan shows whether the query's own index can serve it at all.
        cursor.execute("DROP INDEX search_statements_names_vector")
        cursor.execute("ALTER TABLE search_searchdocument DROP CONSTRAINT unique_search_document")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchdocument"
            " WHERE kind = 'statements' AND vector @@ %s::tsquery LIMIT 10",
            ["'community'"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_statements_vector" in plan, plan


@pytest.mark.postgres
def test_postgresql_finds_a_common_word_through_the_index_of_each_kind(knowledge, client):
    from django.db import connection

    # The documents of a kind lie together in the table, so a sequential
    # scan the planner expects to find a common word's first matches at
    # once reads the other kinds first (about a second at 100 000
    # articles). On the few documents of a test every table is scanned
    # unless the statement rules it out, once the planner knows the word is
    # common.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {DOCUMENTS}")
    _page, _executed, plan = searched_plan(client, "community")
    assert "Seq Scan on search_searchdocument" not in plan, plan
