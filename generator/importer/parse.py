"""Markdown page -> nodes, in page order, each with its 1-based line.

markdown-it-py finds the blocks; this walk turns the top-level ones into headings (a heading
that is a `[Label](#tab/id)` link is a tab), tables (their rows split from the source lines, see
`tables`), prose, callouts (`> [!NOTE]` ...), footnote definitions, directives (`[!INCLUDE]`,
`:::image`, which the importer cannot resolve) and tab-group ends (`---`). Paragraphs are read
line by line, since a table with a wrong separator, a footnote definition or a directive can hide
inside one. Lines no block covers are kept as prose too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.importer.cells import Converter
from generator.importer.footnotes import match_definition
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER
from generator.importer.tables import Table, is_table_start, read_table

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CALLOUT_RE = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(.*)$", re.I)
DIRECTIVE_RE = re.compile(r"^\s*(?:\[!(?:INCLUDE|div|VIDEO)\b|:::)", re.I)
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)*")
_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:")
_ANCHOR_ONLY_RE = re.compile(r"^(?:\s|<a\s+(?:name|id)\s*=\s*[\"'][^\"']*[\"']\s*>\s*</a>)*$", re.I)


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    level: int
    text: str  # plain
    tab: str | None = None  # the tab label, when the heading is a tab
    tab_id: str | None = None  # what its link names: `#tab/azure-vm` -> `azure-vm`


@dataclass(frozen=True, slots=True)
class TabEnd:
    line: int


@dataclass(frozen=True, slots=True)
class Prose:
    line: int
    source: str
    verbatim: bool = False  # code: kept byte for byte


@dataclass(frozen=True, slots=True)
class Callout:
    line: int
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class FootnoteDef:
    line: int
    label: str
    anchor: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    source: str


Node = Heading | TabEnd | Table | Prose | Callout | FootnoteDef | Directive


@dataclass(frozen=True, slots=True)
class Page:
    meta: dict[str, str]
    nodes: tuple[Node, ...]
    refdefs: dict[str, str] = field(default_factory=dict)


def markdown() -> MarkdownIt:
    """The parser the fidelity checks use: CommonMark plus tables, raw HTML recognised."""
    return MarkdownIt("commonmark").enable("table")


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The page without its front matter (its lines blanked, so numbers hold) and its keys."""
    m = _FRONT_MATTER_RE.match(text)
    if m is None:
        return text, {}
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip()] = value.strip().strip("\"'")
    return "\n" * m.group(0).count("\n") + text[m.end() :], meta


def parse_page(text: str, report: Report) -> Page:
    body, meta = front_matter(text.replace("\r\n", "\n"))
    env: dict[str, Any] = {}
    # Blocks only: cells are read from the source lines (`tables`), so inline parsing of every
    # cell would be wasted; a heading's inline content is parsed where it is needed.
    tokens = markdown().disable("inline").parse(body, env)
    refdefs = {k.lower(): str(v["href"]) for k, v in env.get("references", {}).items()}
    walker = _Walker(body.split("\n"), report, Converter(report, refdefs))
    walker.walk(tokens)
    walker.uncovered()
    nodes = sorted(walker.nodes, key=lambda n: n.line)
    return Page(meta, tuple(nodes), refdefs)


class _Walker:
    def __init__(self, lines: list[str], report: Report, conv: Converter) -> None:
        self.lines, self.report, self.conv = lines, report, conv
        self.nodes: list[Node] = []
        self.covered = [False] * len(lines)
        self.in_tabs = False

    def walk(self, tokens: list[Token]) -> None:
        k = 0
        while k < len(tokens):
            token = tokens[k]
            if token.level != 0 or token.nesting == -1 or token.map is None:
                k += 1
                continue
            end = k
            if token.nesting == 1:
                end = next(j for j in range(k + 1, len(tokens)) if tokens[j].level == 0)
            start, stop = token.map
            for i in range(start, stop):
                self.covered[i] = True
            self.block(token, tokens[k : end + 1], start, stop)
            k = end + 1

    def block(self, token: Token, block: list[Token], start: int, stop: int) -> None:
        lines, line = self.lines[start:stop], start + 1
        kind = token.type
        nested = [t for t in block[1:] if t.type == "table_open" and t.map]
        if nested and kind in {"bullet_list_open", "ordered_list_open", "blockquote_open"}:
            self.nested(kind, nested, start, stop)
        elif kind == "heading_open":
            self.heading(token, block[1], start, stop)
        elif kind == "table_open":
            self.nodes.append(read_table(lines, line, self.report))
        elif kind == "paragraph_open":
            self.paragraph(lines, line)
        elif kind == "blockquote_open":
            self.quote(lines, line)
        elif kind == "hr":
            self.in_tabs = False
            self.nodes.append(TabEnd(line))
        elif kind == "html_block" and _ANCHOR_ONLY_RE.match(token.content):
            pass  # anchors (<a name="x"></a>) carry no words
        elif kind == "html_block" and token.content.lstrip().startswith("<!--"):
            self.report.note(line, "html-comment", "HTML comment not imported (not shown on pages)")
        else:
            verbatim = kind in {"fence", "code_block"}
            self.nodes.append(Prose(line, "\n".join(lines), verbatim))

    def nested(self, kind: str, tables: list[Token], start: int, stop: int) -> None:
        """A list or quote holding tables: the tables as tables, the text around them as is."""
        at = start
        for table in tables:
            assert table.map is not None
            first, end = table.map
            self.chunk(kind, at, first)
            rows = [_QUOTE_RE.sub("", line) for line in self.lines[first:end]]
            self.nodes.append(read_table(rows, first + 1, self.report))
            self.report.note(
                first + 1,
                "table-nested",
                "table inside a list or quote imported as a table; the text around it stays "
                "as it was",
            )
            at = end
        self.chunk(kind, at, stop)

    def chunk(self, kind: str, start: int, stop: int) -> None:
        lines = self.lines[start:stop]
        if not any(line.strip() for line in lines):
            return
        if kind == "blockquote_open":
            self.quote(lines, start + 1)
        else:
            self.nodes.append(Prose(start + 1, "\n".join(lines)))

    def heading(self, token: Token, inline: Token, start: int, stop: int) -> None:
        if token.markup == "-" and self.in_tabs:
            # Text followed by `---` inside a tab group: the text, then the group's end.
            self.paragraph(self.lines[start : stop - 1], start + 1)
            self.in_tabs = False
            self.nodes.append(TabEnd(stop))
            return
        tab, tab_id = _tab_label(inline)
        self.in_tabs = self.in_tabs or tab is not None
        text = tab or self.conv.plain(inline.content) or PLACEHOLDER
        self.nodes.append(Heading(start + 1, int(token.tag[1]), text, tab, tab_id))

    def paragraph(self, lines: list[str], first: int) -> None:
        prose: list[str] = []
        prose_line, j = first, 0

        def flush() -> None:
            if prose:
                self.nodes.append(Prose(prose_line, "\n".join(prose)))
                prose.clear()

        while j < len(lines):
            text, line = lines[j], first + j
            if DIRECTIVE_RE.match(text):
                flush()
                j = self.directive(lines, j, first)
            elif j + 1 < len(lines) and is_table_start(text, lines[j + 1]):
                flush()
                end = next((i for i in range(j + 2, len(lines)) if "|" not in lines[i]), len(lines))
                self.nodes.append(read_table(lines[j:end], line, self.report))
                self.report.warn(
                    line,
                    "table-not-markdown",
                    "Markdown does not read this as a table (its separator row does not match "
                    "the header); imported as one",
                )
                j = end
            elif match_definition(text):
                flush()
                j = self.definition(lines, j, first)
            else:
                if not prose:
                    prose_line = line
                prose.append(text)
                j += 1
        flush()

    def definition(self, lines: list[str], j: int, first: int) -> int:
        found = match_definition(lines[j])
        assert found is not None
        label, anchor, rest = found
        parts, end = [rest], j + 1
        while end < len(lines) and not (
            match_definition(lines[end]) or DIRECTIVE_RE.match(lines[end])
        ):
            parts.append(lines[end].strip())
            end += 1
        text = "\n".join(p for p in parts if p)
        self.nodes.append(FootnoteDef(first + j, label, anchor, text))
        return end

    def directive(self, lines: list[str], j: int, first: int) -> int:
        end = j + 1
        if lines[j].strip().startswith(":::") and not lines[j].rstrip().endswith(":::"):
            while end < len(lines) and not lines[end - 1].rstrip().endswith(":::"):
                end += 1
        self.nodes.append(Directive(first + j, "\n".join(lines[j:end])))
        return end

    def quote(self, lines: list[str], first: int) -> None:
        body = [re.sub(r"^\s*> ?", "", line) for line in lines]
        lead = next((i for i, line in enumerate(body) if line.strip()), None)
        if lead is not None and DIRECTIVE_RE.match(body[lead]):
            self.nodes.append(Directive(first, "\n".join(lines)))
            return
        m = _CALLOUT_RE.match(body[lead].strip()) if lead is not None else None
        if m is None or lead is None:
            self.nodes.append(Prose(first, "\n".join(lines)))
            return
        text = "\n".join([m.group(2), *body[lead + 1 :]]).strip("\n")
        self.nodes.append(Callout(first, m.group(1).lower(), text))

    def uncovered(self) -> None:
        """Lines no block claimed (not reference definitions): kept as prose, reported."""
        for i, text in enumerate(self.lines):
            if not self.covered[i] and text.strip() and not _REFDEF_RE.match(text):
                self.report.note(i + 1, "line-kept", "line kept as prose")
                self.nodes.append(Prose(i + 1, text))


def _tab_label(inline: Token) -> tuple[str | None, str | None]:
    """`[Azure](#tab/azure)` (with or without an `<a name>` before it) -> ('Azure', 'azure')."""
    parsed = inline.children or markdown().parseInline(inline.content)[0].children or []
    children = [
        c
        for c in parsed
        if not (c.type == "html_inline" or (c.type == "text" and not c.content.strip()))
    ]
    if len(children) < 2 or children[0].type != "link_open" or children[-1].type != "link_close":
        return None, None
    href = str(children[0].attrs.get("href", ""))
    if not href.startswith("#tab/"):
        return None, None
    label = "".join(c.content for c in children[1:-1] if c.type in {"text", "code_inline"})
    return " ".join(label.split()) or None, href.removeprefix("#tab/").strip().lower() or None
