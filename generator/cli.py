"""Command line: `python -m generator check|generate|build|diff|import`.

Parses arguments into the pipeline's options, runs it, prints diagnostics and maps outcomes to
exit codes: 0 success, 1 data or build errors (or warnings with --strict). User errors print as
one line each, never as a traceback.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, NoReturn, TypeVar

import click

from generator import config, pipeline, site
from generator.changes import revisions
from generator.changes.compare import compare
from generator.changes.output import to_json, to_markdown
from generator.diagnostics import Diagnostic, summary
from generator.errors import DataError, MatrixError

CONFIG = Path("mkdocs.yml")
DOCS_DIR = Path("build/docs")
NAV_FILE = Path("build/nav.yml")
T = TypeVar("T")

_data_args = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_strict = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_templates = click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=pipeline.TEMPLATES,
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


class _Commands(click.Group):
    """The commands, `import` loaded only when it runs: the importer is a large package, and
    every other command (every build) would pay for importing it."""

    LAZY: ClassVar[dict[str, str]] = {"import": "generator.importer"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            command: click.Command = importlib.import_module(self.LAZY[name]).command
            return command
        return super().get_command(ctx, name)


@click.group(cls=_Commands)
@click.version_option(package_name="support-matrix")
def main() -> None:
    """Turn support-matrix YAML into a documentation site."""
    # Each command is one batch of work that ends with the process: cyclic garbage collection
    # would only walk its long-lived objects again and again (generator.gcpause).
    gc.disable()


@main.command()
@_data_args
@_strict
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate data files (default: data/) and report every problem."""
    checked = pipeline.check(pipeline.Options(date.today(), paths or (pipeline.DATA,)))
    _report(checked.diagnostics, strict)
    count = len(checked.matrices)
    noun = "matrix" if count == 1 else "matrices"
    click.echo(f"{count} {noun} checked, {summary(checked.diagnostics)}", err=True)


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
    options = _options(paths, templates, history, preview_pr, preview_base, CONFIG)
    started = time.perf_counter()
    generated = _generate(options, strict)
    changed = _guard(lambda: site.write_docs(generated.pages, docs_dir))
    _guard(lambda: site.write_nav(generated.nav, nav_file))
    took = time.perf_counter() - started
    click.echo(
        f"{_generated(generated)}, {len(changed)} changed, in {docs_dir}/, in {took:.2f}s",
        err=True,
    )


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
    default=CONFIG,
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
    options = _options(paths, templates, history, preview_pr, preview_base, config_file)
    started = time.perf_counter()
    generated = _generate(options, strict)
    _guard(lambda: site.write_nav(generated.nav, nav_file))
    _guard(lambda: site.claim_docs(docs_dir))  # MkDocs wants its docs_dir to exist
    took = time.perf_counter() - started
    _mkdocs_logging()
    # The support-matrix plugin, when mkdocs.yml lists it, takes these pages from memory
    # instead of running the pipeline again or reading them from docs_dir.
    from generator import mkdocs_plugin  # MkDocs is imported only for a build

    def pages(config: Any) -> None:
        """Once MkDocs has read its configuration: the pages on disk only if it reads them."""
        if mkdocs_plugin.takes_pages(config, docs_dir):
            site.clear_docs(docs_dir)  # none on disk, and none left over from `generate`
            where = "handed to MkDocs in memory (support-matrix plugin)"
        else:
            changed = site.write_docs(generated.pages, docs_dir)
            where = f"{len(changed)} changed, in {docs_dir}/"
        click.echo(f"{_generated(generated)}, {where}, in {took:.2f}s", err=True)

    mkdocs_plugin.HANDOFF[str(docs_dir.resolve())] = generated
    started = time.perf_counter()
    try:
        _guard(
            lambda: site.build_site(
                config_file, site_dir, strict=strict, matrices=generated.matrices, before=pages
            )
        )
    finally:
        mkdocs_plugin.HANDOFF.clear()
    click.echo(f"built {site_dir}/ in {time.perf_counter() - started:.2f}s", err=True)


@main.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--base", metavar="REV", help="Compare NEW (default: data/) with REV's version.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for people (PR comments, job summaries), JSON for tools.",
)
def diff(old: str | None, new: str | None, base: str | None, fmt: str) -> None:
    """Show what changed in the data between OLD and NEW, by id.

    OLD and NEW are each a data file or folder, a git revision (its data/) or REV:PATH.
    Without NEW, NEW is data/; without either, OLD is HEAD. With --base REV, the one argument
    is NEW (default data/) and OLD is REV's version of it. Exits 0 with or without changes,
    1 when a side cannot be read or its data is invalid.
    """
    if base is not None:
        if new is not None:
            raise click.UsageError("with --base, give at most one PATH (the new side)")
        new, old = old or "data", f"{base}:{old or 'data'}"
    new = new or "data"
    old = old or "HEAD"
    default = revisions.default_path(new, old)
    today = date.today()
    try:
        before = revisions.load_side(old, default, today)
        after = revisions.load_side(new, default, today)
    except MatrixError as exc:
        _fail(f"diff: {exc}")
    diags = (*before.diagnostics, *after.diagnostics)
    if any(d.is_error for d in diags):  # warnings alone are not the diff's business
        _report(diags, strict=False)
    result = compare(before.matrices, after.matrices)
    if fmt == "json":
        click.echo(json.dumps(to_json(result, old, new), indent=2, ensure_ascii=False))
    else:
        click.echo(to_markdown(result), nl=False)


def _options(
    paths: tuple[Path, ...],
    templates: Path,
    history: bool,
    preview_pr: str | None,
    preview_base: str,
    config_file: Path,
) -> pipeline.Options:
    return pipeline.Options(
        build_date(),
        paths or (pipeline.DATA,),
        templates,
        history=history,
        preview_pr=preview_pr,
        preview_base=preview_base,
        source_url=config.source_url(config.settings(config_file)),
    )


def build_date() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds: which callouts have
    ended depends on the date)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def _generate(options: pipeline.Options, strict: bool) -> pipeline.Generated:
    """The pipeline's pages, with its notes and warnings printed; exits on errors."""
    try:
        generated = pipeline.generate(options)
    except DataError as exc:
        _report(exc.diagnostics, strict)
        raise AssertionError("unreachable") from None
    except MatrixError as exc:
        _fail(str(exc))
    for note in generated.notes:
        click.echo(note, err=True)
    _report(generated.diagnostics, strict)
    return generated


def _generated(generated: pipeline.Generated) -> str:
    rows = sum(len(m.environments[e].order) for m in generated.matrices for e in m.environments)
    return f"generated {len(generated.pages)} pages ({rows} feature rows)"


def _report(diags: tuple[Diagnostic, ...], strict: bool) -> None:
    """Print every diagnostic; exit 1 on errors, or on warnings with --strict."""
    for diag in diags:
        click.echo(str(diag), err=True)
    failed = any(d.is_error for d in diags) or (strict and bool(diags))
    if failed:
        click.echo(f"{summary(diags)}; aborted", err=True)
        sys.exit(1)


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
