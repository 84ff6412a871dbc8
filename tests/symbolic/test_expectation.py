"""symbolic/expectation.py: the Expect node and the linearity rule.

Each rewrite is checked structurally and, where it matters, numerically: both
sides are evaluated by quadrature under a normal distribution, so a rewrite
that changes the value (the negative controls) shows.
"""

import pytest
import sympy as sp

from symbolic_info.engine.numeric_sides import numeric_value
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.quadrature import Density
from symbolic_info.symbolic.expectation import Expect, apply_linearity, expectations_in

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
MU = sp.Symbol("mu", real=True)
SIGMA = sp.Symbol("sigma", positive=True)
P, Q = sp.Symbol("P"), sp.Symbol("Q")
NORMAL = {P: Density(X, -sp.log(2 * sp.pi) / 2 - sp.log(SIGMA) - (X - MU) ** 2 / (2 * SIGMA**2),
                     (-sp.oo, sp.oo), (MU - SIGMA, MU, MU + SIGMA))}
POINT = {MU: sp.Rational(1, 3), SIGMA: sp.Rational(3, 2), Y: sp.Rational(-2, 7)}


def same_value(a, b, dps=30) -> bool:
    """``a`` and ``b`` agree to ``dps - 3`` digits at POINT (expectations by quadrature)."""
    ctx = new_context(dps + 10)
    va, vb = (numeric_value(e, POINT, NORMAL, ctx) for e in (a, b))
    return abs(va - vb) <= abs(vb) * ctx.mpf(10) ** (3 - dps)


def test_expectation_of_a_constant_is_the_constant():
    assert apply_linearity(Expect(sp.Integer(3), P), X) == 3
    assert apply_linearity(Expect(MU * SIGMA, P), X) == MU * SIGMA
    assert apply_linearity(Expect(Y, P), X) == Y  # another variable is a constant under P


def test_scalar_multiples_leave_the_expectation():
    assert apply_linearity(Expect(SIGMA * X**2, P), X) == SIGMA * Expect(X**2, P)
    assert apply_linearity(Expect(-X / 2, P), X) == -Expect(X, P) / 2


def test_sums_split_into_expectations():
    e = Expect(3 + SIGMA * X + X**2 / SIGMA, P)
    want = 3 + SIGMA * Expect(X, P) + Expect(X**2, P) / SIGMA
    assert apply_linearity(e, X) == want
    assert same_value(e, want)


def test_linearity_inside_larger_expressions_and_several_expectations():
    e = sp.log(SIGMA) + 2 * Expect(X - MU, P) - Expect(1 + X**2, Q)
    got = apply_linearity(e, X)
    assert got == sp.log(SIGMA) + 2 * Expect(X, P) - 2 * MU - 1 - Expect(X**2, Q)
    assert expectations_in(got) == sorted([Expect(X, P), Expect(X**2, Q)],
                                          key=sp.default_sort_key)


def test_a_square_is_not_multiplied_out():
    """(x - mu)^2 is one term: linearity splits sums, it does not expand products."""
    e = Expect((X - MU) ** 2, P)
    assert apply_linearity(e, X) == e
    assert same_value(e, SIGMA**2)  # and its value is the variance


def test_products_of_the_variable_are_not_split():
    """Negative controls: E[x x] is not E[x] E[x], E[ln x^2] is not 2 ln E[x]."""
    e = Expect(X * X * SIGMA, P)
    assert apply_linearity(e, X) == SIGMA * Expect(X**2, P)
    assert not same_value(Expect(X**2, P), Expect(X, P) ** 2)  # 9/4 + 1/9 vs 1/9
    g = Expect(sp.log(1 + X**2), P)
    assert apply_linearity(g, X) == g


def test_wrong_linearity_would_be_seen_numerically():
    """Negative control for same_value: dropping the constant 3 changes the value."""
    e = Expect(3 + X**2, P)
    assert not same_value(e, Expect(X**2, P))
    assert same_value(e, 3 + Expect(X**2, P))


def test_expect_latex_names_the_distribution():
    tex = sp.latex(Expect(X**2, P))
    assert tex == r"\mathbb{E}_{P}\left[x^{2}\right]"
    assert "operatorname" not in sp.latex(SIGMA * Expect((X - MU) ** 2, Q) + 1)


@pytest.mark.parametrize("expr", [Expect(X, P), 2 * Expect(X, P) + Expect(X, P)])
def test_expectations_in_lists_each_once(expr):
    assert expectations_in(expr) == [Expect(X, P)]
