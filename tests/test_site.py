"""The built site as a whole: links resolve, ids are unique, nothing loads from the internet,
MkDocs strict mode and ProperDocs accept it, and the serve plugin regenerates on edits."""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tests.conftest import copy_project, run_generator

BIN = Path(sys.executable).parent


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        for attr in ("src", "href"):
            if a.get(attr) and tag in ("script", "link", "img", "iframe", "source"):
                self.resources.append(str(a[attr]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    pages = {p: _parse(p) for p in _html_files(built_site)}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            url, anchor = urldefrag(href)
            if url.startswith("/"):  # 404.html links from the site root
                target = (built_site / url.lstrip("/")).resolve()
            else:
                target = (path.parent / url).resolve() if url else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)}: {href} (no such page)")
            elif anchor and target.suffix == ".html" and anchor not in _parse(target).ids:
                broken.append(f"{path.relative_to(built_site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_ids_are_unique_on_every_page(built_site: Path) -> None:
    dupes = {}
    for path in _html_files(built_site):
        ids = _parse(path).ids
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            dupes[str(path.relative_to(built_site))] = repeated
    assert not dupes


def test_no_page_loads_anything_from_the_internet(built_site: Path) -> None:
    remote = []
    for path in _html_files(built_site):
        for res in _parse(path).resources:
            if urlsplit(res).scheme or res.startswith("//"):
                remote.append(f"{path.relative_to(built_site)}: {res}")
    assert not remote, "\n".join(remote)
    css = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_external_relative_links_resolve_to_the_docs_base(built_site: Path) -> None:
    html = (built_site / "containers" / "azure" / "index.html").read_text(encoding="utf-8")
    assert (
        'href="https://learn.microsoft.com/en-us/azure/defender-for-cloud/'
        'defender-for-containers-introduction#security-posture-management"' in html
    )
    assert 'href="https://learn.microsoft.com/en-us/azure/aks/intro-kubernetes"' in html
    assert not re.search(r'href="[^"#:]*\.md[#"]', html), "a .md link reached the site"


def test_mkdocs_strict_and_properdocs_build_the_generated_pages(
    built_project: Path, tmp_path: Path
) -> None:
    for tool, out in (("mkdocs", tmp_path / "mk"), ("properdocs", tmp_path / "pd")):
        result = subprocess.run(
            [str(BIN / tool), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
            cwd=built_project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{tool}: {result.stderr}"
        assert "WARNING" not in result.stderr, f"{tool}: {result.stderr}"
    ours = sorted(
        p.relative_to(tmp_path / "mk").as_posix() for p in (tmp_path / "mk").rglob("index.html")
    )
    theirs = sorted(
        p.relative_to(tmp_path / "pd").as_posix() for p in (tmp_path / "pd").rglob("index.html")
    )
    assert ours == theirs and "containers/azure/index.html" in ours
    azure = (tmp_path / "pd" / "containers" / "azure" / "index.html").read_text("utf-8")
    assert 'id="agentless-discovery"' in azure


def test_serve_config_regenerates_through_the_plugin(tmp_path: Path) -> None:
    """`mkdocs build -f mkdocs.serve.yml` runs the plugin: pages follow the data, and an
    invalid edit keeps the last good pages with the errors shown."""
    project = copy_project(tmp_path)
    data = project / "data" / "containers.yaml"

    def build() -> tuple[subprocess.CompletedProcess[str], str]:
        result = subprocess.run(
            [str(BIN / "mkdocs"), "build", "-f", "mkdocs.serve.yml"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        return result, (project / "site/containers/aws/index.html").read_text("utf-8")

    assert run_generator("generate", cwd=project).returncode == 0
    data.write_text(data.read_text("utf-8").replace("name: AWS", "name: Amazon Web Services"))
    result, html = build()
    assert result.returncode == 0, result.stderr
    assert "Amazon Web Services" in html

    text = data.read_text("utf-8")
    data.write_text(text.replace("linux: ga", "linux: gaa", 1))
    result, html = build()
    assert "error[state-unknown]" in result.stderr
    assert "Amazon Web Services" in html  # the last good page is still there
    assert "The data has errors" in html and "state-unknown" in html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_mkdocs_serve_live_reloads_on_data_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert run_generator("generate", cwd=project).returncode == 0
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "mkdocs"),
            "serve",
            "--livereload",
            "-f",
            "mkdocs.serve.yml",
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}/containers/gcp/"
    try:
        html = _poll(lambda: _fetch(url), lambda h: "GKE" in h)
        assert "Google Kubernetes Engine (GKE) Standard" in html
        data = project / "data" / "containers.yaml"
        data.write_text(data.read_text("utf-8").replace("name: GCP", "name: Google Cloud"))
        assert ">Google Cloud<" not in html
        _poll(lambda: _fetch(url), lambda h: ">Google Cloud<" in h)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(project / "site", ignore_errors=True)


def _poll(get: object, ok: object, seconds: float = 45) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = get()  # type: ignore[operator]
            if ok(last):  # type: ignore[operator]
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds}s; last response:\n{last[:500]}")


def test_every_feature_has_a_page_headed_by_its_name_and_every_row_links_to_it(
    built_site: Path,
) -> None:
    from datetime import date

    from generator import read
    from tests.conftest import ROOT

    matrix = read.check([ROOT / "data"], date(2025, 1, 1)).matrices[0]
    folder = built_site / matrix.id
    for feature in matrix.features.values():
        page = (folder / "features" / feature.id / "index.html").read_text("utf-8")
        title = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page)
        assert title and html.unescape(title.group(1)) == feature.name
    for env in matrix.environments.values():
        page = (folder / env.id / "index.html").read_text("utf-8")
        for feature_id in env.order:
            row = re.search(rf'<tr id="{feature_id}"[^>]*>(.*?)</tr>', page, re.S)
            assert row, f"{env.id}: no row {feature_id}"
            assert f'href="../features/{feature_id}/"' in row.group(1), f"{env.id}/{feature_id}"
            back = (folder / "features" / feature_id / "index.html").read_text("utf-8")
            assert f'href="../../{env.id}/#{feature_id}"' in back
