"""The `links` check (issue 13): every URL field and every link and image in every Markdown field
goes through `generator.urls.unsafe_reason`, one `link-unsafe` line each.

The documents are `tests.checks.helpers.matrix()` with one or more values replaced in place, so
line numbers are those of that document (plus the lines a test adds).
"""

from __future__ import annotations

from datetime import date

import pytest

from generator.checks import links
from generator.checks.base import Context
from generator.checks.links import fields, markdown_links
from generator.load import load_text
from tests.checks.helpers import lines, matrix

SCHEME = "the scheme {!r} is not allowed; expected http, https, mailto or a relative link"


def swap(text: str, old: str, new: str) -> str:
    """Replace `old`, which must occur once (no re-indenting, unlike `vary`)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def markdown(path: str, loc: str, href: str, scheme: str, what: str = "link") -> str:
    reason = SCHEME.format(scheme)
    return (
        f"m.yaml:{loc}: error[link-unsafe] {path}: unsafe {what} {href!r} in the Markdown: {reason}"
    )


def test_the_valid_matrix_has_no_unsafe_link() -> None:
    assert lines(matrix()) == []


def test_every_url_field_and_markdown_field_is_checked() -> None:
    text = matrix()
    text = swap(
        text,
        "    name: Discovery\n",
        '    name: Discovery\n    link: "\\u200bjavascript:alert(1)"\n',
    )
    text = swap(
        text,
        "        name: Azure posture\n",
        '        name: Azure posture\n        link: "//evil.example/"\n',
    )
    text = swap(text, "free: Free", 'free: "[Free](vbscript:x)"')
    text = swap(text, "notes: Finds clusters.", 'notes: "[a](JaVaScRiPt:alert(1))"')
    text = swap(
        text,
        "tested: Only tested on AKS.",
        'tested: "See [x](javascript:alert(1)) and ![i](data:image/png;base64,AA)"',
    )
    text = swap(
        text,
        "text: Some features are in preview.",
        'text: "[ok](https://ok.example/) [x](&#106;avascript:alert(1))"',
    )
    text = swap(
        text,
        "      aks: AKS\n      eks: EKS\nreferences",
        '      aks: "<javascript:alert(1)>"\n      eks: EKS\nreferences',
    )
    text = swap(text, "body: Proxies work.", 'body: "[r]\\n\\n[r]: javascript:alert(1)"')
    assert lines(text) == [
        markdown("columns.plan.values.free", "21:13", "vbscript:x", "vbscript"),
        "m.yaml:36:15: error[link-unsafe] domains.posture.by_environment.azure.link: unsafe link"
        " '//evil.example/': a link to another host without a scheme ('//'); expected https://"
        " before it",
        "m.yaml:50:11: error[link-unsafe] features.discovery.link: unsafe link"
        " '\\u200bjavascript:alert(1)': found the invisible character U+200B (ZERO WIDTH"
        " SPACE) at position 1; expected none in a link",
        markdown("features.discovery.cells.notes", "53:14", "JaVaScRiPt:alert(1)", "javascript"),
        markdown("footnotes.tested", "65:11", "data:image/png;base64,AA", "data", "image"),
        markdown("footnotes.tested", "65:11", "javascript:alert(1)", "javascript"),
        markdown("callouts.preview.text", "70:11", "javascript:alert(1)", "javascript"),
        markdown("lists.distros.items.aks", "75:12", "javascript:alert(1)", "javascript"),
        markdown("sections.proxy.body", "90:11", "javascript:alert(1)", "javascript"),
    ]


def test_cells_notes_and_page_blocks_are_markdown_too() -> None:
    text = swap(matrix(), "linux: ga", 'linux: {value: ga, note: "[n](javascript:1)"}')
    text = swap(
        text,
        "      - section: proxy\n",
        '      - section: proxy\n      - text: "[t](javascript:2)"\n',
    )
    text = swap(
        text,
        "Proxies work.\n    list: distros\n",
        'Proxies work.\n    list: distros\n    footer: "![f](javascript:3)"\n',
    )
    assert lines(text) == [
        markdown("environments.azure.blocks[4].text", "46:15", "javascript:2", "javascript"),
        markdown(
            "features.discovery.support.azure.cells.linux.note",
            "60:36",
            "javascript:1",
            "javascript",
        ),
        markdown("sections.proxy.footer", "91:13", "javascript:3", "javascript", "image"),
    ]


def test_a_link_in_a_schema_error_is_reported_once() -> None:
    """A link ending in a newline breaks the schema's pattern; the links check would say the
    same of it, so only the schema's error is shown."""
    text = swap(matrix(), "    name: Discovery\n", '    name: Discovery\n    link: "page.md\\n"\n')
    assert lines(text) == [
        "m.yaml:49:11: error[schema-pattern] features.discovery.link: expected a link without"
        " spaces, found 'page.md\\n'"
    ]


@pytest.mark.parametrize(
    "href",
    [
        "https://ok.example/a?b=c#d",
        "mailto:team@example.com",
        "page.md#anchor",
        "/azure/aks/",
        "#top",
        "./a:b",
    ],
)
def test_safe_links_pass(href: str) -> None:
    text = swap(matrix(), "    name: Discovery\n", f'    name: Discovery\n    link: "{href}"\n')
    text = swap(text, "tested: Only tested on AKS.", f'tested: "[x]({href}) ![y]({href}) <{href}>"')
    assert lines(text) == []


def test_fields_come_from_the_schema() -> None:
    loaded, _ = load_text(matrix(), "m.yaml")
    assert loaded is not None
    found = {path: kind for path, kind, _ in fields(loaded.data)}
    assert found[("footnotes", "tested")] == "markdown"
    assert found[("columns", "plan", "values", "free")] == "markdown"
    assert found[("features", "discovery", "support", "azure", "cells", "linux")] == "markdown"
    assert found[("sections", "proxy", "body")] == "markdown"
    assert ("title",) not in found  # plain text: no Markdown, so no links
    assert ("domains", "posture", "name") not in found


def test_fields_skip_values_of_the_wrong_shape() -> None:
    """The check runs on files with schema errors too: a value of the wrong shape is skipped."""
    data = {"footnotes": ["not", "a", "mapping"], "features": {"f": {"link": ["x"]}}, "links": 3}
    assert list(fields(data)) == []


def test_markdown_links_reads_every_destination_as_written() -> None:
    text = '[a](javascript:x) ![b](data:y) <https://z/> [c]\n\n[c]: &#106;s:1 "t"'
    assert markdown_links(text) == [
        ("link", "javascript:x"),
        ("image", "data:y"),
        ("link", "https://z/"),
        ("link", "js:1"),
    ]


def test_a_control_character_that_reached_the_data_is_still_refused() -> None:
    """The loader refuses control characters (escaped or not) before any check; the links check
    refuses them too, should a value ever reach it another way."""
    loaded, _ = load_text(matrix(), "m.yaml")
    assert loaded is not None
    loaded.data["features"]["discovery"]["link"] = "\x01javascript:alert(1)"
    found = links.run(Context(loaded, date(2025, 1, 1)))
    assert [str(d) for d in found] == [
        "m.yaml:48:5: error[link-unsafe] features.discovery.link: unsafe link"
        " '\\x01javascript:alert(1)': found the control character U+0001 at position 1;"
        " expected none in a link"
    ]
