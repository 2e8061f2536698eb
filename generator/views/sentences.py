"""Changes in readers' words: "AWS · Attack path analysis: Windows Preview → GA".

A `Change` (generator.changes) says what changed by id, for tools and reviewers; What's new and
its feed say it with the names and labels readers see on the site, the feature linked to its
page, and never an internal id. Names of things that no longer exist come from the change's own
words (its bold names).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.changes.cells import NONE
from generator.changes.escape import unescape
from generator.changes.model import Action, Change
from generator.model import Matrix
from generator.views import paths
from generator.views.base import Page, link, plain

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_UNESCAPED_COLON = re.compile(r"(?<!\\): ")
_THINGS = {
    "column": "column",
    "domain": "domain",
    "footnote": "footnote",
    "callout": "note",
    "list": "list",
    "list-item": "list item",
    "reference": "reference table",
    "section": "section",
    "state-label": "release state label",
}


def published(changes: tuple[Change, ...]) -> Markup | None:
    """ "Published with 14 features in 5 environments" for the entry that added the matrix."""
    if not any(c.thing == "matrix" and c.action is Action.ADDED for c in changes):
        return None
    features = sum(c.thing == "feature" and c.action is Action.ADDED for c in changes)
    envs = sum(c.thing == "environment" and c.action is Action.ADDED for c in changes)
    return Markup("Published with {} in {}").format(
        _count(features, "feature"), _count(envs, "environment")
    )


def sentence(page: Page, change: Change) -> Markup | None:
    """One change in readers' words; None for changes readers do not see (an id renamed)."""
    if change.thing == "cell":
        return _cell(page, change)
    if change.thing == "support":
        return _support(page, change)
    if change.thing == "feature":
        return _feature(page, change)
    if change.thing == "environment":
        return _environment(page, change)
    if change.thing == "matrix":
        return _matrix(change)
    return _record(change)


def _cell(page: Page, change: Change) -> Markup:
    words = unescape(_UNESCAPED_COLON.split(change.text)[-1])  # after the line's last ": "
    label = _header(page.matrix, change.environment, change.field)
    return Markup("{} · {}: {} {}").format(
        _env(page, change.environment), _feature_link(page, change), label, plain(words)
    )


def _support(page: Page, change: Change) -> Markup:
    feature, env = _feature_link(page, change), _env(page, change.environment)
    if change.action is Action.ADDED:
        return Markup("Added to {}: {}").format(env, feature)
    if change.action is Action.REMOVED:
        return Markup("Removed from {}: {}").format(env, feature)
    what = {
        "name": "its name on this page",
        "footnotes": "its footnotes",
        "references": "its links to reference tables",
    }.get(change.field or "", "its entry")
    return Markup("{} · {}: changed {}{}").format(env, feature, what, _values(change))


def _feature(page: Page, change: Change) -> Markup | None:
    feature = _feature_link(page, change)
    if change.action is Action.ADDED:
        envs = _feature_envs(page, change.feature_id)
        return Markup("New feature: {}{}").format(feature, f" ({envs})" if envs else "")
    if change.action is Action.REMOVED:
        return Markup("Removed feature: {}").format(change.old or _bold(change.text))
    if change.action is Action.RENAMED:
        if change.field == "id":
            return None  # only its id changed: readers see the same feature
        return Markup("Renamed: {} → {}").format(change.old, feature)
    if change.field == "callouts":
        return _callouts(page, feature, change)
    if change.field == "link":
        return Markup("{}: its documentation link changed").format(feature)
    what = {"domain": "domain", "aliases": "other names"}.get(change.field or "", "details")
    return Markup("{}: {}{}").format(feature, what, _values(change))


def _environment(page: Page, change: Change) -> Markup:
    env = _env(page, change.environment)
    if change.action is Action.ADDED:
        return Markup("Added environment {}").format(env)
    if change.action is Action.REMOVED:
        return Markup("Removed environment {}").format(_bold(change.text))
    if change.action is Action.RENAMED:
        return Markup("Renamed environment: {} → {}").format(plain(change.old or ""), env)
    what = {"name": "name", "title": "page title", "columns": "table columns"}
    return Markup("{}: {}{}").format(env, what.get(change.field or "", "details"), _values(change))


def _matrix(change: Change) -> Markup | None:
    if change.action is not Action.CHANGED:
        return None
    return Markup("This matrix's {}{}").format(change.field or "details", _values(change))


def _record(change: Change) -> Markup:
    thing = _THINGS.get(change.thing, change.thing)
    name = _bold(change.text)
    subject = Markup("{} “{}”").format(thing.capitalize(), name) if name else thing.capitalize()
    action = change.action.value
    if change.action is Action.RENAMED and change.old and change.new:
        return Markup("{} renamed: {}").format(thing.capitalize(), _arrow(change.old, change.new))
    if change.action is Action.CHANGED and not name and change.old and change.new:
        return Markup("{} changed: {}").format(subject, _arrow(change.old, change.new))
    shown = change.new if change.action is Action.ADDED else change.old
    if change.action is not Action.CHANGED and shown and not name:
        return Markup("{} {}: {}").format(subject, action, plain(shown))
    return Markup("{} {}").format(subject, action)


def _values(change: Change) -> Markup:
    if change.old is None and change.new is None:
        return Markup("")
    return Markup(": {}").format(_arrow(change.old or NONE, change.new or NONE))


def _arrow(old: str, new: str) -> str:
    return f"{plain(old)} → {plain(new)}"


def _feature_link(page: Page, change: Change) -> Markup:
    feature = page.matrix.features.get(change.feature_id or "")
    if feature is None:
        return Markup.escape(change.new or change.old or _bold(change.text) or "a feature")
    return link(page.url(paths.feature(page.matrix, feature.id)), feature.name)


def _feature_envs(page: Page, feature_id: str | None) -> str:
    feature = page.matrix.features.get(feature_id or "")
    if feature is None:
        return ""
    return ", ".join(page.matrix.environments[e].name for e in feature.support)


def _env(page: Page, env_id: str | None) -> Markup:
    env = page.matrix.environments.get(env_id or "")
    if env is None:
        return Markup("an environment")
    return link(page.url(paths.environment(page.matrix, env.id)), env.name)


def _header(matrix: Matrix, env_id: str | None, column_id: str | None) -> str:
    env = matrix.environments.get(env_id or "")
    for shown in env.columns if env else ():
        if shown.column.id == column_id:
            return shown.column.short if shown.header == shown.column.header else shown.header
    column = matrix.columns.get(column_id or "")
    return column.short if column else "a value"


def _callouts(page: Page, feature: Markup, change: Change) -> Markup:
    """A feature's notes (callouts) added or removed, each named by its first words."""
    old, new = (set((ids or "").split(", ")) - {"", NONE} for ids in (change.old, change.new))
    parts = [
        Markup("{} “{}”").format(verb, _callout_words(page, i))
        for verb, ids in (("note added:", new - old), ("note removed:", old - new))
        for i in sorted(ids)
    ]
    return Markup("{}: {}").format(feature, Markup("; ").join(parts) or "its notes changed")


def _callout_words(page: Page, callout_id: str, limit: int = 80) -> str:
    callout = page.matrix.callouts.get(callout_id)
    if callout is None:
        return "a note no longer in the data"
    words = callout.title or plain(page.md.block(callout.text)).split(". ")[0]
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _bold(text: str) -> str:
    found = _BOLD.search(text)
    return plain(unescape(found.group(1))) if found else ""


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
