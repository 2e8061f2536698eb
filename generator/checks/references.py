"""Reference check: every id the data cites exists, and every declared column gets a value.

Runs only on data that passed the schema, so shapes can be trusted here. Unknown ids are errors
with a "did you mean"; declared things nothing cites (footnotes, callouts, lists, references,
sections) are warnings, since they are harmless but usually a mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from generator.diagnostics import Diagnostic, Level, Path, unknown
from generator.load import Loaded

STATES = ("ga", "preview", "unavailable")
# Page names each matrix uses besides its environments' pages.
RESERVED_PAGES = ("index", "overview", "reference", "compare", "features", "whats-new")
# Anchors the generator gives headings and notes on the pages where feature rows are.
ANCHOR_PREFIXES = ("domain-", "ref-", "sec-", "callout-", "fn-", "fnref-", "features-")
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
NOT_APPLICABLE = "-"
DERIVED = ("feature", "domain")


class _Report:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded, self.diags = loaded, list[Diagnostic]()

    def error(self, code: str, path: Path, message: str, *, key: bool = False) -> None:
        self._add(Level.ERROR, code, path, message, key)

    def warn(self, code: str, path: Path, message: str, *, key: bool = False) -> None:
        self._add(Level.WARNING, code, path, message, key)

    def _add(self, level: Level, code: str, path: Path, message: str, key: bool) -> None:
        self.diags.append(Diagnostic(level, code, self.loaded.loc(path, key=key), path, message))

    def known(
        self, kind: str, value: str, pool: Iterable[str], path: Path, *, key: bool = False
    ) -> bool:
        pool = list(pool)
        if value in pool:
            return True
        self.error(
            f"ref-unknown-{kind}", path, unknown(kind.replace("-", " "), value, pool), key=key
        )
        return False


def check(loaded: Loaded, today: date) -> list[Diagnostic]:
    data: dict[str, Any] = loaded.data
    report = _Report(loaded)
    cited: dict[str, set[str]] = {
        k: set() for k in ("footnotes", "callouts", "lists", "references", "sections")
    }
    _check_environments(data, report, cited)
    if "index" in data:
        _check_blocks(data, data["index"]["blocks"], ("index", "blocks"), report, cited)
        for i, block in enumerate(data["index"]["blocks"]):
            if "features" in block:
                report.error(
                    "block-features-index",
                    ("index", "blocks", i),
                    "the index page has no feature table of its own (it shows the overview "
                    "grid); expected '{environments: true}' or another block",
                )
    placed = set(cited["references"])  # blocks are checked: these are the ones pages show
    _check_domains(data, report)
    _check_features(data, report, cited, placed)
    _check_references(data, report, cited)
    _check_sections(data, report, cited)
    _check_unused(data, report, cited)
    _check_deadlines(data, report, today)
    return sorted(report.diags, key=lambda d: (d.loc, d.code, d.message))


def _check_environments(data: dict[str, Any], report: _Report, cited: dict[str, set[str]]) -> None:
    columns = data["columns"]
    for env_id, env in data["environments"].items():
        base: Path = ("environments", env_id)
        if "-vs-" in env_id:
            report.error(
                "environment-reserved-id",
                base,
                f"environment id {env_id!r} contains '-vs-', which names compare pages; "
                "expected another id",
                key=True,
            )
        if env_id in RESERVED_PAGES:
            report.error(
                "environment-reserved-id",
                base,
                f"environment id {env_id!r} names one of the matrix's own pages; "
                f"expected another id (reserved: {', '.join(map(repr, RESERVED_PAGES))})",
                key=True,
            )
        seen: set[str] = set()
        for i, ref in enumerate(env["columns"]):
            col_id = ref if isinstance(ref, str) else ref["id"]
            if not report.known("column", col_id, columns, (*base, "columns", i)):
                continue
            if col_id in seen:
                report.error(
                    "column-duplicate", (*base, "columns", i), f"column {col_id!r} is listed twice"
                )
            seen.add(col_id)
        if not any(columns.get(c, {}).get("type") == "feature" for c in seen):
            report.error(
                "column-feature-missing",
                (*base, "columns"),
                "expected a column of type 'feature', so each row names its feature",
            )
        if not any("features" in block for block in env["blocks"]):
            report.error(
                "block-features-missing",
                (*base, "blocks"),
                "expected a '{features: true}' block, where the feature tables go",
            )
        _check_blocks(data, env["blocks"], (*base, "blocks"), report, cited)
        supported = [f for f, feat in data["features"].items() if env_id in feat["support"]]
        if not supported:
            report.warn("environment-empty", base, f"no feature lists environment {env_id!r}")
        if "order" in env and sorted(env["order"]) != sorted(supported):
            missing = sorted(set(supported) - set(env["order"]))
            extra = sorted(set(env["order"]) - set(supported))
            parts = [
                f"missing {', '.join(map(repr, missing))}" if missing else "",
                f"not listed in this environment: {', '.join(map(repr, extra))}" if extra else "",
            ]
            report.error(
                "order-mismatch",
                (*base, "order"),
                "expected exactly the features this environment lists; "
                + "; ".join(p for p in parts if p),
            )


def _check_blocks(
    data: dict[str, Any],
    blocks: list[dict[str, Any]],
    base: Path,
    report: _Report,
    cited: dict[str, set[str]],
) -> None:
    for i, block in enumerate(blocks):
        for kind, table in (
            ("callout", "callouts"),
            ("reference", "references"),
            ("section", "sections"),
        ):
            if kind in block and report.known(
                kind, block[kind], data.get(table, {}), (*base, i, kind)
            ):
                cited[table].add(block[kind])


def _check_domains(data: dict[str, Any], report: _Report) -> None:
    for dom_id, dom in data["domains"].items():
        for env_id, label in dom.get("by_environment", {}).items():
            path: Path = ("domains", dom_id, "by_environment", env_id)
            report.known("environment", env_id, data["environments"], path, key=True)
            link = label.get("link", "")
            if link.strip().lower().startswith(UNSAFE_SCHEMES):
                report.error("link-unsafe", (*path, "link"), f"expected a web link, found {link!r}")


def _check_features(
    data: dict[str, Any], report: _Report, cited: dict[str, set[str]], placed: set[str]
) -> None:
    columns, envs = data["columns"], data["environments"]
    former_owner: dict[str, str] = {}
    for feat_id, feat in data["features"].items():
        base: Path = ("features", feat_id)
        report.known("domain", feat["domain"], data["domains"], (*base, "domain"))
        _check_feature_id(feat_id, feat, base, report)
        for i, call in enumerate(feat.get("callouts", [])):
            if report.known("callout", call, data.get("callouts", {}), (*base, "callouts", i)):
                cited["callouts"].add(call)
        for i, old in enumerate(feat.get("former_ids", [])):
            if old in data["features"] or old in former_owner:
                other = old if old in data["features"] else former_owner[old]
                report.error(
                    "former-id-taken",
                    (*base, "former_ids", i),
                    f"former id {old!r} is already the id or a former id of feature {other!r}",
                )
            former_owner[old] = feat_id
        defaults = feat.get("cells", {})
        _check_cells(columns, defaults, (*base, "cells"), report)
        for env_id, support in feat["support"].items():
            path: Path = (*base, "support", env_id)
            if not report.known("environment", env_id, envs, path, key=True):
                continue
            _check_cells(columns, support["cells"], (*path, "cells"), report)
            shown = [c if isinstance(c, str) else c["id"] for c in envs[env_id]["columns"]]
            for col_id in shown:
                col = columns.get(col_id)
                if (
                    col
                    and col["type"] not in DERIVED
                    and col_id not in support["cells"]
                    and col_id not in defaults
                ):
                    report.error(
                        "cell-missing",
                        (*path, "cells"),
                        f"missing a value for column {col_id!r}, which {env_id!r} shows;"
                        f" write '-' where it does not apply",
                    )
            for col_id in support["cells"]:
                if col_id in columns and col_id not in shown:
                    report.warn(
                        "cell-not-shown",
                        (*path, "cells", col_id),
                        f"environment {env_id!r} does not show column {col_id!r}",
                        key=True,
                    )
            for i, note in enumerate(support.get("footnotes", [])):
                if report.known(
                    "footnote", note, data.get("footnotes", {}), (*path, "footnotes", i)
                ):
                    cited["footnotes"].add(note)
            for i, ref in enumerate(support.get("references", [])):
                if report.known(
                    "reference",
                    ref["reference"],
                    data.get("references", {}),
                    (*path, "references", i, "reference"),
                ):
                    cited["references"].add(ref["reference"])
                    if ref["reference"] not in placed:
                        report.error(
                            "ref-unplaced-reference",
                            (*path, "references", i, "reference"),
                            f"reference {ref['reference']!r} is on no page, so there is nothing "
                            "to link to; expected a '{reference: ...}' block on some page",
                        )


def _check_feature_id(feat_id: str, feat: dict[str, Any], base: Path, report: _Report) -> None:
    """A feature id is its row's anchor and its page's name: it must not be one of ours."""
    if feat_id in ("index", "overview") or feat_id.startswith(ANCHOR_PREFIXES):
        report.error(
            "feature-reserved-id",
            base,
            f"feature id {feat_id!r} clashes with the generator's own pages or anchors; expected "
            f"an id that is not 'index' or 'overview' and does not start with "
            f"{', '.join(map(repr, ANCHOR_PREFIXES))}",
            key=True,
        )
    link = feat.get("link", "")
    if link.strip().lower().startswith(UNSAFE_SCHEMES):
        report.error("link-unsafe", (*base, "link"), f"expected a web link, found {link!r}")


def _check_cells(
    columns: dict[str, Any], cells: dict[str, Any], base: Path, report: _Report
) -> None:
    for col_id, value in cells.items():
        path: Path = (*base, col_id)
        if not report.known("column", col_id, columns, path, key=True):
            continue
        col = columns[col_id]
        if col["type"] in DERIVED:
            report.error(
                "cell-derived",
                path,
                f"column {col_id!r} shows the feature's {col['type']}; it takes no value here",
                key=True,
            )
        elif col["type"] == "state":
            if not isinstance(value, str) or value not in STATES:
                if not isinstance(value, str):
                    message = (
                        f"column {col_id!r} holds one release state; expected one of "
                        f"{', '.join(map(repr, STATES))}, found a list"
                    )
                elif value == NOT_APPLICABLE:
                    message = (
                        "a state column says 'unavailable' where the seed writes '-'; "
                        f"expected one of {', '.join(map(repr, STATES))}, found '-'"
                    )
                else:
                    message = unknown("release state", value, STATES)
                report.error("state-unknown", path, message)
        elif col["type"] == "choice":
            _check_choice(col_id, col, value, path, report)
        elif not isinstance(value, str):
            report.error(
                "cell-type",
                path,
                f"column {col_id!r} holds Markdown text; expected text, found a list",
            )


def _check_choice(
    col_id: str, col: dict[str, Any], value: Any, path: Path, report: _Report
) -> None:
    if value == NOT_APPLICABLE:
        return
    multi = col.get("multi", False)
    if isinstance(value, list) and not multi:
        report.error(
            "cell-type",
            path,
            f"column {col_id!r} holds one value; expected one of its value ids, found a list",
        )
        return
    if isinstance(value, str) and multi:
        report.error(
            "cell-type",
            path,
            f"column {col_id!r} holds several values; expected a "
            f"list of value ids, or '-', found {value!r}",
        )
        return
    for i, item in enumerate(value if isinstance(value, list) else [value]):
        at = (*path, i) if isinstance(value, list) else path
        if item not in col["values"]:
            report.error(
                "choice-unknown",
                at,
                unknown(f"value for column {col_id!r}:", item, col["values"]),
            )


def _check_references(data: dict[str, Any], report: _Report, cited: dict[str, set[str]]) -> None:
    lists = data.get("lists", {})
    for ref_id, ref in data.get("references", {}).items():
        for r, row in enumerate(ref["rows"]):
            for g, group in enumerate(row["groups"]):
                path: Path = ("references", ref_id, "rows", r, "groups", g)
                for i, note in enumerate(group.get("footnotes", [])):
                    if report.known(
                        "footnote", note, data.get("footnotes", {}), (*path, "footnotes", i)
                    ):
                        cited["footnotes"].add(note)
                if not report.known("list", group["list"], lists, (*path, "list")):
                    continue
                cited["lists"].add(group["list"])
                for i, item in enumerate(group.get("items", [])):
                    report.known(
                        "list-item", item, lists[group["list"]]["items"], (*path, "items", i)
                    )


def _check_sections(data: dict[str, Any], report: _Report, cited: dict[str, set[str]]) -> None:
    for sec_id, sec in data.get("sections", {}).items():
        if "list" in sec and report.known(
            "list", sec["list"], data.get("lists", {}), ("sections", sec_id, "list")
        ):
            cited["lists"].add(sec["list"])


def _check_unused(data: dict[str, Any], report: _Report, cited: dict[str, set[str]]) -> None:
    for table, used in cited.items():
        for item_id in data.get(table, {}):
            if item_id not in used:
                report.warn(
                    f"unused-{table[:-1]}",
                    (table, item_id),
                    f"{table[:-1]} {item_id!r} is defined but never cited",
                    key=True,
                )


def _check_deadlines(data: dict[str, Any], report: _Report, today: date) -> None:
    for call_id, callout in data.get("callouts", {}).items():
        deadline = callout.get("deadline")
        if deadline and date.fromisoformat(deadline) < today:
            report.warn(
                "callout-expired",
                ("callouts", call_id, "deadline"),
                f"the deadline {deadline} has passed; review or remove this callout",
            )
