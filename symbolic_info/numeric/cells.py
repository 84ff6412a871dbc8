"""The entropy of a continuous law rounded to a grid of cells, with a bound on its tails.

``X_delta = delta * floor(X / delta)`` takes the value ``i delta`` with probability
``p_i = P(i delta <= X < (i + 1) delta)``; its entropy is ``H(X_delta) = -sum_i p_i ln p_i``
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., Sec. 8.3).  Two routes to the
``p_i``:

- :func:`cdf_cells`: ``p_i = F((i + 1) delta) - F(i delta)`` from a closed-form CDF (any
  antiderivative of the density), each difference at a precision raised by the digits it
  cancels (a tail cell of the normal is 1e-70 made of two numbers near 1/2);
- :func:`quadrature_cells`: ``p_i`` as the integral of the density over the cell by an
  m-point Gauss-Legendre rule (exact for polynomials of degree 2m - 1; Davis & Rabinowitz,
  *Methods of Numerical Integration*, 2nd ed., Sec. 2.7), no CDF involved.

Only the cells ``i0 <= i < i1`` that hold all but a mass ``< 10^-(digits + TAIL_GUARD)`` on
either side are summed (:func:`cell_range`).  What the tails beyond can add is bounded by
:func:`tail_bound`: a tail of mass ``m`` whose cells ``j = 0, 1, ...`` (counted outward)
have the mean index ``mu`` contributes ``m (ln(1/m) + H(r))``, where ``r`` is the tail's
conditional law on the cells, and ``H(r) <= (mu + 1) ln(mu + 1) - mu ln mu``, the entropy of
the geometric law with that mean, which is the largest for a given mean on 0, 1, 2, ...
(Cover & Thomas, Theorem 12.1.1 and Example 12.2.5).  ``mu <= E[(X - a)_+] / (delta m)`` for
the tail beyond ``a``, integrated by quadrature.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> x = sp.Symbol("x")
>>> s = cdf_cells(x, sp.Integer(0), sp.Integer(1), x, sp.Rational(1, 4), ctx)
>>> ctx.nstr(s.entropy, 15), s.cells, s.bound
('1.38629436111989', 4, mpf('0.0'))
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from .context import NumericError, compile_expr, new_context

__all__ = ["CellSum", "cell_range", "cdf_cells", "quadrature_cells", "tail_bound", "tail_forms",
           "nodes_needed", "gauss_legendre_points", "digits_for", "LOW_DIGITS",
           "MAX_CELLS", "TAIL_GUARD", "CellLimitError"]

MAX_CELLS = 100_000
"""Most cells summed for one distribution and one delta."""
TAIL_GUARD = 15
"""The tails left out hold a mass below 10^-(digits + TAIL_GUARD)."""
_BISECTIONS = 200


class CellLimitError(NumericError):
    """The grid needs more than :data:`MAX_CELLS` cells to hold all but a negligible mass."""


@dataclass(frozen=True)
class CellSum:
    """``entropy`` = -sum p_i ln p_i over the cells ``i0 <= i < i1`` (nats), ``bound`` on
    what the tails beyond add, ``tail_mass`` their mass, ``cells`` = i1 - i0."""

    entropy: object
    bound: object
    tail_mass: object
    i0: int
    i1: int

    @property
    def cells(self) -> int:
        return self.i1 - self.i0


def _compiled(expr, var, ctx):
    f = compile_expr(expr, [var], ctx)

    def at(t):
        if ctx.isinf(t):
            return _at_infinity(expr, var, t, ctx)
        return f(t)

    return at


@lru_cache(maxsize=64)
def _limit_expr(expr, var, sign: int):
    return sp.limit(expr, var, sp.oo if sign > 0 else -sp.oo)


def _at_infinity(expr, var, t, ctx):
    value = _limit_expr(expr, var, 1 if t > 0 else -1)
    if not value.is_finite:
        raise NumericError(f"the CDF {expr} has no finite limit at {'+' if t > 0 else '-'}oo")
    return compile_expr(value, [], ctx)()


def _num(value, ctx):
    """An exact SymPy number (or +-oo) on ``ctx``."""
    if isinstance(value, sp.Rational):
        return ctx.mpf(value.p) / value.q
    return compile_expr(sp.sympify(value), [], ctx)()


def cell_range(F, var, lo, hi, delta, digits: int, ctx) -> tuple:
    """``(i0, i1)``: the cells whose outside holds a mass below 10^-(digits + TAIL_GUARD)
    on each side, from the CDF ``F`` (an antiderivative of the density) on ``[lo, hi]``.

    An infinite end is found by doubling steps outward from a point of the support, then
    bisection; a finite end is the cell that holds it.  More than :data:`MAX_CELLS` cells
    raise :class:`CellLimitError`.
    """
    work = new_context(digits + TAIL_GUARD + 40)
    eps = work.mpf(10) ** -(digits + TAIL_GUARD)
    f = _compiled(F, var, work)
    d = work.mpf(delta.p) / delta.q
    a_lo = f(_num(lo, work) if lo.is_finite else -work.inf)
    a_hi = f(_num(hi, work) if hi.is_finite else work.inf)
    start = work.mpf(0)
    if lo.is_finite:
        start = max(start, _num(lo, work))
    if hi.is_finite:
        start = min(start, _num(hi, work))

    def left_mass(t):
        return f(t) - a_lo

    def right_mass(t):
        return a_hi - f(t)

    def end(mass, direction):
        """The point beyond which (in ``direction``) the mass is below eps."""
        inside, step = start, d
        outside = None
        if mass(start) < eps:  # the start lies in that tail: walk back inward
            outside = start
            while mass(outside - direction * step) < eps:
                outside -= direction * step
                step *= 2
                if step > 1e30:
                    raise NumericError("the CDF does not grow: is the density normalised?")
            inside = outside - direction * step
        else:
            while True:
                probe = inside + direction * step
                if mass(probe) < eps:
                    outside = probe
                    break
                inside = probe
                step *= 2
                if step > 1e30:
                    raise CellLimitError("its tails are too heavy: the mass beyond 1e30 is not "
                                         "negligible")
        for _ in range(_BISECTIONS):
            if abs(outside - inside) <= d:
                break
            mid = (inside + outside) / 2
            if mass(mid) < eps:
                outside = mid
            else:
                inside = mid
        return outside

    left = _num(lo, work) if lo.is_finite else end(left_mass, -1)
    right = _num(hi, work) if hi.is_finite else end(right_mass, 1)
    span = (right - left) / d
    if span > MAX_CELLS + 2:
        raise CellLimitError(f"all but a negligible mass needs about {int(work.nint(span))} "
                             "cells")
    i0 = int(sp.floor(lo / delta)) if lo.is_finite else int(work.floor(left / d))
    i1 = int(sp.ceiling(hi / delta)) if hi.is_finite else int(work.ceil(right / d))
    return i0, i1


def _geometric_entropy(mu, ctx):
    """(mu + 1) ln(mu + 1) - mu ln mu: the entropy of the geometric law on 0, 1, ... with
    mean mu."""
    if mu <= 0:
        return ctx.zero
    return (mu + 1) * ctx.log(mu + 1) - mu * ctx.log(mu)


def tail_bound(density, var, F, lo, hi, delta, i0: int, i1: int, ctx):
    """``(bound, mass)``: what the cells below ``i0`` and from ``i1`` on can add to the sum,
    and their mass (see the module's docstring for the bound)."""
    work = new_context(ctx.dps + TAIL_GUARD + 40)  # the tail masses cancel down to 1e-(dps+15)
    f = compile_expr(density, [var], work)
    cdf = _compiled(F, var, work)
    d = work.mpf(delta.p) / delta.q
    total, mass_total = work.zero, work.zero
    for edge, far, sign in ((_num(i0 * delta, work), lo, -1), (_num(i1 * delta, work), hi, 1)):
        if far.is_finite and sign * (_num(far, work) - edge) <= 0:
            continue  # the support ends inside the summed cells
        end = _num(far, work) if far.is_finite else sign * work.inf
        mass = sign * (cdf(end) - cdf(edge))
        if mass <= 0:
            continue
        excess = work.quad(lambda t, edge=edge, sign=sign: sign * (t - edge) * f(t),
                           sorted([edge, end]))
        mu = abs(excess) / (d * mass) + 1  # + 1: a cell's index counts the cell it starts
        total += mass * (work.log(1 / mass) + _geometric_entropy(mu, work) + 1)
        mass_total += mass
    return ctx.convert(total), ctx.convert(mass_total)


def _entropy_terms(masses, ctx):
    return ctx.fsum(-p * ctx.log(p) for p in masses if p > 0)


LOW_DIGITS = 15
"""Fewest working digits of a cell, and the digits of the rough pass that sets them."""


def digits_for(v, dps: int) -> int:
    """Working digits for a mass ``v`` (in [0, 1]) whose term ``-v ln v`` must be right to
    about 10^-dps: ``dps + log10(v max(1, |ln v|))``, rounded up to a multiple of 5, at least
    :data:`LOW_DIGITS`; all ``dps`` for 0 or a value near 1.

    >>> digits_for(0.5, 60), digits_for(1e-30, 60), digits_for(1e-80, 60), digits_for(0, 60)
    (60, 35, 15, 60)
    """
    import math

    if v <= 0:
        return dps
    size = float(v.context.log10(v)) if hasattr(v, "context") else math.log10(v)
    size += math.log10(max(1.0, -size * math.log(10)))
    return min(dps, max(LOW_DIGITS, 5 * math.ceil((dps + size) / 5)))


def cdf_cells(F, lo, hi, var, delta, ctx, density=None, bound: bool = True) -> CellSum:
    """H(X_delta) on ``ctx`` from the CDF ``F`` (any antiderivative of the density in
    ``var``) on the support ``[lo, hi]``; ``density`` (default F') serves the tail bound,
    which ``bound=False`` leaves out (``None`` in the result)."""
    density = sp.diff(F, var) if density is None else density
    i0, i1 = cell_range(F, var, lo, hi, delta, ctx.dps, ctx)
    base = ctx.dps + 10
    work = new_context(base)
    d = sp.Rational(delta)

    def point(i, w):
        t = w.mpf(d.p) * i / d.q
        if lo.is_finite and i * d <= lo:
            return _num(lo, w)
        if hi.is_finite and i * d >= hi:
            return _num(hi, w)
        return t

    right, left = tail_forms(F, var, lo, hi)
    low = new_context(LOW_DIGITS)
    r_low = _compiled(right, var, low)
    half = low.mpf(1) / 2
    forms = {}

    def forms_at(digits):
        if digits not in forms:
            w = new_context(digits)
            forms[digits] = (w, _compiled(right, var, w), _compiled(left, var, w))
        return forms[digits]

    # the points from `split` on lie right of the median (R < 1/2): R there, L to the left;
    # each tail is walked outward, so the value before bounds this one's size from above and
    # sets its working digits (a tail value of 1e-40 needs 40 digits fewer)
    first, last = i0, i1 + 1
    while first < last:
        mid = (first + last) // 2
        if r_low(point(mid, low)) < half:
            last = mid
        else:
            first = mid + 1
    split = first
    values = [None] * (i1 - i0 + 1)
    for side, walk in ((1, range(split, i1 + 1)), (-1, range(split - 1, i0 - 1, -1))):
        previous = None
        for i in walk:
            w, r, lf = forms_at(base if previous is None else digits_for(previous, base))
            t = point(i, w)
            v = r(t) if side > 0 else lf(-t)
            values[i - i0] = (side, work.convert(v))
            previous = v
    masses = []
    for k in range(i1 - i0):
        (sa, va), (sb, vb) = values[k], values[k + 1]
        if sa == sb:  # both from the same side: the smaller mass is the difference
            p, scale = (va - vb if sa > 0 else vb - va), max(abs(va), abs(vb))
        else:  # the cell holds the median: 1 - L(a) - R(b)
            p, scale = 1 - va - vb, work.one
        if p <= 0 or scale / p > 10**5:  # digits cancelled: recompute with more of them
            lost = int(work.log10(scale / p)) + 1 if p > 0 else base
            high = new_context(base + lost + 10)
            g = _compiled(F, var, high)
            i = i0 + k
            p = g(point(i + 1, high)) - g(point(i, high))
            p = ctx.convert(p) if p > 0 else ctx.zero
        masses.append(ctx.convert(p))
    entropy = _entropy_terms(masses, ctx)
    if not bound:
        return CellSum(entropy, None, None, i0, i1)
    tail, mass = tail_bound(density, var, F, lo, hi, d, i0, i1, ctx)
    return CellSum(entropy, tail, mass, i0, i1)


@lru_cache(maxsize=64)
def tail_forms(F, var, lo, hi) -> tuple:
    """``(R, L)``: the mass right of x, R(x) = F(hi) - F(x), and the mass left of -u,
    L(u) = F(-u) - F(lo), with erf written as erfc where SymPy can (so a tail of the normal is
    erfc(z)/2, not 1/2 - erf(z)/2, which cancels)."""
    top = _limit_expr(F, var, 1) if not hi.is_finite else F.subs(var, hi)
    bottom = _limit_expr(F, var, -1) if not lo.is_finite else F.subs(var, lo)
    right = sp.expand((top - F).rewrite(sp.erfc))
    left = sp.expand((F.subs(var, -var) - bottom).rewrite(sp.erfc))
    return right, left


@lru_cache(maxsize=8)
def _gauss_legendre(m: int, dps: int):
    ctx = new_context(dps)
    nodes, weights = ctx.gauss_quadrature(m, "legendre")
    return tuple(nodes), tuple(weights)


def gauss_legendre_points(m: int, dps: int) -> tuple:
    """The m-point Gauss-Legendre nodes and weights on [-1, 1] at ``dps`` digits (cached)."""
    return _gauss_legendre(m, dps)


def nodes_needed(cells: int, dps: int) -> int:
    """Gauss-Legendre nodes per cell for ``dps`` digits on a grid of ``cells`` cells.

    The rule's error on a cell of width delta is about (delta / (4 s))^(2m) relative, where s
    is the scale on which the density changes; taking s as a twentieth of the width the
    grid covers, m = (dps + 5) / (2 log10(cells / 5)), between 4 and 40.
    """
    import math

    ratio = max(cells / 5, 2.0)
    return max(4, min(40, math.ceil((dps + 5) / (2 * math.log10(ratio)))))


def quadrature_cells(density, var, lo, hi, delta, i0: int, i1: int, ctx, m: int | None = None):
    """-sum p_i ln p_i over the cells ``i0 <= i < i1`` with each p_i the integral of
    ``density`` over the cell (clipped to the support) by ``m``-point Gauss-Legendre
    (default :func:`nodes_needed`)."""
    coeff, shape = density.as_independent(var, as_Add=False)  # the constant factor once
    low = new_context(LOW_DIGITS)
    f_low = compile_expr(shape, [var], low)
    c_low = abs(compile_expr(coeff, [], low)())
    rules = {}

    def rule_at(digits):
        """The density and the Gauss-Legendre rule for ``digits`` working digits."""
        if digits not in rules:
            w = new_context(digits)
            nodes, weights = gauss_legendre_points(
                nodes_needed(i1 - i0, digits) if m is None else m, digits)
            rules[digits] = (w, compile_expr(shape, [var], w),
                             tuple(zip(nodes, weights, strict=True)))
        return rules[digits]

    d = sp.Rational(delta)
    masses = []
    for i in range(i0, i1):
        a, b = i * d, (i + 1) * d
        if lo.is_finite and a < lo:
            a = lo
        if hi.is_finite and b > hi:
            b = hi
        if (b - a).is_nonpositive:
            continue
        al, bl = _num(a, low), _num(b, low)
        rough = c_low * (bl - al) * max(f_low(al), f_low(bl))  # a tail cell: its larger end
        w, f, rule = rule_at(digits_for(min(rough, low.one), ctx.dps + 5))
        am, bm = _num(a, w), _num(b, w)
        half, mid = (bm - am) / 2, (bm + am) / 2
        masses.append(ctx.convert(half * w.fsum(wt * f(mid + half * t) for t, wt in rule)))
    c = compile_expr(coeff, [], ctx)()
    masses = [c * p for p in masses]
    return _entropy_terms(masses, ctx)
