"""Differential entropy: sympy.stats.entropy versus symbolic_info, family by family.

For every family both know, sympy.stats.entropy runs in its own subprocess,
killed after the time cap (30 s of CPU time by default, so that a busy
machine does not shorten it; 10 times the cap of wall time at most): did it reach a closed form, how
long did it take (wall clock and CPU time: on a shared machine the CPU time is
the fair figure), and is the form readable (no unevaluated Integral, no
Meijer-G or hypergeometric function, no Piecewise)?  This package derives
the same entry (every step checked, result verified against quadrature at
50 digits) in a separate process: "first" is the first derivation of the
entry in the process (symbolic, steps checked at 3 random points, reference
at 3 points); "warm" is a second call with numeric parameters (steps cached,
one reference quadrature).

Run::

    python benchmarks/bench_sympy_stats.py [--cap 30] [--jobs 2] [--only normal,beta]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# family -> (known to sympy.stats?, parameters for the warm call)
CASES = {
    "normal": (True, {"mu": "1/3", "sigma": "3/2"}),
    "exponential": (True, {"lambda": "3/2"}),
    "uniform": (True, {"a": "-1", "b": "5/2"}),
    "laplace": (True, {"mu": "1", "b": "2"}),
    "gamma": (True, {"k": "5/2", "theta": "2"}),
    "beta": (True, {"alpha": "3/2", "beta": "5/2"}),
    "cauchy": (True, {"x0": "0", "gamma": "2"}),
    "logistic": (True, {"mu": "0", "s": "3/4"}),
    "lognormal": (True, {"mu": "1/2", "sigma": "3/4"}),
    "maxwell": (True, {"a": "2"}),
    "rayleigh": (True, {"sigma": "2"}),
    "weibull": (True, {"k": "3/2", "lambda": "2"}),
    "student_t": (True, {"nu": "5/2"}),
    "chi_squared": (True, {"k": "3"}),
    "chi": (True, {"k": "3"}),
    "pareto": (True, {"x_m": "1", "alpha": "5/2"}),
    "gumbel": (True, {"mu": "0", "beta": "2"}),
    "erlang": (True, {"k": "3", "lambda": "2"}),
    "f": (True, {"d1": "3", "d2": "5"}),
    "triangular": (True, {"a": "0", "b": "3", "c": "1"}),
    "mvnormal": (None, {"Sigma": "[[2,1/2],[1/2,1]]"}),
    "generalized_normal": (None, {"mu": "0", "alpha": "1", "beta": "3/2"}),
}

SYMPY_CHILD = r"""
import json, sys, time
import sympy as sp
import sympy.stats as S
mu, x0, a, b, c = sp.symbols("mu x0 a b c", real=True)
sigma, lam, k, theta, alpha, beta, gamma, s, nu, x_m, d1, d2 = sp.symbols(
    "sigma lam k theta alpha beta gamma s nu x_m d1 d2", positive=True)
ki = sp.Symbol("k", positive=True, integer=True)
MAKE = {
    "normal": lambda: S.Normal("X", mu, sigma),
    "exponential": lambda: S.Exponential("X", lam),
    "uniform": lambda: S.Uniform("X", a, b),
    "laplace": lambda: S.Laplace("X", mu, b),
    "gamma": lambda: S.Gamma("X", k, theta),
    "beta": lambda: S.Beta("X", alpha, beta),
    "cauchy": lambda: S.Cauchy("X", x0, gamma),
    "logistic": lambda: S.Logistic("X", mu, s),
    "lognormal": lambda: S.LogNormal("X", mu, sigma),
    "maxwell": lambda: S.Maxwell("X", a),
    "rayleigh": lambda: S.Rayleigh("X", sigma),
    "weibull": lambda: S.Weibull("X", lam, k),
    "student_t": lambda: S.StudentT("X", nu),
    "chi_squared": lambda: S.ChiSquared("X", k),
    "chi": lambda: S.Chi("X", k),
    "pareto": lambda: S.Pareto("X", x_m, alpha),
    "gumbel": lambda: S.Gumbel("X", beta, mu),
    "erlang": lambda: S.Erlang("X", ki, lam),
    "f": lambda: S.FDistribution("X", d1, d2),
    "triangular": lambda: S.Triangular("X", a, b, c),
}
X = MAKE[sys.argv[1]]()
t, c = time.perf_counter(), time.process_time()
h = S.entropy(X)
elapsed, cpu = time.perf_counter() - t, time.process_time() - c
bad = (sp.Integral, sp.meijerg, sp.hyper, sp.Piecewise)
print(json.dumps({"time": elapsed, "cpu": cpu, "readable": not h.has(*bad),
                  "unevaluated": h.has(sp.Integral), "form": sp.sstr(h)[:90]}))
"""

OURS_CHILD = r"""
import json, sys, time
from symbolic_info import derive
from symbolic_info.catalog import catalog
catalog()
derive("entropy/normal", sigma="2")  # imports and SymPy's caches warm
out = {}
for name, params in json.loads(sys.argv[1]).items():
    t, c = time.perf_counter(), time.process_time()
    d1 = derive("entropy/" + name)
    first, first_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    d2 = derive("entropy/" + name, **params)
    warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
    out[name] = {"first": first, "warm": warm, "first_cpu": first_cpu, "warm_cpu": warm_cpu,
                 "verified": d1.verified and d2.verified,
                 "digits": d2.verification.agree_digits, "form": str(d1.result)[:70]}
print(json.dumps(out))
"""


def _limit_cpu(cap: float):
    def limit() -> None:  # runs in the child: SIGXCPU after ``cap`` seconds of CPU time
        resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 1))

    return limit


def run_sympy(name: str, cap: float) -> dict:
    """sympy.stats.entropy in a child killed after ``cap`` s of CPU (or 10 cap s of wall)."""
    try:
        p = subprocess.run([sys.executable, "-c", SYMPY_CHILD, name], capture_output=True,
                           text=True, timeout=10 * cap, preexec_fn=_limit_cpu(cap))
    except subprocess.TimeoutExpired:
        return {"status": f"no answer in {cap:.0f} s", "time": None, "readable": False}
    if p.returncode < 0 or (p.returncode and not p.stderr.strip()):
        return {"status": f"no answer in {cap:.0f} s", "time": None, "readable": False}
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": "error: " + last.split(":")[0][:17], "time": None, "readable": False}
    r = json.loads(p.stdout)
    r["status"] = "closed form" if not r["unevaluated"] else "unevaluated integral"
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=30.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    names = [n for n in CASES if not args.only or n in args.only.split(",")]
    ours_proc = subprocess.run(
        [sys.executable, "-c", OURS_CHILD, json.dumps({n: CASES[n][1] for n in names})],
        capture_output=True, text=True, check=True)
    ours = json.loads(ours_proc.stdout)
    todo = [n for n in names if CASES[n][0]]
    with ThreadPoolExecutor(args.jobs) as pool:
        theirs = dict(zip(todo, pool.map(lambda n: run_sympy(n, args.cap), todo),
                          strict=True))
    head = (f"{'family':19s} | {'sympy.stats.entropy':24s} | {'wall':>6s} | {'CPU':>6s} | "
             f"{'readable':8s} || {'ours first':>10s} | {'CPU':>5s} | {'warm':>5s} | {'CPU':>5s} | "
             "verified")
    print(head)
    print("-" * len(head))
    for n in names:
        o = ours[n]
        t = theirs.get(n)
        if t is None:
            status, tt, tc, readable = "not in sympy.stats", "-", "-", "-"
        else:
            status = t["status"]
            done = t.get("time") is not None
            tt = f"{t['time']:.2f}" if done else "-"
            tc = f"{t['cpu']:.2f}" if done else "-"
            readable = "yes" if t.get("readable") else "no"
        ok = f"yes ({o['digits']} digits)" if o["verified"] else "NO"
        print(f"{n:19s} | {status:24s} | {tt:>6s} | {tc:>6s} | {readable:8s} || "
              f"{o['first']:10.2f} | {o['first_cpu']:5.2f} | {o['warm']:5.2f} | "
              f"{o['warm_cpu']:5.2f} | {ok}")
    reached = sum(1 for n in todo if theirs[n]["status"] == "closed form" and theirs[n]["readable"])
    print(f"\nsympy.stats: readable closed form for {reached} of {len(todo)} families "
          f"(cap {args.cap:.0f} s); symbolic_info: {sum(o['verified'] for o in ours.values())} "
          f"of {len(ours)} derived and verified; slowest first derivation "
          f"{max(o['first_cpu'] for o in ours.values()):.2f} s CPU "
          f"({max(o['first'] for o in ours.values()):.2f} s wall), slowest warm "
          f"{max(o['warm_cpu'] for o in ours.values()):.2f} s CPU; times in seconds")


if __name__ == "__main__":
    main()
