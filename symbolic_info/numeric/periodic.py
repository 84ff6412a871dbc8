"""Divergences between Cauchy laws by the trapezoidal rule on a circle.

Under ``x = c + w tan(u)`` (any real ``c``, ``w > 0``) a Cauchy law ``Cauchy(x0, g)`` has the
density ``p_u(u) = p(x(u)) w (1 + tan^2 u)`` in ``u`` in ``(-pi/2, pi/2)``: positive, with a
finite limit at ``u = +-pi/2`` (``p ~ g/(pi x^2)`` there), analytic and ``pi``-periodic (for
``c = x0``, ``w = g`` it is the uniform ``1/pi``).  The trapezoidal rule then converges
geometrically, at a rate set by the strip of analyticity (Trefethen & Weideman, "The
exponentially convergent trapezoidal rule", SIAM Rev. 56 (2014), section 3), where
double-exponential rules on the heavy ``x^-2`` tails needed several times the nodes; the
circle is placed midway between the two laws (:func:`midway`), which widens the strip.  So

- ``D(P||Q) = integral p_u (r - 1 - ln r) du`` with ``r = q/p`` (both laws have mass 1 on
  the circle, so the ``r - 1`` part integrates to 0; the integrand is ``>= 0`` and
  periodic analytic);
- ``H(P, Q) = D(P||Q) + h(P)``, ``h(P) = ln(pi g) + 2 ln 2`` on P's own circle, where
  ``p_u = 1/pi``: ``-ln p(x(u)) = ln pi + ln |dx/du|`` and ``E[ln |dx/du|] = ln g +
  (1/pi) integral ln(1 + tan^2 u) du = ln g + 2 ln 2`` (Euler: ``integral_0^(pi/2) ln cos u
  du = -(pi/2) ln 2``; Gradshteyn & Ryzhik 4.224.6): only ``D`` is integrated.

``ln p`` and ``ln q`` are the families' log-densities at ``x(u)``, substituted exactly,
never a closed form of the divergence.  Before a value is returned the rule must have
converged (two successive sums agreeing to half the working digits; each doubling squares
the error), the nodes' sums of ``p_u`` and ``q_u`` must both be 1, and for ``h(P)``, ``p_u``
must be ``1/pi`` at a few points; otherwise :func:`cauchy_divergence` returns ``None`` and the
caller integrates in ``x``.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> def log_cauchy(x0, g):
...     return -sp.log(sp.pi * g) - sp.log(1 + ((x - x0) / g) ** 2)
>>> ctx = new_context(40)
>>> kl = cauchy_divergence(log_cauchy(0, 1), log_cauchy(1, 2), x, (0, 1), (1, 2), False, ctx)
>>> abs(kl - ctx.log(ctx.mpf(10) / 8)) < ctx.mpf(10) ** -39  # Chyzak & Nielsen (2019), eq. (1)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import sympy as sp

from ..symbolic.substitute import substitute
from .context import compile_expr
from .log_terms import excess

__all__ = ["periodic_trapezoid", "cauchy_divergence", "midway", "MAX_NODES_PER_DIGIT"]

FIRST_NODES = 16
MAX_NODES_PER_DIGIT = 8
"""At most this many nodes per working digit: 8,000 at 1000 digits, where a Cauchy pair of
comparable scales needs 1,500 to 4,000 (and 256 more at any precision).  A narrow strip of
analyticity (one scale 10^5 times the other) would need far more; the caller's quadrature
takes those (``N`` is predicted from the strip's width, ``exp(-2 width N)`` below the working
precision, before any node is computed)."""


def periodic_trapezoid(f: Callable, start, period, ctx, max_nodes: int, first=FIRST_NODES):
    """Sums ``(period/N) sum_k f(start + k period/N)`` for ``N = first, 2 first, ...`` (each
    level reusing the nodes of the one before) until two successive levels agree to half the
    working digits in every component of ``f``'s tuple of values: ``(values, N)``, or
    ``None`` at ``max_nodes``.  For a periodic analytic ``f`` the error decays like
    ``exp(-c N)``, so the last level is good to all the digits.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> (v,), n = periodic_trapezoid(lambda u: (1 / (2 + ctx.cos(u)),), 0, 2 * ctx.pi, ctx, 500)
    >>> abs(v - 2 * ctx.pi / ctx.sqrt(3)) < ctx.mpf(10) ** -29, n
    (True, 64)
    """
    n, sums, previous = first, None, None
    step = period / n
    sums = [ctx.fsum(parts) for parts in zip(*(f(start + k * step) for k in range(n)),
                                             strict=True)]
    previous = [s * step for s in sums]
    half = ctx.sqrt(ctx.eps) * 2**-8
    while 2 * n <= max_nodes:
        step = period / (2 * n)
        new = zip(*(f(start + (2 * k + 1) * step) for k in range(n)), strict=True)
        sums = [s + ctx.fsum(parts) for s, parts in zip(sums, new, strict=True)]
        n *= 2
        values = [s * step for s in sums]
        if all(abs(v - w) <= half * abs(v) for v, w in zip(values, previous, strict=True)):
            return values, n
        previous = values
    return None


def midway(p_pole: tuple, q_pole: tuple):
    """``(a, b, width)``: the circle ``x = x1 + g1 (a + b tan u)`` midway between the laws
    ``Cauchy(x1, g1)`` and ``Cauchy(x2, g2)`` (``p_pole``, ``q_pole`` as mpf pairs), ``a, b``
    rationals, and the half-width of the strip in which both densities in ``u`` are analytic.

    A density ``Cauchy(x0, g)`` has its poles at ``x0 +- i g``; in ``u`` (``tan u = (x - c)/w``)
    the pole ``z`` sits at ``Im atan((z - c)/w) = ln(|zeta + i|/|zeta - i|)/2``, ``zeta = (z -
    c)/w``: a function of the hyperbolic distance from ``c + i w`` to ``z`` in the upper half
    plane.  Both poles are as far from the real axis as they can be at once when ``c + i w``
    is the hyperbolic midpoint of ``x1 + i g1`` and ``x2 + i g2`` (each ``rho/2`` away, ``rho``
    their distance); then the strip's half-width is ``-ln tanh(rho/4)/2``.  On P's own circle
    the width is set by Q's pole alone and can be half as wide (measured 0.16 against 0.42).

    >>> a, b, width = midway((0, 1), (0, 1))
    >>> (a, b), width > 10
    ((0, 1), True)
    """
    import mpmath

    ctx = mpmath.MPContext()
    ctx.dps = 30
    x1, g1, x2, g2 = (ctx.mpf(v) for v in (*p_pole, *q_pole))
    zeta = ctx.mpc((x2 - x1) / g1, g2 / g1)  # Q's pole, with P's at i
    disk = (zeta - 1j) / (zeta + 1j)  # the Cayley map: P's pole at 0
    radius = abs(disk)
    if radius < ctx.mpf(10) ** -20:
        return 0, 1, ctx.inf
    if radius > 1 - ctx.mpf(10) ** -20:  # poles 10^20 of a scale apart: no usable strip
        return 0, 1, 0.0
    middle = disk / radius * ctx.tanh(ctx.atanh(radius) / 2)
    centre = 1j * (1 + middle) / (1 - middle)
    a, b = (Fraction(float(v)).limit_denominator(10**6) for v in (centre.real, centre.imag))
    a, b = sp.Rational(a.numerator, a.denominator), sp.Rational(b.numerator, b.denominator)
    # the width at the rounded centre: the nearer of the two poles
    c = ctx.mpc(a.p / ctx.mpf(a.q), b.p / ctx.mpf(b.q))
    width = min(_pole_width((z - c.real) / c.imag, ctx) for z in (ctx.mpc(0, 1), zeta))
    return a, b, float(width)


def _pole_width(zeta, ctx):
    """``Im atan(zeta)`` for ``Im zeta > 0``: the distance of the pole ``zeta`` from the real
    axis in ``u``."""
    return ctx.log(abs(zeta + 1j) / abs(zeta - 1j)) / 2


def cauchy_divergence(logp: sp.Expr, logq: sp.Expr, var: sp.Symbol, p_pole: tuple,
                      q_pole: tuple, cross: bool, ctx):
    """``D(P||Q)`` (``cross`` False) or ``H(P, Q)`` for ``P = Cauchy(*p_pole)`` and ``Q =
    Cauchy(*q_pole)`` given by their log-densities ``logp``, ``logq`` in ``var``, on the circle
    midway between them (:func:`midway`); ``None`` when a check fails or the strip is so narrow
    that the rule would need more than its cap of nodes (see the module's text).

    The poles are exact (location, scale); ``x = x1 + g1 (a + b tan u)`` is substituted
    symbolically, so the log-densities are compiled in ``t = tan u`` without rounding ``x``
    (a location of ``10^30``).  When ``ln q - ln p`` is small at ``t = 0, +-1`` (nearly equal
    laws, where ``p (r - 1 - ln r)`` is about ``p (ln r)^2/2``), the rule runs with the
    digits that difference loses added.  ``H(P, Q) = D(P||Q) + h(P)``, with ``h(P)`` on P's own
    circle, where P is uniform (checked at a few points): ``ln(pi g1) + E[ln(1 + tan^2 U)]``
    for ``U`` uniform, ``2 ln 2`` by Euler's integral.
    """
    x1, g1 = (sp.sympify(v) for v in p_pole)
    to_mpf = [compile_expr(sp.sympify(v), [], ctx)() for v in (*p_pole, *q_pole)]
    a, b, width = midway(to_mpf[:2], to_mpf[2:])
    if width <= 0 or _nodes_for(width, ctx.dps) > _most_nodes(ctx.dps):
        return None  # the rule would not reach the digits within the cap
    t = sp.Dummy("t", real=True)
    logs = [substitute(sp.sympify(e), {var: x1 + g1 * (a + b * t)}) for e in (logp, logq)]

    def compiled():  # constants are folded at the precision of the moment
        lp, lq = (compile_expr(e, [t], ctx) for e in logs)
        return lp, lq, ctx.log(compile_expr(g1 * b, [], ctx)())

    lp, lq, _ = compiled()
    gap = max(abs(lq(ctx.mpf(v)) - lp(ctx.mpf(v))) for v in (0, 1, -1))
    extra = min(ctx.dps, max(0, int(-ctx.log10(gap)))) if gap else ctx.dps
    with ctx.workdps(ctx.dps + extra):
        value = _on_circle(*compiled(), width, ctx)
    if value is None:
        return None
    if cross:
        entropy = _uniform_entropy(logp, var, x1, g1, ctx)
        if entropy is None:
            return None
        value += entropy
    return +value


def _most_nodes(dps) -> int:
    """The cap on a level's nodes (:data:`MAX_NODES_PER_DIGIT`)."""
    return MAX_NODES_PER_DIGIT * dps + 256


MARGIN = 1.15
"""The last level has this many times the nodes that the strip's width predicts."""


def _nodes_for(width, dps) -> float:
    """Nodes at which the error ``exp(-2 width N)`` of the rule on a period ``pi`` (the
    strip bound of Trefethen & Weideman, Thm. 3.2, up to its constant) is ``10^-dps``, with
    :data:`MARGIN`."""
    return MARGIN * dps * math.log(10) / (2 * width)


def _first_level(width, dps) -> int:
    """The first level's nodes (16 to 31) whose doubling lands just above
    :func:`_nodes_for`: the level before it has about half the digits, so the stopping test
    (half the digits between two levels) passes there when the prediction holds, and one more
    doubling follows when it does not.  (Powers of two alone landed up to twice too high:
    4,096 nodes where 2,300 sufficed.)"""
    first = _nodes_for(width, dps)
    while first >= 2 * FIRST_NODES:
        first /= 2
    return max(FIRST_NODES, math.ceil(first))


def _on_circle(lp: Callable, lq: Callable, log_scale, width, ctx):
    """``integral p_u (r - 1 - ln r) du`` over the circle from the compiled log-densities
    ``lp``, ``lq`` of ``t = tan u`` (``log_scale``: ``ln |dx/dt|``; ``width``: the strip's
    half-width), ``None`` unless the rule converged and both laws have mass 1 on the circle."""

    def f(u):
        t = ctx.tan(u)
        jacobian = log_scale + ctx.log1p(t * t)
        p, q = lp(t), lq(t)
        p_u = ctx.exp(p + jacobian)
        e = excess(q - p, ctx)  # q_u = p_u r = p_u (e + 1 + ln r): no third exp per node
        return p_u * e, p_u, p_u * (e + 1 + (q - p))

    first = _first_level(width, ctx.dps)
    # nodes start + k pi/N (N = first 2^j) never reach +-pi/2: start is pi/(3 first) past
    # -pi/2, and 1/(3 first) + k/(first 2^j) = (2^j + 3k)/(3 first 2^j) is never an integer
    found = periodic_trapezoid(f, -ctx.pi / 2 + ctx.pi / (3 * first), ctx.pi, ctx,
                               _most_nodes(ctx.dps), first)
    if found is None:
        return None
    (value, p_mass, q_mass), _ = found
    if max(abs(p_mass - 1), abs(q_mass - 1)) > ctx.sqrt(ctx.eps):
        return None  # a mass missed: a peak narrower than the nodes' spacing
    return value


UNIFORM_AT = (0, 1, -1, 3, -3, 100, -100)
"""Values of ``t = tan u`` at which P's density on its own circle is checked to be ``1/pi``."""


def _uniform_entropy(logp: sp.Expr, var: sp.Symbol, x1, g1, ctx):
    """``h(P)`` for ``P`` uniform on its circle ``x = x1 + g1 tan u``: ``ln(pi g1) + 2 ln 2``
    (``E[ln |dx/du|]``, Euler's integral), after checking ``p(x(t)) g1 (1 + t^2) = 1/pi`` at
    :data:`UNIFORM_AT`; else ``None``."""
    t = sp.Dummy("t", real=True)
    lp = compile_expr(substitute(sp.sympify(logp), {var: x1 + g1 * t}), [t], ctx)
    log_scale = ctx.log(compile_expr(g1, [], ctx)())
    for v in UNIFORM_AT:
        v = ctx.mpf(v)
        if abs(lp(v) + log_scale + ctx.log1p(v * v) + ctx.log(ctx.pi)) > ctx.eps * 2**16:
            return None
    return ctx.log(ctx.pi) + log_scale + 2 * ctx.ln2
