"""Cell and prose text: the Markdown the site renders, from the Markdown pages are written in.

The site renders data Markdown with raw HTML off, so the HTML pages put in cells is rewritten
here: `<br>` (also `<br/>`, `<br />`, `</br>`) breaks lines, a `•`/`*`/`-` after it starts a
bullet, `<br><br>` a paragraph; `<b>`, `<i>`, `<code>` and `<a href>` become Markdown; footnote
markers stay as written (`¹`). Any other tag loses its markup and keeps its text (reported).
Images become links to them, so their alt text stays words on the page.
What a value cell states (a release state, a note, a version) is read in `values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt

from generator.importer.footnotes import literalize
from generator.importer.report import Report

BR_RE = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.I)
BULLET_RE = re.compile(r"^(?:[•·▪◦‣●○■➢►]\s*|[-*+]\s+)")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b((?:\s+[^<>]*?)?)\s*/?>")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_LINK_RE = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
_CODE_RE = re.compile(r"(`+)(.+?)\1", re.S)
_IMAGE_RE = re.compile(r"!\[([^\[\]]+)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_INPAGE_RE = re.compile(r"(?<!!)\[([^\[\]]*)\]\(\s*#[^)\s]*\s*\)")
_REF_LINK_RE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")
_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|[=-]+\s*$|`{3,}|~{3,}|\[[^\]]+\]:)")
_ORDERED_START = re.compile(r"^(\d{1,9})(?=[.)](?:\s|$))")
_MARKUP = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "kbd": "`", "samp": "`"}
_SPACE_TAGS = {"sup", "sub"}
_SILENT_TAGS = {"span", "u", "font", "small", "big", "abbr", "mark", "ins", "del", "s", "a"}
_WORD_BOUNDARY = {"br", "sup", "sub", "p", "li", "ul", "ol", "div", "td", "th", "tr", "table"}


_MARKUP_CHARS = frozenset("[]*_`<>&\\!")


def has_markup(text: str) -> bool:
    """Whether Markdown could read `text` as more than its characters (a fast path for the
    many cells that are plain words)."""
    return not _MARKUP_CHARS.isdisjoint(text)


def segments(raw: str) -> list[str]:
    """A cell split at its line breaks; empty strings where breaks follow each other."""
    return [part.strip() for part in BR_RE.split(raw)]


def bullet(segment: str) -> str | None:
    """The item text when `segment` is a bullet (`• x`, `* x`, `- x`), else None."""
    m = BULLET_RE.match(segment)
    return segment[m.end() :].strip() if m else None


def escape_start(line: str) -> str:
    """Keep a line's first characters from starting a block (`1.`, `#`, `-`, `>`) when rendered."""
    line = line.strip()
    ordered = _ORDERED_START.match(line)
    if ordered:
        return ordered.group(1) + "\\" + line[ordered.end() :]
    return "\\" + line if _BLOCK_START.match(line) else line


def outside_code(text: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the parts of `text` that are not code spans."""
    out, at = [], 0
    for m in _CODE_RE.finditer(text):
        out += [change(text[at : m.start()]), m.group(0)]
        at = m.end()
    out.append(change(text[at:]))
    return "".join(out)


class Converter:
    """Rewrites cell and prose Markdown for the site; reports what it could not keep."""

    def __init__(self, report: Report, refdefs: dict[str, str]) -> None:
        self.report = report
        self.refdefs = refdefs
        self.md = MarkdownIt("commonmark").enable("table")

    # -- whole cells ---------------------------------------------------------------------------
    def cell(self, raw: str, line: int) -> str:
        """A table cell as block Markdown: lines, paragraphs and bullet lists; '' when blank."""
        text = self.html(raw, line)
        blocks: list[str] = []
        para: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if para:
                blocks.append("\\\n".join(escape_start(p) for p in para))
                para.clear()
            if items:
                blocks.append("\n".join(f"- {escape_start(i)}" for i in items))
                items.clear()

        for seg in segments(text):
            item = bullet(seg)
            if not seg:
                if para:
                    flush()
            elif item is not None:
                if para:
                    flush()
                if item:
                    items.append(item)
            else:
                if items:
                    flush()
                para.append(seg)
        flush()
        return "\n\n".join(blocks)

    def inline(self, raw: str, line: int) -> str:
        """One line of Markdown (a list item, a choice label): line breaks become spaces."""
        text = " ".join(s for s in segments(self.html(raw, line)) if s)
        return escape_start(" ".join(text.split()))

    def plain(self, raw: str) -> str:
        """Plain text, as the words of the rendered Markdown read (links, bold and tags gone)."""
        if not has_markup(raw):
            return " ".join(raw.split())
        parts: list[str] = []
        for token in self.md.parseInline(self.refs(raw)):
            for child in token.children or ():
                if child.type in {"text", "text_special", "code_inline"}:
                    parts.append(child.content)
                elif child.type in {"softbreak", "hardbreak"}:
                    parts.append(" ")
                elif child.type == "image":
                    parts.append(child.content)
                elif child.type == "html_inline":
                    tag = _TAG_RE.match(child.content)
                    if tag is not None and tag.group(2).lower() in _WORD_BOUNDARY:
                        parts.append(" ")
        return " ".join("".join(parts).split())

    # -- prose ---------------------------------------------------------------------------------
    def prose(self, source: str, line: int) -> str:
        """Paragraphs, lists, quotes as written; inline HTML rewritten, `<br>` a line break."""
        text = self.html(source, line)
        text = BR_RE.sub("\\\\\n", text)
        return "\n".join(part.rstrip() for part in text.strip("\n").split("\n"))

    # -- HTML ----------------------------------------------------------------------------------
    def html(self, text: str, line: int) -> str:
        """Inline HTML as Markdown (outside code spans); `<br>` kept for the caller to split."""
        return outside_code(text, lambda part: self._html(part, line))

    def _html(self, text: str, line: int) -> str:
        text = _COMMENT_RE.sub("", text)
        text = literalize(text)
        text = _LINK_RE.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", text)
        text = _TAG_RE.sub(lambda m: self._tag(m, line), text)
        text = self.refs(text)
        text = self._images(text, line)
        return self._inpage(text, line)

    def _images(self, text: str, line: int) -> str:
        """An image's alt text is words the page shows; the site shows it as a link instead."""

        def link(m: re.Match[str]) -> str:
            self.report.note(line, "image-as-link", f"image '{m.group(1)}' shown as a link to it")
            return f"[{m.group(1)}]({m.group(2)})"

        if ":::image" in text:
            self.report.note(line, "directive-inline", "':::image' inside text kept as written")
        return _IMAGE_RE.sub(link, text)

    def _tag(self, m: re.Match[str], line: int) -> str:
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name == "br":
            return "<br>"
        if name in _MARKUP:
            return _MARKUP[name]
        if name in _SPACE_TAGS:
            return " "
        if name in {"ul", "ol"}:
            return "<br>"
        if name == "li":
            return "" if closing else "<br>- "
        if name in {"p", "div"}:
            return "<br><br>"
        if name not in _SILENT_TAGS:
            self.report.note(line, "html-dropped", f"HTML tag <{name}> dropped; its text is kept")
        return ""

    def refs(self, text: str) -> str:
        """Reference-style links (`[text][label]`) written inline, since data has no definitions."""
        if not self.refdefs:
            return text

        def inline(m: re.Match[str]) -> str:
            label = (m.group(2) or m.group(1)).strip().lower()
            url = self.refdefs.get(label)
            return f"[{m.group(1)}]({url})" if url else m.group(0)

        return _REF_LINK_RE.sub(inline, text)

    def _inpage(self, text: str, line: int) -> str:
        """In-page links (`[x](#anchor)`) point at nothing on the site: keep their text."""

        def strip(m: re.Match[str]) -> str:
            self.report.note(line, "link-in-page", f"in-page link '{m.group(0)}' kept as its text")
            return m.group(1)

        return _INPAGE_RE.sub(strip, text)
