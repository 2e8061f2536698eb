"""Which findings of the later checks a schema error makes unreliable (issue 13).

The checks after the schema run on every file, so that one shape error does not hide the
reference errors of the same file; but a finding caused by a shape error is not news, and is
dropped. A finding is dropped when a path the schema flagged

- is its own path, or lies above or below it (the schema already said what is wrong there, or
  what the finding is about is malformed inside: an `order` with an item that is not an id),
  or
- affects what the finding relies on (`_RELIES_ON`): the ids it looked up (an unknown footnote
  is only unknown if `footnotes` has its shape and every key in it is an id), or the
  definitions that give it its meaning (every cell is read through the column definitions).

In a path pattern, `ANY` stands for any one key, `NOT_AN_ID` for a key that is not an id. "At or
above" means the flagged path is a prefix of the pattern; a pattern marked `SUBTREE` is also
affected by a flag anywhere below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from generator.diagnostics import Diagnostic, Path
from generator.vocabulary import ID

ANY: Final = object()  # any one key
NOT_AN_ID: Final = object()  # a key that is not an id
SUBTREE: Final = True
Pattern = tuple[tuple[object, ...], bool]  # (path pattern, affected by flags below it too)

# The section whose keys an unknown id of a kind was looked up in, where it is not the kind's
# plural (`footnote` -> `footnotes`).
_POOLS: dict[str, tuple[object, ...]] = {"list-item": ("lists", ANY, "items")}
# Findings that rely on more than their own path and the ids they looked up, by code.
_RELIES_ON: dict[str, tuple[Pattern, ...]] = {
    "column-feature-missing": ((("columns",), SUBTREE),),
    "order-mismatch": ((("features", ANY, "support"), False),),
    "former-id-taken": ((("features", ANY, "former_ids"), SUBTREE),),
    "ref-unplaced-reference": (
        (("environments", ANY, "blocks"), SUBTREE),
        (("index",), SUBTREE),
    ),
}
# A cell is read through its column's definition and the environment's list of columns (and
# its feature's shared cells, `_relies_on` adds).
_CELL_RELIES_ON: tuple[Pattern, ...] = (
    (("columns",), SUBTREE),
    (("environments", ANY, "columns"), SUBTREE),
)


def caused_by(finding: Diagnostic, flagged: Iterable[Path]) -> bool:
    """Whether a schema error at one of the `flagged` paths makes `finding` unreliable."""
    relies = _relies_on(finding)
    return any(
        _affects(bad, finding.path, SUBTREE) or any(_affects(bad, p, sub) for p, sub in relies)
        for bad in flagged
    )


def _relies_on(finding: Diagnostic) -> tuple[Pattern, ...]:
    relies = _RELIES_ON.get(finding.code, ())
    kind = finding.code.removeprefix("ref-unknown-")
    if kind != finding.code:
        pool = _POOLS.get(kind, (f"{kind}s",))
        # the mapping it looked in, or a key of it that the schema refused (`"azure\n"`)
        relies += ((pool, False), ((*pool, NOT_AN_ID), False))
    path = finding.path
    if path[:1] == ("features",) and "cells" in (path[2:3] + path[4:5]):  # a cell's finding
        relies += (*_CELL_RELIES_ON, (("features", path[1], "cells"), False))
    return relies


def _affects(flagged: Path, pattern: tuple[object, ...], subtree: bool) -> bool:
    """Whether a schema error at `flagged` is at or above `pattern` (or, for a subtree, below
    it)."""
    if not all(_matches(got, want) for got, want in zip(flagged, pattern, strict=False)):
        return False
    return len(flagged) <= len(pattern) or subtree


def _matches(key: str | int, want: object) -> bool:
    if want is NOT_AN_ID:
        return isinstance(key, str) and not ID.fullmatch(key)
    return want is ANY or want == key
