"""`state` columns: a release state (`vocabulary.STATES`), shown as the matrix's label in a
badge (never colour alone); "not available" also carries words for assistive tech when its
label is a symbol such as "-". Sorted and filtered from most to least available."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from generator.columns.base import Kind, Problem, facet
from generator.diagnostics import unknown
from generator.model import Column, Matrix, Value
from generator.views.base import CellContext, CellView
from generator.vocabulary import (
    DEFAULT_STATE_LABELS,
    GA,
    NOT_APPLICABLE,
    NOT_AVAILABLE_WORDS,
    PREVIEW,
    STATES,
    UNAVAILABLE,
    state_rank,
)

# How Markdown pages write each state (lowercase), besides its default label, for the importer.
WRITTEN = {
    GA: ("yes", "generally available", "supported", "available", "✔", "✔️", "✓", "✅"),
    PREVIEW: ("public preview", "in preview", "limited preview", "beta"),
    UNAVAILABLE: ("no", "x", "✗", "✘", "❌", "not supported", "unsupported"),
}
_STATE_OF = {
    word: state
    for state, words in WRITTEN.items()
    for word in (state, DEFAULT_STATE_LABELS[state].lower(), *words)
} | {NOT_AVAILABLE_WORDS.lower(): UNAVAILABLE}  # the site's own words for it


class StateKind(Kind):
    name = "state"
    facet = True
    leads_comparison = True
    takes_not_applicable = False  # "not available" is a state of its own

    def check(self, column_id: str, column: Mapping[str, Any], value: Any) -> Iterable[Problem]:
        expected = ", ".join(map(repr, STATES))
        if not isinstance(value, str):
            yield Problem(
                "state-unknown",
                f"column {column_id!r} holds one release state; expected one of {expected}, "
                "found a list",
            )
        elif value == NOT_APPLICABLE:
            yield Problem(
                "state-unknown",
                f"a state column says {UNAVAILABLE!r} where the seed writes '-'; "
                f"expected one of {expected}, found '-'",
            )
        elif value not in STATES:
            yield Problem("state-unknown", unknown("release state", value, STATES))

    def value_cell(self, ctx: CellContext, column: Column, value: Value) -> CellView:
        state = str(value)
        label = ctx.matrix.state_labels[state]
        absent = "not-available" if state == UNAVAILABLE else ""
        return CellView(
            badge(state, label),
            label,
            values=(words(state, label),),
            sort=str(state_rank(state)),
            facet=facet(self, column),
            absent=absent,
        )

    def text(self, matrix: Matrix, column: Column, value: Value) -> str:
        return matrix.state_labels[str(value)]

    def parse(self, text: str) -> Value | None:
        return _STATE_OF.get(" ".join(text.lower().split()))


def wordless(label: str) -> bool:
    """Whether a label is a symbol without letters or digits ("-"), which needs words beside
    it for assistive tech and the legend."""
    return not any(ch.isalnum() for ch in label)


def badge(state: str, label: str) -> Markup:
    """A state as a text badge; a label without letters (such as "-") gets words too."""
    if not wordless(label):
        return Markup('<span class="ms-state ms-state--{}">{}</span>').format(state, label)
    return Markup(
        '<span class="ms-state ms-state--{}"><span aria-hidden="true">{}</span>'
        '<span class="ms-sr">{}</span></span>'
    ).format(state, label, words(state, label))


def words(state: str, label: str) -> str:
    """What a state's label says, in words: the label, unless it is a symbol such as "-"."""
    if not wordless(label):
        return label
    return NOT_AVAILABLE_WORDS if state == UNAVAILABLE else state


KIND = StateKind()
