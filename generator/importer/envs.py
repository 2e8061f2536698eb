"""Which tables are feature tables, which environment (page) each one makes, and which page
every other node goes to.

- A two-column table whose details are labelled bullet groups is a reference table.
- A two-column table of aspects and their details (`Aspect | Details`, `Setting | Value`) whose
  details are plain text is a topic table: its rows become a list in the prose of the page it
  stands on, not an environment (unless the page has no feature table at all).
- Any other table is a feature table. One with a Domain column is an environment of its own.
  Tables without one, in the same section and with the same columns, make one environment;
  every table in one tab (the same tab in several groups too) makes one environment, showing
  the columns of all of them. With several tables, each is a domain (`group_by: domain`) named
  by its heading.
- A node goes to the page of the first environment of its section or tab, else the index.

Footnote markers in headers (`Release state<sup>1</sup>`) are no part of the header.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, replace

from generator.importer import pivot
from generator.importer.cells import Converter
from generator.importer.footnotes import Marker
from generator.importer.ids import IdPool, norm
from generator.importer.rows import groups
from generator.importer.structure import Placed, Structure
from generator.importer.tables import Table
from generator.importer.values import read_state, split_markers
from generator.vocabulary import reserved_environment_id

FEATURE_HEADERS = frozenset(
    {"feature", "features", "feature plan", "capability", "capabilities", "functionality"}
)
DOMAIN_HEADERS = frozenset({"domain"})
ASPECT_HEADERS = frozenset(
    {"aspect", "setting", "settings", "property", "requirement", "requirements", "parameter",
     "attribute", "item", "topic", "prerequisite", "prerequisites", "limit", "quota", "area"}
)  # fmt: skip
DETAIL_HEADERS = frozenset({"details", "detail", "value", "values", "description", "information"})
INDEX = ""  # the page id of the matrix's index page


@dataclass(slots=True)
class TableUse:
    placed: Placed
    feature_col: int
    domain_col: int | None
    headers: tuple[str, ...]  # plain, without footnote markers
    header_markers: tuple[tuple[int, Marker], ...] = ()  # (column, marker) in the headers
    pivot: int | None = None  # the column that is this environment (see `pivot`)
    pivot_cols: tuple[int, ...] = ()  # every column that is an environment

    def shown(self, keys: list[str]) -> list[tuple[int, str, str]]:
        """(cell index, column key, header) of the columns this environment shows of the
        table: a pivoted table shows its own environment's column only, as `pivot.KEY`."""
        out = []
        for i, (key, header) in enumerate(zip(keys, self.headers, strict=True)):
            if i == self.pivot:
                out.append((i, pivot.KEY, header))
            elif i not in self.pivot_cols:
                out.append((i, key, header))
        return out

    @property
    def table(self) -> Table:
        assert isinstance(self.placed.node, Table)
        return self.placed.node

    @property
    def domain(self) -> str | None:
        return self.placed.ctx.nearest


@dataclass(slots=True)
class EnvPlan:
    id: str
    name: str
    key: Hashable
    signature: tuple[str, ...]
    domain_col: bool
    tables: list[TableUse] = field(default_factory=list)

    @property
    def group_by(self) -> bool:
        return not self.domain_col and len({t.domain for t in self.tables}) > 1


@dataclass(slots=True)
class Plan:
    envs: list[EnvPlan]
    references: list[Placed]  # reference tables, in page order
    topics: list[Placed]  # topic tables (aspect | details as text), in page order
    page_of: dict[int, str]  # id(placed) -> env id, or INDEX
    table_env: dict[int, str]  # id(placed table) -> env id
    consumed: set[int]  # lines of headings shown as environment, domain or table titles


def plan(structure: Structure, conv: Converter, references: bool = True) -> Plan:
    """Environments and pages; with only reference and topic tables on the page, they become
    features."""
    found = _plan(structure, conv, references)
    return found if found.envs or not references else _plan(structure, conv, False)


def _plan(structure: Structure, conv: Converter, references: bool) -> Plan:
    envs: list[EnvPlan] = []
    refs: list[Placed] = []
    topics: list[Placed] = []
    by_key: dict[Hashable, list[EnvPlan]] = {}
    pool = IdPool(reserved=reserved_environment_id)
    table_env: dict[int, str] = {}
    known = {norm(p.ctx.heading.text) for p in structure.placed if p.ctx.heading is not None}
    for placed in structure.placed:
        if not isinstance(placed.node, Table):
            continue
        if references and is_reference(placed.node, conv):
            refs.append(placed)
            continue
        if references and is_topic(placed.node, conv):
            topics.append(placed)
            continue
        use = _use(placed, conv)
        pivoted = _pivoted(use, by_key, envs, pool, known)
        if pivoted is not None:
            table_env[id(placed)] = pivoted
            continue
        env = _env_for(use, by_key, envs, pool, structure)
        env.tables.append(use)
        table_env[id(placed)] = env.id
    page_of = {
        id(p): table_env.get(id(p)) or (by_key[p.ctx.key][0].id if p.ctx.key in by_key else INDEX)
        for p in structure.placed
    }
    return Plan(envs, refs, topics, page_of, table_env, _consumed(envs, refs))


def is_reference(table: Table, conv: Converter) -> bool:
    return (
        len(table.header) == 2
        and bool(table.rows)
        and all(groups(row.cells[1], row.line, conv, None) is not None for row in table.rows)
    )


def is_topic(table: Table, conv: Converter) -> bool:
    """Aspects and their details as text: `Aspect | Details`, `Setting | Value`, ... whose
    details are mostly no release state."""
    if len(table.header) != 2 or not table.rows:
        return False
    first, second = (norm(conv.plain(split_markers(h)[0])) for h in table.header)
    if first not in ASPECT_HEADERS and second not in DETAIL_HEADERS:
        return False
    states = sum(read_state(row.cells[1]) is not None for row in table.rows)
    return states * 2 < len(table.rows)


def _use(placed: Placed, conv: Converter) -> TableUse:
    assert isinstance(placed.node, Table)
    split = [split_markers(h) for h in placed.node.header]
    headers = tuple(conv.plain(text) for text, _ in split)
    markers = tuple((i, m) for i, (_, found) in enumerate(split) for m in found)
    keys = [norm(h) for h in headers]
    domain_col = next((i for i, k in enumerate(keys) if k in DOMAIN_HEADERS), None)
    feature_col = next(
        (i for i, k in enumerate(keys) if k in FEATURE_HEADERS and i != domain_col),
        next(i for i in range(len(keys)) if i != domain_col) if len(keys) > 1 else 0,
    )
    if domain_col == feature_col:
        domain_col = None
    return TableUse(placed, feature_col, domain_col, headers, markers)


def _pivoted(
    use: TableUse,
    by_key: dict[Hashable, list[EnvPlan]],
    envs: list[EnvPlan],
    pool: IdPool,
    known: set[str],
) -> str | None:
    """A table whose columns are environments: one environment per such column."""
    if use.placed.ctx.is_tab:
        return None
    skip = {use.feature_col, *([use.domain_col] if use.domain_col is not None else [])}
    assert isinstance(use.placed.node, Table)
    cols = pivot.place_columns(use.placed.node, use.headers, skip, known)
    for i in cols:
        key = ("pivot", norm(use.headers[i]))
        siblings = by_key.setdefault(key, [])
        if not siblings:
            name = use.headers[i]
            env = EnvPlan(pool.take(name, "environment"), name, key, (), False)
            siblings.append(env)
            envs.append(env)
        siblings[0].tables.append(replace(use, pivot=i, pivot_cols=cols))
    return by_key[("pivot", norm(use.headers[cols[0]]))][0].id if cols else None


def _env_for(
    use: TableUse,
    by_key: dict[Hashable, list[EnvPlan]],
    envs: list[EnvPlan],
    pool: IdPool,
    structure: Structure,
) -> EnvPlan:
    ctx = use.placed.ctx
    signature = tuple(norm(h) for h in use.headers)
    siblings = by_key.setdefault(ctx.key, [])
    if ctx.is_tab and siblings:
        return siblings[0]  # one tab, one environment, whatever its tables' columns
    if use.domain_col is None:
        for env in siblings:
            if not env.domain_col and env.signature == signature:
                return env
    base = ctx.name or (structure.title.text if structure.title else None) or "Features"
    name = base
    if siblings:
        own = ctx.nearest if ctx.nearest != base else None
        if own and ctx.is_tab:
            own = f"{base}: {own}"
        name = own or f"{base} ({len(siblings) + 1})"
    taken = {e.name for e in envs}
    n = 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    env = EnvPlan(
        pool.take(name, "environment"), name, ctx.key, signature, use.domain_col is not None
    )
    siblings.append(env)
    envs.append(env)
    return env


def _consumed(envs: list[EnvPlan], refs: list[Placed]) -> set[int]:
    """Headings the site shows as environment names, domain headings or table titles."""
    lines: set[int] = set()
    tables = [use.placed for env in envs for use in env.tables]
    for p in [*tables, *refs]:
        if p.ctx.nearest_heading is not None:
            lines.add(p.ctx.nearest_heading.line)
    for p in tables:
        if p.ctx.heading is not None:
            lines.add(p.ctx.heading.line)
    return lines
