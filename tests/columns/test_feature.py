"""The `feature` kind (`generator.columns.feature`): the row's header, derived from the feature
(its name as the environment calls it, linked to its page, its documentation link, footnote
markers and links to the reference tables it cites); it takes no cell values."""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.feature import KIND
from generator.views.base import CellView
from tests.columns.helpers import hostile, model, page, row_cell, row_text, vary, with_version


def test_registered() -> None:
    assert KINDS["feature"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (True, False, False)


def test_row_cell_on_an_environment_page() -> None:
    assert row_cell(KIND, model(), "feature") == CellView(
        Markup(
            '<a href="../features/discovery/">Discovery</a>'
            '<sup class="ms-fnref" id="fnref-tested-1"><a href="#fn-tested">1</a></sup>'
            ' <a class="ms-ref" href="#ref-k8s">distributions</a>'
        ),
        "Discovery",
        is_header=True,
    )


def test_row_cell_links_are_relative_to_the_page() -> None:
    matrix = model()
    here = page(matrix).at("demo/features/discovery/index.md")
    here.placed["k8s"] = "demo/reference/index.md"
    assert row_cell(KIND, matrix, "feature", here).html == Markup(
        '<a href="./">Discovery</a>'
        '<sup class="ms-fnref" id="fnref-tested-1"><a href="#fn-tested">1</a></sup>'
        ' <a class="ms-ref" href="../../reference/#ref-k8s">distributions</a>'
    )


def test_the_name_an_environment_uses() -> None:
    text = vary(
        "footnotes: [tested]\n        references",
        "name: Discovery on Azure\nfootnotes: [tested]\nreferences",
        with_version(),
    )
    matrix = model(text)
    cell = row_cell(KIND, matrix, "feature")
    assert cell.html.startswith(Markup('<a href="../features/discovery/">Discovery on Azure</a>'))
    assert cell.text == "Discovery on Azure"
    assert row_text(KIND, matrix, "feature") == "Discovery on Azure"


def test_name_and_documentation_link_are_html_escaped() -> None:
    name = "Discovery &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;co&#34;"
    cell = row_cell(KIND, hostile(), "feature")
    assert cell.html == Markup(
        f'<a href="../features/discovery/">{name}</a>'
        ' <a class="ms-doc" href="https://docs.example/?a=1&amp;b=2" title="Documentation"'
        f' aria-label="Documentation for {name}">&#8599;</a>'
        '<sup class="ms-fnref" id="fnref-tested-1"><a href="#fn-tested">1</a></sup>'
        ' <a class="ms-ref" href="#ref-k8s">distributions</a>'
    )
    assert cell.text == 'Discovery <script>alert(1)</script> & "co"'


def test_nothing_to_import_or_compare_as_a_value() -> None:
    assert KIND.parse("Discovery") is None
