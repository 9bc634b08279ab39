"""
Statements about an entry: its page shows the first few with their total and
links to the full, paginated list, which can be narrowed by entry, person,
article and kind, shows only what is published, and costs a fixed number of
queries however many statements there are.
"""

import pytest
from factories import add_bulk, count_queries

from editorial.models import Status
from roles.models import Statement

STATEMENT_PREVIEW = Statement.page_preview

pytestmark = pytest.mark.usefixtures("uncached_pages")


def many_statements_about_community_manager(site, n):
    for i in range(n):
        statement = Statement.objects.create(
            slug=f"veel-{i:03}",
            kind="advice" if i % 2 else "finding",
            text=f"Uitspraak nummer {i:03} over de community manager.",
            source=site.article,
            said_by=site.steven,
            status=Status.PUBLISHED,
        )
        statement.roles.add(site.community_manager)


def test_statements_entry_page_shows_a_preview_with_the_total_and_a_link(client, site):
    many_statements_about_community_manager(site, STATEMENT_PREVIEW + 5)
    total = STATEMENT_PREVIEW + 5 + 1  # and Koen's comment
    html = client.get("/roles/community-manager/").content.decode()
    shown = html.count('class="statement"')
    assert shown == STATEMENT_PREVIEW
    assert f"({total})" in html
    assert f'href="/statements/?role=community-manager">Alle {total} uitspraken' in html


def test_statements_entry_page_without_more_has_no_link(client, site):
    html = client.get("/roles/conversation-manager/").content.decode()
    assert "/statements/?role=" not in html
    assert "De meeste bedrijven zoeken alleen operationele" in html


@pytest.mark.parametrize(
    "query,present,absent",
    [
        (
            "role=community-manager",
            "Community manager is de operationele rol",
            "De meeste bedrijven",
        ),
        ("role=conversation-manager", "De meeste bedrijven", "Extra advies"),
        ("person=koen-delvaux", "Community manager is de operationele rol", "De meeste bedrijven"),
        ("kind=finding", "De meeste bedrijven", "Community manager is de operationele rol"),
    ],
)
def test_statements_list_filters(client, site, query, present, absent):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert present in html
    assert absent not in html
    assert "Dit is nog niet gecontroleerd" not in html  # the draft statement


def test_statements_list_is_paginated_and_keeps_its_filter(client, site):
    many_statements_about_community_manager(site, 30)
    first = client.get("/statements/?role=community-manager").content.decode()
    assert "Pagina 1 van 2" in first
    assert 'href="?role=community-manager&amp;page=2"' in first
    second = client.get("/statements/?role=community-manager&page=2").content.decode()
    assert "Pagina 2 van 2" in second


@pytest.mark.parametrize(
    "query",
    ["role=bestaat-niet", "role=geheime-rol", "person=verborgen-persoon", "kind=onzin"],
)
def test_statements_list_unknown_or_draft_filter_is_not_found(client, site, query):
    assert client.get(f"/statements/?{query}").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/statements/",
        "/statements/?role=community-manager",
        "/statements/?role=community-manager&kind=opinion",
        "/roles/community-manager/",
        "/competencies/communicatief/",
        "/teams/social-media-team/",
        "/companies/intel/",
    ],
)
def test_statements_pages_take_the_same_number_of_queries_with_more_data(client, site, url):
    before = count_queries(client, url)
    add_bulk(site, n=STATEMENT_PREVIEW)  # more statements about each entry than a page shows
    assert count_queries(client, url) == before
    # A role page also asks for its variants (one query, more if it has any),
    # and one for the debates about the entry ("Hierover verschillen de bronnen").
    assert before <= 18


def test_statements_entry_page_previews_the_first_public_statements_in_order(client, site):
    import datetime

    many_statements_about_community_manager(site, STATEMENT_PREVIEW + 5)
    draft = Statement.objects.create(
        slug="aaa-concept",
        kind="finding",
        text="Een concept dat vooraan zou staan.",
        source=site.article,
        said_on=datetime.date(2000, 1, 1),
        status=Status.DRAFT,
    )
    draft.roles.add(site.community_manager)
    html = client.get("/roles/community-manager/").content.decode()
    assert "Een concept dat vooraan zou staan." not in html
    expected = Statement.objects.public().filter(roles=site.community_manager)[:STATEMENT_PREVIEW]
    positions = [html.index(statement.text) for statement in expected]
    assert positions == sorted(positions)  # in the order of the statement list
    assert "nummer 014" not in html  # the last ones are behind the link
