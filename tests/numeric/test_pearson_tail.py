"""A far tail's masses and Euler-Maclaurin terms from the density's Taylor series
(numeric/pearson_tail.py) and the reference's one exponential a cell (numeric/tail_masses.py),
against mpmath's incomplete gamma function and a cell-by-cell sum coded here.

Gamma(5/2, 1): ``F(x) = P(5/2, x)``, mpmath's regularised lower incomplete gamma function
(``gammainc(k, a, b, regularized=True)`` integrates between the cell's ends itself).
"""

import pytest
import sympy as sp

from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cell_tails, em_sum, pearson_tail, tail_masses
from symbolic_info.numeric.cells import cdf_cells
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.gauss_cells import gauss_legendre_points

DELTA = sp.Rational(1, 10)


def _gamma(k="5/2"):
    law = QuantisedLaw(f"gamma({k}, 1)", "X")
    pieces, f, lo, hi, _d, var, *_ = law.args(DELTA)
    return sp.Tuple(*(sp.Tuple(*p) for p in pieces)), f, lo, hi, var


def _cell(ctx, c, delta=DELTA, k=2.5):
    d = ctx.mpf(delta.p) / delta.q
    return ctx.gammainc(ctx.mpf(k), c * d, (c + 1) * d, regularized=True)


def _upper(ctx, x):
    """P(X > x) of Gamma(5/2, 1): erfc(sqrt x) + 2 sqrt(x / pi) e^-x (1 + 2x/3) (from
    Gamma(s + 1, x) = s Gamma(s, x) + x^s e^-x and Gamma(1/2, x) = sqrt(pi) erfc(sqrt x))."""
    return ctx.erfc(ctx.sqrt(x)) + 2 * ctx.sqrt(x / ctx.pi) * ctx.exp(-x) * (1 + 2 * x / 3)


def _series(k="5/2", start=60):
    pieces, f, _lo, _hi, var = _gamma(k)
    fallback = tail_masses.cdf_mass(pieces, var, DELTA, 1, f)
    return pearson_tail.series_mass(f, var, DELTA, start, 1, fallback), fallback


@pytest.mark.parametrize("dps", [60, 1000])
def test_series_masses_match_the_incomplete_gamma_function(dps):
    """A far cell's mass from the Taylor series at its edge (gamma's x f' = (3/2 - x) f)
    to all digits, 1e-1000 relative at 1000 digits; a cell near the centre too."""
    mass, _ = _series()
    ctx = new_context(dps)
    for c in (7, 600, 3000):
        want = _cell(new_context(dps + 20), c)
        got = mass(ctx.mpf(c), ctx)
        assert abs(got - want) <= want * ctx.mpf(10) ** -(dps - 3), c
    # negative control: gamma(7/2)'s series (x f' = (5/2 - x) f) is far off these cells
    wrong, _ = _series("7/2")
    assert abs(wrong(ctx.mpf(600), ctx) - _cell(ctx, 600)) > _cell(ctx, 600) / 10


def test_bernoulli_terms_from_the_series_match_those_from_the_circle():
    """The Euler-Maclaurin terms read off the power series of -p ln p equal those the
    circle of complex CDF masses gives (Cauchy's formula), term by term."""
    ctx = new_context(50)
    mass, cdf = _series(start=60)
    by_series = mass.taylor(8, ctx)
    by_circle = em_sum.tail_terms(cdf, 60, 1, 7, 8, ctx)
    assert len(by_series) == len(by_circle) == 9
    for a, b in zip(by_series, by_circle, strict=True):
        assert abs(a - b) <= ctx.mpf(10) ** -45 * (abs(b) + ctx.mpf(10) ** -30)
    # negative control: gamma(7/2)'s series gives other terms
    wrong = _series("7/2", start=60)[0].taylor(8, ctx)
    assert abs(wrong[1] - by_circle[1]) > abs(by_circle[1]) / 100


def test_left_tail_terms_and_a_density_without_a_pearson_form():
    """direction -1 (cells start, start - 1, ..): the logistic has no Pearson form, so its
    mass is the fallback itself; the normal's left tail takes the series."""
    x = sp.Symbol("x", real=True)
    f = sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)
    pieces = ((-sp.oo, sp.oo, sp.erfc(x / sp.sqrt(2)) / 2, sp.erfc(-x / sp.sqrt(2)) / 2),)
    ctx = new_context(40)
    cdf = tail_masses.cdf_mass(pieces, x, DELTA, -1, f)
    mass = pearson_tail.series_mass(f, x, DELTA, -30, -1, cdf)
    for a, b in zip(mass.taylor(6, ctx), em_sum.tail_terms(cdf, -30, -1, 3, 6, ctx),
                    strict=True):
        assert abs(a - b) <= ctx.mpf(10) ** -35 * (abs(b) + ctx.mpf(10) ** -30)
    logistic = sp.exp(-x) / (1 + sp.exp(-x)) ** 2
    assert pearson_tail.series_mass(logistic, x, DELTA, 50, 1, cdf) is cdf


@pytest.mark.parametrize("dps", [70, 120])
def test_far_value_and_reference_of_gamma_match_the_cell_by_cell_sum(dps):
    """gamma(5/2, 1) at delta 1/10 and 70 (120) digits: 522 cells walked and the far tail by
    its series (value: Taylor-series masses and terms; reference: Gauss-Legendre on the
    density, one exponential a cell, its terms from the density's power series; both
    integrals by the double-exponential trapezoid) against its upper tail in erfc cell by
    cell to x = 200 (300; the rest below 1e-80, 1e-126); a wrong tail mass is caught."""
    pieces, f, lo, hi, var = _gamma()
    ctx = new_context(dps)
    d = ctx.mpf(DELTA.p) / DELTA.q
    upper = [_upper(ctx, c * d) for c in range(20 * dps + 600)]
    cells = [a - b for a, b in zip(upper[:-1], upper[1:], strict=True)]
    want = -ctx.fsum(p * ctx.log(p) for p in cells)
    value = cell_tails.far_cdf_cells(pieces, lo, hi, var, DELTA, new_context(dps), f)
    reference = cell_tails.far_quadrature_sum(pieces, f, var, lo, hi, DELTA,
                                              new_context(dps - 10))
    assert value.i1 - value.i0 < 1000  # the far tail went by its series
    assert abs(value.entropy - want) < ctx.mpf(10) ** -(dps - 5)
    assert abs(reference - want) < ctx.mpf(10) ** -(dps - 12)
    # negative control: the far tail on gamma(7/2)'s masses is far off the sum
    side = cell_tails.far_series(pieces, f, var, lo, hi, DELTA, 70).sides[0]
    walked = cdf_cells(pieces, lo, hi, var, DELTA, ctx, f, bound=False,
                       cells=(value.i0, value.i1)).entropy
    wrong = em_sum.em_tail(_series("7/2", side.start)[0], side.start, 1, side.distance,
                           side.terms, ctx, side.radius)
    assert abs(walked + wrong - want) > ctx.mpf(10) ** -30


def test_the_reference_masses_fold_the_exponential_into_the_weights():
    """density_mass of x^(3/2) e^-x / Gamma(5/2): e^(b x) split off (exp_split), its node
    factors in the weights, equal to the incomplete gamma function (real, by MPFR) and to
    the plain rule on the whole density (complex c, by mpmath)."""
    _pieces, f, *_ = _gamma()
    x = f.free_symbols.pop()
    shape, slope = tail_masses.exp_split(f, x)
    assert slope == -1 and not shape.has(sp.exp)
    ctx = new_context(100)
    folded = tail_masses.density_mass(f, x, DELTA, 60)
    assert abs(folded(ctx.mpf(500), ctx) - _cell(ctx, 500)) < _cell(ctx, 500) * 1e-95
    z = ctx.mpc(500, 40)
    h = ctx.mpf(DELTA.p) / (2 * DELTA.q)
    nodes, weights = gauss_legendre_points(60, 105)
    plain = h * ctx.fsum(v * ctx.exp(1.5 * ctx.log((z + 0.5) * 2 * h + h * t) - (
        (z + 0.5) * 2 * h + h * t)) for t, v in zip(nodes, weights, strict=True))
    plain *= 4 / (3 * ctx.sqrt(ctx.pi))
    assert abs(folded(z, ctx) - plain) < abs(plain) * 1e-90
    # negative control: a split with the wrong slope is not the density
    assert tail_masses.exp_split(sp.exp(-x**2) * x, x) == (sp.exp(-x**2) * x, 0)


def test_the_series_shortcut_takes_gamma_and_leaves_the_others():
    pieces, f, lo, hi, var = _gamma()
    assert cell_tails.series_shortcut(pieces, f, var, lo, hi, sp.Rational(1, 100), 12000, 50)
    assert not cell_tails.series_shortcut(pieces, f, var, lo, hi, sp.Rational(1, 100), 3000,
                                          50)  # a short walk stays a walk
    assert not cell_tails.series_shortcut(pieces, f, var, lo, hi, sp.Rational(1, 100), 12000,
                                          300)  # at 300 digits 12,000 cells walk faster
    normal = QuantisedLaw("normal(0, 1)", "X")
    npieces = sp.Tuple(*(sp.Tuple(*p) for p in normal.pieces))
    assert not cell_tails.series_shortcut(npieces, normal.f, normal.var, normal.lo, normal.hi,
                                          sp.Rational(1, 1000), 12000, 50)
