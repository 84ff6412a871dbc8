"""Cell masses by the Taylor series of a Pearson-type density (numeric/taylor_cells.py), and
their use in cdf_cells, checked blockwise against the CDF."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from negative_controls import spoil_series_masses

from symbolic_info.numeric import cells, taylor_cells, two_cores
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.mpfr_eval import to_mpmath

x = sp.Symbol("x", real=True)


def _normal_mass(mu, sigma, a, b, ctx):
    """P(a <= X < b) for N(mu, sigma^2) from erfc of exact rational arguments."""
    za, zb = (a - mu) / (sigma * sp.sqrt(2)), (b - mu) / (sigma * sp.sqrt(2))
    if za >= 0:
        return (ctx.erfc(ctx.convert(sp.N(za, ctx.dps + 30)))
                - ctx.erfc(ctx.convert(sp.N(zb, ctx.dps + 30)))) / 2
    return (ctx.erfc(ctx.convert(sp.N(-zb, ctx.dps + 30)))
            - ctx.erfc(ctx.convert(sp.N(-za, ctx.dps + 30)))) / 2


LAWS = [  # density, support, (a, b) -> mass by mpmath's own special functions
    (sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi), (-sp.oo, sp.oo),
     lambda c, a, b: c.ncdf(b) - c.ncdf(a) if b <= 0 else c.ncdf(-a) - c.ncdf(-b)),
    (4 * x ** sp.Rational(3, 2) * sp.exp(-x) / (3 * sp.sqrt(sp.pi)), (0, sp.oo),
     lambda c, a, b: c.gammainc(c.mpf(5) / 2, a, b, regularized=True)),
    (6 * x * (1 - x), (0, 1), lambda c, a, b: (3 * b**2 - 2 * b**3) - (3 * a**2 - 2 * a**3)),
    (2 / (sp.pi * (1 + x**2)), (0, sp.oo), lambda c, a, b: 2 * (c.atan(b) - c.atan(a)) / c.pi),
]


@pytest.mark.parametrize("dps", [30, 200])
@pytest.mark.parametrize("k", range(len(LAWS)))
def test_masses_match_the_special_functions(k, dps):
    f, (lo, hi), exact = LAWS[k]
    law = taylor_cells.pearson(f, x, sp.sympify(lo), sp.sympify(hi))
    assert law is not None
    c = new_context(dps + 20)
    d = sp.Rational(1, 50)
    starts = [sp.Rational(n, 50) for n in (5, 17, 40)] + ([-7, -1] if lo == -sp.oo else [])
    for a in map(sp.Rational, starts):
        if (hi != sp.oo and a + d > hi) or bool(a < lo):
            continue
        m = law.mass(int(a.p), int(a.q), int(d.p), int(d.q), dps)
        truth = exact(c, c.mpf(a.p) / a.q, c.mpf((a + d).p) / (a + d).q)
        assert m is not None
        assert abs(to_mpmath(m, c) / truth - 1) < c.mpf(10) ** -(dps - 2)


def test_a_law_centred_far_from_zero_loses_nothing():
    """normal(1e20 + 1/3, 1): a - mu is exact in the recurrence, f(a) gets the bits of a."""
    mu = sp.Integer(10) ** 20 + sp.Rational(1, 3)
    f = sp.exp(-(x - mu) ** 2 / 2) / sp.sqrt(2 * sp.pi)
    law = taylor_cells.pearson(f, x, -sp.oo, sp.oo)
    c = new_context(60)
    for a in (mu - sp.Rational(7, 3), mu + 2 - sp.Rational(1, 3)):
        a = sp.floor(a * 10) / 10
        m = law.mass(int(a.p), int(a.q), 1, 10, 40)
        truth = _normal_mass(mu, 1, a, a + sp.Rational(1, 10), c)
        assert abs(to_mpmath(m, c) / truth - 1) < c.mpf(10) ** -38


def test_it_declines_where_the_series_would_not_serve():
    gamma = taylor_cells.pearson(x**2 * sp.exp(-x) / 2, x, sp.Integer(0), sp.oo)
    assert gamma.mass(1, 100, 1, 100, 30) is None  # the pole of f'/f one cell away
    assert gamma.mass(1, 1, 1, 100, 30) is not None
    narrow = taylor_cells.pearson(sp.exp(-x**2 * 10**6 / 2) * 1000 / sp.sqrt(2 * sp.pi), x,
                                  -sp.oo, sp.oo)
    assert narrow.mass(3, 1, 1, 2, 30) is None  # terms of e^(1500 s): all cancellation
    logistic = sp.exp(-x) / (1 + sp.exp(-x)) ** 2
    assert taylor_cells.pearson(logistic, x, -sp.oo, sp.oo) is None
    assert taylor_cells.pearson(sp.exp(-x**4), x, -sp.oo, sp.oo) is None  # degree 3


def _sum(text, delta, dps):
    from symbolic_info.measures.quantised import _sum_args
    from symbolic_info.measures.quantised_law import QuantisedLaw

    pieces, f, lo, hi, var, d = _sum_args(QuantisedLaw(text, "X"), sp.Rational(delta))
    return cells.cdf_cells(pieces, lo, hi, var, d, new_context(dps), f, False)


@pytest.mark.parametrize("text", ["normal(0, 1)", "gamma(5/2, 1)", "beta(2, 3)", "maxwell(1)"])
def test_cdf_cells_with_the_series_equal_cdf_cells_without(text, monkeypatch):
    used = []
    spoil_series_masses(monkeypatch, (), 0, used)  # counts the cells the series served
    fast = _sum(text, "1/20", 40)
    assert sum(ok for _a, ok in used) > 5  # the series served cells
    monkeypatch.setattr(taylor_cells, "pearson", lambda *a: None)
    slow = _sum(text, "1/20", 40)
    assert abs(fast.entropy - slow.entropy) < mpmath.mpf(10) ** -39


def test_negative_control_a_series_mass_off_is_caught_by_the_cdf(monkeypatch):
    """One Taylor mass 1e-25 too large (relative) in a central cell (changes H by about
    1e-26): the block's sum no longer matches the CDF's difference, the block is halved and
    recomputed from the CDF, and the sum is right."""
    truth = _sum("normal(0, 1)", "1/20", 40).entropy
    seen = []

    from symbolic_info.measures import quantised

    quantised.clear_sums()
    spoil_series_masses(monkeypatch, {sp.Rational(1, 2)}, 25, seen)
    caught = _sum("normal(0, 1)", "1/20", 40).entropy
    assert (sp.Rational(1, 2), True) in seen
    assert abs(caught - truth) < mpmath.mpf(10) ** -39


@pytest.mark.parametrize("dps", [30, 300])
def test_a_pair_is_the_two_cells_beside_its_edge(dps):
    """PearsonLaw.pair at the edge a: the masses of [a - d, a] and [a, a + d] against the
    normal's CDF (mpmath's ncdf on the side away from the mean), and against mass() of
    each cell; where the pole of f'/f is too near (the gamma's at 0, one cell away) the
    pair is refused as the single mass is."""
    law = taylor_cells.pearson(sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi), x, -sp.oo, sp.oo)
    c = new_context(dps + 20)
    d = c.mpf(1) / 100
    for i in (-3000, -1, 0, 1, 250, 4000):
        a = c.mpf(i) / 100
        want = [c.ncdf(b) - c.ncdf(b - d) if b <= 0 else c.ncdf(-(b - d)) - c.ncdf(-b)
                for b in (a, a + d)]
        got = law.pair(i, 100, 1, 100, dps)
        single = [law.mass(i - 1, 100, 1, 100, dps), law.mass(i, 100, 1, 100, dps)]
        for m, one, w in zip(got, single, want, strict=True):
            assert abs(to_mpmath(m, c) / w - 1) < c.mpf(10) ** -(dps - 2), i
            assert abs(to_mpmath(one, c) / w - 1) < c.mpf(10) ** -(dps - 2), i
    gamma = taylor_cells.pearson(x**2 * sp.exp(-x) / 2, x, sp.Integer(0), sp.oo)
    assert gamma.pair(1, 100, 1, 100, 30) is None and gamma.pair(1, 1, 1, 100, 30) is not None


def test_a_normal_far_out_in_coarse_cells_is_served_at_1000_digits(monkeypatch):
    """normal(3, 1) at delta 1/5 and 1020 digits (the mixture 1/2 laplace(0, 1) + 1/2
    normal(3, 1) of issue 15): its Taylor coefficients fall like 1/(n/2)!, some 600 terms,
    and 20 scales out the terms alternate about e^10 above the sum, which is summed again
    with the bits it cancels; each pair against erfc to 1018 digits.  Without that second
    sum (MAX_LOSS_BITS = 0) the far cell goes back to the CDF."""
    law = taylor_cells.pearson(sp.exp(-(x - 3) ** 2 / 2) / sp.sqrt(2 * sp.pi), x, -sp.oo,
                               sp.oo)
    c = new_context(1050)
    d = sp.Rational(1, 5)
    for i in (25, 150, 300, -200):  # the edges 5, 30, 60 and -40
        a = i * d
        want = [_normal_mass(3, 1, a - d, a, c), _normal_mass(3, 1, a, a + d, c)]
        got = law.pair(i, 5, 1, 5, 1020)
        assert got is not None, i
        for m, w in zip(got, want, strict=True):
            assert abs(to_mpmath(m, c) / w - 1) < c.mpf(10) ** -1018, i
    monkeypatch.setattr(taylor_cells, "MAX_LOSS_BITS", 0)
    assert law.pair(300, 5, 1, 5, 1020) is None


def test_negative_control_a_mixture_mass_off_is_caught_at_300_digits(monkeypatch):
    """The mixture 1/2 laplace(0, 1) + 1/2 normal(3, 1) at delta 1/5 and 300 digits: the
    Taylor mass of the cell [30, 30.2) made 1e-100 too large (relative; H moves by about
    1e-115) no longer matches the CDF's difference over its block, the block goes back to
    the CDF, and the sum is right to 300 digits."""
    text = "1/2*laplace(0, 1) + 1/2*normal(3, 1)"
    truth = _sum(text, "1/5", 300).entropy
    from symbolic_info.measures import quantised

    quantised.clear_sums()
    seen = []
    monkeypatch.setenv(two_cores.SWITCH, "1")  # the blocks in this process: ``seen`` fills here
    spoil_series_masses(monkeypatch, {sp.Integer(30)}, 100, seen)
    caught = _sum(text, "1/5", 300).entropy
    assert (sp.Integer(30), True) in seen  # the series served the spoiled cell
    assert abs(caught - truth) < mpmath.mpf(10) ** -299
