"""Integrals of ``e^{L(x)} f(x)`` by Gauss-Legendre cells when the log-density ``L`` is,
between its kinks, a concave quadratic (``C <= 0``) and ``f`` a polynomial there: a Laplace
prior's posterior under a normal likelihood, the reference side of ``information-gain`` at
300 and 1000 digits (:func:`branch_integrals`).

Each piece between neighbouring kinks is walked from its finite end (``x = a + y`` or
``x = b - y``, ``y >= 0``) in equal cells of width ``delta``, each by an m-point rule whose
count comes from the rigorous Bernstein-ellipse bound of :func:`.gauss_quadratic.panel_plan`
for ``e^{L}`` on that cell, to the digits the cell's size needs (a cell ``k`` nats below
the top needs ``k / ln 10`` digits fewer), plus the digits of ``|f|`` there; the
exponential by :mod:`.gauss_product`'s exact recurrences (no ``exp`` per node).  An infinite
piece stops at ``T`` where ``L`` has fallen the digits' worth of nats below its top and falls
on: ``L`` concave gives ``L(y) <= L(T) + L'(T)(y - T)``, so the rest is at most
``e^{L(T)} sum_k |f_k| 2^k (T^k + k!/lambda^k) / lambda`` with ``lambda = -L'(T)``
(:func:`tail_bound`), checked below ``10^-(digits + 10)`` of the total.  Nothing here uses
the error function: it is the independent side of :mod:`.log_quadratic`.

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> ctx = new_context(50)
>>> top, (s0, s1) = branch_integrals(-sp.Abs(x) - x**2 / 2, x, -sp.oo, sp.oo, [0], [x**2], 50,
...                                   ctx)
>>> pieces = lambda f: 2 * ctx.quad(f, [0, ctx.inf])
>>> abs(s0 * ctx.exp(top) - pieces(lambda t: ctx.exp(-t - t * t / 2))) < 1e-48
True
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import sympy as sp

from .branches import branch_between
from .gauss_product import product_cells
from .gauss_quadratic import panel_plan, quadratic_cells
from .gauss_rules import gauss_legendre_points
from .two_cores import run_jobs

__all__ = ["branch_integrals", "tail_bound", "GUARD_DIGITS"]

GUARD_DIGITS = 10
"""Digits each cell and the tails carry beyond the requested ones."""


def _coefficients(expr, y) -> list | None:
    """``[c_0, c_1, ...]`` (floats are not used: exact SymPy numbers) of a polynomial in y."""
    try:
        poly = sp.Poly(sp.expand(expr), y)
    except sp.PolynomialError:
        return None
    coeffs = list(reversed(poly.all_coeffs()))
    return coeffs if all(c.is_number and c.is_extended_real for c in coeffs) else None


def tail_bound(log_top: float, slope: float, coeffs: list, t: float) -> float:
    """log of the bound on ``int_T^oo e^{L} |f|`` in the module's notes (``log_top =
    L(T)``, ``slope = -L'(T) > 0``, ``coeffs`` those of ``f`` in ``y``)."""
    total = sum(abs(float(c)) * 2**k * (t**k + math.factorial(k) / slope**k)
                for k, c in enumerate(coeffs))
    return log_top + math.log(max(total, 1e-300)) - math.log(slope)


def _piece(log_y, factors_y, y, length, digits: int):
    """The plan of one piece in ``y`` (``length`` its SymPy length, possibly oo): ``(delta,
    cells count, (A, B, C), factor coefficients)``, or None when ``L`` is not a concave
    quadratic, a factor not a polynomial, or the piece does not decay."""
    form = _coefficients(log_y, y)
    factors = [_coefficients(f, y) for f in factors_y]
    if form is None or len(form) > 3 or None in factors:
        return None
    A, B, C = [*form, sp.Integer(0), sp.Integer(0)][:3]
    a, b, c = float(A), float(B), float(C)
    if c > 0 or (length is sp.oo and c == 0 and b >= 0):
        return None
    scale = 1 / math.sqrt(-2 * c) if c < 0 else 1 / abs(b) if b else float(length)
    return A, B, C, a, b, c, scale, factors


def _cells(a: float, b: float, c: float, top: float, delta: float, n: int, digits: int,
           factor_sizes) -> list | None:
    """``(i, nodes, digits)`` of the cells ``[i delta, (i + 1) delta]``, ``i < n``, or None
    when a cell needs more than one panel of the largest rule."""
    out = []
    h = delta / 2
    for i in range(n):
        y0, y1 = i * delta, (i + 1) * delta
        ends = [a + b * y0 + c * y0 * y0, a + b * y1 + c * y1 * y1]
        vertex = -b / (2 * c) if c < 0 else None
        high = max(ends + ([a + b * vertex + c * vertex**2] if vertex is not None
                           and y0 < vertex < y1 else []))
        size = max(factor_sizes(y1 + delta), 1.0)
        need = digits + GUARD_DIGITS - (top - high) / math.log(10) + math.log10(size * n)
        if need <= 0:
            continue
        need = min(BAND * math.ceil(need / BAND), digits + GUARD_DIGITS + math.ceil(
            math.log10(size * n)))
        slope = max(abs(b + 2 * c * y0), abs(b + 2 * c * y1))
        plan = panel_plan(slope * h, abs(c) * h * h, need)
        if plan is None or plan[0] > 1:
            return None
        out.append((i, plan[1], need + 2))
    return out


def branch_integrals(log_density, var, lo, hi, kinks, factors, digits: int, ctx):
    """``(top, [S_0, S_1, ...])`` with ``int_lo^hi e^{log_density} f = e^top S`` (``top`` an
    integer near the largest ``log_density``) for ``f`` in
    ``(1, *factors)``, by the cells of the module's notes at ``digits`` digits (on ``ctx``);
    None when a piece between ``kinks`` is not of that form (or a tail bound fails)."""
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    ends = [lo, *sorted(sp.sympify(k) for k in kinks if bool(lo < k) and bool(k < hi)), hi]
    if len(ends) == 2 and not (lo.is_finite or hi.is_finite):
        ends.insert(1, sp.Integer(0))  # each piece walked from a finite end
    y = sp.Dummy("y", nonnegative=True)
    plans = []
    for left, right in zip(ends[:-1], ends[1:], strict=True):
        if left.is_finite:
            at, length = left + y, right - left
        elif right.is_finite:
            at, length = right - y, sp.oo
        else:
            return None
        if length.is_finite and not length.is_Rational:
            return None
        shape = [branch_between(e, var, left, right).subs(var, at)
                 for e in (log_density, *factors)]
        plan = _piece(shape[0], shape[1:], y, length, digits)
        if plan is None:
            return None
        plans.append((plan, length))
    top = max(_max_on([float(v) for v in plan[:3]], float(length)) for plan, length in plans)
    keys = []
    for plan, length in plans:
        grid = _grid(plan, length, top, digits)
        if grid is None:
            return None
        keys += [(grid, None if f is None else tuple(f), ctx.prec) for f in [None, *plan[-1]]]
    with _LOCK:
        known = {k: _KEPT[k] for k in keys if k in _KEPT}
    todo = [k for k in dict.fromkeys(keys) if k not in known]
    # the pieces and factors on both cores (the extras' mass is the reference's: kept)
    done = run_jobs([lambda k=k: _factor_sum(k[0], k[1], y, ctx) for k in todo])
    with _LOCK:
        for k, raw in zip(todo, done, strict=True):
            _KEPT[k] = known[k] = raw
        while len(_KEPT) > KEPT_SIZE:
            _KEPT.popitem(last=False)
    raws = [known[k] for k in keys]
    if any(r is None for r in raws):
        return None
    width, sums = 1 + len(factors), [[] for _ in range(1 + len(factors))]
    for first in range(0, len(raws), width):  # one piece: its mass, then each factor
        mass = ctx.make_mpf(raws[first][1])
        sums[0].append(mass)
        for j in range(1, width):  # int e^L f = offset int e^L - int e^L (offset - f)
            offset, raw = raws[first + j]
            sums[j].append(offset * mass - ctx.make_mpf(raw))
    return round(top), [ctx.fsum(s) for s in sums]


WIDEST = 5
"""The first cell width tried is ``2^WIDEST`` scales (then halved until every cell takes one
panel): the fewest nodes come from the widest cells that one rule still serves (at 1000
digits, an exponential tail in cells of 1 scale took 259,000 nodes, of 32 scales 27,000)."""

KEPT_SIZE = 32
"""Sums kept per (piece's grid, factor, precision): ``information-gain``'s reference and its
KL extra both need the posterior's mass (a fifth of the work at 1000 digits)."""
_KEPT: OrderedDict = OrderedDict()
_LOCK = threading.Lock()

BAND = 32
"""Digits are given to cells in bands of this many: a walk of :mod:`.gauss_product` starts
afresh (an ``exp`` per node) where a cell's precision drops 64 bits, so bands of 32 digits
(106 bits) keep one walk per band (444 walks and 94,000 ``exp`` at 1000 digits without)."""


def _grid(plan, length, top: float, digits: int):
    """``(delta, reach, cells, shifted form)`` of one piece (``reach`` where its cells end),
    or None (see :func:`branch_integrals`)."""
    A, B, C, a, b, c, scale, factors = plan
    nats = (digits + GUARD_DIGITS) * math.log(10)
    sizes = [lambda t, f=f: sum(abs(float(k)) * t**j for j, k in enumerate(f)) for f in factors]

    def biggest(t):
        return max([1.0] + [size(t) for size in sizes])

    delta = sp.Integer(2) ** (math.floor(math.log2(scale)) + WIDEST)
    for _ in range(12 + WIDEST):
        d = float(delta)
        if length.is_finite:
            n = max(1, math.ceil(float(length) / d))
            delta = length / n
            d = float(delta)
        else:
            n = 1
            while True:
                t = n * d
                slope = -(b + 2 * c * t)
                here = a + b * t + c * t * t - top
                if slope > 0 and here < -nats and max(
                        tail_bound(here, slope, f, t) for f in [[1], *factors]) < -nats:
                    break
                n += 1
                if n > 10**6:
                    return None
        cells = _cells(a - round(top), b, c, top - round(top), d, n, digits, biggest)
        if cells is not None:
            return delta, n * d, tuple(cells), (A - sp.Integer(round(top)), B, C)
        delta /= 2
    return None


def _factor_sum(grid, f, y, ctx):
    """``(offset, int e^{L - top} (offset - f))`` over one piece's cells (a raw mpf; ``f``
    None for the mass ``int e^{L - top}``, offset 0), or None where a cell failed."""
    delta, reach, cells, shifted = grid
    if not cells:  # every cell below the digits asked for (a far side of a kink)
        return 0, ctx.zero._mpf_
    most = max(dg for _i, _m, dg in cells)
    if f is None:  # the masses alone: gauss_quadratic's walk (no factor to evaluate per node)
        masses = quadratic_cells(shifted, delta, [(i, dg) for i, _m, dg in cells], most, ctx)
        if any(m is None for m in masses):
            return None
        return 0, ctx.fsum(masses)._mpf_
    # positive on the piece: product_cells takes positive masses
    offset = sp.Integer(math.ceil(_max_on(f, reach)) + 1)
    g = offset - sum(k * y**j for j, k in enumerate(f))
    masses = product_cells(g, y, shifted, delta, cells, _rule(most), ctx)
    if any(m is None for m in masses):
        return None
    return offset, ctx.fsum(masses)._mpf_


def _max_on(coeffs, reach: float) -> float:
    """An upper bound of the polynomial (coefficients ``coeffs``, degree <= 2 gives the
    exact maximum; higher degrees the sum of the absolute terms) on ``[0, reach]`` (a
    polynomial falling on an infinite ``reach``)."""
    c = [float(k) for k in coeffs]
    if len(c) > 3:
        return sum(abs(k) * reach**j for j, k in enumerate(c))

    def at(t):
        return sum(k * t**j for j, k in enumerate(c))

    points = [0.0] + ([reach] if math.isfinite(reach) else [])
    if len(c) == 3 and c[2] < 0:
        vertex = -c[1] / (2 * c[2])
        if 0 < vertex < reach:
            points.append(vertex)
    return max(at(t) for t in points)


def _rule(digits: int):
    """``rule(m)``: the m-point Gauss-Legendre ``(t, w)`` pairs at ``digits`` digits or more
    (rounded up to a hundred: few rules, each read from the node store once made)."""
    return lambda m: tuple(zip(*gauss_legendre_points(m, 100 * -(-digits // 100) + 10),
                               strict=True))
