"""The benchmark's inputs: the synthetic matrix is valid and scaled, and the hand-written
equivalent has one Markdown table row for every feature row."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import read

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the root off the path
    sys.path.insert(0, str(ROOT))

from bench import handwritten, synth  # noqa: E402

SCALE = 3


@pytest.fixture(scope="module")
def synthetic() -> dict[str, Any]:
    return synth.make_matrix(SCALE)


@pytest.fixture
def synthetic_file(synthetic: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml.safe_dump(synthetic, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def test_synthetic_matrix_validates(synthetic_file: Path) -> None:
    checked = read.check([synthetic_file], date.today())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert [d.code for d in checked.diagnostics if d.code.startswith("unused-")] == []
    assert len(checked.matrices) == 1


def test_synthetic_matrix_is_scale_times_the_seed(synthetic: dict[str, Any]) -> None:
    seed = synth.load_seed()
    assert len(synthetic["features"]) == SCALE * len(seed["features"])
    assert synth.row_count(synthetic) == SCALE * synth.row_count(seed)
    assert len(synthetic["footnotes"]) == (SCALE + 1) * len(seed["footnotes"])
    assert synthetic["environments"].keys() == seed["environments"].keys()


def test_handwritten_has_a_table_row_per_feature_row(synthetic_file: Path) -> None:
    matrix = handwritten.load_matrix(synthetic_file)
    pages = handwritten.pages(matrix)
    for env in matrix.environments.values():
        headers = [s.header for s in env.columns]
        rows = _body_rows(pages[f"{matrix.id}/{env.id}.md"], headers)
        assert len(rows) == len(env.order), env.id
        assert all(row.count(" | ") == len(headers) - 1 for row in rows), env.id


def _body_rows(page: str, headers: list[str]) -> list[str]:
    """Body rows of the page's pipe tables whose header row is `headers`."""
    header = "| " + " | ".join(headers) + " |"
    rows: list[str] = []
    in_table = False
    for line in page.splitlines():
        if line == header:
            in_table = True
        elif in_table and line.startswith("|") and not line.startswith("| ---"):
            rows.append(line)
        elif not line.startswith("|"):
            in_table = False
    return rows
