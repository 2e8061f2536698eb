"""The common case of `generator.load` in one pass: a clean file's values straight from
libyaml's events, without the node tree.

Most data files have nothing the full path (`yaml_events.compose`, then `load._build`) must
judge: no tag, anchor or alias, no duplicate, merge or non-text key, no control character
written as an escape, no long integer, no deep nesting, no syntax error. For such a file this
builds the same `Loaded` (values, their locations, key locations, numbers as written) in about
60 % of the time (0.32 s against 0.55 s at 100x); at the first sign of anything else it gives
up (`load` returns False) and the full path reads the file and words the problems.
`tests/test_load_quick.py` holds the two paths to the same result.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import yaml

from generator.diagnostics import Path, SourceLoc
from generator.yaml_events import INT_TAG, LOADER, MAX_DEPTH, MAX_INT_DIGITS, MERGE_TAG

_VALUES = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class Loaded(Protocol):
    """What this fills: `generator.load.Loaded`."""

    file: str
    data: Any
    values: dict[Path, SourceLoc]
    keys: dict[Path, SourceLoc]
    written: dict[Path, str]


class _GiveUp(Exception):
    """Something only the full path may judge."""


def load(
    text: str, out: Loaded, scalars: dict[str, Any], constructor: Any, printable: re.Pattern[str]
) -> bool:
    """Fill `out` from `text`; False (with `out` partly filled) when the full path must read it.
    `scalars` constructs the tags that are not text (null, bool, int, float), as `load` does;
    `printable` finds a character no value may hold."""
    if LOADER is yaml.SafeLoader:  # without libyaml this is no faster
        return False
    parser = LOADER(text)
    try:
        out.data = _Reader(parser, out, scalars, constructor, printable).document()
        return True
    except (_GiveUp, yaml.YAMLError):
        return False
    finally:
        parser.dispose()


class _Reader:
    def __init__(
        self,
        parser: Any,
        out: Loaded,
        scalars: dict[str, Any],
        constructor: Any,
        printable: re.Pattern[str],
    ) -> None:
        self.parser, self.out, self.file = parser, out, out.file
        self.scalars, self.constructor, self.printable = scalars, constructor, printable
        # (text, implicit) -> (the value, whether it is a number written in the file)
        self.resolved: dict[tuple[str, Any], tuple[Any, bool]] = {}
        self.keys_ok: set[tuple[str, Any]] = set()  # (text, implicit) of keys that may be keys

    def document(self) -> Any:
        get = self.parser.get_event
        get()  # stream start
        if type(get()) is not yaml.DocumentStartEvent:
            raise _GiveUp  # an empty stream: the full path says so
        data = self.tree()
        get()  # document end
        if type(get()) is not yaml.StreamEndEvent:
            raise _GiveUp  # a second document
        return data

    def tree(self) -> Any:
        get, file = self.parser.get_event, self.file
        values, written, resolved = self.out.values, self.out.written, self.resolved
        # Open collections: (container, its path, whether it is a mapping)
        stack: list[tuple[Any, Path, bool]] = []
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if not stack:
                    return done[0]
                continue
            parent = stack[-1] if stack else None
            key: str | None = None
            if parent is None:
                path: Path = ()
            elif parent[2]:  # a mapping: its key, then at once the key's value
                key = self.key(event, parent)
                path = (*parent[1], key)
                event = get()
                kind = type(event)
            else:
                path = (*parent[1], len(parent[0]))
            if kind not in _VALUES or event.anchor is not None or event.tag is not None:
                raise _GiveUp  # an alias, an anchor or a tag: the full path judges them
            mark = event.start_mark
            values[path] = SourceLoc(file, mark.line + 1, mark.column + 1)
            if kind is yaml.ScalarEvent:
                value, number = resolved.get((event.value, event.implicit)) or self.scalar(event)
                if number:
                    written[path] = event.value
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _GiveUp
                is_mapping = kind is yaml.MappingStartEvent
                value = {} if is_mapping else []
                stack.append((value, path, is_mapping))
            if parent is None:
                if kind is yaml.ScalarEvent:
                    return value
            elif key is not None:
                parent[0][key] = value
            else:
                parent[0].append(value)

    def key(self, event: Any, mapping: tuple[Any, Path, bool]) -> str:
        """A mapping's key: plain text, not a merge key (`<<`), not seen before in it."""
        if type(event) is not yaml.ScalarEvent or event.tag is not None or event.anchor:
            raise _GiveUp
        key: str = event.value
        written = (key, event.implicit)
        if written not in self.keys_ok:
            tag = self.parser.resolve(yaml.ScalarNode, key, event.implicit)
            if tag == MERGE_TAG or self.printable.search(key):
                raise _GiveUp
            self.keys_ok.add(written)
        if key in mapping[0]:
            raise _GiveUp
        mark: Any = event.start_mark
        self.out.keys[(*mapping[1], key)] = SourceLoc(self.file, mark.line + 1, mark.column + 1)
        return key

    def scalar(self, event: Any) -> tuple[Any, bool]:
        """The value of a scalar not resolved before, and whether it is a number (whose text is
        kept as written); remembered for the next scalar written the same way."""
        text = event.value
        tag = self.parser.resolve(yaml.ScalarNode, text, event.implicit)
        construct = self.scalars.get(tag)
        if construct is None:
            if self.printable.search(text):
                raise _GiveUp  # a control character written as an escape
            found: tuple[Any, bool] = (str(text), False)
        else:
            if tag == INT_TAG and len(text) > MAX_INT_DIGITS:
                raise _GiveUp
            value = construct(self.constructor, yaml.ScalarNode(tag, text))
            found = (value, isinstance(value, int | float) and not isinstance(value, bool))
        self.resolved[(text, event.implicit)] = found
        return found
