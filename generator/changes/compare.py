"""Semantic diff: what changed between two versions of the data, as a reader sees it.

`compare(old, new)` matches matrices by id, then the things inside them by id, name or content
(`pairing`), so a rename reads as a rename with the changes inside it, not as a removal and an
addition; an old feature that a new one names in `former_ids` is joined into it. Each
difference is one `Change`: what changed and how, where it is in the data (`path`), the values
shown before and after (labels, not ids), and one line of Markdown saying it. Cells are
compared by what they say (`cells`). A new matrix lists its environments and features as
added; a removed matrix is one change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from generator.changes.cells import arrow as _arrow
from generator.changes.cells import line as _line
from generator.changes.cells import reference_rows as _rows
from generator.changes.cells import same as _same
from generator.changes.cells import shown as _shown
from generator.changes.escape import text as _t
from generator.changes.model import Action, Change, Diff, MatrixDiff
from generator.changes.pairing import ATTRS, Pairs
from generator.columns import kind
from generator.model import Feature, Matrix, Support
from generator.vocabulary import STATES

T = TypeVar("T")


def compare(old: Sequence[Matrix], new: Sequence[Matrix]) -> Diff:
    """Every difference between two sets of matrices (matrices matched by id)."""
    before = {m.id: m for m in old}
    after = {m.id: m for m in new}
    found = [_matrix(before.get(m.id), m) for m in new]
    found += [_matrix(m, None) for m in old if m.id not in after]
    return Diff(tuple(d for d in found if d.changes))


def _matrix(old: Matrix | None, new: Matrix | None) -> MatrixDiff:
    if new is None:
        assert old is not None
        text = f"Removed matrix **{_t(old.title)}** (`{old.id}`)"
        return MatrixDiff(old.id, old.title, (Change(old.id, "matrix", Action.REMOVED, "", text),))
    if old is None:
        # Nothing to compare with: the matrix, its environments and its rows are new.
        nothing: Mapping[str, Any] = {}
        differ = _Differ(replace(new, environments=nothing, features=nothing), new)
        text = f"Added matrix **{_t(new.title)}** (`{new.id}`)"
        added = Change(new.id, "matrix", Action.ADDED, "", text)
        rows = (added, *differ.records("environment"), *differ.features())
        return MatrixDiff(new.id, new.title, rows)
    d = _Differ(old, new)
    found = d.header() + d.records("column", "domain", "environment") + d.features()
    found += d.records("footnote", "callout", "list") + d.list_items()
    found += d.records("reference", "section")
    return MatrixDiff(new.id, new.title, tuple(found))


Fields = Mapping[str, object]


def _nothing(_: object) -> Fields:
    return {}


@dataclass(frozen=True, slots=True)
class _Kind:
    """How to compare one kind of record kept by id."""

    name: Callable[[str, Any], str]  # how one is named in a change's text
    fields: Callable[[Any], Fields]  # what is compared
    shows: str | None = None  # the field an added or removed one shows
    title: Callable[[Any], str] | None = None  # its name, when a new one is a rename


_KINDS = {
    "column": _Kind(
        lambda k, c: f"column **{_t(c.header)}** (`{k}`)",
        lambda c: {"type": c.type} | {f"values.{v}": label for v, label in c.values.items()},
        title=lambda c: c.header,
    ),
    "domain": _Kind(
        lambda k, d: f"domain **{_t(d.name)}** (`{k}`)", _nothing, title=lambda d: d.name
    ),
    "environment": _Kind(
        lambda k, e: f"environment **{_t(e.name)}** (`{k}`)",
        lambda e: {"title": e.title if e.title != e.name else None},
        title=lambda e: e.name,
    ),
    "footnote": _Kind(lambda k, _: f"footnote `{k}`", lambda t: {"text": t}, "text"),
    "callout": _Kind(
        lambda k, c: f"{c.kind} callout `{k}`",
        lambda c: {"kind": c.kind, "title": c.title, "text": c.text, "deadline": c.deadline},
        "text",
    ),
    "list": _Kind(lambda k, x: f"list **{_t(x.title)}** (`{k}`)", lambda x: {"title": x.title}),
    "reference": _Kind(
        lambda k, r: f"reference table **{_t(r.title)}** (`{k}`)",
        lambda r: {"title": r.title, "headers": " | ".join(r.headers), "rows": _rows(r)},
    ),
    "section": _Kind(
        lambda k, s: f"section **{_t(s.title)}** (`{k}`)",
        lambda s: {"title": s.title, "body": s.body, "list": s.list, "footer": s.footer},
        "body",
    ),
}


class _Differ:
    """The changes of one matrix."""

    def __init__(self, old: Matrix, new: Matrix) -> None:
        self.old, self.new, self.id = old, new, new.id
        self.paired = Pairs(old, new)
        self.pairs = self.paired.of  # thing -> new id -> old id
        self.was = self.paired.was
        gone = set(old.features) - set(self.pairs["feature"].values())
        self.joined = {  # old feature id -> the new feature that names it as a former id
            x: k for k, f in new.features.items() if k in self.pairs["feature"]
            for x in f.former_ids if x in gone
        }  # fmt: skip

    def _joined(self, new_id: str) -> list[Feature]:
        return [self.old.features[x] for x, k in self.joined.items() if k == new_id]

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
        self, thing: str, path: str, old: Mapping[str, T], new: Mapping[str, T], kind_: _Kind
    ) -> list[Change]:
        """Added, renamed, changed, then removed records of two mappings kept by id."""
        pairs: dict[str, str] = self.pairs.get(thing, {})
        out: list[Change] = []
        followed = self.paired.renamed_columns() if thing == "column" else (set(), set())
        for key, value in new.items():
            was = key if key in old else pairs.get(key)
            if was is None and key not in followed[1]:
                out.append(self.one(thing, Action.ADDED, f"{path}.{key}", value, kind_))
            if was is None:
                continue
            out += self.renamed(thing, kind_, f"{path}.{key}", (was, key), (old[was], value))
            before, after = kind_.fields(old[was]), kind_.fields(value)
            out += self.fields(thing, f"{path}.{key}", kind_.name(key, value), before, after)
        paired = {pairs.get(k, k) for k in new} | followed[0]
        for key, value in old.items():
            if key not in paired:
                out.append(self.one(thing, Action.REMOVED, f"{path}.{key}", value, kind_))
        return out

    def renamed(
        self, thing: str, kind_: _Kind, path: str, ids: tuple[str, str], values: tuple[Any, Any]
    ) -> list[Change]:
        (was, key), (o, n), title = ids, values, kind_.title
        if title is None or (was == key and title(o) == title(n)):
            return []
        moved = f" (`{was}` → `{key}`)" if was != key else ""
        text = f"Renamed {thing} **{_t(title(o))}** → **{_t(title(n))}**{moved}"
        kw: dict[str, Any] = {"field": "name", "old": title(o), "new": title(n)}
        return [self.change(thing, Action.RENAMED, path, text, **kw)]

    def one(self, thing: str, action: Action, path: str, value: object, kind_: _Kind) -> Change:
        """An added or removed record: its name, and the field that says most about it."""
        shown = _line(kind_.fields(value)[kind_.shows]) if kind_.shows else None
        text = f"{action.value.capitalize()} {kind_.name(path.rsplit('.', 1)[1], value)}"
        side = "new" if action == "added" else "old"
        return self.change(
            thing, action, path, f"{text}: {_t(shown)}" if shown else text, **{side: shown}
        )

    def records(self, *things: str) -> list[Change]:
        """Changes of the records of each kind in `things` (see _KINDS)."""
        out: list[Change] = []
        for thing in things:
            kind_ = _KINDS[thing]
            attr = ATTRS[thing]
            old, new = getattr(self.old, attr), getattr(self.new, attr)
            found = self.keyed(thing, attr, old, new, kind_)
            if thing == "environment":
                found = [replace(c, environment=c.path.split(".")[1]) for c in found]
                found += self.shown_columns()
            out += found
        return out

    def shown_columns(self) -> list[Change]:
        """Columns an environment added, dropped or calls differently (a column renamed
        everywhere is said once, by the column)."""
        out = []
        for env_id, env in self.new.environments.items():
            was = self.was("environment", env_id)
            if was is None:
                continue
            before = {s.column.id: s for s in self.old.environments[was].columns}
            follows = self.paired.columns_in(env_id)
            kept = set(follows.values())
            subject = f"Environment **{_t(env.name)}**"
            for shown in env.columns:
                old = before.get(follows.get(shown.column.id, ""))
                if old is None:
                    text = f"{subject}: added column **{_t(shown.header)}**"
                    out.append(self.shown(env_id, Action.ADDED, text, new=shown.header))
                elif old.header != shown.header and not (
                    old.column.id == self.was("column", shown.column.id)
                    and old.header == old.column.header
                    and shown.header == shown.column.header
                ):
                    text = f"{subject}: column **{_t(old.header)}** → **{_t(shown.header)}**"
                    out.append(
                        self.shown(env_id, Action.RENAMED, text, old=old.header, new=shown.header)
                    )
            for col_id, old in before.items():
                if col_id not in kept:
                    text = f"{subject}: dropped column **{_t(old.header)}**"
                    out.append(self.shown(env_id, Action.REMOVED, text, old=old.header))
        return out

    def shown(self, env_id: str, action: Action, text: str, **kw: Any) -> Change:
        path = f"environments.{env_id}.columns"
        return self.change("environment", action, path, text, environment=env_id, **kw)

    def list_items(self) -> list[Change]:
        out: list[Change] = []
        for key, refs in self.new.lists.items():
            if key in self.old.lists:
                title = refs.title

                def name(item: str, _: object, title: str = title) -> str:
                    return f"item `{item}` of list **{_t(title)}**"

                kind_ = _Kind(name, lambda text: {"text": text}, "text")
                old = self.old.lists[key].items
                out += self.keyed("list-item", f"lists.{key}.items", old, refs.items, kind_)
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
        out: list[Change] = []
        for fid, feature in new.items():
            was = self.was("feature", fid)
            if was is not None:
                out += self.feature(old[was], feature)
                continue
            envs = ", ".join(_t(self.env_name(e)) for e in feature.support) or "no environment"
            text = f"Added feature **{_t(feature.name)}** (`{fid}`) in {envs}"
            kw = {"new": feature.name, "feature_id": fid}
            out.append(self.change("feature", Action.ADDED, f"features.{fid}", text, **kw))
        paired = set(self.pairs["feature"].values())
        for fid, feature in old.items():
            into = self.joined.get(fid)
            if fid in paired:
                continue
            text = f"Removed feature **{_t(feature.name)}** (`{fid}`)"
            kw = {"old": feature.name, "feature_id": into or fid}
            if into is not None:  # its rows are compared with the feature it joined
                text = (
                    f"Joined feature **{_t(feature.name)}** (`{fid}`) into **{_t(new[into].name)}**"
                )
            action = Action.RENAMED if into else Action.REMOVED
            out.append(self.change("feature", action, f"features.{fid}", text, **kw))
        return out

    def env_name(self, env_id: str) -> str:
        env = self.new.environments.get(env_id) or self.old.environments.get(env_id)
        return env.name if env else env_id

    def feature(self, o: Feature, n: Feature) -> list[Change]:
        path, out = f"features.{n.id}", []
        if o.id != n.id:
            text = f"Renamed feature `{o.id}` → `{n.id}` (**{_t(n.name)}**)"
            kw = {"field": "id", "old": o.id, "new": n.id, "feature_id": n.id}
            out.append(self.change("feature", Action.RENAMED, path, text, **kw))
        if o.name != n.name:
            text = f"Renamed feature **{_t(o.name)}** → **{_t(n.name)}**"
            kw = {"field": "name", "old": o.name, "new": n.name, "feature_id": n.id}
            out.append(self.change("feature", Action.RENAMED, f"{path}.name", text, **kw))
        out += self.fields(
            "feature", path, f"**{_t(n.name)}**", *self.feature_fields(o, n), feature_id=n.id
        )
        for env_id in n.support:
            out += self.row(o, n, env_id)
        now = self.paired.now("environment")
        for env_id in o.support:
            new_env = now.get(env_id)
            if new_env is not None and new_env not in n.support:
                where = {"feature_id": n.id, "environment": new_env}
                text = f"**{_t(n.name)}** · {_t(self.env_name(new_env))}: no longer listed"
                at = f"{path}.support.{new_env}"
                out.append(self.change("support", Action.REMOVED, at, text, **where))
        return out

    def feature_fields(self, o: Feature, n: Feature) -> tuple[Fields, Fields]:
        """What is compared of a feature: its domain (as the new side names it), link, callouts,
        and the aliases that are no name of it on either side (a rename or a join says those)."""
        back = self.paired.now("domain")
        domain = self.new.domains.get(back.get(o.domain, ""))
        joined = self._joined(n.id)
        names = {o.name, n.name, *(j.name for j in joined)}
        names |= {s.name for f in (o, n, *joined) for s in f.support.values() if s.name}
        return tuple(  # type: ignore[return-value]
            {
                "domain": name,
                "link": f.link,
                "aliases": ", ".join(a for a in f.aliases if a not in names),
                "callouts": ", ".join(f.callouts),
            }
            for f, name in (
                (o, (domain or self.old.domains[o.domain]).name),
                (n, self.new.domains[n.domain].name),
            )
        )

    def row(self, o: Feature, n: Feature, env_id: str) -> list[Change]:
        """One feature's row in one environment's table."""
        old_env = self.was("environment", env_id)
        if old_env is None:
            return []  # the environment's own change says it
        where: dict[str, Any] = {"feature_id": n.id, "environment": env_id}
        subject = f"**{_t(n.name)}** · {_t(self.env_name(env_id))}"
        path = f"features.{n.id}.support.{env_id}"
        if old_env not in o.support:  # listed before as a feature it joined, or not at all
            o = next((j for j in self._joined(n.id) if old_env in j.support), o)
        if old_env not in o.support:
            text = f"{subject}: now listed"
            return [self.change("support", Action.ADDED, path, text, **where)]
        before, after = o.support[old_env], n.support[env_id]
        support = (_support_fields(s, f) for s, f in ((before, o), (after, n)))
        found = self.fields("support", path, subject, *support, **where)
        return found + self.cells(o, n, old_env, env_id)

    def cells(self, o: Feature, n: Feature, old_env: str, env_id: str) -> list[Change]:
        out = []
        follows = self.paired.columns_in(env_id)
        for shown in self.new.environments[env_id].columns:
            col, was = shown.column, follows.get(shown.column.id)
            if was is None or kind(col).derived:
                continue
            before, after = o.cell(old_env, was), n.cell(env_id, col.id)
            old_col = self.old.columns[was]
            if _same((self.old, old_col, before), (self.new, col, after)):
                continue
            ov, nv = _shown(self.old, old_col, before), _shown(self.new, col, after)
            words = _arrow(ov, nv)
            if old_col.type == col.type and before.value != after.value:
                words = kind(col).change(before.value, after.value, _t(_line(ov)), _t(_line(nv)))
            where = f"{_t(self.env_name(env_id))} · {_t(shown.header)}"
            text = f"**{_t(n.name)}** · {where}: {words}"
            path = f"features.{n.id}.support.{env_id}.cells.{col.id}"
            kw = {"field": col.id, "old": ov, "new": nv, "feature_id": n.id, "environment": env_id}
            out.append(self.change("cell", Action.CHANGED, path, text, **kw))
        return out


def _support_fields(support: Support, feature: Feature) -> Fields:  # compared per row
    return {
        "name": support.name if support.name != feature.name else None,
        "footnotes": ", ".join(support.footnotes),
        "references": ", ".join(r.text for r in support.references),
    }
