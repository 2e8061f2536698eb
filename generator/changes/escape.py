"""Data text made literal for the diff's Markdown on GitHub (a PR comment, a job summary).

A name, title or cell from a pull request is placed in a change's Markdown line; without this,
`<img src=...>`, `![](...)`, `[x](y)`, `<!--` ... `-->` (which hides the changes between them
from the reviewer), `@someone` (a notification), `#123` and `GH-123` (cross-references) or
`**` would act instead of being read (issue 13). `text` makes a string read as itself:

- every ASCII punctuation character is backslash-escaped (CommonMark and GitHub's cmark-gfm
  read `\\x` as a literal `x` for any of them): no tag, comment, entity, link, image, emphasis,
  code span, table pipe, math (`$`), list or heading marker, and no GFM autolink (`http\\://`,
  `www\\.` no longer match);
- `@` and `#` before a letter or digit, and the `-` of `GH-123`, are followed by a zero-width
  space (`&#8203;`, as Dependabot writes them), because GitHub finds mentions and references in
  the rendered text, after the escapes are gone;
- whitespace runs, line breaks included, become one space (a change is one line) and the ends
  are trimmed;
- control and invisible characters (format characters such as bidi overrides, which could make
  a line read as another) are shown as `⟨U+202E⟩`.

Apply it once, to each piece of data text, never to Markdown the code writes around it.
"""

from __future__ import annotations

import re
import string
import unicodedata

ZERO_WIDTH_SPACE = "&#8203;"
_PUNCTUATION = frozenset(string.punctuation)
# Where GitHub would see a mention (`@name`) or a reference (`#12`, `GH-12`, `owner/repo#12`).
_MENTION_OR_REFERENCE = re.compile(r"[@#](?=\w)|(?<![0-9A-Za-z])gh-(?=[0-9])", re.IGNORECASE)
# Characters that are not seen: controls, format characters, surrogates, private use,
# unassigned (whitespace is handled before).
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def text(s: str) -> str:
    """`s` as Markdown that GitHub renders as the literal text of `s` (on one line)."""
    s = " ".join(s.split())
    separate = {m.end() - 1 for m in _MENTION_OR_REFERENCE.finditer(s)}
    out: list[str] = []
    for index, char in enumerate(s):
        if char in _PUNCTUATION:
            out.append("\\" + char)
            if index in separate:
                out.append(ZERO_WIDTH_SPACE)
        elif unicodedata.category(char) in _HIDDEN:
            out.append(f"⟨U\\+{ord(char):04X}⟩")
        else:
            out.append(char)
    return "".join(out)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(markdown: str) -> str:
    """The text `text` escaped, back (for readers' words made from a change's line)."""
    return _ESCAPED.sub(r"\1", markdown.replace(ZERO_WIDTH_SPACE, ""))
