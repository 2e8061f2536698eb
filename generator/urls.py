"""Which links may reach a page: one rule for every place that renders a URL (issue 13).

A link is safe when it has no control, invisible or space character anywhere (a browser
silently drops some of them, so `"\\x01javascript:"` would run as a script), and when the
scheme a browser would act on, read the most generous way, is `http`, `https` or `mailto`, or
there is none: a path, `#anchor` or `?query`. To find that scheme, `normalise` undoes what
could hide one: HTML character references (`&#106;avascript:`, `javascript&colon;`; Markdown
decodes them in link destinations), compatibility forms (full-width letters and colon), the
tab, newline and leading controls a URL parser drops, percent-encoding, and case. A colon in
the first segment of a relative URL counts as a scheme (`a:b` is refused; write `./a:b`), and
`//host` (another host without a scheme) is refused too: write `https://host`. So is a link
that does not parse as a URL at all (`http://[`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable

ALLOWED_SCHEMES = ("http", "https", "mailto")

# Unicode categories never meant to be seen in a URL: controls, format characters (zero-width
# space, joiners, bidi controls, BOM), surrogates, private use, unassigned, separators.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}
# Letters and marks that display as nothing (fillers, blanks), used to disguise text.
_INVISIBLE = set("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
_FIRST_SEGMENT_END = re.compile(r"[/?#\\]")
# What the WHATWG URL parser removes before reading a URL.
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile("[\t\n\r]")
_MAX_DECODES = 8
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]*")  # none of them is hidden


@functools.lru_cache(maxsize=8192)  # pages repeat the same few links thousands of times
def unsafe_reason(href: str) -> str | None:
    """None when `href` is safe to render as a link; otherwise why not, in a few words."""
    if not href:
        return "the link is empty"
    if not _VISIBLE_ASCII.fullmatch(href):
        for index, char in enumerate(href):
            what = _hidden(char)
            if what:
                return f"found {what} at position {index + 1}; expected none in a link"
    try:
        urllib.parse.urlsplit(href)
    except ValueError as exc:  # "http://[": a browser would not follow it either
        return f"the link does not parse as a URL ({exc}); expected a well-formed URL"
    plain = normalise(href)
    if plain.startswith(("//", "\\\\", "/\\", "\\/")):
        return "a link to another host without a scheme ('//'); expected https:// before it"
    scheme = _scheme(plain)
    if scheme is None or scheme in ALLOWED_SCHEMES:
        return None
    allowed = ", ".join(ALLOWED_SCHEMES)
    if not _SCHEME.fullmatch(scheme):
        return (
            f"the text before ':' ({scheme!r}) reads as a scheme; expected {allowed} or a "
            "relative link (write './' before a path with ':' in its first part)"
        )
    return f"the scheme {scheme!r} is not allowed; expected {allowed} or a relative link"


def normalise(href: str) -> str:
    """`href` as read to find its scheme: character references decoded (repeatedly),
    compatibility forms folded (NFKC), the tab, newline and leading or trailing controls and
    spaces a URL parser drops removed, and the scheme, if any, percent-decoded and lower-cased.
    For checking, not for output: render the link as written, escaped."""
    text = unicodedata.normalize("NFKC", _decoded(html.unescape, href))
    text = _TAB_NEWLINE.sub("", text.strip(_EDGES))
    scheme = _scheme(text)
    if scheme is None:
        return text
    return scheme + text[text.index(":") :]


def _scheme(text: str) -> str | None:
    """The scheme of `text`, percent-decoded and case-folded: whatever comes before a colon in
    its first segment; None when there is no such colon."""
    end = _FIRST_SEGMENT_END.search(text)
    colon = text.find(":", 0, end.start() if end else len(text))
    if colon < 0:
        return None
    return _decoded(urllib.parse.unquote, text[:colon]).casefold()


def _decoded(decode: Callable[[str], str], text: str) -> str:
    """`text` decoded again and again (up to _MAX_DECODES times) until nothing changes: a
    reference or escape hidden inside another is undone too."""
    for _ in range(_MAX_DECODES):
        decoded = decode(text)
        if decoded == text:
            break
        text = decoded
    return text


def _hidden(char: str) -> str | None:
    """What hidden character `char` is (`the control character U+0001`), or None."""
    if char == " ":
        return "a space (write %20)"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"the control character U+{ord(char):04X}"
    if category in _HIDDEN_CATEGORIES or char in _INVISIBLE or char.isspace():
        name = unicodedata.name(char, "")
        return f"the invisible character U+{ord(char):04X}" + (f" ({name})" if name else "")
    return None
