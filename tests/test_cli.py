"""`python -m generator` as a user runs it, in scratch copies of the project.

Corrupted data must give one compiler-style line per problem, a count, exit status 1 and never a
traceback; a failed build must leave the previous `site/` exactly as it was; no string from the
data may reach a built page as markup; the same data must build the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_project, run_generator

DATA = "data/containers.yaml"
FAILED = re.compile(r"\d+ errors?, \d+ warnings?; aborted")
CHECKED = re.compile(r"1 matrix checked, 0 errors, \d+ warnings?")


def corrupt(project: Path, old: str, new: str) -> int:
    """Replace the first `old` in the data file; the 1-based line where it started."""
    path = project / DATA
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {DATA}; pick another place to corrupt"
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, at) + 1


def stderr_lines(result: object) -> list[str]:
    return str(getattr(result, "stderr", "")).splitlines()


def assert_failed_cleanly(result: object) -> list[str]:
    """Exit 1, no traceback, and a count as the last line; returns stderr's lines."""
    returncode = getattr(result, "returncode", None)
    out, err = str(getattr(result, "stdout", "")), str(getattr(result, "stderr", ""))
    assert returncode == 1, err
    assert "Traceback" not in out + err, err
    lines = stderr_lines(result)
    assert lines, "nothing on stderr"
    assert FAILED.fullmatch(lines[-1]), lines[-1]
    return lines


def diagnostic(lines: list[str], line: int, code: str) -> str:
    """The one stderr line reporting `code` at `line` of the data file."""
    pattern = re.compile(rf"^data/containers\.yaml:{line}:\d+: error\[{re.escape(code)}\] ")
    found = [candidate for candidate in lines if pattern.match(candidate)]
    assert len(found) == 1, f"expected one {code} at line {line} in:\n" + "\n".join(lines)
    return found[0]


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) -> its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if re.match(r"\.site\.(tmp|old)-", p.name))


# --------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_check(built_project: Path) -> subprocess.CompletedProcess[str]:
    """`check` on the repository's data (it writes nothing, so the shared copy will do)."""
    return run_generator("check", cwd=built_project)


def test_check_on_the_real_data_passes(real_check: subprocess.CompletedProcess[str]) -> None:
    assert real_check.returncode == 0, real_check.stderr
    assert "Traceback" not in real_check.stdout + real_check.stderr
    lines = stderr_lines(real_check)
    assert CHECKED.fullmatch(lines[-1]), lines[-1]
    assert all(line.startswith("data/containers.yaml:") for line in lines[:-1]), lines


# (old, new, offset of the reported line from the line `old` starts on, code, message part)
CORRUPTIONS = {
    "tab-indentation": (
        "\n  ga: GA\n",
        "\n\tga: GA\n",
        1,
        "yaml-syntax",
        "found a tab character; expected spaces (YAML indents with spaces)",
    ),
    "unknown-release-state": (
        "linux: ga\n",
        "linux: Beta\n",
        0,
        "state-unknown",
        "unknown release state 'Beta'; expected one of 'ga', 'preview', 'unavailable'",
    ),
    "duplicate-key": (
        "    name: Agentless discovery for Kubernetes\n",
        "    name: Agentless discovery for Kubernetes\n    name: Agentless discovery\n",
        1,
        "yaml-duplicate-key",
        "duplicate key 'name' (first defined at line ",
    ),
    "dangling-footnote": (
        "footnotes: [cncf-tested-azure, arc-onboarding]",
        "footnotes: [cncf-tested-azur, arc-onboarding]",
        0,
        "ref-unknown-footnote",
        "unknown footnote 'cncf-tested-azur' (did you mean 'cncf-tested-azure'?);"
        " expected one of 'cncf-tested-azure', ",
    ),
    "wrong-type": (
        "    multi: true\n",
        '    multi: "yes"\n',
        0,
        "schema-type",
        "expected true or false, found 'yes'",
    ),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_check_reports_corrupted_data(tmp_path: Path, name: str) -> None:
    old, new, offset, code, message = CORRUPTIONS[name]
    project = copy_project(tmp_path)
    line = corrupt(project, old, new) + offset
    lines = assert_failed_cleanly(run_generator("check", cwd=project))
    assert message in diagnostic(lines, line, code)


def test_check_reports_several_corruptions_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    expected = []
    for name in ("duplicate-key", "unknown-release-state", "dangling-footnote"):
        old, new, offset, code, _ = CORRUPTIONS[name]
        expected.append((corrupt(project, old, new) + offset, code))
    line = corrupt(project, "sensor: agentless\n", "sensor: agentles\n")
    expected.append((line, "choice-unknown"))
    lines = assert_failed_cleanly(run_generator("check", cwd=project))
    for line, code in expected:
        diagnostic(lines, line, code)
    assert lines[-1].startswith("4 errors, "), lines[-1]


def test_check_reports_shape_errors_without_the_reference_errors_they_would_cause(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    old, new, _, _, _ = CORRUPTIONS["wrong-type"]
    line = corrupt(project, old, new)
    old, new, _, _, _ = CORRUPTIONS["unknown-release-state"]
    corrupt(project, old, new)
    lines = assert_failed_cleanly(run_generator("check", cwd=project))
    diagnostic(lines, line, "schema-type")
    assert lines[-1] == "1 error, 0 warnings; aborted"


def test_check_without_data_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    lines = assert_failed_cleanly(run_generator("check", "empty", cwd=tmp_path))
    assert lines == [
        "empty:1:1: error[no-data] no data files found; expected *.yaml files",
        "1 error, 0 warnings; aborted",
    ]


def test_check_a_missing_file(tmp_path: Path) -> None:
    lines = assert_failed_cleanly(run_generator("check", "nope.yaml", cwd=tmp_path))
    assert lines == [
        "nope.yaml:1:1: error[file-missing] no such file",
        "1 error, 0 warnings; aborted",
    ]


# --------------------------------------------------------------------------------------------
# --strict
# --------------------------------------------------------------------------------------------


def test_strict_turns_the_expired_callout_warning_into_failure(
    built_project: Path, real_check: subprocess.CompletedProcess[str]
) -> None:
    assert real_check.returncode == 0, real_check.stderr
    expired = [line for line in stderr_lines(real_check) if "warning[callout-expired]" in line]
    assert expired, "the data has no expired callout any more; the test needs one"

    strict = run_generator("check", "--strict", cwd=built_project)
    lines = assert_failed_cleanly(strict)
    assert expired[0] in lines
    assert lines[-1].startswith("0 errors, "), lines[-1]


def test_build_strict_fails_on_the_expired_callout_and_keeps_the_site(
    built_project: Path, tmp_path: Path
) -> None:
    project = shutil.copytree(built_project, tmp_path / "project")
    before = tree_hashes(project / "site")
    lines = assert_failed_cleanly(run_generator("build", "--strict", cwd=project))
    assert any("warning[callout-expired]" in line for line in lines), lines
    assert tree_hashes(project / "site") == before
    assert leftovers(project) == []


# --------------------------------------------------------------------------------------------
# build: a failed build leaves the last good site alone
# --------------------------------------------------------------------------------------------


@pytest.fixture
def built_copy(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the session's built project, safe to break."""
    return shutil.copytree(built_project, tmp_path / "project")


@pytest.mark.parametrize("name", ["tab-indentation", "dangling-footnote"])
def test_build_with_corrupted_data_keeps_the_previous_site(built_copy: Path, name: str) -> None:
    old, new, offset, code, _ = CORRUPTIONS[name]
    line = corrupt(built_copy, old, new) + offset
    site_before = tree_hashes(built_copy / "site")
    docs_before = tree_hashes(built_copy / "build")
    assert site_before, "the session build left no site"

    lines = assert_failed_cleanly(run_generator("build", cwd=built_copy))

    diagnostic(lines, line, code)
    assert tree_hashes(built_copy / "site") == site_before
    assert tree_hashes(built_copy / "build") == docs_before
    assert leftovers(built_copy) == []


def test_build_that_mkdocs_rejects_keeps_the_previous_site(built_copy: Path) -> None:
    """MkDocs fails after writing into its temporary folder: that folder goes, site/ stays."""
    # No data warnings, so --strict reaches MkDocs; a broken link makes MkDocs abort.
    corrupt(built_copy, '    deadline: "2024-03-06"\n', "")
    template = built_copy / "templates" / "page.md.j2"
    template.write_text(template.read_text() + "\n[broken](no-such-page.md)\n")
    site_before = tree_hashes(built_copy / "site")

    result = run_generator("build", "--strict", cwd=built_copy)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert stderr_lines(result)[-1].startswith(
        "mkdocs.yml: error[mkdocs] the site was not built: Aborted with "
    ), result.stderr
    assert tree_hashes(built_copy / "site") == site_before
    assert leftovers(built_copy) == []


def _break_template(project: Path, old: str, new: str) -> subprocess.CompletedProcess[str]:
    template = project / "templates" / "page.md.j2"
    text = template.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in page.md.j2"
    template.write_text(text.replace(old, new, 1), encoding="utf-8")
    return run_generator("generate", cwd=project)


def _assert_template_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    last = stderr_lines(result)[-1]
    pattern = rf"templates/page\.md\.j2:\d+: error\[template\] .*{name}.*"
    assert re.fullmatch(pattern, last), last


def test_misspelt_template_variable_is_one_line_naming_the_template(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = _break_template(project, "heading(page.h1)", "heading(page.titel)")
    _assert_template_error(result, "'titel'")


def test_misspelt_template_variable_in_a_filter_is_one_line(tmp_path: Path) -> None:
    """An undefined value given straight to a filter (`yaml_str`) is one template error line
    (`| e` in between would raise UndefinedError first and hide the case)."""
    project = copy_project(tmp_path)
    result = _break_template(project, "front_matter(page)", "page.titel | yaml_str")
    _assert_template_error(result, "")


def test_misspelt_template_variable_in_a_filter_names_the_variable(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = _break_template(project, "front_matter(page)", "page.titel | yaml_str")
    _assert_template_error(result, "'titel'")


# --------------------------------------------------------------------------------------------
# Folders the generator does not own
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["generate", "build"])
def test_refuses_a_docs_dir_holding_someone_elses_file(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path)
    mine = project / "userdocs" / "notes.md"
    mine.parent.mkdir()
    mine.write_text("# My notes\n")
    before = tree_hashes(mine.parent)

    result = run_generator(command, "--docs-dir", "userdocs", cwd=project)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert stderr_lines(result)[-1] == (
        "userdocs: error[docs-dir-foreign] refusing to write generated pages into a folder that"
        " holds files this tool did not write; point --docs-dir at an empty or generated folder"
    )
    assert tree_hashes(mine.parent) == before
    assert not (project / "site").exists()


def test_refuses_to_replace_a_site_dir_that_is_not_a_built_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    mine = project / "public" / "index.html"
    mine.parent.mkdir()
    mine.write_text("<p>hand-written</p>\n")
    before = tree_hashes(mine.parent)

    result = run_generator("build", "--site-dir", "public", cwd=project)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert stderr_lines(result)[-1] == (
        f"{(project / 'public').resolve()}: error[site-dir-foreign] refusing to replace a folder"
        " that is not a built site; remove it or choose another --site-dir"
    )
    assert tree_hashes(mine.parent) == before
    assert leftovers(project) == []


# --------------------------------------------------------------------------------------------
# Reproducible builds
# --------------------------------------------------------------------------------------------


def test_two_builds_of_the_same_data_are_byte_identical(
    built_project: Path, tmp_path: Path
) -> None:
    """A second copy, another path and another hash seed: every file of the site is the same."""
    project = copy_project(tmp_path)
    result = run_generator("build", cwd=project, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    for folder in ("site", "build"):
        first, second = tree_hashes(built_project / folder), tree_hashes(project / folder)
        assert sorted(first) == sorted(second), folder
        differ = sorted(name for name in first if first[name] != second[name])
        assert differ == [], f"{folder}/ files differ between two builds: {differ}"


# --------------------------------------------------------------------------------------------
# No string from the data reaches a page as markup
# --------------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# field -> (text in the data, the same text with the payload in it)
PAYLOADS = {
    "feature-name": (
        "    name: Agentless discovery for Kubernetes\n",
        "    name: xss-feature-name {} Agentless discovery for Kubernetes\n",
    ),
    "description-cell": (
        "      description: Provides zero footprint",
        "      description: xss-description-cell {} Provides zero footprint",
    ),
    "footnote": ("  cncf-tested: Any Cloud", "  cncf-tested: xss-footnote {} Any Cloud"),
    "callout-text": (
        "    text: For additional requirements",
        "    text: xss-callout-text {} For additional requirements",
    ),
    "list-item": ("      alpine: Alpine Linux", "      alpine: xss-list-item {} Alpine Linux"),
    "section-title": (
        "    title: Defender sensor limitations",
        "    title: xss-section-title {} Defender sensor limitations",
    ),
    "section-body": (
        "    body: The Defender sensor in AKS",
        "    body: xss-section-body {} The Defender sensor in AKS",
    ),
    "text-block": (
        "    - text: This article summarizes",
        "    - text: xss-text-block {} This article summarizes",
    ),
    "environment-name": (
        "    name: Arc-enabled Kubernetes\n",
        "    name: xss-environment-name {} Arc-enabled Kubernetes\n",
    ),
    "environment-title": (
        "    title: On-premises, Arc-enabled Kubernetes clusters",
        "    title: xss-environment-title {} On-premises, Arc-enabled Kubernetes clusters",
    ),
    "matrix-title": (
        "\ntitle: Containers support matrix in Defender for Cloud\n",
        "\ntitle: xss-matrix-title {} Containers support matrix in Defender for Cloud\n",
    ),
    "matrix-description": (
        "\ndescription: Review support requirements",
        "\ndescription: xss-matrix-description {} Review support requirements",
    ),
    "column-header": ("    header: Sensor\n", "    header: xss-column-header {} Sensor\n"),
    "choice-label": ("      agentless: Agentless\n", "      agentless: xss-choice-label {}\n"),
    "domain-name": (
        "    name: Security posture management\n",
        "    name: xss-domain-name {} Security posture management\n",
    ),
    "state-label": ("  preview: Preview\n", "  preview: xss-state-label {}\n"),
    "reference-aspect": (
        "      - aspect: Registries and images\n",
        "      - aspect: xss-reference-aspect {} Registries and images\n",
    ),
    "reference-label": (
        "          - label: Unsupported\n",
        "          - label: xss-reference-label {} Unsupported\n",
    ),
    "support-name": (
        "        name: Azure Policy for Kubernetes auto provisioning\n",
        "        name: xss-support-name {} Azure Policy for Kubernetes auto provisioning\n",
    ),
}


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Every page of a site built with the payload in each field: {path: html}."""
    project = copy_project(tmp_path_factory.mktemp("xss"))
    for old, new in PAYLOADS.values():
        corrupt(project, old, new.format(SCRIPT))
    result = run_generator("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    yield {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def test_no_page_holds_the_script_unescaped(xss_site: dict[str, str]) -> None:
    pages = [path for path, html in xss_site.items() if SCRIPT in html]
    assert pages == []


# Navigation titles (matrix title, environment, domain and feature names) and front matter (page
# title, description) are rendered by MkDocs' theme, which does not escape them: the generator
# escapes them before they get there.
@pytest.mark.parametrize("field", list(PAYLOADS))
def test_each_field_is_shown_escaped(xss_site: dict[str, str], field: str) -> None:
    raw, escaped = f"xss-{field} {SCRIPT}", f"xss-{field} {ESCAPED}"
    assert [path for path, html in xss_site.items() if raw in html] == []
    assert any(escaped in html for html in xss_site.values())


def test_no_field_is_escaped_twice(xss_site: dict[str, str]) -> None:
    twice = ESCAPED.replace("&", "&amp;")
    assert [path for path, html in xss_site.items() if twice in html] == []
