"""Footnotes as pages write them, and which definition each marker cites.

Markers: `<sup>[1](#footnote1)</sup>`, `[<sup>1</sup>](#fn1)`, `<sup><a href="#fn1">1</a></sup>`,
`<a href="#fn1"><sup>1</sup></a>`, a bare `<sup>1</sup>`, a superscript digit (`¹`), and
`*`/`**` (also `<sup>*</sup>`, and a trailing `*` that is no emphasis: `GA*`).
Definitions start a paragraph line: `<sup><a name="footnote1"></a>1</sup> text`,
`<a name="fn1"></a><sup>1</sup> text`, `<sup>1</sup> text`, `¹ text`, or `\\*`/`\\*\\*` for
star markers.
Pages repeat anchors (one `footnote1` per section), so a marker cites the first definition after
it in its own section, else the nearest one before it, else any.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

_LABEL = r"(?P<label>\d+|(?:\\?\*)+)"
_ANCHOR = r"#(?P<anchor>[^\s)\"'>]*)"
_Q = "[\"']"
MARKER_RES = (
    re.compile(rf"<sup>\s*\[\s*{_LABEL}\s*\]\(\s*{_ANCHOR}\s*\)\s*</sup>", re.I),
    re.compile(rf"\[\s*<sup>\s*{_LABEL}\s*</sup>\s*\]\(\s*{_ANCHOR}\s*\)", re.I),
    re.compile(rf"<sup>\s*<a\s+href\s*=\s*{_Q}{_ANCHOR}{_Q}\s*>\s*{_LABEL}\s*</a>\s*</sup>", re.I),
    re.compile(rf"<a\s+href\s*=\s*{_Q}{_ANCHOR}{_Q}\s*>\s*<sup>\s*{_LABEL}\s*</sup>\s*</a>", re.I),
    re.compile(rf"<sup>\s*{_LABEL}\s*</sup>", re.I),
    re.compile(r"(?<=\S)\s?(?P<label>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?![\w¹²³⁴⁵⁶⁷⁸⁹⁰])"),
)
_NAME = rf"<a\s+(?:name|id)\s*=\s*{_Q}(?P<anchor>[^\"']*){_Q}\s*>\s*</a>"
DEFINITION_RES = (
    re.compile(rf"^\s*<sup>\s*{_NAME}\s*{_LABEL}\s*</sup>\s*", re.I),
    re.compile(rf"^\s*{_NAME}\s*<sup>\s*{_LABEL}\s*</sup>\s*", re.I),
    re.compile(rf"^\s*<sup>\s*{_LABEL}\s*</sup>\s*(?:{_NAME})?\s*", re.I),
    re.compile(r"^\s*(?P<label>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+(?=\S)"),
    re.compile(r"^\s*(?P<label>(?:\\\*)+)\s*"),
)
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TRAILING_STARS = re.compile(r"(?<=[^\s*\\])\s?(?P<stars>(?:\\?\*){1,3})\s*$")


@dataclass(frozen=True, slots=True)
class Marker:
    label: str  # "1", "*", "**"
    anchor: str | None
    start: int
    end: int

    @property
    def numeric(self) -> bool:
        return self.label.isdigit()


@dataclass(frozen=True, slots=True)
class Definition:
    label: str
    anchor: str | None
    text: str  # Markdown as written, HTML not yet converted
    line: int
    key: Hashable  # the page section it stands in


def _label(raw: str) -> str:
    return raw.replace("\\", "").translate(_DIGITS)


_MARKER_CHARS = frozenset("<*¹²³⁴⁵⁶⁷⁸⁹⁰")


def find_markers(text: str) -> list[Marker]:
    """Every footnote marker in `text`, left to right, none overlapping."""
    if _MARKER_CHARS.isdisjoint(text):
        return []
    found: list[Marker] = []
    for pattern in MARKER_RES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            found.append(Marker(_label(groups["label"]), groups.get("anchor"), m.start(), m.end()))
    stars = _TRAILING_STARS.search(text)
    if stars and "*" not in text[: stars.start()].replace("\\*", ""):  # no `*emphasis*` end
        found.append(Marker(_label(stars.group("stars")), None, stars.start(), stars.end()))
    found.sort(key=lambda mk: (mk.start, -mk.end))
    out: list[Marker] = []
    for marker in found:
        if not out or marker.start >= out[-1].end:
            out.append(marker)
    return out


def literal(label: str, markdown: bool = True) -> str:
    """How a marker is written when it cannot be a footnote: `¹`, `²`, `\\*`."""
    if label.isdigit():
        return label.translate(_SUPERSCRIPTS)
    return label.replace("*", "\\*") if markdown else label


def literalize(text: str, markdown: bool = True) -> str:
    """`Kubernetes<sup>1</sup>` -> `Kubernetes ¹`: the marker kept as written, as a word."""
    out, at = [], 0
    for marker in find_markers(text):
        before = text[at : marker.start]
        out.append(before)
        joined = "".join(out)
        space = " " if joined and not joined[-1].isspace() else ""
        after = text[marker.end : marker.end + 1]
        tail = " " if after[:1].isalnum() else ""
        out.append(space + literal(marker.label, markdown) + tail)
        at = marker.end
    out.append(text[at:])
    return "".join(out)


def match_definition(line: str) -> tuple[str, str | None, str] | None:
    """(label, anchor, rest of the line) when `line` starts a footnote definition."""
    for pattern in DEFINITION_RES:
        m = pattern.match(line)
        if m:
            groups = m.groupdict()
            rest = line[m.end() :].strip()
            if rest or pattern is not DEFINITION_RES[-1]:
                return _label(groups["label"]), groups.get("anchor"), rest
    return None


def resolve(
    label: str, anchor: str | None, line: int, key: Hashable, defs: Sequence[Definition]
) -> Definition | None:
    """The definition a marker at `line` in section `key` cites."""
    pool = [d for d in defs if anchor and d.anchor == anchor] or [
        d for d in defs if d.label == label
    ]
    for scope in ([d for d in pool if d.key == key], pool):
        after = [d for d in scope if d.line > line]
        if after:
            return min(after, key=lambda d: d.line)
        before = [d for d in scope if d.line < line]
        if before:
            return max(before, key=lambda d: d.line)
    return None
