"""
The site as a whole: the home page, tags, the language switch, the 404 page,
and a crawl of every page of the real knowledge base (fixtures/) checking
that each is public, within its query ceiling, free of inline script and
style, and links only to pages that exist.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from factories import add_bulk, count_queries

HOME_QUERY_CEILING = 8
# One to find the counts of the current version (portal/tag_counts.py), the
# paginator's count and the page.
TAG_LIST_QUERY_CEILING = 3
TAG_PAGE_QUERY_CEILING = 11
# The most queries any page of the real knowledge base may take: comparing
# the conversation manager, whose competencies and tasks come through its
# variants, loads those too, and the debates both roles are in; an
# article's page, with the organisations it names and two queries for
# debates (the positions it is the source of, the debates it describes),
# takes 20.
CRAWL_QUERY_CEILING = 22


pytestmark = pytest.mark.usefixtures("uncached_pages")


def test_home_page_offers_every_way_in(client, site, django_assert_max_num_queries):
    with django_assert_max_num_queries(HOME_QUERY_CEILING):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wie doet wat in community- en conversatiemanagement?" in html
    for level in ("operationeel", "tactisch", "strategisch"):
        assert f'href="/levels/{level}/"' in html
    assert 'href="/roles/community-manager/"' in html
    assert 'href="/teams/social-media-team/"' in html
    assert 'href="/companies/intel/"' in html
    assert 'href="/articles/beste-conversation-manager/"' in html
    assert 'id="home-search-q"' in html and 'action="/search/"' in html
    assert 'href="/compare/?roles=conversation-manager,community-manager"' in html
    # The home page is the top: no breadcrumbs.
    assert 'class="breadcrumbs"' not in html


def test_home_page_takes_a_fixed_number_of_queries(client, site):
    before = count_queries(client, "/")
    add_bulk(site, n=4)
    assert count_queries(client, "/") == before


def test_tag_page_lists_every_kind_of_entry_with_the_tag(
    client, site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(TAG_PAGE_QUERY_CEILING):
        response = client.get("/tags/community-management/")
    assert response.status_code == 200
    html = response.content.decode()
    for kind, href in [
        ("roles", "/roles/community-manager/"),
        ("competencies", "/competencies/communicatief/"),
        ("articles", "/articles/de-community-manager-wordt-volwassen/"),
        ("statements", "/articles/beste-conversation-manager/#koen-operationeel-strategisch"),
    ]:
        start = html.index(f'id="{kind}"')
        assert f'href="{href}"' in html[start : html.index("</section>", start)], kind
    assert "Geheime rol" not in html
    assert '<li aria-current="page">community management</li>' in html


def test_tag_page_links_to_the_full_list_when_there_are_more(client, site):
    add_bulk(site, n=14)
    html = client.get("/tags/community-management/").content.decode()
    assert 'href="/roles/?tag=community-management"' in html
    listed = client.get("/competencies/?tag=community-management").content.decode()
    assert "Alleen met de tag “community management”." in listed
    assert 'href="/competencies/extra-competentie-3/"' in listed


def test_tag_pages_take_a_fixed_number_of_queries(client, site):
    before = count_queries(client, "/tags/community-management/")
    add_bulk(site, n=4)
    assert count_queries(client, "/tags/community-management/") == before


def test_tag_list_counts_only_published_entries(client, site, django_assert_max_num_queries):
    with django_assert_max_num_queries(TAG_LIST_QUERY_CEILING):
        html = client.get("/tags/").content.decode()
    # Role, competency, statement and article with this tag; the draft role is not counted.
    assert re.search(r"community management <span class=\"tag__count\">\(4\)</span>", html)


def test_tag_used_only_by_drafts_is_not_found(client, site):
    site.draft_role.tags.add("alleen concept")
    assert client.get("/tags/alleen-concept/").status_code == 404
    assert "alleen concept" not in client.get("/tags/").content.decode()


def test_tag_with_accented_slug_has_a_page(client, site):
    site.community_manager.tags.add("carrière")
    response = client.get("/tags/carrière/")
    assert response.status_code == 200


def test_interface_is_dutch_by_default(client, site):
    html = client.get("/roles/community-manager/").content.decode()
    assert '<html lang="nl">' in html
    assert "Naar de inhoud" in html and "Verwante rollen" in html


def test_interface_is_english_with_accept_language(client, site):
    html = client.get("/roles/community-manager/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Related roles" in html and "Also known as" in html
    assert "Community manager is distinguished from" in html
    # Content stays Dutch, and says so: to the reader once per page, and to
    # assistive technology on each text and each competency or task name.
    assert '<p class="lead" lang="nl">' in html
    assert "Wijst deelnemers erop" in html
    assert "The knowledge in Rolwijzer is in Dutch" in html
    assert 'lang="nl">Communicatief</a>' in html
    for path in ("/matrix/", "/compare/?roles=community-manager,conversation-manager"):
        other = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'lang="nl">Communicatief</a>' in other, path
    dutch = client.get("/roles/community-manager/").content.decode()
    assert "De kennis in Rolwijzer" not in dutch and 'lang="nl">Communicatief' not in dutch


def test_language_switch_sets_english_and_back(client, site):
    html = client.get("/roles/").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    assert '<button class="button button--quiet" type="submit" name="language" value="en"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/roles/"})
    assert response.status_code == 302 and response["Location"] == "/roles/"
    html = client.get("/roles/").content.decode()
    assert "<h1>Roles</h1>" in html
    assert 'name="language" value="nl"' in html
    client.post("/i18n/setlang/", {"language": "nl", "next": "/roles/"})
    assert "<h1>Rollen</h1>" in client.get("/roles/").content.decode()


def test_language_cookie_chooses_english(client, site):
    client.cookies["django_language"] = "en"
    assert "<h1>Compare roles</h1>" in client.get("/compare/").content.decode()


def test_unknown_page_is_a_clear_404(client, site):
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert 'class="breadcrumbs"' in html


def test_breadcrumbs_lead_home_from_every_page_below_it(client, site):
    for url in ["/roles/community-manager/", "/search/?q=x", "/matrix/", "/tags/"]:
        html = client.get(url).content.decode()
        crumbs = html[html.index('class="breadcrumbs"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert 'href="/"' in crumbs
        assert 'aria-current="page"' in crumbs


# The real knowledge base ------------------------------------------------------

# Inline script, style or event handlers (which the CSP would block). Structured
# data (<script type="application/ld+json">) is not executed and may stay.
INLINE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))|<style|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def internal_links(html, base):
    for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_page_of_the_knowledge_base_works_and_links_only_to_pages_that_exist(
    client, knowledge
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seen, todo, worst = set(), ["/"], ("", 0)
    while todo:
        url = todo.pop()
        if url in seen or url.startswith(("/admin/", "/api/", "/downloads/", "/i18n/")):
            continue
        seen.add(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert not INLINE.search(html), url
            todo.extend(internal_links(html, url))
            if len(queries) > worst[1]:
                worst = (url, len(queries))
    assert len(seen) > 150
    assert worst[1] <= CRAWL_QUERY_CEILING, worst


def test_favicon_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
