"""The deadlines check (`generator.checks.deadlines`): a callout whose deadline has passed is
a warning (callout-expired) for the data's owners."""

from __future__ import annotations

from datetime import date

from generator.checks import deadlines
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, drop, lines, matrix, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(deadlines, text) == []


def test_callout_expired_depends_on_today() -> None:
    assert lines(matrix(), today=date(2030, 1, 1)) == []
    assert lines(matrix(), today=date(2030, 1, 2)) == [
        "m.yaml:67:15: warning[callout-expired] callouts.preview.deadline:"
        " the deadline 2030-01-01 has passed; review or remove this callout"
    ]


def test_a_callout_without_a_deadline_never_expires() -> None:
    assert lines(drop('deadline: "2030-01-01"'), today=date(2100, 1, 1)) == []


def test_an_ended_callout_still_warns_whatever_readers_see() -> None:
    text = vary('deadline: "2030-01-01"', 'deadline: "2030-01-01"\nafter_deadline: hide')
    assert lines(text, today=date(2031, 1, 1)) == [
        "m.yaml:67:15: warning[callout-expired] callouts.preview.deadline:"
        " the deadline 2030-01-01 has passed; review or remove this callout"
    ]
