"""`make bench`, browser figure: the filter bar on a built page with a 10,000-row table, in
headless Chromium.

The page: a synthetic matrix with one environment and 100 features (names from a small
vocabulary, facet values spread over every column) goes through `python -m generator generate`
in a scratch project (bench/out/browser/). The environment page's table rows are then read back
as `RowData` (generator/views/rowdata.py), repeated until the table has `--rows` rows (ids and
the number in each name made unique) and written the way the generator writes a large table:
`rowdata.split` keeps the first rows in the HTML and puts every row in a JSON data island after
the table, with the note for readers without JavaScript. MkDocs then builds the site with the
project's own mkdocs.yml (less our plugin, which would generate the pages again from the data),
theme overrides, JS and CSS. The rows are repeated rather than
generated because a 10,000-feature matrix also gets 10,000 feature pages, which takes the
generator and MkDocs minutes (bench/run.py measures that) and is not what this figure is about.

Measured, in the page:
- keystroke -> updated table: from the keydown's event timestamp to the moment the filtered
  table's style and layout are computed (our input handler ran, then a forced layout), over
  `--keystrokes` keys: a query typed and erased again, so both narrowing and widening count.
  Median and p95 (nearest rank). Target: p95 <= 16 ms, one frame.
- the same to the next frame (requestAnimationFrame, then a task after it), which adds the
  wait for the display's next refresh;
- time to interactive: navigation start -> the filter bar is set up (the `ms-filter:ready`
  mark matrix-filter.js sets), median of `--loads` loads, with the set-up's own cost.
  Target: <= 2 s;
- gzipped size of matrix-filter.js + matrix-filter.css. Target: <= 10 KB.

Each figure is printed beside its target as a ratio (<= 1.0 meets it); figures also go to
bench/out/browser/results.json. Exit status 0 whatever the figures; 1 when the build fails or
Chromium is missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.views import rowdata
from generator.views.rowdata import RowData, row_text

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "browser"
ASSETS = ROOT / "site_overrides" / "assets"
OUR_FILES = ("matrix-filter.js", "matrix-filter.css")
PROJECT_PARTS = ("mkdocs.yml", "templates", "site_overrides")
SEED_FEATURES = 100
PAGE = "synthetic/bench/"
QUERY = "registry sensor policy 42"  # typed, then erased: 2 x 25 keystrokes by default
P95_TARGET_MS = 16.0
TTI_TARGET_MS = 2000.0
GZIP_TARGET = 10 * 1024
TABLE_ID = "bench-features"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORDS = [
    *("agentless", "registry", "runtime", "cluster", "sensor", "policy", "image", "node"),
    *("network", "secret", "admission", "drift", "malware", "posture", "inventory", "audit"),
]
RESOURCES = {"aks": "AKS", "acr": "ACR", "eks": "EKS", "ecr": "ECR", "gke": "GKE", "gar": "GAR"}
SENSORS = {"agentless": "Agentless", "sensor": "Defender sensor", "policy": "Azure Policy"}
PLANS = {"containers": "Defender for Containers", "cspm": "Defender CSPM", "free": "Free"}
STATES = ("ga", "ga", "preview", "unavailable")

# Installed in the page after set-up. matrix-filter.js registered its input listener first, so
# this one runs after it: the handler has filtered the rows when it starts.
PROBE = """() => {
  const input = document.querySelector(".ms-filter input[type=search]");
  let down = 0;
  window.__lat = [];
  input.addEventListener("keydown", (e) => { down = e.timeStamp; });
  input.addEventListener("input", () => {
    const handled = performance.now();
    void document.body.offsetHeight;  // style + layout of the updated table, now
    const laidOut = performance.now();
    requestAnimationFrame(() => setTimeout(() => {
      const rows = document.querySelectorAll(".ms-table tbody tr:not([style*=none])").length;
      window.__lat.push({handler: handled - down, layout: laidOut - down,
                         frame: performance.now() - down, rows});
    }));
  });
  input.focus();
}"""


VIEWPORT = {"width": 1280, "height": 900}
DCL = "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


class BenchError(Exception):
    pass


def synthetic_matrix(features: int = SEED_FEATURES) -> dict[str, Any]:
    """One environment, one table; each name ends in ROW<i>, replaced when rows are repeated."""
    columns: dict[str, Any] = {
        "feature": {"header": "Feature", "type": "feature"},
        "domain": {"header": "Domain", "type": "domain"},
        "resources": {
            "header": "Supported resources",
            "type": "choice",
            "multi": True,
            "values": RESOURCES,
        },
        "linux": {"header": "Linux release state", "type": "state"},
        "windows": {"header": "Windows release state", "type": "state"},
        "sensor": {"header": "Sensor", "type": "choice", "values": SENSORS},
        "plans": {"header": "Plans", "type": "choice", "values": PLANS},
    }
    res, sensors, plans = list(RESOURCES), list(SENSORS), list(PLANS)
    out: dict[str, Any] = {}
    for i in range(features):
        words = [WORDS[(i * 7 + k * 5) % len(WORDS)] for k in range(3)]
        cells = {
            "resources": sorted({res[i % 6], res[(i // 6) % 6]}),
            "linux": STATES[i % 4],
            "windows": STATES[(i // 4) % 4],
            "sensor": sensors[i % 3],
            "plans": plans[(i // 3) % 3],
        }
        out[f"f{i:03d}"] = {
            "name": f"{words[0].title()} {words[1]} {words[2]} ROW{i:03d}",
            "domain": f"d{i % 4}",
            "support": {"bench": {"cells": cells}},
        }
    return {
        "format": 1,
        "id": "synthetic",
        "title": "Synthetic matrix",
        "updated": "2024-01-01",
        "columns": columns,
        "domains": {f"d{k}": {"name": f"Domain {k}"} for k in range(4)},
        "environments": {
            "bench": {
                "name": "Benchmark",
                "group_by": "none",
                "columns": [
                    *("domain", "feature", "resources", "linux", "windows"),
                    "sensor",
                    "plans",
                ],
                "blocks": [{"features": True}],
            }
        },
        "features": out,
    }


def build_page(dest: Path, rows: int) -> Path:
    """The scratch project with its built site; returns the site folder."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    (dest / "data").mkdir()
    text = yaml.safe_dump(synthetic_matrix(), sort_keys=False, width=10_000)
    (dest / "data" / "synthetic.yaml").write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        "NO_MKDOCS_2_WARNING": "1",
    }
    _run([sys.executable, "-m", "generator", "generate"], dest, env)
    page = dest / "build" / "docs" / "synthetic" / "bench" / "index.md"
    text = page.read_text(encoding="utf-8")
    seeds = table_rows(text)
    if len(seeds) != SEED_FEATURES:
        raise BenchError(f"{page}: expected {SEED_FEATURES} table rows, found {len(seeds)}")
    page.write_text(with_rows(text, [repeat(seeds, n) for n in range(rows)]), encoding="utf-8")
    _without_our_plugin(dest / "mkdocs.yml")
    _run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], dest, env)
    return dest / "site"


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it gains `!ENV` or `!!python/name:` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _without_our_plugin(config_file: Path) -> None:
    """The scratch project's mkdocs.yml without the support-matrix plugin: that one generates
    the pages in memory, from the data, and would build the 100-row page instead of the one
    written here. The generated pages make the same site without it (README)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), _AnyTagLoader)
    plugins = config.get("plugins") or []
    config["plugins"] = [
        p for p in plugins if (next(iter(p)) if isinstance(p, dict) else p) != "support-matrix"
    ]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd[1:])} failed:\n{result.stderr}")


# --- a large table, written as the generator writes one ---------------------------------------

_ROW = re.compile(r"^<tr\b.*</tr>$", re.M)
_FIRST_ID = re.compile(r'^<tr id="[^"]*"')
_NAME = re.compile(r"ROW\d{3}")


class _Cells(HTMLParser):
    """Each cell of one <tr>: its data-value and its data-sort."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[str, str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th") and not self.depth:
            a = dict(attrs)
            self.cells.append((a.get("data-value") or "", a.get("data-sort") or ""))
        if tag in ("td", "th"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.depth -= 1


def row_data(tr: str) -> RowData:
    """A table row as `rowdata.split` takes it: its text as the generator gives it
    (`rowdata.row_text`: its cells' texts, one a line)."""
    parser = _Cells()
    parser.feed(tr)
    parser.close()
    cells = parser.cells
    return RowData(tr, row_text(tr), tuple(c[0] for c in cells), tuple(c[1] for c in cells))


def table_rows(page: str) -> list[RowData]:
    """The rows of the first table of a generated page (.md or .html)."""
    start = page.index("<tbody>")
    end = page.index("</tbody>", start)
    return [row_data(m.group()) for m in _ROW.finditer(page, start, end)]


def repeat(seeds: list[RowData], n: int) -> RowData:
    """Row `n` of a long table made of `seeds` over and over: a unique id; the number in the
    name ("ROW042") made `n`."""
    seed = seeds[n % len(seeds)]

    def unique(text: str) -> str:
        return _NAME.sub(str(n), text)

    html = _FIRST_ID.sub(f'<tr id="row-{n}"', unique(seed.html), count=1)
    return RowData(html, unique(seed.text), tuple(map(unique, seed.values)), seed.sort)


def with_rows(page: str, rows: list[RowData], table_id: str = TABLE_ID) -> str:
    """The page with its first table's rows replaced by `rows`, split as the generator does:
    the rows kept inline in the <tbody>; the data island and a note for readers without
    JavaScript right after the table's wrapper."""
    start = page.index("<tbody>") + len("<tbody>")
    end = page.index("</tbody>", start)
    after = page.index("</div>", end) + len("</div>")
    inline, island = rowdata.split(table_id, rows)
    note = ""
    if island:
        note = (
            f'<p class="{rowdata.NOTE_CLASS}">The first {len(inline):,} of {len(rows):,} rows '
            "are shown; the others need JavaScript.</p>"
        )
    return "\n".join(
        [page[:start], *inline, page[end:after], island, note, page[after:].lstrip("\n")]
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise BenchError("Chromium not found ($CHROMIUM, /usr/bin/chromium, `chromium` on PATH)")


def measure(site: Path, keystrokes: int, loads: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{PAGE}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            try:
                bare = browser.new_page(viewport=VIEWPORT)
                bare.route("**/matrix-filter.js", lambda route: route.abort())
                baseline = [_load(bare, url, ready=False)["dcl"] for _ in range(loads)]
                bare.close()
                page = browser.new_page(viewport=VIEWPORT)
                tti = [_load(page, url) for _ in range(loads)]
                samples = _type(page, keystrokes)
                version = browser.version
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    rows = int(samples[0]["total"])
    html = site / PAGE / "index.html"
    return {
        "chromium": version,
        "rows": rows,
        "page_bytes": html.stat().st_size,
        "keystrokes": len(samples),
        "layout_ms": _summary([s["layout"] for s in samples]),
        "handler_ms": _summary([s["handler"] for s in samples]),
        "frame_ms": _summary([s["frame"] for s in samples]),
        "samples": samples,
        "tti_ms": statistics.median(t["ready"] for t in tti),
        "dom_content_loaded_ms": statistics.median(t["dcl"] for t in tti),
        "init_ms": statistics.median(t["init"] for t in tti),
        "baseline_dom_content_loaded_ms": statistics.median(baseline),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "gzip_bytes": {name: _gzip_size(ASSETS / name) for name in OUR_FILES},
    }


def _load(page: Any, url: str, ready: bool = True) -> dict[str, float]:
    page.goto(url, wait_until="load")
    if not ready:  # our script blocked: the page's own cost
        return {"dcl": page.evaluate(DCL)}
    page.wait_for_function("() => performance.getEntriesByName('ms-filter:ready').length")
    return {
        "dcl": page.evaluate(DCL),
        "ready": page.evaluate(
            "() => performance.getEntriesByName('ms-filter:ready')[0].startTime"
        ),
        "init": page.evaluate("() => performance.getEntriesByName('ms-filter:init')[0].duration"),
    }


def _type(page: Any, keystrokes: int) -> list[dict[str, Any]]:
    # A reader looks before typing: let the page finish its idle-time work first.
    page.evaluate("() => new Promise((done) => requestIdleCallback(done, {timeout: 5000}))")
    page.evaluate(PROBE)
    # The table's rows, as its count says ("10,000 of 10,000 rows"): most are data, not <tr>s.
    total = page.evaluate(
        "() => +document.querySelector('.ms-filter__count').textContent"
        ".split(' of ')[1].split(' ')[0].replace(/,/g, '')"
    )
    keys = (list(QUERY) + ["Backspace"] * len(QUERY)) * math.ceil(keystrokes / (2 * len(QUERY)))
    for n, key in enumerate(keys[:keystrokes]):
        page.keyboard.press(key)
        page.wait_for_function("n => window.__lat.length > n", arg=n, polling=5)
    samples: list[dict[str, Any]] = page.evaluate("() => window.__lat")
    for key, s in zip(keys, samples, strict=False):
        s["key"] = key
        s["total"] = total
    return samples


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    nearest = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median": statistics.median(ordered), "p95": nearest, "max": ordered[-1]}


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def _against(value: float, target: float, unit: str, digits: int = 0) -> str:
    """A figure beside its target, as a ratio: <= 1.0 meets it."""
    ratio = value / target
    verdict = "ok" if ratio <= 1.0 else "MISSED"
    return f"[target <= {target:.{digits}f} {unit}: ratio {ratio:.2f}, {verdict}]"


def report(figures: dict[str, Any]) -> str:
    lay, han, fra = figures["layout_ms"], figures["handler_ms"], figures["frame_ms"]
    sizes = figures["gzip_bytes"]
    total = sum(sizes.values())
    parts = " + ".join(f"{name} {size / 1024:.1f} KB" for name, size in sizes.items())
    return "\n".join(
        [
            f"browser: {figures['rows']:,}-row table ({figures['page_bytes'] / 1e6:.1f} MB page), "
            f"headless Chromium {figures['chromium']} "
            f"({figures['cpus']} CPUs, load average {figures['load_average']:.1f})",
            f"  keystroke -> updated table ({figures['keystrokes']} keystrokes): p95 "
            f"{lay['p95']:.1f} ms {_against(lay['p95'], P95_TARGET_MS, 'ms')}; median "
            f"{lay['median']:.1f} ms, max {lay['max']:.1f} ms",
            f"    of which the filter handler: median {han['median']:.1f} ms, "
            f"p95 {han['p95']:.1f} ms",
            f"    to the next frame (adds the wait for the display refresh): median "
            f"{fra['median']:.1f} ms, p95 {fra['p95']:.1f} ms",
            f"  time to interactive: {figures['tti_ms']:.0f} ms "
            f"{_against(figures['tti_ms'], TTI_TARGET_MS, 'ms')}; DOMContentLoaded "
            f"{figures['dom_content_loaded_ms']:.0f} ms, filter set-up "
            f"{figures['init_ms']:.0f} ms; the page without matrix-filter.js: DOMContentLoaded "
            f"{figures['baseline_dom_content_loaded_ms']:.0f} ms",
            f"  JS+CSS gzipped: {total / 1024:.1f} KB "
            f"{_against(total / 1024, GZIP_TARGET / 1024, 'KB')}; {parts}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000, help="table rows (default 10000)")
    parser.add_argument("--keystrokes", type=int, default=50, help="measured keys (default 50)")
    parser.add_argument("--loads", type=int, default=3, help="page loads for TTI (default 3)")
    args = parser.parse_args(argv)
    try:
        site = build_page(OUT / "project", args.rows)
        figures = measure(site, args.keystrokes, args.loads)
    except BenchError as e:
        print(f"bench/browser.py: {e}", file=sys.stderr)
        return 1
    print(report(figures))
    (OUT / "results.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
