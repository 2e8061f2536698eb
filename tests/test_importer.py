"""The Markdown importer: `python -m generator import PAGE.md` -> matrix YAML that passes check.

Unit tests for each concern (state mapping, cell splitting, footnote forms, callouts, ragged
tables, tab groups, directives kept), the CLI's contract, the seed's import against the curated
`data/`, and fidelity on built sites: the seed imported into a fresh `data/`, and every page in
`tests/fixtures/import/` imported beside the existing data; every table row and list item of each
page must be on the built site (the walkers of `test_seed_fidelity`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load, model, read
from generator.importer import command, envs, import_page
from generator.importer.cells import Converter
from generator.importer.emit import SCHEMA_COMMENT
from generator.importer.footnotes import Definition, find_markers, match_definition, resolve
from generator.importer.parse import Callout, Directive, FootnoteDef, Heading, TabEnd, parse_page
from generator.importer.report import Report
from generator.importer.rows import groups, name_cell
from generator.importer.structure import place
from generator.importer.tables import read_table, split_row
from generator.importer.values import state_of
from generator.vocabulary import BLANK, RESERVED_COLUMN_IDS
from tests.conftest import FIXTURES, ROOT, copy_project
from tests.test_seed_fidelity import (
    PROJECT_SEED,
    SitePage,
    contains_words,
    iter_site_tables,
    normalise,
    normalise_row,
    parse_html_page,
    parse_seed,
    walk_site,
)

IMPORT_FIXTURES = sorted((FIXTURES / "import").glob("*.md"))


def _import(text: str, name: str = "page.md") -> dict[str, Any]:
    result = import_page(text, name, "page")
    assert not [str(d) for d in result.check if d.is_error]
    return result.data


def _conv() -> Converter:
    return Converter(Report("page.md"), {})


# --------------------------------------------------------------------------------------------
# State mapping and cells
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "state"),
    [
        ("GA", "ga"),
        ("Preview", "preview"),
        ("Public preview", "preview"),
        ("-", "unavailable"),
        ("✔", "ga"),
        ("✓", "ga"),
        ("Yes", "ga"),
        ("X", "unavailable"),
        ("No", "unavailable"),
        ("", None),
        ("NA", None),
        ("Preview - limited to audit logs", None),
        ("Cloud: No<br><br>On-premises: Yes", None),
        ("**GA**", None),
    ],
)
def test_state_of(written: str, state: str | None) -> None:
    assert state_of(written) == state


@pytest.mark.parametrize(
    ("raw", "markdown"),
    [
        ("Commercial clouds<br><br> National clouds", "Commercial clouds\n\nNational clouds"),
        ("a<br/>b<br />c</br>d<BR>e", "a\\\nb\\\nc\\\nd\\\ne"),
        ("**Supported**<br> • ACR <br> • ECR", "**Supported**\n\n- ACR\n- ECR"),
        ("Intro<br>* one<br/>* two<br />- three", "Intro\n\n- one\n- two\n- three"),
        ("✔</br>(on supported versions)", "✔\\\n(on supported versions)"),
        ("1. Public 2. Confidential", "1\\. Public 2. Confidential"),
        ("# of nodes", "\\# of nodes"),
        ('<b>Bold</b> and <a href="x.md">a link</a>', "**Bold** and [a link](x.md)"),
        ("Registry access <sup>[1](#fn1)</sup> or more", "Registry access ¹ or more"),
        ("", ""),
    ],
)
def test_cell_markdown(raw: str, markdown: str) -> None:
    assert _conv().cell(raw, 1) == markdown


def test_blank_and_dash_stay_different() -> None:
    page = (
        "# T\n\n## E\n\n| Feature | State | Choice | Note |\n|--|--|--|--|\n"
        "| a | GA | Yes | free text |\n| b | GA | | - |\n| c | - | - | |\n| d | GA | No | x |\n"
        "| e | | Yes | x |\n"
    )
    data = _import(page)
    cells = {f: data["features"][f]["support"]["e"]["cells"] for f in "abcde"}
    assert data["columns"]["state"]["type"] == "state"
    assert data["columns"]["choice"] == {
        "header": "Choice",
        "type": "choice",
        "values": {"ga": "Yes", "unavailable": "No"},
    }
    assert [cells[f]["state"] for f in "abcde"] == ["ga", "ga", "unavailable", "ga", BLANK]
    assert [cells[f]["choice"] for f in "abcde"] == ["ga", BLANK, "-", "unavailable", "ga"]
    assert [cells[f]["note"] for f in "abcde"] == ["free text", "-", BLANK, "x", "x"]


def test_a_state_with_a_qualifier_is_the_state_and_a_note() -> None:
    page = (
        "# T\n\n## E\n\n| Feature | Linux | Where |\n|--|--|--|\n"
        "| a | Preview - limited to audit logs | Cloud: No<br><br>On-premises: Yes |\n"
        "| b | GA | Cloud |\n| c | GA (activity monitoring) | Cloud |\n"
    )
    data = _import(page)
    assert data["columns"]["linux"]["type"] == "state"
    cells = {f: data["features"][f]["support"]["e"]["cells"] for f in "abc"}
    assert cells["a"] == {
        "linux": {"value": "preview", "note": "limited to audit logs"},
        "where": "Cloud: No\n\nOn-premises: Yes",
    }
    assert cells["c"]["linux"] == {"value": "ga", "note": "activity monitoring"}


def test_yes_no_columns_get_matching_state_labels() -> None:
    page = "# T\n\n## E\n\n| Feature | Backup |\n|--|--|\n| a | Yes |\n| b | No |\n| c | Yes |\n"
    data = _import(page)
    assert data["state_labels"] == {"ga": "Yes", "preview": "Preview", "unavailable": "No"}
    assert data["columns"]["backup"]["type"] == "state"


def test_name_cell_keeps_link_markers_and_reference_links() -> None:
    cell = name_cell(
        "[Registry scan](scan.md) <sup>[1](#footnote1)</sup> [supported packages](#registries)",
        7,
        _conv(),
    )
    assert (cell.short, cell.shown, cell.link) == ("Registry scan", "Registry scan", "scan.md")
    assert [(m.label, m.anchor) for m in cell.markers] == [("1", "footnote1")]
    assert cell.refs == (("registries", "supported packages"),)


def test_name_cell_with_more_than_a_name() -> None:
    report = Report("page.md")
    cell = name_cell(
        "**[Defender for SQL](sql.md)**<br/><br/> Partial GA<br/> - A subset",
        3,
        Converter(report, {}),
    )
    assert (cell.short, cell.shown, cell.link) == (
        "Defender for SQL",
        "Defender for SQL Partial GA - A subset",
        "sql.md",
    )
    assert report.lines()[0] == (
        "page.md:3:1: guess[name-extra] name cell holds more than a name; the feature is "
        "'Defender for SQL' and the whole cell is its name on this page (plain text)"
    )


def test_labelled_groups() -> None:
    found = groups(
        "**Supported**<br> • A <br> • B<br> continued <br>**Via Arc** <sup>[1](#f1)</sup><br>• C",
        5,
        _conv(),
        None,
    )
    assert found is not None
    assert [(g.label, [m.label for m in g.markers], g.items) for g in found] == [
        ("Supported", [], ("A", "B continued")),
        ("Via Arc", ["1"], ("C",)),
    ]
    assert groups("Plain text, no labels", 5, _conv(), None) is None


# --------------------------------------------------------------------------------------------
# Footnotes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "anchor"),
    [
        ("x <sup>[1](#footnote1)</sup>", "1", "footnote1"),
        ("x [<sup>2</sup>](#fn2)", "2", "fn2"),
        ('x <sup><a href="#fn3">3</a></sup>', "3", "fn3"),
        ('x <a href="#fn4"><sup>4</sup></a>', "4", "fn4"),
        ("x<sup>5</sup>", "5", None),
        ("x<sup>*</sup>", "*", None),
        ("x<sup>\\*\\*</sup>", "**", None),
    ],
)
def test_footnote_markers(text: str, label: str, anchor: str | None) -> None:
    assert [(m.label, m.anchor) for m in find_markers(text)] == [(label, anchor)]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ('<sup><a name="footnote1"></a>1</sup> Tested.', ("1", "footnote1", "Tested.")),
        ('<a name="fn2"></a><sup>2</sup> Two.', ("2", "fn2", "Two.")),
        ("<sup>3</sup> Three.", ("3", None, "Three.")),
        ("\\* Star.", ("*", None, "Star.")),
        ("\\*\\* Two stars.", ("**", None, "Two stars.")),
        ("Plain paragraph.", None),
        ("**Bold** paragraph.", None),
    ],
)
def test_footnote_definitions(line: str, found: tuple[str, str | None, str] | None) -> None:
    assert match_definition(line) == found


def test_duplicated_anchors_resolve_within_their_section() -> None:
    defs = [
        Definition("1", "footnote1", "Azure's", 10, ("sec", 1)),
        Definition("1", "footnote1", "AWS's", 30, ("sec", 20)),
    ]
    assert resolve("1", "footnote1", 25, ("sec", 20), defs) is defs[1]
    assert resolve("1", "footnote1", 5, ("sec", 1), defs) is defs[0]
    assert resolve("1", None, 40, ("sec", 99), defs) is defs[1]
    assert resolve("2", None, 40, ("sec", 1), defs) is None


def test_footnote_markers_after_names_values_and_stars_are_citations() -> None:
    """Issue 12: a marker after a value (`Needs setup<sup>2</sup>`) or a star (`b*`) cites its
    footnote from the row; a footnote no marker cites stays a paragraph."""
    page = (
        "# T\n\n## E\n\n| Feature | State | Note |\n|--|--|--|\n"
        "| a<sup>[1](#fn1)</sup> | GA | Needs setup <sup>[2](#fn2)</sup> |\n"
        "| b* | GA | - |\n\n"
        '<sup><a name="fn1"></a>1</sup> One.\n\n<sup><a name="fn2"></a>2</sup> Two.\n\n'
        "\\* Star.\n\n<sup>3</sup> Three.\n"
    )
    result = import_page(page, "page.md", "page")
    data = result.data
    assert data["footnotes"] == {"one": "One.", "two": "Two.", "star": "Star."}
    assert data["features"]["a"]["support"]["e"] == {
        "footnotes": ["one", "two"],
        "cells": {"state": "ga", "note": "Needs setup"},
    }
    assert data["features"]["b"]["support"]["e"] == {
        "footnotes": ["star"],
        "cells": {"state": "ga", "note": "-"},
    }
    assert data["environments"]["e"]["blocks"] == [{"features": True}, {"text": "³ Three."}]
    assert result.report.lines()[:-1] == [
        "page.md:8:1: note[footnote-star] marker '*' cites the footnote at line 14; the site "
        "numbers it",
        "page.md:16:1: note[footnote-as-text] footnote '3' kept as a paragraph where it stands: "
        "no feature name or reference label on this page cites it with the number the site "
        "gives it",
    ]


# --------------------------------------------------------------------------------------------
# Callouts, ragged tables, tab groups, directives
# --------------------------------------------------------------------------------------------


def test_callouts() -> None:
    page = (
        "# T\n\n> [!NOTE]\n>\n> - one\n> - two\n\n> [!IMPORTANT]\n> Important text.\n\n"
        "## E\n\n| Feature | S |\n|--|--|\n| a | GA |\n\n> [!CAUTION]\n> Careful.\n\n"
        "> A plain quote.\n"
    )
    nodes = parse_page(page, Report("page.md")).nodes
    assert [(n.kind, n.source) for n in nodes if isinstance(n, Callout)] == [
        ("note", "- one\n- two"),
        ("important", "Important text."),
        ("caution", "Careful."),
    ]
    data = _import(page)
    assert {k: v["kind"] for k, v in data["callouts"].items()} == {
        "note-one-two": "note",
        "important-important-text": "important",
        "caution-careful": "caution",
    }
    assert data["environments"]["e"]["blocks"] == [
        {"features": True},
        {"callout": "caution-careful"},
        {"text": "> A plain quote."},
    ]


def test_split_row() -> None:
    assert split_row("| a | b \\| c |") == ["a", "b | c"]
    assert split_row("a | b") == ["a", "b"]
    assert split_row("|  padded  |x|") == ["padded", "x"]


def test_ragged_table_keeps_every_cell_and_names_the_line() -> None:
    report = Report("page.md")
    lines = ["a | b | c", "--|--", "1 | 2", "3 | 4 | 5 | 6", "**S** | |"]
    table = read_table(lines, 10, report)
    assert [(r.cells, r.extra, r.line) for r in table.rows] == [
        (("1", "2", ""), (), 12),
        (("3", "4", "5"), ("6",), 13),
        (("**S**", "", ""), (), 14),
    ]
    assert report.lines()[:-1] == [
        "page.md:11:1: warning[table-separator] the separator row has 2 cells and the header 3; "
        "imported as a table of 3 columns",
        "page.md:12:1: warning[table-short-row] row has 2 cells and the header 3; the missing "
        "cells are blank",
        "page.md:13:1: warning[table-long-row] row has 4 cells and the header 3; the cells past "
        "the header are kept in a note under the table",
        "page.md:14:1: warning[table-short-row] row has 2 cells and the header 3; the missing "
        "cells are blank",
    ]


def test_ragged_page_imports_every_cell() -> None:
    page = (
        "# T\n\n## E\n\nFeature | Read | Note\n--- | ---\n**Group** | |\n"
        "a | GA\nb | GA | x | extra cell\n"
    )
    result = import_page(page, "page.md", "page")
    data = result.data
    assert list(data["features"]) == ["group", "a", "b"]
    assert data["features"]["a"]["domain"] == "group"
    assert data["environments"]["e"]["blocks"] == [
        {"features": True},
        {"text": "Cells past the table's last column, as written:\n\n- Line 9: extra cell"},
    ]
    assert [(e.line, e.code) for e in sorted(result.report.entries)] == [
        (5, "table-not-markdown"),
        (6, "table-separator"),
        (7, "table-divider"),
        (7, "table-short-row"),
        (8, "table-short-row"),
        (9, "table-long-row"),
    ]


def test_tab_groups() -> None:
    page = (
        "# T\n\n## Collection\n\n### [Azure](#tab/azure)\n\n"
        "| Feature | S |\n|--|--|\n| a | GA |\n\n"
        '### <a name="aws"></a>[AWS](#tab/aws)\n\n| Feature | S |\n|--|--|\n| a | - |\n\n---\n\n'
        "Outside the tabs.\n\n## Destinations\n\n### [Azure](#tab/azure2)\n\n| Feature | S |\n"
        "|--|--|\n| b | GA |\n\n### [AWS](#tab/aws2)\n\n| Feature | S |\n|--|--|\n| b | GA |\n"
    )
    report = Report("page.md")
    nodes = parse_page(page, report).nodes
    assert [n.tab for n in nodes if isinstance(n, Heading)] == [
        None, None, "Azure", "AWS", None, "Azure", "AWS"
    ]  # fmt: skip
    assert sum(isinstance(n, TabEnd) for n in nodes) == 1
    placed = place(nodes, report).placed
    assert {p.ctx.key for p in placed if p.node.line in (7, 13)} == {
        ("tab", "azure"),
        ("tab", "aws"),
    }
    assert report.lines()[:-1] == [
        "page.md:23:1: warning[tab-unclosed] tab group not closed with '---'"
    ]
    data = _import(page)
    assert {k: (v["name"], v["group_by"]) for k, v in data["environments"].items()} == {
        "azure": ("Azure", "domain"),
        "aws": ("AWS", "domain"),
    }
    assert data["features"]["a"]["support"]["aws"]["cells"] == {"s": "unavailable"}
    assert data["index"]["blocks"] == [{"environments": True}, {"text": "Outside the tabs."}]


def test_include_and_image_lines_are_kept_and_reported() -> None:
    page = (
        "# T\n\n[!INCLUDE [terms](../includes/terms.md)]\n\n## E\n\n| Feature | S |\n|--|--|\n"
        '| a | GA |\n\n:::image type="content" source="a.png" alt-text="A diagram.":::\n'
    )
    report = Report("page.md")
    assert [n.line for n in parse_page(page, report).nodes if isinstance(n, Directive)] == [3, 11]
    result = import_page(page, "page.md", "page")
    assert result.data["index"]["blocks"][0] == {
        "text": "` [!INCLUDE [terms](../includes/terms.md)] `"
    }
    assert result.data["environments"]["e"]["blocks"][1] == {
        "text": '` :::image type="content" source="a.png" alt-text="A diagram."::: `'
    }
    assert [line for line in result.report.lines() if "directive" in line] == [
        "page.md:3:1: warning[directive-kept] '[!INCLUDE [terms](../includes/terms.md)]' cannot "
        "be resolved here; kept as written, shown as code",
        'page.md:11:1: warning[directive-kept] \':::image type="content" source="a.png" '
        'alt-text="A diagram.":::\' cannot be resolved here; kept as written, shown as code',
    ]


def test_footnote_definitions_are_nodes() -> None:
    page = '<sup><a name="f1"></a>1</sup> One.\n<sup>2</sup> Two\ncontinued.\n'
    nodes = parse_page(page, Report("page.md")).nodes
    assert [(n.line, n.label, n.anchor, n.source) for n in nodes if isinstance(n, FootnoteDef)] == [
        (1, "1", "f1", "One."),
        (2, "2", None, "Two\ncontinued."),
    ]


# --------------------------------------------------------------------------------------------
# Property: any table of state-like cells imports to valid data, blank never '-'
# --------------------------------------------------------------------------------------------

_CELLS = st.sampled_from(["GA", "Preview", "-", "Yes", "No", "✔", "X", "", "NA", "Later"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=2, max_size=2), min_size=1, max_size=6))
def test_any_state_table_imports_valid(rows: list[list[str]]) -> None:
    lines = [f"| f{i} | {a} | {b} |" for i, (a, b) in enumerate(rows)]
    page = "# T\n\n## E\n\n| Feature | One | Two |\n|--|--|--|\n" + "\n".join(lines) + "\n"
    data = _import(page)
    for col, at in (("one", 0), ("two", 1)):
        values = [data["features"][f"f{i}"]["support"]["e"]["cells"][col] for i in range(len(rows))]
        blanks = {str(values[i]) for i, r in enumerate(rows) if r[at] == ""}
        dashes = {str(values[i]) for i, r in enumerate(rows) if r[at] == "-"}
        assert blanks <= {BLANK}  # a blank cell stays blank, never "&nbsp;" or "-"
        assert not blanks & dashes


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def test_command_writes_yaml_to_stdout_and_report_to_stderr(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# T\n\n## E\n\n| Feature | S |\n|--|--|\n| a | GA |\n", encoding="utf-8")
    result = CliRunner().invoke(command, [str(page)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == SCHEMA_COMMENT
    assert yaml.safe_load(result.stdout)["features"]["a"]["support"]["e"]["cells"] == {"s": "ga"}
    assert result.stderr.splitlines()[-1].startswith(f"imported {page}: 1 tables, 1 feature tables")


def test_command_writes_the_report_to_a_file_too(tmp_path: Path) -> None:
    page, report = tmp_path / "page.md", tmp_path / "report.txt"
    page.write_text("# T\n\n## E\n\n| Feature | S |\n|--|--|\n| a | GA* |\n", encoding="utf-8")
    result = CliRunner().invoke(command, [str(page), "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert report.read_text("utf-8").splitlines() == result.stderr.splitlines()
    assert result.stderr.splitlines()[0] == (
        f"{page}:7:1: warning[footnote-unresolved] marker '*' cites no footnote on the page; "
        "kept as written"
    )


def test_command_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# T\n\n| Feature | S |\n|--|--|\n| a | GA |\n", encoding="utf-8")
    out = tmp_path / "data" / "mine.yaml"
    out.parent.mkdir()
    out.write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(command, [str(page), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{out}:1:1: error[import-exists] {out} exists; pass --force to overwrite it\n"
    )
    assert out.read_text(encoding="utf-8") == "# mine\n"
    result = CliRunner().invoke(command, [str(page), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["id"] == "mine"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "{page}:1:1: error[file-missing] no such file"),
        (b"# T\n\nok\n\xff bad\n", "{page}:4:1: error[file-encoding] not UTF-8: byte 0xff"),
        (b"# T\n\nNo table here.\n", "{page}:1:1: error[import-no-tables] no table found; expected "
         "at least one feature table"),
    ],
)  # fmt: skip
def test_command_errors(tmp_path: Path, content: bytes | None, expected: str) -> None:
    page = tmp_path / "page.md"
    if content is not None:
        page.write_bytes(content)
    result = CliRunner().invoke(command, [str(page)])
    assert result.exit_code == 1
    assert result.stderr == expected.format(page=page) + "\n"
    assert "Traceback" not in result.output


def test_command_options(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# T\n\n| Feature | S |\n|--|--|\n| [a](a.md) | GA |\n", encoding="utf-8")
    result = CliRunner().invoke(command, [str(page), "--id", "My Id"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--id': expected lowercase letters, digits and single "
        "hyphens, found 'My Id' (did you mean 'my-id'?)"
    )
    args = [str(page), "--id", "mine", "--links-base", "https://docs.example/x"]
    data = yaml.safe_load(CliRunner().invoke(command, args).stdout)
    assert (data["id"], data["links"]) == ("mine", {"base": "https://docs.example/x/"})


def test_nested_tables_and_pages_of_reference_tables_only() -> None:
    page = (
        "# T\n\n## E\n\n1. Step:\n\n   | Feature | S |\n   |--|--|\n   | a | GA |\n\n2. Next.\n\n"
        "## Only aspects\n\n| Aspect | Details |\n|--|--|\n| OS | **Supported**<br>• Linux |\n"
    )
    data = _import(page)
    assert data["environments"]["e"]["blocks"] == [
        {"text": "1. Step:"},
        {"features": True},
        {"text": "2. Next."},
    ]
    assert data["index"]["blocks"] == [{"environments": True}, {"reference": "only-aspects"}]
    only = _import("# T\n\n| Aspect | Details |\n|--|--|\n| OS | **Supported**<br>• Linux |\n")
    assert list(only["features"]) == ["os"]
    assert only["features"]["os"]["support"]["t"]["cells"] == {
        "details": "**Supported**\n\n- Linux"
    }


def test_images_in_cells_keep_their_alt_text_as_words() -> None:
    assert _conv().cell("![Yes icon](yes.png) Supported", 1) == "[Yes icon](yes.png) Supported"


def test_import_is_deterministic() -> None:
    text = PROJECT_SEED.read_text(encoding="utf-8")
    first = import_page(text, "seed.md", "seed")
    assert first.yaml == import_page(text, "seed.md", "seed").yaml
    assert first.yaml.splitlines()[0] == SCHEMA_COMMENT


# --------------------------------------------------------------------------------------------
# The seed: passes check, agrees with the curated data
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_import() -> str:
    result = import_page(PROJECT_SEED.read_text(encoding="utf-8"), "seed.md", "containers")
    return result.yaml


def test_seed_import_passes_check(seed_import: str, tmp_path: Path) -> None:
    path = tmp_path / "containers.yaml"
    path.write_text(seed_import, encoding="utf-8")
    checked = read.check([path], date.today())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert len(checked.matrices) == 1


def _matrix(text: str, name: str) -> model.Matrix:
    loaded, diags = load.load_text(text, name)
    assert loaded is not None, diags
    return model.build(loaded)


def _states(matrix: model.Matrix, env: str) -> dict[str, tuple[str, ...]]:
    """Feature name on this environment -> its release states, by column header."""
    out = {}
    shown = matrix.environments[env]
    for feature in matrix.features_in(env):
        name = normalise(feature.support[env].name or feature.name)
        out[name] = tuple(
            f"{s.header}={feature.cell(env, s.column.id).value}"
            for s in shown.columns
            if s.column.type == "state"
        )
    return out


def test_seed_import_agrees_with_the_curated_data(seed_import: str) -> None:
    imported = _matrix(seed_import, "imported.yaml")
    curated = _matrix((ROOT / "data" / "containers.yaml").read_text(encoding="utf-8"), "curated")
    assert len(imported.environments) == len(curated.environments) == 5
    pairs = list(zip(imported.environments.values(), curated.environments.values(), strict=True))
    assert [len(a.order) for a, _ in pairs] == [len(b.order) for _, b in pairs]
    assert [a.group_by_domain for a, _ in pairs] == [b.group_by_domain for _, b in pairs]
    for a, b in pairs:
        mine, theirs = _states(imported, a.id), _states(curated, b.id)
        assert mine.keys() == theirs.keys(), a.id
        assert mine == theirs, a.id
    assert dict(imported.state_labels) == dict(curated.state_labels)
    assert set(imported.footnotes.values()) == set(curated.footnotes.values())


# --------------------------------------------------------------------------------------------
# Built sites: every table row and list item of each page is on the site
# --------------------------------------------------------------------------------------------


def _import_into(data_dir: Path, page: Path, stem: str) -> None:
    out = data_dir / f"{stem}.yaml"
    result = CliRunner().invoke(command, [str(page), "-o", str(out)])
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[SitePage]]:
    """Two sites, built at the same time: the seed imported into a fresh data/, and every
    fixture page imported beside the existing data."""
    seed = copy_project(tmp_path_factory.mktemp("seed-import"))
    shutil.rmtree(seed / "data")
    (seed / "data").mkdir()
    _import_into(seed / "data", PROJECT_SEED, "containers")
    beside = copy_project(tmp_path_factory.mktemp("fixtures-import"))
    assert (beside / "data" / "containers.yaml").is_file()
    for page in IMPORT_FIXTURES:
        _import_into(beside / "data", page, page.stem)
    builds = {
        name: subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, project in (("seed", seed), ("fixtures", beside))
    }
    for name, proc in builds.items():
        _, err = proc.communicate()
        assert proc.returncode == 0, f"{name}: {err}"
    return {"seed": walk_site(seed / "site"), "fixtures": walk_site_uncited(beside / "site")}


_CITATION = re.compile(r'<sup class="ms-fnref"[^>]*>.*?</sup>', re.S)
_SOURCE_MARKER = re.compile(
    r"<sup>.*?</sup>|\[<sup>.*?</sup>\]\([^)]*\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\\?\*+(?=\s*\|)"
)


def walk_site_uncited(site_dir: Path) -> list[SitePage]:
    """The site's pages without footnote citations: a marker after a value cell is cited after
    the row's name on the site, so rows compare without markers."""
    return [
        parse_html_page(
            _CITATION.sub("", path.read_text("utf-8")), path.relative_to(site_dir).as_posix()
        )
        for path in sorted(site_dir.rglob("*.html"))
    ]


def _converted(page: Path) -> set[int]:
    """Header lines of the tables the importer does not keep as tables: topic tables (a list in
    the page's prose) and tables whose columns are environments (one table per environment)."""
    report = Report(page.name)
    parsed = parse_page(page.read_text("utf-8"), report)
    found = envs.plan(place(parsed.nodes, report), Converter(report, parsed.refdefs))
    pivoted = {u.table.line for e in found.envs for u in e.tables if u.pivot is not None}
    return pivoted | {t.node.line for t in found.topics}


def _row(cells: tuple[str, ...], exact: bool) -> tuple[str, ...]:
    """A row as compared; but for the seed, without empty cells: tables of one tab with other
    columns are one environment's table, whose rows have blank cells where their table had no
    column."""
    found = normalise_row(cells)
    return found if exact else tuple(c for c in found if c)


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    it = iter(whole)
    return all(cell in it for cell in part)


def _missing(page: Path, site: list[SitePage], exact_markers: bool = True) -> list[str]:
    """Every row (and header) of the page's tables is a row on the site, and every list item
    is in the text of a page; a table the importer converts (see `_converted`) has the words of
    each of its cells on a page."""
    source = page.read_text(encoding="utf-8")
    parsed = parse_seed(source)
    unmarked = parse_seed(source if exact_markers else _SOURCE_MARKER.sub("", source)).tables
    site_rows = [_row(r.cells, exact_markers) for t in iter_site_tables(site) for r in t.rows]
    rows = set(site_rows)
    texts = [normalise(p.text) for p in site]
    converted = _converted(page)

    def found(variants: tuple[tuple[str, ...], ...], line: int) -> bool:
        if line in converted:
            return all(
                any(contains_words(t, normalise(c)) for t in texts)
                for c in variants[-1]
                if normalise(c)
            )
        return any(_row(v, exact_markers) in rows for v in variants)

    def header(variants: tuple[tuple[str, ...], ...]) -> bool:
        """A header, or (tables of one tab) all of its cells, in order, in one site header."""
        for cells in variants:
            want = _row(cells, exact_markers)
            if want in rows or (not exact_markers and any(_within(want, r) for r in site_rows)):
                return True
        return False

    missing = [
        f"{page.name}:{line}: row {normalise_row(row)}"
        for table, bare in zip(parsed.tables, unmarked, strict=True)
        for row, plain, line in zip(table.rows, bare.rows, table.row_lines, strict=True)
        if not found((row, plain), table.line)
    ]
    missing += [
        f"{page.name}:{t.line}: header {normalise_row(t.header)}"
        for t, bare in zip(parsed.tables, unmarked, strict=True)
        if t.line not in converted and not header((t.header, bare.header))
    ]
    missing += [
        f"{page.name}:{item.line}: list item {normalise(item.text)!r}"
        for item in parsed.list_items
        if not any(contains_words(text, normalise(item.text)) for text in texts)
    ]
    assert parsed.tables or parsed.list_items
    return missing


def test_seed_import_builds_to_full_fidelity(sites: dict[str, list[SitePage]]) -> None:
    assert _missing(PROJECT_SEED, sites["seed"]) == []


def test_fixture_pages_are_of_other_shapes() -> None:
    assert len(IMPORT_FIXTURES) >= 4
    texts = "\n".join(p.read_text(encoding="utf-8") for p in IMPORT_FIXTURES)
    for shape in ("| Yes |", "](#tab/", "**SQL databases** | | |", "<br>•", "<br/>*", "</br>"):
        assert shape in texts, shape


@pytest.mark.parametrize("page", IMPORT_FIXTURES, ids=[p.stem for p in IMPORT_FIXTURES])
def test_fixture_import_builds_to_full_fidelity(
    page: Path, sites: dict[str, list[SitePage]]
) -> None:
    assert _missing(page, sites["fixtures"], exact_markers=False) == []


def test_imports_build_beside_the_existing_data(sites: dict[str, list[SitePage]]) -> None:
    home = next(p for p in sites["fixtures"] if p.page == "index.html")
    assert contains_words(normalise(home.text), "containers support matrix in defender for cloud")
    assert contains_words(normalise(home.text), "backup agent support matrix")


def test_headers_that_name_a_table_setting_get_other_column_ids() -> None:
    """`q`, `sort` and `hide` name a table's own settings in the page's address
    (vocabulary.RESERVED_COLUMN_IDS): columns headed so get ids the check accepts."""
    data = _import("# T\n\n| Feature | Hide | Sort | Q |\n|--|--|--|--|\n| a | GA | x | y |\n")
    assert not set(data["columns"]) & set(RESERVED_COLUMN_IDS)
    assert [c["header"] for c in data["columns"].values()] == ["Feature", "Hide", "Sort", "Q"]


def test_a_links_option_with_a_control_character_is_a_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# T\n\n| Feature | S |\n|--|--|\n| a | GA |\n", encoding="utf-8")
    result = CliRunner().invoke(command, [str(page), "--links-root", "https://x\x01y/"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--links-root'")


def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# T\n\n| Feature | S |\n|--|--|\n| a | GA |\n", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    out = tmp_path / "file" / "mine.yaml"  # a folder that is a file
    result = CliRunner().invoke(command, [str(page), "-o", str(out)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "error[import-write] cannot write the file" in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.output
