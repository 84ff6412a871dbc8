"""The kept integral of ln t against a beta density, read from the expression as written."""

import mpmath
import sympy as sp

from symbolic_info.measures.beta_log_integral import BetaLogIntegral, beta_parts
from symbolic_info.numeric.context import compile_expr, new_context

T = sp.Symbol("t", positive=True)


def test_the_parts_are_read_from_the_factors():
    node = BetaLogIntegral(5 * T ** sp.Rational(-1, 2) * (1 - T) ** 3 * sp.log(T), (T, 0, 1))
    assert beta_parts(node) == (5, sp.Rational(-1, 2), 3)


def test_another_integrand_is_left_to_the_general_quadrature():
    """``exp(-t) ln t`` is not a beta shape: no parts, and the value is the general
    quadrature's (against mpmath's own at 30 digits; a value off by 10^-25 refused)."""
    node = BetaLogIntegral(sp.exp(-T) * sp.log(T), (T, 0, 1))
    assert beta_parts(node) is None
    assert beta_parts(BetaLogIntegral(T * sp.log(T) ** 2, (T, 0, 1))) is None
    got = compile_expr(node, [], new_context(30))()
    mp = mpmath.MPContext()
    mp.dps = 40
    want = mp.quad(lambda t: mp.exp(-t) * mp.log(t), [0, 1])
    assert abs(got - want) < mpmath.mpf(10) ** -30
    assert abs(got - want - mpmath.mpf(10) ** -25) > mpmath.mpf(10) ** -30
