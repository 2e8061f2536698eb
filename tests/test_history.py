"""The history of the data files: one entry per commit, newest first, dated, with the changes
`diff` reports between the commit and the one before (the repository of `test_diff.py`)."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator import history as module
from generator.changes.escape import unescape
from generator.history import History, history
from tests.conftest import copy_project, run_generator
from tests.test_diff import EDITS, FILE, Repo, commit, data_repo, git, make_repo

__all__ = ["data_repo"]  # the fixture, shared with test_diff.py


def bullets(markdown: str) -> list[str]:
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")]


def test_history_lists_each_commit_newest_first_with_exactly_its_changes(
    data_repo: Repo,
) -> None:
    found = history([Path("data")], data_repo.root)
    assert (found.available, found.reason, found.truncated) == (True, None, False)
    got = [
        (e.commit, e.date, e.subject, [unescape(c.text) for c in e.changes]) for e in found.entries
    ]
    expected = [
        (sha, date(2025, 1, day), subject, bullets(markdown))
        for day, (sha, (subject, _, markdown)) in enumerate(
            zip(data_repo.commits, EDITS, strict=True), 1
        )
    ]
    assert got == expected[::-1]
    assert all(not e.problems for e in found.entries)
    assert found.entries[0].short == data_repo.commits[-1][:12]


def test_history_is_the_same_every_time_and_from_its_cache(data_repo: Repo, tmp_path: Path) -> None:
    first = history([Path("data")], data_repo.root)
    cached = history([Path("data")], data_repo.root, cache=tmp_path / "cache")
    assert cached == first
    written = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir())
    assert written == sorted(data_repo.commits)
    assert history([Path("data")], data_repo.root, cache=tmp_path / "cache") == first


def test_a_commit_with_invalid_data_lists_its_problems_and_the_next_one_catches_up(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path)
    text = (repo.root / FILE).read_text("utf-8")
    bad = commit(repo.root, text.replace("tls: ga", "tls: GA", 1), "Break it", 7)
    fixed = text.replace("tls: unavailable", "tls: preview")
    good = commit(repo.root, fixed, "Fix it and preview TLS for ODBC on Server", 8)
    entries = history([Path("data")], repo.root).entries
    assert [e.commit for e in entries[:3]] == [good, bad, repo.commits[-1]]
    assert [c.text for c in entries[0].changes] == [
        "**ODBC** · Server · Transport security: Not supported → Beta"
    ]
    assert entries[1].changes == ()
    assert len(entries[1].problems) == 1
    assert entries[1].problems[0].startswith(f"{bad[:12]}:{FILE}:")
    assert "error[state-unknown]" in entries[1].problems[0]


def test_a_shallow_clone_is_truncated_and_says_so(data_repo: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{data_repo.root}", str(clone)],
        check=True,
        capture_output=True,
    )
    found = history([Path("data")], clone)
    assert (found.available, found.truncated) == (True, True)
    assert found.reason == "shallow clone: only changes since the oldest fetched commit are known"
    # The oldest fetched commit only serves as "before": its own changes are unknown.
    assert [e.commit for e in found.entries] == data_repo.commits[:-3:-1]
    full = history([Path("data")], data_repo.root)
    assert found.entries == full.entries[:2]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("plain", "no git history: not a git checkout"),
        ("untouched", "no git history: no commit touches data"),
    ],
)
def test_no_history_is_unavailable_with_a_reason(tmp_path: Path, where: str, reason: str) -> None:
    root = tmp_path / where
    (root / "data").mkdir(parents=True)
    if where == "untouched":
        git(root, "init", "-q")
        (root / "README.md").write_text("Nothing else.\n", "utf-8")
        git(root, "add", "README.md")
        git(root, "commit", "-q", "-m", "Only a README")
    assert history([Path("data")], root) == History(False, reason)


def test_the_cache_key_reads_files_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Patterns of the code the cache depends on may match folders too (`schema/*` matches the
    `__pycache__` Python writes beside the code unless PYTHONDONTWRITEBYTECODE is set, as it is
    on CI): reading one as a file crashed every build with history."""
    monkeypatch.setattr(module, "_CODE", ("*", "schema/*"))
    (tmp_path / "cache").mkdir()
    key = module._Cache(tmp_path / "cache", ["data"]).key
    assert key == module._Cache(tmp_path / "cache", ["data"]).key


def test_a_build_with_history_writes_and_reads_bytecode_like_a_user_s(tmp_path: Path) -> None:
    """`make build` as a user runs it: history on, Python writing bytecode beside the code."""
    project = copy_project(tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "data"], ["commit", "-q", "-m", "Data"]):
        git(project, *args)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(2):  # the second build reads the cache the first wrote
        result = run_generator("generate", cwd=project, env=env)
        assert result.returncode == 0, result.stderr
    assert list((project / "build" / "history-cache").glob("*.json"))
    whats_new = project / "build" / "docs" / "containers" / "whats-new" / "index.md"
    assert "Published with" in whats_new.read_text("utf-8")
