"""`--update`: the fresh import of a page, written in the existing data's terms.

`Carry` holds both sides (data and model) and which new thing is which old one (see
`changes.pairing`, the same pairing the diff uses, so what the update keeps the diff reads as
unchanged). It gives every new thing its old id (a new thing whose id an old one has gets a
fresh one), and keeps what people wrote that the page does not contradict:

- a cell that says the same as before (`changes.cells.same`: a state then a text "GA", a list
  in another order, a note) keeps the old value as written; one the page changed takes the
  page's value, in the column's (kept) type;
- a column keeps its `short` label and `facet`, and its type when the page's cells fit it (a
  choice column keeps its value ids; new values are added);
- a feature keeps its name when the page still uses it (else the old name becomes an alias),
  its link when the page gives none, its aliases, former ids, callouts and shared cells;
- an environment keeps its name and title when the page names it so, and its blocks when they
  place the same things; a domain keeps its name and links.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from generator.changes.cells import same
from generator.changes.pairing import ATTRS, Pairs, name_key
from generator.importer import choices
from generator.importer.ids import IdPool, norm
from generator.importer.names import content
from generator.importer.values import state_of
from generator.model import Cell, Matrix
from generator.vocabulary import BLANK, NOT_APPLICABLE

Data = dict[str, Any]
THINGS = {t: ATTRS[t] for t in ("feature", "environment", "column", "domain")}


def _feature_names(feature: Data) -> list[str]:
    support = feature.get("support", {}).values()
    return [
        feature["name"],
        *feature.get("aliases", []),
        *(s["name"] for s in support if "name" in s),
    ]


def _id(shown: str | Data) -> str:
    return shown if isinstance(shown, str) else str(shown["id"])


def _header(shown: str | Data, column: Data) -> str:
    return (
        str(shown.get("header", column["header"])) if isinstance(shown, dict) else column["header"]
    )


class Carry:
    def __init__(self, old: Data, new: Data, models: tuple[Matrix, Matrix]) -> None:
        self.old, self.new = old, new
        self.old_model, self.new_model = models
        self.pairs = Pairs(*models)
        self._columns_by_header()
        self.joined = self._joined()
        self.ids: dict[str, dict[str, str]] = {}  # thing -> new id -> id written
        for thing, attr in THINGS.items():
            self.ids[thing] = self.assign(new[attr], old[attr], self.pairs.of[thing])

    @staticmethod
    def assign(new: Iterable[str], old: Iterable[str], pairs: dict[str, str]) -> dict[str, str]:
        """new id -> the id written: the old one it is, else its own unless an old thing had
        it (then its own, numbered)."""
        taken = set(old) | set(new)
        out: dict[str, str] = {}
        for k in new:
            if k in pairs:
                out[k] = pairs[k]
            elif k not in old:
                out[k] = k
            else:
                n = 2
                while f"{k}-{n}" in taken:
                    n += 1
                out[k] = f"{k}-{n}"
                taken.add(out[k])
        return out

    def _joined(self) -> dict[str, list[str]]:
        """new feature id -> old features it also is, gone from the page: one the new feature
        has a name of, or whose environments it now lists as well (with a word of its name in
        common): the page now lists two old features as one."""
        index: dict[Hashable, str] = {}
        for key, feature in self.new["features"].items():
            for name in _feature_names(feature):
                index.setdefault(name_key(name), key)
        newly = self._newly_listed()
        paired = set(self.pairs.of["feature"].values())
        out: dict[str, list[str]] = {}
        for was, feature in self.old["features"].items():
            if was in paired:
                continue
            keys = map(name_key, _feature_names(feature))
            found = next((index[k] for k in keys if k in index), None)
            if found is None:
                now = self.pairs.now("environment")
                envs = [now.get(e) for e in feature["support"]]
                sets = [newly.get(e or "", set()) for e in envs]
                common = set.intersection(*sets) if sets else set()
                mine = content(feature["name"])
                alike = [k for k in common if mine & content(self.new["features"][k]["name"])]
                found = alike[0] if len(alike) == 1 else None
            if found is not None and found in self.pairs.of["feature"]:
                out.setdefault(found, []).append(was)
        return out

    def _newly_listed(self) -> dict[str, set[str]]:
        """new environment id -> the page's features (kept from the old data) it lists now
        and did not list before."""
        out: dict[str, set[str]] = {}
        for key, feature in self.new["features"].items():
            was = self.old_of("feature", key)
            if was is None:
                continue
            before = self.old["features"][was]["support"]
            for env in feature["support"]:
                if self.old_of("environment", env) not in before:
                    out.setdefault(env, set()).add(key)
        return out

    def _columns_by_header(self) -> None:
        """A column the page shows under a header that, in every environment showing it, an
        old column of that environment is shown under, is that old column (two of the page's
        columns can be one old column: "Plans" on one page, "Pricing tier" on others)."""
        pairs = self.pairs.of["column"]
        for key, column in self.new["columns"].items():
            if key in pairs:
                continue
            found = {self._old_shown(env, key, column) for env in self._showing(self.new, key)}
            target = found.pop() if len(found) == 1 else None
            old = self.old["columns"].get(target or "")
            if target and old and old["type"] in (column["type"], "choice", "text"):
                pairs[key] = target

    @staticmethod
    def _showing(data: Data, key: str) -> list[str]:
        return [e for e, env in data["environments"].items() if key in map(_id, env["columns"])]

    def _old_shown(self, env: str, key: str, column: Data) -> str | None:
        """The old column the old environment shows under this column's header here."""
        was = self.old_of("environment", env)
        if was is None:
            return None
        header = next(
            _header(c, column) for c in self.new["environments"][env]["columns"] if _id(c) == key
        )
        taken = {self.old_of("column", _id(c)) for c in self.new["environments"][env]["columns"]}
        for c in self.old["environments"][was]["columns"]:
            old_col = self.old["columns"][_id(c)]
            if norm(_header(c, old_col)) == norm(header) and _id(c) not in taken:
                return _id(c)
        return None

    def id(self, thing: str, new_id: str) -> str:
        return self.ids[thing][new_id]

    def old_of(self, thing: str, new_id: str) -> str | None:
        return self.pairs.was(thing, new_id)

    # --- columns ---------------------------------------------------------------------------

    def column(self, key: str) -> Data:
        new = dict(self.new["columns"][key])
        was = self.old_of("column", key)
        if was is None:
            return new
        old = self.old["columns"][was]
        out = dict(old) if self._keeps_type(old, new) else new
        if "values" in out:
            out["values"] = dict(out["values"])  # values the page adds go here, not in `old`
        out["header"] = new["header"]
        for extra in ("short", "facet"):
            if extra in old:
                out[extra] = old[extra]
        return out

    @staticmethod
    def _keeps_type(old: Data, new: Data) -> bool:
        """The old type, when the page's cells fit it: the same type, or a choice column the
        page writes as text (its values are labels; new ones are added)."""
        if old["type"] == new["type"]:
            return bool(old.get("multi", False) == new.get("multi", False))
        return old["type"] == "choice" and new["type"] == "text" and not old.get("multi")

    @staticmethod
    def _value_id(column: Data, label: str) -> str:
        """The id of a choice value by its label; a new value when none has it."""
        values: dict[str, str] = column.setdefault("values", {})
        for vid, existing in values.items():
            if choices.key(existing) == choices.key(label):
                return vid
        vid = IdPool(values).take(state_of(label) or label, "value")
        values[vid] = label
        return vid

    def convert(self, raw: Any, new_col: Data, out_col: Data) -> Any:
        """A cell the page gives, in the written column's type and value ids."""
        note = raw.get("note") if isinstance(raw, dict) else None
        value = raw["value"] if isinstance(raw, dict) else raw
        if value not in (BLANK, NOT_APPLICABLE) and out_col.get("type") == "choice":
            labels = new_col.get("values", {})
            items = value if isinstance(value, list) else [value]
            ids = [self._value_id(out_col, labels.get(v, v)) for v in items]
            value = ids if out_col.get("multi") else ids[0]
        return {"value": value, "note": note} if note else value

    # --- cells -----------------------------------------------------------------------------

    def cell(self, fid: str, env: str, key: str, columns: dict[str, Data]) -> Any:
        """One cell of the page's feature `fid` in environment `env`, column `key`."""
        new_raw = self.new["features"][fid]["support"][env]["cells"][key]
        out_col = columns[self.id("column", key)]
        converted = self.convert(new_raw, self.new["columns"][key], out_col)
        old_raw = self.old_cell(fid, env, key)
        if old_raw is None:
            return converted
        was_col = self.old_of("column", key)
        assert was_col is not None
        old_cell = self._model_cell(
            self.old_model, self.old_of("feature", fid), self.old_of("environment", env), was_col
        )
        new_cell = self._model_cell(self.new_model, fid, env, key)
        if old_cell is None or new_cell is None:
            return converted
        old_side = (self.old_model, self.old_model.columns[was_col], old_cell)
        new_side = (self.new_model, self.new_model.columns[key], new_cell)
        keeps = self.old["columns"][was_col]["type"] == out_col.get("type")
        return old_raw if keeps and same(old_side, new_side) else converted

    def old_cell(self, fid: str, env: str, key: str) -> Any:
        """The old data's value for this cell, as written (the feature's shared one when its
        environment sets none); None when the old data has no such cell."""
        was, old_env, was_col = (
            self.old_of("feature", fid),
            self.old_of("environment", env),
            self.old_of("column", key),
        )
        if was is None or old_env is None or was_col is None:
            return None
        feature = self.old["features"][was]
        support = feature["support"].get(old_env)
        if support is None:
            return None
        found = support["cells"].get(was_col)
        return found if found is not None else feature.get("cells", {}).get(was_col)

    @staticmethod
    def _model_cell(model: Matrix, fid: str | None, env: str | None, col: str) -> Cell | None:
        if fid is None or env is None or fid not in model.features:
            return None
        feature = model.features[fid]
        if env not in feature.support:
            return None
        try:
            return feature.cell(env, col)
        except KeyError:
            return None
