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

Asymptotic steps are not identities and get their own check
(:func:`check_asymptotic`): ``lhs = rhs + O(g)`` as ``x -> oo`` and
``Limit(f, x, oo) = L`` are tested numerically along ``x = 10^4 .. 10^12``.

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
from functools import lru_cache

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..core import Check
from ..numeric.context import (
    GUARD,
    NumericError,
    agree_digits,
    compile_expr,
    evaluate,
    new_context,
    to_decimal,
)
from ..numeric.precision import cap_dps, settle, start_dps
from ..numeric.quadrature import expectation
from ..symbolic.expectation import Expect, apply_linearity
from ..symbolic.substitute import substitute
from .opaque import cannot_cancel
from .support_expand import expand_on_supports

__all__ = [
    "check_step",
    "check_asymptotic",
    "same_infinity",
    "is_asymptotic",
    "random_points",
    "symbolically_zero",
    "logs_of_rationals_cancel",
    "numeric_value",
    "TOLERANCE",
    "ASYMPTOTIC_SCALES",
    "SIMPLIFY_BUDGET",
]

TOLERANCE = 3
"""Digits a numeric comparison may lose to rounding and still pass."""


SIMPLIFY_BUDGET = 4.0
"""CPU seconds :func:`symbolically_zero` gives SymPy (``sp.simplify`` took 45 s on a
difference holding ``(1 - p)^90``, and ``sp.expand`` of ``ln((1 - p)^90)`` 7 s); past it
the difference is "not shown", and the step is checked numerically."""


def symbolically_zero(expr: sp.Expr, variables=(), point: dict | None = None,
                      densities: dict | None = None) -> bool:
    """True when ``expr`` provably simplifies to 0 (False means: not shown).

    Expansion, linearity of expectations, logarithms of rationals and ``sp.simplify``
    share :data:`SIMPLIFY_BUDGET` CPU seconds (in the main thread, see
    :func:`~symbolic_info.budget.time_budget`), after which the answer is
    False: the caller then decides numerically, and says so.  ``sp.simplify`` is not
    called when the expanded difference rests on values SymPy cannot see (an
    expectation such as ``E[ln X]``, an implicit multiplier) and is clearly non-zero
    at the admissible ``point`` whatever those values are
    (:func:`~symbolic_info.engine.opaque.cannot_cancel`): no rewrite could show it.
    Before that, the logarithms inside expectations of ``densities`` are expanded with
    what each support guarantees (``1 - x > 0`` on ``(0, 1)``,
    :func:`~symbolic_info.engine.support_expand.expand_on_supports`).

    >>> x = sp.Symbol("x", real=True)
    >>> symbolically_zero(sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1)
    True
    >>> symbolically_zero(sp.sin(x) ** 2 - 1)
    False
    """
    try:
        with time_budget(SIMPLIFY_BUDGET):
            d = sp.expand(expr)
            for var in variables:
                d = apply_linearity(d, var)
            if d == 0 or logs_of_rationals_cancel(d):
                return True
            if densities and _zero_on_supports(expr, variables, densities):
                return True
            if cannot_cancel(d, point):
                return False
            d = sp.simplify(sp.expand_log(d))
            if d != 0:  # simplify may stop at 2y^2 + 2y(1 - y) - 2y (a marginal's integral)
                d = sp.expand(d)
    except (OutOfTime, TypeError, ValueError, NotImplementedError, OverflowError):
        return False  # not proved: the numeric check decides (OverflowError: SymPy's powsimp
        # turns a power like (10^300)^(-2) into a float on the way)
    return d == 0


def _zero_on_supports(d: sp.Expr, variables, densities: dict) -> bool:
    """Whether ``d`` is 0 once expectations are expanded on their supports, made linear
    and expanded again (from the difference as written: a plain expansion first would
    multiply out ``(1 - x)^2`` and hide the ``1 - x`` that is positive)."""
    d = expand_on_supports(d, densities)
    for var in variables:
        d = apply_linearity(d, var)
    d = sp.expand(d)
    return d == 0 or logs_of_rationals_cancel(d)


PRIME_FACTOR_LIMIT = 10**12
"""Largest numerator or denominator factored by :func:`logs_of_rationals_cancel`."""


def logs_of_rationals_cancel(expr: sp.Expr) -> bool:
    """True when ``expr`` is a rational combination of logarithms of rationals that is 0.

    Each ``ln(a/b)`` is written as ``sum e_p ln p`` over the primes of ``a`` and
    ``b`` (the logarithms of distinct primes are linearly independent over the
    rationals), so the sum is exactly 0 when every prime's coefficient is.
    Only numbers up to :data:`PRIME_FACTOR_LIMIT` are factored.

    >>> r = sp.Rational
    >>> logs_of_rationals_cancel(sp.log(r(13, 27)) - sp.log(13) + 3 * sp.log(3))
    True
    >>> logs_of_rationals_cancel(sp.log(2) - sp.log(3))
    False
    """
    if expr.free_symbols:
        return False
    expr = sp.expand(expr)
    if expr == 0:
        return True
    coefficients: dict = {}
    for term in sp.Add.make_args(expr):
        factor, rest = term.as_coeff_Mul()
        if rest == 1 or not isinstance(rest, sp.log) or not factor.is_Rational:
            return False
        value = rest.args[0]
        if not value.is_Rational or value <= 0 or max(value.p, value.q) > PRIME_FACTOR_LIMIT:
            return False
        for n, sign in ((value.p, 1), (value.q, -1)):
            for prime, power in sp.factorint(n).items():
                coefficients[prime] = coefficients.get(prime, 0) + sign * power * factor
    return all(c == 0 for c in coefficients.values())


def _hooks(densities: dict, point: dict, ctx) -> dict:
    items = tuple(point.items())

    def hook(node, build):
        g, label = node.args
        value = expectation(_density_at(densities[label], items), g, ctx)
        return lambda v: value

    return {Expect: hook}


@lru_cache(maxsize=64)
def _density_at(density, items: tuple):
    """``density.at(dict(items))``, remembered: a step check evaluates both sides at each
    point, and the next step the same points again (``kl/weibull`` substituted its densities
    and changes 28 times for 3 points)."""
    return density.at(dict(items))


def numeric_value(expr: sp.Expr, point: dict, densities: dict, ctx):
    """``expr`` at ``point`` on ``ctx``, expectations by quadrature."""
    return evaluate(substitute(expr, point), {}, ctx, _hooks(densities, point, ctx))


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


def _carry_out_derivatives(expr: sp.Expr) -> sp.Expr:
    """Carry out ``Derivative`` and ``Subs`` with SymPy."""
    if not expr.has(sp.Derivative, sp.Subs):
        return expr
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, sp.Subs), lambda e: e.doit())


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
    lhs, rhs = _carry_out_derivatives(lhs), _carry_out_derivatives(rhs)
    if same_infinity(lhs, rhs):  # oo - oo is undefined: compare the two infinities directly
        return Check("symbolic", True, dps, None, (), "both sides are the same infinity")
    if rhs in (sp.oo, -sp.oo) and not lhs.is_infinite:
        from .divergence import check_divergence  # it evaluates with numeric_value, from here

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
    expr = _carry_out_derivatives(sp.sympify(expr)).subs(fixed).rewrite(sp.gamma)
    missing = sorted(s.name for s in expr.free_symbols - {var})
    if missing:
        raise NumericError(f"no value for {', '.join(missing)}")
    f = compile_expr(expr, [var], ctx, _hooks(densities, point, ctx))
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
