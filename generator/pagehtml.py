"""Generated pages as HTML without Python-Markdown, for the MkDocs plugin.

A generated page is Markdown only for what MkDocs reads from it: headings (for the table of
contents) and raw HTML blocks, which Python-Markdown passes through untouched. Python-Markdown
still re-reads every byte of that HTML (most of a plain build's time), so the plugin turns a
page into HTML here instead: each heading as the `toc` extension writes it (its id, or a slug of
its text made unique the way `toc` does, and a permalink), every other block as it is. Pages
with anything else fall back to Python-Markdown (`convert` returns None); tests compare both on
every page the generator writes.

Big blocks (tables, marked `<!--ms-hold-->` ... `<!--/ms-hold-->` by the templates) are held
out of what MkDocs and the search plugin parse at all: `hold` swaps each for a placeholder with
the table's rows as plain sentences (what the search index should hold: cells separated, no
markup), and `restore` puts the block back into the finished page.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique

_HOLD_OPEN, _HOLD_CLOSE = "<!--ms-hold-->\n", "<!--/ms-hold-->"
_PLACEHOLDER = re.compile(
    r'<div class="ms-held" id="ms-held-(\d+)"[^>]*>.*?<!--/ms-held--></div>', re.S
)
_HEADING = re.compile(r"(#{1,6}) (.+?)(?: \{ #([A-Za-z0-9_:.-]+) \})?")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_ROW_OPEN, _ROW_CLOSE = re.compile(r"<tr[^>]*>"), re.compile("</tr>")
_CELL_OPEN, _CELL_CLOSE = re.compile(r"<t[hd][^>]*>"), re.compile("</t[hd]>")
_TAG = re.compile(r"<[^>]+>")
# Marks a reader sees beside a name but a search result should not quote: report-a-problem and
# documentation links, footnote numbers.
_MARKS = re.compile(r'<a class="ms-(?:src|doc)"[^>]*>.*?</a>|<sup class="ms-fnref"[^>]*>.*?</sup>')
PERMALINK = '<a class="headerlink" href="#{id}" title="Permanent link">&para;</a>'


@dataclass(frozen=True, slots=True)
class Held:
    """A page's Markdown with its big blocks swapped for placeholders, and those blocks."""

    markdown: str
    blocks: tuple[str, ...]


def hold(markdown: str) -> Held:
    """Swap each held block for a placeholder that carries the block's text for search."""
    blocks: list[str] = []
    out: list[str] = []
    start = 0
    # str.find rather than a regular expression: a lazy `.*?` steps through every byte of
    # the blocks, 25 MB at 100x.
    while (opened := markdown.find(_HOLD_OPEN, start)) >= 0:
        closed = markdown.find(_HOLD_CLOSE, opened + len(_HOLD_OPEN))
        if closed < 0:
            break
        block = markdown[opened + len(_HOLD_OPEN) : closed]
        end = closed + len(_HOLD_CLOSE)
        end += markdown.startswith("\n", end)
        out += (markdown[start:opened], _placeholder(len(blocks), block))
        blocks.append(block)
        start = end
    out.append(markdown[start:])
    return Held("".join(out), tuple(blocks))


def _placeholder(n: int, block: str) -> str:
    if "data-search-exclude" in block.split(">", 1)[0]:
        return f'<div class="ms-held" id="ms-held-{n}" data-search-exclude><!--/ms-held--></div>\n'
    return f'<div class="ms-held" id="ms-held-{n}">{search_text(block)}<!--/ms-held--></div>\n'


def restore(page: str, blocks: tuple[str, ...]) -> str:
    """Put the held blocks back where their placeholders are."""
    if not blocks:
        return page
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], page)


def search_text(block: str) -> str:
    """A table's rows as sentences, cells separated, for the search index."""
    rows = []
    for row in _between(block, _ROW_OPEN, _ROW_CLOSE):
        cells = [_plain(c) for c in _between(row, _CELL_OPEN, _CELL_CLOSE)]
        text = " · ".join(c for c in cells if c)
        if text:
            rows.append(f"<p>{html.escape(text, quote=False)}</p>")
    return "".join(rows)


def _between(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> list[str]:
    """What `opening(.*?)closing` finds (re.S), found by searching for each end in turn."""
    found = []
    at = 0
    while (start := opening.search(text, at)) and (end := closing.search(text, start.end())):
        found.append(text[start.end() : end.start()])
        at = end.end()
    return found


@functools.lru_cache(maxsize=65536)  # a value's cell recurs in thousands of rows
def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _MARKS.sub("", fragment))).split())


def convert(markdown: str) -> tuple[str, list[dict[str, Any]]] | None:
    """(HTML, toc tokens) as Python-Markdown with `attr_list` and `toc` (permalink) would give
    them, or None when the page holds Markdown other than headings and raw HTML blocks."""
    blocks = _blocks(markdown)
    if blocks is None:
        return None
    used = {m[2] for kind, m in blocks if kind == "h" and isinstance(m, tuple) and m[2]}
    counters: dict[str, int] = {}
    out: list[str] = []
    tokens: list[Any] = []
    for kind, value in blocks:
        if kind == "raw":
            out.append(str(value))
            continue
        assert isinstance(value, tuple)
        level, inner, anchor = value
        if not anchor:
            anchor = unique(slugify(html.unescape(inner), "-"), used, counters)
        permalink = PERMALINK.format(id=anchor)
        out.append(f'<h{level} id="{anchor}">{inner}{permalink}</h{level}>')
        name = _TAG.sub("", inner)
        tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "children": []})
    nested: list[dict[str, Any]] = nest_toc_tokens(tokens)  # type: ignore[assignment]
    return "\n".join(out), nested


def _blocks(markdown: str) -> list[tuple[str, object]] | None:
    """The page's blocks: ("h", (level, inner HTML, id or '')) or ("raw", text)."""
    out: list[tuple[str, object]] = []
    raw: list[str] = []
    for line in markdown.split("\n"):
        if not line.strip():
            if raw:
                out.append(("raw", "\n".join(raw)))
                raw = []
            continue
        heading = _HEADING.fullmatch(line) if line.startswith("#") and not raw else None
        if heading:
            inner = _ESCAPED.sub(r"\1", heading.group(2))
            out.append(("h", (len(heading.group(1)), inner, heading.group(3) or "")))
        elif raw or line.startswith("<"):
            raw.append(line)
        else:
            return None  # Markdown we do not write: let Python-Markdown read it
    if raw:
        out.append(("raw", "\n".join(raw)))
    return out


_SECTION = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_KEEP = re.compile(r"<(/?)(p|li|ul|ol|code|pre|sub|sup)\b[^>]*>")
_EXCLUDED = re.compile(
    r'<div class="ms-held"[^>]*data-search-exclude[^>]*>.*?</div>'
    r'|<ul class="ms-legend"[^>]*data-search-exclude[^>]*>.*?</ul>',
    re.S,
)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def search_sections(content: str) -> list[tuple[str | None, str, str]]:
    """A page's search entries as (anchor, title, text): a section per heading with an id,
    the first one without an anchor, text with paragraphs and lists kept (as Material's search
    plugin keeps them) and everything else as plain text."""
    content = _EXCLUDED.sub("", content)
    out: list[tuple[str | None, str, str]] = []
    heads = list(_SECTION.finditer(content))
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(content)
        # Material's search shows titles as HTML: the heading's words, escaped again.
        title = html.escape(_plain(_PERMALINK.sub("", head.group(3))), quote=False)
        body = content[head.end() : end]
        kept = _KEEP.sub(lambda m: f"\0{m.group(1)}{m.group(2)}\1", body)
        text = html.escape(html.unescape(_TAG.sub(" ", kept)), quote=False)
        text = " ".join(text.replace("\0", "<").replace("\1", ">").split())
        out.append((head.group(2) if out else None, title, text))
    return out
