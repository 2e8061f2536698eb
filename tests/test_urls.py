"""`generator.urls`: which links may be rendered (issue 13).

A battery of hostile values (control and invisible characters, mixed case, split and encoded
schemes, leading spaces) is refused with its reason; ordinary links pass. The property: whatever
`unsafe_reason` accepts, written into `<a href="...">` (escaped, as the templates do, or as a
Markdown link), is read by a browser-like parser as a relative link or an allowed scheme.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.urls import ALLOWED_SCHEMES, normalise, unsafe_reason

SAFE = [
    "https://learn.microsoft.com/en-us/azure/defender-for-cloud/",
    "HTTPS://EXAMPLE.COM/Path",
    "http://example.com/a%20b?x=1&y=2#frag",
    "mailto:security@example.com",
    "page.md#anchor",
    "../up.md",
    "/azure/aks/",
    "#top",
    "?q=1",
    "./a:b",
    "a/b:c",
    "https://例え.jp/パス",
    "http:relative",
]


@pytest.mark.parametrize("href", SAFE)
def test_ordinary_links_are_safe(href: str) -> None:
    assert unsafe_reason(href) is None


def control(code: str, position: int) -> str:
    return f"found the control character U+{code} at position {position}; expected none in a link"


def invisible(code: str, name: str, position: int) -> str:
    named = f" ({name})" if name else ""
    found = f"found the invisible character U+{code}{named} at position {position}"
    return f"{found}; expected none in a link"


def space(position: int) -> str:
    return f"found a space (write %20) at position {position}; expected none in a link"


def scheme(name: str) -> str:
    return f"the scheme {name!r} is not allowed; expected http, https, mailto or a relative link"


def reads_as_scheme(text: str) -> str:
    return (
        f"the text before ':' ({text!r}) reads as a scheme; expected http, https, mailto or a"
        " relative link (write './' before a path with ':' in its first part)"
    )


NO_SCHEME = "a link to another host without a scheme ('//'); expected https:// before it"
FULLWIDTH_JAVASCRIPT = "".join(chr(ord(c) + 0xFEE0) for c in "javascript")


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        # control characters anywhere, which browsers drop or stop at
        ("\x01javascript:alert(1)", control("0001", 1)),
        ("\x00javascript:alert(1)", control("0000", 1)),
        ("java\nscript:alert(1)", control("000A", 5)),
        ("java\tscript:alert(1)", control("0009", 5)),
        ("java\rscript:alert(1)", control("000D", 5)),
        ("javascript\x7f:alert(1)", control("007F", 11)),
        ("\x9bjavascript:alert(1)", control("009B", 1)),
        ("https://ok.example/\x1b[2J", control("001B", 20)),
        # invisible characters
        ("\u200bjavascript:alert(1)", invisible("200B", "ZERO WIDTH SPACE", 1)),
        ("\ufeffjavascript:alert(1)", invisible("FEFF", "ZERO WIDTH NO-BREAK SPACE", 1)),
        ("java\u200cscript:x", invisible("200C", "ZERO WIDTH NON-JOINER", 5)),
        ("\u202ehttps://evil.example", invisible("202E", "RIGHT-TO-LEFT OVERRIDE", 1)),
        ("https://x\u2066/", invisible("2066", "LEFT-TO-RIGHT ISOLATE", 10)),
        ("a\u00adb", invisible("00AD", "SOFT HYPHEN", 2)),
        ("a\u2028b", invisible("2028", "LINE SEPARATOR", 2)),
        ("a\u3164b", invisible("3164", "HANGUL FILLER", 2)),
        ("a\ue000b", invisible("E000", "", 2)),
        ("a\U000e0001b", invisible("E0001", "LANGUAGE TAG", 2)),
        # whitespace
        (" javascript:alert(1)", space(1)),
        ("https://x/a b", space(12)),
        ("\u00a0javascript:x", invisible("00A0", "NO-BREAK SPACE", 1)),
        ("\u3000javascript:x", invisible("3000", "IDEOGRAPHIC SPACE", 1)),
        ("javascript:x\u2029", invisible("2029", "PARAGRAPH SEPARATOR", 13)),
        # schemes outside the allow-list, however written
        ("javascript:alert(1)", scheme("javascript")),
        ("JaVaScRiPt:alert(1)", scheme("javascript")),
        ("vbscript:msgbox(1)", scheme("vbscript")),
        ("data:text/html;base64,PHNjcmlwdD4=", scheme("data")),
        ("file:///etc/passwd", scheme("file")),
        ("blob:https://x/1", scheme("blob")),
        ("ftp://x/", scheme("ftp")),
        ("a:b", scheme("a")),
        ("c:/windows", scheme("c")),
        # entity-encoded, split and percent-encoded schemes
        ("&#106;avascript:alert(1)", scheme("javascript")),
        ("&#x6A;avascript:alert(1)", scheme("javascript")),
        ("&#0000106avascript:alert(1)", scheme("javascript")),
        ("javascript&colon;alert(1)", scheme("javascript")),
        ("javascript&#58;alert(1)", scheme("javascript")),
        ("&amp;#106;avascript:alert(1)", scheme("javascript")),
        ("java&Tab;script:alert(1)", scheme("javascript")),
        ("java&#x0A;script:alert(1)", scheme("javascript")),
        ("&#1;javascript:alert(1)", scheme("javascript")),
        ("&#32;javascript:alert(1)", scheme("javascript")),
        ("%6A%61vascript:alert(1)", scheme("javascript")),
        ("%256A%2561vascript:alert(1)", scheme("javascript")),
        (FULLWIDTH_JAVASCRIPT + ":alert(1)", scheme("javascript")),
        ("javascript\uff1aalert(1)", scheme("javascript")),
        ("&#8203;javascript:alert(1)", reads_as_scheme("\u200bjavascript")),
        ("java%0Ascript:alert(1)", reads_as_scheme("java\nscript")),
        ("1http:x", reads_as_scheme("1http")),
        # another host without a scheme
        ("//evil.example/x", NO_SCHEME),
        ("\\\\evil.example/x", NO_SCHEME),
        ("/\\evil.example/x", NO_SCHEME),
        ("&#47;/evil.example", NO_SCHEME),
        ("", "the link is empty"),
    ],
)
def test_hostile_links_are_refused(href: str, reason: str) -> None:
    assert unsafe_reason(href) == reason


@pytest.mark.parametrize(
    ("href", "normal"),
    [
        ("&#106;avascript:alert(1)", "javascript:alert(1)"),
        ("JAVA&Tab;SCRIPT&colon;x", "javascript:x"),
        ("%6A%61vascript:%61", "javascript:%61"),
        ("HTTPS://Example.COM/A", "https://Example.COM/A"),
        ("page.md#Anchor", "page.md#Anchor"),
        ("?a=1&amp;b=2", "?a=1&b=2"),
    ],
)
def test_normalise(href: str, normal: str) -> None:
    assert normalise(href) == normal


# --------------------------------------------------------------------------------------------
# Property: what is accepted cannot become another scheme in a browser
# --------------------------------------------------------------------------------------------


class _Hrefs(HTMLParser):
    """Every `href` of an `<a>` in a page, as a browser's HTML parser decodes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value or "" for name, value in attrs if name == "href"]


def hrefs(page: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(page)
    parser.close()
    return parser.hrefs


def browser_scheme(href: str) -> str:
    """The scheme a browser takes from an href: the WHATWG URL parser first strips leading and
    trailing C0 controls and spaces, and removes every tab and newline."""
    stripped = re.sub("[\t\n\r]", "", href.strip("".join(chr(c) for c in range(0x21))))
    return urllib.parse.urlsplit(stripped).scheme.lower()


def assert_safe_in_a_browser(href: str) -> None:
    attribute = f'<a href="{html.escape(href, quote=True)}">x</a>'
    assert hrefs(attribute) == [href]
    assert browser_scheme(href) in ("", *ALLOWED_SCHEMES)
    markdown = MarkdownIt("commonmark", {"html": False}).render(f"[x]({href})")
    for rendered in hrefs(markdown):
        assert browser_scheme(rendered) in ("", *ALLOWED_SCHEMES), markdown


HOSTILE_PIECES = [
    *"javscriptJAVSCRIPT:/\\?#%&;.-+ 0123456789aAfFxX",
    *"\t\n\r\x00\x01\x1f\x7f\x85\x9b\xa0\xad",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u3000",
    "\ufeff",
    "\uff1a",
    "\uff4a",
    "&#",
    "&#x",
    "&colon;",
    "&Tab;",
    "&NewLine;",
    "&amp;",
    "%3A",
    "%6A",
    "%25",
    "javascript",
    "vbscript",
    "data",
    "http",
    "https",
    "mailto",
    "//",
]
URLISH = st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(URLISH, st.text(max_size=40)))
@example("javascript&colon;alert(1)")
@example("java&#x09;script:alert(1)")
@example("&#x6A;avascript:x")
@example("%6A%61vascript:x")
@example("&#8203;javascript:x")
@example("javascript&#58x")
def test_accepted_links_cannot_become_another_scheme(href: str) -> None:
    if unsafe_reason(href) is None:
        assert_safe_in_a_browser(href)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_accepted_links_hold_no_hidden_character(href: str) -> None:
    if unsafe_reason(href) is None:
        assert href
        assert not re.search(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028-\u202e\u2066-\u2069]", href)


def test_safe_battery_is_safe_in_a_browser() -> None:
    for href in SAFE:
        assert_safe_in_a_browser(href)
