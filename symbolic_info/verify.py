"""Checking steps and results (DESIGN.md, "Verification rules").

A step ``lhs = rhs`` is checked symbolically first (expectations made linear,
logarithms expanded under the symbols' assumptions, the difference
simplified to zero).  If that is inconclusive, both sides are evaluated at
seeded random admissible points at high precision, expectations by
quadrature, and must agree to all but a few guard digits.

Example
-------
>>> import sympy as sp
>>> s = sp.Symbol("sigma", positive=True)
>>> check_step(sp.log(s**2) / 2, sp.log(s), [], {}, 30).method
'symbolic'
>>> check_step(sp.log(s**2), sp.log(s), [{s: 2}], {}, 30).ok
False
"""

from __future__ import annotations

import random

import sympy as sp

from .core import Check
from .expectation import Expect, apply_linearity
from .numeric import GUARD, NumericError, agree_digits, evaluate, new_context, to_decimal
from .quadrature import expectation

__all__ = ["check_step", "random_points", "symbolically_zero", "numeric_value", "TOLERANCE"]

TOLERANCE = 3
"""Digits a numeric comparison may lose to rounding and still pass."""


def symbolically_zero(expr: sp.Expr, variables=()) -> bool:
    """True when ``expr`` provably simplifies to 0 (False means: not shown)."""
    d = sp.expand(expr)
    for var in variables:
        d = apply_linearity(d, var)
    if d == 0:
        return True
    try:
        d = sp.simplify(sp.expand_log(d))
    except (TypeError, ValueError, NotImplementedError):
        return False
    return d == 0


def _hooks(densities: dict, point: dict, ctx) -> dict:
    def hook(node, build):
        g, label = node.args
        value = expectation(densities[label].at(point), g, ctx)
        return lambda v: value

    return {Expect: hook}


def numeric_value(expr: sp.Expr, point: dict, densities: dict, ctx):
    """``expr`` at ``point`` on ``ctx``, expectations by quadrature."""
    return evaluate(sp.sympify(expr).subs(point), {}, ctx, _hooks(densities, point, ctx))


def check_step(lhs, rhs, points: list, densities: dict, dps: int) -> Check:
    """Check ``lhs = rhs``: symbolically, else numerically at ``points``."""
    variables = [d.var for d in densities.values()]
    if symbolically_zero(sp.sympify(lhs) - sp.sympify(rhs), variables):
        return Check("symbolic", True, dps, None, (), "difference simplifies to 0")
    if not points:
        return Check("unverified", False, dps, None, (), "no symbolic proof and no points")
    ctx = new_context(dps + GUARD)
    worst = dps
    shown = []
    try:
        for point in points:
            a = numeric_value(lhs, point, densities, ctx)
            b = numeric_value(rhs, point, densities, ctx)
            worst = min(worst, agree_digits(a, b, ctx, dps))
            shown.append({s.name: str(v) for s, v in point.items()})
            if worst < dps - TOLERANCE:
                detail = (
                    f"sides differ at {shown[-1]}: {to_decimal(a, 15, ctx)}"
                    f" vs {to_decimal(b, 15, ctx)}"
                )
                return Check("numeric", False, dps, worst, tuple(shown), detail)
    except (NumericError, ZeroDivisionError, ValueError) as exc:
        return Check("unverified", False, dps, None, tuple(shown), f"numeric check failed: {exc}")
    detail = f"agree to {worst} digits at {len(points)} seeded random points"
    return Check("numeric", True, dps, worst, tuple(shown), detail)


def random_points(params, seed: str, n: int = 3, fixed: dict | None = None, accept=None) -> list:
    """``n`` seeded random admissible points (symbol -> exact value).

    Values in ``fixed`` are kept; ``accept(point)`` rejects points that break
    a cross-parameter rule (such as ``a < b``).
    """
    rng = random.Random(seed)
    fixed = fixed or {}
    points = []
    while len(points) < n:
        for _ in range(1000):
            point = {
                p.symbol: fixed.get(p.symbol, None) if p.symbol in fixed else p.sample(rng)
                for p in params
                if p.symbol is not None
            }
            if accept is None or accept(point):
                break
        else:
            raise RuntimeError(f"no admissible random point for seed {seed!r}")
        points.append(point)
    return points
