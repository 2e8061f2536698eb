"""`python -m generator` and the `support-matrix` command: the click CLI, plus Ctrl-C.

Ctrl-C ends any command with one line, `interrupted`, and exit status 130 (128 + SIGINT), not a
`KeyboardInterrupt` traceback nor click's `Aborted!` with status 1. The first Ctrl-C raises
`Interrupted`, which click and MkDocs do not catch (they handle `KeyboardInterrupt`), so it
unwinds every `finally` (the site build removes its temporary folder) and ends here.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from types import FrameType

INTERRUPTED_EXIT = 130


class Interrupted(BaseException):
    """Ctrl-C (SIGINT). Not a KeyboardInterrupt, so that nothing on the way swallows it."""


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    # A second Ctrl-C while the first unwinds is a plain KeyboardInterrupt, caught below too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    raise Interrupted


def main() -> None:
    """Run the CLI; exit 130 with one line on Ctrl-C."""
    try:
        with contextlib.suppress(ValueError):  # only the main thread may set a handler
            signal.signal(signal.SIGINT, _on_sigint)
        import click

        from generator import cli

        try:
            code = cli.main.main(standalone_mode=False)
        except click.Abort as exc:  # click turns KeyboardInterrupt and EOF into Abort
            if isinstance(exc.__cause__, KeyboardInterrupt):
                raise Interrupted from None
            click.echo("Aborted!", err=True)
            code = 1
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
    except (Interrupted, KeyboardInterrupt):
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
        sys.exit(INTERRUPTED_EXIT)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
