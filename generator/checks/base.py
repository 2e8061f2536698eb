"""What every check shares: the file being checked (read-only) and a report of its own.

A check is a module with `NAME` and `run(ctx) -> list[Diagnostic]`; `generator.checks` lists
them in the order they run. Checks never share state: what one needs of another's concern (the
ids cited anywhere, the references some page shows) it computes with the helpers here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.diagnostics import Diagnostic, Level, Path, unknown
from generator.load import Loaded


@dataclass(frozen=True, slots=True)
class Context:
    loaded: Loaded
    today: date

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.loaded.data
        return data


@dataclass(slots=True)
class Report:
    """The diagnostics one check finds, each placed at the line and column of its path."""

    loaded: Loaded
    diags: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, path: Path, message: str, *, key: bool = False) -> None:
        self._add(Level.ERROR, code, path, message, key)

    def warn(self, code: str, path: Path, message: str, *, key: bool = False) -> None:
        self._add(Level.WARNING, code, path, message, key)

    def _add(self, level: Level, code: str, path: Path, message: str, key: bool) -> None:
        self.diags.append(Diagnostic(level, code, self.loaded.loc(path, key=key), path, message))

    def known(
        self, kind: str, value: str, pool: Iterable[str], path: Path, *, key: bool = False
    ) -> bool:
        """Whether `value` is one of `pool`; an `ref-unknown-KIND` error when it is not."""
        pool = list(pool)
        if value in pool:
            return True
        self.error(
            f"ref-unknown-{kind}", path, unknown(kind.replace("-", " "), value, pool), key=key
        )
        return False


def shown_columns(env: dict[str, Any]) -> list[str]:
    """The column ids an environment's tables show, in order."""
    return [c if isinstance(c, str) else c["id"] for c in env["columns"]]


def blocks(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every block of every page (the index's, then each environment's) with its path."""
    for i, block in enumerate(data.get("index", {}).get("blocks", [])):
        yield ("index", "blocks", i), block
    for env_id, env in data["environments"].items():
        for i, block in enumerate(env["blocks"]):
            yield ("environments", env_id, "blocks", i), block


def placed_references(data: dict[str, Any]) -> set[str]:
    """The references some page shows (with a `{reference: id}` block)."""
    return {b["reference"] for _, b in blocks(data) if "reference" in b}


def features_support(data: dict[str, Any]) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """(path, environment id, support entry) of every feature's every environment."""
    for feat_id, feat in data["features"].items():
        for env_id, support in feat["support"].items():
            yield ("features", feat_id, "support", env_id), env_id, support
