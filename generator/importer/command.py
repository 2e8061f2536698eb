"""`python -m generator import PAGE.md [-o data/NAME.yaml]`: the page as matrix YAML.

Without `-o` the YAML goes to stdout and the report to stderr. An existing `-o` file is never
overwritten without `--force`. Problems with the input print as `FILE:LINE:COL: error[code]
message` and exit 1, with no traceback.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from generator import load, validate
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.errors import MatrixError
from generator.importer import build, emit
from generator.importer.ids import slug
from generator.importer.parse import front_matter
from generator.importer.report import Report

LEARN_ROOT = "https://learn.microsoft.com/en-us/"
_ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


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


def _error(name: str, line: int, col: int, code: str, message: str) -> ImportFailed:
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
    report = Report(name)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _error(name, 1, 1, "import-binary", "not a text file (it holds NUL bytes)")
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
        raise _error(
            name, 1, 1, "import-no-tables", "no table found; expected at least one feature table"
        ) from None
    header = f"Imported from {Path(name).name} by `python -m generator import`.\n" + (
        "Review the import report (every guess has a line number) before relying on it."
    )
    text_out = emit.dump(data, header)
    loaded, diags = load.load_text(text_out, output)
    if loaded is not None:
        diags += validate.validate(loaded, date.today())
    return ImportResult(data, text_out, report, tuple(diags))


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _error(str(path), 1, 1, "file-missing", "no such file") from None
    except OSError as exc:
        raise _error(str(path), 1, 1, "file-unreadable", f"cannot read file: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _error(
            str(path), line, col, "file-encoding", f"not UTF-8: byte {raw[exc.start]:#04x}"
        ) from None


def _check_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _ID_RE.fullmatch(value):
        raise click.BadParameter(
            f"expected lowercase letters, digits and single hyphens, found {value!r} "
            f"(did you mean {slug(value, 'matrix')!r}?)"
        )
    return value


def _check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://\S+", value):
        raise click.BadParameter(f"expected an http(s) URL, found {value!r}")
    return value if value is None or value.endswith("/") else value + "/"


@click.command("import")
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="YAML file to write."
)
@click.option(
    "--id",
    "matrix_id",
    callback=_check_id,
    help="Matrix id (default: from the output or page name).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "--links-base", callback=_check_url, help="Where page.md links resolve (https://.../)."
)
@click.option("--links-root", callback=_check_url, help="Where /root links resolve (https://.../).")
def command(
    page: Path,
    output: Path | None,
    matrix_id: str | None,
    force: bool,
    links_base: str | None,
    links_root: str | None,
) -> None:
    """Import a Markdown support-matrix page as matrix YAML, with a report of every guess."""
    if output is not None and output.exists() and not force:
        _fail(f"{output}:1:1: error[import-exists] {output} exists; pass --force to overwrite it")
    links = {k: v for k, v in (("base", links_base), ("root", links_root)) if v}
    mid = matrix_id or (slug(output.stem, "matrix") if output else None)
    try:
        result = import_page(
            _read(page), str(page), mid, links=links, output=str(output or "<stdout>")
        )
    except ImportFailed as exc:
        _fail(str(exc))
    except Exception as exc:  # a bug: one line, not a traceback (see STYLE.md, Errors)
        _fail(
            f"{page}:1:1: error[internal-error] the importer crashed: {type(exc).__name__}: {exc}"
        )
    for line in result.report.lines():
        click.echo(line, err=True)
    errors = [d for d in result.check if d.is_error]
    if errors:
        for diag in errors:
            click.echo(f"{diag} (internal: the importer wrote invalid data)", err=True)
        sys.exit(1)
    if output is None:
        click.echo(result.yaml, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.yaml, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)
