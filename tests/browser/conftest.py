"""Browser fixtures: the site built once per session, served on 127.0.0.1, driven in Debian's
Chromium through Playwright; and the tables of a built page, read from its HTML, so tests
compare what the browser shows with what the page's data says rather than with fixed numbers.

Playwright cannot download its own browsers here, so the tests launch /usr/bin/chromium (or
`chromium` on the PATH, or $CHROMIUM). They never skip: without Chromium they fail, saying so.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Route,
    sync_playwright,
)

from bench.browser import CHROMIUM_ARGS  # one list of flags for tests and benchmark
from tests.conftest import FIXTURES, copy_project, run_generator

AWS = "containers/aws/"  # one table of features (and a reference table)
AZURE = "containers/azure/"  # a table of features per domain
READY = "() => performance.getEntriesByName('ms-filter:ready').length > 0"
VISIBLE_IDS = """i => [...document.querySelectorAll('table[data-ms-table]')[i].tBodies[0].rows]
    .filter(r => r.checkVisibility()).map(r => r.id || null)"""


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium not found (looked at $CHROMIUM, /usr/bin/chromium and `chromium` on the "
        "PATH). Install Debian's package: `apt-get install chromium` (make test does this).",
        pytrace=False,
    )


# --- the built page's tables, as the HTML states them ---------------------------------------


@dataclass
class Column:
    id: str
    type: str
    facet: bool
    header: str


@dataclass
class Row:
    id: str | None
    text: str = ""  # the cells' texts, one a line (a filter term never spans two cells)
    values: list[list[str] | None] = field(default_factory=list)  # per cell: data-value
    sorts: list[str | None] = field(default_factory=list)  # per cell: data-sort
    absent: list[bool] = field(default_factory=list)  # per cell: has data-absent
    cells: list[str] = field(default_factory=list)  # per cell: its text


@dataclass
class Table:
    kind: str
    caption: str
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    noun: str = "row|rows"  # data-ms-noun: "singular|plural" for the count
    filter: bool = True  # False: data-ms-filter="off", no bar and no sort
    row_header: int | None = None  # the column whose body cells are <th>: the rows' headers

    def column(self, column_id: str) -> int:
        return [c.id for c in self.columns].index(column_id)

    def header(self, column_id: str) -> str:
        """The column's header text: its name to a screen reader."""
        return self.columns[self.column(column_id)].header

    def ids(self, keep: Callable[[Row], bool] = lambda row: True) -> list[str | None]:
        return [row.id for row in self.rows if keep(row)]

    def facet_values(self, j: int) -> set[str]:
        return {v for row in self.rows for v in row.values[j] or ()}


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._in: list[str] = []  # open table/caption/thead/tbody/th/td/tr tags
        self._text: list[str] = []
        self._cell = False  # inside a body cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("data-ms-table"):
            self.tables.append(
                Table(
                    kind=str(a["data-ms-table"]),
                    caption="",
                    noun=a.get("data-ms-noun") or "row|rows",
                    filter=a.get("data-ms-filter") != "off",
                )
            )
            self._in = ["table"]
            return
        if not self._in:
            return
        table = self.tables[-1]
        if tag in ("caption", "thead", "tbody"):
            self._in.append(tag)
        elif tag == "tr" and "tbody" in self._in:
            table.rows.append(Row(id=a.get("id")))
        elif tag in ("th", "td"):
            if "thead" in self._in:
                header = Column(
                    str(a.get("data-column")), str(a.get("data-type")), "data-facet" in a, ""
                )
                table.columns.append(header)
                self._text = []
            elif "tbody" in self._in:
                row = table.rows[-1]
                raw = a.get("data-value")
                row.values.append(None if raw is None else raw.split("|"))
                row.sorts.append(a.get("data-sort"))
                row.absent.append("data-absent" in a)
                if row.cells:
                    row.text += "\n"
                row.cells.append("")
                self._cell = True
                if tag == "th" and table.row_header is None:
                    table.row_header = len(row.cells) - 1

    def handle_endtag(self, tag: str) -> None:
        if not self._in:
            return
        table = self.tables[-1]
        if tag == "table":
            self._in = []
        elif tag in ("caption", "thead", "tbody") and self._in[-1] == tag:
            self._in.pop()
        elif tag == "th" and "thead" in self._in:
            table.columns[-1].header = "".join(self._text).strip()
        elif tag in ("td", "th"):
            self._cell = False

    def handle_data(self, data: str) -> None:
        if not self._in:
            return
        table = self.tables[-1]
        if self._in[-1] == "caption":
            table.caption += data
        elif "thead" in self._in:
            self._text.append(data)
        elif "tbody" in self._in and table.rows and self._cell:
            table.rows[-1].text += data
            table.rows[-1].cells[-1] += data


def tables_in(html: str) -> list[Table]:
    """Every data-ms-table table in a page's HTML."""
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


def page_tables(site: Path, url_path: str) -> list[Table]:
    """Every data-ms-table table of the page at `url_path` (like "containers/aws/")."""
    return tables_in((site / url_path / "index.html").read_text(encoding="utf-8"))


def filterable(tables: list[Table]) -> list[Table]:
    """The tables that get a filter bar: all but those marked data-ms-filter="off"."""
    return [t for t in tables if t.filter]


# --- serving and driving the site -----------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """A static file server for `root` on 127.0.0.1 and a free port, in a thread."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="session")
def site(built_site: Path) -> Path:
    """The site as `make build` makes it (the root conftest builds it once per session)."""
    return built_site


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[Server]:
    with Server(site) as srv:
        yield srv


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it gains `!!python/name:` or `!ENV` tags (they load as None)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="session")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The same site with Material's instant navigation on. Instant navigation only follows
    links listed in sitemap.xml, which needs `site_url`, so the port is chosen first."""
    project = copy_project(tmp_path_factory.mktemp("instant"))
    site_dir = project / "site-instant"
    with Server(site_dir) as srv:
        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), _AnyTagLoader)
        features = [*config["theme"].get("features", []), "navigation.instant"]
        variant = {
            "INHERIT": "mkdocs.yml",
            "site_url": srv.url,
            "theme": {**config["theme"], "features": features},
        }
        (project / "mkdocs.instant.yml").write_text(yaml.safe_dump(variant), encoding="utf-8")
        result = run_generator(
            "build", "-f", "mkdocs.instant.yml", "--site-dir", str(site_dir), cwd=project
        )
        assert result.returncode == 0, result.stderr
        yield srv


@pytest.fixture(scope="session")
def drivers_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The site of the second fixture matrix alone (tests/fixtures/matrices/drivers.yaml): other
    columns, among them a `version` column; `drivers_server.root` is its folder."""
    project = copy_project(tmp_path_factory.mktemp("drivers"))
    shutil.rmtree(project / "data")
    (project / "data").mkdir()
    shutil.copy2(FIXTURES / "matrices" / "drivers.yaml", project / "data")
    result = run_generator("build", "--no-history", cwd=project)
    assert result.returncode == 0, result.stderr
    with Server(project / "site") as srv:
        yield srv


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _console(message: ConsoleMessage, errors: list[str]) -> None:
    """Console errors fail the test, a request leaving the machine too: no page may depend on
    the internet (Material's repository widget would ask api.github.com for a repo_url's
    stars, which is why the site's repository link is not repo_url)."""
    if message.type == "error":
        url = str(message.location.get("url", ""))
        errors.append(f"console {message.type}: {message.text} ({url})")


@contextlib.contextmanager
def _context(browser: Browser, **options: Any) -> Iterator[tuple[BrowserContext, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    errors: list[str] = []
    context.on("weberror", lambda e: errors.append(f"page error: {e.error}"))
    context.on("console", lambda m: _console(m, errors))
    try:
        yield context, errors
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page with JavaScript on; a script error or console error fails the test."""
    with _context(browser) as (context, errors):
        yield context.new_page()
    assert errors == [], errors


@pytest.fixture
def nojs_page(browser: Browser) -> Iterator[Page]:
    with _context(browser, java_script_enabled=False) as (context, _):
        yield context.new_page()


def open_page(page: Page, url: str) -> Page:
    """Load `url` and wait until matrix-filter.js has set up the page's tables."""
    page.goto(url)
    page.wait_for_function(READY)
    return page


def open_table(
    page: Page, server: Server, url_path: str, query: str = ""
) -> tuple[list[Table], Table]:
    """Open the page at `url_path` of `server`'s site, `query` appended ("?aws.hide=plans",
    "#row-id"), as open_page does; return the page's tables, as its HTML states them, and the
    first of them that filters."""
    tables = page_tables(server.root, url_path)
    open_page(page, server.url + url_path + query)
    return tables, filterable(tables)[0]


def reload(page: Page) -> Page:
    """Reload the page and wait until matrix-filter.js has set up its tables again."""
    page.reload()
    page.wait_for_function(READY)
    return page


def serve_instead(page: Page, url: str | re.Pattern[str], html: str) -> None:
    """Answer the page's requests for `url` with `html` rather than the served file."""

    def fulfil(route: Route) -> None:
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(url, fulfil)


def tab_to(page: Page, target: Locator, presses: int) -> None:
    """Press Tab, at most `presses` times, until `target` has the focus (as a keyboard user
    reaches it); the caller checks that it did."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            break


def params(page: Page) -> dict[str, list[str]]:
    """The page's query parameters."""
    return parse_qs(urlsplit(page.url).query)


_AXE = Axe()  # axe-core as axe-playwright-python bundles it: no CDN


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results: dict[str, Any] = _AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def bar(page: Page, table: Table) -> Locator:
    """The filter bar of `table`, found as a reader finds it: the search region named for it."""
    return page.get_by_role("search", name=f"Filter: {table.caption}")


def facet(page: Page, table: Table, column_id: str) -> Locator:
    """The select filtering `table` by a column, named by the column's header as a screen
    reader names it; on a bar that folds its facets, unfolded first with its "Filters" button."""
    controls = bar(page, table)
    toggle = controls.get_by_role("button", name="Filters", exact=True)
    if toggle.count() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    return controls.get_by_role("combobox", name=table.header(column_id), exact=True)


def visible(page: Page, tables: list[Table], table: Table) -> list[str | None]:
    """Ids of the rows of `table` that are rendered, in the order they are shown."""
    return list(page.evaluate(VISIBLE_IDS, tables.index(table)))


def count_text(table: Table, shown: int, noun: str | None = None) -> str:
    """The bar's count: "3 of 14 features", in the table's own noun (data-ms-noun)."""
    singular, _, plural = table.noun.partition("|")
    word = noun or (singular if len(table.rows) == 1 else plural or singular)
    return f"{shown:,} of {len(table.rows):,} {word}"
