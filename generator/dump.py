"""Model → data: the inverse of `model.build`, for exports and round-trip tests.

`build(load(dump(m))) == m` for every valid matrix: the dump writes every value the model holds
(row orders and reference items explicitly), so nothing depends on defaults guessed again.
"""

from __future__ import annotations

from typing import Any

from generator.columns import kind
from generator.model import (
    Block,
    Callout,
    Cell,
    Column,
    Environment,
    Feature,
    Matrix,
    Reference,
)
from generator.vocabulary import DEFAULT_STATE_LABELS, FORMAT, default


def dump(matrix: Matrix) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT, "id": matrix.id, "title": matrix.title}
    if matrix.description:
        out["description"] = matrix.description
    if matrix.updated:
        out["updated"] = matrix.updated.isoformat()
    links = {k: v for k, v in (("base", matrix.links.base), ("root", matrix.links.root)) if v}
    if links:
        out["links"] = links
    labels = {s: v for s, v in matrix.state_labels.items() if DEFAULT_STATE_LABELS[s] != v}
    if labels:
        out["state_labels"] = labels
    out["index"] = {"blocks": [_block(b) for b in matrix.index]}
    out["columns"] = {c.id: _column(c) for c in matrix.columns.values()}
    out["domains"] = {d.id: _domain(d.name, d.by_environment) for d in matrix.domains.values()}
    out["environments"] = {e.id: _environment(e) for e in matrix.environments.values()}
    out["features"] = {f.id: _feature(f, matrix.columns) for f in matrix.features.values()}
    optional: dict[str, Any] = {
        "footnotes": dict(matrix.footnotes),
        "callouts": {c.id: _callout(c) for c in matrix.callouts.values()},
        "lists": {
            lst.id: {"title": lst.title, "items": dict(lst.items)} for lst in matrix.lists.values()
        },
        "references": {r.id: _reference(r) for r in matrix.references.values()},
        "sections": {
            s.id: {
                k: v
                for k, v in (
                    ("title", s.title),
                    ("body", s.body),
                    ("list", s.list),
                    ("footer", s.footer),
                )
                if v is not None
            }
            for s in matrix.sections.values()
        },
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def _column(c: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"header": c.header}
    if c.short != c.header:
        out["short"] = c.short
    out["type"] = c.type
    if c.values:
        out["values"] = dict(c.values)
    if c.multi:
        out["multi"] = True
    if c.facet is not None:
        out["facet"] = c.facet
    return out


def _domain(name: str, by_env: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    overrides = {}
    for env, label in by_env.items():
        entry = {"name": label.name} if label.name != name else {}
        if label.link:
            entry["link"] = label.link
        overrides[env] = entry or {"name": label.name}
    if overrides:
        out["by_environment"] = overrides
    return out


def _block(b: Block) -> dict[str, Any]:
    if b.kind in ("features", "environments"):
        return {b.kind: True}
    out: dict[str, Any] = {b.kind: b.value}
    if b.title:
        out["title"] = b.title
    return out


def _environment(e: Environment) -> dict[str, Any]:
    out: dict[str, Any] = {"name": e.name}
    if e.title != e.name:
        out["title"] = e.title
    out["group_by"] = "domain" if e.group_by_domain else "none"
    out["columns"] = [
        s.column.id if s.header == s.column.header else {"id": s.column.id, "header": s.header}
        for s in e.columns
    ]
    out["order"] = list(e.order)
    out["blocks"] = [_block(b) for b in e.blocks]
    return out


def _cells(columns: Any, cells: Any) -> dict[str, Any]:
    return {k: _value(columns[k], c) for k, c in cells.items()}


def _value(column: Column, c: Cell) -> Any:
    value = kind(column).dump(c.value)
    return {"value": value, "note": c.note} if c.note else value


def _feature(f: Feature, columns: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "domain": f.domain}
    if f.link:
        out["link"] = f.link
    for key, values in (
        ("aliases", f.aliases),
        ("former_ids", f.former_ids),
        ("callouts", f.callouts),
    ):
        if values:
            out[key] = list(values)
    if f.cells:
        out["cells"] = _cells(columns, f.cells)
    support: dict[str, Any] = {}
    for env, s in f.support.items():
        entry: dict[str, Any] = {}
        if s.name:
            entry["name"] = s.name
        if s.references:
            entry["references"] = [{"reference": r.reference, "text": r.text} for r in s.references]
        if s.footnotes:
            entry["footnotes"] = list(s.footnotes)
        entry["cells"] = _cells(columns, s.cells)
        support[env] = entry
    out["support"] = support
    return out


def _callout(c: Callout) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind}
    if c.title:
        out["title"] = c.title
    out["text"] = c.text
    if c.deadline:
        out["deadline"] = c.deadline.isoformat()
    if c.after_deadline != default("callout", "after_deadline"):
        out["after_deadline"] = c.after_deadline
    return out


def _reference(r: Reference) -> dict[str, Any]:
    rows = []
    for row in r.rows:
        groups = []
        for g in row.groups:
            group: dict[str, Any] = {"label": g.label}
            if g.footnotes:
                group["footnotes"] = list(g.footnotes)
            group["list"] = g.list
            group["items"] = list(g.items)
            groups.append(group)
        rows.append({"aspect": row.aspect, "groups": groups})
    return {"title": r.title, "headers": list(r.headers), "rows": rows}
