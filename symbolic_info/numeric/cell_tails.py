"""Far tails of a quantised law summed by the Euler-Maclaurin formula.

A law whose tails reach too far to walk cell by cell (the Cauchy, the lognormal, a normal
10^5 cells wide) is summed in three parts: the cells ``i0 <= i < i1`` around its centre,
one by one (:func:`~symbolic_info.numeric.cells.cdf_cells` or
:func:`~symbolic_info.numeric.cells.quadrature_cells`), and on each infinite side the rest
``sum_{j >= 0} h(j)`` with ``h(s) = -p ln p`` of the cell ``i1 + s`` (right) or
``i0 - 1 - s`` (left), ``p(c)`` the mass of the cell ``[c delta, (c + 1) delta)`` extended
to a real (and complex) cell index ``c``, by the Euler-Maclaurin formula
(:func:`~.em_sum.em_tail`, DLMF 2.10.1) with the fewest Bernoulli terms ``q`` whose
remainder bound (:mod:`.tail_remainder`, from the density) is small against the value.
This module plans the walked cells and the terms (:func:`far_series`) and gives the
masses (:mod:`.tail_masses`): the value's from the law's two tails (``p = R(c delta) -
R((c + 1) delta)``, recomputed with the digits the difference cancels, :func:`cdf_mass`),
the reference's from the density by Gauss-Legendre on the cell (:func:`density_mass`); the
same formula sums both.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> from symbolic_info.numeric.em_sum import em_tail
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

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import sympy as sp

from ..core import shorten
from .context import NumericError, compile_expr, new_context
from .em_sum import CIRCLE, INTEGRAL_END, em_tail, geometric_tail, integral_reach
from .exp_tail import exp_tail_integral
from .far_shortcut import (
    SERIES_CELLS,
    SHORTCUT_CELLS,
    falls_geometrically,
    geometric_shortcut,
    series_shortcut,
)
from .gauss_quadratic import panel_plan, quadratic_form
from .pearson_tail import series_mass
from .tail_masses import cdf_mass, density_mass, mass_estimate, tail_nodes

__all__ = ["FarPlan", "FarSide", "FarSeries", "far_plan", "far_series", "far_cdf_cells",
           "far_quadrature_sum", "cdf_mass", "density_mass", "falls_geometrically",
           "geometric_shortcut", "series_shortcut", "SERIES_CELLS", "in_request_digits",
           "START_WIDTH", "MAX_TERMS", "SERIES_TERMS", "SHORTCUT_CELLS", "exp_rate"]

START_WIDTH = 500
"""Cells walked on each side of the centre before a far tail's series starts (fourfold
while the series' remainder is not small enough, up to ``MAX_CELLS`` in all)."""
MAX_TERMS = 150
"""Most Bernoulli terms of one tail whose terms come from a circle of complex masses."""
SERIES_TERMS = 400
"""Most Bernoulli terms of a gamma-type tail (:func:`exp_rate`), whose terms come from
power series (:mod:`.pearson_tail`, :mod:`.density_series`) and whose integral from the
double-exponential trapezoid: gamma(5/2, 1) at delta 1/100 and 1000 digits takes 384."""


@dataclass(frozen=True)
class FarPlan:
    """The walked cells ``i0 <= i < i1``; ``left``/``right``: the distance (cells) from
    the first far cell on that side to the law's centre (or the nearest point where its
    CDF changes form), or 0 where that side is walked to the end of the support;
    ``centre``: the law's median (low precision)."""

    i0: int
    i1: int
    left: int
    right: int
    centre: float = 0.0


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
    median = _median(tails, lo, hi)
    marks = [median]
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
                   0 if hi.is_finite else i1 - c_hi, float(median))


@dataclass(frozen=True)
class FarSide:
    """One far tail: its first cell ``start``, ``direction`` (+1 right, -1 left),
    ``distance`` to the centre, ``terms`` (Bernoulli terms used), the derivatives'
    circle ``radius``, the ``branch`` of the density there (switch-free), and
    ``remainder`` (log10 of the bound on what the series leaves out); ``geometric``: the
    branch is ``C e^(b x)`` falling outward, and the tail is summed exactly
    (:func:`~.em_sum.geometric_tail`: no terms, no remainder)."""

    start: int
    direction: int
    distance: int
    terms: int
    radius: float
    branch: object
    remainder: float
    geometric: bool = False


@dataclass(frozen=True)
class FarSeries:
    """The walked cells and the far tails of a law (see :func:`far_series`)."""

    plan: FarPlan
    sides: tuple

    @property
    def remainder_log10(self) -> float:
        if all(s.remainder == -math.inf for s in self.sides):
            return -math.inf
        top = max(s.remainder for s in self.sides)  # 10^-320 underflows a float: scale first
        return top + math.log10(sum(10.0 ** (s.remainder - top) for s in self.sides))


@lru_cache(maxsize=64)
def far_series(pieces, density, var, lo, hi, delta, dps: int,
               right_only: bool = False) -> FarSeries:
    """The walked cells and, on each infinite side, the fewest Bernoulli terms whose
    remainder bound (:mod:`.tail_remainder`) is below ``10^-(dps + 4)`` times a lower
    bound on ``H(X_delta)`` (:func:`~symbolic_info.numeric.cells.entropy_floor`); the walked
    width grows fourfold while none is (``right_only``: the right side alone, for a law
    whose left tail mirrors it, :mod:`.mirror_tails`; its bound then counts twice).
    Raises
    :class:`~symbolic_info.numeric.cells.CellLimitError` (or ``NumericError``) with the
    reason when the series cannot reach ``dps`` digits within ``MAX_CELLS`` cells."""
    from .cells import MAX_CELLS, CellLimitError, entropy_floor
    from .tail_remainder import (
        TailGrid,
        analytic_branch,
        cells_to_singularity,
        remainder_log10,
        singular_points,
    )

    width, reach = START_WIDTH, None
    while True:
        plan = far_plan(pieces, var, lo, hi, delta, width, MAX_CELLS)
        floor = entropy_floor(pieces, var, lo, hi, delta, plan.i0, plan.i1)
        target = -(dps + 4) + (math.log10(float(floor)) if 0 < floor < 1 else 0.0)
        sides = []
        for direction, distance, start in ((-1, plan.left, plan.i0 - 1), (1, plan.right,
                                                                          plan.i1)):
            if distance == 0 or (right_only and direction < 0):
                continue
            branch = analytic_branch(density, var, float((start + sp.Rational(1, 2)) * delta))
            if falls_geometrically(branch, var, direction):
                sides.append(FarSide(start, direction, distance, 0, 0.0, branch, -math.inf,
                                     True))
                continue
            singular = singular_points(branch, var)
            grid = TailGrid(branch, var, delta, start, direction, distance, singular, target)
            most = MAX_TERMS if exp_rate(branch, var, delta, direction) is None else \
                SERIES_TERMS
            bounds = [remainder_log10(grid, k) for k in range(1, most + 1)]
            q = next((k for k, r in enumerate(bounds, 1) if r <= target), None)
            summed = integral_reach(mass_estimate(branch, var, delta), start, direction, distance)
            if q is None or summed < dps:  # the digits this width reaches: the target's,
                best = summed if q is not None else min(  # less what the series misses
                    summed, dps - math.ceil(min(bounds) - target) if math.isfinite(min(bounds))
                    else 0)
                reach = best if reach is None else max(reach, best)
                break
            near = float(cells_to_singularity(singular, float(delta), [start])[0])
            sides.append(FarSide(start, direction, distance, q, min(distance / CIRCLE,
                                                                     (near - 1) / CIRCLE),
                                 branch, remainder_log10(grid, q)))
        else:
            return FarSeries(plan, tuple(sides))
        width *= 4
        if plan.i1 - plan.i0 + 6 * width > MAX_CELLS:
            known = "" if reach is None else f" (about {max(reach, 0)} at most)"
            raise CellLimitError(f"the series of its far tails does not reach {dps} digits "
                                 f"within {MAX_CELLS} cells and {MAX_TERMS} Bernoulli terms"
                                 f"{known}", reachable=None if reach is None else max(reach, 0))


def in_request_digits(exc):
    """``exc`` (a :class:`~symbolic_info.numeric.cells.CellLimitError` of
    :func:`far_series`) with the digits its series reaches said as the digits a request may
    ask for: a request of ``n`` digits sums the tails at up to ``n + GUARD + 2 STEP`` (the
    reference at ``n + GUARD``, the value ``STEP`` above its start, and once more if the two
    do not settle), rounded down to a multiple of 10; ``exc`` itself when that is not known.

    >>> from symbolic_info.numeric.cells import CellLimitError
    >>> str(in_request_digits(CellLimitError("x", reachable=717)))  # doctest: +ELLIPSIS
    'the series of its far tails reaches about 680 digits here (... ask for 680 or fewer'
    """
    from .cells import MAX_CELLS, CellLimitError
    from .context import GUARD
    from .precision import STEP

    if getattr(exc, "reachable", None) is None:
        return exc
    n = max(0, 10 * ((exc.reachable - GUARD - 2 * STEP) // 10))
    return CellLimitError(f"the series of its far tails reaches about {n} digits here (at "
                          f"most {MAX_TERMS} Bernoulli terms a tail, {MAX_CELLS} cells walked, "
                          f"its integral out to e^{INTEGRAL_END} cells): ask for {n} or fewer",
                          reachable=exc.reachable)


def _mass_beyond(density, var, series: FarSeries, delta, ctx, digits: int):
    """The density's mass beyond the walked cells (tanh-sinh on each far side) at
    ``digits`` digits, on ``ctx``: the value shows it to 3 digits, the reference's check
    that the masses add up to 1 needs half its digits (a normal 1000 wide: 3 s of erfc-free
    tanh-sinh at 80 digits, a fraction of that at 35).  A geometric side, ``e^(A + B x)``,
    by its integral ``e^(A + B edge) / |B|`` (tanh-sinh missed digits of laplace(0, 1e30)
    beyond 500 cells of width 1, and the masses did not add up to 1).  A gamma-type side
    (:func:`exp_rate`) by :func:`~.exp_tail.exp_tail_integral` (tanh-sinh took 1.7 s at 510
    digits for gamma(5/2, 1) beyond 2,218 cells of 1/100)."""
    w = new_context(digits)
    total = w.zero
    for side in series.sides:
        edge = w.mpf(side.start * delta.p) / delta.q + (0 if side.direction > 0 else
                                                       w.mpf(delta.p) / delta.q)
        form = quadratic_form(side.branch, var) if side.geometric else None
        if form is not None:
            a, b = (compile_expr(v, [], w)() for v in form[:2])
            total += w.exp(a + b * edge) / abs(b)
            continue
        f = compile_expr(side.branch, [var], w)
        rate = exp_rate(side.branch, var, delta, side.direction)
        if rate is not None:  # e^(b x) g(x): the double-exponential trapezoid in cells
            step = side.direction * w.mpf(delta.p) / delta.q
            total += exp_tail_integral(lambda s, f=f, e=edge, d=step: f(e + d * s) * abs(d),
                                       rate, CIRCLE * side.radius, w)[0]
            continue
        total += w.quad(f, [edge, w.inf] if side.direction > 0 else [-w.inf, edge])
    return ctx.convert(total)


def far_cdf_cells(pieces, lo, hi, var, delta, ctx, density):
    """:class:`~symbolic_info.numeric.cells.CellSum` of a law whose far tails go by the
    series: the walked cells from the CDF plus each far tail's series on the masses from
    the tails (:func:`cdf_mass`); ``bound`` is the series' remainder bound.  A law whose
    left tail mirrors its right one (:func:`~.mirror_tails.mirror_cells`) sums the right
    tail once: the left is that sum with the cells between the mirror of its first cell
    and the right's first cell added (or taken away)."""
    from .cells import MAX_CELLS, CellSum, cdf_cells
    from .mirror_tails import left_from_right, mirror_cells, mirror_start

    big = None if lo.is_finite or hi.is_finite else mirror_cells(  # (the median costs)
        pieces, var, lo, hi, delta, far_plan(pieces, var, lo, hi, delta, START_WIDTH,
                                             MAX_CELLS).centre)
    series = far_series(pieces, density, var, lo, hi, delta, ctx.dps, True) \
        if big is not None else None  # (without the flag: the cache's key of both sides)
    mirror = None if series is None else mirror_start(big, series.plan)
    if mirror is None:  # no mirror, or too far apart: both sides
        series = far_series(pieces, density, var, lo, hi, delta, ctx.dps)
    plan = series.plan
    walked = cdf_cells(pieces, lo, hi, var, delta, ctx, density, bound=False,
                       cells=(plan.i0, plan.i1))
    tails = [geometric_tail(cdf_mass(pieces, var, delta, s.direction, s.branch), s.start,
                            s.direction, ctx) if s.geometric else
             em_tail(series_mass(s.branch, var, delta, s.start, s.direction,
                                 cdf_mass(pieces, var, delta, s.direction, s.branch)),
                     s.start, s.direction, s.distance, s.terms, ctx, s.radius,
                     exp_rate(s.branch, var, delta, s.direction))
             for s in series.sides]
    sides = series.sides
    if mirror is not None:  # the left tail: the right one from the cell ``mirror`` on
        right = series.sides[0]
        tails.append(left_from_right(tails[0], cdf_mass(pieces, var, delta, 1, right.branch),
                                     mirror, plan.i1, ctx))
        sides = (right, replace(right, start=mirror))
    entropy = walked.entropy + ctx.fsum(tails)
    log_bound = series.remainder_log10 + (math.log10(2) if mirror is not None else 0.0)
    bound = ctx.zero if log_bound == -math.inf else ctx.mpf(10) ** log_bound
    if bound > abs(entropy) * ctx.mpf(10) ** -(ctx.dps + 1):
        raise NumericError(f"the far tails' series may be off by {ctx.nstr(bound, 3)}")
    return CellSum(entropy, bound, _mass_beyond(density, var, FarSeries(plan, sides), delta,
                                                ctx, 10), plan.i0, plan.i1)


def far_quadrature_sum(pieces, density, var, lo, hi, delta, ctx, kinks=(), points=()):
    """The reference of :func:`far_cdf_cells`: the walked cells' masses by quadrature of
    the density (:func:`~symbolic_info.numeric.cells.quadrature_cells`, which checks that
    they and the mass beyond add up to 1) and each far tail's series on masses from the
    density by Gauss-Legendre (:func:`density_mass`), with :data:`CHECK_TERMS` Bernoulli
    terms more than the value, no CDF involved (the CDF places the cells only)."""
    from .cells import entropy_floor, quadrature_cells

    series = far_series(pieces, density, var, lo, hi, delta, ctx.dps)
    plan = series.plan
    floor = entropy_floor(pieces, var, lo, hi, delta, plan.i0, plan.i1)
    walked = quadrature_cells(density, var, lo, hi, delta, plan.i0, plan.i1, ctx,
                              kinks=tuple(kinks),
                              tail_mass=_mass_beyond(density, var, series, delta, ctx,
                                                     ctx.dps // 2 + 10),
                              points=tuple(points), floor=floor)
    tails = []
    for s in series.sides:
        if s.geometric:  # the rule's nodes for e^(b x) on one cell: gauss_quadratic's bound
            form = quadratic_form(s.branch, var)
            plan = panel_plan(abs(float(form[1] * delta)) / 2, 0.0, ctx.dps + 15)
            nodes = plan[1] if plan is not None and plan[0] == 1 else 160
            tails.append(geometric_tail(density_mass(s.branch, var, delta, nodes), s.start,
                                        s.direction, ctx))
            continue
        mass = density_mass(s.branch, var, delta, tail_nodes(s, var, delta, ctx.dps))
        rate = exp_rate(s.branch, var, delta, s.direction)
        if rate is not None:  # the terms from the density's series at the first cell's edges
            mass.taylor = _series_terms(s, var, delta, mass)
        tails.append(em_tail(mass, s.start, s.direction, s.distance, s.terms + CHECK_TERMS,
                             ctx, s.radius, rate))
    return walked + ctx.fsum(tails)


def _series_terms(side: FarSide, var, delta, mass):
    """``taylor(q, ctx)``: the reference's Euler-Maclaurin terms of ``side`` from Arb's power
    series of the density (:func:`~.density_series.em_series_terms`)."""
    from .density_series import em_series_terms

    def taylor(q: int, ctx):
        return em_series_terms(side.branch, var, delta, side.start, side.direction, mass, q,
                               ctx)

    return taylor


def exp_rate(branch, var, delta, direction: int):
    """``|b| delta``, the rate a cell at which a far tail ``g(x) e^(b x)`` of Pearson form
    falls (:func:`~.pearson_tail.falls_by_series`), or None for another tail: its
    Euler-Maclaurin integral then goes by :func:`~.exp_tail.exp_tail_integral`."""
    from .pearson_tail import falls_by_series
    from .tail_masses import exp_split

    if not falls_by_series(branch, var, direction):
        return None
    return abs(float(exp_split(branch, var)[1] * delta))


CHECK_TERMS = 2
"""Bernoulli terms the reference takes beyond the value's: the bound that chose them is
proved (:mod:`.tail_remainder`), and this checks its code as well: a series that leaves out
more than it says differs from the reference's by that."""
