"""The Euler-Maclaurin far tails of quantised-entropy (numeric/cell_tails.py,
numeric/tail_remainder.py) against sums coded here.

Brute force: the logistic's cells summed one by one at 40 digits from its CDF written in
this file (its tail beyond 1000 cells is below 1e-40); the Cauchy's cells in doubles to a
million cells from ``atan(delta / (1 + a b)) / pi`` (the arctangent difference without
cancellation) plus the tail beyond by the integral ``(ln(pi X^2 / delta) + 2) / (pi X)``
of ``-p ln p`` with ``p = delta / (pi x^2)`` (error far below 1e-9 there).
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info.numeric import cell_tails, em_sum, tail_masses
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.tail_remainder import TailGrid, remainder_log10

X = sp.Symbol("x", real=True)
LOGISTIC = ((-sp.oo, sp.oo, sp.exp(-X) / (1 + sp.exp(-X)), 1 / (1 + sp.exp(-X))),)
LOGISTIC_F = sp.exp(-X) / (1 + sp.exp(-X)) ** 2
CAUCHY_F = 1 / (sp.pi * (X**2 + 1))
CAUCHY = ((-sp.oo, -1, -sp.atan(X) / sp.pi + sp.Rational(1, 2), -sp.atan(1 / X) / sp.pi),
          (-1, 1, -sp.atan(X) / sp.pi + sp.Rational(1, 2), sp.atan(X) / sp.pi + sp.Rational(1, 2)),
          (1, sp.oo, sp.atan(1 / X) / sp.pi, sp.atan(X) / sp.pi + sp.Rational(1, 2)))


def _logistic_brute(start, delta, ctx, cells=1000):
    """-sum p ln p over the cells start, start + 1, ... with p from 1/(1 + e^-x) coded here."""
    d = ctx.mpf(delta.p) / delta.q

    def right(x):
        return 1 / (1 + ctx.exp(x))

    total = ctx.zero
    for j in range(cells):
        p = right((start + j) * d) - right((start + j + 1) * d)
        total -= p * ctx.log(p)
    return total


@pytest.mark.parametrize("mass_of", ["cdf", "density"])
def test_series_matches_the_cell_by_cell_sum_of_a_logistic_tail(mass_of):
    ctx = new_context(40)
    delta = sp.Rational(1, 10)
    mass = cell_tails.cdf_mass(LOGISTIC, X, delta, 1, LOGISTIC_F) if mass_of == "cdf" \
        else cell_tails.density_mass(LOGISTIC_F, X, delta, 16)
    value = em_sum.em_tail(mass, 50, 1, 50, 10, ctx, radius=5)
    brute = _logistic_brute(50, delta, ctx)
    assert abs(value - brute) < ctx.mpf(10) ** -35 * brute
    # negative controls: without its g(0)/2, or with the first Bernoulli term's sign
    # flipped, the series is far off the cell-by-cell sum
    half, first = em_sum.tail_terms(mass, 50, 1, 5, 1, ctx)
    assert abs(value - half - brute) > ctx.mpf(10) ** -10
    assert abs(value - 2 * first - brute) > ctx.mpf(10) ** -10


def _cauchy_brute(delta: float, cells: int = 10**6) -> float:
    """H(X_delta) of the standard Cauchy in doubles: cells -cells..cells-1 plus both tails."""
    i = np.arange(0, cells, dtype=float)
    a, b = i * delta, (i + 1) * delta
    p = np.arctan(delta / (1 + a * b)) / np.pi  # cells [a, b) right of 0; the left mirror
    inner = -2 * math.fsum(p * np.log(p))
    big_x = cells * delta
    tail = (math.log(math.pi * big_x**2 / delta) + 2) / (math.pi * big_x)
    return inner + 2 * tail


def test_cauchy_value_matches_a_sum_in_doubles():
    from symbolic_info.numeric.cells import cdf_cells

    delta = sp.Rational(1, 10)
    ctx = new_context(30)
    s = cdf_cells(CAUCHY, -sp.oo, sp.oo, X, delta, ctx, CAUCHY_F)
    assert abs(float(s.entropy) - _cauchy_brute(0.1)) < 1e-9
    assert 0 < s.bound < ctx.mpf(10) ** -31 * s.entropy
    assert s.cells < 10**5  # the far tails went by the series


def test_remainder_bound_holds_for_few_terms_and_is_not_loose_by_much():
    """With q = 1 and 2 terms the series' error against the brute-force sum stays below the
    proved remainder bound, and within a factor 10^6 of it (the bound is honest, and of
    use)."""
    ctx = new_context(40)
    delta = sp.Rational(1, 10)
    mass = cell_tails.cdf_mass(LOGISTIC, X, delta, 1, LOGISTIC_F)
    brute = _logistic_brute(50, delta, ctx)
    # the logistic's poles at i pi (31 cells off the axis) cap the circles: pass them
    grid = TailGrid(LOGISTIC_F, X, delta, 50, 1, 50,
                    (complex(0, math.pi), complex(0, -math.pi)), target=-45)
    for q in (1, 2):
        error = abs(em_sum.em_tail(mass, 50, 1, 50, q, ctx, radius=5) - brute)
        bound = 10 ** remainder_log10(grid, q)
        assert error <= bound
        assert error > bound * 1e-6


def test_far_plan_keeps_the_far_tails_away_from_the_centre():
    plan = cell_tails.far_plan(CAUCHY, X, -sp.oo, sp.oo, sp.Rational(1, 100), 2000, 10**5)
    assert plan.i0 == -100 - 2000 and plan.i1 == 100 + 2001  # beyond the pieces' ends +-1
    assert plan.left > 2000 and plan.right > 2000


def test_a_base_that_is_not_a_polynomial_is_refused():
    from symbolic_info.numeric.context import NumericError
    from symbolic_info.numeric.tail_remainder import singular_points

    assert sorted(singular_points(CAUCHY_F, X), key=lambda z: z.imag) == [-1j, 1j]
    with pytest.raises(NumericError, match="singular points"):
        singular_points(LOGISTIC_F, X)


def test_mpmath_context_is_untouched():
    assert mpmath.mp.dps == 15


def test_the_series_bound_below_the_float_range_is_kept():
    """At 300 digits the remainders are near 1e-306: their sum must not underflow (a math
    domain error before)."""
    sides = tuple(cell_tails.FarSide(0, 1, 10, 1, 1.0, X, r) for r in (-320.0, -330.0))
    series = cell_tails.FarSeries(cell_tails.FarPlan(0, 1, 0, 10), sides)
    assert -320.0 < series.remainder_log10 < -319.99


def test_a_bump_the_gauss_rules_step_over_goes_by_tanh_sinh():
    """e^(-10^5 (u - 8)) on [8, 16] falls within a ten-thousandth of its left end: the
    Gauss-Legendre rules (16 to 256 nodes) see almost nothing at their nodes and agree on
    it, while the integral is 1e-5 (with 12 to 192 nodes 10^4 was steep enough; from 16
    nodes on the rules see that bump and split the piece).  The rough trapezoidal integral
    of the size (here the integrand itself) catches it, and the piece goes by tanh-sinh.
    Negative control: without that check (``floor`` = inf) the wrong value is taken."""
    w = new_context(60)

    def f(u):
        return w.exp(-10**5 * (u - 8))

    tol = w.mpf(10) ** -58
    ends = [w.mpf(8), w.mpf(16)]
    value, _error = em_sum.checked_integral(w, f, f, ends, 0.0, tol)
    assert abs(value * 10**5 - 1) < w.mpf(10) ** -50
    unchecked, _error = em_sum.checked_integral(w, f, f, ends, math.inf, tol)
    assert abs(unchecked * 10**5 - 1) > 0.5


@pytest.mark.parametrize("c", ["600.25", "1e30", "-1e200"])
def test_far_masses_by_mpfr_match_mpmath(c, monkeypatch):
    """A real cell index takes the masses by MPFR (the far tails' integral: thousands of
    them), a complex one by mpmath (the circle of the Bernoulli terms): at the same index
    both agree to the working digits, out where a mass is 1e-400 (the Cauchy's right tail
    and its density).  The MPFR path is taken: a spoilt MPFR rule shows in the real mass
    (negative control; this test failed on the code before that path)."""
    ctx = new_context(60)
    z = ctx.mpf(c)
    side = 1 if z > 0 else -1
    for mass in (cell_tails.cdf_mass(CAUCHY, X, sp.Rational(1, 10), side, CAUCHY_F),
                 cell_tails.density_mass(CAUCHY_F, X, sp.Rational(1, 10), 12)):
        real, complex_ = mass(z, ctx), mass(ctx.mpc(z, 0), ctx)
        assert abs(real - complex_.real) <= abs(real) * ctx.mpf(10) ** -58
        assert complex_.imag == 0
    good = tail_masses._rule_mpfr
    monkeypatch.setattr(tail_masses, "_rule_mpfr", lambda *a: good(*a) * (1 + 1e-12))
    spoilt = cell_tails.density_mass(CAUCHY_F, X, sp.Rational(1, 10), 12)
    assert abs(spoilt(z, ctx) - real) > abs(real) * ctx.mpf(10) ** -13


def test_far_cells_take_fewer_nodes_and_keep_every_digit():
    """The reference's Gauss-Legendre nodes per far cell of the Cauchy at delta 1/10 and 60
    digits (numeric/tail_masses.tail_nodes): the first cell, 100 cells from the poles at
    +-i, and the circle around it take the most; a cell 10^6 out far fewer, its mass still
    right to 60 digits against the arctangent difference coded here.  Negative control: the
    far cell's count on the first cell misses digits (the count follows the poles; on the
    old code every cell took the first cell's count)."""
    side = cell_tails.FarSide(100, 1, 100, 0, 100 / em_sum.CIRCLE, CAUCHY_F, 0.0)
    nodes = tail_masses.tail_nodes(side, X, sp.Rational(1, 10), 60)
    ctx = new_context(60)
    first, far = nodes(ctx.mpf(100)), nodes(ctx.mpf(10**6))
    assert nodes(ctx.mpc(100, 5)) == first and 6 <= far <= first - 4

    def exact(c):  # the cell [c/10, (c+1)/10): atan(b) - atan(a) = atan((b - a)/(1 + a b))
        w = mpmath.MPContext()
        w.dps = 80
        a, b = w.mpf(c) / 10, w.mpf(c + 1) / 10
        return w.atan((b - a) / (1 + a * b)) / w.pi

    mass = tail_masses.density_mass(CAUCHY_F, X, sp.Rational(1, 10), nodes)
    for c in (100, 10**6):
        assert abs(mass(ctx.mpf(c), ctx) - exact(c)) < exact(c) * mpmath.mpf(10) ** -59
    few = tail_masses.density_mass(CAUCHY_F, X, sp.Rational(1, 10), far)
    assert abs(few(ctx.mpf(100), ctx) - exact(100)) > exact(100) * mpmath.mpf(10) ** -59
