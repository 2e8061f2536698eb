"""What's new: the data's git history as a page and an Atom feed, in readers' words, and which
rows changed recently.

Entries come from `generator.history` (the same semantic diff as `generator diff`, between
successive commits that touched the data), newest first, grouped by day. The commit that first
published a matrix is one line ("Published with 14 features in 5 environments"), and its rows
are published, not changed: a row is marked "changed" only when its facts changed after that,
within RECENT of the newest entry (measured from the history, not from today, so the same
history always builds the same pages). Without git history (a tarball) the page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from generator.changes.model import Action, Change
from generator.history import Entry, History
from generator.views import paths
from generator.views.base import BlockView, Page, PageView, file_url, plain
from generator.views.sentences import published, sentence

RECENT = timedelta(days=90)
# XML 1.0 allows neither C0 controls (but tab, newline, return) nor U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Preview:
    """A pull-request preview build: who it is for and which features it changes."""

    label: str  # e.g. "pull request #12"
    features: dict[str, frozenset[str]] = field(default_factory=dict)  # matrix id -> feature ids


@dataclass(frozen=True, slots=True)
class Told:
    """One history entry as readers read it: its sentences (HTML), newest entry first."""

    entry: Entry
    lines: tuple[Markup, ...]
    problems: tuple[str, ...] = ()


def told(page: Page, history: History) -> list[Told]:
    """This matrix's entries in readers' words, newest first, entries with nothing to say
    left out."""
    out = []
    for entry in history.entries:
        changes = tuple(c for c in entry.changes if c.matrix_id == page.matrix.id)
        first = published(changes)
        lines = (first,) if first else tuple(s for c in changes if (s := sentence(page, c)))
        if lines or entry.problems:
            out.append(Told(entry, lines, entry.problems))
    return out


def recently_changed(history: History | None, matrix_id: str) -> dict[tuple[str, str | None], date]:
    """(feature id, environment or None for every row) -> the day it last changed, for the
    changes within RECENT of the newest entry that came after the matrix was published."""
    if history is None or not history.entries:
        return {}
    newest = history.entries[0].date
    changed: dict[tuple[str, str | None], date] = {}
    for entry in history.entries:
        mine = [c for c in entry.changes if c.matrix_id == matrix_id]
        if newest - entry.date > RECENT or any(_publishes(c) for c in mine):
            break  # older entries, and the publication itself, are not changes to a row
        for c in mine:
            if c.feature_id and not (c.thing == "feature" and c.field == "id"):
                changed.setdefault((c.feature_id, c.environment), entry.date)
    return changed


def _publishes(change: Change) -> bool:
    return change.thing == "matrix" and change.action is Action.ADDED


def row_changed(
    changed: dict[tuple[str, str | None], date], feature_id: str, env_id: str
) -> str | None:
    days = [d for key in ((feature_id, env_id), (feature_id, None)) if (d := changed.get(key))]
    return max(days).isoformat() if days else None


def whats_new_page(base: Page, history: History | None) -> PageView:
    matrix = base.matrix
    path = paths.whats_new(matrix)
    page = base.at(path)
    feed = file_url(path, paths.feed(matrix))
    intro = Markup(
        "<p>Changes to this matrix, newest first. "
        '<a href="{}" type="application/atom+xml">Subscribe (Atom feed)</a>.</p>'
    ).format(feed)
    blocks = [BlockView("html", html=intro)]
    if history is None or not history.available:
        reason = history.reason if history else "no git history was read for this build"
        note = Markup('<p class="ms-no-history">No change history is available: {}.</p>')
        blocks.append(BlockView("html", html=note.format(reason)))
    else:
        if history.truncated and history.reason:
            blocks.append(BlockView("html", html=Markup("<p>{}</p>").format(history.reason)))
        for day, group in groupby(told(page, history), key=lambda t: t.entry.date):
            blocks.append(_day(day, list(group)))
    return PageView(
        path, f"What's new: {matrix.title}", "What's new", matrix.description, tuple(blocks)
    )


def _day(day: date, entries: list[Told]) -> BlockView:
    parts = []
    for t in entries:
        items = Markup("").join(Markup("<li>{}</li>").format(line) for line in t.lines)
        items += Markup("").join(
            Markup('<li class="ms-problem">The data had errors that day: <code>{}</code></li>')
            .format(p) for p in t.problems
        )  # fmt: skip
        parts.append(
            Markup('<ul id="c-{}">{}</ul><p class="ms-commit">From the change “{}”</p>').format(
                t.entry.short, items, t.entry.subject
            )
        )
    return BlockView(
        "section", title=day.isoformat(), anchor=f"d-{day.isoformat()}", html=Markup("").join(parts)
    )


def atom_feed(base: Page, history: History | None) -> str:
    """An Atom feed of the same entries and sentences (links relative to the feed)."""
    matrix = base.matrix
    page = base.at(paths.index(matrix))  # the feed sits in the index page's folder
    entries = told(page, history) if history and history.available else []
    updated = (
        entries[0].entry.date.isoformat()
        if entries
        else (matrix.updated.isoformat() if matrix.updated else "2000-01-01")
    )
    page_url = "whats-new/"  # the feed sits in the matrix's folder, beside that page
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_xml(matrix.title)}: what's new</title>",
        f"  <id>tag:support-matrix,2000:{_xml(matrix.id)}</id>",
        f"  <updated>{updated}T00:00:00Z</updated>",
        f'  <link rel="alternate" href={quoteattr(page_url)}/>',
    ]
    for t in entries:
        lines = [*t.lines, *(Markup("The data had errors: {}").format(p) for p in t.problems)]
        title = plain(str(lines[0])) + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else "")
        html = Markup("<ul>{}</ul><p>From the change “{}”</p>").format(
            Markup("").join(Markup("<li>{}</li>").format(line) for line in lines), t.entry.subject
        )
        parts += [
            "  <entry>",
            f"    <title>{_xml(f'{t.entry.date.isoformat()}: {title}')}</title>",
            f"    <id>tag:support-matrix,2000:{_xml(matrix.id)}/{t.entry.commit}</id>",
            f"    <updated>{t.entry.date.isoformat()}T00:00:00Z</updated>",
            f'    <link rel="alternate" href={quoteattr(page_url + "#c-" + t.entry.short)}/>',
            "    <author><name>data history</name></author>",
            f'    <content type="html">{_xml(str(html))}</content>',
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _xml(text: str) -> str:
    """Text for an XML element: escaped, and without the characters XML 1.0 forbids."""
    return escape(_NOT_XML.sub("\ufffd", text))
