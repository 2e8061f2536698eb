"""Cell and prose Markdown: CommonMark via markdown-it-py, raw HTML off, links resolved.

Raw HTML in the data is shown as text, never passed through, so no data string can inject
markup. Relative links are the seed's convention: `/azure/...` is relative to the external docs
site's root, `page.md#anchor` to its base folder (the `.md` dropped, as the published site does).

Every link and image goes through the allow-list of `generator.urls` after it is resolved
(issue 13): the `links` check reports an unsafe one, and rendering refuses it again, so that
it cannot reach a page even when the check did not run: an unsafe link is shown as its text, an
unsafe image as its alt text, and `url()` gives "#" (this page) for an unsafe address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.model import Links
from generator.urls import unsafe_reason

UNSAFE_URL = "#"
"""What `Markdown.url` gives for an address the allow-list refuses: a link to the page itself."""


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
        """Where a link in the data points on the published site; `UNSAFE_URL` ("#") when the
        allow-list refuses the link as written or as resolved."""
        safe = self.safe_url(href)
        return UNSAFE_URL if safe is None else safe

    def safe_url(self, href: str) -> str | None:
        """`href` resolved, or None when the allow-list refuses it as written or as resolved."""
        if unsafe_reason(href) is not None:
            return None
        resolved = self._resolve(href)
        return None if unsafe_reason(resolved) is not None else resolved

    def _resolve(self, href: str) -> str:
        parts = urlsplit(href)  # unsafe_reason has refused what urlsplit cannot split
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
            if token.children:
                token.children = self._defuse(token.children)

    def _defuse(self, tokens: list[Token]) -> list[Token]:
        """The inline tokens with links and images resolved; an unsafe link loses its
        `link_open`/`link_close` (its text stays), an unsafe image becomes its alt text."""
        out: list[Token] = []
        unsafe_links: list[bool] = []  # per open link: whether it was dropped
        for token in tokens:
            if token.type == "link_open":
                href = self.safe_url(str(token.attrs.get("href", "")))
                unsafe_links.append(href is None)
                if href is None:
                    continue
                token.attrs["href"] = href
            elif token.type == "link_close":
                if unsafe_links and unsafe_links.pop():
                    continue
            elif token.type == "image":
                src = self.safe_url(str(token.attrs.get("src", "")))
                alt = self._defuse(token.children or [])
                if src is None:
                    out += alt
                    continue
                token.attrs["src"], token.children = src, alt
            out.append(token)
        return out
