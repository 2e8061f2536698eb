"""The columns check (`generator.checks.columns`): a column id that names one of a table's own
settings in the page's address (column-reserved-id).

(The column kinds themselves are tested in `tests/columns/`.)
"""

from __future__ import annotations

import pytest

from generator.checks import columns
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, lines, matrix


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(columns, text) == []


@pytest.mark.parametrize("col_id", ["q", "sort", "hide"])
def test_column_reserved_id(col_id: str) -> None:
    assert lines(matrix().replace("plan", col_id)) == [
        f"m.yaml:17:3: error[column-reserved-id] columns.{col_id}: column id {col_id!r} names a"
        " setting of every table in the page's address; expected another id (reserved: 'q',"
        " 'sort', 'hide')"
    ]


def test_ids_that_only_contain_a_reserved_word_are_accepted() -> None:
    assert lines(matrix().replace("plan", "sort-order")) == []
