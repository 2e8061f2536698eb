"""`make bench`: generation and build figures for the seed and a synthetic matrix, measured in
one run, each figure in fresh interpreters.

Cases: (a) the seed (data/containers.yaml) and (b) a synthetic matrix `--scale` times its size
(bench/synth.py). For each: generation time (load + validate + render, in-process), our full
build (`python -m generator build`, wall time), the same facts hand-written as Markdown and built
by MkDocs alone with the same theme (bench/handwritten.py, wall time), and the peak RSS of each
build's process. Each figure is the median of `--repeat` runs, fewer when the runs would take
more than `--budget` seconds in all (the output says so). A synthetic matrix a tenth the size
is generated too, as a second point for the linearity check. The code, templates and config
measured are a snapshot taken at the start (bench/out/src). Figures also go to
bench/out/results.json.

Exit status: 0 whatever the figures (benchmarks report, they don't gate); 1 when a build fails
or runs longer than `--timeout`. `--profile` adds a cProfile breakdown of our full build of (b).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py` puts bench/, not the root, on the path
    sys.path.insert(0, str(ROOT))

from bench import handwritten, synth  # noqa: E402

OUT = ROOT / "bench" / "out"
# The code, templates and config every case is measured with, copied once at the start, so
# edits made to the working tree while the benchmark runs do not mix into it.
SNAPSHOT = OUT / "src"
SNAPSHOT_PARTS = ("generator", "templates", "site_overrides", "mkdocs.yml")
GEN_CHILD = ROOT / "bench" / "gen_child.py"
MEASURE = ROOT / "bench" / "measure_child.py"
TARGET_RATIO = 0.5
LINEAR_LIMIT = 1.5
CHILD_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (str(SNAPSHOT), os.environ.get("PYTHONPATH")) if p),
    "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner
}
TIMED_OUT = 124  # bench/measure_child.py's exit status when it stopped the command
MIB = 1024.0  # ru_maxrss is in KiB on Linux

# Where our full build spends its time: cumulative time of the functions named `function` in
# files matching `file`.
PHASES = (
    ("load YAML", r"generator/load\.py$", "load_file"),
    ("schema check (jsonschema)", r"generator/checks/schema\.py$", "check"),
    ("reference checks", r"generator/checks/references\.py$", "check"),
    ("model", r"generator/model\.py$", "build"),
    ("views", r"generator/views(/__init__)?\.py$", "matrix_pages"),
    ("render (Jinja2)", r"generator/render\.py$", "render_pages"),
    ("write docs", r"generator/site\.py$", "write_docs"),
    ("MkDocs build", r"generator/site\.py$", "build_site"),
    ("  Python-Markdown (Page.render)", r"mkdocs/structure/pages\.py$", "render"),
    ("  page templates (_build_page)", r"mkdocs/commands/build\.py$", "_build_page"),
    ("    of which Material's navigation", r"material/templates/base\.html$", "block_site_nav"),
    ("  search index (on_post_build)", r"mkdocs/contrib/search/__init__\.py$", "on_post_build"),
)


class BuildFailed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float  # wall time
    cpu_seconds: float  # user + system
    peak_kib: int
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True)
class Limits:
    repeat: int  # runs per figure
    budget: float  # seconds per figure; no further run once another would exceed it
    timeout: float  # seconds per run


@dataclass(slots=True)
class Case:
    name: str
    scale: int
    rows: int
    project: Path
    generation_s: list[float] = field(default_factory=list)
    generation_cpu_s: list[float] = field(default_factory=list)
    generation_peak_mib: float = 0.0
    build_s: list[float] = field(default_factory=list)
    build_cpu_s: list[float] = field(default_factory=list)
    build_mkdocs_s: list[float] = field(default_factory=list)
    build_peak_mib: float = 0.0
    handwritten_s: list[float] = field(default_factory=list)
    handwritten_cpu_s: list[float] = field(default_factory=list)
    handwritten_peak_mib: float = 0.0
    pages_ours: int = 0
    pages_handwritten: int = 0

    @property
    def generation(self) -> float:
        return statistics.median(self.generation_s)

    @property
    def build(self) -> float:
        return statistics.median(self.build_s)

    @property
    def handwritten(self) -> float:
        return statistics.median(self.handwritten_s)

    @property
    def ratio(self) -> float:
        return self.build / self.handwritten

    @property
    def ratio_fastest(self) -> float:
        return min(self.build_s) / min(self.handwritten_s)

    @property
    def ratio_cpu(self) -> float:
        return statistics.median(self.build_cpu_s) / statistics.median(self.handwritten_cpu_s)

    def per_1000_rows(self) -> float:
        return self.generation / self.rows * 1000

    def cpu_per_1000_rows(self) -> float:
        return statistics.median(self.generation_cpu_s) / self.rows * 1000


def main() -> int:
    args = _parse_args()
    limits = Limits(args.repeat, args.budget, args.timeout)
    _snapshot()
    print(
        f"bench: median of {limits.repeat} run(s) per figure (fewer past {limits.budget:.0f}s "
        f"a figure), each in a fresh interpreter; python {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s)",
        flush=True,
    )
    try:
        seed = _full_case("seed", 1, limits)
        big = _full_case(f"synthetic {args.scale}x", args.scale, limits)
        mid = _generation_case(f"synthetic {args.scale // 10}x", args.scale // 10, limits)
        if args.profile:
            _profile(big, limits)
    except BuildFailed as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        return 1
    _report(seed, big, mid, limits)
    return 0


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add = parser.add_argument
    add("--scale", type=int, default=100, help="size of case (b) (default 100)")
    add("--repeat", type=int, default=3, help="runs per figure (default 3)")
    add("--budget", type=float, default=150, help="seconds per figure (default 150)")
    add("--timeout", type=float, default=1800, help="seconds per run (default 1800)")
    add("--profile", action="store_true", help="cProfile our full build of (b)")
    args = parser.parse_args()
    if args.scale < 10 or args.repeat < 1:
        parser.error("--scale must be >= 10 and --repeat >= 1")
    return args


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def _snapshot() -> None:
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    SNAPSHOT.mkdir(parents=True)
    for part in SNAPSHOT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, SNAPSHOT / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, SNAPSHOT / part)


def _prepare(name: str, scale: int, limits: Limits) -> Case:
    """Write the case's scratch project (bench/out/<slug>/project) and check its data."""
    data = synth.load_seed() if name == "seed" else synth.make_matrix(scale)
    folder = OUT / re.sub(r"\W+", "-", name).strip("-")
    case = Case(name, scale, synth.row_count(data), folder / "project")
    label = f"{name} ({case.rows:,} rows)"
    print(f"preparing {label}: writing data, checking it with `python -m generator check` ...")
    synth.write_project(case.project, None if name == "seed" else data, _slug(name), SNAPSHOT)
    checked = _run([sys.executable, "-m", "generator", "check"], case.project, limits)
    warnings = checked.stderr.count(": warning[")
    print(f"  data valid ({warnings} warning(s)); {checked.seconds:.1f}s", flush=True)
    return case


def _slug(name: str) -> str:
    return "containers" if name == "seed" else re.sub(r"\W+", "-", name).strip("-")


def _full_case(name: str, scale: int, limits: Limits) -> Case:
    case = _prepare(name, scale, limits)
    _measure_generation(case, limits)
    _measure_build(case, limits)
    _measure_handwritten(case, limits)
    return case


def _generation_case(name: str, scale: int, limits: Limits) -> Case:
    case = _prepare(name, scale, limits)
    _measure_generation(case, limits)
    return case


def _measure_generation(case: Case, limits: Limits) -> None:
    print(f"generating {case.name} ({case.rows:,} rows) ...", flush=True)
    cmd = [sys.executable, str(GEN_CHILD), str(limits.repeat), str(limits.budget)]
    child = _run(cmd, case.project, limits)
    figures = json.loads(child.stdout)
    case.generation_s, case.generation_cpu_s = figures["times"], figures["cpu_times"]
    case.generation_peak_mib = child.peak_kib / MIB
    _note_runs(case.generation_s, limits)


def _measure_build(case: Case, limits: Limits) -> None:
    print(f"building {case.name} ({case.rows:,} rows) ...", flush=True)
    site_dir = case.project / "site"
    cmd = [sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)]

    def build() -> Measured:
        for stale in (case.project / "build", site_dir):  # every run builds from scratch
            shutil.rmtree(stale, ignore_errors=True)
        return _run(cmd, case.project, limits)

    runs = _repeat(build, limits)
    case.build_s = [r.seconds for r in runs]
    case.build_cpu_s = [r.cpu_seconds for r in runs]
    case.build_mkdocs_s = [_mkdocs_seconds(r.stderr) for r in runs]
    case.build_peak_mib = max(r.peak_kib for r in runs) / MIB
    case.pages_ours = _count_pages(site_dir)


def _mkdocs_seconds(stderr: str) -> float:
    """The MkDocs part of our build, from its `built <dir>/ in 1.23s` line."""
    found = re.search(r"^built .* in ([\d.]+)s$", stderr, re.MULTILINE)
    return float(found.group(1)) if found else float("nan")


def _measure_handwritten(case: Case, limits: Limits) -> None:
    folder = case.project.parent / "handwritten"
    print(f"writing the hand-written Markdown for {case.name} ...", flush=True)
    data_file = next((case.project / "data").glob("*.yaml"))
    config = handwritten.write_site(folder, data_file, SNAPSHOT)
    print(f"building hand-written {case.name} with MkDocs ...", flush=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-q"]

    def build() -> Measured:
        shutil.rmtree(folder / "site", ignore_errors=True)
        return _run(cmd, folder, limits)

    runs = _repeat(build, limits)
    case.handwritten_s = [r.seconds for r in runs]
    case.handwritten_cpu_s = [r.cpu_seconds for r in runs]
    case.handwritten_peak_mib = max(r.peak_kib for r in runs) / MIB
    case.pages_handwritten = _count_pages(folder / "site")


def _repeat(step: Callable[[], Measured], limits: Limits) -> list[Measured]:
    """`step` once, then again while fewer than `repeat` runs are done and one more run (as long
    as the last) stays within the budget."""
    runs = [step()]
    while len(runs) < limits.repeat and sum(r.seconds for r in runs) + runs[-1].seconds <= (
        limits.budget
    ):
        runs.append(step())
    _note_runs([r.seconds for r in runs], limits)
    return runs


def _note_runs(seconds: list[float], limits: Limits) -> None:
    shown = ", ".join(f"{s:.2f}s" for s in seconds)
    fewer = f" (fewer than {limits.repeat}: over the {limits.budget:.0f}s budget)"
    print(f"  {len(seconds)} run(s): {shown}{fewer if len(seconds) < limits.repeat else ''}")


def _count_pages(site_dir: Path) -> int:
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path, limits: Limits) -> Measured:
    """Run `cmd` to completion through bench/measure_child.py: wall and CPU time, the command's
    own peak RSS, and its output. Raises BuildFailed on a non-zero exit or a timeout."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run(
            [sys.executable, str(MEASURE), str(report), str(limits.timeout), *cmd],
            cwd=cwd,
            env=CHILD_ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            how = (
                f"ran longer than {limits.timeout:.0f}s"
                if proc.returncode == TIMED_OUT
                else f"exited {proc.returncode}"
            )
            raise BuildFailed(f"`{' '.join(cmd)}` in {cwd} {how}:\n{proc.stderr[-4000:]}")
        figures = json.loads(report.read_text(encoding="utf-8"))
    return Measured(
        figures["seconds"], figures["cpu_seconds"], figures["peak_kib"], proc.stdout, proc.stderr
    )


# --------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------


def _profile(case: Case, limits: Limits) -> None:
    print(f"profiling our full build of {case.name} (cProfile; slower than unprofiled) ...")
    prof = case.project.parent / "build.prof"
    for stale in (case.project / "build", case.project / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "generator", "build"]
    _run([*cmd, "--site-dir", str(case.project / "site")], case.project, limits)
    stats = pstats.Stats(str(prof))
    total = max(row[3] for row in _stat_rows(stats).values())
    print(f"\nwhere our full build of {case.name} spends its time (profiled total {total:.1f}s):")
    for label, file_pattern, func in PHASES:
        seconds = _cumulative(stats, file_pattern, func)
        print(f"  {label:<44} {seconds:7.2f}s  {seconds / total:6.1%}")
    print("top functions by own time:")
    top = sorted(_stat_rows(stats).items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    for (filename, line, func), row in top:
        where = "/".join(Path(filename).parts[-2:])
        print(f"  {row[2]:7.2f}s own {row[3]:7.2f}s cum  {where}:{line}({func})")


def _stat_rows(stats: pstats.Stats) -> dict[tuple[str, int, str], tuple[Any, ...]]:
    rows: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    return rows


def _cumulative(stats: pstats.Stats, file_pattern: str, func: str) -> float:
    return sum(
        float(row[3])
        for (file, _, name), row in _stat_rows(stats).items()
        if name == func and re.search(file_pattern, file)
    )


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _report(seed: Case, big: Case, mid: Case, limits: Limits) -> None:
    print("\nresults (medians; wall time in seconds; peak RSS of each build's process)\n")
    _table(seed, big, mid)
    print()
    for c in (seed, big):
        _breakdown(c)
    print()
    for c in (seed, mid, big):
        print(
            f"generation per 1,000 rows, {c.name}: {c.per_1000_rows():.3f}s "
            f"(CPU {c.cpu_per_1000_rows():.3f}s)"
        )
    linear = big.per_1000_rows() / seed.per_1000_rows()
    same_shape = big.per_1000_rows() / mid.per_1000_rows()
    rows_x, time_x = big.rows / seed.rows, big.generation / seed.generation
    print(
        f"linearity: {rows_x:.0f}x the rows took {time_x:.1f}x the generation time "
        f"(seed -> {big.name})"
    )
    by_cpu = big.cpu_per_1000_rows() / mid.cpu_per_1000_rows()
    print(
        f"same-shape check, {mid.name} -> {big.name}: per-row time ratio {same_shape:.2f} "
        f"(by CPU time {by_cpu:.2f})\n"
    )
    print(
        f"{big.name}: ours/hand-written from the fastest runs {big.ratio_fastest:.2f}, "
        f"from CPU time (user+sys) {big.ratio_cpu:.2f}"
    )
    verdict = "PASS" if big.ratio <= TARGET_RATIO else "FAIL"
    print(
        f"target full build (b) <= {TARGET_RATIO}x hand-written: {verdict} (ratio {big.ratio:.2f})"
    )
    verdict = "PASS" if linear <= LINEAR_LIMIT else "FAIL"
    print(
        f"generation linear in rows: per-row time ratio {linear:.2f} "
        f"(PASS if <= {LINEAR_LIMIT}): {verdict}"
    )
    _write_json(seed, big, mid, limits, linear, same_shape)


def _table(seed: Case, big: Case, mid: Case) -> None:
    print(
        f"{'case':<16} {'rows':>6} {'generation s':>13} {'full build s':>13} "
        f"{'hand-written s':>15} {'ratio':>6} {'peak MiB ours':>14} {'peak MiB hand-written':>22}"
    )
    for c in (seed, big):
        print(
            f"{c.name:<16} {c.rows:>6,} {c.generation:>13.3f} {c.build:>13.2f} "
            f"{c.handwritten:>15.2f} {c.ratio:>6.2f} {c.build_peak_mib:>14.1f} "
            f"{c.handwritten_peak_mib:>22.1f}"
        )
    print(f"{mid.name:<16} {mid.rows:>6,} {mid.generation:>13.3f}   (generation only)")
    print(
        "runs per figure (generation/full build/hand-written): "
        + ", ".join(
            f"{c.name} {len(c.generation_s)}/{len(c.build_s)}/{len(c.handwritten_s)}"
            for c in (seed, big)
        )
    )


def _breakdown(c: Case) -> None:
    mkdocs = statistics.median(c.build_mkdocs_s)
    print(
        f"{c.name}: full build {c.build:.2f}s = generation, writing and interpreter start "
        f"{c.build - mkdocs:.2f}s + MkDocs {mkdocs:.2f}s "
        f"(MkDocs part alone {mkdocs / c.handwritten:.2f}x hand-written); "
        f"pages built: ours {c.pages_ours:,}, hand-written {c.pages_handwritten:,}"
    )


def _write_json(
    seed: Case, big: Case, mid: Case, limits: Limits, linear: float, same_shape: float
) -> None:
    def figures(c: Case) -> dict[str, Any]:
        out = asdict(c)
        out["project"] = str(c.project.relative_to(ROOT))
        out.update(generation_median_s=c.generation, per_1000_rows_s=c.per_1000_rows())
        if c.build_s:
            out.update(
                build_median_s=c.build,
                handwritten_median_s=c.handwritten,
                ratio=c.ratio,
                ratio_fastest=c.ratio_fastest,
                ratio_cpu=c.ratio_cpu,
            )
        return out

    results = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "limits": asdict(limits),
        "cases": [figures(c) for c in (seed, big, mid)],
        "target_ratio": TARGET_RATIO,
        "target_pass": big.ratio <= TARGET_RATIO,
        "per_row_ratio": linear,
        "per_row_ratio_same_shape": same_shape,
        "linear_pass": linear <= LINEAR_LIMIT,
    }
    path = OUT / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
