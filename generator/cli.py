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

from generator import diff, history, importer, pipeline, site, views
from generator.diagnostics import Diagnostic, summary
from generator.errors import DataError, MatrixError
from generator.history import History

DATA = Path("data")
TEMPLATES = Path("templates")
DOCS_DIR = Path("build/docs")
NAV_FILE = Path("build/nav.yml")
HISTORY_CACHE = Path("build/history-cache")

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
_history = click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Read the data's git history for the What's new page and feed.",
)
_preview_pr = click.option(
    "--preview-pr",
    metavar="N",
    help="Build a preview of pull request N: a banner on every page, its changed rows marked.",
)
_preview_base = click.option(
    "--preview-base",
    metavar="REV",
    default="origin/main",
    show_default=True,
    help="With --preview-pr: the revision the pull request is compared with.",
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
@_history
@_preview_pr
@_preview_base
def generate(
    paths: tuple[Path, ...],
    strict: bool,
    templates: Path,
    docs_dir: Path,
    nav_file: Path,
    history: bool,
    preview_pr: str | None,
    preview_base: str,
) -> None:
    """Write the site's pages (Markdown) from the data, without building the site."""
    extras = _extras(paths, history, preview_pr, preview_base)
    _generate(paths, strict, templates, docs_dir, nav_file, extras)


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
@_history
@_preview_pr
@_preview_base
def build(
    paths: tuple[Path, ...],
    strict: bool,
    templates: Path,
    docs_dir: Path,
    nav_file: Path,
    config_file: Path,
    site_dir: Path,
    history: bool,
    preview_pr: str | None,
    preview_base: str,
) -> None:
    """Generate the pages, then build the site with MkDocs."""
    extras = _extras(paths, history, preview_pr, preview_base)
    generated = _generate(paths, strict, templates, docs_dir, nav_file, extras)
    started = time.perf_counter()
    _mkdocs_logging()
    _guard(
        lambda: site.build_site(config_file, site_dir, strict=strict, matrices=generated.matrices)
    )
    click.echo(f"built {site_dir}/ in {time.perf_counter() - started:.2f}s", err=True)


def _extras(
    paths: tuple[Path, ...], with_history: bool, preview_pr: str | None, preview_base: str
) -> tuple[History | None, views.Preview | None]:
    """The git history (What's new) and the pull-request preview, when asked for."""
    data = list(paths or (DATA,))
    found = history.history(data, Path.cwd(), cache=HISTORY_CACHE) if with_history else None
    if found is not None and not found.available:
        click.echo(f"note: What's new has no entries: {found.reason}", err=True)
    if not preview_pr:
        return found, None
    try:
        old = diff.load_side(preview_base, str(data[0]), date.today())
    except MatrixError as exc:
        _fail(str(exc))
    _report(tuple(d for d in old.diagnostics if d.is_error), strict=False)
    new = pipeline.check(data, date.today())
    changes = diff.compare(old.matrices, new.matrices).changes
    features: dict[str, set[str]] = {}
    for change in changes:
        if change.feature_id:
            features.setdefault(change.matrix_id, set()).add(change.feature_id)
    preview = views.Preview(
        f"pull request #{preview_pr}", {m: frozenset(f) for m, f in features.items()}
    )
    return found, preview


def _generate(
    paths: tuple[Path, ...],
    strict: bool,
    templates: Path,
    docs_dir: Path,
    nav_file: Path,
    extras: tuple[History | None, views.Preview | None] = (None, None),
) -> pipeline.Generated:
    started = time.perf_counter()
    try:
        generated = pipeline.generate(paths or (DATA,), templates, date.today(), *extras)
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
main.add_command(importer.command)
