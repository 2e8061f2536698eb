"""The importer reads what a page means (issue 12), one fixture page per shape in
`tests/fixtures/import/`: states with qualifiers and blanks (`qualifiers.md`), environments as
columns (`clouds.md`), tab groups of one environment (`tab-groups.md`), footnote markers in
cells and headers (`footnotes.md`), names the generator keeps for itself (`reserved.md`); one
feature across tables and environments; ids that do not follow the rows' order.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.importer import command, emit, import_page
from generator.importer.ids import stable_ids
from generator.importer.names import name_key
from generator.importer.values import read_state, split_markers
from generator.vocabulary import BLANK
from tests.conftest import FIXTURES
from tests.test_seed_fidelity import PROJECT_SEED

PAGES = FIXTURES / "import"


def imported(name: str) -> tuple[dict[str, Any], list[str]]:
    result = import_page((PAGES / name).read_text("utf-8"), name, name.removesuffix(".md"))
    assert [str(d) for d in result.check if d.is_error] == []
    return result.data, result.report.lines()


def cells(data: dict[str, Any], env: str) -> dict[str, Any]:
    return {
        f: v["support"][env]["cells"] for f, v in data["features"].items() if env in v["support"]
    }


# --- one cell at a time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("GA", ("ga", None)),
        ("Preview \u2013 limited to audit logs", ("preview", "limited to audit logs")),
        ("Preview - currently supports audit logs", ("preview", "currently supports audit logs")),
        ("GA (activity monitoring)", ("ga", "activity monitoring")),
        ("Yes, except private clusters", ("ga", "except private clusters")),
        ("✔<br>(on supported versions)", ("ga", "on supported versions")),
        ("-", ("unavailable", None)),
        ("Cloud: No<br><br>On-premises: Yes", None),
        ("Planned for 2025", None),
        ("Agentless/sensor-based", None),
    ],
)
def test_a_cell_is_a_state_with_its_qualifier(
    written: str, found: tuple[str, str | None] | None
) -> None:
    cell = read_state(written)
    assert (None if cell is None else (cell.state, cell.note)) == found


@pytest.mark.parametrize(
    ("cell", "text", "labels"),
    [
        ("GA<sup>1</sup>", "GA", ["1"]),
        ("GA¹", "GA", ["1"]),
        ("Preview*", "Preview", ["*"]),
        ("GA**", "GA", ["**"]),
        ("**GA**", "**GA**", []),
        ("Release state <sup>[2](#fn2)</sup>", "Release state", ["2"]),
        ("*", "*", []),
    ],
)
def test_footnote_markers_are_split_off_a_cell(cell: str, text: str, labels: list[str]) -> None:
    found, markers = split_markers(cell)
    assert (found, [m.label for m in markers]) == (text, labels)


def test_states_qualifiers_blanks_versions_and_near_duplicate_values() -> None:
    data, report = imported("qualifiers.md")
    columns = {k: (v["type"], v.get("multi", False)) for k, v in data["columns"].items()}
    assert columns == {
        "feature": ("feature", False),
        "supported-engines": ("choice", True),
        "release-state": ("state", False),
        "minimum-version": ("version", False),
        "plans": ("choice", False),
    }
    azure, aws = cells(data, "azure"), cells(data, "aws")
    assert azure["brute-force-alerts"]["release-state"] == {
        "value": "preview",
        "note": "limited to audit logs",
    }
    assert azure["anomalous-access-alerts"]["release-state"] == {
        "value": "ga",
        "note": "activity monitoring",
    }
    assert azure["ledger-verification"]["release-state"] == {
        "value": BLANK,
        "note": "Planned for 2025",
    }
    assert azure["data-sensitivity-labels"]["minimum-version"] == BLANK  # blank, not "-"
    assert azure["threat-intelligence-enrichment"]["minimum-version"] == "-"
    assert azure["ledger-verification"]["minimum-version"] == "16.0 or newer"
    assert aws["data-sensitivity-labels"]["release-state"] == BLANK
    assert data["columns"]["plans"]["values"] == {
        "defender-for-sql": "Defender for SQL",
        "defender-for-open-source-databases": "Defender for open-source databases",
    }
    assert azure["anomalous-access-alerts"]["plans"] == "defender-for-sql"
    assert "&nbsp;" not in yaml.safe_dump(data)
    assert (
        "qualifiers.md:19:1: note[choice-unified] column 'Plans': 'Defender for SQL.' (1) and "
        "'Defender for SQL' (7) are one value, 'Defender for SQL'"
    ) in report
    assert (
        "qualifiers.md:23:1: guess[state-cell-text] 'Planned for 2025' in state column "
        "'Release state' states no release state; kept as a note beside a blank cell"
    ) in report


def test_a_column_that_writes_a_state_two_ways_stays_as_written() -> None:
    """The site shows the matrix's label for a state; a column that writes "-" where the
    matrix's label is "X" keeps its words, as a choice."""
    page = (
        "# T\n\n## E\n\n| Feature | MFA | Groups |\n|--|--|--|\n| a | ✔ | ✔ |\n"
        "| b | - | X |\n| c | ✔ | X |\n"
    )
    data = import_page(page, "p.md", "p").data
    assert data["state_labels"]["unavailable"] == "X"
    assert (data["columns"]["mfa"]["type"], data["columns"]["groups"]["type"]) == (
        "choice",
        "state",
    )


# --- environments ------------------------------------------------------------------------------


def test_a_table_whose_columns_are_clouds_is_one_environment_per_cloud() -> None:
    data, _ = imported("clouds.md")
    assert list(data["environments"]) == ["azure", "aws", "gcp"]
    aws = data["environments"]["aws"]
    assert aws["columns"] == ["feature", {"id": "availability", "header": "AWS"}, "plan"]
    assert aws["group_by"] == "domain"
    assert data["columns"]["availability"] == {"header": "Availability", "type": "state"}
    assert {d: v["name"] for d, v in data["domains"].items()} == {
        "threat-protection": "Threat protection",
        "posture": "Posture",
    }
    jit = data["features"]["just-in-time-vm-access"]["support"]
    assert {e: s["cells"]["availability"] for e, s in jit.items()} == {
        "azure": "ga",
        "aws": "ga",
        "gcp": "unavailable",
    }
    assert data["state_labels"] == {"ga": "✔", "preview": "Preview", "unavailable": "X"}


def test_tab_groups_of_one_environment_are_one_environment() -> None:
    """`[Windows](#tab/windows)` and `[Windows machines](#tab/windows)` in two groups, with
    other columns: one environment, showing every column, its tables as domains."""
    data, report = imported("tab-groups.md")
    assert {k: v["name"] for k, v in data["environments"].items()} == {
        "windows": "Windows",
        "linux": "Linux",
    }
    windows = data["environments"]["windows"]
    assert windows["columns"] == ["feature", "status", "transformation", "destination"]
    assert windows["group_by"] == "domain"
    counters = data["features"]["performance-counters-transformations"]["support"]["windows"]
    assert counters["cells"] == {
        "status": "ga",
        "transformation": "unavailable",
        "destination": BLANK,  # the table has no such column
    }
    assert data["columns"]["transformation"]["values"]["unavailable"] == "Not supported"
    assert cells(data, "linux")["text-logs"]["destination"] == BLANK
    assert any("note[cell-not-in-table]" in line for line in report)


def test_footnote_markers_in_cells_and_headers_cite_footnotes() -> None:
    data, report = imported("footnotes.md")
    env = "storage-accounts"
    shown = [c if isinstance(c, str) else c["header"] for c in data["environments"][env]["columns"]]
    assert shown == ["feature", "standard", "premium", "notes"]
    assert data["columns"]["premium"]["header"] == "Premium"  # not "Premium 1"
    support = {f: v["support"][env] for f, v in data["features"].items()}
    assert support["vaulted-backup"]["footnotes"] == ["vaulted-backup-needs-the-backup-vault"]
    assert support["vaulted-backup"]["cells"]["standard"] == "ga"
    assert support["cross-region-restore"]["footnotes"] == ["available-in-all-public-regions"]
    assert support["cross-region-restore"]["cells"]["standard"] == "preview"
    assert support["private-endpoints"]["cells"]["premium"] == "ga"
    assert "¹" not in yaml.safe_dump(data["features"], allow_unicode=True)
    assert any("note[footnote-header]" in line for line in report)


def test_names_the_generator_keeps_are_never_ids(tmp_path: Any) -> None:
    """A feature named "Index" or "Domain controls", a section "AWS vs GCP" or "Index": the
    import passes check (no "the importer wrote invalid data")."""
    out = tmp_path / "reserved.yaml"
    result = CliRunner().invoke(command, [str(PAGES / "reserved.md"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(out.read_text("utf-8"))
    assert set(data["environments"]) == {"aws", "gcp", "index-environment"}
    assert {"index-feature", "feature-domain-controls", "overview-feature"} <= set(data["features"])


# --- one feature across tables ------------------------------------------------------------------


def test_one_feature_across_tables_and_environments() -> None:
    data = import_page(PROJECT_SEED.read_text("utf-8"), "seed.md", "containers").data
    assert len(data["features"]) == 14  # as many as the curated data
    names = {f: (v["name"], v.get("aliases", [])) for f, v in data["features"].items()}
    assert names["auto-provisioning-of-defender-sensor"] == (
        "Auto provisioning of Defender sensor",
        ["Defender sensor auto provisioning"],
    )
    assert names["control-plane"] == ("Control plane", ["Threat protection (control plane)"])
    runtime = next(f for f, v in data["features"].items() if "runtime" in v["name"])
    assert set(data["features"][runtime]["support"]) == {
        "azure", "aws", "gcp", "external-container-registries"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Auto provisioning of Defender sensor", "Defender sensor auto provisioning", True),
        ("Compliance-Docker CIS", "Docker CIS", True),
        ("Control plane", "Control plane hardening", False),
        ("Backup of Linux VMs", "Backup of Windows VMs", False),
    ],
)
def test_names_compare_by_their_words(a: str, b: str, same: bool) -> None:
    assert (name_key(a, ["compliance"]).tokens == name_key(b, ["compliance"]).tokens) is same


def test_names_that_differ_by_a_place_stay_two_features() -> None:
    page = (
        "# T\n\n## Linux\n\n| Feature | State |\n|--|--|\n| Backup of Linux virtual machines "
        "| GA |\n\n## Windows\n\n| Feature | State |\n|--|--|\n| Backup of Windows virtual "
        "machines | GA |\n\n## Mac\n\n| Feature | State |\n|--|--|\n"
        "| Compliance-Docker CIS | GA |\n\n## Other\n\n| Domain | Feature | State |\n|--|--|--|\n"
        "| Compliance | Docker CIS | GA |\n"
    )
    result = import_page(page, "p.md", "p")
    assert list(result.data["features"]) == [
        "backup-of-linux-virtual-machines",
        "backup-of-windows-virtual-machines",
        "compliance-docker-cis",
    ]


def test_ids_do_not_follow_the_rows_order() -> None:
    """Two features of one name get their domains in their ids, whichever row comes first."""
    rows = [
        "| Servers | Alerts | GA |",
        "| Storage | Alerts | Preview |",
        "| Servers | Scan | GA |",
    ]
    page = "# T\n\n## E\n\n| Domain | Feature | State |\n|--|--|--|\n{}\n"
    found = []
    for order in (rows, rows[::-1]):
        data = import_page(page.format("\n".join(order)), "p.md", "p").data
        found.append({f"{v['name']}/{v['domain']}": f for f, v in data["features"].items()})
    assert (
        found[0]
        == found[1]
        == {
            "Alerts/servers": "alerts-servers",
            "Alerts/storage": "alerts-storage",
            "Scan/servers": "scan",
        }
    )


def test_stable_ids_are_the_same_whatever_the_order() -> None:
    items = [("Alerts", ("Servers",)), ("Alerts", ("Storage",)), ("Scan", ("Servers",))]
    assert stable_ids(items, "f") == ["alerts-servers", "alerts-storage", "scan"]
    assert stable_ids(items[::-1], "f") == ["scan", "alerts-storage", "alerts-servers"]


# --- the YAML ----------------------------------------------------------------------------------


def test_libyaml_writes_the_same_text_as_the_pure_python_writer() -> None:
    pages = [PROJECT_SEED, *sorted(PAGES.glob("*.md"))]
    datas = [import_page(p.read_text("utf-8"), p.name, "x").data for p in pages]
    datas.append({"a": {"t": "Intro:\n- one\n- two\n", "l": [{"x": "a\n  b"}, {"y": ["p"]}]}})
    for data in datas:
        shaped = emit._shape(data)
        opts: dict[str, Any] = {
            "sort_keys": False, "allow_unicode": True, "default_flow_style": False,
            "width": 10_000, "indent": 2,
        }  # fmt: skip
        python = yaml.dump(shaped, Dumper=emit._Dumper, **opts)
        assert emit.indent_lists(yaml.dump(shaped, Dumper=emit._CDumper, **opts)) == python
