"""Child process of bench/run.py: time `pipeline.generate` (load + validate + render) in a fresh
interpreter, run from a project folder, and print the wall and CPU times as one JSON line.
(Its peak RSS is measured from outside, by bench/measure_child.py.)

Usage: python bench/gen_child.py REPEATS BUDGET_SECONDS

Runs once, then again while fewer than REPEATS runs are done and another run (taking as long as
the last) stays within BUDGET_SECONDS in all.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from generator import pipeline


def main(repeats: int, budget: float) -> None:
    times: list[float] = []
    cpu_times: list[float] = []
    pages = 0
    while not times or (len(times) < repeats and sum(times) + times[-1] <= budget):
        started, cpu_started = time.perf_counter(), time.process_time()
        generated = pipeline.generate(pipeline.Options(date.today(), history=False))
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        pages = len(generated.pages)
    print(json.dumps({"times": times, "cpu_times": cpu_times, "pages": pages}))


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))
