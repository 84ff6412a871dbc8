"""Densities with a kink that reaches zero at an end of the support (the triangular law).

The reviewer's finding A4 (session 10): the textbook triangular density ``1 - |x|`` on
``[-1, 1]`` had its value right but was NOT VERIFIED, because the step check's integrand
``f ln f`` became ``0 * ln 0`` next to ``x = -1`` (``|y - 1|`` rounded to 1).  Expected values
here are computed independently: closed forms from the definition (``h = 1/2`` for the
triangular law on ``[-1, 1]``; its KL from ``uniform(-1, 1)`` is ``ln 2 - 1/2``) and the
quantised entropy as an exact sum over cells of the triangle's CDF.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info import derive
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.piece_signs import settle_signs
from symbolic_info.numeric.quadrature import Density, expectation


def close(value: str, truth, digits: int = 48) -> bool:
    ctx = mpmath.MPContext()
    ctx.dps = 60
    return abs(ctx.mpf(value) - truth) <= ctx.mpf(10) ** -digits * max(1, abs(truth))


@pytest.mark.parametrize("density", ["1 - abs(x) on [-1, 1]", "1 - abs(x - 1) on [0, 2]"])
def test_triangular_entropy_is_verified(density):
    d = derive("entropy", X=density)
    assert d.verified, d.verification
    assert close(d.value, mpmath.mpf(1) / 2)


def test_triangular_against_uniform_kl_is_verified():
    d = derive("kl", P="1 - abs(x) on [-1, 1]", Q="uniform(-1, 1)")
    assert d.verified, d.verification
    ctx = mpmath.MPContext()
    ctx.dps = 60
    assert close(d.value, ctx.log(2) - ctx.mpf(1) / 2)


def test_triangular_quantised_entropy_is_verified_and_right():
    d = derive("quantised-entropy", X="1 - abs(x) on [-1, 1]", delta="1/3")
    assert d.verified, d.verification
    # cell masses from the CDF (1 + x)^2 / 2 on [-1, 0]: 1/18, 3/18, 5/18, twice
    ctx = mpmath.MPContext()
    ctx.dps = 60
    truth = -2 * sum(ctx.mpf(k) / 18 * ctx.log(ctx.mpf(k) / 18) for k in (1, 3, 5))
    assert close(d.value, truth)


# --- the rule itself --------------------------------------------------------------------------

Y = sp.Symbol("y", positive=True)


def test_a_root_inside_the_piece_is_left_alone():
    ctx = new_context(30)
    kinked = sp.Abs(Y - sp.Rational(1, 3))
    assert settle_signs(kinked, Y, "finite", ctx.mpf(1) / 2, ctx) == kinked
    assert settle_signs(sp.Abs(Y - 2), Y, "tail", ctx.one, ctx) == sp.Abs(Y - 2)


def test_a_root_at_or_beyond_an_end_gives_the_sign_on_the_piece():
    ctx = new_context(30)
    third = sp.Rational(1, 3)
    assert settle_signs(sp.Abs(Y - third), Y, "finite", ctx.mpf(1) / 3, ctx) == third - Y
    assert settle_signs(sp.Abs(Y - third), Y, "finite", ctx.mpf(1) / 4, ctx) == third - Y
    assert settle_signs(sp.Abs(Y + 2), Y, "tail", ctx.one, ctx) == Y + 2
    assert settle_signs(sp.sign(Y - 5), Y, "finite", ctx.one, ctx) == -1
    assert settle_signs(sp.Heaviside(Y - 5), Y, "finite", ctx.one, ctx) == 0
    assert settle_signs(sp.Heaviside(5 - Y), Y, "finite", ctx.one, ctx) == 1


def test_a_kink_inside_a_piece_still_integrates_to_the_right_value():
    """No break at the kink (1/3 lies inside the piece [0, 1/2]): the sign must not be
    settled there, or ``E|X - 1/3|`` of a uniform law would come out as a wrong
    ``E[1/3 - X]`` on that piece.  Exact: 1/18 + 4/18 = 5/18."""
    x = sp.Symbol("x", real=True)
    uniform = Density(x, sp.Integer(0), (sp.Integer(0), sp.Integer(1)), ())
    ctx = new_context(30)
    value = expectation(uniform, sp.Abs(x - sp.Rational(1, 3)), ctx)
    assert abs(value - ctx.mpf(5) / 18) < ctx.mpf(10) ** -6
