"""Cells of feature tables: what one environment says about one feature in one column.

Each column kind (`generator.columns`) makes its own cells; this module adds the cells that
belong to no column: an environment that does not list a feature, a column an environment's
table does not show.
"""

from __future__ import annotations

from generator.columns import absent_cell, cell, value_cell

__all__ = ["absent_cell", "cell", "value_cell"]
