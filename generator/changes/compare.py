"""Semantic diff: what changed between two versions of the data, by id, as a reader sees it.

`compare(old, new)` matches matrices, features, environments, columns, footnotes, callouts,
lists, references and sections by id. A feature whose new entry lists an old id in
`former_ids` is the same feature, renamed. Each difference is one `Change`: what kind of thing
changed and how, where it is in the data (`path`), the values shown before and after (labels,
not ids), and one line of Markdown saying it. Cells are compared by their column's kind (a
multi choice as a set, a version by its meaning). A new matrix lists its environments and
features as added; a removed matrix is one change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from generator.changes.model import Action, Change, Diff, MatrixDiff
from generator.columns import kind
from generator.model import Cell, Column, Feature, Matrix, Reference, Support
from generator.vocabulary import ABSENCES, BLANK, NOT_APPLICABLE, STATES

T = TypeVar("T")


def compare(old: Sequence[Matrix], new: Sequence[Matrix]) -> Diff:
    """Every difference between two sets of matrices, matched by id."""
    before = {m.id: m for m in old}
    after = {m.id: m for m in new}
    found = [_matrix(before.get(m.id), m) for m in new]
    found += [_matrix(m, None) for m in old if m.id not in after]
    return Diff(tuple(d for d in found if d.changes))


def _matrix(old: Matrix | None, new: Matrix | None) -> MatrixDiff:
    if new is None:
        assert old is not None
        text = f"Removed matrix **{old.title}** (`{old.id}`)"
        return MatrixDiff(old.id, old.title, (Change(old.id, "matrix", Action.REMOVED, "", text),))
    if old is None:
        # Nothing to compare with: the matrix, its environments and its rows are new.
        nothing: Mapping[str, Any] = {}
        differ = _Differ(replace(new, environments=nothing, features=nothing), new)
        text = f"Added matrix **{new.title}** (`{new.id}`)"
        added = Change(new.id, "matrix", Action.ADDED, "", text)
        rows = (added, *differ.records("environment"), *differ.features())
        return MatrixDiff(new.id, new.title, rows)
    d = _Differ(old, new)
    found = d.header() + d.records("column", "domain", "environment") + d.features()
    found += d.records("footnote", "callout", "list") + d.list_items()
    found += d.records("reference", "section")
    return MatrixDiff(new.id, new.title, tuple(found))


def _line(value: object) -> str:
    """A value on one line, as Markdown bullets need."""
    return " ".join(str(value).split()) if value not in (None, "") else "(none)"


def _arrow(old: object, new: object) -> str:
    return f"{_line(old)} → {_line(new)}"


Fields = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class _Kind:
    """How to compare one kind of id-keyed record."""

    attr: str  # the matrix's mapping of them
    name: Callable[[str, Any], str]  # how one is named in a change's text
    fields: Callable[[Any], Fields]  # what is compared
    shows: str | None = None  # the field an added or removed one shows


_KINDS = {
    "column": _Kind(
        "columns",
        lambda k, c: f"column **{c.header}** (`{k}`)",
        lambda c: (
            {"header": c.header, "type": c.type}
            | {f"values.{v}": label for v, label in c.values.items()}
        ),
    ),
    "domain": _Kind(
        "domains", lambda k, d: f"domain **{d.name}** (`{k}`)", lambda d: {"name": d.name}
    ),
    "environment": _Kind(
        "environments",
        lambda k, e: f"environment **{e.name}** (`{k}`)",
        lambda e: {
            "name": e.name,
            "title": e.title,
            "columns": ", ".join(s.header for s in e.columns),
        },
    ),
    "footnote": _Kind("footnotes", lambda k, _: f"footnote `{k}`", lambda t: {"text": t}, "text"),
    "callout": _Kind(
        "callouts",
        lambda k, c: f"{c.kind} callout `{k}`",
        lambda c: {"kind": c.kind, "title": c.title, "text": c.text, "deadline": c.deadline},
        "text",
    ),
    "list": _Kind(
        "lists", lambda k, x: f"list **{x.title}** (`{k}`)", lambda x: {"title": x.title}
    ),
    "reference": _Kind(
        "references",
        lambda k, r: f"reference table **{r.title}** (`{k}`)",
        lambda r: {"title": r.title, "headers": " | ".join(r.headers), "rows": _rows(r)},
    ),
    "section": _Kind(
        "sections",
        lambda k, s: f"section **{s.title}** (`{k}`)",
        lambda s: {"title": s.title, "body": s.body, "list": s.list, "footer": s.footer},
        "body",
    ),
}


class _Differ:
    """The changes of one matrix."""

    def __init__(self, old: Matrix, new: Matrix) -> None:
        self.old, self.new, self.id = old, new, new.id

    def change(self, thing: str, action: Action, path: str, text: str, **kw: Any) -> Change:
        return Change(self.id, thing, action, path, text, **kw)

    def fields(
        self, thing: str, path: str, subject: str, old: Fields, new: Fields, **kw: Any
    ) -> list[Change]:
        """A `changed` change for each field that differs: `Subject · field: old → new`, or
        `Changed subject: old → new` for things that are only a text (footnotes, list items)."""
        out = []
        for name in dict.fromkeys([*old, *new]):
            o, n = old.get(name), new.get(name)
            if o != n:
                where = f"{path}.{name}" if path else name
                if set(old) == {"text"}:  # the record is its text: the path is the record's
                    text, where = f"Changed {subject}: {_arrow(o, n)}", path
                else:
                    text = f"{subject[0].upper()}{subject[1:]} · {name}: {_arrow(o, n)}"
                values = {"field": name, "old": _line(o), "new": _line(n)}
                out.append(self.change(thing, Action.CHANGED, where, text, **values, **kw))
        return out

    def keyed(
        self, thing: str, path: str, old: Mapping[str, T], new: Mapping[str, T], kind: _Kind
    ) -> list[Change]:
        """Added, changed, then removed entries of two id-keyed mappings."""
        out: list[Change] = []
        for key, value in new.items():
            if key in old:
                before, after = kind.fields(old[key]), kind.fields(value)
                out += self.fields(thing, f"{path}.{key}", kind.name(key, value), before, after)
            else:
                out.append(self.one(thing, Action.ADDED, f"{path}.{key}", value, kind))
        for key, value in old.items():
            if key not in new:
                out.append(self.one(thing, Action.REMOVED, f"{path}.{key}", value, kind))
        return out

    def one(self, thing: str, action: Action, path: str, value: object, kind: _Kind) -> Change:
        """An added or removed record: its name, and the field that says most about it."""
        shown = _line(kind.fields(value)[kind.shows]) if kind.shows else None
        text = f"{action.value.capitalize()} {kind.name(path.rsplit('.', 1)[1], value)}"
        side = "new" if action is Action.ADDED else "old"
        return self.change(
            thing, action, path, f"{text}: {shown}" if shown else text, **{side: shown}
        )

    def records(self, *things: str) -> list[Change]:
        """Changes of the id-keyed records of each kind in `things` (see _KINDS)."""
        out: list[Change] = []
        for thing in things:
            kind = _KINDS[thing]
            old, new = getattr(self.old, kind.attr), getattr(self.new, kind.attr)
            found = self.keyed(thing, kind.attr, old, new, kind)
            if thing == "environment":
                found = [replace(c, environment=c.path.split(".")[1]) for c in found]
            out += found
        return out

    def list_items(self) -> list[Change]:
        out: list[Change] = []
        for key, refs in self.new.lists.items():
            if key in self.old.lists:
                title = refs.title

                def name(item: str, _: object, title: str = title) -> str:
                    return f"item `{item}` of list **{title}**"

                kind = _Kind("items", name, lambda text: {"text": text}, "text")
                old = self.old.lists[key].items
                out += self.keyed("list-item", f"lists.{key}.items", old, refs.items, kind)
        return out

    def header(self) -> list[Change]:
        o, n = self.old, self.new
        header = ({"title": m.title, "description": m.description} for m in (o, n))
        found = self.fields("matrix", "", "Matrix", *header)
        labels = [{s: m.state_labels.get(s) for s in STATES} for m in (o, n)]
        return found + self.fields("state-label", "state_labels", "State labels", *labels)

    # --- features, their rows and cells ------------------------------------------------

    def features(self) -> list[Change]:
        old, new = self.old.features, self.new.features
        renamed = _renames(old, new)
        out: list[Change] = []
        for fid, feature in new.items():
            was = fid if fid in old else renamed.get(fid)
            if was is not None:
                out += self.feature(old[was], feature)
                continue
            envs = ", ".join(self.env_name(e) for e in feature.support) or "no environment"
            text = f"Added feature **{feature.name}** (`{fid}`) in {envs}"
            kw = {"new": feature.name, "feature_id": fid}
            out.append(self.change("feature", Action.ADDED, f"features.{fid}", text, **kw))
        for fid, feature in old.items():
            if fid not in new and fid not in renamed.values():
                text = f"Removed feature **{feature.name}** (`{fid}`)"
                kw = {"old": feature.name, "feature_id": fid}
                out.append(self.change("feature", Action.REMOVED, f"features.{fid}", text, **kw))
        return out

    def env_name(self, env_id: str) -> str:
        env = self.new.environments.get(env_id) or self.old.environments.get(env_id)
        return env.name if env else env_id

    def feature(self, o: Feature, n: Feature) -> list[Change]:
        path, out = f"features.{n.id}", []
        if o.id != n.id:
            text = f"Renamed feature `{o.id}` → `{n.id}` (**{n.name}**)"
            kw = {"field": "id", "old": o.id, "new": n.id, "feature_id": n.id}
            out.append(self.change("feature", Action.RENAMED, path, text, **kw))
        if o.name != n.name:
            text = f"Renamed feature **{o.name}** → **{n.name}**"
            kw = {"field": "name", "old": o.name, "new": n.name, "feature_id": n.id}
            out.append(self.change("feature", Action.RENAMED, f"{path}.name", text, **kw))
        compared = (_feature_fields(m, f) for m, f in ((self.old, o), (self.new, n)))
        out += self.fields("feature", path, f"**{n.name}**", *compared, feature_id=n.id)
        for env_id in dict.fromkeys([*n.support, *o.support]):
            out += self.row(o, n, env_id)
        return out

    def row(self, o: Feature, n: Feature, env_id: str) -> list[Change]:
        """One feature's row in one environment's table."""
        if env_id not in self.new.environments or env_id not in self.old.environments:
            return []  # the environment's own change says it
        where: dict[str, Any] = {"feature_id": n.id, "environment": env_id}
        subject = f"**{n.name}** · {self.env_name(env_id)}"
        path = f"features.{n.id}.support.{env_id}"
        if env_id not in o.support or env_id not in n.support:
            listed = env_id in n.support
            action = Action.ADDED if listed else Action.REMOVED
            text = f"{subject}: {'now listed' if listed else 'no longer listed'}"
            return [self.change("support", action, path, text, **where)]
        support = (_support_fields(f.support[env_id]) for f in (o, n))
        return self.fields("support", path, subject, *support, **where) + self.cells(o, n, env_id)

    def cells(self, o: Feature, n: Feature, env_id: str) -> list[Change]:
        out = []
        old_columns = {s.column.id for s in self.old.environments[env_id].columns}
        for shown in self.new.environments[env_id].columns:
            col = shown.column
            if col.id not in old_columns or kind(col).derived:
                continue
            before, after = o.cell(env_id, col.id), n.cell(env_id, col.id)
            old_col = self.old.columns[col.id]
            if _same((self.old, old_col, before), (self.new, col, after)):
                continue
            ov, nv = _shown(self.old, old_col, before), _shown(self.new, col, after)
            words = _arrow(ov, nv)
            if old_col.type == col.type and before.value != after.value:
                words = kind(col).change(before.value, after.value, _line(ov), _line(nv))
            text = f"**{n.name}** · {self.env_name(env_id)} · {shown.header}: {words}"
            path = f"features.{n.id}.support.{env_id}.cells.{col.id}"
            kw = {"field": col.id, "old": ov, "new": nv, "feature_id": n.id, "environment": env_id}
            out.append(self.change("cell", Action.CHANGED, path, text, **kw))
        return out


def _feature_fields(matrix: Matrix, feature: Feature) -> Fields:
    domain = matrix.domains.get(feature.domain)
    return {
        "domain": domain.name if domain else feature.domain,
        "link": feature.link,
        "aliases": ", ".join(feature.aliases),
        "callouts": ", ".join(feature.callouts),
    }


def _support_fields(support: Support) -> Fields:
    return {
        "name": support.name,
        "footnotes": ", ".join(support.footnotes),
        "references": ", ".join(r.text for r in support.references),
    }


def _rows(ref: Reference) -> str:
    """A reference table's rows on one line: `aspect: label (list: items), ...; ...`."""
    return "; ".join(
        f"{row.aspect}: "
        + ", ".join(f"{g.label} ({g.list}: {' '.join(g.items)})" for g in row.groups)
        for row in ref.rows
    )


def _renames(old: Mapping[str, Feature], new: Mapping[str, Feature]) -> dict[str, str]:
    """new id -> old id, for new features whose `former_ids` name a feature that is gone."""
    found: dict[str, str] = {}
    for fid, feature in new.items():
        if fid in old:
            continue
        for former in feature.former_ids:
            if former in old and former not in new and former not in found.values():
                found[fid] = former
                break
    return found


def _same(old: tuple[Matrix, Column, Cell], new: tuple[Matrix, Column, Cell]) -> bool:
    """Whether two cells say the same: the same note, and values that the column's kind finds
    equal (a multi choice as a set, a version by its meaning); across a change of kind, the
    same words shown."""
    (_, old_col, a), (_, new_col, b) = old, new
    if a.note != b.note:
        return False
    if old_col.type != new_col.type:
        return _shown(*old) == _shown(*new)
    if a.value in (NOT_APPLICABLE, BLANK) or b.value in (NOT_APPLICABLE, BLANK):
        return a.value == b.value
    return kind(new_col).same(new_col, a.value, b.value)


def _shown(matrix: Matrix, column: Column, cell: Cell) -> str:
    """A cell as its table shows it: a state's label, a choice's labels, the text; its note."""
    value = cell.value
    if value == NOT_APPLICABLE:
        shown = f"{NOT_APPLICABLE} ({ABSENCES['not-applicable'].words.lower()})"
    elif value == BLANK:
        shown = f"({ABSENCES['blank'].words.lower()})"
    else:
        shown = kind(column).text(matrix, column, value)
        absence = ABSENCES.get(str(value))
        if absence and not any(ch.isalnum() for ch in shown):  # "-" alone says nothing
            shown = f"{shown} ({absence.words.lower()})"
    return f"{_line(shown)} ({cell.note})" if cell.note else _line(shown)
