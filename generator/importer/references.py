"""Aspect/Details tables -> `references` built from shared `lists`.

Each row's details are labelled groups of bullets; every bullet becomes an item of the list named
by the row's aspect (one list per aspect across the page, an item written once however many
tables show it), and each group picks its items from that list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.importer.cells import Converter
from generator.importer.footnotes import Marker, literalize
from generator.importer.ids import IdPool, anchor_key, norm
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER, groups
from generator.importer.structure import Placed
from generator.importer.tables import Table

DEFAULT_HEADERS = ("Aspect", "Details")


@dataclass(slots=True)
class GroupPlan:
    label: str
    markers: tuple[Marker, ...]
    list_id: str
    items: list[str]
    line: int
    footnotes: list[str] = field(default_factory=list)
    literal: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefPlan:
    id: str
    title: str
    headers: tuple[str, str]
    rows: list[tuple[str, list[GroupPlan]]]


@dataclass(slots=True)
class ListPlan:
    id: str
    title: str
    items: dict[str, str] = field(default_factory=dict)  # id -> Markdown
    by_text: dict[str, str] = field(default_factory=dict)  # Markdown -> id
    pool: IdPool = field(default_factory=IdPool)

    def item(self, text: str, conv: Converter) -> str:
        if text not in self.by_text:
            item_id = self.pool.take(conv.plain(text), "item")
            self.by_text[text], self.items[item_id] = item_id, text
        return self.by_text[text]


@dataclass(slots=True)
class RefSet:
    refs: list[RefPlan] = field(default_factory=list)
    lists: dict[str, ListPlan] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)  # heading anchor -> reference id
    by_placed: dict[int, str] = field(default_factory=dict)


def build(placed_refs: list[Placed], conv: Converter, report: Report) -> RefSet:
    out = RefSet()
    ref_ids, list_ids = IdPool(), IdPool()
    by_aspect: dict[str, ListPlan] = {}
    for placed in placed_refs:
        table = placed.node
        assert isinstance(table, Table)
        title = placed.ctx.nearest or PLACEHOLDER
        ref_id = ref_ids.take(title, "reference")
        headers = (
            conv.plain(table.header[0]) or PLACEHOLDER,
            conv.plain(table.header[1]) or PLACEHOLDER,
        )
        rows = []
        for row in table.rows:
            aspect = conv.plain(literalize(row.cells[0], markdown=False)) or PLACEHOLDER
            lst = by_aspect.get(norm(aspect))
            if lst is None:
                lst = ListPlan(list_ids.take(aspect, "list"), aspect)
                by_aspect[norm(aspect)] = out.lists[lst.id] = lst
            found = groups(row.cells[1], row.line, conv, report) or []
            plans = [
                GroupPlan(
                    g.label, g.markers, lst.id, [lst.item(i, conv) for i in g.items], row.line
                )
                for g in found
            ]
            rows.append((aspect, plans))
        out.refs.append(RefPlan(ref_id, title, headers, rows))
        out.anchors.setdefault(anchor_key(title), ref_id)
        out.by_placed[id(placed)] = ref_id
    return out
