"""One schema error does not hide the other checks' errors of the same file, nor cascade into the
errors it causes (issue 13); `format` is a whole number; ids and links end where they seem to.

The documents are `tests.checks.helpers.matrix()` with values replaced in place; the lines are
whole diagnostics as a user sees them.
"""

from __future__ import annotations

import pytest

from generator.checks import cascades
from generator.diagnostics import Diagnostic, Level, SourceLoc
from tests.checks.helpers import lines, matrix

UNKNOWN_SECTION = (
    "m.yaml:45:18: error[ref-unknown-section] environments.azure.blocks[3].section: unknown"
    " section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'"
)


def swap(text: str, *pairs: tuple[str, str]) -> str:
    """Replace each `old`, which must occur once, by its `new`."""
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


TYPO_IN_SECTION = ("section: proxy", "section: proxi")


# --------------------------------------------------------------------------------------------
# A schema error and the other checks' errors together
# --------------------------------------------------------------------------------------------


def test_a_schema_error_and_an_unrelated_reference_error_are_both_reported() -> None:
    text = swap(matrix(), ("title: Demo matrix", "title: 42"), TYPO_IN_SECTION)
    assert lines(text) == [
        "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)",
        UNKNOWN_SECTION,
    ]


def test_a_shape_error_in_a_feature_does_not_hide_its_unknown_footnote() -> None:
    text = swap(
        matrix(),
        ("name: Discovery", "name: [Discovery]"),
        ("footnotes: [tested]\n        references", "footnotes: [testd]\n        references"),
    )
    assert lines(text) == [
        "m.yaml:48:11: error[schema-type] features.discovery.name: expected text, found a list",
        "m.yaml:54:21: error[ref-unknown-footnote] features.discovery.support.azure.footnotes[0]:"
        " unknown footnote 'testd' (did you mean 'tested'?); expected one of 'tested'",
    ]


def test_a_check_that_crashes_on_a_shape_it_did_not_expect_is_silent() -> None:
    """Without `columns`, the environments and features checks cannot run; the schema says why,
    and the links check still finds the unsafe link elsewhere."""
    text = swap(
        matrix(),
        ("    columns: [feature, domain, linux, notes, plan, resources]\n", ""),
        ("free: Free", 'free: "[Free](ftp:x)"'),
    )
    assert lines(text) == [
        "m.yaml:38:5: error[schema-required] environments.azure: missing required key 'columns'",
        "m.yaml:21:13: error[link-unsafe] columns.plan.values.free: unsafe link 'ftp:x' in the"
        " Markdown: the scheme 'ftp' is not allowed; expected http, https, mailto or a relative"
        " link",
    ]


def test_warnings_wait_until_the_shape_is_right() -> None:
    """The callout's deadline has passed, but with a schema error only errors are shown."""
    text = swap(matrix(), ("title: Demo matrix", "title: 42"), ('"2030-01-01"', '"2020-01-01"'))
    assert lines(text) == [
        "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)"
    ]


# --------------------------------------------------------------------------------------------
# No cascades
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "schema_error"),
    [
        (
            ("multi: true", 'multi: "yes"'),
            "m.yaml:26:12: error[schema-type] columns.resources.multi: expected true or false,"
            " found 'yes'",
        ),
        (
            ("type: state", "type: stat"),
            "m.yaml:13:11: error[schema-enum] columns.linux.type: expected one of 'feature',"
            " 'domain', 'state', 'choice', 'text', 'version', found 'stat' (did you mean"
            " 'state'?)",
        ),
    ],
    ids=["multi", "type"],
)
def test_a_column_definition_error_hides_the_cell_errors_it_makes_unreliable(
    change: tuple[str, str], schema_error: str
) -> None:
    """Cells are read through the column definitions: with one of them wrong, no cell error is
    news; the unrelated unknown section still is."""
    text = swap(matrix(), change, ("linux: ga", "linux: Beta"), TYPO_IN_SECTION)
    assert lines(text) == [schema_error, UNKNOWN_SECTION]


def test_a_definitions_mapping_of_the_wrong_shape_hides_its_unknown_ids() -> None:
    text = swap(matrix(), ("footnotes:\n  tested: Only tested on AKS.", "footnotes: [tested]"))
    assert lines(text) == [
        "m.yaml:62:12: error[schema-type] footnotes: expected a mapping, found a list"
    ]


def test_a_list_without_items_hides_its_unknown_items() -> None:
    text = swap(matrix(), ("    items:\n      aks: AKS\n      eks: EKS\n", ""), TYPO_IN_SECTION)
    assert lines(text) == [
        "m.yaml:71:5: error[schema-required] lists.distros: missing required key 'items'",
        UNKNOWN_SECTION,
    ]


def test_a_key_that_is_not_an_id_hides_the_unknown_ids_it_causes() -> None:
    """`"azure\\n"` is not an id; the references to `azure` it leaves unknown are not news. (The
    path quotes a key that is not a plain word, so the line stays one line.)"""
    text = swap(matrix(), ("  azure:\n    name: Azure", '  "azure\\n":\n    name: Azure'))
    assert lines(text) == [
        "m.yaml:37:3: error[schema-pattern] environments.'azure\\n': expected an id (lowercase"
        " letters, digits, single hyphens), found 'azure\\n'"
    ]


def test_a_wrong_format_means_another_format_so_nothing_else_is_checked() -> None:
    text = swap(matrix(), ("format: 1", "format: 2"), TYPO_IN_SECTION)
    assert lines(text) == ["m.yaml:1:9: error[schema-const] format: expected 1, found 2"]


def test_caused_by_matches_paths_and_patterns() -> None:
    def finding(code: str, *path: str | int) -> Diagnostic:
        return Diagnostic(Level.ERROR, code, SourceLoc("m.yaml", 1, 1), path, "x")

    cell = finding("state-unknown", "features", "f", "support", "e", "cells", "c")
    assert cascades.caused_by(cell, [("features", "f", "support")])
    assert cascades.caused_by(cell, [("columns", "other", "multi")])
    assert cascades.caused_by(cell, [("features", "f", "cells")])
    assert not cascades.caused_by(cell, [("features", "g", "cells")])
    assert not cascades.caused_by(cell, [("features", "f", "name")])
    unknown = finding("ref-unknown-list-item", "references", "r", "rows", 0, "items", 0)
    assert cascades.caused_by(unknown, [("lists", "l")])
    assert cascades.caused_by(unknown, [()])
    assert not cascades.caused_by(unknown, [("lists", "l", "title")])
    assert cascades.caused_by(finding("ref-unknown-footnote", "x"), [("footnotes", "A")])
    assert not cascades.caused_by(finding("ref-unknown-footnote", "x"), [("footnotes", "a")])


# --------------------------------------------------------------------------------------------
# format, ids and links
# --------------------------------------------------------------------------------------------


def test_format_as_a_decimal_number_is_refused() -> None:
    """JSON Schema's `const: 1` accepts 1.0; the data format is the whole number 1."""
    text = swap(matrix(), ("format: 1", "format: 1.0"), TYPO_IN_SECTION)
    assert lines(text) == [
        "m.yaml:1:9: error[schema-const] format: expected 1, found 1.0 (a decimal number); write 1"
    ]


def test_format_true_is_the_schemas_error_alone() -> None:
    assert lines(swap(matrix(), ("format: 1", "format: true"))) == [
        "m.yaml:1:9: error[schema-const] format: expected 1, found true"
    ]


ID_EXPECTED = "expected an id (lowercase letters, digits, single hyphens)"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("id: demo", 'id: "demo\\n"'),
            (f"m.yaml:2:5: error[schema-pattern] id: {ID_EXPECTED}, found 'demo\\n'",),
        ),
        (
            ("order: [discovery]", 'order: ["discovery\\n"]'),
            (
                f"m.yaml:40:13: error[schema-pattern] environments.azure.order[0]: {ID_EXPECTED},"
                " found 'discovery\\n'",
            ),
        ),
        (
            (
                "footnotes: [tested]\n        references",
                'footnotes: ["tested\\n"]\n        references',
            ),
            (
                f"m.yaml:54:21: error[schema-pattern] features.discovery.support.azure"
                f".footnotes[0]: {ID_EXPECTED}, found 'tested\\n'",
            ),
        ),
        (
            ('"2030-01-01"', '"2030-01-01\\n"'),
            (
                "m.yaml:67:15: error[schema-format] callouts.preview.deadline: expected a date"
                " (YYYY-MM-DD), found '2030-01-01\\n'",
            ),
        ),
        (
            ("    name: Discovery\n", '    name: Discovery\n    link: "page.md\\n"\n'),
            (
                "m.yaml:49:11: error[schema-pattern] features.discovery.link: expected a link"
                " without spaces, found 'page.md\\n'",
            ),
        ),
    ],
    ids=["matrix-id", "order", "footnote", "date", "link"],
)
def test_values_ending_in_a_newline_are_refused(
    change: tuple[str, str], expected: tuple[str, ...]
) -> None:
    """`$` alone matches before a final newline; the schema's patterns say `(?!\\n)$`."""
    assert lines(swap(matrix(), change)) == list(expected)


def test_a_link_starting_with_a_control_character_is_refused_when_loading() -> None:
    """The issue's `"\\x01javascript:alert(1)"`: the schema's URL pattern (`\\S+`) would let the
    control character through; the loader refuses it, written as an escape or not."""
    text = swap(
        matrix(),
        ("    name: Discovery\n", '    name: Discovery\n    link: "\\x01javascript:alert(1)"\n'),
    )
    assert lines(text) == [
        "m.yaml:49:11: error[yaml-control-character] features.discovery.link: found the control"
        " character U+0001, written as an escape; expected text (tabs and line breaks are the"
        " only control characters allowed)"
    ]


def test_a_link_starting_with_an_invisible_character_is_refused_by_the_links_check() -> None:
    text = swap(
        matrix(),
        ("    name: Discovery\n", '    name: Discovery\n    link: "\\u2060javascript:alert(1)"\n'),
    )
    assert lines(text) == [
        "m.yaml:49:11: error[link-unsafe] features.discovery.link: unsafe link"
        " '\\u2060javascript:alert(1)': found the invisible character U+2060 (WORD JOINER) at"
        " position 1; expected none in a link"
    ]
