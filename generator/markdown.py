"""Cell and prose Markdown: CommonMark via markdown-it-py, raw HTML off, links resolved.

Raw HTML in the data is shown as text, never passed through, so no data string can inject
markup. Relative links are the seed's convention: `/azure/...` is relative to the external docs
site's root, `page.md#anchor` to its base folder (the `.md` dropped, as the published site does).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from generator.model import Links


class Markdown:
    def __init__(self, links: Links) -> None:
        self.links = links
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False})
        self._md.core.ruler.push("resolve_links", self._resolve_links)
        self._cache: dict[tuple[str, bool], str] = {}

    def block(self, text: str) -> str:
        """Markdown as block HTML: paragraphs, lists."""
        return self._render(text, inline=False)

    def inline(self, text: str) -> str:
        """Markdown for a table cell or heading: a lone paragraph is unwrapped."""
        return self._render(text, inline=True)

    def _render(self, text: str, inline: bool) -> str:
        key = (text, inline)
        if key not in self._cache:
            html = self._md.render(text).strip()
            if (
                inline
                and html.startswith("<p>")
                and html.endswith("</p>")
                and html.count("<p>") == 1
            ):
                html = html[3:-4]
            self._cache[key] = html
        return self._cache[key]

    def url(self, href: str) -> str:
        """Where a link in the data points on the published site."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            return href
        if href.startswith("/"):
            return self.links.root + href[1:] if self.links.root else href
        if not self.links.base:
            return href
        path = parts.path[:-3] if parts.path.endswith(".md") else parts.path
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.links.base}{path}{query}{fragment}"

    def _resolve_links(self, state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "link_open":
                    child.attrs["href"] = self.url(str(child.attrs["href"]))
