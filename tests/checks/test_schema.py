"""The schema check (`generator.checks.schema`): schema-* diagnostics, each a whole line.

The check's fast path lets jsonschema-rs answer "is it valid?" and has Python's jsonschema
word the errors only when it is not; a document jsonschema-rs wrongly accepted would lose its
errors. So `lines()` here also asks both validators about every document a test builds: where
jsonschema finds a problem, jsonschema-rs must too.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import schema
from generator.load import load_text
from tests.checks import helpers
from tests.checks.helpers import TODAY, VALID_DOCUMENTS, check_lines, drop, matrix, vary


def agree(data: Any) -> None:
    """jsonschema-rs says "invalid" wherever jsonschema finds an error (else the fast path
    would skip the errors), and both accept what jsonschema accepts."""
    fast = schema._fast()
    assert fast is not None, "jsonschema-rs is a dependency: the fast path must be on"
    errors = [e.message for e in schema._validator().iter_errors(data)]
    if errors:
        assert not fast.is_valid(data), f"jsonschema-rs accepts what jsonschema refuses: {errors}"
    else:
        assert fast.is_valid(data)


def lines(text: str, today: date = TODAY) -> list[str]:
    loaded, _ = load_text(text, "m.yaml")
    if loaded is not None:
        agree(loaded.data)
    return helpers.lines(text, today)


# --------------------------------------------------------------------------------------------
# The valid cases, and the fast path
# --------------------------------------------------------------------------------------------


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(schema, text) == []


@VALID_DOCUMENTS
def test_both_validators_accept_the_valid_matrix(text: str) -> None:
    loaded, _ = load_text(text, "m.yaml")
    assert loaded is not None
    fast = schema._fast()
    assert fast is not None
    assert fast.is_valid(loaded.data)
    assert list(schema._validator().iter_errors(loaded.data)) == []


def _scalars(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value of `value` (mappings and lists too, but not the root)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _scalars(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _scalars(item, (*path, i))
    return found


_BASE, _ = load_text(matrix(), "m.yaml")
assert _BASE is not None
_PATHS = _scalars(_BASE.data)
_VALUES = st.one_of(
    st.sampled_from(["", " ", "-", "a-", "A", "x\n", "2030-02-30", "http://x", "ga", "1.28"]),
    st.text(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(st.sampled_from(["a", "aks", "ga", "A"]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "value", "note", "name"]), st.just("x"), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS), value=_VALUES, key=st.booleans())
def test_fast_path_refuses_what_jsonschema_refuses(
    path: tuple[Any, ...], value: Any, key: bool
) -> None:
    """Any one value of the base document replaced (or, with `key`, a key added beside it)."""
    data = copy.deepcopy(_BASE.data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if key and isinstance(parent, dict) and isinstance(value, str):
        parent[value] = "x"
    else:
        parent[path[-1]] = value
    agree(data)


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [("---\n", "2:1", "nothing (null)"), ("- a\n", "1:1", "a list"), ("hi\n", "1:1", "'hi'")],
    ids=["document-marker-only", "list", "text"],
)
def test_document_that_is_not_a_mapping(text: str, where: str, found: str) -> None:
    assert lines(text) == [f"m.yaml:{where}: error[schema-type] expected a mapping, found {found}"]


def test_schema_unknown_key_with_did_you_mean() -> None:
    assert lines(vary("name: Azure\n", "name: Azure\ntitel: Azure cloud\n")) == [
        "m.yaml:39:5: error[schema-unknown-key] environments.azure.titel: unknown key 'titel'"
        " (did you mean 'title'?); expected one of 'name', 'title', 'group_by', 'columns',"
        " 'order', 'blocks'"
    ]


def test_schema_unknown_key_without_a_close_match_has_no_hint() -> None:
    assert lines(vary("name: Azure\n", "name: Azure\nzzz: 1\n")) == [
        "m.yaml:39:5: error[schema-unknown-key] environments.azure.zzz: unknown key 'zzz';"
        " expected one of 'name', 'title', 'group_by', 'columns', 'order', 'blocks'"
    ]


def test_schema_unknown_key_inside_a_block_names_the_key() -> None:
    assert lines(vary("- section: proxy", "- section: proxy\n  titel: Proxy here")) == [
        "m.yaml:46:9: error[schema-unknown-key] environments.azure.blocks[3].titel:"
        " unknown key 'titel' (did you mean 'title'?); expected one of 'section', 'title'"
    ]


def test_schema_unknown_key_reports_every_unknown_key() -> None:
    assert lines(vary("name: Azure\n", "name: Azure\ntitel: A\ngrup_by: none\n")) == [
        "m.yaml:39:5: error[schema-unknown-key] environments.azure.titel: unknown key 'titel'"
        " (did you mean 'title'?); expected one of 'name', 'title', 'group_by', 'columns',"
        " 'order', 'blocks'",
        "m.yaml:40:5: error[schema-unknown-key] environments.azure.grup_by:"
        " unknown key 'grup_by' (did you mean 'group_by'?); expected one of 'name', 'title',"
        " 'group_by', 'columns', 'order', 'blocks'",
    ]


def test_schema_required() -> None:
    assert lines(drop("name: Discovery")) == [
        "m.yaml:48:5: error[schema-required] features.discovery: missing required key 'name'"
    ]


def test_schema_required_reports_every_missing_key() -> None:
    # Same location and code: ordered by message.
    assert lines(drop("domain: posture", drop("name: Discovery"))) == [
        "m.yaml:48:5: error[schema-required] features.discovery: missing required key 'domain'",
        "m.yaml:48:5: error[schema-required] features.discovery: missing required key 'name'",
    ]


def test_schema_required_values_of_a_choice_column() -> None:
    text = vary("type: choice\n    values:\n      free: Free\n      paid: Paid", "type: choice")
    assert lines(text) == [
        "m.yaml:18:5: error[schema-required] columns.plan: missing required key 'values'"
    ]


def test_schema_required_type_of_a_column_alone() -> None:
    assert lines(drop("type: text")) == [
        "m.yaml:15:5: error[schema-required] columns.notes: missing required key 'type'"
    ]


def test_schema_enum_with_did_you_mean() -> None:
    assert lines(vary("type: state", "type: stat")) == [
        "m.yaml:13:11: error[schema-enum] columns.linux.type: expected one of 'feature',"
        " 'domain', 'state', 'choice', 'text', 'version', found 'stat' (did you mean 'state'?)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "multi: true",
            'multi: "yes"',
            "m.yaml:26:12: error[schema-type] columns.resources.multi:"
            " expected true or false, found 'yes'",
        ),
        (
            "title: Demo matrix",
            "title: 42",
            "m.yaml:3:8: error[schema-type] title: expected text, found 42 (a number)",
        ),
        (
            "columns: [feature, domain, linux, notes, plan, resources]",
            "columns: feature",
            "m.yaml:39:14: error[schema-type] environments.azure.columns:"
            " expected a list, found 'feature'",
        ),
    ],
    ids=["boolean", "text", "list"],
)
def test_schema_type(old: str, new: str, line: str) -> None:
    assert lines(vary(old, new)) == [line]


def test_schema_pattern_bad_id() -> None:
    assert lines(vary("id: demo", "id: Demo_1")) == [
        "m.yaml:2:5: error[schema-pattern] id: expected an id"
        " (lowercase letters, digits, single hyphens), found 'Demo_1'"
    ]


def test_schema_pattern_bad_id_as_a_key() -> None:
    assert lines(vary("  discovery:", "  Discovery:")) == [
        "m.yaml:47:3: error[schema-pattern] features.Discovery: expected an id"
        " (lowercase letters, digits, single hyphens), found 'Discovery'"
    ]


@pytest.mark.parametrize(
    "title",
    # `plain` has only the non-blank pattern (no minLength on top), so '' is one problem, one line.
    ["'  '", "''"],
    ids=["blank", "empty-is-one-line"],
)
def test_schema_pattern_blank_text(title: str) -> None:
    assert lines(vary("title: Demo matrix", f"title: {title}")) == [
        f"m.yaml:3:8: error[schema-pattern] title: expected non-blank text, found {title}"
    ]


def test_schema_pattern_other() -> None:
    assert lines(vary("title: Demo matrix", "title: Demo matrix\nlinks: {base: 'http://x'}")) == [
        "m.yaml:4:15: error[schema-pattern] links.base:"
        " expected an http(s) URL ending in '/', found 'http://x'"
    ]


_BLOCKS = (
    "expected a mapping with 'features', a mapping with 'environments', a mapping with"
    " 'text', a mapping with 'callout', a mapping with 'reference' or a mapping with"
    " 'section'"
)


@pytest.mark.parametrize(
    ("new", "found"),
    [
        ("- sectoin: proxy", "found a mapping with 'sectoin' (did you mean 'section'?)"),
        ("- titel: proxy", "found a mapping with 'titel'"),
        ("- proxy", "found 'proxy'"),
    ],
    ids=["typo", "unknown", "not-a-mapping"],
)
def test_schema_shape_bad_block(new: str, found: str) -> None:
    assert lines(vary("- section: proxy", new)) == [
        f"m.yaml:45:9: error[schema-shape] environments.azure.blocks[3]: {_BLOCKS}, {found}"
    ]


@pytest.mark.parametrize(
    ("new", "found"),
    [
        ("linux: 5", "5 (a number)"),
        ("linux: {a: b}", "a mapping with 'a'"),
        ("linux: {value: ga}", "a mapping with 'value'"),
    ],
    ids=["number", "mapping", "mapping-without-its-note"],
)
def test_schema_shape_bad_cell(new: str, found: str) -> None:
    assert lines(vary("linux: ga", new)) == [
        "m.yaml:59:18: error[schema-shape] features.discovery.support.azure.cells.linux:"
        f" expected text, a list or a mapping with 'value' and 'note', found {found}"
    ]


def test_schema_const_format() -> None:
    assert lines(vary("format: 1", "format: 2")) == [
        "m.yaml:1:9: error[schema-const] format: expected 1, found 2"
    ]


def test_schema_const_block_flag() -> None:
    # Booleans print as YAML writes them, not as Python's True/False.
    assert lines(vary("- features: true", "- features: false")) == [
        "m.yaml:42:19: error[schema-const] environments.azure.blocks[0].features:"
        " expected true, found false"
    ]


# Keywords jsonschema would phrase in its own words (Python reprs of the whole value); each has
# a sentence of its own.
@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "columns: [feature, domain, linux, notes, plan, resources]",
            "columns: []",
            "m.yaml:39:14: error[schema-minitems] environments.azure.columns:"
            " expected at least 1 item, found 0",
        ),
        (
            "title: Kubernetes",
            "title: Kubernetes\nheaders: [Aspect]",
            "m.yaml:78:14: error[schema-minitems] references.k8s.headers:"
            " expected at least 2 items, found 1",
        ),
        (
            "order: [discovery]",
            "order: [discovery, discovery]",
            "m.yaml:40:12: error[schema-uniqueitems] environments.azure.order:"
            " 'discovery' listed more than once",
        ),
        (
            'deadline: "2030-01-01"',
            'deadline: "2030-02-30"',
            "m.yaml:67:15: error[schema-format] callouts.preview.deadline:"
            " expected a date (YYYY-MM-DD), found '2030-02-30'",
        ),
        (
            "type: text",
            "type: text\nmulti: true",
            "m.yaml:17:5: error[schema-not] columns.notes.multi:"
            " 'multi' applies only to columns of type 'choice'; found type 'text'",
        ),
        (
            "type: text",
            "type: text\nvalues: {a: A}",
            "m.yaml:17:5: error[schema-not] columns.notes.values:"
            " 'values' applies only to columns of type 'choice'; found type 'text'",
        ),
    ],
    ids=["minitems", "minitems-headers", "uniqueitems", "format", "not-multi", "not-values"],
)
def test_schema_fallback_codes(old: str, new: str, line: str) -> None:
    assert lines(vary(old, new)) == [line]


def test_schema_uniqueitems_names_each_repeated_value_once() -> None:
    text = vary("order: [discovery]", "order: [discovery, b, discovery, a, b, discovery]")
    assert lines(text) == [
        "m.yaml:40:12: error[schema-uniqueitems] environments.azure.order:"
        " 'b', 'discovery' listed more than once"
    ]


def test_schema_minproperties() -> None:
    text = vary("azure:\n        name: Azure posture", "azure:\n  name: Azure posture\ngcp: {}")
    assert lines(text) == [
        "m.yaml:36:12: error[schema-minproperties] domains.posture.by_environment.gcp:"
        " expected at least 1 entry, found 0"
    ]


_ORDER_SCRIPT = """
import sys
from datetime import date
from generator.load import load_text
from generator.validate import validate
loaded, diags = load_text(sys.stdin.read(), "m.yaml")
print("\\n".join(str(d) for d in diags + validate(loaded, today=date(2025, 1, 1))))
"""


def test_diagnostic_order_does_not_depend_on_hash_seed() -> None:
    # Five mappings, each missing two required keys: two diagnostics with one location and one
    # code, so only the message orders them. Ordered by location alone, three runs agree by
    # chance only once in 2**10.
    text = drop("domain: posture", drop("name: Discovery"))
    text = drop("kind: note", drop("text: Some features are in preview.", text))
    text = drop("title: Proxy", drop("body: Proxies work.", text))
    text = drop(
        "name: Azure", drop("columns: [feature, domain, linux, notes, plan, resources]", text)
    )
    text = vary(
        "distros:\n    title: Distributions\n    items:\n      aks: AKS\n      eks: EKS",
        "distros: {}",
        text,
    )
    expected = [
        "m.yaml:38:5: error[schema-required] environments.azure: missing required key 'columns'",
        "m.yaml:38:5: error[schema-required] environments.azure: missing required key 'name'",
        "m.yaml:46:5: error[schema-required] features.discovery: missing required key 'domain'",
        "m.yaml:46:5: error[schema-required] features.discovery: missing required key 'name'",
        "m.yaml:62:5: error[schema-required] callouts.preview: missing required key 'kind'",
        "m.yaml:62:5: error[schema-required] callouts.preview: missing required key 'text'",
        "m.yaml:64:12: error[schema-required] lists.distros: missing required key 'items'",
        "m.yaml:64:12: error[schema-required] lists.distros: missing required key 'title'",
        "m.yaml:77:5: error[schema-required] sections.proxy: missing required key 'body'",
        "m.yaml:77:5: error[schema-required] sections.proxy: missing required key 'title'",
    ]
    assert lines(text) == expected
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _ORDER_SCRIPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        for seed in (1, 2, 3)
    ]
    outputs = {run.communicate(text)[0] for run in runs}
    assert outputs == {"\n".join(expected) + "\n"}


def test_diagnostics_at_one_location_are_ordered_by_code_then_message() -> None:
    # The misspelt key is the mapping's first, so all three lines share one location.
    text = drop("domain: posture", vary("name: Discovery", "nmae: Discovery"))
    assert lines(text) == [
        "m.yaml:48:5: error[schema-required] features.discovery: missing required key 'domain'",
        "m.yaml:48:5: error[schema-required] features.discovery: missing required key 'name'",
        "m.yaml:48:5: error[schema-unknown-key] features.discovery.nmae: unknown key 'nmae'"
        " (did you mean 'name'?); expected one of 'name', 'domain', 'link', 'aliases',"
        " 'former_ids', 'cells', 'callouts', 'support'",
    ]


# --------------------------------------------------------------------------------------------
# Codes and shapes the tests above do not reach
# --------------------------------------------------------------------------------------------


def test_schema_maxitems() -> None:
    assert lines(vary("title: Kubernetes", "title: Kubernetes\nheaders: [A, B, C]")) == [
        "m.yaml:78:14: error[schema-maxitems] references.k8s.headers:"
        " expected at most 2 items, found 3"
    ]


def test_schema_enum_of_a_key() -> None:
    text = vary("title: Demo matrix", "title: Demo matrix\nstate_labels: {beta: B}")
    assert lines(text) == [
        "m.yaml:4:16: error[schema-enum] state_labels.beta: expected one of 'ga', 'preview',"
        " 'unavailable', found 'beta'"
    ]


def test_schema_format_of_a_date_that_does_not_exist() -> None:
    text = vary("title: Demo matrix", "title: Demo matrix\nupdated: '2025-13-01'")
    assert lines(text) == [
        "m.yaml:4:10: error[schema-format] updated: expected a date (YYYY-MM-DD),"
        " found '2025-13-01'"
    ]


def test_schema_required_at_the_top_level_is_placed_at_the_start() -> None:
    assert lines(vary("columns:\n  feature", "columnz:\n  feature")) == [
        "m.yaml:1:1: error[schema-required] missing required key 'columns'",
        "m.yaml:4:1: error[schema-unknown-key] columnz: unknown key 'columnz' (did you mean"
        " 'columns'?); expected one of 'format', 'id', 'title', 'description', 'updated',"
        " 'links', 'state_labels', 'index', 'columns', 'domains', 'environments', 'features',"
        " 'footnotes', 'callouts', 'lists', 'references', 'sections'",
    ]


def test_schema_an_empty_list_in_a_cell_says_a_list_needs_an_item() -> None:
    """A list meant the list branch of a cell: the message is about the list."""
    for old, new, at in (
        ("resources: [aks]", "resources: []", "61:22"),
        ("linux: ga", "linux: []", "59:18"),
    ):
        found = lines(vary(old, new))
        assert len(found) == 1 and found[0].startswith(f"m.yaml:{at}: error[schema-minitems] ")
        assert found[0].endswith(": expected at least 1 item, found 0")


def test_schema_empty_link_is_one_line() -> None:
    assert lines(vary("name: Discovery", "name: Discovery\nlink: ''")) == [
        "m.yaml:49:11: error[schema-pattern] features.discovery.link:"
        " expected a link without spaces, found ''"
    ]


def test_schema_malformed_date_is_one_line() -> None:
    found = lines(vary("title: Demo matrix", "title: Demo matrix\nupdated: '2025-1-1'"))
    assert [line.split("] ", 1)[1] for line in found] == [
        "updated: expected a date (YYYY-MM-DD), found '2025-1-1'"
    ]


def test_schema_uniqueitems_in_a_multi_choice_cell() -> None:
    assert lines(vary("resources: [aks]", "resources: [aks, aks]")) == [
        "m.yaml:61:22: error[schema-uniqueitems] features.discovery.support.azure.cells.resources:"
        " 'aks' listed more than once"
    ]
