"""Gamma-type far tails (g(x) e^(bx)) of quantised-entropy: the double-exponential integral
(numeric/exp_tail.py), the reference's Euler-Maclaurin terms from Arb's power series of the
density (numeric/density_series.py), the value's terms by Arb's polynomials
(pearson_tail.arb_em_terms) and the reference's Gauss-Legendre node counts where e^(bx)
grows on the Bernstein ellipse (tail_masses.tail_nodes), each against an independent value
coded here: closed forms, mpmath's incomplete gamma function, the circle of complex masses
(em_sum.tail_terms) and the plain sums (mass_series, entropy_series)."""

import pytest
import sympy as sp

from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cell_tails, em_sum, pearson_tail, tail_masses
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.density_series import em_series_terms
from symbolic_info.numeric.exp_tail import exp_tail_integral

x = sp.Symbol("x", positive=True)
GAMMA = 4 * x ** sp.Rational(3, 2) * sp.exp(-x) / (3 * sp.sqrt(sp.pi))  # gamma(5/2, 1)


@pytest.mark.parametrize("dps", [60, 300])
def test_integral_of_an_exponential_tail_matches_its_closed_form(dps):
    """int_0^oo (s + a)^(3/2) e^(-r s) ds = e^(r a) r^(-5/2) Gamma(5/2, r a), a = 30 cells,
    r = 1/20 a cell, to all digits; each node at the digits its size needs (``size``) gives
    the same; negative control: another integrand (e^(-s/420) more) misses it."""
    w = new_context(dps + 10)
    a, r = w.mpf(30), w.mpf(1) / 20
    want = w.exp(r * a) * r ** w.mpf(-2.5) * w.gammainc(w.mpf(2.5), r * a)

    def h(s, digits=None):
        c = w if digits is None else new_context(digits)
        return (c.convert(s) + a) ** c.mpf(1.5) * c.exp(-c.convert(r) * s)

    def size(s):
        return float(w.log10(h(s)))

    tol = w.mpf(10) ** -(dps + 5)
    for got in (exp_tail_integral(h, r, 30, w, tol), exp_tail_integral(h, r, 30, w, tol, size)):
        assert abs(got[0] - want) < want * w.mpf(10) ** -(dps + 2)
        assert got[1] < tol
    assert abs(exp_tail_integral(lambda s: h(s) * w.exp(-s / 420), r, 30, w, tol)[0]
               - want) > want / 100


@pytest.mark.parametrize("direction, start", [(1, 80), (-1, 40)])
def test_reference_terms_from_the_density_series_match_the_circle(direction, start):
    """The reference's Euler-Maclaurin terms from Arb's series of the density at the first
    cell's edges equal those of the circle of complex Gauss-Legendre masses (Cauchy's
    formula), right tail and a left one; negative control: a wrong first mass (1e-20 off)
    is caught in h(0)/2 and the terms after."""
    delta = sp.Rational(1, 10)
    ctx = new_context(50)
    mass = tail_masses.density_mass(GAMMA, x, delta, 40)
    by_series = em_series_terms(GAMMA, x, delta, start, direction, mass, 8, ctx)
    by_circle = em_sum.tail_terms(mass, start, direction, 2 if direction < 0 else 8, 8, ctx)
    assert len(by_series) == len(by_circle) == 9
    for a, b in zip(by_series, by_circle, strict=True):
        assert abs(a - b) <= ctx.mpf(10) ** -45 * (abs(b) + ctx.mpf(10) ** -30)

    def wrong(c, w):
        return mass(c, w) * (1 + w.mpf(10) ** -20)

    off = em_series_terms(GAMMA, x, delta, start, direction, wrong, 8, ctx)
    assert abs(off[0] - by_circle[0]) > abs(by_circle[0]) * ctx.mpf(10) ** -22
    assert abs(off[1] - by_circle[1]) > abs(by_circle[1]) * ctx.mpf(10) ** -25


def test_value_terms_by_arb_match_the_plain_power_series_sums():
    """arb_em_terms (Arb's shift and logarithm) equals em_terms of entropy_series of
    mass_series (mpmath sums) on the gamma's Taylor coefficients at a far edge; negative
    control: the direction flipped gives other terms."""
    law = pearson_tail.pearson(GAMMA, x, -sp.oo, sp.oo)
    w = new_context(110)
    ctx = new_context(80)
    e, d, q = w.mpf(8), w.mpf(1) / 10, 12
    c = pearson_tail.taylor_coefficients(law, GAMMA.subs(x, 8).evalf(130), e, 160, w)
    by_arb = pearson_tail.arb_em_terms(c, d, 1, q, w, ctx)
    plain = pearson_tail.em_terms(pearson_tail.entropy_series(
        pearson_tail.mass_series(c, d, 1, 2 * q + 1, w), w), q, ctx)
    for a, b in zip(by_arb, plain, strict=True):
        assert abs(a - b) <= ctx.mpf(10) ** -75 * (abs(b) + ctx.mpf(10) ** -40)
    flipped = pearson_tail.arb_em_terms(c, d, -1, q, w, ctx)
    assert abs(flipped[1] - plain[1]) > abs(plain[1]) / 100


def test_far_gauss_nodes_count_the_growth_of_the_exponential():
    """A gamma(5/2, 1) cell 50,000 cells out at delta 1/100, asked for at 1020 and 300
    digits: its Gauss-Legendre mass equals the incomplete gamma function to those digits;
    negative control: the count without the exponential's growth on the Bernstein ellipse
    (the old ``(dps + 15) / (2 log10(4 reach))``) loses over 100 digits at 1020."""
    law = QuantisedLaw("gamma(5/2, 1)", "X")
    pieces, f, lo, hi, delta, var, *_ = law.args(sp.Rational(1, 100))
    side = cell_tails.far_series(pieces, f, var, lo, hi, delta, 60).sides[0]
    nodes = tail_masses.tail_nodes(side, var, delta, 1020)
    mass = tail_masses.density_mass(side.branch, var, delta, nodes)
    big = new_context(1100)
    c = big.mpf(side.start + 50000)
    want = big.gammainc(big.mpf(2.5), c / 100, (c + 1) / 100, regularized=True)
    for digits in (1020, 300):
        got = mass(c, new_context(digits))
        assert abs(big.convert(got) / want - 1) < big.mpf(10) ** -(digits - 3), digits
    old = tail_masses.density_mass(side.branch, var, delta, 98)  # the old count there
    assert abs(big.convert(old(c, new_context(1020))) / want - 1) > big.mpf(10) ** -950


@pytest.mark.parametrize("dps", [60, 1000])
def test_fixed_point_masses_at_a_trapezoid_node_match_the_incomplete_gamma_function(dps):
    """A far cell of gamma(5/2, 1) at delta 1/100 starting at an irrational cell index (a
    node of the trapezoid: pi/7 and e past a whole cell) by fixed_point_mass, through
    series_mass's dispatch too, equals the incomplete gamma function to all digits;
    negative control: gamma(7/2)'s recurrence is far off."""
    delta = sp.Rational(1, 100)
    big = new_context(dps + 40)
    ctx = new_context(dps)
    law = pearson_tail.pearson(GAMMA, x, -sp.oo, sp.oo)
    coeff, shape = GAMMA.as_independent(x, as_Add=False)
    fast = (pearson_tail.compile_mpfr(coeff, x), pearson_tail.compile_mpfr(shape, x))
    via = pearson_tail.series_mass(GAMMA, x, delta, 2218, 1, tail_masses.density_mass(
        GAMMA, x, delta, 200))
    for c in (ctx.mpf(3000) + ctx.pi / 7, ctx.mpf(53000) + ctx.e):
        cc = big.convert(c)
        want = big.gammainc(big.mpf(2.5), cc / 100, (cc + 1) / 100, regularized=True)
        for got in (pearson_tail.fixed_point_mass(law, fast, c, delta, ctx), via(c, ctx)):
            assert abs(big.convert(got) / want - 1) < big.mpf(10) ** -(dps - 2)
    other = 8 * x ** sp.Rational(5, 2) * sp.exp(-x) / (15 * sp.sqrt(sp.pi))  # gamma(7/2)
    wrong = pearson_tail.fixed_point_mass(pearson_tail.pearson(other, x, -sp.oo, sp.oo),
                                          fast, c, delta, ctx)
    assert abs(big.convert(wrong) / want - 1) > big.mpf(10) ** -10


def test_a_trapezoid_without_one_node_misses_the_far_sum(monkeypatch):
    """gamma(5/2, 1) at delta 1/10 and 120 digits (test_pearson_tail checks its far sums
    against the cell-by-cell sum): the trapezoid with one node counted as 0 misses the
    value by far more than its digits, or does not settle."""
    from symbolic_info.numeric import exp_tail
    from symbolic_info.numeric.context import NumericError

    law = QuantisedLaw("gamma(5/2, 1)", "X")
    pieces, f, lo, hi, delta, var, *_ = law.args(sp.Rational(1, 10))
    pieces = sp.Tuple(*(sp.Tuple(*p) for p in pieces))
    ctx = new_context(120)
    value = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, ctx, f).entropy
    plain = exp_tail._trapezoid

    def one_short(node, m, values, w):
        values.setdefault(3, w.zero)  # the node t = 3/m counts as 0
        return plain(node, m, values, w)

    monkeypatch.setattr(exp_tail, "_trapezoid", one_short)
    monkeypatch.setattr(exp_tail, "MAX_HALVINGS", 1)  # (it would halve in vain)
    cell_tails.far_series.cache_clear()
    try:
        off = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, new_context(120), f).entropy
    except NumericError:
        off = None
    assert off is None or abs(off - value) > ctx.mpf(10) ** -80
