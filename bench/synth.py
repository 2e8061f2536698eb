"""Synthetic matrices shaped like the seed (data/containers.yaml), `scale` times its size.

Every feature is copied `scale` times (ids `<id>-<i>`, names `<name> <i>`) with all of its
support entries, so every environment page grows `scale`-fold. Footnotes are copied `scale`
times too and cited from half of the feature rows, so footnote work grows with the rows.
Environments, columns and domains stay as they are; reference lists grow modestly (`scale // 10`
copies of each item) so reference tables get longer without dominating.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED_DATA = ROOT / "data" / "containers.yaml"
PROJECT_PARTS = ("mkdocs.yml", "templates", "site_overrides")


def load_seed() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED_DATA.read_text(encoding="utf-8"))
    return data


def make_matrix(scale: int) -> dict[str, Any]:
    """A valid matrix with `scale` times the seed's features, rows and footnotes."""
    if scale < 1:
        raise ValueError(f"scale must be >= 1, not {scale}")
    seed = load_seed()
    data = copy.deepcopy(seed)
    note_ids = list(seed["footnotes"])
    data["features"] = _features(seed["features"], scale, note_ids)
    data["footnotes"] = {**seed["footnotes"], **_footnotes(seed["footnotes"], scale)}
    for env in data["environments"].values():
        if "order" in env:
            env["order"] = [f"{fid}-{i}" for i in _copies(scale) for fid in env["order"]]
    _grow_lists(data, max(1, scale // 10))
    return data


def row_count(data: dict[str, Any]) -> int:
    """Feature rows over all environment pages (one per support entry)."""
    return sum(len(f["support"]) for f in data["features"].values())


def _copies(scale: int) -> range:
    return range(1, scale + 1)


def _features(
    features: dict[str, Any], scale: int, note_ids: list[str]
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in _copies(scale):
        for j, (fid, feature) in enumerate(features.items()):
            cites = [f"{note_ids[(j // 2) % len(note_ids)]}-{i}"] if j % 2 == 0 else []
            out[f"{fid}-{i}"] = _feature_copy(feature, i, cites)
    return out


def _feature_copy(feature: dict[str, Any], i: int, cites: list[str]) -> dict[str, Any]:
    new = copy.deepcopy(feature)
    new["name"] = f"{feature['name']} {i}"
    if "aliases" in new:
        new["aliases"] = [f"{alias} {i}" for alias in new["aliases"]]
    for support in new["support"].values():
        if "name" in support:
            support["name"] = f"{support['name']} {i}"
        if cites:
            support["footnotes"] = list(cites)
    return new


def _footnotes(notes: dict[str, str], scale: int) -> dict[str, str]:
    return {
        f"{nid}-{i}": f"{text} (Note {i}.)" for i in _copies(scale) for nid, text in notes.items()
    }


def _grow_lists(data: dict[str, Any], factor: int) -> None:
    """`factor` copies of every list item; reference groups that pick items pick the copies."""
    suffixes = [f"-copy{c}" for c in range(2, factor + 1)]
    for the_list in data["lists"].values():
        items: dict[str, str] = the_list["items"]
        extra = {
            f"{item}{sfx}": f"{text} ({sfx[1:]})"
            for sfx in suffixes
            for item, text in items.items()
        }
        the_list["items"] = {**items, **extra}
    for reference in data["references"].values():
        for row in reference["rows"]:
            for group in row["groups"]:
                if "items" in group:
                    picked = group["items"]
                    group["items"] = picked + [f"{i}{sfx}" for sfx in suffixes for i in picked]


def write_project(
    dest: Path, data: dict[str, Any] | None, name: str = "containers", source: Path = ROOT
) -> Path:
    """A scratch project: the config, templates and overrides of `source` (the repository),
    plus one data file (the seed's own file when `data` is None). Returns the data file."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    data_file = dest / "data" / f"{name}.yaml"
    data_file.parent.mkdir()
    if data is None:
        shutil.copy2(SEED_DATA, data_file)
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100_000)
        data_file.write_text(text, encoding="utf-8")
    return data_file
