"""Schema check: the data against `schema/matrix.schema.json`, the single source of its shape.

jsonschema reports errors by JSON path; we map each back to the line and column the user wrote
and phrase it as "expected ..., found ...". Errors under `oneOf` are narrowed to the branch that
came closest, so a typo inside a block names the typo, not the whole block.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.checks.base import Context
from generator.diagnostics import Diagnostic, Level, did_you_mean, expected_one_of
from generator.load import Loaded
from generator.schema import document, resolved

NAME = "schema"


if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@cache
def _validator() -> Draft202012Validator:
    # Imported here: most files are valid, and jsonschema-rs says so without it.
    import jsonschema

    return jsonschema.Draft202012Validator(
        document(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _fast() -> Any:
    """jsonschema-rs (compiled, ~100x faster) answers "is it valid?"; jsonschema, which words
    errors the way `_phrases` expects, runs only when it is not."""
    try:
        import jsonschema_rs
    except ImportError:  # an optional speed-up: without it every file takes the slow path
        return None
    return jsonschema_rs.validator_for(document(), validate_formats=True)


def run(ctx: Context) -> list[Diagnostic]:
    loaded = ctx.loaded
    fast = _fast()
    if fast is not None and fast.is_valid(loaded.data):
        return []
    errors = sorted(_validator().iter_errors(loaded.data), key=lambda e: list(map(str, e.path)))
    found = {d for e in _leaves(errors) for d in _diagnostics(loaded, e)}
    # One line per problem: a value two keywords refuse in the same words (a date's format
    # and pattern) is reported once.
    once: dict[tuple[object, ...], Diagnostic] = {}
    for diag in sorted(found, key=lambda d: (d.loc, d.code, d.message)):
        once.setdefault((diag.loc, diag.path, diag.message), diag)
    return list(once.values())


def _leaves(errors: list[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        closer = _closest(error) if error.validator in ("oneOf", "anyOf") else []
        if closer:
            yield from _leaves(closer)
        else:
            yield error


def _closest(error: ValidationError) -> list[ValidationError]:
    """The errors of the branch the user meant, or [] when no branch stands out.

    A mapping meant the branch whose required keys it has (a block `{section: x, titel: y}` is a
    section block with an unknown key); otherwise the branch that got deepest into the value.
    """
    ctx = list(error.context or ())
    branches: list[dict[str, Any]] = list(error.validator_value)  # type: ignore[arg-type]
    if isinstance(error.instance, dict):
        for index, branch in enumerate(branches):
            required = branch.get("required", [])
            if required and all(k in error.instance for k in required):
                return [e for e in ctx if e.relative_schema_path[0] == index]
    else:
        # A list or scalar meant the one branch of its type (a repeated value in a list).
        typed = [i for i, b in enumerate(branches) if _accepts_type(b, error.instance)]
        if len(typed) == 1:
            return [e for e in ctx if e.relative_schema_path[0] == typed[0]]
    deepest = max((len(e.absolute_path) for e in ctx), default=0)
    if deepest > len(error.absolute_path):
        from jsonschema.exceptions import best_match

        return [best_match([e for e in ctx if len(e.absolute_path) == deepest])]
    return []


_JSON_TYPES = {list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _accepts_type(branch: dict[str, Any], value: Any) -> bool:
    branch = resolved(branch)
    if "oneOf" in branch:
        return any(_accepts_type(b, value) for b in branch["oneOf"])
    return branch.get("type") == _JSON_TYPES.get(type(value))


def _diagnostics(loaded: Loaded, error: ValidationError) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    out = []
    for code, message, key in _phrases(error):
        if "propertyNames" in error.absolute_schema_path:
            key = str(error.instance)
        loc_path = (*path, key) if key is not None else path
        loc = loaded.loc(loc_path, key=key is not None)
        written = loaded.written.get(path)
        changed = written is not None and written != str(error.instance)  # 1.10 read as 1.1
        if changed and key is None and code in ("schema-shape", "schema-type"):
            message += f"; to keep {written} as written, quote it: '{written}'"
        out.append(Diagnostic(Level.ERROR, code, loc, loc_path, message))
    return out


def _phrases(error: ValidationError) -> list[tuple[str, str, str | None]]:
    """(code, message, offending key or None) for each problem one schema error stands for."""
    value: Any = error.instance
    expected: Any = error.validator_value
    schema_: dict[str, Any] = error.schema  # type: ignore[assignment]
    if error.validator == "additionalProperties":
        allowed = list(schema_.get("properties", {}))
        return [
            (
                "schema-unknown-key",
                f"unknown key {extra!r}{did_you_mean(extra, allowed)}; expected one of "
                f"{', '.join(map(repr, allowed))}",
                extra,
            )
            for extra in sorted(set(value) - set(allowed))
        ]
    if error.validator == "required":
        return [
            ("schema-required", f"missing required key {k!r}", None)
            for k in expected
            if k not in value
        ]
    return [_phrase(error)]


Phrase = tuple[str, str, str | None]  # (code, message, offending key or None)

_PATTERNS = {
    "^[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$": "an id (lowercase letters, digits, single hyphens)",
    "\\S": "non-blank text",
    "^https?://\\S*/(?!\\n)$": "an http(s) URL ending in '/'",
    "^\\S+(?!\\n)$": "a link without spaces",
    "^\\d{4}-\\d{2}-\\d{2}(?!\\n)$": "a date (YYYY-MM-DD)",
}


def _phrase(error: ValidationError) -> Phrase:
    """(code, message, offending key or None) for one schema error."""
    kind = str(error.validator)
    phrase = _PHRASES.get(kind)
    found = phrase(error.instance, error.validator_value, error.schema) if phrase else None
    return found or (f"schema-{kind.lower()}", error.message, None)


def _count(word: str, most: bool = False) -> Any:
    def phrase(value: Any, expected: Any, _: Any) -> Phrase | None:
        if not isinstance(value, list | dict):
            return None
        bound = "at most" if most else "at least"
        code = f"schema-{'max' if most else 'min'}{'items' if word == 'item' else 'properties'}"
        return code, f"expected {bound} {_n(expected, word)}, found {len(value)}", None

    return phrase


def _unique(value: Any, expected: Any, _: Any) -> Phrase:
    dupes = sorted({repr(v) for v in value if value.count(v) > 1})
    return "schema-uniqueitems", f"{', '.join(dupes)} listed more than once", None


def _format(value: Any, expected: Any, _: Any) -> Phrase | None:
    if expected != "date":
        return None
    return "schema-format", f"expected a date (YYYY-MM-DD), found {value!r}", None


def _not(value: Any, expected: Any, _: Any) -> Phrase | None:
    if not isinstance(value, dict):
        return None
    key = "values" if "values" in value else "multi"
    message = f"{key!r} applies only to columns of type 'choice'; found type {value.get('type')!r}"
    return "schema-not", message, key


def _one_of(value: Any, expected: Any, schema_: Any) -> Phrase:
    found = _describe(value)
    if isinstance(value, dict) and value:
        keys = [str(b["required"][0]) for b in expected if b.get("required")]
        first = next(iter(value))
        if first not in keys:  # a key it has is no typo
            found += did_you_mean(first, keys)
    return "schema-shape", f"expected {_shape(schema_)}, found {found}", None


def _pattern(value: Any, expected: Any, _: Any) -> Phrase:
    what = _PATTERNS.get(expected, f"text matching {expected!r}")
    return "schema-pattern", f"expected {what}, found {value!r}", None


_PHRASES: dict[str, Any] = {
    "minItems": _count("item"),
    "maxItems": _count("item", most=True),
    "minProperties": _count("entry"),
    "uniqueItems": _unique,
    "format": _format,
    "not": _not,
    "enum": lambda value, expected, _: ("schema-enum", expected_one_of(value, expected), None),
    "const": lambda value, expected, _: (
        "schema-const", f"expected {_yaml(expected)}, found {_yaml(value)}", None
    ),
    "type": lambda value, expected, _: (
        "schema-type", f"expected {_type_name(expected)}, found {_describe(value)}", None
    ),
    "pattern": _pattern,
    "oneOf": _one_of,
}  # fmt: skip


def _n(count: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count} {word if count == 1 else plural}"


def _yaml(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value)


def _shape(schema_: dict[str, Any]) -> str:
    names = _branches(schema_)
    if len(names) > 2:
        return ", ".join(names[:-1]) + " or " + names[-1]
    return " or ".join(names) or "another shape"


def _branches(schema_: dict[str, Any]) -> list[str]:
    """What each branch of a oneOf accepts, in words (a $ref'd oneOf counts as its branches)."""
    names: list[str] = []
    for branch in schema_.get("oneOf", []):
        branch = resolved(branch)
        required = branch.get("required")
        if "oneOf" in branch:
            names += _branches(branch)
        elif required:
            keys = " and ".join(map(repr, required))
            names.append(f"a mapping with {keys}")
        else:
            names.append(_type_name(branch.get("type", "value")))
    return names


def _type_name(expected: Any) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "boolean": "true or false",
        "integer": "a whole number",
        "number": "a number",
        "null": "nothing",
    }
    if isinstance(expected, list):
        return " or ".join(names.get(str(t), str(t)) for t in expected)
    return names.get(str(expected), str(expected))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return f"a mapping with {', '.join(map(repr, value))}" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    return f"{value!r}"
