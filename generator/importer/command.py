"""`python -m generator import PAGE.md [-o data/NAME.yaml] [--update data/NAME.yaml]`: the page
as matrix YAML, or merged into the data that exists for it (see `update`).

Without `-o` the YAML goes to stdout and the report to stderr (`--report FILE` writes it there
too). An existing `-o` file is never overwritten without `--force`. `--update FILE` rewrites FILE
in place, atomically, keeping the previous version as `FILE.bak`. Files are written whole or not
at all (a temporary file renamed over the target). Problems with the input print as
`FILE:LINE:COL: error[code] message` and exit 1, with no traceback; nothing is written then.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from generator import gcpause
from generator.diagnostics import Diagnostic
from generator.errors import MatrixError
from generator.importer.ids import slug
from generator.importer.page import ImportFailed, error, import_page
from generator.importer.update import UpdateFailed, read_existing, update
from generator.safe_fs import is_file, os_errors, write_if_changed
from generator.urls import unsafe_reason
from generator.vocabulary import ID


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(str(path), 1, 1, "file-missing", "no such file") from None
    except OSError as exc:
        raise error(str(path), 1, 1, "file-unreadable", f"cannot read file: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise error(
            str(path), line, col, "file-encoding", f"not UTF-8: byte {raw[exc.start]:#04x}"
        ) from None


def _check_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not ID.fullmatch(value):
        raise click.BadParameter(
            f"expected lowercase letters, digits and single hyphens, found {value!r} "
            f"(did you mean {slug(value, 'matrix')!r}?)"
        )
    return value


def _check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not re.fullmatch(r"https?://\S+", value) or unsafe_reason(value)):
        raise click.BadParameter(f"expected an http(s) URL, found {value!r}")
    return value if value is None or value.endswith("/") else value + "/"


@click.command("import")
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="YAML file to write."
)
@click.option(
    "--update",
    "existing",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Data file to update from the page: ids, renames and hand edits kept; written in "
    "place (previous version kept as FILE.bak) unless -o is given.",
)
@click.option(
    "--report",
    "report_to",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the report to this file.",
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
    existing: Path | None,
    report_to: Path | None,
    matrix_id: str | None,
    force: bool,
    links_base: str | None,
    links_root: str | None,
) -> None:
    """Import a Markdown support-matrix page as matrix YAML, with a report of every guess;
    with --update, merge it into an existing data file."""
    if output is not None and output.exists() and not force:
        _fail(f"{output}:1:1: error[import-exists] {output} exists; pass --force to overwrite it")
    links = {k: v for k, v in (("base", links_base), ("root", links_root)) if v}
    target: Path | None = output
    try:
        if existing is not None:
            lines, text = _update(page, existing, links)
            target = output or existing
        else:
            lines, text = _import(page, output, matrix_id, links)
    except (ImportFailed, UpdateFailed) as exc:
        _fail(str(exc))
    except Exception as exc:  # a bug: one line, not a traceback (see STYLE.md, Errors)
        _fail(
            f"{page}:1:1: error[internal-error] the importer crashed: {type(exc).__name__}: {exc}"
        )
    _report(lines, report_to)
    if target is None:
        click.echo(text, nl=False)
        return
    backup = target.with_name(target.name + ".bak") if target == existing else None
    write_atomically(target, text, backup)
    kept = f" (the previous version is {backup})" if backup else ""
    click.echo(f"wrote {target}{kept}", err=True)


def _import(
    page: Path, output: Path | None, matrix_id: str | None, links: dict[str, str]
) -> tuple[list[str], str]:
    mid = matrix_id or (slug(output.stem, "matrix") if output else None)
    result = import_page(_read(page), str(page), mid, links=links, output=str(output or "<stdout>"))
    _refuse_invalid(result.report.lines(), result.check)
    return result.report.lines(), result.yaml


def _update(page: Path, existing: Path, links: dict[str, str]) -> tuple[list[str], str]:
    with gcpause.paused():
        loaded = read_existing(existing, date.today())
        result = update(_read(page), str(page), loaded, links=links or None)
    lines = [*result.imported.report.lines(), *result.report.lines()]
    _refuse_invalid(lines, result.check, "the update")
    return lines, result.yaml


def _refuse_invalid(
    lines: list[str], check: tuple[Diagnostic, ...], what: str = "the importer"
) -> None:
    errors = [d for d in check if d.is_error]
    if errors:
        _fail("\n".join([*lines, *(f"{d} (internal: {what} wrote invalid data)" for d in errors)]))


def _report(lines: list[str], to: Path | None) -> None:
    for line in lines:
        click.echo(line, err=True)
    if to is not None:
        write_atomically(to, "".join(f"{line}\n" for line in lines))


def write_atomically(path: Path, text: str, backup: Path | None = None) -> None:
    """Write `path` through a temporary file renamed over it (`safe_fs`); `backup` first
    receives the previous version. A failure exits with one line."""
    try:
        with os_errors(path, "import-write", "cannot write the file"):
            path.parent.mkdir(parents=True, exist_ok=True)
            if backup is not None and is_file(path):
                shutil.copy2(path, backup)
            write_if_changed(path, text)
    except MatrixError as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)
