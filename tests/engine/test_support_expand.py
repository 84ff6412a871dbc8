"""engine/support_expand.py: logarithms under an expectation are split with what the support
guarantees (``1 - x > 0`` on ``(0, 1)``, ``b - a > 0`` for ``[a, b]``), never beyond it."""

import pytest
import sympy as sp

from symbolic_info.catalog import entry
from symbolic_info.engine.run import checked_steps
from symbolic_info.engine.support_expand import expand_on_supports
from symbolic_info.engine.symbolic_zero import symbolically_zero
from symbolic_info.engine.verify import check_step
from symbolic_info.numeric.quadrature import Density
from symbolic_info.symbolic.expectation import Expect

P = sp.Symbol("P")
X = sp.Symbol("x", real=True)
A, B = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)
LO, HI = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
UNIT = {P: Density(X, (A - 1) * sp.log(X) + (B - 1) * sp.log(1 - X) - sp.log(sp.beta(A, B)),
                   (0, 1), (sp.Rational(1, 2),))}
HALF_LINE = {P: Density(X, -X, (0, sp.oo), (1,))}
INTERVAL = {P: Density(X, -sp.log(HI - LO), (LO, HI), ((LO + HI) / 2,))}
BETA_POINTS = [{A: sp.Rational(3, 2), B: sp.Rational(5, 2)}, {A: sp.Rational(1, 3), B: 4},
               {A: 7, B: sp.Rational(2, 3)}]


def zero(diff, densities):
    return symbolically_zero(diff, [X], None, densities)


def test_the_beta_log_density_splits_on_the_unit_interval():
    pdf = X ** (A - 1) * (1 - X) ** (B - 1) / sp.beta(A, B)
    split = (A - 1) * sp.log(X) + (B - 1) * sp.log(1 - X) - sp.log(sp.gamma(A)) \
        - sp.log(sp.gamma(B)) + sp.log(sp.gamma(A + B))
    step = (-Expect(sp.log(pdf), P), -Expect(split, P))
    assert zero(step[0] - step[1], UNIT)
    c = check_step(*step, BETA_POINTS, UNIT, 30)
    assert (c.method, c.ok) == ("symbolic", True)


@pytest.mark.parametrize("name", ["entropy/beta", "kl/beta", "cross-entropy/beta",
                                  "entropy/triangular", "entropy/uniform"])
def test_take_the_logarithm_steps_of_bounded_supports_are_proved(name):
    """Fails on the old code: these steps were checked only numerically (six quadratures)."""
    e = entry(name)
    _, steps = checked_steps(e, e.structure({}))
    assert steps[0].check.method == "symbolic" and steps[0].check.ok


@pytest.mark.parametrize("wrong", [
    Expect(sp.log(X * (1 - X)), P) - Expect(sp.log(X), P) - 2 * Expect(sp.log(1 - X), P),
    Expect(sp.log((1 - X) ** 2), P) - 2 * Expect(sp.log(X - 1), P),
    Expect(sp.log(X**A), P) - (A + 1) * Expect(sp.log(X), P),
])
def test_a_wrong_split_is_not_shown(wrong):
    """Negative controls on the unit interval."""
    assert not zero(wrong, UNIT)


def test_nothing_is_assumed_beyond_the_support():
    """ln((1 - x)^2) = 2 ln(1 - x) holds on (0, 1) but not for x > 1."""
    diff = Expect(sp.log((1 - X) ** 2), P) - 2 * Expect(sp.log(1 - X), P)
    assert zero(diff, UNIT)
    assert not zero(diff, HALF_LINE)
    assert not zero(diff, {})


def test_the_width_of_a_support_is_positive_everywhere_in_the_step():
    diff = -sp.log(1 / (HI - LO)) - sp.log(HI - LO)
    assert zero(diff, INTERVAL)
    assert not zero(diff, {})  # b - a alone may be negative
    assert not zero(-sp.log(1 / (HI - LO)) + sp.log(HI - LO), INTERVAL)  # negative control


def test_a_wrong_step_on_a_bounded_support_is_still_caught_numerically():
    pdf = X ** (A - 1) * (1 - X) ** (B - 1) / sp.beta(A, B)
    wrong = (A - 1) * sp.log(X) + B * sp.log(1 - X) - sp.log(sp.beta(A, B))
    c = check_step(-Expect(sp.log(pdf), P), -Expect(wrong, P), BETA_POINTS, UNIT, 30)
    assert not c.ok


def test_expectations_of_unknown_labels_are_left_alone():
    q = sp.Symbol("Q")
    node = Expect(sp.log(X * (1 - X)), q)
    assert expand_on_supports(node, UNIT) == sp.expand(node)  # no more than a plain expansion


def test_an_inner_expectation_keeps_its_own_support():
    # x inside E_Q[...] ranges over Q's support (the real line), not P's (0, 1): splitting
    # ln(x^2) = 2 ln x there with P's positivity would "prove" a falsehood (reviewer's case)
    x, q = sp.Symbol("x", real=True), sp.Symbol("Q")
    densities = {P: Density(x, sp.Integer(0), (0, 1)),
                 q: Density(x, -x**2 / 2 - sp.log(2 * sp.pi) / 2, (-sp.oo, sp.oo))}
    nested = Expect(x * Expect(sp.log(x**2), q), P) - Expect(2 * x * Expect(sp.log(x), q), P)
    assert not symbolically_zero(nested, [x], None, densities)
    # control: the same split one level up, under P alone, is shown
    assert symbolically_zero(Expect(sp.log(x**2), P) - Expect(2 * sp.log(x), P), [x], None,
                             densities)
