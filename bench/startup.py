"""How long the command line takes to start: `whosaid --version`, `whosaid search` on a small
store, and for comparison `whosaid extract --help` and a bare `python -c pass`, each run in a
fresh process several times: median and best wall-clock seconds, and the median CPU seconds
(user + system) the process used, which a busy machine inflates less than wall-clock time. The aim
is under 0.5 s for the first two; they must not import spaCy (tests/test_startup.py checks
that)."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WHOSAID = [str(Path(sys.executable).with_name("whosaid"))]  # the console script users run


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run of ``cmd``."""
    wall, cpu = [], []
    for _ in range(runs):
        cpu_before = cpu_of_children()
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
        cpu.append(cpu_of_children() - cpu_before)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from whosaid.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "whosaid.db")
        Store.open(db).close()
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "whosaid --version": [*WHOSAID, "--version"],
            "whosaid search": [*WHOSAID, "search", "satellites", "--db", db],
            "whosaid speakers": [*WHOSAID, "speakers", "--db", db],
            "whosaid extract --help": [*WHOSAID, "extract", "--help"],
            "import whosaid.pipeline": [sys.executable, "-c", "import whosaid.pipeline"],
        }
        print(f"start-up time, {args.runs} runs each (seconds)")
        print(f"{'command':<26}{'median':>8}{'best':>8}{'CPU s':>8}")
        for name, cmd in cases.items():
            wall, cpu = timed(cmd, args.runs)
            print(
                f"{name:<26}{statistics.median(wall):>8.3f}{min(wall):>8.3f}"
                f"{statistics.median(cpu):>8.3f}"
            )
        print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
