"""`make bench`: generation and build figures for the seed and a synthetic matrix, measured in
one run, each figure in fresh interpreters.

Cases: (a) the seed (data/containers.yaml) and (b) a synthetic matrix `--scale` times its size
(bench/synth.py). For each: generation time (load + validate + render, in-process, median of
`--repeat` runs), our full build (`python -m generator build`, median wall time), the same site
hand-written in Markdown built by MkDocs alone (bench/handwritten.py, median wall time), and
the peak RSS of each build's process. A synthetic matrix a tenth the size is generated too, as
a second point for the linearity check. Figures also go to bench/out/results.json.

Exit status: 0 whatever the figures (benchmarks report, they don't gate); 1 when a build fails.
`--profile` adds a cProfile breakdown of our full build of (b).
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
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py` puts bench/, not the root, on the path
    sys.path.insert(0, str(ROOT))

from bench import handwritten, synth  # noqa: E402

OUT = ROOT / "bench" / "out"
GEN_CHILD = ROOT / "bench" / "gen_child.py"
TARGET_RATIO = 0.5
LINEAR_LIMIT = 1.5
CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's end-of-life banner
MIB = 1024.0  # ru_maxrss is in KiB on Linux

# Where our full build spends its time, by the cumulative time of these functions.
PHASES = (
    ("load YAML", "generator/load.py", "load_file"),
    ("schema check (jsonschema)", "generator/checks/schema.py", "check"),
    ("reference checks", "generator/checks/references.py", "check"),
    ("model", "generator/model.py", "build"),
    ("views", "generator/views.py", "matrix_pages"),
    ("render (Jinja2)", "generator/render.py", "render_pages"),
    ("write docs", "generator/site.py", "write_docs"),
    ("MkDocs build", "generator/site.py", "build_site"),
    ("  Python-Markdown (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("  theme templates + search (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("  search index (on_post_build)", "mkdocs/contrib/search/__init__.py", "on_post_build"),
)


class BuildFailed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float
    peak_kib: int
    stdout: str
    stderr: str


@dataclass(slots=True)
class Case:
    name: str
    scale: int
    rows: int
    project: Path
    generation_s: list[float] = field(default_factory=list)
    generation_peak_mib: float = 0.0
    build_s: list[float] = field(default_factory=list)
    build_mkdocs_s: list[float] = field(default_factory=list)
    build_peak_mib: float = 0.0
    handwritten_s: list[float] = field(default_factory=list)
    handwritten_peak_mib: float = 0.0

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

    def per_1000_rows(self) -> float:
        return self.generation / self.rows * 1000


def main() -> int:
    args = _parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"bench: {args.repeat} run(s) per figure, each in a fresh interpreter; "
        f"python {platform.python_version()}, {os.cpu_count()} CPU(s)",
        flush=True,
    )
    try:
        seed = _full_case("seed", 1, args.repeat)
        big = _full_case(f"synthetic {args.scale}x", args.scale, args.repeat)
        mid = _generation_case(f"synthetic {args.scale // 10}x", args.scale // 10, args.repeat)
        if args.profile:
            _profile(big)
    except BuildFailed as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        return 1
    _report(seed, big, mid, args.repeat)
    return 0


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=100, help="size of case (b) (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--profile", action="store_true", help="cProfile our build of (b)")
    args = parser.parse_args()
    if args.scale < 10 or args.repeat < 1:
        parser.error("--scale must be >= 10 and --repeat >= 1")
    return args


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def _prepare(name: str, scale: int) -> Case:
    """Write the case's scratch project (bench/out/<slug>/project) and check its data."""
    data = synth.load_seed() if name == "seed" else synth.make_matrix(scale)
    folder = OUT / re.sub(r"\W+", "-", name).strip("-")
    case = Case(name, scale, synth.row_count(data), folder / "project")
    label = f"{name} ({case.rows:,} rows)"
    print(f"preparing {label}: writing data, checking it with `python -m generator check` ...")
    synth.write_project(case.project, None if name == "seed" else data, _slug(name))
    checked = _run([sys.executable, "-m", "generator", "check"], case.project)
    warnings = checked.stderr.count(": warning[")
    print(f"  data valid ({warnings} warning(s)); {checked.seconds:.1f}s", flush=True)
    return case


def _slug(name: str) -> str:
    return "containers" if name == "seed" else re.sub(r"\W+", "-", name).strip("-")


def _full_case(name: str, scale: int, repeat: int) -> Case:
    case = _prepare(name, scale)
    _measure_generation(case, repeat)
    _measure_build(case, repeat)
    _measure_handwritten(case, repeat)
    return case


def _generation_case(name: str, scale: int, repeat: int) -> Case:
    case = _prepare(name, scale)
    _measure_generation(case, repeat)
    return case


def _measure_generation(case: Case, repeat: int) -> None:
    print(f"generating {case.name} ({case.rows:,} rows), {repeat} run(s) ...", flush=True)
    child = _run([sys.executable, str(GEN_CHILD), str(repeat)], case.project)
    figures = json.loads(child.stdout)
    case.generation_s = figures["times"]
    case.generation_peak_mib = figures["peak_kib"] / MIB


def _measure_build(case: Case, repeat: int) -> None:
    print(f"building {case.name} ({case.rows:,} rows), {repeat} run(s) ...", flush=True)
    site_dir = case.project / "site"
    cmd = [sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)]
    peaks = []
    for _ in range(repeat):
        for stale in (case.project / "build", site_dir):  # every run builds from scratch
            shutil.rmtree(stale, ignore_errors=True)
        run = _run(cmd, case.project)
        case.build_s.append(run.seconds)
        case.build_mkdocs_s.append(_mkdocs_seconds(run.stderr))
        peaks.append(run.peak_kib)
    case.build_peak_mib = max(peaks) / MIB


def _mkdocs_seconds(stderr: str) -> float:
    """The MkDocs part of our build, from its `built <dir>/ in 1.23s` line."""
    found = re.search(r"^built .* in ([\d.]+)s$", stderr, re.MULTILINE)
    return float(found.group(1)) if found else float("nan")


def _measure_handwritten(case: Case, repeat: int) -> None:
    folder = case.project.parent / "handwritten"
    print(f"writing the hand-written Markdown for {case.name} ...", flush=True)
    data_file = next((case.project / "data").glob("*.yaml"))
    config = handwritten.write_site(folder, data_file)
    print(f"building hand-written {case.name} with MkDocs, {repeat} run(s) ...", flush=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-q"]
    peaks = []
    for _ in range(repeat):
        shutil.rmtree(folder / "site", ignore_errors=True)
        run = _run(cmd, folder)
        case.handwritten_s.append(run.seconds)
        peaks.append(run.peak_kib)
    case.handwritten_peak_mib = max(peaks) / MIB


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path) -> Measured:
    """Run `cmd` to completion: wall time, the child's own peak RSS (from wait4) and output.
    Raises BuildFailed on a non-zero exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        shown = " ".join(cmd)
        raise BuildFailed(f"`{shown}` in {cwd} exited {proc.returncode}:\n{stderr[-4000:]}")
    return Measured(seconds, usage.ru_maxrss, stdout, stderr)


# --------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------


def _profile(case: Case) -> None:
    print(f"profiling our full build of {case.name} (cProfile; slower than unprofiled) ...")
    prof = case.project.parent / "build.prof"
    for stale in (case.project / "build", case.project / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "generator", "build"]
    _run([*cmd, "--site-dir", str(case.project / "site")], case.project)
    stats = pstats.Stats(str(prof))
    total = max(row[3] for row in _stat_rows(stats).values())
    print(f"\nwhere our full build of {case.name} spends its time (profiled total {total:.1f}s):")
    for label, filename, func in PHASES:
        seconds = _cumulative(stats, filename, func)
        print(f"  {label:<44} {seconds:7.2f}s  {seconds / total:6.1%}")
    print("top functions by own time:")
    top = sorted(_stat_rows(stats).items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    for (filename, line, func), row in top:
        where = "/".join(Path(filename).parts[-2:])
        print(f"  {row[2]:7.2f}s own {row[3]:7.2f}s cum  {where}:{line}({func})")


def _stat_rows(stats: pstats.Stats) -> dict[tuple[str, int, str], tuple[Any, ...]]:
    rows: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    return rows


def _cumulative(stats: pstats.Stats, filename: str, func: str) -> float:
    return sum(
        float(row[3])
        for (file, _, name), row in _stat_rows(stats).items()
        if name == func and file.endswith(filename)
    )


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _report(seed: Case, big: Case, mid: Case, repeat: int) -> None:
    print(f"\nresults (medians of {repeat} run(s); wall time in seconds; peak RSS per process)\n")
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
    print(f"{mid.name:<16} {mid.rows:>6,} {mid.generation:>13.3f}   (generation only)\n")
    for c in (seed, big):
        mkdocs = statistics.median(c.build_mkdocs_s)
        print(
            f"{c.name}: full build {c.build:.2f}s = generation + writing {c.build - mkdocs:.2f}s "
            f"(incl. interpreter start) + MkDocs {mkdocs:.2f}s; "
            f"MkDocs part alone is {mkdocs / c.handwritten:.2f}x hand-written"
        )
    print()
    for c in (seed, mid, big):
        print(f"generation per 1,000 rows, {c.name}: {c.per_1000_rows():.3f}s")
    linear = big.per_1000_rows() / seed.per_1000_rows()
    marginal = big.per_1000_rows() / mid.per_1000_rows()
    rows_x, time_x = big.rows / seed.rows, big.generation / seed.generation
    print(
        f"linearity: {rows_x:.0f}x the rows took {time_x:.1f}x the generation time "
        f"(seed -> {big.name})"
    )
    print(f"same-shape check, {mid.name} -> {big.name}: per-row time ratio {marginal:.2f}\n")
    verdict = "PASS" if big.ratio <= TARGET_RATIO else "FAIL"
    print(
        f"target full build (b) <= {TARGET_RATIO}x hand-written: {verdict} (ratio {big.ratio:.2f})"
    )
    verdict = "PASS" if linear <= LINEAR_LIMIT else "FAIL"
    print(
        f"generation linear in rows: per-row time ratio {linear:.2f} "
        f"(PASS if <= {LINEAR_LIMIT}): {verdict}"
    )
    _write_json(seed, big, mid, repeat, linear, marginal)


def _write_json(
    seed: Case, big: Case, mid: Case, repeat: int, linear: float, marginal: float
) -> None:
    def figures(c: Case) -> dict[str, Any]:
        out = asdict(c)
        out["project"] = str(c.project.relative_to(ROOT))
        out.update(generation_median_s=c.generation, per_1000_rows_s=c.per_1000_rows())
        if c.build_s:
            out.update(build_median_s=c.build, handwritten_median_s=c.handwritten, ratio=c.ratio)
        return out

    results = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "repeat": repeat,
        "cases": [figures(c) for c in (seed, big, mid)],
        "target_ratio": TARGET_RATIO,
        "target_pass": big.ratio <= TARGET_RATIO,
        "per_row_ratio": linear,
        "per_row_ratio_same_shape": marginal,
        "linear_pass": linear <= LINEAR_LIMIT,
    }
    path = OUT / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
