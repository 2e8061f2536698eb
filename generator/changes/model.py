"""What a semantic diff is made of: one `Change` per difference a reader would see, grouped by
matrix. Shared by the comparison (`compare`), its output (`output`), the history walk and the
views of What's new, so none of them depends on another.

`thing` is one of THINGS, `action` one of added, removed, changed, renamed; `feature`,
`environment`, `field`, `old` and `new` are None where they do not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

THINGS = (
    "matrix", "state-label", "column", "domain", "environment", "feature", "support", "cell",
    "footnote", "callout", "list", "list-item", "reference", "section",
)  # fmt: skip


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"


@dataclass(frozen=True, slots=True)
class Change:
    matrix_id: str
    thing: str  # one of THINGS
    action: Action
    path: str  # in the new data; in the old one for removals
    text: str  # one line of Markdown
    field: str | None = None  # the column id or attribute that changed
    old: str | None = None  # as shown: labels, not ids
    new: str | None = None
    feature_id: str | None = None  # the row's feature (its new id) when the change is in a row
    environment: str | None = None  # the table's environment; None: every table of the feature

    @property
    def kind(self) -> str:
        return f"{self.thing}-{self.action}"


@dataclass(frozen=True, slots=True)
class MatrixDiff:
    id: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Diff:
    matrices: tuple[MatrixDiff, ...]  # only those with changes; new order, then removed ones

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for m in self.matrices for c in m.changes)

    @property
    def empty(self) -> bool:
        return not self.matrices
