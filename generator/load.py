"""Load YAML data files into plain values, keeping the source location of every node.

We compose the node tree ourselves from PyYAML's events (libyaml's parser when available) and
build plain dicts, lists and strings from it, so we can (a) record a `SourceLoc` for each value
and mapping key, (b) reject duplicate keys, which PyYAML silently overwrites, (c) keep dates and
other implicitly typed scalars as the strings the user wrote, so the schema judges what is on
the page, and (d) treat a hostile file as data errors, never as a traceback, a hang or a memory
blow-up (issue 13). The limits, each reported at the `FILE:LINE:COL` where it is crossed:

- only regular files are read (a FIFO, socket or device would block or never end);
- the file is UTF-8 (a UTF-8 byte order mark is allowed) without control characters;
- no YAML tags (`!!float`, `!custom`, `!!python/...`): the data never needs one;
- integers of at most `MAX_INT_DIGITS` digits (Python refuses to parse very long ones, and
  nothing in a support matrix is that large);
- mappings and lists nested at most `MAX_DEPTH` deep (the later stages recurse per level);
- aliases (`*name`) may repeat anchored values, but all of them together may add at most
  `MAX_ALIAS_VALUES` values to the file (a "billion laughs" file stops at its first alias past
  the limit, before anything is expanded); an alias inside the value it names is refused.

The composer works on the event stream with an explicit stack, so no input makes it recurse.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from generator.diagnostics import Diagnostic, Level, Path, SourceLoc

MAX_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_ALIAS_VALUES = 100_000

# libyaml's parser when PyYAML was built with it (about 3x faster), the pure-Python one else;
# both give the same events and marks.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
_YAML_TAG = "tag:yaml.org,2002:"
_INT = _YAML_TAG + "int"
_SCALARS: dict[str, Any] = {
    _YAML_TAG + "null": SafeConstructor.construct_yaml_null,
    _YAML_TAG + "bool": SafeConstructor.construct_yaml_bool,
    _YAML_TAG + "int": SafeConstructor.construct_yaml_int,
    _YAML_TAG + "float": SafeConstructor.construct_yaml_float,
}
_CONSTRUCTOR = SafeConstructor()
# What YAML (and PyYAML's reader) accepts: tab, line breaks, printable Unicode.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Line breaks as YAML (and so every mark) counts them.
_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(slots=True)
class Loaded:
    """One data file: its values, and where each value and key came from."""

    file: str
    data: Any
    values: dict[Path, SourceLoc] = field(default_factory=dict)
    keys: dict[Path, SourceLoc] = field(default_factory=dict)

    def loc(self, path: Path, *, key: bool = False) -> SourceLoc:
        """The location of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found:
                return found
        return SourceLoc(self.file, 1, 1)


def load_file(path: FsPath, display: str | None = None) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one file. Returns (None, diagnostics) when it is not readable YAML."""
    name = display or str(path)
    raw = _read(path, name)
    if isinstance(raw, Diagnostic):
        return None, [raw]
    text = _decode(raw, name)
    if isinstance(text, Diagnostic):
        return None, [text]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse YAML text. Returns (None, diagnostics) when it is not usable YAML."""
    text = text.removeprefix("\ufeff")
    bad = _NON_PRINTABLE.search(text)
    if bad:
        return None, [_control_character(name, text, bad.start())]
    try:
        node, problems = _compose(text, name)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax(name, exc)]
    except yaml.reader.ReaderError as exc:
        return None, [_diag(name, *_position(text, exc.position), "yaml-syntax", exc.reason)]
    except yaml.YAMLError as exc:  # errors without a mark
        return None, [_diag(name, 1, 1, "yaml-syntax", " ".join(str(exc).split()))]
    except (RecursionError, MemoryError) as exc:  # a safety net: the limits should prevent it
        what = "nested too deeply" if isinstance(exc, RecursionError) else "too large"
        return None, [_diag(name, 1, 1, "yaml-too-large", f"the file is {what} to load")]
    if problems:
        return None, problems
    if node is None:
        return None, [_diag(name, 1, 1, "yaml-empty", "the file is empty; expected a mapping")]
    loaded = Loaded(name, None)
    diags: list[Diagnostic] = []
    loaded.data = _build(node, (), loaded, diags)
    return loaded, diags


# --------------------------------------------------------------------------------------------
# Bytes to text
# --------------------------------------------------------------------------------------------


def _read(path: FsPath, name: str) -> bytes | Diagnostic:
    """The file's bytes; only a regular file is opened, and it is checked again once open, so a
    FIFO swapped in between cannot block (O_NONBLOCK makes the open itself return at once)."""
    try:
        kind = _special_kind(os.stat(path).st_mode)
        if kind:
            return _diag(name, 1, 1, "file-not-regular", f"expected a regular file, found {kind}")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            kind = _special_kind(os.fstat(handle.fileno()).st_mode)
            if kind:
                return _diag(
                    name, 1, 1, "file-not-regular", f"expected a regular file, found {kind}"
                )
            return handle.read()
    except FileNotFoundError:
        return _diag(name, 1, 1, "file-missing", "no such file")
    except OSError as exc:
        return _diag(name, 1, 1, "file-unreadable", f"cannot read file: {exc.strerror or exc}")


def _special_kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")


def _decode(raw: bytes, name: str) -> str | Diagnostic:
    """UTF-8 text, or an error at the line and column of the first byte that is not UTF-8."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _diag(
                name,
                1,
                1,
                "file-encoding",
                f"the file is {encoding} (it starts with a {encoding} byte order mark); "
                "expected UTF-8",
            )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig")
        return _diag(
            name,
            *_position(before, len(before)),
            "file-encoding",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 ({exc.reason}); expected UTF-8 text "
            "(save the file as UTF-8)",
        )
    nul = text.find("\x00")
    if nul >= 0 and _looks_utf16(raw):
        return _diag(
            name,
            *_position(text, nul),
            "file-encoding",
            "found a NUL byte between characters; the file looks like UTF-16 without a byte "
            "order mark; expected UTF-8",
        )
    return text


def _looks_utf16(raw: bytes) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte."""
    head = raw[:200]
    return len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 4 >= len(head)


def _control_character(name: str, text: str, index: int) -> Diagnostic:
    char, code = text[index], f"U+{ord(text[index]):04X}"
    if char == "\x00":
        found = "a NUL byte"
    elif 0xD800 <= ord(char) <= 0xDFFF:
        found = f"an unpaired surrogate {code}"
    elif ord(char) in (0xFFFE, 0xFFFF):
        found = f"the non-character {code}"
    else:
        found = f"the control character {code}"
    return _diag(
        name,
        *_position(text, index),
        "yaml-control-character",
        f"found {found}; expected text (tabs and line breaks are the only control characters "
        "allowed)",
    )


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`, counting line breaks as YAML does."""
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


# --------------------------------------------------------------------------------------------
# Events to nodes
# --------------------------------------------------------------------------------------------


def _compose(text: str, name: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    try:
        return _Composer(_LOADER(text), name).document()
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
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
        if tag == _INT and len(value) > MAX_INT_DIGITS:
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
            return yaml.ScalarNode(_YAML_TAG + "null", "", event.start_mark, event.end_mark), 1
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
        shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
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
        loc = _loc(self.file, event.start_mark)
        self.problems.append(Diagnostic(Level.ERROR, code, loc, tuple(path), message))


# --------------------------------------------------------------------------------------------
# Nodes to values
# --------------------------------------------------------------------------------------------


def _build(node: yaml.Node, path: Path, out: Loaded, diags: list[Diagnostic]) -> Any:
    out.values[path] = _loc(out.file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                diags.append(_at(out.file, key_node, path, "yaml-key", "expected a plain text key"))
                continue
            key = key_node.value
            if key_node.tag == _YAML_TAG + "merge":
                diags.append(
                    _at(
                        out.file,
                        key_node,
                        path,
                        "yaml-merge",
                        "'<<' merge keys are not supported; write the values out",
                    )
                )
                continue
            if key in result:
                first = out.keys[(*path, key)]
                diags.append(
                    _at(
                        out.file,
                        key_node,
                        (*path, key),
                        "yaml-duplicate-key",
                        f"duplicate key {key!r} (first defined at line {first.line})",
                    )
                )
                continue
            out.keys[(*path, key)] = _loc(out.file, key_node.start_mark)
            result[key] = _build(value_node, (*path, key), out, diags)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), out, diags) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """null, booleans and numbers as Python values; everything else (strings, dates, a bare
    `=` or `<<`) as the text the user wrote."""
    construct = _SCALARS.get(node.tag)
    return construct(_CONSTRUCTOR, node) if construct else str(node.value)


def _loc(file: str, mark: Any) -> SourceLoc:
    return SourceLoc(file, mark.line + 1, mark.column + 1)


def _diag(file: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(Level.ERROR, code, SourceLoc(file, line, col), (), message)


def _at(file: str, node: yaml.Node, path: Path, code: str, message: str) -> Diagnostic:
    return Diagnostic(Level.ERROR, code, _loc(file, node.start_mark), path, message)


def _syntax(file: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    if "'\\t'" in problem:
        problem, context = "found a tab character; expected spaces (YAML indents with spaces)", ""
    return _diag(file, line, col, "yaml-syntax", f"{problem}{context}")
