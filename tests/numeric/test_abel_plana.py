"""The Abel-Plana reference for slowly falling series (numeric/abel_plana.py).

Each sum is checked against a closed form computed by mpmath's zeta function (its own
algorithm, not a sum of the terms): Sum ln k / k^2 = -zeta'(2), Sum 1/k^s = zeta(s)."""

import pytest
import sympy as sp

from symbolic_info.measures.custom_numeric import analytic_terms, series_reference
from symbolic_info.numeric.abel_plana import abel_plana_cut, abel_plana_sum
from symbolic_info.numeric.context import NumericError, new_context


def _quad(ctx):
    return lambda f, a, b, breaks: ctx.quad(f, [a, *breaks, b])


def test_log_over_square_to_100_digits():
    """The series behind an inverse-square pmf's entropy: nsum took 3 s at 100 digits, 14 s
    at 150 (300 digits end to end: test_custom's inverse-square pmf)."""
    ctx = new_context(100)
    s = series_reference(lambda k: ctx.log(k) / k**2, 1, None, ctx, analytic=True)
    truth = -ctx.zeta(2, derivative=1)
    assert abs(s - truth) <= abs(truth) * ctx.mpf(10) ** -98


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


def test_a_slow_geometric_factor_bounds_the_cut():
    """Terms of (1 - r) r^k, r = 0.91, fall by 9 % a step: not refused as geometric, but
    ``ln p`` turns its phase by ``t ln(1/r)`` on the line and jumps by ``2 pi i`` at ``t``
    near 33, an error near 10^-104 at 120 digits (so before the rate entered the cut);
    the formula must leave such terms to nsum or sum them right.
    Truth: H = -ln(1 - r) - r ln r / (1 - r) of the geometric law (Cover & Thomas,
    Elements of Information Theory, 2nd ed., problem 2.1)."""
    ctx = new_context(120)
    r = ctx.mpf(91) / 100

    def p(k):
        return (1 - r) * r**k

    s = abel_plana_sum(lambda k: -p(k) * ctx.log(p(k)), 0, ctx, _quad(ctx))
    truth = -ctx.log(1 - r) - r * ctx.log(r) / (1 - r)
    assert s is None or abs(s - truth) <= truth * ctx.mpf(10) ** -118  # None: nsum's turn
    assert abel_plana_cut(lambda k: ctx.mpf(19) / 20 * p(k), 0, ctx) is None


def test_the_logarithm_of_a_geometric_pmf_inside_the_terms_is_seen():
    """Cross-entropy terms -p ln q with p = 90/(pi^4 k^4) and q = 2^-k: the terms fall
    like k^-3, but ln q jumps by 2 pi i at t = pi / ln 2 on the line, an error near 10^-19
    (before the pmfs were passed as ``inner``: cross-entropy refused at 20 of 50 digits).
    Truth: ln 2 E_P[k] = ln 2 (90 / pi^4) zeta(3)."""
    ctx = new_context(30)

    def term(k):
        return -90 / (ctx.pi**4 * k**4) * ctx.log(ctx.mpf(2) ** -k)

    truth = ctx.ln2 * 90 / ctx.pi**4 * ctx.zeta(3)
    wrong = abel_plana_sum(term, 1, ctx, _quad(ctx))  # negative control: the term alone
    assert abs(wrong - truth) > ctx.mpf(10) ** -25
    s = series_reference(term, 1, None, ctx, analytic=True, inner=(lambda k: ctx.mpf(2) ** -k,))
    assert abs(s - truth) <= truth * ctx.mpf(10) ** -28


def test_a_failing_correction_hands_over_and_a_failing_tail_raises():
    """The two integrals run side by side (two cores from 300 digits) but keep the order
    of a plain loop: a correction that cannot be computed (no complex value) hands the sum
    to another method even when the tail fails too; a tail that fails alone raises."""
    ctx = new_context(30)

    def failing(which):
        def integral(f, a, b, breaks):
            if which == "both" or a != 0:  # the correction's range starts at t = 0
                raise NumericError(f"{which} failed")
            return ctx.quad(f, [a, *breaks, b])
        return integral

    assert abel_plana_sum(lambda k: 1 / k**2, 1, ctx, failing("both")) is None
    with pytest.raises(NumericError, match="tail failed"):
        abel_plana_sum(lambda k: 1 / k**2, 1, ctx, failing("tail"))
