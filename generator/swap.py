"""Replacing the built site: only a folder this tool built, atomically, keeping what a person
added (issue 13).

The site is built into `.site.tmp-PID` beside `site/`, and swapped in whole only when the build
succeeded: on Linux with one `renameat2(RENAME_EXCHANGE)`, so a kill at any moment leaves a
complete `site/`, old or new; elsewhere with two renames, and a build that was killed between
them is put back by the next one. Temporary folders of processes that no longer run are
removed at the start of the next build.

Entries at the top of the old site that no build wrote (a `CNAME`, `.nojekyll`, anything added
by hand) are copied into the new site before the swap; the marker file lists what the build
wrote, so the next build knows which entries are whose.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import MatrixError
from generator.safe_fs import MARKER, is_file, link_error, lmode, os_errors, remove

# Kept from the old site even when it predates the list of built entries in its marker file:
# GitHub Pages' custom domain and its "no Jekyll" switch.
ALWAYS_KEPT = ("CNAME", ".nojekyll")


def check_replaceable(site_dir: Path) -> list[str] | None:
    """Refuse what is not ours to replace; returns what the old build wrote, as its marker
    lists it (None when the marker predates that list, or there is no old site)."""
    mode = lmode(site_dir)
    if mode is None:
        return None
    if stat.S_ISLNK(mode):
        raise link_error(site_dir, "site-dir-symlink", "the built site", "--site-dir")
    if not stat.S_ISDIR(mode):
        raise MatrixError(
            f"{site_dir}: error[site-dir-not-a-folder] expected a folder for the built site, "
            "found a file; remove it or choose another --site-dir"
        )
    if not is_file(site_dir / MARKER):
        if os.listdir(site_dir):
            raise MatrixError(
                f"{site_dir}: error[site-dir-foreign] refusing to replace a folder "
                "that is not a built site; remove it or choose another --site-dir"
            )
        return None
    with contextlib.suppress(ValueError, TypeError, KeyError):
        listed = json.loads((site_dir / MARKER).read_text(encoding="utf-8"))["built"]
        return [name for name in listed if isinstance(name, str)]
    return None


def site_marker(built: list[str]) -> str:
    """The marker file of a built site: what the build wrote, so the next one keeps the rest."""
    note = (
        "Built by python -m generator build. The entries listed here are replaced by the next "
        "build; any other entry at the top of this folder was added by hand and is kept."
    )
    return json.dumps({"note": note, "built": built}, indent=1) + "\n"


def keep_added(site_dir: Path, new: Path, built_before: list[str] | None, built: list[str]) -> None:
    """Copy the entries a person added to the old site (those no build wrote) into the new one;
    links are copied as links."""
    if lmode(site_dir) is None:
        return
    ours = {MARKER, *built, *(built_before if built_before is not None else ())}
    for name in sorted(os.listdir(site_dir)):
        if name in ours or (built_before is None and name not in ALWAYS_KEPT):
            continue
        src, dst = site_dir / name, new / name
        with os_errors(src, "site-dir-keep", "cannot keep this hand-added entry"):
            mode = os.lstat(src).st_mode
            if stat.S_ISLNK(mode):
                os.symlink(os.readlink(src), dst)
            elif stat.S_ISDIR(mode):
                shutil.copytree(src, dst, symlinks=True)
            else:
                shutil.copy2(src, dst, follow_symlinks=False)


def swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target`: atomically where the system can exchange two paths."""
    if lmode(target) is None:
        os.rename(new, target)
    elif _exchange(new, target):
        remove(new)  # now the old site
    else:
        old = temporary(target, "old", os.getpid())
        remove(old)
        os.rename(target, old)
        os.rename(new, target)
        remove(old)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2); False where that is not available."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Any = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or not glibc
        return None
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def temporary(site_dir: Path, kind: str, pid: int) -> Path:
    return site_dir.with_name(f".{site_dir.name}.{kind}-{pid}")


def clean_stale(site_dir: Path) -> None:
    """Remove the temporary folders of builds whose process is gone; first put back an old
    site that a build killed between its two renames left aside."""
    if lmode(site_dir.parent) is None:
        return
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(tmp|old)-([0-9]+)")
    stale = sorted(
        (match.group(1), int(match.group(2)))
        for name in os.listdir(site_dir.parent)
        if (match := pattern.fullmatch(name))
    )
    for kind, pid in stale:
        if pid != os.getpid() and _running(pid):
            continue
        path = temporary(site_dir, kind, pid)
        if kind == "old" and lmode(site_dir) is None and is_file(path / MARKER):
            os.rename(path, site_dir)
        else:
            remove(path)


def _running(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True
