"""Checking steps and results (README.md, "How verification works").

A step ``lhs = rhs`` is checked symbolically first (expectations made linear,
logarithms expanded under the symbols' assumptions, the difference
simplified to zero).  If that is inconclusive, both sides are evaluated at
seeded random admissible points at high precision, expectations by
quadrature, and must agree to all but a few guard *relative* digits; where
they do not, or a side is 0, both are re-evaluated at growing precision
(:mod:`symbolic_info.numeric.precision`): two sides of size ``1e-60`` agree only if
their digits do, and sides that vanish must both keep vanishing at every
precision (reported as a bound, not as digits).  Derivatives of
explicit expressions (``sp.Derivative``) and substitutions (``sp.Subs``)
are carried out by SymPy first.

The symbolic half lives in :mod:`~symbolic_info.engine.symbolic_zero`, the value of a
side in :mod:`~symbolic_info.engine.numeric_sides`.  Asymptotic steps are not identities
and get their own check (:mod:`~symbolic_info.engine.asymptotic_check`).

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

from ..core import Check
from ..numeric.context import GUARD, NumericError, agree_digits, new_context, to_decimal
from ..numeric.precision import cap_dps, settle, start_dps
from .asymptotic_check import check_asymptotic, is_asymptotic
from .divergence import check_divergence
from .numeric_sides import carry_out_derivatives, numeric_value
from .symbolic_zero import symbolically_zero

__all__ = ["check_step", "same_infinity", "random_points", "TOLERANCE"]

TOLERANCE = 3
"""Digits a numeric comparison may lose to rounding and still pass."""


def same_infinity(lhs, rhs) -> bool:
    """True when both sides are provably +oo, or both provably -oo.

    >>> same_infinity(sp.Mul(sp.oo, 1 / sp.log(2), evaluate=False), sp.oo)
    True
    >>> same_infinity(sp.oo, -sp.oo), same_infinity(sp.zoo, sp.oo)
    (False, False)
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    infinities = (sp.S.Infinity, sp.S.NegativeInfinity, sp.S.ComplexInfinity)
    if not (lhs.has(*infinities) and rhs.has(*infinities)):
        return False  # nothing infinite to compare; skips assumption queries on long sums
    if not (lhs.is_infinite and rhs.is_infinite):
        return False
    up = lhs.is_extended_positive and rhs.is_extended_positive
    down = lhs.is_extended_negative and rhs.is_extended_negative
    return bool(up or down)


def check_step(lhs, rhs, points: list, densities: dict, dps: int) -> Check:
    """Check ``lhs = rhs``: symbolically, else numerically at ``points``.

    Steps with an ``O(g)`` term or a ``Limit`` go to :func:`check_asymptotic`; a step
    claiming that expectations, integrals or sums are ``+-oo`` goes to
    :func:`~.divergence.check_divergence` (tail comparison certificates).
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if lhs == rhs and not (is_asymptotic(lhs) or lhs.has(sp.nan, sp.zoo)):
        # the same expression (a definition stated): no assumption queries on its kept
        # integrals (``same_infinity`` spent 0.13 s on information-gain's first step)
        return Check("symbolic", True, dps, None, (), "difference simplifies to 0")
    if is_asymptotic(lhs) or is_asymptotic(rhs):
        return check_asymptotic(lhs, rhs, points, densities, dps)
    lhs, rhs = carry_out_derivatives(lhs), carry_out_derivatives(rhs)
    if same_infinity(lhs, rhs):  # oo - oo is undefined: compare the two infinities directly
        return Check("symbolic", True, dps, None, (), "both sides are the same infinity")
    if rhs in (sp.oo, -sp.oo) and not lhs.is_infinite:
        certified = check_divergence(lhs, rhs, points, densities, dps)
        if certified is not None:
            return certified
    variables = [d.var for d in densities.values()]
    if symbolically_zero(sp.sympify(lhs) - sp.sympify(rhs), variables,
                         points[0] if points else None, densities):
        return Check("symbolic", True, dps, None, (), "difference simplifies to 0")
    if not points:
        return Check("unverified", False, dps, None, (), "no symbolic proof and no points")
    ctx = new_context(dps + GUARD)
    worst, vanish, shown = None, None, []
    try:
        for point in points:
            a = numeric_value(lhs, point, densities, ctx)
            b = numeric_value(rhs, point, densities, ctx)
            digits = agree_digits(a, b, ctx, dps)
            shown.append({s.name: str(v) for s, v in point.items()})
            if digits < dps - TOLERANCE or a == 0 or b == 0:  # cancellation? look closer
                digits, bound, a, b = _settled_sides(lhs, rhs, point, densities, dps)
                if bound is not None:
                    vanish = bound if vanish is None else max(vanish, bound)
            if digits is not None:
                worst = digits if worst is None else min(worst, digits)
            if digits is not None and digits < dps - TOLERANCE:
                detail = (
                    f"sides differ at {shown[-1]}: {to_decimal(a, 15, a.context)}"
                    f" vs {to_decimal(b, 15, b.context)}"
                )
                return Check("numeric", False, dps, digits, tuple(shown), detail)
    except (NumericError, ZeroDivisionError, ValueError) as exc:
        return Check("unverified", False, dps, None, tuple(shown), f"numeric check failed: {exc}")
    parts = []
    if worst is not None:
        parts.append(f"agree to {worst} relative digits")
    if vanish is not None:
        parts.append(f"both sides vanish (|value| <= {to_decimal(vanish, 3, ctx)} at every "
                     f"precision tried)")
    where = "its one point (no parameters)" if len(points) == 1 and not points[0] else \
        f"{len(points)} seeded random points"
    detail = f"{' and '.join(parts)} at {where}"
    return Check("numeric", True, dps, worst, tuple(shown), detail)


def _settled_sides(lhs, rhs, point, densities, dps):
    """Both sides at ``point`` at growing precision (:func:`~.precision.settle`).

    Returns ``(digits, bound, lhs value, rhs value)``: relative digits of
    agreement (``None`` when both sides vanish, with ``bound`` on them), 0 when
    only one side vanishes.
    """
    start, cap = start_dps(dps, list(point.values())), cap_dps(dps, list(point.values()))
    left, right = (settle(lambda c, e=e: numeric_value(e, point, densities, c), dps, start, cap)
                   for e in (lhs, rhs))
    if left.zero and right.zero:
        return None, max(left.bound, right.bound), left.value, right.value
    if left.zero or right.zero:
        return 0, None, left.value, right.value
    ctx = new_context(max(left.dps, right.dps))
    digits = agree_digits(ctx.make_mpf(left.value._mpf_), ctx.make_mpf(right.value._mpf_), ctx,
                          dps)
    return min(digits, left.digits, right.digits), None, left.value, right.value


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
