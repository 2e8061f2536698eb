"""Reading data: load → validate → model, for every file, all problems of all files at once.

The first stages of the pipeline, on their own: `check` uses them alone, and so do the diff and
the history walk, which read older versions of the data (they live below `pipeline` so that
nothing reading data needs the views).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import load, model, validate
from generator.diagnostics import Diagnostic, Level, SourceLoc


@dataclass(frozen=True, slots=True)
class Checked:
    matrices: tuple[model.Matrix, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


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
