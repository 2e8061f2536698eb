"""How feature names are compared, so one feature is recognised across tables and pages.

A name is reduced to its content words, in any order, without stop words or a plural `s`:
"Auto provisioning of Defender sensor" and "Defender sensor auto provisioning" are one name.
A leading domain ("Compliance-Docker CIS" in the Compliance domain) does not count. A
parenthetical gives two more forms: the name without it ("Agentless registry scan (powered by
...)" is "Agentless registry scan") and the parenthetical alone ("Threat protection (control
plane)" is "Control plane" in the same domain).

Everything is looked up by these forms (hash keys), never by comparing every pair of names, so
a page of 40,000 rows imports in seconds. `deletions` gives the keys under which two names that
differ by one word meet ("Agentless/agent-based runtime" and "Agentless/sensor-based runtime").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from generator.changes.pairing import STOPWORDS
from generator.importer.ids import norm, words
from generator.importer.values import DASHES

_PAREN = re.compile(r"^(?P<bare>.*?)\s*\((?P<inner>[^()]+)\)\s*(?P<after>.*)$")
_PREFIX = re.compile(rf"^(?P<prefix>[^-{DASHES}:(]+?)\s*[-{DASHES}:]\s*(?P<rest>\S.*)$")
MAX_DELETION_WORDS = 12  # longer names meet only by their whole form
Words = frozenset[str]

#: Words that name a place (an OS, a cloud): names that differ only by one of these are two
#: features, whatever else they share ("Backup of Linux VMs", "Backup of Windows VMs").
PLACE_WORDS = frozenset(
    [
        "linux",
        "windows",
        "macos",
        "mac",
        "ios",
        "android",
        "unix",
        "ubuntu",
        "debian",
        "rhel",
        "centos",
        "suse",
        "azure",
        "aws",
        "amazon",
        "gcp",
        "google",
        "arc",
        "onprem",
        "premises",
        "cloud",
        "clouds",
        "government",
        "gov",
        "china",
        "21vianet",
        "commercial",
        "national",
        "x64",
        "x86",
        "arm",
        "arm64",
        "kubernetes",
        "aks",
        "eks",
        "gke",
    ]
)


@dataclass(frozen=True, slots=True)
class NameKey:
    full: str  # the name as compared: lowercase words in order
    tokens: Words  # content words, any order
    bare: Words | None  # without its parenthetical, when it has one
    inner: Words | None  # the parenthetical alone, when it has one
    prefix: str | None  # a leading domain name that was dropped


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content(text: str) -> Words:
    return frozenset(_stem(w) for w in words(text) if w not in STOPWORDS)


def name_key(name: str, domains: Iterable[str] = ()) -> NameKey:
    """The forms of `name`; `domains` are the domain names it may start with (normalised)."""
    text, prefix = name.strip(), None
    m = _PREFIX.match(text)
    if m and norm(m.group("prefix")) in set(domains):
        text, prefix = m.group("rest"), m.group("prefix")
    bare = inner = None
    p = _PAREN.match(text)
    if p and p.group("bare").strip():
        bare = content(f"{p.group('bare')} {p.group('after')}") or None
        inner = content(p.group("inner")) or None
    return NameKey(norm(text), content(text), bare, inner, prefix)


def deletions(tokens: Words) -> Iterator[Words]:
    """`tokens` without one of its words: two names that differ by one word (one written
    where the other writes another) share one of these."""
    if 4 <= len(tokens) <= MAX_DELETION_WORDS:
        for word in tokens:
            yield tokens - {word}


def subsets(tokens: Words) -> Iterator[Words]:
    """`tokens` without one or two of its words: the names this one extends."""
    if 2 <= len(tokens) <= MAX_DELETION_WORDS:
        for n in (1, 2):
            for dropped in combinations(sorted(tokens), n):
                rest = tokens - set(dropped)
                if rest:
                    yield rest


def swapped(a: Words, b: Words) -> tuple[str, str] | None:
    """The word each name has that the other has not, when they differ by exactly one."""
    only_a, only_b = a - b, b - a
    if len(only_a) == 1 and len(only_b) == 1:
        return next(iter(only_a)), next(iter(only_b))
    return None


def telling_swap(a: Words, b: Words, places: Iterable[str]) -> bool:
    """Whether two names that differ by one word may still name one feature: the words are
    words (no numbers), of some length, and neither names a place (an OS, a cloud, one of the
    page's environments)."""
    found = swapped(a, b)
    if found is None:
        return False
    avoid = PLACE_WORDS | set(places)
    return all(w.isalpha() and len(w) >= 4 and w not in avoid for w in found)
