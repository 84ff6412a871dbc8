"""Cell masses of a Pearson-type density by a Taylor series from the cell's left edge.

A density whose logarithmic derivative is a ratio of polynomials of degree at most two,
``f'(x) / f(x) = P(x) / Q(x)`` (Pearson's system: the normal, gamma, chi, Maxwell,
Rayleigh, Student t, beta, Laplace and exponential on each side of a kink; Johnson, Kotz &
Balakrishnan, *Continuous Univariate Distributions*, vol. 1, 2nd ed., Sec. 4.1), has
Taylor coefficients ``c_n`` at a point ``a`` that follow from ``Q f' = P f`` by a
three-term recurrence: with ``P(a + s) = p0 + p1 s + p2 s^2`` and ``Q(a + s) = q0 + q1 s +
q2 s^2``, comparing the coefficients of ``s^n`` gives

    q0 (n + 1) c_{n+1} = (p0 - n q1) c_n + (p1 - (n - 1) q2) c_{n-1} + p2 c_{n-2},

so that the mass of the cell ``[a, a + d]`` is ``sum_n c_n d^{n+1} / (n + 1)`` from one
evaluation of ``f(a)`` and a few multiplications per term (the series of a function
analytic in the disc of radius ``|root of Q(a + s)|`` converges there: the power series
method for linear ODEs, Kreyszig, *Advanced Engineering Mathematics*, 10th ed.,
Sec. 5.1).  The special functions of the CDF (erfc, incomplete gamma) cost 100-700 us a
call at 70 digits; this costs well under a microsecond per term in fixed point.
:func:`symbolic_info.numeric.cells.cdf_cells` checks every block of these masses against
the difference of the CDF at its two ends.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> law = pearson(sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi), x, -sp.oo, sp.oo)
>>> law.p, law.q
((0, -1, 0), (1, 0, 0))
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> m = law.mass(0, 1, 1, 10, 30)  # the cell [0, 1/10]
>>> ctx.nstr(to_mpmath(m, ctx), 25) == ctx.nstr(ctx.erf(ctx.mpf(1) / 10 / ctx.sqrt(2)) / 2, 25)
True
"""

from __future__ import annotations

from functools import lru_cache
from math import gcd

import sympy as sp

from .branches import SWITCHES, branch_between
from .cell_terms import digits_for
from .mpfr_eval import compile_mpfr, gmpy2, to_mpmath

__all__ = ["PearsonLaw", "SumLaw", "pearson", "MAX_TERMS", "MAX_LOSS_BITS", "taylor_laws",
           "taylor_block", "ANCHOR_EVERY", "MAX_ANCHOR_EVERY", "anchor_every"]

MAX_TERMS = 1000
"""Most Taylor terms of one cell; a series that needs more gives None (the caller keeps the
CDF).  A normal's coefficients fall only like ``1/(n/2)!``: at delta 1/5 and 1020 digits
its cells need about 600 terms (0.3 ms in GMP) where each CDF edge is an erfc of 25 ms (the
mixture 1/2 laplace(0, 1) + 1/2 normal(3, 1) at 1000 digits: 17 s of its value's CPU in
erfc with 400 terms at most)."""
MAX_LOSS_BITS = 256
"""Most bits a cell's series may cancel (summed again with that many more bits); beyond,
the cell goes to the CDF."""
_OPS = 120
"""Largest density (SymPy operation count) whose Pearson form is looked for."""
_LOSS_BITS = 12
"""Largest growth of a term over the sum (in bits) accepted: more means cancellation."""
_GMP_BITS = 400
"""Working bits from which :meth:`PearsonLaw.mass` runs its integers as GMP's ``mpz``
(measured: 337 terms at 3400 bits 4.3 ms as Python integers, 1.4 ms as ``mpz``; at 100
bits Python's own integers are the faster)."""
_GUARD_BITS = 17
"""Bits of the fixed point below the working bits: the series stops when its terms are
below ``2^-(bits + 2)`` of the sum, ``2^6`` units of ``u_n`` (:func:`_series`), well above
the rounding of each division (at most 1 unit each)."""


class PearsonLaw:
    """A density ``f`` in ``var`` with ``f'/f = P/Q`` on an interval (``p``, ``q``: the
    coefficients of ``P`` and ``Q`` in powers of ``var``, exact rationals): :meth:`mass`
    integrates it over one cell."""

    def __init__(self, f, var, p: tuple, q: tuple):
        coeff, shape = f.as_independent(var, as_Add=False)
        self.f, self._coeff = compile_mpfr(shape, var), compile_mpfr(coeff, var)
        self._coeffs = {}
        self.p, self.q = p, q
        den = 1
        for c in (*p, *q):
            den = den * int(c.q) // gcd(den, int(c.q))
        self._pi = [int(c.p) * (den // int(c.q)) for c in p]  # den P, den Q: integers
        self._qi = [int(c.p) * (den // int(c.q)) for c in q]
        self.exponential = not any(p[1:]) and not any(q[1:])  # f = e^(c x): one cached series

    def mass(self, u: int, v: int, g: int, h: int, digits: int):
        """``int_a^{a+d} f`` for ``a = u/v`` and ``d = g/h`` (integers, ``v, g, h > 0``) as
        an MPFR number at about ``digits`` digits, or None where the series is not usable
        (the disc of convergence too small, a density that is 0 or not finite at ``a``,
        cancellation among terms).

        The recurrence runs on ``u_n = c_n d^n / ((n + 1) f(a))`` (the terms of the mass
        over ``d f(a)``) in fixed point (Python integers scaled by ``2^bits``) with exact
        integer coefficients (the polynomials times ``v^2`` and their common denominator),
        so that ``a - mu`` of a law centred at 1e20 costs nothing; ``f(a)`` is evaluated
        with as many more bits as ``a`` has integer bits."""
        out = self._masses(u, v, g, h, digits, False)
        return None if out is None else out[1]

    def pair(self, u: int, v: int, g: int, h: int, digits: int):
        """``(int_{a-d}^a f, int_a^{a+d} f)``: the two cells beside the edge ``a = u/v``
        (``d = g/h``) from one series, as :meth:`mass` gives the right one, or None.  The
        left one is the same series at ``s = -d``: ``F(a) - F(a - d) = d f(a) sum_n (-1)^n
        u_n``, so the even terms add and the odd ones change sign; the disc of convergence
        (:func:`_converges`) is checked on both sides of ``a``.  Half the series and half
        the evaluations of ``f`` that two calls of :meth:`mass` take."""
        return self._masses(u, v, g, h, digits, True)

    def _masses(self, u: int, v: int, g: int, h: int, digits: int, both: bool,
                guard: int = 0):
        """``(left, right)`` of :meth:`pair` (``left`` None unless ``both``), or None.
        ``guard``: bits the fixed point carries beyond the digits' own for terms that cancel
        (a sum :data:`_LOSS_BITS` or more below its largest term is summed once more with
        the bits it lost, up to :data:`MAX_LOSS_BITS`: the normal component of a mixture at
        delta 1/5, 50 of its scales out, alternates with terms e^10 above the sum)."""
        (r0, r1, r2), (s0, s1, s2) = self._pi, self._qi
        uv, vv, uu = u * v, v * v, u * u
        p0, p1, p2 = r0 * vv + r1 * uv + r2 * uu, (r1 * v + 2 * r2 * u) * v, r2 * vv
        q0, q1, q2 = s0 * vv + s1 * uv + s2 * uu, (s1 * v + 2 * s2 * u) * v, s2 * vv
        if q0 == 0 or not _converges(q0, q1 * g, q2 * g * g, h):
            return None
        if q0 < 0:
            p0, p1, p2, q0, q1, q2 = -p0, -p1, -p2, -q0, -q1, -q2
        # e_{n+1} = ((p0 - n q1) g h^2 e_n + (p1 - (n-1) q2) g^2 h e_{n-1} + p2 g^3 e_{n-2})
        #           / (q0 h^3 (n + 1)),   e_n = c_n d^n / f(a) = (n + 1) u_n
        gh2, g2h, g3, den = g * h * h, g * g * h, g * g * g, q0 * h * h * h
        a0, b1, a1, b2, a2 = p0 * gh2, q1 * gh2, p1 * g2h, q2 * g2h, p2 * g3
        bits = int(digits * 3.33) + 24
        work = bits + guard  # the fixed point's bits: the digits' and those the sum cancels
        one = 1 << (work + _GUARD_BITS)
        if work >= _GMP_BITS:  # the same integers in GMP: 3-6 times faster from 1000 bits
            one, a0, b1, a1, b2, a2, den = map(gmpy2.mpz, (one, a0, b1, a1, b2, a2, den))
        exponential = not (b1 or a1 or b2 or a2)  # f = e^(linear): the same sum in every cell
        series = (_exponential_series if exponential else _series)(
            (a0, b1, a1, b2, a2), den, one, one >> (work + 2))
        if series is None:
            return None
        even, odd, biggest = series
        totals = (even - odd if both else None, even + odd)
        for total in totals:
            if total is None:
                continue
            if total <= 0:
                return None
            if biggest > total << (_LOSS_BITS + guard) or total < one >> (_LOSS_BITS + guard):
                lost = max(int(biggest).bit_length(), int(one).bit_length()) - \
                    int(total).bit_length() + 1
                if guard or lost > MAX_LOSS_BITS:
                    return None
                return self._masses(u, v, g, h, digits, both, lost + _LOSS_BITS)
        extra = max(abs(u) // v, 1).bit_length()
        with gmpy2.context(precision=bits + extra):
            try:
                fa = self.f(gmpy2.mpfr(u) / v)
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
            if not gmpy2.is_finite(fa) or fa <= 0:
                return None
        with gmpy2.context(precision=bits):
            scale = fa * self._constant(bits) * g / h
            return tuple(None if t is None else gmpy2.mul_2exp(scale * gmpy2.mpfr(t),
                                                                -(work + _GUARD_BITS))
                         for t in totals)

    def bound(self, u: int, v: int, g: int, h: int):
        """An upper bound on ``int_a^{a+d} f`` (``a = u/v``, ``d = g/h``) when ``f`` is
        monotone on the cell, else None: ``f' = f P / Q`` changes sign only at a root of
        ``P`` or ``Q``, so with neither vanishing on ``[a, a + d]`` the mass is at most
        ``d f(e)`` at the end ``e`` where ``f`` is larger (``a + d`` when ``P / Q > 0``),
        taken here at 64 bits (and the bits of ``e``) times 1.01."""
        b_u, b_v = u * h + g * v, v * h  # a + d = b_u / b_v
        rising = _sign_on(self._pi, u, v, b_u, b_v) * _sign_on(self._qi, u, v, b_u, b_v)
        if rising == 0:
            return None
        e_u, e_v = (b_u, b_v) if rising > 0 else (u, v)
        bits = 64 + max(abs(e_u) // e_v, 1).bit_length()
        with gmpy2.context(precision=bits):
            try:
                top = self.f(gmpy2.mpfr(e_u) / e_v)
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
            if not gmpy2.is_finite(top):
                return None
            return abs(top * self._constant(bits)) * g / h * gmpy2.mpfr("1.01")

    def _constant(self, bits: int):
        """The density's constant factor at ``bits`` bits (computed once per precision)."""
        if bits not in self._coeffs:
            self._coeffs[bits] = self._coeff(None)
        return self._coeffs[bits]


def _series(coefficients, den, one, tiny):
    """``(even, odd, biggest)``: the sums of ``u_n`` over even and over odd ``n`` and the
    largest ``|u_n|``, in fixed point (``u_0 = one``), ``u_n = e_n / (n + 1)`` with ``e_n``
    of the recurrence of :meth:`PearsonLaw.mass` (``coefficients = (a0, b1, a1, b2,
    a2)``), that is

        u_{n+1} = ((a0 - n b1) (n + 1) u_n + (a1 - (n - 1) b2) n u_{n-1}
                   + a2 (n - 1) u_{n-2}) / (den (n + 1) (n + 2)),

    one division a term, two steps a round, until two rounds in a row end with ``|u_n| +
    |u_{n-1}|`` at most ``tiny / 2^9`` (so ``|e_n| + |e_{n-1}| <= tiny``: ``n + 1 < 2^9``);
    None after :data:`MAX_TERMS` terms.  An ``exp(quadratic)`` density (the normal: ``b1 =
    b2 = a2 = 0``) takes the two-term recurrence, a third of the multiplications."""
    a0, b1, a1, b2, a2 = coefficients
    plain = not (b1 or b2 or a2)
    tiny >>= 9
    u2, u1, u0 = 0, 0, one
    even, odd, biggest, quiet = one, 0, one, 0
    for n in range(0, MAX_TERMS, 2):
        m = n + 1
        if plain:
            u1, u0 = u0, (a0 * m * u0 + a1 * n * u1) // (den * m * (m + 1))
            odd += u0
            u1, u0 = u0, (a0 * (m + 1) * u0 + a1 * m * u1) // (den * (m + 1) * (m + 2))
        else:
            u2, u1, u0 = u1, u0, ((a0 - n * b1) * m * u0 + (a1 - (n - 1) * b2) * n * u1
                                  + a2 * (n - 1) * u2) // (den * m * (m + 1))
            odd += u0
            u2, u1, u0 = u1, u0, ((a0 - m * b1) * (m + 1) * u0 + (a1 - n * b2) * m * u1
                                  + a2 * n * u2) // (den * (m + 1) * (m + 2))
        even += u0
        big = max(abs(u0), abs(u1))
        if big > biggest:
            biggest = big
        if big <= tiny >> 1:
            quiet += 1
            if quiet >= 2:
                return even, odd, biggest
        else:
            quiet = 0
    return None


class SumLaw:
    """A density that is a sum of Pearson-type terms (a mixture's weighted components):
    a cell's mass is the sum of the terms' masses (the integral is linear), each by its own
    series.  A term whose mass is not positive (a negative weight) gives None: the terms
    would cancel, and the cell goes to the CDF."""

    def __init__(self, laws: tuple):
        self.laws = laws

    def mass(self, u: int, v: int, g: int, h: int, digits: int):
        """:meth:`PearsonLaw.mass` of each term, summed to ``digits`` digits of the total,
        or None.  A term monotone on the cell whose :meth:`PearsonLaw.bound` is below
        ``10^-(digits + 4)`` of the terms summed (at most 8 terms: together below
        ``10^-(digits + 3)`` of the sum) is left out: a normal component 30 scales away
        beside a Laplace tail, most of the cells of a wide mixture.  The ``e^(c x)`` terms
        (a cached series each) go first, and the others are bounded only once a part is
        summed."""
        parts = []
        for law in sorted(self.laws, key=lambda t: not t.exponential):  # the cheap first
            if parts and not law.exponential:
                bound = law.bound(u, v, g, h)
                if bound is not None:
                    with gmpy2.context(precision=64):
                        if bound < gmpy2.fsum(parts) * gmpy2.mpfr(10) ** -(digits + 4):
                            continue
            m = law.mass(u, v, g, h, digits)
            if m is None or m <= 0:
                return None
            parts.append(m)
        with gmpy2.context(precision=int(digits * 3.33) + 24):
            return gmpy2.fsum(parts)

    def pair(self, u: int, v: int, g: int, h: int, digits: int):
        """:meth:`PearsonLaw.pair`'s two cells beside ``a = u/v``, each by :meth:`mass`
        (each term of a cell is left out or kept on its own), or None."""
        left = self.mass(u * h - g * v, v * h, g, h, digits)
        right = None if left is None else self.mass(u, v, g, h, digits)
        return None if right is None else (left, right)


_exponential_series = lru_cache(maxsize=64)(_series)
""":func:`_series` of ``f = e^(c x)`` (Laplace on each side, the exponential), where ``e_n =
(c d)^n / n!`` whatever the cell: summed once per cell width and precision."""


def _sign_on(c, u: int, v: int, b_u: int, b_v: int) -> int:
    """The sign (+1 or -1) of the polynomial ``c[0] + c[1] x + c[2] x^2`` (integers) on
    ``[u/v, b_u/b_v]`` (``v, b_v > 0``), or 0 when it may vanish there (a zero at an end, a
    sign change, or the vertex of a quadratic inside with the other sign); exact."""
    c0, c1, c2 = c
    if not (c1 or c2):
        return (c0 > 0) - (c0 < 0)
    at_a = c0 * v * v + c1 * u * v + c2 * u * u  # v^2 c(u/v)
    at_b = c0 * b_v * b_v + c1 * b_u * b_v + c2 * b_u * b_u
    if at_a == 0 or at_b == 0 or (at_a > 0) != (at_b > 0):
        return 0
    sign = 1 if at_a > 0 else -1
    if c2 == 0:
        return sign
    # the vertex x* = -c1 / (2 c2): inside (a, b), where 4 c2 c(x*) = 4 c0 c2 - c1^2
    inside = (-c1 * v > 2 * c2 * u) == (c2 > 0) and (-c1 * b_v < 2 * c2 * b_u) == (c2 > 0)
    at_vertex = 4 * c0 * c2 - c1 * c1
    vertex_positive = at_vertex != 0 and (at_vertex > 0) == (c2 > 0)
    if inside and (at_vertex == 0 or vertex_positive != (sign > 0)):
        return 0
    return sign


def _converges(q0: int, q1: int, q2: int, h: int) -> bool:
    """True when every root of ``q0 + q1 t + q2 t^2`` (``t = s / d``, ``d = g/h``: the
    coefficients given as ``q1 g``, ``q2 g^2``, all over ``h``, ``h^2``) lies at least 4
    cells from 0 (the series then converges like 4^-n at the cell's far end, no slower):
    ``|q0| > 4 |q1| + 16 |q2|`` in those units suffices: a root ``|t| < 4`` would give
    ``|q0| = |q1 t + q2 t^2| <= 4 |q1| + 16 |q2|``."""
    return abs(q0) * h * h > 4 * abs(q1) * h + 16 * abs(q2)


@lru_cache(maxsize=64)
def pearson(f, var, a, b):
    """The :class:`PearsonLaw` of the density ``f`` on ``(a, b)`` (between neighbouring
    kinks), a :class:`SumLaw` of one per term when ``f`` there is a sum (a mixture: each
    component its own Pearson form), or None when ``f'/f`` (of a term) is not a ratio of
    polynomials of degree at most two with rational coefficients there (the logistic's, for
    one), when ``f`` does not compile to MPFR, or gmpy2 is absent."""
    if gmpy2 is None:
        return None
    g = branch_between(f, var, a, b)
    if g.has(*SWITCHES, sp.Piecewise):
        return None
    terms = sp.Add.make_args(g)
    if len(terms) > _MAX_TERMS_OF_SUM:
        return None
    laws = [_pearson_term(t, var) for t in terms]
    if any(law is None for law in laws):
        return None
    return laws[0] if len(laws) == 1 else SumLaw(tuple(laws))


_MAX_TERMS_OF_SUM = 8
"""Most terms of a density taken term by term (a mixture's components)."""



def _pearson_term(g, var) -> PearsonLaw | None:
    """The :class:`PearsonLaw` of one switch-free term ``g``, or None."""
    if sp.count_ops(g) > _OPS:
        return None
    try:
        r = sp.cancel(sp.diff(g, var) / g)
        num, den = sp.fraction(r)
        pn, pd = sp.Poly(num, var), sp.Poly(den, var)
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return None
    if pn.degree() > 2 or pd.degree() > 2:
        return None
    coeffs = [list(reversed(pn.all_coeffs())), list(reversed(pd.all_coeffs()))]
    if not all(isinstance(c, sp.Rational) for cs in coeffs for c in cs):
        return None
    p, q = (tuple(cs + [sp.Integer(0)] * (3 - len(cs))) for cs in coeffs)
    law = PearsonLaw(g, var, p, q)
    return law if law.f is not None and law._coeff is not None else None


ANCHOR_EVERY = 32
"""Fewest cells between two edges at which :func:`cdf_cells` evaluates the CDF when the
masses in between come from a Taylor series (:func:`anchor_every`); a block that fails its
check is halved down to this many cells, then taken from the CDF edge by edge."""
MAX_ANCHOR_EVERY = 1024


def anchor_every(digits: int) -> int:
    """Cells between two CDF edges (anchors) at ``digits`` working digits: a power of 2,
    :data:`ANCHOR_EVERY` up to 40 digits, doubling as the digits double, at most
    :data:`MAX_ANCHOR_EVERY`.  An anchor costs what a few dozen cells cost at any
    precision only where the tail is cheap: erfc at 1010 digits takes 10-80 ms (MPFR, the
    argument 10-45) against about 1 ms for a cell's series, at 30 digits 0.05 ms against
    0.03 ms (measured on this machine); so each anchor stays a small part of its block.

    >>> anchor_every(30), anchor_every(70), anchor_every(310), anchor_every(1010)
    (32, 64, 256, 1024)
    """
    import math

    if digits <= 40:
        return ANCHOR_EVERY
    return min(MAX_ANCHOR_EVERY, ANCHOR_EVERY * 2 ** math.ceil(math.log2(digits / 40)))


_COSTLY = (sp.erfc, sp.erf, sp.uppergamma, sp.lowergamma, sp.betainc, sp.betainc_regularized)
"""Special functions in a tail that cost more per call (100-700 us at 70 digits) than a
cell's Taylor series."""


def taylor_laws(pieces, density, var, d, i0: int, i1: int, split: int) -> list:
    """Per cell ``i0 + k``: the :class:`PearsonLaw` of the piece that holds
    the whole cell when the cell lies on one side of the median edge ``split``, else None
    (also everywhere when the density has no Pearson form or gmpy2 is absent), and None
    on a piece whose tails hold no special function (:data:`_COSTLY`): an ``exp`` is
    cheaper than the series."""
    ends = [(a, b, pearson(density, var, a, b) if r.has(*_COSTLY) or left.has(*_COSTLY)
             else None) for a, b, r, left in pieces]
    out = [None] * (i1 - i0)
    for a, b, law in ends:  # the cells [i d, (i + 1) d] inside [a, b]: exact integer ends
        if law is None:
            continue
        a, b = sp.sympify(a), sp.sympify(b)
        first = i0 if not a.is_finite else max(i0, int(sp.ceiling(a / d)))
        last = i1 if not b.is_finite else min(i1, int(sp.floor(b / d)))
        for i in range(first, last):
            if i != split - 1 and out[i - i0] is None:
                out[i - i0] = law
    return out


def taylor_block(laws, i0: int, j: int, j2: int, values, d, base: int, work):
    """The masses of the cells ``j .. j2 - 1`` (from ``i0``) by their Taylor series, two
    cells from one series at their common edge (:meth:`PearsonLaw.pair`; the last of an
    odd count by :meth:`PearsonLaw.mass`), walked outward from the edge nearer the
    median, each pair at the digits the mass before it needs, or None when a series does
    not serve or their sum differs from the CDF's difference at the two ends by more than
    ``10^-(base - 2)`` (each end is right to about ``10^-base``:
    :func:`~.cell_terms.digits_for`)."""
    (sa, va), (sb, vb) = values[j], values[j2]
    law = laws[j]
    if sa != sb or any(laws[k] is not law for k in range(j, j2)):
        return None
    step = 1 if sa > 0 else -1
    k, end = (j, j2) if step > 0 else (j2 - 1, j - 1)
    out = [None] * (j2 - j)
    previous = va if sa > 0 else vb
    while k != end:
        digits = digits_for(previous, base)
        if k + step != end:  # the cells k and k + step beside their common edge
            got = law.pair((i0 + max(k, k + step)) * d.p, d.q, d.p, d.q, digits)
            if got is None:
                return None
            left, right = (to_mpmath(m, work) for m in got)
            out[k - j], out[k + step - j] = (left, right) if step > 0 else (right, left)
            previous = out[k + step - j]
            k += 2 * step
            continue
        m = law.mass((i0 + k) * d.p, d.q, d.p, d.q, digits)
        if m is None:
            return None
        out[k - j] = previous = to_mpmath(m, work)
        k += step
    total = work.fsum(out)
    if abs(total - abs(va - vb)) > work.mpf(10) ** -(base - 2):
        return None
    return out
