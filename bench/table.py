"""The figures of one `make bench` run, each beside its target as a ratio, printed as one table
and written to bench/out/results.json.

A `Figure` is a measured value, the baseline it is compared with (measured in the same run, or
a figure quoted in the issue when it says so), their ratio and the target the ratio must meet:
`<=`, `>=` and `==` give PASS or FAIL, `report` shows the ratio without a verdict. A figure
with no baseline has a target in its own unit (seconds, rebuilds, ms); its ratio is then the
value over the target.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float | None  # None: not measured in this run
    baseline: float | None = None  # None: the target applies to the value itself
    unit: str = ""
    op: str = "report"  # "<=", ">=", "==" or "report"
    target: float | None = None
    note: str = ""
    invert: bool = False  # ratio = baseline / value (a speed-up) instead of value / baseline

    @property
    def ratio(self) -> float | None:
        """Against the baseline when there is one (a speed-up when `invert`), else against the
        target (a figure with a target of its own, in its own unit)."""
        if self.value is None:
            return None
        if self.baseline is not None:
            top, bottom = (
                (self.baseline, self.value) if self.invert else (self.value, self.baseline)
            )
            return top / bottom if bottom else math.inf
        if self.target:
            return self.value / self.target
        return None

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        if self.op == "report" or self.target is None:
            return "-"
        compared = self.ratio if self.baseline is not None else self.value
        return "PASS" if compared is not None and _OPS[self.op](compared, self.target) else "FAIL"

    def target_text(self) -> str:
        if self.op == "report" or self.target is None:
            return "report"
        unit = "" if self.baseline is not None else self.unit
        return f"{self.op} {self.target:g}{unit}"


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:.{digits}f}{unit}"


def render(figures: Sequence[Figure]) -> str:
    width = max(len(f.name) for f in figures)
    head = f"{'figure':<{width}} {'measured':>10} {'baseline':>10} {'ratio':>7} {'target':>10} "
    lines = [head + "verdict", "-" * (len(head) + 7)]
    for f in figures:
        ratio = _num(f.ratio, "x" if f.invert else "")
        line = (
            f"{f.name:<{width}} {_num(f.value, f.unit):>10} {_num(f.baseline, f.unit):>10} "
            f"{ratio:>7} {f.target_text():>10} {f.verdict}"
        )
        lines.append(line + (f"  ({f.note})" if f.note else ""))
    return "\n".join(lines)


def summary(figures: Sequence[Figure]) -> str:
    verdicts = [f.verdict for f in figures]
    parts = [f"{verdicts.count(v)} {v}" for v in ("PASS", "FAIL", "n/a") if v in verdicts]
    return ", ".join(parts) + f" of {sum(v != '-' for v in verdicts)} targets"


def as_json(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    return [
        {**asdict(f), "ratio": f.ratio, "verdict": f.verdict, "target_text": f.target_text()}
        for f in figures
    ]


def write(path: Path, figures: Sequence[Figure], details: dict[str, Any]) -> None:
    results = {"figures": as_json(figures), **details}
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
