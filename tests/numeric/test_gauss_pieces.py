"""Gauss-Legendre cells of exp(quadratic) between kinks (numeric/gauss_pieces.py) against
values coded here: the Laplace-normal posterior's normaliser and entropy by hand (erfc of
each completed square, DLMF 7.2.1), a truncated normal by mpmath's quad on the density as
written (scaled to size 1: quad stops on an absolute error), and tail bounds against the
tails they bound."""

import math

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric.gauss_pieces import branch_integrals, tail_bound

mu = sp.Symbol("mu", real=True)


def ctx_at(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def laplace_normal_by_hand(w):
    """Z = int e^{-|mu| - (1/2 - mu)^2/2} dmu by hand: the exponent is -(mu + 1/2)^2/2 on
    mu > 0 and -(mu - 3/2)^2/2 + 1 on mu < 0, each half an erfc (DLMF 7.2.1)."""
    r2 = w.sqrt(2)
    right = w.sqrt(w.pi / 2) * w.erfc((w.mpf(1) / 2) / r2)
    left = w.e * w.sqrt(w.pi / 2) * w.erfc((w.mpf(3) / 2) / r2)
    return right + left


def test_laplace_normal_normaliser_at_300_digits_and_a_wrong_one_refused():
    log_g = -sp.Abs(mu) - (sp.Rational(1, 2) - mu) ** 2 / 2
    ctx = ctx_at(300)
    top, (mass,) = branch_integrals(log_g, mu, -sp.oo, sp.oo, [0], [], 300, ctx)
    ours = mass * ctx.exp(top)
    w = ctx_at(330)
    truth = laplace_normal_by_hand(w)
    assert abs(ours - truth) < w.mpf(10) ** -298 * truth
    wrong = truth * (1 + w.mpf(10) ** -290)  # negative control
    assert not abs(ours - wrong) < w.mpf(10) ** -298 * truth


def test_the_second_factor_is_the_log_density():
    """S_1 / S_0 = E[ln g] under the normalised g: the entropy ln Z - E ln g of a normal
    N(0, 1) cut at nothing (one piece) is (1 + ln 2 pi)/2."""
    log_g = -mu**2 / 2
    ctx = ctx_at(100)
    top, (s0, s1) = branch_integrals(log_g, mu, -sp.oo, sp.oo, [], [log_g], 100, ctx)
    h = top + ctx.log(s0) - s1 / s0
    assert abs(h - (1 + ctx.log(2 * ctx.pi)) / 2) < ctx.mpf(10) ** -98


def test_a_finite_support_with_the_mode_outside():
    """A uniform(0, 10) prior under normal(mu, 1) observed at 13: mass of e^{-(13 - mu)^2/2}
    on [0, 10] against quad of the density as written (times e^{4.5}, size about 1)."""
    log_g = -(13 - mu) ** 2 / 2
    ctx = ctx_at(120)
    top, (mass,) = branch_integrals(log_g, mu, 0, 10, [], [], 120, ctx)
    w = ctx_at(200)
    truth = w.quad(lambda t: w.exp(-(13 - t) ** 2 / 2 + 4.5), [0, 9, 9.9, 10]) * w.exp(-4.5)
    assert abs(mass * ctx.exp(top) - truth) < w.mpf(10) ** -118 * truth


@pytest.mark.parametrize("log_g, factors", [
    (mu**2, []),                                       # grows
    (-mu, []),                                         # no decay at -oo
    (-mu**2, [sp.log(mu**2 + 1)]),                     # a factor that is not a polynomial
])
def test_other_shapes_are_refused(log_g, factors):
    assert branch_integrals(log_g, mu, -sp.oo, sp.oo, [], factors, 30, ctx_at(30)) is None


def test_tail_bound_is_above_the_tail():
    """int_T^oo e^{L} (1 + y^2) for L = -y^2/2 at T = 5 against its bound."""
    w = ctx_at(40)
    tail = w.quad(lambda y: w.exp(-y * y / 2) * (1 + y * y), [5, w.inf])
    bound = tail_bound(-12.5, 5.0, [1, 0, 1], 5.0)
    assert math.log(float(tail)) < bound < math.log(float(tail)) + 6


def test_a_negligible_side_of_the_kink_adds_nothing():
    """Observed at 40: the side mu < 0 holds e^-800 of the mass, below 50 digits; its piece
    has no cell and the normaliser still matches the hand erfc form
    (-(mu - 39)^2/2 - 79/2 on mu > 0, -(mu - 41)^2/2 + 81/2 on mu < 0)."""
    log_g = -sp.Abs(mu) - (40 - mu) ** 2 / 2
    ctx = ctx_at(50)
    top, (mass,) = branch_integrals(log_g, mu, -sp.oo, sp.oo, [0], [], 50, ctx)
    w = ctx_at(80)
    right = w.sqrt(w.pi / 2) * w.erfc(-39 / w.sqrt(2)) * w.exp(-w.mpf(79) / 2)
    left = w.sqrt(w.pi / 2) * w.erfc(41 / w.sqrt(2)) * w.exp(w.mpf(81) / 2)
    truth = right + left
    assert abs(mass * ctx.exp(top) - truth) < w.mpf(10) ** -48 * truth
