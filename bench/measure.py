"""Run one command, print its wall time and peak RSS (of the command and its children).

Usage: python bench/measure.py -- <command ...>
Prints one JSON line: {"seconds": ..., "peak_rss_mb": ..., "returncode": ...}.
Each benchmark step runs in its own measure.py process so peaks are per step.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    start = time.perf_counter()
    result = subprocess.run(command)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": round(seconds, 3), "peak_rss_mb": round(peak_kb / 1024, 1),
                      "returncode": result.returncode}))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
