"""Exceptions. One base that formats itself; the CLI prints it without a traceback."""

from __future__ import annotations

from collections.abc import Sequence

from generator.diagnostics import Diagnostic, summary


class MatrixError(Exception):
    """Any problem the user can fix; `str()` is the whole message."""


class DataError(MatrixError):
    """The data has errors; carries every diagnostic found (warnings too)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        lines = [str(d) for d in self.diagnostics]
        lines.append(summary(self.diagnostics))
        super().__init__("\n".join(lines))


class TemplateError(MatrixError):
    """A template failed to render; names the template and line."""

    def __init__(self, template: str, line: int | None, message: str) -> None:
        self.template, self.line = template, line
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: error[template] {message}")


class SiteError(MatrixError):
    """MkDocs refused to build the generated pages."""
