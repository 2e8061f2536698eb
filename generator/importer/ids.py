"""Ids from names: lowercase ASCII words joined by single hyphens, unique within a mapping.

Ids do not depend on row order: a feature's id is the slug of its name; features that share a
name all get their domain (then their environments) added, so neither is "the first". Ids the
generator keeps for its own pages and anchors (`vocabulary.reserved_feature_id`,
`reserved_environment_id`) are never handed out.

Also the heading anchors a Markdown page links to (`#registries-and-images-support-...`), so an
in-page link can be matched with the heading it points at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from generator.vocabulary import COMPARE_SEPARATOR

_WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS = 6
MAX_CHARS = 48

Reserved = Callable[[str], bool]


def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text.lower())


def slug(text: str, fallback: str) -> str:
    """`Agentless discovery for Kubernetes` -> `agentless-discovery-for-kubernetes`."""
    out = ""
    for word in words(text)[:MAX_WORDS]:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_CHARS and out:
            break
        out = candidate[:MAX_CHARS]
    return out or fallback


def norm(text: str) -> str:
    """A name as compared: lowercase words only (case, punctuation and markup do not count)."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def anchor_key(anchor_or_heading: str) -> str:
    """Heading text and the anchors written for it compare equal: letters and digits only."""
    return "".join(_WORD.findall(anchor_or_heading.lower()))


def _never(_: str) -> bool:
    return False


def unreserved(base: str, reserved: Reserved, kind: str) -> str:
    """`base`, or a variant of it the generator does not keep for itself (`index` ->
    `index-feature`, `domain-controls` -> `feature-domain-controls`, `aws-vs-gcp` ->
    `aws-versus-gcp`)."""
    if not reserved(base):
        return base
    spelled = base.replace(COMPARE_SEPARATOR, "-versus-")
    for candidate in (spelled, f"{spelled}-{kind}", f"{kind}-{spelled}"):
        if not reserved(candidate):
            return candidate
    return f"{kind}-x-{spelled}"


class IdPool:
    """Hands out ids unique within one mapping, in the order asked: `x`, `x-2`, `x-3`, ...
    For things whose order means something on the page (headings, columns, footnotes)."""

    def __init__(self, taken: Iterable[str] = (), reserved: Reserved = _never) -> None:
        self.used: set[str] = set(taken)
        self.reserved = reserved
        self._next: dict[str, int] = {}

    def take(self, text: str, fallback: str) -> str:
        base = unreserved(slug(text, fallback), self.reserved, fallback)
        found, n = base, self._next.get(base, 2)
        while found in self.used:
            found, n = f"{base}-{n}", n + 1
        self._next[base] = n
        self.used.add(found)
        return found


def stable_ids(
    items: Sequence[tuple[str, Sequence[str]]],
    fallback: str,
    reserved: Reserved = _never,
    taken: Iterable[str] = (),
) -> list[str]:
    """One id per item, whatever the items' order: item = (name, qualifiers from the most to
    the least telling, e.g. domain then environments). An id is the name's slug when no other
    item has it; items sharing a slug all get their first qualifier added, then the next, and
    items that still share one are numbered in the order of their qualifiers and names."""
    used = set(taken)
    chosen = [unreserved(slug(name, fallback), reserved, fallback) for name, _ in items]
    depth = [0] * len(items)
    for _ in range(4):
        groups: dict[str, list[int]] = {}
        for i, found in enumerate(chosen):
            groups.setdefault(found, []).append(i)
        clashes = [g for key, g in groups.items() if len(g) > 1 or key in used]
        if not clashes:
            break
        for group in clashes:
            for i in group:
                quals = items[i][1]
                if depth[i] < len(quals):
                    extra = slug(quals[depth[i]], "")
                    depth[i] += 1
                    if extra and not chosen[i].endswith(f"-{extra}"):
                        chosen[i] = f"{chosen[i]}-{extra}"
    return _numbered(chosen, items, used)


def _numbered(
    chosen: list[str], items: Sequence[tuple[str, Sequence[str]]], used: set[str]
) -> list[str]:
    groups: dict[str, list[int]] = {}
    for i, found in enumerate(chosen):
        groups.setdefault(found, []).append(i)
    out = list(chosen)
    for key, group in groups.items():
        if len(group) == 1 and key not in used:
            used.add(key)
            continue
        ordered = sorted(group, key=lambda i: (tuple(items[i][1]), items[i][0], i))
        n = 1 if key in used else 0
        for i in ordered:
            while True:
                candidate = key if n == 0 else f"{key}-{n + 1}"
                n += 1
                if candidate not in used:
                    break
            out[i] = candidate
            used.add(candidate)
    return out
