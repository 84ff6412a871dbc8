"""Where a formula stops being smooth, so that both sides of every switch get tested.

``(sigma + 40 - |sigma - 40|)/2`` is ``sigma`` up to 40 and ``40`` beyond: a
claim built from it is right on one side of ``sigma = 40`` only.  The
*switches* of a formula are the expressions whose sign decides such a
branch: the argument of ``Abs``, ``sign`` and ``Heaviside``, the differences
of ``Min``/``Max`` arguments, the two sides of a ``Piecewise`` condition,
``sin(pi x)`` for ``floor``/``ceiling`` (zero where ``x`` is an integer) and the
base of a fractional power (``sqrt((sigma - 40)^2)``).

Along each free parameter (the others held at a base point) the zeros of
every switch are found numerically: sign changes on a grid of
:data:`GRID_DECADES` spanning ``1e-100 .. 1e100`` with both signs (plus the
zeros found so far, so that a switch nested inside another one is found too)
are bisected, and touching zeros are found as minima of ``|switch|`` that
reach 0.  Each zero ``r`` gives test points ``r`` and ``r (1 -+ 1e-9)``,
``r (1 -+ 1e-3)`` (integers next to ``r`` for an integer parameter).

Example
-------
>>> s = sp.Symbol("sigma", positive=True)
>>> [str(g) for g in switch_functions(sp.log((s + 40 - sp.Abs(s - 40)) / 2))]
['sigma - 40']
>>> pts = kink_points([sp.Abs(s - 40)], {s: sp.Integer(1)}, [s], lambda p: True)
>>> [float(v) for v in sorted(p[s] for p in pts)]
[39.96, 39.99999996, 40.0, 40.00000004, 40.04]
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy as sp

from ..numeric.context import new_context, to_mpf
from .evaluate import guarded_function
from .pointwise import UNDEFINED, UNEVALUABLE
from .sampling import simplest_between

__all__ = ["switch_functions", "zeros_along", "kink_points", "GRID_DECADES", "OFFSETS",
           "MAX_SWITCHES", "MAX_KINK_POINTS"]

GRID_DECADES = (-100, 100, 2)
"""Grid of the scan: ``10^(k/2)`` for k from -200 to 200, both signs, and 0."""
OFFSETS = ("1e-9", "1e-3")
"""Relative distances from a zero at which test points are placed, on both sides."""
MAX_SWITCHES = 12
"""Most switches examined per formula set."""
MAX_KINK_POINTS = 48
"""Most test points added next to switches."""
_SCAN_DPS = 40
_STEPS = 200


def switch_functions(expr: sp.Expr) -> list:
    """The switches of ``expr`` (see the module docstring), innermost first, no repeats."""
    found = []

    def add(g):
        g = sp.sympify(g)
        if g.free_symbols and g not in found and -g not in found:
            found.append(g)

    for node in sp.postorder_traversal(expr):
        if isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            add(node.args[0])
        elif isinstance(node, (sp.floor, sp.ceiling, sp.frac)):
            add(sp.sin(sp.pi * node.args[0]))
        elif isinstance(node, (sp.Min, sp.Max)):
            for a, b in itertools.combinations(node.args, 2):
                add(a - b)
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                for rel in getattr(cond, "atoms", lambda *_: ())(sp.core.relational.Relational):
                    add(rel.lhs - rel.rhs)
        elif isinstance(node, sp.Pow) and not node.exp.is_integer and node.base.free_symbols:
            add(node.base)
    return found


def _scan_points(ctx) -> list:
    lo, hi, per = GRID_DECADES
    pos = [ctx.power(10, ctx.mpf(k) / per) for k in range(lo * per, hi * per + 1)]
    return sorted([-v for v in pos] + [ctx.zero] + pos)


def _nice(r, ctx):
    """A short exact rational within 1e-25 (relative) of the mpf ``r``."""
    if r == 0:
        return sp.Integer(0)
    for digits in range(1, 31):
        q = sp.Rational(ctx.nstr(r, digits, min_fixed=-10**9, max_fixed=10**9))
        if abs(q - sp.Rational(str(r))) <= abs(sp.Rational(str(r))) * sp.Rational(1, 10**25):
            return q
    lo = Fraction(str(ctx.nstr(r * (1 - ctx.mpf(10) ** -25), 40)))
    hi = Fraction(str(ctx.nstr(r * (1 + ctx.mpf(10) ** -25), 40)))
    f = simplest_between(lo, hi)
    return sp.Rational(f.numerator, f.denominator)


def zeros_along(g: sp.Expr, x: sp.Symbol, base: dict, extra=()) -> list:
    """Zeros of ``g`` along ``x`` (others at ``base``), as mpf values on a 40-digit context.

    ``extra`` are further grid points (earlier zeros).
    """
    ctx = new_context(_SCAN_DPS)
    symbols = sorted(g.free_symbols, key=lambda s: s.name)
    if x not in symbols or any(s not in base and s != x for s in symbols):
        return []
    f = guarded_function(g, symbols, ctx)
    fixed = {s: to_mpf(base[s], ctx) for s in symbols if s != x}
    order = [fixed.get(s) for s in symbols]
    where = symbols.index(x)

    def value(t):
        args = list(order)
        args[where] = t
        try:
            v = f(*args)
        except (*UNDEFINED, *UNEVALUABLE):
            return None
        if isinstance(v, type(ctx.mpc(0))):
            if abs(v.imag) > abs(v) * ctx.mpf(10) ** -30:
                return None
            v = v.real
        return None if ctx.isnan(v) else v

    grid = sorted(set(_scan_points(ctx)) | {ctx.mpf(e) for e in extra})
    vals = [value(t) for t in grid]
    zeros = []
    for i, (t, v) in enumerate(zip(grid, vals, strict=True)):
        if v is None:
            continue
        if v == 0:
            zeros.append(t)
            continue
        if i + 1 < len(grid) and vals[i + 1] is not None and vals[i + 1] != 0 \
                and (v > 0) != (vals[i + 1] > 0):
            zeros.append(_bisect(value, t, grid[i + 1], v, ctx))
        if 0 < i < len(grid) - 1 and None not in (vals[i - 1], vals[i + 1]) \
                and abs(v) < abs(vals[i - 1]) and abs(v) < abs(vals[i + 1]):
            t0, v0 = _minimise(value, grid[i - 1], grid[i + 1], ctx)
            if v0 is not None and abs(v0) <= max(abs(vals[i - 1]), abs(vals[i + 1])) * \
                    ctx.mpf(10) ** -20:
                zeros.append(t0)
    return zeros


def _split(a, b, ctx):
    if a > 0 and b > 4 * a or b < 0 and a < 4 * b:
        return ctx.sqrt(a * b) * (1 if a > 0 else -1)
    return (a + b) / 2


def _bisect(value, a, b, va, ctx):
    for _ in range(_STEPS):
        m = _split(a, b, ctx)
        if m in (a, b) or abs(b - a) <= abs(m) * ctx.mpf(10) ** -(_SCAN_DPS - 5):
            break
        vm = value(m)
        if vm is None:
            break
        if vm == 0:
            return m
        if (vm > 0) == (va > 0):
            a, va = m, vm
        else:
            b = m
    return (a + b) / 2


def _minimise(value, a, b, ctx):
    """Golden-section search for the minimum of ``|value|`` on ``[a, b]``."""
    ratio = (ctx.sqrt(5) - 1) / 2
    for _ in range(_STEPS):
        if abs(b - a) <= max(abs(a), abs(b)) * ctx.mpf(10) ** -(_SCAN_DPS - 5):
            break
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        vc, vd = value(c), value(d)
        if vc is None or vd is None:
            return None, None
        if abs(vc) < abs(vd):
            b = d
        else:
            a = c
    m = (a + b) / 2
    return m, value(m)


def _near(r: sp.Rational, integer: bool) -> list:
    if integer:
        k = sp.floor(r)
        return [k - 1, k, k + 1, k + 2]
    out = [r]
    scale = abs(r) if r != 0 else sp.Integer(1)
    for off in OFFSETS:
        d = scale * sp.Rational(off)
        out += [r - d, r + d]
    return out


def kink_points(exprs, base: dict, free: list, admissible, limit: int = MAX_KINK_POINTS) -> list:
    """Admissible points (dicts over ``free``) next to every zero of a switch of ``exprs``.

    ``base`` gives every symbol a value (the others are held there);
    ``admissible(point)`` tells whether a full point is in the domain.
    """
    switches = []
    for expr in exprs:
        for g in switch_functions(expr):
            if g not in switches:
                switches.append(g)
    switches = switches[:MAX_SWITCHES]
    out, seen = [], set()
    ctx = new_context(_SCAN_DPS)
    for x in free:
        earlier: list = []
        for g in switches:
            if x not in g.free_symbols:
                continue
            zs = zeros_along(g, x, base, earlier)
            earlier += zs
            for z in zs:
                for v in _near(_nice(z, ctx), bool(x.is_integer)):
                    point = {**base, x: v}
                    key = (x, v)
                    if key in seen or not admissible(point):
                        continue
                    seen.add(key)
                    out.append({s: point[s] for s in free})
                    if len(out) >= limit:
                        return out
    return out
