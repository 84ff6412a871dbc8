"""Benchmark of two-variable models and joint laws (issue 12): derive + verify at 50 digits.

Run: ``python benchmarks/bench_twovar.py``.  Prints one table: each request derived and
verified at 50 digits in a warm process (imports done and one other model derived first;
the request itself is new to the process, so its analysis, step checks and verification all
run), then again from the result cache.  Budget: 5 s of CPU time (user + system of this
process; wall time is shown beside it, but on a shared loaded machine it measures the load).
The persistent step cache is switched off, so each figure is the full work.  Task 1.12's
evidence table and curve are computed once per process (cached); the first 1.12 row includes
them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["SYMBOLIC_INFO_CACHE"] = "off"

from _common import budget, cpu_timed_twice, header, table  # noqa: E402

BSC = "X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}"
CASES = [
    ("mutual-information", {"joint": "mvnormal([0,0], [[1, rho], [rho, 1]])", "rho": "1/2"}),
    ("mutual-information", {"model": "X ~ normal(0, 1); Y | X ~ normal(rho*X, "
                            "sqrt(1 - rho^2))"}),
    ("mutual-information", {"model": "theta ~ normal(0, 2); x | theta ~ normal(theta, 1)",
                            "n": "10"}),
    ("mutual-information", {"model": BSC, "eps": "1/10"}),
    ("conditional-entropy", {"model": BSC, "eps": "1/10", "given": "Y"}),
    ("joint-entropy", {"model": BSC, "eps": "1/10"}),
    ("mutual-information", {"model": "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)", "mu": "2"}),
    ("mutual-information", {"model": "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)", "mu": "5"}),
    ("mutual-information", {"model": "p ~ beta(2, 2); k | p ~ binomial(100, p)"}),
    ("mutual-information", {"model": "p ~ beta(2, 2); k | p ~ binomial(10, p)", "n": "10"}),
    ("mutual-information", {"model": BSC.replace("eps", "a") + "; Z | Y ~ {0: bernoulli(b), "
                            "1: bernoulli(1 - b)}", "a": "1/10", "b": "1/5"}),
    ("mutual-information", {"model": "X ~ normal(0, 1); Y | X ~ normal(X, 1); "
                            "Z | Y ~ normal(Y, 1)"}),
    ("joint-entropy", {"joint": "2 on 0 < y < x < 1"}),
    ("mutual-information", {"joint": "x + y on [0,1]^2"}),
    ("joint-entropy", {"model": BSC.replace("eps", "a") + "; Z | Y ~ {0: bernoulli(b), "
                       "1: bernoulli(1 - b)}", "a": "1/10", "b": "1/5"}),
    ("conditional-entropy", {"model": "X ~ normal(0, 1); Y | X ~ normal(X, 1); "
                             "Z | Y ~ normal(Y, 1)", "given": "Z"}),
]


def shown(params: dict) -> str:
    text = "; ".join(f"{k}={v}" for k, v in params.items())
    return text if len(text) <= 70 else text[:67] + "..."


def main() -> None:
    from symbolic_info import derive
    from symbolic_info.catalog import clear_cache

    header("Two variables: models and joint laws (issue 12)")
    derive("mutual-information", model="X ~ bernoulli(1/3); Y | X ~ bernoulli(X/2 + 1/4)")
    rows = []
    for name, params in CASES:
        clear_cache()
        cold, cpu, again, d = cpu_timed_twice(derive, name, **params)
        numeric = any(word in str(d.result) for word in ("Integral(", "Sum("))
        rows.append((name, shown(params), f"{cpu:.2f}", f"{cold:.2f}", f"{again:.3f}",
                     "no (numeric)" if numeric else "yes",
                     "yes" if d.verified else "NO", d.verification.agree_digits,
                     budget(cpu, 5.0)))
    print("### Models and joint laws, 50 digits, warm process (budget 5 s CPU)\n")
    table(["measure", "request", "derive+verify CPU s", "wall s", "again (cached) s",
           "closed form", "verified", "agree digits", "budget"], rows)


if __name__ == "__main__":
    main()
