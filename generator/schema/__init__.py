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
