"""Benchmark of user-written distributions (issue 11): derive + verify, and refusals.

Run: ``python benchmarks/bench_custom.py``.  Prints two tables:

1. typical textbook densities, each derived and verified at 50 digits in a warm
   process (imports done and one other spec derived first; the spec itself is
   new to the process, so its symbolic work, step checks and verification all
   run).  Budget: 3 s.
2. hostile or hopeless specs: time until the one-line refusal (or the honest
   numeric answer).  Budget: 10 s.

The persistent step cache is switched off, so each figure is the full work.
Times are **CPU seconds** (user + system) of this process and of the sandbox
children it waited for (``resource.getrusage``): on a shared, loaded machine
they are the proxy for the time an idle machine would take; wall seconds are
shown beside them.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["SYMBOLIC_INFO_CACHE"] = "off"

from _common import budget, header, table  # noqa: E402

TYPICAL = [
    ("entropy", {"X": "2*x on [0, 1]"}),
    ("entropy", {"X": "3*x^2 on [0, 1]"}),
    ("entropy", {"X": "x*exp(-x) on [0, oo)"}),
    ("entropy", {"X": "sqrt(2/pi)*exp(-x^2/2) on [0, oo)"}),
    ("entropy", {"X": "exp(-abs(x))/2 on (-oo, oo)"}),
    ("entropy", {"X": "theta*x^(theta-1) on [0,1]", "assume": ["theta > 0"]}),
    ("entropy", {"X": "(1/2)^k on k = 1..oo"}),
    ("entropy", {"X": "1/6 on k = 1..6"}),
    ("entropy", {"X": "{1: 1/2, 2: 1/4, 3: 1/4}"}),
    ("entropy", {"X": "normal(0, 1)"}),
    ("entropy", {"X": "exponential(mean=10)"}),
    ("entropy", {"X": "1/2*uniform(0, 1) + 1/2*uniform(2, 3)"}),
    ("kl", {"P": "normal(0, 1)", "Q": "laplace(0, 1)"}),
    ("kl", {"P": "gamma(2, 1)", "Q": "exponential(1)"}),
    ("kl", {"P": "laplace(0, 1)", "Q": "normal(0, 1)"}),
    ("kl", {"P": "normal(0, 1)", "Q": "exponential(1)"}),
    ("cross-entropy", {"P": "3*x^2 on [0, 1]", "Q": "beta(2, 1)"}),
    # no closed form: two numerical methods must agree
    ("entropy", {"X": "1/(pi*(1+x^2)) on (-oo, oo)"}),
    ("entropy", {"X": "6/(pi^2*k^2) on k = 1..oo"}),
    ("entropy", {"X": "1/(k*(k+1)) on k = 1..oo"}),
    ("entropy", {"X": "1/2*normal(-2, 1) + 1/2*normal(2, 1)"}),
]

HOSTILE = [
    ("entropy", {"X": "__import__('os').system('touch /tmp/canary')"}),
    ("entropy", {"X": "exp(exp(exp(100))) on [0, 1]"}),
    ("entropy", {"X": "3*x^2 on [0, exp(exp(exp(100)))]"}),
    ("entropy", {"X": "10^10^10 on [0, 1]"}),
    ("entropy", {"X": "(" * 60 + "x" + ")" * 60 + " on [0, 1]"}),
    ("entropy", {"X": "x" * 5000}),
    ("entropy", {"X": "1/6 on k = 1..10^9"}),
    ("entropy", {"X": "x on [0, 1]"}),
    ("entropy", {"X": "x - 1/2 on [0, 2]"}),
    ("entropy", {"X": "1/x on [1, oo)"}),
    ("entropy", {"X": "1/(x*log(x)^2) on [e, oo)"}),
    ("entropy", {"X": "exp(exp(exp(exp(x)))) on [0, 1]"}),
    ("entropy", {"X": "x^1000*exp(-x^999) on [0, oo)"}),
    ("entropy", {"X": "exp(-x^4 + sin(x)) on (-oo, oo)"}),
    ("kl", {"P": "cauchy(0, 1)", "Q": "normal(0, 1)"}),
    ("entropy", {"X": "+".join([f"1/10*normal({i}, 1)" for i in range(10)])}),
    ("entropy", {"X": "+".join([f"1/10*normal({i}/4, {i + 1})" for i in range(10)])}),
    ("entropy", {"X": "exp(-x^1000) on [0, oo)"}),
    ("entropy", {"X": "1000*exp(-x^1000)/gamma(1/1000) on [0, oo)"}),
    ("entropy", {"X": "sin(" * 20 + "x" + ")" * 20 + " on [0, 1]"}),
    ("entropy", {"X": "exp(" * 12 + "-x" + ")" * 12 + " on [0, oo)"}),
    ("entropy", {"X": "1" + "0" * 10**6 + "*x on [0, 1]"}),
    ("entropy", {"X": "1" + "0" * 1900 + "*x on [0, 1]"}),
    ("entropy", {"X": "10^10^6*x on [0, 1]"}),
]


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                 resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def shown(params: dict) -> str:
    text = "; ".join(f"{k}={v if isinstance(v, str) else ','.join(v)}" for k, v in
                     params.items())
    return text if len(text) <= 60 else text[:57] + "..."


def main() -> None:
    from symbolic_info import derive
    from symbolic_info.catalog import clear_cache
    from symbolic_info.core import DerivationError

    header("User-written distributions (issue 11)")
    derive("entropy", X="4*x^3 on [0, 1]")  # warm-up: imports, first fork, SymPy caches
    rows = []
    for name, params in TYPICAL:
        clear_cache()
        c, t = cpu(), time.perf_counter()
        d = derive(name, **params)
        cold, wall = cpu() - c, time.perf_counter() - t
        c = cpu()
        derive(name, **params)
        again = cpu() - c
        closed = "yes" if "Integral(" not in str(d.result) and "Sum(" not in str(d.result) \
            else "no (numeric)"
        rows.append((name, shown(params), f"{cold:.2f}", f"{wall:.2f}", f"{again:.3f}", closed,
                     "yes" if d.verified else "NO", d.verification.agree_digits,
                     budget(cold, 3.0)))
    print("### Typical densities, 50 digits, warm process (budget 3 s of CPU)\n")
    table(["measure", "distribution", "derive+verify CPU s", "wall s", "again (cached) CPU s",
           "closed form", "verified", "agree digits", "budget"], rows)
    rows = []
    for name, params in HOSTILE:
        clear_cache()
        c, t = cpu(), time.perf_counter()
        try:
            d = derive(name, **params)
            outcome = f"answered ({'verified' if d.verified else 'NOT verified'})"
        except DerivationError as exc:
            outcome = "refused: " + str(exc)[:70]
        took, wall = cpu() - c, time.perf_counter() - t
        rows.append((name, shown(params), f"{took:.2f}", f"{wall:.2f}", outcome,
                     budget(took, 10.0)))
    print("### Hostile or hopeless specs (budget 10 s of CPU)\n")
    table(["measure", "distribution", "CPU s", "wall s", "outcome", "budget"], rows)


if __name__ == "__main__":
    main()
