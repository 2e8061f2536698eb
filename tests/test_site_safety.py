"""The folders the tool writes (issue 13): no write through a symbolic link, one line for every
file-system failure, hand-added files in `site/` kept, an atomic swap, stale temporaries
cleaned, and Ctrl-C ending in one line and exit status 130.

`write_docs`, `write_nav` and `build_site` are called directly (with a minimal MkDocs project
for the site); a few checks run `python -m generator` on a copy of the project.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

import generator.__main__ as entry
from generator import site, swap
from generator.errors import MatrixError, SiteError
from tests.conftest import ROOT, copy_project, run_generator

PAGES = {"index.md": "# Home\n", "m/env/index.md": "# Env\n", "m/feature.md": "# Feature\n"}


def error(run: Callable[[], object]) -> str:
    """The one-line message of the MatrixError that `run` raises."""
    with pytest.raises(MatrixError) as raised:
        run()
    message = str(raised.value)
    assert "\n" not in message
    return message


def files(folder: Path) -> dict[str, bytes]:
    """Every file and link under `folder` -> its content (a link -> its target)."""
    out: dict[str, bytes] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = b"-> " + os.fsencode(os.readlink(path))
            elif path.is_file():
                out[rel] = path.read_bytes()
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if re.match(r"\..*\.(tmp|old)(-\d+)?$", p.name)
    )


# --------------------------------------------------------------------------------------------
# Generated pages: write_docs, write_nav
# --------------------------------------------------------------------------------------------


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "build" / "docs"
    site.write_docs(PAGES, folder)
    return folder


def test_write_docs_writes_the_pages_and_removes_stale_ones(docs: Path) -> None:
    assert files(docs) == {
        site.MARKER: site.DOCS_MARKER_TEXT.encode(),
        "index.md": b"# Home\n",
        "m/env/index.md": b"# Env\n",
        "m/feature.md": b"# Feature\n",
    }
    changed = site.write_docs({"index.md": "# Home\n", "m/feature.md/index.md": "# F\n"}, docs)
    assert changed == ["m/feature.md/index.md", "m/env/index.md"]
    assert sorted(files(docs)) == [site.MARKER, "index.md", "m/feature.md/index.md"]


def test_a_link_to_a_folder_elsewhere_in_the_docs_folder_is_refused(
    docs: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n", encoding="utf-8")
    shutil.rmtree(docs / "m")
    (docs / "m").symlink_to(elsewhere)

    assert error(lambda: site.write_docs(PAGES, docs)) == (
        f"{docs / 'm'}: error[docs-dir-symlink] expected a real file or folder, found a symbolic"
        f" link (to {elsewhere}); refusing to write generated pages through it: remove the link"
    )
    assert files(elsewhere) == {"keep.txt": b"mine\n"}


def test_a_link_to_a_file_in_the_docs_folder_is_refused(docs: Path, tmp_path: Path) -> None:
    outside = tmp_path / "passwd"
    outside.write_text("root\n", encoding="utf-8")
    (docs / "index.md").unlink()
    (docs / "index.md").symlink_to(outside)

    message = error(lambda: site.write_docs(PAGES, docs))
    assert message.startswith(f"{docs / 'index.md'}: error[docs-dir-symlink] expected a real")
    assert outside.read_text(encoding="utf-8") == "root\n"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_docs_folder_that_is_a_link_is_refused(tmp_path: Path, dangling: bool) -> None:
    target = tmp_path / "target"
    if not dangling:
        target.mkdir()
    link = tmp_path / "docs"
    link.symlink_to(target)

    assert error(lambda: site.write_docs(PAGES, link)) == (
        f"{link}: error[docs-dir-symlink] expected a real folder, found a symbolic link"
        f" (to {target}); refusing to write generated pages through it: remove the link or"
        " choose another --docs-dir"
    )
    assert (not target.exists()) if dangling else files(target) == {}


def test_a_docs_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "docs"
    path.write_text("not a folder\n", encoding="utf-8")
    assert error(lambda: site.write_docs(PAGES, path)) == (
        f"{path}: error[docs-dir-not-a-folder] expected a folder for the generated pages, found"
        " a file; remove it or point --docs-dir elsewhere"
    )


@pytest.mark.parametrize("page", ["../escape.md", "/etc/escape.md", "a/../../escape.md", "a\n.md"])
def test_a_page_path_outside_the_docs_folder_is_refused(tmp_path: Path, page: str) -> None:
    docs = tmp_path / "docs"
    assert error(lambda: site.write_docs({page: "x"}, docs)) == (
        f"{docs}: error[docs-path-unsafe] expected a page path inside the folder, found {page!r}"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["docs", site.MARKER])


def _failing(code: int) -> Callable[..., Any]:
    def fail(*args: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
def test_write_failures_are_one_line(
    docs: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    monkeypatch.setattr(os, "write", _failing(code))
    pages = {**PAGES, "m/env/index.md": "# Changed\n"}
    assert error(lambda: site.write_docs(pages, docs)) == (
        f"{docs / 'm/env/index.md'}: error[docs-dir-unwritable] cannot write the generated"
        f" pages: {reason}"
    )
    monkeypatch.undo()
    assert leftovers(docs) == []
    assert (docs / "m/env/index.md").read_text(encoding="utf-8") == "# Env\n"


def test_a_folder_that_cannot_be_made_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "mkdir", _failing(errno.EACCES))
    assert error(lambda: site.write_docs(PAGES, tmp_path / "docs")) == (
        f"{tmp_path / 'docs'}: error[docs-dir-unwritable] cannot write the generated pages:"
        " Permission denied"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_docs_folder_is_one_line(docs: Path) -> None:
    (docs / "m" / "env").chmod(0o555)
    try:
        message = error(lambda: site.write_docs({**PAGES, "m/env/index.md": "# New\n"}, docs))
    finally:
        (docs / "m" / "env").chmod(0o755)
    assert message.endswith(": Permission denied")


def test_write_nav_refuses_a_link_and_reports_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nav = tmp_path / "build" / "nav.yml"
    assert site.write_nav([{"Home": "index.md"}], nav)
    assert not site.write_nav([{"Home": "index.md"}], nav)
    mine = tmp_path / "mine.yml"
    mine.write_text("mine\n", encoding="utf-8")
    nav.unlink()
    nav.symlink_to(mine)
    assert error(lambda: site.write_nav([], nav)) == (
        f"{nav}: error[nav-file-symlink] expected a real file, found a symbolic link (to {mine});"
        " refusing to write the navigation through it: remove the link or choose another"
        " --nav-file"
    )
    assert mine.read_text(encoding="utf-8") == "mine\n"
    nav.unlink()
    monkeypatch.setattr(os, "write", _failing(errno.ENOSPC))
    assert error(lambda: site.write_nav([], nav)) == (
        f"{nav}: error[nav-file-unwritable] cannot write the navigation: No space left on device"
    )


# --------------------------------------------------------------------------------------------
# The site: build_site
# --------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A minimal MkDocs project (built in a quarter of a second), as the working folder."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(project: Path) -> None:
    site.build_site(project / "mkdocs.yml", Path("site"), strict=True, matrices=())


def test_hand_added_entries_survive_a_rebuild(project: Path) -> None:
    build(project)
    built = files(project / "site")
    added = {
        "CNAME": b"docs.example.org\n",
        ".nojekyll": b"",
        "downloads/tool.zip": b"zip",
        "robots.txt": b"User-agent: *\n",
    }
    for name, data in added.items():
        (project / "site" / name).parent.mkdir(exist_ok=True)
        (project / "site" / name).write_bytes(data)
    (project / "site" / "latest").symlink_to("downloads/tool.zip")
    (project / "docs" / "other.md").unlink()

    build(project)

    after = files(project / "site")
    assert {name: after[name] for name in [*added, "latest"]} == {
        **added,
        "latest": b"-> downloads/tool.zip",
    }
    assert "other/index.html" in built
    assert "other/index.html" not in after  # what the build wrote is replaced
    assert leftovers(project) == []


def test_a_site_in_a_folder_that_does_not_exist_yet(project: Path) -> None:
    site.build_site(project / "mkdocs.yml", Path("out/site"), strict=True, matrices=())
    assert (project / "out" / "site" / "index.html").is_file()
    assert leftovers(project) == []


def test_a_site_from_before_the_list_keeps_cname_and_nojekyll(project: Path) -> None:
    build(project)
    (project / "site" / site.MARKER).write_text("Built by python -m generator build.\n")
    for name in ("CNAME", ".nojekyll", "old-page.html"):
        (project / "site" / name).write_text(name)
    build(project)
    names = set(os.listdir(project / "site"))
    assert {"CNAME", ".nojekyll"} <= names
    assert "old-page.html" not in names  # unknown: it may be a page of an older build


@pytest.mark.parametrize("dangling", [False, True])
def test_a_site_that_is_a_link_is_refused(project: Path, dangling: bool) -> None:
    target = project / "elsewhere"
    if not dangling:
        target.mkdir()
        (target / "index.html").write_text("mine")
    (project / "site").symlink_to(target)

    assert error(lambda: build(project)) == (
        f"{project / 'site'}: error[site-dir-symlink] expected a real folder, found a symbolic"
        f" link (to {target}); refusing to write the built site through it: remove the link or"
        " choose another --site-dir"
    )
    assert (not target.exists()) if dangling else files(target) == {"index.html": b"mine"}
    assert leftovers(project) == []


def test_a_site_that_is_a_file_is_refused(project: Path) -> None:
    (project / "site").write_text("a file\n")
    assert error(lambda: build(project)) == (
        f"{project / 'site'}: error[site-dir-not-a-folder] expected a folder for the built site,"
        " found a file; remove it or choose another --site-dir"
    )


def test_a_folder_with_a_sitemap_but_no_marker_is_not_replaced(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "sitemap.xml").write_text("<urlset/>")
    (project / "site" / "notes.html").write_text("mine")
    before = files(project / "site")
    assert error(lambda: build(project)) == (
        f"{project / 'site'}: error[site-dir-foreign] refusing to replace a folder that is not a"
        " built site; remove it or choose another --site-dir"
    )
    assert files(project / "site") == before


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def test_stale_temporaries_of_dead_processes_are_removed(project: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    for name in (f".site.tmp-{dead}", f".site.old-{dead}", f".site.tmp-{alive}"):
        (project / name).mkdir()
        (project / name / "index.html").write_text("partial")
    (project / ".site.tmp-x").mkdir()
    build(project)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == sorted(
        [".site.tmp-x", f".site.tmp-{alive}"]
    )
    assert files(project / "site")["index.html"] != b"partial"


def test_a_site_left_aside_between_two_renames_is_put_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where paths cannot be exchanged in one step, a build killed between its two renames
    leaves no site/; the next one puts the old site back first (and keeps its CNAME)."""
    build(project)
    (project / "site" / "CNAME").write_text("docs.example.org\n")
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    renames: list[tuple[str, str]] = []
    real_rename = os.rename

    def killed_after_the_first_rename(src: Any, dst: Any) -> None:
        renames.append((Path(src).name, Path(dst).name))
        if len(renames) == 2:
            raise KeyboardInterrupt
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", killed_after_the_first_rename)
    with pytest.raises(KeyboardInterrupt):
        build(project)
    monkeypatch.setattr(os, "rename", real_rename)
    pid = os.getpid()
    assert renames == [("site", f".site.old-{pid}"), (f".site.tmp-{pid}", "site")]
    assert not (project / "site").exists()

    build(project)
    assert (project / "site" / "CNAME").read_text() == "docs.example.org\n"
    assert leftovers(project) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_swap_is_one_exchange(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No moment without a complete site/: the new one is swapped in by one exchange of the two
    paths, never by a rename that would leave site/ missing."""
    build(project)
    old = (project / "site").stat().st_ino

    def no_rename(src: Any, dst: Any) -> None:
        raise AssertionError(f"rename {src} -> {dst}")

    monkeypatch.setattr(os, "rename", no_rename)
    build(project)
    assert (project / "site").stat().st_ino != old
    assert (project / "site" / "index.html").is_file()
    assert leftovers(project) == []


def test_a_failed_build_leaves_the_old_site_and_no_temporary(project: Path) -> None:
    build(project)
    before = files(project / "site")
    (project / "mkdocs.yml").write_text("site_name: t\nnav: [missing.md]\n")
    with pytest.raises(SiteError):
        build(project)
    (project / "mkdocs.yml").write_text("site_name: t\n")
    os.mkfifo(project / "site" / "pipe")
    pipe = project / "site" / "pipe"
    assert error(lambda: build(project)) == (
        f"{pipe}: error[site-dir-keep] cannot keep this hand-added entry: `{pipe}` is a named pipe"
    )
    assert files(project / "site") == before
    assert leftovers(project) == []


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------


def test_a_cname_survives_a_rebuild_and_links_in_docs_are_refused(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    assert run_generator("build", "--no-history", cwd=project).returncode == 0
    (project / "site" / "CNAME").write_text("docs.example.org\n")
    assert run_generator("build", "--no-history", cwd=project).returncode == 0
    assert (project / "site" / "CNAME").read_text() == "docs.example.org\n"

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run_generator("generate", "--no-history", cwd=project).returncode == 0
    (project / "build/docs/index.md").unlink()
    (project / "build/docs/index.md").symlink_to(elsewhere / "index.md")
    for command in ("generate", "build"):  # `build` claims the folder, even with no page to write
        result = run_generator(command, "--no-history", cwd=project)
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stderr.splitlines()[-1] == (
            "build/docs/index.md: error[docs-dir-symlink] expected a real file or folder, found a"
            f" symbolic link (to {elsewhere / 'index.md'}); refusing to write generated pages"
            " through it: remove the link"
        )
    assert list(elsewhere.iterdir()) == []
    assert (project / "site" / "CNAME").read_text() == "docs.example.org\n"


HOOK = """
import pathlib, time

def on_post_build(config):
    pathlib.Path("built").touch()
    time.sleep(120)  # until the test's Ctrl-C
"""


def test_ctrl_c_during_a_build_is_one_line_and_exit_130(tmp_path: Path) -> None:
    """Interrupted once MkDocs has written the whole temporary site, before the swap."""
    project = copy_project(tmp_path)
    assert run_generator("build", "--no-history", cwd=project).returncode == 0
    before = files(project / "site")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hook.py\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--no-history"],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not (project / "built").exists() and process.poll() is None:
        assert time.monotonic() < deadline, "the build never reached its end"
        time.sleep(0.01)
    assert (project / f".site.tmp-{process.pid}" / "index.html").is_file()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "interrupted"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
    assert files(project / "site") == before


@pytest.mark.parametrize("raised", ["Interrupted", "KeyboardInterrupt", "Abort"])
def test_main_turns_an_interrupt_into_one_line_and_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], raised: str
) -> None:
    """Ours (the first Ctrl-C), a second Ctrl-C, and click's Abort made from one."""

    def interrupted(**kwargs: object) -> None:
        if raised == "Abort":
            raise click.Abort from KeyboardInterrupt()
        raise entry.Interrupted if raised == "Interrupted" else KeyboardInterrupt

    monkeypatch.setattr("generator.cli.main.main", interrupted)
    handler = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exited:
            entry.main()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, handler)
    assert exited.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_main_keeps_click_exit_codes(tmp_path: Path) -> None:
    unknown = run_generator(
        "no-such-command", cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == "Error: No such command 'no-such-command'."
    helped = run_generator("--help", cwd=tmp_path)
    assert (helped.returncode, helped.stdout.splitlines()[0]) == (
        0,
        "Usage: python -m generator [OPTIONS] COMMAND [ARGS]...",
    )


def test_the_console_script_runs_the_same_wrapper() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        scripts = tomllib.load(handle)["project"]["scripts"]
    assert scripts == {"support-matrix": "generator.__main__:main"}


def test_build_writes_the_pages_to_disk_only_when_mkdocs_reads_them(tmp_path: Path) -> None:
    """With the plugin, `build` hands the pages over in memory and leaves build/docs/ empty of
    pages (an earlier `generate`'s are removed: no engine reads stale pages); without it, MkDocs
    reads them from build/docs/, so `build` writes them there."""
    project = copy_project(tmp_path)
    docs = project / "build" / "docs"
    assert run_generator("generate", "--no-history", cwd=project).returncode == 0
    written = _files(docs)
    assert any(p.suffix == ".md" for p in written)

    result = run_generator("build", "--no-history", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "handed to MkDocs in memory (support-matrix plugin)" in result.stderr
    assert _files(docs) == []
    assert (docs / site.MARKER).is_file()
    with_plugin = sorted(
        p.relative_to(project / "site") for p in (project / "site").rglob("*.html")
    )

    plain = "INHERIT: mkdocs.yml\nplugins:\n  - search\n"
    (project / "plain.yml").write_text(plain, encoding="utf-8")
    result = run_generator("build", "--no-history", "-f", "plain.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{len(written)} changed, in build/docs/" in result.stderr
    assert _files(docs) == written
    without = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.html"))
    assert without == with_plugin


def _files(folder: Path) -> list[Path]:
    """The generated files in `folder` (its marker aside)."""
    found = (p for p in folder.rglob("*") if p.is_file() and p.name != site.MARKER)
    return sorted(p.relative_to(folder) for p in found)
