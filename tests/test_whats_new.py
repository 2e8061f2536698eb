"""What's new, the Atom feed, recently changed rows and preview builds, from a real (temporary)
git history of the data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from tests.conftest import ROOT, copy_project, run_generator

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


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":")


def test_whats_new_speaks_readers_words_newest_day_first(built: Path) -> None:
    html = (built / "whats-new" / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    days = re.findall(r'<h2 id="d-([0-9-]{10})">', article)
    assert days == ["2025-04-20", "2025-04-01", "2025-01-10"]
    text = _text(article)
    # The feature is named and linked, the environment named, the change in labels.
    assert "GCP · Attack path analysis: Linux GA → Preview" in text
    assert '<a href="../features/attack-path/">Attack path analysis</a>' in article
    assert '<a href="../gcp/">GCP</a>' in article
    # The first version of the matrix is one line; commit subjects are secondary text.
    assert "Published with 14 features in 5 environments" in text
    assert "From the change “Attack path analysis is in preview on GCP”" in text
    assert "Footnote changed: Any Cloud Native" in text
    # Internal ids never reach readers.
    for internal in ("cncf-tested", "attack-path</", "`", "<code>", "(none)"):
        assert internal not in text, internal


def test_the_atom_feed_carries_the_same_sentences(built: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    entries = feed.findall("a:entry", ns)
    titles = [e.findtext("a:title", namespaces=ns) or "" for e in entries]
    assert [t[:12] for t in titles] == ["2025-04-20: ", "2025-04-01: ", "2025-01-10: "]
    assert titles[1] == "2025-04-01: GCP · Attack path analysis: Linux GA → Preview"
    assert titles[2] == "2025-01-10: Published with 14 features in 5 environments"
    content = entries[1].findtext("a:content", namespaces=ns) or ""
    assert '<a href="features/attack-path/">Attack path analysis</a>' in content
    assert "From the change “Attack path analysis is in preview on GCP”" in content
    assert feed.findtext("a:updated", namespaces=ns) == "2025-04-20T00:00:00Z"
    page = (built / "whats-new" / "index.html").read_text("utf-8")
    assert 'href="../feed.xml"' in page


def test_a_recently_changed_row_says_when(built: Path) -> None:
    gcp = (built / "gcp" / "index.html").read_text("utf-8")
    row = re.search(r'<tr id="attack-path">.*?</tr>', gcp, re.S)
    assert row and 'data-date="2025-04-01"' in row.group(0)
    other = re.search(r'<tr id="docker-cis">.*?</tr>', gcp, re.S)
    assert other and "ms-changed" not in other.group(0)  # published, not changed since


def test_the_first_version_of_a_matrix_marks_no_row_as_changed(tmp_path: Path) -> None:
    """Publishing a matrix is not a change to its rows."""
    project = copy_project(tmp_path)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "data")
    _git(project, "commit", "-q", "-m", "Import the matrix", date="2025-01-10T12:00:00")
    result = run_generator("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    docs = project / "build" / "docs" / "containers"
    assert not [p for p in docs.rglob("*.md") if "ms-changed" in p.read_text("utf-8")]


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


def test_in_this_repository_fewer_than_half_of_the_aws_rows_are_marked_changed() -> None:
    """The commit that created the data published it; only later edits mark rows."""
    options = pipeline.Options(date(2026, 12, 1), root=ROOT, history_cache=None)
    page = pipeline.generate(options).pages["containers/aws/index.md"]
    rows = re.findall(r"<tr id=\"[^\"]+\">.*?</tr>", page)
    marked = [r for r in rows if "ms-changed" in r]
    assert rows and len(marked) < len(rows) / 2, (len(marked), len(rows))


def test_mkdocs_with_the_plugin_shows_the_same_whats_new_as_the_build(
    built: Path, repo: Path
) -> None:
    """One pipeline for every entry point: `mkdocs build -f mkdocs.serve.yml` (the plugin
    path, as `make serve` runs it) reads the same history and shows the same entries, feed and
    change marks as `python -m generator build`."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", "mkdocs.serve.yml", "-d", "p"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    plugin = repo / "p" / "containers"

    def article(site: Path) -> str:
        page = (site / "whats-new" / "index.html").read_text("utf-8")
        return page[page.index("<article") : page.index("</article>")]

    assert article(plugin) == article(built)
    assert (plugin / "feed.xml").read_bytes() == (built / "feed.xml").read_bytes()
    gcp = (plugin / "gcp" / "index.html").read_text("utf-8")
    assert 'data-date="2025-04-01"' in gcp
