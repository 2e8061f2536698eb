"""Which tables are feature tables, which environment (page) each one makes, and which page
every other node goes to.

- A two-column table whose details are labelled bullet groups is a reference table.
- Any other table is a feature table. One with a Domain column is an environment of its own.
  Tables without one, in the same section or tab and with the same columns, make one
  environment; with several, each table is a domain (`group_by: domain`) named by its heading.
- A node goes to the page of the first environment of its section or tab, else the index.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from generator.importer.cells import Converter
from generator.importer.ids import IdPool, norm
from generator.importer.rows import groups
from generator.importer.structure import Placed, Structure
from generator.importer.tables import Table

FEATURE_HEADERS = frozenset(
    {"feature", "features", "feature plan", "capability", "capabilities", "functionality"}
)
DOMAIN_HEADERS = frozenset({"domain"})
#: Page names every matrix uses besides its environments (see checks.references).
RESERVED = ("index", "overview", "reference", "compare", "features")
INDEX = ""  # the page id of the matrix's index page


@dataclass(slots=True)
class TableUse:
    placed: Placed
    feature_col: int
    domain_col: int | None
    headers: tuple[str, ...]  # plain

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
    page_of: dict[int, str]  # id(placed) -> env id, or INDEX
    table_env: dict[int, str]  # id(placed table) -> env id
    consumed: set[int]  # lines of headings shown as environment, domain or table titles


def plan(structure: Structure, conv: Converter, references: bool = True) -> Plan:
    """Environments and pages; with only reference tables on the page, they become features."""
    found = _plan(structure, conv, references)
    return found if found.envs or not references else _plan(structure, conv, False)


def _plan(structure: Structure, conv: Converter, references: bool) -> Plan:
    envs: list[EnvPlan] = []
    refs: list[Placed] = []
    by_key: dict[Hashable, list[EnvPlan]] = {}
    pool = IdPool(RESERVED)
    table_env: dict[int, str] = {}
    for placed in structure.placed:
        if not isinstance(placed.node, Table):
            continue
        if references and is_reference(placed.node, conv):
            refs.append(placed)
            continue
        use = _use(placed, conv)
        env = _env_for(use, by_key, envs, pool, structure)
        env.tables.append(use)
        table_env[id(placed)] = env.id
    page_of = {
        id(p): table_env.get(id(p)) or (by_key[p.ctx.key][0].id if p.ctx.key in by_key else INDEX)
        for p in structure.placed
    }
    return Plan(envs, refs, page_of, table_env, _consumed(envs, refs))


def is_reference(table: Table, conv: Converter) -> bool:
    return (
        len(table.header) == 2
        and bool(table.rows)
        and all(groups(row.cells[1], row.line, conv, None) is not None for row in table.rows)
    )


def _use(placed: Placed, conv: Converter) -> TableUse:
    assert isinstance(placed.node, Table)
    headers = tuple(conv.plain(h) for h in placed.node.header)
    keys = [norm(h) for h in headers]
    domain_col = next((i for i, k in enumerate(keys) if k in DOMAIN_HEADERS), None)
    feature_col = next(
        (i for i, k in enumerate(keys) if k in FEATURE_HEADERS and i != domain_col),
        next(i for i in range(len(keys)) if i != domain_col) if len(keys) > 1 else 0,
    )
    if domain_col == feature_col:
        domain_col = None
    return TableUse(placed, feature_col, domain_col, headers)


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
