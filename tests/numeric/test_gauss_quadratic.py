"""The reference's cells of an exp(quadratic) density by recurrences, with a rigorous node
count and panels where one Gauss-Legendre rule falls short (numeric/gauss_quadratic.py).

Every expected value is computed here from the definition in a fresh mpmath context: the
normal's cell masses from erfc, at 60 digits more than the sums under test.  Negative
control: a rule one size below the planned one misses the digits.  The module under test
did not exist on the old code.  The sums over
the normal's cells by the recurrences, and a wrong walked mass caught, are in
test_gauss_cells.py (the normal takes this path there now).
"""

import math

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import gauss_quadratic, gauss_rules
from symbolic_info.numeric.mpfr_eval import to_mpmath

X = sp.Symbol("x", real=True)


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _normal_mass(ctx, a, b, mu=0, sigma=1):
    """P(a <= X < b) for normal(mu, sigma) from erfc on the side away from the median."""
    a, b = (a - mu) / sigma, (b - mu) / sigma
    if a < 0:
        a, b = -b, -a
    r = ctx.sqrt(2)
    return (ctx.erfc(a / r) - ctx.erfc(b / r)) / 2


def _gaussian_shape(mu, sigma):
    return sp.exp(-(X - mu) ** 2 / (2 * sigma ** 2))


@pytest.mark.parametrize("mu,sigma,delta,dps", [
    (0, 1, sp.Rational(1, 10), 300),
    (sp.Rational(3, 2), sp.Rational(1, 3), sp.Rational(1, 7), 200),
    (0, 1, sp.Rational(1, 2), 400),
])
def test_recurrence_masses_match_erfc_cell_by_cell_both_ways(mu, sigma, delta, dps):
    """Each cell's mass, walked up and down from the mode, matches the erfc mass to its
    digits, also far out (masses to 1e-100) and on cells half the scale wide at 400 digits,
    where one 160-node rule is not enough (the plan takes 256 nodes or panels)."""
    ctx = _ctx(dps + 60)
    form = gauss_quadratic.quadratic_form(_gaussian_shape(mu, sigma), X)
    assert form is not None
    norm = ctx.sqrt(2 * ctx.pi) * ctx.mpf(sp.N(sigma, dps + 60))
    m, s = ctx.mpf(sp.N(mu, dps + 60)), ctx.mpf(sp.N(sigma, dps + 60))
    centre = int(sp.floor(mu / delta))
    reach = int(sp.ceiling(20 * sigma / delta))
    for direction, walk in ((1, range(centre, centre + reach)),
                            (-1, range(centre - 1, centre - reach, -1))):
        cells_walked = [(i, dps) for i in walk]
        got = gauss_quadratic.quadratic_masses(form, delta, cells_walked, direction, dps,
                                               len(cells_walked))
        for (i, _), v in zip(cells_walked, got, strict=True):
            a, b = ctx.mpf(i) * delta.p / delta.q, ctx.mpf(i + 1) * delta.p / delta.q
            want = _normal_mass(ctx, a, b, m, s)
            assert abs(to_mpmath(v, ctx) / norm / want - 1) < ctx.mpf(10) ** -dps, i


def test_a_rule_below_the_planned_one_misses_the_digits():
    """Negative control: the plan is needed.  normal(0, 1), the cell [2, 2.5) at 400
    digits: the planned rule holds the digits, the next smaller count does not."""
    ctx = _ctx(480)
    delta, i, dps = sp.Rational(1, 2), 4, 400
    form = gauss_quadratic.quadratic_form(_gaussian_shape(0, 1), X)
    centre = (i + 0.5) * 0.5
    k, m = gauss_quadratic.panel_plan((centre + 0.5) * 0.25, 0.5 * 0.25 / 4, dps)
    want = _normal_mass(ctx, ctx.mpf(2), ctx.mpf(5) / 2) * ctx.sqrt(2 * ctx.pi)

    def with_plan(plan):
        original = gauss_quadratic.panel_plan
        gauss_quadratic.panel_plan = lambda a, b, digits: plan
        try:
            v = gauss_quadratic.quadratic_masses(form, delta, [(i, dps)], 1, dps, 1)[0]
        finally:
            gauss_quadratic.panel_plan = original
        return abs(to_mpmath(v, ctx) / want - 1)
    assert with_plan((k, m)) < ctx.mpf(10) ** -dps
    smaller = gauss_quadratic.COUNTS[gauss_quadratic.COUNTS.index(m) - 1]
    assert with_plan((k, smaller)) > ctx.mpf(10) ** -dps


def test_the_planned_bound_holds_for_a_pure_exponential_and_a_flat_cell():
    """The bound is rigorous: e^(a t) on [-1, 1] (integral 2 sinh(a)/a) by the planned
    rule is right to the digits asked for, for slopes from 0 to 40 (split into panels)."""
    ctx = _ctx(360)
    for a in (0.0, 0.01, 1.0, 5.0, 40.0):
        k, m = gauss_quadratic.panel_plan(a, 0.0, 300)
        nodes, weights = gauss_rules.gauss_legendre_points(m, 330)
        am = ctx.mpf(a)
        total = ctx.zero
        for j in range(k):  # panel j of [-1, 1]
            lo = -1 + ctx.mpf(2 * j) / k
            half = ctx.mpf(1) / k
            total += half * ctx.fsum(w * ctx.exp(am * (lo + half + half * t))
                                     for t, w in zip(nodes, weights, strict=True))
        want = 2 * ctx.sinh(am) / am if a else ctx.mpf(2)
        assert abs(total / want - 1) < ctx.mpf(10) ** -300, (a, k, m)


def test_a_shape_that_is_not_exp_quadratic_is_left_to_the_general_path():
    assert gauss_quadratic.quadratic_form(sp.exp(-sp.Abs(X)), X) is None
    assert gauss_quadratic.quadratic_form(sp.exp(-X ** 4), X) is None
    assert gauss_quadratic.quadratic_form(1 / (1 + X ** 2), X) is None
    assert gauss_quadratic.quadratic_form(sp.exp(-2 * X) * 3, X) == (sp.log(3), -2, 0)


def test_a_long_walk_of_narrow_cells_keeps_its_digits_and_needs_its_guard(monkeypatch):
    """normal(0, 1) at delta 1/1000, 2,500 cells walked from the mode at 40 digits: the
    angle step phi_j of the three-term recurrence is below 1e-6, so a rounded K_j shifts
    the phase by up to 2^-p / phi_j a step; with walk_guard's bits every mass matches erfc
    to 40 digits, and without them (negative control: the guard cut to 0) they do not."""
    delta, dps = sp.Rational(1, 1000), 40
    ctx = _ctx(dps + 40)
    form = gauss_quadratic.quadratic_form(_gaussian_shape(0, 1), X)
    walked = [(i, dps) for i in range(2500)]
    norm = ctx.sqrt(2 * ctx.pi)
    want = [_normal_mass(ctx, ctx.mpf(i) / 1000, ctx.mpf(i + 1) / 1000) for i, _ in walked]

    def worst():
        got = gauss_quadratic.quadratic_masses(form, delta, walked, 1, dps, len(walked))
        return max(abs(to_mpmath(v, ctx) / norm / w - 1) for v, w in zip(got, want, strict=True))

    assert worst() < ctx.mpf(10) ** -dps
    monkeypatch.setattr(gauss_quadratic, "walk_guard", lambda *args: 0)
    assert worst() > ctx.mpf(10) ** -dps


def _term_masses(ctx, form, a, b):
    """The mass of exp(A + B x + C x^2) on [a, b] for C = 0 or C = -1/2, coded here."""
    A, B, C = (ctx.mpf(v) for v in form)
    if C == 0:
        return ctx.exp(A) * (ctx.exp(B * b) - ctx.exp(B * a)) / B
    m = B  # exp(A + B x - x^2/2) = exp(A + B^2/2) exp(-(x - B)^2 / 2)
    r = ctx.sqrt(2)
    lo, hi = (a - m) / r, (b - m) / r
    part = ctx.erfc(lo) - ctx.erfc(hi) if lo >= 0 else ctx.erfc(-hi) - ctx.erfc(-lo)
    return ctx.exp(A + B * B / 2) * ctx.sqrt(ctx.pi / 2) * part


@pytest.mark.parametrize("shift", [0, 30])
def test_term_digits_leave_out_only_what_the_cell_can_lose(shift):
    """1/4 e^-x beside a normal at 3 (the mixture's right side) at delta 1/5 and 1000 digits:
    a term integrated to d < D of the cell's digits D is at most 10^-(D - d + 2) of the
    cell's mass, and a term left out at most 10^-(D + 2), with every mass coded here.  Negative
    control: digits planned for a normal 10^13 times smaller than the true one break that."""
    ctx = mpmath.MPContext()
    ctx.dps = 40
    laplace = (math.log(0.25), -1.0, 0.0)
    normal = (-4.5 - math.log(2 * math.sqrt(2 * math.pi)), 3.0, -0.5)
    planned = (laplace, (normal[0] - shift, *normal[1:]))
    digits = 1000
    cells = [(i, digits) for i in range(0, 400, 3)]
    plans = gauss_quadratic.term_digits(planned, sp.Rational(1, 5), cells)
    broken = False
    for i, _d in cells:
        a, b = ctx.mpf(i) / 5, ctx.mpf(i + 1) / 5
        masses = [_term_masses(ctx, f, a, b) for f in (laplace, normal)]
        total = sum(masses)
        for mass, plan in zip(masses, plans, strict=True):
            kept = dict(plan).get(i)
            allowed = digits + 2 if kept is None else 0 if kept == digits else \
                digits - kept + 2
            broken |= mass > total * ctx.mpf(10) ** -allowed
    assert broken == (shift > 0)
    if not shift:  # the normal: fewer digits from x = 9 on, left out beyond x = 72
        assert [i for i, d in plans[1] if d < digits][0] == 45
        assert plans[1][-1] == (357, 18) and len(plans[0]) == len(cells)
