"""The generated pages make the same, complete site on every engine, with or without our plugin:
MkDocs 1.6 and ProperDocs without the plugin, Zensical (which runs no third-party plugins) and
MkDocs with the plugin (which takes a faster way through MkDocs: tables held out of
Python-Markdown, pages converted by `generator.pagehtml`, bulk pages from `generator.shell`).

Each build must leave no internal link or anchor broken, and the plugin's site must be the plain
site, page for page (HTML compared as parsed: tags, attributes and text)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEARCH_PLUGIN, copy_project, run_generator
from tests.test_site import broken_links

BIN = Path(sys.executable).parent
PLAIN = f"INHERIT: mkdocs.yml\nplugins:\n{SEARCH_PLUGIN}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("engines"))
    (project / "plain.yml").write_text(PLAIN, encoding="utf-8")
    result = run_generator("build", "--no-history", cwd=project)  # with the plugin
    assert result.returncode == 0, result.stderr
    assert "handed to MkDocs in memory" in result.stderr
    assert not list((project / "build" / "docs").rglob("*.md"))  # the plugin had them
    # Other engines read the pages from build/docs/, which `generate` writes (README).
    result = run_generator("generate", "--no-history", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def _build(project: Path, command: list[str], out: str) -> Path:
    done = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / out


@pytest.fixture(scope="module")
def plain_site(project: Path) -> Path:
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "-f", "plain.yml", "-d", "plain-site"]
    return _build(project, mkdocs, "plain-site")


def test_mkdocs_without_the_plugin_leaves_no_link_broken(plain_site: Path) -> None:
    assert broken_links(plain_site) == []


def test_properdocs_without_the_plugin_leaves_no_link_broken(project: Path) -> None:
    command = [str(BIN / "properdocs"), "build", "--strict", "-f", "plain.yml", "-d", "pd-site"]
    site = _build(project, command, "pd-site")
    assert broken_links(site) == []
    assert (site / "containers" / "aws" / "index.html").is_file()


def test_zensical_builds_the_same_pages_with_no_link_broken(project: Path) -> None:
    """Zensical reads mkdocs.yml (its plugin list too, which it does not run) and resolves
    links in raw HTML against the source file: every page is its folder's index.md, so that
    is the page's own URL folder."""
    site = project / "site"
    ours = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    shutil.move(str(site), str(project / "plugin-site"))
    try:
        zensical = _build(project, [str(BIN / "zensical"), "build", "-f", "mkdocs.yml"], "site")
        theirs = sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("index.html"))
        assert theirs == ours
        assert broken_links(zensical) == []
    finally:
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.move(str(project / "plugin-site"), str(site))


class _Parsed(HTMLParser):
    """A page as a list of tags (with their attributes) and words, whitespace ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The search plugin strips data-search-* attributes from what it indexes.
        kept = sorted((k, v or "") for k, v in attrs if not k.startswith("data-search"))
        self.out.append(("<", tag, tuple(kept)))

    def handle_endtag(self, tag: str) -> None:
        self.out.append((">", tag))

    def handle_data(self, data: str) -> None:
        if words := " ".join(data.split()):
            self.out.append(words)


def _parsed(path: Path) -> list[Any]:
    parser = _Parsed()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.out


def test_the_plugin_builds_the_plain_site_page_for_page(project: Path, plain_site: Path) -> None:
    plugin_site = project / "site"
    ours = {p.relative_to(plugin_site) for p in plugin_site.rglob("*.html")}
    plain = {p.relative_to(plain_site) for p in plain_site.rglob("*.html")}
    assert ours == plain
    differ = [str(p) for p in sorted(ours) if _parsed(plugin_site / p) != _parsed(plain_site / p)]
    assert differ == []


def test_the_plugin_indexes_every_page_for_search(project: Path, plain_site: Path) -> None:
    """The search index holds the same pages and sections; table rows read as sentences."""

    def index(site: Path) -> dict[str, str]:
        docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
        return {d["location"]: d["text"] for d in docs}

    ours, plain = index(project / "site"), index(plain_site)
    assert set(ours) == set(plain)
    row = ours["containers/aws/"]  # the table under the page's heading
    assert "Attack path analysis · ECR, EKS · GA · GA · Agentless · Defender CSPM" in row
    assert "AgentlessDefender" not in row  # cells never run together


def test_bulk_pages_from_the_shell_are_the_themes_pages(project: Path) -> None:
    """With the shell off, the theme renders every page itself: byte for byte the same
    pages."""
    slow_yml = PLAIN + "  - support-matrix:\n      shell: false\n"
    (project / "slow.yml").write_text(slow_yml, encoding="utf-8")
    slow = _build(project, [str(BIN / "mkdocs"), "build", "-f", "slow.yml", "-d", "slow"], "slow")
    fast = project / "site"
    pages = sorted(p.relative_to(slow) for p in slow.rglob("*.html"))
    assert Path("containers", "features", "attack-path", "index.html") in pages
    assert Path("containers", "compare", "aws-vs-gcp", "index.html") in pages
    differ = [str(p) for p in pages if (fast / p).read_bytes() != (slow / p).read_bytes()]
    # Every page (the bulk ones, their tables of contents, the others) but What's new, whose
    # words say how history was read: `build --no-history` for the site, the plugin for `slow`.
    assert differ == ["containers/whats-new/index.html"]
