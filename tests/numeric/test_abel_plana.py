"""The Abel-Plana reference for slowly falling series (numeric/abel_plana.py).

Each sum is checked against a closed form computed by mpmath's zeta function (its own
algorithm, not a sum of the terms): Sum ln k / k^2 = -zeta'(2), Sum 1/k^s = zeta(s)."""

import pytest
import sympy as sp

from symbolic_info.measures.custom_numeric import analytic_terms, series_reference
from symbolic_info.numeric.abel_plana import abel_plana_cut, abel_plana_sum
from symbolic_info.numeric.context import new_context


def _quad(ctx):
    return lambda f, a, b: ctx.quad(f, [a, b])


def test_log_over_square_to_150_digits():
    """The series behind an inverse-square pmf's entropy: nsum took 14 s at 150 digits (300
    digits end to end: test_custom's inverse-square pmf)."""
    ctx = new_context(150)
    s = series_reference(lambda k: ctx.log(k) / k**2, 1, None, ctx, analytic=True)
    truth = -ctx.zeta(2, derivative=1)
    assert abs(s - truth) <= abs(truth) * ctx.mpf(10) ** -148


@pytest.mark.parametrize("power,lo,dps", [(6, 3, 100), (1.5, 1, 60)])
def test_powers_from_a_later_start(power, lo, dps):
    """A fast algebraic fall (the head runs further) and a very slow one, k^-3/2."""
    ctx = new_context(dps)
    p = ctx.mpf(power)
    s = series_reference(lambda k: k ** -p, lo, None, ctx, analytic=True)
    truth = ctx.zeta(p) - ctx.fsum(ctx.mpf(j) ** -p for j in range(1, lo))
    assert abs(s - truth) <= truth * ctx.mpf(10) ** -(dps - 2)


def test_geometric_and_vanishing_terms_are_left_to_other_methods():
    ctx = new_context(30)
    assert abel_plana_cut(lambda k: ctx.mpf(2) ** -k, 1, ctx) is None
    assert abel_plana_cut(lambda k: ctx.zero, 1, ctx) is None


def test_a_term_that_is_not_analytic_gives_a_wrong_sum_and_is_not_sent():
    """Negative control: |k|^-2 evaluated at complex k is real, so the formula's correction
    vanishes and the sum is wrong; analytic_terms keeps such formulas from it."""
    ctx = new_context(30)
    wrong = abel_plana_sum(lambda k: 1 / ctx.fabs(k) ** 2, 1, ctx, _quad(ctx))
    assert abs(wrong - ctx.zeta(2)) > ctx.mpf(10) ** -10
    k = sp.Symbol("k", positive=True)
    assert not analytic_terms(1 / sp.Abs(k - 3) ** 3) and not analytic_terms(sp.Min(k, 5))
    assert analytic_terms(sp.exp(-k) / k**2, sp.log(k + 1))
    s = series_reference(lambda k: 1 / ctx.fabs(k) ** 2, 1, None, ctx, analytic=False)
    assert abs(s - ctx.zeta(2)) < ctx.mpf(10) ** -28
