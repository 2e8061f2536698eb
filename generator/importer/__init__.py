"""Import a hand-written support-matrix page (Markdown) as canonical matrix data, or merge a
newer version of it into existing data.

`import_page(text, name, matrix_id)` (`page`) returns the data, its YAML and the import report:
what was imported, and every place the importer had to guess, by line. `command` is the
`import` CLI command (with `--update`, see `update`). The modules, in the order they run:
`parse` (markdown-it block walk -> nodes, with `tables` splitting rows), `structure` (sections
and tabs), `envs` (environments; `pivot` for tables whose columns are environments),
`references`, `features` (rows -> features, `names` and `catalog` to recognise them, `merge` to
join and name them), `columns` (typing: `values` reads a cell, `choices` the non-state kinds),
`notes` (footnotes), `blocks` (pages), `build` (the mapping), `emit` (YAML). `--update`:
`update` (orchestration and report), `carry` (ids and cells in the existing data's terms),
`updated` (the merged data).
"""

from __future__ import annotations

from generator.importer.command import command
from generator.importer.page import ImportResult, import_page

__all__ = ["ImportResult", "command", "import_page"]
