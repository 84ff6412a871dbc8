"""engine/opaque.py: a difference that rests on values SymPy cannot see is sent to the
numeric check without ``sp.simplify`` (which cannot show it), and nothing is lost: what
simplify can still show is tried, wrong steps are still caught, and the check says
``numeric``."""

import pytest
import sympy as sp

from symbolic_info.engine import symbolic_zero
from symbolic_info.engine.opaque import cannot_cancel, is_opaque, opaque_atoms
from symbolic_info.engine.symbolic_zero import symbolically_zero
from symbolic_info.engine.verify import check_step
from symbolic_info.families.base import Minimum
from symbolic_info.numeric.quadrature import Density
from symbolic_info.symbolic.expectation import Expect

P = sp.Symbol("P")
X = sp.Symbol("x", positive=True)
XR = sp.Symbol("x", real=True)
LAM = sp.Symbol("lambda", positive=True)
K = sp.Symbol("k", positive=True)
EXPONENTIAL = {P: Density(X, sp.log(LAM) - LAM * X, (0, sp.oo), (1 / LAM,))}
POINTS = [{LAM: sp.Rational(3, 2)}, {LAM: sp.Rational(1, 10**30)}, {LAM: 10**40}]


@pytest.fixture
def simplify_calls(monkeypatch):
    """Every expression ``symbolic_zero`` hands to ``sp.simplify``."""
    seen = []
    real = sp.simplify

    def recording(expr, *args, **kwargs):
        seen.append(expr)
        return real(expr, *args, **kwargs)

    monkeypatch.setattr(symbolic_zero.sp, "simplify", recording)
    return seen


# --- which nodes are opaque -------------------------------------------------------------

def test_expectations_and_numeric_only_nodes_are_opaque_sympy_functions_are_not():
    assert is_opaque(Expect(X, P))
    assert is_opaque(Minimum(X, LAM))  # evaluated only by the numeric evaluator
    assert not is_opaque(sp.gamma(K)) and not is_opaque(sp.log(X))
    assert not is_opaque(sp.Derivative(sp.Function("f")(X), X))


def test_opaque_atoms_are_the_outermost_ones():
    inner = Expect(Minimum(XR, 1), P)
    assert opaque_atoms(3 * inner + Expect(XR, P) + sp.gamma(K)) == sorted(
        [inner, Expect(XR, P)], key=sp.default_sort_key)


# --- cannot_cancel: the test of hopelessness -----------------------------------------------

def test_a_value_claimed_for_an_expectation_cannot_cancel():
    # E[X] = 1/lambda is a fact about the density: no rewrite of the formula shows it
    assert cannot_cancel(LAM * Expect(X, P) - 1, POINTS[0])
    # with digamma and Gamma constants around it, and at a huge parameter
    assert cannot_cancel((K - 1) * Expect(sp.log(X), P) - (K - 1) * sp.digamma(K)
                         + sp.loggamma(K), {K: sp.Integer(10) ** 40})


@pytest.mark.parametrize("diff", [
    Expect(X, P) - Expect(X, P),                                  # cancels outright
    sp.Mul(LAM + 1, Expect(X, P), evaluate=False) - LAM * Expect(X, P) - Expect(X, P),
    (sp.sin(LAM) ** 2 + sp.cos(LAM) ** 2 - 1) * Expect(X, P),     # 0 for every value of E[X]
    Expect(sp.log(XR**2), P) - Expect(2 * sp.log(XR), P),         # equal integrands for x > 0
])
def test_anything_simplify_might_still_show_is_left_to_it(diff):
    assert not cannot_cancel(diff, {LAM: sp.Rational(3, 2)} if LAM in diff.free_symbols
                             else {})


def test_without_a_point_or_an_opaque_atom_the_test_says_no():
    assert not cannot_cancel(LAM * Expect(X, P) - 1, None)
    assert not cannot_cancel(sp.gamma(LAM) - 1, POINTS[0])  # SymPy's own functions: simplify
    assert not cannot_cancel(Expect(X, P) - LAM, {})        # lambda has no value


def test_an_atom_with_a_property_no_random_number_has_is_left_alone():
    class Whole(sp.Function):
        is_integer = True

        @staticmethod
        def _mpmath_compile_(node, build, ctx):
            return lambda v: ctx.one

    assert not cannot_cancel(Whole(LAM) - sp.Rational(1, 2), POINTS[0])


# --- symbolically_zero and check_step ----------------------------------------------------

def test_hopeless_differences_never_reach_simplify(simplify_calls):
    """Fails on the old code: there every such difference went through sp.simplify."""
    assert not symbolically_zero(LAM * Expect(X, P) - 1, [X], POINTS[0])
    assert simplify_calls == []


def test_simplify_still_proves_what_it_can(simplify_calls):
    diff = (sp.sin(LAM) ** 2 + sp.cos(LAM) ** 2 - 1) * Expect(X, P)
    assert symbolically_zero(diff, [X], POINTS[0])
    assert simplify_calls  # the coefficient vanishes: simplify was asked, and showed it
    c = check_step(sp.sin(LAM) ** 2 * Expect(X, P), (1 - sp.cos(LAM) ** 2) * Expect(X, P),
                   POINTS, EXPONENTIAL, 30)
    assert (c.method, c.ok) == ("symbolic", True)


def test_a_true_expectation_step_is_checked_numerically_and_says_so(simplify_calls):
    c = check_step(LAM * Expect(X, P) - sp.log(LAM), 1 - sp.log(LAM), POINTS, EXPONENTIAL, 30)
    assert (c.method, c.ok) == ("numeric", True) and c.agree_digits >= 27
    assert len(c.points) == 3 and simplify_calls == []


@pytest.mark.parametrize("wrong", [
    1 - sp.log(LAM) + sp.Rational(1, 10**20),   # off in the 20th digit
    2 - sp.log(LAM),                            # E[X] = 2/lambda
    -sp.log(LAM),                               # E[X] forgotten
])
def test_a_wrong_expectation_step_is_still_caught(wrong):
    """Negative control: skipping simplify never turns a wrong step into a passing one."""
    c = check_step(LAM * Expect(X, P) - sp.log(LAM), wrong, POINTS, EXPONENTIAL, 30)
    assert c.method == "numeric" and not c.ok


# --- kept pmf sums (DiscreteSum up to n or oo) ----------------------------------------------

N = sp.Symbol("n", integer=True, positive=True)
PR = sp.Symbol("p", positive=True)
KK = sp.Symbol("k", integer=True, nonnegative=True)
BINOMIAL_PMF = sp.binomial(N, KK) * PR**KK * (1 - PR) ** (N - KK)
BINOMIAL_POINTS = [{N: sp.Integer(7), PR: sp.Rational(3, 10)},
                   {N: sp.Integer(40), PR: sp.Rational(1, 10**6)},
                   {N: sp.Integer(3), PR: sp.Rational(999, 1000)}]


def test_a_kept_sum_is_opaque_a_sum_that_doit_writes_out_is_not():
    from symbolic_info.symbolic.sums import DiscreteSum

    assert is_opaque(DiscreteSum(KK * BINOMIAL_PMF, (KK, 0, N)))
    assert is_opaque(DiscreteSum(PR ** KK, (KK, 0, sp.oo)))
    assert not is_opaque(DiscreteSum(KK * PR ** KK, (KK, 0, 5)))   # written out by doit
    assert not is_opaque(sp.Sum(KK * PR ** KK, (KK, 0, N)))       # SymPy may sum it


def test_a_value_claimed_for_a_kept_sum_cannot_cancel():
    from symbolic_info.symbolic.sums import DiscreteSum

    mean = DiscreteSum(KK * BINOMIAL_PMF, (KK, 0, N))
    assert cannot_cancel(mean - N * PR, BINOMIAL_POINTS[0])
    geometric = DiscreteSum((1 - PR) ** KK * PR, (KK, 0, sp.oo))
    assert cannot_cancel(geometric - 1, {PR: sp.Rational(1, 3)})


def test_kept_sums_simplify_might_still_show_equal_are_left_to_it():
    from symbolic_info.symbolic.sums import DiscreteSum

    point = BINOMIAL_POINTS[0]
    a = DiscreteSum(BINOMIAL_PMF * sp.log(PR**KK), (KK, 0, N))
    b = DiscreteSum(BINOMIAL_PMF * KK * sp.log(PR), (KK, 0, N))
    assert not cannot_cancel(a - b, point)                       # equal summands, one range
    zero = DiscreteSum(sp.log(PR**KK) - KK * sp.log(PR), (KK, 0, N))
    assert not cannot_cancel(zero - N * PR + N * PR * zero, point)  # a summand that is 0
    other_range = DiscreteSum(BINOMIAL_PMF * KK * sp.log(PR), (KK, 1, N))
    assert cannot_cancel(a - other_range - 1, point)             # no rule joins these


def test_a_hopeless_sum_step_skips_simplify_and_is_checked_numerically(simplify_calls):
    """Fails on the old code: sp.simplify was called (0.2-0.7 s per entropy/binomial step)."""
    from symbolic_info.symbolic.sums import DiscreteSum

    lhs = DiscreteSum(KK * BINOMIAL_PMF, (KK, 0, N)) * sp.log(PR)
    c = check_step(lhs, N * PR * sp.log(PR), BINOMIAL_POINTS, {}, 30)
    assert (c.method, c.ok) == ("numeric", True) and len(c.points) == 3
    assert simplify_calls == []


@pytest.mark.parametrize("wrong", [
    N * PR * sp.log(PR) * (1 + sp.Rational(1, 10**25)),   # off in the 25th digit
    (N - 1) * PR * sp.log(PR),                            # the mean of k = 1..n miscounted
    N * (1 - PR) * sp.log(PR),                            # p and 1 - p swapped
])
def test_a_wrong_sum_step_is_still_caught(wrong):
    """Negative control: a kept sum's wrong value fails the numeric check."""
    from symbolic_info.symbolic.sums import DiscreteSum

    lhs = DiscreteSum(KK * BINOMIAL_PMF, (KK, 0, N)) * sp.log(PR)
    c = check_step(lhs, wrong, BINOMIAL_POINTS, {}, 30)
    assert c.method == "numeric" and not c.ok


# --- kept integrals (quadrature only: measures/custom_numeric.NumericIntegral) ---------------

T = sp.Symbol("t", real=True)


def kept(f, lo, hi):
    from symbolic_info.measures.custom_numeric import NumericIntegral

    return NumericIntegral(f, (T, lo, hi))


def test_a_kept_integral_is_opaque_sympys_integral_is_not():
    assert is_opaque(kept(sp.exp(-T**2), -sp.oo, 0))
    assert not is_opaque(sp.Integral(sp.exp(-T**2), (T, -sp.oo, 0)))


def test_a_value_claimed_for_kept_integrals_cannot_cancel_one_range_is_left_to_simplify():
    """Kept integrals over different ranges (a Laplace prior's pieces) are atoms no rewrite
    joins; two over one range SymPy might relate (a factor pulled out of one), so simplify
    is still tried there."""
    left, right = kept(sp.exp(T - T**2), -sp.oo, 0), kept(sp.exp(-T - T**2), 0, sp.oo)
    assert cannot_cancel(left + right - sp.Float("1.3", 30), {})
    twice = kept(2 * sp.exp(T - T**2), -sp.oo, 0)
    assert not cannot_cancel(twice - 2 * left + right - 1, {})


def test_a_hopeless_kept_integral_step_skips_simplify_and_is_checked_numerically(
        simplify_calls):
    """Fails on the old code: sp.simplify was called (0.19 s in the evidence step of
    information-gain with a Laplace prior)."""
    lhs = kept(sp.exp(-T**2), -sp.oo, 0) + kept(sp.exp(-T**2), 0, sp.oo)
    c = check_step(lhs, sp.sqrt(sp.pi), [{}], {}, 30)
    assert (c.method, c.ok) == ("numeric", True)
    assert simplify_calls == []


@pytest.mark.parametrize("wrong", [sp.sqrt(sp.pi) * (1 + sp.Rational(1, 10**25)),
                                   sp.sqrt(sp.pi) / 2, sp.sqrt(2 * sp.pi)])
def test_a_wrong_kept_integral_step_is_still_caught(wrong):
    """Negative control: a wrong value for two kept integrals fails the numeric check."""
    lhs = kept(sp.exp(-T**2), -sp.oo, 0) + kept(sp.exp(-T**2), 0, sp.oo)
    c = check_step(lhs, wrong, [{}], {}, 30)
    assert c.method == "numeric" and not c.ok


def test_the_same_expression_on_both_sides_is_symbolic_undefined_ones_are_not():
    """A definition stated as a step (information-gain's first) is identical on both
    sides: shown without assumption queries on its kept integrals; nan = nan is not."""
    both = kept(sp.exp(-T**2), -sp.oo, sp.oo)
    c = check_step(both, both, [{}], {}, 30)
    assert (c.method, c.ok) == ("symbolic", True)
    assert not check_step(sp.nan, sp.nan, [{}], {}, 30).ok
