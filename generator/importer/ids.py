"""Ids from names: lowercase ASCII words joined by single hyphens, unique within a mapping.

Also the heading anchors a Markdown page links to (`#registries-and-images-support-...`), so an
in-page link can be matched with the heading it points at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS = 6
MAX_CHARS = 48


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


class IdPool:
    """Hands out ids unique within one mapping: `x`, `x-2`, `x-3`, ..."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.used: set[str] = set(reserved)

    def take(self, text: str, fallback: str) -> str:
        base = slug(text, fallback)
        found, n = base, 2
        while found in self.used:
            found, n = f"{base}-{n}", n + 1
        self.used.add(found)
        return found
