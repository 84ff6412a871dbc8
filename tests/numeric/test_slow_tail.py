"""Tails falling like x^-p with p near 1 (numeric/slow_tail.py), through the Abel-Plana
reference and the Euler-Maclaurin value of a kept series.

Truths from mpmath's zeta function and its derivative (their own algorithms, not sums of
the terms): sum k^-s = zeta(s), sum ln k / k^s = -zeta'(s), and the entropy of the zeta
law p(k) = k^-s / zeta(s) is ln zeta(s) - s zeta'(s) / zeta(s)."""

import pytest
import sympy as sp

from symbolic_info.measures.custom_numeric import integral_reference, series_reference
from symbolic_info.numeric.context import NumericError, new_context
from symbolic_info.numeric.em_series import euler_maclaurin_sum
from symbolic_info.numeric.slow_tail import stretched_tail


def zeta_law(ctx, s):
    z = ctx.zeta(s)
    return z, lambda k: 1 / (z * k**s)


@pytest.mark.parametrize("s", [(10001, 10000), (1001, 1000), (11, 10)])
def test_the_entropy_of_a_zeta_law_near_s_1_to_300_digits(s):
    """zeta(1.0001) was summed as 9913.2 (0.9913 of its value) and the law refused as not
    summing to 1; the entropy at s = 1.0001 lost 32 of 300 digits when cut only at y = 0."""
    ctx = new_context(300)
    s = ctx.mpf(s[0]) / s[1]
    z, p = zeta_law(ctx, s)
    mass = series_reference(p, 1, None, ctx, analytic=True)
    assert abs(mass - 1) < ctx.mpf(10) ** -298
    h = series_reference(lambda k: -p(k) * ctx.log(p(k)), 1, None, ctx, analytic=True)
    truth = ctx.log(z) - s * ctx.zeta(s, derivative=1) / z
    assert abs(h / truth - 1) < ctx.mpf(10) ** -298


def test_the_plain_rule_on_the_half_line_misses_the_mass():
    """Negative control: the rule the tail had before, on (n, oo) cut at 5n/4, is wrong by
    far more than the precision for k^-1.0001: what the tests above catch."""
    ctx = new_context(50)
    q = ctx.mpf(1) / 10000
    n = ctx.mpf(114)
    plain = integral_reference(lambda x: x ** -(1 + q), n, ctx.inf, ctx, [n + n / 4])
    assert abs(plain / (n ** -q / q) - 1) > ctx.mpf(10) ** -10
    f, cuts = stretched_tail(lambda x: x ** -(1 + q), n, ctx)
    stretched = integral_reference(f, -ctx.inf, ctx.inf, ctx, cuts)
    assert abs(stretched / (n ** -q / q) - 1) < ctx.mpf(10) ** -45


def test_a_kept_series_with_a_transcendental_factor_by_euler_maclaurin():
    """ln k / (zeta(1.001) k^1.001): not in the closed-form class, so its tail integral is
    quadrature; on (n, oo) it was 1.4e-19 off at 50 digits and the entropy 'not verified'."""
    k = sp.Symbol("k", positive=True)
    s = sp.Rational(1001, 1000)
    ctx = new_context(50)
    value = euler_maclaurin_sum(sp.log(k) / (k**s * sp.zeta(s)), k, 1, ctx)
    w = new_context(60)
    truth = -w.zeta(w.mpf(1001) / 1000, derivative=1) / w.zeta(w.mpf(1001) / 1000)
    assert abs(value / truth - 1) < ctx.mpf(10) ** -48


def test_a_logarithmic_tail_is_seen_over_nine_decades():
    """1/(x ln^2 x) from e falls like x^-2.5 at first but its integral is 1/ln x: the fall
    is measured far out too."""
    ctx = new_context(100)
    f = lambda x: 1 / (x * ctx.log(x) ** 2)  # noqa: E731
    g, cuts = stretched_tail(f, ctx.e, ctx)
    assert abs(integral_reference(g, -ctx.inf, ctx.inf, ctx, cuts) - 1) < ctx.mpf(10) ** -98


def test_a_tail_too_slow_for_any_rule_is_refused():
    """1/(x ln x (ln ln x)^2) integrates to 1/ln ln x, but falls only like 1/y^2 in
    y = ln ln x: no value, an error that says why."""
    ctx = new_context(30)
    f = lambda x: 1 / (x * ctx.log(x) * ctx.log(ctx.log(x)) ** 2)  # noqa: E731
    with pytest.raises(NumericError, match="falls too slowly"):
        stretched_tail(f, ctx.mpf(100), ctx)


def test_a_fast_tail_is_left_to_the_callers_rule():
    ctx = new_context(30)
    assert stretched_tail(lambda x: x**-2, ctx.mpf(10), ctx) is None
    assert stretched_tail(lambda x: ctx.exp(-x), ctx.mpf(10), ctx) is None
