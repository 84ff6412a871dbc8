"""The trapezoidal rule on a circle for divergences between Cauchy laws (numeric/periodic.py).

Truths from the closed form of Chyzak & Nielsen, "A closed-form formula for the
Kullback-Leibler divergence between Cauchy distributions" (2019), eq. (1), written here in
mpmath at twice the digits, and ``H(P, Q) = h(P) + D(P||Q)`` with ``h(P) = ln(4 pi gamma)``
(Cover & Thomas, 2nd ed., Table 17.1).
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.periodic import cauchy_divergence, midway, periodic_trapezoid

R = sp.Rational
X = sp.Symbol("x", real=True)


def log_cauchy(x0, g):
    return -sp.log(sp.pi * g) - sp.log(1 + ((X - x0) / g) ** 2)


def truth(x1, g1, x2, g2, dps, cross=False):
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps + 20
    x1, g1, x2, g2 = (ctx.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in (x1, g1, x2, g2))
    kl = ctx.log(((g1 + g2) ** 2 + (x1 - x2) ** 2) / (4 * g1 * g2))
    return kl + ctx.log(4 * ctx.pi * g1) if cross else kl


def value(x1, g1, x2, g2, dps, cross=False):
    ctx = new_context(dps)
    return cauchy_divergence(log_cauchy(x1, g1), log_cauchy(x2, g2), X, (x1, g1), (x2, g2),
                             cross, ctx)


PAIRS = [
    (R(1064, 1000), R(1042, 1000), R(-1589, 1000), R(1579, 1000)),  # P's own circle: width 0.16
    (R(0), R(1), R(1, 3), R(7, 2)),
    (R(10**30), R(1), R(10**30) + 2, R(5, 3)),  # far from 0: x(u) substituted exactly
    (R(-3, 1000), R(1, 1000), R(0), R(1, 100)),  # narrow laws, 3 of P's scales apart
]


@pytest.mark.parametrize("cross", [False, True])
@pytest.mark.parametrize("pair", PAIRS)
def test_divergence_on_the_circle_to_every_digit(pair, cross):
    dps = 300
    got = value(*pair, dps, cross)
    assert got is not None
    want = truth(*pair, dps, cross)
    assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** -(dps - 2)


def test_nearly_equal_laws_keep_their_relative_digits():
    """D is about 10^-80 when the scales differ by 10^-40: p (r - 1 - ln r) and the extra
    digits keep every relative digit (p ln(p/q) would cancel 40 of them)."""
    pair = (R(1, 3), R(2), R(1, 3), R(2) * (1 + R(1, 10**40)))
    got, want = value(*pair, 100), truth(*pair, 100)
    assert want < mpmath.mpf(10) ** -79
    assert abs(got - want) <= want * mpmath.mpf(10) ** -98


def test_a_strip_too_narrow_for_the_cap_is_left_to_the_quadrature():
    # scales 10^8 apart: the circle would need about 10^10 nodes at 100 digits
    assert value(R(0), R(1), R(0), R(10**8), 100) is None


def test_laws_far_apart_for_their_scales_are_left_to_the_quadrature():
    # P at 10^30 with scale 10^-30 against Cauchy(0, 1): the Cayley image of Q's pole rounds
    # to the unit circle (it raised a float division by zero)
    assert value(R(10**30), R(1, 10**30), R(0), R(1), 50, True) is None
    assert midway((mpmath.mpf(10) ** 30, mpmath.mpf(10) ** -30), (0, 1))[2] == 0


def test_a_wrong_circle_for_the_entropy_is_refused():
    """Negative control: P's declared pole (0, 1) while its density is Cauchy(0, 2): not
    uniform on that circle, so h(P) is not taken from it (the KL needs no uniform P)."""
    ctx = new_context(60)
    args = (log_cauchy(0, 2), log_cauchy(1, 3), X, (0, 1), (1, 3))
    assert cauchy_divergence(*args, True, ctx) is None
    kl = cauchy_divergence(*args, False, ctx)
    assert abs(kl - truth(0, 2, 1, 3, 60)) < mpmath.mpf(10) ** -58


def test_a_missed_peak_is_caught_by_the_mass_check():
    """Negative control: a Q far narrower than the circle's node spacing (a pole declared
    wide, so the circle is placed as if Q were wide) has mass far from 1 on the nodes."""
    ctx = new_context(30)
    got = cauchy_divergence(log_cauchy(0, 1), log_cauchy(0, R(1, 10**12)), X, (0, 1), (0, 1),
                            False, ctx)
    assert got is None


def test_midway_puts_both_poles_equally_far():
    """The centre c + i w is as far (hyperbolic distance: cosh d = 1 + |z - z'|^2/(2 Im z Im z'))
    from both poles, here 1 + 2i between i and 3 + 2i; two equal laws keep their own circle."""
    a, b, width = midway((mpmath.mpf(0), mpmath.mpf(1)), (mpmath.mpf(3), mpmath.mpf(2)))
    centre = complex(a, b)

    def cosh_distance(z):
        return 1 + abs(z - centre) ** 2 / (2 * z.imag * centre.imag)

    assert cosh_distance(1j) == pytest.approx(cosh_distance(3 + 2j), rel=1e-5)
    assert width > 0.3
    assert midway((mpmath.mpf(0), mpmath.mpf(1)), (mpmath.mpf(0), mpmath.mpf(1)))[:2] == (0, 1)


def test_the_rule_stops_where_the_error_has_squared():
    ctx = new_context(50)
    (v,), n = periodic_trapezoid(lambda u: (ctx.exp(ctx.cos(u)),), 0, 2 * ctx.pi, ctx, 4096)
    assert abs(v - 2 * ctx.pi * ctx.besseli(0, 1)) < ctx.mpf(10) ** -49
    assert n <= 128
