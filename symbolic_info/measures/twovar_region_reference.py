"""The independent reference of a joint density on a region: h(X), h(Y), h(X, Y) by quadrature.

A density on a bounded region that is a polynomial of degree <= 2 in one variable, its
coefficients any functions of the other (``x + y on [0,1]^2``, ``3*x*y*(x + y) on [0,1]^2``,
``2*(x + y) on 0 < y < x < 1``, ``3*sqrt(x)*y on [0,1]^2``) has the inner integrals done
exactly, so that only one-dimensional quadratures remain:

- a marginal ``m(u) = integral f(u, w) dw`` by Gauss-Legendre with ``d//2 + 1`` nodes,
  exact for a polynomial of degree ``d`` in ``w`` (Abramowitz & Stegun 25.4.29), else by
  mpmath quad;
- the inner part of ``h(X, Y)``, ``integral p ln p dw`` with ``p(w) = f(u, w) = c prod (w -
  z_i)``: ``ln p = ln|c| + sum ln|w - z_i|``, and each ``integral p(w) ln(w - z) dw`` is
  integrated by parts with the antiderivative ``P`` of ``p`` that vanishes at ``z``
  (``[P ln(w - z)] - integral P(w)/(w - z) dw``, the quotient a polynomial), at the roots
  ``z`` computed numerically at the point ``u``.

The outer integrals of ``-m ln m`` and of ``-integral p ln p`` are then one-dimensional
(:func:`~symbolic_info.numeric.quadrature.integrate`, tanh-sinh at the ends of the range).
A zero of the density at a corner of the region (``x + y`` at ``(0, 0)``) is a root ``z``
that reaches an end of the inner range as ``u`` reaches an end of the outer one: the inner
value stays exact there, and the outer integrand's singularity (``u^2 ln u``) sits at an end
of its range, where tanh-sinh keeps its speed.  Nested one-dimensional rules met the
corner's singularity just outside each inner interval and took ~10^7 nodes at 300 digits.
The value is assembled from the density's coefficients and numeric roots, never from the
symbolic integrals of :mod:`.twovar_region`.

Other densities (unbounded regions, ``1/sqrt(x + y)``, higher degrees) keep nested mpmath
quad, good to the few dozen digits it reaches.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x, y = sp.symbols("x y", positive=True)
>>> ref, method = region_reference(x + y, x, y, (0, 1), (0, 1), ((0, 1), (0, 1)))
>>> ctx = new_context(30)
>>> h = ref("hxy", {}, ctx)   # 5/6 - (4/3) ln 2, by hand from the density of x + y
>>> abs(h - (ctx.mpf(5) / 6 - 4 * ctx.ln2 / 3)) < ctx.mpf(10) ** -28
True
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..numeric.context import compile_expr
from ..numeric.quadrature import Density, integrate

__all__ = ["region_reference", "polynomial_degrees", "MAX_EXACT_DEGREE"]

MAX_EXACT_DEGREE = 2
"""Highest degree in the inner variable whose roots are taken in closed form (quadratic)."""

EXACT_METHOD = ("h(X), h(Y) by tanh-sinh quadrature of -m ln m, each marginal m by "
                "Gauss-Legendre (exact where the density is a polynomial in the variable "
                "integrated out, else mpmath quad); h(X,Y) by tanh-sinh over one variable of "
                "the integral of -f ln f over the other, done exactly from the density's roots "
                "in it (integration by parts); I = h(X) + h(Y) - h(X,Y)")
NESTED_METHOD = ("h(X,Y) by nested mpmath quad of -f ln f over the region, h(X) and h(Y) by "
                 "mpmath quad of the marginals, each marginal itself a quad of the density; "
                 "I = h(X) + h(Y) - h(X,Y)")

FAR = 2**16
"""A root this many times farther out than the range is not used: next to a point where the
leading coefficient vanishes (``(2x - 1)^2 y^2 + y + 1`` at ``x = 1/2``) the terms of the
integration by parts grow like ``z^(d+1)`` and cancel; there the inner integral is taken by
mpmath quad (the polynomial is analytic on the range)."""

EXTRA_BITS = 40
"""Bits beyond the context's precision for the inner sums (they add terms of both signs)."""


def polynomial_degrees(f, x, y):
    """``(degree in x, degree in y)`` of ``f``, each as a polynomial in that variable alone
    (its coefficients any expressions of the other), ``None`` where it is not one.

    >>> x, y = sp.symbols("x y", positive=True)
    >>> polynomial_degrees(6 * x * y * (x + y) / 7, x, y), polynomial_degrees(sp.sqrt(x) * y, x, y)
    ((2, 2), (None, 1))
    """
    f = sp.expand(f)
    return tuple(sp.Poly(f, v).degree() if f.is_polynomial(v) else None for v in (x, y))


@lru_cache(maxsize=64)
def _legendre(n: int, prec: int):
    """Gauss-Legendre nodes and weights on (-1, 1) at ``prec`` bits, as mpf tuples."""
    from mpmath import mp
    with mp.workprec(prec):
        nodes, weights = mp.gauss_quadrature(n, "legendre")
        return tuple(v._mpf_ for v in nodes), tuple(v._mpf_ for v in weights)


def _compiled_ends(lo, hi, var, ctx):
    """The inner range's ends as functions of the outer variable ``var``."""
    return tuple(compile_expr(sp.sympify(e), [var], ctx) for e in (lo, hi))


def _marginal(f, var, across, lo, hi, degree, ctx):
    """``m(var) = integral of f over across from lo(var) to hi(var)``: Gauss-Legendre with
    ``degree//2 + 1`` nodes (exact) when ``f`` is a polynomial of ``degree`` in ``across``,
    else mpmath quad."""
    fn = compile_expr(f, [var, across], ctx)
    lo_f, hi_f = _compiled_ends(lo, hi, var, ctx)
    if degree is None:
        return lambda v: ctx.quad(lambda w: fn(v, w), [lo_f(v), hi_f(v)])
    nodes, weights = _legendre(degree // 2 + 1, ctx.prec + EXTRA_BITS)

    def m(v):
        a, b = lo_f(v), hi_f(v)
        half, mid = (b - a) / 2, (a + b) / 2
        return half * ctx.fsum(ctx.make_mpf(w) * fn(v, mid + half * ctx.make_mpf(t))
                               for t, w in zip(nodes, weights, strict=True))
    return m


def _roots(c, ctx):
    """The roots of ``sum c[k] w^k`` (degree <= 2, ``c[-1] != 0``), without cancellation."""
    if len(c) == 2:
        return [-c[0] / c[1]]
    if len(c) == 3:
        disc = c[1] ** 2 - 4 * c[2] * c[0]
        root = ctx.sqrt(disc) if disc >= 0 else ctx.mpc(0, ctx.sqrt(-disc))
        q = -(c[1] + (root if c[1] >= 0 else -root)) / 2
        return [q / c[2], c[0] / q] if q != 0 else [ctx.zero, ctx.zero]
    return []


def _p_log_p(c, a, b, ctx):
    """``integral from a to b of p ln p`` for ``p(w) = sum c[k] w^k > 0`` on ``(a, b)``."""
    n = len(c)
    while n > 1 and c[n - 1] == 0:
        n -= 1
    c = c[:n]
    mass = ctx.fsum(c[k] * (b ** (k + 1) - a ** (k + 1)) / (k + 1) for k in range(n))
    if n == 1:
        return mass * ctx.log(c[0]) if c[0] > 0 else ctx.zero
    roots = _roots(c, ctx)
    if any(abs(z) > FAR * (1 + abs(a) + abs(b)) for z in roots):  # the terms would cancel
        return ctx.quad(lambda w: _p_log_p_at(c, w, ctx), [a, b])
    total = mass * ctx.log(abs(c[-1]))
    for z in roots:
        real = not isinstance(z, ctx.mpc)

        def log_at(w, z=z, real=real):
            return ctx.log(abs(w - z)) if real else ctx.log(w - z)

        def anti(w, z=z):  # P(w) - P(z), P the antiderivative of p
            return ctx.fsum(c[k] * (w ** (k + 1) - z ** (k + 1)) / (k + 1) for k in range(n))

        ends = [anti(w) * log_at(w) if w != z else ctx.zero for w in (b, a)]
        quotient = ctx.fsum(c[k] / (k + 1) * z ** (k - j) * (b ** (j + 1) - a ** (j + 1)) / (j + 1)
                            for k in range(n) for j in range(k + 1))
        total += ctx.re(ends[0] - ends[1] - quotient)
    return total


def _p_log_p_at(c, w, ctx):
    p = ctx.polyval(c[::-1], w)
    return p * ctx.log(p) if p > 0 else ctx.zero


def _exact_joint(f, outer, inner, lo, hi, ctx):
    """``u -> integral over inner of f ln f`` at the outer value ``u`` (degree <= 2 in inner)."""
    coeffs = sp.Poly(sp.expand(f), inner).all_coeffs()[::-1]
    parts = [compile_expr(e, [outer], ctx) for e in coeffs]
    lo_f, hi_f = _compiled_ends(lo, hi, outer, ctx)

    def inner_value(u):
        with ctx.extraprec(EXTRA_BITS):
            return +_p_log_p([p(u) for p in parts], lo_f(u), hi_f(u), ctx)
    return inner_value


def _neg_plogp(v, ctx):
    return -v * ctx.log(v) if v > 0 else ctx.zero


def _number(e, ctx):
    e = sp.sympify(e)
    if e is sp.oo or e is -sp.oo:
        return ctx.inf if e is sp.oo else -ctx.inf
    return ctx.mpf(sp.N(e, ctx.dps + 10))


def _line(u, lo, hi, integrand, ctx):
    """``integral of integrand over (lo, hi)`` by the double-exponential rules."""
    return integrate(Density(u, sp.Integer(0), (sp.sympify(lo), sp.sympify(hi))), integrand, ctx)


def _mirrored(f, outer, inner, outer_range, inner_range) -> bool:
    """True when swapping the two variables maps the density and the box onto themselves:
    the two marginals are then the same function (``x + y on [0,1]^2``), one entropy."""
    same_box = not any(sp.sympify(e).free_symbols for e in inner_range) and \
        tuple(map(sp.sympify, outer_range)) == tuple(map(sp.sympify, inner_range))
    swap = {outer: inner, inner: outer}
    return same_box and sp.expand(f.xreplace(swap) - f) == 0


def region_reference(f, outer, inner, outer_range, inner_range, swapped):
    """``reference(kind, point, ctx)`` for ``kind`` in ``hx``-like names of the region's
    outer (``"out"``) and inner (``"in"``) variables and ``"hxy"``: ``h`` of the outer
    marginal, of the inner marginal, and the joint entropy.  ``swapped`` is ``((c, d), (gi,
    hi))``: the inner variable's range and the outer one's given it.  Values are remembered
    per precision (a mutual information needs all three).  Returns ``(reference, method)``,
    the method in words."""
    (a, b), (g, h) = outer_range, inner_range
    (c, d), (gi, hi) = swapped
    d_out, d_in = polynomial_degrees(f, outer, inner)
    bounded = all(sp.sympify(e).is_finite is not False and not sp.sympify(e).has(sp.oo, -sp.oo)
                  for e in (a, b, g, h, c, d, gi, hi))
    exact = bounded and any(k is not None and k <= MAX_EXACT_DEGREE for k in (d_out, d_in))
    mirror = _mirrored(f, outer, inner, outer_range, inner_range)
    seen: dict = {}

    def values(ctx):
        if ctx.prec in seen:
            return [ctx.make_mpf(v) for v in seen[ctx.prec]]
        if not exact:
            h_out, h_in, h_joint = _nested(f, outer, inner, (a, b), (g, h), swapped, ctx)
            seen[ctx.prec] = [v._mpf_ for v in (h_out, h_in, h_joint)]
            return [h_out, h_in, h_joint]
        m_out = _marginal(f, outer, inner, g, h, d_in, ctx)
        h_out = _line(outer, a, b, lambda u: _neg_plogp(m_out(u), ctx), ctx)
        if mirror:
            h_in = h_out
        else:
            m_in = _marginal(f, inner, outer, gi, hi, d_out, ctx)
            h_in = _line(inner, c, d, lambda w: _neg_plogp(m_in(w), ctx), ctx)
        if d_in is not None and d_in <= MAX_EXACT_DEGREE:
            h_joint = -_line(outer, a, b, _exact_joint(f, outer, inner, g, h, ctx), ctx)
        else:
            h_joint = -_line(inner, c, d, _exact_joint(f, inner, outer, gi, hi, ctx), ctx)
        seen[ctx.prec] = [v._mpf_ for v in (h_out, h_in, h_joint)]
        return [h_out, h_in, h_joint]

    def reference(kind, point, ctx):
        h_out, h_in, h_joint = values(ctx)
        return {"out": h_out, "in": h_in, "hxy": h_joint}[kind]
    return reference, (EXACT_METHOD if exact else NESTED_METHOD)


def _ends(e, v, var, ctx):
    e = sp.sympify(e)
    return _number(e, ctx) if not e.free_symbols else compile_expr(e, [var], ctx)(v)


def _nested_joint(f, outer, inner, outer_range, inner_range, ctx):
    (a, b), (g, h) = outer_range, inner_range
    fn = compile_expr(f, [outer, inner], ctx)
    return ctx.quad(lambda u: ctx.quad(lambda w: _neg_plogp(fn(u, w), ctx),
                                       [_ends(g, u, outer, ctx), _ends(h, u, outer, ctx)]),
                    [_number(a, ctx), _number(b, ctx)])


def _nested(f, outer, inner, outer_range, inner_range, swapped, ctx):
    """h of both marginals and the joint entropy by nested mpmath quad (any density)."""
    (a, b), (g, h) = outer_range, inner_range
    (c, d), (gi, hi) = swapped
    fn = compile_expr(f, [outer, inner], ctx)

    def marginal_out(u):
        return ctx.quad(lambda w: fn(u, w), [_ends(g, u, outer, ctx), _ends(h, u, outer, ctx)])

    def marginal_in(w):
        return ctx.quad(lambda u: fn(u, w), [_ends(gi, w, inner, ctx), _ends(hi, w, inner, ctx)])

    h_out = ctx.quad(lambda u: _neg_plogp(marginal_out(u), ctx), [_number(a, ctx), _number(b, ctx)])
    h_in = ctx.quad(lambda w: _neg_plogp(marginal_in(w), ctx), [_number(c, ctx), _number(d, ctx)])
    return h_out, h_in, _nested_joint(f, outer, inner, outer_range, inner_range, ctx)
