"""A mixture's cells by its components' fast routes: the value's Taylor series term by term
(numeric/taylor_cells.py) and the reference's exp(quadratic) recurrences term by term
(numeric/gauss_cells.py with gauss_quadratic.py).

Every expected value is computed here from the definition in a fresh mpmath context, 40
digits above the sums under test: a cell's mass of ``1/2 laplace(0, 1) + 1/2 normal(3, 1)``
is half the Laplace mass in closed form plus half the normal's from erfc.  Negative
controls: a component's mass 1e-25 off in one cell is caught by the CDF's check on the
value's side, and a component's form given the wrong sign on the reference's side moves the
sum.  On the old code a mixture had no Pearson form (``pearson`` gave None) and no
exp(quadratic) form (``branch_forms`` gave None), so the first four tests fail there.
"""

from __future__ import annotations

import gmpy2
import mpmath
import pytest
import sympy as sp

from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cells, gauss_cells, gauss_quadratic, taylor_cells, two_cores
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.mpfr_eval import to_mpmath

TEXT = "1/2*laplace(0, 1) + 1/2*normal(3, 1)"


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _mass(ctx, a, b):
    """P(a <= X < b) for 1/2 laplace(0, 1) + 1/2 normal(3, 1), each part on the side away
    from its own centre (no cancellation)."""
    if a >= 0:
        lap = (ctx.exp(-a) - ctx.exp(-b)) / 2
    elif b <= 0:
        lap = (ctx.exp(b) - ctx.exp(a)) / 2
    else:
        lap = 1 - ctx.exp(-b) / 2 - ctx.exp(a) / 2
    r = ctx.sqrt(2)
    u, v = a - 3, b - 3
    if u >= 0:
        nor = (ctx.erfc(u / r) - ctx.erfc(v / r)) / 2
    elif v <= 0:
        nor = (ctx.erfc(-v / r) - ctx.erfc(-u / r)) / 2
    else:
        nor = 1 - ctx.erfc(v / r) / 2 - ctx.erfc(-u / r) / 2
    return lap / 2 + nor / 2


def _sum(ctx, delta, i0, i1):
    total = ctx.zero
    for i in range(i0, i1):
        p = _mass(ctx, ctx.mpf(i) * delta.p / delta.q, ctx.mpf(i + 1) * delta.p / delta.q)
        total -= p * ctx.log(p)
    return total


@pytest.mark.parametrize("dps", [30, 200])
def test_a_mixture_has_a_series_term_by_term_and_its_masses_are_right(dps):
    law = QuantisedLaw(TEXT, "X")
    ctx = _ctx(dps + 40)
    d = sp.Rational(1, 50)
    for lo, hi, starts in ((-sp.oo, sp.Integer(0), (-40, -7, -1)),
                           (sp.Integer(0), sp.oo, (0, 3, 7, 40))):
        series = taylor_cells.pearson(law.f, law.var, lo, hi)
        assert series is not None
        for a in map(sp.Integer, starts):
            m = series.mass(int(a), 1, int(d.p), int(d.q), dps)
            want = _mass(ctx, ctx.mpf(a), ctx.mpf(a) + ctx.mpf(d.p) / d.q)
            assert m is not None
            assert abs(to_mpmath(m, ctx) / want - 1) < ctx.mpf(10) ** -(dps - 2), a


def test_a_sum_with_a_negative_term_is_left_to_the_cdf():
    """exp(-x^2/2) - exp(-x^2)/2 is positive, but its terms' masses would cancel."""
    x = sp.Symbol("x", real=True)
    f = sp.exp(-x**2 / 2) - sp.exp(-x**2) / 2
    law = taylor_cells.pearson(f, x, -sp.oo, sp.oo)
    assert law is None or law.mass(1, 1, 1, 10, 30) is None


def _value(delta, dps):
    law = QuantisedLaw(TEXT, "X")
    return cells.cdf_cells(law.pieces, law.lo, law.hi, law.var, delta, new_context(dps), law.f,
                           False)


@pytest.mark.parametrize("wrong", [False, True])
def test_cdf_cells_of_a_mixture_take_the_series_and_a_wrong_mass_is_caught(monkeypatch,
                                                                             wrong):
    """The series serve most cells (counted), and the sum is the independent one to 40
    digits; with one component mass 1e-25 too large (negative control) the CDF's check
    sends the block back to the CDF and the sum stays right."""
    original, used, spoiled = taylor_cells.PearsonLaw.mass, [], []

    def counted(self, u, v, g, h, digits):
        m = original(self, u, v, g, h, digits)
        used.append(m is not None)
        if wrong and m is not None and sp.Rational(u, v) == sp.Rational(7, 2):
            spoiled.append(1)
            with gmpy2.context(precision=300):
                return m * (1 + gmpy2.mpfr(10) ** -25)
        return m

    monkeypatch.setattr(taylor_cells.PearsonLaw, "mass", counted)
    monkeypatch.setenv(two_cores.SWITCH, "1")  # the masses seen here, not in a child
    delta = sp.Rational(1, 20)
    s = _value(delta, 40)
    assert sum(used) > 200
    assert spoiled or not wrong
    ctx = _ctx(80)
    assert abs(ctx.mpf(s.entropy) - _sum(ctx, delta, s.i0, s.i1)) < ctx.mpf(10) ** -39


def test_reference_forms_of_a_mixture_are_its_terms_on_each_side():
    law = QuantisedLaw(TEXT, "X")
    forms = gauss_cells.branch_forms(law.f, law.var, law.lo, law.hi, law.kinks)
    assert [len(f) for _a, _b, f in forms] == [2, 2]
    assert sorted(f[1] for f in forms[1][2]) == [-1, 3]  # exp(-x) and exp(-(x-3)^2/2)


@pytest.mark.parametrize("wrong", [False, True])
def test_quadrature_cells_of_a_mixture_match_the_definition(monkeypatch, wrong):
    """The reference's sum over 4,000 cells of width 1/20 (mass down to 1e-45) at 40
    digits is the independent one; with the normal component's form shifted by 1e-20 in
    its constant (negative control) it is not."""
    calls = []
    real = gauss_quadratic.quadratic_cells

    def spy(form, *args):
        calls.append(form)
        if wrong and form[2] != 0:
            form = (form[0] + sp.Rational(1, 10**20), *form[1:])
        return real(form, *args)

    monkeypatch.setattr(gauss_cells, "quadratic_cells", spy)
    law = QuantisedLaw(TEXT, "X")
    delta, i0, i1 = sp.Rational(1, 20), -2000, 2000
    got = cells.quadrature_cells(law.f, law.var, law.lo, law.hi, delta, i0, i1, new_context(40),
                                 kinks=law.kinks)
    assert len(calls) == 4  # two components on each side of the kink
    ctx = _ctx(80)
    off = abs(ctx.mpf(got) - _sum(ctx, delta, i0, i1))
    assert (off > ctx.mpf(10) ** -30) if wrong else (off < ctx.mpf(10) ** -39)


def test_a_term_is_bounded_only_where_it_is_monotone_and_the_bound_holds():
    """PearsonLaw.bound (the sum leaves out a term below 10^-(digits + 4) of it): None on
    the cell that holds the normal's mode 3, above the erfc mass on every other cell; a
    bound that ignored the mode (negative control: f at the ends only) would be below the
    mass of the cell [2.9, 3.1)."""
    law = QuantisedLaw(TEXT, "X")
    normal = next(t for t in taylor_cells.pearson(law.f, law.var, sp.Integer(0), sp.oo).laws
                  if t.p[1] != 0)
    ctx = _ctx(60)
    r = ctx.sqrt(2)
    for u, v, g, h in ((29, 10, 2, 10), (3, 1, 1, 100), (299, 100, 1, 100)):
        assert normal.bound(u, v, g, h) is None
    a, b = ctx.mpf(29) / 10, ctx.mpf(31) / 10
    ends_only = max(ctx.npdf(a, 3, 1), ctx.npdf(b, 3, 1)) * (b - a) / 2
    assert ends_only < (ctx.ncdf(b, 3, 1) - ctx.ncdf(a, 3, 1)) / 2
    for u in (-4000, -300, 0, 250, 301, 700, 9000):
        bound = normal.bound(u, 100, 1, 100)
        lo, hi = ctx.mpf(u) / 100 - 3, ctx.mpf(u + 1) / 100 - 3
        want = (ctx.erfc(lo / r) - ctx.erfc(hi / r)) / 4 if lo >= 0 else \
            (ctx.erfc(-hi / r) - ctx.erfc(-lo / r)) / 4
        assert bound is not None and ctx.mpf(bound) >= want > 0, u


def test_the_bound_sees_a_root_of_a_quadratic_between_two_ends_of_one_sign():
    """f = exp(x^3/3 - x/4): f'/f = x^2 - 1/4 is 3/4 at both ends of [-1, 1] but negative
    at 0, so f is not monotone there (None); on cells clear of +-1/2 the bound holds
    against mpmath's quadrature of the same density."""
    x = sp.Symbol("x", real=True)
    f = sp.exp(x**3 / 3 - x / 4)
    law = taylor_cells.pearson(f, x, -sp.oo, sp.oo)
    assert law.p == (sp.Rational(-1, 4), 0, 1)
    assert law.bound(-1, 1, 2, 1) is None  # [-1, 1]
    assert law.bound(-3, 5, 6, 5) is None  # [-3/5, 3/5]: P(+-3/5) > 0, P(0) < 0
    assert law.bound(-1, 5, 2, 5) is not None  # [-1/5, 1/5]: P < 0 throughout
    ctx = _ctx(40)
    for u, v, g, h in ((-1, 5, 1, 10), (3, 5, 1, 10), (-3, 1, 1, 2), (1, 1, 1, 3)):
        a = ctx.mpf(u) / v
        want = ctx.quad(lambda t: ctx.exp(t**3 / 3 - t / 4), [a, a + ctx.mpf(g) / h])
        assert ctx.mpf(law.bound(u, v, g, h)) >= want
