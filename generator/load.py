"""Load YAML data files into plain values, keeping the source location of every node.

We compose the node tree ourselves from PyYAML's events (`generator.yaml_events`) and build
plain dicts, lists and strings from it (a clean file, the common case, in one pass:
`generator.yaml_quick`), so we can (a) record a `SourceLoc` for each value and
mapping key, (b) reject duplicate keys, which PyYAML silently overwrites, (c) keep dates and
other implicitly typed scalars as the strings the user wrote, so the schema judges what is on
the page, and (d) treat a hostile file as data errors, never as a traceback, a hang or a memory
blow-up (issue 13). Here, each reported at the `FILE:LINE:COL` where it happens:

- only regular files are read (a FIFO, socket or device would block or never end);
- the file is UTF-8 (a UTF-8 byte order mark is allowed) without control characters, neither
  as they are nor as escapes in quoted strings (`"\\x01"`, `"\\u0086"`): no value holds one,
  so none reaches a page's front matter, the feed, a CSV or a terminal;

and, in `generator.yaml_events`, the limits on tags, integers (`MAX_INT_DIGITS`), nesting
(`MAX_DEPTH`) and aliases (`MAX_ALIAS_VALUES`).
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

from generator import yaml_quick
from generator.diagnostics import Diagnostic, Level, Path, SourceLoc
from generator.yaml_events import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MERGE_TAG,
    YAML_TAG,
    compose,
    loc,
)

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_INT_DIGITS", "Loaded", "load_file", "load_text"]

_SCALARS: dict[str, Any] = {
    YAML_TAG + "null": SafeConstructor.construct_yaml_null,
    YAML_TAG + "bool": SafeConstructor.construct_yaml_bool,
    YAML_TAG + "int": SafeConstructor.construct_yaml_int,
    YAML_TAG + "float": SafeConstructor.construct_yaml_float,
}
_CONSTRUCTOR = SafeConstructor()
# What YAML accepts: tab, line breaks, printable Unicode (PyYAML's reader's own pattern; the
# text is checked with it before parsing, so the reader never refuses a character).
_NON_PRINTABLE: re.Pattern[str] = yaml.reader.Reader.NON_PRINTABLE
_CONTROL = "yaml-control-character"
_TEXT = "expected text (tabs and line breaks are the only control characters allowed)"
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
    written: dict[Path, str] = field(default_factory=dict)  # numbers, as the file writes them

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
    quick = Loaded(name, None)
    if yaml_quick.load(text, quick, _SCALARS, _CONSTRUCTOR, _NON_PRINTABLE):
        return quick, []
    try:
        node, problems = compose(text, name)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax(name, exc)]
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
    if any(d.code == _CONTROL for d in diags):  # as for one in the text: nothing else is read
        return None, diags
    return loaded, diags


# --------------------------------------------------------------------------------------------
# Bytes to text
# --------------------------------------------------------------------------------------------


def _read(path: FsPath, name: str) -> bytes | Diagnostic:
    """The file's bytes; only a regular file is opened, and it is checked again once open, so a
    FIFO swapped in between cannot block (O_NONBLOCK makes the open itself return at once)."""
    try:
        special = _not_regular(name, os.stat(path).st_mode)
        if special:
            return special
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            return _not_regular(name, os.fstat(handle.fileno()).st_mode) or handle.read()
    except FileNotFoundError:
        return _diag(name, 1, 1, "file-missing", "no such file")
    except OSError as exc:
        return _diag(name, 1, 1, "file-unreadable", f"cannot read file: {exc.strerror or exc}")


def _not_regular(name: str, mode: int) -> Diagnostic | None:
    """An error when `mode` is not a regular file's: a folder, a FIFO, a device, ..."""
    if stat.S_ISREG(mode):
        return None
    kind = next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")
    return _diag(name, 1, 1, "file-not-regular", f"expected a regular file, found {kind}")


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
    found = f"found {_unprintable(text[index])}; {_TEXT}"
    return _diag(name, *_position(text, index), _CONTROL, found)


def _unprintable(char: str) -> str:
    """What a character YAML does not print is: `the control character U+0007`."""
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return "a NUL byte"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"an unpaired surrogate {code}"
    if ord(char) in (0xFFFE, 0xFFFF):
        return f"the non-character {code}"
    return f"the control character {code}"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`, counting line breaks as YAML does."""
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


# --------------------------------------------------------------------------------------------
# Nodes to values
# --------------------------------------------------------------------------------------------


def _build(node: yaml.Node, path: Path, out: Loaded, diags: list[Diagnostic]) -> Any:
    out.values[path] = loc(out.file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                diags.append(_at(out.file, key_node, path, "yaml-key", "expected a plain text key"))
                continue
            key = key_node.value
            _check_printable(key, key_node, path, out.file, diags)
            if key_node.tag == MERGE_TAG:
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
            out.keys[(*path, key)] = loc(out.file, key_node.start_mark)
            result[key] = _build(value_node, (*path, key), out, diags)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), out, diags) for i, item in enumerate(node.value)]
    value = _scalar(node)
    if isinstance(value, str):
        _check_printable(value, node, path, out.file, diags)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        out.written[path] = str(node.value)  # `1.10` reads as 1.1: messages quote the original
    return value


def _check_printable(
    text: str, node: yaml.Node, path: Path, file: str, diags: list[Diagnostic]
) -> None:
    """A control character written as an escape in a quoted string (`"\\x01"`, `"\\u0086"`) is
    refused like one written as it is: it has no business in a page, a feed or a terminal."""
    bad = _NON_PRINTABLE.search(text)
    if bad:
        found = f"found {_unprintable(text[bad.start()])}, written as an escape; {_TEXT}"
        diags.append(_at(file, node, path, _CONTROL, found))


def _scalar(node: yaml.Node) -> Any:
    """null, booleans and numbers as Python values; everything else (strings, dates, a bare
    `=` or `<<`) as the text the user wrote."""
    construct = _SCALARS.get(node.tag)
    return construct(_CONSTRUCTOR, node) if construct else str(node.value)


def _diag(file: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(Level.ERROR, code, SourceLoc(file, line, col), (), message)


def _at(file: str, node: yaml.Node, path: Path, code: str, message: str) -> Diagnostic:
    return Diagnostic(Level.ERROR, code, loc(file, node.start_mark), path, message)


def _syntax(file: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    if "'\\t'" in problem:
        problem, context = "found a tab character; expected spaces (YAML indents with spaces)", ""
    return _diag(file, line, col, "yaml-syntax", f"{problem}{context}")
