"""Checking asymptotic steps (README.md, "How verification works").

An asymptotic step is not an identity: ``lhs = rhs + O(g)`` as ``x -> oo`` and
``Limit(f, x, oo) = L`` are tested numerically along ``x = 10^4 .. 10^12``
(:data:`ASYMPTOTIC_SCALES`) at each seeded point, and recorded with method
``"asymptotic"`` (numeric evidence, not proof).  :func:`~.verify.check_step` sends
every step with an ``O`` term or a ``Limit`` here (:func:`is_asymptotic`).

Example
-------
>>> n = sp.Symbol("n", positive=True)
>>> is_asymptotic(n + sp.O(1 / n, (n, sp.oo))), is_asymptotic(n)
(True, False)
>>> check_asymptotic(sp.Limit(1 / n, n, sp.oo), sp.Integer(0), [{}], {}, 30).ok
True
"""

from __future__ import annotations

import sympy as sp

from ..core import Check
from ..numeric.context import GUARD, NumericError, compile_expr, new_context, to_decimal
from .numeric_sides import carry_out_derivatives, expectation_hooks

__all__ = ["check_asymptotic", "is_asymptotic", "ASYMPTOTIC_SCALES"]

ASYMPTOTIC_SCALES = tuple(10**j for j in range(4, 13))
"""Values of the asymptotic variable at which asymptotic steps are tested."""

_GROWTH = 1.5
"""How much |remainder / g| may grow along the scales and still count as bounded."""
_RESOLVE = 100
"""Safety factor on the rounding error estimated for a remainder (see _remainder_ratios)."""
_LIMIT_SHRINK = 10**-6
"""How much |f - L| must shrink between the first and the last scale."""


def is_asymptotic(expr) -> bool:
    """True for an expression holding an ``O(g)`` term or a ``Limit``."""
    expr = sp.sympify(expr)
    return expr.has(sp.Order) or expr.has(sp.Limit)


def _split_order(expr: sp.Expr):
    """``main + O(g)`` -> ``(main, g, variable)``; ``g`` is 0 without an O-term."""
    terms = sp.Add.make_args(expr)
    orders = [t for t in terms if isinstance(t, sp.Order)]
    main = sp.Add(*[t for t in terms if not isinstance(t, sp.Order)])
    if main.has(sp.Order) or len(orders) > 1:
        raise ValueError("an O-term must be a single top-level summand")
    if not orders:
        return main, sp.Integer(0), None
    o = orders[0]
    if len(o.variables) != 1 or o.point[0] is not sp.oo:
        raise ValueError("only O(g) as one variable tends to infinity is checked")
    return main, o.expr, o.variables[0]


def _limit_parts(lhs, rhs):
    """``Limit(f, x, oo) = L`` (either side) -> ``(f, L, x)``."""
    if isinstance(rhs, sp.Limit) and not isinstance(lhs, sp.Limit):
        lhs, rhs = rhs, lhs
    if not isinstance(lhs, sp.Limit) or rhs.has(sp.Limit) or rhs.has(sp.Order):
        raise ValueError("a limit step must read Limit(f, x, oo) = L")
    f, x, x0 = lhs.args[:3]
    if x0 is not sp.oo or x in rhs.free_symbols:
        raise ValueError("only limits as x -> oo with an x-free value are checked")
    return f, rhs, x


def _along(expr, var, point, densities, ctx):
    """``expr`` at ``point`` (``var`` left free) as a function of ``var`` on ``ctx``."""
    fixed = {s: v for s, v in point.items() if s != var}
    expr = carry_out_derivatives(sp.sympify(expr)).subs(fixed).rewrite(sp.gamma)
    missing = sorted(s.name for s in expr.free_symbols - {var})
    if missing:
        raise NumericError(f"no value for {', '.join(missing)}")
    f = compile_expr(expr, [var], ctx, expectation_hooks(densities, point, ctx))
    return lambda x: f(ctx.mpf(x))


def _remainder_ratios(diff, g, var, point, densities, ctx):
    """Lower and upper bounds on ``|diff / g|`` at each of :data:`ASYMPTOTIC_SCALES`.

    The remainder ``diff`` is a difference of two large, nearly equal sides
    (``ln n!`` is about ``10^13`` at ``n = 10^12`` while the remainder of a
    Stirling series may be ``10^-63``), so it is evaluated on ``ctx`` and
    again at twice its digits.  The gap between the two measures the rounding
    error at the working precision; that error scaled down by the extra
    digits (times :data:`_RESOLVE` to spare) bounds the rounding error of the
    second value, which is then used.  Returns ``(lows, highs)`` on ``ctx``.
    """
    wide = new_context(2 * ctx.dps)
    rx = _along(diff, var, point, densities, ctx)
    rx_wide = _along(diff, var, point, densities, wide)
    gx = _along(g, var, point, densities, wide)
    shrink = wide.mpf(10) ** (ctx.dps - wide.dps) * _RESOLVE
    lows, highs = [], []
    for x in ASYMPTOTIC_SCALES:
        r = rx_wide(x)
        err = abs(wide.mpf(rx(x)) - r) * shrink
        size = gx(x)
        lows.append(ctx.mpf(max(abs(r) - err, 0) / size))
        highs.append(ctx.mpf((abs(r) + err) / size))
    return lows, highs


def check_asymptotic(lhs, rhs, points: list, densities: dict, dps: int) -> Check:
    """Check an asymptotic step numerically along ``x`` in :data:`ASYMPTOTIC_SCALES`.

    ``lhs = rhs`` with ``O(g)`` terms (on either side) as ``x -> oo``: the
    remainder ``r = lhs - rhs`` (O-terms dropped) is computed at each point and
    each scale; ``|r| / |g|`` must stay bounded: it may not exceed ``1.5``
    times its value at ``x = 10^4, 10^5`` (a remainder that is larger than
    claimed by a power or a logarithm grows by more than that over eight
    decades).  ``Limit(f, x, oo) = L``: ``|f - L|`` must not increase along
    the scales and must shrink by a factor of at least ``10^6`` (any rate
    ``x^-a`` with ``a >= 3/4`` does; a slower but steady fall is reported as
    unverified, not as wrong).  This is numeric evidence, not proof; the check
    is recorded with method ``"asymptotic"``.

    >>> import sympy as sp
    >>> n = sp.Symbol("n", positive=True)
    >>> stirling = n * sp.log(n) - n + sp.log(2 * sp.pi * n) / 2 + sp.O(1 / n, (n, sp.oo))
    >>> check_asymptotic(sp.loggamma(n + 1), stirling, [{}], {}, 30).ok
    True
    >>> check_asymptotic(sp.loggamma(n + 1), n * sp.log(n) + sp.O(1, (n, sp.oo)), [{}], {}, 30).ok
    False
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    points = points or [{}]
    ctx = new_context(dps + GUARD)
    floor = ctx.mpf(10) ** (-(dps // 3))
    try:
        if lhs.has(sp.Limit) or rhs.has(sp.Limit):
            f, limit, var = _limit_parts(lhs, rhs)
            kind = "limit"
        else:
            a, ga, va = _split_order(lhs)
            b, gb, vb = _split_order(rhs)
            var = va or vb
            if vb is not None and va is not None and va != vb:
                raise ValueError("the two O-terms use different variables")
            if var is None:
                raise ValueError("an O-term must be a top-level summand of one side")
            kind = "order"
    except ValueError as exc:
        return Check("unverified", False, dps, None, (), f"asymptotic step not understood: {exc}")
    shown = []
    try:
        for point in points:
            shown.append({s.name: str(v) for s, v in point.items() if s != var})
            if kind == "limit":
                fx = _along(f, var, point, densities, ctx)
                lx = _along(limit, var, point, densities, ctx)
                gaps = [abs(fx(x) - lx(x)) for x in ASYMPTOTIC_SCALES]
                tiny = floor * max(1, abs(lx(ASYMPTOTIC_SCALES[-1])))
                steady = all(
                    later <= earlier * (1 + floor) + tiny
                    for earlier, later in zip(gaps[:-1], gaps[1:], strict=True)
                )
                ok = steady and gaps[-1] <= max(gaps[0] * _LIMIT_SHRINK, tiny)
                ratios = gaps
                what = "|f - L|"
                if steady and not ok:
                    detail = (
                        f"{what} at x = 10^4 .. 10^12 falls from {to_decimal(gaps[0], 6, ctx)} "
                        f"to {to_decimal(gaps[-1], 6, ctx)} at {shown[-1]}: too slowly to "
                        "confirm the limit numerically"
                    )
                    return Check("unverified", False, dps, None, tuple(shown), detail)
            else:
                lows, ratios = _remainder_ratios(a - b, abs(ga) + abs(gb), var, point,
                                                 densities, ctx)
                bound = _GROWTH * max(ratios[0], ratios[1]) + floor
                ok = all(r <= bound for r in ratios[2:])
                what = "|remainder / g|"
                if not ok and all(r <= bound for r in lows[2:]):
                    detail = (
                        f"{what} at x = 10^4 .. 10^12 at {shown[-1]}: the remainder is "
                        f"below the rounding error at {dps} digits; raise the precision"
                    )
                    return Check("unverified", False, dps, None, tuple(shown), detail)
            if not ok:
                detail = (
                    f"{what} at x = 10^4 .. 10^12 is {to_decimal(ratios[0], 6, ctx)} .. "
                    f"{to_decimal(ratios[-1], 6, ctx)} at {shown[-1]}: the claimed "
                    + ("limit is not approached" if kind == "limit" else "order is too small")
                )
                return Check("asymptotic", False, dps, None, tuple(shown), detail)
    except (NumericError, ZeroDivisionError, ValueError) as exc:
        return Check("unverified", False, dps, None, tuple(shown), f"numeric check failed: {exc}")
    detail = (
        f"{what} evaluated at x = 10^4 .. 10^12 at {len(points)} seeded random points: "
        f"{'bounded' if kind == 'order' else 'shrinks to 0'} "
        f"(last value {to_decimal(ratios[-1], 6, ctx)})"
    )
    return Check("asymptotic", True, dps, None, tuple(shown), detail)
