"""Command line: `python -m generator check|generate|build`.

Parses arguments, runs the pipeline, prints diagnostics and maps outcomes to exit codes:
0 success, 1 data or build errors (or warnings with --strict). User errors print as one line
each, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from generator import diff, pipeline, site
from generator.diagnostics import Diagnostic, summary
from generator.errors import DataError, MatrixError

DATA = Path("data")
TEMPLATES = Path("templates")
DOCS_DIR = Path("build/docs")
NAV_FILE = Path("build/nav.yml")

_data_args = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_strict = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_templates = click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=TEMPLATES,
    show_default=True,
    help="Folder of Jinja2 page templates.",
)
_docs_dir = click.option(
    "--docs-dir",
    type=click.Path(path_type=Path),
    default=DOCS_DIR,
    show_default=True,
    help="Where generated pages go (mkdocs docs_dir).",
)
_nav_file = click.option(
    "--nav-file",
    type=click.Path(path_type=Path),
    default=NAV_FILE,
    show_default=True,
    help="Generated navigation that mkdocs.yml inherits.",
)


@click.group()
@click.version_option(package_name="support-matrix")
def main() -> None:
    """Turn support-matrix YAML into a documentation site."""


@main.command()
@_data_args
@_strict
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate data files (default: data/) and report every problem."""
    checked = pipeline.check(paths or (DATA,), date.today())
    _report(checked.diagnostics, strict)
    count = len(checked.matrices)
    click.echo(
        f"{count} matrix checked, {summary(checked.diagnostics)}"
        if count == 1
        else f"{count} matrices checked, {summary(checked.diagnostics)}",
        err=True,
    )


@main.command()
@_data_args
@_strict
@_templates
@_docs_dir
@_nav_file
def generate(
    paths: tuple[Path, ...], strict: bool, templates: Path, docs_dir: Path, nav_file: Path
) -> None:
    """Write the site's pages (Markdown) from the data, without building the site."""
    _generate(paths, strict, templates, docs_dir, nav_file)


@main.command()
@_data_args
@_strict
@_templates
@_docs_dir
@_nav_file
@click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs configuration.",
)
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes; replaced only on success.",
)
def build(
    paths: tuple[Path, ...],
    strict: bool,
    templates: Path,
    docs_dir: Path,
    nav_file: Path,
    config_file: Path,
    site_dir: Path,
) -> None:
    """Generate the pages, then build the site with MkDocs."""
    generated = _generate(paths, strict, templates, docs_dir, nav_file)
    started = time.perf_counter()
    _mkdocs_logging()
    _guard(
        lambda: site.build_site(config_file, site_dir, strict=strict, matrices=generated.matrices)
    )
    click.echo(f"built {site_dir}/ in {time.perf_counter() - started:.2f}s", err=True)


def _generate(
    paths: tuple[Path, ...], strict: bool, templates: Path, docs_dir: Path, nav_file: Path
) -> pipeline.Generated:
    started = time.perf_counter()
    try:
        generated = pipeline.generate(paths or (DATA,), templates, date.today())
    except DataError as exc:
        _report(exc.diagnostics, strict)
        raise AssertionError("unreachable") from None
    except MatrixError as exc:
        _fail(str(exc))
    _report(generated.diagnostics, strict)
    changed = _guard(lambda: site.write_docs(generated.pages, docs_dir))
    _guard(lambda: site.write_nav(generated.nav, nav_file))
    rows = sum(len(m.environments[e].order) for m in generated.matrices for e in m.environments)
    click.echo(
        f"generated {len(generated.pages)} pages ({rows} feature rows, "
        f"{len(changed)} changed) in {docs_dir}/ in "
        f"{time.perf_counter() - started:.2f}s",
        err=True,
    )
    return generated


def _report(diags: tuple[Diagnostic, ...], strict: bool) -> None:
    """Print every diagnostic; exit 1 on errors, or on warnings with --strict."""
    for diag in diags:
        click.echo(str(diag), err=True)
    failed = any(d.is_error for d in diags) or (strict and bool(diags))
    if failed:
        click.echo(f"{summary(diags)}; aborted", err=True)
        sys.exit(1)


T = TypeVar("T")


def _guard(run: Callable[[], T]) -> T:
    try:
        return run()
    except MatrixError as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _mkdocs_logging() -> None:
    """Show MkDocs' warnings and errors the way `mkdocs build` does, minus the info chatter."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_support_matrix", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._support_matrix = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


main.add_command(diff.command)
