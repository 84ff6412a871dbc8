"""Catalog latency and start-up: every entry derived and verified at 50 digits.

For each catalog entry, at its default parameters:

- first: the first call in this process (step checks included);
- warm: later calls with the derivation cache cleared (steps stay checked):
  median and worst of ``--repeat`` runs;
- cached: a repeated identical request (the derivation cache answers);
- fresh process: ``symbolic-info derive NAME --param ... --dps 50`` end to end, with the
  user's on-disk caches (after the first run the finished derivation answers:
  ``bench_startup.py`` measures the cached, steps-only and cold states apart).

Start-up: ``import symbolic_info`` and ``symbolic-info list`` in a fresh process.

Usage::

    python benchmarks/bench_catalog.py [--repeat 5] [--fresh-repeat 3] [--only kl/]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _common import budget, header, median, param_args, run_python, seconds, table, timed  # noqa: E402

from symbolic_info import catalog, derive  # noqa: E402
from symbolic_info.catalog import clear_cache  # noqa: E402
from symbolic_info.export import default_params  # noqa: E402

WARM_MEDIAN, WARM_WORST, FRESH, IMPORT = 0.3, 2.0, 2.0, 1.0


def cli() -> list:
    exe = shutil.which("symbolic-info", path=os.path.dirname(sys.executable)) or shutil.which(
        "symbolic-info")
    code = "import sys; from symbolic_info.cli import main; sys.exit(main())"
    return [exe] if exe else [sys.executable, "-c", code]


def fresh_derive(name: str, params: dict, repeat: int) -> list:
    argv = [*cli(), "derive", name, "--dps", "50", "--format", "json", *param_args(params)]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return times


def startup(repeat: int) -> list:
    code = ("import time; t = time.perf_counter(); import symbolic_info; "
            "print(time.perf_counter() - t)")
    imports = [float(run_python(code, 60)[1]) for _ in range(repeat)]
    lists = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([*cli(), "list"], capture_output=True, check=True)
        lists.append(time.perf_counter() - t)
    return [("import symbolic_info (in-process time)", median(imports), IMPORT),
            ("symbolic-info list (whole process)", median(lists), FRESH)]


def measure(name: str, repeat: int, fresh_repeat: int) -> list:
    params = default_params(catalog()[name])
    first, d = timed(derive, name, dps=50, **params)
    warm = []
    for _ in range(repeat):
        clear_cache()
        warm.append(timed(derive, name, dps=50, **params)[0])
    cached = median([timed(derive, name, dps=50, **params)[0] for _ in range(repeat)])
    fresh = median(fresh_derive(name, params, fresh_repeat)) if fresh_repeat else None
    return [name, f"{first:.3f}", f"{median(warm):.3f}", f"{max(warm):.3f}", f"{cached:.5f}",
            seconds(fresh) if fresh is not None else "-", d.verification.agree_digits,
            "yes" if d.verified else "NO"], median(warm), max(warm), fresh


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--fresh-repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="only entries whose name contains this")
    args = ap.parse_args()
    header("Catalog latency at 50 digits (seconds)")
    rows, warms, worsts, freshes = [], [], [], []
    for name in catalog():
        if args.only not in name:
            continue
        row, w, worst, fresh = measure(name, args.repeat, args.fresh_repeat)
        rows.append(row)
        warms.append(w)
        worsts.append(worst)
        if fresh is not None:
            freshes.append(fresh)
        print(f"  measured {name}", file=sys.stderr, flush=True)
    table(["entry", "first", "warm median", "warm worst", "cached", "fresh process",
           "digits", "verified"], rows)
    summary = [
        ("warm median over entries (median of medians)", median(warms), WARM_MEDIAN),
        ("warm worst over entries", max(worsts, default=None), WARM_WORST),
        ("fresh-process derive, median over entries", median(freshes) if freshes else None,
         FRESH),
        ("fresh-process derive, worst entry", max(freshes, default=None), None),
        *startup(args.fresh_repeat or 3),
    ]
    table(["measure", "seconds", "budget", "status"],
          [(m, seconds(v), f"<= {b}" if b else "-", budget(v, b) if b else "-")
           for m, v, b in summary])
    slow = [r[0] for r, w in zip(rows, warms, strict=True) if w > 1.0]
    print(f"entries over 1 s warm (issue 2 budget): {', '.join(slow) or 'none'}")


if __name__ == "__main__":
    main()
