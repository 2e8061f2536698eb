"""Moved: the check tests are in `tests/checks/` (one file per check) and the column kind tests
in `tests/columns/`. This module only re-exports the shared helpers for the test modules that
still import them from here (`test_csv.py`, `test_links_check.py`, `test_validate_cascades.py`);
delete it once they import `tests.checks.helpers` instead."""

from tests.checks.helpers import diagnose, drop, lines, matrix, vary, write

__all__ = ["diagnose", "drop", "lines", "matrix", "vary", "write"]
