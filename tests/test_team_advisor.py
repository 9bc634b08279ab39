"""
"Welk team past bij ons?": three questions as a plain GET form, and the team
structures that fit with their roles, reasons and disagreements, each reason
a public statement with its article and person.
"""

import re

import pytest
from django.urls import reverse

from roles.models import Statement, TeamStructure

URL = reverse("teams:advisor")
ADVISOR_QUERY_CEILING = 8


def answer(client, django_assert_max_num_queries, **answers):
    with django_assert_max_num_queries(ADVISOR_QUERY_CEILING):
        response = client.get(URL, answers)
    assert response.status_code == 200
    return response.content.decode()


def fitting(html):
    """The keys of the answers that fit all three, in order."""
    part = html.split('id="deels-h"')[0]
    return re.findall(r'<article class="advisor-card" id="advies-([a-z-]+)"', part)


def test_advisor_without_answers_is_only_the_form(client, knowledge, django_assert_max_num_queries):
    html = answer(client, django_assert_max_num_queries)
    assert 'method="get"' in html and 'name="size"' in html and 'name="purpose"' in html
    assert "advisor-card" not in html
    assert f'href="{URL}"' in client.get(reverse("teams:list")).content.decode()


def test_small_company_starting_a_change_gets_one_conversation_manager(
    client, knowledge, django_assert_max_num_queries
):
    html = answer(
        client, django_assert_max_num_queries, size="klein", stage="begin", purpose="verandering"
    )
    assert fitting(html) == ["een-conversation-manager"]
    card = html[html.index('id="advies-een-conversation-manager"') :]
    card = card[: card.index("</article>")]
    # Its role, a vacancy for it in this team, and the article's own reason, cited.
    assert 'href="/roles/conversation-manager/"' in card
    assert 'href="/roles/conversation-manager/vacature/?team=een-conversation-manager"' in card
    assert "In een klein bedrijf kan één persoon, de conversation manager" in card
    assert 'href="/articles/wat-is-de-rol-van-een-social-media-team/' in card
    assert "Waar de bronnen het oneens zijn" in card
    # The answer has an address of its own.
    assert 'action="/teams/advies/#advies"' in html


def test_large_company_for_interaction_gets_the_expert_team_and_the_central_team(
    client, knowledge, django_assert_max_num_queries
):
    html = answer(
        client, django_assert_max_num_queries, size="groot", stage="begin", purpose="interactie"
    )
    assert fitting(html) == ["centraal-social-media-team", "intern-social-media-expert-team"]
    card = html[html.index('id="advies-intern-social-media-expert-team"') :]
    card = card[: card.index("</article>")]
    assert "De executive champion heb je van in het begin nodig" in card
    assert "minstens twee managers" in card
    assert 'href="/roles/executive-champion/"' in card
    assert 'href="/compare/?roles=' in card
    # Barger and JDC disagree on where the team belongs.
    disputes = card[card.index("Waar de bronnen het oneens zijn") :]
    assert "PR" in disputes and "marketing, CRM en klantenservice" in disputes


def test_maturing_organisation_gets_hub_and_spoke_and_the_decentralised_alternative(
    client, knowledge, django_assert_max_num_queries
):
    html = answer(
        client, django_assert_max_num_queries, size="groot", stage="ver", purpose="verandering"
    )
    assert fitting(html) == ["hub-and-spoke", "decentrale-organisatie"]
    hub = html[html.index('id="advies-hub-and-spoke"') :]
    hub = hub[: hub.index("</article>")]
    # No positions in the articles: the roles its reason names.
    assert "De artikelen noemen geen posities in dit model" in hub
    assert 'href="/roles/executive-champion/"' in hub
    assert "Martin Kloos" in hub


def test_intranet_community_gets_the_roles_the_articles_describe(
    client, knowledge, django_assert_max_num_queries
):
    html = answer(
        client, django_assert_max_num_queries, size="klein", stage="begin", purpose="intranet"
    )
    assert fitting(html) == ["intranet-community"]
    # The community coach is Pater's name for the community manager, not a
    # second role to compare with.
    assert 'href="/roles/community-coach/"' not in html
    assert "roles=community-manager,community-coach" not in html
    assert 'href="/roles/community-manager/vacature/"' in html
    assert "community coach" in html.lower()


def test_advisor_shows_only_public_statements_and_structures(
    client, knowledge, django_assert_max_num_queries
):
    Statement.objects.filter(slug="executive-champion-van-in-het-begin").update(status="draft")
    TeamStructure.objects.filter(slug="centraal-social-media-team").update(status="draft")
    html = answer(
        client, django_assert_max_num_queries, size="groot", stage="begin", purpose="interactie"
    )
    assert fitting(html) == ["intern-social-media-expert-team"]
    assert "De executive champion heb je van in het begin nodig" not in html


@pytest.mark.parametrize(
    "query",
    [{"size": "reusachtig"}, {"size": "klein"}, {"size": ["klein", "groot"]}, {"stage": "x"}],
)
def test_advisor_with_unknown_or_missing_answers_asks_again(client, knowledge, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and "advisor-card" not in html


def test_english_interface_translates_the_advisor_and_the_level_badges(client, knowledge):
    client.cookies["django_language"] = "en"
    html = client.get(URL, {"size": "klein", "stage": "begin", "purpose": "verandering"})
    html = html.content.decode()
    assert "Which team suits us?" in html and "Why it fits" in html
    assert "The reasons and structures come from the articles and are in Dutch." in html
    assert "In een klein bedrijf kan één persoon" in html  # the content stays Dutch
    role = client.get("/roles/community-manager/").content.decode()
    assert ">Strategic</a>" in role and ">Operational</a>" in role
    assert "must-have" in role and "Download as Word (.docx)" in role
