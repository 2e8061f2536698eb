"""Child process of bench/run.py: time one generation (load + validate + render, no history) in
a fresh interpreter, run from a project folder, and print its wall and CPU times as one JSON
line. (Its peak RSS is measured from outside, by bench/measure_child.py.)

Usage: python bench/gen_child.py TEMPLATES

Works with today's pipeline (`pipeline.generate(pipeline.Options(...))`) and with the one
before it (`pipeline.generate(paths, templates, today)`, up to commit 027b527), whichever
`generator` is first on the import path, so an older revision can be measured beside this one.
One run per interpreter: nothing cached by a first run speeds up a second.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import generator
from generator import pipeline


def main(templates: Path) -> None:
    options = getattr(pipeline, "Options", None)
    started, cpu_started = time.perf_counter(), time.process_time()
    if options is not None:
        generated = pipeline.generate(options(date.today(), templates=templates, history=False))
    else:  # 027b527 and before
        old_generate: Any = pipeline.generate
        generated = old_generate([Path("data")], templates, date.today())
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    figures = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages": len(generated.pages),
        "bytes": sum(len(text.encode()) for text in generated.pages.values()),
        "generator": str(Path(generator.__file__).parent),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
