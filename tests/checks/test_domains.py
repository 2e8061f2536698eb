"""The domains check (`generator.checks.domains`): a per-environment name or link names an
environment that exists (ref-unknown-environment)."""

from __future__ import annotations

from generator.checks import domains
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, lines, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(domains, text) == []


def test_ref_unknown_environment_in_domain() -> None:
    text = vary("azure:\n        name: Azure posture", "azuer:\n  name: Azure posture")
    assert lines(text) == [
        "m.yaml:34:7: error[ref-unknown-environment] domains.posture.by_environment.azuer:"
        " unknown environment 'azuer' (did you mean 'azure'?); expected one of 'azure'"
    ]


def test_ref_unknown_environment_in_a_domain_link() -> None:
    text = vary(
        "azure:\n        name: Azure posture",
        "azure:\n  name: Azure posture\ngcp:\n  link: https://example.com/",
    )
    assert lines(text) == [
        "m.yaml:36:7: error[ref-unknown-environment] domains.posture.by_environment.gcp:"
        " unknown environment 'gcp'; expected one of 'azure'"
    ]
