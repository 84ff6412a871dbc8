"""The course entries (issue 13): each derived and verified at 50 digits, and Blahut-Arimoto.

For each entry at the course's example parameters:

- first: the first call in this process (step checks included, unless on disk already);
- warm: later calls with the derivation cache and the capacity solver's cache cleared
  (steps stay checked): median and worst of ``--repeat`` runs; budget 3 s.

Blahut-Arimoto: ``capacity`` of a new random 20 x 20 channel at 50 digits, every run a
different matrix (so its Kuhn-Tucker steps are checked anew, and the solver runs at the
step, value and reference precisions); and the solver alone.  Budget 5 s.

Usage::

    python benchmarks/bench_course.py [--repeat 5] [--only quantised-entropy]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _common import budget, header, median, seconds, table, timed  # noqa: E402

from symbolic_info import derive  # noqa: E402
from symbolic_info.catalog import clear_cache  # noqa: E402
from symbolic_info.measures import quantised  # noqa: E402
from symbolic_info.measures.channel_spec import parse_channel  # noqa: E402
from symbolic_info.numeric.channel_capacity import solve_capacity  # noqa: E402

WARM, BA = 3.0, 5.0
CASES = [
    ("capacity", {"channel": "bsc(0.11)"}),
    ("capacity", {"channel": "bec(1/4)"}),
    ("capacity", {"channel": "z(1/2)"}),
    ("capacity", {"channel": "awgn(1, 1/2)"}),
    ("capacity", {"channel": "[[1/2,1/3,1/6],[1/6,1/2,1/3],[1/3,1/6,1/2]]"}),
    ("capacity", {"channel": "[[7/10,2/10,1/10],[1/10,6/10,3/10],[2/10,1/10,7/10]]"}),
    ("huffman", {"p": "0.4,0.3,0.2,0.1"}),
    ("cross-entropy/logits", {"logits": "2.8,0.4,-1", "label": "0"}),
    ("elbo/gaussian", {"mu": "0.5,-1", "sigma": "1,0.5"}),
    ("elbo/decomposition", {"x": "1", "tau": "1", "sigma": "1", "m": "1/4", "s": "1/2"}),
    ("quantised-entropy", {"X": "normal(0, 1)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "exponential(2)", "Y": "normal(0, 1)", "delta": "1/10"}),
    # no CDF in SymPy's closed form: the families' special-function CDFs (pieces for Laplace)
    ("quantised-entropy", {"X": "laplace(0, 1)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "gamma(5/2, 1)", "delta": "1/100"}),
    # too wide to walk: far tails by the Euler-Maclaurin series (numeric/cell_tails.py)
    ("quantised-entropy", {"X": "cauchy(0, 1)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "cauchy(0, 1)", "delta": "1/10"}),
    ("quantised-entropy", {"X": "lognormal(0, 1)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "lognormal(0, 1)", "delta": "1/10"}),
    ("quantised-entropy", {"X": "student_t(3)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "pareto(1, 2)", "delta": "1/100"}),
    ("quantised-entropy", {"X": "normal(0, 1000)", "delta": "1/100"}),
    # mixtures whose far tails hold a component's bump (failed 'did not settle' before)
    ("quantised-entropy", {"X": "1/2*laplace(0, 1) + 1/2*normal(3, 1)", "delta": "1/1000"}),
    ("quantised-entropy", {"X": "3/10*normal(0, 1000) + 7/10*cauchy(0, 1)", "delta": "1/100"}),
]


def random_channel(rng: random.Random, m: int, n: int) -> str:
    rows = []
    for _ in range(m):
        w = [rng.randint(1, 30) for _ in range(n)]
        rows.append("[" + ",".join(f"{v}/{sum(w)}" for v in w) + "]")
    return "[" + ",".join(rows) + "]"


def warm_runs(name: str, params: dict, repeat: int) -> tuple:
    """Wall and CPU seconds (this process's user + system time) of ``repeat`` warm calls."""
    times, cpus = [], []
    for _ in range(repeat):
        clear_cache()
        solve_capacity.cache_clear()
        quantised.clear_sums()
        cpu = time.process_time()
        t, d = timed(derive, name, dps=50, **params)
        cpus.append(time.process_time() - cpu)
        assert d.verified, (name, params)
        times.append(t)
    return times, cpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default=None, help="time only the entries of this name (and "
                    "skip Blahut-Arimoto unless it is capacity)")
    args = ap.parse_args()
    header("Course entries (issue 13): derive and verify at 50 digits")
    rows = []
    for name, params in CASES:
        if args.only and name != args.only:
            continue
        clear_cache()
        first, _ = timed(derive, name, dps=50, **params)
        times, cpus = warm_runs(name, params, args.repeat)
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        rows.append([f"`{name}`", f"`{shown[:60]}`", seconds(first), seconds(median(times)),
                     seconds(max(times)), seconds(median(cpus)), budget(median(cpus), WARM)])
    table(["entry", "parameters", "first s", "warm median s", "warm worst s",
           "warm median CPU s", f"budget {WARM:g} s (CPU)"], rows)

    if args.only and args.only != "capacity":
        return
    rng = random.Random(20)
    full, solver = [], []
    for _ in range(args.repeat):
        channel = random_channel(rng, 20, 20)
        clear_cache()
        solve_capacity.cache_clear()
        t, d = timed(derive, "capacity", dps=50, channel=channel)
        assert d.verified and d.verification.agree_digits == 50
        full.append(t)
        solve_capacity.cache_clear()
        rows_exact = parse_channel(channel).rows
        t, _ = timed(solve_capacity, rows_exact, 60)
        solver.append(t)
    table(["Blahut-Arimoto, 20 x 20, 50 digits", "median s", "worst s", f"budget {BA:g} s"], [
        ["capacity of a new matrix (steps checked, value, certificate)",
         seconds(median(full)), seconds(max(full)), budget(median(full), BA)],
        ["solver alone (float BA + Newton at 60 digits)", seconds(median(solver)),
         seconds(max(solver)), budget(median(solver), BA)],
    ])


if __name__ == "__main__":
    main()
