"""The data's vocabulary, defined once: what every module (checks, model, dump, views, export,
importer, diff) and the browser script's data attributes take their words from.

The words the data itself may hold (release states and their default labels, "-" for "not
applicable", "" for "nothing stated") are read from the JSON Schema, which editors also read;
the rest (what an absent value means to a reader, reserved page names and anchors) is here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from generator.schema import document

_DEFS = document()["$defs"]

# --- values the data holds ---------------------------------------------------------------------

STATES: Final[tuple[str, ...]] = tuple(_DEFS["state"]["enum"])
"""Release states, most available first; the last one means "not available"."""
GA, PREVIEW, UNAVAILABLE = STATES  # by meaning; a new state in the schema must be named here
DEFAULT_STATE_LABELS: Final = MappingProxyType(
    dict(document()["properties"]["state_labels"]["default"])
)
NOT_APPLICABLE: Final[str] = _DEFS["not_applicable"]["const"]
"""A choice, text or version cell where no value applies."""
BLANK: Final[str] = _DEFS["blank"]["const"]
"""A cell the source left empty: nothing is stated."""
FORMAT: Final[int] = document()["properties"]["format"]["const"]

ID: Final = re.compile(_DEFS["id"]["pattern"])
"""An id (use `fullmatch`): the schema's `$defs.id` pattern."""


def default(definition: str, key: str) -> Any:
    """The schema's `default` for `key` of `$defs.<definition>` (or of the top level, with
    definition ''): defaults are written once, in the schema."""
    node = document() if not definition else _DEFS[definition]
    return node["properties"][key]["default"]


def state_rank(state: str) -> int:
    """0 for the most available state; sorts states from most to least available."""
    return STATES.index(state)


# --- what an absent value means to a reader ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Absence:
    """One way a cell can hold no fact: its id (the `data-absent` attribute and CSS class), the
    mark shown, and the words a screen reader says and the legend explains."""

    id: str
    mark: str
    words: str
    explains: str


NOT_AVAILABLE_WORDS: Final = "Not available"
ABSENCES: Final = MappingProxyType(
    {
        a.id: a
        for a in (
            Absence(
                "not-available",
                "",  # the matrix's own label for the state is shown
                NOT_AVAILABLE_WORDS,
                "the feature is not available in this environment",
            ),
            Absence("not-applicable", "-", "Not applicable", "this aspect does not apply here"),
            Absence(
                "no-column",
                "n/a",
                "No such column here",
                "this environment's table has no such column",
            ),
            Absence(
                "not-listed",
                "Not listed",
                "Not listed",
                "this environment does not list the feature",
            ),
            Absence("blank", "", "Not stated", "the source states nothing"),
        )
    }
)

# --- names the generator gives its own pages and anchors --------------------------------------

MATRIX_PAGES: Final = ("index", "overview", "reference", "compare", "features", "whats-new")
"""Page names of each matrix besides its environments' pages; no environment may take one."""
COMPARE_SEPARATOR: Final = "-vs-"
"""Joins two environment ids in a compare page's name; no environment id may hold it."""
ANCHOR_PREFIXES: Final = ("domain-", "ref-", "sec-", "callout-", "fn-", "fnref-", "features-")
"""Anchors the generator gives headings and notes on pages with feature rows."""
RESERVED_FEATURE_IDS: Final = ("index", "overview")
RESERVED_COLUMN_IDS: Final = ("q", "sort", "hide")
"""A table's own settings in the page's address (`?aws.q=...&aws.sort=...&aws.hide=...`),
next to one parameter per filtered column (matrix-filter.js)."""


def reserved_feature_id(feature_id: str) -> bool:
    """A feature id clashes with a page or anchor of the generator's own."""
    return feature_id in RESERVED_FEATURE_IDS or feature_id.startswith(ANCHOR_PREFIXES)


def reserved_column_id(column_id: str) -> bool:
    """A column id clashes with a table's own setting in the page's address."""
    return column_id in RESERVED_COLUMN_IDS


def reserved_environment_id(env_id: str) -> bool:
    """An environment id clashes with a page name of the generator's own."""
    return env_id in MATRIX_PAGES or COMPARE_SEPARATOR in env_id
