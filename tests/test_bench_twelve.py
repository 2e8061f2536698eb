"""The benchmark's twelve-matrix case: twelve copies of the seed that `python -m generator check`
accepts as twelve matrices, and their hand-written equivalent, one MkDocs site without our
plugin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the root off the path
    sys.path.insert(0, str(ROOT))

from bench import handwritten, synth, twelve  # noqa: E402


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return twelve.write_data(tmp_path_factory.mktemp("twelve") / "data")


def test_twelve_copies_are_twelve_valid_matrices(data_files: list[Path]) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=data_files[0].parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert [p.name for p in data_files] == [f"containers-{n:02d}.yaml" for n in range(1, 13)]
    assert "12 matrices checked, 0 errors" in checked.stderr + checked.stdout


def test_a_copy_differs_from_the_seed_in_its_id_and_title_only() -> None:
    seed = synth.SEED_DATA.read_text(encoding="utf-8")
    copy = twelve.copy_text(seed, 7)
    changed = [
        (old, new)
        for old, new in zip(seed.splitlines(), copy.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        ("id: containers", "id: containers-07"),
        (
            "title: Containers support matrix in Defender for Cloud",
            "title: Containers support matrix in Defender for Cloud (07)",
        ),
    ]


def test_a_quoted_title_keeps_its_quotes() -> None:
    copy = twelve.copy_text('id: m\ntitle: "A: b"\n', 3)
    assert copy == 'id: m-03\ntitle: "A: b (03)"\n'


def test_handwritten_site_of_twelve_has_a_section_each_and_no_plugin_of_ours(
    data_files: list[Path],
) -> None:
    matrices = [handwritten.load_matrix(p) for p in data_files]
    config = handwritten.config_for(matrices, ROOT / "mkdocs.yml")
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins == ["search"]
    assert "INHERIT" not in config
    assert [next(iter(section)) for section in config["nav"]] == [
        "Home",
        *(m.title for m in matrices),
    ]
    pages = handwritten.site_pages(matrices)
    per_matrix = 1 + len(matrices[0].environments)
    assert len(pages) == 1 + 12 * per_matrix
    assert all(f"]({m.id}/index.md)" in pages["index.md"] for m in matrices)
