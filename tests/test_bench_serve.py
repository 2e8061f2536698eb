"""The benchmark's serve edit: it renames a feature that the environment page lists under its
own name, and the edited data stays valid."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator import read

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the root off the path
    sys.path.insert(0, str(ROOT))

from bench import serve, synth  # noqa: E402
from bench.runner import BuildFailed  # noqa: E402


def test_the_edit_renames_one_feature_listed_on_the_page(tmp_path: Path) -> None:
    seed = synth.SEED_DATA.read_text(encoding="utf-8")
    feature = serve.editable_feature(seed)
    edited = serve.rename(serve.rename(seed, feature, "Benchedit1"), feature, "Benchedit2")
    data = yaml.safe_load(edited)
    name = synth.load_seed()["features"][feature]["name"]
    assert data["features"][feature]["name"] == f"{name} Benchedit1 Benchedit2"
    assert "name" not in data["features"][feature]["support"][serve.ENV]
    assert len(edited.splitlines()) == len(seed.splitlines())
    path = tmp_path / "containers.yaml"
    path.write_text(edited, encoding="utf-8")
    checked = read.check([path], date.today())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []


def test_a_quoted_name_keeps_its_quotes() -> None:
    text = "features:\n  a:\n    name: 'Name'\n    domain: x\n"
    assert serve.rename(text, "a", "W") == "features:\n  a:\n    name: 'Name W'\n    domain: x\n"


def test_a_feature_without_a_name_line_is_an_error() -> None:
    with pytest.raises(BuildFailed, match="no `name:` line for feature 'b'"):
        serve.rename("features:\n  a:\n    name: A\n", "b", "W")
