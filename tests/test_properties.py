"""Property tests (Hypothesis) for load, validate and render.

`matrices()` builds valid matrix documents: up to four environments that each show their own
choice and order of the declared columns, features supported in random environments, every shown
column given a value, footnotes, callouts, lists, references and sections placed on pages. Texts
mix HTML and Markdown syntax (`<script>`, `&`, quotes, `*_[]()#|`), unicode, line breaks and '-'.
Documents go through `yaml.safe_dump` and back through `load_text`, as a data file does.

Properties: the documents validate; any valid matrix renders, no two pages sharing a path; every
table row has as many cells as its header; rendering twice gives the same pages; data strings
appear escaped, and titles read back as written once MkDocs has parsed the page; load(dump(doc))
== doc with a location for every value and key; environment rows follow the declared order; an
unknown state is reported once, at its own line; no page sets an id twice. Each bug found is
pinned with `@example` in a test that runs only the pinned examples (it was a strict xfail
until the bug was fixed); ids and links that would clash or run script are refused by the
checks, tested at the end.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import model, render
from generator.diagnostics import SourceLoc
from generator.load import Loaded, load_text
from generator.validate import validate
from generator.views import base as view_types
from generator.views import matrix as views
from tests.conftest import ROOT

TODAY = date(2025, 1, 1)
TEMPLATES = ROOT / "templates"
FILE = "m.yaml"
STATES = ("ga", "preview", "unavailable")
VALUE_TYPES = ("state", "choice", "text")
# Page names a matrix uses besides its environments' pages; the checks reject them as env ids.
RESERVED = ("index", "overview", "reference", "compare", "features")
# What MkDocs runs on a page: its default extensions plus the ones mkdocs.yml adds.
SITE_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]

PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Tests of fixed bugs run their pinned examples only, so they check the same thing every run.
PINNED = settings(phases=[Phase.explicit], deadline=None)


# --- Strategies ------------------------------------------------------------------------------

# Ids as a data file has them, with ones YAML would read as numbers, booleans or null were they
# not quoted, and the names of the matrix's own pages.
PLAIN_IDS = (
    "a",
    "b",
    "c",
    "x1",
    "aks",
    "eks-arm",
    "win-2022",
    "a-b-c",
    "vs",
    "a-vs-b",
    "0",
    "1",
    "007",
    "1-0",
    "2024-01-01",
    "true",
    "no",
    "on",
    "null",
    "y",
    "index",
    "reference",
    "compare",
    "features",
    "whats-new",
)
# Ids shaped like the anchors the generator makes (fn-<footnote>, domain-<domain>, ...).
ANCHOR_LIKE_IDS = ("fn-a", "domain-a", "sec-a", "ref-a", "callout-a", "env-a", "overview")
IDS = st.sampled_from(PLAIN_IDS + ANCHOR_LIKE_IDS)
# Without the ids the checks refuse (see test_the_checks_refuse_what_would_clash_or_run_script).
ENV_IDS = IDS.filter(lambda i: i not in (*RESERVED, "whats-new") and "-vs-" not in i)
FEATURE_PREFIXES = ("domain-", "ref-", "sec-", "callout-", "fn-", "fnref-", "features-")
FEATURE_IDS = IDS.filter(
    lambda i: i not in ("index", "overview") and not i.startswith(FEATURE_PREFIXES)
)
# Feature ids that cannot collide with another anchor on a page (no hyphen, no fixed anchor).
SAFE_FEATURE_IDS = st.sampled_from([i for i in PLAIN_IDS if "-" not in i and i != "index"])
TRICKY = (
    "<script>alert(1)</script>",
    "<b>",
    "</td>",
    "&",
    "&amp;",
    "&lt;",
    '"',
    "'",
    "*",
    "**",
    "_",
    "[x](y.md)",
    "[",
    "]",
    "(",
    ")",
    "#",
    "|",
    "`",
    "\\",
    "{#x}",
    "-",
    " ",
    "é",
    "漢字",
    "✓",
)
CHARS = st.characters(exclude_categories=("Cs", "Cc"))
_PIECES = st.one_of(st.sampled_from(TRICKY), st.text(CHARS, min_size=1, max_size=5))


def _texts(*extra: str) -> st.SearchStrategy[str]:
    pieces = st.one_of(_PIECES, st.sampled_from(extra)) if extra else _PIECES
    return (
        st.lists(pieces, min_size=1, max_size=3)
        .map("".join)
        .filter(lambda s: re.search(r"\S", s) is not None)
    )


# Plain text (names, titles, headers): no Markdown meaning, shown escaped.
PLAIN = _texts("\n", "😀", "~")
# Plain text that Python-Markdown headings and YAML front matter carry through as they are: no
# '~', no line breaks and nothing outside the BMP (pinned by the bug tests below).
HEADING_SAFE = PLAIN.map(
    lambda s: "".join(" " if c.isspace() or c == "~" else c for c in s if ord(c) < 0x10000)
).filter(lambda s: re.search(r"\S", s) is not None)
# Markdown (cells, footnotes, callouts, prose); '-' alone means "not applicable" in a cell.
MARKDOWN = st.one_of(
    st.just("-"), _texts("\n", "\n\n", "- item", "1. one", "> quote", "    code", "😀")
)
URLS = st.sampled_from(
    (
        "page.md#anchor",
        "other.md",
        "/azure/aks/",
        "https://example.com/a?b=1&c=<d>",
        "#local",
        'https://example.com/"><script>alert(1)</script>',
    )
)
DATES = st.dates(date(1990, 1, 1), date(2100, 12, 31)).map(date.isoformat)


def _subset(draw: st.DrawFn, items: list[str], min_size: int = 0) -> list[str]:
    """Some of `items`, in a random order."""
    if not items:
        return []
    return draw(st.lists(st.sampled_from(items), min_size=min_size, unique=True))


def _maybe(draw: st.DrawFn, target: dict[str, Any], key: str, strategy: Any) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


@st.composite
def _cell_value(draw: st.DrawFn, column: dict[str, Any]) -> Any:
    kind = column["type"]
    if kind == "state":
        return draw(st.sampled_from(STATES))
    if kind == "text":
        return draw(MARKDOWN)
    values = list(column["values"])
    if column.get("multi"):
        return draw(st.just("-") | st.lists(st.sampled_from(values), min_size=1, unique=True))
    return draw(st.sampled_from([*values, "-"]))


@st.composite
def _columns(draw: st.DrawFn, plain: Any, need_state: bool) -> dict[str, dict[str, Any]]:
    """Every column any environment shows; the first is of type 'feature'."""
    ids = draw(st.lists(IDS, min_size=2 if need_state else 1, max_size=6, unique=True))
    kinds = ["feature"] + [draw(st.sampled_from((*VALUE_TYPES, "domain"))) for _ in ids[1:]]
    if need_state:
        kinds[1] = "state"
    columns: dict[str, dict[str, Any]] = {}
    for col_id, kind in zip(ids, kinds, strict=True):
        col: dict[str, Any] = {"header": draw(plain), "type": kind}
        if kind == "choice":
            value_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
            col["values"] = {v: draw(MARKDOWN) for v in value_ids}
            _maybe(draw, col, "multi", st.booleans())
        if draw(st.integers(0, 3)) == 0:
            col["facet"] = draw(st.booleans())
        columns[col_id] = col
    return columns


@st.composite
def _environment(draw: st.DrawFn, plain: Any, columns: list[str], first: bool) -> dict[str, Any]:
    """An environment (without blocks and order): its columns, the feature column among them."""
    feature_col, others = columns[0], columns[1:]
    shown = draw(st.permutations(others))
    shown = shown[: draw(st.integers(0, len(shown)))]
    if first and others and others[0] not in shown:  # need_state: the state column is shown
        shown.append(others[0])
    shown.insert(draw(st.integers(0, len(shown))), feature_col)
    refs: list[Any] = []
    for col_id in shown:
        form = draw(st.integers(0, 2))
        if form == 0:
            refs.append(col_id)
        elif form == 1:
            refs.append({"id": col_id})
        else:
            refs.append({"id": col_id, "header": draw(plain)})
    env: dict[str, Any] = {"name": draw(plain)}
    _maybe(draw, env, "title", plain)
    _maybe(draw, env, "group_by", st.sampled_from(("domain", "none")))
    env["columns"] = refs
    return env


def _shown(env: dict[str, Any]) -> list[str]:
    return [c if isinstance(c, str) else c["id"] for c in env["columns"]]


@st.composite
def _extras(draw: st.DrawFn, plain: Any, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Blocks besides the feature tables, each placed at most once per page."""
    options: list[st.SearchStrategy[dict[str, Any]]] = [
        st.builds(lambda t: {"text": t}, MARKDOWN),
        st.just({"environments": True}),
    ]
    for kind, table in (("callout", "callouts"), ("reference", "references")):
        if doc.get(table):
            options.append(st.sampled_from([{kind: i} for i in doc[table]]))
    if doc.get("sections"):
        options.append(
            st.builds(
                lambda s, t: {"section": s, **t},
                st.sampled_from(list(doc["sections"])),
                st.just({}) | st.builds(lambda t: {"title": t}, plain),
            )
        )
    return draw(
        st.lists(
            st.one_of(options),
            max_size=3,
            unique_by=lambda b: (next(iter(b)), str(next(iter(b.values())))),
        )
    )


@st.composite
def _furniture(draw: st.DrawFn, plain: Any, doc: dict[str, Any]) -> None:
    """Footnotes, callouts, lists, references and sections (each optional)."""
    notes = draw(st.lists(IDS, max_size=3, unique=True))
    if notes:
        doc["footnotes"] = {n: draw(MARKDOWN) for n in notes}
    callouts = {}
    for call_id in draw(st.lists(IDS, max_size=2, unique=True)):
        call: dict[str, Any] = {"kind": draw(st.sampled_from(("note", "tip", "important")))}
        _maybe(draw, call, "title", plain)
        call["text"] = draw(MARKDOWN)
        _maybe(draw, call, "deadline", DATES)
        callouts[call_id] = call
    lists = {
        list_id: {
            "title": draw(plain),
            "items": {
                i: draw(MARKDOWN) for i in draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
            },
        }
        for list_id in draw(st.lists(IDS, max_size=2, unique=True))
    }
    references = {}
    for ref_id in draw(st.lists(IDS, max_size=2, unique=True)) if lists else []:
        ref: dict[str, Any] = {"title": draw(plain)}
        _maybe(draw, ref, "headers", st.lists(plain, min_size=2, max_size=2))
        rows = []
        for _ in range(draw(st.integers(1, 2))):
            groups = []
            for _ in range(draw(st.integers(1, 2))):
                list_id = draw(st.sampled_from(list(lists)))
                group: dict[str, Any] = {"label": draw(plain), "list": list_id}
                items = _subset(draw, list(lists[list_id]["items"]), 1)
                if draw(st.booleans()):
                    group["items"] = items
                picked = _subset(draw, notes)
                if picked:
                    group["footnotes"] = picked
                groups.append(group)
            rows.append({"aspect": draw(plain), "groups": groups})
        ref["rows"] = rows
        references[ref_id] = ref
    sections = {}
    for sec_id in draw(st.lists(IDS, max_size=2, unique=True)):
        sec: dict[str, Any] = {"title": draw(plain), "body": draw(MARKDOWN)}
        if lists:
            _maybe(draw, sec, "list", st.sampled_from(list(lists)))
        _maybe(draw, sec, "footer", MARKDOWN)
        sections[sec_id] = sec
    for key, table in (
        ("callouts", callouts),
        ("lists", lists),
        ("references", references),
        ("sections", sections),
    ):
        if table:
            doc[key] = table


@st.composite
def _feature(
    draw: st.DrawFn,
    plain: Any,
    doc: dict[str, Any],
    feat_id: str,
    placed: list[str],
    first: bool,
) -> dict[str, Any]:
    columns, envs = doc["columns"], doc["environments"]
    values = [c for c, col in columns.items() if col["type"] in VALUE_TYPES]
    feat: dict[str, Any] = {
        "name": draw(plain),
        "domain": draw(st.sampled_from(list(doc["domains"]))),
    }
    _maybe(draw, feat, "link", URLS)
    _maybe(draw, feat, "aliases", st.lists(plain, min_size=1, max_size=2, unique=True))
    # No other id in the strategies starts with 'old-' or ends with '-old'.
    former = st.sampled_from((f"old-{feat_id}", f"{feat_id}-old"))
    _maybe(draw, feat, "former_ids", st.lists(former, min_size=1, unique=True))
    if doc.get("callouts"):
        callouts = st.sampled_from(list(doc["callouts"]))
        _maybe(draw, feat, "callouts", st.lists(callouts, min_size=1, unique=True))
    shared = {c: draw(_cell_value(columns[c])) for c in _subset(draw, values)}
    if shared:
        feat["cells"] = shared
    env_ids = _subset(draw, list(envs), 1)
    first_env = next(iter(envs))
    if first and first_env not in env_ids:  # need_state: a row on the first environment
        env_ids.append(first_env)
    support = {}
    for env_id in env_ids:
        entry: dict[str, Any] = {}
        _maybe(draw, entry, "name", plain)
        if placed and draw(st.booleans()):
            entry["references"] = [
                {"reference": r, "text": draw(plain)} for r in _subset(draw, placed, 1)
            ]
        notes = _subset(draw, list(doc.get("footnotes", {})))
        if notes:
            entry["footnotes"] = notes
        entry["cells"] = {
            c: draw(_cell_value(columns[c]))
            for c in _shown(envs[env_id])
            if c in values and (c not in shared or draw(st.booleans()))
        }
        support[env_id] = entry
    feat["support"] = support
    return feat


TOP_ORDER = (
    "format",
    "id",
    "title",
    "description",
    "updated",
    "links",
    "state_labels",
    "columns",
    "domains",
    "index",
    "environments",
    "features",
    "footnotes",
    "callouts",
    "lists",
    "references",
    "sections",
)


@st.composite
def matrices(
    draw: st.DrawFn,
    plain: st.SearchStrategy[str] = PLAIN,
    need_state: bool = False,
    feature_ids: st.SearchStrategy[str] = FEATURE_IDS,
) -> dict[str, Any]:
    """A valid matrix document. `need_state`: the first feature has a state cell."""
    doc: dict[str, Any] = {"format": 1, "id": draw(IDS), "title": draw(plain)}
    _maybe(draw, doc, "description", plain)
    _maybe(draw, doc, "updated", DATES)
    if draw(st.booleans()):
        doc["links"] = {
            k: draw(st.sampled_from(("https://docs.example.com/", "https://example.org/a/b/")))
            for k in _subset(draw, ["base", "root"], 1)
        }
    labels = _subset(draw, list(STATES))
    if labels:
        doc["state_labels"] = {s: draw(plain) for s in labels}
    columns = draw(_columns(plain, need_state))
    col_ids = list(columns)
    dom_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    doc["domains"] = {d: {"name": draw(plain)} for d in dom_ids}
    env_ids = draw(st.lists(ENV_IDS, min_size=1, max_size=4, unique=True))
    doc["environments"] = {
        e: draw(_environment(plain, col_ids, need_state and i == 0)) for i, e in enumerate(env_ids)
    }
    # Declared in any order: each environment picked its own.
    doc["columns"] = {c: columns[c] for c in draw(st.permutations(col_ids))}
    for dom in doc["domains"].values():
        labels_by_env = {}
        for env_id in _subset(draw, env_ids):
            label: dict[str, Any] = {}
            _maybe(draw, label, "name", plain)
            if not label or draw(st.booleans()):
                label["link"] = draw(URLS)
            labels_by_env[env_id] = label
        if labels_by_env:
            dom["by_environment"] = labels_by_env
    draw(_furniture(plain, doc))
    if draw(st.booleans()):
        doc["index"] = {"blocks": draw(_extras(plain, doc))}
    for env in doc["environments"].values():
        blocks = draw(_extras(plain, doc))
        blocks.insert(draw(st.integers(0, len(blocks))), {"features": True})
        env["blocks"] = blocks
    pages = [doc.get("index", {}).get("blocks", [])] + [
        e["blocks"] for e in doc["environments"].values()
    ]
    placed = list(dict.fromkeys(b["reference"] for bs in pages for b in bs if "reference" in b))
    feat_ids = draw(st.lists(feature_ids, min_size=1, max_size=8, unique=True))
    doc["features"] = {
        f: draw(_feature(plain, doc, f, placed, need_state and i == 0))
        for i, f in enumerate(feat_ids)
    }
    for env_id, env in doc["environments"].items():
        listed = [f for f, feat in doc["features"].items() if env_id in feat["support"]]
        _maybe(draw, env, "order", st.permutations(listed))
    return {k: doc[k] for k in TOP_ORDER if k in doc}


def minimal() -> dict[str, Any]:
    """The smallest valid matrix, for pinned examples."""
    return {
        "format": 1,
        "id": "m",
        "title": "Matrix",
        "columns": {"name": {"header": "Feature", "type": "feature"}},
        "domains": {"core": {"name": "Core"}},
        "environments": {
            "cloud": {"name": "Cloud", "columns": ["name"], "blocks": [{"features": True}]}
        },
        "features": {
            "jdbc": {"name": "JDBC", "domain": "core", "support": {"cloud": {"cells": {}}}}
        },
    }


def varied(path: tuple[str | int, ...], value: Any, doc: dict[str, Any] | None = None) -> Any:
    """`doc` (default: `minimal()`) with the value at `path` set, creating mappings on the way."""
    doc = copy.deepcopy(doc or minimal())
    target = doc
    for part in path[:-1]:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[path[-1]] = value
    return doc


# --- Pipeline and page helpers ---------------------------------------------------------------


def dump(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def load(text: str) -> Loaded:
    loaded, diags = load_text(text, FILE)
    assert loaded is not None
    assert [str(d) for d in diags] == []
    return loaded


def errors(loaded: Loaded) -> list[str]:
    return [str(d) for d in validate(loaded, TODAY) if d.is_error]


def page_views(text: str) -> list[view_types.PageView]:
    loaded = load(text)
    assert errors(loaded) == []
    pages, *_navigation_and_files = views.matrix_pages(model.build(loaded))
    return list(pages)


def render_text(text: str) -> dict[str, str]:
    """load → validate → model → views → render, from the data file's text."""
    pages = page_views(text)
    paths = [p.path for p in pages]
    assert sorted({p for p in paths if paths.count(p) > 1}) == [], "pages that share a path"
    return render.render_pages(pages, TEMPLATES)


def env_page(doc: dict[str, Any], env_id: str) -> str:
    return f"{doc['id']}/{env_id}/index.md"


def norm(text: str) -> str:
    """Text as a browser lays it out: runs of whitespace are one space."""
    return " ".join(text.split())


def as_read(page: str) -> str:
    """The page source with Jinja2's quote entities written as the quotes they stand for."""
    return norm(page.replace("&#34;", '"').replace("&#39;", "'"))


def escaped(text: str) -> str:
    return norm(html.escape(text, quote=False))


@dataclass
class Row:
    id: str | None
    cells: list[str] = field(default_factory=list)


@dataclass
class Table:
    classes: str
    caption: str = ""
    header: Row | None = None
    rows: list[Row] = field(default_factory=list)


class PageParser(HTMLParser):
    """Tables (caption, header cells, rows of cell texts), row ids and headings of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.ids: list[str] = []
        self.h1: list[str] = []
        self.h2: dict[str, str] = {}
        self._section = ""
        self._row: Row | None = None
        self._text: list[str] | None = None
        self._h2_id = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "table":
            self.tables.append(Table(a.get("class") or ""))
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self.tables:
            self._row = Row(a.get("id"))
            if self._section == "thead":
                self.tables[-1].header = self._row
            else:
                self.tables[-1].rows.append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._row.cells.append("")
        elif tag in ("caption", "h1", "h2"):
            self._text = []
            self._h2_id = a.get("id") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._row is not None and self._row.cells:
            self._row.cells[-1] = norm(self._row.cells[-1])
        elif tag == "tr":
            self._row = None
        elif tag in ("caption", "h1", "h2") and self._text is not None:
            text = norm("".join(self._text))
            if tag == "caption" and self.tables:
                self.tables[-1].caption = text
            elif tag == "h1":
                self.h1.append(text)
            elif tag == "h2":
                self.h2.setdefault(self._h2_id, text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        elif self._row is not None and self._row.cells:
            self._row.cells[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def walk(value: Any, path: tuple[Any, ...] = ()) -> Any:
    """Every value and mapping key in document order: ("value"|"key", path, value)."""
    yield "value", path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield "key", (*path, k), k
            yield from walk(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, (*path, i))


def same_order(a: Any, b: Any) -> bool:
    """Equal, with every mapping's keys in the same order (the order is the display order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_order(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(same_order, a, b))
    return type(a) is type(b) and a == b


def state_cells(doc: dict[str, Any]) -> list[tuple[str, ...]]:
    """Paths of every state value: shared feature cells and support entry cells."""
    state = {c for c, col in doc["columns"].items() if col["type"] == "state"}
    out: list[tuple[str, ...]] = []
    for f_id, feat in doc["features"].items():
        out += [("features", f_id, "cells", c) for c in feat.get("cells", {}) if c in state]
        for env_id, entry in feat["support"].items():
            base = ("features", f_id, "support", env_id, "cells")
            out += [(*base, c) for c in entry["cells"] if c in state]
    return out


def headings(view: view_types.PageView) -> list[tuple[str, str]]:
    """(anchor, text) of every `##` heading the page's blocks ask for."""
    out = []
    for block in view.blocks:
        if block.kind == "section" and block.anchor and block.title:
            out.append((block.anchor, block.title))
        out += [(t.anchor, t.heading) for t in block.tables if t.heading]
    return out


# --- Properties ------------------------------------------------------------------------------


@PROPERTY
@given(doc=matrices())
def test_strategy_builds_valid_matrices(doc: dict[str, Any]) -> None:
    assert errors(load(dump(doc))) == []


def check_renders(doc: dict[str, Any]) -> None:
    pages = render_text(dump(doc))
    assert all(text.endswith("\n") and text.startswith("---\n") for text in pages.values())
    assert {env_page(doc, e) for e in doc["environments"]} <= set(pages)


@PROPERTY
@given(doc=matrices())
def test_any_valid_matrix_renders(doc: dict[str, Any]) -> None:
    check_renders(doc)


@PROPERTY
@given(doc=matrices())
def test_every_row_has_as_many_cells_as_its_header(doc: dict[str, Any]) -> None:
    pages = render_text(dump(doc))
    for path, page in pages.items():
        for table in parse(page).tables:
            assert table.header is not None, f"{path}: a table without a header row"
            width = len(table.header.cells)
            for row in table.rows:
                assert len(row.cells) == width, f"{path}: row {row.id} of {table.caption!r}"
    for env_id, env in doc["environments"].items():
        tables = [
            t
            for t in parse(pages[env_page(doc, env_id)]).tables
            if "ms-table--features" in t.classes
        ]
        listed = any(env_id in f["support"] for f in doc["features"].values())
        assert tables or not listed  # grouped by domain, an empty environment has no table
        assert all(t.header and len(t.header.cells) == len(env["columns"]) for t in tables)


@PROPERTY
@given(doc=matrices())
def test_rendering_twice_gives_the_same_pages(doc: dict[str, Any]) -> None:
    text = dump(doc)
    assert list(render_text(text).items()) == list(render_text(text).items())


def shown_strings(doc: dict[str, Any], env_id: str, parsed: PageParser) -> list[str]:
    """The plain strings an environment page shows; each feature-table cell is checked on the
    way (caption, headers, the feature's name, the domain's label)."""
    env, columns, features = doc["environments"][env_id], doc["columns"], doc["features"]
    shown = _shown(env)
    headers = [
        c["header"] if "header" in c else columns[c["id"]]["header"]
        for c in ({"id": c} if isinstance(c, str) else c for c in env["columns"])
    ]
    out: list[str] = []
    for table in (t for t in parsed.tables if "ms-table--features" in t.classes):
        assert table.caption.startswith(norm(env["name"] + ":"))
        assert table.header is not None
        assert table.header.cells == [norm(h) for h in headers]
        out += [env["name"], *headers]
        for row in table.rows:
            assert row.id is not None
            feat = features[row.id]
            entry = feat["support"][env_id]
            for col_id, text in zip(shown, row.cells, strict=True):
                if columns[col_id]["type"] == "feature":
                    name = entry.get("name", feat["name"])
                    assert text.startswith(norm(name))
                    out += [name, *(r["text"] for r in entry.get("references", []))]
                elif columns[col_id]["type"] == "domain":
                    dom = doc["domains"][feat["domain"]]
                    label = dom.get("by_environment", {}).get(env_id, {}).get("name", dom["name"])
                    assert text == norm(label)
                    out.append(label)
    for block in env["blocks"]:
        if "callout" in block and "title" in doc["callouts"][block["callout"]]:
            out.append(doc["callouts"][block["callout"]]["title"])
        if "reference" in block:
            ref = doc["references"][block["reference"]]
            out += ref.get("headers", [])
            for row in ref["rows"]:
                out += [row["aspect"], *(g["label"] for g in row["groups"])]
    return out


# What a link from the data must never turn into: script run on click.
SCRIPT_URL = re.compile(r"""href=["']?\s*(javascript|vbscript|data):""", re.IGNORECASE)


def check_escaped(doc: dict[str, Any]) -> None:
    pages = render_text(dump(doc))
    for path, page in pages.items():
        assert "<script" not in page.lower(), path
        assert not SCRIPT_URL.search(page), path
    for env_id in doc["environments"]:
        page = pages[env_page(doc, env_id)]
        source = as_read(page)
        for text in shown_strings(doc, env_id, parse(page)):
            assert escaped(text) in source, f"{text!r} is not shown escaped on {env_id}"


@PROPERTY
@given(doc=matrices())
def test_data_strings_appear_escaped(doc: dict[str, Any]) -> None:
    check_escaped(doc)


def check_titles(doc: dict[str, Any]) -> None:
    """Front matter and headings, as MkDocs reads them, say what the data says."""
    pages = page_views(dump(doc))
    rendered = render.render_pages(pages, TEMPLATES)
    by_path = {v.path: v for v in pages}
    assert by_path[f"{doc['id']}/index.md"].title == doc["title"]
    for env_id, env in doc["environments"].items():
        assert by_path[env_page(doc, env_id)].title == env.get("title", env["name"])
    for view in pages:
        body, meta = get_data(rendered[view.path])
        # Themes put these into HTML as they are, so they are stored HTML-escaped.
        for key, value in (("title", view.title), ("description", view.description)):
            stored = meta.get(key)
            if value is None:
                assert stored is None, f"{view.path}: {key}"
            else:
                assert isinstance(stored, str), f"{view.path}: no {key} in the front matter"
                assert html.unescape(stored) == value, f"{view.path}: {key}"
                assert "<" not in stored, f"{view.path}: {key}"
        if view.redirect:
            continue
        parsed = parse(markdown.markdown(body, extensions=SITE_EXTENSIONS))
        assert parsed.h1[:1] == [norm(view.title)], view.path
        for anchor, text in headings(view):
            assert parsed.h2.get(anchor) == norm(text), f"{view.path}#{anchor}"


@PROPERTY
@given(doc=matrices(plain=HEADING_SAFE))
def test_titles_read_back_as_written(doc: dict[str, Any]) -> None:
    check_titles(doc)


@PINNED
@given(doc=matrices())
@example(doc=varied(("title",), "Containers 🚀"))
def test_titles_read_back_bug_emoji_in_front_matter(doc: dict[str, Any]) -> None:
    check_titles(doc)


@PINNED
@given(doc=matrices())
@example(doc=varied(("title",), "Kubernetes ~1.29"))
def test_titles_read_back_bug_tilde_in_heading(doc: dict[str, Any]) -> None:
    check_titles(doc)


@PINNED
@given(doc=matrices())
@example(
    doc=varied(
        ("domains", "core", "name"),
        "Core\n",
        varied(("environments", "cloud", "group_by"), "domain"),
    )
)
def test_titles_read_back_bug_line_break_in_heading(doc: dict[str, Any]) -> None:
    check_titles(doc)


@PROPERTY
@given(
    doc=matrices(),
    flow=st.sampled_from((False, None, True)),
    width=st.sampled_from((20, 80, 10_000)),
)
def test_load_round_trips_with_a_location_for_every_value(
    doc: dict[str, Any], flow: bool | None, width: int
) -> None:
    text = yaml.safe_dump(
        doc, sort_keys=False, allow_unicode=True, default_flow_style=flow, width=width
    )
    loaded = load(text)
    assert loaded.data == doc
    assert same_order(loaded.data, doc)
    lines = text.splitlines()
    previous = SourceLoc(FILE, 1, 1)
    paths: dict[str, set[tuple[Any, ...]]] = {"value": set(), "key": set()}
    for kind, path, value in walk(doc):
        paths[kind].add(path)
        table = loaded.keys if kind == "key" else loaded.values
        assert path in table, f"no location for {kind} {path}"
        loc = table[path]
        assert loc.file == FILE
        assert loc >= previous, f"{kind} {path} at {loc} comes before {previous}"
        previous = loc
        if isinstance(value, str):
            rest = lines[loc.line - 1][loc.col - 1 :]
            assert rest[:1] in (value[:1], "'", '"'), f"{kind} {path} at {loc}: {rest!r}"
    assert set(loaded.values) == paths["value"]
    assert set(loaded.keys) == paths["key"]


@PROPERTY
@given(doc=matrices())
def test_environment_rows_follow_the_declared_order(doc: dict[str, Any]) -> None:
    pages = render_text(dump(doc))
    rank = {d: i for i, d in enumerate(doc["domains"])}
    features = doc["features"]
    for env_id, env in doc["environments"].items():
        order = env.get("order") or [f for f, feat in features.items() if env_id in feat["support"]]
        if env.get("group_by") == "domain":
            order = sorted(order, key=lambda f: rank[features[f]["domain"]])
        tables = parse(pages[env_page(doc, env_id)]).tables
        rows = [r.id for t in tables for r in t.rows if r.id is not None]
        assert rows == order


MARKER = "zz-marker-value"


@PROPERTY
@given(doc=matrices(need_state=True), data=st.data())
def test_an_unknown_state_is_reported_once_at_its_line(doc: dict[str, Any], data: Any) -> None:
    path = data.draw(st.sampled_from(state_cells(doc)), label="cell")
    bad = data.draw(PLAIN.filter(lambda s: s not in STATES), label="value")
    marked = dump(varied(path, MARKER, doc))
    assert marked.count(MARKER) == 1
    line = marked[: marked.index(MARKER)].count("\n") + 1
    loaded = load(dump(varied(path, bad, doc)))
    found = [(d.code, d.path, d.loc.line) for d in validate(loaded, TODAY) if d.is_error]
    assert found == [("state-unknown", path, line)]


def anchors(page: str) -> list[str]:
    """Every id a generated page sets: HTML id attributes and `{ #id }` heading anchors."""
    return parse(page).ids + re.findall(r"\{ #([^ }]+) \}", page)


def check_unique_ids(doc: dict[str, Any]) -> None:
    for path, page in render_text(dump(doc)).items():
        ids = anchors(page)
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], path


@PROPERTY
@given(doc=matrices(feature_ids=SAFE_FEATURE_IDS))
def test_ids_are_unique_on_every_page(doc: dict[str, Any]) -> None:
    check_unique_ids(doc)


def _feature_with_id(feat_id: str, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = copy.deepcopy(doc or minimal())
    doc["features"] = {feat_id: {**doc["features"]["jdbc"], "name": feat_id.capitalize()}}
    return doc


def _environments(*env_ids: str) -> dict[str, Any]:
    doc = minimal()
    env = doc["environments"]["cloud"]
    doc["environments"] = {e: {**env, "name": e.upper()} for e in env_ids}
    doc["features"]["jdbc"]["support"] = {env_ids[0]: {"cells": {}}}
    return doc


def error_codes(doc: dict[str, Any]) -> list[str]:
    return [d.code for d in validate(load(dump(doc)), TODAY) if d.is_error]


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        (varied(("features", "jdbc", "link"), "javascript:alert(document.cookie)"), "link-unsafe"),
        (_feature_with_id("overview"), "feature-reserved-id"),
        (_feature_with_id("domain-join"), "feature-reserved-id"),
        (_feature_with_id("index"), "feature-reserved-id"),
        (_environments("a", "b-vs-c", "a-vs-b", "c"), "environment-reserved-id"),
        (_environments("whats-new"), "environment-reserved-id"),
    ],
    ids=["script-link", "overview", "anchor-prefix", "index", "vs", "whats-new"],
)
def test_the_checks_refuse_what_would_clash_or_run_script(doc: dict[str, Any], code: str) -> None:
    """Found by the properties above: ids that would overwrite a page or an anchor, and script
    links, are refused with an error instead of building a broken or unsafe site."""
    assert code in error_codes(doc)
