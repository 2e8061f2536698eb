"""Golden files: every generated page of the real data and of a second, differently shaped
matrix, compared whole. After an intended change, `make golden` rewrites them; review the diff
like code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from tests.conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "containers": ROOT / "data" / "containers.yaml",
    "drivers": FIXTURES / "matrices" / "drivers.yaml",
}


def _pages(source: Path) -> dict[str, str]:
    return pipeline.generate(
        pipeline.Options(date(2025, 1, 1), (source,), ROOT / "templates", history=False)
    ).pages


@pytest.mark.parametrize("case", sorted(CASES))
def test_pages_match_golden(case: str, request: pytest.FixtureRequest) -> None:
    pages = _pages(CASES[case])
    folder = GOLDEN / case
    if request.config.getoption("--update-golden"):
        for stale in (p for p in folder.rglob("*") if p.is_file()):
            stale.unlink()
        for path, text in pages.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed; run `make golden`"
    for path, text in pages.items():
        assert text == (folder / path).read_text(encoding="utf-8"), f"{case}/{path} differs"


def test_second_matrix_needs_no_code_change() -> None:
    """The drivers fixture declares other columns, labels and environments; its pages show
    exactly those, in its order."""
    pages = _pages(CASES["drivers"])
    server = pages["drivers/server/index.md"]
    headers = ["Driver", "Transport security", "Minimum version", "Authentication"]
    thead = re.findall(r"<thead>(.*?)</thead>", server)[0]
    assert re.findall(r'data-column="([^"]+)"', thead) == ["driver", "tls", "version", "auth"]
    assert re.findall(r">([^<]+)</th>", thead) == headers
    assert server.index('id="odbc"') < server.index('id="jdbc"') < server.index('id="python"')
    assert "## Bridges" in server and "Not supported" in server
    assert "## Cloud bridges" not in pages["drivers/cloud/index.md"]  # cloud has no bridge rows
    assert {
        "drivers/cloud/index.md",
        "drivers/server/index.md",
        "drivers/features/odbc/index.md",
        "drivers/compare/cloud-vs-server/index.md",
        "drivers/reference/index.md",
    } <= set(pages)
