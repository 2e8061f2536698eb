"""Every page's blocks, top to bottom, in the order the page had them.

A heading with prose under it becomes a section (a heading with no prose of its own is joined to
the next one's title: "Network restrictions: Outbound proxy support"); prose under no heading a
text block; a topic table (`Aspect | Details` as text) a list in that prose (`- **Aspect**:
details`); a callout a callout; a footnote definition no citation reaches a text block where it
stood, its marker as written; `[!INCLUDE]` and `:::image` lines a text block showing the line.
The index page gets `{environments: true}` after the page's opening blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.cells import Converter
from generator.importer.envs import INDEX, Plan
from generator.importer.footnotes import literal
from generator.importer.ids import IdPool
from generator.importer.notes import Notes
from generator.importer.parse import Callout, Directive, FootnoteDef, Heading, Prose
from generator.importer.references import RefSet
from generator.importer.report import Report
from generator.importer.structure import Placed, Structure
from generator.importer.tables import Table

Block = dict[str, Any]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """Text shown exactly as written: a code span, or a fenced block for several lines."""
    if "\n" in text:
        fence = "~~~~" if "~~~" in text else "~~~"
        return f"{fence}\n{text}\n{fence}"
    ticks = "`" * (max((len(t) for t in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}"


@dataclass(slots=True)
class Registry:
    """Callouts and sections, each written once however many pages place it."""

    callouts: dict[str, dict[str, str]] = field(default_factory=dict)
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    _callout_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    _section_ids: dict[str, str] = field(default_factory=dict)
    _callout_pool: IdPool = field(default_factory=IdPool)
    _section_pool: IdPool = field(default_factory=IdPool)

    def callout(self, kind: str, text: str) -> str:
        key = (kind, text)
        if key not in self._callout_ids:
            cid = self._callout_pool.take(f"{kind} {text}", "callout")
            self._callout_ids[key], self.callouts[cid] = cid, {"kind": kind, "text": text}
        return self._callout_ids[key]

    def section(self, title: str, body: str) -> Block:
        sid = self._section_ids.get(body)
        if sid is None:
            sid = self._section_pool.take(title, "section")
            self._section_ids[body], self.sections[sid] = sid, {"title": title, "body": body}
        block: Block = {"section": sid}
        if self.sections[sid]["title"] != title:
            block["title"] = title
        return block


class _PageBuilder:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.blocks: list[Block] = []
        self.pending: list[Heading] = []
        self.section: tuple[str, list[str]] | None = None
        self.text: list[str] = []

    def heading(self, h: Heading, consumed: bool) -> None:
        self.flush()
        self._bold([p for p in self.pending if p.level >= h.level])
        self.pending = [p for p in self.pending if p.level < h.level]
        if not consumed:
            self.pending.append(h)

    def prose(self, markdown: str) -> None:
        if self.pending:
            self.flush()
            self.section = (": ".join(p.text for p in self.pending), [markdown])
            self.pending = []
        elif self.section is not None:
            self.section[1].append(markdown)
        else:
            self.text.append(markdown)

    def block(self, block: Block) -> None:
        self.flush()
        self._bold(self.pending)
        self.pending = []
        self.blocks.append(block)

    def flush(self) -> None:
        if self.section is not None:
            title, parts = self.section
            self.blocks.append(self.registry.section(title, "\n\n".join(parts)))
            self.section = None
        if self.text:
            self.blocks.append({"text": "\n\n".join(self.text)})
            self.text = []

    def finish(self) -> list[Block]:
        self.flush()
        self._bold(self.pending)
        self.pending = []
        return self.blocks

    def _bold(self, headings: list[Heading]) -> None:
        for h in headings:
            self.blocks.append({"text": f"**{md_escape(h.text)}**"})


def page_blocks(
    structure: Structure,
    plan: Plan,
    refs: RefSet,
    notes: Notes,
    conv: Converter,
    report: Report,
) -> tuple[dict[str, list[Block]], Registry]:
    registry = Registry()
    builders = {INDEX: _PageBuilder(registry)} | {e.id: _PageBuilder(registry) for e in plan.envs}
    shown_envs: set[str] = set()
    environments_at: int | None = None
    for placed in structure.placed:
        page = plan.page_of[id(placed)]
        if page == INDEX and placed.ctx.key != ("top",) and environments_at is None:
            builders[INDEX].block({"environments": True})
            environments_at = len(builders[INDEX].blocks)
        _node(placed, builders[page], plan, refs, notes, conv, report, shown_envs)
    if environments_at is None:
        builders[INDEX].block({"environments": True})
    pages = {page: b.finish() for page, b in builders.items()}
    for env in plan.envs:  # environments of a pivoted table, on pages of their own
        if env.id not in shown_envs:
            pages[env.id].insert(0, {"features": True})
    return pages, registry


def _node(
    placed: Placed,
    page: _PageBuilder,
    plan: Plan,
    refs: RefSet,
    notes: Notes,
    conv: Converter,
    report: Report,
    shown_envs: set[str],
) -> None:
    node = placed.node
    if isinstance(node, Heading):
        page.heading(node, node.line in plan.consumed)
    elif isinstance(node, Table):
        env = plan.table_env.get(id(placed))
        if id(placed) in refs.by_placed:
            page.block({"reference": refs.by_placed[id(placed)]})
        elif env is None:
            page.prose(topic_list(node, conv))
        elif env not in shown_envs:
            shown_envs.add(env)
            page.block({"features": True})
        _extra_cells(node, page, conv)
    elif isinstance(node, Callout):
        text = conv.prose(node.source, node.line)
        if text.strip():
            page.block({"callout": page.registry.callout(node.kind, text)})
            report.count("callout-placements")
        else:
            report.warn(node.line, "callout-empty", f"[!{node.kind.upper()}] callout has no text")
    elif isinstance(node, Prose):
        text = node.source if node.verbatim else conv.prose(node.source, node.line)
        if text.strip():
            page.prose(text)
    elif isinstance(node, FootnoteDef):
        if node.line not in notes.consumed:
            report.count("footnotes-as-text")
            report.note(
                node.line,
                "footnote-as-text",
                f"footnote '{node.label}' kept as a paragraph where it stands: no feature name or "
                "reference label on this page cites it with the number the site gives it",
            )
            page.prose(f"{literal(node.label)} {conv.prose(node.source, node.line)}".strip())
    elif isinstance(node, Directive):
        first = node.source.splitlines()[0].strip()
        report.warn(
            node.line,
            "directive-kept",
            f"'{first}' cannot be resolved here; kept as written, shown as code",
        )
        page.block({"text": code(node.source.strip())})


def topic_list(table: Table, conv: Converter) -> str:
    """A topic table as a list: `- **Aspect**: details`."""
    items = []
    for row in table.rows:
        aspect = conv.inline(row.cells[0], row.line)
        details = conv.inline(row.cells[1], row.line)
        head = f"**{aspect}**" if aspect and "*" not in aspect else aspect
        items.append(f"- {head}: {details}" if details else f"- {head}")
    return "\n".join(items)


def _extra_cells(table: Table, page: _PageBuilder, conv: Converter) -> None:
    rows = [r for r in table.rows if r.extra]
    if rows:
        lines = [
            f"- Line {r.line}: " + " | ".join(conv.inline(c, r.line) for c in r.extra) for r in rows
        ]
        page.block(
            {"text": "Cells past the table's last column, as written:\n\n" + "\n".join(lines)}
        )
