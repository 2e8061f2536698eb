"""`python -m generator import NEW.md --update data/X.yaml`: a newer version of a page, merged
into the data that exists for it (curated by hand or imported before), so that
`python -m generator diff` between the two reads as the page's real changes.

The page is imported as usual, then written in the existing data's terms (`carry`, `updated`):
every thing keeps its id (found by id, name, alias, former id, header, and content), renames are
recorded (old names as aliases), and what people wrote that the page does not contradict stays.
The report says what was matched and how, what is new, what is gone, and every guess, one line
each, with the line of the existing file (`data/X.yaml:42:1: guess[renamed] ...`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator import load, model, validate
from generator.changes.pairing import name_key
from generator.diagnostics import Diagnostic
from generator.importer import emit
from generator.importer.carry import THINGS, Carry
from generator.importer.page import ImportFailed, ImportResult, import_page
from generator.importer.report import Report
from generator.importer.updated import updated

Data = dict[str, Any]
_NAMES = {"feature": "name", "environment": "name", "domain": "name", "column": "header"}


class UpdateFailed(Exception):
    """The existing data cannot be updated: its diagnostics, one line each."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


@dataclass(frozen=True, slots=True)
class UpdateResult:
    data: Data
    yaml: str
    imported: ImportResult  # the page on its own, with its import report
    report: Report  # what was matched, new, gone, guessed
    check: tuple[Diagnostic, ...]


def read_existing(path: Path, today: date) -> load.Loaded:
    """The existing data file, which must pass check."""
    loaded, diags = load.load_file(path, str(path))
    if loaded is not None:
        diags += validate.validate(loaded, today)
    errors = [d for d in diags if d.is_error]
    if loaded is None or errors:
        raise UpdateFailed(errors or diags)
    return loaded


def update(
    page_text: str,
    page_name: str,
    existing: load.Loaded,
    *,
    links: dict[str, str] | None = None,
    today: date | None = None,
) -> UpdateResult:
    old: Data = existing.data
    fresh = import_page(
        page_text, page_name, old["id"], links=links or old.get("links"), output=existing.file
    )
    errors = [d for d in fresh.check if d.is_error]
    if errors:
        raise ImportFailed(errors[0])
    new_loaded = fresh.loaded
    assert new_loaded is not None  # checked above
    carry = Carry(old, fresh.data, (model.build(existing), model.build(new_loaded)))
    report = Report(existing.file)
    data = updated(carry, report)
    _explain(carry, existing, report)
    text = emit.dump(data, _header(existing.file, page_name))
    loaded, diags = load.load_text(text, existing.file)
    if loaded is not None:
        diags += validate.validate(loaded, today or date.today())
    return UpdateResult(data, text, fresh, report, tuple(diags))


def _header(existing: str, page: str) -> str:
    """The comment at the top of the existing file (without the schema line), else a note."""
    try:
        lines = Path(existing).read_text("utf-8").splitlines()
    except OSError:
        lines = []
    comments = []
    for text in lines:
        if not text.startswith("#"):
            break
        if text != emit.SCHEMA_COMMENT:
            comments.append(text[1:].removeprefix(" "))
    while comments and not comments[-1].strip():
        comments.pop()
    updated_from = f"Updated from {Path(page).name} by `python -m generator import --update`."
    return "\n".join(comments) if comments else updated_from


def _explain(c: Carry, existing: load.Loaded, report: Report) -> None:
    """One line per thing matched other than by its id and name, per new thing and per thing
    gone; then the counts."""
    counts = []
    for thing, attr in THINGS.items():
        tally = {"kept": 0, "matched": 0, "renamed": 0, "new": 0, "gone": 0}
        for key in c.new[attr]:
            tally[_one(c, existing, report, thing, key)] += 1
        paired = set(c.pairs.of[thing].values())
        for was, old in c.old[attr].items():
            if was not in paired:
                tally["gone"] += 1
                line = existing.loc((attr, was)).line
                text = f"{thing} '{old[_NAMES[thing]]}' ({was}) is no longer on the page"
                report.note(line, f"gone-{thing}", text)
        parts = ", ".join(f"{n} {k}" for k, n in tally.items() if n or k == "kept")
        counts.append(f"{len(c.new[attr])} {attr} ({parts})")
    report.headline = f"updated {existing.file}: " + ", ".join(counts)


def _one(c: Carry, existing: load.Loaded, report: Report, thing: str, key: str) -> str:
    """How one of the page's things was found in the existing data (reported unless by id)."""
    attr, field = THINGS[thing], _NAMES[thing]
    value = c.new[attr][key]
    was = c.old_of(thing, key)
    if was is None:
        text = f"{thing} '{value[field]}' ({c.id(thing, key)}) is new"
        report.note(1, f"new-{thing}", text)
        return "new"
    old = c.old[attr][was]
    line = existing.loc((attr, was)).line
    if was == key and old.get(field) == value.get(field):
        return "kept"
    if _named_alike(c, thing, key, was):
        text = f"{thing} '{old[field]}' ({was}) is the page's '{value[field]}' (a name in common)"
        report.note(line, f"matched-{thing}", text)
        return "matched"
    report.guess(
        line,
        f"renamed-{thing}",
        f"{thing} '{old[field]}' ({was}) taken as the page's '{value[field]}': they hold much "
        "the same; recorded as a rename",
    )
    return "renamed"


def _named_alike(c: Carry, thing: str, key: str, was: str) -> bool:
    """Whether the pairing found them by a name (not by what they hold)."""
    attr, field = THINGS[thing], _NAMES[thing]
    new, old = c.new[attr][key], c.old[attr][was]
    names_new = {name_key(n) for n in [new[field], *new.get("aliases", [])]}
    names_old = {
        name_key(n) for n in [old[field], *old.get("aliases", []), old.get("title", "")] if n
    }
    if thing == "feature":
        names_new |= {name_key(s["name"]) for s in new["support"].values() if "name" in s}
        names_old |= {name_key(s["name"]) for s in old["support"].values() if "name" in s}
    if thing == "column":
        for side, names, col in ((c.new, names_new, key), (c.old, names_old, was)):
            for env in side["environments"].values():
                names |= {
                    name_key(x["header"])
                    for x in env["columns"]
                    if isinstance(x, dict) and x["id"] == col and "header" in x
                }
    return bool(names_new & names_old) or was == key
