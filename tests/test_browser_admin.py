"""
An editor edits a role through the real admin screens in Chromium: change
the summary, add a competency with the autocomplete widget, save, and see
the change in the history. The strict Content-Security-Policy must not break
anything (no console errors), and the admin's own CSS and JavaScript load.
"""

from pathlib import Path

import pytest
from admin_helpers import PASSWORD, build_knowledge, make_user
from django.conf import settings
from django.db import connections

from roles.models import Role

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
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test still
    # reads the database synchronously, which Django otherwise refuses there.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(locale="nl-NL", viewport={"width": 1400, "height": 1000})
        page.problems = []
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and page.problems.append(f"{message.text} ({message.location.get('url')})")
            ),
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
            # Inside Playwright's sync API the test runs in another context,
            # with a database connection of its own: close it, or it keeps
            # the test database from being dropped at the end.
            connections.close_all()


def choose(page, row, field, term, option):
    """Pick `option` in a select2 autocomplete field of an inline row."""
    page.locator(f"#{row} .field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_editor_edits_a_role_in_the_browser(live_server, browser_page, transactional_db):
    k = build_knowledge()
    make_user("redacteur", editor=True)
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#needs-attention")

    page.goto(f"{live_server.url}/admin/roles/role/{k.role.pk}/change/")
    page.fill("#id_summary", "Bouwt een online gemeenschap en houdt het gesprek gaande.")
    page.click("#role_competencies-group .add-row a")
    choose(page, "role_competencies-1", "competency", "Analy", "Analytisch")
    choose(page, "role_competencies-1", "source", "volwassen", "De community manager")
    page.select_option("#id_role_competencies-1-importance", "nice")
    page.screenshot(path=str(SCREENSHOTS / "admin-role-change.png"), full_page=True)
    page.click("input[name=_save]")

    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "is met succes gewijzigd" in success.inner_text()
    role = Role.objects.get(pk=k.role.pk)
    assert role.summary == "Bouwt een online gemeenschap en houdt het gesprek gaande."
    assert sorted(rc.competency.name for rc in role.role_competencies.all()) == [
        "Analytisch",
        "Communicatief",
    ]

    page.goto(f"{live_server.url}/admin/roles/role/{k.role.pk}/history/")
    history = page.locator("#change-history tbody tr").first.inner_text()
    assert "redacteur" in history
    assert "Samenvatting" in history
    assert "Analytisch" in history
    page.screenshot(path=str(SCREENSHOTS / "admin-role-history.png"), full_page=True)

    # The admin's stylesheet was applied (served by the app, allowed by the CSP).
    header_colour = page.eval_on_selector("#header", "el => getComputedStyle(el).backgroundColor")
    assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # Chromium asks for /favicon.ico by itself; the admin pages link none.
    assert [p for p in page.problems if "favicon.ico" not in p] == []
