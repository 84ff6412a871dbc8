"""A far tail's cell masses and Euler-Maclaurin terms from the density's Taylor series.

For a density with ``f'/f = P/Q`` (Pearson's system, :func:`~.taylor_cells.pearson`: the
gamma's ``x f' = ((k - 1) - x/theta) f``, the Student t, the normal) the Taylor
coefficients of ``f`` at a point ``e`` follow from ``Q f' = P f`` by a three-term
recurrence (the power series method for linear ODEs, Kreyszig, *Advanced Engineering
Mathematics*, 10th ed., Sec. 5.1):

    q0 (n + 1) c_{n+1} = (p0 - n q1) c_n + (p1 - (n - 1) q2) c_{n-1} + p2 c_{n-2},

``p_i``, ``q_i`` the coefficients of ``P(e + t)``, ``Q(e + t)``.  With ``G(t) = F(e + t) -
F(e) = sum_m c_{m-1} t^m / m`` the mass of the cell ``s`` cells out from the edge ``e``
(``sigma = +-1`` the direction) is ``p(s) = sigma (G(sigma (s + 1) d) - G(sigma s d))``, a
power series in ``s`` whose coefficient of ``s^j`` is ``sigma sum_{m > j} b_m C(m, j)``,
``b_m = c_{m-1} (sigma d)^m / m``.  ``ln p`` and ``h = -p ln p`` follow by the power
series' logarithm and product (Knuth, *TAOCP* vol. 2, 3rd ed., Sec. 4.7), and the
Euler-Maclaurin terms ``B_2k / (2k)! h^(2k-1)(0) = B_2k / (2k) h_(2k-1)`` are read off the
coefficients ``h_j``: no complex mass, where the circle of :func:`~.em_sum.tail_terms`
takes hundreds (each a complex incomplete gamma or erfc: 0.8 s at 1000 digits for the
gamma).  Real masses come from :meth:`~.taylor_cells.PearsonLaw.mass`, the same series from
each cell's own edge (0.3 ms against 3 ms for two erfc at 1000 digits).  The value's far
tails use these (:func:`series_mass`); the reference keeps its Gauss-Legendre masses of the
density and its circle (:mod:`.tail_masses`): the two stay independent.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> from symbolic_info.numeric.em_sum import tail_terms
>>> from symbolic_info.numeric.tail_masses import cdf_mass
>>> x = sp.Symbol("x", positive=True)
>>> f = sp.exp(-x)  # exponential(1) at delta 1/10, the far tail from cell 50 on
>>> pieces = ((0, sp.oo, sp.exp(-x), 1 - sp.exp(-x)),)
>>> ctx = new_context(30)
>>> by_series = series_mass(f, x, sp.Rational(1, 10), 50, 1, cdf_mass(pieces, x,
...                         sp.Rational(1, 10), 1, f)).taylor(6, ctx)
>>> by_circle = tail_terms(cdf_mass(pieces, x, sp.Rational(1, 10), 1, f), 50, 1, 5, 6, ctx)
>>> all(abs(a - b) < 1e-28 for a, b in zip(by_series, by_circle))
True
"""

from __future__ import annotations

import sympy as sp

from .ball_eval import flint_available
from .context import compile_expr, new_context
from .mpfr_eval import compile_mpfr, gmpy2, to_mpfr, to_mpmath
from .taylor_cells import PearsonLaw, pearson

__all__ = ["series_mass", "falls_by_series", "taylor_coefficients", "mass_series", "entropy_series",
           "em_terms", "arb_em_terms", "fixed_point_mass", "GUARD_DIGITS", "SHORT_BITS",
           "FIXED_FROM_BITS"]

GUARD_DIGITS = 30
"""Digits the series carry beyond the request (the recurrence and the sums over ``m``
round at each step)."""


def taylor_coefficients(law: PearsonLaw, f_e, e, count: int, w) -> list:
    """``[c_0, .., c_{count-1}]``: the Taylor coefficients of the density at ``e`` (on
    ``w``), ``c_0 = f_e = f(e)``, by the recurrence of the module's docstring."""
    (r0, r1, r2), (s0, s1, s2) = ([w.mpf(c.p) / c.q for c in cs] for cs in (law.p, law.q))
    p0, p1, p2 = r0 + r1 * e + r2 * e * e, r1 + 2 * r2 * e, r2  # P(e + t)
    q0, q1, q2 = s0 + s1 * e + s2 * e * e, s1 + 2 * s2 * e, s2  # Q(e + t)
    c = [w.convert(f_e)]
    for n in range(count - 1):
        nxt = (p0 - n * q1) * c[n]
        if n >= 1:
            nxt += (p1 - (n - 1) * q2) * c[n - 1]
        if n >= 2:
            nxt += p2 * c[n - 2]
        c.append(nxt / (q0 * (n + 1)))
    return c


def mass_series(c: list, d, sigma: int, count: int, w) -> list:
    """``[P_0, .., P_{count-1}]``: the coefficients of ``p(s)``, the mass of the cell ``s``
    cells out from the edge where ``c`` are the density's Taylor coefficients (``d`` the
    cell's width, ``sigma`` the direction), ``P_j = sigma sum_{m > j} b_m C(m, j)`` summed
    until its terms stay below the working precision (the coefficients ``c`` must reach
    that far: ``len(c)`` at least ``count`` plus the terms each sum takes)."""
    b = [w.zero] + [c[m - 1] * (sigma * d) ** m / m for m in range(1, len(c) + 1)]
    tiny = w.mpf(2) ** -(w.prec + 8)
    out = []
    for j in range(count):
        total, binom, quiet = w.zero, 1, 0  # binom = C(m, j)
        for m in range(j + 1, len(b)):
            binom = binom * m // (m - j) if m > j + 1 else j + 1
            term = b[m] * binom
            total += term
            quiet = quiet + 1 if abs(term) <= abs(total) * tiny else 0
            if quiet >= 3:
                break
        else:
            raise ValueError("the density's Taylor series is too short for the cells' masses")
        out.append(sigma * total)
    return out


def entropy_series(pc: list, w) -> list:
    """``[h_0, .., h_{n-1}]``: the coefficients of ``h = -p ln p`` from those of ``p``
    (``pc[0] > 0``): ``ln p = ln p_0 + ln(1 + A)``, ``A = sum_{j>=1} (p_j / p_0) s^j``,
    whose coefficients ``l_j = a_j - (1/j) sum_{k<j} k l_k a_{j-k}`` (from ``(ln(1 + A))'
    (1 + A) = A'``), then the product."""
    n = len(pc)
    a = [w.zero] + [v / pc[0] for v in pc[1:]]
    lg = [w.log(pc[0])] + [w.zero] * (n - 1)
    for j in range(1, n):
        lg[j] = a[j] - w.fsum(k * lg[k] * a[j - k] for k in range(1, j)) / j
    return [-w.fsum(pc[i] * lg[j - i] for i in range(j + 1)) for j in range(n)]


def em_terms(hc: list, q: int, ctx) -> list:
    """``[h(0)/2, -B_2/2! h'(0), .., -B_2q/(2q)! h^(2q-1)(0)]`` on ``ctx`` from the Taylor
    coefficients ``hc`` of ``h`` (``h^(n)(0) = n! h_n``), as
    :func:`~.em_sum.tail_terms` gives them."""
    w = hc[0].context
    return [ctx.convert(hc[0] / 2)] + [ctx.convert(-w.bernoulli(2 * k) / (2 * k) * hc[2 * k - 1])
                                       for k in range(1, q + 1)]


def arb_em_terms(c: list, d, sigma: int, q: int, w, ctx):
    """:func:`em_terms` of :func:`entropy_series` of :func:`mass_series` (``count = 2 q +
    1``) in Arb's polynomials and power series (python-flint): ``p(s) = sigma (B(s + 1) -
    B(s))`` with ``B(u) = sum_m b_m u^m`` shifted by composition, then ``-p ln p`` by the
    series logarithm and product: 0.2 s at 1020 digits and q = 386, where the sums of
    :func:`mass_series` and :func:`entropy_series` took 4 s.  Raises ``ValueError`` when
    ``c`` is too short (its last terms times ``2^m``, a bound on ``C(m, j)``, not below the
    working precision of ``p(0)``) or ``p(0)`` is not positive; ``None`` when a term's
    radius is not far below ``10^-ctx.dps``."""
    from flint import arb, arb_poly, arb_series
    from flint import ctx as flint_ctx

    from .density_series import arb_of, mpf_of

    old = flint_ctx.prec, flint_ctx.cap
    flint_ctx.prec, flint_ctx.cap = w.prec + 20, 2 * q + 2
    try:
        step = arb_of(sigma * d)
        b = [arb(0)]
        power = arb(1)
        for m in range(1, len(c) + 1):
            power = power * step
            b.append(arb_of(c[m - 1]) * power / m)
        poly = arb_poly(b)
        shifted = poly(arb_poly([1, 1])) - poly
        pc = [sigma * v for v in shifted.coeffs()[:2 * q + 2]]
        tail = max(abs(v) * arb(2) ** m for m, v in enumerate(b[-3:], len(b) - 3))
        if not (pc[0] > 0 and tail < pc[0] * arb(2) ** -(w.prec + 8)):
            raise ValueError("the density's Taylor series is too short for the cells' masses")
        p = arb_series(pc)
        hc = (-(p * p.log())).coeffs() + [arb(0)] * (2 * q + 2)
        terms = [hc[0] / 2] + [-arb.bernoulli(2 * k) / (2 * k) * hc[2 * k - 1]
                               for k in range(1, q + 1)]
        if any(not t.rad() <= arb(10) ** -(ctx.dps + 10) for t in terms):
            return None
        return [mpf_of(t, ctx) for t in terms]
    finally:
        flint_ctx.prec, flint_ctx.cap = old


def series_mass(density, var, delta, start: int, direction: int, fallback):
    """``mass(c, ctx)`` of the far tail's cells from the Taylor series of ``density``
    (switch-free, of Pearson type: else ``fallback`` itself is returned): real ``c`` by
    :meth:`~.taylor_cells.PearsonLaw.mass` at the cell's own edge, anything it refuses
    (complex ``c``, a series that does not converge) by ``fallback`` (a mass function of
    :mod:`.tail_masses`).  ``mass.taylor(q, ctx)`` gives the tail's first ``q + 1``
    Euler-Maclaurin terms (:func:`em_terms`) at the first cell ``start`` (``direction``
    +1: cells ``start, start + 1, ..``), or None where the series does not serve."""
    law = pearson(density, var, -sp.oo, sp.oo)
    if not isinstance(law, PearsonLaw):
        return fallback
    d = sp.Rational(delta)

    coeff, shape = density.as_independent(var, as_Add=False)
    fast = (compile_mpfr(coeff, var), compile_mpfr(shape, var))

    def mass(c, ctx):
        if not hasattr(c, "_mpc_") and not isinstance(c, complex):
            c = ctx.convert(c) * 1
            if c._mpf_[3] > SHORT_BITS and ctx.prec >= FIXED_FROM_BITS and \
                    None not in fast:  # a trapezoid's node: no exact rational edge
                got = fixed_point_mass(law, fast, c, d, ctx)
                if got is not None:
                    return got
            u, v = _exact(c, d)
            got = law.mass(u, v, int(d.p), int(d.q), ctx.dps + 5)
            if got is not None and got > 0:
                return to_mpmath(got, ctx)
        return fallback(c, ctx)

    def taylor(q: int, ctx):
        w = new_context(ctx.dps + GUARD_DIGITS)
        edge = sp.Integer(start if direction > 0 else start + 1) * d
        e = w.mpf(edge.p) / edge.q
        f_e = compile_expr(density, [var], w)(e)
        if not f_e > 0:
            return None
        n = 2 * q + 1
        dist = _nearest_root(law, e, w)  # the series in t converges for |t| < dist
        ratio = w.mpf(d.p) / d.q / dist
        if ratio >= w.mpf(1) / 4:
            return None
        count = n + 2 * n // 3 + (int((w.dps + 10) / -w.log10(ratio)) if ratio else 0) + 20
        for _ in range(4):  # a series too short for the sums over m: twice as long
            try:
                c = taylor_coefficients(law, f_e, e, count, w)
                if flint_available():
                    return arb_em_terms(c, w.mpf(d.p) / d.q, direction, q, w, ctx)
                pc = mass_series(c, w.mpf(d.p) / d.q, direction, n, w)
                break
            except ValueError:
                count *= 2
        else:
            return None
        if not pc[0] > 0:
            return None
        return em_terms(entropy_series(pc, w), q, ctx)

    mass.estimate = fallback.estimate
    mass.taylor = taylor
    return mass


SHORT_BITS = 64
"""Mantissa bits of a cell index above which :func:`series_mass` takes
:func:`fixed_point_mass` (a node of :mod:`.exp_tail`'s trapezoid) rather than
:meth:`~.taylor_cells.PearsonLaw.mass`, whose exact rational coefficients then have
thousands of bits (1.9 ms a mass at 1020 digits, where a whole cell index takes 0.33).
"""
FIXED_FROM_BITS = 2000
"""Working bits from which :func:`fixed_point_mass` serves those nodes (measured, a gamma
cell: 0.43 against 0.17 ms at 320 digits, 0.65 against 0.81 at 700, 1.07 against 1.8 at
1020)."""


def fixed_point_mass(law: PearsonLaw, fast: tuple, c, d, ctx):
    """The mass of the cell ``[c d, (c + 1) d]`` (``c`` an mpf, ``d`` a Rational) on ``ctx``
    by the recurrence of :func:`taylor_coefficients` run on ``e_n = c_n d^n / f(a)``,
    ``a = c d``, in fixed point, its coefficients ``p_i d^(i+1) / q0`` and ``q_i d^i / q0``
    rounded to the working bits (40 more than ``ctx``'s):

        e_{n+1} = ((A0 - n B1) e_n + (A1 - (n - 1) B2) e_{n-1} + A2 e_{n-2}) / (n + 1),

    mass ``= d f(a) sum_n e_n / (n + 1)`` (a fifth less time than the exact rational
    coefficients at 1020 digits); ``fast``: the density's constant factor and the rest
    compiled to MPFR.  None where the series may not converge (a root of ``Q`` within 4
    cells), cancels (a term ``2^12`` above the sum) or runs past
    :data:`~.taylor_cells.MAX_TERMS` terms, or ``f(a)`` is not positive."""
    from .taylor_cells import MAX_TERMS as most

    bits = ctx.prec + 40
    w = new_context(ctx.dps + 15)
    a = w.convert(c) * w.mpf(d.p) / d.q
    dd = w.mpf(d.p) / d.q
    (r0, r1, r2), (s0, s1, s2) = ([w.mpf(v.p) / v.q for v in cs] for cs in (law.p, law.q))
    p0, p1, p2 = r0 + r1 * a + r2 * a * a, r1 + 2 * r2 * a, r2
    q0, q1, q2 = s0 + s1 * a + s2 * a * a, s1 + 2 * s2 * a, s2
    if q0 == 0 or abs(q0) <= 4 * abs(q1) * dd + 16 * abs(q2) * dd * dd:
        return None

    def fix(v):
        return gmpy2.mpz(int(w.nint(w.ldexp(v, bits))))

    a0, b1, a1 = fix(p0 * dd / q0), fix(q1 * dd / q0), fix(p1 * dd * dd / q0)
    b2, a2 = fix(q2 * dd * dd / q0), fix(p2 * dd ** 3 / q0)
    one = gmpy2.mpz(1) << bits
    tiny = gmpy2.mpz(1) << (bits - ctx.prec - 12)
    e2, e1, e0 = gmpy2.mpz(0), gmpy2.mpz(0), one
    total, biggest, quiet = one, one, 0
    two = not (b2 or a2)  # the gamma's x f' = ((k - 1) - x/theta) f: two terms
    for n in range(most):
        if two:
            e1, e0 = e0, (((a0 - n * b1) * e0 + a1 * e1) >> bits) // (n + 1)
        else:
            e2, e1, e0 = e1, e0, (((a0 - n * b1) * e0 + (a1 - (n - 1) * b2) * e1
                                   + a2 * e2) >> bits) // (n + 1)
        term = e0 // (n + 2)
        total += term
        if n & 7 == 0:  # the largest term and the end, every eighth term
            biggest = max(biggest, abs(term))
            quiet = quiet + 1 if abs(e0) + abs(e1) <= tiny else 0
            if quiet >= 2:
                break
    else:
        return None
    if total <= 0 or biggest > total << 12:
        return None
    with gmpy2.context(precision=bits):
        try:
            fa = fast[0](None) * fast[1](to_mpfr(a))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not gmpy2.is_finite(fa) or not fa > 0:
            return None
        return to_mpmath(gmpy2.mul_2exp(fa * to_mpfr(dd) * gmpy2.mpfr(total), -bits), ctx)


def _exact(c, d) -> tuple:
    """``(u, v)`` integers with ``u / v = c d`` exactly (``c`` an mpf, ``d`` a Rational)."""
    sign, man, exp, _bc = c._mpf_
    man = -int(man) if sign else int(man)
    if exp >= 0:
        return man * int(d.p) << exp, int(d.q)
    return man * int(d.p), int(d.q) << -exp


def _nearest_root(law: PearsonLaw, e, w):
    """The distance from ``e`` to the nearest root of ``Q`` (complex), +inf without one."""
    s0, s1, s2 = (w.mpf(c.p) / c.q for c in law.q)
    if s2 == 0 and s1 == 0:
        return w.inf
    roots = [-s0 / s1] if s2 == 0 else w.polyroots([s2, s1, s0])
    return min(abs(e - r) for r in roots)


def falls_by_series(branch, var, direction: int) -> bool:
    """True when ``branch`` (switch-free) is ``g(x) e^(b x)``, ``b`` of the sign that makes
    it fall in ``direction`` (+1: right), ``g`` not constant, with a Pearson form: its far
    tail's value by :func:`series_mass`, its reference by one exponential a cell
    (:func:`~.tail_masses.density_mass`).

    >>> x = sp.Symbol("x", positive=True)
    >>> falls_by_series(x**sp.Rational(3, 2) * sp.exp(-x), x, 1)
    True
    >>> falls_by_series(sp.exp(-x), x, 1), falls_by_series(sp.exp(-x**2), x, 1)
    (False, False)
    """
    from .tail_masses import exp_split

    shape, slope = exp_split(branch, var)
    return bool(slope * direction < 0) and shape.has(var) and \
        isinstance(pearson(branch, var, -sp.oo, sp.oo), PearsonLaw)
