"""
Links that grow with the knowledge: the roles that need a competency, the
roles and tasks at a level and what a person said. An entry's page shows the
first few with their total and links to the list that holds them all, so a
popular competency's page stays as short as a rare one's.
"""

import pytest

from editorial.models import Status
from roles.models import (
    Responsibility,
    Role,
    RoleCompetency,
    RoleLevel,
    Statement,
)
from roles.querysets import LINK_PREVIEW

STATEMENT_PREVIEW = Statement.page_preview

pytestmark = pytest.mark.usefixtures("uncached_pages")

MORE = LINK_PREVIEW + 5


def section(html, anchor):
    """The part of a page from the section with this id to its end."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def many_roles(site, n):
    roles = []
    for i in range(n):
        role = Role.objects.create(
            name=f"Rol {i:03}", slug=f"rol-{i:03}", summary="Een rol.", status=Status.PUBLISHED
        )
        RoleCompetency.objects.create(role=role, competency=site.proactief, source=site.article)
        RoleLevel.objects.create(role=role, level=site.strategisch, source=site.article)
        roles.append(role)
    return roles


def test_competency_page_shows_the_first_roles_with_the_total_and_a_link(client, site):
    many_roles(site, MORE)
    html = client.get(site.proactief.get_absolute_url()).content.decode()
    total = MORE + 1  # and the community manager
    roles = section(html, "rollen")
    assert roles.count('class="fact"') == LINK_PREVIEW
    assert f"({total})" in roles
    assert f'href="/roles/?competency=proactief">Alle {total} rollen in de rollenlijst' in roles


def test_role_list_narrowed_to_a_competency_holds_every_role_that_needs_it(client, site):
    roles = many_roles(site, MORE)
    html = client.get("/roles/?competency=proactief").content.decode()
    total = MORE + 1  # and the community manager
    assert f"{total} rollen" in html
    assert all(role.name in html for role in roles)
    # Roles that do not need it stay out; the filter is kept in the form.
    assert site.evangelist.name not in html
    assert 'name="competency" value="proactief"' in html
    assert 'href="/competencies/proactief/">Proactief' in html


@pytest.mark.parametrize(
    "url",
    [
        "/roles/?competency=bestaat-niet",
        "/roles/?competency=verborgen-competentie",
        "/responsibilities/?level=bestaat-niet",
    ],
)
def test_narrowing_to_an_unknown_or_draft_entry_is_not_found(client, site, url):
    assert client.get(url).status_code == 404


def test_level_page_shows_the_first_roles_and_tasks_with_totals_and_links(client, site):
    many_roles(site, MORE)
    for i in range(MORE):
        Responsibility.objects.create(
            name=f"Taak {i:03}",
            slug=f"taak-{i:03}",
            group=site.role_group,
            source=site.article2,
            level=site.strategisch,
            status=Status.PUBLISHED,
        )
    html = client.get(site.strategisch.get_absolute_url()).content.decode()
    roles = section(html, "rollen")
    # And the conversation manager, community manager and evangelist.
    role_total = MORE + 3
    assert roles.count('class="fact"') == LINK_PREVIEW
    assert f"({role_total})" in roles
    assert f'href="/roles/?level=strategisch">Alle {role_total} rollen' in roles

    tasks = section(html, "taken")
    assert tasks.count("<li>") == LINK_PREVIEW
    assert f"({MORE})" in tasks
    assert f'href="/responsibilities/?level=strategisch">Alle {MORE} taken op dit niveau' in tasks

    listed = client.get("/responsibilities/?level=strategisch").content.decode()
    assert all(f"Taak {i:03}" in listed for i in range(MORE))
    assert site.analyseren.name not in listed  # no level
    assert site.adviseren.name not in listed  # tactical


def test_person_page_shows_the_latest_statements_and_links_to_all(client, site):
    for i in range(STATEMENT_PREVIEW + 3):
        Statement.objects.create(
            slug=f"koen-{i:03}",
            kind="opinion",
            text=f"Koen zegt iets, nummer {i:03}.",
            in_comment=True,
            source=site.article,
            said_by=site.koen,
            status=Status.PUBLISHED,
        )
    html = client.get("/people/koen-delvaux/").content.decode()
    total = STATEMENT_PREVIEW + 4  # and his comment on the article
    statements = section(html, "uitspraken")
    assert statements.count('class="statement"') == STATEMENT_PREVIEW
    # The latest first: the newest comments, marked as comments.
    assert statements.count("uit de reacties") == STATEMENT_PREVIEW
    assert f"({total})" in statements
    assert f'href="/statements/?person=koen-delvaux">Alle {total} uitspraken van Koen' in html
    listed = client.get("/statements/?person=koen-delvaux").content.decode()
    assert "nummer 012" in listed and "nummer 000" in listed


def test_pages_without_more_than_the_preview_have_no_link(client, site):
    assert "/roles/?competency=" not in client.get("/competencies/proactief/").content.decode()
    assert "/statements/?person=" not in client.get("/people/koen-delvaux/").content.decode()
    assert "/responsibilities/?level=" not in client.get("/levels/tactisch/").content.decode()
