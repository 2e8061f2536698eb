"""The import report: what was imported (counts) and every place the importer had to guess.

Entries print compiler style, one per line, so editors and CI logs link them to the page:
`page.md:42:1: guess[feature-alike] 'A' (line 42) and 'B' (line 88) look like one feature`.
`warning` marks input that is malformed (a ragged table, an unresolved include); `guess` a
decision the page does not state; `note` a normalisation a reviewer may want to know about.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Counters printed in the summary line, in this order, with their labels.
COUNTED = (
    ("tables", "tables"),
    ("feature-tables", "feature tables"),
    ("reference-tables", "reference tables"),
    ("topic-tables", "topic tables"),
    ("rows", "rows"),
    ("cells", "cells"),
    ("footnote-defs", "footnote definitions"),
    ("footnotes", "footnotes"),
    ("footnotes-as-text", "footnotes kept as text"),
    ("callouts", "callouts"),
    ("callout-placements", "callout placements"),
    ("environments", "environments"),
    ("features", "features"),
    ("sections", "prose sections"),
    ("text-blocks", "text blocks"),
    ("list-items", "reference list items"),
)


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    line: int
    kind: str  # warning, guess or note
    code: str
    message: str


@dataclass(slots=True)
class Report:
    file: str
    entries: list[Entry] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    _seen: set[Entry] = field(default_factory=set)
    headline: str | None = None  # what the summary starts with, when not an import's counts

    def warn(self, line: int, code: str, message: str) -> None:
        self._add(Entry(line, "warning", code, message))

    def guess(self, line: int, code: str, message: str) -> None:
        self._add(Entry(line, "guess", code, message))

    def note(self, line: int, code: str, message: str) -> None:
        self._add(Entry(line, "note", code, message))

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def _add(self, entry: Entry) -> None:
        if entry not in self._seen:
            self._seen.add(entry)
            self.entries.append(entry)

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def summary(self) -> str:
        parts = [f"{self.counts[key]} {label}" for key, label in COUNTED]
        tally = ", ".join(_plural(len(self.of(k)), k) for k in ("warning", "guess", "note"))
        head = self.headline or f"imported {self.file}: " + ", ".join(parts)
        return f"{head}; {tally}"

    def lines(self) -> list[str]:
        """Every entry in line order, then the summary."""
        out = [
            f"{self.file}:{e.line}:1: {e.kind}[{e.code}] {e.message}" for e in sorted(self.entries)
        ]
        out.append(self.summary())
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word}es" if word.endswith("s") else f"{n} {word}s"
