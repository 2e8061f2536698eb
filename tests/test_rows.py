"""Fast paths rows are built with, each against what it stands in for: the plain-string escape
(markupsafe) and relative folder URLs (posixpath.relpath)."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator.views.base import _relative, attribute


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_rows_escape_text_exactly_as_markupsafe_does(text: str, is_markup: bool) -> None:
    """`base.attribute`, the plain-string escape rows are built with, writes every text as
    `markupsafe.escape` would (so pages do not change) and leaves Markup as it is."""
    value = Markup(text) if is_markup else text
    assert attribute(value) == str(escape(value))
    assert not isinstance(attribute(value), Markup)


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "features", "x-1"]), max_size=4).map("/".join)


@settings(max_examples=500, deadline=None)
@given(_SEGMENTS, _SEGMENTS)
def test_relative_folder_urls_are_what_relpath_gives(to: str, start: str) -> None:
    """`base._relative`, which reuses the URL of a link's parent folder, gives every folder the
    URL posixpath.relpath gives it (as a folder URL: trailing slash, './' for the same)."""
    expected = posixpath.relpath(to or ".", start or ".")
    assert _relative(to, start or ".") == ("./" if expected == "." else expected + "/")
