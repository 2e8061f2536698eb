"""Shared fixtures: a site built once per session from the repository's data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Material prints an end-of-life banner on every build; it is not a warning about our site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
FIXTURES = ROOT / "tests" / "fixtures"


# mkdocs.yml's search plugin, for configurations tests write that INHERIT mkdocs.yml and list
# their own plugins.
SEARCH_PLUGIN = "  - search:\n      separator: '[\\s\\-,:!=\\[\\]()\"/]+|\\.(?!\\d)|&[lg]t;'\n"


def run_generator(
    *args: str,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in `cwd`, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


PROJECT_PARTS = ("mkdocs.yml", "mkdocs.serve.yml", "data", "templates", "site_overrides")


def copy_project(dest: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A scratch copy of what a build reads: config, data, templates, theme overrides."""
    for name in parts:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_generator("build", cwd=project, env={**os.environ})
    assert result.returncode == 0, result.stderr
    yield project


@pytest.fixture(scope="session")
def built_site(built_project: Path) -> Path:
    return built_project / "site"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )
