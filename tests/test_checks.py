"""Every diagnostic code, asserted as the whole line a user sees.

Each test starts from `matrix()`, a small valid document that uses every kind of thing once
(each column type, a domain label per environment, a footnote, a callout, a list, a reference
and a section, all cited), changes one thing, and compares the full `FILE:LINE:COL: level[code]
path: message` lines. Line numbers refer to the document as `matrix()` returns it; `vary()`
keeps every other line where it was unless the change adds or removes lines.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline, read
from generator.checks import references, schema
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.errors import DataError
from generator.load import load_file, load_text
from generator.validate import validate

TODAY = date(2025, 1, 1)
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def matrix() -> str:
    """The smallest valid matrix that uses every kind of thing once."""
    return textwrap.dedent(
        """\
        format: 1
        id: demo
        title: Demo matrix
        columns:
          feature:
            header: Feature
            type: feature
          domain:
            header: Domain
            type: domain
          linux:
            header: Linux
            type: state
          notes:
            header: Notes
            type: text
          plan:
            header: Plan
            type: choice
            values:
              free: Free
              paid: Paid
          resources:
            header: Resources
            type: choice
            multi: true
            values:
              aks: AKS
              eks: EKS
        domains:
          posture:
            name: Posture
            by_environment:
              azure:
                name: Azure posture
        environments:
          azure:
            name: Azure
            columns: [feature, domain, linux, notes, plan, resources]
            order: [discovery]
            blocks:
              - features: true
              - callout: preview
              - reference: k8s
              - section: proxy
        features:
          discovery:
            name: Discovery
            domain: posture
            cells:
              notes: Finds clusters.
            support:
              azure:
                footnotes: [tested]
                references:
                  - reference: k8s
                    text: distributions
                cells:
                  linux: ga
                  plan: free
                  resources: [aks]
        footnotes:
          tested: Only tested on AKS.
        callouts:
          preview:
            kind: note
            deadline: "2030-01-01"
            text: Some features are in preview.
        lists:
          distros:
            title: Distributions
            items:
              aks: AKS
              eks: EKS
        references:
          k8s:
            title: Kubernetes
            rows:
              - aspect: Distributions
                groups:
                  - label: Supported
                    footnotes: [tested]
                    list: distros
                    items: [aks]
        sections:
          proxy:
            title: Proxy
            body: Proxies work.
            list: distros
        """
    )


def vary(old: str, new: str, text: str | None = None) -> str:
    """Replace `old`, which must occur exactly once. Lines that `new` adds are indented like
    the line `old` starts on, so `vary("linux: ga", "linux: ga\\nlinux: preview")` adds a
    sibling key."""
    text = matrix() if text is None else text
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    line = text[text.rfind("\n", 0, text.index(old)) + 1 :]
    indent = line[: len(line) - len(line.lstrip(" "))]
    return text.replace(old, re.sub(r"\n(?=.)", "\n" + indent, new))


def drop(line: str, text: str | None = None) -> str:
    """Remove the one line that reads `line` once stripped."""
    text = matrix() if text is None else text
    lines = text.splitlines(keepends=True)
    hits = [i for i, candidate in enumerate(lines) if candidate.strip() == line]
    assert len(hits) == 1, f"{line!r} is on {len(hits)} lines"
    del lines[hits[0]]
    return "".join(lines)


def diagnose(text: str, today: date = TODAY) -> list[Diagnostic]:
    loaded, diags = load_text(text, "m.yaml")
    if loaded is not None:
        diags += validate(loaded, today=today)
    return diags


def lines(text: str, today: date = TODAY) -> list[str]:
    return [str(d) for d in diagnose(text, today)]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The valid cases
# --------------------------------------------------------------------------------------------


def test_valid_matrix_gives_no_diagnostics() -> None:
    assert lines(matrix()) == []


def test_matrix_with_only_required_keys_gives_no_diagnostics() -> None:
    text = textwrap.dedent(
        """\
        format: 1
        id: bare
        title: Bare
        columns:
          feature: {header: Feature, type: feature}
        domains:
          posture: {name: Posture}
        environments:
          azure:
            name: Azure
            columns: [feature]
            blocks: [{features: true}]
        features:
          discovery:
            name: Discovery
            domain: posture
            support:
              azure: {cells: {}}
        """
    )
    assert lines(text) == []


def test_valid_matrix_builds_pages(tmp_path: Path) -> None:
    """The base document is valid all the way through, not just for the checks."""
    write(tmp_path, "m.yaml", matrix())
    generated = pipeline.generate(pipeline.Options(TODAY, (tmp_path,), TEMPLATES, history=False))
    expected = {
        "index.md",
        "demo/index.md",
        "demo/azure/index.md",
        "demo/features/discovery/index.md",
        "demo/compare/index.md",
        "demo/reference/index.md",
    }
    assert expected <= set(generated.pages)
    assert generated.diagnostics == ()


# --------------------------------------------------------------------------------------------
# Loading: yaml-*, file-*
# --------------------------------------------------------------------------------------------


def test_yaml_syntax() -> None:
    assert lines(vary("title: Demo matrix", "title: [Demo")) == [
        "m.yaml:4:8: error[yaml-syntax] expected ',' or ']', but got ':'"
        " (while parsing a flow sequence)"
    ]


def test_yaml_syntax_tab_indentation() -> None:
    assert lines(vary("    header: Linux", "\theader: Linux")) == [
        "m.yaml:12:1: error[yaml-syntax] found a tab character;"
        " expected spaces (YAML indents with spaces)"
    ]


def test_yaml_duplicate_key() -> None:
    assert lines(vary("linux: ga", "linux: ga\nlinux: preview")) == [
        "m.yaml:60:11: error[yaml-duplicate-key] features.discovery.support.azure.cells.linux:"
        " duplicate key 'linux' (first defined at line 59)"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_yaml_empty(text: str) -> None:
    assert lines(text) == ["m.yaml:1:1: error[yaml-empty] the file is empty; expected a mapping"]


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [("---\n", "2:1", "nothing (null)"), ("- a\n", "1:1", "a list"), ("hi\n", "1:1", "'hi'")],
    ids=["document-marker-only", "list", "text"],
)
def test_document_that_is_not_a_mapping(text: str, where: str, found: str) -> None:
    assert lines(text) == [f"m.yaml:{where}: error[schema-type] expected a mapping, found {found}"]


def test_yaml_merge() -> None:
    loaded, diags = load_text(vary("name: Discovery", "<<: {name: Discovery}"), "m.yaml")
    assert loaded is not None
    assert [str(d) for d in diags] == [
        "m.yaml:48:5: error[yaml-merge] features.discovery:"
        " '<<' merge keys are not supported; write the values out"
    ]


def test_yaml_key() -> None:
    assert lines(vary("name: Discovery", "name: Discovery\n? [a, b]\n: c")) == [
        "m.yaml:49:7: error[yaml-key] features.discovery: expected a plain text key"
    ]


def test_file_missing(tmp_path: Path) -> None:
    loaded, diags = load_file(tmp_path / "nope.yaml", "data/nope.yaml")
    assert loaded is None
    assert [str(d) for d in diags] == ["data/nope.yaml:1:1: error[file-missing] no such file"]


def test_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: caf\xe9\n")
    loaded, diags = load_file(path, "data/latin1.yaml")
    assert loaded is None
    assert [str(d) for d in diags] == [
        "data/latin1.yaml:1:11: error[file-encoding] byte 0xe9 is not UTF-8 (invalid"
        " continuation byte); expected UTF-8 text (save the file as UTF-8)"
    ]


# --------------------------------------------------------------------------------------------
# Schema: schema-*
# --------------------------------------------------------------------------------------------


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


def test_schema_pattern_blank_text() -> None:
    assert lines(vary("title: Demo matrix", "title: '  '")) == [
        "m.yaml:3:8: error[schema-pattern] title: expected non-blank text, found '  '"
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
        ("linux: []", "an empty list"),
    ],
    ids=["number", "mapping", "empty-list"],
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


def test_schema_empty_text_is_one_line() -> None:
    # `plain` has only the non-blank pattern (no minLength on top), so '' is one problem, one line.
    assert lines(vary("title: Demo matrix", "title: ''")) == [
        "m.yaml:3:8: error[schema-pattern] title: expected non-blank text, found ''"
    ]


# --------------------------------------------------------------------------------------------
# References: ref-unknown-*
# --------------------------------------------------------------------------------------------


def test_ref_unknown_environment_in_domain() -> None:
    text = vary("azure:\n        name: Azure posture", "azuer:\n  name: Azure posture")
    assert lines(text) == [
        "m.yaml:34:7: error[ref-unknown-environment] domains.posture.by_environment.azuer:"
        " unknown environment 'azuer' (did you mean 'azure'?); expected one of 'azure'"
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


def test_ref_unknown_domain() -> None:
    assert lines(vary("domain: posture", "domain: postur")) == [
        "m.yaml:49:13: error[ref-unknown-domain] features.discovery.domain:"
        " unknown domain 'postur' (did you mean 'posture'?); expected one of 'posture'"
    ]


def test_ref_unknown_column_in_environment() -> None:
    text = vary("columns: [feature, domain, linux,", "columns: [feature, domain, linx,")
    assert lines(text) == [
        "m.yaml:39:32: error[ref-unknown-column] environments.azure.columns[2]:"
        " unknown column 'linx' (did you mean 'linux'?); expected one of 'feature', 'domain',"
        " 'linux', 'notes', 'plan', 'resources'",
        "m.yaml:59:11: warning[cell-not-shown] features.discovery.support.azure.cells.linux:"
        " environment 'azure' does not show column 'linux'",
    ]


def test_ref_unknown_column_in_cells() -> None:
    assert lines(vary("plan: free", "plan: free\nplam: free")) == [
        "m.yaml:61:11: error[ref-unknown-column] features.discovery.support.azure.cells.plam:"
        " unknown column 'plam' (did you mean 'plan'?); expected one of 'feature', 'domain',"
        " 'linux', 'notes', 'plan', 'resources'"
    ]


def test_ref_unknown_footnote_in_support() -> None:
    text = vary("footnotes: [tested]\n        references", "footnotes: [testd]\nreferences")
    assert lines(text) == [
        "m.yaml:54:21: error[ref-unknown-footnote] features.discovery.support.azure.footnotes[0]:"
        " unknown footnote 'testd' (did you mean 'tested'?); expected one of 'tested'"
    ]


def test_ref_unknown_footnote_in_reference_group() -> None:
    text = vary("footnotes: [tested]\n            list", "footnotes: [testd]\nlist")
    assert lines(text) == [
        "m.yaml:82:25: error[ref-unknown-footnote]"
        " references.k8s.rows[0].groups[0].footnotes[0]: unknown footnote 'testd'"
        " (did you mean 'tested'?); expected one of 'tested'"
    ]


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


def test_ref_unknown_callout_on_a_feature() -> None:
    assert lines(vary("domain: posture", "domain: posture\ncallouts: [previw]")) == [
        "m.yaml:50:16: error[ref-unknown-callout] features.discovery.callouts[0]:"
        " unknown callout 'previw' (did you mean 'preview'?); expected one of 'preview'"
    ]


def test_ref_unknown_reference_in_block() -> None:
    assert lines(vary("- section: proxy", "- section: proxy\n- reference: k9s")) == [
        "m.yaml:46:20: error[ref-unknown-reference] environments.azure.blocks[4].reference:"
        " unknown reference 'k9s' (did you mean 'k8s'?); expected one of 'k8s'"
    ]


def test_ref_unknown_reference_in_support() -> None:
    text = vary("- reference: k8s\n            text", "- reference: k9s\n  text")
    assert lines(text) == [
        "m.yaml:56:24: error[ref-unknown-reference]"
        " features.discovery.support.azure.references[0].reference: unknown reference 'k9s'"
        " (did you mean 'k8s'?); expected one of 'k8s'"
    ]


def test_ref_unknown_section() -> None:
    assert lines(vary("section: proxy", "section: proxi")) == [
        "m.yaml:45:18: error[ref-unknown-section] environments.azure.blocks[3].section:"
        " unknown section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'",
        "m.yaml:86:3: warning[unused-section] sections.proxy:"
        " section 'proxy' is defined but never cited",
    ]


def test_ref_unknown_list_in_reference_group() -> None:
    assert lines(vary("list: distros\n            items", "list: distro\nitems")) == [
        "m.yaml:83:19: error[ref-unknown-list] references.k8s.rows[0].groups[0].list:"
        " unknown list 'distro' (did you mean 'distros'?); expected one of 'distros'"
    ]


def test_ref_unknown_list_in_section() -> None:
    text = vary("body: Proxies work.\n    list: distros", "body: Proxies work.\nlist: distro")
    assert lines(text) == [
        "m.yaml:89:11: error[ref-unknown-list] sections.proxy.list:"
        " unknown list 'distro' (did you mean 'distros'?); expected one of 'distros'"
    ]


def test_ref_unknown_list_item() -> None:
    assert lines(vary("items: [aks]", "items: [aks, gke]")) == [
        "m.yaml:84:26: error[ref-unknown-list-item] references.k8s.rows[0].groups[0].items[1]:"
        " unknown list item 'gke'; expected one of 'aks', 'eks'"
    ]


# --------------------------------------------------------------------------------------------
# Environments: column-*, block-*, environment-empty, order-mismatch
# --------------------------------------------------------------------------------------------


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


def with_second_feature(former_ids: str, text: str | None = None) -> str:
    """`matrix()` plus a feature 'inventory' (lines 62-69) with the given former ids."""
    text = vary("order: [discovery]", "order: [discovery, inventory]", text)
    second = textwrap.dedent(
        f"""\
        inventory:
          name: Inventory
          domain: posture
          former_ids: {former_ids}
          cells: {{notes: Lists things.}}
          support:
            azure:
              cells: {{linux: ga, plan: free, resources: [aks]}}
        """
    )
    second = textwrap.indent(second, "  ")
    assert text.count("\nfootnotes:\n") == 1
    return text.replace("\nfootnotes:\n", "\n" + second + "footnotes:\n")


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


# --------------------------------------------------------------------------------------------
# Cells: cell-*, state-unknown, choice-unknown
# --------------------------------------------------------------------------------------------


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
# Unused definitions and expired callouts: warnings
# --------------------------------------------------------------------------------------------


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


def test_callout_expired_depends_on_today() -> None:
    assert lines(matrix(), today=date(2030, 1, 1)) == []
    assert lines(matrix(), today=date(2030, 1, 2)) == [
        "m.yaml:67:15: warning[callout-expired] callouts.preview.deadline:"
        " the deadline 2030-01-01 has passed; review or remove this callout"
    ]


# --------------------------------------------------------------------------------------------
# Crashes in a check: internal-error
# --------------------------------------------------------------------------------------------


def _boom(*args: object) -> list[Diagnostic]:
    raise RuntimeError("boom")


def test_internal_error_in_the_reference_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "run", _boom)
    assert lines(matrix()) == [
        "m.yaml:1:1: error[internal-error] the references check crashed: RuntimeError: boom"
    ]


def test_internal_error_in_the_schema_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash is one line; the reference check, which trusts the schema, is skipped."""
    ran: list[str] = []
    monkeypatch.setattr(schema, "run", _boom)
    monkeypatch.setattr(references, "run", lambda *a: ran.append("references") or [])
    assert lines(matrix()) == [
        "m.yaml:1:1: error[internal-error] the schema check crashed: RuntimeError: boom"
    ]
    assert ran == []


def test_internal_error_keeps_the_other_checks_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the reference check does not hide what the schema check found."""
    warning = Diagnostic(Level.WARNING, "x-test", SourceLoc("m.yaml", 2, 5), ("id",), "from schema")
    monkeypatch.setattr(schema, "run", lambda ctx: [warning])
    monkeypatch.setattr(references, "run", _boom)
    assert lines(matrix()) == [
        "m.yaml:2:5: warning[x-test] id: from schema",
        "m.yaml:1:1: error[internal-error] the references check crashed: RuntimeError: boom",
    ]


# --------------------------------------------------------------------------------------------
# Pipeline: no-data, matrix-duplicate-id, several files
# --------------------------------------------------------------------------------------------


def test_no_data(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    empty.mkdir()
    write(empty, "README.md", "not data\n")
    checked = read.check([empty], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{empty}:1:1: error[no-data] no data files found; expected *.yaml files"
    ]
    assert checked.matrices == ()


def test_matrix_duplicate_id(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", matrix())
    second = write(tmp_path, "b.yaml", vary("title: Demo matrix", "title: Demo again"))
    checked = read.check([tmp_path], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{second}:2:5: error[matrix-duplicate-id] id: matrix id 'demo' is already used by {first}"
    ]
    assert [m.title for m in checked.matrices] == ["Demo matrix"]


def test_every_file_is_checked_in_file_order(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", vary("format: 1", "format: 2"))
    write(tmp_path, "b.yaml", vary("id: demo", "id: other\n").replace("plan: free", "plan: fre"))
    write(tmp_path, "notes.txt", "ignored\n")
    checked = read.check([tmp_path], TODAY)
    assert [str(d) for d in checked.diagnostics] == [
        f"{tmp_path / 'a.yaml'}:1:9: error[schema-const] format: expected 1, found 2",
        f"{tmp_path / 'b.yaml'}:61:17: error[choice-unknown]"
        " features.discovery.support.azure.cells.plan: unknown value for column 'plan': 'fre'"
        " (did you mean 'free'?); expected one of 'free', 'paid'",
    ]


# --------------------------------------------------------------------------------------------
# Collect, then abort: no cascades, every independent error at once
# --------------------------------------------------------------------------------------------


def test_schema_errors_skip_the_reference_check() -> None:
    """A wrong shape reports once; the unknown footnote is not reported on top of it."""
    text = vary("format: 1", "format: 2")
    text = vary("footnotes: [tested]\n        references", "footnotes: [testd]\nreferences", text)
    assert lines(text) == ["m.yaml:1:9: error[schema-const] format: expected 1, found 2"]


def test_all_independent_errors_are_reported_at_once() -> None:
    text = vary("linux: ga", "linux: Beta")
    text = vary("plan: free", "plan: fre", text)
    text = vary("section: proxy", "section: proxi", text)
    assert lines(text) == [
        "m.yaml:45:18: error[ref-unknown-section] environments.azure.blocks[3].section:"
        " unknown section 'proxi' (did you mean 'proxy'?); expected one of 'proxy'",
        "m.yaml:59:18: error[state-unknown] features.discovery.support.azure.cells.linux:"
        " unknown release state 'Beta'; expected one of 'ga', 'preview', 'unavailable'",
        "m.yaml:60:17: error[choice-unknown] features.discovery.support.azure.cells.plan:"
        " unknown value for column 'plan': 'fre' (did you mean 'free'?);"
        " expected one of 'free', 'paid'",
        "m.yaml:86:3: warning[unused-section] sections.proxy:"
        " section 'proxy' is defined but never cited",
    ]


def test_load_and_schema_errors_are_reported_together() -> None:
    text = vary("linux: ga", "linux: ga\nlinux: preview")
    text = vary("multi: true", 'multi: "yes"', text)
    text = vary("type: state", "type: stat", text)
    assert lines(text) == [
        "m.yaml:60:11: error[yaml-duplicate-key] features.discovery.support.azure.cells.linux:"
        " duplicate key 'linux' (first defined at line 59)",
        "m.yaml:13:11: error[schema-enum] columns.linux.type: expected one of 'feature',"
        " 'domain', 'state', 'choice', 'text', 'version', found 'stat' (did you mean 'state'?)",
        "m.yaml:26:12: error[schema-type] columns.resources.multi:"
        " expected true or false, found 'yes'",
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
# Valid data that later stages cannot handle must be caught by the checks
# --------------------------------------------------------------------------------------------


def _generate_errors(tmp_path: Path, text: str) -> list[str]:
    """Every diagnostic line `generate` reports (file path made relative); it must raise
    DataError, not crash in a later stage."""
    write(tmp_path, "m.yaml", text)
    with pytest.raises(DataError) as caught:
        pipeline.generate(pipeline.Options(TODAY, (tmp_path,), TEMPLATES, history=False))
    return [str(d).removeprefix(f"{tmp_path}/") for d in caught.value.diagnostics]


def test_features_block_on_the_index_page_is_reported(tmp_path: Path) -> None:
    """It would reach generator/views/blocks.py, which has no feature table for the index."""
    text = vary("title: Demo matrix", "title: Demo matrix\nindex:\n  blocks:\n    - features: true")
    expected = [
        "m.yaml:6:7: error[block-features-index] index.blocks[0]: the index page has no feature"
        " table of its own (it shows the overview grid); expected '{environments: true}' or"
        " another block"
    ]
    assert lines(text) == expected
    assert _generate_errors(tmp_path, text) == expected


def test_link_to_a_reference_no_page_shows_is_reported(tmp_path: Path) -> None:
    """The support entry links to 'k8s', but no block shows it: nothing to link to."""
    text = vary("- reference: k8s\n      - section", "- section")
    expected = [
        "m.yaml:55:24: error[ref-unplaced-reference]"
        " features.discovery.support.azure.references[0].reference: reference 'k8s' is on no"
        " page, so there is nothing to link to; expected a '{reference: ...}' block on some page"
    ]
    assert lines(text) == expected
    assert _generate_errors(tmp_path, text) == expected


def test_link_to_a_reference_shown_on_the_index_page_is_accepted(tmp_path: Path) -> None:
    """A reference block on the index page places it as well as one on an environment page."""
    text = vary("- reference: k8s\n      - section", "- section")
    text = vary(
        "title: Demo matrix", "title: Demo matrix\nindex:\n  blocks:\n    - reference: k8s", text
    )
    assert lines(text) == []
    write(tmp_path, "m.yaml", text)
    assert (
        pipeline.generate(
            pipeline.Options(TODAY, (tmp_path,), TEMPLATES, history=False)
        ).diagnostics
        == ()
    )
