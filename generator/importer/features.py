"""Features and domains from the rows of the feature tables, recognised across environments.

A row is the feature of an earlier environment when their names match (case, punctuation and
markup aside) and, where this environment shows domains, the domains agree; the k-th row of a
name matches the k-th feature of that name. Domains match by name; a domain named differently
whose rows carry the names of another domain's features is taken as that domain, named
differently on this environment (a guess, reported). Names that differ but look alike stay two
features, with a note.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Hashable
from dataclasses import dataclass, field

from generator.importer.cells import Converter
from generator.importer.columns import ColumnSet
from generator.importer.envs import EnvPlan, TableUse
from generator.importer.footnotes import Marker
from generator.importer.ids import IdPool, norm
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER, DomainCell, NameCell, domain_cell, is_divider
from generator.importer.rows import name_cell as read_name
from generator.importer.tables import Row

_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "by"})


@dataclass(slots=True)
class SupportPlan:
    env: str
    name: NameCell
    line: int
    cells: dict[str, tuple[str, int]]  # column key -> (raw cell, line)
    key: Hashable = ("top",)  # the section or tab of its table
    refs: list[tuple[str, str]] = field(default_factory=list)  # (reference id, text)
    unlinked: list[str] = field(default_factory=list)  # in-page link texts kept as text
    footnotes: list[str] = field(default_factory=list)
    literal: list[str] = field(default_factory=list)  # markers kept as written

    @property
    def markers(self) -> tuple[Marker, ...]:
        return self.name.markers


@dataclass(slots=True)
class FeaturePlan:
    id: str
    name: str
    domain: str
    fixed: bool  # the domain was seen on a page that shows domains
    link: str | None
    line: int
    support: dict[str, SupportPlan] = field(default_factory=dict)


@dataclass(slots=True)
class DomainPlan:
    id: str
    name: str
    line: int
    by_env: dict[str, dict[str, str]] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {norm(self.name)} | {norm(v["name"]) for v in self.by_env.values() if "name" in v}


@dataclass(slots=True)
class _Row:
    use: TableUse
    row: Row
    name: NameCell
    label: DomainCell | None  # the domain this page shows for the row
    suggest: str  # the domain for a new feature, where the page shows none


@dataclass(slots=True)
class Catalog:
    columns: ColumnSet
    domains: dict[str, DomainPlan] = field(default_factory=dict)
    features: dict[str, FeaturePlan] = field(default_factory=dict)
    orders: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[FeaturePlan]] = field(default_factory=dict)
    _feature_ids: IdPool = field(default_factory=IdPool)
    _domain_ids: IdPool = field(default_factory=IdPool)

    def domain_named(self, name: str, line: int) -> DomainPlan:
        key = norm(name)
        for dom in self.domains.values():
            if key in dom.names():
                return dom
        dom = DomainPlan(self._domain_ids.take(name, "domain"), name, line)
        self.domains[dom.id] = dom
        return dom


def build(envs: list[EnvPlan], conv: Converter, report: Report) -> Catalog:
    cat = Catalog(ColumnSet())
    for env in envs:
        for use in env.tables:
            keys = cat.columns.keys(use.headers, use.feature_col, use.domain_col)
            cat.columns.show(env.id, keys, use.headers)
        rows = _read(env, conv, report)
        domains = _resolve_domains(env, rows, cat, report)
        cat.orders[env.id] = [_place(env, r, domains, cat, report).id for r in rows]
    _alike(cat, report)
    used = {f.domain for f in cat.features.values()}
    cat.domains = {k: d for k, d in cat.domains.items() if k in used}
    return cat


def _read(env: EnvPlan, conv: Converter, report: Report) -> list[_Row]:
    out = []
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
            elif env.group_by:
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
        dom = next(
            (d for d in cat.domains.values() if key in d.names() and d.id not in used), None
        ) or _alike_domain(members, cat, used, report)
        if dom is None:
            dom = cat.domain_named(label.name, members[0].row.line)
            if dom.id in used:  # the same name twice in one environment: a domain of its own
                dom = DomainPlan(cat._domain_ids.take(label.name, "domain"), label.name, 0)
                cat.domains[dom.id] = dom
        entry: dict[str, str] = {}
        if label.name != dom.name:
            entry["name"] = label.name
        if label.link:
            entry["link"] = label.link
        if entry:
            dom.by_env[env.id] = entry
        out[key] = dom.id
    return out


def _alike_domain(
    members: list[_Row], cat: Catalog, used: set[str], report: Report
) -> DomainPlan | None:
    names = [norm(r.name.short) for r in members]
    best: tuple[int, DomainPlan] | None = None
    for dom in cat.domains.values():
        if dom.id in used:
            continue
        mine = {norm(f.name) for f in cat.features.values() if f.domain == dom.id}
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
    env: EnvPlan, r: _Row, domains: dict[str, str], cat: Catalog, report: Report
) -> FeaturePlan:
    domain = domains.get(norm(r.label.name)) if r.label is not None else None
    feature = _match(r.name.short, domain, env.id, cat)
    if feature is None:
        dom = domain or cat.domain_named(r.suggest, r.row.line).id
        fid = cat._feature_ids.take(r.name.short, "feature")
        feature = FeaturePlan(fid, r.name.short, dom, domain is not None, None, r.row.line)
        cat.features[fid] = feature
        cat.by_name.setdefault(norm(r.name.short), []).append(feature)
    elif domain is not None and feature.domain != domain:
        feature.domain, feature.fixed = domain, True
    if r.name.link and feature.link and _same(r.name.link) != _same(feature.link):
        report.note(
            r.row.line,
            "feature-link",
            f"'{r.name.short}' links to '{r.name.link}' here and to '{feature.link}' "
            f"(line {feature.line}); the feature keeps '{feature.link}'",
        )
    feature.link = feature.link or r.name.link
    keys = cat.columns.keys(r.use.headers, r.use.feature_col, r.use.domain_col)
    cells = {}
    for key, raw in zip(keys, r.row.cells, strict=True):
        if key not in ("feature", "domain"):
            cells[key] = (raw, r.row.line)
            cat.columns.columns[key].raws.append(raw)
    feature.support[env.id] = SupportPlan(env.id, r.name, r.row.line, cells, r.use.placed.ctx.key)
    return feature


def _same(link: str) -> str:
    """`./page.md` and `page.md` are one link."""
    return link.removeprefix("./")


def _match(short: str, domain: str | None, env_id: str, cat: Catalog) -> FeaturePlan | None:
    if short == PLACEHOLDER:
        return None
    for f in cat.by_name.get(norm(short), []):
        if env_id not in f.support and (domain is None or f.domain == domain or not f.fixed):
            return f
    return None


def _alike(cat: Catalog, report: Report) -> None:
    features = list(cat.features.values())
    for a, b in itertools.combinations(features, 2):
        if set(a.support) & set(b.support) or not _look_alike(a.name, b.name):
            continue
        report.guess(
            b.line,
            "feature-alike",
            f"'{a.name}' (line {a.line}) and '{b.name}' (line {b.line}) look like one "
            "feature; imported as two",
        )


def _look_alike(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    if na == nb:
        return True
    wa, wb = set(na.split()) - _STOPWORDS, set(nb.split()) - _STOPWORDS
    small, large = sorted((wa, wb), key=len)
    if small and small <= large and len(large) <= len(small) + 2:
        return True
    matcher = difflib.SequenceMatcher(None, na, nb)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85
