"""Hostile and broken data files (issue 13): each ends in one `FILE:LINE:COL` error line, fast,
in little memory, never a traceback or a hang.

The limits are documented in README.md ("Limits") and in generator/load.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.load import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_INT_DIGITS, load_file, load_text
from tests.conftest import ROOT

TAG_HINT = "write the plain value (quote it to keep it as text)"


def lines(text: str) -> list[str]:
    loaded, diags = load_text(text, "m.yaml")
    if diags and diags[0].code not in ("yaml-duplicate-key", "yaml-merge", "yaml-key"):
        assert loaded is None
    return [str(d) for d in diags]


def file_lines(path: Path) -> list[str]:
    loaded, diags = load_file(path, "data/m.yaml")
    assert loaded is None
    return [str(d) for d in diags]


def bomb(size: int = 38_000) -> str:
    """A "billion laughs": each anchor is a list of nine aliases of the one before."""
    out = ["format: 1", 'a0: &a0 "lol"']
    level = 1
    while sum(len(line) + 1 for line in out) < size:
        out.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
        level += 1
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!float abc", "!!float"),
        ("!!int x", "!!int"),
        ("!!bool maybe", "!!bool"),
        ("!!str text", "!!str"),
        ("!mytag x", "!mytag"),
        ("! x", "!"),
        ("!!python/object/apply:os.system ['touch pwned']", "!!python/object/apply:os.system"),
        ("!<tag:example.com,2000:x> y", "tag:example.com,2000:x"),
        ("!!set {a, b}", "!!set"),
        ("!!binary aGVsbG8=", "!!binary"),
    ],
)
def test_a_tag_is_one_error_at_the_tag(value: str, shown: str) -> None:
    assert lines(f"format: 1\nid: x\ntitle: {value}\n") == [
        f"m.yaml:3:8: error[yaml-tag] title: tags are not supported, found {shown!r}; {TAG_HINT}"
    ]


def test_every_tag_is_reported_with_its_path() -> None:
    assert lines("a:\n  - !!int 1\n  - b: !x y\n") == [
        f"m.yaml:2:5: error[yaml-tag] a[0]: tags are not supported, found '!!int'; {TAG_HINT}",
        f"m.yaml:3:8: error[yaml-tag] a[1].b: tags are not supported, found '!x'; {TAG_HINT}",
    ]


def test_a_tag_on_a_key() -> None:
    assert lines("!!str a: 1\n") == [
        f"m.yaml:1:1: error[yaml-tag] tags are not supported, found '!!str'; {TAG_HINT}"
    ]


def test_bare_equals_and_merge_signs_are_text() -> None:
    loaded, diags = load_text("a: =\nb: <<\n", "m.yaml")
    assert diags == []
    assert loaded is not None
    assert loaded.data == {"a": "=", "b": "<<"}


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def test_a_5000_digit_integer() -> None:
    assert lines("format: 1\nsize: " + "9" * 5000 + "\n") == [
        "m.yaml:2:7: error[yaml-number] size: expected an integer of at most 30 digits, found"
        " 5000 digits (quote it to keep it as text)"
    ]


@pytest.mark.parametrize("text", ["-" + "1" * 31, "0x" + "f" * 30, "1_000" * 8])
def test_long_integers_in_other_forms(text: str) -> None:
    assert [line.split("]")[0] for line in lines(f"n: {text}\n")] == [
        "m.yaml:1:4: error[yaml-number"
    ]


def test_the_longest_integer_allowed_and_long_text() -> None:
    longest = "9" * MAX_INT_DIGITS
    loaded, diags = load_text(f"n: {longest}\nq: '{'9' * 5000}'\nf: 1.5{'0' * 5000}\n", "m.yaml")
    assert diags == []
    assert loaded is not None
    assert loaded.data["n"] == int(longest)
    assert loaded.data["q"] == "9" * 5000
    assert loaded.data["f"] == 1.5


# --------------------------------------------------------------------------------------------
# Nesting
# --------------------------------------------------------------------------------------------

DEPTH = f"expected mappings and lists nested at most {MAX_DEPTH} deep, found one nested deeper"


@pytest.mark.parametrize("depth", [MAX_DEPTH, 500, 100_000])
def test_deep_flow_nesting(depth: int) -> None:
    text = "format: 1\nnotes: " + "[" * depth + "]" * depth + "\n"
    # the root mapping is the first level, so the 64th bracket opens one level too many
    assert lines(text) == [f"m.yaml:2:{7 + MAX_DEPTH}: error[yaml-depth] {DEPTH}"]


def test_deepest_nesting_allowed() -> None:
    depth = MAX_DEPTH - 1
    loaded, diags = load_text("notes: " + "[" * depth + "]" * depth + "\n", "m.yaml")
    assert diags == []
    assert loaded is not None


def test_deep_block_and_flow_mapping_nesting() -> None:
    block = "".join(" " * i + f"k{i}:\n" for i in range(200))
    deeper = MAX_DEPTH + 1
    assert lines(block) == [f"m.yaml:{deeper}:{deeper}: error[yaml-depth] {DEPTH}"]
    flow = "a: " + "{a: " * 1000 + "}" * 1000 + "\n"
    assert lines(flow) == [f"m.yaml:1:{4 * MAX_DEPTH}: error[yaml-depth] {DEPTH}"]


# --------------------------------------------------------------------------------------------
# Anchors and aliases
# --------------------------------------------------------------------------------------------


def test_an_alias_bomb_stops_at_the_first_alias_past_the_limit() -> None:
    text = bomb()
    assert 37_000 < len(text.encode()) < 39_000
    assert lines(text) == [
        "m.yaml:8:10: error[yaml-alias] a6[0]: expected aliases to add at most 100,000 values in"
        " all; with *a5 they add 141,157: write the values out"
    ]


def test_aliases_up_to_the_limit_are_expanded() -> None:
    items = MAX_ALIAS_VALUES // 10 - 1  # a list of 9,999 numbers is 10,000 values
    anchor = "a: &a [" + ", ".join(["1"] * items) + "]\n"
    loaded, diags = load_text(anchor + "b: [" + ", ".join(["*a"] * 10) + "]\n", "m.yaml")
    assert diags == []
    assert loaded is not None
    assert loaded.data["b"] == [[1] * items] * 10
    assert [line.split(" ")[:3] for line in lines(anchor + "b: [" + "*a, " * 11 + "]\n")] == [
        ["m.yaml:2:45:", "error[yaml-alias]", "b[10]:"]
    ]


def test_an_ordinary_alias_is_a_copy() -> None:
    loaded, diags = load_text("a: &x {k: [1, 2]}\nb: *x\nc: &s text\nd: *s\n", "m.yaml")
    assert diags == []
    assert loaded is not None
    assert loaded.data == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": "text", "d": "text"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, *x]", "1:11: a[1]: alias *x is inside the value it names"),
        ("a: &x {b: {c: *x}}", "1:15: a.b.c: alias *x is inside the value it names"),
        ("a: *no", "1:4: a: unknown alias *no; expected an anchor &no before it"),
        ("a: &x 1\nb: &x 2", "2:4: b: duplicate anchor &x (first defined at line 1)"),
    ],
)
def test_alias_errors(text: str, expected: str) -> None:
    where, message = expected.split(": ", 1)
    assert lines(text + "\n") == [f"m.yaml:{where}: error[yaml-alias] {message}"]


# --------------------------------------------------------------------------------------------
# Characters and encodings
# --------------------------------------------------------------------------------------------

CONTROL_HINT = "expected text (tabs and line breaks are the only control characters allowed)"


def test_a_nul_byte_is_one_line_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"format: 1\nid: ab\x00c\n")
    assert file_lines(path) == [
        f"data/m.yaml:2:7: error[yaml-control-character] found a NUL byte; {CONTROL_HINT}"
    ]


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [
        ("a: b\n\tc: d\x07\n", "2:6", "the control character U+0007"),
        ("a: 'x\x1b[31m'\n", "1:6", "the control character U+001B"),
        ("a: \x9b\n", "1:4", "the control character U+009B"),
        ("a: ok\r\nb: \x7f\n", "2:4", "the control character U+007F"),
        ("a: \ud800\n", "1:4", "an unpaired surrogate U+D800"),
    ],
)
def test_control_characters(text: str, where: str, found: str) -> None:
    assert lines(text) == [
        f"m.yaml:{where}: error[yaml-control-character] found {found}; {CONTROL_HINT}"
    ]


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [
        ('link: "\\x01javascript:alert(1)"\n', "1:7 link", "the control character U+0001"),
        ('title: "T\\u0086"\n', "1:8 title", "the control character U+0086"),
        ('a:\n  - "\\e[31m"\n', "2:5 a[0]", "the control character U+001B"),
        ('"k\\x7f": 1\n', "1:1", "the control character U+007F"),
        ('a: "\\ud800"\n', "1:4 a", "an unpaired surrogate U+D800"),
    ],
    ids=["link", "c1-in-a-title", "escape-in-a-list", "key", "surrogate"],
)
def test_control_characters_written_as_escapes(text: str, where: str, found: str) -> None:
    """An escape in a quoted string makes the same character: refused the same way, at the
    value (issue 13: a C1 control character in a title broke the page's front matter)."""
    at, _, path = where.partition(" ")
    path = f" {path}:" if path else ""
    assert lines(text) == [
        f"m.yaml:{at}: error[yaml-control-character]{path} found {found}, written as an escape;"
        f" {CONTROL_HINT}"
    ]


def test_escapes_of_tabs_and_line_breaks_are_text() -> None:
    loaded, diags = load_text('a: "x\\ty\\nz\\r\\x85\\u2028"\n', "m.yaml")
    assert diags == []
    assert loaded is not None and loaded.data == {"a": "x\ty\nz\r\x85\u2028"}


def test_latin1_is_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("format: 1\ntitle: Défense café\n".encode("latin-1"))
    assert file_lines(path) == [
        "data/m.yaml:2:9: error[file-encoding] byte 0xe9 is not UTF-8 (invalid continuation"
        " byte); expected UTF-8 text (save the file as UTF-8)"
    ]


def test_the_column_of_a_bad_byte_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("a: 1\nb: ✓ é ".encode() + b"\xff\n")
    assert file_lines(path) == [
        "data/m.yaml:2:8: error[file-encoding] byte 0xff is not UTF-8 (invalid start byte);"
        " expected UTF-8 text (save the file as UTF-8)"
    ]


BOM = "the file is {0} (it starts with a {0} byte order mark); expected UTF-8"
NO_BOM = (
    "found a NUL byte between characters; the file looks like UTF-16 without a byte order mark;"
    " expected UTF-8"
)


@pytest.mark.parametrize(
    ("encoding", "where", "message"),
    [
        ("utf-16", "1:1", BOM.format("UTF-16")),
        ("utf-32", "1:1", BOM.format("UTF-32")),
        ("utf-16-le", "1:2", NO_BOM),
        ("utf-16-be", "1:1", NO_BOM),
    ],
)
def test_utf16_and_utf32(tmp_path: Path, encoding: str, where: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("format: 1\nid: x\n".encode(encoding))
    assert file_lines(path) == [f"data/m.yaml:{where}: error[file-encoding] {message}"]


def test_a_utf8_byte_order_mark_is_allowed_and_not_a_column(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\na: 2\n")
    loaded, diags = load_file(path, "data/m.yaml")
    assert loaded is not None
    assert [str(d) for d in diags] == [
        "data/m.yaml:2:1: error[yaml-duplicate-key] a: duplicate key 'a' (first defined at line 1)"
    ]


# --------------------------------------------------------------------------------------------
# Files that are not regular files
# --------------------------------------------------------------------------------------------


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "m.yaml"
    os.mkfifo(fifo)
    assert file_lines(fifo) == [
        "data/m.yaml:1:1: error[file-not-regular] expected a regular file, found a FIFO"
        " (named pipe)"
    ]


def test_a_socket_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    sock_path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        found = [
            file_lines(path)[0].split("found ")[1]
            for path in (sock_path, Path(os.devnull), tmp_path)
        ]
    assert found == ["a socket", "a character device", "a folder"]


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "m.yaml").symlink_to(tmp_path / "real.yaml")
    loaded, diags = load_file(tmp_path / "m.yaml")
    assert diags == []
    assert loaded is not None
    assert loaded.data == {"a": 1}


# --------------------------------------------------------------------------------------------
# The command line: one line, exit 1, seconds, a few hundred MB
# --------------------------------------------------------------------------------------------

MEMORY_LIMIT = 384 * 2**20  # address space, not only what is resident


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def check(*paths: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator check` with its address space capped and a time limit."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", *map(str, paths)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


HOSTILE = {
    "tag.yaml": ("id: !!python/object/apply:os.system ['touch pwned']", "2:5: error[yaml-tag]"),
    "number.yaml": ("id: " + "7" * 5000, "2:5: error[yaml-number]"),
    "deep.yaml": ("id: " + "[" * 100_000 + "]" * 100_000, f"2:{4 + MAX_DEPTH}: error[yaml-depth]"),
    "bomb.yaml": (bomb().removeprefix("format: 1\n"), "8:10: error[yaml-alias]"),
    "nul.yaml": ("id: a\x00", "2:6: error[yaml-control-character]"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_end_in_one_line_from_check(tmp_path: Path, name: str) -> None:
    text, expected = HOSTILE[name]
    (tmp_path / name).write_text(f"format: 1\n{text}\n", encoding="utf-8")
    result = check(tmp_path / name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    first, count = result.stderr.splitlines()
    assert first.startswith(f"{tmp_path / name}:{expected} ")
    assert count == "1 error, 0 warnings; aborted"
    assert not (tmp_path / "pwned").exists()


def test_a_fifo_in_the_data_folder_does_not_hang_check(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "pipe.yaml")
    result = check(cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "data/pipe.yaml:1:1: error[file-not-regular] expected a regular file, found a FIFO"
        " (named pipe)",
        "1 error, 0 warnings; aborted",
    ]


# --------------------------------------------------------------------------------------------
# Any text: diagnostics, never an exception
# --------------------------------------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from([*"ab:-[]{}&*!,'\"#|>?%@` \n\t\x00", "\u2028", "\ufeff", "é"]),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(YAMLISH, st.text(max_size=80)))
@example("a: &x [*x]")
@example("? [a]\n: b")
@example("!!python/name:os.system")
@example("a: !!timestamp x")
def test_any_text_loads_or_gives_one_line_diagnostics(text: str) -> None:
    loaded, diags = load_text(text, "m.yaml")
    for diag in diags:
        assert "\n" not in str(diag)
        assert str(diag).startswith("m.yaml:")
    if loaded is None:
        assert any(d.is_error for d in diags)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64))
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
def test_any_bytes_load_or_give_one_line_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "m.yaml"
    path.write_bytes(raw)
    loaded, diags = load_file(path, "m.yaml")
    assert all("\n" not in str(d) for d in diags)
    assert loaded is not None or diags
