"""Run the whole benchmark suite in one go, printing every table.

Usage::

    python benchmarks/run_all.py [--quick]

``--quick`` runs fewer repetitions (the figures are then rougher).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = (
    ("bench_catalog.py", [], ["--repeat", "2", "--fresh-repeat", "1"]),
    ("bench_precision.py", [], ["--repeat", "1", "--cap", "30"]),
    ("bench_sympy_stats.py", [], []),
    ("bench_scipy.py", [], ["--repeat", "2"]),
    ("bench_checker.py", [], []),
    ("bench_app.py", ["--runs", "7"], ["--runs", "3"]),
    ("bench_hostile.py", [], ["--only-extreme"]),
    ("bench_app_memory.py", [], ["--minutes", "1"]),
    ("bench_startup.py", [], ["--repeat", "3", "--derive-repeat", "1"]),
    ("bench_first_open.py", [], ["--only", "maxent"]),
    ("bench_classroom.py", [], ["--sessions", "10"]),
    ("bench_recognise.py", [], []),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    failed = []
    for script, full, quick in SUITE:
        print(f"\n# {script}\n", flush=True)
        code = subprocess.call([sys.executable, os.path.join(HERE, script),
                                *(quick if args.quick else full)])
        if code:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
