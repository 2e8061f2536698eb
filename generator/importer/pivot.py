"""Tables whose columns are environments: `| Feature | Azure | AWS | GCP | Notes |` with a
release state per cloud (`Yes`/`No`, `✔`/`X`, `GA`, ...). Each such column is an environment of
its own, showing the feature column, its own column (as the shared `Availability` column, under
the environment's name) and the table's other columns; the table's heading becomes a domain
when several tables do this.

A column is an environment when its header names a cloud or deployment place (`PLACES`, or a
heading or tab of the page) and most of its cells are release states; a table needs two such
columns, and stands in no tab (a tab is an environment already).
"""

from __future__ import annotations

from generator.importer.ids import norm
from generator.importer.tables import Table
from generator.importer.values import blank, read_state

KEY = "availability#pivot"  # the column key every pivoted environment shows its states under
HEADER = "Availability"
STATE_SHARE = 0.6  # of the cells that are not blank: a column of release states
PLACES = frozenset(
    {
        "azure", "aws", "gcp", "amazon", "amazon web services", "google cloud",
        "google cloud platform", "azure government", "azure china", "azure china 21vianet",
        "21vianet", "azure operated by 21vianet", "on premises", "arc", "azure arc",
        "azure stack", "azure stack hci", "azure local", "oracle cloud", "oci",
        "alibaba cloud", "ibm cloud", "commercial", "commercial cloud", "commercial clouds",
        "government", "us government", "government clouds", "national clouds", "gcc",
        "gcc high", "dod", "multicloud", "hybrid", "edge", "azure commercial",
        "azure public", "public cloud", "private cloud", "sovereign cloud",
    }
)  # fmt: skip


def place_columns(
    table: Table, headers: tuple[str, ...], skip: set[int], known: set[str]
) -> tuple[int, ...]:
    """The columns that are environments (none unless there are two); `known` are the page's
    other environment names (normalised)."""
    found = []
    for i, header in enumerate(headers):
        if i in skip or norm(header) not in PLACES | known:
            continue
        cells = [row.cells[i] for row in table.rows if not blank(row.cells[i])]
        states = sum(read_state(c) is not None for c in cells)
        if cells and states >= STATE_SHARE * len(cells):
            found.append(i)
    return tuple(found) if len(found) >= 2 else ()
