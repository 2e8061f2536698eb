"""`version` columns: a version as the page writes it, sorted and compared as a version.

Accepted forms (a version is 1 to 4 dot-separated numbers, e.g. `1.28`, `4.6`, `2.0.1`):

- exactly a version: `1.28`
- that version or newer: `>= 1.10`, `≥ 1.10`, `1.24+`, `4.6 or newer`, `4.6 or later`,
  `4.6 and later`, `4.6 and above`
- that version or older: `<= 1.28`, `≤ 1.28`, `1.28 and below`, `1.28 or older`,
  `1.28 or earlier`, `up to 1.28`

Shown as written. Sorted by the version, then "or older" < exactly < "or newer" (1.9 < ≥ 1.10
< 1.28); compared by that meaning, so `>= 1.10` and `1.10+` are the same; a change says
"raised from 1.24 to 1.28" or "lowered from ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from generator.columns.base import Kind, Problem, facet
from generator.model import Column, Matrix, Value
from generator.views.base import CellContext, CellView

_NUMBER = r"v?(?P<v>\d{1,6}(?:\.\d{1,6}){0,3})"
_FORMS = (
    (1, re.compile(rf"(?:>=|≥)\s*{_NUMBER}")),
    (1, re.compile(rf"{_NUMBER}\s*\+")),
    (1, re.compile(rf"{_NUMBER}\s+(?:or|and)\s+(?:newer|later|above|higher)")),
    (-1, re.compile(rf"(?:<=|≤)\s*{_NUMBER}")),
    (-1, re.compile(rf"{_NUMBER}\s+(?:or|and)\s+(?:older|earlier|below|lower)")),
    (-1, re.compile(rf"up\s+to\s+{_NUMBER}")),
    (0, re.compile(_NUMBER)),
)
EXPECTED = "a version such as '1.28', '>= 1.10', '1.24+', '4.6 or newer' or '1.28 and below'"
_EXPECTED_OR_NA = f"expected {EXPECTED} or '-'"


@dataclass(frozen=True, slots=True, order=True)
class Version:
    """A parsed cell: the version's numbers (trailing zeros dropped), then -1 for "or older",
    0 for exactly, 1 for "or newer"."""

    numbers: tuple[int, ...]
    bound: int
    written: str

    @property
    def key(self) -> str:
        """A sort key that orders as versions do, as text (the browser sorts it as such)."""
        padded = ".".join(f"{n:06d}" for n in (*self.numbers, 0, 0, 0, 0)[:4])
        return f"v{padded}~{self.bound + 1}"


@cache
def parse(text: str) -> Version | None:
    """The version a cell states, or None when it is not one of the accepted forms."""
    written = " ".join(text.split())
    for bound, pattern in _FORMS:
        found = pattern.fullmatch(written.lower())
        if found:
            numbers = [int(n) for n in found["v"].split(".")]
            while len(numbers) > 1 and numbers[-1] == 0:
                numbers.pop()
            return Version(tuple(numbers), bound, written)
    return None


class VersionKind(Kind):
    name = "version"
    facet = True

    def check(self, column_id: str, column: Mapping[str, Any], value: Any) -> Iterable[Problem]:
        if not isinstance(value, str):
            yield Problem(
                "version-malformed",
                f"column {column_id!r} holds one version; {_EXPECTED_OR_NA}, found a list",
            )
        elif parse(value) is None:
            yield Problem("version-malformed", f"{_EXPECTED_OR_NA}, found {value!r}")

    def value_cell(self, ctx: CellContext, column: Column, value: Value) -> CellView:
        version = parse(str(value))
        written = version.written if version else str(value)
        return CellView(
            Markup.escape(written),
            written,
            sort=version.key if version else "",
            facet=facet(self, column),
        )

    def text(self, matrix: Matrix, column: Column, value: Value) -> str:
        version = parse(str(value))
        return version.written if version else str(value)

    def same(self, column: Column, a: Value, b: Value) -> bool:
        pa, pb = parse(str(a)), parse(str(b))
        if pa is None or pb is None:
            return a == b
        return (pa.numbers, pa.bound) == (pb.numbers, pb.bound)

    def change(self, old: Value, new: Value, old_text: str, new_text: str) -> str:
        po, pn = parse(str(old)), parse(str(new))
        if po and pn and po.bound == pn.bound and po.numbers != pn.numbers:
            verb = "raised" if pn.numbers > po.numbers else "lowered"
            return f"{verb} from {old_text} to {new_text}"
        return f"{old_text} → {new_text}"

    def parse(self, text: str) -> Value | None:
        version = parse(text)
        return version.written if version else None


KIND = VersionKind()
