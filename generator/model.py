"""The typed, immutable model of one support matrix.

Built only from data that passed validation, so constructors trust ids and shapes. Every node
that a later stage may need to point at keeps its `SourceLoc`. Mappings are read-only views that
keep the data's order, which is the display order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from generator.diagnostics import SourceLoc
from generator.load import Loaded
from generator.vocabulary import DEFAULT_STATE_LABELS, default

T = TypeVar("T")
Value = str | tuple[str, ...]
"""A cell's value: a state id, a choice id (a tuple of them for multi columns), Markdown text,
a version as written, '-' (not applicable) or '' (nothing stated)."""


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    header: str
    short: str
    type: str  # a column kind's name (generator.columns)
    values: Mapping[str, str]
    multi: bool
    facet: bool | None  # None: the kind's default


@dataclass(frozen=True, slots=True)
class Shown:
    """A column as one environment shows it."""

    column: Column
    header: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One value, with an optional note shown beside it ("limited to audit logs")."""

    value: Value
    loc: SourceLoc = field(compare=False)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DomainLabel:
    name: str
    link: str | None


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    name: str
    by_environment: Mapping[str, DomainLabel]

    def label(self, env_id: str) -> DomainLabel:
        return self.by_environment.get(env_id, DomainLabel(self.name, None))


@dataclass(frozen=True, slots=True)
class RefLink:
    reference: str
    text: str


@dataclass(frozen=True, slots=True)
class Support:
    environment: str
    name: str | None
    references: tuple[RefLink, ...]
    footnotes: tuple[str, ...]
    cells: Mapping[str, Cell]
    loc: SourceLoc = field(compare=False)


@dataclass(frozen=True, slots=True)
class Feature:
    id: str
    name: str
    domain: str
    link: str | None
    aliases: tuple[str, ...]
    former_ids: tuple[str, ...]
    callouts: tuple[str, ...]
    cells: Mapping[str, Cell]
    support: Mapping[str, Support]
    loc: SourceLoc = field(compare=False)

    def cell(self, env_id: str, column_id: str) -> Cell:
        """The value this environment shows; the feature's shared value when it sets none."""
        own = self.support[env_id].cells.get(column_id)
        return own if own is not None else self.cells[column_id]

    def other_names(self) -> list[str]:
        """The other names it goes by, sorted: its aliases and environments' own names for it."""
        return sorted({s.name for s in self.support.values() if s.name} | set(self.aliases))


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a page: `kind` is features, environments, text, callout, reference or
    section; `value` the text or id; `title` a heading override for sections."""

    kind: str
    value: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Environment:
    id: str
    name: str
    title: str
    group_by_domain: bool
    columns: tuple[Shown, ...]
    order: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Callout:
    id: str
    kind: str
    title: str | None
    text: str
    deadline: date | None
    after_deadline: str  # ended: shown as ended; hide: no longer shown


@dataclass(frozen=True, slots=True)
class RefList:
    id: str
    title: str
    items: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class RefGroup:
    label: str
    footnotes: tuple[str, ...]
    list: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefRow:
    aspect: str
    groups: tuple[RefGroup, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    title: str
    headers: tuple[str, str]
    rows: tuple[RefRow, ...]


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    body: str
    list: str | None
    footer: str | None


@dataclass(frozen=True, slots=True)
class Links:
    base: str | None
    root: str | None


@dataclass(frozen=True, slots=True)
class Matrix:
    id: str
    title: str
    description: str | None
    updated: date | None
    source: str = field(compare=False)
    links: Links
    state_labels: Mapping[str, str]  # every state id -> its label
    index: tuple[Block, ...]
    columns: Mapping[str, Column]
    domains: Mapping[str, Domain]
    environments: Mapping[str, Environment]
    features: Mapping[str, Feature]
    footnotes: Mapping[str, str]
    callouts: Mapping[str, Callout]
    lists: Mapping[str, RefList]
    references: Mapping[str, Reference]
    sections: Mapping[str, Section]

    def features_in(self, env_id: str) -> tuple[Feature, ...]:
        """The features an environment lists, in its row order."""
        return tuple(self.features[f] for f in self.environments[env_id].order)


def _ro(items: Mapping[str, T]) -> Mapping[str, T]:
    return MappingProxyType(dict(items))


def build(loaded: Loaded) -> Matrix:
    """The model of one validated file."""
    d: dict[str, Any] = loaded.data
    columns = _ro({k: _column(k, v) for k, v in d["columns"].items()})
    features = _ro({k: _feature(loaded, k, v) for k, v in d["features"].items()})
    labels = d.get("state_labels", {})
    return Matrix(
        id=d["id"],
        title=d["title"],
        description=d.get("description"),
        updated=date.fromisoformat(d["updated"]) if "updated" in d else None,
        source=loaded.file,
        links=Links(d.get("links", {}).get("base"), d.get("links", {}).get("root")),
        state_labels=MappingProxyType({**DEFAULT_STATE_LABELS, **labels}),
        index=_blocks(d.get("index", default("", "index"))["blocks"]),
        columns=columns,
        domains=_ro({k: _domain(k, v) for k, v in d["domains"].items()}),
        environments=_ro(
            {
                k: _environment(k, v, columns, d["domains"], features)
                for k, v in d["environments"].items()
            }
        ),
        features=features,
        footnotes=_ro(d.get("footnotes", {})),
        callouts=_ro({k: _callout(k, v) for k, v in d.get("callouts", {}).items()}),
        lists=_ro(
            {k: RefList(k, v["title"], _ro(v["items"])) for k, v in d.get("lists", {}).items()}
        ),
        references=_ro(
            {k: _reference(k, v, d.get("lists", {})) for k, v in d.get("references", {}).items()}
        ),
        sections=_ro(
            {
                k: Section(k, v["title"], v["body"], v.get("list"), v.get("footer"))
                for k, v in d.get("sections", {}).items()
            }
        ),
    )


def _column(col_id: str, d: dict[str, Any]) -> Column:
    return Column(
        col_id,
        d["header"],
        d.get("short", d["header"]),
        d["type"],
        _ro(d.get("values", {})),
        d.get("multi", default("column", "multi")),
        d.get("facet"),
    )


def _domain(dom_id: str, d: dict[str, Any]) -> Domain:
    labels = {
        env: DomainLabel(v.get("name", d["name"]), v.get("link"))
        for env, v in d.get("by_environment", {}).items()
    }
    return Domain(dom_id, d["name"], _ro(labels))


def _cells(loaded: Loaded, path: tuple[str, ...], d: dict[str, Any]) -> Mapping[str, Cell]:
    return _ro({k: _cell(v, loaded.loc((*path, k))) for k, v in d.items()})


def _cell(raw: Any, loc: SourceLoc) -> Cell:
    if isinstance(raw, dict):
        return Cell(_value(raw["value"]), loc, raw["note"])
    return Cell(_value(raw), loc)


def _value(raw: str | list[str]) -> Value:
    return tuple(raw) if isinstance(raw, list) else raw


def _feature(loaded: Loaded, feat_id: str, d: dict[str, Any]) -> Feature:
    base = ("features", feat_id)
    support = {
        env: Support(
            env,
            s.get("name"),
            tuple(RefLink(r["reference"], r["text"]) for r in s.get("references", [])),
            tuple(s.get("footnotes", [])),
            _cells(loaded, (*base, "support", env, "cells"), s["cells"]),
            loaded.loc((*base, "support", env), key=True),
        )
        for env, s in d["support"].items()
    }
    return Feature(
        feat_id,
        d["name"],
        d["domain"],
        d.get("link"),
        tuple(d.get("aliases", [])),
        tuple(d.get("former_ids", [])),
        tuple(d.get("callouts", [])),
        _cells(loaded, (*base, "cells"), d.get("cells", {})),
        _ro(support),
        loaded.loc(base, key=True),
    )


def _blocks(items: list[dict[str, Any]]) -> tuple[Block, ...]:
    blocks = []
    for item in items:
        kind = next(k for k in item if k != "title")
        value = item[kind]
        blocks.append(Block(kind, value if isinstance(value, str) else "", item.get("title")))
    return tuple(blocks)


def _environment(
    env_id: str,
    d: dict[str, Any],
    columns: Mapping[str, Column],
    domains: dict[str, Any],
    features: Mapping[str, Feature],
) -> Environment:
    shown = tuple(
        Shown(columns[c], columns[c].header)
        if isinstance(c, str)
        else Shown(columns[c["id"]], c.get("header", columns[c["id"]].header))
        for c in d["columns"]
    )
    order = d.get("order") or [f for f, feat in features.items() if env_id in feat.support]
    group_by_domain = d.get("group_by", default("environment", "group_by")) == "domain"
    if group_by_domain:
        rank = {dom: i for i, dom in enumerate(domains)}
        order = sorted(order, key=lambda f: rank[features[f].domain])  # stable: keeps row order
    return Environment(
        env_id,
        d["name"],
        d.get("title", d["name"]),
        group_by_domain,
        shown,
        tuple(order),
        _blocks(d["blocks"]),
    )


def _callout(call_id: str, d: dict[str, Any]) -> Callout:
    deadline = date.fromisoformat(d["deadline"]) if "deadline" in d else None
    after = d.get("after_deadline", default("callout", "after_deadline"))
    return Callout(call_id, d["kind"], d.get("title"), d["text"], deadline, after)


def _reference(ref_id: str, d: dict[str, Any], lists: dict[str, Any]) -> Reference:
    rows = tuple(
        RefRow(
            row["aspect"],
            tuple(
                RefGroup(
                    g["label"],
                    tuple(g.get("footnotes", [])),
                    g["list"],
                    tuple(g.get("items") or lists[g["list"]]["items"]),
                )
                for g in row["groups"]
            ),
        )
        for row in d["rows"]
    )
    headers = tuple(d.get("headers", default("reference", "headers")))
    return Reference(ref_id, d["title"], (headers[0], headers[1]), rows)
