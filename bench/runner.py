"""Child processes for bench/run.py: the snapshot of the code every case runs, one measured
command (wall time, CPU time, peak RSS, output), and runs of several commands alternated.

Every command runs through bench/measure_child.py, a small fresh interpreter, so its CPU time
(user + system of the command and its children) and peak RSS are its own, not the runner's.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# The code, templates and config every case is measured with, copied once at the start, so
# edits made to the working tree while the benchmark runs do not mix into it.
SNAPSHOT = OUT / "src"
SNAPSHOT_PARTS = ("generator", "templates", "site_overrides", "mkdocs.yml")
MEASURE = ROOT / "bench" / "measure_child.py"
TIMED_OUT = 124  # bench/measure_child.py's exit status when it stopped the command
MIB = 1024.0  # ru_maxrss is in KiB on Linux


class BuildFailed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float  # wall time
    cpu_seconds: float  # user + system of the command and its children
    peak_kib: int
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True)
class Limits:
    repeat: int  # runs per figure
    budget: float  # seconds per figure; no further round once another would exceed it
    timeout: float  # seconds per run


def child_env(pythonpath: Path = SNAPSHOT) -> dict[str, str]:
    """The environment of every measured command: `pythonpath` first on the import path."""
    path = os.pathsep.join(p for p in (str(pythonpath), os.environ.get("PYTHONPATH")) if p)
    # NO_MKDOCS_2_WARNING: Material's end-of-life banner, printed on every build otherwise.
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


def snapshot() -> str | None:
    """Copy the working tree's code, templates and config to SNAPSHOT. Returns a note when the
    working tree's generator does not import (generator/importer/ mid-rewrite): the snapshot then
    takes HEAD's importer, which no figure measures."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    SNAPSHOT.mkdir(parents=True)
    for part in SNAPSHOT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, SNAPSHOT / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, SNAPSHOT / part)
    if _imports():
        compile_code(SNAPSHOT / "generator")
        return None
    importer = SNAPSHOT / "generator" / "importer"
    shutil.rmtree(importer, ignore_errors=True)
    _git_archive("HEAD", ["generator/importer"], SNAPSHOT)
    if not _imports():
        raise BuildFailed("the working tree's generator does not import, even with HEAD's importer")
    compile_code(SNAPSHOT / "generator")
    return "note: generator/importer/ did not import; the snapshot uses HEAD's importer"


def compile_code(folder: Path) -> None:
    """Bytecode for a copy of the generator, as pip writes it for MkDocs and Material: with
    PYTHONDONTWRITEBYTECODE set (this machine, CI), every run would compile the copy from
    source again, a cost the hand-written build (installed packages only) never pays."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], check=True)


def _imports() -> bool:
    probe = "import generator.cli, generator.mkdocs_plugin"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=child_env(), capture_output=True, check=False
    )
    return done.returncode == 0


def archive(rev: str, parts: Sequence[str], dest: Path) -> bool:
    """`git archive REV PARTS` unpacked into `dest` (emptied first); False when the revision
    is not in the repository."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "-q", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        return False
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    _git_archive(rev, list(parts), dest)
    return True


def _git_archive(rev: str, parts: list[str], dest: Path) -> None:
    tar = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, *parts], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar.stdout, check=True)


def run(cmd: list[str], cwd: Path, limits: Limits, env: dict[str, str] | None = None) -> Measured:
    """Run `cmd` to completion through bench/measure_child.py. Raises BuildFailed on a
    non-zero exit or a timeout."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run(
            [sys.executable, str(MEASURE), str(report), str(limits.timeout), *cmd],
            cwd=cwd,
            env=env or child_env(),
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


def alternate(steps: Sequence[Callable[[], Measured]], limits: Limits) -> list[list[Measured]]:
    """Each step once per round, in turn (so a change in the machine's load hits every step
    alike), for `repeat` rounds, or fewer when another round (as long as the last) would take
    the rounds past the budget. Returns each step's runs."""
    runs: list[list[Measured]] = [[] for _ in steps]
    while True:
        for step, done in zip(steps, runs, strict=True):
            done.append(step())
        spent = sum(r.seconds for done in runs for r in done)
        last = sum(done[-1].seconds for done in runs)
        if len(runs[0]) >= limits.repeat or spent + last > limits.budget:
            return runs


def cpu(runs: Sequence[Measured]) -> float:
    return statistics.median(r.cpu_seconds for r in runs)


def wall(runs: Sequence[Measured]) -> float:
    return statistics.median(r.seconds for r in runs)


def peak_mib(runs: Sequence[Measured]) -> float:
    return max(r.peak_kib for r in runs) / MIB


def note_runs(label: str, runs: Sequence[Measured], limits: Limits) -> None:
    shown = ", ".join(f"{r.cpu_seconds:.2f}" for r in runs)
    fewer = f" (fewer than {limits.repeat}: over the {limits.budget:.0f}s budget)"
    print(
        f"  {label}: {len(runs)} run(s), CPU s {shown}; wall median {wall(runs):.2f}s"
        f"{fewer if len(runs) < limits.repeat else ''}",
        flush=True,
    )
