"""File-system steps that never follow a symbolic link and fail as one line (issue 13).

The folders this tool writes (the generated docs, the built site) hold `MARKER`, which says
they are the tool's to replace. A file is written through a temporary file renamed over it, so
a link where the file goes is replaced, never written through; removing a link removes the
link, not its target; and `os_errors` turns any `OSError` into one `MatrixError` line naming
the path and the system's reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.errors import MatrixError

MARKER = ".support-matrix-generated"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` through a temporary file renamed over it, so a link at `path` is
    replaced, never written through; returns whether the file changed."""
    data = text.encode("utf-8")
    mode = lmode(path)
    if mode is not None and stat.S_ISREG(mode) and path.read_bytes() == data:
        return False
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        remove(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return True


def lmode(path: Path) -> int | None:
    """The mode of `path` itself (a link is not followed), or None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def is_file(path: Path) -> bool:
    mode = lmode(path)
    return mode is not None and stat.S_ISREG(mode)


def remove(path: Path) -> None:
    """Remove a file, a link (not its target) or a folder, if there."""
    mode = lmode(path)
    if mode is None:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        path.unlink()


def link_error(
    path: Path, code: str, what: str, option: str, expected: str = "folder"
) -> MatrixError:
    target = os.readlink(path) if os.path.islink(path) else "?"
    choose = f" or choose another {option}" if option else ""
    return MatrixError(
        f"{path}: error[{code}] expected a real {expected}, found "
        f"a symbolic link (to {target}); refusing to write {what} through it: remove the "
        f"link{choose}"
    )


@contextlib.contextmanager
def os_errors(where: Path, code: str, doing: str) -> Iterator[None]:
    """Turn a file-system failure into one line naming the path and the system's reason."""
    try:
        yield
    except OSError as exc:
        path = exc.filename if exc.filename is not None else where
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise MatrixError(f"{path}: error[{code}] {doing}: {reason}") from None
