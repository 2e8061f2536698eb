"""Downloads published with the site: the whole matrix as JSON (with its schema) and each
environment's table as CSV.

`matrix.json` holds the normalised data (`dump`), so loading it gives the same model as loading
the YAML; `matrix.schema.json` beside it validates it without anything else.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.columns import text
from generator.dump import dump
from generator.model import Matrix
from generator.schema import document
from generator.views import paths

EXPORT_FORMAT = 1


def exports(matrix: Matrix) -> dict[str, str]:
    document = {
        "$schema": "matrix.schema.json",
        "export_format": EXPORT_FORMAT,
        "matrix": dump(matrix),
    }
    files = {
        paths.matrix_json(matrix): _json(document),
        paths.matrix_schema(matrix): _json(export_schema()),
    }
    for env_id in matrix.environments:
        files[paths.environment_csv(matrix, env_id)] = environment_csv(matrix, env_id)
    return files


def export_schema() -> dict[str, Any]:
    """The export's schema: an envelope around the data schema, in one self-contained file."""
    data = document()
    body = {k: v for k, v in data.items() if k not in ("$schema", "$id", "$defs")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Support matrix export",
        "type": "object",
        "additionalProperties": False,
        "required": ["export_format", "matrix"],
        "properties": {
            "$schema": {"type": "string"},
            "export_format": {"const": EXPORT_FORMAT},
            "matrix": {"$ref": "#/$defs/matrix"},
        },
        "$defs": {**data["$defs"], "matrix": body},
    }


def environment_csv(matrix: Matrix, env_id: str) -> str:
    """One row per feature: its id, then the plain text of every column the table shows."""
    env = matrix.environments[env_id]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *(s.header for s in env.columns)])
    for feature in matrix.features_in(env_id):
        texts = []
        for shown in env.columns:
            texts.append(text(matrix, env_id, feature, shown.column))
        writer.writerow([feature.id, *texts])
    return out.getvalue()


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
