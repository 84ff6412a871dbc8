"""Guard digits for a log-density whose long terms cancel (numeric/cancellation.py).

The expected values come from the normal limit of the Beta law, not from its closed form:
Beta(a, a) has variance 1/(4 (2a + 1)) and its entropy is that of the normal with this
variance plus O(1/a) (the Laplace approximation of the density at its mode, de Bruijn,
*Asymptotic Methods in Analysis*, 1958, ch. 4), 10^-100 at a = 10^100.
"""

import sympy as sp

from symbolic_info.families import FAMILIES
from symbolic_info.numeric.cancellation import guarded, lost_digits
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.quadrature import differential_entropy

A = sp.Integer(10) ** 100
Y = sp.Symbol("y", positive=True)


def beta_limit(ctx):
    """½ ln(2 pi e sigma^2), sigma^2 = 1/(4 (2a + 1)): h of Beta(a, a) up to O(1/a)."""
    a = ctx.mpf(A)
    return ctx.log(2 * ctx.pi * ctx.e / (4 * (2 * a + 1))) / 2


def test_the_loss_of_a_cancelling_sum_is_measured():
    parts = [A * sp.log(1 + Y) - A * Y]  # -10^100 y^2/2: 100 digits cancel at y = 10^-50
    ctx = new_context(130)
    assert 95 <= lost_digits(parts, Y, [ctx.mpf("1e-50")], ctx) <= 105
    assert ctx.dps == 130  # the context keeps its precision
    low = new_context(30)  # no digit right at 30: the most 101-digit inputs can cancel
    assert lost_digits(parts, Y, [low.mpf("1e-50")], low) >= 100


def test_nothing_is_measured_for_short_inputs_or_a_sum_that_does_not_cancel():
    ctx = new_context(30)
    assert lost_digits([3 * sp.log(1 + Y) - 3 * Y], Y, [ctx.mpf("1e-5")], ctx) == 0
    assert lost_digits([A * Y], Y, [ctx.mpf(2)], ctx) == 0


def test_a_guarded_part_is_right_where_the_plain_one_is_noise():
    ctx = new_context(30)
    parts = [A * sp.log(1 + Y) - A * Y]
    y = ctx.mpf("1e-50")
    want = -ctx.mpf(10) ** 100 * y**2 / 2  # the series' first term; the next is 10^-50 of it
    (plain,) = guarded(parts, Y, 0, ctx)(y)
    (good,) = guarded(parts, Y, 110, ctx)(y)
    assert abs(good - want) < ctx.mpf(10) ** -25 * abs(want)
    assert not abs(plain - want) < ctx.mpf(10) ** -25 * abs(want)  # the old evaluation


def test_the_beta_entropy_at_1e100_is_right_at_its_working_precision():
    """Before the guard, one quadrature at 70 digits had 100 digits of noise in ln f: it ran to
    its finest level and returned a value the precision loop had to redo at 180 digits."""
    beta = FAMILIES["beta"]
    density = beta.density().at({beta.symbol("alpha"): A, beta.symbol("beta"): A})
    ctx = new_context(70)
    got = differential_entropy(density, ctx)
    want = beta_limit(new_context(120))
    assert abs(got - want) < ctx.mpf(10) ** -60 * abs(want)
    wrong = want * (1 + ctx.mpf(10) ** -55)  # negative control: a value off at 10^-55
    assert not abs(got - wrong) < ctx.mpf(10) ** -60 * abs(want)
