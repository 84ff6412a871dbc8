"""What opening an entry for the first time costs the app's server, before the warm-up got to it.

    python benchmarks/bench_first_open.py [--only PREFIX]

The app derives a catalog entry at its defaults in the server process (trusted work,
``symbolic_info.web.state``): the page (:func:`symbolic_info.web.worker.page_for`) and its
pictures (:func:`~symbolic_info.web.worker.pictures_for`).  The background warm-up
(``symbolic_info.web.warm``) does the same ahead of time; an entry opened before its turn
pays the whole cost.  Each state runs in a new interpreter that has imported the catalog
first (as a running server has), then opens every entry once, in catalog order:

- *cold*: an empty on-disk step cache (a server's first start after an install or upgrade);
- *steps cached*: the step cache the cold run filled (any later start of the same version).

Prints wall and CPU time (user + system of the process) per entry and the median and worst,
against the issue's budget of 3 s for a first open.  Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from _common import header, median, table  # noqa: E402

BUDGET = 3.0
"""Seconds for any entry opened for the first time (issue 15)."""


def child(only: str) -> None:
    """In the measured interpreter: one JSON line ``[name, wall, cpu, error]`` per entry."""
    from symbolic_info.catalog import catalog
    from symbolic_info.web import warm
    from symbolic_info.web.worker import page_for, pictures_for

    for name in catalog():
        if not name.startswith(only):
            continue
        params, units, dps = warm.request_of(name)
        payload = {"name": name, "params": params, "units": units, "dps": dps}
        wall, cpu, error = time.perf_counter(), time.process_time(), ""
        try:
            page_for(payload)
            pictures_for(payload)
        except Exception as exc:  # reported in the table, the others still measured
            error = f"{type(exc).__name__}: {exc}"[:120]
        print(json.dumps([name, time.perf_counter() - wall, time.process_time() - cpu, error]),
              flush=True)


def measure(cache_dir: str, only: str) -> dict:
    """``{name: (wall, cpu, error)}`` of a new interpreter with the step cache at ``cache_dir``."""
    env = dict(os.environ, SYMBOLIC_INFO_CACHE="on", SYMBOLIC_INFO_CACHE_DIR=cache_dir,
               SYMBOLIC_INFO_WARM="off")
    done = subprocess.run([sys.executable, __file__, "--child", "--only", only], env=env,
                          capture_output=True, text=True, timeout=3600, check=True)
    return {r[0]: tuple(r[1:]) for r in map(json.loads, done.stdout.splitlines())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="only entries whose name starts so")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.only)
        return

    header("First open of an entry in the app's server")
    print(f"- command: `{' '.join(sys.argv)}`\n")
    with tempfile.TemporaryDirectory(prefix="bench-first-open-") as tmp:
        cold = measure(tmp, args.only)
        cached = measure(tmp, args.only)
    rows = []
    for name, (wall, cpu, error) in cold.items():
        wall2, cpu2, error2 = cached.get(name, (float("nan"),) * 2 + ("missing",))
        rows.append([name, f"{wall:.2f}", f"{cpu:.2f}", f"{wall2:.2f}", f"{cpu2:.2f}",
                     error or error2 or ""])
    table(["entry", "cold wall s", "cold CPU s", "steps cached wall s", "steps cached CPU s",
           "error"], rows)
    summary = []
    for what, runs in (("cold", cold), ("steps cached", cached)):
        for kind, i in (("wall", 0), ("CPU", 1)):
            values = [r[i] for r in runs.values()]
            worst = max(runs, key=lambda n, i=i: runs[n][i])
            summary += [[f"{what}, {kind}: median", f"{median(values):.2f}", "-"],
                        [f"{what}, {kind}: worst ({worst})", f"{max(values):.2f}",
                         "ok" if max(values) <= BUDGET else "OVER"]]
    table(["first open", "seconds", f"budget {BUDGET:g} s"], summary)
    print(f"- load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
