"""
Search over every kind of entry: alternative titles, statements and article
summaries included, grouped by kind, with the matching words marked after
escaping. PostgreSQL adds stemming, accent folding and typo tolerance.
"""

import pytest
from factories import add_bulk, count_queries

from roles.models import Role
from rolwijzer.search import excerpt, fold, highlight, search_terms

SEARCH_QUERY_CEILING = 13


pytestmark = pytest.mark.usefixtures("uncached_pages")


def group(html, key):
    """The HTML of one group of results, by kind."""
    start = html.index(f'<section class="section search-group" id="{key}"')
    return html[start : html.index("</section>", start)]


def test_search_finds_a_role_by_its_alternative_title(client, site):
    html = client.get("/search/", {"q": "coach"}).content.decode()
    roles = group(html, "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "Ook bekend als" in roles
    assert "Community <mark>coach</mark>" in roles


def test_search_groups_results_by_kind(client, site):
    html = client.get("/search/", {"q": "community"}).content.decode()
    roles = group(html, "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "<mark>Community</mark> manager" in roles
    articles = group(html, "articles")
    assert 'href="/articles/de-community-manager-wordt-volwassen/"' in articles
    statements = group(html, "statements")
    assert 'href="/articles/beste-conversation-manager/#koen-operationeel-strategisch"' in (
        statements
    )
    # Groups come in a fixed order and are listed at the top.
    assert html.index('id="roles"') < html.index('id="articles"') < html.index('id="statements"')
    assert 'href="#roles"' in html


def test_search_finds_statements_and_article_summaries(client, site):
    html = client.get("/search/", {"q": "operationele"}).content.decode()
    assert "koen-operationeel-strategisch" in group(html, "statements")
    html = client.get("/search/", {"q": "helpdesk"}).content.decode()
    assert 'href="/articles/beste-conversation-manager/"' in group(html, "articles")


def test_search_is_accent_insensitive(client, site):
    # The description says "Creëert"; readers type it without the accent.
    html = client.get("/search/", {"q": "creeert"}).content.decode()
    roles = group(html, "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "<mark>Creëert</mark>" in roles


def test_search_never_finds_drafts(client, site):
    html = client.get("/search/", {"q": "geheim"}).content.decode()
    assert "Geheime rol" not in html
    assert "Geheim werk" not in html
    assert "Geheim BV" not in html
    assert "Niets gevonden" in html


def test_search_escapes_content_before_marking_it(client, site):
    Role.objects.create(
        name="Community <b>tester</b>",
        slug="tester",
        summary='Test <script>alert("x")</script> community',
        status="published",
    )
    html = client.get("/search/", {"q": "community"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>community</mark>" in html
    assert "<mark>Community</mark> &lt;b&gt;tester&lt;/b&gt;" in html


def test_search_escapes_the_query(client, site):
    html = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_without_a_query_shows_only_the_form(client, site, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/search/")
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
    assert "resultaten" not in response.content.decode()


def test_search_takes_a_fixed_number_of_queries(client, site, django_assert_max_num_queries):
    with django_assert_max_num_queries(SEARCH_QUERY_CEILING):
        assert client.get("/search/", {"q": "community"}).status_code == 200
    before = count_queries(client, "/search/?q=community")
    add_bulk(site, n=4)
    assert count_queries(client, "/search/?q=community") == before


def test_search_caps_each_kind_and_says_there_is_more(client, site):
    add_bulk(site, n=12)
    html = client.get("/search/", {"q": "extra"}).content.decode()
    roles = group(html, "roles")
    assert roles.count('class="search-result"') == 10
    assert "Er zijn meer resultaten van deze soort" in roles


@pytest.mark.postgres
def test_search_tolerates_a_typo_on_postgresql(client, site):
    html = client.get("/search/", {"q": "comunity manger"}).content.decode()
    assert 'href="/roles/community-manager/"' in group(html, "roles")


@pytest.mark.postgres
def test_search_stems_dutch_words_on_postgresql(client, site):
    # The description says "cultuur"; the dutch configuration stems "culturen" alike.
    html = client.get("/search/", {"q": "culturen"}).content.decode()
    assert 'href="/roles/community-manager/"' in group(html, "roles")


@pytest.mark.postgres
def test_search_ranks_name_matches_first_on_postgresql(site):
    names = [r.name for r in Role.objects.published().search("community manager")]
    assert names[0] == "Community manager"


def test_highlight_escapes_then_marks():
    assert (
        str(highlight("<i>Community</i> & co", ["community"]))
        == "&lt;i&gt;<mark>Community</mark>&lt;/i&gt; &amp; co"
    )


def test_highlight_marks_inflections_and_typos():
    assert "<mark>communicatieve</mark>" in highlight("een communicatieve rol", ["communicatief"])
    assert "<mark>community</mark>" in highlight("de community", ["comunity"])
    assert "<mark>" not in highlight("de rol", ["xyz"])


def test_excerpt_shows_the_passage_around_the_match():
    text = "Begin. " + "vulling " * 60 + "Hier staat het woord moderator in. " + "rest " * 60
    passage = str(excerpt(text, ["moderator"]))
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "<mark>moderator</mark>" in passage
    assert len(passage) < 300


def test_search_terms_and_folding():
    assert search_terms("  Community-manager, coach!  ") == ["Community-manager", "coach"]
    assert fold("Creëren À") == "creeren a"
