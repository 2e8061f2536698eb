"""The whole generation, top to bottom: read (load → validate → model) → history and preview →
views → render → exports.

Every entry point (the CLI's `generate` and `build`, the MkDocs plugin, the benchmark) passes
`Options` to `generate` and gets the same `Generated`; none computes part of the result itself.
Nothing here writes files or prints.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import export, gcpause, read, render
from generator.changes import revisions
from generator.changes.compare import compare
from generator.diagnostics import Diagnostic
from generator.errors import DataError
from generator.history import History, history
from generator.views import matrix as views

DATA = Path("data")
TEMPLATES = Path("templates")
HISTORY_CACHE = Path("build/history-cache")


@dataclass(frozen=True, slots=True)
class Options:
    """What to generate, relative to `root` (the project folder)."""

    today: date
    paths: tuple[Path, ...] = (DATA,)
    templates: Path = TEMPLATES
    root: Path = Path()
    history: bool = True  # read the data's git history (What's new, change marks)
    history_cache: Path | None = HISTORY_CACHE
    preview_pr: str | None = None  # build a preview of this pull request
    preview_base: str = "origin/main"  # ... compared with this revision
    source_url: str | None = None  # data files on the repository's web view (config.py)

    def at(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path


@dataclass(frozen=True, slots=True)
class Generated:
    pages: dict[str, str]  # docs-relative path -> text
    nav: list[Any]  # MkDocs `nav`
    matrices: tuple[Any, ...]
    diagnostics: tuple[Diagnostic, ...]  # warnings only; errors raise
    notes: tuple[str, ...] = field(default=())  # things the build should say (no history, ...)
    kinds: dict[str, str] = field(default_factory=dict)  # page path -> its kind (views.base)


def check(options: Options) -> read.Checked:
    """Only the first stages: every problem of every data file."""
    return read.check([options.at(p) for p in options.paths], options.today)


def generate(options: Options) -> Generated:
    """Page texts and navigation for every matrix; raises DataError on any data error."""
    with gcpause.paused():
        return _generate(options)


def _generate(options: Options) -> Generated:
    checked = check(options)
    if not checked.ok:
        raise DataError(checked.diagnostics)
    found = _history(options)
    notes = [f"note: What's new has no entries: {found.reason}"] if found and found.reason else []
    preview = _preview(options, checked)
    sources = _sources(options)
    page_views = [views.home_page(list(checked.matrices), found)]
    files: dict[str, str] = {}
    nav: list[Any] = [{"Home": "index.md"}]
    for matrix in checked.matrices:
        matrix_views, matrix_nav, extra = views.matrix_pages(
            matrix, found, preview, today=options.today, sources=sources
        )
        page_views += matrix_views
        nav += _escape_nav(matrix_nav)
        files.update(extra)
    pages = render.render_pages(page_views, options.at(options.templates))
    for matrix in checked.matrices:
        pages.update(export.exports(matrix))
    pages.update(files)
    kinds = {v.path: v.kind for v in page_views if v.kind}
    return Generated(pages, nav, checked.matrices, checked.diagnostics, tuple(notes), kinds)


def _history(options: Options) -> History | None:
    if not options.history:
        return None
    cache = options.at(options.history_cache) if options.history_cache else None
    return history(list(options.paths), options.root.resolve(), cache=cache)


def _sources(options: Options) -> views.Sources | None:
    """Report-a-problem links: data paths are relative to the repository's root."""
    if not options.source_url:
        return None
    try:
        top = revisions.toplevel(options.root)
    except revisions.RevisionError:
        top = options.root.resolve()
    return views.Sources(options.source_url, str(top))


def _preview(options: Options, checked: read.Checked) -> views.Preview | None:
    """A pull-request preview: the features whose rows differ from the base revision's."""
    if not options.preview_pr:
        return None
    data = options.at(options.paths[0])
    old = revisions.load_side(options.preview_base, str(data), options.today, options.root)
    if not old.ok:
        raise DataError(tuple(d for d in old.diagnostics if d.is_error))
    features: dict[str, set[str]] = {}
    for change in compare(old.matrices, checked.matrices).changes:
        if change.feature_id:
            features.setdefault(change.matrix_id, set()).add(change.feature_id)
    return views.Preview(
        f"pull request #{options.preview_pr}", {m: frozenset(f) for m, f in features.items()}
    )


def _escape_nav(nav: Any) -> Any:
    """Navigation titles reach the theme unescaped: escape the data's words here."""
    if isinstance(nav, list):
        return [_escape_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(k)): _escape_nav(v) for k, v in nav.items()}
    return nav


__all__ = ["Generated", "Options", "check", "generate"]
