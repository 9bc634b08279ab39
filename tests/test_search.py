"""
The search page as a reader uses it, the same on SQLite and PostgreSQL:
stems, accents, compounds, typos and alternative titles; results grouped by
kind with counts and a filter per kind, each with its context and the
matching words marked after escaping; "Bedoelde u ...?"; a hint to search
in Dutch; suggestions as you type; and a clear page for any input.
"""

import pytest
from factories import add_bulk, count_queries

from roles.models import Role
from search import text

SEARCH_QUERY_CEILING = 4

pytestmark = pytest.mark.usefixtures("uncached_pages")


def page(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def group(html, key):
    """The HTML of one group of results, by kind."""
    start = html.index(f'<section class="section search-group" id="{key}"')
    return html[start : html.index("</section>", start)]


def first_result(html):
    start = html.index('class="search-result__title"')
    return html[start : html.index("</h3>", start)]


def test_search_finds_a_role_by_its_alternative_title(client, site):
    roles = group(page(client, "coach"), "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "Ook bekend als" in roles
    assert "Community <mark>coach</mark>" in roles


def test_search_level_badges_speak_the_interface_language(client, site):
    roles = group(page(client, "coach"), "roles")
    assert 'href="/levels/strategisch/">Strategisch</a>' in roles
    english = client.get("/search/", {"q": "coach"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/levels/strategisch/">Strategic</a>' in group(english, "roles")


def test_search_groups_results_by_kind_best_kind_first(client, site):
    html = page(client, "community")
    roles = group(html, "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "<mark>Community</mark> manager" in roles
    assert 'href="/articles/de-community-manager-wordt-volwassen/"' in group(html, "articles")
    assert "koen-operationeel-strategisch" in group(html, "statements")
    # A name that holds the word beats a statement that mentions it.
    assert html.index('id="roles"') < html.index('id="statements"')


def test_search_counts_each_kind_and_filters_by_kind(client, site):
    add_bulk(site, n=12)  # 12 roles, and 12 alternative titles of the community manager
    html = page(client, "extra")
    roles = group(html, "roles")
    assert roles.count('class="search-result"') == 3
    assert 'href="/search/?q=extra&amp;kind=roles">Rollen (13)</a>' in html
    assert "Alle 13 rollen" in roles

    only_roles = page(client, "extra", kind="roles")
    assert 'id="statements"' not in only_roles
    assert group(only_roles, "roles").count('class="search-result"') == 13


def test_search_overview_counts_each_kind_up_to_a_bound_and_its_own_page_further(
    client, site, monkeypatch
):
    from search import query

    # The page of every kind counts to OVERVIEW_COUNTED (100 by default),
    # as if fewer: "12+"; the kind's own page counts on and pages through all.
    add_bulk(site, n=12)
    monkeypatch.setattr(query, "OVERVIEW_COUNTED", 12)
    html = page(client, "extra")
    assert 'href="/search/?q=extra&amp;kind=roles">Rollen (12+)</a>' in html
    assert "Alle 12 rollen+" in group(html, "roles")
    only_roles = page(client, "extra", kind="roles")
    assert "13 resultaten" in only_roles and "Meer dan" not in only_roles
    assert group(only_roles, "roles").count('class="search-result"') == 13


def test_search_filter_pages_through_a_kind(client, site):
    add_bulk(site, n=25)
    first = page(client, "extra", kind="roles")
    assert first.count('class="search-result"') == 20
    assert 'rel="next" href="/search/?q=extra&amp;kind=roles&amp;page=2"' in first
    second = page(client, "extra", kind="roles", page=2)
    assert second.count('class="search-result"') == 6
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize(
    "query, url",
    [
        ("evangelisten", "/roles/social-media-evangelist/"),  # a plural
        ("community-manager", "/roles/community-manager/"),  # a hyphen
        ("communitymanager", "/roles/community-manager/"),  # a compound
        ("comunity manger", "/roles/community-manager/"),  # two typos
        ("Steven van Belleghen", "/people/steven-van-belleghem/"),  # a name, one letter wrong
        ("COMMUNITY MANAGER", "/roles/community-manager/"),
        ("conversatiemanager", "/roles/conversation-manager/"),  # an alternative title
    ],
)
def test_search_forgives_how_a_reader_types(client, site, query, url):
    assert f'href="{url}"' in first_result(page(client, query))


def test_search_is_accent_insensitive(client, site):
    # The description says "Creëert"; readers type it without the accent.
    roles = group(page(client, "creeert"), "roles")
    assert 'href="/roles/community-manager/"' in roles
    assert "<mark>Creëert</mark>" in roles


def test_search_offers_the_word_it_knows(client, site):
    html = page(client, "comunity")
    assert 'Bedoelde u <a href="/search/?q=community">community</a>?' in html
    assert "Bedoelde u" not in page(client, "community")


def test_search_hints_at_dutch_for_an_english_word(client, site):
    html = page(client, "skills")
    assert "Niets gevonden" in html
    assert 'href="/search/?q=vaardigheden"' in html


def test_search_says_where_each_result_belongs(client, site):
    html = page(client, "analyseren")
    tasks = group(html, "responsibilities")
    assert "Taak van de rol" in tasks and "Community manager" in tasks
    statement = group(page(client, "operationele conversation managers"), "statements")
    assert "Gezegd door" in statement and "Koen Delvaux" in statement


def test_search_never_finds_drafts(client, site):
    html = page(client, "geheim")
    assert "Geheime rol" not in html
    assert "Geheim werk" not in html
    assert "Geheim BV" not in html
    assert "Niets gevonden" in html
    # An alternative title from a draft article is not part of the role.
    assert "Niets gevonden" in page(client, "gemeenschapshoeder")


def test_search_escapes_content_before_marking_it(client, site):
    Role.objects.create(
        name="Community <b>tester</b>",
        slug="tester",
        summary='Test <script>alert("x")</script> community',
        status="published",
    )
    html = page(client, "tester", kind="roles")
    assert "<script>alert" not in html
    assert "<mark>Community</mark> &lt;b&gt;<mark>tester</mark>&lt;/b&gt;" not in html
    assert "Community &lt;b&gt;<mark>tester</mark>&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        '"><script>alert(1)</script>',
        "x" * 10_000,
        "!!! ??? ... ---",
        '"community',
        "-community",
        "community*",
        "community OR manager",
        "NOT AND OR NEAR",
        "{title_terms} : community",
        "'; DROP TABLE search_searchdocument; --",
        "%_%",
        "de het een",
        "é",
    ],
)
def test_search_answers_any_input_with_a_clear_page(client, site, query):
    html = page(client, query)
    assert "<script>alert(1)" not in html
    assert 'id="search-q"' in html


def test_search_with_a_nul_character_is_refused_clearly(client, site):
    response = client.get("/search/?q=comm%00unity")
    assert response.status_code == 400


def test_search_operators_are_words_not_syntax(client, site):
    # "OR" is a stopword of neither language here; the words still must all match.
    assert "Niets gevonden" in page(client, "community OR xyzzyq")
    assert 'href="/roles/community-manager/"' in first_result(page(client, '"community manager"'))


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


def test_suggestions_complete_a_name_as_it_is_typed(client, site):
    response = client.get("/search/suggest/", {"q": "community ma"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert suggestions[0] == {
        "title": "Community manager",
        "url": "/roles/community-manager/",
        "kind": "Rollen",
    }
    assert client.get("/search/suggest/", {"q": "geheim"}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": ""}).json()["suggestions"] == []


def test_header_search_loads_the_suggestion_script(client, site):
    html = client.get("/").content.decode()
    assert 'src="/static/js/search-suggest.js"' in html
    assert 'data-suggest-url="/search/suggest/"' in html


def test_highlight_escapes_then_marks():
    stems = {text.stem("community")}
    assert (
        str(text.highlight("<i>Community</i> & co", stems))
        == "&lt;i&gt;<mark>Community</mark>&lt;/i&gt; &amp; co"
    )


def test_highlight_marks_inflections():
    stems = {text.stem("operationeel")}
    assert "<mark>operationele</mark>" in text.highlight("een operationele rol", stems)
    assert "<mark>" not in text.highlight("de rol", stems)


def test_excerpt_shows_the_passage_around_the_match():
    value = "Begin. " + "vulling " * 60 + "Hier staat het woord moderator in. " + "rest " * 60
    passage = str(text.excerpt(value, {text.stem("moderator")}))
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "<mark>moderator</mark>" in passage
    assert len(passage) < 300


def test_terms_fold_stem_and_join():
    assert text.terms("Strategieën en Evangelisten") == ["strategie", "evangelist"]
    assert text.terms("Creëert") == text.terms("creeert")
    assert text.compounds("social media team") == ["socialmedia", "mediateam", "socialmediateam"]
    assert text.similarity("comunity", "community") > 0.7


def test_search_with_every_word_misspelt_takes_no_more_queries(
    client, site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SEARCH_QUERY_CEILING):
        assert (
            client.get("/search/", {"q": "comunity manger evangelsit strategiee"}).status_code
            == 200
        )
