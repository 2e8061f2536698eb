"""Matrix data -> YAML as people write it: block style, keys in data order, Markdown with line
breaks as literal blocks, short id lists in flow style, a blank line between top-level keys,
and the schema comment on the first line for editors."""

from __future__ import annotations

import re
from typing import Any

import yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=../generator/schema/matrix.schema.json"
_ID_LIST = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Flow(list[Any]):
    """A list written on one line: `[a, b, c]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `- item` indented under its key


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        ids = all(isinstance(v, str) and _ID_LIST.match(v) for v in value)
        if value and ids and sum(len(v) + 2 for v in value) <= 80:
            return _Flow(value)
        return [_shape(v) for v in value]
    return value


def dump(data: dict[str, Any], header: str) -> str:
    body = yaml.dump(
        _shape(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    lines: list[str] = []
    for line in body.splitlines():
        if lines and not line.startswith((" ", "-")) and line.endswith(":"):
            lines.append("")
        lines.append(line)
    comments = [SCHEMA_COMMENT, *(f"# {h}" if h else "#" for h in header.splitlines())]
    return "\n".join([*comments, "", *lines]) + "\n"
