"""Load YAML data files into plain values, keeping the source location of every node.

PyYAML composes a node graph that carries marks; we build plain dicts, lists and strings from it
ourselves so we can (a) record a `SourceLoc` for each value and mapping key, (b) reject duplicate
keys, which PyYAML silently overwrites, and (c) keep dates and other implicitly typed scalars as
the strings the user wrote, so the schema judges what is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Level, Path, SourceLoc

# libyaml's parser when PyYAML was built with it (about 3x faster), the pure-Python one else;
# both give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [_diag(name, 1, 1, "file-missing", "no such file")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [_diag(name, 1, 1, "file-unreadable", f"cannot read file: {exc}")]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax(name, exc)]
    except yaml.YAMLError as exc:  # errors without a mark, e.g. a bad stream encoding
        return None, [_diag(name, 1, 1, "yaml-syntax", str(exc))]
    loaded = Loaded(name, None)
    if node is None:
        return None, [_diag(name, 1, 1, "yaml-empty", "the file is empty; expected a mapping")]
    diags: list[Diagnostic] = []
    loaded.data = _build(node, (), loaded, diags)
    return loaded, diags


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
    # libyaml's messages are terser ("found character that cannot start any token" for a
    # tab); the pure-Python parser says the same thing better, so let it say it.
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _build(node: yaml.Node, path: Path, out: Loaded, diags: list[Diagnostic]) -> Any:
    out.values[path] = _loc(out.file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                diags.append(_at(out.file, key_node, path, "yaml-key", "expected a plain text key"))
                continue
            key = key_node.value
            if key_node.tag == "tag:yaml.org,2002:merge":
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
    if node.tag in _STR_TAGS:
        return str(node.value)
    return _CONSTRUCTOR.construct_object(node, deep=True)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _loc(file: str, mark: yaml.Mark) -> SourceLoc:
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
