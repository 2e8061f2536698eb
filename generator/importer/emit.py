"""Matrix data -> YAML as people write it: block style, keys in data order, Markdown with line
breaks as literal blocks, short id lists in flow style, `- item` indented under its key, a
blank line between top-level keys, and the schema comment on the first line for editors.

libyaml writes it when PyYAML has it (ten times faster on a page of 40,000 rows); it writes
lists level with their key, so `indent_lists` moves them in, giving the same text as the
pure-Python writer."""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.vocabulary import ID

SCHEMA_COMMENT = "# yaml-language-server: $schema=../generator/schema/matrix.schema.json"


class _Flow(list[Any]):
    """A list written on one line: `[a, b, c]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `- item` indented under its key


class _CDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's writer, lists level with their key (see `indent_lists`)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


for _dumper in (_Dumper, _CDumper):
    _dumper.add_representer(str, _str)
    _dumper.add_representer(_Flow, _flow)
_FAST = yaml.__with_libyaml__
_BLOCK_SCALAR = re.compile(r"(?:^|: |- )[|>][0-9+-]*$")


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        ids = all(isinstance(v, str) and ID.fullmatch(v) for v in value)
        if value and ids and sum(len(v) + 2 for v in value) <= 80:
            return _Flow(value)
        return [_shape(v) for v in value]
    return value


def _key_column(stripped: str, indent: int) -> int:
    """Where the key of a `key:` or `- key:` line starts."""
    while stripped.startswith("- "):
        stripped, indent = stripped[2:], indent + 2
    return indent


def indent_lists(text: str) -> str:
    """libyaml's `key:\n- a` as `key:\n  - a`: every list that starts level with the key
    above it moves two columns in, with all it holds (block scalars moved whole)."""
    out: list[str] = []
    lists: list[int] = []  # columns of the lists being moved
    block: tuple[int, int] | None = None  # a block scalar: (its parent's column, shift)
    prev: tuple[str, int] | None = None
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped or (block is not None and indent > block[0]):
            out.append(" " * block[1] + line if stripped and block else line)
            continue
        block = None
        item = stripped.startswith("- ") or stripped == "-"
        while lists and not (indent > lists[-1] or (indent == lists[-1] and item)):
            lists.pop()
        opens = item and prev is not None and prev[0].endswith(":")
        if opens and prev is not None and _key_column(*prev) == indent and lists[-1:] != [indent]:
            lists.append(indent)
        out.append(" " * (2 * len(lists)) + line)
        prev = (stripped, indent)
        if _BLOCK_SCALAR.search(stripped):
            parent = indent if stripped.startswith("- ") and ":" not in stripped else None
            block = (
                parent if parent is not None else _key_column(stripped, indent),
                2 * len(lists),
            )
    return "\n".join(out)


def dump(data: dict[str, Any], header: str) -> str:
    body = yaml.dump(
        _shape(data),
        Dumper=_CDumper if _FAST else _Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    if _FAST:
        body = indent_lists(body)
    lines: list[str] = []
    for line in body.splitlines():
        if lines and not line.startswith((" ", "-")) and line.endswith(":"):
            lines.append("")
        lines.append(line)
    comments = [SCHEMA_COMMENT, *(f"# {h}" if h else "#" for h in header.splitlines())]
    return "\n".join([*comments, "", *lines]) + "\n"
