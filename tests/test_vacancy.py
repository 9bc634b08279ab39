import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_knowledge import CM_ARTICLE, CONV_ARTICLE, TEAM_ARTICLE, build

from articles.models import Article
from editorial.models import Status
from roles.models import Level

VACANCY_QUERY_CEILING = 20
CM = "/roles/community-manager/vacature/"
CONV = "/roles/conversation-manager/vacature/"


@pytest.fixture
def k(db):
    return build()


def get(client, path, params, django_assert_max_num_queries, status=200, link=False):
    """
    The page for `params` as the form submits them (with its "chosen" marker:
    an unticked box means "not wanted"), or with link=True as a link that
    names only some choices.
    """
    if params and not link and set(params) & {"level", "must", "nice", "tasks", "team"}:
        params = {"chosen": "1", **params}
    url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    with django_assert_max_num_queries(VACANCY_QUERY_CEILING):
        response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response


def page(client, path, params, django_assert_max_num_queries):
    return get(client, path, params, django_assert_max_num_queries).content.decode()


def checked(html, name):
    """The values of the inputs called `name` that are checked."""
    inputs = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]


def warning_keys(html):
    return re.findall(r'data-warning="([^"]+)"', html)


def text_of(client, path, params, django_assert_max_num_queries, fmt="txt"):
    response = get(client, path, {**params, "format": fmt}, django_assert_max_num_queries)
    return response


CM_CHOICES = {
    "level": "strategisch",
    "must": ["communicatief"],
    "nice": ["organisatorisch-sterk"],
    "tasks": ["analyseren"],
    "team": "social-media-team",
}


def test_vacancy_link_on_every_role_page(client, k):
    for role in (k.cm, k.conv):
        html = client.get(role.get_absolute_url()).content.decode()
        assert f'href="{reverse("roles:vacancy", args=[role.slug])}"' in html
        assert "Maak een vacaturetekst" in html


def test_vacancy_form_starts_from_the_role_profile(client, k, django_assert_max_num_queries):
    html = page(client, CM, {}, django_assert_max_num_queries)

    assert checked(html, "level") == ["strategisch"]  # the highest level the article gives
    assert checked(html, "must") == ["communicatief", "sociaal"]
    assert checked(html, "nice") == ["organisatorisch-sterk"]
    assert checked(html, "tasks") == ["analyseren", "modereren"]
    assert checked(html, "team") == [""]
    assert 'value="social-media-team"' in html
    assert "verborgen" not in html.lower()
    assert 'id="vacancy-text"' not in html, "no text before the form is submitted"
    assert 'method="get"' in html


def ad_and_notes(html):
    """The advertisement and, apart from it, the notes beside it."""
    text = html[html.index('id="vacancy-text"') :]
    notes = text[text.index('class="vacancy-notes') :]
    return text[: text.index("</article>")], notes[: notes.index("</aside>")]


def test_vacancy_text_holds_the_chosen_items(client, k, django_assert_max_num_queries):
    html = page(client, CM, CM_CHOICES, django_assert_max_num_queries)

    text, notes = ad_and_notes(html)
    assert "Vacature: Community manager (strategisch niveau)" in text
    assert "Wij zoeken een community manager op strategisch niveau." in text
    assert "De rol: spin in het web van een online gemeenschap." in text
    assert "Ook bekend als: Community coach." in text
    for heading in ("Wat ga je doen", "Wat vragen we", "Pré", "Het team"):
        assert f"<h3>{heading}</h3>" in text
    # Tasks read as sentences, bare verbs together in one.
    assert "Je werk omvat analyseren." in text
    assert "modereren" not in text  # unticked
    assert "<strong>Communicatief</strong>: kan interacties starten." in text
    assert "<strong>Sociaal</strong>" not in text
    assert "<strong>Organisatorisch sterk</strong>" in text
    assert "Je maakt deel uit van het team." in text
    assert "In het team werk je samen met de conversation manager." in text
    # What the articles say about the choices is beside the text, not in it.
    assert "Waarom dit profiel" not in text and "bron" not in text.lower()
    assert "<h3>Waarom dit profiel</h3>" in notes
    assert "Teamopzet: Social media team." in notes
    assert "De community manager wordt volwassen (Mujibor de Graaf, DutchCowboys)" in notes
    assert "het niveau, 2 competenties, 1 taak" in notes
    # The form keeps what was chosen.
    assert checked(html, "must") == ["communicatief"]
    assert checked(html, "tasks") == ["analyseren"]


def test_vacancy_text_is_clean_sentences(client, knowledge, django_assert_max_num_queries):
    """Every role, every team it has: one full stop at the end, no doubled marks."""
    from roles.models import Role

    for role in Role.objects.public():
        html = page(client, f"/roles/{role.slug}/vacature/", {}, django_assert_max_num_queries)
        teams = re.findall(r'name="team" id="team-[^"]+" value="([^"]+)"', html)
        for team in ["", *teams]:
            params = {"team": team, "format": "txt"}
            body = get(
                client,
                f"/roles/{role.slug}/vacature/",
                params,
                django_assert_max_num_queries,
                link=True,
            )
            ad = body.content.decode().split("-" * 40)[0]
            assert not re.search(r"\.\.|\s[.,:;]|  |: \.", ad), (role.slug, team, ad)
            assert "bron" not in ad.lower(), (role.slug, team)
            for line in ad.splitlines():
                if line.startswith("- ") or (line and line[0].isupper() and " " in line):
                    if not line.startswith(("Vacature:", "Wat ", "Het team", "Pré")):
                        assert line.rstrip().endswith((".", "?", "!")) or line.startswith(
                            ("- Standplaats", "- Uren", "- Salaris")
                        ), (role.slug, team, line)


def test_vacancy_for_a_role_outside_the_team_never_puts_it_in_the_team(
    client, knowledge, django_assert_max_num_queries
):
    """The executive champion works with the team, not in it."""
    params = {"team": "intern-social-media-expert-team", "format": "txt"}
    body = get(
        client,
        "/roles/executive-champion/vacature/",
        params,
        django_assert_max_num_queries,
        link=True,
    )
    ad = body.content.decode().split("-" * 40)[0]
    team = ad[ad.index("Het team") :]
    assert "Je werkt nauw samen met het team, zonder er deel van uit te maken." in team
    assert "In het team werk je" not in team and "Buiten het team werk je" not in team
    assert "In het team zitten de leider van het socialemediaprogramma en -team," in team
    assert (
        "Net als jij werkt de externe socialemedia-expert van buitenaf met het team samen." in team
    )


def test_vacancy_fills_in_organisation_location_hours_and_salary(
    client, k, django_assert_max_num_queries
):
    job = {
        "organisation": "Gemeente Voorbeeld",
        "location": "Utrecht",
        "hours": "32",
        "salary_min": "3500",
        "salary_max": "4200",
    }
    html = page(client, CM, {**CM_CHOICES, **job}, django_assert_max_num_queries)
    text, _notes = ad_and_notes(html)
    assert "Vacature: Community manager bij Gemeente Voorbeeld (strategisch niveau)" in text
    assert "Gemeente Voorbeeld zoekt een community manager op strategisch niveau." in text
    assert "<h3>Wat bieden we</h3>" in text
    assert "<strong>Standplaats</strong>: Utrecht" in text
    assert "<strong>Uren</strong>: 32 uur per week" in text
    assert "<strong>Salaris</strong>: € 3.500 tot € 4.200 bruto per maand" in text
    assert 'value="Gemeente Voorbeeld"' in html  # the form keeps it

    # A range the wrong way round is a form error, not a text.
    html = page(
        client,
        CM,
        {**CM_CHOICES, "salary_min": "5000", "salary_max": "4000"},
        django_assert_max_num_queries,
    )
    assert 'id="vacancy-text"' not in html
    assert 'href="#field-salary_max"' in html


def test_vacancy_as_a_word_file(client, k, django_assert_max_num_queries):
    from io import BytesIO

    from docx import Document

    job = {"organisation": "Acme", "location": "Utrecht"}
    response = text_of(client, CM, {**CM_CHOICES, **job}, django_assert_max_num_queries, "docx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="vacature-community-manager-strategisch.docx"'
    )
    word = Document(BytesIO(response.content))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", "Vacature: Community manager bij Acme (strategisch niveau)")
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings[:5] == ["Wat ga je doen", "Wat vragen we", "Pré", "Het team", "Wat bieden we"]
    assert "Bronnen bij deze tekst (niet voor publicatie)" in headings
    bullets = [p for p in word.paragraphs if p.style.name == "List Bullet"]
    communicative = next(p for p in bullets if p.text.startswith("Communicatief"))
    assert (
        communicative.runs[0].bold
        and communicative.text == "Communicatief: kan interacties starten."
    )
    assert word.core_properties.language == "nl-NL"


def test_vacancy_text_and_markdown_to_copy_and_download(client, k, django_assert_max_num_queries):
    html = page(client, CM, CM_CHOICES, django_assert_max_num_queries)
    assert '<textarea id="vacancy-plain"' in html and "readonly" in html
    assert '<textarea id="vacancy-markdown"' in html
    assert "format=txt" in html and "format=md" in html and "format=docx" in html
    # The text to copy is the advertisement alone.
    plain = html[html.index('id="vacancy-plain"') :]
    plain = plain[: plain.index("</textarea>")]
    assert "Wat ga je doen" in plain and "Waarom dit profiel" not in plain

    txt = text_of(client, CM, CM_CHOICES, django_assert_max_num_queries)
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        txt["Content-Disposition"]
        == 'attachment; filename="vacature-community-manager-strategisch.txt"'
    )
    body = txt.content.decode()
    assert body.startswith("Vacature: Community manager (strategisch niveau)\n=====")
    assert "\nWat ga je doen\n--------------\nJe werk omvat analyseren.\n" in body
    assert "- Communicatief: kan interacties starten.\n" in body
    # The notes come after the advertisement, apart.
    ad, notes = body.split("Bronnen bij deze tekst (niet voor publicatie)")
    assert "Waarom dit profiel" in notes and "Waarom dit profiel" not in ad
    assert "Meer over deze rol: http://testserver/roles/community-manager/" in notes

    md = text_of(client, CM, CM_CHOICES, django_assert_max_num_queries, fmt="md")
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert md["Content-Disposition"].endswith('.md"')
    body = md.content.decode()
    assert body.startswith("# Vacature: Community manager (strategisch niveau)\n")
    assert "\n## Wat ga je doen\n\nJe werk omvat analyseren.\n" in body
    assert "\n## Pré\n\n- **Organisatorisch sterk**: organiseert bijeenkomsten.\n" in body
    # The sources are sentences, not names: plain, not bold from end to end.
    why = body[body.index("### Waarom dit profiel") : body.index("Meer over deze rol")]
    sources = [line for line in why.splitlines() if line.startswith("- ")]
    assert sources
    assert not any(line.startswith("- **") for line in sources)


def test_vacancy_download_without_choices_uses_the_profile(
    client, k, django_assert_max_num_queries
):
    body = text_of(client, CM, {}, django_assert_max_num_queries).content.decode()
    assert "- Communicatief" in body and "- Sociaal" in body and "modereren" in body


def test_vacancy_warns_about_a_strategic_role_with_operational_tasks(
    client, k, django_assert_max_num_queries
):
    choices = {
        "level": "strategisch",
        "must": ["strategisch-denken"],
        "tasks": ["updates-versturen", "campagnes-promoten"],
    }

    html = page(client, CONV, choices, django_assert_max_num_queries)

    assert warning_keys(html) == ["strategic-with-operational-tasks"]
    warning = html[html.index('data-warning="strategic-with-operational-tasks"') :]
    warning = warning[: warning.index("</li>")]
    assert "alle gekozen taken zijn operationeel" in warning
    assert f'href="/articles/{CONV_ARTICLE}/"' in warning
    assert f'href="/articles/{TEAM_ARTICLE}/"' in warning
    assert "Steven Van Belleghem" in warning


def test_vacancy_with_strategic_tasks_gets_no_warning(client, k, django_assert_max_num_queries):
    choices = {
        "level": "strategisch",
        "must": ["strategisch-denken"],
        "tasks": ["strategie-mee-bepalen", "updates-versturen"],
    }
    assert warning_keys(page(client, CONV, choices, django_assert_max_num_queries)) == []


def test_vacancy_warns_without_must_haves_or_tasks(client, k, django_assert_max_num_queries):
    html = page(client, CM, {"level": "strategisch"}, django_assert_max_num_queries)

    keys = warning_keys(html)
    assert "no-must-haves" in keys and "no-tasks" in keys
    assert f'href="/articles/{CM_ARTICLE}/"' in html
    assert "Wat vragen we" not in html[html.index('id="vacancy-text"') :]


def test_vacancy_warns_when_a_community_manager_becomes_an_intern_job(
    client, k, django_assert_max_num_queries
):
    choices = {"level": "operationeel", "must": ["communicatief"], "tasks": ["modereren"]}

    html = page(client, CM, choices, django_assert_max_num_queries)

    assert warning_keys(html) == ["operational-only", "intern-or-social-media-job"]
    assert "tactisch en strategisch niveau" in html
    assert "stagiairsfunctie" in html


def test_vacancy_warns_about_a_level_the_articles_do_not_give(
    client, k, django_assert_max_num_queries
):
    choices = {
        "level": "tactisch",
        "must": ["strategisch-denken"],
        "tasks": ["strategie-mee-bepalen"],
    }

    html = page(client, CONV, choices, django_assert_max_num_queries)

    assert warning_keys(html) == ["level-not-in-profile"]
    assert "op operationeel en strategisch niveau, niet op tactisch niveau" in html


def test_vacancy_warning_needs_its_article(client, k, django_assert_max_num_queries):
    Article.objects.filter(slug=CM_ARTICLE).update(status="draft")

    html = page(client, CM, {"level": "strategisch"}, django_assert_max_num_queries)

    assert "no-must-haves" not in warning_keys(html)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"level": "bestaat-niet"}, "level"),
        ({"level": ""}, "level"),
        ({"level": "strategisch", "must": ["bestaat-niet"]}, "must"),
        ({"level": "strategisch", "must": ["verborgen-competentie"]}, "must"),
        ({"level": "strategisch", "nice": ["strategisch-denken"]}, "nice"),  # not this role's
        ({"level": "strategisch", "tasks": ["verborgen-taak"]}, "tasks"),
        ({"level": "strategisch", "tasks": ["updates-versturen"]}, "tasks"),  # another role's
        ({"level": "strategisch", "team": "verborgen-team"}, "team"),
        ({"level": "strategisch", "format": "pdf"}, "format"),
        ({"must": ["communicatief"]}, "level"),
    ],
)
def test_vacancy_invalid_choices_are_a_form_error(
    client, k, django_assert_max_num_queries, params, field
):
    html = page(client, CM, params, django_assert_max_num_queries)

    assert 'class="error-summary' in html
    assert f'href="#field-{field}"' in html
    assert 'id="vacancy-text"' not in html


def test_vacancy_competency_cannot_be_must_and_nice(client, k, django_assert_max_num_queries):
    params = {"level": "strategisch", "must": ["sociaal"], "nice": ["sociaal"]}

    html = page(client, CM, params, django_assert_max_num_queries)

    assert "must-have óf pré, niet allebei: Sociaal" in html
    assert 'id="vacancy-text"' not in html


def test_vacancy_download_with_invalid_choices_says_why(client, k, django_assert_max_num_queries):
    response = get(
        client, CM, {"level": "xyz", "format": "txt"}, django_assert_max_num_queries, status=400
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("level: ")


def test_vacancy_task_at_a_draft_level_shows_no_level(client, k, django_assert_max_num_queries):
    k.analyseren.level = Level.objects.create(
        slug="geheim-niveau", name="Geheim niveau", order=9, status=Status.DRAFT
    )
    k.analyseren.save()

    html = page(client, CM, {"level": "strategisch"}, django_assert_max_num_queries)

    assert 'id="task-analyseren"' in html
    assert "Geheim niveau" not in html and "geheim-niveau" not in html


def test_vacancy_of_a_draft_or_unknown_role_is_404(client, k):
    assert client.get("/roles/geheime-rol/vacature/").status_code == 404
    assert client.get("/roles/bestaat-niet/vacature/").status_code == 404


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(["level", "must", "nice", "tasks", "team", "format", "other"]),
            st.one_of(
                st.sampled_from(
                    ["strategisch", "communicatief", "analyseren", "social-media-team", "txt", ""]
                ),
                st.text(max_size=30),
            ),
        ),
        max_size=8,
    )
)
def test_vacancy_never_fails_on_any_query(client, k, params):
    response = client.get(f"{CM}?{urlencode(params)}")
    assert response.status_code in (200, 400)


def test_vacancy_interface_in_english_keeps_the_content_dutch(
    client, k, django_assert_max_num_queries
):
    client.cookies["django_language"] = "en"

    html = page(client, CM, CM_CHOICES, django_assert_max_num_queries)

    # The interface is English; the advertisement is Dutch from end to end,
    # marked as such, and the page says so.
    text, notes = ad_and_notes(html)
    assert '<article class="vacancy-text" id="vacancy-text" lang="nl">' in html
    assert "The vacancy text is in Dutch" in html
    assert "<h3>Wat ga je doen</h3>" in text and "<h3>Wat vragen we</h3>" in text
    assert "Wij zoeken een community manager op strategisch niveau." in text
    assert "Vacature: Community manager (strategisch niveau)" in text
    assert "looking for" not in text and "level" not in text
    assert "spin in het web van een online gemeenschap." in text
    assert "Sources for this text" in notes
    assert "Download as a Word file (.docx)" in html


def test_vacancy_for_the_conversation_manager_draws_on_its_variants(
    client, knowledge, django_assert_max_num_queries
):
    html = page(client, CONV, {}, django_assert_max_num_queries)

    assert checked(html, "level") == ["strategisch"]
    # Van Belleghem names the strategic variant's competencies without
    # grading them: offered as choices, none ticked as required.
    must = checked(html, "must")
    assert "strategisch-denken" not in must and "verandering-faciliteren" not in must
    assert 'id="must-strategisch-denken"' in html and 'id="nice-strategisch-denken"' in html
    assert "strategisch-denken" not in checked(html, "nice")
    tasks = checked(html, "tasks")
    assert "strategische-facilitator-strategie-bepalen" in tasks
    assert "reactieve-helpdesk-updates-versturen" not in tasks
    assert 'value="centraal-social-media-team"' in html

    # Submitting the defaults leaves the vacancy without requirements, which
    # 'De community manager wordt volwassen' warns against; once the writer
    # makes the named competencies required, no article warns.
    defaults = {"level": "strategisch", "must": must, "tasks": tasks, "team": ""}
    html = page(client, CONV, defaults, django_assert_max_num_queries)
    assert warning_keys(html) == ["no-must-haves"]
    defaults["must"] = ["strategisch-denken", "verandering-faciliteren"]
    html = page(client, CONV, defaults, django_assert_max_num_queries)
    assert warning_keys(html) == []
    assert "De strategische invulling van de conversation manager" in html

    # The helpdesk tasks at the strategic level: the warning of 000 and 003.
    helpdesk = [t for t in re.findall(r'value="(reactieve-helpdesk-[^"]+)"', html)]
    html = page(client, CONV, {**defaults, "tasks": helpdesk}, django_assert_max_num_queries)
    assert warning_keys(html) == ["strategic-with-operational-tasks"]


def test_vacancy_link_naming_only_a_level_keeps_the_profiles_choices(
    client, k, django_assert_max_num_queries
):
    # A link such as ?level=strategisch says nothing about competencies or
    # tasks: the profile's defaults hold, as on the unsubmitted form.
    default = page(client, CM, {}, django_assert_max_num_queries)
    response = get(client, CM, {"level": "strategisch"}, django_assert_max_num_queries, link=True)
    html = response.content.decode()
    assert checked(html, "level") == ["strategisch"]
    assert checked(html, "must") == checked(default, "must") != []
    assert checked(html, "tasks") == checked(default, "tasks") != []
    assert "no-must-haves" not in warning_keys(html)
    text = html[html.index('id="vacancy-text"') :]
    assert "Wat vragen we" in text and "Wat ga je doen" in text

    # Submitted from the form with every box unticked, nothing is wanted.
    html = page(client, CM, {"level": "strategisch"}, django_assert_max_num_queries)
    assert checked(html, "must") == [] and checked(html, "tasks") == []
    assert "no-must-haves" in warning_keys(html)


def test_vacancy_offers_a_competency_the_article_only_names_without_ticking_it(
    client, knowledge, django_assert_max_num_queries
):
    # 'De community manager wordt volwassen' names delegating without a
    # grade ("Dit betekent niet dat de community manager alleen maar
    # delegeert"): the person writing the vacancy chooses.
    html = page(client, CM, {}, django_assert_max_num_queries)
    assert 'id="must-delegeren"' in html
    assert "delegeren" not in checked(html, "must")
    assert "delegeren" not in checked(html, "nice")
    row = html[html.index('id="must-delegeren"') - 1500 : html.index('id="must-delegeren"')]
    assert "profiel: genoemd" in row
    # One article grades 'proactief' must-have, another only names it: the
    # grade holds.
    assert "proactief" in checked(html, "must")
