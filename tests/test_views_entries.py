"""
The list and detail pages of every kind of entry: published entries are
public, drafts are a 404 for readers and a preview with a banner for staff,
every fact names its source, links run both ways, and every page takes a
fixed number of queries however much data there is.
"""

import re
from html import unescape

import pytest
from django.test import Client
from factories import add_bulk, count_queries

DRAFT_BANNER = "Concept — niet zichtbaar voor lezers"

# One page of each type; their query budgets are in test_query_budgets.py.
LIST_PAGES = [
    "/roles/",
    "/competencies/",
    "/responsibilities/",
    "/levels/",
    "/teams/",
    "/companies/",
    "/articles/",
    "/people/",
]
DETAIL_PAGES = [
    "/roles/community-manager/",
    "/roles/conversation-manager/",
    "/competencies/communicatief/",
    "/responsibilities/adviseren/",
    "/levels/tactisch/",
    "/teams/social-media-team/",
    "/companies/intel/",
    "/articles/beste-conversation-manager/",
    "/people/koen-delvaux/",
]


pytestmark = pytest.mark.usefixtures("uncached_pages")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(user)
    return client


def text_of(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.:;)])", r"\1", text)


@pytest.mark.parametrize("url", [*LIST_PAGES, *DETAIL_PAGES])
def test_page_is_public_with_breadcrumbs(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b'<nav class="breadcrumbs"' in response.content


DRAFTS = [
    "/roles/geheime-rol/",
    "/competencies/verborgen-competentie/",
    "/responsibilities/geheim-werk/",
    "/teams/concept-team/",
    "/companies/geheim-bv/",
    "/articles/concept-artikel/",
    "/people/verborgen-persoon/",
]


@pytest.mark.parametrize("url", DRAFTS)
def test_draft_is_not_found_for_readers(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFTS)
def test_draft_is_a_preview_with_banner_for_staff(staff_client, site, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert DRAFT_BANNER in response.content.decode()
    # Nothing between the editor and the site may keep the preview.
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_published_page_shows_no_draft_banner_to_staff(staff_client, site):
    response = staff_client.get("/roles/community-manager/")
    assert DRAFT_BANNER not in response.content.decode()


def test_draft_level_is_not_found_for_readers(client, site):
    site.tactisch.status = "draft"
    site.tactisch.save()
    assert client.get("/levels/tactisch/").status_code == 404


@pytest.mark.parametrize("url", [*LIST_PAGES, *DETAIL_PAGES, "/"])
def test_pages_never_name_or_link_drafts(client, site, url):
    page = client.get(url).content.decode()
    for hidden in [
        "Geheime rol",
        "/roles/geheime-rol/",
        "Verborgen competentie",
        "Geheim werk",
        "Concept-team",
        "Geheim BV",
        "Concept-artikel",
        "/articles/concept-artikel/",
        "Verborgen Persoon",
        "Dit is nog niet gecontroleerd",
        # An alternative title that only a draft article gives.
        "Gemeenschapshoeder",
    ]:
        assert hidden not in page, (url, hidden)


def test_role_page_shows_every_kind_of_fact_with_its_source(client, site):
    response = client.get("/roles/community-manager/")
    html = response.content.decode()
    text = text_of(response)
    assert "<h1>Community manager</h1>" in html
    assert site.community_manager.summary in text
    # Alternative title with its source and the person who proposed it.
    assert "Ook bekend als" in text
    assert "Community coach" in text
    assert "Bron: De community manager wordt volwassen, Mujibor de Graaf" in text
    # Levels as badges that carry the word.
    for level in ("Operationeel", "Tactisch", "Strategisch"):
        assert re.search(rf'class="badge badge--level-\d"[^>]*>{level}<', html)
    # Responsibilities grouped, each linking to its page.
    assert "Werkzaamheden van de community manager" in text
    assert 'href="/responsibilities/adviseren/"' in html
    # Competencies with importance and the article's explanation.
    assert 'href="/competencies/communicatief/"' in html
    assert "must-have" in text
    assert "Wijst deelnemers erop als een discussie off topic raakt." in text
    # Related roles in both directions, and a way to compare with each.
    assert "Community manager wordt onderscheiden van" in text
    assert 'href="/roles/conversation-manager/"' in html
    assert 'href="/compare/?roles=community-manager,conversation-manager"' in html
    # Team structures, company examples, statements with speaker and date.
    assert 'href="/teams/social-media-team/"' in html
    assert "één of enkele" in text
    assert "Community manager is de operationele rol, conversation manager de strategische." in (
        text
    )
    assert 'href="/people/koen-delvaux/"' in html
    assert "2 februari 2012" in text
    # Sources: every published article behind the page.
    assert 'href="/articles/beste-conversation-manager/"' in html
    assert 'href="/articles/de-community-manager-wordt-volwassen/"' in html
    # Tags, and the compare form.
    assert 'href="/tags/community-management/"' in html
    assert 'action="/compare/"' in html


def test_role_page_phrases_relations_from_the_other_side(client, site):
    # The conversation manager leads the evangelist; the champion works closely with it.
    text = text_of(client.get("/roles/social-media-evangelist/"))
    assert "Social media evangelist wordt geleid door Conversation manager" in text
    text = text_of(client.get("/roles/conversation-manager/"))
    assert "Conversation manager leidt Social media evangelist" in text
    assert "Conversation manager werkt nauw samen met Executive champion" in text


def test_role_page_merges_levels_stated_together(client, site):
    text = text_of(client.get("/roles/community-manager/"))
    # Three levels from one article, without a note: one fact, three badges.
    assert text.count("Bron: De community manager wordt volwassen") >= 1
    html = client.get("/roles/community-manager/").content.decode()
    niveaus = html.split('id="niveaus"')[1].split("</section>")[0]
    assert niveaus.count('class="fact"') == 1
    assert niveaus.count("badge--level-") == 3


def test_competency_page_lists_the_roles_that_need_it_with_importance(client, site):
    response = client.get("/competencies/communicatief/")
    html = response.content.decode()
    text = text_of(response)
    assert "Rollen die deze competentie vragen" in text
    assert 'href="/roles/community-manager/"' in html
    assert 'href="/roles/conversation-manager/"' in html
    assert "must-have" in text and "nice-to-have" in text
    assert "Gaat de conversatie aan in naam van het merk." in text
    # And back: the role page links to the competency.
    assert (
        'href="/competencies/communicatief/"'
        in client.get("/roles/conversation-manager/").content.decode()
    )


def test_article_page_lists_everything_it_sourced_grouped_by_kind(client, site):
    response = client.get("/articles/beste-conversation-manager/")
    html = response.content.decode()
    text = text_of(response)
    assert "Marketingfacts" in text
    assert "2 februari 2012" in text
    assert 'href="/people/steven-van-belleghem/"' in html
    for heading in [
        "Beschreven in dit artikel",
        "Niveaus van rollen",
        "Competenties per rol",
        "Relaties tussen rollen",
        "Verantwoordelijkheden",
        "Posities in teams",
        "Bedrijfsvoorbeelden",
        "Uitspraken in het artikel",
        "Standpunten in de reacties",
    ]:
        assert heading in text, heading
    comments = html.split('id="reacties"')[1]
    assert "Community manager is de operationele rol" in comments
    assert 'href="/people/koen-delvaux/"' in comments
    assert 'href="/teams/social-media-team/"' in html
    assert 'href="/companies/intel/#intel-social-media-team"' in html


def test_article_page_says_what_is_unknown(client, site):
    text = text_of(client.get("/articles/de-community-manager-wordt-volwassen/"))
    assert "Publicatie onbekend" in text
    assert "Adres niet bekend" in text


def test_person_page_lists_what_they_wrote_and_said(client, site):
    response = client.get("/people/koen-delvaux/")
    html = response.content.decode()
    assert "Zei en reageerde" in text_of(response)
    assert "Community manager is de operationele rol" in html
    # The relation Koen stated is listed with its source.
    assert 'href="/roles/community-manager/"' in html
    response = client.get("/people/steven-van-belleghem/")
    assert 'href="/articles/beste-conversation-manager/"' in response.content.decode()
    assert "Schreef" in text_of(response)


def test_team_page_draws_an_accessible_org_chart_and_says_it_in_text(client, site):
    response = client.get("/teams/social-media-team/")
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'aria-labelledby="org-chart-wide-title"' in svg
    assert '<title id="org-chart-wide-title">Organisatieschema van Social media team</title>' in svg
    # Every box links to its role's page.
    assert '<a class="org-box org-box--outside" href="/roles/executive-champion/"' in svg
    assert "<desc" in svg and "Leiding: Conversation manager." in svg
    assert "Buiten het team, werkt ermee samen: Executive champion." in svg
    assert "org-box--lead" in svg and "org-box--outside" in svg
    assert "org-line--outside" in svg
    # The CSP forbids style attributes; coordinates never get a decimal comma.
    assert "style=" not in html
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
    text = text_of(response)
    assert "In het team" in text and "Buiten het team, werkt ermee samen" in text
    assert 'href="/roles/executive-champion/"' in html
    assert "Strategie & planning" in text
    assert 'href="/responsibilities/pilotprojecten-begeleiden/"' in html


def test_company_page_shows_examples_with_figures_roles_and_team(client, site):
    response = client.get("/companies/intel/")
    html = response.content.decode()
    text = text_of(response)
    assert 'id="intel-social-media-team"' in html
    assert "team van 7 mensen" in text
    assert 'href="/roles/conversation-manager/"' in html
    assert 'href="/teams/social-media-team/"' in html
    assert "Bron: Beste Conversation Manager" in text


def test_level_page_lists_roles_at_that_level(client, site):
    response = client.get("/levels/strategisch/")
    html = response.content.decode()
    assert 'href="/roles/conversation-manager/"' in html
    assert 'href="/roles/social-media-evangelist/"' in html
    assert "Als facilitator van strategische verandering." in text_of(response)
    assert 'href="/roles/?level=strategisch"' in html


def test_responsibility_page_names_its_group_role_level_and_source(client, site):
    response = client.get("/responsibilities/adviseren/")
    html = response.content.decode()
    assert 'href="/roles/community-manager/"' in html
    assert 'href="/levels/tactisch/"' in html
    assert "Werkzaamheden van de community manager" in text_of(response)
    assert 'href="/articles/de-community-manager-wordt-volwassen/"' in html


def test_cards_have_the_same_anatomy_everywhere(client, site):
    for url in ["/roles/", "/", "/tags/community-management/"]:
        html = client.get(url).content.decode()
        card = html[html.index('<div class="card">') :]
        card = card[: card.index("</div>")]
        assert 'class="card__kind"' in card
        assert 'class="card__title"' in card
        assert 'class="card__summary"' in card
        assert "bron" in card  # the source count


def test_role_list_filters_by_level_and_tag(client, site):
    html = client.get("/roles/?level=tactisch").content.decode()
    assert 'href="/roles/community-manager/"' in html
    assert 'href="/roles/conversation-manager/"' not in html
    assert '<option value="tactisch" selected>' in html
    html = client.get("/roles/?tag=community-management").content.decode()
    assert 'href="/roles/community-manager/"' in html
    assert 'href="/roles/social-media-evangelist/"' not in html


def test_long_lists_are_paginated(client, site):
    add_bulk(site, n=30)
    first = client.get("/roles/").content.decode()
    assert "Pagina 1 van 2" in first
    assert 'href="?page=2"' in first
    second = client.get("/roles/?page=2")
    assert second.status_code == 200
    assert "Pagina 2 van 2" in second.content.decode()
    # Filters survive the page links.
    filtered = client.get("/roles/?tag=community-management").content.decode()
    assert 'href="?tag=community-management&amp;page=2"' in filtered


def test_staff_session_costs_only_the_session_user_and_permission_queries(
    client, staff_client, site
):
    url = "/roles/community-manager/"
    anonymous = count_queries(Client(), url)
    # The session and the user; the "Bewerk" link asks for the user's own
    # and group permissions.
    assert count_queries(staff_client, url) <= anonymous + 4


def test_unknown_entry_is_a_clear_404_page(client, site):
    response = client.get("/roles/bestaat-niet/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Pagina niet gevonden" in text
    assert 'action="/search/"' in response.content.decode()


def test_role_page_lists_its_variants_competencies_and_tasks_under_each_variants_name(
    client, knowledge
):
    html = client.get("/roles/conversation-manager/").content.decode()
    competencies = html[html.index('id="competenties"') :]
    competencies = competencies[: competencies.index("</section>")]
    strategic = competencies[
        competencies.index('data-variant="conversation-manager-strategische-facilitator"') :
    ]
    assert "Als variant" in strategic
    assert "Conversation manager als facilitator van strategische verandering" in strategic
    for slug in ["strategisch-denken", "verandering-faciliteren", "interne-communicatie"]:
        assert f'href="/competencies/{slug}/"' in strategic
    # Named without a grade, with the reason, and its source.
    assert "genoemd" in strategic and "Belang volgens de tekst" in strategic
    assert 'href="/people/kurt/"' in strategic
    tasks = html[html.index('id="verantwoordelijkheden"') :]
    tasks = tasks[: tasks.index("</section>")]
    assert 'data-variant="conversation-manager-reactieve-helpdesk"' in tasks
    assert "Updates versturen op Facebook en Twitter" in tasks
    # The table of contents links to both sections.
    assert 'href="#competenties"' in html and 'href="#verantwoordelijkheden"' in html


def test_matrix_has_a_column_for_the_conversation_manager(client, knowledge):
    html = client.get("/matrix/").content.decode()
    assert 'href="/roles/conversation-manager/"' in html
    assert "genoemd" in html


@pytest.mark.parametrize(
    "old, new",
    [
        ("/roles/community-coach/", "/roles/community-manager/#titels"),
        (
            "/roles/social-media-goeroe/",
            "/articles/strategische-tips-social-media-expert-team/"
            "#socialemediagoeroe-is-een-anti-profiel",
        ),
    ],
)
def test_a_retired_role_address_leads_permanently_to_where_its_knowledge_lives(
    client, knowledge, old, new
):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new.split("#")[0]).status_code == 200


def test_team_without_positions_names_the_roles_its_statements_name(client, knowledge):
    html = client.get("/teams/hub-and-spoke/").content.decode()
    build = html[html.index('id="opbouw"') : html.index("</section>", html.index('id="opbouw"'))]
    assert "De artikelen noemen geen posities in dit team." in build
    assert 'href="/roles/executive-champion/"' in build
    assert 'href="/roles/executive-champion/vacature/"' in build
    # A team with positions draws them and lists no others.
    html = client.get("/teams/altimeter-model/").content.decode()
    assert "Wel noemen de uitspraken" not in html


def tag_options(html):
    import re

    select = html[html.index('id="filter-tag"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="([^"]+)"', select)


def test_role_list_offers_the_most_used_tags_and_the_chosen_one(client, site):
    from taggit.models import Tag

    from roles.models import Role
    from roles.views import TAG_CHOICES

    # More tags on public roles than the filter offers: each role carries
    # its own rare tag, and a few tags are on many roles.
    roles = list(Role.objects.public())
    for i in range(TAG_CHOICES + 5):
        roles[i % len(roles)].tags.add(f"zeldzaam {i:03}")
    for role in roles:
        role.tags.add("veelgebruikt")
    offered = tag_options(client.get("/roles/").content.decode())
    assert len(offered) == TAG_CHOICES
    assert "veelgebruikt" in offered and "community-management" in offered
    assert offered == sorted(offered)  # by name, as before
    # A rare tag that did not make the list stays chosen once filtered on.
    rare = next(
        tag.slug
        for tag in Tag.objects.filter(name__startswith="zeldzaam")
        if tag.slug not in offered
    )
    filtered = client.get(f"/roles/?tag={rare}").content.decode()
    assert f'<option value="{rare}" selected>' in filtered
    assert len(tag_options(filtered)) == TAG_CHOICES + 1
    # A tag on draft roles only is offered nowhere.
    draft = Role.objects.create(name="Conceptrol", slug="conceptrol", summary="x")
    draft.tags.add("alleen in concept")
    assert "alleen-in-concept" not in tag_options(client.get("/roles/").content.decode())
