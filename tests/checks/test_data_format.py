"""The data format check (`generator.checks.data_format`, run with the schema check): `format`
is the schema's constant written as a whole number; `1.0`, which JSON Schema takes for 1, is
refused (schema-const), and nothing else of such a file is checked."""

from __future__ import annotations

from generator.checks import data_format
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, lines, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(data_format, text) == []


def test_schema_const_for_a_decimal_format() -> None:
    text = vary("plan: free", "plan: fre", vary("format: 1", "format: 1.0"))
    assert lines(text) == [
        "m.yaml:1:9: error[schema-const] format: expected 1, found 1.0 (a decimal number); write 1"
    ]


def test_another_format_is_the_schemas_to_report() -> None:
    assert check_lines(data_format, vary("format: 1", "format: 2")) == []
