"""The checks, in the order they run: one module per concern, each with `NAME` and
`run(Context) -> list[Diagnostic]`. The shape checks come first (SHAPE, the schema, then
`data_format`); the others in CHECKS' order. When the shape checks found errors, the others
still run, but what those errors caused is dropped (`cascades`, run by `generator.validate`).

Adding a check: a module here, listed in CHECKS, and its own test file (tests/checks/).
"""

from __future__ import annotations

from types import ModuleType
from typing import Final

from generator.checks import (
    blocks,
    cells,
    columns,
    deadlines,
    domains,
    environments,
    features,
    links,
    references,
    schema,
    unused,
)
from generator.checks.base import Context

__all__ = ["CHECKS", "SHAPE", "Context"]

SHAPE: Final[ModuleType] = schema
CHECKS: Final[tuple[ModuleType, ...]] = (
    columns,
    environments,
    blocks,
    domains,
    features,
    cells,
    references,
    links,
    unused,
    deadlines,
)
