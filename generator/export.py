"""Downloads published with the site: the whole matrix as JSON (with its schema) and each
environment's table as CSV.

`matrix.json` holds the normalised data (`dump`), so loading it gives the same model as loading
the YAML; `matrix.schema.json` beside it validates it without anything else.

CSV cells are neutralised against formula injection (issue 13; OWASP's "CSV Injection"): a
spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so such a cell gets a leading `'`, which spreadsheets read as "this
is text" and do not show. The full-width forms of those four (U+FF1D, U+FF0B, U+FF0D, U+FF20),
which some spreadsheets also accept, are treated the same. One exception: a cell that is
exactly the data's "not applicable" (`-`, `vocabulary.NOT_APPLICABLE`) stays as it is: no
spreadsheet reads a lone `-` as a formula, and it is the most common cell of the tables.
A carriage return inside a cell becomes a line feed: the writer quotes a cell with a line feed
(its line terminator) but not one with a lone carriage return, which a spreadsheet would read as
the start of a new row, whose first cell could then be a formula.
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
from generator.vocabulary import NOT_APPLICABLE

EXPORT_FORMAT = 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a spreadsheet may read as the start of a formula; `csv_cell` defuses them."""


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
    writer.writerow([csv_cell(c) for c in ("id", *(s.header for s in env.columns))])
    for feature in matrix.features_in(env_id):
        texts = [text(matrix, env_id, feature, shown.column) for shown in env.columns]
        writer.writerow([csv_cell(c) for c in (feature.id, *texts)])
    return out.getvalue()


def csv_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula: a leading `'` where it starts
    with one of `FORMULA_STARTS`, except for a lone "not applicable" (`-`); carriage returns
    as line feeds, so that the cell is quoted."""
    if text.startswith(FORMULA_STARTS) and text != NOT_APPLICABLE:
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _json(value: Any) -> str:
    # One line: the C encoder (indent= takes the pure-Python one, 5x slower on a big matrix).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
