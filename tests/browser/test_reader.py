"""What a reader sees (issue 9), in Chromium at a laptop's and a phone's size: tables that fit,
rows as cards on a phone, marks with words, a key, the home page, ended callouts, compare pages
that lead with what matters, report-a-problem links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Server, open_page
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ENVIRONMENTS = ("azure", "aws", "gcp", "arc", "external-registries")
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
# Tables wider than their box (they would scroll sideways), as (caption, scroll, client) width.
OVERFLOWING = """() => [...document.querySelectorAll('.ms-table-wrap')]
    .filter(w => w.checkVisibility() && w.scrollWidth > w.clientWidth + 1)
    .map(w => [w.getAttribute('aria-label'), w.scrollWidth, w.clientWidth])"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_at_1280_no_table_of_an_environment_page_scrolls(
    page: Page, server: Server, env: str
) -> None:
    open_page(page, f"{server.url}containers/{env}/")
    assert page.viewport_size == LAPTOP
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_on_a_phone_a_row_is_a_card_with_its_states_first(phone: Page, server: Server) -> None:
    open_page(phone, f"{server.url}containers/aws/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(OVERFLOWING) == []
    card = phone.locator("tr#attack-path")
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # The card's lines from top to bottom: the feature, its states, then the other values,
    # each under its label.
    lines = card.evaluate(
        """tr => [...tr.children].filter(c => c.checkVisibility())
            .map(c => [c.getBoundingClientRect().top, c.dataset.label || c.innerText.trim()])
            .sort((a, b) => a[0] - b[0]).map(x => x[1])"""
    )
    assert lines[0].startswith("Attack path analysis")
    assert lines[1:3] == ["Linux", "Windows"]
    assert set(lines[3:]) >= {"Domain", "Supported Resources", "Pricing tier"}
    label = card.locator("td[data-label='Pricing tier']")
    assert "Pricing tier" in label.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.is_visible()


def test_the_dashes_of_control_plane_hardening_say_what_they_mean(
    page: Page, server: Server
) -> None:
    """On AWS, "Control plane hardening" is not available on Linux or Windows, and its other
    columns do not apply: a screen reader hears that, not "dash"; the key explains both."""
    open_page(page, f"{server.url}containers/aws/")
    row = page.locator("tr#control-plane-hardening")
    spoken = {
        td.get_attribute("data-label"): td.evaluate(
            "td => [...td.querySelectorAll('.ms-sr')].map(s => s.textContent).join(' ')"
        )
        for td in row.locator("td").all()
    }
    assert spoken["Linux"] == spoken["Windows"] == "Not available"
    for label in ("Supported Resources", "Agentless/Sensor-based", "Pricing tier"):
        assert spoken[label] == "Not applicable", label
    hidden = row.locator("[aria-hidden='true']").all_inner_texts()
    assert set(hidden) == {"-"}  # the mark is seen, not read
    key = page.get_by_role("list", name="What the marks mean")
    assert key.is_visible()
    text = " ".join(key.inner_text().split())
    assert "GA" in text and "Preview" in text
    assert "- Not available" in text and "- Not applicable" in text


def test_the_key_uses_the_matrix_s_own_labels(page: Page, drivers_server: Server) -> None:
    open_page(page, f"{drivers_server.url}drivers/cloud/")
    key = " ".join(page.get_by_role("list", name="What the marks mean").inner_text().split())
    assert "Supported" in key and "Beta" in key and "Not supported" in key
    assert "GA" not in key


def test_a_feature_page_tells_no_column_from_not_listed(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}containers/features/control-plane-hardening/")
    aws = page.locator("tr#env-aws")
    enablement = aws.locator("td[data-label='Enablement method']")
    assert enablement.inner_text().strip().startswith("n/a")
    assert "No such column here" in enablement.text_content()
    assert "is not listed for External container registries" in page.inner_text("article")
    assert page.evaluate(OVERFLOWING) == []


def test_on_a_phone_the_home_page_does_not_scroll_sideways(phone: Page, server: Server) -> None:
    """Each matrix's card, with its table of counts, fits a phone's width."""
    phone.goto(server.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = phone.locator("table.ms-home__counts").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_home_page_lists_each_matrix_and_finds_a_feature(page: Page, server: Server) -> None:
    page.goto(server.url)
    assert page.title() == "Support matrices"  # the site's name once, not twice
    article = page.locator("article")
    text = article.inner_text()
    assert "Review support requirements for container capabilities" in text
    for name in ("Azure", "AWS", "GCP", "Arc-enabled Kubernetes", "External container registries"):
        assert article.get_by_role("link", name=name, exact=True).count() == 1
    counts = article.locator("table.ms-home__counts")
    assert counts.locator("thead th").all_inner_texts()[:3] == ["Environment", "Features", "GA"]
    page.get_by_label("Find a feature").fill("Threat protection (workload)")  # an alias
    page.get_by_role("button", name="Go").click()
    page.wait_for_url(re.compile(r"/containers/features/workload-detection/$"))
    assert page.locator("h1").inner_text().strip().rstrip("¶") == "Workload"


def test_an_ended_callout_says_so_and_the_grid_is_in_view(page: Page, server: Server) -> None:
    page.goto(f"{server.url}containers/")
    ended = page.locator("#callout-qualys-retirement")
    assert ended.locator("summary").inner_text().startswith("Ended 2024-03-06")
    assert ended.get_attribute("open") is None  # folded: one line
    grid = page.locator("table[data-ms-table='overview']")
    assert grid.bounding_box()["y"] < 2 * LAPTOP["height"]  # type: ignore[index]


def test_aws_and_gcp_compare_leads_with_a_dozen_differences_at_most(
    page: Page, server: Server
) -> None:
    open_page(page, f"{server.url}containers/compare/aws-vs-gcp/")
    headings = page.locator("article h2").all_inner_texts()
    assert headings[0].startswith("Availability and release states")
    lead = page.locator("[data-ms-table='compare']").first
    shown = page.evaluate(
        """() => [...document.querySelectorAll("table[data-ms-table='compare']")]
            .filter(t => !t.closest('details')).reduce((n, t) => n + t.tBodies[0].rows.length, 0)"""
    )
    assert 0 < shown <= 12
    assert lead.is_visible()
    names = page.locator("details.ms-fold")
    assert re.match(r"Differences only in environment-specific names \(\d+\)", names.inner_text())
    assert "EKS" in names.text_content() and "GKE" in names.text_content()


def test_each_row_and_feature_page_links_to_its_line_in_the_data(
    page: Page, server: Server
) -> None:
    open_page(page, f"{server.url}containers/aws/")
    link = page.locator("tr#attack-path a.ms-src")
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"https://github\.com/[^ ]+/blob/main/data/containers\.yaml#L\d+", href)
    line = int(href.rsplit("#L", 1)[1])
    data = ROOT / "data" / "containers.yaml"
    assert data.read_text("utf-8").splitlines()[line - 1].strip() == "aws:"
    assert link.get_attribute("aria-label") == "Report a problem with Attack path analysis"
    page.goto(f"{server.url}containers/features/attack-path/")
    report = page.get_by_role("link", name="Report a problem (see the data)")
    assert (report.get_attribute("href") or "").endswith(f"#L{_line(data, '  attack-path:')}")


def _line(path: Path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


def test_reference_tables_never_break_a_word(page: Page, server: Server) -> None:
    """Every cell is at least as wide as its longest word: no "Supporte/d"."""
    open_page(page, f"{server.url}containers/reference/")
    broken = page.evaluate(
        """() => {
            const out = [];
            const walk = document.createTreeWalker(
                document.querySelector('article'), NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const word = n.textContent.trim();
                if (!word || /\\s/.test(word) || !n.parentElement.closest('.ms-table')) continue;
                if (!n.parentElement.checkVisibility()) continue;
                const r = document.createRange(); r.selectNodeContents(n);
                if (r.getClientRects().length > 1) out.push(word);  // one word, two lines
            }
            return out;
        }"""
    )
    assert broken == []


# Each sort button of a table, and whether it is on screen for real: big enough to press, and
# what the reader touches at its middle.
SEEN_BUTTONS = """t => [...t.querySelectorAll('thead .ms-sort')].map(b => {
    b.scrollIntoView({block: 'center'});
    const r = b.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return [b.textContent.trim(), r.width > 8 && r.height > 8 && b.contains(hit)];
})"""


def test_on_a_phone_the_sort_buttons_are_a_visible_line_above_the_cards(
    phone: Page, server: Server
) -> None:
    """The header row is visually hidden in the card layout; its sort buttons are not: they
    make a "Sort by" line, so keyboard focus never lands on a button nobody can see, and a
    phone reader can sort."""
    open_page(phone, f"{server.url}containers/aws/")
    table = phone.locator("table.ms-table").first
    buttons = table.locator("thead .ms-sort")
    assert buttons.count() > 3
    seen = table.evaluate(SEEN_BUTTONS)
    assert seen and all(shown for _, shown in seen), seen
    first = table.locator("tbody tr").first.get_attribute("id")
    button = buttons.filter(has_text="Feature")
    button.click()
    button.click()  # descending: another first row
    assert table.locator("tbody tr").first.get_attribute("id") != first
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
