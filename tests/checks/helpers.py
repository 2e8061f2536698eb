"""What the check tests share: the base document, ways to change it, and ways to run it.

Each test starts from `matrix()`, a small valid document that uses every kind of thing once
(each column type but `version`, a domain label per environment, a footnote, a callout, a list,
a reference and a section, all cited), changes one thing, and compares the full
`FILE:LINE:COL: level[code] path: message` lines. Line numbers refer to the document as
`matrix()` returns it; `vary()` keeps every other line where it was unless the change adds or
removes lines. Other test modules build on `matrix()` and its line numbers: change it only with
all of them.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from generator import pipeline
from generator.checks import Context
from generator.diagnostics import Diagnostic
from generator.errors import DataError
from generator.load import load_text
from generator.validate import validate

TODAY = date(2025, 1, 1)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


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


def bare() -> str:
    """A valid matrix with only the keys the schema requires."""
    return textwrap.dedent(
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


# Each check's file starts with `@VALID_DOCUMENTS def test_valid_matrix_gives_nothing(text)`:
# the check alone reports nothing on either valid document.
VALID_DOCUMENTS = pytest.mark.parametrize("text", [matrix(), bare()], ids=["matrix", "bare"])


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


def with_version(value: str = "'1.28'", text: str | None = None) -> str:
    """`matrix()` with a version column 'kube' (lines 30-32), shown on 'azure', whose cell
    there (line 65) is `value` as written in YAML."""
    text = matrix() if text is None else text
    assert text.count("\ndomains:\n") == 1
    text = text.replace(
        "\ndomains:\n", "\n  kube:\n    header: Kubernetes\n    type: version\ndomains:\n"
    )
    text = vary("plan, resources]", "plan, resources, kube]", text)
    return vary("resources: [aks]", f"resources: [aks]\nkube: {value}", text)


def diagnose(text: str, today: date = TODAY) -> list[Diagnostic]:
    """What loading and validating `text` (as the file `m.yaml`) reports, in order."""
    loaded, diags = load_text(text, "m.yaml")
    if loaded is not None:
        diags += validate(loaded, today=today)
    return diags


def lines(text: str, today: date = TODAY) -> list[str]:
    return [str(d) for d in diagnose(text, today)]


def check_lines(check: ModuleType, text: str, today: date = TODAY) -> list[str]:
    """What one check alone reports on `text`, which must load without a diagnostic."""
    loaded, diags = load_text(text, "m.yaml")
    assert loaded is not None
    assert diags == []
    return [str(d) for d in check.run(Context(loaded, today))]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def generate(tmp_path: Path, text: str) -> pipeline.Generated:
    """The pages of `text`, written to `tmp_path` as `m.yaml` and generated from there."""
    write(tmp_path, "m.yaml", text)
    return pipeline.generate(pipeline.Options(TODAY, (tmp_path,), TEMPLATES, history=False))


def generate_errors(tmp_path: Path, text: str) -> list[str]:
    """Every diagnostic line `generate` reports (file path made relative); it must raise
    DataError, not crash in a later stage."""
    with pytest.raises(DataError) as caught:
        generate(tmp_path, text)
    return [str(d).removeprefix(f"{tmp_path}/") for d in caught.value.diagnostics]
