"""
The pictures in real Chromium at 1366 and 390 pixels wide, on the real
knowledge base: every organisation chart's labels inside their boxes and
frame, each box a link to its role; the competency matrix and the
comparison inside the screen, scrolling sideways only inside the table, with
its header row and first column in view. Screenshots go to
artifacts/screenshots/ for people to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
WIDTHS = {"desktop": 1366, "phone": 390}

# Each text of a chart against the box or frame it belongs to, in the SVG's
# own units; a text wider than its room, or outside it, is clipped.
CLIPPED_TEXT = """
svg => {
  if (!svg.getClientRects().length) return null;  // the other layout
  const problems = [];
  const frame = svg.querySelector('.org-frame').getBBox();
  for (const label of svg.querySelectorAll('.org-frame__label')) {
    const b = label.getBBox();
    if (b.x < frame.x || b.x + b.width > frame.x + frame.width)
      problems.push('frame label: ' + label.textContent);
  }
  for (const box of svg.querySelectorAll('.org-box')) {
    const r = box.querySelector('rect').getBBox();
    for (const text of box.querySelectorAll('text')) {
      const b = text.getBBox();
      const across = b.x < r.x + 2 || b.x + b.width > r.x + r.width - 2;
      if (across || b.y < r.y || b.y + b.height > r.y + r.height)
        problems.push(text.textContent + ' in ' + box.getAttribute('href'));
    }
  }
  return problems;
}
"""
# A connecting line that runs through a box would read as that role's own
# report line: lines may only end at a box's edge.
LINE_THROUGH_A_BOX = """
svg => {
  if (!svg.getClientRects().length) return null;
  const crossed = [];
  const boxes = [...svg.querySelectorAll('.org-box')]
    .map(a => [a, a.querySelector('rect').getBBox()]);
  for (const line of svg.querySelectorAll('line.org-line')) {
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map(n => line[n].baseVal.value);
    for (const [a, r] of boxes) {
      const inX = Math.max(x1, x2) > r.x + 1 && Math.min(x1, x2) < r.x + r.width - 1;
      const inY = Math.max(y1, y2) > r.y + 1 && Math.min(y1, y2) < r.y + r.height - 1;
      if (inX && inY) crossed.push(a.getAttribute('href'));
    }
  }
  return crossed;
}
"""
PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


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


def new_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def test_org_charts_never_clip_a_label_and_link_every_box(live_server, knowledge, browser):
    from roles.models import TeamStructure

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Every team structure with positions; the decentralised model has none:
    # its point is that there is no team.
    teams = list(TeamStructure.objects.public().filter(positions__isnull=False).distinct())
    assert len(teams) >= 4
    problems = []
    for device, width in WIDTHS.items():
        page = new_page(browser, width)
        for team in teams:
            page.goto(live_server.url + team.get_absolute_url())
            chart = page.locator("figure.org-chart")
            for svg in chart.locator("svg").all():
                clipped = svg.evaluate(CLIPPED_TEXT)
                if clipped:
                    problems.append(f"{team.slug} at {width}px: {clipped}")
                crossed = svg.evaluate(LINE_THROUGH_A_BOX)
                if crossed:
                    problems.append(f"{team.slug} at {width}px: a line runs through {crossed}")
            visible = chart.locator("svg:visible")
            # Drawn at its own size or near it: never shrunk past reading.
            drawn = visible.evaluate(
                "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
            )
            if drawn < 0.9:
                problems.append(f"{team.slug} at {width}px drawn at {drawn:.0%}")
            if page.evaluate(PAGE_OVERFLOW) > 0:
                problems.append(f"{team.slug} at {width}px scrolls sideways")
            chart.screenshot(path=str(SCREENSHOTS / f"org-chart-{team.slug}-{device}.png"))
        # A box is a link to its role.
        page.goto(live_server.url + "/teams/intern-social-media-expert-team/")
        page.locator("svg:visible a.org-box[href='/roles/executive-champion/']").click()
        page.wait_for_url("**/roles/executive-champion/")
        problems += page.problems
        page.context.close()
    assert not problems, "\n".join(problems)


def test_matrix_fits_the_screen_with_its_header_and_first_column_in_view(
    live_server, knowledge, browser
):
    problems = []
    for device, width in WIDTHS.items():
        page = new_page(browser, width)
        page.goto(live_server.url + "/matrix/")
        region = page.locator(".table-scroll--sticky")
        headers = page.locator(".matrix thead th").all_inner_texts()
        # Roles through their variants: the conversation manager has a column.
        assert "Conversation manager" in headers, headers
        if page.evaluate(PAGE_OVERFLOW) > 0:
            problems.append(f"matrix at {width}px scrolls the page sideways")
        # A role name's longest word fits its column ("Leider van het
        # socialemediaprogramma en -team" ran into the next one).
        cut = page.evaluate(
            """() => [...document.querySelectorAll('.matrix thead th, .matrix tbody th')]
                 .filter(th => th.scrollWidth > th.clientWidth + 1)
                 .map(th => th.textContent.trim())"""
        )
        if cut:
            problems.append(f"matrix labels wider than their cell at {width}px: {cut}")
        box = region.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > width:
            problems.append(f"matrix region at {width}px is outside the screen: {box}")
        page.screenshot(path=str(SCREENSHOTS / f"matrix-{device}.png"))
        # Scrolled down and to the right inside the region, the role names
        # and the competency names stay where they were.
        region.evaluate("el => { el.scrollTop = 300; el.scrollLeft = 400; }")
        page.wait_for_timeout(100)
        top = region.bounding_box()["y"]
        header = page.locator(".matrix thead th").last.bounding_box()
        if abs(header["y"] - top) > 2:
            problems.append(f"header row not sticky at {width}px: {header['y']} vs {top}")
        first = page.locator(".matrix tbody th").nth(8).bounding_box()
        if abs(first["x"] - region.bounding_box()["x"]) > 2:
            problems.append(f"first column not sticky at {width}px")
        page.screenshot(path=str(SCREENSHOTS / f"matrix-scrolled-{device}.png"))
        problems += page.problems
        page.context.close()
    assert not problems, "\n".join(problems)


def test_compare_table_keeps_words_whole_and_stacks_on_a_phone(live_server, knowledge, browser):
    url = "/compare/?roles=conversation-manager,community-manager,social-media-evangelist"
    problems = []
    for device, width in WIDTHS.items():
        page = new_page(browser, width)
        page.goto(live_server.url + url)
        if page.evaluate(PAGE_OVERFLOW) > 0:
            problems.append(f"compare at {width}px scrolls the page sideways")
        broken = page.evaluate(
            """() => [...document.querySelectorAll('.compare-table th[scope=row]')]
                 .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent)"""
        )
        if broken:
            problems.append(f"row labels that do not fit at {width}px: {broken}")
        cells = page.locator(".compare-table td[data-role]")
        outside = [
            cell.get_attribute("data-role")
            for cell in cells.all()
            if (b := cell.bounding_box()) and b["x"] + b["width"] > width + 1
        ]
        if outside:
            problems.append(f"cells off screen at {width}px: {outside[:3]}")
        page.screenshot(path=str(SCREENSHOTS / f"compare-{device}.png"), full_page=True)
        problems += page.problems
        page.context.close()
    assert not problems, "\n".join(problems)


def test_compare_with_starts_from_the_closest_role(live_server, knowledge, browser):
    page = new_page(browser, 1366)
    page.goto(live_server.url + "/roles/conversation-manager/")
    chosen = page.locator("#compare-with").input_value()
    # A variant of the conversation manager, not the first role by name.
    assert chosen.startswith("conversation-manager-"), chosen
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_url("**/compare/**")
    assert page.locator(".compare-table thead th").count() == 2
    page.context.close()
