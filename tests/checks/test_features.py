"""The features check (`generator.checks.features`): feature-reserved-id, ref-unknown-domain,
ref-unknown-callout, former-id-taken, and per environment: ref-unknown-environment,
cell-missing, cell-not-shown, ref-unknown-footnote, ref-unknown-reference and
ref-unplaced-reference. (The cell values themselves are the cells check's.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import features
from tests.checks.helpers import (
    VALID_DOCUMENTS,
    check_lines,
    drop,
    generate,
    generate_errors,
    lines,
    matrix,
    vary,
    with_second_feature,
)


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(features, text) == []


@pytest.mark.parametrize(
    "feature_id", ["index", "overview", "domain-x", "ref-x", "sec-x", "callout-x", "fn-x",
                   "fnref-x", "features-x"],
)  # fmt: skip
def test_feature_reserved_id(feature_id: str) -> None:
    """A feature's page or row anchor would collide with a page or anchor of the generator's."""
    assert lines(matrix().replace("discovery", feature_id)) == [
        f"m.yaml:47:3: error[feature-reserved-id] features.{feature_id}: feature id"
        f" {feature_id!r} clashes with the generator's own pages or anchors; expected an id that"
        " is not 'index' or 'overview' and does not start with 'domain-', 'ref-', 'sec-',"
        " 'callout-', 'fn-', 'fnref-', 'features-'"
    ]


def test_feature_ids_that_only_contain_a_reserved_word_are_accepted() -> None:
    assert lines(matrix().replace("discovery", "my-index-ref-x")) == []


def test_ref_unknown_domain() -> None:
    assert lines(vary("domain: posture", "domain: postur")) == [
        "m.yaml:49:13: error[ref-unknown-domain] features.discovery.domain:"
        " unknown domain 'postur' (did you mean 'posture'?); expected one of 'posture'"
    ]


def test_ref_unknown_callout_on_a_feature() -> None:
    assert lines(vary("domain: posture", "domain: posture\ncallouts: [previw]")) == [
        "m.yaml:50:16: error[ref-unknown-callout] features.discovery.callouts[0]:"
        " unknown callout 'previw' (did you mean 'preview'?); expected one of 'preview'"
    ]


def test_ref_unknown_environment_in_support() -> None:
    text = vary("azure:\n        footnotes", "azuer:\n  footnotes")
    # The misspelt support entry also leaves 'azure' without features; those follow from it.
    assert lines(text) == [
        "m.yaml:38:5: warning[environment-empty] environments.azure:"
        " no feature lists environment 'azure'",
        "m.yaml:40:12: error[order-mismatch] environments.azure.order: expected exactly the"
        " features this environment lists; not listed in this environment: 'discovery'",
        "m.yaml:53:7: error[ref-unknown-environment] features.discovery.support.azuer:"
        " unknown environment 'azuer' (did you mean 'azure'?); expected one of 'azure'",
    ]


def test_ref_unknown_footnote_in_support() -> None:
    text = vary("footnotes: [tested]\n        references", "footnotes: [testd]\nreferences")
    assert lines(text) == [
        "m.yaml:54:21: error[ref-unknown-footnote] features.discovery.support.azure.footnotes[0]:"
        " unknown footnote 'testd' (did you mean 'tested'?); expected one of 'tested'"
    ]


def test_ref_unknown_reference_in_support() -> None:
    text = vary("- reference: k8s\n            text", "- reference: k9s\n  text")
    assert lines(text) == [
        "m.yaml:56:24: error[ref-unknown-reference]"
        " features.discovery.support.azure.references[0].reference: unknown reference 'k9s'"
        " (did you mean 'k8s'?); expected one of 'k8s'"
    ]


def test_former_ids_are_valid() -> None:
    assert lines(with_second_feature("[legacy, inventory-v1]")) == []


def test_former_id_taken_by_a_feature_id() -> None:
    assert lines(with_second_feature("[discovery]")) == [
        "m.yaml:65:18: error[former-id-taken] features.inventory.former_ids[0]:"
        " former id 'discovery' is already the id or a former id of feature 'discovery'"
    ]


def test_former_id_taken_by_another_former_id() -> None:
    text = vary("domain: posture", "domain: posture\nformer_ids: [legacy]")
    assert lines(with_second_feature("[legacy]", text)) == [
        "m.yaml:66:18: error[former-id-taken] features.inventory.former_ids[0]:"
        " former id 'legacy' is already the id or a former id of feature 'discovery'"
    ]


def test_cell_missing() -> None:
    assert lines(drop("plan: free")) == [
        "m.yaml:59:11: error[cell-missing] features.discovery.support.azure.cells:"
        " missing a value for column 'plan', which 'azure' shows; write '-' where it does not"
        " apply"
    ]


def test_cell_missing_is_satisfied_by_the_features_shared_cells() -> None:
    text = drop("plan: free", vary("notes: Finds clusters.", "notes: Finds clusters.\nplan: paid"))
    assert lines(text) == []


def test_cell_not_shown() -> None:
    assert lines(vary("plan, resources]", "plan]")) == [
        "m.yaml:61:11: warning[cell-not-shown] features.discovery.support.azure.cells.resources:"
        " environment 'azure' does not show column 'resources'"
    ]


def test_link_to_a_reference_no_page_shows_is_reported(tmp_path: Path) -> None:
    """The support entry links to 'k8s', but no block shows it: nothing to link to."""
    text = vary("- reference: k8s\n      - section", "- section")
    expected = [
        "m.yaml:55:24: error[ref-unplaced-reference]"
        " features.discovery.support.azure.references[0].reference: reference 'k8s' is on no"
        " page, so there is nothing to link to; expected a '{reference: ...}' block on some page"
    ]
    assert lines(text) == expected
    assert generate_errors(tmp_path, text) == expected


def test_link_to_a_reference_shown_on_the_index_page_is_accepted(tmp_path: Path) -> None:
    """A reference block on the index page places it as well as one on an environment page."""
    text = vary("- reference: k8s\n      - section", "- section")
    text = vary(
        "title: Demo matrix", "title: Demo matrix\nindex:\n  blocks:\n    - reference: k8s", text
    )
    assert lines(text) == []
    assert generate(tmp_path, text).diagnostics == ()
