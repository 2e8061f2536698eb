"""The blocks check (`generator.checks.blocks`): every callout, reference and section a page
places exists (ref-unknown-callout, -reference, -section), and the index page holds no feature
table (block-features-index)."""

from __future__ import annotations

from pathlib import Path

from generator.checks import blocks
from tests.checks.helpers import VALID_DOCUMENTS, bare, check_lines, generate_errors, lines, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(blocks, text) == []


def test_ref_unknown_callout() -> None:
    assert lines(vary("callout: preview", "callout: previw")) == [
        "m.yaml:43:18: error[ref-unknown-callout] environments.azure.blocks[1].callout:"
        " unknown callout 'previw' (did you mean 'preview'?); expected one of 'preview'",
        "m.yaml:65:3: warning[unused-callout] callouts.preview:"
        " callout 'preview' is defined but never cited",
    ]


def test_ref_unknown_callout_on_the_index_page() -> None:
    text = vary("title: Demo matrix", "title: Demo matrix\nindex:\n  blocks:\n    - callout: nope")
    assert lines(text) == [
        "m.yaml:6:16: error[ref-unknown-callout] index.blocks[0].callout:"
        " unknown callout 'nope'; expected one of 'preview'"
    ]


def test_ref_unknown_reference_in_block() -> None:
    assert lines(vary("- section: proxy", "- section: proxy\n- reference: k9s")) == [
        "m.yaml:46:20: error[ref-unknown-reference] environments.azure.blocks[4].reference:"
        " unknown reference 'k9s' (did you mean 'k8s'?); expected one of 'k8s'"
    ]


def test_ref_unknown_section() -> None:
    assert lines(vary("section: proxy", "section: proxi")) == [
        "m.yaml:45:18: error[ref-unknown-section] environments.azure.blocks[3].section:"
        " unknown section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'",
        "m.yaml:86:3: warning[unused-section] sections.proxy:"
        " section 'proxy' is defined but never cited",
    ]


def test_features_block_on_the_index_page_is_reported(tmp_path: Path) -> None:
    """It would reach generator/views/blocks.py, which has no feature table for the index."""
    text = vary("title: Demo matrix", "title: Demo matrix\nindex:\n  blocks:\n    - features: true")
    expected = [
        "m.yaml:6:7: error[block-features-index] index.blocks[0]: the index page has no feature"
        " table of its own (it shows the overview grid); expected '{environments: true}' or"
        " another block"
    ]
    assert lines(text) == expected
    assert generate_errors(tmp_path, text) == expected


def test_ref_unknown_section_and_reference_on_the_index_page() -> None:
    text = vary(
        "title: Demo matrix",
        "title: Demo matrix\nindex:\n  blocks:\n    - reference: k9s\n    - section: proxi",
    )
    assert lines(text) == [
        "m.yaml:6:18: error[ref-unknown-reference] index.blocks[0].reference:"
        " unknown reference 'k9s' (did you mean 'k8s'?); expected one of 'k8s'",
        "m.yaml:7:16: error[ref-unknown-section] index.blocks[1].section:"
        " unknown section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'",
    ]


def test_ref_unknown_callout_when_none_is_defined() -> None:
    text = vary("[{features: true}]", "[{features: true}, {callout: preview}]", bare())
    assert lines(text) == [
        "m.yaml:12:42: error[ref-unknown-callout] environments.azure.blocks[1].callout:"
        " unknown callout 'preview'; expected one of (none declared)"
    ]
