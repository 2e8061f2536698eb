"""Semantic diffs of the data: the change types (`model`), the comparison (`compare`), its
Markdown and JSON output (`output`) and the data at git revisions (`revisions`)."""
