"""The benchmark's table: each figure's ratio against its baseline or target, and its verdict."""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the root off the path
    sys.path.insert(0, str(ROOT))

from bench.table import Figure, render, summary  # noqa: E402


def test_a_ratio_against_a_baseline_meets_its_target_or_not() -> None:
    assert Figure("a", 3.0, 4.0, "s", "<=", 1.0).ratio == 0.75
    assert Figure("a", 3.0, 4.0, "s", "<=", 1.0).verdict == "PASS"
    assert Figure("a", 6.5, 4.0, "s", "<=", 1.5).verdict == "FAIL"


def test_a_speed_up_is_the_baseline_over_the_value() -> None:
    faster = Figure("gen", 2.0, 9.0, "s", ">=", 4.0, invert=True)
    assert faster.ratio == 4.5
    assert faster.verdict == "PASS"
    assert Figure("gen", 3.0, 9.0, "s", ">=", 4.0, invert=True).verdict == "FAIL"


def test_a_figure_without_baseline_is_held_to_its_own_target() -> None:
    edit = Figure("edit", 1.5, None, "s", "<=", 2.0)
    assert (edit.ratio, edit.verdict, edit.target_text()) == (0.75, "PASS", "<= 2s")
    assert Figure("rebuilds", 2.0, None, "", "==", 1).verdict == "FAIL"
    assert Figure("banner", math.inf, None, "s", "<=", 2.0).verdict == "FAIL"


def test_reported_and_missing_figures_have_no_verdict() -> None:
    assert Figure("seed", 1.0, 0.5, "s").verdict == "-"
    assert Figure("seed", 1.0, 0.5, "s").ratio == 2.0
    assert Figure("browser", None, None, "ms", "<=", 16.0).verdict == "n/a"


def test_the_table_shows_every_figure_and_counts_verdicts() -> None:
    figures = [
        Figure("100x build", 3.0, 4.0, "s", "<=", 1.0),
        Figure("seed build", 1.0, 0.5, "s"),
        Figure("p95", None, None, "ms", "<=", 16.0),
    ]
    lines = render(figures).splitlines()
    assert lines[2].split() == ["100x", "build", "3.00s", "4.00s", "0.75", "<=", "1", "PASS"]
    assert lines[3].split() == ["seed", "build", "1.00s", "0.50s", "2.00", "report", "-"]
    assert lines[4].split() == ["p95", "-", "-", "-", "<=", "16ms", "n/a"]
    assert summary(figures) == "1 PASS, 1 n/a of 2 targets"
