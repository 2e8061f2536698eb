"""What's new: the data's git history as a page and an Atom feed, and when each row changed.

Entries come from `generator.history` (the same semantic diff as `generator diff`, between
successive commits that touched the data), newest first. Without git history (a tarball) the
page says so and the build goes on. "Recently" is measured from the newest entry, not from
today, so the same history always builds the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from generator.history import Entry, History
from generator.views import paths
from generator.views.base import BlockView, Page, PageView, file_url

RECENT = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Preview:
    """A pull-request preview build: who it is for and which features it changes."""

    label: str  # e.g. "pull request #12"
    features: dict[str, frozenset[str]] = field(default_factory=dict)  # matrix id -> feature ids


def entries_for(history: History, matrix_id: str) -> list[tuple[Entry, list[str]]]:
    """(entry, Markdown lines of this matrix's changes), newest first, empty entries left out."""
    out = []
    for entry in history.entries:
        lines = [c.text for c in entry.changes if c.matrix_id == matrix_id]
        lines += [f"The data had errors: `{p}`" for p in entry.problems]
        if lines:
            out.append((entry, lines))
    return out


def recently_changed(history: History | None, matrix_id: str) -> dict[tuple[str, str | None], date]:
    """(feature id, environment or None for every row) -> the day it last changed, for the
    changes within RECENT of the newest entry."""
    if history is None or not history.entries:
        return {}
    newest = history.entries[0].date
    changed: dict[tuple[str, str | None], date] = {}
    for entry in history.entries:
        if newest - entry.date > RECENT:
            break
        for c in entry.changes:
            if c.matrix_id == matrix_id and c.feature_id:
                changed.setdefault((c.feature_id, c.environment), entry.date)
    return changed


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
    blocks = [
        BlockView(
            "html",
            html=Markup(
                "<p>Changes to this matrix, newest first, from the history of its data. "
                '<a href="{}" type="application/atom+xml">Subscribe (Atom feed)</a>.</p>'
            ).format(feed),
        )
    ]
    if history is None or not history.available:
        reason = history.reason if history else "no git history was read for this build"
        blocks.append(
            BlockView(
                "html",
                html=Markup(
                    '<p class="ms-no-history">No change history is available: {}.</p>'
                ).format(reason),
            )
        )
    else:
        if history.truncated and history.reason:
            blocks.append(BlockView("html", html=Markup("<p>{}</p>").format(history.reason)))
        for entry, lines in entries_for(history, matrix.id):
            body = page.md.block("\n".join(f"- {line}" for line in lines))
            blocks.append(
                BlockView(
                    "section",
                    title=f"{entry.date.isoformat()}: {entry.subject}",
                    anchor=f"c-{entry.short}",
                    html=Markup(body),
                )
            )
    return PageView(
        path, f"What's new: {matrix.title}", "What's new", matrix.description, tuple(blocks)
    )


def atom_feed(base: Page, history: History | None) -> str:
    """An Atom feed of the same entries (links relative to the feed, which Atom allows)."""
    matrix = base.matrix
    entries = entries_for(history, matrix.id) if history and history.available else []
    updated = (
        entries[0][0].date.isoformat()
        if entries
        else (matrix.updated.isoformat() if matrix.updated else "2000-01-01")
    )
    page_url = "whats-new/"  # the feed sits in the matrix's folder, beside that page
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(matrix.title)}: what's new</title>",
        f"  <id>tag:support-matrix,2000:{escape(matrix.id)}</id>",
        f"  <updated>{updated}T00:00:00Z</updated>",
        f'  <link rel="alternate" href={quoteattr(page_url)}/>',
    ]
    for entry, lines in entries:
        html = base.md.block("\n".join(f"- {line}" for line in lines))
        parts += [
            "  <entry>",
            f"    <title>{escape(entry.subject)}</title>",
            f"    <id>tag:support-matrix,2000:{escape(matrix.id)}/{entry.commit}</id>",
            f"    <updated>{entry.date.isoformat()}T00:00:00Z</updated>",
            f'    <link rel="alternate" href={quoteattr(page_url + "#c-" + entry.short)}/>',
            "    <author><name>data history</name></author>",
            f'    <content type="html">{escape(html)}</content>',
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
