"""Rendering refuses unsafe links again (issue 13), whatever the checks let through: a link whose
address `generator.urls` refuses, as written or as resolved, is shown as its text; an unsafe
image as its alt text; `Markdown.url` gives "#" for an unsafe address."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown import UNSAFE_URL, Markdown
from generator.model import Links
from generator.urls import unsafe_reason

BASE = "https://docs.example.com/drivers/"
ROOT = "https://learn.example.com/"


@pytest.fixture
def md() -> Markdown:
    return Markdown(Links(BASE, ROOT))


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[ok](https://ok.example/)", '<a href="https://ok.example/">ok</a>'),
        ("[page](page.md#usage)", f'<a href="{BASE}page#usage">page</a>'),
        ("[root](/azure/aks/)", f'<a href="{ROOT}azure/aks/">root</a>'),
        ("[mail](mailto:a@example.com)", '<a href="mailto:a@example.com">mail</a>'),
        ("![logo](https://ok.example/l.png)", '<img src="https://ok.example/l.png" alt="logo" />'),
        ("![logo](img/l.png)", f'<img src="{BASE}img/l.png" alt="logo" />'),
    ],
)
def test_safe_links_and_images_are_resolved(md: Markdown, source: str, html: str) -> None:
    assert md.inline(source) == html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        # markdown-it-py lets these through; the allow-list does not
        ("[x](//evil.example/)", "x"),
        ("[click *me*](tel:+123)", "click <em>me</em>"),
        ("[x](<java script:alert(1)>)", "x"),
        ("[x](ftp://files.example/)", "x"),
        ("[x](IRC://chat.example/)", "x"),
        ("![pixel](data:image/png;base64,AA)", "pixel"),
        ("![a *b*](data:image/gif;base64,AA) after", "a <em>b</em> after"),
        ("<ftp://files.example/>", "ftp://files.example/"),
        ("[x][r]\n\n[r]: //evil.example/", "x"),
        ("[x](https://ok.example/) [y](ftp:z)", '<a href="https://ok.example/">x</a> y'),
        # and these it refuses itself: still text
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("[x](&#106;avascript:alert(1))", "[x](javascript:alert(1))"),
    ],
)
def test_unsafe_links_and_images_are_shown_as_text(md: Markdown, source: str, html: str) -> None:
    assert md.inline(source) == html


def test_an_image_inside_a_link_is_checked_on_its_own(md: Markdown) -> None:
    source = "[![pic](data:image/png;base64,AA)](https://ok.example/)"
    assert md.inline(source) == '<a href="https://ok.example/">pic</a>'


def test_blocks_are_defused_too(md: Markdown) -> None:
    assert md.block("- [a](ftp:x)\n- [b](https://ok.example/)") == (
        '<ul>\n<li>a</li>\n<li><a href="https://ok.example/">b</a></li>\n</ul>'
    )


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("page.md#a", f"{BASE}page#a"),
        ("/azure/", f"{ROOT}azure/"),
        ("https://ok.example/", "https://ok.example/"),
        ("#top", "#top"),
        ("javascript:alert(1)", UNSAFE_URL),
        ("\x01javascript:alert(1)", UNSAFE_URL),
        ("JaVaScRiPt:alert(1)", UNSAFE_URL),
        ("&#106;avascript:alert(1)", UNSAFE_URL),
        ("//evil.example/", UNSAFE_URL),
        ("data:text/html,x", UNSAFE_URL),
        ("http://[", UNSAFE_URL),
        ("", UNSAFE_URL),
    ],
)
def test_url_gives_a_safe_address_or_this_page(md: Markdown, href: str, url: str) -> None:
    assert md.url(href) == url


def test_url_without_base_or_root_keeps_relative_links() -> None:
    md = Markdown(Links(None, None))
    assert md.url("page.md#a") == "page.md#a"
    assert md.url("/azure/") == "/azure/"


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=30))
@example("\x01javascript:alert(1)")
@example("java\nscript:x")
def test_url_never_gives_an_unsafe_address(href: str) -> None:
    md = Markdown(Links(BASE, ROOT))
    url = md.url(href)
    assert url == UNSAFE_URL or unsafe_reason(url) is None
