"""The references check (`generator.checks.references`): each reference group's footnotes,
list and list items exist, and so does each section's list (ref-unknown-footnote,
ref-unknown-list, ref-unknown-list-item)."""

from __future__ import annotations

from generator.checks import references
from tests.checks.helpers import VALID_DOCUMENTS, check_lines, lines, vary


@VALID_DOCUMENTS
def test_valid_matrix_gives_nothing(text: str) -> None:
    assert check_lines(references, text) == []


def test_ref_unknown_footnote_in_reference_group() -> None:
    text = vary("footnotes: [tested]\n            list", "footnotes: [testd]\nlist")
    assert lines(text) == [
        "m.yaml:82:25: error[ref-unknown-footnote]"
        " references.k8s.rows[0].groups[0].footnotes[0]: unknown footnote 'testd'"
        " (did you mean 'tested'?); expected one of 'tested'"
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


def test_list_items_of_an_unknown_list_are_not_looked_up() -> None:
    """Only the list is reported: its items have nothing to be looked up in."""
    text = vary("list: distros\n            items: [aks]", "list: distro\nitems: [gke]")
    assert lines(text) == [
        "m.yaml:83:19: error[ref-unknown-list] references.k8s.rows[0].groups[0].list:"
        " unknown list 'distro' (did you mean 'distros'?); expected one of 'distros'"
    ]
