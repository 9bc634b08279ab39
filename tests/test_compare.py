"""Two or three roles side by side, and the competency matrix."""

import pytest
from factories import add_bulk, count_queries

COMPARE_QUERY_CEILING = 21
# The count, the page of roles, their variants, the facts, the competencies.
MATRIX_QUERY_CEILING = 5


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
    from roles.compare_views import MatrixView

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
    from editorial.models import Status
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
    from roles.compare_views import COMPARE_OPTIONS

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


def test_compare_conversation_manager_with_community_manager_draws_on_the_variants(
    client, knowledge
):
    # The HR lead's question: /compare/?roles=conversation-manager,community-manager
    html = client.get("/compare/?roles=conversation-manager,community-manager").content.decode()
    main = html[html.index("<main") :]
    # It opens with the one distinction the sources draw, with its source.
    opening = section(main, "Wat de bronnen over het verschil zeggen")
    assert main.index("Wat de bronnen over het verschil zeggen") < main.index("<table")
    assert "operationele rol" in opening and "strategische" in opening
    assert 'href="/people/koen-delvaux/"' in opening
    assert "Beste Conversation Manager" in opening
    # And with the debates about both roles, which the sources disagree on.
    assert 'href="/debates/hoe-heet-de-rol/"' in opening
    assert 'href="/debates/welk-niveau-noemt-conversation-manager/"' in opening
    assert "/debates/centraal-of-verspreid-organiseren/" not in opening  # neither role
    assert "/debates/wie-is-eigenaar-van-sociale-media/" not in opening  # only one of them
    # The conversation manager's column holds its variants' competencies,
    # named as the variant's, each with its source.
    unique = section(main, "Alleen bij deze rol")
    conversation = unique.split("</td>")[0]
    assert 'href="/competencies/strategisch-denken/"' in conversation
    assert "als Conversation manager als facilitator van strategische verandering" in conversation
    assert 'href="/people/steven-van-belleghem/"' in conversation
    assert 'href="/people/kurt/"' in conversation
    assert conversation.count('class="bron"') >= 3
    # Shared through a variant: proactief.
    shared = section(main, ">Gedeelde competenties<")
    assert 'href="/competencies/proactief/"' in shared
    # And the variants' tasks.
    tasks = section(main, ">Verantwoordelijkheden<").split("</td>")[0]
    assert "Taken van de conversation manager als facilitator van strategische verandering" in tasks
    assert "Taken van de conversation manager als reactieve helpdesk" in tasks
    # A group whose name already names the variant does not name it twice.
    assert "strategische verandering als Conversation manager" not in tasks
    assert "reactieve helpdesk als Conversation manager" not in tasks


def test_compare_says_plainly_when_the_sources_draw_no_distinction(client, knowledge):
    html = client.get("/compare/?roles=executive-champion,community-manager").content.decode()
    opening = html[html.index("Wat de bronnen over het verschil zeggen") :]
    opening = opening[: opening.index("</section>")]
    assert "De bronnen maken geen onderscheid tussen deze rollen" in opening
    assert "/debates/" not in opening  # no debate concerns both


def test_compare_cites_a_source_on_every_row(client, knowledge):
    html = client.get("/compare/?roles=conversation-manager,community-manager").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    body = table[table.index("<tbody>") :]
    rows = [row for row in body.split("<tr")[1:] if "compare-table__section" not in row]
    assert len(rows) >= 6
    for row in rows:
        cells = row.split("<td")[1:]
        assert cells, row[:200]
        for cell in cells:
            assert 'class="bron"' in cell, cell[:300]


def compare_with_default(html):
    """The option "Vergelijk met…" starts on, on a role page."""
    form = html[html.index('id="compare-with"') :]
    form = form[: form.index("</select>")]
    chosen = form[: form.index(" selected")]
    return chosen[chosen.rindex('value="') + 7 :].split('"')[0]


def test_compare_with_starts_from_the_closest_role_or_asks(client, knowledge):
    def default_of(slug):
        return compare_with_default(client.get(f"/roles/{slug}/").content.decode())

    # Through a relation the articles give: contrasted, a variant.
    assert default_of("community-manager") == "conversation-manager"
    assert default_of("conversation-manager").startswith("conversation-manager-")
    # No relation and no shared competency: a role of the same team, its
    # lead first, not the first role by name.
    assert default_of("executive-champion") == "social-media-teamleider"
    assert default_of("business-unit-liaison") == "social-media-teamleider"
    # Nothing ties the role to another: no role is offered as the closest;
    # the reader chooses.
    html = client.get("/roles/woordvoerder/").content.decode()
    assert compare_with_default(html) == ""
    assert "— kies een rol —" in html


def compare_with_options(html):
    import re

    form = html[html.index('id="compare-with"') :]
    form = form[: form.index("</select>")]
    return re.findall(r'<option value="([^"]+)"', form)


def test_role_page_offers_the_first_roles_to_compare_with_and_finds_the_rest(
    client, knowledge, django_assert_max_num_queries
):
    from roles.compare_views import COMPARE_OPTIONS

    few = compare_with_options(client.get("/roles/community-manager/").content.decode())
    assert "conversation-manager" in few and "community-manager" not in few
    many_roles(COMPARE_OPTIONS + 10)
    with django_assert_max_num_queries(40):
        html = client.get("/roles/community-manager/").content.decode()
    choice = compare_with_options(html)
    # The closest role first and chosen, then the first ones by name.
    assert choice[0] == "conversation-manager" == compare_with_default(html)
    assert len(choice) <= COMPARE_OPTIONS + 1 and len(set(choice)) == len(choice)
    assert "zzrol-069" not in choice and "community-manager" not in choice
    # The compare page, with this role ticked, finds any other by name.
    link = '/compare/?roles=community-manager&amp;zoek=1">Een andere rol zoeken</a>'
    assert link in html
    found = client.get("/compare/", {"roles": "community-manager", "zoek": "1", "find": "069"})
    assert offered(found.content.decode()) == ["community-manager", "zzrol-069"]
