"""Two or three roles side by side, and the competency matrix."""

import pytest
from factories import add_bulk, count_queries

COMPARE_QUERY_CEILING = 17
MATRIX_QUERY_CEILING = 4


pytestmark = pytest.mark.usefixtures("uncached_pages")


def section(html, title):
    """The rows of the compare table from the row group headed `title` onwards."""
    start = html.index(title)
    return html[start : html.index("</tbody>", start)]


def test_compare_shows_shared_and_unique_competencies_with_importance(
    client, site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(COMPARE_QUERY_CEILING):
        response = client.get("/compare/", {"roles": "community-manager,conversation-manager"})
    assert response.status_code == 200
    html = response.content.decode()
    shared = section(html, ">Gedeelde competenties<")
    assert 'href="/competencies/communicatief/"' in shared
    # Importance per role, in column order: must-have for one, nice-to-have for the other.
    assert shared.index("badge--must") < shared.index("badge--nice")
    assert 'href="/competencies/proactief/"' not in shared
    unique = section(html, "Alleen bij deze rol")
    community, conversation = unique.split("</td>")[:2]
    assert 'href="/competencies/proactief/"' in community
    assert 'href="/competencies/strategisch-denken/"' in conversation
    assert 'href="/competencies/communicatief/"' not in unique


def test_compare_shows_levels_responsibilities_and_relations(client, site):
    html = client.get("/compare/?roles=community-manager,conversation-manager").content.decode()
    assert '<th scope="col"><a href="/roles/community-manager/">Community manager</a></th>' in html
    assert "badge--level-2" in html  # only the community manager is tactical
    assert "Werkzaamheden van de community manager" in html
    assert 'href="/responsibilities/adviseren/"' in html
    relations = section(html, ">Relaties<")
    assert "Wordt onderscheiden van" in relations
    assert "Leidt" in relations and 'href="/roles/social-media-evangelist/"' in relations


def test_compare_takes_three_roles_and_a_form_submission(client, site):
    response = client.get(
        "/compare/",
        {"roles": ["community-manager", "conversation-manager", "social-media-evangelist"]},
    )
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="col">') == 3


def test_compare_takes_a_fixed_number_of_queries(client, site):
    url = "/compare/?roles=community-manager,conversation-manager"
    before = count_queries(client, url)
    add_bulk(site, n=4)
    assert count_queries(client, url) == before


def test_compare_is_reachable_from_every_role_page(client, site):
    for slug in ["community-manager", "conversation-manager", "executive-champion"]:
        html = client.get(f"/roles/{slug}/").content.decode()
        assert 'action="/compare/"' in html
        assert f'<input type="hidden" name="roles" value="{slug}">' in html


@pytest.mark.parametrize(
    "roles,message",
    [
        ("community-manager", "Kies ten minste twee rollen"),
        (
            "community-manager,conversation-manager,executive-champion,social-media-evangelist",
            "hoogstens drie rollen",
        ),
        ("community-manager,bestaat-niet", "Deze rol bestaat niet: bestaat-niet."),
        ("community-manager,geheime-rol", "Deze rol bestaat niet: geheime-rol."),
        ("x,y", "Deze rollen bestaan niet: x, y."),
    ],
)
def test_compare_explains_what_is_wrong_with_status_400(client, site, roles, message):
    response = client.get("/compare/", {"roles": roles})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert "Geheime rol" not in html
    # The form to try again.
    assert 'name="roles" value="community-manager"' in html


def test_compare_without_roles_shows_the_form(client, site):
    response = client.get("/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="checkbox"' in html
    assert "geheime-rol" not in html


def test_compare_counts_a_repeated_role_once(client, site):
    response = client.get("/compare/?roles=community-manager,community-manager")
    assert response.status_code == 400


def test_matrix_is_a_table_of_roles_by_competencies_linking_to_sources(
    client, site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MATRIX_QUERY_CEILING):
        response = client.get("/matrix/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<table" in html and "<caption" in html
    assert '<th scope="col"><a href="/roles/community-manager/">Community manager</a></th>' in html
    assert '<th scope="row"><a href="/competencies/communicatief/">Communicatief</a></th>' in html
    # A cell: the importance as a word, linking to the article that says it.
    assert (
        '<a class="badge badge--must" href="/articles/de-community-manager-wordt-volwassen/'
        '#competenties">must-have'
    ) in html
    assert ">nice-to-have<" in html
    assert "niet genoemd" in html  # empty cells say so to screen readers
    assert "Verborgen competentie" not in html
    assert "Geheime rol" not in html


def test_matrix_takes_a_fixed_number_of_queries(client, site):
    before = count_queries(client, "/matrix/")
    add_bulk(site, n=4)
    assert count_queries(client, "/matrix/") == before


def test_matrix_pages_through_the_roles_with_the_competencies_they_need(client, site, settings):
    from roles.views import MatrixView

    add_bulk(site, n=MatrixView.roles_per_page)  # more roles than fit on one page
    first = client.get("/matrix/").content.decode()
    assert "Pagina 1 van 2" in first
    assert first.count('<th scope="col">') == MatrixView.roles_per_page
    second = client.get("/matrix/?page=2").content.decode()
    assert "Pagina 2 van 2" in second
    # Each role appears on exactly one page, in name order.
    assert ">Conversation manager</a></th>" in first + second
    assert (">Conversation manager</a></th>" in first) != (
        ">Conversation manager</a></th>" in second
    )
    # A page's rows are only the competencies its roles need.
    assert client.get("/matrix/?page=99").status_code == 200  # the last page, not an error


def many_roles(n):
    from articles.models import Status
    from roles.models import Role

    for i in range(n):
        Role.objects.create(
            name=f"Zzrol {i:03}", slug=f"zzrol-{i:03}", summary="Een rol.", status=Status.PUBLISHED
        )


def offered(html):
    import re

    checkbox = r'<input type="checkbox" id="compare-[^"]+" name="roles" value="([^"]+)"'
    return re.findall(checkbox, html)


def test_compare_form_offers_every_role_while_there_are_few(client, site):
    html = client.get("/compare/").content.decode()
    assert "community-manager" in offered(html) and "conversation-manager" in offered(html)
    assert 'name="find"' not in html


def test_compare_form_never_lists_the_whole_table_and_finds_the_rest_by_name(
    client, site, django_assert_max_num_queries
):
    from roles.views import COMPARE_OPTIONS

    many_roles(COMPARE_OPTIONS + 10)
    with django_assert_max_num_queries(3):
        html = client.get("/compare/").content.decode()
    assert len(offered(html)) == COMPARE_OPTIONS
    assert 'name="find"' in html and "zoek om een andere te kiezen" in html
    assert "zzrol-069" not in offered(html)

    # Searching narrows the choice; it compares nothing and is not an error,
    # even with one role ticked so far.
    response = client.get("/compare/", {"roles": "zzrol-001", "find": "rol 06", "zoek": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    choice = offered(html)
    assert choice[0] == "zzrol-001"  # the role chosen so far stays, ticked
    assert 'value="zzrol-001" checked' in html
    assert choice[1:] == [f"zzrol-{i:03}" for i in range(60, 70)]
    assert 'class="compare-table' not in html

    nothing = client.get("/compare/", {"find": "bestaat niet", "zoek": "1"}).content.decode()
    assert offered(nothing) == [] and "Geen rol met die naam." in nothing

    # Roles chosen beyond the first ones by name are compared and stay offered.
    html = client.get("/compare/?roles=zzrol-068,zzrol-069").content.decode()
    assert '<th scope="col"><a href="/roles/zzrol-068/">Zzrol 068</a></th>' in html
    assert {"zzrol-068", "zzrol-069"} <= set(offered(html))
