"""YAML events to a node tree, iteratively, enforcing the limits that keep a hostile file from
crashing, hanging or exhausting the build (issue 13); `generator.load` builds values from it.

Each limit, when crossed, is a `Diagnostic` at the `FILE:LINE:COL` of the event crossing it:

- no YAML tags (`!!float`, `!custom`, `!!python/...`): the data never needs one;
- integers of at most `MAX_INT_DIGITS` digits (Python refuses to parse very long ones, and
  nothing in a support matrix is that large);
- mappings and lists nested at most `MAX_DEPTH` deep (the later stages recurse per level);
- aliases (`*name`) may repeat anchored values, but all of them together may add at most
  `MAX_ALIAS_VALUES` values to the file (a "billion laughs" file stops at its first alias past
  the limit, before anything is expanded); an alias inside the value it names, an unknown
  alias and a duplicate anchor are refused.

The composer works on the event stream with an explicit stack, so no input makes it recurse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Level, SourceLoc

MAX_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_ALIAS_VALUES = 100_000

# libyaml's parser when PyYAML was built with it (about 3x faster), the pure-Python one else;
# both give the same events and marks.
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
YAML_TAG = "tag:yaml.org,2002:"
INT_TAG = YAML_TAG + "int"
MERGE_TAG = YAML_TAG + "merge"


def loc(file: str, mark: Any) -> SourceLoc:
    """The 1-based location of a PyYAML mark."""
    return SourceLoc(file, mark.line + 1, mark.column + 1)


def compose(text: str, name: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """The document's node tree (None when the stream is empty) and the limits it crossed; a
    syntax error raises PyYAML's own error, which carries its mark."""
    try:
        return _Composer(LOADER(text), name).document()
    except yaml.YAMLError:
        if LOADER is yaml.SafeLoader:
            raise
    # libyaml's messages are terser ("found character that cannot start any token" for a
    # tab); the pure-Python parser says the same thing better, so let it say it.
    return _Composer(yaml.SafeLoader(text), name).document()


class _Stop(Exception):
    """A limit was crossed; the diagnostic is already recorded, composing ends here."""


@dataclass(slots=True)
class _Open:
    """A mapping or list whose end event has not come yet."""

    node: yaml.MappingNode | yaml.SequenceNode
    anchor: str | None
    size: int = 1  # values it expands to, itself included (aliases count their target's)
    key: yaml.Node | None = None  # a mapping's key waiting for its value


class _Composer:
    """Nodes from the parser's events, iteratively, enforcing the limits as it goes.

    Events, marks and the parser are `Any`: PyYAML's stubs give the C and the Python parser
    different (and partly untyped) classes for the same things.
    """

    def __init__(self, parser: Any, file: str) -> None:
        self.parser, self.file = parser, file
        self.stack: list[_Open] = []
        self.tags: dict[tuple[str, Any], str] = {}  # resolved tags of plain scalars, by value
        self.anchors: dict[str, yaml.Node] = {}
        self.sizes: dict[int, int] = {}  # id of a finished anchored collection -> its size
        self.expanded = 0  # values added by aliases so far
        self.problems: list[Diagnostic] = []

    def document(self) -> tuple[yaml.Node | None, list[Diagnostic]]:
        parser = self.parser
        try:
            parser.get_event()  # stream start
            if parser.check_event(yaml.StreamEndEvent):
                return None, []
            start = parser.get_event()
            try:
                node = self.node()
            except _Stop:
                return None, self.problems
            parser.get_event()  # document end
            if not parser.check_event(yaml.StreamEndEvent):
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    start.start_mark,
                    "but found another document",
                    parser.get_event().start_mark,
                )
            return node, self.problems
        finally:
            parser.dispose()

    def node(self) -> yaml.Node:
        stack = self.stack
        while True:
            event = self.parser.get_event()
            node: yaml.Node
            if type(event) is yaml.ScalarEvent:  # the most common event first
                node, size = self.scalar(event), 1
            elif isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                done.node.end_mark = event.end_mark
                node, size = done.node, done.size
                if done.anchor is not None:
                    self.sizes[id(node)] = size
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append(self.collection(event))
                continue
            else:
                node, size = self.alias(event)
            if not stack:
                return node
            parent = stack[-1]
            parent.size += size
            if isinstance(parent.node, yaml.SequenceNode):
                parent.node.value.append(node)
            elif parent.key is None:
                parent.key = node
            else:
                parent.node.value.append((parent.key, node))
                parent.key = None

    def scalar(self, event: Any) -> yaml.ScalarNode:
        if event.tag is not None:
            self.check_tag(event)
        value = event.value
        # The same few words (states, "-", ids) recur thousands of times; resolving is slow.
        key = (value, event.implicit)
        tag = self.tags.get(key)
        if tag is None:
            tag = self.tags[key] = self.parser.resolve(yaml.ScalarNode, value, event.implicit)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        if tag == INT_TAG and len(value) > MAX_INT_DIGITS:
            digits = len(value.lstrip("+-").replace("_", ""))
            if digits > MAX_INT_DIGITS:
                self.problem(
                    "yaml-number",
                    event,
                    f"expected an integer of at most {MAX_INT_DIGITS} digits, found {digits} "
                    "digits (quote it to keep it as text)",
                )
        if event.anchor is not None:
            self.register(event, node)
        return node

    def collection(self, event: Any) -> _Open:
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                "yaml-depth",
                event,
                f"expected mappings and lists nested at most {MAX_DEPTH} deep, found one nested "
                "deeper",
            )
            raise _Stop
        self.check_tag(event)
        kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
        tag = self.parser.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, event.flow_style)
        self.register(event, node)
        return _Open(node, event.anchor)

    def alias(self, event: Any) -> tuple[yaml.Node, int]:
        name = event.anchor
        target = self.anchors.get(name)
        if target is None:
            self.problem(
                "yaml-alias", event, f"unknown alias *{name}; expected an anchor &{name} before it"
            )
            return yaml.ScalarNode(YAML_TAG + "null", "", event.start_mark, event.end_mark), 1
        size = 1 if isinstance(target, yaml.ScalarNode) else self.sizes.get(id(target))
        if size is None:
            self.problem("yaml-alias", event, f"alias *{name} is inside the value it names")
            raise _Stop
        self.expanded += size
        if self.expanded > MAX_ALIAS_VALUES:
            self.problem(
                "yaml-alias",
                event,
                f"expected aliases to add at most {MAX_ALIAS_VALUES:,} values in all; with *{name} "
                f"they add {self.expanded:,}: write the values out",
            )
            raise _Stop
        return target, size

    def register(self, event: Any, node: yaml.Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        first = self.anchors.get(anchor)
        if first is not None:
            line = first.start_mark.line + 1
            self.problem(
                "yaml-alias", event, f"duplicate anchor &{anchor} (first defined at line {line})"
            )
        self.anchors[anchor] = node

    def check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is None:
            return
        shown = "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
        self.problem(
            "yaml-tag",
            event,
            f"tags are not supported, found {shown!r}; write the plain value (quote it to keep "
            "it as text)",
        )

    def problem(self, code: str, event: Any, message: str) -> None:
        """Record a problem at `event`, with the path of the value it is in (none for too deep
        a nesting: the path would be as long as the nesting)."""
        path: list[str | int] = []
        for entry in self.stack if code != "yaml-depth" else ():
            if isinstance(entry.node, yaml.SequenceNode):
                path.append(len(entry.node.value))
            elif isinstance(entry.key, yaml.ScalarNode):
                path.append(entry.key.value)
            else:  # a key itself, or a value under a key that is not text
                break
        where = loc(self.file, event.start_mark)
        self.problems.append(Diagnostic(Level.ERROR, code, where, tuple(path), message))
