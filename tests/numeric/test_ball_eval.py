"""numeric/ball_eval.py: enclosures on complex balls and the certificate of analyticity,
against mpmath at points inside each ball (values coded here)."""

import math

import mpmath
import pytest
import sympy as sp
from flint import acb, arb

from symbolic_info.numeric.ball_eval import compile_ball
from symbolic_info.numeric.context import NumericError

X = sp.Symbol("x")
CASES = [
    (sp.log(X**2 + 1), lambda z: mpmath.log(z**2 + 1)),
    (X ** sp.Rational(3, 2) * sp.exp(-X), lambda z: z**1.5 * mpmath.exp(-z)),
    (-X**2 / 2000000 + sp.log(sp.sqrt(2) / (2000 * sp.sqrt(sp.pi))),
     lambda z: -z**2 / 2000000 + mpmath.log(mpmath.sqrt(2) / (2000 * mpmath.sqrt(mpmath.pi)))),
    (sp.Float("1e-400") * X, lambda z: mpmath.mpf("1e-400") * z),
]


@pytest.mark.parametrize("k", range(len(CASES)))
def test_the_ball_holds_the_value_at_points_inside_it(k):
    expr, exact = CASES[k]
    evaluate = compile_ball(expr, X)
    centre, radius = mpmath.mpc(3, 1), 0.25
    ball = acb(arb(3, radius), arb(1, radius))
    value, ok = evaluate(ball)
    assert ok
    mpmath.mp.dps = 30
    try:
        for j in range(16):
            z = centre + radius * 0.99 * mpmath.expjpi(mpmath.mpf(j) / 8)
            v = exact(z)
            assert value.real.contains(arb(str(v.real))) or abs(v.real) < 1e-390
            assert value.imag.contains(arb(str(v.imag))) or abs(v.imag) < 1e-390
    finally:
        mpmath.mp.dps = 15
    assert value.real.rad() < 1  # an enclosure of use, not the whole line


def test_a_tiny_constant_is_not_rounded_to_zero():
    """1e-400 went through a float and became 0 before (then a flat law's h)."""
    value, ok = compile_ball(sp.Float("1e-400") * X, X)(acb(1))
    assert ok and value.real > 0 and value.real < arb("1.0001e-400")


def test_the_cut_certificate():
    """log and a fractional power refuse a ball that meets (-oo, 0]; a reciprocal too;
    the arcs of a circle around the zero i of x^2 + 1 do not all pass (the argument
    principle: u(circle) must wind around 0, so it crosses the cut)."""
    assert not compile_ball(sp.log(X), X)(acb(arb(-2, 0.1), 0))[1]
    assert not compile_ball(sp.sqrt(X), X)(acb(arb(0, 0.5), arb(0, 0.5)))[1]
    assert not compile_ball(1 / X, X)(acb(arb(0, 0.5), 0))[1]
    assert compile_ball(sp.log(X), X)(acb(arb(2, 0.1), arb(-1, 0.1)))[1]
    evaluate = compile_ball(sp.log(X**2 + 1), X)
    results = []
    for j in range(64):
        phi = arb(math.pi) * (arb(j) / 32 + arb(0, 1 / 64))
        z = acb(0, 1) + acb(0.5) * (acb(0, 1) * phi).exp()
        results.append(evaluate(z)[1])
    assert not all(results)


def test_a_function_without_a_ball_rule_is_refused():
    with pytest.raises(NumericError, match="cannot be bounded"):
        compile_ball(sp.erf(X), X)
