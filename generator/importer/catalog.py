"""What the importer knows of features and domains while it reads the feature tables: one
`FeaturePlan` per feature with one `SupportPlan` per environment that lists it, and the index
that finds a feature by any form of any name it has been given (see `names`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from generator.importer.columns import ColumnSet
from generator.importer.footnotes import Marker
from generator.importer.ids import IdPool, norm
from generator.importer.names import NameKey, Words, name_key
from generator.importer.rows import PLACEHOLDER, NameCell


@dataclass(slots=True)
class SupportPlan:
    env: str
    name: NameCell
    line: int
    cells: dict[str, tuple[str, int]]  # column key -> (cell without markers, line)
    key: Hashable = ("top",)  # the section or tab of its table
    refs: list[tuple[str, str]] = field(default_factory=list)  # (reference id, text)
    unlinked: list[str] = field(default_factory=list)  # in-page link texts kept as text
    footnotes: list[str] = field(default_factory=list)
    literal: list[str] = field(default_factory=list)  # name markers kept as written
    cell_markers: list[tuple[str, Marker]] = field(default_factory=list)  # (column key, marker)
    cell_literal: dict[str, list[str]] = field(default_factory=dict)  # column key -> markers

    @property
    def markers(self) -> tuple[Marker, ...]:
        return self.name.markers


@dataclass(slots=True)
class CellOwner:
    """Where a marker after a value cites its footnote: the row's footnotes; kept as written,
    in the cell's note."""

    footnotes: list[str]
    literal: list[str]


@dataclass(slots=True)
class FeaturePlan:
    id: str  # a working key until `merge.assign_ids` gives the final id
    name: str
    domain: str
    fixed: bool  # the domain was seen on a page that shows domains
    link: str | None
    line: int
    support: dict[str, SupportPlan] = field(default_factory=dict)
    keys: list[NameKey] = field(default_factory=list)  # of every name it has been given

    def names(self) -> Counter[str]:
        """How many environments call it by each name (the name alone, no markers)."""
        return Counter(s.name.short for s in self.support.values())


@dataclass(slots=True)
class DomainPlan:
    id: str
    name: str
    line: int
    by_env: dict[str, dict[str, str]] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {norm(self.name)} | {norm(v["name"]) for v in self.by_env.values() if "name" in v}


@dataclass(slots=True)
class Catalog:
    columns: ColumnSet
    domains: dict[str, DomainPlan] = field(default_factory=dict)
    features: dict[str, FeaturePlan] = field(default_factory=dict)
    orders: dict[str, list[str]] = field(default_factory=dict)
    domain_words: set[str] = field(default_factory=set)  # every domain label on the page
    index: dict[tuple[str, Words | str], list[FeaturePlan]] = field(default_factory=dict)
    in_domain: dict[str, set[str]] = field(default_factory=dict)  # domain id -> feature names
    domain_ids: IdPool = field(default_factory=IdPool)
    blanked: set[tuple[str, str, Hashable]] = field(default_factory=set)  # see build._support
    by_name: dict[str, list[DomainPlan]] = field(default_factory=dict)  # norm(name) -> domains

    def name_domain(self, dom: DomainPlan, name: str) -> None:
        found = self.by_name.setdefault(norm(name), [])
        if dom not in found:
            found.append(dom)
            order = {d: i for i, d in enumerate(self.domains)}
            found.sort(key=lambda d: order[d.id])

    def named(self, name: str) -> list[DomainPlan]:
        return self.by_name.get(norm(name), [])

    def domain_named(self, name: str, line: int) -> DomainPlan:
        found = self.named(name)
        return found[0] if found else self.new_domain(name, line)

    def new_domain(self, name: str, line: int) -> DomainPlan:
        dom = DomainPlan(self.domain_ids.take(name, "domain"), name, line)
        self.domains[dom.id] = dom
        self.name_domain(dom, name)
        return dom

    def key(self, name: str) -> NameKey:
        return name_key(name, self.domain_words)

    def add(self, feature: FeaturePlan) -> None:
        self.features[feature.id] = feature
        self.learn(feature, feature.name)

    def learn(self, feature: FeaturePlan, name: str) -> None:
        """Make `feature` findable by every form of `name`."""
        if name == PLACEHOLDER:
            return
        found = self.key(name)
        if found in feature.keys:
            return
        feature.keys.append(found)
        self.in_domain.setdefault(feature.domain, set()).add(found.full)
        for probe in _forms(found, indexing=True):
            members = self.index.setdefault(probe, [])
            if feature not in members:
                members.append(feature)

    def candidates(self, found: NameKey) -> Iterator[tuple[FeaturePlan, str]]:
        """Features a name may be, best first, with how they match: `same` (the same words),
        `bare` (one of them has a parenthetical the other has not) or `inner` (one is the
        other's parenthetical: only within one domain)."""
        for probe, how in _probes(found):
            for feature in self.index.get(probe, ()):
                yield feature, how


def _forms(found: NameKey, indexing: bool) -> Iterator[tuple[str, Words | str]]:
    yield ("t", found.tokens) if found.tokens else ("f", found.full)
    if indexing and found.bare:
        yield ("b", found.bare)
    if indexing and found.inner:
        yield ("i", found.inner)


def _probes(found: NameKey) -> Iterator[tuple[tuple[str, Words | str], str]]:
    if not found.tokens:
        yield ("f", found.full), "same"
        return
    yield ("t", found.tokens), "same"
    if found.bare:
        yield ("t", found.bare), "bare"
    yield ("b", found.tokens), "bare"
    if found.inner:
        yield ("t", found.inner), "inner"
    yield ("i", found.tokens), "inner"
