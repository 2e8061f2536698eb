"""A diff's output: Markdown for people (a PR comment, a job summary) and JSON for tools.

`to_markdown` gives a section per matrix, a bullet per change, or "No changes". `to_json` gives
a stable structure, `FORMAT` its version, which `from_json` reads back (the history cache):

    {"format": 1, "old": "main:data", "new": "data", "changed": true,
     "matrices": [{"id": ..., "title": ..., "changes": [
         {"kind": "cell-changed", "thing": "cell", "action": "changed",
          "path": "features.x.support.gcp.cells.linux", "field": "linux",
          "feature": "x", "environment": "gcp", "old": "Preview", "new": "GA",
          "text": "**X** · GCP · Linux release state: Preview → GA"}]}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.changes.escape import text
from generator.changes.model import Action, Change, Diff, MatrixDiff

FORMAT = 1


def to_markdown(diff: Diff) -> str:
    """A section per matrix, a bullet per change; "No changes" when there are none."""
    if diff.empty:
        return "No changes\n"
    return "\n".join(
        f"### {text(m.title)}\n\n" + "".join(f"- {c.text}\n" for c in m.changes)
        for m in diff.matrices
    )


def to_json(diff: Diff, old: str | None = None, new: str | None = None) -> dict[str, Any]:
    """The documented structure (see the module docstring); `old`/`new` name the sides."""
    return {
        "format": FORMAT,
        "old": old,
        "new": new,
        "changed": not diff.empty,
        "matrices": [
            {"id": m.id, "title": m.title, "changes": [_change_json(c) for c in m.changes]}
            for m in diff.matrices
        ],
    }


def _change_json(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "thing": c.thing,
        "action": c.action.value,
        "path": c.path,
        "field": c.field,
        "feature": c.feature_id,
        "environment": c.environment,
        "old": c.old,
        "new": c.new,
        "text": c.text,
    }


def from_json(data: Mapping[str, Any]) -> Diff:
    """The `Diff` that `to_json` wrote (same `FORMAT`)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"expected diff format {FORMAT}, found {data.get('format')!r}")
    return Diff(
        tuple(
            MatrixDiff(m["id"], m["title"], tuple(_change_from(m["id"], c) for c in m["changes"]))
            for m in data["matrices"]
        )
    )


def _change_from(matrix_id: str, c: Mapping[str, Any]) -> Change:
    return Change(
        matrix_id,
        c["thing"],
        Action(c["action"]),
        c["path"],
        c["text"],
        field=c["field"],
        old=c["old"],
        new=c["new"],
        feature_id=c["feature"],
        environment=c["environment"],
    )
