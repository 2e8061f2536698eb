"""The unused check (`generator.checks.unused`): footnotes, callouts, lists, references and
sections that nothing cites are warnings (unused-footnote, -callout, -list, -reference,
-section)."""

from __future__ import annotations

import pytest

from generator.checks import unused
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, drop, lines, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(unused, text) == []


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "tested: Only tested on AKS.",
            "tested: Only tested on AKS.\nspare: Not cited.",
            "m.yaml:64:3: warning[unused-footnote] footnotes.spare:"
            " footnote 'spare' is defined but never cited",
        ),
        (
            "callouts:\n",
            "callouts:\n  spare: {kind: tip, text: Not cited.}\n",
            "m.yaml:65:3: warning[unused-callout] callouts.spare:"
            " callout 'spare' is defined but never cited",
        ),
        (
            "lists:\n",
            "lists:\n  spare: {title: Spare, items: {a: A}}\n",
            "m.yaml:70:3: warning[unused-list] lists.spare:"
            " list 'spare' is defined but never cited",
        ),
        (
            "references:\n  k8s:",
            "references:\n  spare:\n    title: Spare\n    rows: [{aspect: A, groups: "
            "[{label: L, list: distros}]}]\n  k8s:",
            "m.yaml:76:3: warning[unused-reference] references.spare:"
            " reference 'spare' is defined but never cited",
        ),
        (
            "sections:\n",
            "sections:\n  spare: {title: Spare, body: Not cited.}\n",
            "m.yaml:86:3: warning[unused-section] sections.spare:"
            " section 'spare' is defined but never cited",
        ),
    ],
    ids=["footnote", "callout", "list", "reference", "section"],
)
def test_unused(old: str, new: str, line: str) -> None:
    assert lines(vary(old, new)) == [line]


def test_a_callout_cited_by_a_feature_is_used() -> None:
    text = vary(
        "domain: posture", "domain: posture\ncallouts: [preview]", drop("- callout: preview")
    )
    assert lines(text) == []


def test_a_reference_cited_only_by_a_support_entry_is_used() -> None:
    """(Though it is on no page: that is the features check's ref-unplaced-reference.)"""
    text = vary("- reference: k8s\n      - section", "- section")
    assert check_lines(unused, text) == []


def test_an_unused_warning_waits_for_the_shape_to_be_right() -> None:
    text = vary("tested: Only tested on AKS.", "tested: Only tested on AKS.\nspare: Not cited.")
    assert lines(vary("title: Demo matrix", "title: 42", text)) == [
        "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)"
    ]
