"""Child of bench/run.py: run one command, then report its wall time, CPU time and peak RSS.

Usage: python bench/measure_child.py REPORT.json TIMEOUT_SECONDS COMMAND...

The command is started from this small, fresh interpreter rather than from the benchmark
runner because Linux carries a process's RSS high-water mark across fork and exec: a command
started straight from the runner (which holds a whole synthetic matrix) would report the
runner's peak, not its own. Exits with the command's exit status, or 124 when it was stopped
after TIMEOUT_SECONDS.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

TIMED_OUT = 124


def main(report: Path, timeout: float, cmd: list[str]) -> int:
    started = time.perf_counter()
    try:
        code = subprocess.run(cmd, check=False, timeout=timeout).returncode
    except subprocess.TimeoutExpired:  # run() has killed the command
        code = TIMED_OUT
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_kib": usage.ru_maxrss,  # KiB on Linux
    }
    report.write_text(json.dumps(figures), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]))
