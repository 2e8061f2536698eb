"""Import a hand-written support-matrix page (Markdown) as canonical matrix data.

`import_page(text, name, matrix_id)` returns the data, its YAML and the import report: what was
imported, and every place the importer had to guess, by line. `command` is the `import` CLI
command. The modules, in the order they run: `parse` (markdown-it token walk -> nodes, with
`tables` splitting rows), `structure` (sections and tabs), `envs` (environments), `references`,
`features`, `columns`, `notes` (footnotes), `blocks` (pages), `build` (the mapping), `emit` (YAML).
"""

from __future__ import annotations

from generator.importer.command import ImportResult, command, import_page

__all__ = ["ImportResult", "command", "import_page"]
