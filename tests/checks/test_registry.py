"""The registry and the run (`generator.checks`, `generator.validate`, `generator.read`): the
checks run in their declared order, a crash in one is one internal-error line and the others
still run, every independent error is reported at once without cascades; and the pipeline's
own diagnostics (no-data, matrix-duplicate-id, several files)."""

from __future__ import annotations

import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import generator.checks
from generator import read
from generator.checks import CHECKS, SHAPE, data_format, references, schema
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.load import load_text
from generator.validate import validate
from tests.checks.helpers import TODAY, bare, generate, lines, matrix, vary, write

TESTS = Path(__file__).resolve().parent
# The links check's file name is taken by another test module; either name is its own file.
_TEST_FILES = {"links": ("test_links.py", "test_link_check.py")}


# --------------------------------------------------------------------------------------------
# The valid cases
# --------------------------------------------------------------------------------------------


def test_valid_matrix_gives_no_diagnostics() -> None:
    assert lines(matrix()) == []


def test_matrix_with_only_required_keys_gives_no_diagnostics() -> None:
    assert lines(bare()) == []


def test_valid_matrix_builds_pages(tmp_path: Path) -> None:
    """The base document is valid all the way through, not just for the checks."""
    generated = generate(tmp_path, matrix())
    expected = {
        "index.md",
        "demo/index.md",
        "demo/azure/index.md",
        "demo/features/discovery/index.md",
        "demo/compare/index.md",
        "demo/reference/index.md",
    }
    assert expected <= set(generated.pages)
    assert generated.diagnostics == ()


# --------------------------------------------------------------------------------------------
# The registry: every check registered once, run in order, with a test file of its own
# --------------------------------------------------------------------------------------------


def _check_modules() -> list[str]:
    """The modules of `generator.checks` that are checks (they have `run`)."""
    found = []
    for info in pkgutil.iter_modules(generator.checks.__path__):
        module = __import__(f"generator.checks.{info.name}", fromlist=["run"])
        if callable(getattr(module, "run", None)):
            found.append(info.name)
    return sorted(found)


def _short(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def test_every_check_module_runs_once() -> None:
    ran = [SHAPE, data_format, *CHECKS]
    assert sorted(map(_short, ran)) == _check_modules()
    assert len({m.NAME for m in ran}) == len(ran)


def test_checks_run_in_their_declared_order(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    for check in (SHAPE, data_format, *CHECKS):
        monkeypatch.setattr(check, "run", lambda ctx, name=check.NAME: ran.append(name) or [])
    loaded, _ = load_text(matrix(), "m.yaml")
    assert loaded is not None
    assert validate(loaded, today=TODAY) == []
    assert ran == [SHAPE.NAME, data_format.NAME, *(c.NAME for c in CHECKS)]
    assert ran[0] == "schema"


@pytest.mark.parametrize("name", _check_modules())
def test_every_check_has_its_own_test_file(name: str) -> None:
    names = _TEST_FILES.get(name, (f"test_{name}.py",))
    assert any((TESTS / n).is_file() for n in names), f"no tests/checks/{names[0]}"


# --------------------------------------------------------------------------------------------
# Crashes in a check: internal-error
# --------------------------------------------------------------------------------------------


def _boom(*args: object) -> list[Diagnostic]:
    raise RuntimeError("boom")


def test_internal_error_in_the_reference_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "run", _boom)
    assert lines(matrix()) == [
        "m.yaml:1:1: error[internal-error] the references check crashed: RuntimeError: boom"
    ]


def test_internal_error_in_the_schema_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash is one line; the reference check, which trusts the schema, is skipped."""
    ran: list[str] = []
    monkeypatch.setattr(schema, "run", _boom)
    monkeypatch.setattr(references, "run", lambda *a: ran.append("references") or [])
    assert lines(matrix()) == [
        "m.yaml:1:1: error[internal-error] the schema check crashed: RuntimeError: boom"
    ]
    assert ran == []


def test_internal_error_keeps_the_other_checks_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the reference check does not hide what the schema check found."""
    warning = Diagnostic(Level.WARNING, "x-test", SourceLoc("m.yaml", 2, 5), ("id",), "from schema")
    monkeypatch.setattr(schema, "run", lambda ctx: [warning])
    monkeypatch.setattr(references, "run", _boom)
    assert lines(matrix()) == [
        "m.yaml:2:5: warning[x-test] id: from schema",
        "m.yaml:1:1: error[internal-error] the references check crashed: RuntimeError: boom",
    ]


def test_a_crash_on_a_file_with_schema_errors_says_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A check that trusts the schema may crash on a shape the schema check has reported."""
    monkeypatch.setattr(references, "run", _boom)
    assert lines(vary("title: Demo matrix", "title: 42")) == [
        "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)"
    ]


def test_a_crash_in_one_check_keeps_the_later_checks_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(references, "run", _boom)
    assert lines(vary("plan: free", "plan: fre")) == [
        "m.yaml:1:1: error[internal-error] the references check crashed: RuntimeError: boom",
        "m.yaml:60:17: error[choice-unknown] features.discovery.support.azure.cells.plan:"
        " unknown value for column 'plan': 'fre' (did you mean 'free'?);"
        " expected one of 'free', 'paid'",
    ]


# --------------------------------------------------------------------------------------------
# Pipeline: no-data, matrix-duplicate-id, several files
# --------------------------------------------------------------------------------------------


def test_no_data(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    empty.mkdir()
    write(empty, "README.md", "not data\n")
    checked = read.check([empty], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{empty}:1:1: error[no-data] no data files found; expected *.yaml files"
    ]
    assert checked.matrices == ()


def test_matrix_duplicate_id(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", matrix())
    second = write(tmp_path, "b.yaml", vary("title: Demo matrix", "title: Demo again"))
    checked = read.check([tmp_path], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{second}:2:5: error[matrix-duplicate-id] id: matrix id 'demo' is already used by {first}"
    ]
    assert [m.title for m in checked.matrices] == ["Demo matrix"]


def test_every_file_is_checked_in_file_order(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", vary("format: 1", "format: 2"))
    write(tmp_path, "b.yaml", vary("id: demo", "id: other\n").replace("plan: free", "plan: fre"))
    write(tmp_path, "notes.txt", "ignored\n")
    checked = read.check([tmp_path], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{tmp_path / 'a.yaml'}:1:9: error[schema-const] format: expected 1, found 2",
        f"{tmp_path / 'b.yaml'}:61:17: error[choice-unknown]"
        " features.discovery.support.azure.cells.plan: unknown value for column 'plan': 'fre'"
        " (did you mean 'free'?); expected one of 'free', 'paid'",
    ]


# --------------------------------------------------------------------------------------------
# Collect, then abort: no cascades, every independent error at once
# --------------------------------------------------------------------------------------------


def test_schema_errors_skip_the_reference_check() -> None:
    """A wrong shape reports once; the unknown footnote is not reported on top of it."""
    text = vary("format: 1", "format: 2")
    text = vary("footnotes: [tested]\n        references", "footnotes: [testd]\nreferences", text)
    assert lines(text) == ["m.yaml:1:9: error[schema-const] format: expected 1, found 2"]


def test_all_independent_errors_are_reported_at_once() -> None:
    text = vary("linux: ga", "linux: Beta")
    text = vary("plan: free", "plan: fre", text)
    text = vary("section: proxy", "section: proxi", text)
    assert lines(text) == [
        "m.yaml:45:18: error[ref-unknown-section] environments.azure.blocks[3].section:"
        " unknown section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'",
        "m.yaml:59:18: error[state-unknown] features.discovery.support.azure.cells.linux:"
        " unknown release state 'Beta'; expected one of 'ga', 'preview', 'unavailable'",
        "m.yaml:60:17: error[choice-unknown] features.discovery.support.azure.cells.plan:"
        " unknown value for column 'plan': 'fre' (did you mean 'free'?);"
        " expected one of 'free', 'paid'",
        "m.yaml:86:3: warning[unused-section] sections.proxy:"
        " section 'proxy' is defined but never cited",
    ]


def test_load_and_schema_errors_are_reported_together() -> None:
    text = vary("linux: ga", "linux: ga\nlinux: preview")
    text = vary("multi: true", 'multi: "yes"', text)
    text = vary("type: state", "type: stat", text)
    assert lines(text) == [
        "m.yaml:60:11: error[yaml-duplicate-key] features.discovery.support.azure.cells.linux:"
        " duplicate key 'linux' (first defined at line 59)",
        "m.yaml:13:11: error[schema-enum] columns.linux.type: expected one of 'feature',"
        " 'domain', 'state', 'choice', 'text', 'version', found 'stat' (did you mean 'state'?)",
        "m.yaml:26:12: error[schema-type] columns.resources.multi:"
        " expected true or false, found 'yes'",
    ]
