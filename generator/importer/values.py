"""What one value cell states, read the way the column kinds read it (`generator.columns.KINDS`,
so the words for each release state are defined once, in `columns/state.py`):

- blank: nothing, `&nbsp;` or only line breaks; distinct from `-`, which is a value;
- a release state, exactly as a state kind reads it (`GA`, `Yes`, `✔`, `-`, ...);
- a release state with a qualifier: `Preview \u2013 limited to audit logs` (en dash), `GA (activity
  monitoring)`, `Yes, except private clusters`, `✔<br>(on supported versions)`: the state, and
  the rest as a note shown beside it;
- a version (`1.28`, `>= 1.10`, `4.6 or newer`), as the version kind reads it;
- anything else: words.

Footnote markers in a cell or header (`GA<sup>1</sup>`, `GA¹`, `GA*`) are split off first: they
cite a footnote, they are not part of the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.columns import KINDS
from generator.importer.cells import BR_RE
from generator.importer.footnotes import Marker, find_markers

_STATE = KINDS["state"]
_VERSION = KINDS["version"]
_BLANK_RE = re.compile(r"^(?:\s|&nbsp;|&#160;|<\s*/?\s*br\s*/?\s*>)*$", re.I)
_PAREN = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<note>.+)\)\s*\.?$", re.S)
DASHES = "\u2013\u2014"  # en and em dash
_SEPARATED = re.compile(
    rf"^(?P<head>.+?)\s*(?:\s[-{DASHES}]\s|[{DASHES}:;,])\s*(?P<note>\S.*)$", re.S
)
_WRAPPED = re.compile(r"^\((?P<inner>.*)\)\.?$", re.S)
VARIATION = "\ufe0f"  # ✔️ is ✔ with an emoji variation selector


@dataclass(frozen=True, slots=True)
class StateCell:
    state: str
    head: str  # the state as written ("Yes", "GA")
    note: str | None  # the qualifier, as written (HTML not yet converted)


def blank(raw: str) -> bool:
    return bool(_BLANK_RE.match(raw))


def state_of(raw: str) -> str | None:
    """The release state a cell states, when it is written exactly as one."""
    found = _STATE.parse(raw.strip().replace(VARIATION, ""))
    return found if isinstance(found, str) else None


@lru_cache(maxsize=8192)
def read_state(raw: str) -> StateCell | None:
    """The release state a cell states, with its qualifier when it has one; None when the cell
    does not start with a state."""
    text = raw.strip()
    state = state_of(text)
    if state is not None:
        return StateCell(state, text, None)
    parts = [p.strip() for p in BR_RE.split(text)]
    if len(parts) > 1 and (first := state_of(parts[0])) is not None:
        rest = " ".join(p for p in parts[1:] if p)
        return (
            StateCell(first, parts[0], _unwrap(rest)) if rest else StateCell(first, parts[0], None)
        )
    for pattern in (_PAREN, _SEPARATED):
        m = pattern.match(text)
        if m and (state := state_of(m.group("head"))) is not None:
            return StateCell(state, m.group("head").strip(), _unwrap(m.group("note")))
    return None


def _unwrap(note: str) -> str:
    note = note.strip()
    m = _WRAPPED.match(note)
    return m.group("inner").strip() if m and "(" not in m.group("inner") else note


def version_of(raw: str) -> str | None:
    """The version a cell states, as written, when it is one."""
    found = _VERSION.parse(raw)
    return found if isinstance(found, str) else None


def split_markers(raw: str) -> tuple[str, list[Marker]]:
    """The cell without the footnote markers at its end, and those markers (a marker inside
    the text stays: it is written there for a reason the importer cannot know)."""
    text = raw.rstrip()
    markers: list[Marker] = []
    while (found := find_markers(text)) and found[-1].end >= len(text.rstrip()):
        last = found[-1]
        if not text[: last.start].strip():
            break  # the marker is the whole cell
        markers.insert(0, last)
        text = text[: last.start].rstrip()
    return text, markers
