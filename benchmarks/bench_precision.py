"""Precision: every catalog entry verified at 100, 300 and 1000 digits, in a fresh process.

For each entry of ``symbolic-info list`` (or those picked with ``--entries``), and each
precision of ``--dps`` (default 100, 300, 1000):

- ours: the wall time of a fresh ``symbolic-info derive NAME --dps N --format json``
  process (the user's command: interpreter start, imports, the isolated worker, the step
  checks and the verification at the entry's seeded points), after one untimed run at
  20 digits that fills the on-disk step cache; its CPU time (the process and the worker
  it waited for: on a loaded machine the wall time grows with the load, the CPU time
  hardly, and on an idle one they are close); the digits on which closed form and
  reference agree, and whether the entry is verified.  The budget of issue 15 (idle
  machine): each entry within 10 s and the median within 3 s at 1000 digits, each within
  2 s at 300 digits; ``OVER`` marks a miss.  Every run has the cache of finished
  derivations off (``SYMBOLIC_INFO_DERIVATION_CACHE=off``: a re-run would otherwise print a
  stored answer in 0.1 s) and the step cache and the quadrature node store on, as a user's
  second request of another entry finds them;
- plain (``--baseline``, continuous entropies, 300 digits): ``mpmath.quad`` on
  ``-f ln f`` over the support, ``f`` the textbook density lambdified for mpmath at
  ``mp.dps = 300``, at the first point our verification used; its time and the digits
  on which it agrees with our verified value;
- Arb (``--baseline``, when ``python-flint`` is importable, a few families, 300 and
  1000 digits): ``flint.acb.integral`` (rigorous ball arithmetic; Johansson, "Numerical
  integration in arbitrary-precision ball arithmetic", ICMS 2018) on ``-f ln f``, the
  infinite ranges cut where the omitted mass is below ``10^-(N+20)``; time and digits.

Parametrised runs: ``--spec 'capacity --param "channel=[[0.6,0.4],[0.1,0.9]]"'`` (the words
after ``symbolic-info derive``, repeatable) and ``--readme-specs`` (the README's examples and a
few channel matrices, :data:`README_SPECS`) and ``--issue13-specs`` (issue 13's entries with
parameters, :data:`ISSUE13_SPECS`); without ``--entries`` only these run.

Every run has a cap (``--cap`` seconds, also passed as ``--time-limit``).  The load
average is printed with the table: figures taken on a shared machine are upper bounds.
Ctrl-C prints the table of the entries finished so far.

Usage::

    python benchmarks/bench_precision.py [--entries 'entropy/*,kl/gamma'] [--dps 300,1000]
        [--cap 60] [--baseline] [--json results.json] [--spec 'NAME --param K=V']
        [--readme-specs]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _common import header, median, table  # noqa: E402

PRECISIONS = (100, 300, 1000)
BUDGET_EACH = {300: 2.0, 1000: 10.0}
"""Seconds per entry (issue 15), by requested digits."""
BUDGET_MEDIAN = {1000: 3.0}
WARM_DPS = 20
README_SPECS = (
    'capacity --param "channel=bsc(0.11)"',
    'capacity --param "channel=bec(1/4)"',
    'capacity --param "channel=z(1/5)"',
    'capacity --param "channel=awgn(1, 1)"',
    'capacity --param "channel=[[7/10,1/5,1/10],[1/10,7/10,1/5],[1/5,1/10,7/10]]"',
    'capacity --param "channel=[[0.6,0.3,0.1],[0.2,0.5,0.3]]"',
    'capacity --param "channel=[[0.9,0.1,0],[0.2,0.6,0.2],[0,0.3,0.7]]"',
    'information-in-message --param "X=geometric(1/2)" --param "event=X != 1"',
    'information-gain --param "model=theta ~ exponential(mean=10); x | theta ~ poisson(theta)"'
    ' --param observed=10,9,11,8,10',
    'mutual-information --param "model=X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)"'
    ' --param mu=1',
    'mutual-information --param "joint=x + y on [0,1]^2"',
    'mutual-information --param "joint=mvnormal([0,0], [[1, 1/2], [1/2, 1]])"',
    'quantised-entropy --param "X=normal(0, 1)" --param delta=1/100',
    'maxent/discrete-mean --param support=1,2,3,4,5,6 --param mean=9/2',
    'stirling/multinomial --param p=1/2,1/3,1/6',
    'entropy --param "X=3*x^2 on [0, 1]"',
    'kl --param "P=normal(0, 1)" --param "Q=laplace(0, 1)"',
    'cross-entropy --param "P=normal(0, 1)" --param "Q=laplace(0, 1)"',
)
"""Parametrised runs (``--readme-specs``): the README's examples and a few channel
matrices (symmetric, general, with a zero), as words after ``symbolic-info derive``."""
ISSUE13_SPECS = (
    'capacity --param "channel=bsc(1/1000)"',
    'capacity --param "channel=[[1/2,1/4,1/8,1/8],[1/8,1/2,1/4,1/8],[1/8,1/8,1/2,1/4],'
    '[1/4,1/8,1/8,1/2]]"',
    'capacity --param "channel=[[0.5,0.25,0.25,0],[0.1,0.2,0.3,0.4],[0,0,0.01,0.99]]"',
    'huffman --param p=0.4,0.3,0.2,0.1',
    'huffman --param p=1/2,1/4,1/8,1/8',
    'huffman --param p=0.9999,0.00005,0.00003,0.00002',
    'quantised-entropy --param "X=laplace(0, 1)" --param delta=1/100',
    'quantised-entropy --param "X=gamma(5/2, 1)" --param delta=1/100',
    'quantised-entropy --param "X=1/2*laplace(0, 1) + 1/2*normal(3, 1)" --param delta=1/5',
    'quantised-entropy --param "X=normal(0, 1)" --param "Y=laplace(0, 1)" --param delta=1/10',
    'elbo/gaussian --param mu=0.5,-1 --param sigma=1,0.5',
    'elbo/gaussian --param mu=1000,0.001 --param sigma=0.001,1000',
    'elbo/decomposition --param x=3 --param tau=2 --param sigma=1/2 --param m=1 --param s=1/3',
    'cross-entropy/logits --param logits=2.8,0.4,-1 --param label=0',
    'cross-entropy/logits --param logits=1000,-1000,999.5 --param label=1',
    'cross-entropy/logits --param logits=70,1 --param label=0',
    'information-gain --param "model=mu ~ normal(0, 10); x | mu ~ normal(mu, 1)"'
    ' --param observed=1,2,3',
    'information-gain --param "model=p ~ beta(2, 2); k | p ~ binomial(100, p)" --param observed=37',
    'information-gain --param "model=p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)"'
    ' --param observed=1,3,3,2',
    'information-gain --param "model=mu ~ laplace(0, 1); x | mu ~ normal(mu, 1)"'
    ' --param observed=1/2',
    'information-in-message --param "X=6/(pi^2*k^2) on k = 1..oo" --param "event=X != 1"',
    'information-in-message --param "X=poisson(4)" --param "event=X <= 3"',
    'information-in-message --param "X=normal(0, 1)" --param "event=X > 0"',
    'information-in-message --param "X=exponential(1)" --param "event=1 <= X <= 2"',
    'mutual-information --param "model=p ~ beta(2, 2); k | p ~ binomial(10, p)"',
    'mutual-information --param "model=X ~ normal(0, 1); Y | X ~ normal(X, 1);'
    ' Z | Y ~ normal(Y, 1)"',
    'mutual-information --param "pxy=[[1/2,1/8],[1/8,1/4]]"',
    'joint-entropy --param "joint=2 on 0 < y < x < 1"',
    'conditional-entropy --param "model=X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)"'
    ' --param mu=1 --param given=X',
    'entropy --param "X=theta*x^(theta-1) on [0, 1]" --assume "theta > 0"',
    'entropy --param "X=w*uniform(0, 1) + (1-w)*uniform(2, 3)"',
    'entropy --param "X=exp(-abs(x - 1)/2)/4 on (-oo, oo)"',
    'entropy --param "X=1/2*normal(0, 1) + 1/2*normal(3, 1)"',
    'entropy --param "X=6/(pi^2*k^2) on k = 1..oo"',
    'entropy --param "X=1/(k*(k+1)) on k = 1..oo"',
    'kl --param "P=gamma(2, 1)" --param "Q=x*exp(-x) on [0, oo)"',
)
"""Parametrised runs of issue 13's entries and the custom ones (``--issue13-specs``):
each channel kind incl. matrices, Huffman codes (dyadic, skewed), quantisation of laplace,
gamma and a mixture, the ELBO entries, extreme logits, every kind of information gain, the
message, mutual information of models, tables and regions, and densities written by hand."""
FLINT_FAMILIES = ("normal", "exponential", "laplace", "logistic")
"""Families whose ``-f ln f`` the Arb anchor integrates (all of them entire on the real line
away from one kink, so ``acb.integral`` converges quickly)."""

CLI = "import sys; from symbolic_info.cli import main; sys.exit(main())"

PLAIN = """
import json, sys, time
import mpmath, sympy as sp
from symbolic_info.families import FAMILIES
name, dps, point = {name!r}, {dps}, {point!r}
fam = FAMILIES[name.split("/")[1]]
values = {{s: sp.Rational(point[p.name]) for p in fam.params for s in [p.symbol]
          if p.name in point}}
values.update({{fam.symbol(k): v for k, v in fam.defaults if fam.symbol(k) not in values}})
mpmath.mp.dps = dps
pdf = sp.lambdify(fam.var, fam.pdf.subs(values), "mpmath")
ends = [sp.sympify(e).subs(values) for e in fam.support]
ends = [mpmath.inf if e == sp.oo else -mpmath.inf if e == -sp.oo else mpmath.mpf(sp.N(e, dps + 10))
        for e in ends]

def integrand(x):
    f = pdf(x)
    return -f * mpmath.log(f) if f > 0 else mpmath.zero

t = time.perf_counter()
value = mpmath.quad(integrand, ends)
print(json.dumps({{"seconds": time.perf_counter() - t, "value": mpmath.nstr(value, dps + 5)}}))
"""

ARB = """
import json, time
from fractions import Fraction
from flint import acb, arb, ctx
name, dps, point = {name!r}, {dps}, {point!r}
ctx.dps = dps + 10
q = {{k: Fraction(v) for k, v in point.items()}}

def num(v):
    return arb(v.numerator) / v.denominator

ln10 = arb(10).log()
cut = (dps + 20) * ln10 + 10  # nats of tail left out (with the -ln f factor's growth)
family = name.split("/")[1]
if family == "normal":
    mu, s = num(q["mu"]), num(q["sigma"])
    c = (2 * arb.pi()).sqrt() * s
    def g(x, analytic):
        z = (x - mu) / s
        lf = -z * z / 2 - c.log()
        return -lf * lf.exp()
    half = s * (2 * cut).sqrt()
    pieces = [(mu - half, mu), (mu, mu + half)]
elif family == "exponential":
    lam = num(q["lambda"])
    def g(x, analytic):
        lf = lam.log() - lam * x
        return -lf * lf.exp()
    pieces = [(arb(0), 1 / lam), (1 / lam, (cut + 20) / lam)]
elif family == "laplace":
    mu, b = num(q["mu"]), num(q["b"])
    def g(x, analytic, side=1):
        lf = -(2 * b).log() - side * (x - mu) / b
        return -lf * lf.exp()
    left = lambda x, a: g(x, a, -1)
    pieces = [(mu - (cut + 20) * b, mu, left), (mu, mu + (cut + 20) * b, g)]
elif family == "logistic":
    mu, s = num(q["mu"]), num(q["s"])
    def g(x, analytic):
        z = (x - mu) / s
        lf = -s.log() - z - 2 * (1 + (-z).exp()).log()
        return -lf * lf.exp()
    pieces = [(mu - (cut + 20) * s, mu), (mu, mu + (cut + 20) * s)]
t = time.perf_counter()
total = acb(0)
for piece in pieces:
    a, b = piece[0], piece[1]
    f = piece[2] if len(piece) > 2 else g
    total += acb.integral(f, acb(a), acb(b))
seconds = time.perf_counter() - t
mid = total.real.mid()
print(json.dumps({{"seconds": seconds, "value": mid.str(dps + 5, radius=False),
                  "radius": total.real.rad().str(3, radius=False)}}))
"""


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


CPU_CAP = [None]
"""CPU seconds each fresh process may use (``--cpu-cap``; ``None``: the wall cap only)."""


def _limit_cpu():  # in the child, before exec: the limit is inherited by its workers
    if CPU_CAP[0] is not None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(CPU_CAP[0]), int(CPU_CAP[0]) + 1))


def fresh(code: str, cap: float, env=None) -> tuple:
    """Run ``python -c code`` in a fresh interpreter: ``(wall seconds or None, stdout)``.

    :data:`LAST_CPU` holds the run's CPU seconds (the process and the workers it waited
    for): on a shared machine the wall time grows with the load, the CPU time hardly."""
    t, cpu = time.perf_counter(), children_cpu()
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=cap, check=False, env=env, preexec_fn=_limit_cpu)
    except subprocess.TimeoutExpired:
        LAST_CPU[0] = None
        return None, ""
    LAST_CPU[0] = children_cpu() - cpu
    LAST_ERROR[0] = (out.stderr.strip().splitlines() or [""])[-1] if out.returncode else ""
    return time.perf_counter() - t, out.stdout


LAST_CPU = [None]
LAST_ERROR = [""]
"""The last line of a run's stderr when it exited with an error (``""`` otherwise)."""
TIME_LIMIT_WORDS = "did not finish within its"
"""What the CLI's one-line error says when ``--time-limit`` stopped the work."""


def derive_cli(name: str, dps: int, cap: float) -> tuple:
    """``(wall seconds or None on the cap, parsed JSON or None)`` of one fresh CLI run.

    ``name`` is a catalog name or a spec (``capacity --param "channel=bsc(0.11)"``: the
    words after ``symbolic-info derive``, split as a shell would)."""
    argv = ["symbolic-info", "derive", *shlex.split(name), "--dps", str(dps), "--format",
            "json", "--time-limit", f"{cap:g}"]
    code = f"import sys; sys.argv = {argv!r}; " + CLI.split("; ", 1)[1]
    wall, out = fresh(code, cap + 10, env=dict(os.environ, SYMBOLIC_INFO_DERIVATION_CACHE="off"))
    try:
        data = json.loads(out)
    except ValueError:  # refused (exit 2: an entry that needs parameters) or crashed
        if TIME_LIMIT_WORDS in LAST_ERROR[0]:  # stopped at --time-limit: at the cap, not refused
            return None, None
        return None, ({"error": LAST_ERROR[0]} if wall is not None and LAST_ERROR[0] else None)
    if wall is not None and wall > cap:
        wall = None
    if CPU_CAP[0] is not None and LAST_CPU[0] is not None and LAST_CPU[0] >= CPU_CAP[0]:
        wall = None
    return wall, data


def agreed(a: str, b: str, dps: int) -> int:
    """Significant digits on which ``a`` agrees with ``b`` printed to ``dps`` digits (at most
    ``dps``; within half a unit of ``b``'s last digit counts as all of them)."""
    import mpmath

    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    x, y = ctx.mpf(a), ctx.mpf(b)
    if x == y:
        return dps
    if y != 0 and abs(x - y) <= ctx.mpf(10) ** (ctx.floor(ctx.log10(abs(y))) - dps + 1) / 2:
        return dps  # within half a unit of the last digit of the printed value b
    rel = abs(x - y) / max(abs(x), abs(y))
    return max(0, min(dps, int(-ctx.log10(rel))))


def pick(patterns: str | None) -> list:
    """The catalog's names matching ``patterns``; an entry whose parameters are texts
    (``entropy``, ``information-gain``: refused without them) with its documented ones."""
    from symbolic_info import catalog
    from symbolic_info.catalog import entry
    from symbolic_info.measures.custom import LanguageEntry

    names = list(catalog())
    chosen = names if not patterns else []
    for pat in (patterns or "").split(","):
        chosen += [n for n in names if pat and fnmatch.fnmatch(n, pat.strip())
                   and n not in chosen]
    return [n + "".join(f" --param {shlex.quote(f'{p.name}={p.default}')}" for p in e.params
                          if p.default)
            if isinstance(e := entry(n), LanguageEntry) else n for n in chosen]


def cell(wall, data, cap) -> tuple:
    """``(seconds text, digits text, verified)`` of one run."""
    if data is not None and "error" in data:
        return "refused", "-", False
    if data is None:
        return (f"> {cap:g}" if wall is None else "error"), "-", False
    v = data.get("verification") or {}
    digits = v.get("agree_digits")
    shown = "0-bound" if digits is None and v.get("zero_bound") else str(digits)
    return f"{wall:.2f}" if wall is not None else f"> {cap:g}", shown, bool(data.get("verified"))


def summary(results: dict, names: list, precisions: list) -> list:
    lines = []
    for dps in precisions:
        counted = [n for n in names  # an entry refused without parameters has no time
                   if dps in results[n] and results[n][dps]["cell"][0] != "refused"]
        times = [results[n][dps]["seconds"] for n in counted if dps in results[n]]
        capped = sum(1 for t in times if t is None)
        known = [t for t in times if t is not None]
        short = [n for n in counted if dps in results[n] and not results[n][dps]["verified"]]
        worst = max(known) if known else float("nan")
        med = median([t if t is not None else float("inf") for t in times])
        cpus = [results[n][dps]["cpu"] for n in counted if dps in results[n]]
        cpu_med = median([c if c is not None else float("inf") for c in cpus])
        line = (f"- {dps} digits: median {med:.2f} s (cpu {cpu_med:.2f} s), worst {worst:.2f} s"
                + (f" ({capped} at the cap)" if capped else "")
                + f"; not verified: {', '.join(short) if short else 'none'}")
        if dps in BUDGET_EACH:
            over = [n for n in counted if dps in results[n] and (
                results[n][dps]["seconds"] is None
                or results[n][dps]["seconds"] > BUDGET_EACH[dps])]
            line += (f"; over {BUDGET_EACH[dps]:g} s: "
                     f"{', '.join(over) if over else 'none'}")
        if dps in BUDGET_MEDIAN:
            line += (f"; median budget {BUDGET_MEDIAN[dps]:g} s "
                     f"{'met' if med <= BUDGET_MEDIAN[dps] else 'MISSED'}")
        lines.append(line)
    return lines


def baselines(results: dict, names: list, cap: float) -> list:
    """Rows of plain ``mpmath.quad`` (300) and Arb (300, 1000) beside ours."""
    from symbolic_info.families import FAMILIES

    try:
        import flint  # noqa: F401
        have_flint = True
    except ImportError:
        have_flint = False
    rows = []
    for name in names:
        kind, _, family = name.partition("/")
        if kind != "entropy" or family not in FAMILIES:
            continue
        for dps in (300, 1000):
            ours = results.get(name, {}).get(dps)
            if not ours or not ours["verified"]:
                continue
            v = ours["data"]["verification"]
            point = v["points"][0]
            row = [name, dps, ours["cell"][0], ours["cell"][1]]
            if dps == 300:
                wall, out = fresh(PLAIN.format(name=name, dps=dps, point=point), cap)
                p = json.loads(out) if wall is not None and out.strip() else None
                row += ([f"{p['seconds']:.2f}", agreed(p["value"], v["value"], dps)] if p
                        else [f"> {cap:g}", "-"])
            else:
                row += ["", ""]
            if have_flint and family in FLINT_FAMILIES:
                wall, out = fresh(ARB.format(name=name, dps=dps, point=point), cap)
                a = json.loads(out) if wall is not None and out.strip() else None
                row += ([f"{a['seconds']:.2f}", agreed(a["value"], v["value"], dps),
                         a["radius"]] if a else [f"> {cap:g}", "-", "-"])
            else:
                row += ["", "", ""]
            if row[4] or row[7]:
                rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", help="comma-separated names or patterns (default: all)")
    ap.add_argument("--dps", default=",".join(map(str, PRECISIONS)),
                    help="comma-separated precisions (default 100,300,1000)")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--baseline", action="store_true",
                    help="plain mpmath.quad (300 digits) and Arb (300, 1000) beside ours")
    ap.add_argument("--no-warm", action="store_true", help="skip the 20-digit warm-up run")
    ap.add_argument("--cpu-cap", type=float,
                    help="cap each run's CPU seconds instead (RLIMIT_CPU; on a loaded machine, "
                    "with --cap as a generous wall limit)")
    ap.add_argument("--spec", action="append", default=[],
                    help="a parametrised run, the words after `symbolic-info derive` "
                    "(repeatable), e.g. 'capacity --param \"channel=bsc(0.11)\"'")
    ap.add_argument("--readme-specs", action="store_true",
                    help="add the README's parametrised examples (README_SPECS)")
    ap.add_argument("--issue13-specs", action="store_true",
                    help="add issue 13's entries with parameters (ISSUE13_SPECS)")
    ap.add_argument("--json", help="also write the raw results to this file")
    ap.add_argument("--repeat", type=int, default=1, help="ignored: one fresh run per case")
    args = ap.parse_args()
    CPU_CAP[0] = args.cpu_cap
    specs = (args.spec + (list(README_SPECS) if args.readme_specs else [])
             + (list(ISSUE13_SPECS) if args.issue13_specs else []))
    names = (pick(args.entries) if args.entries or not specs else []) + specs
    precisions = [int(d) for d in args.dps.split(",")]
    header("Precision: fresh `symbolic-info derive NAME --dps N` per entry (seconds, digits)")
    results: dict = {}
    try:
        measure(names, precisions, args, results)
    except KeyboardInterrupt:  # Ctrl-C: the table of the entries finished so far
        names = [n for n in names if len(results.get(n, {})) == len(precisions)]
    _report(names, precisions, args, results)


def measure(names: list, precisions: list, args, results: dict) -> None:
    """Fill ``results[name][dps]`` with one fresh CLI run each."""
    for name in names:
        results[name] = {}
        if not args.no_warm:
            derive_cli(name, WARM_DPS, args.cap)
        for dps in precisions:
            load = os.getloadavg()[0]
            wall, data = derive_cli(name, dps, args.cap)
            c = cell(wall, data, args.cpu_cap or args.cap)
            cpu = LAST_CPU[0] if wall is not None else None
            results[name][dps] = {"seconds": wall, "verified": c[2], "cell": c, "data": data,
                                  "load": load, "cpu": cpu}
            print(f"  {name} @ {dps}: {c[0]} s (cpu {cpu if cpu is None else round(cpu, 2)}), "
                  f"{c[1]} digits, "
                  f"{'verified' if c[2] else 'NOT verified'} (load {load:.2f})",
                  file=sys.stderr, flush=True)


def _report(names: list, precisions: list, args, results: dict) -> None:
    rows = []
    for name in names:
        row = [name]
        for dps in precisions:
            s, d, ok = results[name][dps]["cell"]
            budget = BUDGET_EACH.get(dps)
            t = results[name][dps]["seconds"]
            refused = s == "refused"
            flag = " OVER" if budget and not refused and (t is None or t > budget) else ""
            cpu = results[name][dps]["cpu"]
            row += [s + flag, "-" if cpu is None else f"{cpu:.2f}", d + ("" if ok else " NO")]
        rows.append(row)
    columns = ["entry"]
    for dps in precisions:
        columns += [f"{dps}: s", f"{dps}: cpu s", f"{dps}: digits"]
    table(columns, rows)
    print("\n".join(summary(results, names, precisions)))
    print(f"- load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"cap {args.cap:g} s per run; `NO` = not verified, `OVER` = over the budget\n")
    if args.baseline:
        rows = baselines(results, names, args.cap)
        print("### Baselines beside ours (digits agreeing with our verified value)\n")
        table(["entry", "digits", "ours (s)", "ours digits", "mpmath.quad (s)",
               "mpmath.quad digits", "Arb acb.integral (s)", "Arb digits", "Arb radius"], rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({n: {str(d): {k: v for k, v in r.items() if k != "data"}
                           for d, r in per.items()} for n, per in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
