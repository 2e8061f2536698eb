"""Which things of two versions of a matrix are one thing, so the diff says "renamed" (with the
changes inside) instead of "removed" and "added".

By id first; then by what else says so: features by `former_ids`, then by a name the other
side has (its name, an alias, an environment's own wording); environments by name or title;
columns by any header they are shown under; domains by name. What is left is paired by
content, best pairs first and each once: environments that list the same features, features of
the same domain with environments in common and much the same name or cells, columns whose
cells hold the same values, domains with the same features. Content is compared only within a
group (a domain) and for at most `BLOCK` candidates each, so the diff stays linear.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from generator.changes.cells import meaning, words
from generator.model import Column, Environment, Feature, Matrix

T = TypeVar("T")
BLOCK = 200
THRESHOLD = 0.5
STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "by", "via", "or", "at"}
)
ATTRS = {  # a kind of thing -> the Matrix attribute that maps ids to them
    "feature": "features", "environment": "environments", "column": "columns",
    "domain": "domains", "footnote": "footnotes", "callout": "callouts", "list": "lists",
    "reference": "references", "section": "sections",
}  # fmt: skip


class Pairs:
    """new id -> old id, per kind of thing (`feature`, `environment`, `column`, ...)."""

    def __init__(self, old: Matrix, new: Matrix) -> None:
        self.old, self.new = old, new
        self.of: dict[str, dict[str, str]] = {}
        self._in: dict[str, dict[str, str]] = {}
        self._now: dict[str, tuple[tuple[int, int], dict[str, str]]] = {}
        _pair_all(self)

    def was(self, thing: str, new_id: str) -> str | None:
        return self.of[thing].get(new_id)

    def now(self, thing: str) -> dict[str, str]:
        """old id -> new id. Pairings only grow (a pair, once made, stays), so the inverse is
        kept until more pairs are made: content scores ask for it once per candidate."""
        pairs = self.of[thing]
        state = (id(pairs), len(pairs))
        seen, inverse = self._now.get(thing, ((0, -1), {}))
        if seen != state:
            inverse = {v: k for k, v in pairs.items()}
            self._now[thing] = (state, inverse)
        return inverse

    def columns_in(self, env_id: str) -> dict[str, str]:
        """new column id -> old column id as one environment shows them: the pairing above
        where the old environment shows that column; else the column it shows under the same
        header, else the one whose cells hold the same here ("Pricing tier" renamed "Plans"
        on this page while another page always said "Plans")."""
        if env_id not in self._in:
            self._in[env_id] = _columns_in(self, env_id)
        return self._in[env_id]

    def renamed_columns(self) -> tuple[set[str], set[str]]:
        """(old, new) column ids that some environment follows to another column."""
        old: set[str] = set()
        new: set[str] = set()
        for env_id in self.new.environments:
            for n, o in self.columns_in(env_id).items():
                if self.of["column"].get(n) != o:
                    old.add(o)
                    new.add(n)
        return old, new


def _pair_all(p: Pairs) -> None:
    old, new = p.old, p.new
    p.of["domain"] = _by_names(old.domains, new.domains, lambda x: [x.name])
    p.of["feature"] = _features_by_names(old.features, new.features)
    p.of["environment"] = _by_names(old.environments, new.environments, lambda e: [e.name, e.title])
    _by_content(p, "environment", _none, _env_score)
    domains = p.of["domain"]
    _by_content(p, "feature", lambda f: f.domain, _feature_score, lambda f: domains.get(f.domain))
    p.of["column"] = _by_names(
        old.columns, new.columns, lambda c: [c.header], _headers(old), _headers(new)
    )
    _by_content(p, "column", _none, _column_score)
    _by_content(p, "domain", _none, _domain_score)
    for thing in ("footnote", "callout", "list", "reference", "section"):
        attr = ATTRS[thing]
        p.of[thing] = {k: k for k in getattr(new, attr) if k in getattr(old, attr)}


def _columns_in(p: Pairs, env_id: str) -> dict[str, str]:
    was = p.was("environment", env_id)
    if was is None:
        return {}
    old_shown = {s.column.id: s for s in p.old.environments[was].columns}
    new_shown = {s.column.id: s for s in p.new.environments[env_id].columns}
    out = {n: o for n in new_shown if (o := p.was("column", n) or "") in old_shown}
    for n, s in new_shown.items():
        if n not in out:
            found = [o for o, t in old_shown.items() if o not in out.values()]
            same = [o for o in found if words(old_shown[o].header) == words(s.header)]
            scored = [(_column_score(p, old_shown[o].column, s.column, env_id), o) for o in found]
            best = max(scored, default=(0.0, ""))
            if same or best[0] >= THRESHOLD:
                out[n] = same[0] if same else best[1]
    return out


def _headers(m: Matrix) -> dict[str, list[str]]:
    """Every header each column is shown under."""
    out: dict[str, list[str]] = {}
    for env in m.environments.values():
        for s in env.columns:
            out.setdefault(s.column.id, []).append(s.header)
    return out


def name_key(name: str) -> Hashable:
    """A name as compared: its words in any order, without stop words ("Auto provisioning of
    Defender sensor" is "Defender sensor auto provisioning")."""
    found = words(name)
    return frozenset(w for w in found if w not in STOPWORDS) or found


def _by_names(
    old: Mapping[str, T],
    new: Mapping[str, T],
    names: Callable[[T], Iterable[str]],
    old_extra: Mapping[str, list[str]] | None = None,
    new_extra: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """new id -> old id: the same id, else a name in common (each paired once)."""
    out = {k: k for k in new if k in old}
    index: dict[Hashable, str] = {}
    for k, v in old.items():
        if k not in new:
            for name in [*names(v), *(old_extra or {}).get(k, [])]:
                index.setdefault(name_key(name), k)
    used = set(out.values())
    for k, v in new.items():
        if k in out:
            continue
        for name in [*names(v), *(new_extra or {}).get(k, [])]:
            found = index.get(name_key(name))
            if found is not None and found not in used:
                out[k] = found
                used.add(found)
                break
    return out


def _features_by_names(old: Mapping[str, Feature], new: Mapping[str, Feature]) -> dict[str, str]:
    """new id -> old id: the same id, a former id, else a name the other side has."""
    out = {k: k for k in new if k in old}
    used = set(out.values())
    for k, f in new.items():
        found = next((x for x in f.former_ids if x in old and x not in new and x not in used), None)
        if k not in out and found:
            out[k] = found
            used.add(found)
    rest = {k: v for k, v in old.items() if k not in used}
    out |= _by_names(rest, {k: v for k, v in new.items() if k not in out}, _feature_names)
    return out


def _feature_names(f: Feature) -> list[str]:
    return [f.name, *f.aliases, *(s.name for s in f.support.values() if s.name)]


def _none(_: object) -> Hashable:
    return None


def _by_content(
    p: Pairs,
    thing: str,
    group: Callable[[Any], Hashable],
    score: Callable[[Pairs, Any, Any], float],
    new_group: Callable[[Any], Hashable] | None = None,
) -> None:
    """Pair what is left (removed x added) by `score` (0 to 1; `THRESHOLD` to pair), best pairs
    first, only within one group (`group` of an old one, `new_group` of a new one)."""
    attr = ATTRS[thing]
    old, new, pairs = getattr(p.old, attr), getattr(p.new, attr), p.of[thing]
    used = set(pairs.values())
    left: dict[Hashable, list[str]] = {}
    for k, v in old.items():
        if k not in used:
            left.setdefault(group(v), []).append(k)
    scored = []
    for k, v in new.items():
        if k not in pairs:
            for o in left.get((new_group or group)(v), [])[:BLOCK]:
                s = score(p, old[o], v)
                if s >= THRESHOLD:
                    scored.append((-s, o, k))
    for _, o, k in sorted(scored):
        if o not in used and k not in pairs:
            pairs[k] = o
            used.add(o)


def _share(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _env_score(p: Pairs, o: Environment, n: Environment) -> float:
    listed = {p.was("feature", f) for f in n.order} - {None}
    return _share(set(o.order), listed)


def _feature_score(p: Pairs, o: Feature, n: Feature) -> float:
    """Much the same name; or, with environments in common, much the same cells."""
    now = p.now("environment")
    common = [e for e in o.support if now.get(e) in n.support]
    if not common:
        return 0.0
    names = _share(set(words(o.name)), set(words(n.name)))
    same = equal = 0
    for env in common:
        after = n.support[now[env]].cells
        for col, cell in o.support[env].cells.items():
            if col in after and col in p.new.columns:
                same += 1
                equal += meaning(p.old, p.old.columns[col], cell) == meaning(
                    p.new, p.new.columns[col], after[col]
                )
    envs = len(common) / len(set(o.support) | {p.was("environment", e) for e in n.support})
    return max(names, (equal / same if same else 0.0) * envs * (0.5 + names))


def _column_score(p: Pairs, o: Column, n: Column, only: str | None = None) -> float:
    """Cells that hold the same, of the rows both versions have (at least two), in every
    environment or `only` one."""
    same = equal = 0
    for fid, feature in p.new.features.items():
        was = p.was("feature", fid)
        if was is None:
            continue
        for env_id, support in feature.support.items():
            if only is not None and env_id != only:
                continue
            old_env = p.was("environment", env_id)
            old_support = p.old.features[was].support.get(old_env or "")
            before = old_support.cells.get(o.id) if old_support else None
            after = support.cells.get(n.id)
            if before is not None and after is not None:
                same += 1
                equal += meaning(p.old, o, before) == meaning(p.new, n, after)
    return equal / same if same >= 2 else 0.0


def _domain_score(p: Pairs, o: Any, n: Any) -> float:
    mine = {p.was("feature", f) for f, x in p.new.features.items() if x.domain == n.id}
    theirs = {f for f, x in p.old.features.items() if x.domain == o.id}
    return _share(mine - {None}, theirs)
