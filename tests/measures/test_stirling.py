"""stirling/multinomial and stirling/binomial: steps, limit, evidence rates, negative controls."""

import math
from fractions import Fraction

import pytest
import scipy.special
import scipy.stats
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from negative_controls import corrupt_step

from symbolic_info import DerivationError, derive
from symbolic_info.catalog import entry
from symbolic_info.cli import main
from symbolic_info.engine.asymptotic_check import check_asymptotic
from symbolic_info.engine.run import run
from symbolic_info.engine.verify import check_step
from symbolic_info.measures.stirling import K, N, evidence

P3 = "1/2,1/3,1/6"
PROBS3 = (Fraction(1, 2), Fraction(1, 3), Fraction(1, 6))


def entropy_nats(probs) -> float:
    """-sum p ln p, written here (Cover & Thomas 2006, eq. (2.1)) for the cross-check."""
    return -sum(float(q) * math.log(float(q)) for q in probs)


def test_multinomial_steps_all_verified_with_asymptotic_checks():
    d = derive("stirling/multinomial", p=P3)
    assert d.verified
    methods = [s.check.method for s in d.steps]
    assert methods.count("asymptotic") == 5  # Stirling, its use, collecting, /k, the limit
    assert all(s.check.ok for s in d.steps)
    assert isinstance(d.steps[-1].lhs, sp.Limit)


def test_multinomial_result_is_exact_entropy():
    d = derive("stirling/multinomial", p=P3)
    expected = sum(-q * sp.log(q) for q in (sp.Rational(1, 2), sp.Rational(1, 3),
                                              sp.Rational(1, 6)))
    assert sp.simplify(d.result - expected) == 0
    assert float(d.value) == pytest.approx(entropy_nats(PROBS3), rel=1e-14)
    assert float(d.value) == pytest.approx(scipy.stats.entropy([1 / 2, 1 / 3, 1 / 6]), rel=1e-13)
    assert d.verification.agree_digits >= 47


@pytest.mark.parametrize("value", ["0.35", "1/2", "1/1000"])
def test_binomial_value_against_scipy(value):
    d = derive("stirling/binomial", p=value)
    x = float(sp.Rational(sp.S(value)))
    assert d.verified
    assert float(d.value) == pytest.approx(scipy.stats.entropy([x, 1 - x]), rel=1e-12)


def test_symbolic_runs_are_checked_at_random_points():
    for name in ("stirling/binomial", "stirling/multinomial"):
        d = derive(name)
        assert d.value is None and d.verified and len(d.verification.points) == 3
        assert d.extras == {}


def test_table_spans_k_from_100_to_10_to_the_12_with_integer_counts():
    table = derive("stirling/multinomial", p=P3).extras["evidence"]["table"]
    ks = [int(r["k"]) for r in table]
    assert ks[0] >= 100 and ks[-1] >= 10**12 and len(ks) == 11
    assert all(k % 6 == 0 for k in ks)
    assert ks == sorted(ks)


def test_log_w_matches_exact_integer_and_scipy_gammaln():
    table = derive("stirling/multinomial", p=P3).extras["evidence"]["table"]
    k = int(table[0]["k"])
    exact = math.factorial(k) // math.prod(math.factorial(int(k * q)) for q in PROBS3)
    assert float(table[0]["log_W"]) == pytest.approx(math.log(exact), rel=1e-15)
    k = int(table[4]["k"])
    via_scipy = scipy.special.gammaln(k + 1) - sum(scipy.special.gammaln(k * q + 1)
                                                   for q in map(float, PROBS3))
    assert float(table[4]["log_W"]) == pytest.approx(via_scipy, rel=1e-12)


def test_errors_shrink_at_the_predicted_rates():
    e = derive("stirling/multinomial", p=P3).extras["evidence"]
    rows, rates = e["table"], e["rates"]
    # leading error ~ ((M-1)/2) ln k / k: slope a little above -1; corrected ~ 1/k; per letter 1/k^2
    assert -1.0 < float(rates["leading_slope"]) < -0.9
    assert float(rates["corrected_slope"]) == pytest.approx(-1, abs=0.01)
    assert float(rates["corrected_per_letter_slope"]) == pytest.approx(-2, abs=0.01)
    errors = [float(r["leading_error"]) for r in rows]
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False))
    # the leading error itself, from the expansion written independently here
    k = int(rows[-1]["k"])
    predicted = abs(math.log(2 * math.pi * k) + 0.5 * sum(math.log(q) for q in map(float, PROBS3)))
    assert float(rows[-1]["leading_error"]) == pytest.approx(predicted / k, rel=1e-9)
    # k * remainder -> (1 - sum 1/p_i)/12 (Stirling's 1/(12n) term); here (1 - 11)/12
    limit = (1 - sum(1 / q for q in PROBS3)) / 12
    assert float(rows[-1]["k_times_remainder"]) == pytest.approx(float(limit), rel=1e-12)
    assert float(rows[3]["k_times_remainder"]) == pytest.approx(float(limit), rel=1e-8)


def test_binomial_evidence_rates():
    e = derive("stirling/binomial", p="0.35").extras["evidence"]
    assert float(e["rates"]["corrected_slope"]) == pytest.approx(-1, abs=0.01)
    limit = (1 - 1 / 0.35 - 1 / 0.65) / 12
    assert float(e["table"][-1]["k_times_remainder"]) == pytest.approx(limit, rel=1e-12)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=2, max_size=5))
def test_remainder_constant_for_random_distributions(weights):
    probs = [Fraction(w, sum(weights)) for w in weights]
    e = evidence(tuple(sp.Rational(q.numerator, q.denominator) for q in probs), 30)
    limit = (1 - sum(1 / q for q in probs)) / 12
    assert float(e["table"][-1]["k_times_remainder"]) == pytest.approx(float(limit), rel=1e-6)
    assert float(e["rates"]["corrected_slope"]) == pytest.approx(-1, abs=0.02)


def test_wrong_next_order_coefficient_is_caught_by_the_evidence():
    """Negative control: M/2 instead of (M-1)/2 leaves an error ~ (1/2) ln(2 pi k)."""
    probs = tuple(sp.Rational(q.numerator, q.denominator) for q in PROBS3)
    right = evidence(probs, 30)
    wrong = evidence(probs, 30, coefficient=sp.Rational(3, 2))
    assert float(right["rates"]["corrected_slope"]) < -0.99
    assert float(wrong["rates"]["corrected_slope"]) > -0.1  # does not shrink at all
    assert float(wrong["table"][-1]["corrected_error"]) > 10


def _corrupt(name, index, new_rhs):
    return corrupt_step(name, new_rhs, index)


def test_wrong_next_order_coefficient_in_a_step_is_caught():
    """Negative control: the collected expansion with -(M/2) ln(2 pi k)."""
    bad = _corrupt("stirling/binomial", 5, lambda rhs: rhs - sp.log(2 * sp.pi * K) / 2)
    d = run(bad, {"p": sp.Rational(1, 3)}, None, 30)
    assert not d.steps[5].check.ok and d.steps[5].check.method == "asymptotic"
    assert "order" in d.steps[5].check.detail
    assert not d.verified


def test_wrong_limit_and_wrong_closed_form_are_caught():
    bad = _corrupt("stirling/multinomial", -1, lambda rhs: rhs + sp.Rational(1, 1000))
    d = run(bad, {"p": tuple(sp.Rational(q.numerator, q.denominator) for q in PROBS3)}, None, 30)
    assert not d.steps[-1].check.ok
    assert not d.verification.ok and not d.verified


def test_stirling_formula_checks():
    stirling = N * sp.log(N) - N + sp.log(2 * sp.pi * N) / 2
    good = check_asymptotic(sp.log(sp.factorial(N)), stirling + sp.O(1 / N, (N, sp.oo)), [], {}, 50)
    assert good.ok and good.method == "asymptotic"
    # negative controls: no sqrt(2 pi n) factor; pi instead of 2 pi; claiming O(1/n^2)
    for wrong in (N * sp.log(N) - N + sp.O(1 / N, (N, sp.oo)),
                  N * sp.log(N) - N + sp.log(sp.pi * N) / 2 + sp.O(1 / N, (N, sp.oo)),
                  stirling + sp.O(N**-2, (N, sp.oo))):
        assert not check_asymptotic(sp.log(sp.factorial(N)), wrong, [], {}, 50).ok


def test_log_factor_in_an_order_claim_is_caught():
    """O(1/n) claimed for a remainder ~ (ln n)/n."""
    c = check_asymptotic(sp.log(N) / N + 1, 1 + sp.O(1 / N, (N, sp.oo)), [], {}, 30)
    assert not c.ok


def test_wrong_count_step_is_caught():
    p = entry("stirling/binomial").params[0].symbol
    pt = [{p: sp.Rational(1, 4), K: 40}, {p: sp.Rational(3, 5), K: 50}]
    ok = check_step(sp.binomial(K, K * p), sp.factorial(K) / (sp.factorial(K * p)
                    * sp.factorial(K * (1 - p))), pt, {}, 30)
    bad = check_step(sp.binomial(K, K * p), sp.factorial(K) / sp.factorial(K * p), pt, {}, 30)
    assert ok.ok and not bad.ok


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("stirling/multinomial", "1/2,1/3", "sum to 1"),
        ("stirling/multinomial", "1/2,-1/2,1", "> 0"),
        ("stirling/multinomial", "1/2,1/2,0", "probability 0"),
        ("stirling/multinomial", "[1]", "at least 2 letters"),
        ("stirling/multinomial", ",".join(["1/13"] * 13), "at most 12"),
        ("stirling/multinomial", "a,b", "not a number"),
        ("stirling/binomial", "0", "0 < p < 1"),
        ("stirling/binomial", "1.2", "0 < p < 1"),
    ],
)
def test_bad_input_is_one_clear_error(name, value, words):
    with pytest.raises(DerivationError, match="parameter p") as info:
        derive(name, p=value)
    assert words in str(info.value)


def test_cli_bad_probabilities_exit_2(capsys):
    assert main(["derive", "stirling/multinomial", "--param", "p=0.5,0.6"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "sum to 1" in err


def test_limit_checks_are_honest():
    right = check_asymptotic(sp.Limit(sp.log(sp.factorial(N)) / (N * sp.log(N)), N, sp.oo), 1,
                             [], {}, 30)
    assert not right.ok and right.method == "unverified"  # true, but ~1/ln n: too slow to confirm
    fast = check_asymptotic(sp.Limit((1 + 1 / N) ** N, N, sp.oo), sp.E, [], {}, 30)
    assert fast.ok
    wrong = check_asymptotic(sp.Limit((1 + 1 / N) ** N, N, sp.oo), 2, [], {}, 30)
    assert not wrong.ok and wrong.method == "asymptotic" and "not approached" in wrong.detail


def test_markdown_shows_the_evidence_table_and_asymptotic_badges():
    from symbolic_info.render import to_markdown

    md = to_markdown(derive("stirling/binomial", p="1/4"))
    assert "## Evidence" in md and "| k | log_W | leading_error |" in md
    assert "asymptotic, checked numerically" in md and "FAILED" not in md
    assert "`1000000000000`" in md  # k = 10^12 is a multiple of 4


def test_bits_convert_the_value_only():
    nats = derive("stirling/multinomial", p=P3)
    bits = derive("stirling/multinomial", p=P3, units="bits")
    assert bits.verified
    assert float(bits.value) == pytest.approx(float(nats.value) / math.log(2), rel=1e-14)
    assert bits.extras == nats.extras
