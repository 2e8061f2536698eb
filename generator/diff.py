"""Semantic diff: what changed between two versions of the data, by id, as a reader sees it.

`compare(old, new)` matches matrices, features, environments, columns, footnotes, callouts,
lists, references and sections by id. A feature whose new entry lists an old id in
`former_ids` is the same feature, renamed. Each difference is one `Change`: what kind of thing
changed and how, where it is in the data (`path`), the values shown before and after (labels,
not ids), and one line of Markdown saying it. A new matrix lists its environments and features
as added; a removed matrix is one change.

`to_markdown` gives a section per matrix for a PR comment or job summary, or "No changes".
`to_json` gives a stable structure for tools, `FORMAT` its version:

    {"format": 1, "old": "main:data", "new": "data", "changed": true,
     "matrices": [{"id": ..., "title": ..., "changes": [
         {"kind": "cell-changed", "thing": "cell", "action": "changed",
          "path": "features.x.support.gcp.cells.linux", "field": "linux",
          "feature": "x", "environment": "gcp", "old": "Preview", "new": "GA",
          "text": "**X** · GCP · Linux release state: Preview → GA"}]}]}

`thing` is one of THINGS, `action` one of added, removed, changed, renamed; `feature`,
`environment`, `field`, `old` and `new` are null where they do not apply.

The `diff` command (`command`) compares two sides, each a data file or folder, a git revision
(its `data/`) or `REV:PATH`; a revision is read with `git ls-tree`/`git cat-file` into a
temporary folder and checked by `pipeline.check` like any data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import pipeline
from generator.diagnostics import Diagnostic, summary
from generator.errors import MatrixError
from generator.model import (
    NOT_APPLICABLE,
    Column,
    ColumnType,
    Feature,
    Matrix,
    Reference,
    State,
    Support,
)

FORMAT = 1
THINGS = (
    "matrix", "state-label", "column", "domain", "environment", "feature", "support", "cell",
    "footnote", "callout", "list", "list-item", "reference", "section",
)  # fmt: skip
T = TypeVar("T")


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"


@dataclass(frozen=True, slots=True)
class Change:
    matrix_id: str
    thing: str  # one of THINGS
    action: Action
    path: str  # in the new data; in the old one for removals
    text: str  # one line of Markdown
    field: str | None = None  # the column id or attribute that changed
    old: str | None = None  # as shown: labels, not ids
    new: str | None = None
    feature_id: str | None = None  # the row's feature (its new id) when the change is in a row
    environment: str | None = None  # the table's environment; None: every table of the feature

    @property
    def kind(self) -> str:
        return f"{self.thing}-{self.action}"


@dataclass(frozen=True, slots=True)
class MatrixDiff:
    id: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Diff:
    matrices: tuple[MatrixDiff, ...]  # only those with changes; new order, then removed ones

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for m in self.matrices for c in m.changes)

    @property
    def empty(self) -> bool:
        return not self.matrices


# --- comparing ------------------------------------------------------------------------------


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
            {"header": c.header, "type": c.type.value}
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
        labels = [{s.value: m.state_labels.get(s) for s in State} for m in (o, n)]
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
            if col.id not in old_columns or col.type in (ColumnType.FEATURE, ColumnType.DOMAIN):
                continue
            before, after = o.cell(env_id, col.id).value, n.cell(env_id, col.id).value
            if before == after:
                continue
            ov, nv = (
                _shown(self.old, self.old.columns[col.id], before),
                _shown(self.new, col, after),
            )
            text = f"**{n.name}** · {self.env_name(env_id)} · {shown.header}: {_arrow(ov, nv)}"
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


def _shown(matrix: Matrix, column: Column, value: str | tuple[str, ...]) -> str:
    """A cell's value as its table shows it: a state's label, a choice's labels, the text."""
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if column.type is ColumnType.STATE:
        label = matrix.state_labels[State(value)]
        return f"{label} ({value})" if label == NOT_APPLICABLE else label
    if column.type is ColumnType.CHOICE:
        ids = value if isinstance(value, tuple) else (value,)
        return ", ".join(_line(column.values.get(v, v)) for v in ids)
    return _line(value)


# --- output ---------------------------------------------------------------------------------


def to_markdown(diff: Diff) -> str:
    """A section per matrix, a bullet per change; "No changes" when there are none."""
    if diff.empty:
        return "No changes\n"
    return "\n".join(
        f"### {m.title}\n\n" + "".join(f"- {c.text}\n" for c in m.changes) for m in diff.matrices
    )


def to_json(diff: Diff, old: str | None = None, new: str | None = None) -> dict[str, Any]:
    """The documented structure (see the module docstring); `old`/`new` name the sides."""
    return {
        "format": FORMAT,
        "old": old,
        "new": new,
        "changed": not diff.empty,
        "matrices": [
            {"id": m.id, "title": m.title, "changes": [_change_json(c) for c in m.changes]}
            for m in diff.matrices
        ],
    }


def _change_json(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "thing": c.thing,
        "action": c.action.value,
        "path": c.path,
        "field": c.field,
        "feature": c.feature_id,
        "environment": c.environment,
        "old": c.old,
        "new": c.new,
        "text": c.text,
    }


def from_json(data: Mapping[str, Any]) -> Diff:
    """The `Diff` that `to_json` wrote (same `FORMAT`)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"expected diff format {FORMAT}, found {data.get('format')!r}")
    return Diff(
        tuple(
            MatrixDiff(m["id"], m["title"], tuple(_change_from(m["id"], c) for c in m["changes"]))
            for m in data["matrices"]
        )
    )


def _change_from(matrix_id: str, c: Mapping[str, Any]) -> Change:
    return Change(
        matrix_id,
        c["thing"],
        Action(c["action"]),
        c["path"],
        c["text"],
        field=c["field"],
        old=c["old"],
        new=c["new"],
        feature_id=c["feature"],
        environment=c["environment"],
    )


# --- sides: data on disk or at a git revision ----------------------------------------------


class RevisionError(MatrixError):
    """A side names no data path and no git revision, or git cannot read it."""


Blobs = tuple[tuple[str, str], ...]  # (repo-relative path, blob id), in load order
_GIT_ENV = {"GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}


def git(repo: Path, *args: str) -> str:
    """`git ARGS` in `repo`: its output, or RevisionError with git's own message."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=repo,
            env={**os.environ, **_GIT_ENV},
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["failed"])[-1].removeprefix("fatal: ")
        raise RevisionError(f"git {args[0]}: {message}")
    return done.stdout


def toplevel(where: Path) -> Path:
    """The root of the git checkout holding `where`; RevisionError when there is none."""
    return Path(git(where, "rev-parse", "--show-toplevel").strip()).resolve()


def data_blobs(top: Path, commit: str, paths: Sequence[str], *, missing_ok: bool) -> Blobs:
    """The data files that `paths` (repo-relative) select at `commit`, as `data_files` would:
    a file itself, a folder's *.yaml/*.yml files in name order."""
    listed = git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    blobs: dict[str, str] = {}
    for entry in filter(None, listed.split("\0")):
        meta, name = entry.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob":
            blobs[name] = blob
    out: list[tuple[str, str]] = []
    for path in paths:
        if path in blobs:
            out.append((path, blobs[path]))
            continue
        folder = Path(path)
        inside = sorted(p for p in blobs if Path(p).parent == folder and _is_data(p))
        if not missing_ok and not any(p.startswith(f"{path}/") for p in blobs):
            raise RevisionError(f"{path!r} does not exist at {commit[:12]}")
        out += [(p, blobs[p]) for p in inside]
    return tuple(out)


def _is_data(path: str) -> bool:
    return Path(path).suffix in (".yaml", ".yml")


def check_blobs(top: Path, label: str, blobs: Blobs, today: date) -> pipeline.Checked:
    """Write the blobs into a temporary folder and check them; diagnostics name `label:path`."""
    if not blobs:
        return pipeline.Checked((), ())
    with tempfile.TemporaryDirectory(prefix="matrix-rev-") as tmp:
        root = Path(tmp)
        for path, blob in blobs:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(_blob(top, blob))
        checked = pipeline.check([root / path for path, _ in blobs], today)
    prefix = f"{root}/"
    diags = tuple(
        replace(d, loc=replace(d.loc, file=f"{label}:{d.loc.file.removeprefix(prefix)}"))
        for d in checked.diagnostics
    )
    return pipeline.Checked(checked.matrices, diags)


def _blob(top: Path, blob: str) -> bytes:
    done = subprocess.run(["git", "cat-file", "blob", blob], cwd=top, capture_output=True)
    if done.returncode != 0:
        raise RevisionError(f"git cat-file: cannot read blob {blob}")
    return done.stdout


def load_side(spec: str, default: str, today: date) -> pipeline.Checked:
    """One side of a diff: a data path if one exists, else `REV` (its `default` path, relative
    to the current folder) or `REV:PATH`."""
    if Path(spec).exists():
        return pipeline.check([Path(spec)], today)
    rev, colon, sub = spec.partition(":")
    cwd = Path.cwd()
    try:
        top = toplevel(cwd)
    except RevisionError:
        raise RevisionError(f"{spec!r} is no data path, and {cwd} is no git checkout") from None
    commit = _commit(top, rev, spec)
    target = (cwd / (sub if colon else default)).resolve()
    if not target.is_relative_to(top):
        raise RevisionError(f"{str(target)!r} is outside the git checkout {top}")
    blobs = data_blobs(top, commit, [target.relative_to(top).as_posix()], missing_ok=False)
    return check_blobs(top, rev, blobs, today)


def _commit(top: Path, rev: str, spec: str) -> str:
    try:
        return git(top, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}").strip()
    except RevisionError:
        raise RevisionError(
            f"{spec!r} is neither a data path nor a git revision; "
            "expected a file, a folder, REV or REV:PATH"
        ) from None


def _default_path(*specs: str) -> str:
    """The path a bare REV side reads: the other side's path, else data/."""
    for spec in specs:
        if Path(spec).exists():
            return spec
    for spec in specs:
        _, colon, sub = spec.partition(":")
        if colon and sub:
            return sub
    return "data"


# --- the command ----------------------------------------------------------------------------


@click.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--base", metavar="REV", help="Compare NEW (default: data/) with REV's version.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for people (PR comments, job summaries), JSON for tools.",
)
def command(old: str | None, new: str | None, base: str | None, fmt: str) -> None:
    """Show what changed in the data between OLD and NEW, by id.

    OLD and NEW are each a data file or folder, a git revision (its data/) or REV:PATH.
    Without NEW, NEW is data/; without either, OLD is HEAD. With --base REV, the one argument
    is NEW (default data/) and OLD is REV's version of it. Exits 0 with or without changes,
    1 when a side cannot be read or its data is invalid.
    """
    if base is not None:
        if new is not None:
            raise click.UsageError("with --base, give at most one PATH (the new side)")
        new, old = old or "data", f"{base}:{old or 'data'}"
    new = new or "data"
    old = old or "HEAD"
    default = _default_path(new, old)
    today = date.today()
    try:
        before = load_side(old, default, today)
        after = load_side(new, default, today)
    except RevisionError as exc:
        click.echo(f"diff: {exc}", err=True)
        sys.exit(1)
    _fail_on_errors([*before.diagnostics, *after.diagnostics])
    result = compare(before.matrices, after.matrices)
    if fmt == "json":
        click.echo(json.dumps(to_json(result, old, new), indent=2, ensure_ascii=False))
    else:
        click.echo(to_markdown(result), nl=False)


def _fail_on_errors(diags: list[Diagnostic]) -> None:
    """Print every diagnostic and exit 1 when either side has errors; warnings are not ours."""
    if any(d.is_error for d in diags):
        for diag in diags:
            click.echo(str(diag), err=True)
        click.echo(f"{summary(diags)}; aborted", err=True)
        sys.exit(1)
