"""Features: ids that are not the generator's own, a domain, callouts, former ids owned once,
and per environment: an environment that exists, a value for every column it shows, and
footnotes and references that exist (references on some page, so there is something to link
to). The values themselves are the `cells` check's."""

from __future__ import annotations

from typing import Any

from generator.checks.base import Context, Report, placed_references, shown_columns
from generator.columns import KINDS
from generator.diagnostics import Diagnostic, Path
from generator.vocabulary import ANCHOR_PREFIXES, RESERVED_FEATURE_IDS, reserved_feature_id

NAME = "features"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    placed = placed_references(data)
    former_owner: dict[str, str] = {}
    for feat_id, feat in data["features"].items():
        base: Path = ("features", feat_id)
        report.known("domain", feat["domain"], data["domains"], (*base, "domain"))
        if reserved_feature_id(feat_id):
            report.error(
                "feature-reserved-id",
                base,
                f"feature id {feat_id!r} clashes with the generator's own pages or anchors; "
                f"expected an id that is not {' or '.join(map(repr, RESERVED_FEATURE_IDS))} "
                f"and does not start with {', '.join(map(repr, ANCHOR_PREFIXES))}",
                key=True,
            )
        for i, call in enumerate(feat.get("callouts", [])):
            report.known("callout", call, data.get("callouts", {}), (*base, "callouts", i))
        for i, old in enumerate(feat.get("former_ids", [])):
            if old in data["features"] or old in former_owner:
                other = old if old in data["features"] else former_owner[old]
                report.error(
                    "former-id-taken",
                    (*base, "former_ids", i),
                    f"former id {old!r} is already the id or a former id of feature {other!r}",
                )
            former_owner[old] = feat_id
        for env_id, support in feat["support"].items():
            path: Path = (*base, "support", env_id)
            if report.known("environment", env_id, data["environments"], path, key=True):
                _support(data, feat, env_id, support, path, report, placed)
    return report.diags


def _support(
    data: dict[str, Any],
    feat: dict[str, Any],
    env_id: str,
    support: dict[str, Any],
    path: Path,
    report: Report,
    placed: set[str],
) -> None:
    columns, shared = data["columns"], feat.get("cells", {})
    shown = shown_columns(data["environments"][env_id])
    for col_id in shown:
        col = columns.get(col_id)
        derived = col is not None and KINDS[col["type"]].derived
        if col and not derived and col_id not in support["cells"] and col_id not in shared:
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
        report.known("footnote", note, data.get("footnotes", {}), (*path, "footnotes", i))
    for i, ref in enumerate(support.get("references", [])):
        at = (*path, "references", i, "reference")
        known = report.known("reference", ref["reference"], data.get("references", {}), at)
        if known and ref["reference"] not in placed:
            report.error(
                "ref-unplaced-reference",
                at,
                f"reference {ref['reference']!r} is on no page, so there is nothing "
                "to link to; expected a '{reference: ...}' block on some page",
            )
