"""Import one page: `import_page(text, name, matrix_id)` -> its data, YAML, import report, and
what `check` says of the YAML (nothing, unless the importer has a bug).

The work is in `build` (the page's structure to data) and `emit` (data to YAML); this holds the
page's checks before (NUL bytes, where site-root links resolve) and after (the YAML passes
`check`), and runs without cyclic garbage collection (`gcpause`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator import gcpause, load, validate
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.errors import MatrixError
from generator.importer import build, emit
from generator.importer.ids import slug
from generator.importer.parse import front_matter
from generator.importer.report import Report

LEARN_ROOT = "https://learn.microsoft.com/en-us/"


class ImportFailed(MatrixError):
    """The page cannot be imported; `str()` is the one-line diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


@dataclass(frozen=True, slots=True)
class ImportResult:
    data: dict[str, Any]
    yaml: str
    report: Report
    check: tuple[Diagnostic, ...]  # what `check` says of the YAML (no errors expected)
    loaded: load.Loaded | None = None  # the YAML, loaded


def error(name: str, line: int, col: int, code: str, message: str) -> ImportFailed:
    return ImportFailed(Diagnostic(Level.ERROR, code, SourceLoc(name, line, col), (), message))


def import_page(
    text: str,
    name: str,
    matrix_id: str | None,
    *,
    links: dict[str, str] | None = None,
    output: str = "data/imported.yaml",
) -> ImportResult:
    """Import one page; raises ImportFailed when it holds no table to import."""
    with gcpause.paused():
        return _import_page(text, name, matrix_id, links, output)


def _import_page(
    text: str, name: str, matrix_id: str | None, links: dict[str, str] | None, output: str
) -> ImportResult:
    report = Report(name)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise error(name, 1, 1, "import-binary", "not a text file (it holds NUL bytes)")
    chosen = dict(links or {})
    if not chosen and any(k.startswith("ms.") for k in front_matter(text)[1]):
        chosen = {"root": LEARN_ROOT}
        report.guess(
            1,
            "links-root",
            f"site-root links (/azure/...) resolve against {LEARN_ROOT} (a Microsoft Learn "
            "page); pass --links-root/--links-base to change",
        )
    mid = matrix_id or slug(Path(name).stem, "matrix")
    try:
        data = build.build_matrix(text, name, mid, report, chosen)
    except build.NoTables:
        raise error(
            name, 1, 1, "import-no-tables", "no table found; expected at least one feature table"
        ) from None
    header = f"Imported from {Path(name).name} by `python -m generator import`.\n" + (
        "Review the import report (every guess has a line number) before relying on it."
    )
    text_out = emit.dump(data, header)
    loaded, diags = load.load_text(text_out, output)
    if loaded is not None:
        diags += validate.validate(loaded, date.today())
    return ImportResult(data, text_out, report, tuple(diags), loaded)
