"""The environments check (`generator.checks.environments`): environment-reserved-id,
ref-unknown-column, column-duplicate, column-feature-missing, block-features-missing,
environment-empty and order-mismatch."""

from __future__ import annotations

import pytest

from generator.checks import environments
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, drop, lines, matrix, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(environments, text) == []


def test_ref_unknown_column_in_environment() -> None:
    text = vary("columns: [feature, domain, linux,", "columns: [feature, domain, linx,")
    assert lines(text) == [
        "m.yaml:39:32: error[ref-unknown-column] environments.azure.columns[2]:"
        " unknown column 'linx' (did you mean 'linux'?); expected one of 'feature', 'domain',"
        " 'linux', 'notes', 'plan', 'resources'",
        "m.yaml:59:11: warning[cell-not-shown] features.discovery.support.azure.cells.linux:"
        " environment 'azure' does not show column 'linux'",
    ]


def test_column_duplicate() -> None:
    assert lines(vary("plan, resources]", "plan, resources, linux]")) == [
        "m.yaml:39:63: error[column-duplicate] environments.azure.columns[6]:"
        " column 'linux' is listed twice"
    ]


def test_column_feature_missing() -> None:
    assert lines(vary("columns: [feature, ", "columns: [")) == [
        "m.yaml:39:14: error[column-feature-missing] environments.azure.columns:"
        " expected a column of type 'feature', so each row names its feature"
    ]


def test_block_features_missing() -> None:
    assert lines(drop("- features: true")) == [
        "m.yaml:42:7: error[block-features-missing] environments.azure.blocks:"
        " expected a '{features: true}' block, where the feature tables go"
    ]


def test_environment_empty() -> None:
    gcp = "gcp:\n  name: GCP\n  columns: [feature]\n  blocks:\n    - features: true\n"
    text = vary("azure:\n    name: Azure\n", gcp + "azure:\n  name: Azure\n")
    assert lines(text) == [
        "m.yaml:38:5: warning[environment-empty] environments.gcp:"
        " no feature lists environment 'gcp'"
    ]


@pytest.mark.parametrize("env_id", ["index", "compare"])
def test_environment_reserved_id(env_id: str) -> None:
    """An environment named like one of the matrix's own pages would overwrite that page."""
    assert lines(matrix().replace("azure", env_id)) == [
        f"m.yaml:37:3: error[environment-reserved-id] environments.{env_id}: environment id"
        f" {env_id!r} names one of the matrix's own pages; expected another id (reserved:"
        " 'index', 'overview', 'reference', 'compare', 'features', 'whats-new')"
    ]


@pytest.mark.parametrize(
    ("order", "problem"),
    [
        ("[discovery, inventory]", "not listed in this environment: 'inventory'"),
        ("[]", "missing 'discovery'"),
        ("[inventory]", "missing 'discovery'; not listed in this environment: 'inventory'"),
    ],
    ids=["extra", "missing", "both"],
)
def test_order_mismatch(order: str, problem: str) -> None:
    assert lines(vary("order: [discovery]", f"order: {order}")) == [
        "m.yaml:40:12: error[order-mismatch] environments.azure.order:"
        f" expected exactly the features this environment lists; {problem}"
    ]


def test_environment_reserved_id_with_the_compare_separator() -> None:
    """'aws-vs-gcp' would be taken for the compare page of 'aws' and 'gcp'."""
    assert lines(matrix().replace("azure", "aws-vs-gcp")) == [
        "m.yaml:37:3: error[environment-reserved-id] environments.aws-vs-gcp: environment id"
        " 'aws-vs-gcp' contains '-vs-', which names compare pages; expected another id"
    ]


def test_ref_unknown_column_written_as_a_mapping() -> None:
    text = vary("plan, resources]", "plan, {id: resourcs, header: Kinds}]")
    assert lines(text) == [
        "m.yaml:39:52: error[ref-unknown-column] environments.azure.columns[5]:"
        " unknown column 'resourcs' (did you mean 'resources'?); expected one of 'feature',"
        " 'domain', 'linux', 'notes', 'plan', 'resources'",
        "m.yaml:61:11: warning[cell-not-shown] features.discovery.support.azure.cells.resources:"
        " environment 'azure' does not show column 'resources'",
    ]


def test_column_duplicate_written_once_as_a_mapping() -> None:
    text = vary("plan, resources]", "plan, resources, {id: plan, header: Price}]")
    assert lines(text) == [
        "m.yaml:39:63: error[column-duplicate] environments.azure.columns[6]:"
        " column 'plan' is listed twice"
    ]


def test_order_may_be_left_out() -> None:
    assert lines(drop("order: [discovery]")) == []
