"""View types: what templates walk — pages, blocks, tables, rows and cells — and the small
helpers every page builder shares (relative URLs, per-page footnotes, plain text).

Every string that reaches a page is either escaped by Jinja2 or HTML built here with `Markup`
from escaped parts, or produced by markdown-it-py with raw HTML disabled.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from generator.diagnostics import SourceLoc
from generator.markdown import Markdown
from generator.model import DomainLabel, Matrix, Value


class CellView(NamedTuple):
    """A table cell. Named tuples rather than frozen dataclasses, here and for `RowView`: a
    page set makes tens of thousands of each, and a tuple is made in half the time."""

    html: Markup
    text: str  # plain value, for sorting and free-text filtering
    is_header: bool = False
    values: tuple[str, ...] = ()  # facet values, for filtering (empty: the text)
    sort: str = ""  # sort key, when it differs from the text (e.g. state rank)
    facet: bool = False  # the column is filterable: the row writes data-value
    absent: str = ""  # a vocabulary.ABSENCES id when the cell holds no fact

    @property
    def facet_values(self) -> str:
        return "|".join(self.values or (self.text,))


@dataclass(frozen=True, slots=True)
class ColumnView:
    id: str
    header: str
    type: str  # a column kind, or "environment"/"aspect" for derived tables
    facet: bool
    label: str = ""  # the short label a stacked (phone) row shows before the value


class RowView(NamedTuple):
    """One finished table row: its HTML, and what the browser script filters and sorts by."""

    html: Markup  # the whole <tr>...</tr>
    values: tuple[str, ...]  # per column: its filter values ('|'-separated), or ''
    sort: tuple[str, ...]  # per column: its sort key, or ''
    parts: tuple[str, ...] = ()  # the opening tag, then each cell's HTML (for data islands)


@dataclass(frozen=True, slots=True)
class TableView:
    anchor: str
    heading: str | None  # a heading above the table, when the page has several
    caption: str
    columns: tuple[ColumnView, ...]
    rows: tuple[RowView, ...]
    kind: str  # features, reference, feature-support, overview, compare, list
    noun: str = "row|rows"  # "singular|plural" for the filter's count
    filter: bool = True  # False: no filter bar or sorting (the order is the content)
    search: bool = True  # False keeps the table out of the site search index
    note: Markup = field(default_factory=Markup)  # a line under the table
    island: Markup = field(default_factory=Markup)  # a large table's rows as data (rows.py)
    download: str = ""  # the URL of the table as CSV, when there is one

    @property
    def body(self) -> Markup:
        """The rows as the table's body writes them, one a line (joined here rather than looped
        over in the template: Jinja2's loop costs more than the rows at 100x)."""
        return Markup("".join(f"{r.html}\n" for r in self.rows))


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str  # tables, html, callout, section, links, fold
    title: str | None = None
    anchor: str | None = None
    html: Markup = field(default_factory=Markup)
    css_class: str = ""  # the block element's classes (a callout's admonition type, ...)
    tables: tuple[TableView, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    blocks: tuple[BlockView, ...] = ()  # a fold's content


@dataclass(frozen=True, slots=True)
class FootnoteView:
    number: int
    anchor: str
    html: Markup
    backrefs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageView:
    path: str  # the Markdown file, relative to docs_dir
    title: str | None  # None: the page's heading only (the home page: the site's own title)
    nav_title: str
    description: str | None
    blocks: tuple[BlockView, ...]
    footnotes: tuple[FootnoteView, ...] = ()
    redirect: str | None = None  # a stub page that forwards to this URL
    search_boost: int = 0  # >1 ranks the page higher in the site search (Material's boost)
    banner: Markup | None = None  # shown above the page (preview builds)
    heading: str = ""  # the page's heading, when it is not its title
    wide: bool = False  # a page of wide tables: the table of contents gives way to them
    kind: str = ""  # the page kind: feature, compare, redirect pages come in bulk

    @property
    def h1(self) -> str:
        return self.heading or self.title or ""


@dataclass(slots=True)
class Footnotes:
    """Numbers footnotes per page in order of first citation; each citation gets its own id."""

    texts: dict[str, str]
    md: Markdown
    order: list[str] = field(default_factory=list)
    refs: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, note_id: str) -> Markup:
        if note_id not in self.refs:
            self.order.append(note_id)
            self.refs[note_id] = []
            self.numbers[note_id] = len(self.order)
        number = self.numbers[note_id]
        ref = f"fnref-{note_id}-{len(self.refs[note_id]) + 1}"
        self.refs[note_id].append(ref)
        return Markup(
            f'<sup class="ms-fnref" id="{ref}"><a href="#fn-{note_id}">{number}</a></sup>'
        )

    def views(self) -> tuple[FootnoteView, ...]:
        return tuple(
            FootnoteView(
                n, f"fn-{note}", Markup(self.md.block(self.texts[note])), tuple(self.refs[note])
            )
            for n, note in enumerate(self.order, start=1)
        )


class CellContext:
    """What value cells need to be shown: the matrix (labels, values) and its Markdown, and the
    cells already made: a value's cell does not depend on the page, so each is made once."""

    __slots__ = ("cells", "matrix", "md", "memo", "tds")

    def __init__(self, matrix: Matrix, md: Markdown) -> None:
        self.matrix, self.md = matrix, md
        self.cells: dict[tuple[str, Value, str | None], CellView] = {}
        # rendered cells by label: (the cell, its <td>, its filter value)
        self.tds: dict[tuple[int, str], tuple[CellView, str, str]] = {}
        self.memo: dict[tuple[str, ...], object] = {}  # other things made once per matrix


@dataclass(frozen=True, slots=True)
class Sources:
    """Where readers see the data files on the repository's web view, to report a problem:
    `base` + a data file's path from `root` + `#L<line>` (GitHub's and GitLab's line anchor)."""

    base: str  # e.g. https://github.com/OWNER/REPO/blob/main/
    root: str  # the repository's root folder, on this machine

    def url(self, loc: SourceLoc) -> str | None:
        path = _repo_path(loc.file, self.root)
        return f"{self.base}{quote(path)}#L{loc.line}" if path else None


@cache
def _repo_path(file: str, root: str) -> str | None:
    try:
        return Path(file).resolve().relative_to(Path(root).resolve()).as_posix()
    except (OSError, ValueError):
        return None  # not a file in the repository (a revision being compared, say)


@dataclass(slots=True)
class Page:
    """What a page builder needs while it builds one page."""

    matrix: Matrix
    md: Markdown
    cells: CellContext  # value cells, shared by every page of the matrix
    path: str
    placed: dict[str, str]  # reference id -> the page that shows its table
    notes: Footnotes
    changed: dict[tuple[str, str | None], date] = field(default_factory=dict)
    highlight: frozenset[str] = frozenset()  # feature ids a preview's pull request changes
    sources: Sources | None = None  # where "report a problem" links point
    today: date | None = None  # the build's date: callouts whose deadline passed have ended
    seen: set[str] = field(default_factory=set)  # absences shown on this page (the legend's)

    def source(self, loc: SourceLoc) -> str | None:
        return self.sources.url(loc) if self.sources else None

    def url(self, to_path: str, anchor: str | None = None) -> str:
        return page_url(self.path, to_path, anchor)

    def at(self, path: str) -> Page:
        """The same context for another page, with that page's own footnote numbering."""
        notes = Footnotes(dict(self.matrix.footnotes), self.md)
        return replace(self, path=path, notes=notes, seen=set())


@cache
def _folder(page_path: str) -> str:
    """The URL folder MkDocs gives a page: a.md -> a/, a/index.md -> a/."""
    stem = page_path[:-3]
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def file_url(from_path: str, file_path: str) -> str:
    """A relative URL from a page to a file that is not a page (a download)."""
    return posixpath.relpath(file_path, _folder(from_path) or ".")


def page_url(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative URL between two generated pages (MkDocs' directory URLs)."""
    if from_path == to_path:
        return f"#{anchor}" if anchor else "./"
    url = _relative(_folder(to_path), _folder(from_path) or ".")
    return f"{url}#{anchor}" if anchor else url


def _relative(to_folder: str, from_folder: str) -> str:
    """The relative URL between two folders of the site. Pages link to many folders under a
    few parents (every feature's page), so it is the parent's URL, made once, and the name."""
    head, _, leaf = to_folder.rpartition("/")
    inside = from_folder == to_folder or from_folder.startswith(to_folder + "/")
    if leaf in ("", ".", "..") or inside:
        return _folders_url(to_folder, from_folder)
    up = _folders_url(head or ".", from_folder)
    return f"{leaf}/" if up == "./" else f"{up}{leaf}/"


@functools.lru_cache(maxsize=4096)
def _folders_url(to_folder: str, from_folder: str) -> str:
    """`_relative` in full, with path strings only (posixpath.relpath would ask the file system
    for the current folder on every call)."""
    to = [p for p in to_folder.split("/") if p and p != "."]
    start = [p for p in from_folder.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) + "/" if parts else "./"


def domain_html(page: Page, label: DomainLabel) -> Markup:
    """A domain's name, linked to its documentation where the data gives a link."""
    url = page.md.safe_url(label.link) if label.link else None  # an unsafe link: just the name
    return link(url, label.name) if url else Markup.escape(label.name)


def link(url: str, text: str, cls: str = "") -> Markup:
    """`<a href=url>text</a>`, both escaped (Markup text stays as it is). Built with f-strings:
    Markup.format is several times slower and this runs for every row."""
    attr = f' class="{attribute(cls)}"' if cls else ""
    return Markup(f'<a{attr} href="{attribute(url)}">{attribute(text)}</a>')


def attribute(text: str) -> str:
    """`text` escaped for HTML (an attribute's value or an element's text) as `markupsafe.escape`
    escapes it, byte for byte, as a plain string: rows are built with f-strings, and making a
    `Markup` of every piece only to join it into a string is most of the cost. Markup (or
    anything with `__html__`) is already HTML and stays as it is."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


_TAG = re.compile(r"<[^>]+>")


@functools.lru_cache(maxsize=16384)  # the same labels, once per cell of a download
def plain(markdown_or_html: str) -> str:
    """Rough plain text of a label, for sort keys and filter values."""
    text = _TAG.sub("", markdown_or_html)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "").replace("__", "")
    return " ".join(html.unescape(text).split())


def heading_text(text: str) -> Markup:
    """Plain text made safe for a Markdown heading: HTML escaped, Markdown syntax escaped."""
    escaped = html.escape(" ".join(text.split()), quote=False)  # one line: a heading
    return Markup(re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", escaped))
