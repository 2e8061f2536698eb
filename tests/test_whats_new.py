"""What's new, the Atom feed, recently changed rows and preview builds, from a real (temporary)
git history of the data."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import copy_project, run_generator

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def _git(repo: Path, *args: str, date: str = "2025-05-01T12:00:00") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _edit(repo: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first `old` that follows `after` in the data file."""
    data = repo / "data" / "containers.yaml"
    text = data.read_text("utf-8")
    start = text.index(after)
    at = text.index(old, start)
    data.write_text(text[:at] + new + text[at + len(old) :], "utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("history"))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "data")
    _git(project, "commit", "-q", "-m", "Import the matrix", date="2025-01-10T12:00:00")
    # The GCP attack-path row goes from GA to Preview.
    _edit(
        project,
        "        cells:\n          resources: [gar, gcr, gke]\n          linux: ga",
        "        cells:\n          resources: [gar, gcr, gke]\n          linux: preview",
        after="\n  attack-path:\n",
    )
    _git(
        project,
        "commit",
        "-q",
        "-am",
        "Attack path analysis is in preview on GCP",
        date="2025-04-01T12:00:00",
    )
    _edit(
        project,
        "Any Cloud Native Computing Foundation (CNCF) certified Kubernetes clusters "
        "should be supported, but only the specified clusters have been tested.",
        "Any CNCF certified Kubernetes cluster should work; only the listed ones were tested.",
    )
    _git(project, "commit", "-q", "-am", "Reword the CNCF footnote", date="2025-04-20T12:00:00")
    return project


@pytest.fixture(scope="module")
def built(repo: Path) -> Path:
    result = run_generator("build", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo / "site" / "containers"


def test_whats_new_lists_each_commit_newest_first(built: Path) -> None:
    html = (built / "whats-new" / "index.html").read_text("utf-8")
    headings = re.findall(r"<h2 id=\"c-[0-9a-f]{12}\">([^<]*)<", html)
    assert headings == [
        "2025-04-20: Reword the CNCF footnote",
        "2025-04-01: Attack path analysis is in preview on GCP",
        "2025-01-10: Import the matrix",
    ]
    state = html.index("Attack path analysis is in preview on GCP")
    assert "Linux release state: GA → Preview" in html[state:]
    assert "Changed footnote <code>cncf-tested</code>" in html


def test_the_atom_feed_has_the_same_entries(built: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles == [
        "Reword the CNCF footnote",
        "Attack path analysis is in preview on GCP",
        "Import the matrix",
    ]
    assert feed.findtext("a:updated", namespaces=ns) == "2025-04-20T00:00:00Z"
    page = (built / "whats-new" / "index.html").read_text("utf-8")
    assert 'href="../feed.xml"' in page


def test_a_recently_changed_row_says_when(built: Path) -> None:
    gcp = (built / "gcp" / "index.html").read_text("utf-8")
    row = re.search(r'<tr id="attack-path">.*?</tr>', gcp, re.S)
    assert row and 'data-date="2025-04-01"' in row.group(0)
    other = re.search(r'<tr id="docker-cis">.*?</tr>', gcp, re.S)
    assert other and "ms-changed" not in other.group(0)  # unchanged since the import


def test_without_git_history_the_page_says_so(built_project: Path) -> None:
    html = (built_project / "site" / "containers" / "whats-new" / "index.html").read_text("utf-8")
    assert "No change history is available: no git history: not a git checkout." in html


def test_a_preview_build_names_the_pull_request_and_marks_its_rows(repo: Path) -> None:
    _edit(repo, "    name: Docker CIS\n", "    name: Docker CIS benchmark\n")
    try:
        result = run_generator(
            "build",
            "--preview-pr",
            "42",
            "--preview-base",
            "HEAD",
            "--site-dir",
            "preview",
            cwd=repo,
        )
        assert result.returncode == 0, result.stderr
        site = repo / "preview" / "containers"
        for page in ("index.html", "aws/index.html", "features/attack-path/index.html"):
            html = (site / page).read_text("utf-8")
            assert "Preview of pull request #42: it changes Docker CIS benchmark." in html, page
        aws = (site / "aws" / "index.html").read_text("utf-8")
        assert '<tr id="docker-cis" class="ms-pr-changed">' in aws
        assert aws.count("ms-pr-changed") == 1
    finally:
        _git(repo, "checkout", "--", "data")
