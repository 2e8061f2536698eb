"""Where each node stands: its section, or its tab, and the headings above it there.

A page is cut into sections at its top headings (level 2 under a level-1 title), and tab groups
(`### [Azure](#tab/azure)` ... `---`) cut it further: the same tab in several groups is one
place (one environment), whether the groups write the same label or link the same tab id
(`[Azure](#tab/azure)` and `[Azure VMs](#tab/azure)`). Tab groups that are never closed close at
the next heading of their level or above, with a warning.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from generator.importer.ids import norm
from generator.importer.parse import Heading, Node, TabEnd
from generator.importer.report import Report


@dataclass(frozen=True, slots=True)
class Ctx:
    key: Hashable  # ("top",), ("sec", line) or ("tab", label)
    name: str | None  # the section heading or the tab label
    heading: Heading | None  # the section (or tab) heading
    parent: Heading | None  # tabs: the heading the tab group stands under
    subheads: tuple[Heading, ...]  # deeper headings above the node, within the section or tab

    @property
    def is_tab(self) -> bool:
        return self.heading is not None and self.heading.tab is not None

    @property
    def nearest_heading(self) -> Heading | None:
        """The heading a table stands under: its own subheading, else the section's or group's."""
        if self.subheads:
            return self.subheads[-1]
        return self.parent if self.is_tab else self.heading

    @property
    def nearest(self) -> str | None:
        heading = self.nearest_heading
        return heading.text if heading else None


@dataclass(frozen=True, slots=True)
class Placed:
    node: Node
    ctx: Ctx


@dataclass(frozen=True, slots=True)
class Structure:
    title: Heading | None
    placed: tuple[Placed, ...]


@dataclass(slots=True)
class _Region:
    key: Hashable
    heading: Heading | None
    parent: Heading | None = None
    opened: int = 0  # tabs: the line of the group's first tab
    subheads: list[Heading] = field(default_factory=list)

    def ctx(self) -> Ctx:
        name = self.heading.text if self.heading else None
        return Ctx(self.key, name, self.heading, self.parent, tuple(self.subheads))

    def push(self, heading: Heading) -> None:
        while self.subheads and self.subheads[-1].level >= heading.level:
            self.subheads.pop()
        self.subheads.append(heading)

    def deepest(self) -> Heading | None:
        return self.subheads[-1] if self.subheads else self.heading


def place(nodes: Sequence[Node], report: Report) -> Structure:
    headings = [n for n in nodes if isinstance(n, Heading)]
    title = headings[0] if headings and headings[0].level == 1 else None
    levels = [h.level for h in headings if h is not title and h.tab is None]
    top = min(levels, default=2)
    section = _Region(("top",), None)
    tab: _Region | None = None
    placed: list[Placed] = []
    tabs = _TabKeys()
    for node in nodes:
        if node is title:
            continue
        if isinstance(node, TabEnd):
            tab = None
            continue
        if isinstance(node, Heading):
            section, tab = _heading(node, section, tab, top, tabs, report)
        placed.append(Placed(node, (tab or section).ctx()))
    if tab is not None:
        report.warn(tab.opened, "tab-unclosed", "tab group not closed with '---'")
    return Structure(title, tuple(placed))


class _TabKeys:
    """One key per tab, whether groups repeat its label or its tab id."""

    def __init__(self) -> None:
        self.by_label: dict[str, Hashable] = {}
        self.by_id: dict[str, Hashable] = {}

    def key(self, label: str, tab_id: str | None) -> Hashable:
        found = self.by_label.get(norm(label)) or (self.by_id.get(tab_id) if tab_id else None)
        key = found or ("tab", norm(label))
        self.by_label.setdefault(norm(label), key)
        if tab_id:
            self.by_id.setdefault(tab_id, key)
        return key


def _heading(
    h: Heading, section: _Region, tab: _Region | None, top: int, tabs: _TabKeys, report: Report
) -> tuple[_Region, _Region | None]:
    if h.tab is not None:
        same = tab is not None and tab.heading is not None and tab.heading.level == h.level
        parent = tab.parent if tab is not None and same else section.deepest()
        opened = tab.opened if tab is not None and same else h.line
        return section, _Region(tabs.key(h.tab, h.tab_id), h, parent, opened)
    if tab is not None and tab.heading is not None:
        if h.level > tab.heading.level:
            tab.push(h)
            return section, tab
        report.warn(
            h.line,
            "tab-unclosed",
            f"tab group opened at line {tab.opened} is not closed with '---'; "
            "it ends at this heading",
        )
    if h.level <= top:
        return _Region(("sec", h.line), h), None
    section.push(h)
    return section, None
