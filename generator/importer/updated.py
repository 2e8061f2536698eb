"""`--update`: the updated data, key by key, from the page's import and the existing data (see
`carry` for what is kept). Footnotes, callouts, sections, lists and their items, and reference
tables keep their old ids when they have the same id or say the same words; a feature whose
name changed keeps its id and gets its old name as an alias (`former_ids` records the ids of
old features the page joined into one). The report says what was matched how, and every guess.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.changes.cells import words
from generator.changes.pairing import ATTRS
from generator.importer.carry import Carry
from generator.importer.ids import norm
from generator.importer.report import Report

Data = dict[str, Any]
RECORDS = ("footnotes", "callouts", "lists", "references", "sections")
ALIKE = 0.6  # records this alike are one record, changed
MAX_PAIRS = 40_000  # removed x added records compared for likeness
_TEXT: dict[str, Callable[[Any], str]] = {
    "footnotes": lambda v: v,
    "items": lambda v: v,
    "callouts": lambda v: f"{v['kind']} {v['text']}",
    "lists": lambda v: v["title"],
    "references": lambda v: v["title"],
    "sections": lambda v: v["body"],
}


def updated(c: Carry, report: Report) -> Data:
    records = {attr: _records(c, attr) for attr in RECORDS}
    relist(c, records)
    columns: Data = {}
    for k in c.new["columns"]:
        columns.setdefault(c.id("column", k), c.column(k))  # the first page's header leads
    out: Data = {"format": c.new["format"], "id": c.old["id"], "title": c.new["title"]}
    for key in ("description", "updated", "links"):
        value = c.old.get(key) if key == "links" else c.new.get(key, c.old.get(key))
        if value := value or c.new.get(key):
            out[key] = value
    out["state_labels"] = c.new["state_labels"]
    out["index"] = {"blocks": _blocks(c.new["index"]["blocks"], c.old.get("index"), records)}
    out["columns"] = columns
    out["domains"] = {c.id("domain", k): _domain(c, k) for k in c.new["domains"]}
    out["environments"] = {
        c.id("environment", k): _environment(c, k, records, columns) for k in c.new["environments"]
    }
    out["features"] = {
        c.id("feature", k): _feature(c, k, columns, records, report) for k in c.new["features"]
    }
    for attr in RECORDS:
        if records[attr][1]:
            out[attr] = records[attr][1]
    return out


# --- records kept by id -----------------------------------------------------------------------


def _records(c: Carry, attr: str) -> tuple[dict[str, str], Data]:
    """new id -> written id, and the records written: an old record's id when the page's says
    the same words or has the same id; its old text when the words are the same."""
    old, new = c.old.get(attr, {}), c.new.get(attr, {})
    text: Callable[[Any], str] = _TEXT[attr]
    pairs = _pair_by(new, old, [lambda k, v: [words(text(v))], lambda k, v: [("id", k)]])
    _pair_alike(attr, old, new, pairs)
    ids = Carry.assign(new, old, pairs)
    written: Data = {}
    for k, v in new.items():
        was = old.get(pairs.get(k, ""))
        if attr == "lists":
            written[ids[k]] = _list(v, was or {})
        elif was is not None and words(text(v)) == words(text(was)):
            written[ids[k]] = _keep(attr, was, v)
        elif was is not None and attr == "callouts":
            written[ids[k]] = {**was, **v}  # the page's text, the hand-set deadline
        else:
            written[ids[k]] = v
    return ids, written


def _similar(attr: str, old: Any, new: Any) -> float:
    """How alike two records are (0 to 1): their words, a section's title or body, a list's
    items."""

    def share(a: set[Any], b: set[Any]) -> float:
        return len(a & b) / len(a | b) if a | b else 0.0

    if attr == "lists":
        return share(
            {words(v) for v in old["items"].values()}, {words(v) for v in new["items"].values()}
        )
    if attr == "callouts" and old["kind"] != new["kind"]:
        return 0.0
    found = share(set(words(_TEXT[attr](old))), set(words(_TEXT[attr](new))))
    if attr == "sections":
        found = max(found, float(words(old["title"]) == words(new["title"])))
    return found


def _pair_alike(attr: str, old: Data, new: Data, pairs: dict[str, str]) -> None:
    """What is left, by `_similar` (at least ALIKE), best pairs first."""
    taken = set(pairs.values())
    left_old = [k for k in old if k not in taken]
    left_new = [k for k in new if k not in pairs]
    if len(left_old) * len(left_new) > MAX_PAIRS:
        return
    scored = sorted(
        (-score, o, n)
        for o in left_old
        for n in left_new
        if (score := _similar(attr, old[o], new[n])) >= ALIKE
    )
    for _, o, n in scored:
        if n not in pairs and o not in taken:
            pairs[n] = o
            taken.add(o)


def _keep(attr: str, old: Any, new: Any) -> Any:
    """The old record, for the same words: as written, with its hand-set fields (a callout's
    deadline); a reference table or a section that picks a list is the page's again, since
    they name lists by id."""
    if attr == "callouts":
        return {**new, **old}
    if attr == "references" or (attr == "sections" and "list" in old):
        return new
    return old


def _list(new: Data, old: Data) -> Data:
    """A list: its old title, and its items (see `_item_ids`); an item's old text when the
    page's is the same."""
    old_items: dict[str, str] = old.get("items", {})
    ids, pairs = _item_ids(new["items"], old_items)
    items = {
        ids[k]: old_items[pairs[k]] if k in pairs and old_items[pairs[k]] == v else v
        for k, v in new["items"].items()
    }
    return {"title": old.get("title", new["title"]), "items": items}


def _item_ids(new: dict[str, str], old: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(new item id -> written id, new item id -> old item id): items matched by text, id,
    words, then likeness (an item whose words changed a little keeps its id)."""
    pairs = _pair_by(
        new,
        old,
        [lambda k, v: [("text", v)], lambda k, v: [("id", k)], lambda k, v: [words(v)]],
    )
    _pair_alike("items", old, new, pairs)
    return Carry.assign(new, old, pairs), pairs


def _pair_by(new: Data, old: Data, keys: list[Callable[[str, Any], list[Any]]]) -> dict[str, str]:
    """new id -> old id, by each way of keying them in turn (looked up, never compared pair
    by pair), each old one taken once."""
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        index: dict[Any, list[str]] = {}
        for o, v in old.items():
            for found in key(o, v):
                index.setdefault(found, []).append(o)
        for k, v in new.items():
            if k in pairs:
                continue
            for found in key(k, v):
                match = next((o for o in index.get(found, ()) if o not in used), None)
                if match is not None:
                    pairs[k] = match
                    used.add(match)
                    break
    return pairs


def relist(c: Carry, records: dict[str, tuple[dict[str, str], Data]]) -> None:
    """References and sections pick list items and cite footnotes by id: the written ids."""
    list_ids = records["lists"][0]
    notes = records["footnotes"][0]
    item_ids: dict[str, dict[str, str]] = {}
    for ref in records["references"][1].values():
        for row in ref["rows"]:
            for group in row["groups"]:
                if "footnotes" in group:
                    group["footnotes"] = [notes.get(f, f) for f in group["footnotes"]]
                new_list = group["list"]
                group["list"] = list_ids.get(new_list, new_list)
                if "items" in group:
                    if new_list not in item_ids:
                        old = c.old.get("lists", {}).get(group["list"], {}).get("items", {})
                        item_ids[new_list] = _item_ids(c.new["lists"][new_list]["items"], old)[0]
                    ids = item_ids[new_list]
                    group["items"] = [ids.get(i, i) for i in group["items"]]
    for section in records["sections"][1].values():
        if "list" in section:
            section["list"] = list_ids.get(section["list"], section["list"])


# --- blocks -----------------------------------------------------------------------------------


def _blocks(
    new: list[Data],
    old_page: Data | None,
    records: dict[str, tuple[dict[str, str], Data]],
) -> list[Data]:
    """The page's blocks with the written ids; the old blocks when they place the same."""
    attr = {k: ATTRS[k] for k in ("callout", "reference", "section")}
    out = []
    for block in new:
        kind = next(k for k in block if k != "title")
        if kind in attr:
            block = {**block, kind: records[attr[kind]][0].get(block[kind], block[kind])}
        out.append(block)
    old = (old_page or {}).get("blocks", [])
    return old if old and _placed(old) == _placed(out) else out


def _placed(blocks: list[Data]) -> set[tuple[str, str]]:
    return {
        (kind, str(b[kind]) if kind != "text" else " ".join(words(b[kind])))
        for b in blocks
        for kind in b
        if kind != "title"
    }


# --- domains and environments -----------------------------------------------------------------


def _domain(c: Carry, key: str) -> Data:
    new = c.new["domains"][key]
    was = c.old_of("domain", key)
    if was is None:
        return dict(new)
    old = c.old["domains"][was]
    names = {norm(new["name"])} | {
        norm(v["name"]) for v in new.get("by_environment", {}).values() if "name" in v
    }
    if norm(old["name"]) not in names:
        return dict(new)
    out: Data = {"name": old["name"]}
    by_env: Data = {}
    for env in c.new["environments"]:
        label = new.get("by_environment", {}).get(env, {})
        shown = label.get("name", new["name"])
        entry = {"name": shown} if norm(shown) != norm(old["name"]) else {}
        old_env = c.old_of("environment", env)
        link = label.get("link") or old.get("by_environment", {}).get(old_env or "", {}).get("link")
        if link:
            entry["link"] = link
        if entry:
            by_env[c.id("environment", env)] = entry
    if by_env:
        out["by_environment"] = by_env
    return out


def _environment(
    c: Carry, key: str, records: dict[str, tuple[dict[str, str], Data]], columns: Data
) -> Data:
    new = c.new["environments"][key]
    was = c.old_of("environment", key)
    old = c.old["environments"].get(was or "", {})
    out: Data = {"name": new["name"]}
    if old and norm(new["name"]) in {norm(old["name"]), norm(old.get("title", old["name"]))}:
        out = {k: old[k] for k in ("name", "title") if k in old}
    out["group_by"] = new.get("group_by", "none")
    out["columns"] = [_shown(c, col, columns) for col in new["columns"]]
    if "order" in new:
        out["order"] = [c.id("feature", f) for f in new["order"]]
    out["blocks"] = _blocks(new["blocks"], old or None, records)
    return out


def _shown(c: Carry, col: str | Data, columns: Data) -> str | Data:
    """A column of an environment, under the header the page gives it there."""
    key = col if isinstance(col, str) else col["id"]
    header = col.get("header") if isinstance(col, dict) else None
    written = c.id("column", key)
    header = header or c.new["columns"][key]["header"]
    return written if header == columns[written]["header"] else {"id": written, "header": header}


# --- features ---------------------------------------------------------------------------------


def _feature(
    c: Carry,
    key: str,
    columns: Data,
    records: dict[str, tuple[dict[str, str], Data]],
    report: Report,
) -> Data:
    new = c.new["features"][key]
    was = c.old_of("feature", key)
    old = c.old["features"].get(was or "", {})
    names = [new["name"], *new.get("aliases", [])]
    keep_name = bool(old) and norm(old["name"]) in {norm(n) for n in names}
    name = old["name"] if keep_name else new["name"]
    out: Data = {"name": name, "domain": c.id("domain", new["domain"])}
    if link := new.get("link") or old.get("link"):
        out["link"] = link
    aliases = [*old.get("aliases", []), *([old["name"]] if old and not keep_name else []), *names]
    former = list(old.get("former_ids", []))
    for gone_id in c.joined.get(key, []):  # old features the page now lists as this one
        gone = c.old["features"][gone_id]
        former += [gone_id, *gone.get("former_ids", [])]
        aliases += [gone["name"], *gone.get("aliases", [])]
        report.guess(
            1,
            "joined-feature",
            f"feature '{gone['name']}' ({gone_id}) is no longer on the page; taken as now part "
            f"of '{name}', which has one of its names or lists it where it was listed",
        )
    aliases = [a for a in dict.fromkeys(aliases) if a != name]
    if aliases:
        out["aliases"] = aliases
    if former:
        out["former_ids"] = list(dict.fromkeys(former))
    callouts = [x for x in old.get("callouts", []) if x in records["callouts"][1]]
    if callouts:
        out["callouts"] = callouts
    out["support"] = {
        c.id("environment", env): _support(c, key, env, name, columns, records)
        for env in new["support"]
    }
    _share_cells(old, out)
    return out


def _support(
    c: Carry,
    key: str,
    env: str,
    name: str,
    columns: Data,
    records: dict[str, tuple[dict[str, str], Data]],
) -> Data:
    new = c.new["features"][key]["support"][env]
    shown = new.get("name", c.new["features"][key]["name"])
    out: Data = {}
    if shown != name:
        out["name"] = shown
    if "references" in new:
        refs = records["references"][0]
        out["references"] = [
            {**r, "reference": refs.get(r["reference"], r["reference"])} for r in new["references"]
        ]
    if "footnotes" in new:
        out["footnotes"] = [records["footnotes"][0].get(f, f) for f in new["footnotes"]]
    out["cells"] = {c.id("column", k): c.cell(key, env, k, columns) for k in new["cells"]}
    return out


def _share_cells(old: Data, out: Data) -> None:
    """Cells the old feature shared across environments stay shared when every environment
    that shows the column still says the same there."""
    shared = old.get("cells", {})
    kept: Data = {}
    for col, value in shared.items():
        supports = [s for s in out["support"].values() if col in s["cells"]]
        if supports and all(s["cells"][col] == value for s in supports):
            kept[col] = value
            for s in supports:
                del s["cells"][col]
    if kept:
        out["cells"] = kept
