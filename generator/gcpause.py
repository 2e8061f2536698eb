"""No cyclic garbage collection during bulk work (a generation, an import, a MkDocs build).

Such work makes hundreds of thousands of objects that live until it ends (nodes, rows, page
texts); every full collection would walk all of them again, so collections cost more the more
there is to do (about 15 % of a 100x generation). The work makes little cyclic garbage, and
what there is waits for the first collection after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Cyclic collection off inside the block (nested blocks are fine), and on again after
    the outermost one when it was on before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
