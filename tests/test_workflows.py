"""The GitHub Actions workflows: actionlint and zizmor pass, and their steps run here.

Each workflow's steps are run locally, in order, in a scratch clone of this repository with a
pull request simulated on top of it (a data edit, then a README-only commit), with GitHub's
variables and `${{ }}` expressions replaced by local values. `STEPS` accounts for every step
of every workflow: run here, or not, with the reason. A step missing from it, or listed there
but gone from the workflows, fails the test, so nothing is skipped silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import read
from generator.changes.compare import compare
from generator.changes.output import to_markdown
from generator.changes.revisions import load_side
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
RUN = "run"
CLONE = "the scratch clone of this repository, with full history, stands in for it"
PYTHON = "the Python 3.11 running these tests stands in for it"
CACHE = "restores from GitHub's cache; the build here makes build/history-cache itself"
# (workflow, job, step name) -> RUN, or why the step does not run here
STEPS: dict[tuple[str, str, str], str] = {
    ("ci.yml", "test", 'Check out, with the history the "What\'s new" page is made from'): CLONE,
    ("ci.yml", "test", "Decide whether the site's inputs changed"): RUN,
    ("ci.yml", "test", "Install"): RUN,
    ("ci.yml", "test", "Check the data"): RUN,
    ("ci.yml", "test", "Test"): "`make test` is the suite this test belongs to (.ci/run runs it)",
    ("ci.yml", "test", "Restore the history cache"): CACHE,
    ("ci.yml", "test", "Build the site"): RUN,
    ("ci.yml", "deploy", 'Check out, with the history the "What\'s new" page is made from'): CLONE,
    ("ci.yml", "deploy", "Set up Python"): PYTHON,
    ("ci.yml", "deploy", "Restore the history cache"): CACHE,
    ("ci.yml", "deploy", "Build the site"): RUN,
    ("ci.yml", "deploy", "Deploy to the gh-pages branch"): "pushes to GitHub",
    ("preview.yml", "build", 'Check out, with the history the "What\'s new" page is made from'): (
        CLONE
    ),
    ("preview.yml", "build", "Set up Python"): PYTHON,
    (
        "preview.yml",
        "build",
        "Build the site, with a banner naming the pull request and its changed rows",
    ): RUN,
    ("preview.yml", "build", "Diff the data against the base branch"): RUN,
    ("preview.yml", "build", "Upload the site and the diff"): (
        "uploads to GitHub; the test checks that the files it uploads exist"
    ),
    ("preview.yml", "publish", "Check out (the deploy action works in a git checkout)"): CLONE,
    ("preview.yml", "publish", "Download the site and the diff"): (
        "downloads from GitHub; the build job's files are already in the scratch clone"
    ),
    ("preview.yml", "publish", "Publish the preview under pr-preview/pr-N/"): "pushes to GitHub",
    ("preview.yml", "publish", "Write the comment"): RUN,
    ("preview.yml", "publish", "Create or update the pull request's comment"): (
        "comments through GitHub's API; the test checks the comment's text"
    ),
    ("preview.yml", "remove", "Check out (the deploy action works in a git checkout)"): CLONE,
    ("preview.yml", "remove", "Remove the preview"): "pushes to GitHub",
}
PREVIEW_URL = "https://example.invalid/repo/pr-preview/pr-1/"


@dataclass(frozen=True)
class Step:
    workflow: str
    job: str
    name: str
    run: str | None
    env: dict[str, str]  # the job's, then the step's

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.workflow, self.job, self.name)


def steps() -> list[Step]:
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
        for job_id, job in workflow["jobs"].items():
            for step in job["steps"]:
                assert "name" in step, f"{path.name}: job {job_id}: every step needs a name"
                env = {k: str(v) for k, v in {**job.get("env", {}), **step.get("env", {})}.items()}
                found.append(Step(path.name, job_id, step["name"], step.get("run"), env))
    return found


# --- static checks --------------------------------------------------------------------------


def test_every_step_is_run_here_or_says_why_not() -> None:
    listed = {s.key: s for s in steps()}
    assert sorted(listed) == sorted(STEPS)
    for key, how in STEPS.items():
        assert how, key
        if how == RUN:
            assert listed[key].run, f"{key} is listed to run but has no run: script"


def test_actions_are_pinned_to_full_commits_and_scripts_expand_no_expressions() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text("utf-8")
        for uses in re.findall(r"uses: (\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), (path.name, uses)
    for step in steps():
        assert "${{" not in (step.run or ""), f"{step.key}: pass expressions through env:"


def tool(name: str) -> str:
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: install the test extras (make test does)", False)
    return str(path)


def test_actionlint_passes_with_shellcheck() -> None:
    done = subprocess.run(
        [tool("actionlint"), "-verbose", "-shellcheck", tool("shellcheck"), "-pyflakes", ""],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'Rule "shellcheck" was disabled' not in done.stderr
    assert "Collected 2 YAML files" in done.stderr


def test_zizmor_passes() -> None:
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


# --- running the steps here ----------------------------------------------------------------


@dataclass(frozen=True)
class Scratch:
    root: Path
    base: str  # origin/main: this repository as it is, uncommitted changes included
    edited: str  # the pull request's data edit
    head: str  # then a commit that touches only README.md


def sh(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    ident = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid"}
    ident |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    done = subprocess.run(args, cwd=root, env=env | ident, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def make_scratch(root: Path) -> Scratch:
    """A clone of this repository, plus its uncommitted changes, plus a pull request."""
    sh(ROOT.parent, "git", "clone", "-q", "--no-local", str(ROOT), str(root))
    listed = sh(ROOT, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, root / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.exists():
            target.unlink()
    sh(root, "git", "add", "-A")
    sh(root, "git", "commit", "-q", "--allow-empty", "-m", "Uncommitted changes of the checkout")
    base = sh(root, "git", "rev-parse", "HEAD")
    sh(root, "git", "update-ref", "refs/remotes/origin/main", base)
    data = root / "data" / "containers.yaml"
    text, count = re.subn(r"(\n\s+linux: )ga\n", r"\1preview\n", data.read_text("utf-8"), count=1)
    assert count == 1, "expected a `linux: ga` cell to edit in data/containers.yaml"
    data.write_text(text, "utf-8")
    sh(root, "git", "commit", "-q", "-am", "Preview, not GA")
    edited = sh(root, "git", "rev-parse", "HEAD")
    (root / "README.md").write_text("A README-only change.\n", "utf-8")
    sh(root, "git", "commit", "-q", "-am", "Reword the README")
    return Scratch(root, base, edited, sh(root, "git", "rev-parse", "HEAD"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    yield make_scratch(tmp_path_factory.mktemp("workflows") / "repo")


def local_values(s: Scratch) -> dict[str, str]:
    """What each `${{ }}` expression in a step's env: stands for here."""
    return {
        "github.event.pull_request.base.sha || github.event.before": s.base,
        "github.event.pull_request.base.ref": "main",
        "github.event.pull_request.number": "7",
        "github.event.pull_request.head.sha": s.head,
        "steps.preview.outputs.preview-url": PREVIEW_URL,
    }


def run_step(step: Step, s: Scratch, **env: str) -> tuple[str, dict[str, str]]:
    """Run a step's script as GitHub would (bash -eo pipefail, GITHUB_* files); its output,
    and the outputs it set."""
    assert step.run is not None
    values = local_values(s)
    variables = {}
    for name, value in step.env.items():  # the job's and the step's
        expr = re.fullmatch(r"\$\{\{\s*(.+?)\s*\}\}", value)
        assert "${{" not in value or expr, f"{step.key}: {name}: one expression, or none"
        if expr:
            assert expr[1] in values, f"{step.key}: no local value for {value!r}"
        variables[name] = values[expr[1]] if expr else value
    output, summary = s.root / "build" / ".github-output", s.root / "build" / ".github-summary"
    output.parent.mkdir(exist_ok=True)
    output.write_text("")
    base = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
    base |= {"GITHUB_WORKSPACE": str(s.root), "CI": "true", "NO_MKDOCS_2_WARNING": "1"}
    # Not the outer `make test`'s flags: a step's make runs as on a fresh runner.
    outer = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.run],
        cwd=s.root,
        env={**outer, **base, **variables, **env},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"{step.key} failed:\n{done.stdout}\n{done.stderr}"
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return done.stdout + done.stderr, outputs


def local(workflow: str) -> list[Step]:
    return [s for s in steps() if s.workflow == workflow and STEPS[s.key] == RUN]


def test_ci_steps_pass_here(scratch: Scratch) -> None:
    ran = []
    for step in local("ci.yml"):
        _, outputs = run_step(step, scratch)
        ran.append(step.name)
        if step.name == "Decide whether the site's inputs changed":
            assert outputs == {"site": "true"}
    assert ran == [
        "Decide whether the site's inputs changed",
        "Install",
        "Check the data",
        "Build the site",
        "Build the site",
    ]
    assert (scratch.root / "site" / "index.html").is_file()


def test_the_change_check_builds_only_when_site_inputs_changed(scratch: Scratch) -> None:
    [decide] = [s for s in local("ci.yml") if s.name.startswith("Decide")]
    cases = {
        scratch.base: "true",  # the pull request edits data/
        scratch.edited: "false",  # since then only README.md changed
        scratch.head: "false",
        "": "true",  # a new branch: nothing to compare with
        "0" * 40: "true",  # GitHub's `before` for a branch's first push
    }
    for base, expected in cases.items():
        log, outputs = run_step(decide, scratch, BASE=base)
        assert outputs == {"site": expected}, (base, log)


def test_preview_steps_pass_here(scratch: Scratch, monkeypatch: pytest.MonkeyPatch) -> None:
    for step in local("preview.yml"):
        run_step(step, scratch)
    # What the build job uploads for the publish job (and for forks, to download).
    assert (scratch.root / "site" / "index.html").is_file()
    home = (scratch.root / "site" / "containers" / "index.html").read_text("utf-8")
    assert "Preview of pull request #7: it changes " in home
    monkeypatch.chdir(scratch.root)
    today = date.today()
    before = load_side(f"{scratch.base}:data", "data", today).matrices
    after = read.check([scratch.root / "data"], today).matrices
    expected = to_markdown(compare(before, after))
    assert expected.startswith("### ") and "Linux release state: GA → Preview" in expected
    assert (scratch.root / "build" / "data-diff.md").read_text("utf-8") == expected
    summary = (scratch.root / "build" / ".github-summary").read_text("utf-8")
    assert summary.endswith(f"## Data changes against main\n\n{expected}")
    comment = (scratch.root / "build" / "preview-comment.md").read_text("utf-8")
    assert comment == (
        f"**Preview:** {PREVIEW_URL} (built from {scratch.head})\n\n"
        f"#### Data changes against main\n\n{expected}"
    )
