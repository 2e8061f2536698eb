"""The `version` kind (`generator.columns.version`): a version as written, exactly or as a
bound, sorted and compared by what it means (1.9 < ≥ 1.10 < 1.28)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.base import Problem
from generator.columns.version import EXPECTED, KIND, Version, parse
from generator.views.base import CellView
from tests.columns.helpers import context, model

MATRIX = model()
COLUMN = MATRIX.columns["kube"]
CTX = context(MATRIX)


def key(text: str) -> str:
    return KIND.value_cell(CTX, COLUMN, text).sort


def test_registered() -> None:
    assert KINDS["version"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (False, True, False)
    assert KIND.takes_not_applicable is True


# --- check ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1.28", "≥ 1.10", "1.24+", "4.6 or newer", "up to 1.28"])
def test_check_accepts_a_version(value: str) -> None:
    assert list(KIND.check("kube", {"type": "version"}, value)) == []


@pytest.mark.parametrize("value", ["one point two", "1.2.3.4.5", "latest", "1.28 or so", "v"])
def test_check_refuses_what_is_not_a_version(value: str) -> None:
    assert list(KIND.check("kube", {"type": "version"}, value)) == [
        Problem("version-malformed", f"expected {EXPECTED} or '-', found {value!r}")
    ]


def test_check_refuses_a_list() -> None:
    assert list(KIND.check("kube", {"type": "version"}, ["v1"])) == [
        Problem(
            "version-malformed",
            f"column 'kube' holds one version; expected {EXPECTED} or '-', found a list",
        )
    ]


# --- parse: the written forms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "numbers", "bound"),
    [
        ("1.28", (1, 28), 0),
        ("v2.0.1", (2, 0, 1), 0),
        ("1.0", (1,), 0),
        ("1.2.3.4", (1, 2, 3, 4), 0),
        ("≥ 1.10", (1, 10), 1),
        (">=1.10", (1, 10), 1),
        ("1.24+", (1, 24), 1),
        ("4.6 or newer", (4, 6), 1),
        ("4.6 or later", (4, 6), 1),
        ("4.6 and later", (4, 6), 1),
        ("4.6 and above", (4, 6), 1),
        ("1.28 and below", (1, 28), -1),
        ("1.28 or older", (1, 28), -1),
        ("1.28 or earlier", (1, 28), -1),
        ("≤ 1.28", (1, 28), -1),
        ("<= 1.28", (1, 28), -1),
        ("up to 1.28", (1, 28), -1),
        ("Up  To 1.28", (1, 28), -1),
    ],
)
def test_parse_reads_each_form(written: str, numbers: tuple[int, ...], bound: int) -> None:
    found = parse(written)
    assert found is not None
    assert (found.numbers, found.bound) == (numbers, bound)
    assert found.written == " ".join(written.split())


@pytest.mark.parametrize(
    "written", ["1.28", "≥ 1.10", "1.24+", "4.6 or newer", "1.28 and below", "up to 1.28"]
)
def test_kind_parse_gives_the_version_as_written(written: str) -> None:
    assert KIND.parse(written) == written


@pytest.mark.parametrize(
    "written", ["one point two", "1.2.3.4.5", "latest", "", "-", "1.", ".1", "1..2", "1.2-beta"]
)
def test_kind_parse_refuses_what_is_not_a_version(written: str) -> None:
    assert KIND.parse(written) is None


# --- shown ------------------------------------------------------------------------------------


def test_value_cell_shows_the_version_as_written_with_a_sort_key() -> None:
    assert KIND.value_cell(CTX, COLUMN, "≥  1.10") == CellView(
        Markup("≥ 1.10"), "≥ 1.10", sort="v000001.000010.000000.000000~2", facet=True
    )
    assert KIND.text(MATRIX, COLUMN, "4.6   or newer") == "4.6 or newer"


def test_value_cell_escapes_what_is_not_a_version() -> None:
    """Not reached once the check has passed; escaped all the same."""
    cell = KIND.value_cell(CTX, COLUMN, "<b>1</b> & co")
    assert (cell.html, cell.text, cell.sort) == (
        Markup("&lt;b&gt;1&lt;/b&gt; &amp; co"),
        "<b>1</b> & co",
        "",
    )


def test_sort_order() -> None:
    written = ["1.28", "1.28+", "≥ 1.10", "1.9", "≤ 1.28", "2", "1.10.1", "1.10"]
    assert sorted(written, key=key) == [
        "1.9",
        "1.10",
        "≥ 1.10",
        "1.10.1",
        "≤ 1.28",
        "1.28",
        "1.28+",
        "2",
    ]


# --- compared ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (">= 1.10", "1.10+", True),
        ("≥ 1.10", "1.10 or newer", True),
        ("1.0", "1", True),
        ("v1.2", "1.2", True),
        ("1.10", "1.1", False),
        ("1.28", "1.28+", False),
        ("1.28 and below", "up to 1.28", True),
        ("latest", "latest", True),
        ("latest", "Latest", False),
    ],
)
def test_same_compares_by_meaning(a: str, b: str, same: bool) -> None:
    assert KIND.same(COLUMN, a, b) is same


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        ("1.24", "1.28", "raised from 1.24 to 1.28"),
        ("1.28+", "1.24+", "lowered from 1.28+ to 1.24+"),
        ("1.9", "1.10", "raised from 1.9 to 1.10"),
        ("1.28", "1.28+", "1.28 → 1.28+"),
        ("1.24", "≥ 1.28", "1.24 → ≥ 1.28"),
        ("1.24", "latest", "1.24 → latest"),
    ],
)
def test_change(old: str, new: str, change: str) -> None:
    old_text, new_text = (KIND.text(MATRIX, COLUMN, v) for v in (old, new))
    assert KIND.change(old, new, old_text, new_text) == change


def test_dump() -> None:
    assert KIND.dump("≥ 1.10") == "≥ 1.10"


# --- properties -------------------------------------------------------------------------------

_FORMS = {
    1: (">= {}", "≥ {}", "{}+", "{} or newer", "{} or later", "{} and later", "{} and above"),
    0: ("{}", "v{}"),
    -1: ("<= {}", "≤ {}", "{} and below", "{} or older", "{} or earlier", "up to {}"),
}


@st.composite
def versions(draw: st.DrawFn) -> tuple[str, tuple[int, ...], int]:
    """A version as a page writes it, with its numbers (trailing zeros dropped) and bound."""
    numbers = draw(st.lists(st.integers(0, 999_999), min_size=1, max_size=4))
    bound = draw(st.sampled_from((-1, 0, 1)))
    form = draw(st.sampled_from(_FORMS[bound]))
    written = form.format(".".join(map(str, numbers)))
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return written, tuple(numbers), bound


def _sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


@given(versions(), versions())
@example(("1.9", (1, 9), 0), ("≥ 1.10", (1, 10), 1))
@example(("1.10", (1, 10), 0), ("1.10.0.1", (1, 10, 0, 1), 0))
@example(("≤ 1.28", (1, 28), -1), ("1.28", (1, 28), 0))
def test_sort_keys_order_like_numbers_then_bound(
    a: tuple[str, tuple[int, ...], int], b: tuple[str, tuple[int, ...], int]
) -> None:
    (text_a, numbers_a, bound_a), (text_b, numbers_b, bound_b) = a, b
    assert parse(text_a) == Version(numbers_a, bound_a, text_a)
    assert _sign(key(text_a), key(text_b)) == _sign((numbers_a, bound_a), (numbers_b, bound_b))


_CELLS = st.one_of(versions().map(lambda v: v[0]), st.sampled_from(["1.28", "1.28.0", "1.28+"]))


@given(_CELLS | st.text(max_size=6), _CELLS, _CELLS | st.text(max_size=6))
@example("1.10", "1.10.0", ">= 1.10")
@example("latest", "latest", "latest")
def test_same_is_an_equivalence_that_agrees_with_the_sort_key(a: str, b: str, c: str) -> None:
    assert KIND.same(COLUMN, a, a)
    assert KIND.same(COLUMN, a, b) == KIND.same(COLUMN, b, a)
    if KIND.same(COLUMN, a, b) and KIND.same(COLUMN, b, c):
        assert KIND.same(COLUMN, a, c)
    if parse(a) is not None and parse(b) is not None:
        assert KIND.same(COLUMN, a, b) == (key(a) == key(b))
