"""A cached copy of the theme's page for pages that come in bulk (one per feature, one per pair
of environments), so MkDocs renders the theme once per kind of page instead of once per page.

Pages outside the navigation at the same depth, with the same front matter keys, differ in the
theme's output only where the page's own values go: its title, description, content, table of
contents and canonical URL. The first time a kind of page is seen, the theme renders a stand-in
page whose values are sentinels; the output is cut at each sentinel, and each cut remembers how
the theme wrote the value there (as it is, escaped, or with tags stripped). Later pages are the
cuts joined with their own values. The table of contents is rendered by the theme's own partial.

Nothing is trusted blindly: the first page of each kind, and every CHECK_EVERY-th after it, is
rendered both ways, and when the two differ in one byte that kind of page is rendered by the
theme from then on (tests build the site both ways and compare every page).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

TEMPLATE = "support-matrix-bulk.html"
CHECK_EVERY = 50  # rendered by the theme too, and compared
# A sentinel: a tag, an entity and a quote, so each place it lands shows how it was written.
_S = '\x02{}\x03<i>i</i>&amp;"'
_VALUES = ("title", "description", "content", "anchor", "canonical")
_TRANSFORMS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("raw", lambda v: v),
    ("escape", lambda v: str(escape(v))),
    ("striptags", lambda v: str(escape(Markup(v).striptags()))),
    ("striptags-raw", lambda v: str(Markup(v).striptags())),
)
_TRANSFORM = dict(_TRANSFORMS)


@dataclass(frozen=True, slots=True)
class _Cut:
    text: str  # the theme's output up to the next value
    value: str  # which value follows ('' after the last cut)
    transform: str  # how the theme wrote it


class Shell:
    """Renders bulk pages from cached cuts of the theme's output, one set per kind of page."""

    def __init__(self, env: jinja2.Environment, fallback: str = "main.html") -> None:
        self.env, self.fallback = env, fallback
        self.cuts: dict[tuple[Any, ...], tuple[_Cut, ...] | None] = {}
        self.seen: dict[tuple[Any, ...], int] = {}
        self.lang: Any = None
        self.tocs: dict[tuple[Any, ...], str] = {}  # the partial's output, by the entries

    # jinja2 asks a loaded template whether it is stale
    is_up_to_date = True

    def render(self, context: dict[str, Any]) -> str:
        page: Page = context["page"]
        real = self.env.get_template(self.fallback)
        key = _key(page, context)
        if key not in self.cuts:
            self.cuts[key] = self._cut(real, context)
            self.seen[key] = 0
        cuts = self.cuts[key]
        if cuts is None:
            return real.render(context)
        filled = self._fill(cuts, context)
        self.seen[key] += 1
        if self.seen[key] % CHECK_EVERY == 1:  # the first page of a kind, then every so often
            expected = real.render(context)
            if filled != expected:
                self.cuts[key] = None
                return expected
        return filled

    def _cut(self, real: jinja2.Template, context: dict[str, Any]) -> tuple[_Cut, ...] | None:
        page: Page = context["page"]
        sentinels = _sentinels(page)
        stand_in = _stand_in(page, sentinels)
        output = real.render({**context, "page": stand_in})
        toc = self._toc({**context, "page": stand_in})
        if output.count(toc) != 1:
            return None
        before, after = output.split(toc)
        cuts = [*_split(before, sentinels), _Cut("", "toc", "raw"), *_split(after, sentinels)]
        return tuple(cuts)

    def _toc(self, context: dict[str, Any]) -> str:
        """The theme's table of contents for the page (Material's partial expects `lang`, which
        its page template imports). The partial reads nothing of the page but its entries, so
        pages with the same entries (every feature page has the same headings) share it."""
        key = _toc_shown(context["page"].toc or ())
        found = self.tocs.get(key)
        if found is None:
            if self.lang is None:
                language = self.env.get_template("partials/language.html")
                self.lang = language.make_module(vars=context)
            toc = self.env.get_template("partials/toc.html")
            found = self.tocs[key] = toc.render({**context, "lang": self.lang})
        return found

    def _fill(self, cuts: tuple[_Cut, ...], context: dict[str, Any]) -> str:
        page: Page = context["page"]
        values = _values(page)
        out = []
        for cut in cuts:
            out.append(cut.text)
            if cut.value == "toc":
                out.append(self._toc(context))
            elif cut.value:
                out.append(_TRANSFORM[cut.transform](values[cut.value]))
        return "".join(out)


def _key(page: Page, context: dict[str, Any]) -> tuple[Any, ...]:
    """Pages with the same key differ only in their own values."""
    meta = page.meta or {}
    return (
        page.url.rsplit("/", 2)[0],  # the parent folder: relative links depend on it
        tuple(sorted(k for k in meta if k != "search")),
        tuple(meta.get("hide") or ()),
        page.is_homepage,
        page.parent is None,
        bool(page.toc and list(page.toc)),
        "<h1" in (page.content or ""),  # Material adds a heading when the content has none
        page.previous_page is None and page.next_page is None,
    )


def _toc_shown(toc: Any) -> tuple[Any, ...]:
    """The entries Material's partial shows: a first entry of level 1 (the page's heading)
    stands for the page, and only its children are shown."""
    first = next(iter(toc), None)
    if first is not None and first.level == 1:
        return ("under the heading", _toc_key(first.children))
    return ("all", _toc_key(toc))


def _toc_key(toc: Any) -> tuple[Any, ...]:
    """What Material's table of contents shows of a page's entries, nested."""
    return tuple(
        (e.level, e.url, e.title, repr(getattr(e, "typeset", None)), _toc_key(e.children))
        for e in toc
    )


def _values(page: Page) -> dict[str, str]:
    meta = page.meta or {}
    first = next(iter(page.toc), None) if page.toc else None
    return {
        "title": str(meta.get("title", page.title or "")),
        "description": str(meta.get("description", "")),
        "content": str(page.content or ""),
        "anchor": first.id if first else "",
        "canonical": str(page.canonical_url or ""),
    }


def _sentinels(page: Page) -> dict[str, str]:
    sentinels = {v: _S.format(v.upper()) for v in _VALUES}
    if "<h1" in (page.content or ""):
        sentinels["content"] += "<h1>"  # the theme checks the content for a heading
    return sentinels


def _stand_in(page: Page, sentinel: dict[str, str]) -> Any:
    """The page with a sentinel for each of its own values."""
    stand_in = copy.copy(page)
    meta = dict(page.meta or {})
    meta["title"] = sentinel["title"]
    if "description" in meta:
        meta["description"] = sentinel["description"]
    stand_in.meta = meta
    stand_in.title = sentinel["title"]
    stand_in.content = sentinel["content"]
    first = next(iter(page.toc), None) if page.toc else None
    if first is not None:
        top = AnchorLink(sentinel["title"], sentinel["anchor"], first.level)
        top.children = first.children
        stand_in.toc = TableOfContents([top, *list(page.toc)[1:]])
    if page.canonical_url:
        stand_in.canonical_url = sentinel["canonical"]
    return stand_in


def _split(text: str, sentinels: dict[str, str]) -> list[_Cut]:
    """Cut the theme's output at every sentinel, noting how each was written."""
    found: list[tuple[int, str, str, int]] = []
    for value, raw in sentinels.items():
        for name, transform in _TRANSFORMS:
            written = transform(raw)
            start = text.find(written)
            while start >= 0:
                found.append((start, value, name, len(written)))
                start = text.find(written, start + len(written))
    found.sort()
    cuts, at = [], 0
    for start, value, name, length in found:
        if start < at:
            continue  # the same place, found by another transform
        cuts.append(_Cut(text[at:start], value, name))
        at = start + length
    cuts.append(_Cut(text[at:], "", "raw"))
    return cuts
