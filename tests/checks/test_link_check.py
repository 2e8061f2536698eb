"""The links check (`generator.checks.links`): the valid case, and its one code, link-unsafe,
for a URL field and for a link and an image in Markdown.

The allow-list itself and every field the check walks are tested in depth elsewhere
(`tests/test_urls.py` and the links check's own tests); this file holds what each check's
file holds: nothing for the valid document, and each code as a whole line.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks import links
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, lines, vary

SCHEME = "the scheme {!r} is not allowed; expected http, https, mailto or a relative link"


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(links, text) == []


def test_link_unsafe_in_a_url_field() -> None:
    assert lines(vary("name: Discovery", 'name: Discovery\nlink: "javascript:alert(1)"')) == [
        "m.yaml:49:11: error[link-unsafe] features.discovery.link: unsafe link"
        f" 'javascript:alert(1)': {SCHEME.format('javascript')}"
    ]


def test_link_unsafe_in_markdown() -> None:
    text = vary("tested: Only tested on AKS.", 'tested: "Only [tested](javascript:1) on AKS."')
    assert lines(text) == [
        "m.yaml:63:11: error[link-unsafe] footnotes.tested: unsafe link 'javascript:1' in the"
        f" Markdown: {SCHEME.format('javascript')}"
    ]


def test_link_unsafe_image_in_a_cells_note() -> None:
    assert lines(vary("linux: ga", 'linux: {value: ga, note: "![i](data:x)"}')) == [
        "m.yaml:59:36: error[link-unsafe] features.discovery.support.azure.cells.linux.note:"
        f" unsafe image 'data:x' in the Markdown: {SCHEME.format('data')}"
    ]


def test_link_unsafe_is_reported_beside_an_unrelated_schema_error() -> None:
    text = vary("name: Discovery", 'name: Discovery\nlink: "javascript:alert(1)"')
    assert lines(vary("title: Demo matrix", "title: 42", text)) == [
        "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)",
        "m.yaml:49:11: error[link-unsafe] features.discovery.link: unsafe link"
        f" 'javascript:alert(1)': {SCHEME.format('javascript')}",
    ]


# Markdown made of the characters links are written with, and of the ones they are not.
_MARKDOWN_BITS = st.sampled_from(
    ["[", "]", "(", ")", "<", ">", "!", ":", " ", "\n", "a", "x:y", "http://e.org", "&#91;", "\\"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MARKDOWN_BITS, max_size=20).map("".join))
def test_links_skipped_without_a_bracket_are_the_ones_a_full_parse_finds(text: str) -> None:
    """The check parses only texts with a `[` or a `<`: a full parse finds the same links in
    every text (and none in a text without them)."""
    found: list[tuple[str, str]] = []
    for token in links._PARSER.parse(text):
        links._collect(token.children or [], found)
    assert links.markdown_links(text) == found
    if "[" not in text and "<" not in text:
        assert found == []
