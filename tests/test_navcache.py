"""Material's navigation through `generator.navcache`: on a site of two matrices (two
navigation sections, each inactive on the other's pages) every page is byte for byte the page
MkDocs renders without the cache, and the cache was used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import navcache
from tests.conftest import SEARCH_PLUGIN, copy_project


def _site(project: Path, nav: bool) -> tuple[dict[str, bytes], int]:
    name = f"nav-{nav}.yml"
    plugin = f"  - support-matrix:\n      nav: {str(nav).lower()}\n"
    (project / name).write_text(f"INHERIT: mkdocs.yml\nplugins:\n{SEARCH_PLUGIN}{plugin}", "utf-8")
    out = project / f"site-{nav}"
    here = Path.cwd()
    os.chdir(project)
    try:
        config = load_config(name, site_dir=str(out))
        build(config)
        cache = config.plugins["support-matrix"].nav_cache
    finally:
        os.chdir(here)
    hits = cache.hits if cache else 0
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
    return pages, hits


def test_two_matrices_render_the_same_pages_with_the_cache(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    seed = (project / "data" / "containers.yaml").read_text("utf-8")
    second = seed.replace("\nid: containers\n", "\nid: second\n", 1)
    assert second != seed
    (project / "data" / "second.yaml").write_text(second, "utf-8")
    (project / "build" / "docs").mkdir(parents=True)  # the plugin generates the pages itself
    (project / "build" / "nav.yml").write_text("nav: []\n", "utf-8")
    cached, hits = _site(project, nav=True)
    plain, no_hits = _site(project, nav=False)
    assert sorted(cached) == sorted(plain)
    assert any(p.startswith("second/") for p in cached)
    differ = [p for p in sorted(cached) if cached[p] != plain[p]]
    assert differ == []
    assert hits > 20 and no_hits == 0  # each section, reused on the other matrix's pages


@pytest.mark.parametrize(
    "source",
    ["{{ item.render(nav_item, path, 2) }}", "{{ item.render(nav_item, path, 1) }}" * 2, ""],
)
def test_a_navigation_template_not_written_as_expected_is_left_alone(source: str) -> None:
    assert navcache.patch(source) is None


def test_materials_navigation_template_is_patched() -> None:
    from material import templates

    text = (Path(templates.__file__).parent / navcache.TEMPLATE).read_text("utf-8")
    patched = navcache.patch(text)
    assert patched is not None and navcache.GLOBAL in patched
