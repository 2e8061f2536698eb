"""CSV downloads are neutralised against formula injection (issue 13): a cell that a spreadsheet
would run as a formula gets a leading `'`; the data's lone "not applicable" `-` stays as it is;
a carriage return inside a cell (which the writer would not quote, so that a spreadsheet would
start a new row there, formula first) becomes a quoted line feed."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import read
from generator.export import FORMULA_STARTS, csv_cell, environment_csv
from generator.vocabulary import NOT_APPLICABLE
from tests.checks.helpers import matrix


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("a\r=1", "a\n=1"),
        ("a\r\nb", "a\nb"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("- a list item", "'- a list item"),
        ("--", "'--"),
        # unchanged
        ("-", "-"),
        ("", ""),
        ("GA", "GA"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'=1", "'=1"),
    ],
)
def test_csv_cell(text: str, cell: str) -> None:
    assert csv_cell(text) == cell


def test_not_applicable_is_the_lone_dash() -> None:
    assert NOT_APPLICABLE == "-"


@given(st.text(max_size=20))
def test_no_cell_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS) or cell == NOT_APPLICABLE
    assert cell.replace("\n", "") in (
        text.replace("\r", "").replace("\n", ""),
        "'" + text.replace("\r", "").replace("\n", ""),
    )
    assert "\r" not in cell


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_environment_csv_neutralises_every_cell(tmp_path: Path) -> None:
    text = _swap(matrix(), "header: Notes", "header: \"=cmd|' /C calc'!A0\"")
    text = _swap(text, "name: Discovery", 'name: "@SUM(1+1)*cmd"')
    text = _swap(text, "notes: Finds clusters.", 'notes: "+1 clusters"')
    text = _swap(text, "free: Free", 'free: "-1 Free"')
    text = _swap(text, "name: Azure posture", 'name: "\\t=1"')
    text = _swap(text, "header: Plan", 'header: "Plan\\r=1+1"')
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    checked = read.check([path], date(2025, 1, 1))
    assert [str(d) for d in checked.diagnostics] == []
    rows = list(csv.reader(io.StringIO(environment_csv(checked.matrices[0], "azure"), newline="")))
    assert rows == [
        ["id", "Feature", "Domain", "Linux", "'=cmd|' /C calc'!A0", "Plan\n=1+1", "Resources"],
        ["discovery", "'@SUM(1+1)*cmd", "'\t=1", "GA", "'+1 clusters", "'-1 Free", "AKS"],
    ]


def test_not_applicable_cells_stay_a_lone_dash(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(_swap(matrix(), "plan: free", 'plan: "-"'), encoding="utf-8")
    checked = read.check([path], date(2025, 1, 1))
    rows = list(csv.reader(io.StringIO(environment_csv(checked.matrices[0], "azure"), newline="")))
    assert rows[1] == [
        "discovery",
        "Discovery",
        "Azure posture",
        "GA",
        "Finds clusters.",
        "-",
        "AKS",
    ]
