"""The cells that are more than a value: a feature's name cell, a domain cell, a divider row, and
the details of an Aspect/Details row (bold labels, each followed by `<br>`-separated bullets).

A name cell shows a plain name, its documentation link, footnote markers and links to reference
tables, in that order on the site; whatever else it holds (a second line, a marker mid-name) is
kept in the name as plain text, so no word is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.cells import Converter, bullet, has_markup, segments
from generator.importer.footnotes import Marker, find_markers, literalize
from generator.importer.report import Report

_INPAGE_END = re.compile(r"(?<!!)\[([^\[\]]+)\]\(\s*#([^)\s]+)\s*\)\s*$")
_LABEL_RE = re.compile(r"^(\*\*|__)(?P<label>[^*_].*?)\1\s*(?P<rest>.*)$")
_BOLD_ONLY = re.compile(r"^(\*\*|__)(?=\S).*\S\1$")
_STARS = re.compile(r"(?<=[^\s*])(\*{1,3})$")
PLACEHOLDER = "—"  # a name or header the page leaves blank; the schema wants a non-blank one


@dataclass(frozen=True, slots=True)
class NameCell:
    short: str  # the name alone: how the feature is recognised across environments
    shown: str  # what the cell shows, in plain text
    link: str | None
    markers: tuple[Marker, ...]  # footnotes it may cite, at its end
    refs: tuple[tuple[str, str], ...]  # (anchor, text): in-page links at its end


@dataclass(frozen=True, slots=True)
class DomainCell:
    name: str
    link: str | None


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    markers: tuple[Marker, ...]
    items: tuple[str, ...]  # Markdown, one line each


def _tail(text: str) -> tuple[str, list[Marker], list[tuple[str, str]]]:
    """Split trailing reference links and footnote markers off a name."""
    refs: list[tuple[str, str]] = []
    while (m := _INPAGE_END.search(text)) and text[: m.start()].strip():
        refs.insert(0, (m.group(2), m.group(1)))
        text = text[: m.start()].rstrip()
    markers: list[Marker] = []
    while (found := find_markers(text)) and found[-1].end >= len(text.rstrip()):
        markers.insert(0, found[-1])
        text = text[: found[-1].start].rstrip()
    return text, markers, refs


def name_cell(raw: str, line: int, conv: Converter) -> NameCell:
    parts = [s for s in segments(raw) if s]
    first = parts[0] if parts else ""
    head, markers, refs = _tail(first)
    links = _links(head, conv)
    if len(links) > 1:
        conv.report.note(
            line, "name-links", f"name cell has {len(links)} links; the feature keeps the first"
        )
    short = conv.plain(re.sub(r"<sup>.*?</sup>", "", head)) or PLACEHOLDER
    if len(parts) > 1:
        shown = " ".join(conv.plain(literalize(p, markdown=False)) for p in parts)
        conv.report.guess(
            line,
            "name-extra",
            f"name cell holds more than a name; the feature is '{short}' and the whole cell "
            "is its name on this page (plain text)",
        )
        return NameCell(short, shown or PLACEHOLDER, links[0] if links else None, (), ())
    shown = conv.plain(literalize(head, markdown=False)) or PLACEHOLDER
    stars = _STARS.search(shown)
    if stars and short.endswith(stars.group(1)):
        short = short[: -len(stars.group(1))].rstrip() or PLACEHOLDER
        conv.report.note(
            line,
            "footnote-star",
            f"'{stars.group(1)}' after '{short}' is a footnote marker; kept as written, since "
            "the site numbers footnotes",
        )
    return NameCell(short, shown, links[0] if links else None, tuple(markers), tuple(refs))


def _links(text: str, conv: Converter) -> list[str]:
    if not has_markup(text):
        return []
    hrefs = []
    for token in conv.md.parseInline(conv.refs(text)):
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href and not href.startswith("#"):
                hrefs.append(href)
    return hrefs


def domain_cell(raw: str, conv: Converter) -> DomainCell:
    text = literalize(raw, markdown=False)
    links = _links(text, conv)
    return DomainCell(conv.plain(text) or PLACEHOLDER, links[0] if len(links) == 1 else None)


def is_divider(cells: tuple[str, ...], name_col: int) -> bool:
    """`**SECTION NAME** | | |`: a bold name and nothing else on the row."""
    name = cells[name_col].strip()
    others = [c for i, c in enumerate(cells) if i != name_col]
    return bool(others) and bool(_BOLD_ONLY.match(name)) and not any(c.strip() for c in others)


def groups(raw: str, line: int, conv: Converter, report: Report | None) -> list[Group] | None:
    """Labelled bullet groups (`**Supported**<br> • a<br> • b`), or None if the cell is not."""
    found: list[tuple[str, list[Marker], list[str]]] = []
    for seg in segments(raw):
        if not seg:
            continue
        label = _label(seg)
        item = bullet(seg)
        if label is not None:
            found.append((label[0], label[1], []))
        elif not found:
            return None
        elif item is not None:
            if item:
                found[-1][2].append(item)
        elif found[-1][2]:
            found[-1][2][-1] += " " + seg
            if report is not None:
                report.guess(line, "item-continued", f"'{seg}' continues the item before it")
        else:
            return None
    if not found or any(not items for _, _, items in found):
        return None
    return [
        Group(
            conv.plain(label) or PLACEHOLDER,
            tuple(markers),
            tuple(conv.inline(i, line) or PLACEHOLDER for i in items),
        )
        for label, markers, items in found
    ]


def _label(seg: str) -> tuple[str, list[Marker]] | None:
    m = _LABEL_RE.match(seg)
    if m is None:
        return None
    rest = m.group("rest")
    markers = find_markers(rest)
    left = rest
    for marker in reversed(markers):
        left = left[: marker.start] + left[marker.end :]
    left = left.strip()
    if left not in ("", ":"):
        return None
    return m.group("label") + left, markers
