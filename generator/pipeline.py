"""The whole generation, top to bottom: load → validate → model → views → render.

`check` stops after validation; `generate` goes on to page texts. Neither writes files or
prints: the CLI and the MkDocs plugin decide what to do with the result.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import export, load, model, render, validate, views
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.errors import DataError

if TYPE_CHECKING:
    from generator.history import History


@dataclass(frozen=True, slots=True)
class Checked:
    matrices: tuple[model.Matrix, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Generated:
    pages: dict[str, str]  # docs-relative path -> text
    nav: list[Any]  # MkDocs `nav`
    matrices: tuple[model.Matrix, ...]
    diagnostics: tuple[Diagnostic, ...]  # warnings only; errors raise


def data_files(paths: Sequence[Path]) -> list[Path]:
    """Expand folders to their *.yaml files, sorted so output does not depend on the disk."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def check(paths: Sequence[Path], today: date) -> Checked:
    """Load and validate every file; all problems of all files, in file order."""
    diags: list[Diagnostic] = []
    matrices: list[model.Matrix] = []
    seen: dict[str, str] = {}
    files = data_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths) or "."
        diags.append(
            Diagnostic(
                Level.ERROR,
                "no-data",
                SourceLoc(where, 1, 1),
                (),
                "no data files found; expected *.yaml files",
            )
        )
    for path in files:
        loaded, found = load.load_file(path)
        if loaded is not None:
            found += validate.validate(loaded, today)
        diags += found
        if loaded is None or any(d.is_error for d in found):
            continue
        matrix = model.build(loaded)
        if matrix.id in seen:
            diags.append(
                Diagnostic(
                    Level.ERROR,
                    "matrix-duplicate-id",
                    loaded.loc(("id",)),
                    ("id",),
                    f"matrix id {matrix.id!r} is already used by {seen[matrix.id]}",
                )
            )
            continue
        seen[matrix.id] = loaded.file
        matrices.append(matrix)
    return Checked(tuple(matrices), tuple(diags))


def _escape_nav(nav: Any) -> Any:
    """Navigation titles reach the theme unescaped: escape the data's words here."""
    if isinstance(nav, list):
        return [_escape_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(k)): _escape_nav(v) for k, v in nav.items()}
    return nav


def generate(
    paths: Sequence[Path],
    templates: Path,
    today: date,
    history: History | None = None,
    preview: views.Preview | None = None,
) -> Generated:
    """Page texts and navigation for every matrix; raises DataError on any data error."""
    checked = check(paths, today)
    if any(d.is_error for d in checked.diagnostics):
        raise DataError(checked.diagnostics)
    page_views = [views.home_page(list(checked.matrices))]
    extra: dict[str, str] = {}
    nav: list[Any] = [{"Home": "index.md"}]
    for matrix in checked.matrices:
        matrix_views, matrix_nav, files = views.matrix_pages(matrix, history, preview)
        page_views += matrix_views
        nav += _escape_nav(matrix_nav)
        extra.update(files)
    pages = render.render_pages(page_views, templates)
    for matrix in checked.matrices:
        pages.update(export.exports(matrix))
    pages.update(extra)
    return Generated(pages, nav, checked.matrices, checked.diagnostics)
