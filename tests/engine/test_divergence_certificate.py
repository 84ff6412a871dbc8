"""Divergence certificates: a step claiming an integral or sum is +oo (engine/divergence.py).

The truths here are textbook facts checked independently: E[X^2] of a Cauchy law is
+oo (x^2/(pi(1+x^2)) -> 1/pi), the harmonic series diverges, while a normal's moments
and sum 1/k^2 are finite.
"""

import sympy as sp

from symbolic_info.engine.divergence import check_divergence, integral_tails, tail_verdict
from symbolic_info.engine.verify import check_step
from symbolic_info.measures.custom_numeric import NumericSeries
from symbolic_info.numeric.quadrature import Density
from symbolic_info.symbolic.expectation import Expect

x = sp.Symbol("x", real=True)
k = sp.Symbol("k", integer=True, positive=True)
P = sp.Symbol("P")
CAUCHY = {P: Density(x, -sp.log(sp.pi * (1 + x**2)), (-sp.oo, sp.oo))}
NORMAL = {P: Density(x, -x**2 / 2 - sp.log(2 * sp.pi) / 2, (-sp.oo, sp.oo))}


def test_cauchy_second_moment_is_certified_infinite():
    lhs = Expect(x**2, P) / 2 - Expect(sp.log(1 + x**2), P) - sp.log(sp.pi) / 2
    c = check_step(lhs, sp.oo, [{}], CAUCHY, 30)
    assert c.ok and c.method == "divergence"
    assert "1/|x|" in c.detail and "∞" in c.detail


def test_negative_control_convergent_integral_claimed_infinite_is_caught():
    c = check_step(Expect(x**2, P), sp.oo, [{}], NORMAL, 30)
    assert not c.ok and c.method == "divergence" and "finite" in c.detail


def test_divergence_the_other_way_is_caught():
    c = check_step(-Expect(x**2, P) + 1, sp.oo, [{}], CAUCHY, 30)
    assert not c.ok
    assert check_step(-Expect(x**2, P) + 1, -sp.oo, [{}], CAUCHY, 30).ok


def test_oo_minus_oo_is_not_verified():
    lhs = Expect(x**2, P) - Expect(x**4 / (1 + x**2), P)
    assert not check_step(lhs, sp.oo, [{}], CAUCHY, 30).ok


def test_harmonic_series_and_p_series():
    harmonic = sp.Sum(1 / k, (k, 1, sp.oo))
    assert check_divergence(harmonic, sp.oo, [{}], {}, 30).ok
    assert not check_divergence(sp.Sum(1 / k**2, (k, 1, sp.oo)), sp.oo, [{}], {}, 30).ok
    basel = NumericSeries(1 / k**2, (k, 1, sp.oo))  # a sum the evaluator can add up
    c = check_divergence(basel, sp.oo, [{}], {}, 30)
    assert not c.ok and c.method == "divergence"


def test_slow_divergence_is_not_claimed_either_way():
    # 1/(x ln x) diverges more slowly than 1/x: no certificate, but never "finite"
    h = 1 / (x * sp.log(x))
    assert tail_verdict(h, x, 1).kind == "unknown"
    assert not check_divergence(sp.Integral(h, (x, 3, sp.oo)), sp.oo, [{}], {}, 30).ok


def test_tails_of_both_sides():
    assert integral_tails(sp.Abs(x) / (1 + x**2), x, -sp.oo, sp.oo).kind == "diverges"
    assert integral_tails(1 / (1 + x**2), x, -sp.oo, sp.oo).kind == "converges"
    assert integral_tails(x**3 * sp.exp(-x), x, 0, sp.oo).kind == "converges"


def test_not_a_divergence_claim():
    assert check_divergence(Expect(x**2, P), sp.Integer(1), [{}], NORMAL, 30) is None
    assert check_divergence(sp.Integer(3), sp.oo, [{}], {}, 30) is None
