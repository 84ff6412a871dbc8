"""The reference's Euler-Maclaurin terms of a far tail from the density's Taylor series at
the first cell's two edges, in Arb's power series (python-flint's ``arb_series``).

The mass of the cell ``s`` cells out, ``p(s) = int_{x_lo(s)}^{x_lo(s) + delta} f``, with
``x_lo(s) = (c + sigma s) delta`` (``sigma = +-1`` the direction), has ``p'(s) = sigma delta
(f(x_lo(s) + delta) - f(x_lo(s)))`` (the fundamental theorem of calculus), so that its
Taylor coefficients at ``s = 0`` are ``p_n = (1/n) [s^(n-1)] sigma delta (f(x_hi + sigma
delta s) - f(x_lo + sigma delta s))`` for ``n >= 1``, each ``f(e + sigma delta s)`` the
density evaluated on the power series ``e + sigma delta s`` (Arb's series exp, log and
powers: Johansson, "Arb: efficient arbitrary-precision midpoint-radius interval
arithmetic", IEEE Trans. Computers 66 (2017) 1281-1292), ``p_0`` the cell's mass as the
reference integrates it (Gauss-Legendre).  ``h = -p ln p`` is a series product and logarithm,
and the terms ``-B_2k / (2k)! h^(2k-1)(0) = -B_2k / (2k) h_(2k-1)`` are read off.  The
value's terms come from the Pearson recurrence of the density's coefficients and the
antiderivative's binomial sums (:mod:`.pearson_tail`); these share neither, nor the
circle of complex masses (:func:`~.em_sum.tail_terms`) they replace: ~1,550 complex masses
of 136 nodes each at 1000 digits, where these take two series evaluations.  Ball
arithmetic bounds each coefficient's rounding: a term whose radius is not far below the
working precision is refused (None: the circle serves).

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> from symbolic_info.numeric.em_sum import tail_terms
>>> from symbolic_info.numeric.tail_masses import density_mass
>>> x = sp.Symbol("x", positive=True)
>>> f = x * sp.exp(-x)  # gamma(2, 1) at delta 1/10, the far tail from cell 80 on
>>> mass = density_mass(f, x, sp.Rational(1, 10), 30)
>>> ctx = new_context(30)
>>> by_series = em_series_terms(f, x, sp.Rational(1, 10), 80, 1, mass, 6, ctx)
>>> by_circle = tail_terms(mass, 80, 1, 5, 6, ctx)
>>> all(abs(a - b) < 1e-28 for a, b in zip(by_series, by_circle))
True
"""

from __future__ import annotations

import sympy as sp

from .context import new_context

__all__ = ["em_series_terms", "series_of", "arb_of", "mpf_of", "GUARD_DIGITS"]

GUARD_DIGITS = 30
"""Digits the series carry beyond the request."""


def series_of(expr, var, at, step, consts: dict):
    """``expr`` evaluated on the ``arb_series`` ``at + step s`` (``at``, ``step`` ``arb``
    balls) at the current Arb precision and series length: sums, products, powers (a
    rational exponent, a series base), ``exp``, ``log`` and constants (rationals exactly,
    others from ``consts``: an ``arb`` per SymPy constant).  Anything else raises
    ``TypeError``."""
    from flint import arb, arb_series

    def ev(e):
        if e == var:
            return arb_series([at, step])
        if not e.has(var):
            if isinstance(e, sp.Rational):
                return arb_series([arb(int(e.p)) / int(e.q)])
            return arb_series([consts[e]])
        if isinstance(e, sp.Add):
            out = ev(e.args[0])
            for a in e.args[1:]:
                out = out + ev(a)
            return out
        if isinstance(e, sp.Mul):
            out = ev(e.args[0])
            for a in e.args[1:]:
                out = out * ev(a)
            return out
        if isinstance(e, sp.Pow) and isinstance(e.exp, sp.Rational) and not e.exp.has(var):
            base = ev(e.base)
            if e.exp.q == 1 and e.exp.p >= 0:
                return base ** int(e.exp.p)
            return (base.log() * (arb(int(e.exp.p)) / int(e.exp.q))).exp()
        if isinstance(e, sp.exp):
            return ev(e.args[0]).exp()
        if isinstance(e, sp.log):
            return ev(e.args[0]).log()
        raise TypeError(f"no series for {e}")

    return ev(expr)


class _Constants(dict):
    """SymPy constants as ``arb`` balls around their value at ``w``'s digits (10 more)."""

    def __init__(self, w):
        super().__init__()
        self.w = w

    def __missing__(self, c):
        self[c] = arb_of(self.w.mpf(sp.N(c, self.w.dps + 10)))
        return self[c]


def arb_of(v):
    """An mpmath ``mpf`` as an exact ``arb`` (its binary mantissa and exponent)."""
    from flint import arb

    sign, man, exp, _bc = v._mpf_
    out = arb(int(man)) * arb(2) ** int(exp)
    return -out if sign else out


def mpf_of(a, ctx):
    """The midpoint of the ``arb`` ``a`` as an mpf on ``ctx``."""
    man, exp = a.mid().man_exp()
    return ctx.convert(ctx.mpf((int(man), int(exp))))


def em_series_terms(density, var, delta, start: int, direction: int, mass, q: int, ctx):
    """``[h(0)/2, -B_2/2! h'(0), .., -B_2q/(2q)! h^(2q-1)(0)]`` on ``ctx`` of the far tail
    whose first cell is ``start`` (``direction`` +1: cells ``start, start + 1, ..``), as
    :func:`~.em_sum.tail_terms` gives them, from the Taylor series of ``density`` at that
    cell's edges (see the module's docstring) and ``mass(start, ctx)``, the cell's mass; None
    when Arb cannot evaluate the density as a series or the terms' radii are too large."""
    try:
        from flint import arb, arb_series
        from flint import ctx as flint_ctx
    except ImportError:
        return None
    w = new_context(ctx.dps + GUARD_DIGITS)
    d = sp.Rational(delta)
    lo, hi = sp.Integer(start) * d, sp.Integer(start + 1) * d
    old = flint_ctx.prec, flint_ctx.cap
    flint_ctx.prec, flint_ctx.cap = w.prec + 20, 2 * q + 2
    try:
        consts = _Constants(w)
        step = arb(direction * int(d.p)) / int(d.q)
        try:
            upper = series_of(density, var, arb(int(hi.p)) / int(hi.q), step, consts)
            lower = series_of(density, var, arb(int(lo.p)) / int(lo.q), step, consts)
        except (TypeError, KeyError, ValueError, ZeroDivisionError):
            return None
        slope = ((upper - lower) * step).coeffs()
        p0 = arb_of(w.convert(mass(w.mpf(start), w)))
        coeffs = [p0] + [slope[n - 1] / n if n - 1 < len(slope) else arb(0)
                         for n in range(1, 2 * q + 2)]
        p = arb_series(coeffs)
        h = -(p * p.log())
        hc = h.coeffs() + [arb(0)] * (2 * q + 2)
        terms = [hc[0] / 2] + [-arb.bernoulli(2 * k) / (2 * k) * hc[2 * k - 1]
                               for k in range(1, q + 1)]
        tiny = arb(10) ** -(ctx.dps + 10)
        if any(not t.rad() <= tiny for t in terms):
            return None
        return [mpf_of(t, ctx) for t in terms]
    finally:
        flint_ctx.prec, flint_ctx.cap = old
