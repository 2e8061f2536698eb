"""Twelve seed-sized matrices in one site: copies of the seed (data/containers.yaml) that differ
only in their `id` and `title`, so each gets its own section (about 35 pages) and the site has
twelve times the seed's pages.

The copies are the seed's text with those two lines changed, so everything else (comments,
layout, line numbers in diagnostics) is the seed's own.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.synth import SEED_DATA

COUNT = 12
_ID = re.compile(r"^id:[ \t]*(\S+)[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def copy_text(seed: str, n: int) -> str:
    """The seed's text as matrix number `n` (1-based): id `<id>-NN`, title `<title> (NN)`."""
    ids, titles = _ID.findall(seed), _TITLE.findall(seed)
    if len(ids) != 1 or len(titles) != 1:
        raise ValueError(f"expected one top-level id and title, found {ids!r} and {titles!r}")
    text = _ID.sub(lambda m: f"id: {m.group(1)}-{n:02d}", seed, count=1)
    return _TITLE.sub(lambda m: f"title: {_with_number(m.group(1), n)}", text, count=1)


def _with_number(title: str, n: int) -> str:
    quote = title[0] if title[:1] in "'\"" and title[-1:] == title[:1] else ""
    inner = title[1:-1] if quote else title
    return f"{quote}{inner} ({n:02d}){quote}"


def write_data(data_dir: Path, count: int = COUNT, seed: Path = SEED_DATA) -> list[Path]:
    """`count` copies of the seed in `data_dir`; returns their paths."""
    text = seed.read_text(encoding="utf-8")
    stem = seed.stem
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(1, count + 1):
        path = data_dir / f"{stem}-{n:02d}.yaml"
        path.write_text(copy_text(text, n), encoding="utf-8")
        written.append(path)
    return written
