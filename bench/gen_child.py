"""Child process of bench/run.py: time `pipeline.generate` (load + validate + render) in a fresh
interpreter, run from a project folder, and print the figures as one JSON line.

Usage: python bench/gen_child.py REPEATS
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from generator import pipeline


def main(repeats: int) -> None:
    times: list[float] = []
    pages = 0
    for _ in range(repeats):
        started = time.perf_counter()
        generated = pipeline.generate([Path("data")], Path("templates"), date.today())
        times.append(time.perf_counter() - started)
        pages = len(generated.pages)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"times": times, "peak_kib": peak_kib, "pages": pages}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
