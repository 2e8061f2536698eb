"""Links: every URL the data gives, and every link and image in every Markdown text, passes the
one allow-list of `generator.urls` (issue 13): a relative link, or `http`, `https` or `mailto`,
with no control or invisible character anywhere.

Which fields hold a URL and which hold Markdown is read from the schema, so a field added there
is checked without a change here: a `$defs/url` or a `format: uri` string is a URL; a
`$defs/markdown` string, and a cell's text, is Markdown. Markdown is parsed as the site renders
it, except that every link destination is taken as a link (the renderer drops some, such as
`javascript:`, silently; here each one is reported) and is checked as written.

The walk follows the data's own shape and skips what does not fit the schema (the schema check
reports that), so it runs, and finds what it can, even in a file with shape errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic, Path
from generator.schema import document, ref_name
from generator.urls import unsafe_reason

NAME = "links"
URL, MARKDOWN = "url", "markdown"
_KIND_OF_DEF = {"url": URL, "markdown": MARKDOWN, "cell_value": MARKDOWN}


def run(ctx: Context) -> list[Diagnostic]:
    report = Report(ctx.loaded)
    for path, kind, text in fields(ctx.data):
        if kind == URL:
            reason = unsafe_reason(text)
            if reason:
                report.error("link-unsafe", path, f"unsafe link {text!r}: {reason}")
            continue
        for what, href in markdown_links(text):
            reason = unsafe_reason(href)
            if reason:
                message = f"unsafe {what} {href!r} in the Markdown: {reason}"
                report.error("link-unsafe", path, message)
    return report.diags


def fields(data: Any) -> Iterator[tuple[Path, str, str]]:
    """(path, URL or MARKDOWN, text) of every URL and Markdown string of the data."""
    schema = document()
    found: dict[Path, tuple[str, str]] = {}
    _Walk(schema, found).value((schema,), data, ())
    for path, (kind, text) in found.items():
        yield path, kind, text


def markdown_links(text: str) -> list[tuple[str, str]]:
    """("link" or "image", destination) of every link and image in `text`, as written (with
    entities and backslash escapes decoded, as Markdown reads them)."""
    if not _MAY_LINK.search(text):
        return []  # every link, image and reference definition needs a `[`; an autolink a `<`
    found: list[tuple[str, str]] = []
    for token in _PARSER.parse(text):
        _collect(token.children or [], found)
    return found


def _collect(tokens: list[Token], found: list[tuple[str, str]]) -> None:
    for token in tokens:
        if token.type == "link_open":
            found.append(("link", str(token.attrs.get("href", ""))))
        elif token.type == "image":
            found.append(("image", str(token.attrs.get("src", ""))))
            _collect(token.children or [], found)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


_PARSER = _parser()
_MAY_LINK = re.compile(r"[\[<]")


class _Walk:
    """The schema read once per node rather than once per value: what a string under a tuple of
    schemas is (the first kind found, as a depth-first reading of `$ref`, `format`, `oneOf`
    and `anyOf` finds it), and which schema nodes hold the properties and items of a mapping or
    list under it. A value under several schemas (the branches of a `oneOf`) is walked once,
    under all of them."""

    def __init__(self, root: dict[str, Any], found: dict[Path, tuple[str, str]]) -> None:
        self.root, self.found = root, found
        self.kinds: dict[tuple[int, ...], str | None] = {}
        self.frames: dict[tuple[int, ...], list[dict[str, Any]]] = {}

    def value(self, schemas: tuple[Any, ...], value: Any, path: Path) -> None:
        key = tuple(map(id, schemas))
        if isinstance(value, str):
            kind = self.kinds.get(key, "")
            if kind == "":
                kind = self.kinds[key] = next(
                    (k for k in map(self._kind, schemas) if k is not None), None
                )
            if kind is not None:
                self.found.setdefault(path, (kind, value))
            return
        if not isinstance(value, dict | list):
            return
        frames = self.frames.get(key)
        if frames is None:
            frames = self.frames[key] = [f for s in schemas for f in self._frames(s)]
        if not frames:
            return
        if isinstance(value, dict):
            for name, item in value.items():
                inner = [
                    f.get("properties", {}).get(name, f.get("additionalProperties")) for f in frames
                ]
                self.value(tuple(i for i in inner if isinstance(i, dict)), item, (*path, name))
            return
        for i, item in enumerate(value):
            inner = []
            for f in frames:
                items = f.get("prefixItems", ())
                inner.append(items[i] if i < len(items) else f.get("items"))
            self.value(tuple(i for i in inner if isinstance(i, dict)), item, (*path, i))

    def _kind(self, schema: Any) -> str | None:
        """What a string under `schema` is: URL, MARKDOWN or None."""
        if not isinstance(schema, dict):
            return None
        name = ref_name(schema)
        if name is not None:
            if name in _KIND_OF_DEF:
                return _KIND_OF_DEF[name]
            found = self._kind(self.root["$defs"].get(name))
            if found is not None:
                return found
        if schema.get("format") == "uri":
            return URL
        branches = (*schema.get("oneOf", ()), *schema.get("anyOf", ()))
        return next((k for k in map(self._kind, branches) if k is not None), None)

    def _frames(self, schema: Any) -> list[dict[str, Any]]:
        """The schema nodes whose properties and items apply to a mapping or list under
        `schema`, in the order a depth-first reading meets them."""
        if not isinstance(schema, dict):
            return []
        name = ref_name(schema)
        out = self._frames(self.root["$defs"].get(name)) if name is not None else []
        for branch in (*schema.get("oneOf", ()), *schema.get("anyOf", ())):
            out += self._frames(branch)
        return [*out, schema]
