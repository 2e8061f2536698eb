"""Features and domains from the rows of the feature tables, recognised across environments.

A row is the feature of an earlier environment when their names are one name (see `names`:
the same words in any order, a domain prefix or a parenthetical aside) and, where this
environment shows domains, the domains agree; the k-th row of a name matches the k-th feature
of that name. Domains match by name; a domain named differently whose rows carry the names of
another domain's features is taken as that domain, named differently on this environment (a
guess, reported). `merge` then joins features whose names differ by one word and reports
those that merely look alike.

Footnote markers at the end of a value cell are split off here: they cite a footnote from the
row (see `notes`), they are not part of the value.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.importer import merge
from generator.importer.catalog import Catalog, DomainPlan, FeaturePlan, SupportPlan
from generator.importer.cells import Converter
from generator.importer.columns import ColumnSet
from generator.importer.envs import EnvPlan, TableUse
from generator.importer.ids import norm
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER, DomainCell, NameCell, domain_cell, is_divider
from generator.importer.rows import name_cell as read_name
from generator.importer.tables import Row
from generator.importer.values import split_markers


@dataclass(slots=True)
class _Row:
    use: TableUse
    row: Row
    name: NameCell
    label: DomainCell | None  # the domain this page shows for the row
    suggest: str  # the domain for a new feature, where the page shows none


def build(envs: list[EnvPlan], conv: Converter, report: Report) -> Catalog:
    cat = Catalog(ColumnSet())
    read = {env.id: _read(env, conv, report) for env in envs}
    cat.domain_words = {norm(r.label.name) for rows in read.values() for r in rows if r.label}
    for env in envs:
        shown_by_table: dict[int, list[tuple[int, str, str]]] = {}
        for use in env.tables:
            shown = use.shown(cat.columns.keys(use.headers, use.feature_col, use.domain_col))
            cat.columns.show(env.id, [k for _, k, _ in shown], tuple(h for _, _, h in shown))
            shown_by_table[id(use)] = shown
        rows = read[env.id]
        domains = _resolve_domains(env, rows, cat, report)
        cat.orders[env.id] = [
            _place(env, r, domains, cat, report, shown_by_table[id(r.use)]).id for r in rows
        ]
    merge.settle(cat, [e.name for e in envs], report)
    used = {f.domain for f in cat.features.values()}
    cat.domains = {k: d for k, d in cat.domains.items() if k in used}
    return cat


def _read(env: EnvPlan, conv: Converter, report: Report) -> list[_Row]:
    out = []
    group_by = env.group_by
    for use in env.tables:
        divider: str | None = None
        for row in use.table.rows:
            name = read_name(row.cells[use.feature_col], row.line, conv)
            if is_divider(row.cells, use.feature_col):
                divider = name.short
                report.warn(
                    row.line,
                    "table-divider",
                    f"section-divider row '{name.short}' kept as a row; the rows after it are "
                    f"in domain '{name.short}'",
                )
            label: DomainCell | None = None
            if use.domain_col is not None:
                label = domain_cell(row.cells[use.domain_col], conv)
            elif group_by:
                label = DomainCell(divider or use.domain or PLACEHOLDER, None)
            out.append(_Row(use, row, name, label, divider or use.domain or env.name))
    return out


def _resolve_domains(
    env: EnvPlan, rows: list[_Row], cat: Catalog, report: Report
) -> dict[str, str]:
    """Domain label (normalised) -> domain id, for an environment that shows domains."""
    labels: dict[str, list[_Row]] = {}
    for r in rows:
        if r.label is not None:
            labels.setdefault(norm(r.label.name), []).append(r)
    out: dict[str, str] = {}
    for key, members in labels.items():
        label = members[0].label
        assert label is not None
        used = set(out.values())
        dom = next((d for d in cat.named(label.name) if d.id not in used), None) or _alike_domain(
            members, cat, used, report
        )
        if dom is None:
            dom = cat.domain_named(label.name, members[0].row.line)
            if dom.id in used:  # the same name twice in one environment: a domain of its own
                dom = cat.new_domain(label.name, 0)
        entry: dict[str, str] = {}
        if label.name != dom.name:
            entry["name"] = label.name
        if label.link:
            entry["link"] = label.link
        if entry:
            dom.by_env[env.id] = entry
            if "name" in entry:
                cat.name_domain(dom, entry["name"])
        out[key] = dom.id
    return out


def _alike_domain(
    members: list[_Row], cat: Catalog, used: set[str], report: Report
) -> DomainPlan | None:
    names = [cat.key(r.name.short).full for r in members]
    best: tuple[int, DomainPlan] | None = None
    for dom in cat.domains.values():
        if dom.id in used:
            continue
        mine = cat.in_domain.get(dom.id, set())
        hits = sum(n in mine for n in names)
        if hits * 2 >= len(names) and hits and (best is None or hits > best[0]):
            best = (hits, dom)
    if best is None:
        return None
    label = members[0].label
    assert label is not None
    report.guess(
        members[0].row.line,
        "domain-alike",
        f"domain '{label.name}' taken as '{best[1].name}' (line {best[1].line}): "
        f"{best[0]} of its {len(names)} features are named as features there",
    )
    return best[1]


def _place(
    env: EnvPlan,
    r: _Row,
    domains: dict[str, str],
    cat: Catalog,
    report: Report,
    shown: list[tuple[int, str, str]],
) -> FeaturePlan:
    """The feature a row is (a new one, or one it matches); `shown`: the row's table's columns
    as (cell index, column key, header)."""
    domain = domains.get(norm(r.label.name)) if r.label is not None else None
    feature = _match(r, domain, env.id, cat, report)
    if feature is None:
        dom = domain or cat.domain_named(r.suggest, r.row.line).id
        wid = f"#{len(cat.features)}"
        feature = FeaturePlan(wid, r.name.short, dom, domain is not None, None, r.row.line)
        cat.add(feature)
    else:
        if domain is not None and feature.domain != domain:
            feature.domain, feature.fixed = domain, True
        cat.learn(feature, r.name.short)
    if r.name.link and feature.link and _same(r.name.link) != _same(feature.link):
        report.note(
            r.row.line,
            "feature-link",
            f"'{r.name.short}' links to '{r.name.link}' here and to '{feature.link}' "
            f"(line {feature.line}); the feature keeps '{feature.link}'",
        )
    feature.link = feature.link or r.name.link
    support = SupportPlan(env.id, r.name, r.row.line, {}, r.use.placed.ctx.key)
    for i, key, _ in shown:
        raw = r.row.cells[i]
        if key not in ("feature", "domain"):
            text, markers = split_markers(raw)
            support.cells[key] = (text, r.row.line)
            support.cell_markers += [(key, m) for m in markers]
            cat.columns.columns[key].raws.append((text, r.row.line))
    feature.support[env.id] = support
    return feature


def _same(link: str) -> str:
    """`./page.md` and `page.md` are one link."""
    return link.removeprefix("./")


def _match(
    r: _Row, domain: str | None, env_id: str, cat: Catalog, report: Report
) -> FeaturePlan | None:
    if r.name.short == PLACEHOLDER:
        return None
    found = cat.key(r.name.short)
    for f, how in cat.candidates(found):
        if env_id in f.support:
            continue
        if domain is not None and f.domain != domain and (f.fixed or how == "inner"):
            continue
        if how == "inner" and domain is None:
            continue
        if how != "same" or found.prefix or cat.key(f.name).full != found.full:
            report.note(
                r.row.line,
                "feature-same",
                f"'{r.name.short}' is '{f.name}' (line {f.line}): " + _how(how, found.prefix),
            )
        return f
    return None


def _how(how: str, prefix: str | None) -> str:
    if how == "bare":
        return "the same name, one with a parenthetical"
    if how == "inner":
        return "one is the other's parenthetical, in the same domain"
    if prefix:
        return f"the same name after the domain '{prefix}'"
    return "the same words"
