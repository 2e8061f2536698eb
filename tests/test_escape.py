"""`generator.changes.escape.text` (issue 13): data text placed in the diff's Markdown reads as
itself on GitHub: no tag, comment, link, image, emphasis, code, table cell, mention or reference.

Each value is checked as escaped, and as markdown-it-py renders it (raw HTML on, GFM tables and
strikethrough on, as GitHub would) inside a bullet, in bold and in a table cell: the rendered
HTML has no element but the wrapper's, and its text is the value's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.changes.escape import ZERO_WIDTH_SPACE, text

ZWSP = "\u200b"
GITHUB = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
WRAPPERS = {
    "- {}": {"ul", "li"},
    "**{}**": {"p", "strong"},
    "| a |\n| - |\n| {} |": {"table", "thead", "tbody", "tr", "th", "td"},
}


class _Read(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def rendered(markdown: str) -> _Read:
    reader = _Read()
    reader.feed(GITHUB.render(markdown))
    reader.close()
    return reader


def assert_literal(value: str, shown: str) -> None:
    """`text(value)` renders as `shown` and nothing else, in every wrapper."""
    escaped = text(value)
    assert "\n" not in escaped
    assert "://" not in escaped and "www." not in escaped.lower()  # no GFM autolink
    for wrapper, tags in WRAPPERS.items():
        read = rendered(wrapper.format(escaped))
        assert read.tags <= tags, (wrapper, read.tags - tags)
        assert read.comments == []
        body = "".join(read.text).strip()
        if wrapper.startswith("|"):  # the header cell, then the value's cell
            body = body.removeprefix("a").strip()
        assert body == shown, wrapper
        assert not re.search(r"[@#]\w|(?<![0-9a-z])gh-[0-9]", body, re.IGNORECASE)


BATTERY = [
    ("<img src=x onerror=alert(1)>", "\\<img src\\=x onerror\\=alert\\(1\\)\\>"),
    ("<!-- hide -->", "\\<\\!\\-\\- hide \\-\\-\\>"),
    ("![](https://evil.example/p.png)", "\\!\\[\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\)"),
    ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
    ("@octocat", f"\\@{ZERO_WIDTH_SPACE}octocat"),
    ("#12 and org/repo#3", f"\\#{ZERO_WIDTH_SPACE}12 and org\\/repo\\#{ZERO_WIDTH_SPACE}3"),
    ("GH-42", f"GH\\-{ZERO_WIDTH_SPACE}42"),
    ("**bold** _em_ ~~del~~", "\\*\\*bold\\*\\* \\_em\\_ \\~\\~del\\~\\~"),
    ("`code`", "\\`code\\`"),
    ("a | b", "a \\| b"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("# Heading", "\\# Heading"),
    ("> quote", "\\> quote"),
    ("line\nbreak\r\nand\u2028more", "line break and more"),
    ("  spaced   out  ", "spaced out"),
    ("&lt;b&gt; &#64;", "\\&lt\\;b\\&gt\\; \\&\\#&#8203;64\\;"),
    ("$x^2$", "\\$x\\^2\\$"),
    ("back\\slash", "back\\\\slash"),
    ("bidi\u202eoverride", "bidi⟨U\\+202E⟩override"),
    ("zero\u200bwidth", "zero⟨U\\+200B⟩width"),
    ("bell\x07", "bell⟨U\\+0007⟩"),
    ("Plain text, 1.2 ok", "Plain text\\, 1\\.2 ok"),
    ("Ünïcödé 日本語", "Ünïcödé 日本語"),
]


@pytest.mark.parametrize(("value", "escaped"), BATTERY, ids=[v for v, _ in BATTERY])
def test_escaped(value: str, escaped: str) -> None:
    assert text(value) == escaped


SHOWN = {
    "@octocat": f"@{ZWSP}octocat",
    "#12 and org/repo#3": f"#{ZWSP}12 and org/repo#{ZWSP}3",
    "GH-42": f"GH-{ZWSP}42",
    "line\nbreak\r\nand\u2028more": "line break and more",
    "  spaced   out  ": "spaced out",
    "&lt;b&gt; &#64;": f"&lt;b&gt; &#{ZWSP}64;",
    "bidi\u202eoverride": "bidi⟨U+202E⟩override",
    "zero\u200bwidth": "zero⟨U+200B⟩width",
    "bell\x07": "bell⟨U+0007⟩",
}


@pytest.mark.parametrize("value", [v for v, _ in BATTERY])
def test_rendered_as_the_literal_text(value: str) -> None:
    assert_literal(value, SHOWN.get(value, value))


def _shown(value: str) -> str:
    """What `text(value)` should read as: whitespace collapsed, mentions and references split
    by a zero-width space, hidden characters named."""
    out = " ".join(value.split())
    out = re.sub(r"([@#])(?=\w)|((?<![0-9A-Za-z])gh-)(?=[0-9])", rf"\1\2{ZWSP}", out, flags=re.I)
    return "".join(
        f"⟨U+{ord(c):04X}⟩" if c != ZWSP and not c.isprintable() and c != " " else c for c in out
    )


@given(st.text(st.characters(codec="utf-8", exclude_characters="⟨⟩\u200b"), max_size=40))
@example("<!--")
@example("-->")
@example("[a]: https://x\n\n[a]")
@example("<https://evil.example>")
@example("www.evil.example")
@example("user@example.com")
@example("\\")
@example("***")
@example("    code")
def test_any_text_renders_literally(value: str) -> None:
    if value.split() and all(c.isprintable() or c.isspace() for c in value):
        assert_literal(value, _shown(value))
    else:  # hidden characters: named; checked for structure only
        escaped = text(value)
        read = rendered(f"- {escaped}")
        assert read.tags <= {"ul", "li"} and read.comments == []
