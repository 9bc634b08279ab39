"""
Debates: a question the sources disagree on, with the positions they take,
each naming who holds it, in which article or comment, and which position
it answers. Read through the pages, the API, the loader and the exporter.
"""

import html
import re

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from factories import (
    ArticleFactory,
    DebateFactory,
    PersonFactory,
    PositionFactory,
    RoleFactory,
)
from loader_helpers import content, counts, load, sample, wipe, write_files
from reversion.models import Version
from test_export import export, read

from articles.models import Article
from debates.models import Debate, Position
from editorial.history import followed
from editorial.management.commands.setup_redactie import GROUP, ensure_redactie
from editorial.models import Status

LEVEL = "welk-niveau-noemt-conversation-manager"


def text_of(response):
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", response.getvalue().decode()))


# Pages -----------------------------------------------------------------------


def test_debate_page_shows_each_position_with_who_where_and_what_it_answers(client, knowledge):
    page = client.get(reverse("debates:detail", args=[LEVEL]))
    body = text_of(page)

    assert "Welk niveau noemt de titel conversation manager?" in body
    # Who, from which article, and in a comment or in the article itself.
    kurt = body[body.index('id="kurt-eerste-stap"') :]
    kurt = kurt[: kurt.index("</li>")]
    assert "Kurt · in een reactie" in kurt
    assert "Beste Conversation Manager: U heeft twee carrièremogelijkheden" in kurt
    assert "een eerste stap naar een meer strategische invulling van de rol" in kurt
    # Kurt answers Koen Delvaux: the link goes to Delvaux's position.
    assert 'antwoordt op <a href="#delvaux-term-afgegleden">Koen Delvaux' in kurt
    assert 'id="delvaux-term-afgegleden"' in body
    # The article's own position is the article's, not a comment.
    assert "Steven Van Belleghem · in het artikel" in body


def test_debate_across_articles_names_each_positions_own_source(client, knowledge):
    body = text_of(client.get(reverse("debates:detail", args=["hoe-heet-de-rol"])))

    pater = body[body.index('id="pater-naam-wekt-weerstand"') :]
    pater = pater[: pater.index("</li>")]
    assert "Van community manager naar community coach" in pater
    assert 'antwoordt op <a href="#de-graaf-volwassen-functie">Mujibor de Graaf' in pater
    graaf = body[body.index('id="de-graaf-volwassen-functie"') :]
    assert "De community manager wordt volwassen" in graaf[: graaf.index("</li>")]


def test_debate_list_links_every_public_debate(client, knowledge):
    body = text_of(client.get(reverse("debates:list")))

    for debate in Debate.objects.public():
        assert debate.get_absolute_url() in body
    assert "Debatten" in body


def test_role_team_and_competency_pages_link_the_debates_about_them(client, knowledge):
    owner = reverse("debates:detail", args=["wie-is-eigenaar-van-sociale-media"])
    for url in (
        reverse("roles:detail", args=["conversation-manager"]),
        reverse("teams:detail", args=["hub-and-spoke"]),
        reverse("competencies:detail", args=["samenwerken"]),
    ):
        body = text_of(client.get(url))
        assert "Hierover verschillen de bronnen" in body, url
    assert LEVEL in text_of(client.get(reverse("roles:detail", args=["conversation-manager"])))
    assert owner in text_of(client.get(reverse("competencies:detail", args=["samenwerken"])))


def test_a_role_no_debate_is_about_says_nothing_of_debates(client, knowledge):
    body = text_of(client.get(reverse("roles:detail", args=["woordvoerder"])))

    assert "Hierover verschillen de bronnen" not in body


def test_article_page_shows_the_debates_its_author_and_commenters_take_part_in(client, knowledge):
    url = reverse("articles:detail", args=["strategische-tips-social-media-expert-team"])
    body = text_of(client.get(url))

    assert "Debatten waaraan dit artikel deelneemt" in body
    assert reverse("debates:detail", args=["centraal-of-verspreid-organiseren"]) in body
    assert "Maurice Beerthuyzen" in body
    # The position's own anchor on the debate page.
    assert "#beerthuyzen-waarom-centraliseren" in body


# Visibility ------------------------------------------------------------------


@pytest.mark.usefixtures("uncached_pages")
def test_a_drafted_debate_is_gone_from_every_page_and_the_api(client, knowledge):
    debate = Debate.objects.get(slug="centraal-of-verspreid-organiseren")
    Debate.objects.filter(pk=debate.pk).update(status=Status.DRAFT)

    assert client.get(debate.get_absolute_url()).status_code == 404
    assert client.get(f"/api/debates/{debate.slug}/").status_code == 404
    for url in (
        reverse("debates:list"),
        reverse("teams:detail", args=["hub-and-spoke"]),
        reverse("articles:detail", args=["strategische-tips-social-media-expert-team"]),
        "/api/debates/",
        reverse("downloads:csv", args=["debates"]),
        reverse("downloads:csv", args=["positions"]),
    ):
        body = text_of(client.get(url))
        assert debate.slug not in body, url
        assert "beerthuyzen-waarom-centraliseren" not in body, url


@pytest.mark.usefixtures("uncached_pages")
def test_a_position_from_a_drafted_article_is_not_shown_nor_answered_to(client, knowledge):
    Article.objects.filter(slug="de-community-manager-wordt-volwassen").update(status=Status.DRAFT)
    body = text_of(client.get(reverse("debates:detail", args=["hoe-heet-de-rol"])))

    assert 'id="de-graaf-volwassen-functie"' not in body
    assert "Mujibor de Graaf" not in body
    # Pater's reply stays, without a link to what readers cannot see.
    pater = body[body.index('id="pater-naam-wekt-weerstand"') :]
    assert "antwoordt op" not in pater[: pater.index("</li>")]
    api = client.get("/api/debates/hoe-heet-de-rol/").json()
    by_slug = {p["slug"]: p for p in api["positions"]}
    assert "de-graaf-volwassen-functie" not in by_slug
    assert by_slug["pater-naam-wekt-weerstand"]["answers"] is None


@pytest.mark.usefixtures("uncached_pages")
def test_a_position_of_a_draft_person_is_hidden(client, db):
    person = PersonFactory(draft=True, name="Verborgen Spreker")
    position = PositionFactory(said_by=person, stance="Een standpunt van een concept-persoon.")

    assert not Position.objects.public().filter(pk=position.pk).exists()
    body = text_of(client.get(position.debate.get_absolute_url()))
    assert "Verborgen Spreker" not in body
    assert "concept-persoon" not in body


def test_api_filter_by_a_draft_or_unknown_role_answers_as_for_no_such_role(client, db):
    public_role, draft_role = RoleFactory(), RoleFactory(draft=True)
    DebateFactory(roles=[public_role, draft_role])

    def count(slug):
        return client.get("/api/debates/", {"role": slug}).json()["count"]

    assert count(public_role.slug) == 1
    assert count(draft_role.slug) == count("bestaat-niet") == 0


# Constraints -----------------------------------------------------------------


def test_a_position_cannot_answer_itself(db):
    position = PositionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(answers=position)


def test_two_positions_of_a_debate_cannot_share_an_order(db):
    first = PositionFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionFactory(debate=first.debate, order=1)


def test_a_position_answers_only_within_its_debate(db):
    other = PositionFactory()
    reply = PositionFactory.build(source=ArticleFactory(), debate=DebateFactory(), answers=other)
    with pytest.raises(ValidationError) as raised:
        reply.full_clean()
    assert "answers" in raised.value.message_dict


# Loader and exporter ---------------------------------------------------------


def debate_files():
    files = sample()
    files["artikel-een.yaml"]["debates"] = [
        {
            "slug": "een-debat",
            "question": "Waarover verschillen ze?",
            "summary": "In eigen woorden.",
            "roles": ["community-manager"],
        }
    ]
    files["artikel-een.yaml"]["positions"] = [
        {"slug": "eerste", "debate": "een-debat", "stance": "Zo.", "order": 1},
    ]
    files["artikel-twee.yaml"]["positions"] = [
        {
            "slug": "antwoord",
            "debate": "een-debat",
            "stance": "Nee.",
            "answers": "eerste",
            "order": 2,
        },
    ]
    return files


def test_loader_loads_a_debate_across_files_and_a_second_run_writes_nothing(tmp_path, db):
    directory = write_files(tmp_path / "fixtures", debate_files())
    first = counts(load(directory))
    assert first["debates"][0] == 1 and first["positions"][0] == 2

    reply = Position.objects.get(slug="antwoord")
    assert reply.answers.slug == "eerste"
    assert reply.source.slug == "artikel-twee"
    assert list(Debate.objects.get().sources.values_list("slug", flat=True)) == ["artikel-een"]
    again = load(directory)
    assert "Nothing changed" in again


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ("onbekend", "unknown position 'onbekend' in 'answers'"),
        ("antwoord", "a position cannot answer itself"),
        ("elders", "it can only answer one of the same debate 'een-debat'"),
    ],
)
def test_loader_refuses_a_wrong_answer_naming_file_and_row(tmp_path, db, answers, reason):
    files = debate_files()
    files["artikel-twee.yaml"]["positions"][0]["answers"] = answers
    files["artikel-twee.yaml"]["debates"] = [
        {"slug": "ander-debat", "question": "Iets anders?", "summary": "Anders."}
    ]
    files["artikel-twee.yaml"]["positions"].append(
        {"slug": "elders", "debate": "ander-debat", "stance": "Elders.", "order": 1}
    )
    directory = write_files(tmp_path / "fixtures", files)

    with pytest.raises(CommandError) as raised:
        load(directory)
    message = str(raised.value)
    assert "artikel-twee.yaml: positions[0] slug=antwoord" in message
    assert reason in message
    assert not Position.objects.exists()


def test_loader_refuses_two_files_giving_one_debate_the_same_order(tmp_path, db):
    files = debate_files()
    files["artikel-twee.yaml"]["positions"][0]["order"] = 1
    directory = write_files(tmp_path / "fixtures", files)

    with pytest.raises(CommandError) as raised:
        load(directory)
    assert "debate and order ('een-debat', 1) also belong to" in str(raised.value)


def test_export_round_trip_keeps_debates_and_replies(tmp_path, db):
    load(write_files(tmp_path / "fixtures", debate_files()))
    before = content()
    export(tmp_path / "first")
    files = read(tmp_path / "first")
    assert "een-debat" in files["artikel-een.yaml"]
    assert "answers: eerste" in files["artikel-twee.yaml"]
    assert "debates:" not in files["artikel-twee.yaml"]

    wipe()
    load(tmp_path / "first")
    assert content() == before


# What derives from the kinds registry ----------------------------------------


def test_editors_may_edit_debates_and_positions(db):
    ensure_redactie()
    codenames = set(Group.objects.get(name=GROUP).permissions.values_list("codename", flat=True))
    assert {"change_debate", "add_position", "delete_position", "change_debatesource"} <= codenames


@pytest.mark.usefixtures("uncached_pages")
def test_search_and_sitemap_know_the_debates(client, knowledge):
    found = text_of(client.get("/search/", {"q": "eigenaar sociaal intranet"}))
    assert reverse("debates:detail", args=["wie-is-eigenaar-van-sociale-media"]) in found

    sitemap = text_of(client.get(reverse("sitemap-section", args=["debate"])))
    assert reverse("debates:detail", args=[LEVEL]) in sitemap


def test_history_keeps_a_debate_with_its_positions(db):
    assert "positions" in {link.attr for link in followed(Debate)}
    position = PositionFactory()
    with reversion.create_revision():
        position.debate.save()
    versions = Version.objects.get_for_object(position.debate)
    assert versions.count() == 1
    kept = {
        v.object_id for v in versions[0].revision.version_set.filter(content_type__model="position")
    }
    assert kept == {str(position.pk)}


def test_person_page_lists_the_positions_they_took(client, knowledge):
    body = text_of(client.get(reverse("people:detail", args=["martin-kloos"])))

    assert "Standpunten in debatten" in body
    assert reverse("debates:detail", args=["maakt-het-team-zichzelf-overbodig"]) in body
    assert "#kloos-hub-and-spoke-bij-volwassenheid" in body


def test_a_cached_debate_page_is_not_stale_after_a_position_changes(client, knowledge):
    url = reverse("debates:detail", args=["hoe-heet-de-rol"])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    position = Position.objects.get(slug="pater-naam-wekt-weerstand")
    position.stance = "Een nieuwe samenvatting van Paters standpunt."
    position.save()

    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Een nieuwe samenvatting van Paters standpunt." in text_of(fresh)
