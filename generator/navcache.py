"""Material's navigation, each top-level section rendered once per page depth, not per page.

Every page renders the whole navigation, so a site of twelve matrices (twelve sections of about
ten pages each) renders each section about 120 times, most of its template time. A section that
is not the page's own (not "active") is rendered the same way on every page whose links to it
read the same: pages at the same depth (links are relative) outside the section's folders. So
the plugin's copy of `partials/nav.html` asks `NavCache` for each top-level item, which renders
it with Material's own macro the first time and reuses that output for such pages.

What the output depends on is read from MkDocs itself (`get_relative_url` of a page's URL gives
its depth), the cache lives for one build (one Jinja environment), and only sections made of
pages (no external links) are cached. When Material's `nav.html` is not written as expected,
`patch` returns None and the theme's template is used as it is. Tests build a two-matrix site
with and without the cache and compare every page byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

TEMPLATE = "partials/nav.html"
_CALL = "{{ item.render(nav_item, path, 1) }}"
_CACHED = "{{ ms_nav_item(item.render, nav_item, path, page) }}"
GLOBAL = "ms_nav_item"


def patch(source: str) -> str | None:
    """Material's `partials/nav.html` with its top-level call going through the cache, or None
    when the template does not make that call exactly once."""
    return source.replace(_CALL, _CACHED) if source.count(_CALL) == 1 else None


class NavCache:
    """The `ms_nav_item` global: a top-level navigation item, rendered or reused."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[int, str, str], Markup] = {}
        self.folders: dict[int, frozenset[str] | None] = {}  # None: not cacheable
        self.hits = 0

    def __call__(self, render: Callable[..., Markup], item: Any, path: str, page: Any) -> Markup:
        if not isinstance(page, Page) or getattr(item, "active", True):
            return render(item, path, 1)
        if id(item) not in self.folders:
            self.folders[id(item)] = _folders(item)
        folders = self.folders[id(item)]
        if folders is None or page.url.split("/", 1)[0] in folders:
            return render(item, path, 1)
        key = (id(item), path, get_relative_url("ms/", page.url))
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = render(item, path, 1)
        else:
            self.hits += 1
        return found


def _folders(item: Any) -> frozenset[str] | None:
    """The first URL segment of every page under `item` ('' for the home page); None when
    something under it is not a page (an external link, a section with a link)."""
    found: set[str] = set()
    stack = [item]
    while stack:
        node = stack.pop()
        if isinstance(node, Page):
            found.add(node.url.split("/", 1)[0])
        elif getattr(node, "is_section", False):
            stack.extend(node.children or ())
        else:
            return None
    return frozenset(found) or None
