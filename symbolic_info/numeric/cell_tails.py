"""Far tails of a quantised law summed by the Euler-Maclaurin formula.

A law whose tails reach too far to walk cell by cell (the Cauchy, the lognormal, a normal
10^5 cells wide) is summed in three parts: the cells ``i0 <= i < i1`` around its centre,
one by one (:func:`~symbolic_info.numeric.cells.cdf_cells` or
:func:`~symbolic_info.numeric.cells.quadrature_cells`), and on each infinite side the rest
``sum_{j >= 0} h(j)`` with ``h(s) = -p ln p`` of the cell ``i1 + s`` (right) or
``i0 - 1 - s`` (left), ``p(c)`` the mass of the cell ``[c delta, (c + 1) delta)`` extended
to a real (and complex) cell index ``c``.  By the Euler-Maclaurin formula (DLMF 2.10.1,
Abramowitz & Stegun 23.1.30), as ``h`` and its derivatives vanish at infinity,

    sum_{j >= 0} h(j) = int_0^oo h(s) ds + h(0)/2 - sum_{k=1}^{q} B_2k / (2k)! h^(2k-1)(0) + R_q

with ``|R_q|`` bounded in :mod:`.tail_remainder` (from the density) and ``q`` the fewest
terms that make it small against the value.  The integral is taken on pieces growing
twofold by Gauss-Legendre (:func:`checked_integral`: each piece checked against a rough
integral of the integrand's size, tanh-sinh where they differ); the odd derivatives at 0
from the Taylor coefficients of ``h`` on a circle of radius ``r`` (a quarter of the distance to the
centre) by the trapezoidal rule on ``M`` points, ``a_k = (1/M) sum_j h(r w^j) w^(-jk) /
r^k`` (Cauchy's integral formula; the aliasing error is ``sum_m a_(k+mM) r^(mM)``, and the
coefficients near ``k = M/2`` must have fallen below the working precision, else the
series is refused; Trefethen & Weideman, SIAM Review 56 (2014), Sec. 3).

The value's masses come from the law's two tails (``p = R(c delta) - R((c + 1) delta)``,
recomputed with the digits the difference cancels), the reference's from the density by
Gauss-Legendre on the cell (:func:`density_mass`); the same formula sums both.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> from symbolic_info.numeric.cells import tails_at
>>> x = sp.Symbol("x", real=True)
>>> pieces = ((-sp.oo, sp.oo, sp.exp(-x) / (1 + sp.exp(-x)), 1 / (1 + sp.exp(-x))),)
>>> mass = cdf_mass(pieces, x, sp.Rational(1, 10), 1, sp.exp(-x) / (1 + sp.exp(-x))**2)
>>> ctx = new_context(30)
>>> value = em_tail(mass, 50, 1, 50, 6, ctx, radius=5)
>>> brute = -sum(p * ctx.log(p) for p in (mass(ctx.mpf(50 + j), ctx) for j in range(1000)))
>>> bool(abs(value - brute) < 1e-20)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..core import shorten
from .context import NumericError, compile_expr, new_context

__all__ = ["FarPlan", "FarSide", "FarSeries", "far_plan", "far_series", "far_cdf_cells",
           "far_quadrature_sum", "cdf_mass", "density_mass", "em_tail", "START_WIDTH",
           "MAX_TERMS", "tail_terms", "checked_integral"]

START_WIDTH = 500
"""Cells walked on each side of the centre before a far tail's series starts (fourfold
while the series' remainder is not small enough, up to ``MAX_CELLS`` in all)."""
MAX_TERMS = 150
"""Most Bernoulli terms of one tail."""


@dataclass(frozen=True)
class FarPlan:
    """The walked cells ``i0 <= i < i1``; ``left``/``right``: the distance (cells) from
    the first far cell on that side to the law's centre (or the nearest point where its
    CDF changes form), or 0 where that side is walked to the end of the support."""

    i0: int
    i1: int
    left: int
    right: int


def _median(tails, lo, hi):
    """The median of the law by bisection on its right tail (low precision)."""
    w = tails.ctx
    a = w.mpf(-1) if not lo.is_finite else tails.lo
    b = w.mpf(1) if not hi.is_finite else tails.hi
    while tails.right(a) < w.mpf(1) / 2:
        a = 2 * a - 1 if a < 0 else a - 2 * (abs(a) + 1)
    while tails.right(b) > w.mpf(1) / 2:
        b = 2 * b + 1 if b > 0 else b + 2 * (abs(b) + 1)
    for _ in range(200):
        mid = (a + b) / 2
        if tails.right(mid) > w.mpf(1) / 2:
            a = mid
        else:
            b = mid
    return (a + b) / 2


def far_plan(pieces, var, lo, hi, delta, width: int, most: int) -> FarPlan:
    """The cells walked and the far tails' distances for a law on ``[lo, hi]`` with tails
    ``pieces``: ``width`` cells beyond the median and beyond every finite end of a piece on
    each infinite side.  More than ``most`` cells raise
    :class:`~symbolic_info.numeric.cells.CellLimitError`."""
    from .cells import LOW_DIGITS, CellLimitError, tails_at

    tails = tails_at(pieces, var, LOW_DIGITS + 10)
    w = tails.ctx
    d = w.mpf(delta.p) / delta.q
    marks = [_median(tails, lo, hi)]
    ends = [sp.sympify(e) for p in pieces for e in p[:2]]
    marks += [w.mpf(e.p) / e.q if isinstance(e, sp.Rational) else w.mpf(float(e))
              for e in ends if e.is_finite]
    c_lo, c_hi = int(w.floor(min(marks) / d)), int(w.floor(max(marks) / d))
    i0 = c_lo - width if not lo.is_finite else int(sp.floor(lo / delta))
    i1 = c_hi + width + 1 if not hi.is_finite else int(sp.ceiling(hi / delta))
    if i1 - i0 > most:
        raise CellLimitError("its centre and the cells before its far tails span "
                             f"{shorten(i1 - i0, 12)} cells")
    return FarPlan(i0, i1, 0 if lo.is_finite else c_lo - i0 + 1,
                   0 if hi.is_finite else i1 - c_hi)


def _digits(value) -> int:
    """Working digits rounded up to a multiple of 10 (few compiled contexts)."""
    return 10 * -(-int(value) // 10)


def cdf_mass(pieces, var, delta, side: int, density):
    """``mass(c, ctx)``: the mass of the cell ``[c delta, (c + 1) delta)`` (``c`` real or
    complex, on ``ctx``) from the right tail (``side = 1``) or the left tail (-1): a
    difference of two tail values, recomputed with the digits it cancels.  ``density``
    (switch-free) gives ``mass.estimate``, the mass's size in low precision."""
    from .cells import tails_at

    estimate = _estimate(density, var, delta)

    def mass(c, ctx):
        # an algebraic tail's difference cancels about log10(c) digits: start there
        digits = _digits(ctx.dps + 15 + int(ctx.log10(abs(c) + 1)))
        for _ in range(6):
            tails = tails_at(pieces, var, digits)
            w = tails.ctx
            a, b = w.convert(c) * w.mpf(delta.p) / delta.q, \
                (w.convert(c) + 1) * w.mpf(delta.p) / delta.q
            k = _piece(tails, a if side > 0 else b)
            if side > 0:
                big, small = tails.forms[k][0](a), tails.forms[k][0](b)
            else:
                big, small = tails.forms[k][1](b), tails.forms[k][1](a)
            p = big - small
            if p != 0 and abs(big) < abs(p) * w.mpf(10) ** (digits - ctx.dps - 8):
                return ctx.convert(p)
            lost = int(w.log10(abs(big) / abs(p))) + 1 if p != 0 else digits
            digits = _digits(ctx.dps + 20 + max(lost, digits))
        raise NumericError("a far cell's mass cancels in every precision tried")

    mass.estimate = estimate
    return mass


def _estimate(density, var, delta):
    """``estimate(c)``: ``delta f`` at the middle of the cell ``c``, in low precision (the
    size of its mass where the density barely changes across a cell); 0 where it fails."""
    from .cells import LOW_DIGITS

    low = new_context(LOW_DIGITS)
    f_low = compile_expr(density, [var], low)
    d_low = low.mpf(delta.p) / delta.q

    def estimate(c):
        try:
            return abs(d_low * f_low((low.convert(c) + low.mpf(1) / 2) * d_low))
        except (ValueError, ZeroDivisionError):
            return low.zero

    return estimate


def _piece(tails, t) -> int:
    """The piece of ``tails`` that holds the real part of ``t``."""
    re = t.real if hasattr(t, "imag") else t
    for k, (_a, b) in enumerate(tails.ends):
        if re <= b:
            return k
    return len(tails.ends) - 1


def density_mass(density, var, delta, nodes: int):
    """``mass(c, ctx)``: the density's integral over the cell ``[c delta, (c + 1) delta)``
    by the ``nodes``-point Gauss-Legendre rule (``c`` real or complex), no CDF involved."""
    from .gauss_cells import gauss_legendre_points

    compiled = {}

    def mass(c, ctx):
        if ctx.dps not in compiled:
            w = new_context(ctx.dps + 5)
            t, wt = gauss_legendre_points(nodes, w.dps)
            compiled[ctx.dps] = (w, compile_expr(density, [var], w),
                                 [w.convert(v) for v in t], [w.convert(v) for v in wt])
        w, f, t, wt = compiled[ctx.dps]
        half = w.mpf(delta.p) / (2 * delta.q)
        mid = (w.convert(c) + w.mpf(1) / 2) * 2 * half
        return ctx.convert(half * w.fsum(v * f(mid + half * u) for u, v in zip(t, wt,
                                                                           strict=True)))

    mass.estimate = _estimate(density, var, delta)
    return mass


def _h(mass, start: int, direction: int, ctx):
    """``h(s) = -p ln p`` of the cell ``start + direction * s`` on ``ctx``."""
    def h(s):
        p = mass(start + direction * s, ctx)
        if p == 0:
            return ctx.zero
        return -p * ctx.log(p)

    return h


def tail_terms(mass, start: int, direction: int, radius: float, q: int, ctx) -> list:
    """``[h(0)/2, -B_2 / 2! h'(0), ..., -B_2q / (2q)! h^(2q-1)(0)]`` on ``ctx`` from the
    circle of ``radius`` cells (see the module's docstring for its check)."""
    w = new_context(ctx.dps + 20)
    h = _h(mass, start, direction, w)
    r = w.mpf(radius)
    m = max(8 * q + 8, int((ctx.dps + 20) / 0.6) + 8)
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


GAUSS_COUNTS = (12, 24, 48, 96, 192)
"""Gauss-Legendre rules tried on a piece of a far tail's integral, until two agree."""


def _gauss_piece(w, integrand, a, b, tol):
    """``(value, error)``: ``int_a^b integrand`` on ``w`` by the Gauss-Legendre rules of
    :data:`GAUSS_COUNTS` until two successive ones agree to ``tol`` (absolute); None when none
    do."""
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
    return None


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


def checked_integral(w, integrand, size, points, floor: float, tol) -> tuple:
    """``(integral, error)`` of ``integrand`` over the ``points`` on ``w``: each piece by
    Gauss-Legendre (:func:`_gauss_piece`: a rule of n nodes is exact for polynomials of degree
    2n - 1, Davis & Rabinowitz, *Methods of Numerical Integration*, 2nd ed., Sec. 2.7; about
    half the evaluations of tanh-sinh here, the integrand being analytic on each piece),
    ``error`` the sum of the differences of the last two rules.  The first rules can step
    over a narrow bump (the fall of a normal's tail) and agree on nothing: each piece is
    checked against ``size`` (the integrand's size from the density in low precision, at
    least its absolute value and at most 1.25 times it in a far tail, where ``|ln p| >= 4``)
    integrated by :func:`_rough`; a piece whose value is not within a factor 10 of that,
    where it is above ``floor``, or on which no two rules agree, goes by tanh-sinh (Takahasi
    & Mori, Publ. RIMS 9 (1974) 721-741), whose nodes crowd at both ends of the piece."""
    total, error = w.zero, w.zero
    for a, b in zip(points, points[1:], strict=False):
        got = _gauss_piece(w, integrand, a, b, tol)
        rough = _rough(size, a, b)
        if got is None or (rough > floor and not rough / 10 <= abs(got[0]) <= 10 * rough):
            got = w.quad(integrand, [a, b], error=True)
        total += got[0]
        error += got[1]
    return total, error


def em_tail(mass, start: int, direction: int, distance: int, q: int, ctx, radius=None):
    """``sum_{j >= 0} h(j)`` by the Euler-Maclaurin formula with ``q`` Bernoulli terms,
    without the remainder (bounded by :mod:`.tail_remainder`): ``h`` on the cells
    ``start + direction * j`` with masses ``mass(c, ctx)``, ``distance`` cells from the
    law's centre at ``j = 0``; the derivatives from a circle of ``radius`` cells (default a
    quarter of ``distance``; at most a quarter of the distance to a singular point)."""
    w = new_context(ctx.dps + 10)
    h = _h(mass, start, direction, w)
    scale = w.mpf(distance)

    first = abs(h(w.zero)) * scale
    tiny = first * w.mpf(10) ** -(ctx.dps + 25)

    def size(u):  # the integrand's size from the density, in low precision
        e = w.exp(u)
        p = mass.estimate(start + direction * scale * (e - 1))
        return p * (abs(p.context.log(p)) + 1) * scale * e if p > 0 else p

    def integrand(u):  # s = distance (e^u - 1): an algebraic tail decays like e^-u
        e = w.exp(u)
        return h(scale * (e - 1)) * scale * e

    end = 8
    while size(end) * end >= tiny:  # the integral stops where the rest is negligible
        end *= 2
        if end > 2**10:  # s = e^1024 cells: some 450 digits per mass already
            raise NumericError("a far tail falls too slowly to sum")
    points = [w.zero] + [w.mpf(2) ** k for k in range(2, end.bit_length())]  # 4, 8, .., end
    points = sorted(set(points) | set(_around_peak(size, end, w)))
    floor = float(first * w.mpf(10) ** -(ctx.dps + 5))
    integral, error = checked_integral(w, integrand, size, points, floor,
                                          w.mpf(10) ** -(ctx.dps + 8))
    if error > abs(integral) * w.mpf(10) ** -(ctx.dps + 3) + w.mpf(10) ** -(ctx.dps + 8):
        raise NumericError(f"the integral over a far tail did not settle ({w.nstr(error, 3)})")
    r = distance / 4 if radius is None else radius
    return ctx.convert(integral) + ctx.fsum(tail_terms(mass, start, direction, r, q, ctx))


@dataclass(frozen=True)
class FarSide:
    """One far tail: its first cell ``start``, ``direction`` (+1 right, -1 left),
    ``distance`` to the centre, ``terms`` (Bernoulli terms used), the derivatives'
    circle ``radius``, the ``branch`` of the density there (switch-free), and
    ``remainder`` (log10 of the bound on what the series leaves out)."""

    start: int
    direction: int
    distance: int
    terms: int
    radius: float
    branch: object
    remainder: float


@dataclass(frozen=True)
class FarSeries:
    """The walked cells and the far tails of a law (see :func:`far_series`)."""

    plan: FarPlan
    sides: tuple

    @property
    def remainder_log10(self) -> float:
        import math

        if not self.sides:
            return -math.inf
        top = max(s.remainder for s in self.sides)  # 10^-320 underflows a float: scale first
        return top + math.log10(sum(10.0 ** (s.remainder - top) for s in self.sides))


@lru_cache(maxsize=64)
def far_series(pieces, density, var, lo, hi, delta, dps: int) -> FarSeries:
    """The walked cells and, on each infinite side, the fewest Bernoulli terms whose
    remainder bound (:mod:`.tail_remainder`) is below ``10^-(dps + 4)`` times a lower
    bound on ``H(X_delta)`` (:func:`~symbolic_info.numeric.cells.entropy_floor`); the walked
    width grows fourfold while none is.  Raises
    :class:`~symbolic_info.numeric.cells.CellLimitError` (or ``NumericError``) with the
    reason when the series cannot reach ``dps`` digits within ``MAX_CELLS`` cells."""
    import math

    from .cells import MAX_CELLS, CellLimitError, entropy_floor
    from .tail_remainder import (
        TailGrid,
        analytic_branch,
        cells_to_singularity,
        remainder_log10,
        singular_points,
    )

    width = START_WIDTH
    while True:
        plan = far_plan(pieces, var, lo, hi, delta, width, MAX_CELLS)
        floor = entropy_floor(pieces, var, lo, hi, delta, plan.i0, plan.i1)
        target = -(dps + 4) + (math.log10(float(floor)) if 0 < floor < 1 else 0.0)
        sides = []
        for direction, distance, start in ((-1, plan.left, plan.i0 - 1), (1, plan.right,
                                                                          plan.i1)):
            if distance == 0:
                continue
            branch = analytic_branch(density, var, float((start + sp.Rational(1, 2)) * delta))
            singular = singular_points(branch, var)
            grid = TailGrid(branch, var, delta, start, direction, distance, singular, target)
            q = next((k for k in range(1, MAX_TERMS + 1) if remainder_log10(grid, k) <= target),
                     None)
            if q is None:
                break
            near = float(cells_to_singularity(singular, float(delta), [start])[0])
            sides.append(FarSide(start, direction, distance, q, min(distance / 4, (near - 1) / 4),
                                 branch, remainder_log10(grid, q)))
        else:
            return FarSeries(plan, tuple(sides))
        width *= 4
        if plan.i1 - plan.i0 + 6 * width > MAX_CELLS:
            raise CellLimitError(f"the series of its far tails does not reach {dps} digits "
                                 f"within {MAX_CELLS} cells")


def _mass_beyond(density, var, series: FarSeries, delta, ctx):
    """The density's mass beyond the walked cells (tanh-sinh on each far side)."""
    w = new_context(ctx.dps + 10)
    total = w.zero
    for side in series.sides:
        f = compile_expr(side.branch, [var], w)
        edge = w.mpf(side.start * delta.p) / delta.q + (0 if side.direction > 0 else
                                                       w.mpf(delta.p) / delta.q)
        total += w.quad(f, [edge, w.inf] if side.direction > 0 else [-w.inf, edge])
    return ctx.convert(total)


def far_cdf_cells(pieces, lo, hi, var, delta, ctx, density):
    """:class:`~symbolic_info.numeric.cells.CellSum` of a law whose far tails go by the
    series: the walked cells from the CDF plus each far tail's series on the masses from
    the tails (:func:`cdf_mass`); ``bound`` is the series' remainder bound."""
    from .cells import CellSum, cdf_cells

    series = far_series(pieces, density, var, lo, hi, delta, ctx.dps)
    plan = series.plan
    walked = cdf_cells(pieces, lo, hi, var, delta, ctx, density, bound=False,
                       cells=(plan.i0, plan.i1))
    tails = [em_tail(cdf_mass(pieces, var, delta, s.direction, s.branch), s.start, s.direction,
                     s.distance, s.terms, ctx, s.radius) for s in series.sides]
    entropy = walked.entropy + ctx.fsum(tails)
    bound = ctx.mpf(10) ** series.remainder_log10
    if bound > abs(entropy) * ctx.mpf(10) ** -(ctx.dps + 1):
        raise NumericError(f"the far tails' series may be off by {ctx.nstr(bound, 3)}")
    return CellSum(entropy, bound, _mass_beyond(density, var, series, delta, ctx),
                   plan.i0, plan.i1)


def far_quadrature_sum(pieces, density, var, lo, hi, delta, ctx, kinks=(), points=()):
    """The reference of :func:`far_cdf_cells`: the walked cells' masses by quadrature of
    the density (:func:`~symbolic_info.numeric.cells.quadrature_cells`, which checks that
    they and the mass beyond add up to 1) and each far tail's series on masses from the
    density by Gauss-Legendre (:func:`density_mass`), with :data:`CHECK_TERMS` Bernoulli
    terms more than the value, no CDF involved (the CDF places the cells only)."""
    import math

    from .cells import entropy_floor, quadrature_cells

    series = far_series(pieces, density, var, lo, hi, delta, ctx.dps)
    plan = series.plan
    floor = entropy_floor(pieces, var, lo, hi, delta, plan.i0, plan.i1)
    walked = quadrature_cells(density, var, lo, hi, delta, plan.i0, plan.i1, ctx,
                              kinks=tuple(kinks), tail_mass=_mass_beyond(density, var, series,
                                                                         delta, ctx),
                              points=tuple(points), floor=floor)
    tails = []
    for s in series.sides:
        reach = min(s.distance, 4 * s.radius + 1)
        nodes = max(6, math.ceil((ctx.dps + 15) / (2 * math.log10(4 * reach))) + 2)
        tails.append(em_tail(density_mass(s.branch, var, delta, nodes), s.start, s.direction,
                             s.distance, s.terms + CHECK_TERMS, ctx, s.radius))
    return walked + ctx.fsum(tails)


CHECK_TERMS = 2
"""Bernoulli terms the reference takes beyond the value's: the bound that chose them is
proved (:mod:`.tail_remainder`), and this checks its code as well: a series that leaves out
more than it says differs from the reference's by that."""
