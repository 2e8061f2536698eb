"""The cases bench/run.py measures: scratch projects (the seed, synthetic matrices, twelve seed
copies in one site) with their hand-written equivalents, and the measurements on them.

- `Pair`: our full build (`python -m generator build --no-history`) and the hand-written build
  of the same facts (MkDocs + Material + search alone, bench/handwritten.py), alternated run for
  run, so a change in the machine's load hits both alike.
- `Generation`: `pipeline.generate` alone (bench/gen_child.py), at several sizes and, when the
  revision exists, with the generator of an earlier commit, alternated the same way.

Every project is written under bench/out/ from the snapshot (bench/runner.py) and its data is
checked with `python -m generator check` before anything is timed.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import handwritten, synth, twelve
from bench.runner import (
    OUT,
    SNAPSHOT,
    BuildFailed,
    Limits,
    Measured,
    alternate,
    archive,
    child_env,
    compile_code,
    cpu,
    note_runs,
    peak_mib,
    run,
)

GEN_CHILD = Path(__file__).resolve().parent / "gen_child.py"
BEFORE = OUT / "before"  # an earlier revision's generator and templates (--before REV)


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    path: Path
    rows: int  # feature rows over all environment pages


@dataclass(slots=True)
class Pair:
    """Our full build against the hand-written build of the same facts."""

    project: Project
    ours: list[Measured] = field(default_factory=list)
    handwritten: list[Measured] = field(default_factory=list)
    pages_ours: int = 0
    pages_handwritten: int = 0

    @property
    def ratio_cpu(self) -> float:
        return cpu(self.ours) / cpu(self.handwritten)

    @property
    def ratio_peak(self) -> float:
        return peak_mib(self.ours) / peak_mib(self.handwritten)

    def mkdocs_seconds(self) -> float:
        """The MkDocs part of our build (wall), from its `built <dir>/ in 1.23s` line."""
        found = [re.search(r"^built .* in ([\d.]+)s$", r.stderr, re.MULTILINE) for r in self.ours]
        return statistics.median(float(f.group(1)) if f else float("nan") for f in found)


@dataclass(slots=True)
class Generation:
    """Generation alone: one entry per project (and per earlier revision) measured."""

    label: str
    project: Project
    runs: list[Measured] = field(default_factory=list)
    pages: int = 0
    bytes: int = 0

    def cpu_per_1000_rows(self) -> float:
        return cpu(self.runs) / self.project.rows * 1000


# --------------------------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------------------------


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name).strip("-")


def seed_project(limits: Limits) -> Project:
    return _project("seed", None, synth.row_count(synth.load_seed()), limits)


def synthetic_project(scale: int, limits: Limits) -> Project:
    data = synth.make_matrix(scale)
    return _project(f"synthetic {scale}x", data, synth.row_count(data), limits)


def twelve_project(limits: Limits) -> Project:
    rows = twelve.COUNT * synth.row_count(synth.load_seed())

    def data(folder: Path) -> None:
        for old in folder.glob("*.yaml"):
            old.unlink()
        twelve.write_data(folder)

    return _project(f"{twelve.COUNT} seed matrices", None, rows, limits, data)


def _project(
    name: str,
    data: dict[str, object] | None,
    rows: int,
    limits: Limits,
    rewrite: Callable[[Path], None] | None = None,
) -> Project:
    """Write the case's scratch project (bench/out/<slug>/project) and check its data."""
    project = Project(name, OUT / slug(name) / "project", rows)
    print(f"preparing {name} ({rows:,} rows): writing data, `python -m generator check` ...")
    file_name = "containers" if data is None else slug(name)
    synth.write_project(project.path, data, file_name, SNAPSHOT)
    if rewrite is not None:
        rewrite(project.path / "data")
    checked = run([sys.executable, "-m", "generator", "check"], project.path, limits)
    files = len(list((project.path / "data").glob("*.yaml")))
    warnings = checked.stderr.count(": warning[")
    print(f"  {files} data file(s) valid ({warnings} warning(s)); {checked.seconds:.1f}s")
    return project


# --------------------------------------------------------------------------------------------
# Our build against the hand-written one
# --------------------------------------------------------------------------------------------


def measure_pair(project: Project, limits: Limits) -> Pair:
    pair = Pair(project)
    folder = project.path.parent / "handwritten"
    data_files = sorted((project.path / "data").glob("*.yaml"))
    config = handwritten.write_site(folder, data_files, SNAPSHOT)
    print(f"building {project.name}: ours and hand-written, alternated ...", flush=True)
    ours_site, hand_site = project.path / "site", folder / "site"
    ours_cmd = [sys.executable, "-m", "generator", "build", "--no-history"]
    ours_cmd += ["--site-dir", str(ours_site)]
    hand_cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-q"]

    def ours() -> Measured:
        for stale in (project.path / "build", ours_site):  # every run builds from scratch
            _aside(stale)
        return run(ours_cmd, project.path, limits)

    def hand() -> Measured:
        _aside(hand_site)
        return run(hand_cmd, folder, limits)

    pair.ours, pair.handwritten = alternate([ours, hand], limits)
    note_runs("ours", pair.ours, limits)
    note_runs("hand-written", pair.handwritten, limits)
    pair.pages_ours, pair.pages_handwritten = count_pages(ours_site), count_pages(hand_site)
    return pair


TRASH = OUT / "trash"  # runs' outputs, deleted when the bench is over (run.py)


def _aside(path: Path) -> None:
    """Move the last run's output out of the way, to delete once every figure is measured.
    Deleting it between runs loads the disk while the next run is timed: on this machine a
    build after deleting ~1,400 pages spent 0.2-0.5 s more system time (and more user time)
    than one after a rename, and the more so the more runs had deleted before it."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{path.parent.name}-{path.name}-{len(list(TRASH.iterdir()))}")


def count_pages(site_dir: Path) -> int:
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def prepare_before(rev: str) -> bool:
    """`rev`'s generator and templates in bench/out/before; False when `rev` is missing."""
    if not archive(rev, ("generator", "templates"), BEFORE):
        return False
    compile_code(BEFORE / "generator")
    return True


def measure_generation(
    projects: list[Project], before: tuple[str, Project] | None, limits: Limits
) -> list[Generation]:
    """Generation of each project with the snapshot, plus `before` (label, project) with the
    earlier revision in bench/out/before, alternated."""
    entries = [(Generation("now", p), SNAPSHOT) for p in projects]
    if before is not None:
        entries.append((Generation(before[0], before[1]), BEFORE))
    names = ", ".join(f"{g.project.name} ({g.label})" for g, _ in entries)
    print(f"generating {names}, alternated ...", flush=True)
    steps = [_generation_step(gen, root, limits) for gen, root in entries]
    for (gen, _), runs in zip(entries, alternate(steps, limits), strict=True):
        gen.runs = runs
        note_runs(f"{gen.project.name} ({gen.label})", runs, limits)
    return [gen for gen, _ in entries]


def _generation_step(gen: Generation, root: Path, limits: Limits) -> Callable[[], Measured]:
    cmd = [sys.executable, str(GEN_CHILD), str(root / "templates")]
    env = child_env(root)

    def step() -> Measured:
        measured = run(cmd, gen.project.path, limits, env)
        figures = json.loads(measured.stdout)
        if not Path(figures["generator"]).resolve().is_relative_to(root.resolve()):
            raise BuildFailed(f"generation imported {figures['generator']}, not {root}")
        gen.pages, gen.bytes = figures["pages"], figures["bytes"]
        # The generation's own times (measured inside the child), without interpreter start.
        return dataclasses.replace(
            measured, seconds=figures["seconds"], cpu_seconds=figures["cpu_seconds"]
        )

    return step
