"""Benchmark of the information in a message and of the information gained (issue 12).

Run: ``python benchmarks/bench_bayes.py``.  Prints one table: each request
derived and verified at 50 digits in a warm process (imports done and one other
request derived first; the request itself is new to the process, so its
symbolic work, step checks and verification all run), then once more from the
derivation cache.  Budget: 5 s of CPU time (user + system of this process; wall time
beside it measures the machine's load as much as the work).

The persistent step cache is switched off, so each figure is the full work.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["SYMBOLIC_INFO_CACHE"] = "off"

from _common import budget, cpu_timed_twice, header, table  # noqa: E402

POISSON = "theta ~ exponential(mean=10); x | theta ~ poisson(theta)"
BINOMIAL = "p ~ beta(2, 2); k | p ~ binomial(100, p)"
REQUESTS = [
    ("information-in-message", {"X": "geometric(1/2)", "event": "X != 1"}),
    ("information-in-message", {"X": "1/100 on k = 1..100", "event": "X <= 50"}),
    ("information-in-message", {"X": "{1: 9/10, 2: 1/20, 3: 1/20}", "event": "X != 1"}),
    ("information-in-message", {"X": "poisson(4)", "event": "X <= 3"}),
    ("information-in-message", {"X": "binomial(10, 1/3)", "event": "X in {2, 4, 6}"}),
    ("information-in-message", {"X": "normal(0, 1)", "event": "X > 0"}),
    ("information-in-message", {"X": "exponential(1)", "event": "1 <= X <= 2"}),
    ("information-in-message", {"X": "6/(pi^2*k^2) on k = 1..oo", "event": "X != 1"}),
    ("information-gain", {"model": POISSON, "observed": "10"}),
    ("information-gain", {"model": POISSON, "observed": "10,9,11,8,10"}),
    ("information-gain", {"model": BINOMIAL, "observed": "10"}),
    ("information-gain", {"model": BINOMIAL, "observed": "10,9,11,8,10"}),
    ("information-gain", {"model": "mu ~ normal(0, 10); x | mu ~ normal(mu, 1)",
                          "observed": "3,4"}),
    ("information-gain", {"model": "p ~ beta(1, 1); k | p ~ bernoulli(p)",
                          "observed": "1,0,1"}),
    ("information-gain", {"model": "p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)",
                          "observed": "1,3,3,2"}),
    ("information-gain", {"model": "p ~ dirichlet(1/2, 1/2, 1/2, 1/2); x | p ~ categorical(p)",
                          "observed": "1,2,2,4,4,4"}),
    ("information-gain", {"model": "theta ~ uniform(0, 10); x | theta ~ poisson(theta)",
                          "observed": "3"}),
    ("information-gain", {"model": "theta ~ uniform(0, 10); x | theta ~ poisson(theta)",
                          "observed": "10,9,11,8,10"}),
    ("information-gain", {"model": "mu ~ laplace(0, 1); x | mu ~ normal(mu, 1)",
                          "observed": "3/2"}),
]


def shown(params: dict) -> str:
    text = "; ".join(f"{k}={v}" for k, v in params.items()).replace("|", "\\|")
    return text if len(text) <= 70 else text[:67] + "..."


def main() -> None:
    from symbolic_info import derive
    from symbolic_info.catalog import clear_cache

    header("The information in a message and the information gained (issue 12)")
    derive("information-in-message", X="geometric(1/3)", event="X > 2")  # warm-up
    rows = []
    for name, params in REQUESTS:
        clear_cache()
        cold, cpu, again, d = cpu_timed_twice(derive, name, units="bits", **params)
        rows.append((name, shown(params), f"{cpu:.2f}", f"{cold:.2f}", f"{again:.3f}",
                     (d.value or "")[:12], "yes" if d.verified else "NO",
                     d.verification.agree_digits, budget(cpu, 5.0)))
    print("### Requests, 50 digits, warm process (budget 5 s CPU)\n")
    table(["measure", "request", "derive+verify CPU s", "wall s", "again (cached) s", "bits",
           "verified", "agree digits", "budget"], rows)


if __name__ == "__main__":
    main()
