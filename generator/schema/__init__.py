"""The data's JSON Schema (`matrix.schema.json`), the single source of the data's shape.

Editors read the file directly (each data file's first line points at it); code reads it here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def document() -> dict[str, Any]:
    """The schema, parsed once."""
    text = resources.files("generator").joinpath("schema/matrix.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


_LOCAL_REF = "#/$defs/"


def ref_name(node: dict[str, Any]) -> str | None:
    """The name of the `$defs` entry a `{"$ref": "#/$defs/NAME"}` node points at, else None."""
    ref = node.get("$ref", "")
    return ref.removeprefix(_LOCAL_REF) if ref.startswith(_LOCAL_REF) else None


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """The definition a local `$ref` node points at, or the node itself."""
    name = ref_name(node)
    found: dict[str, Any] = document()["$defs"][name] if name is not None else node
    return found
