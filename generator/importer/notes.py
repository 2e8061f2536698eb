"""Footnotes: which definition each marker cites, and which markers can be footnotes at all.

The site numbers footnotes per page, in order of first citation, and cites them only after a
feature's name and after a reference group's label. A marker after a name, a group label or a
value in the row (`GA<sup>1</sup>`, `GA*`) becomes a citation when it finds its definition and,
for a number after a name or label, gets on the site the number the page wrote (a star, or a
marker after a value, which moves after the name, gets the site's number); any other marker is
kept as written (`¹`, `*`: after the name, or in the cell's note). A definition
becomes a footnote when the page it stands on cites it; otherwise it stays a paragraph where it
stood.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from generator.importer.cells import Converter
from generator.importer.footnotes import Definition, Marker, resolve
from generator.importer.ids import IdPool
from generator.importer.report import Report


class Owner(Protocol):
    """Where markers stand: a feature's support entry or a reference group."""

    footnotes: list[str]
    literal: list[str]


@dataclass(slots=True)
class Citation:
    marker: Marker
    line: int
    key: Hashable
    page: str
    owner: Owner
    target: Definition | None = None
    proper: bool = False
    note_id: str = ""
    moved: bool = False  # after a value: the site cites it after the name, with its own number


@dataclass(slots=True)
class Notes:
    texts: dict[str, str] = field(default_factory=dict)  # footnote id -> Markdown
    consumed: set[int] = field(default_factory=set)  # lines of definitions shown as footnotes


def settle(
    citations: list[Citation],
    defs: list[Definition],
    def_page: dict[int, str],
    conv: Converter,
    report: Report,
) -> Notes:
    """Resolve every citation, number them per page, and fill in their owners."""
    for c in citations:
        c.target = resolve(c.marker.label, c.marker.anchor, c.line, c.key, defs)
        c.proper = c.target is not None and bool(c.target.text.strip())
        _explain(c, report)
        _duplicates(c, defs, report)
    notes = Notes()
    ids, by_text = IdPool(), dict[str, str]()
    for c in citations:
        if c.proper and c.target is not None:
            text = conv.prose(c.target.text, c.target.line)
            if text not in by_text:
                by_text[text] = ids.take(text, "footnote")
                notes.texts[by_text[text]] = text
            c.note_id = by_text[text]
    _number(citations, report)
    for c in citations:
        if not c.proper:
            c.owner.literal.append(c.marker.label)
        elif c.note_id not in c.owner.footnotes:
            c.owner.footnotes.append(c.note_id)
    for c in citations:
        if c.proper and c.target is not None and def_page.get(id(c.target)) == c.page:
            notes.consumed.add(c.target.line)
    used = {c.note_id for c in citations if c.proper}
    notes.texts = {k: v for k, v in notes.texts.items() if k in used}
    return notes


def _explain(c: Citation, report: Report) -> None:
    label = c.marker.label
    if c.target is None:
        report.warn(
            c.line,
            "footnote-unresolved",
            f"marker '{label}' cites no footnote on the page; kept as written",
        )
    elif not c.marker.numeric:
        report.note(
            c.line,
            "footnote-star",
            f"marker '{label}' cites the footnote at line {c.target.line}; the site numbers it",
        )


def _duplicates(c: Citation, defs: list[Definition], report: Report) -> None:
    """Pages repeat footnote anchors per section; say which copy a marker was given."""
    if c.target is None:
        return
    same = [d for d in defs if (d.anchor or d.label) == (c.target.anchor or c.target.label)]
    if len(same) > 1:
        lines = ", ".join(str(d.line) for d in same)
        name = f"anchor '{c.target.anchor}'" if c.target.anchor else f"footnote {c.target.label}"
        where = "in its own section" if c.target.key == c.key else "the nearest"
        report.guess(
            c.line,
            "footnote-duplicate",
            f"{name} is defined {len(same)} times (lines {lines}); marker "
            f"'{c.marker.label}' cites the one at line {c.target.line}, {where}",
        )


def _number(citations: list[Citation], report: Report) -> None:
    """Demote citations whose number on the site would differ from the page's. Numbers only
    depend on the citations before, so one pass in page order settles them all."""
    by_owner: dict[int, list[Citation]] = {}
    for c in citations:
        by_owner.setdefault(id(c.owner), []).append(c)
    order: dict[str, dict[str, int]] = {}  # page -> footnote id -> number
    cited: dict[int, set[str]] = {}
    for c in citations:
        if not c.proper:
            continue
        numbers = order.setdefault(c.page, {})
        number = numbers.get(c.note_id, len(numbers) + 1)
        twice = c.note_id in cited.setdefault(id(c.owner), set())
        if (c.marker.numeric and not c.moved and str(number) != c.marker.label) or twice:
            _demote(c, by_owner[id(c.owner)], number, report)
            continue
        numbers.setdefault(c.note_id, number)
        cited[id(c.owner)].add(c.note_id)


def _demote(c: Citation, same_owner: Iterable[Citation], number: int, report: Report) -> None:
    report.guess(
        c.line,
        "footnote-renumbered",
        f"footnote {c.marker.label} would be footnote {number} on its page; kept as written "
        "(with the markers after it in the same cell) and its text as a paragraph",
    )
    after = False
    for other in same_owner:
        after = after or other is c
        if after:
            other.proper = False
