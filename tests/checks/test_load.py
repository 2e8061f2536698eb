"""Loading (`generator.load`): yaml-* and file-* diagnostics, before any check runs.

The limits on hostile files (tags, huge numbers, deep nesting, aliases, control characters)
are tested in `tests/test_load_safety.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_file, load_text
from tests.checks.helpers import lines, matrix, vary


def test_the_valid_matrix_loads_without_a_diagnostic() -> None:
    loaded, diags = load_text(matrix(), "m.yaml")
    assert loaded is not None
    assert diags == []


def test_yaml_syntax() -> None:
    assert lines(vary("title: Demo matrix", "title: [Demo")) == [
        "m.yaml:4:8: error[yaml-syntax] expected ',' or ']', but got ':'"
        " (while parsing a flow sequence)"
    ]


def test_yaml_syntax_tab_indentation() -> None:
    assert lines(vary("    header: Linux", "\theader: Linux")) == [
        "m.yaml:12:1: error[yaml-syntax] found a tab character;"
        " expected spaces (YAML indents with spaces)"
    ]


def test_yaml_duplicate_key() -> None:
    assert lines(vary("linux: ga", "linux: ga\nlinux: preview")) == [
        "m.yaml:60:11: error[yaml-duplicate-key] features.discovery.support.azure.cells.linux:"
        " duplicate key 'linux' (first defined at line 59)"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_yaml_empty(text: str) -> None:
    assert lines(text) == ["m.yaml:1:1: error[yaml-empty] the file is empty; expected a mapping"]


def test_yaml_merge() -> None:
    loaded, diags = load_text(vary("name: Discovery", "<<: {name: Discovery}"), "m.yaml")
    assert loaded is not None
    assert [str(d) for d in diags] == [
        "m.yaml:48:5: error[yaml-merge] features.discovery:"
        " '<<' merge keys are not supported; write the values out"
    ]


def test_yaml_key() -> None:
    assert lines(vary("name: Discovery", "name: Discovery\n? [a, b]\n: c")) == [
        "m.yaml:49:7: error[yaml-key] features.discovery: expected a plain text key"
    ]


def test_file_missing(tmp_path: Path) -> None:
    loaded, diags = load_file(tmp_path / "nope.yaml", "data/nope.yaml")
    assert loaded is None
    assert [str(d) for d in diags] == ["data/nope.yaml:1:1: error[file-missing] no such file"]


def test_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: caf\xe9\n")
    loaded, diags = load_file(path, "data/latin1.yaml")
    assert loaded is None
    assert [str(d) for d in diags] == [
        "data/latin1.yaml:1:11: error[file-encoding] byte 0xe9 is not UTF-8 (invalid"
        " continuation byte); expected UTF-8 text (save the file as UTF-8)"
    ]
