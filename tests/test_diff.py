"""The semantic diff: `compare` on models, and `diff OLD NEW` between git revisions and paths.

`data_repo` is a temporary git repository whose data file goes through six commits, one edit
each (add the matrix, add a feature, remove one, rename one through `former_ids`, change a
state, reword a footnote); `diff` between revisions must report exactly those edits. The
history tests (`test_history.py`) walk the same repository.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

from generator import cli, read
from generator.changes.compare import compare
from generator.changes.escape import unescape
from generator.changes.output import from_json, to_json, to_markdown
from generator.changes.revisions import load_side
from tests.conftest import FIXTURES

Data = dict[str, Any]
BASE: Data = yaml.safe_load((FIXTURES / "matrices" / "drivers.yaml").read_text("utf-8"))
# The fixture's version-column examples (ruby, node, rust) are not part of this history.
for _extra in ("ruby", "node", "rust"):
    BASE["features"].pop(_extra, None)
FILE = "data/drivers.yaml"
TODAY = date(2025, 1, 31)


def add_go(d: Data) -> None:
    support = {"cloud": {"cells": {"auth": ["password"], "tls": "ga", "version": "1.0"}}}
    d["features"]["go"] = {"name": "Go driver", "domain": "native", "support": support}


def drop_python(d: Data) -> None:
    del d["features"]["python"]
    d["environments"]["server"]["order"].remove("python")


def rename_odbc(d: Data) -> None:
    # Same place in the file, a new id that names the old one.
    d["features"] = {("odbc-driver" if k == "odbc" else k): v for k, v in d["features"].items()}
    d["features"]["odbc-driver"]["former_ids"] = ["odbc"]
    order = d["environments"]["server"]["order"]
    order[order.index("odbc")] = "odbc-driver"


def odbc_tls_ga(d: Data) -> None:
    d["features"]["odbc-driver"]["support"]["cloud"]["cells"]["tls"] = "ga"


def reword_legacy(d: Data) -> None:
    d["footnotes"]["legacy"] = "Releases before 2.0 need the compatibility package."


# (subject, edit, the Markdown `diff` prints against the commit before)
EDITS: list[tuple[str, Callable[[Data], None], str]] = [
    (
        "Add the drivers matrix",
        lambda d: None,
        "### Database driver support\n\n"
        "- Added matrix **Database driver support** (`drivers`)\n"
        "- Added environment **Cloud** (`cloud`)\n"
        "- Added environment **Server** (`server`)\n"
        "- Added feature **JDBC** (`jdbc`) in Cloud, Server\n"
        "- Added feature **ODBC** (`odbc`) in Cloud, Server\n"
        "- Added feature **Python DB-API bridge** (`python`) in Server\n",
    ),
    (
        "Add the Go driver",
        add_go,
        "### Database driver support\n\n- Added feature **Go driver** (`go`) in Cloud\n",
    ),
    (
        "Drop the Python bridge",
        drop_python,
        "### Database driver support\n\n- Removed feature **Python DB-API bridge** (`python`)\n",
    ),
    (
        "Rename odbc to odbc-driver",
        rename_odbc,
        "### Database driver support\n\n- Renamed feature `odbc` → `odbc-driver` (**ODBC**)\n",
    ),
    (
        "ODBC over TLS is supported on Cloud",
        odbc_tls_ga,
        "### Database driver support\n\n- **ODBC** · Cloud · TLS: Beta → Supported\n",
    ),
    (
        "Reword the legacy footnote",
        reword_legacy,
        "### Database driver support\n\n"
        "- Changed footnote `legacy`: Older releases need the compatibility package. → "
        "Releases before 2.0 need the compatibility package.\n",
    ),
]


@dataclass(frozen=True)
class Repo:
    root: Path
    commits: list[str]  # oldest first, one per EDITS entry


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """git in `root`, as a fixed user, untouched by the machine's git configuration."""
    base = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env={**base, **(env or {})}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit(root: Path, data: Data | str, subject: str, day: int) -> str:
    """Write the data file (a mapping, or text as is) and commit it on 2025-01-DAY."""
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    (root / FILE).parent.mkdir(exist_ok=True)
    (root / FILE).write_text(text, "utf-8")
    stamp = f"2025-01-{day:02d}T12:00:00+00:00"
    dates = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", subject, env=dates)
    return git(root, "rev-parse", "HEAD").strip()


def make_repo(root: Path) -> Repo:
    """A repository with one commit per EDITS entry, on 2025-01-01, -02, ..."""
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("A repository for tests.\n", "utf-8")
    data = copy.deepcopy(BASE)
    commits = []
    for day, (subject, edit, _) in enumerate(EDITS, start=1):
        edit(data)
        commits.append(commit(root, data, subject, day))
    return Repo(root, commits)


@pytest.fixture(scope="module")
def data_repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_repo(tmp_path_factory.mktemp("repo"))


@pytest.fixture
def in_repo(data_repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    monkeypatch.chdir(data_repo.root)
    yield data_repo


def run_diff(*args: str) -> Result:
    return CliRunner().invoke(cli.diff, list(args))


def models(data: Data, tmp_path: Path, name: str = "m.yaml") -> read.Checked:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    checked = read.check([path], TODAY)
    assert not checked.diagnostics, [str(d) for d in checked.diagnostics]
    return checked


# --- diff between revisions: exactly the edits -------------------------------------------


@pytest.mark.parametrize("index", range(1, len(EDITS)))
def test_diff_between_successive_commits(in_repo: Repo, index: int) -> None:
    old, new = in_repo.commits[index - 1], in_repo.commits[index]
    result = run_diff(old, new)
    assert (result.exit_code, result.stderr) == (0, "")
    assert unescape(result.stdout) == EDITS[index][2]


def test_diff_first_to_last_lists_every_edit_once(in_repo: Repo) -> None:
    result = run_diff(in_repo.commits[0], f"{in_repo.commits[-1]}:{FILE}")
    assert (result.exit_code, result.stderr) == (0, "")
    assert unescape(result.stdout) == (
        "### Database driver support\n\n"
        "- Renamed feature `odbc` → `odbc-driver` (**ODBC**)\n"
        "- **ODBC** · Cloud · TLS: Beta → Supported\n"
        "- Added feature **Go driver** (`go`) in Cloud\n"
        "- Removed feature **Python DB-API bridge** (`python`)\n"
        "- Changed footnote `legacy`: Older releases need the compatibility package. → "
        "Releases before 2.0 need the compatibility package.\n"
    )


def test_diff_json_is_the_documented_structure(in_repo: Repo) -> None:
    first, last = in_repo.commits[0], in_repo.commits[-1]
    result = run_diff(first, last, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("format", "old", "new", "changed")} == {
        "format": 1,
        "old": first,
        "new": last,
        "changed": True,
    }
    [matrix] = data["matrices"]
    assert (matrix["id"], matrix["title"]) == ("drivers", "Database driver support")
    rows = [
        (c["kind"], c["path"], c["field"], c["feature"], c["environment"], c["old"], c["new"])
        for c in matrix["changes"]
    ]
    assert rows == [
        (
            "feature-renamed",
            "features.odbc-driver",
            "id",
            "odbc-driver",
            None,
            "odbc",
            "odbc-driver",
        ),
        (
            "cell-changed",
            "features.odbc-driver.support.cloud.cells.tls",
            "tls",
            "odbc-driver",
            "cloud",
            "Beta",
            "Supported",
        ),
        ("feature-added", "features.go", None, "go", None, None, "Go driver"),
        ("feature-removed", "features.python", None, "python", None, "Python DB-API bridge", None),
        (
            "footnote-changed",
            "footnotes.legacy",
            "text",
            None,
            None,
            "Older releases need the compatibility package.",
            "Releases before 2.0 need the compatibility package.",
        ),
    ]
    markdown = run_diff(first, last).stdout
    assert markdown.splitlines()[2:] == [f"- {c['text']}" for c in matrix["changes"]]
    assert from_json(data) == compare(
        *(load_side(rev, "data", TODAY).matrices for rev in (first, last))
    )


def test_equal_inputs_say_no_changes(in_repo: Repo) -> None:
    for args in ([in_repo.commits[2]] * 2, [FILE, FILE], ["HEAD"], []):
        result = run_diff(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "No changes\n", ""), args
    result = run_diff("HEAD", "HEAD", "--format", "json")
    assert json.loads(result.stdout)["changed"] is False
    assert json.loads(result.stdout)["matrices"] == []


def test_base_compares_the_working_tree_with_a_revision(in_repo: Repo) -> None:
    path = in_repo.root / FILE
    original = path.read_text("utf-8")
    try:
        path.write_text(original.replace("tls: unavailable", "tls: preview"), "utf-8")
        expected = (
            "### Database driver support\n\n"
            "- **ODBC** · Server · Transport security: Not supported → Beta\n"
        )
        for args in (["--base", "HEAD"], ["--base", "main", FILE], ["HEAD", "data"], ["HEAD"]):
            result = run_diff(*args)
            readable = (result.exit_code, unescape(result.stdout), result.stderr)
            assert readable == (0, expected, ""), args
        from_older = run_diff("--base", in_repo.commits[-2])
        assert unescape(from_older.stdout) == expected + EDITS[-1][2].split("\n\n", 1)[1]
    finally:
        path.write_text(original, "utf-8")


def test_invalid_data_on_a_side_prints_diagnostics_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path)
    broken = (repo.root / FILE).read_text("utf-8").replace("tls: ga", "tls: GA", 1)
    bad = commit(repo.root, broken, "Break it", 9)
    monkeypatch.chdir(repo.root)
    result = run_diff(repo.commits[-1], bad)
    # The diagnostics `check` gives for the same file, named REV:PATH.
    (tmp_path / "copy.yaml").write_text(broken, "utf-8")
    found = read.check([tmp_path / "copy.yaml"], TODAY).diagnostics
    assert [d.code for d in found] == ["state-unknown"]
    named = str(found[0]).replace(str(tmp_path / "copy.yaml"), f"{bad}:{FILE}", 1)
    assert named.startswith(f"{bad}:{FILE}:{broken[: broken.index('tls: GA')].count(chr(10)) + 1}:")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [named, "1 error, 0 warnings; aborted"]


def test_sides_that_cannot_be_read_exit_1_with_one_line(
    in_repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = {
        ("no-such-rev", "data"): "diff: 'no-such-rev' is neither a data path nor a git revision; "
        "expected a file, a folder, REV or REV:PATH\n",
        ("HEAD:data/missing.yaml", "data"): "diff: 'data/missing.yaml' does not exist at "
        f"{in_repo.commits[-1][:12]}\n",
    }
    for args, message in cases.items():
        result = run_diff(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message), args
    monkeypatch.chdir(tmp_path)
    result = run_diff("HEAD", str(in_repo.root / "data"))
    assert result.exit_code == 1
    assert result.stderr == f"diff: 'HEAD' is no data path, and {tmp_path} is no git checkout\n"
    usage = run_diff("--base", "HEAD", "a", "b")
    assert usage.exit_code == 2
    assert "with --base, give at most one PATH (the new side)" in usage.stderr


# --- compare on models --------------------------------------------------------------------


def texts(old: Data, new: Data, tmp_path: Path) -> list[str]:
    before = models(old, tmp_path, "old.yaml").matrices
    after = models(new, tmp_path, "new.yaml").matrices
    return [unescape(c.text) for c in compare(before, after).changes]


def test_a_rename_of_id_and_name_is_two_changes(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    rename_odbc(new)
    new["features"]["odbc-driver"]["name"] = "ODBC driver"
    assert texts(BASE, new, tmp_path) == [
        "Renamed feature `odbc` → `odbc-driver` (**ODBC driver**)",
        "Renamed feature **ODBC** → **ODBC driver**",
    ]


def test_rows_columns_environments_and_records(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    new["features"]["jdbc"]["support"]["server"]["name"] = "JDBC (server)"
    new["features"]["jdbc"]["support"]["server"]["cells"]["auth"] = ["kerberos"]
    new["features"]["jdbc"]["support"]["cloud"]["cells"]["version"] = "4.3"
    del new["features"]["odbc"]["support"]["cloud"]
    new["columns"]["auth"]["values"]["oidc"] = "OpenID Connect (OIDC)"
    new["environments"]["cloud"]["name"] = "Cloud service"
    new["callouts"]["tls-note"]["text"] = "TLS 1.0 and 1.1 are refused."
    new["lists"]["os"]["items"]["bsd"] = "FreeBSD 14"
    del new["lists"]["os"]["items"]["macos"]
    new["references"]["platforms"]["rows"][0]["groups"].pop()
    assert texts(BASE, new, tmp_path) == [
        "Column **Authentication** (`auth`) · values.oidc: OpenID Connect → OpenID Connect (OIDC)",
        "Renamed environment **Cloud** → **Cloud service**",
        "**JDBC** · Cloud service · Minimum version: raised from 4.2 to 4.3",
        "**JDBC** · Server · name: (none) → JDBC (server)",
        "**JDBC** · Server · Authentication: Password, Kerberos → Kerberos",
        "**ODBC** · Cloud service: no longer listed",
        "Warning callout `tls-note` · text: TLS 1.0 is refused since **2024**. → "
        "TLS 1.0 and 1.1 are refused.",
        "Added item `bsd` of list **Operating systems**: FreeBSD 14",
        "Removed item `macos` of list **Operating systems**: macOS 13+",
        "Reference table **Server platforms** (`platforms`) · rows: Operating systems: "
        "Supported (os: linux windows), Unsupported (os: macos) → Operating systems: "
        "Supported (os: linux windows)",
    ]


def test_matrices_added_and_removed(tmp_path: Path) -> None:
    only = models(BASE, tmp_path).matrices
    gone = compare(only, ())
    assert to_markdown(gone) == (
        "### Database driver support\n\n- Removed matrix **Database driver support** (`drivers`)\n"
    )
    assert to_markdown(compare(only, only)) == "No changes\n"
    assert compare(only, only).empty


def test_json_round_trips(tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    for edit in (add_go, drop_python, rename_odbc, odbc_tls_ga, reword_legacy):
        edit(new)
    found = compare(models(BASE, tmp_path, "a.yaml").matrices, models(new, tmp_path).matrices)
    assert from_json(json.loads(json.dumps(to_json(found)))) == found
    with pytest.raises(ValueError, match="expected diff format 1, found 2"):
        from_json({**to_json(found), "format": 2})


def test_names_from_a_pull_request_cannot_act_in_the_comment(tmp_path: Path) -> None:
    """A hostile name reaches the PR comment as its literal text: no tag, image, link,
    comment or mention (issue 13)."""
    before = models(BASE, tmp_path, "a.yaml").matrices
    hostile = "<img src=x onerror=alert(1)> ![x](http://e.example/p.png) <!-- @octocat #12"
    new = copy.deepcopy(BASE)
    new["features"]["jdbc"]["name"] = hostile
    after = models(new, tmp_path).matrices
    markdown = to_markdown(compare(before, after))
    for active in ("<img", "![", "<!--", "@octocat", "#12"):  # each only escaped or split
        assert not re.search(r"(?<!\\)" + re.escape(active), markdown), active
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<img" not in rendered and "<a " not in rendered
    assert hostile in html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u200b", "")
