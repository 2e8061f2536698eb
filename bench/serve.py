"""`mkdocs serve` on the seed: seconds from a data edit to the edited text on the served page,
and the rebuilds (and log lines) that one edit causes.

A scratch copy of the project (bench/out/serve/project, the project's own mkdocs.yml with the
`support-matrix` plugin) is served with `mkdocs serve --livereload` on a free local port, as
`make serve` does. Each edit appends a word to the name of a feature the page lists, writes the
file in place as an editor does, and polls the page until the word is there. The serve log is
then left until it has been quiet for a while, and the `Building documentation...` lines (one
per rebuild, MkDocs' INFO level) written since the edit are counted. Last, an invalid edit (an
unknown release state) must bring the error banner over the last good page. The server is
stopped with Ctrl-C (SIGINT), as a person stops it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import synth
from bench.runner import OUT, SNAPSHOT, BuildFailed, Limits, child_env, run

ENV = "aws"
REBUILD = "Building documentation..."
BANNER = "The data has errors"
POLL = 0.02  # seconds between two requests for the page
QUIET = 2.0  # a rebuild's log is over once it has been quiet this long (MkDocs polls at 0.5 s)
STARTUP_TIMEOUT = 300.0
EDIT_TIMEOUT = 60.0
# Bypass any proxy in the environment: the server is local.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(slots=True)
class Served:
    page: str
    startup_s: float = 0.0
    edit_s: list[float] = field(default_factory=list)  # edit -> text on the page
    rebuilds: list[int] = field(default_factory=list)  # per edit
    log_lines: list[int] = field(default_factory=list)  # per edit
    # MkDocs' "Documentation built in N seconds" per edit (None: the rebuild did not say)
    build_s: list[float | None] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)  # the server's CPU time, per edit
    banner_s: float | None = None  # invalid edit -> error banner (None: never shown)
    log: str = ""


def measure(edits: int, limits: Limits) -> Served:
    project = OUT / "serve" / "project"
    data_file = synth.write_project(project, None, "containers", SNAPSHOT)
    # mkdocs.yml inherits build/nav.yml, which `make serve` writes first too.
    run([sys.executable, "-m", "generator", "generate"], project, limits)
    feature = editable_feature(data_file.read_text(encoding="utf-8"))
    log_path = project.parent / "serve.log"
    port = _free_port()
    served = Served(f"http://127.0.0.1:{port}/{Path(data_file.stem)}/{ENV}/", log=str(log_path))
    print(f"serving the seed ({served.page}), {edits} edit(s) of '{feature}' ...", flush=True)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    with log_path.open("w", encoding="utf-8") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=log, stderr=log)
        try:
            _wait_for(served.page, None, proc, STARTUP_TIMEOUT)
            served.startup_s = time.perf_counter() - started
            for n in range(1, edits + 1):
                _edit(served, proc, data_file, feature, f"Benchedit{n}", log_path)
            served.banner_s = _invalid_edit(served, proc, data_file)
        finally:
            _stop(proc)
    return served


def editable_feature(text: str) -> str:
    """A feature the environment page lists under the feature's own name."""
    data: dict[str, Any] = yaml.safe_load(text)
    for fid, feature in data["features"].items():
        support = feature.get("support", {}).get(ENV)
        if support is not None and "name" not in support:
            return str(fid)
    raise BuildFailed(f"no feature of the seed is listed on '{ENV}' under its own name")


def rename(text: str, feature: str, word: str) -> str:
    """`text` with `word` appended to the name of `feature` (inside its quotes, if any)."""
    line = re.compile(
        rf"^(  {re.escape(feature)}:\n(?:    .*\n|\s*\n)*?    name:[ \t]*)(.+?)(['\"]?)[ \t]*$",
        re.MULTILINE,
    )
    edited, count = line.subn(lambda m: f"{m.group(1)}{m.group(2)} {word}{m.group(3)}", text, 1)
    if count != 1:
        raise BuildFailed(f"found no `name:` line for feature '{feature}'")
    return edited


def _edit(
    served: Served, proc: subprocess.Popen[bytes], data: Path, feature: str, word: str, log: Path
) -> None:
    before, cpu_before = len(_quiet_log(log)), _cpu(proc.pid)
    text = rename(data.read_text(encoding="utf-8"), feature, word)
    started = time.perf_counter()
    data.write_text(text, encoding="utf-8")
    _wait_for(served.page, word, proc, EDIT_TIMEOUT)
    served.edit_s.append(time.perf_counter() - started)
    tail = _quiet_log(log)[before:]
    served.cpu_s.append(_cpu(proc.pid) - cpu_before)
    served.rebuilds.append(tail.count(REBUILD))
    served.log_lines.append(len(tail.splitlines()))
    built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", tail)]
    served.build_s.append(sum(built) if built else None)


def _invalid_edit(served: Served, proc: subprocess.Popen[bytes], data: Path) -> float | None:
    text = data.read_text(encoding="utf-8")
    state = re.compile(r"^(\s+linux:[ \t]*)ga[ \t]*$", re.MULTILINE)
    invalid, count = state.subn(r"\1GA", text, count=1)
    if count != 1:
        return None
    started = time.perf_counter()
    data.write_text(invalid, encoding="utf-8")
    try:
        _wait_for(served.page, BANNER, proc, EDIT_TIMEOUT)
    except BuildFailed:
        return None
    return time.perf_counter() - started


def _wait_for(url: str, text: str | None, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll `url` until it answers (and holds `text`, when given)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise BuildFailed(f"mkdocs serve exited {proc.returncode}")
        try:
            with _OPENER.open(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
            if text is None or text in body:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL)
    raise BuildFailed(f"{url} did not show {text!r} within {timeout:.0f}s")


def _quiet_log(log: Path) -> str:
    """The log once nothing has been added to it for QUIET seconds."""
    text, since = log.read_text(encoding="utf-8"), time.perf_counter()
    while time.perf_counter() - since < QUIET:
        time.sleep(0.1)
        now = log.read_text(encoding="utf-8")
        if now != text:
            text, since = now, time.perf_counter()
    return text


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a person stops the server; harder only if it does not stop."""
    for stop, wait in ((signal.SIGINT, 15.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, None)):
        if proc.poll() is not None:
            return
        proc.send_signal(stop)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def _cpu(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
