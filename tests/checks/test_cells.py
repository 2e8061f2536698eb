"""The cells check (`generator.checks.cells`): every value fits its column's kind.

Codes: ref-unknown-column, cell-derived, cell-type (choice, text), state-unknown,
choice-unknown, version-malformed. '-' (not applicable) fits every value column but a state
column ('unavailable' says it there); '' (nothing stated) fits every value column; a
`{value, note}` mapping is checked by its value, reported at `.value`.
"""

from __future__ import annotations

import pytest

from generator.checks import cells
from tests.checks.helpers import bare, check_lines, lines, matrix, vary, with_version

EXPECTED_VERSION = (
    "expected a version such as '1.28', '>= 1.10', '1.24+', '4.6 or newer' or"
    " '1.28 and below' or '-'"
)


@pytest.mark.parametrize(
    "text", [matrix(), bare(), with_version()], ids=["matrix", "bare", "version"]
)
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(cells, text) == []


def test_ref_unknown_column_in_cells() -> None:
    assert lines(vary("plan: free", "plan: free\nplam: free")) == [
        "m.yaml:61:11: error[ref-unknown-column] features.discovery.support.azure.cells.plam:"
        " unknown column 'plam' (did you mean 'plan'?); expected one of 'feature', 'domain',"
        " 'linux', 'notes', 'plan', 'resources'"
    ]


def test_cell_derived() -> None:
    assert lines(vary("plan: free", "plan: free\ndomain: posture")) == [
        "m.yaml:61:11: error[cell-derived] features.discovery.support.azure.cells.domain:"
        " column 'domain' shows the feature's domain; it takes no value here"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "plan: free",
            "plan: [free]",
            "m.yaml:60:17: error[cell-type] features.discovery.support.azure.cells.plan:"
            " column 'plan' holds one value; expected one of its value ids, found a list",
        ),
        (
            "resources: [aks]",
            "resources: aks",
            "m.yaml:61:22: error[cell-type] features.discovery.support.azure.cells.resources:"
            " column 'resources' holds several values; expected a list of value ids, or '-',"
            " found 'aks'",
        ),
        (
            "notes: Finds clusters.",
            "notes: [finds]",
            "m.yaml:51:14: error[cell-type] features.discovery.cells.notes:"
            " column 'notes' holds Markdown text; expected text, found a list",
        ),
    ],
    ids=["list-for-single-choice", "text-for-multi-choice", "list-for-text"],
)
def test_cell_type(old: str, new: str, line: str) -> None:
    assert lines(vary(old, new)) == [line]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Beta", "unknown release state 'Beta'; expected one of 'ga', 'preview', 'unavailable'"),
        (
            "GA",
            "unknown release state 'GA' (did you mean 'ga'?);"
            " expected one of 'ga', 'preview', 'unavailable'",
        ),
        (
            "'-'",
            "a state column says 'unavailable' where the seed writes '-';"
            " expected one of 'ga', 'preview', 'unavailable', found '-'",
        ),
        (
            "[ga]",
            "column 'linux' holds one release state;"
            " expected one of 'ga', 'preview', 'unavailable', found a list",
        ),
    ],
    ids=["Beta", "GA", "dash", "list"],
)
def test_state_unknown(value: str, message: str) -> None:
    assert lines(vary("linux: ga", f"linux: {value}")) == [
        "m.yaml:59:18: error[state-unknown] features.discovery.support.azure.cells.linux: "
        + message
    ]


def test_choice_unknown() -> None:
    assert lines(vary("plan: free", "plan: fre")) == [
        "m.yaml:60:17: error[choice-unknown] features.discovery.support.azure.cells.plan:"
        " unknown value for column 'plan': 'fre' (did you mean 'free'?);"
        " expected one of 'free', 'paid'"
    ]


def test_choice_unknown_in_a_multi_column_points_at_the_item() -> None:
    assert lines(vary("resources: [aks]", "resources: [aks, ekss]")) == [
        "m.yaml:61:28: error[choice-unknown] features.discovery.support.azure.cells.resources[1]:"
        " unknown value for column 'resources': 'ekss' (did you mean 'eks'?);"
        " expected one of 'aks', 'eks'"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [("plan: free", "plan: '-'"), ("resources: [aks]", "resources: '-'")],
    ids=["single", "multi"],
)
def test_not_applicable_is_accepted_in_choice_columns(old: str, new: str) -> None:
    assert lines(vary(old, new)) == []


# --------------------------------------------------------------------------------------------
# Not applicable, blank, and values with a note
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("linux: ga", "linux: ''"),
        ("plan: free", "plan: ''"),
        ("resources: [aks]", "resources: ''"),
        ("notes: Finds clusters.", "notes: ''"),
        ("kube: '1.28'", "kube: ''"),
    ],
    ids=["state", "choice", "multi-choice", "text", "version"],
)
def test_blank_is_accepted_in_every_value_column(old: str, new: str) -> None:
    assert lines(vary(old, new, with_version())) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [("notes: Finds clusters.", "notes: '-'"), ("kube: '1.28'", "kube: '-'")],
    ids=["text", "version"],
)
def test_not_applicable_is_accepted_in_text_and_version_columns(old: str, new: str) -> None:
    assert lines(vary(old, new, with_version())) == []


def test_not_applicable_is_refused_in_a_state_column_even_with_a_note() -> None:
    assert lines(vary("linux: ga", "linux: {value: '-', note: Soon.}")) == [
        "m.yaml:59:26: error[state-unknown] features.discovery.support.azure.cells.linux.value:"
        " a state column says 'unavailable' where the seed writes '-';"
        " expected one of 'ga', 'preview', 'unavailable', found '-'"
    ]


def test_not_applicable_is_refused_in_a_features_shared_state_cell() -> None:
    assert lines(vary("notes: Finds clusters.", "notes: Finds clusters.\nlinux: '-'")) == [
        "m.yaml:52:14: error[state-unknown] features.discovery.cells.linux:"
        " a state column says 'unavailable' where the seed writes '-';"
        " expected one of 'ga', 'preview', 'unavailable', found '-'"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("linux: ga", "linux: {value: preview, note: Audit logs only.}"),
        ("plan: free", "plan: {value: paid, note: Per node.}"),
        ("resources: [aks]", "resources: {value: [aks, eks], note: Some regions.}"),
        ("notes: Finds clusters.", "notes: {value: Finds clusters., note: Hourly.}"),
        ("kube: '1.28'", "kube: {value: '>= 1.10', note: Tested.}"),
        ("plan: free", "plan: {value: '-', note: Free anyway.}"),
        ("linux: ga", "linux: {value: '', note: Unknown.}"),
    ],
    ids=["state", "choice", "multi-choice", "text", "version", "not-applicable", "blank"],
)
def test_values_with_a_note_are_accepted(old: str, new: str) -> None:
    assert lines(vary(old, new, with_version())) == []


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "linux: ga",
            "linux: {value: Beta, note: Soon.}",
            "m.yaml:59:26: error[state-unknown] features.discovery.support.azure.cells.linux.value:"
            " unknown release state 'Beta'; expected one of 'ga', 'preview', 'unavailable'",
        ),
        (
            "plan: free",
            "plan: {value: fre, note: Per node.}",
            "m.yaml:60:25: error[choice-unknown] features.discovery.support.azure.cells.plan.value:"
            " unknown value for column 'plan': 'fre' (did you mean 'free'?);"
            " expected one of 'free', 'paid'",
        ),
        (
            "resources: [aks]",
            "resources: {value: [aks, ekss], note: Some regions.}",
            "m.yaml:61:36: error[choice-unknown]"
            " features.discovery.support.azure.cells.resources.value[1]:"
            " unknown value for column 'resources': 'ekss' (did you mean 'eks'?);"
            " expected one of 'aks', 'eks'",
        ),
        (
            "notes: Finds clusters.",
            "notes: {value: [finds], note: Hourly.}",
            "m.yaml:51:22: error[cell-type] features.discovery.cells.notes.value:"
            " column 'notes' holds Markdown text; expected text, found a list",
        ),
    ],
    ids=["state", "choice", "multi-choice", "text"],
)
def test_the_value_of_a_value_with_a_note_is_checked(old: str, new: str, line: str) -> None:
    assert lines(vary(old, new)) == [line]


def test_ref_unknown_column_in_a_features_shared_cells() -> None:
    assert lines(vary("notes: Finds clusters.", "notes: Finds clusters.\nlinx: ga")) == [
        "m.yaml:52:7: error[ref-unknown-column] features.discovery.cells.linx:"
        " unknown column 'linx' (did you mean 'linux'?); expected one of 'feature', 'domain',"
        " 'linux', 'notes', 'plan', 'resources'"
    ]


def test_cell_derived_in_a_features_shared_cells() -> None:
    assert lines(vary("notes: Finds clusters.", "notes: Finds clusters.\ndomain: posture")) == [
        "m.yaml:52:7: error[cell-derived] features.discovery.cells.domain:"
        " column 'domain' shows the feature's domain; it takes no value here"
    ]


def test_cell_derived_of_a_feature_column() -> None:
    assert lines(vary("plan: free", "plan: free\nfeature: Discovery")) == [
        "m.yaml:61:11: error[cell-derived] features.discovery.support.azure.cells.feature:"
        " column 'feature' shows the feature's name; it takes no value here"
    ]


# --------------------------------------------------------------------------------------------
# Version columns: version-malformed
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["'1.28'", "'≥ 1.10'", "'>= 1.10'", "'1.24+'", "4.6 or newer", "1.28 and below",
     "up to 1.28", "'<= 1.28'", "v2", "'2.0.1.7'"],
)  # fmt: skip
def test_version_forms_are_accepted(value: str) -> None:
    assert lines(with_version(value)) == []


@pytest.mark.parametrize("value", ["one point two", "'1.2.3.4.5'", "latest", "'1.28 or so'"])
def test_version_malformed(value: str) -> None:
    written = value.strip("'")
    assert lines(with_version(value)) == [
        "m.yaml:65:17: error[version-malformed] features.discovery.support.azure.cells.kube:"
        f" {EXPECTED_VERSION}, found {written!r}"
    ]


def test_version_malformed_with_a_note_points_at_the_value() -> None:
    assert lines(with_version("{value: latest, note: Soon.}")) == [
        "m.yaml:65:25: error[version-malformed]"
        f" features.discovery.support.azure.cells.kube.value: {EXPECTED_VERSION},"
        " found 'latest'"
    ]


def test_version_malformed_in_a_features_shared_cells() -> None:
    text = vary("notes: Finds clusters.", "notes: Finds clusters.\nkube: latest", with_version())
    assert lines(text) == [
        "m.yaml:55:13: error[version-malformed] features.discovery.cells.kube:"
        f" {EXPECTED_VERSION}, found 'latest'"
    ]


def test_version_malformed_list() -> None:
    assert lines(with_version("[v1]")) == [
        "m.yaml:65:17: error[version-malformed] features.discovery.support.azure.cells.kube:"
        f" column 'kube' holds one version; {EXPECTED_VERSION}, found a list"
    ]


def test_unquoted_version_is_quoted_as_written() -> None:
    found = lines(with_version("1.10"))
    assert len(found) == 1
    assert found[0].startswith("m.yaml:65:17: ")
    assert "1.10" in found[0]
