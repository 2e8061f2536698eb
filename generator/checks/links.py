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
    _walk(schema, schema, data, (), found)
    for path, (kind, text) in found.items():
        yield path, kind, text


def markdown_links(text: str) -> list[tuple[str, str]]:
    """("link" or "image", destination) of every link and image in `text`, as written (with
    entities and backslash escapes decoded, as Markdown reads them)."""
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


def _walk(
    root: dict[str, Any],
    schema: Any,
    value: Any,
    path: Path,
    found: dict[Path, tuple[str, str]],
) -> None:
    """Record the URL and Markdown strings in `value`, which `schema` describes."""
    if not isinstance(schema, dict):
        return
    name = ref_name(schema)
    if name is not None:
        if name in _KIND_OF_DEF and isinstance(value, str):
            found.setdefault(path, (_KIND_OF_DEF[name], value))
            return
        _walk(root, root["$defs"].get(name), value, path, found)
    if isinstance(value, str) and schema.get("format") == "uri":
        found.setdefault(path, (URL, value))
    for branch in (*schema.get("oneOf", ()), *schema.get("anyOf", ())):
        _walk(root, branch, value, path, found)
    if isinstance(value, dict):
        _walk_mapping(root, schema, value, path, found)
    elif isinstance(value, list):
        items = [*schema.get("prefixItems", ())]
        for i, item in enumerate(value):
            item_schema = items[i] if i < len(items) else schema.get("items")
            _walk(root, item_schema, item, (*path, i), found)


def _walk_mapping(
    root: dict[str, Any],
    schema: dict[str, Any],
    value: dict[str, Any],
    path: Path,
    found: dict[Path, tuple[str, str]],
) -> None:
    properties = schema.get("properties", {})
    others = schema.get("additionalProperties")
    for key, item in value.items():
        _walk(root, properties.get(key, others), item, (*path, key), found)
