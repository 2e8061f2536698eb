"""Page structure -> matrix data, top to bottom:
parse -> place (sections, tabs) -> plan (environments) -> references -> features -> column
types -> footnotes -> page blocks -> the matrix mapping, keys in the order of data/*.yaml.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from generator.importer import blocks, columns, envs, features, merge, notes, references
from generator.importer.catalog import Catalog, CellOwner, FeaturePlan, SupportPlan
from generator.importer.cells import Converter
from generator.importer.envs import INDEX, EnvPlan, Plan
from generator.importer.footnotes import Definition, literal
from generator.importer.ids import anchor_key
from generator.importer.parse import FootnoteDef, Page, parse_page
from generator.importer.references import RefPlan, RefSet
from generator.importer.report import Report
from generator.importer.structure import Structure, place
from generator.importer.tables import Table
from generator.vocabulary import BLANK


class NoTables(Exception):
    """The page has no table to make an environment of."""


def build_matrix(
    text: str, name: str, matrix_id: str, report: Report, links: dict[str, str]
) -> dict[str, Any]:
    page = parse_page(text, report)
    structure = place(page.nodes, report)
    conv = Converter(report, page.refdefs)
    plan = envs.plan(structure, conv)
    if not plan.envs:
        raise NoTables()
    refset = references.build(plan.references, conv, report)
    cat = features.build(plan.envs, conv, report)
    if not cat.features:
        raise NoTables()
    _link_references(cat, refset, report)
    _header_markers(plan, report)
    labels = columns.type_columns(cat.columns.value_columns(), report)
    settled = notes.settle(
        _citations(structure, plan, cat, refset), *_definitions(structure, plan), conv, report
    )
    pages, registry = blocks.page_blocks(structure, plan, refset, settled, conv, report)
    _count(structure, plan, cat, settled, registry, report)
    report.count("text-blocks", sum("text" in b for blocks_ in pages.values() for b in blocks_))
    report.count("list-items", sum(len(lst.items) for lst in refset.lists.values()))
    head = _head(page, structure, name, matrix_id, links)
    return (
        head
        | {
            "state_labels": labels,
            "index": {"blocks": pages[INDEX]},
            "columns": _columns(cat),
            "domains": _domains(cat),
            "environments": {e.id: _environment(e, cat, pages[e.id]) for e in plan.envs},
            "features": {
                f.id: _feature(f, cat, conv, [e.id for e in plan.envs])
                for f in cat.features.values()
            },
        }
        | {
            k: v
            for k, v in (
                ("footnotes", settled.texts),
                ("callouts", registry.callouts),
                (
                    "lists",
                    {
                        lst.id: {"title": lst.title, "items": lst.items}
                        for lst in refset.lists.values()
                    },
                ),
                ("references", {r.id: _reference(r, refset) for r in refset.refs}),
                ("sections", registry.sections),
            )
            if v
        }
    )


def _head(
    page: Page, structure: Structure, name: str, matrix_id: str, links: dict[str, str]
) -> dict[str, Any]:
    title = (structure.title.text if structure.title else None) or page.meta.get("title") or name
    out: dict[str, Any] = {"format": 1, "id": matrix_id, "title": title}
    if page.meta.get("description"):
        out["description"] = page.meta["description"]
    updated = _date(page.meta.get("ms.date") or page.meta.get("date") or "")
    if updated:
        out["updated"] = updated
    if links:
        out["links"] = links
    return out


def _date(value: str) -> str | None:
    """`12/14/2023` (Microsoft Learn's ms.date) or `2023-12-14` -> `2023-12-14`."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    found = f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else value[:10]
    try:
        return date.fromisoformat(found).isoformat()
    except ValueError:
        return None


def _link_references(cat: Catalog, refset: RefSet, report: Report) -> None:
    for feature in cat.features.values():
        for support in feature.support.values():
            for anchor, text in support.name.refs:
                ref = refset.anchors.get(anchor_key(anchor))
                if ref is not None:
                    support.refs.append((ref, text))
                else:
                    support.unlinked.append(text)
                    report.note(
                        support.line,
                        "link-in-page",
                        f"'{text}' links to '#{anchor}', which is no reference table; "
                        "kept as part of the name",
                    )


def _display_order(env: EnvPlan, cat: Catalog) -> list[str]:
    order = cat.orders[env.id]
    if env.group_by:
        rank = {d: i for i, d in enumerate(cat.domains)}
        order = sorted(order, key=lambda f: rank[cat.features[f].domain])
    return order


def _citations(
    structure: Structure, plan: Plan, cat: Catalog, refset: RefSet
) -> list[notes.Citation]:
    """Every marker that could be a footnote citation, in the order the site renders them."""
    out: list[notes.Citation] = []
    by_id = {e.id: e for e in plan.envs}
    shown: set[str] = set()
    for placed in structure.placed:
        page = plan.page_of[id(placed)]
        env_id = plan.table_env.get(id(placed))
        if env_id is not None and env_id not in shown:
            shown.add(env_id)
            out += _row_citations(by_id[env_id], cat, page)
        elif id(placed) in refset.by_placed:
            ref = next(r for r in refset.refs if r.id == refset.by_placed[id(placed)])
            for _, groups in ref.rows:
                for g in groups:
                    out += [notes.Citation(m, g.line, placed.ctx.key, page, g) for m in g.markers]
    for env in plan.envs:  # environments of a pivoted table, on pages of their own
        if env.id not in shown:
            out += _row_citations(env, cat, env.id)
    return out


def _row_citations(env: EnvPlan, cat: Catalog, page: str) -> list[notes.Citation]:
    """The markers after each row's name, then after its values."""
    out: list[notes.Citation] = []
    for fid in _display_order(env, cat):
        s = cat.features[fid].support[env.id]
        out += [notes.Citation(m, s.line, s.key, page, s) for m in s.markers]
        for k, m in s.cell_markers:
            owner = CellOwner(s.footnotes, s.cell_literal.setdefault(k, []))
            out.append(notes.Citation(m, s.line, s.key, page, owner, moved=True))
    return out


def _definitions(structure: Structure, plan: Plan) -> tuple[list[Definition], dict[int, str]]:
    defs, pages = [], {}
    for placed in structure.placed:
        node = placed.node
        if isinstance(node, FootnoteDef):
            d = Definition(node.label, node.anchor, node.source, node.line, placed.ctx.key)
            defs.append(d)
            pages[id(d)] = plan.page_of[id(placed)]
    return defs, pages


def _count(
    structure: Structure,
    plan: Plan,
    cat: Catalog,
    settled: notes.Notes,
    registry: blocks.Registry,
    report: Report,
) -> None:
    tables = [p.node for p in structure.placed if isinstance(p.node, Table)]
    report.count("tables", len(tables))
    report.count("reference-tables", len(plan.references))
    report.count("topic-tables", len(plan.topics))
    report.count("feature-tables", len(tables) - len(plan.references) - len(plan.topics))
    report.count("rows", sum(len(t.rows) for t in tables))
    report.count("cells", sum(len(r.cells) + len(r.extra) for t in tables for r in t.rows))
    report.count("footnotes", len(settled.texts))
    report.count("environments", len(plan.envs))
    report.count("features", len(cat.features))
    report.count("sections", len(registry.sections))
    report.count("callouts", len(registry.callouts))
    report.count("footnote-defs", sum(isinstance(p.node, FootnoteDef) for p in structure.placed))


def _columns(cat: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in cat.columns.columns.values():
        kind = col.kind if col.kind != "value" else col.type
        entry: dict[str, Any] = {"header": col.header, "type": kind}
        if kind == "choice":
            if col.multi:
                entry["multi"] = True
            entry["values"] = col.values
        out[col.id] = entry
    return out


def _domains(cat: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dom in cat.domains.values():
        entry: dict[str, Any] = {"name": dom.name}
        if dom.by_env:
            entry["by_environment"] = dom.by_env
        out[dom.id] = entry
    return out


def _environment(env: EnvPlan, cat: Catalog, page: list[blocks.Block]) -> dict[str, Any]:
    shown = []
    for key, header in cat.columns.shown[env.id]:
        col = cat.columns.columns[key]
        shown.append(col.id if header == col.header else {"id": col.id, "header": header})
    out: dict[str, Any] = {"name": env.name, "group_by": "domain" if env.group_by else "none"}
    out["columns"] = shown
    default = [f for f, feat in cat.features.items() if env.id in feat.support]
    if env.group_by:
        rank = {d: i for i, d in enumerate(cat.domains)}
        default.sort(key=lambda f: rank[cat.features[f].domain])
    if _display_order(env, cat) != default:
        out["order"] = cat.orders[env.id]
    out["blocks"] = page
    return out


def _feature(
    feature: FeaturePlan, cat: Catalog, conv: Converter, env_order: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": feature.name, "domain": feature.domain}
    if feature.link:
        out["link"] = feature.link
    if aliases := merge.aliases(feature):
        out["aliases"] = aliases
    out["support"] = {
        env: _support(feature.support[env], feature, cat, conv)
        for env in env_order
        if env in feature.support
    }
    return out


def _support(s: SupportPlan, feature: FeaturePlan, cat: Catalog, conv: Converter) -> dict[str, Any]:
    shown = " ".join([s.name.shown, *(literal(m, False) for m in s.literal), *s.unlinked])
    out: dict[str, Any] = {}
    if shown != feature.name:
        out["name"] = shown
    if s.refs:
        out["references"] = [{"reference": r, "text": t} for r, t in s.refs]
    if s.footnotes:
        out["footnotes"] = s.footnotes
    out["cells"] = {}
    for key, header in cat.columns.shown[s.env]:
        col = cat.columns.columns[key]
        if col.kind != "value":
            continue
        if key not in s.cells:  # another table of this environment has the column
            if (s.env, key, s.key) not in cat.blanked:
                cat.blanked.add((s.env, key, s.key))
                conv.report.note(
                    s.line,
                    "cell-not-in-table",
                    f"this table has no '{header}' column, which another table of its "
                    "environment has: its rows' cells there are blank",
                )
            out["cells"][col.id] = BLANK
            continue
        raw, line = s.cells[key]
        marks = tuple(literal(m) for m in s.cell_literal.get(key, ()))
        out["cells"][col.id] = col.value(raw, line, conv, marks)
    return out


def _header_markers(plan: Plan, report: Report) -> None:
    for env in plan.envs:
        for use in env.tables:
            for col, marker in use.header_markers:
                report.note(
                    use.table.line,
                    "footnote-header",
                    f"marker '{marker.label}' after the header '{use.headers[col]}' is no part "
                    "of the header; columns cite no footnotes, so its footnote stays a "
                    "paragraph",
                )


def _reference(ref: RefPlan, refset: RefSet) -> dict[str, Any]:
    out: dict[str, Any] = {"title": ref.title}
    if ref.headers != references.DEFAULT_HEADERS:
        out["headers"] = list(ref.headers)
    rows = []
    for aspect, groups in ref.rows:
        out_groups = []
        for g in groups:
            label = " ".join([g.label, *(literal(m, False) for m in g.literal)])
            group: dict[str, Any] = {"label": label}
            if g.footnotes:
                group["footnotes"] = g.footnotes
            group["list"] = g.list_id
            if g.items != list(refset.lists[g.list_id].items):
                group["items"] = g.items
            out_groups.append(group)
        rows.append({"aspect": aspect, "groups": out_groups})
    out["rows"] = rows
    return out
