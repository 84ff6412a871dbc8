"""engine/verify.py (with symbolic_zero.py, asymptotic_check.py): step checks, asymptotic
checks and seeded random points.

Every claim a check makes is tested both ways: a true step passes and a
deliberately wrong one (the negative control) is caught, and a step that
can be neither proved nor evaluated is reported as unverified, never as ok.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.engine.asymptotic_check import check_asymptotic, is_asymptotic
from symbolic_info.engine.symbolic_zero import symbolically_zero
from symbolic_info.engine.verify import check_step, random_points, same_infinity
from symbolic_info.families import X
from symbolic_info.numeric.quadrature import Density
from symbolic_info.params import open_unit, positive, probability_vector, real
from symbolic_info.symbolic.expectation import Expect

MU = sp.Symbol("mu", real=True)
SIGMA = sp.Symbol("sigma", positive=True)
P = sp.Symbol("P")
N = sp.Symbol("n", positive=True)
M = sp.Symbol("m", positive=True)
# the normal density as a textbook writes it (Cover & Thomas, Example 8.1.2), not the family's
NORMAL = {P: Density(X, -sp.log(2 * sp.pi) / 2 - sp.log(SIGMA) - (X - MU) ** 2 / (2 * SIGMA**2),
                     (-sp.oo, sp.oo), (MU - SIGMA, MU, MU + SIGMA))}
POINTS = [{MU: sp.Rational(1, 3), SIGMA: sp.Rational(3, 2)}, {MU: -1, SIGMA: sp.Rational(7, 10)},
          {MU: 2, SIGMA: 2}]
STIRLING = N * sp.log(N) - N + sp.log(2 * sp.pi * N) / 2
"""ln n! = n ln n - n + ln(2 pi n)/2 + 1/(12 n) - 1/(360 n^3) + ... (DLMF 5.11.1)."""


def big_o(g):
    """The Landau symbol O(g) as n -> oo."""
    return sp.O(g, (N, sp.oo))


# --- check_step: symbolic --------------------------------------------------------------

def test_symbolic_proof_needs_no_points():
    c = check_step(sp.log(SIGMA**2) / 2, sp.log(SIGMA), [], {}, 30)
    assert (c.method, c.ok, c.agree_digits, c.points) == ("symbolic", True, None, ())


def test_linearity_of_expectation_is_proved_symbolically():
    c = check_step(Expect(3 + (X - MU) ** 2 / SIGMA, P), 3 + Expect((X - MU) ** 2, P) / SIGMA,
                   [], NORMAL, 30)
    assert c.method == "symbolic" and c.ok


def test_wrong_symbolic_step_is_caught():
    """Negative control: log(sigma^2) = log(sigma) is false."""
    c = check_step(sp.log(SIGMA**2), sp.log(SIGMA), POINTS, {}, 30)
    assert c.method == "numeric" and not c.ok


def test_a_marginal_over_a_moving_range_is_proved():
    """SymPy's simplify leaves this difference as 2y^2 + 2y(1 - y) - 2y; expanded it is 0.
    On the old code the step fell to the numeric check, which has no value for y (not
    verified): the marginal of y under 2(x + y) on 0 < y < x < 1."""
    x, y = sp.symbols("x y", positive=True)
    lhs = sp.Integral(2 * x + 2 * y, (x, y, 1))
    c = check_step(lhs, 1 + 2 * y - 3 * y**2, [], {}, 30)
    assert c.method == "symbolic" and c.ok
    wrong = check_step(lhs, 1 + 2 * y - 2 * y**2, [], {}, 30)
    assert not wrong.ok


# --- check_step: numeric -----------------------------------------------------------------

def test_true_expectation_step_is_verified_numerically():
    c = check_step(Expect((X - MU) ** 2, P), SIGMA**2, POINTS, NORMAL, 30)
    assert c.ok and c.method == "numeric" and c.agree_digits >= 27
    assert c.points == ({"mu": "1/3", "sigma": "3/2"}, {"mu": "-1", "sigma": "7/10"},
                        {"mu": "2", "sigma": "2"})


def test_expectation_of_the_log_density_is_the_textbook_entropy():
    """-E[ln f] = ln(2 pi e sigma^2)/2, by quadrature at each point, to 50 digits."""
    logf = NORMAL[P].logpdf
    c = check_step(-Expect(logf, P), sp.log(2 * sp.pi * sp.E * SIGMA**2) / 2, POINTS, NORMAL, 50)
    assert c.ok and c.method == "numeric" and c.agree_digits >= 47


def test_wrong_expectation_step_is_caught():
    """Negative control: the variance written as sigma instead of sigma^2."""
    c = check_step(Expect((X - MU) ** 2, P), SIGMA, POINTS, NORMAL, 30)
    assert not c.ok and c.method == "numeric"
    assert "differ" in c.detail


def test_identity_without_symbolic_proof_is_checked_at_every_point():
    """ln Gamma(s+1) - ln Gamma(s) = ln s: simplify does not prove it; the points do."""
    c = check_step(sp.loggamma(SIGMA + 1) - sp.loggamma(SIGMA), sp.log(SIGMA), POINTS, {}, 40)
    assert c.method == "numeric" and c.ok and c.agree_digits >= 37 and len(c.points) == 3


def test_a_step_wrong_in_the_20th_digit_is_caught_at_40_digits():
    """Negative control next to the tolerance: 10^-20 is far above 40 - 3 digits."""
    c = check_step(sp.loggamma(SIGMA + 1) - sp.loggamma(SIGMA),
                   sp.log(SIGMA) + sp.Rational(1, 10**20), POINTS, {}, 40)
    assert not c.ok and c.method == "numeric" and 15 <= c.agree_digits <= 22


def test_wrong_step_detail_names_the_point_where_it_fails():
    """|mu| sigma = mu sigma holds at mu = 1/3 and fails at mu = -1: the detail names mu = -1."""
    c = check_step(sp.Abs(MU) * SIGMA, MU * SIGMA, POINTS, {}, 30)
    assert not c.ok and c.method == "numeric"
    assert c.points == ({"mu": "1/3", "sigma": "3/2"}, {"mu": "-1", "sigma": "7/10"})
    assert str(c.points[-1]) in c.detail and "1/3" not in c.detail
    # both sides' values at that point: |-1| * 7/10 and -1 * 7/10
    shown = c.detail.rsplit(": ", 1)[1].split(" vs ")
    assert [float(v) for v in shown] == [0.7, -0.7]


def test_step_without_points_is_not_claimed_verified():
    c = check_step(Expect(X, P), MU, [], NORMAL, 30)
    assert c.method == "unverified" and not c.ok


def test_true_but_unprovable_step_without_points_is_still_unverified():
    """Being true is not enough: with no proof and no points nothing was checked."""
    c = check_step(sp.loggamma(SIGMA + 1) - sp.loggamma(SIGMA), sp.log(SIGMA), [], {}, 30)
    assert c.method == "unverified" and not c.ok and "no points" in c.detail


def test_a_step_that_cannot_be_evaluated_is_unverified_not_ok():
    unknown = sp.Function("f")
    c = check_step(unknown(SIGMA), SIGMA, POINTS, {}, 30)
    assert c.method == "unverified" and not c.ok and "numeric check failed" in c.detail


def test_missing_parameter_value_is_unverified_not_ok():
    c = check_step(sp.log(MU**2 + SIGMA), sp.log(SIGMA), [{SIGMA: 2}], {}, 30)
    assert c.method == "unverified" and not c.ok and "mu" in c.detail


# --- check_step: infinities, derivatives, substitutions ---------------------------------

def test_same_infinity_compares_signs_not_differences():
    assert same_infinity(sp.Mul(sp.oo, 1 / sp.log(2), evaluate=False), sp.oo)
    assert same_infinity(sp.oo * SIGMA, sp.oo)  # sigma > 0
    assert same_infinity(-sp.oo, -2 * sp.oo)
    assert not same_infinity(sp.oo, -sp.oo)
    assert not same_infinity(sp.zoo, sp.oo)  # complex infinity has no sign
    assert not same_infinity(sp.oo * MU, sp.oo)  # sign of mu unknown
    assert not same_infinity(sp.Integer(10) ** 100, sp.oo)


def test_step_between_equal_infinities_is_proved():
    c = check_step(sp.Mul(sp.oo, 1 / sp.log(2), evaluate=False), sp.oo, [], {}, 30)
    assert c.ok and c.method == "symbolic" and "infinity" in c.detail


def test_step_between_opposite_infinities_is_caught():
    """Negative control: oo = -oo (oo - (-oo) is no 0 to simplify to)."""
    assert not check_step(sp.oo, -sp.oo, [], {}, 30).ok
    c = check_step(sp.oo, -sp.oo, [{}], {}, 30)
    assert not c.ok and c.method == "numeric"


def test_derivatives_and_substitutions_are_carried_out():
    assert check_step(sp.Derivative(SIGMA**3, SIGMA), 3 * SIGMA**2, [], {}, 30).ok
    at_sigma = sp.Subs(sp.Derivative(sp.log(X), X), X, SIGMA)
    c = check_step(at_sigma, 1 / SIGMA, [], {}, 30)
    assert c.ok and c.method == "symbolic"


def test_wrong_derivative_is_caught_numerically_not_left_unevaluated():
    """Negative control: d/ds s^3 = 2 s^2 is wrong, and is reported wrong (not unverified)."""
    c = check_step(sp.Derivative(SIGMA**3, SIGMA), 2 * SIGMA**2, POINTS, {}, 30)
    assert c.method == "numeric" and not c.ok
    assert "6.75" in c.detail and "4.5" in c.detail  # 3 (3/2)^2 vs 2 (3/2)^2
    wrong_subs = sp.Subs(sp.Derivative(sp.log(X), X), X, SIGMA)
    c = check_step(wrong_subs, 1 / SIGMA**2, POINTS, {}, 30)
    assert c.method == "numeric" and not c.ok


# --- check_asymptotic ----------------------------------------------------------------------

def test_is_asymptotic_spots_order_terms_and_limits():
    assert is_asymptotic(STIRLING + big_o(1 / N))
    assert is_asymptotic(sp.Limit(1 / N, N, sp.oo))
    assert not is_asymptotic(STIRLING)


@pytest.mark.parametrize("dps", [30, 60])
def test_stirling_with_its_true_order_passes(dps):
    c = check_asymptotic(sp.loggamma(N + 1), STIRLING + big_o(1 / N), [], {}, dps)
    assert c.ok and c.method == "asymptotic" and "bounded" in c.detail


@pytest.mark.parametrize("dps", [30, 60])
def test_stirling_with_a_too_small_order_fails(dps):
    """Negative control: the remainder 1/(12 n) is not O(1/n^2)."""
    c = check_asymptotic(sp.loggamma(N + 1), STIRLING + big_o(1 / N**2), [], {}, dps)
    assert not c.ok and c.method == "asymptotic" and "order is too small" in c.detail


def test_stirling_series_to_the_next_term():
    """ln n! - (Stirling + 1/(12n)) = -1/(360 n^3) + ...: O(1/n^3) holds, O(1/n^4) does not."""
    series = STIRLING + 1 / (12 * N)
    assert check_asymptotic(sp.loggamma(N + 1), series + big_o(1 / N**3), [], {}, 60).ok
    wrong = check_asymptotic(sp.loggamma(N + 1), series + big_o(1 / N**4), [], {}, 60)
    assert not wrong.ok and wrong.method == "asymptotic"


@pytest.mark.parametrize("dps", [30, 50])
def test_a_true_series_whose_remainder_is_below_rounding_is_not_called_wrong(dps):
    """ln n! to 1/(360 n^3) + O(1/n^5): at n = 10^12 the remainder (~10^-63) is far below the
    rounding error of ln n! (~10^13 * 10^-(dps+10)); that must not read as a too-small order.
    At 50 digits (the engine's step precision) the check used to say "order is too small"."""
    series = STIRLING + 1 / (12 * N) - 1 / (360 * N**3)
    c = check_asymptotic(sp.loggamma(N + 1), series + big_o(1 / N**5), [], {}, dps)
    assert c.ok and c.method == "asymptotic"
    wrong = check_asymptotic(sp.loggamma(N + 1), series + big_o(1 / N**6), [], {}, dps)
    assert not wrong.ok and wrong.method == "asymptotic" and "order is too small" in wrong.detail


def test_a_remainder_lost_in_rounding_is_unverified_not_ok():
    """At 15 digits even the doubled precision cannot see 10^-39 next to ln n! ~ 10^7."""
    series = STIRLING + 1 / (12 * N) - 1 / (360 * N**3)
    c = check_asymptotic(sp.loggamma(N + 1), series + big_o(1 / N**5), [], {}, 15)
    assert c.method == "unverified" and not c.ok and "rounding error" in c.detail


def test_order_term_may_sit_on_either_side():
    assert check_asymptotic(sp.loggamma(N + 1) + big_o(1 / N), STIRLING, [], {}, 30).ok


def test_check_step_sends_asymptotic_steps_to_the_asymptotic_check():
    good = check_step(sp.loggamma(N + 1), STIRLING + big_o(1 / N), [], {}, 30)
    bad = check_step(sp.loggamma(N + 1), N * sp.log(N) + big_o(1), [], {}, 30)
    assert good.ok and good.method == "asymptotic"
    assert not bad.ok and bad.method == "asymptotic"


def test_asymptotic_check_uses_the_other_parameters_at_each_point():
    """ln Gamma(n + a) - ln Gamma(n) = a ln n + O(1/n) for each fixed a (DLMF 5.11.12)."""
    a = sp.Symbol("a", positive=True)
    points = [{a: sp.Rational(1, 2)}, {a: 3}]
    good = check_asymptotic(sp.loggamma(N + a) - sp.loggamma(N), a * sp.log(N) + big_o(1 / N),
                            points, {}, 30)
    assert good.ok and good.points == ({"a": "1/2"}, {"a": "3"})
    bad = check_asymptotic(sp.loggamma(N + a) - sp.loggamma(N), sp.log(N) + big_o(1 / N),
                           points, {}, 30)
    assert not bad.ok and "{'a': '1/2'}" in bad.detail  # wrong unless a = 1: caught at a = 1/2


def test_limit_step_that_converges_fast_passes():
    """n sin(1/n) -> 1 with |f - 1| ~ 1/(6 n^2)."""
    f = sp.Limit(N * sp.sin(1 / N), N, sp.oo)
    assert check_asymptotic(f, 1, [], {}, 30).ok
    assert check_asymptotic(1, f, [], {}, 30).ok  # the limit may be on the right
    assert check_step(f, 1, [], {}, 30).method == "asymptotic"


def test_wrong_limit_is_caught():
    """Negative controls: 0 is not approached at all; 1.001 is never reached."""
    f = sp.Limit(N * sp.sin(1 / N), N, sp.oo)
    wrong = check_asymptotic(f, 0, [], {}, 30)
    assert not wrong.ok and wrong.method == "asymptotic" and "not approached" in wrong.detail
    assert not check_asymptotic(f, sp.Rational(1001, 1000), [], {}, 30).ok


@pytest.mark.parametrize(
    "lhs, rhs, reason",
    [
        (sp.exp(big_o(1 / N)), 1, "single top-level summand"),
        (sp.loggamma(N + 1), STIRLING + sp.O(N), "tends to infinity"),  # O as n -> 0
        (sp.loggamma(N + 1) + sp.O(1 / M, (M, sp.oo)), STIRLING + big_o(1 / N),
         "different variables"),
        (sp.Limit(sp.sin(N) / N, N, 0), 1, "x -> oo"),
        (sp.Limit(N * sp.sin(1 / N), N, sp.oo), N, "x-free value"),
        (sp.Limit(N, N, sp.oo), sp.Limit(N, N, sp.oo), "must read Limit"),
    ],
)
def test_asymptotic_step_it_does_not_understand_is_unverified(lhs, rhs, reason):
    c = check_asymptotic(lhs, rhs, [], {}, 30)
    assert c.method == "unverified" and not c.ok
    assert "not understood" in c.detail and reason in c.detail


# --- random_points -------------------------------------------------------------------------

PARAMS = (real("mu", "mean"), positive("sigma", "scale"), open_unit("p", "probability"),
          probability_vector("q", "a list"))


def test_random_points_are_seeded_and_reproducible():
    a = random_points(PARAMS, "entropy/normal", 5)
    b = random_points(PARAMS, "entropy/normal", 5)
    c = random_points(PARAMS, "kl/normal", 5)
    assert a == b and a != c and len(a) == 5
    assert len({tuple(sorted(pt.items(), key=str)) for pt in a}) == 5  # five different points


def test_random_points_are_exact_and_admissible():
    symbols = {p.symbol for p in PARAMS if p.symbol is not None}
    for point in random_points(PARAMS, "seed", 20):
        assert set(point) == symbols  # list parameters (no symbol) are left to the entry
        for p in PARAMS:
            if p.symbol is not None:
                v = point[p.symbol]
                assert isinstance(v, sp.Rational) and p.test(v)


def test_random_points_keep_fixed_values():
    sigma = PARAMS[1].symbol
    points = random_points(PARAMS, "seed", 6, fixed={sigma: sp.Rational(5, 2)})
    assert all(pt[sigma] == sp.Rational(5, 2) for pt in points)
    assert len({pt[PARAMS[0].symbol] for pt in points}) > 1  # the others still vary


def test_random_points_respect_accept():
    mu, sigma = PARAMS[0].symbol, PARAMS[1].symbol
    points = random_points(PARAMS, "seed", 10, accept=lambda pt: pt[mu] > pt[sigma])
    assert all(pt[mu] > pt[sigma] for pt in points)
    # the rule really rejects: without it some points break it
    assert any(pt[mu] <= pt[sigma] for pt in random_points(PARAMS, "seed", 10))


def test_random_points_give_up_on_an_impossible_rule():
    with pytest.raises(RuntimeError, match="no admissible random point"):
        random_points(PARAMS, "seed", 1, accept=lambda pt: False)


def test_checks_leave_global_precision_alone():
    before = mpmath.mp.dps
    check_step(Expect((X - MU) ** 2, P), SIGMA**2, POINTS[:1], NORMAL, 80)
    check_asymptotic(sp.loggamma(N + 1), STIRLING + big_o(1 / N), [], {}, 80)
    assert mpmath.mp.dps == before


def test_a_symbolic_proof_past_its_budget_falls_back_to_the_numeric_check(monkeypatch):
    # sp.expand of ln((1-p)^90) took 7 s and sp.simplify 45 s on such differences: past
    # SIMPLIFY_BUDGET the step is not "proved" but checked at the points, and says so
    from symbolic_info.engine import symbolic_zero, verify

    x = sp.Symbol("x", real=True)
    # a budget of 0 is spent at once (a positive one as small as 1 ms still let a warm
    # SymPy cache finish before the CPU timer's next tick, so the test depended on order)
    monkeypatch.setattr(symbolic_zero, "SIMPLIFY_BUDGET", 0)
    points = [{x: sp.Rational(1, 3)}, {x: sp.Rational(-7, 2)}]
    check = verify.check_step(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), points, {}, 50)
    assert check.ok and check.method == "numeric"
    wrong = verify.check_step(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1 + sp.sin(x) / 10**40, points,
                              {}, 50)
    assert not wrong.ok  # negative control: the numeric fallback still catches 1e-40
    monkeypatch.setattr(symbolic_zero, "SIMPLIFY_BUDGET", 30.0)
    proved = verify.check_step(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), points, {}, 50)
    assert proved.ok and proved.method == "symbolic"


def test_symbolically_zero_gives_up_on_a_long_expansion_without_a_wrong_answer():
    p = sp.Symbol("p", positive=True)
    # not an identity for p > 1 (ln of a negative number), so never "proved" either way
    assert not symbolically_zero(sp.log((1 - p) ** 90) - 90 * sp.log(1 - p))


def test_each_point_integrates_its_own_density():
    """The densities at a point are remembered across steps (``_density_at``); a value right
    only at the first point (E[X] = 2/3 for lambda = 3/2) must still fail at the second, and
    the true 1/lambda pass at both (negative control for the memo's key)."""
    lam = sp.Symbol("lambda", positive=True)
    densities = {P: Density(X, sp.log(lam) - lam * X, (0, sp.oo), (1 / lam,))}
    points = [{lam: sp.Rational(3, 2)}, {lam: sp.Integer(2)}]
    assert check_step(Expect(X, P), 1 / lam, points, densities, 30).ok
    wrong = check_step(Expect(X, P), sp.Rational(2, 3), points, densities, 30)
    assert not wrong.ok and "lambda" in wrong.detail
