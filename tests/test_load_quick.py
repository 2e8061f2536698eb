"""The one-pass loader (`generator.yaml_quick`) against the full path (`yaml_events.compose`,
then `load._build`): for any file, `load_text` gives the same values, locations, key locations,
numbers as written and diagnostics whichever path read it. The one-pass loader gives up on
anything it does not judge, so files with tags, anchors, aliases, duplicate keys and escapes
are here too: they must come out of the full path."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import load, yaml_quick
from tests.conftest import ROOT


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    def read() -> Any:
        loaded, diags = load.load_text(text, "f.yaml")
        if loaded is None:
            return None, diags
        return (loaded.data, loaded.values, loaded.keys, loaded.written), diags

    quick = read()
    with monkeypatch.context() as patched:
        patched.setattr(yaml_quick, "load", lambda *args: False)
        full = read()
    return quick, full


_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["1.10", "2024-03-06", "yes", "~", "0x1f", "-", "", "<<", "=", "1e3"]),
)
_VALUES = st.recursive(
    _SCALAR,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.booleans(), st.sampled_from([None, '"', "'"]))
def test_dumped_values_read_alike(value: Any, flow: bool, style: str | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, default_style=style, allow_unicode=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, full = _both(text, monkeypatch)
    assert quick == full


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, {c: 2.50, d: 1.10}]\n",
        "a: &x {b: 1}\nc: *x\n",
        "&k a: 1\n",
        "a: &v 1\n",
        "[&s x, *s]\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "? [a]\n: 1\n",
        "<<: {a: 1}\n",
        'a: "\\x01"\n',
        "a: 1234567890123456789012345678901234567890\n",
        "[" * 70 + "]" * 70 + "\n",
        "a: 1\n---\nb: 2\n",
        "",
        "just text\n",
        "a: [1, 2\n",
        "a:\n\tb: 1\n",
    ],
)
def test_files_the_one_pass_gives_up_on_read_alike(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, full = _both(text, monkeypatch)
    assert quick == full


def test_the_seed_is_read_in_one_pass_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "data" / "containers.yaml").read_text(encoding="utf-8")
    out = load.Loaded("f.yaml", None)
    assert yaml_quick.load(text, out, load._SCALARS, load._CONSTRUCTOR, load._NON_PRINTABLE)
    quick, full = _both(text, monkeypatch)
    assert quick == full


@example("a: 1\n")
@given(st.text(alphabet="ab:-[]{},&*!#'\"\n 1.", max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_alike(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, full = _both(text, monkeypatch)
    assert quick == full
