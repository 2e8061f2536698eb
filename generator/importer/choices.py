"""Columns that are no state column: `version`, `choice` or `text`.

- `version` when every cell that is not blank or `-` is a version as the version kind reads it
  (`1.28`, `>= 1.10`, `4.6 or newer`), and the header says "version" or most cells have a dot
  or a bound (a column of plain counts is no version column).
- `choice` when every such cell is a short value (no HTML, links or line breaks) and values
  repeat; a list (`multi`) when cells are comma-separated. Values written nearly alike
  ("Supported." and "Supported", "**OR**" and "or") are one value, labelled as most cells write
  it; each such merge is reported.
- `text` otherwise: each cell's Markdown as written.

Value ids are the labels' slugs (a value that is a release state, such as "Yes", has the
state's id), whatever the order of the rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.importer.cells import escape_start
from generator.importer.ids import norm, stable_ids
from generator.importer.report import Report
from generator.importer.values import blank, state_of, version_of
from generator.vocabulary import NOT_APPLICABLE

MAX_CHOICE_CHARS = 40
_NOT_SIMPLE = set("<>[]`\\|#")
_EMPHASIS = re.compile(r"[*_]+")
_TRAILING = re.compile(r"[\s.;:,]+$")
_BOUND = re.compile(r"[.+<>≤≥]|\b(?:or|and|up to)\b", re.I)


@dataclass(slots=True)
class Typed:
    type: str  # text, version or choice
    multi: bool = False
    values: dict[str, str] = field(default_factory=dict)  # choice: id -> label
    ids: dict[str, str] = field(default_factory=dict)  # choice: key(token) -> id


def key(token: str) -> str:
    """How a choice value is recognised: case, emphasis, spacing and trailing punctuation
    do not count."""
    return _TRAILING.sub("", " ".join(_EMPHASIS.sub("", token).split())).casefold()


def tokens(text: str, multi: bool) -> list[str]:
    return [t.strip() for t in text.split(", ")] if multi else [text.strip()]


def _simple(text: str) -> bool:
    return (
        0 < len(text) <= MAX_CHOICE_CHARS
        and not (set(text) & _NOT_SIMPLE)
        and escape_start(text) == text
    )


def _is_list(text: str) -> bool:
    items = tokens(text, True)
    return len(set(items)) == len(items) and all(items)


def choice_or_text(header: str, cells: list[tuple[str, int]], report: Report) -> Typed:
    """The type of a column that is no state column (see the module docstring); `cells` are
    its cells, with their lines."""
    filled = [r.strip() for r, _ in cells if not blank(r) and r.strip() != NOT_APPLICABLE]
    if filled and all(version_of(w) for w in filled):
        bounded = sum(bool(_BOUND.search(w)) for w in filled)
        if "version" in norm(header).split() or 2 * bounded >= len(filled):
            return Typed("version")
    if not filled or not all(_simple(w) for w in filled):
        return Typed("text")
    multi = any(", " in w for w in filled) and all(_is_list(w) for w in filled)
    written = [t for w in filled for t in tokens(w, multi)]
    groups: dict[str, Counter[str]] = {}
    for t in written:
        groups.setdefault(key(t), Counter())[t] += 1
    named = len(groups)
    first = {t: line for r, line in reversed(cells) for t in tokens(r.strip(), multi)}
    if not all(state_of(t) for t in written) and (
        2 * named > len(written) or named > max(12, len(written) // 3)
    ):
        return Typed("text")
    return _values(header, Typed("choice", multi), groups, first, report)


def _label(spellings: Counter[str]) -> str:
    """The spelling most cells use; on a tie the one without trailing punctuation, then the
    shortest, then the first in alphabetical order."""
    return min(spellings, key=lambda w: (-spellings[w], bool(_TRAILING.search(w)), len(w), w))


def _values(
    header: str,
    typed: Typed,
    groups: dict[str, Counter[str]],
    first: dict[str, int],
    report: Report,
) -> Typed:
    keys = list(groups)  # in the order cells first write them: the order of `values`
    labels = [_label(groups[k]) for k in keys]
    names = [(state_of(label) or label, (label,)) for label in labels]
    ids = stable_ids(names, "value")
    for k, label, value_id in zip(keys, labels, ids, strict=True):
        typed.values[value_id], typed.ids[k] = label, value_id
        if len(groups[k]) > 1:
            others = ", ".join(f"'{w}' ({n})" for w, n in sorted(groups[k].items()) if w != label)
            report.note(
                min(first.get(w, 0) for w in groups[k] if w != label),  # the first other
                "choice-unified",
                f"column '{header}': {others} and '{label}' ({groups[k][label]}) are one "
                f"value, '{label}'",
            )
    return typed
