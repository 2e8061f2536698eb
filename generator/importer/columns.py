"""Columns: recognised across environments by header, typed by what most of their cells say.

- `state` when most cells (three in five of those not blank) are a release state as the
  matrix writes it, alone or with a qualifier (`Preview - limited to audit logs` is `preview`
  with that note), and no cell writes a state another way; the matrix has one label per state,
  and of the spellings on the page those that make the most columns (then cells) state columns
  win. Any other cell of a state column keeps its words as a note beside a blank value, and is
  reported. A column whose header says it holds notes, or whose only state is `-`, is never a
  state column.
- `version` when every cell is a version (`1.28`, `>= 1.10`, `4.6 or newer`) and the header
  or the cells say so (see `choices`).
- `choice` when cells are short values that repeat; `text` otherwise (see `choices`).

Blank and `-` stay different in every kind: blank is `""` (nothing stated), `-` is
`unavailable` in a state column and `"-"` (not applicable) in the others.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.importer import choices, pivot
from generator.importer.cells import Converter
from generator.importer.ids import IdPool, norm
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER
from generator.importer.values import VARIATION, blank, read_state, version_of
from generator.vocabulary import (
    BLANK,
    DEFAULT_STATE_LABELS,
    NOT_APPLICABLE,
    STATES,
    UNAVAILABLE,
    reserved_column_id,
)

_NOT_STATE_HEADERS = ("note", "notes", "description", "details", "comment", "comments", "remarks")
_MAX_SPELLINGS = 3  # per state, the most frequent ones: the label choice stays small


@dataclass(slots=True)
class ColumnPlan:
    key: str
    id: str
    header: str
    kind: str  # feature, domain, or value
    raws: list[tuple[str, int]] = field(default_factory=list)  # (cell without markers, line)
    type: str = "text"
    multi: bool = False
    values: dict[str, str] = field(default_factory=dict)  # choice: id -> label
    ids: dict[str, str] = field(default_factory=dict)  # choice: choices.key(token) -> id
    labels: Mapping[str, str] = field(default_factory=lambda: DEFAULT_STATE_LABELS)

    def value(self, raw: str, line: int, conv: Converter, marks: tuple[str, ...] = ()) -> Any:
        """The data value of one cell (a `{value, note}` mapping when it has a note);
        `marks` are footnote markers kept as written, shown in the note."""
        text = raw.strip()
        note: str | None = None
        if blank(text):
            value: Any = BLANK
        elif self.type == "state":
            value, note = self._state(text, line, conv)
        elif text == NOT_APPLICABLE:
            value = NOT_APPLICABLE
        elif self.type == "choice":
            ids = [self.ids[choices.key(t)] for t in choices.tokens(text, self.multi)]
            value = ids if self.multi else ids[0]
        elif self.type == "version":
            value = version_of(text) or text
        else:
            value = conv.cell(raw, line) or BLANK
            if marks and value != BLANK:
                value, marks = f"{value} {' '.join(marks)}", ()
        note = " ".join([*([note] if note else []), *marks]) or None
        return {"value": value, "note": note} if note else value

    def _state(self, text: str, line: int, conv: Converter) -> tuple[str, str | None]:
        found = read_state(text)
        where = f"in state column '{self.header}'"
        if found is None:
            conv.report.guess(
                line,
                "state-cell-text",
                f"'{text}' {where} states no release state; kept as a note beside a blank cell",
            )
            return BLANK, conv.inline(text, line)
        label = self.labels[found.state]
        if found.head != label:
            conv.report.note(
                line, "state-spelling", f"'{found.head}' {where} is {found.state}, shown '{label}'"
            )
        if not found.note:
            return found.state, None
        note = conv.inline(found.note, line)
        conv.report.note(
            line, "state-note", f"'{text}' {where} is {found.state} with the note '{note}'"
        )
        return found.state, note


class ColumnSet:
    """Every column of the matrix, and which (and under which header) each environment shows."""

    def __init__(self) -> None:
        self.columns: dict[str, ColumnPlan] = {}
        self.shown: dict[str, list[tuple[str, str]]] = {}  # env -> [(column key, header)]
        self._pool = IdPool(("feature", "domain"), reserved_column_id)

    def keys(self, headers: tuple[str, ...], feature_col: int, domain_col: int | None) -> list[str]:
        seen: dict[str, int] = {}
        out = []
        for i, header in enumerate(headers):
            if i == feature_col:
                out.append("feature")
            elif i == domain_col:
                out.append("domain")
            else:
                base = norm(header)
                seen[base] = seen.get(base, 0) + 1
                out.append(f"{base}#{seen[base]}")
        return out

    def show(self, env: str, keys: list[str], headers: tuple[str, ...]) -> None:
        """The columns of one of `env`'s tables; a second table adds the columns it has that
        the first has not (each after its neighbour on the left)."""
        shown = self.shown.setdefault(env, [])
        have = {key for key, _ in shown}
        at = 0
        for key, header in zip(keys, headers, strict=True):
            header = header or PLACEHOLDER
            if key not in self.columns:
                kind = key if key in ("feature", "domain") else "value"
                own = pivot.HEADER if key == pivot.KEY else header
                col_id = key if kind != "value" else self._pool.take(own, "column")
                self.columns[key] = ColumnPlan(key, col_id, own, kind)
            if key in have:
                at = next(i for i, (k, _) in enumerate(shown) if k == key) + 1
            else:
                shown.insert(at, (key, header))
                have.add(key)
                at += 1

    def value_columns(self) -> list[ColumnPlan]:
        return [c for c in self.columns.values() if c.kind == "value"]


# --- typing ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Profile:
    """What a column's cells say: per (state, spelling) how many cells, and how many cells
    are not blank."""

    spelled: Counter[tuple[str, str]] = field(default_factory=Counter)
    filled: int = 0
    never: bool = False  # the header says notes: never a state column

    def fit(self, labels: Mapping[str, str]) -> tuple[int, int]:
        """Cells written with the matrix's labels; of them, those of an available state."""
        fits = [(s, n) for (s, w), n in self.spelled.items() if labels[s] == w]
        return sum(n for _, n in fits), sum(n for s, n in fits if s != UNAVAILABLE)

    def is_state(self, labels: Mapping[str, str]) -> bool:
        """Most cells fit, one of an available state, and none writes a state otherwise
        (the site would show the matrix's label instead of the page's word)."""
        total, available = self.fit(labels)
        other = any(labels[s] != w for s, w in self.spelled)
        share = total >= pivot.STATE_SHARE * self.filled
        return not (self.never or other) and available > 0 and share


def _profile(col: ColumnPlan) -> _Profile:
    out = _Profile(never=norm(col.header) in _NOT_STATE_HEADERS)
    for raw, _ in col.raws:
        if blank(raw):
            continue
        out.filled += 1
        found = read_state(raw)
        if found is not None:
            out.spelled[(found.state, found.head.replace(VARIATION, ""))] += 1
    return out


def type_columns(columns: list[ColumnPlan], report: Report) -> dict[str, str]:
    """Give every column its type; returns the matrix's state labels."""
    profiles = {col.key: _profile(col) for col in columns}
    labels = _state_labels(list(profiles.values()))
    for col in columns:
        col.labels = labels
        if col.raws and profiles[col.key].is_state(labels):
            col.type = "state"
        else:
            typed = choices.choice_or_text(col.header, col.raws, report)
            col.type, col.multi, col.values, col.ids = (
                typed.type,
                typed.multi,
                typed.values,
                typed.ids,
            )
    return labels


def _state_labels(profiles: list[_Profile]) -> dict[str, str]:
    totals: Counter[tuple[str, str]] = Counter()
    for p in profiles:
        totals.update(p.spelled)
    options = {
        s: [w for (st, w), _ in totals.most_common() if st == s][:_MAX_SPELLINGS]
        or [DEFAULT_STATE_LABELS[s]]
        for s in STATES
    }
    best: tuple[int, int, dict[str, str]] = (-1, 0, dict(DEFAULT_STATE_LABELS))
    for combo in itertools.product(*(options[s] for s in STATES)):
        labels = dict(zip(STATES, combo, strict=True))
        states = [p for p in profiles if p.is_state(labels)]
        score = (len(states), sum(p.fit(labels)[0] for p in states))
        if score > best[:2]:
            best = (*score, labels)
    return best[2]
