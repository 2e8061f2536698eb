"""Columns: recognised across environments by header, typed by every cell they hold.

- `state` when every cell is written as a release state (GA, Preview, -, ✔, Yes, X, No, ...)
  with one spelling per state across all such columns (the matrix has one label per state);
  of the spellings on the page, those that make the most columns state columns win.
- `choice` when every cell is a short plain value and values repeat (blank is the value `blank`,
  shown as nothing; `-` is "not applicable"); a list when cells are comma-separated.
- `text` otherwise: each cell's Markdown as written.
Blank and `-` stay different: `-` is `unavailable` (state) or `"-"` (choice, text); blank is
never a state, the choice value `blank` or the text `&nbsp;`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from generator.importer.cells import BLANK, Converter, escape_start, state_of
from generator.importer.ids import IdPool, norm
from generator.importer.rows import PLACEHOLDER

STATES = ("ga", "preview", "unavailable")
DEFAULT_LABELS = {"ga": "GA", "preview": "Preview", "unavailable": "-"}
_NOT_SIMPLE = set("<>*_[]`\\|#")
MAX_CHOICE_CHARS = 40


@dataclass(slots=True)
class ColumnPlan:
    key: str
    id: str
    header: str
    kind: str  # feature, domain, or value
    raws: list[str] = field(default_factory=list)
    type: str = "text"
    multi: bool = False
    values: dict[str, str] = field(default_factory=dict)  # choice: id -> label
    ids: dict[str, str] = field(default_factory=dict)  # choice: written value -> id

    def value(self, raw: str, line: int, conv: Converter) -> Any:
        """The data value of one cell."""
        text = raw.strip()
        if self.type == "state":
            return state_of(text)
        if text == "-":
            return "-"
        if self.type == "choice":
            if self.multi:
                return [self.ids[t] for t in (text.split(", ") if text else [""])]
            return self.ids[text]
        return conv.cell(raw, line) or BLANK


class ColumnSet:
    """Every column of the matrix, and which (and under which header) each environment shows."""

    def __init__(self) -> None:
        self.columns: dict[str, ColumnPlan] = {}
        self.shown: dict[str, list[tuple[str, str]]] = {}  # env -> [(column key, header)]
        self._pool = IdPool(("feature", "domain"))

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
        if env in self.shown:
            return
        self.shown[env] = []
        for key, header in zip(keys, headers, strict=True):
            header = header or PLACEHOLDER
            if key not in self.columns:
                kind = key if key in ("feature", "domain") else "value"
                col_id = key if kind != "value" else self._pool.take(header, "column")
                self.columns[key] = ColumnPlan(key, col_id, header, kind)
            self.shown[env].append((key, header))

    def value_columns(self) -> list[ColumnPlan]:
        return [c for c in self.columns.values() if c.kind == "value"]


def type_columns(columns: list[ColumnPlan]) -> dict[str, str]:
    """Give every column its type; returns the matrix's state labels."""
    labels = _state_labels(columns)
    for col in columns:
        if col.raws and all(_form_fits(r, labels) for r in col.raws):
            col.type = "state"
        else:
            _choice_or_text(col)
    return labels


def _forms(col: ColumnPlan) -> dict[str, set[str]] | None:
    """Spellings per state in a column whose every cell is a state; None otherwise."""
    out: dict[str, set[str]] = {}
    for raw in col.raws:
        state = state_of(raw)
        if state is None:
            return None
        out.setdefault(state, set()).add(raw.strip())
    return out


def _form_fits(raw: str, labels: dict[str, str]) -> bool:
    state = state_of(raw)
    return state is not None and labels[state] == raw.strip()


def _state_labels(columns: list[ColumnPlan]) -> dict[str, str]:
    candidates = [f for f in (_forms(c) for c in columns if c.raws) if f is not None]
    options = {
        s: sorted({form for f in candidates for form in f.get(s, ())}) or [DEFAULT_LABELS[s]]
        for s in STATES
    }
    best: tuple[int, int, dict[str, str]] = (-1, 0, dict(DEFAULT_LABELS))
    for combo in itertools.product(*(options[s] for s in STATES)):
        labels = dict(zip(STATES, combo, strict=True))
        fits = [f for f in candidates if all(forms == {labels[s]} for s, forms in f.items())]
        score = (len(fits), sum(len(f) for f in fits))
        if score > best[:2]:
            best = (*score, labels)
    return best[2]


def _simple(text: str) -> bool:
    return (
        0 < len(text) <= MAX_CHOICE_CHARS
        and not (set(text) & _NOT_SIMPLE)
        and escape_start(text) == text
    )


def _choice_or_text(col: ColumnPlan) -> None:
    written = [r.strip() for r in col.raws if r.strip() != "-"]
    filled = [w for w in written if w]
    if not filled or not all(_simple(w) for w in filled):
        return
    multi = any(", " in w for w in filled) and all(
        len(set(w.split(", "))) == len(w.split(", ")) and all(w.split(", ")) for w in filled
    )
    tokens = [t for w in written for t in (w.split(", ") if multi and w else [w])]
    distinct = list(dict.fromkeys(tokens))
    filled_tokens = [t for t in tokens if t]
    named = len(set(filled_tokens))
    states = all(state_of(t) for t in filled_tokens)  # an enum whatever the counts
    if not states and (2 * named > len(filled_tokens) or named > max(12, len(filled_tokens) // 3)):
        return
    pool = IdPool(("blank",))
    col.type, col.multi = "choice", multi
    for token in distinct:
        if not token:
            col.ids[token], col.values["blank"] = "blank", BLANK
            continue
        state = state_of(token)
        value_id = pool.take(state, "value") if state else pool.take(token, "value")
        col.ids[token], col.values[value_id] = value_id, token
