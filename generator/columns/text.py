"""`text` columns: Markdown, shown as written (raw HTML shown as text, links resolved)."""

from __future__ import annotations

from generator.columns.base import Kind


class TextKind(Kind):
    name = "text"
    noun = "Markdown text"

    def parse(self, text: str) -> str:
        return text


KIND = TextKind()
