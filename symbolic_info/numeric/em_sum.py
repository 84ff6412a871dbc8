"""The Euler-Maclaurin sum of one far tail of a quantised law (:mod:`.cell_tails` plans
the tails and gives the masses).

``h(s) = -p ln p`` of the cell ``start + direction * s``, ``p(c)`` a cell's mass extended
to a real (and complex) cell index ``c``.  As ``h`` and its derivatives vanish at
infinity (DLMF 2.10.1, Abramowitz & Stegun 23.1.30),

    sum_{j >= 0} h(j) = int_0^oo h(s) ds + h(0)/2 - sum_{k=1}^{q} B_2k / (2k)! h^(2k-1)(0) + R_q

with ``|R_q|`` bounded in :mod:`.tail_remainder`.  The integral is taken on pieces growing
twofold by Gauss-Legendre (:func:`checked_integral`: each piece checked against a rough
integral of the integrand's size, tanh-sinh where they differ); the odd derivatives at 0
from the Taylor coefficients of ``h`` on a circle of radius ``r`` (an eighth of the
distance to the centre, :data:`CIRCLE`) by the trapezoidal rule on ``M`` points,
``a_k = (1/M) sum_j h(r w^j) w^(-jk) / r^k`` (Cauchy's integral formula; the aliasing
error is ``sum_m a_(k+mM) r^(mM)``, and the coefficients near ``k = M/2`` must have
fallen below the working precision, else the series is refused; Trefethen & Weideman,
SIAM Review 56 (2014), Sec. 3).

>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> def mass(c, w):  # cells of e^-x at delta = 1: p(c) = e^-c (1 - e^-1)
...     return w.exp(-w.convert(c)) * (1 - w.exp(-1))
>>> mass.estimate = lambda c: mass(c, new_context(15))
>>> brute = -sum(p * ctx.log(p) for p in (mass(ctx.mpf(10 + j), ctx) for j in range(200)))
>>> bool(abs(em_tail(mass, 10, 1, 10, 8, ctx, radius=2) - brute) < 1e-15)
True
"""

from __future__ import annotations

import math

from .context import NumericError, new_context

__all__ = ["em_tail", "tail_terms", "checked_integral", "geometric_tail", "integral_reach",
           "ROUGH_POINTS", "GAUSS_COUNTS", "CIRCLE", "SPLITS", "INTEGRAL_END", "INTEGRAL_GUARD"]


def _h(mass, start: int, direction: int, ctx):
    """``h(s) = -p ln p`` of the cell ``start + direction * s`` on ``ctx``."""
    def h(s):
        p = mass(start + direction * s, ctx)
        if p == 0:
            return ctx.zero
        return -p * ctx.log(p)

    return h


CIRCLE = 8
"""The circle of the Bernoulli terms has a radius of ``1/CIRCLE`` of the distance to the
nearest singular point (of the density, or the law's centre), so that the Taylor
coefficients fall like ``CIRCLE^-k`` and ``(dps + 20) / log10(CIRCLE)`` points resolve
them (the check of the coefficients near ``M`` confirms it); with 4 instead of 8 the
circle took 1.5 times the points (and ``8 q + 8`` of them, where ``4 q + 8`` keeps the
``2q - 1`` coefficients below ``M/2``): 80-93 complex masses of a far tail at 70 digits
(q = 18-22) instead of 55, each two erfc at 110 digits for a lognormal's tail (4.6 ms)."""


def tail_terms(mass, start: int, direction: int, radius: float, q: int, ctx) -> list:
    """``[h(0)/2, -B_2 / 2! h'(0), ..., -B_2q / (2q)! h^(2q-1)(0)]`` on ``ctx`` from the
    circle of ``radius`` cells (see the module's docstring for its check)."""
    w = new_context(ctx.dps + 20)
    h = _h(mass, start, direction, w)
    r = w.mpf(radius)
    m = max(4 * q + 8, int((ctx.dps + 20) / math.log10(CIRCLE)) + 8)
    m += m % 2
    for _ in range(8):  # shrink the circle while p's argument nears the cut of ln
        masses = [mass(start + direction * r * w.expjpi(2 * w.mpf(j) / m), w)
                  for j in range(m // 2 + 1)]
        if all(abs(w.arg(p)) < 2 for p in masses):
            break
        r /= 2
    else:
        raise NumericError("a far tail's masses turn around 0 in the complex plane")
    half = [-p * w.log(p) for p in masses]
    values = half + [w.conj(v) for v in reversed(half[1:-1])]  # h(conj z) = conj h(z)
    top = max(abs(v) for v in values)

    roots = [w.expjpi(-2 * w.mpf(j) / m) for j in range(m)]  # w^-j, w = e^(2 pi i / m)

    def coefficient(k):  # a_k r^k
        return w.re(w.fsum(v * roots[j * k % m] for j, v in enumerate(values))) / m

    tail = max(abs(coefficient(k)) for k in range(m - 4, m))  # ~ (r / R)^m top
    if tail > top * w.mpf(10) ** -(ctx.dps + 10):
        raise NumericError("the far tail's Taylor series at its first cell does not settle at "
                           f"{ctx.dps} digits")
    terms = [ctx.convert(h(w.zero) / 2)]
    for k in range(1, q + 1):
        a = coefficient(2 * k - 1) / r ** (2 * k - 1)
        terms.append(ctx.convert(-w.bernoulli(2 * k) / (2 * k) * a))  # B_2k/(2k)! (2k-1)! a
    return terms


def _around_peak(size, end: int, w) -> list:
    """Break points ``u = k`` (integers) from 16 below to 8 above the largest ``size(u)``
    on ``u = 0, 1, .., end`` when that lies beyond ``u = 16``: a law 1e300 cells wide seen
    from the centre's few walked cells has its tail's mass near ``u = ln(1e300 / distance)``,
    where the integrand rises like ``e^u`` and then falls within a unit; pieces of length
    one there let the quadrature settle (it did not on ``[512, 1024]``)."""
    values = [(size(w.mpf(u)), u) for u in range(end + 1)]
    peak = max(values)[1]
    if peak <= 16:
        return []
    return [w.mpf(u) for u in range(peak - 16, min(end, peak + 8) + 1)]


ROUGH_POINTS = 64
"""Intervals of the rough trapezoidal integral that checks each piece of a far tail's
integral (:func:`checked_integral`)."""


def _rough(size, a, b) -> float:
    """The trapezoidal rule on :data:`ROUGH_POINTS` intervals of ``size`` over ``[a, b]``, in
    doubles."""
    step = (b - a) / ROUGH_POINTS
    values = [float(size(a + k * step)) for k in range(ROUGH_POINTS + 1)]
    return float(step) * (sum(values) - (values[0] + values[-1]) / 2)


GAUSS_COUNTS = (16, 32, 64, 128, 256)
"""Gauss-Legendre rules tried on a piece of a far tail's integral, until two agree (from 16
rather than 12 nodes: 14 % fewer evaluations on the tails of issue 13's mixtures and of
normal(0, 1000), whose pieces mostly need 64 nodes or more)."""


def _gauss_piece(w, integrand, a, b, tol, early: bool = False):
    """``(value, error)``: ``int_a^b integrand`` on ``w`` by the Gauss-Legendre rules of
    :data:`GAUSS_COUNTS` until two successive ones agree to ``tol`` (absolute); None when none
    do, or (``early``) as soon as :func:`_out_of_reach` says the last rule will not."""
    from .gauss_cells import gauss_legendre_points

    half, mid = (b - a) / 2, (a + b) / 2
    values = []
    for n in GAUSS_COUNTS:
        nodes, weights = gauss_legendre_points(n, w.dps)
        values.append(half * w.fsum(w.convert(v) * integrand(mid + half * w.convert(t))
                                    for t, v in zip(nodes, weights, strict=True)))
        if len(values) >= 2:
            error = _extrapolated_error(values, w)
            if error <= tol:
                return values[-1], error
        if early and len(values) >= 3 and n < GAUSS_COUNTS[-1] and \
                _out_of_reach(values, n, tol, w):
            return None
    return None


def _out_of_reach(values, n: int, tol, w) -> bool:
    """True when the rules' errors, falling as they have from ``n/4`` to ``n/2`` nodes,
    stay above ``tol`` at the last rule of :data:`GAUSS_COUNTS`.  An n-point rule's error on
    an integrand analytic inside a Bernstein ellipse of parameter ``rho`` is ``O(rho^-2n)``
    (Trefethen, *Approximation Theory and Approximation Practice*, Thm. 19.3): its log is
    linear in ``n``, with the errors of the ``n/4`` and ``n/2`` rules read as their distances
    to the ``n``-point value; an integrand that has yet to settle (those distances equal) is
    out of reach too, and goes to the halves, where ``rho`` is larger."""
    e2, e1 = abs(values[-1] - values[-2]), abs(values[-1] - values[-3])
    if e2 == 0 or e1 == 0:
        return False
    l2, l1 = float(w.log(e2)), float(w.log(e1))
    slope = (l2 - l1) / (n / 4)  # per node, negative while converging
    return l2 + slope * (GAUSS_COUNTS[-1] - n / 2) > float(w.log(tol))


def _extrapolated_error(values, w):
    """The error of the last of the rules' ``values`` as mpmath's ``quad`` estimates it
    (``QuadratureRule.estimate_error``): with ``D1``, ``D2`` the log10 of the last value's
    distances to the two before, ``10^max(D1^2 / D2, 2 D1)`` (the error squares from one rule
    to the next when the rules converge geometrically and the node count doubles), the plain
    distance with two values."""
    d1 = abs(values[-1] - values[-2])
    if len(values) == 2 or d1 == 0:
        return d1
    d2 = abs(values[-1] - values[-3])
    if d2 == 0:
        return d1
    l1, l2 = w.log10(d1), w.log10(d2)
    return w.mpf(10) ** min(0, max(l1 * l1 / l2, 2 * l1)) if l2 < 0 else d1


SPLITS = 6
"""Times a piece of a far tail's integral on which no two Gauss-Legendre rules agree is
halved (down to 1/64 of it) before tanh-sinh takes it."""


def _checked_piece(w, integrand, size, a, b, floor: float, tol, splits: int) -> tuple:
    """``(value, error)`` of ``int_a^b integrand`` (see :func:`checked_integral`)."""
    got = _gauss_piece(w, integrand, a, b, tol, early=splits > 0)
    if got is None and splits > 0:  # a bump or a steep fall inside: halve the piece
        mid = (a + b) / 2
        left = _checked_piece(w, integrand, size, a, mid, floor, tol / 2, splits - 1)
        right = _checked_piece(w, integrand, size, mid, b, floor, tol / 2, splits - 1)
        return left[0] + right[0], left[1] + right[1]
    rough = _rough(size, a, b)
    if got is None or (rough > floor and not rough / 10 <= abs(got[0]) <= 10 * rough):
        got = w.quad(integrand, [a, b], error=True)
    return got


def checked_integral(w, integrand, size, points, floor: float, tol) -> tuple:
    """``(integral, error)`` of ``integrand`` over the ``points`` on ``w``: each piece by
    Gauss-Legendre (:func:`_gauss_piece`: a rule of n nodes is exact for polynomials of degree
    2n - 1, Davis & Rabinowitz, *Methods of Numerical Integration*, 2nd ed., Sec. 2.7; about
    half the evaluations of tanh-sinh here, the integrand being analytic on each piece),
    ``error`` the sum of the differences of the last two rules.  A piece on which no two
    rules agree (a mixture's bump, or a normal's fall, inside a piece that spans a factor
    e^4 of cells) is halved, up to :data:`SPLITS` times, the halves sharing its tolerance
    (the rules converge like ``rho^-2n``, ``rho`` the Bernstein ellipse the integrand is
    analytic in, which widens as the piece shrinks: Trefethen, *Approximation Theory and
    Approximation Practice*, Thm. 19.3).  The first rules can step over a narrow bump (the
    fall of a normal's tail) and agree on nothing: each piece is checked against ``size``
    (the integrand's size from the density in low precision, at least its absolute value and
    at most 1.25 times it in a far tail, where ``|ln p| >= 4``) integrated by
    :func:`_rough`; a piece whose value is not within a factor 10 of that, where it is above
    ``floor``, or on which no two rules agree after the halvings, goes by tanh-sinh
    (Takahasi & Mori, Publ. RIMS 9 (1974) 721-741), whose nodes crowd at both ends of the
    piece."""
    total, error = w.zero, w.zero
    for a, b in zip(points, points[1:], strict=False):
        value, err = _checked_piece(w, integrand, size, a, b, floor, tol, SPLITS)
        total += value
        error += err
    return total, error


INTEGRAL_END = 2**10
"""The largest ``u`` of a far tail's integral, ``s = distance (e^u - 1)`` cells: at ``s =
e^1024`` a mass already takes some 450 digits more."""
INTEGRAL_GUARD = 25
"""Digits below the tail's first term (times its distance) at which its integral stops."""


def _size(estimate, start: int, direction: int, scale, w):
    """The integrand's size at ``u`` (cells ``s = scale (e^u - 1)`` out), from the masses'
    low-precision ``estimate``: at least ``|h|``, and at most 1.25 times it in a far tail."""
    def size(u):
        e = w.exp(u)
        p = estimate(start + direction * scale * (e - 1))
        return p * (abs(p.context.log(p)) + 1) * scale * e if p > 0 else p

    return size


def integral_reach(estimate, start: int, direction: int, distance: int) -> int:
    """The most digits :func:`em_tail`'s integral reaches on this tail: the integrand at
    ``u = INTEGRAL_END`` must be ``10^-(digits + INTEGRAL_GUARD)`` of the first term (an
    algebraic tail falls like ``e^-u``: about 420 digits, whatever the Bernoulli terms).

    >>> from symbolic_info.numeric.context import new_context
    >>> low = new_context(15)
    >>> def cauchy(c):  # delta f at the middle of the cell c of the Cauchy at delta 1/10
    ...     x = (low.convert(c) + 0.5) / 10
    ...     return 1 / (10 * low.pi * (1 + x * x))
    >>> 400 < integral_reach(cauchy, 511, 1, 501) < 450
    True
    """
    w = new_context(20)
    size = _size(estimate, start, direction, w.mpf(distance), w)
    first = size(w.zero)
    last = size(w.mpf(INTEGRAL_END)) * INTEGRAL_END
    if not first > 0:
        return 0
    if not last > 0:
        return 10**9
    return int(w.floor(w.log10(first / last))) - INTEGRAL_GUARD


def em_tail(mass, start: int, direction: int, distance: int, q: int, ctx, radius=None,
            rate=None):
    """``sum_{j >= 0} h(j)`` by the Euler-Maclaurin formula with ``q`` Bernoulli terms,
    without the remainder (bounded by :mod:`.tail_remainder`): ``h`` on the cells
    ``start + direction * j`` with masses ``mass(c, ctx)``, ``distance`` cells from the
    law's centre at ``j = 0``; the derivatives from ``mass.taylor(q, ctx)`` where the masses
    carry it and it serves (:func:`~.pearson_tail.series_mass`), else from a circle of
    ``radius`` cells (default a ``distance / CIRCLE``; at most that fraction of the distance
    to a singular point); ``rate``: ``h`` falls like ``e^(-rate s)`` (a gamma-type tail),
    and its integral goes by :func:`~.exp_tail.exp_tail_integral`."""
    w = new_context(ctx.dps + 10)
    h = _h(mass, start, direction, w)
    r = distance / CIRCLE if radius is None else radius
    if rate is not None:
        from .exp_tail import exp_tail_integral

        contexts = {}

        def h_at(s, digits: int):  # -p ln p at the digits the node needs
            if digits not in contexts:
                contexts[digits] = new_context(digits)
            p = mass(start + direction * s, contexts[digits])
            return -p * p.context.log(p) if p != 0 else w.zero

        def size(s) -> float:  # log10 |h(s)|, from the masses' estimate
            p = mass.estimate(start + direction * s)
            if not p > 0:
                return math.nan
            lg = p.context.log10(p)
            return float(lg + p.context.log10(abs(lg) * 2.303 + 1))

        integral, _error = exp_tail_integral(h_at, rate, CIRCLE * r, w,
                                             w.mpf(10) ** -(ctx.dps + 5), size)
        return ctx.convert(integral) + ctx.fsum(_terms(mass, start, direction, r, q, ctx))
    scale = w.mpf(distance)

    first = abs(h(w.zero)) * scale
    tiny = first * w.mpf(10) ** -(ctx.dps + INTEGRAL_GUARD)
    size = _size(mass.estimate, start, direction, scale, w)

    def integrand(u):  # s = distance (e^u - 1): an algebraic tail decays like e^-u
        e = w.exp(u)
        return h(scale * (e - 1)) * scale * e

    end = 8
    while size(end) * end >= tiny:  # the integral stops where the rest is negligible
        end *= 2
        if end > INTEGRAL_END:
            raise NumericError("a far tail falls too slowly to sum")
    points = [w.zero] + [w.mpf(2) ** k for k in range(2, end.bit_length())]  # 4, 8, .., end
    points = sorted(set(points) | set(_around_peak(size, end, w)))
    floor = float(first * w.mpf(10) ** -(ctx.dps + 5))
    # each piece to 10^-(dps + 5): the tail adds to an entropy of at least ln 2 (a law
    # too wide to walk), and the pieces' errors add up to 10^-(dps + 3) or less; with
    # 10^-(dps + 8) a quarter more evaluations (the Cauchy mixture of issue 13)
    integral, error = checked_integral(w, integrand, size, points, floor,
                                          w.mpf(10) ** -(ctx.dps + 5))
    if error > (abs(integral) + 1) * w.mpf(10) ** -(ctx.dps + 3):
        raise NumericError(f"the integral over a far tail did not settle ({w.nstr(error, 3)})")
    return ctx.convert(integral) + ctx.fsum(_terms(mass, start, direction, r, q, ctx))


def _terms(mass, start: int, direction: int, radius, q: int, ctx) -> list:
    """The Euler-Maclaurin terms from ``mass.taylor(q, ctx)`` where the masses carry it and
    it serves (the density's Taylor series), else from the circle (:func:`tail_terms`)."""
    series = getattr(mass, "taylor", None)
    terms = None if series is None else series(q, ctx)
    return tail_terms(mass, start, direction, radius, q, ctx) if terms is None else terms


def geometric_tail(mass, start: int, direction: int, ctx):
    """``sum_{j >= 0} -p_j ln p_j`` exactly for a tail whose cell masses form a geometric
    series, ``p_j = p_0 r^j`` (a density ``C e^(b x)`` beyond its last kink: each cell is
    ``e^(b delta)`` times the one before), with ``p_j`` the mass of the cell ``start +
    direction * j``: ``sum_j r^j = 1/(1 - r)`` and ``sum_j j r^j = r/(1 - r)^2`` give

        -p_0 ln(p_0) / (1 - r) - p_0 r ln(r) / (1 - r)^2,

    no remainder.  ``r`` is read as ``p_1 / p_0`` from the masses themselves, and ``p_2 /
    p_1`` must agree with it (else :class:`~.context.NumericError`: not geometric); the
    working digits grow by those ``1 - r`` cancels (a cell far narrower than the scale).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> def mass(c, w):  # e^-x at delta = 1/10, cells from 5 on
    ...     return w.exp(-w.convert(c) / 10) * (1 - w.exp(-w.mpf(1) / 10))
    >>> brute = -ctx.fsum(p * ctx.log(p) for p in (mass(ctx.mpf(5 + j), ctx)
    ...                                             for j in range(3000)))
    >>> bool(abs(geometric_tail(mass, 5, 1, ctx) - brute) < 1e-28)
    True
    """
    digits = ctx.dps + 15
    for _ in range(4):
        w = new_context(digits)
        p0, p1, p2 = (w.convert(mass(start + direction * j, w)) for j in range(3))
        if not (p0 > 0 and p1 > 0 and p2 > 0 and p1 < p0):
            raise NumericError("a far tail's masses do not fall geometrically")
        r = p1 / p0
        lost = int(-w.log10(1 - r)) + 1
        if digits >= ctx.dps + 15 + lost:
            break
        digits = ctx.dps + 15 + lost
    if abs(p2 / p1 - r) > r * w.mpf(10) ** -(ctx.dps + 3):
        raise NumericError("a far tail's masses are not a geometric series")
    one_minus = 1 - r
    return ctx.convert(-p0 * w.log(p0) / one_minus - p0 * r * w.log(r) / one_minus ** 2)
