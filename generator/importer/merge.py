"""After every row found its feature: join the features that are one, report those that might
be, name each feature and give it its id.

- Two features whose names differ by one word, in the same domain, never in the same
  environment, and each the other's only such match, are one feature (a guess, reported):
  "Agentless/agent-based runtime" on one page, "Agentless/sensor-based runtime" on the others.
  Not when the word is a number or names a place (an OS, a cloud, an environment).
- Names that extend each other by a word or two, or differ by one word but cannot be joined,
  are reported as looking alike, and stay two features.
- A feature is named as most environments name it; its other names are its `aliases`, and the
  pages that word it differently show their own wording.
- Its id is its name's slug; features that share a name get their domain, then their
  environments, in their ids (see `ids.stable_ids`), so ids do not follow the rows' order.

Pairs are found through hash buckets (`names.deletions`, `names.subsets`), never by comparing
every pair of features.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from generator.importer.catalog import Catalog, FeaturePlan
from generator.importer.ids import stable_ids, words
from generator.importer.names import Words, deletions, subsets, swapped, telling_swap
from generator.importer.report import Report
from generator.importer.rows import PLACEHOLDER
from generator.vocabulary import reserved_feature_id

MAX_BUCKET = 8  # a bucket this full holds a common pattern, not one feature's names
MAX_ALIKE = 3  # "looks alike" reports per feature


def settle(cat: Catalog, env_names: Iterable[str], report: Report) -> None:
    places = {w for name in env_names for w in words(name)}
    _join_one_word_apart(cat, places, report)
    _report_alike(cat, report)
    for feature in cat.features.values():
        _name(feature)
    assign_ids(cat)


def _tokens(feature: FeaturePlan) -> Words:
    return feature.keys[0].tokens if feature.keys else frozenset()


def _disjoint(a: FeaturePlan, b: FeaturePlan) -> bool:
    return not (a.support.keys() & b.support.keys())


def _pairs(cat: Catalog) -> list[tuple[FeaturePlan, FeaturePlan]]:
    """Features whose names differ by one word, once each, in page order."""
    buckets: dict[Words, list[FeaturePlan]] = {}
    for feature in cat.features.values():
        for key in deletions(_tokens(feature)):
            buckets.setdefault(key, []).append(feature)
    out = []
    for members in buckets.values():
        if not 2 <= len(members) <= MAX_BUCKET:
            continue
        for a, b in combinations(members, 2):
            if swapped(_tokens(a), _tokens(b)):
                out.append((a, b))
    return out


def _join_one_word_apart(cat: Catalog, places: set[str], report: Report) -> None:
    pairs = _pairs(cat)
    joinable = [
        (a, b)
        for a, b in pairs
        if a.domain == b.domain and _disjoint(a, b) and telling_swap(_tokens(a), _tokens(b), places)
    ]
    count: dict[int, int] = {}
    for a, b in joinable:
        count[id(a)] = count.get(id(a), 0) + 1
        count[id(b)] = count.get(id(b), 0) + 1
    joined: set[int] = set()
    redirect: dict[str, str] = {}
    place = {id(f): i for i, f in enumerate(cat.features.values())}
    for a, b in joinable:
        if count[id(a)] == 1 and count[id(b)] == 1:
            keep, gone = (a, b) if place[id(a)] < place[id(b)] else (b, a)  # page order
            _join(cat, keep, gone, report)
            redirect[gone.id] = keep.id
            joined |= {id(a), id(b)}
    if redirect:
        cat.orders = {e: [redirect.get(f, f) for f in order] for e, order in cat.orders.items()}
    for a, b in pairs:
        if id(a) not in joined and id(b) not in joined:
            _alike(a, b, "differ by one word", report)


def _join(cat: Catalog, keep: FeaturePlan, gone: FeaturePlan, report: Report) -> None:
    old, new = swapped(_tokens(gone), _tokens(keep)) or ("", "")
    report.guess(
        gone.line,
        "feature-joined",
        f"'{gone.name}' (line {gone.line}) is taken as '{keep.name}' (line {keep.line}): the "
        f"names differ by one word ('{old}' for '{new}'), in the same domain, and no page "
        "lists both",
    )
    keep.support.update(gone.support)
    for key in gone.keys:
        if key not in keep.keys:
            keep.keys.append(key)
    keep.link = keep.link or gone.link
    del cat.features[gone.id]


def _report_alike(cat: Catalog, report: Report) -> None:
    """Names that extend another feature's name by a word or two (`Control plane` and
    `Control plane hardening`), where no page lists both."""
    by_tokens: dict[Words, list[FeaturePlan]] = {}
    for feature in cat.features.values():
        by_tokens.setdefault(_tokens(feature), []).append(feature)
    told: dict[int, int] = {}
    for feature in cat.features.values():
        for key in subsets(_tokens(feature)):
            for other in by_tokens.get(key, ())[:MAX_BUCKET]:
                if other is feature or not _disjoint(feature, other):
                    continue
                if told.get(id(feature), 0) < MAX_ALIKE:
                    told[id(feature)] = told.get(id(feature), 0) + 1
                    first, second = sorted((other, feature), key=lambda f: f.line)
                    _alike(first, second, "look alike", report)


def _alike(a: FeaturePlan, b: FeaturePlan, why: str, report: Report) -> None:
    if not _disjoint(a, b):
        return
    report.guess(
        b.line,
        "feature-alike",
        f"'{a.name}' (line {a.line}) and '{b.name}' (line {b.line}) {why}; imported as two "
        "features",
    )


def _name(feature: FeaturePlan) -> None:
    """The name most environments use; on a tie, the first environment's."""
    counts = feature.names()
    order = list(counts)  # environments in page order
    best = max(order, key=lambda n: (counts[n], -order.index(n)))
    if best != PLACEHOLDER:
        feature.name = best


def aliases(feature: FeaturePlan) -> list[str]:
    """Its other names, in page order."""
    return [n for n in feature.names() if n not in (feature.name, PLACEHOLDER)]


def assign_ids(cat: Catalog) -> None:
    """Final ids, from names (see the module docstring); orders follow."""
    features = list(cat.features.values())
    items = [(f.name, (cat.domains[f.domain].name, *sorted(f.support))) for f in features]
    ids = stable_ids(items, "feature", reserved_feature_id)
    renamed = {f.id: new for f, new in zip(features, ids, strict=True)}
    for f in features:
        f.id = renamed[f.id]
    cat.features = {f.id: f for f in features}
    cat.orders = {env: [renamed[fid] for fid in order] for env, order in cat.orders.items()}
