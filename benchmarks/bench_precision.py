"""Precision scaling: the reference verification at 50, 100, 300 and 1000 digits.

For each continuous entry (by default the named set ``entropy/normal``,
``entropy/exponential``, ``kl/normal``; ``--all`` for every continuous
``entropy/`` and ``kl/`` entry at 50-300 digits), in a fresh process:

- ours: ``derive(name, dps=N)`` at the default parameters, after a warm-up
  at 20 digits so that only the verification at N digits is timed; the digits
  agreed between closed form and reference;
- plain: ``mpmath.quad`` on the raw integrand ``-f ln f`` (``p ln(p/q)`` for
  KL) over the support, with ``f`` the textbook density lambdified for mpmath
  and ``mp.dps = N``; its digits agreeing with our verified value.

Every case runs under a time cap (``--cap`` seconds).  Usage::

    python benchmarks/bench_precision.py [--all] [--repeat 3] [--cap 120]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _common import header, median, run_python, seconds, table  # noqa: E402

NAMED = ("entropy/normal", "entropy/exponential", "kl/normal")
PRECISIONS = (50, 100, 300, 1000)

OURS = """
import json, time
from symbolic_info import derive
from symbolic_info.export import default_params
from symbolic_info.catalog import catalog
params = default_params(catalog()[{name!r}])
derive({name!r}, dps=20, **params)
t = time.perf_counter()
d = derive({name!r}, dps={dps}, **params)
print(json.dumps({{"seconds": time.perf_counter() - t, "digits": d.verification.agree_digits,
                  "ok": d.verified, "value": d.value}}))
"""

PLAIN = """
import json, time
import mpmath, sympy as sp
from symbolic_info.catalog import catalog
from symbolic_info.export import default_params
from symbolic_info.families import FAMILIES
name, dps = {name!r}, {dps}
entry = catalog()[name]
values = {{p.name: p.parse(t) for p, t in
          ((entry.param(k), v) for k, v in default_params(entry).items())}}
by_name = {{s.name: v for s, v in entry.symbols_of(values).items()}}
kind, family = name.split("/")
fam = FAMILIES[family]

def at(suffix):
    return fam.pdf.subs({{s: by_name[s.name + suffix] for s in fam.pdf.free_symbols
                         if s != fam.var}})

mpmath.mp.dps = dps
lo, hi = (mpmath.mpf(sp.N(b.subs({{s: by_name.get(s.name + ("1" if kind == "kl" else ""))
                                  for s in sp.sympify(b).free_symbols}}), dps + 10))
          if sp.sympify(b).is_finite else (mpmath.inf if b == sp.oo else -mpmath.inf)
          for b in fam.support)
if kind == "entropy":
    f = sp.lambdify(fam.var, at(""), "mpmath")
    integrand = lambda x: -f(x) * mpmath.log(f(x))
else:
    p, q = (sp.lambdify(fam.var, at(s), "mpmath") for s in ("1", "2"))
    integrand = lambda x: p(x) * mpmath.log(p(x) / q(x))
t = time.perf_counter()
value = mpmath.quad(integrand, [lo, hi])
print(json.dumps({{"seconds": time.perf_counter() - t, "value": mpmath.nstr(value, dps + 5)}}))
"""


def agreed(a: str, b: str, dps: int) -> int:
    """Significant digits on which two decimal strings agree (mpmath at dps + 10)."""
    import mpmath

    ctx = mpmath.MPContext()
    ctx.dps = dps + 10
    x, y = ctx.mpf(a), ctx.mpf(b)
    if x == y:
        return dps
    rel = abs(x - y) / max(abs(x), abs(y))
    return max(0, min(dps, int(-ctx.log10(rel))))


def run(code: str, cap: float, repeat: int) -> tuple:
    times, last = [], None
    for _ in range(repeat):
        wall, out = run_python(code, cap)
        if wall is None or not out.strip():
            return None, None
        last = json.loads(out.strip().splitlines()[-1])
        times.append(last["seconds"])
    return median(times), last


def continuous_entries() -> list:
    from symbolic_info import catalog
    from symbolic_info.families import FAMILIES

    return [n for n in catalog() if n.split("/")[0] in ("entropy", "kl")
            and n.split("/")[-1] in FAMILIES]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="every continuous entry, 50-300 digits")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case below 1000 digits")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds per case")
    args = ap.parse_args()
    names = continuous_entries() if args.all else list(NAMED)
    precisions = PRECISIONS[:3] if args.all else PRECISIONS
    header("Precision scaling: reference verification vs plain mpmath.quad (seconds)")
    rows = []
    for name in names:
        for dps in precisions:
            repeat = 1 if dps >= 1000 else args.repeat
            ours, o = run(OURS.format(name=name, dps=dps), args.cap, repeat)
            plain, p = run(PLAIN.format(name=name, dps=dps), args.cap, 1 if dps >= 300 else repeat)
            plain_digits = agreed(p["value"], o["value"], dps) if (p and o) else "-"
            speedup = f"{plain / ours:.1f}x" if (ours and plain) else (
                f"> {args.cap / ours:.1f}x" if ours and plain is None else "-")
            rows.append([name, dps, seconds(ours, args.cap), o["digits"] if o else "-",
                         "yes" if o and o["ok"] else "NO", seconds(plain, args.cap),
                         plain_digits, speedup])
            print(f"  {name} @ {dps}", file=sys.stderr, flush=True)
    table(["entry", "digits asked", "ours (s)", "ours agreed", "verified", "plain quad (s)",
           "plain agreed", "speed-up"], rows)
    print(f"ours: median of {args.repeat} fresh processes below 1000 digits, 1 at 1000; plain: "
          f"median of {args.repeat} below 300 digits, else 1; cap {args.cap:g} s per case.")


if __name__ == "__main__":
    main()
