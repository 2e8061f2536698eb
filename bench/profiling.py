"""`bench/run.py --profile`: where our full build spends its time, from one cProfile run of
`python -m generator build --no-history`.

Views: the cumulative time of named stages (a function name in files matching a pattern);
each package's own time (generator modules one by one, third-party packages whole), which adds
up to the profiled total; the time our functions spend in third-party packages they call (which
of our lines put Markdown, Jinja2 or markupsafe to work); the top functions by own time.
"""

from __future__ import annotations

import pstats
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.runner import Limits, run

# (label, file pattern, function name): cumulative time of the functions called that.
PHASES = (
    ("generation (pipeline.generate)", r"generator/pipeline\.py$", "generate"),
    ("  load + validate + model (read.check)", r"generator/read\.py$", "check"),
    ("    load YAML", r"generator/load\.py$", "load_file"),
    ("    validate (checks)", r"generator/validate\.py$", "validate"),
    ("  views", r"generator/views/matrix\.py$", "matrix_pages"),
    ("  render (Jinja2)", r"generator/render\.py$", "render_pages"),
    ("  exports (JSON, CSV)", r"generator/export\.py$", "exports"),
    ("write docs", r"generator/site\.py$", "write_docs"),
    ("MkDocs build (site.build_site)", r"generator/site\.py$", "build_site"),
    ("  plugin: hold blocks, convert pages", r"generator/mkdocs_plugin\.py$", "on_page_markdown"),
    ("  Python-Markdown (Page.render)", r"mkdocs/structure/pages\.py$", "render"),
    ("  page templates (_build_page)", r"mkdocs/commands/build\.py$", "_build_page"),
    ("    bulk pages through the shell", r"generator/shell\.py$", "render"),
    ("    Material's navigation", r"material/templates/base\.html$", "block_site_nav"),
    ("  plugin: search entries", r"generator/mkdocs_plugin\.py$", "on_page_context"),
    ("  search plugin, pages", r"(material/plugins|mkdocs/contrib)/search/", "on_page_context"),
    ("  search plugin, index", r"(material/plugins|mkdocs/contrib)/search/", "on_post_build"),
    ("  plugin: restore blocks", r"generator/mkdocs_plugin\.py$", "on_post_page"),
    ("  copy static files", r"mkdocs/structure/files\.py$", "copy_static_files"),
)


# Packages that run the whole build rather than do a part of it.
DRIVERS = ("click", "mkdocs")


def profile(project: Path, label: str, limits: Limits) -> str:
    """Profile our full build of `project`; returns the report."""
    print(f"profiling our full build of {label} (cProfile; slower than unprofiled) ...")
    prof = project.parent / "build.prof"
    for stale in (project / "build", project / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "generator", "build"]
    run([*cmd, "--no-history", "--site-dir", str(project / "site")], project, limits)
    return report(pstats.Stats(str(prof)), label)


def report(stats: pstats.Stats, label: str) -> str:
    rows = _rows(stats)
    total = sum(float(row[2]) for row in rows.values())
    lines = [f"where our full build of {label} spends its time (profiled total {total:.1f}s):"]
    for name, pattern, func in PHASES:
        seconds = _cumulative(rows, pattern, func)
        lines.append(f"  {name:<44} {seconds:7.2f}s  {seconds / total:6.1%}")
    lines.append("own time by package (generator by module):")
    for where, seconds in sorted(_by_package(rows).items(), key=lambda kv: -kv[1])[:14]:
        lines.append(f"  {where:<44} {seconds:7.2f}s  {seconds / total:6.1%}")
    lines.append("our calls into other packages (cumulative, by caller):")
    for (caller, package), seconds in _entries(rows)[:8]:
        where = f"{caller} -> {package}"
        lines.append(f"  {where:<44} {seconds:7.2f}s  {seconds / total:6.1%}")
    lines.append("top functions by own time:")
    top = sorted(rows.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    for (filename, line, func), row in top:
        where = "/".join(Path(filename).parts[-2:])
        lines.append(f"  {row[2]:7.2f}s own {row[3]:7.2f}s cum  {where}:{line}({func})")
    return "\n".join(lines)


def _rows(stats: pstats.Stats) -> dict[tuple[str, int, str], tuple[Any, ...]]:
    rows: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    return rows


def _cumulative(
    rows: dict[tuple[str, int, str], tuple[Any, ...]], pattern: str, func: str
) -> float:
    """Cumulative time of the functions named `func` in files matching `pattern`; a function
    that calls itself (or another match) is counted by cProfile's own cumulative figure."""
    return sum(
        float(row[3])
        for (file, _, name), row in rows.items()
        if name == func and re.search(pattern, file)
    )


def _by_package(rows: dict[tuple[str, int, str], tuple[Any, ...]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for (file, _, _), row in rows.items():
        out[_package(file)] += float(row[2])
    return out


def _entries(rows: dict[tuple[str, int, str], tuple[Any, ...]]) -> list[tuple[Any, float]]:
    """Time spent in each third-party package when called straight from a generator function."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    for (file, _, _), row in rows.items():
        package = _package(file)
        if package in DRIVERS or package.startswith(("generator/", "stdlib", "built-ins")):
            continue
        for (caller_file, _, caller), edge in row[4].items():
            where = _package(caller_file)
            if where.startswith("generator/"):
                out[(f"{where.removeprefix('generator/')}:{caller}", package)] += float(edge[3])
    return sorted(out.items(), key=lambda kv: -kv[1])


def _package(file: str) -> str:
    """`generator/<module>`, a third-party package, `stdlib <module>`, or C built-ins."""
    parts = Path(file).parts
    if file == "~" or file.startswith("<"):
        return "built-ins (C: re, str, dict, ...)"
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "generator" in parts:
        i = len(parts) - 1 - parts[::-1].index("generator")
        return "/".join(parts[i:])
    lib = [i for i, part in enumerate(parts) if re.fullmatch(r"python3\.\d+", part)]
    if lib and lib[-1] + 1 < len(parts):
        return "stdlib " + parts[lib[-1] + 1].removesuffix(".py")
    return file
