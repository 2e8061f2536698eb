"""The built site as a whole: links resolve, ids are unique, nothing loads from the internet,
and the plugin regenerates in `mkdocs build` and `mkdocs serve` (the other engines:
test_engines.py)."""

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
    broken = broken_links(built_site)
    assert not broken, "\n".join(broken)


def broken_links(built_site: Path) -> list[str]:
    """Every internal link of the site whose page or anchor does not exist."""
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
            elif anchor and target.suffix == ".html" and anchor not in _ids(pages, target):
                broken.append(f"{path.relative_to(built_site)}: {href} (no such anchor)")
    return broken


def _ids(pages: dict[Path, _Page], target: Path) -> list[str]:
    page = pages.get(target)
    return page.ids if page is not None else _parse(target).ids


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


def test_mkdocs_build_with_the_plugin_generates_the_pages_itself(tmp_path: Path) -> None:
    """`mkdocs build` alone (mkdocs.yml lists the plugin) runs the pipeline: the pages follow
    the data; invalid data fails the build with the diagnostics, and leaves no site."""
    project = copy_project(tmp_path)
    data = project / "data" / "containers.yaml"
    assert run_generator("generate", cwd=project).returncode == 0  # build/nav.yml

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "mkdocs"), "build", "-d", "out"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )

    data.write_text(data.read_text("utf-8").replace("name: AWS", "name: Amazon Web Services"))
    result = build()
    assert result.returncode == 0, result.stderr
    assert "Amazon Web Services" in (project / "out/containers/aws/index.html").read_text("utf-8")
    shutil.rmtree(project / "out")
    data.write_text(data.read_text("utf-8").replace("linux: ga", "linux: gaa", 1))
    result = build()
    assert result.returncode == 1
    assert "error[state-unknown]" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_mkdocs_serve_rebuilds_once_per_edit_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """`make serve` (mkdocs serve with the plugin): an edit is one rebuild and reaches the
    served page; an invalid edit (a bad state, a YAML alias bomb) keeps the last good pages
    with the errors on top, and the server keeps answering."""
    project = copy_project(tmp_path)
    assert run_generator("generate", cwd=project).returncode == 0
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}/containers/gcp/"
    data = project / "data" / "containers.yaml"
    good = data.read_text("utf-8")
    try:
        html = _poll(lambda: _fetch(url), lambda h: "GKE" in h)
        assert "Google Kubernetes Engine (GKE) Standard" in html
        builds = _builds(log_path)
        data.write_text(good.replace("name: GCP", "name: Google Cloud"))
        _poll(lambda: _fetch(url), lambda h: ">Google Cloud<" in h)
        time.sleep(3)  # a second rebuild, were there one, would have started by now
        assert _builds(log_path) == builds + 1, log_path.read_text("utf-8")

        data.write_text(good.replace("name: GCP", "name: Google Cloud").replace(
            "linux: ga", "linux: gaa", 1))  # fmt: skip
        html = _poll(lambda: _fetch(url), lambda h: "The data has errors" in h)
        assert "state-unknown" in html and ">Google Cloud<" in html  # the last good page

        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        data.write_text(bomb)
        html = _poll(lambda: _fetch(url), lambda h: "yaml-alias" in h, seconds=30)
        assert ">Google Cloud<" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(project / "site", ignore_errors=True)


def _builds(log: Path) -> int:
    return log.read_text("utf-8").count("Building documentation")


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
