"""Exports: matrix.json validates against the schema published beside it and loads back into
the same model as the YAML; each environment's CSV has its table's rows and headers."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import load, model, read
from generator.dump import dump
from generator.validate import validate
from tests.conftest import FIXTURES, ROOT

SOURCES = [ROOT / "data" / "containers.yaml", FIXTURES / "matrices" / "drivers.yaml"]


def _model(path: Path) -> model.Matrix:
    loaded, diags = load.load_file(path)
    assert loaded is not None and not diags
    return model.build(loaded)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_dump_then_load_gives_the_same_model(source: Path) -> None:
    matrix = _model(source)
    loaded, diags = load.load_text(yaml.safe_dump(dump(matrix), sort_keys=False), "dump.yaml")
    assert loaded is not None and not diags
    assert not [d for d in validate(loaded, date(2025, 1, 1)) if d.is_error]
    assert model.build(loaded) == matrix


def test_matrix_json_validates_and_round_trips(built_site: Path) -> None:
    folder = built_site / "containers"
    document = json.loads((folder / "matrix.json").read_text("utf-8"))
    export_schema = json.loads((folder / "matrix.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(export_schema).validate(document)
    assert document["export_format"] == 1
    loaded, diags = load.load_text(json.dumps(document["matrix"]), "matrix.json")
    assert loaded is not None and not diags
    assert model.build(loaded) == _model(ROOT / "data" / "containers.yaml")


def test_the_export_schema_rejects_a_broken_export(built_site: Path) -> None:
    folder = built_site / "containers"
    document = json.loads((folder / "matrix.json").read_text("utf-8"))
    export_schema = json.loads((folder / "matrix.schema.json").read_text("utf-8"))
    document["matrix"]["columns"]["linux"]["type"] = "stat"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(export_schema).validate(document)


def test_each_environment_csv_has_its_table(built_site: Path) -> None:
    matrix = read.check([ROOT / "data"], date(2025, 1, 1)).matrices[0]
    for env in matrix.environments.values():
        text = (built_site / "containers" / f"{env.id}.csv").read_text("utf-8")
        rows = list(csv.reader(text.splitlines()))
        assert rows[0] == ["id", *(s.header for s in env.columns)]
        assert [r[0] for r in rows[1:]] == list(env.order)
        assert all(len(r) == len(rows[0]) for r in rows)
        page = (built_site / "containers" / env.id / "index.html").read_text("utf-8")
        assert f'href="../{env.id}.csv" download' in page
