"""symbolic/sums.py: DiscreteSum, series_sum and its tail bound, probability lists and tables.

Expected values are exact (Python integers and fractions) or closed forms of
the series evaluated with mpmath at more than twice the precision.
"""

import math
import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from symbolic_info.core import DerivationError
from symbolic_info.numeric.context import NumericError, evaluate, new_context
from symbolic_info.symbolic import sums
from symbolic_info.symbolic.sums import (
    MAX_TERMS,
    CellSymbol,
    DiscreteSum,
    K,
    probability_list,
    probability_table,
    random_with_support,
    series_sum,
    support,
    table_symbols,
    vector_symbols,
)

N = sp.Symbol("N", positive=True, integer=True)
S = sp.Symbol("s", positive=True)
LAM = sp.Symbol("lambda", positive=True)
P = sp.Symbol("p", positive=True)


def reference_context(dps: int) -> mpmath.MPContext:
    c = mpmath.MPContext()
    c.dps = 2 * dps + 10
    return c


def assert_digits(got, want, dps: int, lost: int = 3):
    c = want.context
    assert abs(c.mpf(got) - want) <= abs(want) * c.mpf(10) ** (lost - dps), (got, want)


# --- DiscreteSum: values ------------------------------------------------------------------------

def test_finite_sum_with_a_symbolic_limit_is_exact():
    ctx = new_context(30)
    got = evaluate(DiscreteSum(K**3 - 2 * K, (K, 1, N)), {N: 1000}, ctx)
    assert got == sum(k**3 - 2 * k for k in range(1, 1001))


@pytest.mark.parametrize("dps", [30, 100])
def test_binomial_sum_with_log_binomial_matches_exact_integers(dps):
    """sum C(n,k) p^k (1-p)^(n-k) ln C(n,k) for n = 40, p = 3/10: log-Gamma route vs math.comb."""
    n, p = 40, Fraction(3, 10)
    term = sp.binomial(N, K) * P**K * (1 - P) ** (N - K) * sp.log(sp.binomial(N, K))
    got = evaluate(DiscreteSum(term, (K, 0, N)), {N: n, P: sp.Rational(3, 10)}, new_context(dps))
    c = reference_context(dps)
    want = c.fsum(c.mpf(math.comb(n, k)) * c.mpf(p.numerator) ** k * c.mpf(7) ** (n - k)
                  / c.mpf(10) ** n * c.log(math.comb(n, k)) for k in range(n + 1))
    assert_digits(got, want, dps)


@pytest.mark.parametrize("dps", [30, 100])
def test_infinite_sums_against_closed_forms(dps):
    ctx, c = new_context(dps), reference_context(dps)
    # sum k^3 x^k = x (1 + 4x + x^2) / (1 - x)^4 (x = 1/2 gives 26)
    cubes = evaluate(DiscreteSum(K**3 * sp.Rational(1, 2) ** K, (K, 0, sp.oo)), {}, ctx)
    assert_digits(cubes, c.mpf(26), dps)
    # Poisson: sum k lambda^k e^-lambda / k! = lambda, sum lambda^k / k! = e^lambda
    pmf = LAM**K * sp.exp(-LAM) / sp.factorial(K)
    mean = evaluate(DiscreteSum(K * pmf, (K, 0, sp.oo)), {LAM: sp.Rational(37, 2)}, ctx)
    assert_digits(mean, c.mpf(37) / 2, dps)
    series = evaluate(DiscreteSum(LAM**K / sp.factorial(K), (K, 0, sp.oo)), {LAM: 3}, ctx)
    assert_digits(series, c.exp(3), dps)


def test_a_wrong_closed_form_is_told_apart():
    """Negative control: 26 + 10^-25 is not the sum of k^3 / 2^k at 30 digits."""
    ctx, c = new_context(30), reference_context(30)
    cubes = evaluate(DiscreteSum(K**3 * sp.Rational(1, 2) ** K, (K, 0, sp.oo)), {}, ctx)
    with pytest.raises(AssertionError):
        assert_digits(cubes, c.mpf(26) + c.mpf(10) ** -25, 30)


def test_non_integer_limits_are_refused():
    with pytest.raises(NumericError, match="integer limits"):
        evaluate(DiscreteSum(K, (K, 0, S)), {S: sp.Rational(1, 2)}, new_context(30))


# --- DiscreteSum: algebra -----------------------------------------------------------------------

def test_expand_pulls_out_constants_and_splits_terms():
    f, g = sp.Function("f"), sp.Function("g")
    s = DiscreteSum(S * f(K) + g(K), (K, 0, sp.oo)).expand()
    assert s == S * DiscreteSum(f(K), (K, 0, sp.oo)) + DiscreteSum(g(K), (K, 0, sp.oo))
    finite = DiscreteSum(3 + S * K, (K, 1, N)).expand()
    assert finite == 3 * N + S * DiscreteSum(K, (K, 1, N))


def test_short_sums_are_written_out_long_ones_stay():
    assert DiscreteSum(K**2, (K, 1, 5)).doit() == 55
    long = DiscreteSum(K**2, (K, 1, 100))
    assert long.doit() == long and isinstance(long.doit(), DiscreteSum)


def test_simplify_leaves_the_sum_alone():
    s = DiscreteSum(LAM**K * sp.exp(-LAM) / sp.factorial(K), (K, 0, sp.oo))
    assert sp.simplify(s) == s  # SymPy would otherwise try (for minutes) to sum it


def test_a_discrete_sum_prints_as_a_sum():
    s = DiscreteSum(P**K, (K, 0, sp.oo))
    assert sp.sstr(s) == "Sum(p**k, (k, 0, oo))"
    assert sp.latex(s) == sp.latex(sp.Sum(P**K, (K, 0, sp.oo)))


# --- series_sum: the tail bound -----------------------------------------------------------------

@pytest.mark.parametrize("ratio, dps", [(Fraction(1, 2), 30), (Fraction(1, 2), 100),
                                        (Fraction(9, 10), 30), (Fraction(9, 10), 100),
                                        (Fraction(99, 100), 30)])  # (99/100, 100): 1.4 s, same
def test_geometric_series_stops_with_an_honest_tail(ratio, dps):
    ctx, c = new_context(dps), reference_context(dps)
    r = ctx.mpf(ratio.numerator) / ratio.denominator
    got = series_sum(lambda k: r**k, 0, None, ctx)
    want = 1 / (1 - c.mpf(ratio.numerator) / ratio.denominator)
    assert abs(c.mpf(got) - want) <= want * 8 * c.mpf(2) ** -ctx.prec * (1 / (1 - c.mpf(r)))


@pytest.mark.parametrize("dps", [30])  # 80 digits (0.9 s) walked the same code
def test_poisson_moments_from_the_mode_outward(dps):
    """E[K] = lambda, E[K(K-1)] = lambda^2 for lambda = 1000: terms first grow for 1000 steps."""
    ctx, c = new_context(dps), reference_context(dps)
    lam = ctx.mpf(1000)

    def pmf(k):
        return ctx.exp(k * ctx.log(lam) - lam - ctx.loggamma(k + 1))

    from_mode = series_sum(lambda k: k * (k - 1) * pmf(k), 0, None, ctx, mode=1000)
    from_zero = series_sum(lambda k: k * pmf(k), 0, None, ctx)
    assert_digits(from_mode, c.mpf(1000) ** 2, dps)
    assert_digits(from_zero, c.mpf(1000), dps)


def test_a_slowly_converging_series_is_refused_not_truncated(monkeypatch):
    """Negative control: sum 1/k^2 has ratios -> 1 from below (increasing), so no geometric
    tail bound ever applies; the sum gives up rather than return a truncated value (at a
    cap of 2000 terms: the walk to the real cap, MAX_TERMS, took 4 s of CPU for the same
    branch)."""
    ctx = new_context(15)
    monkeypatch.setattr(sums, "MAX_TERMS", 2000)
    with pytest.raises(NumericError, match="more than 2000 terms"):
        series_sum(lambda k: ctx.one / (k * k), 1, None, ctx)


def test_finite_series_edges():
    ctx = new_context(30)
    assert series_sum(lambda k: ctx.one, 5, 4, ctx) == 0  # empty
    assert series_sum(lambda k: ctx.mpf(k), 1, 100, ctx) == 5050
    with pytest.raises(NumericError, match="more than"):
        series_sum(lambda k: ctx.one, 0, MAX_TERMS, ctx)


# --- probability lists and tables ---------------------------------------------------------------

@pytest.mark.parametrize(
    "text, reason",
    [
        ("1/2,1/3", "the entries sum to 5/6, not 1"),
        ("-1/2,3/2", "entry 1 = -1/2 is negative"),
        ("1/2,1/2,-0", None),  # -0 is 0: a valid list
        ("", "empty value"),
        ("1/2,a", "not a number"),
    ],
)
def test_probability_list_validation(text, reason):
    param = probability_list("p", "a pmf")
    if reason is None:
        assert param.parse(text) == (sp.Rational(1, 2), sp.Rational(1, 2), 0)
        return
    with pytest.raises(DerivationError) as info:
        param.parse(text)
    message = str(info.value)
    assert message.startswith("parameter p") and reason in message and "\n" not in message


@pytest.mark.parametrize(
    "value, reason",
    [
        ("[[1/2,-1/4],[1/2,1/4]]", "entry (1, 2) = -1/4 is negative"),
        ("[[1/4,1/4],[1/4,1/8]]", "sum to 7/8, not 1"),
        ("[[1/2],[1/4,1/4]]", "different lengths"),
        ([[Fraction(1, 2)], [Fraction(1, 4), Fraction(1, 4)]], "different lengths"),
        ("1/4,1/4,1/2", "write the table as"),
        ("[" + ",".join(["[1/13]"] * 13) + "]", "more than 12"),
    ],
)
def test_probability_table_validation(value, reason):
    with pytest.raises(DerivationError) as info:
        probability_table("pxy", "a joint pmf").parse(value)
    message = str(info.value)
    assert message.startswith("parameter pxy") and reason in message and "\n" not in message


def test_a_valid_table_keeps_its_zeros():
    m = probability_table("pxy", "a joint pmf").parse("[[1/4,1/4],[0,1/2]]")
    assert m == sp.Matrix([[sp.Rational(1, 4), sp.Rational(1, 4)], [0, sp.Rational(1, 2)]])
    assert support(m) == ((0, 0), (0, 1), (1, 1))
    assert support((sp.Rational(1, 2), 0, sp.Rational(1, 2))) == (0, 2)


def test_random_probabilities_are_exact_and_respect_the_support():
    rng = random.Random(7)
    for _ in range(20):
        values = random_with_support(rng, (0, 2, 3), 5)
        assert sum(values) == 1 and all(isinstance(v, sp.Rational) for v in values)
        assert values[1] == 0 and values[4] == 0 and all(values[i] > 0 for i in (0, 2, 3))


def test_cell_and_vector_symbols():
    assert [s.name for s in vector_symbols("p", 3)] == ["p1", "p2", "p3"]
    assert all(s.is_positive for s in vector_symbols("p", 3))
    cells = table_symbols("p", 2, 3)
    assert isinstance(cells[1][2], CellSymbol) and cells[1][2].name == "p2_3"
    assert sp.latex(cells[1][2]) == "p_{2,3}"
