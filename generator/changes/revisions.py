"""The sides of a diff: data on disk, or at a git revision (read with `git ls-tree` and
`git cat-file` into a temporary folder and checked like any data). The history walk reads each
commit's data the same way.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator import read
from generator.errors import MatrixError


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


def check_blobs(top: Path, label: str, blobs: Blobs, today: date) -> read.Checked:
    """Write the blobs into a temporary folder and check them; diagnostics name `label:path`."""
    if not blobs:
        return read.Checked((), ())
    with tempfile.TemporaryDirectory(prefix="matrix-rev-") as tmp:
        root = Path(tmp)
        for path, blob in blobs:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(_blob(top, blob))
        checked = read.check([root / path for path, _ in blobs], today)
    prefix = f"{root}/"
    diags = tuple(
        replace(d, loc=d.loc._replace(file=f"{label}:{d.loc.file.removeprefix(prefix)}"))
        for d in checked.diagnostics
    )
    return read.Checked(checked.matrices, diags)


def _blob(top: Path, blob: str) -> bytes:
    done = subprocess.run(["git", "cat-file", "blob", blob], cwd=top, capture_output=True)
    if done.returncode != 0:
        raise RevisionError(f"git cat-file: cannot read blob {blob}")
    return done.stdout


def load_side(spec: str, default: str, today: date, cwd: Path | None = None) -> read.Checked:
    """One side of a diff: a data path if one exists, else `REV` (its `default` path, relative
    to `cwd`, the current folder unless given) or `REV:PATH`."""
    cwd = cwd or Path.cwd()
    if (cwd / spec).exists():
        return read.check([cwd / spec], today)
    rev, colon, sub = spec.partition(":")
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


def default_path(*specs: str) -> str:
    """The path a bare REV side reads: the other side's path, else data/."""
    for spec in specs:
        if Path(spec).exists():
            return spec
    for spec in specs:
        _, colon, sub = spec.partition(":")
        if colon and sub:
            return sub
    return "data"
