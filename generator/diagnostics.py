"""Diagnostics: where a problem is, what it is, and how it prints.

Every check reports problems as `Diagnostic` values instead of raising, so a run can show all
of them at once. They print compiler style, one per line, so editors and CI logs link them:
`data/containers.yaml:42:7: error[ref-unknown-footnote] features.x.support.aws: ...`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

Path = tuple[str | int, ...]


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"


class SourceLoc(NamedTuple):
    """A 1-based line and column in a data file. A named tuple rather than a frozen dataclass:
    loading makes one for every value and key (130,000 at 100x), and a tuple is made in half
    the time; it is as immutable, and orders by file, line, column alike."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: Level
    code: str
    loc: SourceLoc
    path: Path
    message: str

    def __str__(self) -> str:
        where = format_path(self.path)
        where = f" {where}:" if where else ""
        return f"{self.loc}: {self.level.value}[{self.code}]{where} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


def format_path(path: Path) -> str:
    """`("features", "x", "tags", 0)` -> `features.x.tags[0]`; a key that is not a plain
    word (spaces, dots, line breaks) is quoted, so the path stays on its one line."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _PLAIN_KEY.fullmatch(part) else repr(part)
            out += f".{key}" if out else key
    return out


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or '' when nothing is close."""
    pool = list(choices)
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not close:
        folded = {c.lower(): c for c in pool}
        close = [folded[value.lower()]] if value.lower() in folded else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def expected_one_of(value: object, choices: Iterable[str]) -> str:
    pool = list(choices)
    listed = ", ".join(repr(c) for c in pool) if pool else "(none declared)"
    hint = did_you_mean(value, pool) if isinstance(value, str) else ""
    return f"expected one of {listed}, found {value!r}{hint}"


def unknown(what: str, value: object, choices: Iterable[str]) -> str:
    """`unknown footnote 'x' (did you mean 'y'?); expected one of 'y', 'z'`."""
    pool = list(choices)
    listed = ", ".join(repr(c) for c in pool) if pool else "(none declared)"
    hint = did_you_mean(value, pool) if isinstance(value, str) else ""
    shown = repr(value) if isinstance(value, str) else f"{value!r} (a {type(value).__name__})"
    return f"unknown {what} {shown}{hint}; expected one of {listed}"


def summary(diags: Iterable[Diagnostic]) -> str:
    diags = list(diags)
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
