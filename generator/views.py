"""Views: the model turned into what templates walk — pages, blocks, tables, rows and cells.

All decisions live here: row order, which label a cell shows, footnote numbering, anchors and
relative URLs. Templates only loop over the result. Every string that reaches a page is either
escaped by Jinja2 or HTML that markdown-it-py produced with raw HTML disabled (`Markup`).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from generator.markdown import Markdown
from generator.model import Block, ColumnType, Environment, Feature, Matrix, Shown, State


@dataclass(frozen=True, slots=True)
class CellView:
    html: Markup
    text: str  # plain value, for sorting and free-text filtering
    is_header: bool = False
    values: tuple[str, ...] = ()  # facet values, for filtering (empty: the text)
    sort: str = ""  # sort key, when it differs from the text (e.g. state rank)
    facet: bool = False  # the column is filterable: the template writes data-value

    @property
    def facet_values(self) -> str:
        return "|".join(self.values or (self.text,))


@dataclass(frozen=True, slots=True)
class ColumnView:
    id: str
    header: str
    type: str
    facet: bool


@dataclass(frozen=True, slots=True)
class RowView:
    anchor: str | None
    cells: tuple[CellView, ...]


@dataclass(frozen=True, slots=True)
class TableView:
    anchor: str
    heading: str | None  # a heading above the table, when the page groups tables
    caption: str
    columns: tuple[ColumnView, ...]
    rows: tuple[RowView, ...]
    kind: str  # "features" or "reference"


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str  # tables, html, callout, section, links
    title: str | None = None
    anchor: str | None = None
    html: Markup = field(default_factory=Markup)
    callout_kind: str = ""
    tables: tuple[TableView, ...] = ()
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FootnoteView:
    number: int
    anchor: str
    html: Markup
    backrefs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageView:
    path: str  # the Markdown file, relative to docs_dir
    title: str
    nav_title: str
    description: str | None
    blocks: tuple[BlockView, ...]
    footnotes: tuple[FootnoteView, ...]


@dataclass(slots=True)
class _Footnotes:
    """Numbers footnotes per page in order of first citation; each citation gets its own id."""

    texts: dict[str, str]
    md: Markdown
    order: list[str] = field(default_factory=list)
    refs: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, note_id: str) -> Markup:
        if note_id not in self.refs:
            self.order.append(note_id)
            self.refs[note_id] = []
        number = self.order.index(note_id) + 1
        ref = f"fnref-{note_id}-{len(self.refs[note_id]) + 1}"
        self.refs[note_id].append(ref)
        return Markup('<sup class="ms-fnref" id="{}"><a href="#fn-{}">{}</a></sup>').format(
            ref, note_id, number
        )

    def views(self) -> tuple[FootnoteView, ...]:
        return tuple(
            FootnoteView(
                n, f"fn-{note}", Markup(self.md.block(self.texts[note])), tuple(self.refs[note])
            )
            for n, note in enumerate(self.order, start=1)
        )


def page_url(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative URL between two generated pages (MkDocs' directory URLs)."""

    def folder(p: str) -> str:
        stem = p[:-3]
        return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem

    rel = posixpath.relpath(folder(to_path), folder(from_path) or ".")
    url = "./" if rel == "." else rel + "/"
    return f"{url}#{anchor}" if anchor else url


def matrix_pages(matrix: Matrix) -> list[PageView]:
    md = Markdown(matrix.links)
    placed = _placements(matrix)
    pages = [_index_page(matrix, md, placed)]
    pages += [_environment_page(matrix, env, md, placed) for env in matrix.environments.values()]
    return pages


def home_page(matrices: list[Matrix]) -> PageView:
    links = tuple((m.title, page_url("index.md", f"{m.id}/index.md")) for m in matrices)
    block = BlockView("links", links=links)
    return PageView("index.md", "Support matrices", "Home", None, (block,), ())


def _page_path(matrix: Matrix, env_id: str | None) -> str:
    return f"{matrix.id}/{env_id or 'index'}.md"


def _placements(matrix: Matrix) -> dict[str, str]:
    """Reference id -> the page that shows its table (the first, if several do)."""
    placed: dict[str, str] = {}
    pages = [(None, matrix.index)] + [(e.id, e.blocks) for e in matrix.environments.values()]
    for env_id, blocks in pages:
        for block in blocks:
            if block.kind == "reference":
                placed.setdefault(block.value, _page_path(matrix, env_id))
    return placed


def _index_page(matrix: Matrix, md: Markdown, placed: dict[str, str]) -> PageView:
    notes = _Footnotes(dict(matrix.footnotes), md)
    path = _page_path(matrix, None)
    blocks = tuple(_block(matrix, None, b, md, notes, path, placed) for b in matrix.index)
    return PageView(path, matrix.title, "Overview", matrix.description, blocks, notes.views())


def _environment_page(
    matrix: Matrix, env: Environment, md: Markdown, placed: dict[str, str]
) -> PageView:
    notes = _Footnotes(dict(matrix.footnotes), md)
    path = _page_path(matrix, env.id)
    blocks = tuple(_block(matrix, env, b, md, notes, path, placed) for b in env.blocks)
    return PageView(path, env.title, env.name, matrix.description, blocks, notes.views())


def _block(
    matrix: Matrix,
    env: Environment | None,
    block: Block,
    md: Markdown,
    notes: _Footnotes,
    path: str,
    placed: dict[str, str],
) -> BlockView:
    if block.kind == "features" and env is not None:
        return BlockView("tables", tables=_feature_tables(matrix, env, md, notes, path, placed))
    if block.kind == "environments":
        links = tuple(
            (e.name, page_url(path, _page_path(matrix, e.id))) for e in matrix.environments.values()
        )
        return BlockView("links", links=links)
    if block.kind == "text":
        return BlockView("html", html=Markup(md.block(block.value)))
    if block.kind == "callout":
        c = matrix.callouts[block.value]
        return BlockView(
            "callout",
            title=c.title or c.kind.capitalize(),
            callout_kind=c.kind,
            html=Markup(md.block(c.text)),
            anchor=f"callout-{c.id}",
        )
    if block.kind == "reference":
        ref = matrix.references[block.value]
        return BlockView("tables", tables=(_reference_table(matrix, ref.id, md, notes),))
    if block.kind == "section":
        return _section(matrix, block, md)
    raise AssertionError(f"unexpected block {block.kind!r}")  # the schema allows no other


def _section(matrix: Matrix, block: Block, md: Markdown) -> BlockView:
    sec = matrix.sections[block.value]
    parts = [md.block(sec.body)]
    if sec.list:
        items = matrix.lists[sec.list].items.values()
        parts.append("<ul>\n" + "".join(f"<li>{md.inline(i)}</li>\n" for i in items) + "</ul>")
    if sec.footer:
        parts.append(md.block(sec.footer))
    return BlockView(
        "section",
        title=block.title or sec.title,
        anchor=f"sec-{sec.id}",
        html=Markup("\n".join(parts)),
    )


def _feature_tables(
    matrix: Matrix,
    env: Environment,
    md: Markdown,
    notes: _Footnotes,
    path: str,
    placed: dict[str, str],
) -> tuple[TableView, ...]:
    features = matrix.features_in(env.id)
    groups: list[tuple[str | None, str, list[Feature]]] = []
    if env.group_by_domain:
        for dom in matrix.domains.values():
            rows = [f for f in features if f.domain == dom.id]
            if rows:
                groups.append((dom.label(env.id).name, f"domain-{dom.id}", rows))
    else:
        groups.append((None, f"features-{env.id}", list(features)))
    tables = []
    for heading, anchor, rows in groups:
        row_views = tuple(
            RowView(
                f.id,
                tuple(
                    replace(_cell(matrix, env, f, s, md, notes, path, placed), facet=s.column.facet)
                    for s in env.columns
                ),
            )
            for f in rows
        )
        caption = f"{env.name}: {heading}" if heading else f"{env.name}: features"
        tables.append(
            TableView(
                anchor,
                heading,
                caption,
                tuple(
                    ColumnView(s.column.id, s.header, s.column.type.value, s.column.facet)
                    for s in env.columns
                ),
                row_views,
                "features",
            )
        )
    return tuple(tables)


def _cell(
    matrix: Matrix,
    env: Environment,
    feature: Feature,
    shown: Shown,
    md: Markdown,
    notes: _Footnotes,
    path: str,
    placed: dict[str, str],
) -> CellView:
    col = shown.column
    if col.type is ColumnType.FEATURE:
        return _feature_cell(env, feature, md, notes, path, placed)
    if col.type is ColumnType.DOMAIN:
        domain = matrix.domains[feature.domain].label(env.id)
        html = Markup.escape(domain.name)
        if domain.link:
            html = Markup('<a href="{}">{}</a>').format(md.url(domain.link), domain.name)
        return CellView(html, domain.name)
    cell = feature.cell(env.id, col.id)
    if cell.not_applicable:
        return CellView(Markup('<span class="ms-na" title="Not applicable">-</span>'), "-")
    if col.type is ColumnType.STATE:
        state = State(cell.value)
        state_label = matrix.state_labels[state]
        return CellView(
            Markup('<span class="ms-state ms-state--{}">{}</span>').format(
                state.value, state_label
            ),
            state_label,
            sort=str(list(State).index(state)),
        )
    if col.type is ColumnType.CHOICE:
        values = cell.value if isinstance(cell.value, tuple) else (cell.value,)
        labels = [col.values[v] for v in values]
        plain = tuple(_plain(label) for label in labels)
        return CellView(
            Markup(", ".join(md.inline(label) for label in labels)), ", ".join(plain), values=plain
        )
    text = str(cell.value)
    return CellView(Markup(md.inline(text)), _plain(text))


def _feature_cell(
    env: Environment,
    feature: Feature,
    md: Markdown,
    notes: _Footnotes,
    path: str,
    placed: dict[str, str],
) -> CellView:
    support = feature.support[env.id]
    name = support.name or feature.name
    out: Markup = Markup.escape(name)
    if feature.link:
        out = Markup('<a href="{}">{}</a>').format(md.url(feature.link), name)
    for note in support.footnotes:
        out += notes.cite(note)
    for ref in support.references:
        url = page_url(path, placed[ref.reference], f"ref-{ref.reference}")
        out += Markup(' <a class="ms-ref" href="{}">{}</a>').format(url, ref.text)
    return CellView(out, name, is_header=True)


def _reference_table(matrix: Matrix, ref_id: str, md: Markdown, notes: _Footnotes) -> TableView:
    ref = matrix.references[ref_id]
    rows = []
    for row in ref.rows:
        parts: list[Markup] = []
        for group in row.groups:
            label = Markup("<strong>{}</strong>").format(group.label)
            label += Markup("").join(notes.cite(n) for n in group.footnotes)
            items = matrix.lists[group.list].items
            bullets = Markup("").join(
                Markup("<li>{}</li>").format(Markup(md.inline(items[i]))) for i in group.items
            )
            parts.append(Markup('<p class="ms-group">{}</p><ul>{}</ul>').format(label, bullets))
        details = Markup("").join(parts)
        rows.append(
            RowView(
                None,
                (
                    CellView(Markup.escape(row.aspect), row.aspect, True),
                    CellView(details, _plain(str(details))),
                ),
            )
        )
    return TableView(
        f"ref-{ref.id}",
        ref.title,
        ref.title,
        (
            ColumnView("aspect", ref.headers[0], "text", False),
            ColumnView("details", ref.headers[1], "text", False),
        ),
        tuple(rows),
        "reference",
    )


_TAG = re.compile(r"<[^>]+>")


def _plain(markdown_or_html: str) -> str:
    """Rough plain text of a label, for sort keys and filter values."""
    text = _TAG.sub("", markdown_or_html)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "").replace("__", "")
    return " ".join(html.unescape(text).split())


def heading_text(text: str) -> Markup:
    """Plain text made safe for a Markdown heading: HTML escaped, Markdown syntax escaped."""
    escaped = html.escape(text, quote=False)
    return Markup(re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", escaped))
