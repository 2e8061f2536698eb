"""The git history of the data files: what each commit that touched them changed.

`history(paths, repo_root)` walks `git log --first-parent -- PATHS` and diffs each commit's
data with the data before it, with the same semantic diff as `python -m generator diff`; the
oldest commit shows everything it added. It returns data, newest first, for the "What's new"
page and feed to render. It reads the clock nowhere: each commit's data is checked as of the
commit's own date, so the same repository gives the same history.

`--first-parent` follows the main line: a merged branch shows as its merge commit, dated when
it landed, instead of once per branch commit. A commit whose data is invalid is listed with
its problems and no changes; the next valid commit shows what changed since the last valid one.

No git, no checkout (a tarball), or no commit touching the paths: `available` is False and
`reason` says why. A shallow clone (CI's default): `available`, but `truncated`, and `reason`
says from when on the history is known.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import read
from generator.changes.compare import compare
from generator.changes.model import Change, Diff
from generator.changes.output import from_json, to_json
from generator.changes.revisions import (
    Blobs,
    RevisionError,
    check_blobs,
    data_blobs,
    git,
    toplevel,
)
from generator.model import Matrix

_SEP = "\x1f"  # between the fields of one `git log` record; records end with NUL (-z)


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit that touched the data: what it changed, against the data before it."""

    commit: str  # full id
    date: date  # the commit date (when it landed), in the committer's time zone
    subject: str  # the first line of the commit message
    diff: Diff  # empty when nothing a reader sees changed, or when `problems`
    problems: tuple[str, ...] = ()  # the data's errors at this commit, one line each

    @property
    def short(self) -> str:
        return self.commit[:12]

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.diff.changes


@dataclass(frozen=True, slots=True)
class History:
    available: bool
    reason: str | None  # why there is no history, or why it is truncated; None otherwise
    entries: tuple[Entry, ...] = ()  # newest first
    truncated: bool = False  # a shallow clone: older commits are missing


@dataclass(frozen=True, slots=True)
class _Commit:
    sha: str
    day: str
    subject: str


def history(paths: Sequence[Path], repo_root: Path, cache: Path | None = None) -> History:
    """Every commit that touched `paths` (relative to `repo_root`, or absolute), newest first.

    With `cache`, a folder, each commit's entry is kept there as JSON and read back on later
    runs: an entry depends only on the commit, the paths and this code, so only new commits
    cost a check of their data.
    """
    try:
        top = toplevel(repo_root)
    except RevisionError as exc:
        return History(False, _no_history(str(exc)))
    rels = []
    for path in paths:
        target = (repo_root / path).resolve()
        if not target.is_relative_to(top):
            return History(False, f"no git history: {target} is outside the checkout {top}")
        rels.append(target.relative_to(top).as_posix())
    try:
        return _walk(top, rels, _Cache(cache, rels) if cache else None)
    except RevisionError as exc:
        return History(False, _no_history(str(exc)))


def _no_history(message: str) -> str:
    if "not a git repository" in message:
        return "no git history: not a git checkout"
    return f"no git history: {message}"


def _walk(top: Path, rels: list[str], cache: _Cache | None) -> History:
    fmt = _SEP.join(("%H", "%cs", "%s"))
    log = git(top, "log", "--first-parent", "--no-color", "-z", f"--format={fmt}", "--", *rels)
    commits = [_Commit(*record.split(_SEP, 2)) for record in filter(None, log.split("\0"))]
    if not commits:
        return History(False, f"no git history: no commit touches {', '.join(rels)}")
    commits.reverse()  # oldest first: each diff needs the data before it
    load = _loader(top, rels)
    truncated = commits[0].sha in _shallow(top)
    # The last commit with valid data. A shallow clone's oldest commit only serves as "before":
    # its parent is not in the clone, so what it changed is unknown.
    before = commits.pop(0) if truncated else None
    entries = []
    for commit in commits:
        entry = cache.get(commit.sha) if cache else None
        if entry is None:
            entry = _entry(commit, load(before).matrices if before else (), load(commit))
            if cache:
                cache.put(entry)
        entries.append(entry)
        before = before if entry.problems else commit
    reason = "shallow clone: only changes since the oldest fetched commit are known"
    return History(True, reason if truncated else None, tuple(reversed(entries)), truncated)


def _entry(commit: _Commit, before: Sequence[Matrix], checked: read.Checked) -> Entry:
    day = date.fromisoformat(commit.day)
    errors = tuple(str(d) for d in checked.diagnostics if d.is_error)
    if errors:
        return Entry(commit.sha, day, commit.subject, Diff(()), errors)
    return Entry(commit.sha, day, commit.subject, compare(before, checked.matrices))


def _loader(top: Path, rels: list[str]) -> Callable[[_Commit], read.Checked]:
    """Check a commit's data; the same files (by blob id) are checked once."""
    seen: dict[Blobs, read.Checked] = {}

    def load(commit: _Commit) -> read.Checked:
        blobs = data_blobs(top, commit.sha, rels, missing_ok=True)
        if blobs not in seen:
            day = date.fromisoformat(commit.day)
            seen[blobs] = check_blobs(top, commit.sha[:12], blobs, day)
        return seen[blobs]

    return load


def _shallow(top: Path) -> set[str]:
    """The commits whose parents this (shallow) clone does not have."""
    if git(top, "rev-parse", "--is-shallow-repository").strip() != "true":
        return set()
    path = Path(git(top, "rev-parse", "--git-path", "shallow").strip())
    path = path if path.is_absolute() else top / path
    return set(path.read_text().split()) if path.is_file() else set()


# The code an entry depends on: all of the package's, so no module that reads, checks, models
# or compares the data (or words its diagnostics) can be missed; pages are not stored.
_CODE = ("**/*.py", "schema/*.json")


class _Cache:
    """Entries as JSON files named for the commit and a fingerprint of the paths and of the
    code in _CODE, so a change to either never reads a stale entry."""

    def __init__(self, folder: Path, rels: list[str]) -> None:
        digest = hashlib.sha256("\0".join(rels).encode())
        package = Path(__file__).parent
        for name in _CODE:
            for source in sorted(p for p in package.glob(name) if p.is_file()):
                digest.update(source.relative_to(package).as_posix().encode())
                digest.update(source.read_bytes())
        self.folder, self.key = folder, digest.hexdigest()[:16]

    def path(self, sha: str) -> Path:
        return self.folder / f"{sha}-{self.key}.json"

    def get(self, sha: str) -> Entry | None:
        try:
            data = json.loads(self.path(sha).read_text("utf-8"))
            day, problems = date.fromisoformat(data["date"]), tuple(data["problems"])
            return Entry(data["commit"], day, data["subject"], from_json(data["diff"]), problems)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: computed again

    def put(self, entry: Entry) -> None:
        data = {
            "commit": entry.commit,
            "date": entry.date.isoformat(),
            "subject": entry.subject,
            "problems": list(entry.problems),
            "diff": to_json(entry.diff),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.path(entry.commit).with_suffix(".part")
        partial.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), "utf-8")
        partial.replace(self.path(entry.commit))
