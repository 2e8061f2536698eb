"""Seed fidelity: every table row and detail-list item of the seed page is on the built site.

Acceptance criterion encoded here: every row of every table in the seed is one row of a table
on the built site, with the same cells in the same order once markup is stripped; every item of
the seed's detail lists is on the site.

The seed side is parsed with markdown-it-py, the site side by walking every ``*.html`` under the
built site directory with the standard-library ``HTMLParser``. Both sides are compared after the
same normalisation (see :func:`normalise`). The walkers are unit-tested on small inline samples
and on ``tests/fixtures/mini_site``; the fidelity tests themselves use the ``built_site`` fixture
from ``tests/conftest.py`` and are all named ``test_built_site_*``, so
``pytest -k "not built_site"`` runs only the parts that need no site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

# --------------------------------------------------------------------------------------------
# Where the seed lives
# --------------------------------------------------------------------------------------------

SEED_NAME = "000_448e88e01aac425e.txt"
TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
#: The project's own byte copy of the seed; preferred, so the test does not depend on shared/.
PROJECT_SEED = FIXTURES_DIR / "seed.md"
#: The shared seed beside the checkout (``<checkout>/../shared/seeds/...``).
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED_NAME
MINI_SITE = FIXTURES_DIR / "mini_site"


def find_seed() -> Path:
    """Return the seed page, preferring the project's copy; fail (never skip) if neither exists."""
    for candidate in (PROJECT_SEED, SHARED_SEED):
        if candidate.is_file():
            return candidate
    pytest.fail(
        f"seed page not found: looked for the project copy {PROJECT_SEED} and the shared seed "
        f"{SHARED_SEED}. Restore tests/fixtures/seed.md (a byte copy of shared/seeds/{SEED_NAME}).",
        pytrace=False,
    )


# --------------------------------------------------------------------------------------------
# What the seed holds, counted by hand and pinned, so a broken parser cannot pass vacuously
# --------------------------------------------------------------------------------------------


class PinnedTable(NamedTuple):
    test_id: str
    heading: str  # breadcrumb of the headings (levels 2+) above the table
    body_rows: int


_AZ = "Azure"
_AWS = "AWS"
_GCP = "GCP"
_ONPREM = "On-premises, Arc-enabled Kubernetes clusters"
_MDVM = "Vulnerability assessment powered by Microsoft Defender Vulnerability Management"
_RUNTIME = "Runtime threat protection"

SEED_TABLES: tuple[PinnedTable, ...] = (
    PinnedTable("azure-posture", f"{_AZ} > Security posture management", 7),
    PinnedTable("azure-va", f"{_AZ} > Vulnerability assessment", 2),
    PinnedTable("azure-runtime", f"{_AZ} > Runtime threat protection", 2),
    PinnedTable("azure-deployment", f"{_AZ} > Deployment & monitoring", 3),
    PinnedTable(
        "azure-registries", f"{_AZ} > Registries and images support for Azure - {_MDVM}", 3
    ),
    PinnedTable(
        "azure-k8s-distros",
        f"{_AZ} > Kubernetes distributions and configurations for Azure - {_RUNTIME}",
        1,
    ),
    PinnedTable("aws-features", _AWS, 14),
    PinnedTable("aws-registries", f"{_AWS} > Registries and images support for AWS - {_MDVM}", 3),
    PinnedTable(
        "aws-k8s-distros",
        f"{_AWS} > Kubernetes distributions/configurations support for AWS - {_RUNTIME}",
        1,
    ),
    PinnedTable("gcp-features", _GCP, 14),
    PinnedTable("gcp-registries", f"{_GCP} > Registries and images support for GCP - {_MDVM}", 3),
    PinnedTable(
        "gcp-k8s-distros",
        f"{_GCP} > Kubernetes distributions/configurations support for GCP - {_RUNTIME}",
        1,
    ),
    PinnedTable("onprem-features", _ONPREM, 8),
    PinnedTable("onprem-external-registries", f"{_ONPREM} > External container registries", 4),
    PinnedTable(
        "onprem-k8s-distros", f"{_ONPREM} > Kubernetes distributions and configurations", 1
    ),
)
EXPECTED_TABLE_COUNT = 15
EXPECTED_HEADER_ROWS = 15  # one header row per table
EXPECTED_BODY_ROWS = 67
#: 12 supported host operating systems + 3 next steps; the 2 bullets inside the first
#: ``> [!NOTE]`` callout are deliberately not counted.
EXPECTED_LIST_ITEMS = 15
EXPECTED_LIST_HEADINGS = {
    f"{_ONPREM} > Supported host operating systems": 12,
    "Next steps": 3,
}

# --------------------------------------------------------------------------------------------
# Normalisation (applied to both sides)
# --------------------------------------------------------------------------------------------

#: The seed writes one cloud three ways (documented in data/README.md); fold them to one name.
CANONICAL_21VIANET = "azure operated by 21vianet"
CLOUD_ALIASES: tuple[str, ...] = (
    "microsoft azure operated by 21vianet",
    "azure china 21vianet",
)
_ALIAS_RES = tuple(re.compile(rf"\b{re.escape(alias)}\b") for alias in CLOUD_ALIASES)
_WORD_RE = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lowercase, fold the 21Vianet cloud aliases, keep only ``[a-z0-9]+`` words, space-joined.

    Bullets, punctuation, emphasis markers and case vanish; words and their order remain. The
    aliases are folded after tokenising so that spacing or markup between their words does not
    matter (the result is the same as folding first).
    """
    lowered = unicodedata.normalize("NFKC", text).lower()
    joined = " ".join(_WORD_RE.findall(lowered))
    for alias_re in _ALIAS_RES:
        joined = alias_re.sub(CANONICAL_21VIANET, joined)
    return joined


def normalise_row(cells: Iterable[str]) -> tuple[str, ...]:
    return tuple(normalise(cell) for cell in cells)


def contains_words(haystack: str, needle: str) -> bool:
    """Whether normalised ``needle`` occurs in normalised ``haystack`` on word boundaries."""
    return f" {needle} " in f" {haystack} "


# --------------------------------------------------------------------------------------------
# Seed side: markdown-it-py
# --------------------------------------------------------------------------------------------

#: Tags whose boundaries separate words, on both sides: ``<br>`` (the seed's line break inside
#: cells), block elements, paragraphs, list items, table cells -- and ``<sup>``/``<sub>``, so a
#: footnote marker is its own word whether or not a space precedes it ("Kubernetes<sup>1</sup>"
#: and "Kubernetes <sup>1</sup>" both give "kubernetes 1"). All other tags are dropped and only
#: their text is kept.
WORD_BOUNDARY_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CALLOUT_RE = re.compile(r"^\s*\[!\w+\]")


@dataclass(frozen=True)
class SeedTable:
    heading: str
    line: int  # 1-based line of the header row in the seed
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]


@dataclass(frozen=True)
class SeedListItem:
    heading: str
    line: int
    text: str


@dataclass(frozen=True)
class SeedPage:
    tables: tuple[SeedTable, ...]
    list_items: tuple[SeedListItem, ...]


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def strip_front_matter(source: str) -> str:
    """Blank out a leading YAML front-matter block, keeping line numbers intact."""
    match = _FRONT_MATTER_RE.match(source)
    if match is None:
        return source
    return "\n" * match.group(0).count("\n") + source[match.end() :]


def inline_text(token: Token) -> str:
    """Text of an ``inline`` token: text and code kept, ``<br>`` a space, other tags dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in {"text", "text_special", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "html_inline":
            tag = _TAG_NAME_RE.match(child.content)
            if tag is not None and tag.group(1).lower() in WORD_BOUNDARY_TAGS:
                parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # alt text
        # link_open/close, strong_open/close, em_open/close...: markup only, no text.
    return "".join(parts)


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def parse_seed(source: str) -> SeedPage:
    """Collect every table and every bullet-list item outside callouts from Markdown source."""
    tokens = markdown_parser().parse(strip_front_matter(source))

    headings: dict[int, str] = {}
    heading_level: int | None = None
    # One entry per open blockquote: None until its first inline says whether it is a callout.
    blockquotes: list[bool | None] = []
    list_kinds: list[str] = []
    # Open list items: (kind, in_callout, heading, line, text parts).
    open_items: list[tuple[str, bool, str, int, list[str]]] = []

    tables: list[SeedTable] = []
    items: list[SeedListItem] = []
    table_line = 0
    table_heading = ""
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    row: list[str] | None = None
    row_line = 0
    in_thead = False
    in_table = False

    def breadcrumb() -> str:
        return " > ".join(headings[level] for level in sorted(headings) if level >= 2)

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = None
        elif kind == "blockquote_open":
            blockquotes.append(None)
        elif kind == "blockquote_close":
            blockquotes.pop()
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            list_kinds.append(kind.removesuffix("_list_open"))
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            list_kinds.pop()
        elif kind == "list_item_open":
            in_callout = any(blockquotes)
            open_items.append((list_kinds[-1], in_callout, breadcrumb(), _line(token), []))
        elif kind == "list_item_close":
            item_kind, in_callout, heading, line, parts = open_items.pop()
            if item_kind == "bullet" and not in_callout:
                items.append(SeedListItem(heading, line, " ".join(parts)))
        elif kind == "table_open":
            in_table = True
            table_line = _line(token)
            table_heading = breadcrumb()
            header, rows, row_lines = (), [], []
        elif kind == "table_close":
            tables.append(
                SeedTable(table_heading, table_line, header, tuple(rows), tuple(row_lines))
            )
            in_table = False
        elif kind == "thead_open":
            in_thead = True
        elif kind == "thead_close":
            in_thead = False
        elif kind == "tr_open":
            row = []
            row_line = _line(token)
        elif kind == "tr_close" and row is not None:
            if in_thead:
                header = tuple(row)
            else:
                rows.append(tuple(row))
                row_lines.append(row_line)
            row = None
        elif kind == "inline":
            if blockquotes and blockquotes[-1] is None:
                # A blockquote is a callout when its first paragraph starts with [!TYPE].
                blockquotes[-1] = bool(_CALLOUT_RE.match(token.content))
            text = inline_text(token)
            if heading_level is not None:
                for deeper in [lvl for lvl in headings if lvl >= heading_level]:
                    del headings[deeper]
                headings[heading_level] = " ".join(text.split())
            elif in_table and row is not None:
                row.append(text)
            elif open_items:
                open_items[-1][4].append(text)
    items.sort(key=lambda item: item.line)  # nested items close before their parents
    return SeedPage(tuple(tables), tuple(items))


# --------------------------------------------------------------------------------------------
# Site side: html.parser over every page of the built site
# --------------------------------------------------------------------------------------------

#: Elements whose content is never visible text.
SKIPPED_HTML_TAGS = frozenset({"script", "style", "template"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class SiteRow:
    cells: tuple[str, ...]
    in_thead: bool
    all_th: bool


@dataclass(frozen=True)
class SiteTable:
    page: str  # path relative to the site root
    heading: str  # nearest heading before the table
    rows: tuple[SiteRow, ...]

    @property
    def header_rows(self) -> tuple[tuple[str, ...], ...]:
        """Rows in ``<thead>``; without a thead, a leading row made only of ``<th>`` cells."""
        in_thead = tuple(r.cells for r in self.rows if r.in_thead)
        if in_thead:
            return in_thead
        if self.rows and self.rows[0].all_th:
            return (self.rows[0].cells,)
        return ()


@dataclass(frozen=True)
class SitePage:
    page: str
    text: str  # whole visible text
    tables: tuple[SiteTable, ...]


@dataclass
class _TableBuilder:
    heading: str
    rows: list[SiteRow] = field(default_factory=list)
    section: str | None = None
    row: list[str] | None = None
    row_kinds: list[bool] = field(default_factory=list)  # True for <th>
    row_in_thead: bool = False
    cell: list[str] | None = None

    def close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
        self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is not None:
            kinds = self.row_kinds
            self.rows.append(
                SiteRow(tuple(self.row), self.row_in_thead, bool(kinds) and all(kinds))
            )
        self.row = None
        self.row_kinds = []

    def open_row(self) -> None:
        self.close_row()
        self.row = []
        self.row_in_thead = self.section == "thead"

    def open_cell(self, is_th: bool) -> None:
        self.close_cell()
        if self.row is None:
            self.open_row()
        self.cell = []
        self.row_kinds.append(is_th)


class SiteHTMLParser(HTMLParser):
    """Collect the tables (rows of cell texts) and the visible text of one HTML page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._skip_depth = 0
        self._sr_spans = 0  # inside screen-reader-only text (class ms-sr): not what is shown
        self._text: list[str] = []
        self._open_tables: list[_TableBuilder] = []
        self._tables: list[SiteTable] = []
        self._heading_parts: list[str] | None = None
        self._last_heading = ""

    # -- output ------------------------------------------------------------------------------
    def result(self) -> SitePage:
        self.close()
        while self._open_tables:
            self._finish_table()
        return SitePage(self.page, " ".join("".join(self._text).split()), tuple(self._tables))

    # -- helpers -----------------------------------------------------------------------------
    def _emit(self, text: str) -> None:
        self._text.append(text)
        if self._open_tables and self._open_tables[-1].cell is not None:
            self._open_tables[-1].cell.append(text)
        if self._heading_parts is not None:
            self._heading_parts.append(text)

    def _finish_table(self) -> None:
        builder = self._open_tables.pop()
        builder.close_row()
        self._tables.append(SiteTable(self.page, builder.heading, tuple(builder.rows)))

    # -- HTMLParser callbacks ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and (self._sr_spans or "ms-sr" in (dict(attrs).get("class") or "")):
            self._sr_spans += 1
            return
        if tag in SKIPPED_HTML_TAGS:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        if tag in WORD_BOUNDARY_TAGS:
            self._emit(" ")
        if tag in _HEADING_TAGS:
            self._heading_parts = []
        elif tag == "table":
            self._open_tables.append(_TableBuilder(heading=self._last_heading))
        elif self._open_tables:
            builder = self._open_tables[-1]
            if tag in {"thead", "tbody", "tfoot"}:
                builder.close_row()
                builder.section = tag
            elif tag == "tr":
                builder.open_row()
            elif tag in {"td", "th"}:
                builder.open_cell(is_th=tag == "th")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._sr_spans:
            self._sr_spans -= 1
            return
        if tag in SKIPPED_HTML_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._skip_depth:
            return
        if tag in WORD_BOUNDARY_TAGS:
            self._emit(" ")
        if tag in _HEADING_TAGS and self._heading_parts is not None:
            self._last_heading = " ".join("".join(self._heading_parts).split())
            self._heading_parts = None
        elif tag == "table":
            if self._open_tables:
                self._finish_table()
        elif self._open_tables:
            builder = self._open_tables[-1]
            if tag in {"td", "th"}:
                builder.close_cell()
            elif tag == "tr":
                builder.close_row()
            elif tag in {"thead", "tbody", "tfoot"}:
                builder.close_row()
                builder.section = None

    def handle_data(self, data: str) -> None:
        if not self._skip_depth and not self._sr_spans:
            self._emit(data)


def parse_html_page(html: str, page: str = "<inline>") -> SitePage:
    parser = SiteHTMLParser(page)
    parser.feed(html)
    return parser.result()


def walk_site(site_dir: Path) -> list[SitePage]:
    """Parse every ``*.html`` under ``site_dir`` (sorted, so messages are stable)."""
    pages: list[SitePage] = []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        pages.append(parse_html_page(html, path.relative_to(site_dir).as_posix()))
    return pages


def iter_site_tables(pages: Iterable[SitePage]) -> Iterator[SiteTable]:
    for page in pages:
        yield from page.tables


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_page() -> SeedPage:
    return parse_seed(find_seed().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_pages(built_site: Path) -> list[SitePage]:
    pages = walk_site(built_site)
    assert pages, f"the built site {built_site} holds no *.html pages"
    return pages


@pytest.fixture(scope="module")
def site_rows(site_pages: list[SitePage]) -> dict[tuple[str, ...], list[str]]:
    """Every normalised row of every site table -> where it was seen (page and heading)."""
    found: dict[tuple[str, ...], list[str]] = {}
    for table in iter_site_tables(site_pages):
        for row in table.rows:
            found.setdefault(normalise_row(row.cells), []).append(f"{table.page} [{table.heading}]")
    return found


# --------------------------------------------------------------------------------------------
# Message helpers
# --------------------------------------------------------------------------------------------


def _closest_row(
    wanted: tuple[str, ...], candidates: Iterable[tuple[str, ...]]
) -> tuple[tuple[str, ...], int] | None:
    """The same-width site row sharing most cells (position by position) with ``wanted``."""
    best: tuple[tuple[str, ...], int] | None = None
    for candidate in candidates:
        if len(candidate) != len(wanted):
            continue
        score = sum(a == b for a, b in zip(candidate, wanted, strict=True))
        if score and (best is None or score > best[1]):
            best = (candidate, score)
    return best


def _describe_miss(wanted: tuple[str, ...], site: Iterable[tuple[str, ...]]) -> str:
    closest = _closest_row(wanted, site)
    if closest is None:
        return "      no site row of the same width shares a cell with it"
    row, score = closest
    diffs = [
        f"      cell {i}: seed {a!r} != site {b!r}"
        for i, (a, b) in enumerate(zip(wanted, row, strict=True))
        if a != b
    ]
    return f"      closest site row shares {score}/{len(wanted)} cells:\n" + "\n".join(diffs)


# --------------------------------------------------------------------------------------------
# Tests: the seed parse itself (pinned counts; needs no site)
# --------------------------------------------------------------------------------------------


def test_seed_copy_matches_shared_seed() -> None:
    if not (PROJECT_SEED.is_file() and SHARED_SEED.is_file()):
        pytest.skip("needs both tests/fixtures/seed.md and the shared seed to compare them")
    assert PROJECT_SEED.read_bytes() == SHARED_SEED.read_bytes(), (
        f"{PROJECT_SEED} is no longer a byte copy of {SHARED_SEED}; re-copy it"
    )


def test_seed_parse_finds_the_pinned_tables(seed_page: SeedPage) -> None:
    tables = seed_page.tables
    found = [(t.heading, len(t.rows)) for t in tables]
    pinned = [(p.heading, p.body_rows) for p in SEED_TABLES]
    assert len(tables) >= 12, f"too few seed tables found: {found}"
    assert len(tables) == EXPECTED_TABLE_COUNT, f"seed tables found: {found}"
    assert found == pinned, "seed tables (heading, body rows) differ from the hand count"
    header_rows = sum(1 for t in tables if t.header)
    body_rows = sum(len(t.rows) for t in tables)
    assert header_rows == EXPECTED_HEADER_ROWS, f"{header_rows} seed header rows"
    assert body_rows == EXPECTED_BODY_ROWS, f"{body_rows} seed body rows"
    for table in tables:
        for row, line in zip(table.rows, table.row_lines, strict=True):
            assert len(row) == len(table.header), f"seed line {line}: ragged row {row}"
            assert any(normalise_row(row)), f"seed line {line}: row has no words: {row}"


def test_seed_parse_finds_the_pinned_list_items(seed_page: SeedPage) -> None:
    items = seed_page.list_items
    per_heading: dict[str, int] = {}
    for item in items:
        per_heading[item.heading] = per_heading.get(item.heading, 0) + 1
    assert len(items) == EXPECTED_LIST_ITEMS, [item.text for item in items]
    assert per_heading == EXPECTED_LIST_HEADINGS
    texts = [normalise(item.text) for item in items]
    assert "amazon linux 2" in texts
    assert "ubuntu 22 04" in texts
    assert not any("specific features are in preview" in t for t in texts), (
        "bullets inside the > [!NOTE] callout must not be collected"
    )


def test_seed_parse_cell_text_details(seed_page: SeedPage) -> None:
    """Spot checks of cell text: links, bold, <br>, <sup> footnotes and the cloud aliases."""
    posture = seed_page.tables[0]
    assert normalise_row(posture.header) == (
        "feature", "description", "supported resources", "linux release state",
        "windows release state", "enablement method", "sensor", "plans",
        "azure clouds availability",
    )  # fmt: skip
    assert normalise(posture.rows[0][0]) == "agentless discovery for kubernetes"
    assert normalise(posture.rows[0][5]) == "enable agentless discovery on kubernetes toggle"
    # "Microsoft Azure operated by 21Vianet" (Docker CIS row) folds to the canonical name.
    assert normalise(posture.rows[6][8]) == (
        "commercial clouds national clouds azure government azure operated by 21vianet"
    )
    # "Azure China 21Vianet" (runtime workload row) folds to the canonical name too.
    assert normalise(seed_page.tables[2].rows[1][8]).endswith("azure operated by 21vianet")
    distros = seed_page.tables[5].rows[0][1]
    assert normalise(distros).startswith(
        "supported azure kubernetes service aks with kubernetes rbac "
        "supported via arc enabled kubernetes 1 2 azure kubernetes service hybrid"
    )
    assert "<" not in distros, f"HTML tags leaked into cell text: {distros!r}"
    # "-" cells normalise to the empty string.
    aws_control_plane = seed_page.tables[6].rows[5]
    assert normalise_row(aws_control_plane) == (
        "security posture management", "control plane hardening", "", "", "", "", "",
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Tests: the walkers and the normaliser on small samples (need no site)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Microsoft Azure operated by 21Vianet", "azure operated by 21vianet"),
        ("Azure China 21Vianet", "azure operated by 21vianet"),
        ("Azure operated by 21Vianet", "azure operated by 21vianet"),
        (
            "National clouds: Azure Government, Azure  China\n21Vianet.",
            "national clouds azure government azure operated by 21vianet",
        ),
        ("**Supported**  \u2022 Node.js \u2022 .NET", "supported node js net"),
        ("Ubuntu 12.04-22.04", "ubuntu 12 04 22 04"),
        ("the control plane\u2019s IP", "the control plane s ip"),
        ("-", ""),
        ("   ", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@given(st.text())
def test_normalise_is_idempotent_and_word_only(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", once)


def test_contains_words_respects_word_boundaries() -> None:
    assert contains_words("debian 10 debian 11", "debian 10")
    assert contains_words("debian 10 debian 11", "debian 11")
    assert not contains_words("debian 100", "debian 10")
    assert not contains_words("old debian 10", "ld debian")


SEED_SAMPLE = """\
---
title: Sample
description: a front matter list-looking line
- not an item
---

# Title

## Section

> [!NOTE]
> - inside a callout, not collected

| Feature | Details <br><br> |
|--|--|
| [Control plane](intro.md#x) | Commercial clouds<br><br> National clouds: Azure China 21Vianet |
| `code` **bold** | **Supported**<br> \u2022 ACR<sup>[1](#fn1)</sup><br />\u2022 Go<br/>tail |

<sup><a name="footnote1"></a>1</sup> A footnote.

### Sub

- Amazon Linux 2
- Learn how [Defender for Cloud](x.md) *collects* data.
  - nested item

1. an ordered item is not a bullet item
"""


def test_seed_parser_on_inline_sample() -> None:
    page = parse_seed(SEED_SAMPLE)
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.heading == "Section"
    assert table.line == 14
    assert table.row_lines == (16, 17)
    assert normalise_row(table.header) == ("feature", "details")
    assert [normalise_row(row) for row in table.rows] == [
        ("control plane", "commercial clouds national clouds azure operated by 21vianet"),
        ("code bold", "supported acr 1 go tail"),
    ]
    # <br> separates words even with no space around it; other tags vanish without a trace.
    assert "tail" in table.rows[1][1].split()
    assert "<" not in "".join(table.rows[1])
    assert [(item.heading, normalise(item.text)) for item in page.list_items] == [
        ("Section > Sub", "amazon linux 2"),
        ("Section > Sub", "learn how defender for cloud collects data"),
        ("Section > Sub", "nested item"),
    ]


def test_front_matter_is_not_parsed_as_content() -> None:
    page = parse_seed(SEED_SAMPLE)
    assert all("front matter" not in normalise(item.text) for item in page.list_items)
    assert strip_front_matter("no front matter\n") == "no front matter\n"
    blanked = strip_front_matter("---\na: 1\n---\nbody\n")
    assert blanked == "\n\n\nbody\n"


HTML_SAMPLE = """\
<h2>Azure<a class="headerlink" href="#azure">&para;</a></h2>
<table>
  <thead><tr><th>Feature</th><th>Details</th></tr></thead>
  <tbody>
    <tr><td><a href="a.md">Control</a> plane</td>
        <td><p>Commercial clouds</p><p>National clouds: Azure China 21Vianet</p></td></tr>
    <tr><td><code>code</code> <strong>bold</strong></td>
        <td><strong>Supported</strong><ul><li>ACR <sup><a href="#f1">1</a></sup></li>
            <li>Go</li></ul>tail</td></tr>
  </tbody>
</table>
<script>"<table><tr><td>ghost</td></tr></table>"</script>
"""


def test_site_parser_on_inline_sample() -> None:
    page = parse_html_page(HTML_SAMPLE)
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.heading.startswith("Azure")
    assert [normalise_row(h) for h in table.header_rows] == [("feature", "details")]
    assert [normalise_row(row.cells) for row in table.rows if not row.in_thead] == [
        ("control plane", "commercial clouds national clouds azure operated by 21vianet"),
        ("code bold", "supported acr 1 go tail"),
    ]
    assert "ghost" not in page.text


def test_seed_and_site_parsers_agree_on_the_samples() -> None:
    seed_table = parse_seed(SEED_SAMPLE).tables[0]
    site_table = parse_html_page(HTML_SAMPLE).tables[0]
    assert normalise_row(seed_table.header) == normalise_row(site_table.header_rows[0])
    site_body = [normalise_row(r.cells) for r in site_table.rows if not r.in_thead]
    assert [normalise_row(r) for r in seed_table.rows] == site_body


def test_site_walker_on_mini_site() -> None:
    pages = walk_site(MINI_SITE)
    assert [p.page for p in pages] == ["index.html"]
    page = pages[0]
    # The <table> inside <script> is not a table; the nested table is a table of its own.
    assert len(page.tables) == 3, [t.rows for t in page.tables]
    azure, nested, aws = page.tables
    assert azure.heading == "Azure"
    assert [normalise_row(h) for h in azure.header_rows] == [
        ("feature", "azure clouds availability")
    ]
    cloud_cell = "commercial clouds national clouds azure government azure operated by 21vianet"
    registries_cell = "supported acr registries node js kubernetes 1 windows server 2016"
    assert [normalise_row(r.cells) for r in azure.rows if not r.in_thead] == [
        ("agentless discovery for kubernetes", cloud_cell),
        ("registries and images", registries_cell),
        ("control plane hardening", ""),
    ]
    # A table without <thead>: the leading all-<th> row is its header; end tags may be omitted.
    assert aws.heading == "AWS"
    assert [normalise_row(h) for h in aws.header_rows] == [("aspect", "details")]
    assert [normalise_row(r.cells) for r in aws.rows] == [
        ("aspect", "details"),
        ("operating systems", "alpine linux 3 12 3 19"),
        ("nested", "outer after"),
    ]
    assert [normalise_row(r.cells) for r in nested.rows] == [("inner cell",)]
    text = normalise(page.text)
    assert contains_words(text, "amazon linux 2")
    assert contains_words(text, "mariner 1 0")
    assert "hidden script text" not in text
    assert "should not be seen" not in text
    assert "not a table" not in text


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_CELL = st.lists(st.lists(_WORD, min_size=1, max_size=4), min_size=1, max_size=3)


def _markdown_cell(lines: Sequence[Sequence[str]], bold: bool) -> str:
    rendered = [" ".join(words) for words in lines]
    if bold:
        rendered[0] = f"**{rendered[0]}**"
    return "<br>\u2022 ".join(rendered)


def _html_cell(lines: Sequence[Sequence[str]], bold: bool) -> str:
    rendered = [" ".join(words) for words in lines]
    if bold:
        rendered[0] = f"<strong>{rendered[0]}</strong>"
    return (
        rendered[0] + "<ul>" + "".join(f"<li><p>{line}</p></li>" for line in rendered[1:]) + "</ul>"
    )


@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(
            st.lists(st.tuples(_CELL, st.booleans()), min_size=width, max_size=width),
            min_size=2,
            max_size=5,
        )
    )
)
def test_seed_and_site_parsers_agree_on_generated_tables(
    table: list[list[tuple[list[list[str]], bool]]],
) -> None:
    header, *body = table
    md_lines = [
        "| " + " | ".join(_markdown_cell(c, b) for c, b in header) + " |",
        "|" + "--|" * len(header),
        *("| " + " | ".join(_markdown_cell(c, b) for c, b in row) + " |" for row in body),
    ]
    html_rows = [
        "<tr>" + "".join(f"<td>{_html_cell(c, b)}</td>" for c, b in row) + "</tr>" for row in body
    ]
    html = (
        "<table><thead><tr>"
        + "".join(f"<th>{_html_cell(c, b)}</th>" for c, b in header)
        + "</tr></thead><tbody>"
        + "".join(html_rows)
        + "</tbody></table>"
    )
    seed_tables = parse_seed("\n".join(md_lines) + "\n").tables
    site_tables = parse_html_page(html).tables
    assert len(seed_tables) == len(site_tables) == 1
    seed_rows = [normalise_row(seed_tables[0].header)] + [
        normalise_row(r) for r in seed_tables[0].rows
    ]
    site_rows = [normalise_row(r.cells) for r in site_tables[0].rows]
    assert seed_rows == site_rows


# --------------------------------------------------------------------------------------------
# Tests: fidelity against the built site (need the ``built_site`` fixture from conftest.py)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pinned", SEED_TABLES, ids=[p.test_id for p in SEED_TABLES])
def test_built_site_has_seed_table_header(
    pinned: PinnedTable, seed_page: SeedPage, site_pages: list[SitePage]
) -> None:
    index = SEED_TABLES.index(pinned)
    seed_table = seed_page.tables[index]
    assert seed_table.heading == pinned.heading, "seed parse no longer matches the pinned tables"
    wanted = normalise_row(seed_table.header)
    site_headers = {
        normalise_row(header): f"{table.page} [{table.heading}]"
        for table in iter_site_tables(site_pages)
        for header in table.header_rows
    }
    assert wanted in site_headers, (
        f"seed table under {pinned.heading!r} (seed line {seed_table.line}) has header\n"
        f"    {wanted}\n"
        "which is the header row of no site table. Site table headers:\n"
        + "\n".join(f"    {h}  <- {where}" for h, where in sorted(site_headers.items()))
    )


def test_built_site_has_every_seed_body_row(
    seed_page: SeedPage, site_rows: dict[tuple[str, ...], list[str]]
) -> None:
    assert sum(len(t.rows) for t in seed_page.tables) == EXPECTED_BODY_ROWS
    missing: list[str] = []
    for table in seed_page.tables:
        for row, line in zip(table.rows, table.row_lines, strict=True):
            wanted = normalise_row(row)
            if wanted not in site_rows:
                missing.append(
                    f"  [{table.heading}] seed line {line}:\n    {wanted}\n"
                    + _describe_miss(wanted, site_rows)
                )
    assert not missing, (
        f"{len(missing)} of {EXPECTED_BODY_ROWS} seed table rows are not a row of any table on "
        f"the built site ({len(site_rows)} distinct site rows seen):\n" + "\n".join(missing)
    )


def test_built_site_has_every_seed_list_item(
    seed_page: SeedPage, site_pages: list[SitePage]
) -> None:
    assert len(seed_page.list_items) == EXPECTED_LIST_ITEMS
    page_texts = [normalise(page.text) for page in site_pages]
    missing = [
        f"  [{item.heading}] seed line {item.line}: {normalise(item.text)!r}"
        for item in seed_page.list_items
        if not any(contains_words(text, normalise(item.text)) for text in page_texts)
    ]
    assert not missing, (
        f"{len(missing)} of {EXPECTED_LIST_ITEMS} seed list items appear on no page of the built "
        f"site ({len(site_pages)} page(s) walked):\n" + "\n".join(missing)
    )
