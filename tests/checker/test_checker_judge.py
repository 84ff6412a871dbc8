"""Judging claims: verdicts, rounding of numbers, counterexamples, diagnosis (negative controls).

Reference formulas are written here independently of the package:
h(N(mu, sigma^2)) = 1/2 ln(2 pi e sigma^2) and h(Exp(lambda)) = 1 - ln(lambda)
(Cover & Thomas, 2nd ed., Examples 8.1.1-8.1.2).
"""

import mpmath
import pytest

from symbolic_info import catalog
from symbolic_info.checker import judge as judge_module
from symbolic_info.checker.judge import AGREE_DIGITS, judge, prepare
from symbolic_info.core import DerivationError


def gauss_nats(sigma):
    return mpmath.log(2 * mpmath.pi * mpmath.e * mpmath.mpf(sigma) ** 2) / 2


@pytest.fixture(scope="module")
def normal():
    return prepare("entropy/normal", {}, None)


@pytest.fixture(scope="module")
def normal_bits():
    return prepare("entropy/normal", {"sigma": "3/2"}, "bits")


@pytest.fixture(scope="module")
def expo():
    return prepare("entropy/exponential", {}, None)


@pytest.mark.parametrize("claim", [
    "1/2*log(2*pi*e*sigma^2)",
    r"\frac{1}{2}\ln\left(2\pi e\sigma^2\right)",
    "log(sigma) + 1/2*log(2 pi) + 1/2",
    "ln(sigma sqrt(2 pi e))",
])
def test_equivalent_forms_are_proved(normal, claim):
    r = judge(normal, claim)
    assert r["verdict"] == "correct" and r["evidence"] == "proved"
    assert r["method"].startswith("proved symbolically")
    assert r["counterexample"] is None and r["diagnosis"] == []


def test_numeric_agreement_is_reported_when_no_proof(monkeypatch, normal):
    monkeypatch.setattr(judge_module, "prove", lambda problem, claim: False)
    r = judge(normal, "1/2*log(2*pi*e*sigma^2)")
    assert r["verdict"] == "correct" and r["evidence"] == "numerically equal"
    assert "points spread over the domain" in r["method"] and "not a proof" in r["method"]
    check = r["numeric_check"]
    assert check["digits"] >= AGREE_DIGITS >= 40 and check["points"] == check["tested"] >= 20


def test_tiny_perturbation_is_not_equivalent(expo):
    r = judge(expo, "1 - ln(lambda) + 10^-30")
    assert r["verdict"] == "incorrect"


@pytest.mark.parametrize("extra", ["exp(-10^6)", "exp(-exp(50))", "exp(-10^6*(sigma-7/3)^2)"])
def test_a_difference_below_every_digit_that_sympy_proves_nonzero_is_incorrect(normal, extra):
    # exp(-10^6) is 3.3e-434295: no precision compares it, but it is never zero
    r = judge(normal, "1/2*log(2*pi*e*sigma^2) + " + extra)
    assert r["verdict"] == "incorrect" and "never zero" in r["method"], r["method"]
    if extra == "exp(-10^6)":
        shown = r["method"].split("claim - result = ")[1].split(" at ")[0]
        assert mpmath.almosteq(mpmath.mpf(shown), mpmath.exp(-10**6), rel_eps=1e-9)


def test_two_precisions_keep_rounding_noise_from_condemning_a_right_claim(normal):
    # negative control of the second witness: a difference that is exactly zero, but not
    # structurally, is rounding noise at each precision, not the same number at both
    import sympy as sp

    from symbolic_info.checker.pointwise import Formula

    sigma = next(s for s in normal.truth.free_symbols if s.name == "sigma")
    zero = sp.log(sigma * sp.sqrt(2 * sp.pi * sp.E)) - normal.truth
    points = [{sigma: sp.Rational(419, 250)}, {sigma: sp.Rational(3)}]
    found = judge_module._proved_nonzero(zero, normal, points, [0, 1], Formula(normal.truth))
    assert found == []
    assert judge_module._proved_nonzero(sp.exp(-10**6 * sigma), normal, points, [0, 1],
                                        Formula(normal.truth))  # a true nonzero is seen


def test_counterexample_values_are_true(normal):
    r = judge(normal, "log(2*pi*e*sigma^2)")
    ce = r["counterexample"]
    sigma = mpmath.mpf(mpmath.fraction(*map(int, (ce["point"]["sigma"] + "/1").split("/")[:2])))
    assert abs(mpmath.mpf(ce["expected"]) - gauss_nats(sigma)) < 1e-15
    assert abs(mpmath.mpf(ce["claimed"]) - 2 * gauss_nats(sigma)) < 1e-15


@pytest.mark.parametrize("claim, start", [
    ("1/2*log2(2*pi*e*sigma^2)", "Bits vs nats"),
    ("1/2*log10(2*pi*e*sigma^2)", "Log base 10"),
    ("-1/2*log(2*pi*e*sigma^2)", "Sign error"),
    ("log(2*pi*e*sigma^2)", "A factor 2 too many"),
    ("1/4*log(2*pi*e*sigma^2)", "A missing factor 2"),
    ("1/2*log(2*pi*e*sigma)", "Standard deviation vs variance: the claim has sigma where"),
    ("1/2*log(2*pi*e*sigma^4)", "Standard deviation vs variance: the claim has sigma^2 where"),
    ("1/2*log(2*pi*sigma^2)", ("Missing additive constant", "Missing term")),
    ("log(sigma) + 1", "Missing additive constant"),
    ("1/2*log2(2*pi*e*sigma)", "Standard deviation vs variance: the claim has sigma where"),
])
def test_diagnosis_names_the_mistake(normal, claim, start):
    r = judge(normal, claim)
    assert r["verdict"] == "incorrect"
    assert any(d.startswith(start) for d in r["diagnosis"]), r["diagnosis"]


def test_two_mistakes_at_once(normal):
    r = judge(normal, "1/2*log2(2*pi*e*sigma)")
    assert r["diagnosis"] == ["Standard deviation vs variance: the claim has sigma where sigma^2 "
                              "belongs. Also, the claim is in bits (log2) where nats were asked."]


def test_missing_constant_is_named(normal):
    r = judge(normal, "log(sigma)")
    assert r["diagnosis"] == ["Missing additive constant: the claim differs from the result by "
                              "the constant -1.41893853320 = -1/2 ln(2 pi e) at every test point."]


def test_unrelated_wrong_claim_gets_no_false_diagnosis(expo):
    r = judge(expo, "lambda^2")
    assert r["verdict"] == "incorrect" and r["diagnosis"][0].startswith("No usual mistake")


def test_partial_domain(normal):
    r = judge(normal, "1/2*log(2*pi*e) + abs(log(sigma))")  # true only for sigma >= 1
    assert r["verdict"] == "incorrect" and r["holds_on_part"]
    assert r["diagnosis"][0].startswith("Holds only on part of the domain")
    assert mpmath.mpf(eval_fraction(r["counterexample"]["point"]["sigma"])) < 1


def eval_fraction(text):
    num, _, den = text.partition("/")
    return mpmath.mpf(int(num)) / int(den or 1)


def test_number_claims_round_to_written_digits(normal_bits):
    true_bits = gauss_nats(mpmath.mpf(3) / 2) / mpmath.log(2)  # 2.63205808...
    four = mpmath.nstr(true_bits, 5)  # four decimals, correctly rounded
    assert judge(normal_bits, four)["verdict"] == "correct"
    last = int(four[-1])
    wrong = four[:-1] + str((last + 1) % 10)
    assert judge(normal_bits, wrong)["verdict"] == "incorrect"
    assert judge(normal_bits, "2.6")["verdict"] == "correct"
    assert judge(normal_bits, "2.7")["verdict"] == "incorrect"
    assert judge(normal_bits, "3")["verdict"] == "incorrect"  # an integer is exact


def test_number_diagnosis_bits_vs_nats(normal_bits):
    nats = mpmath.nstr(gauss_nats(mpmath.mpf(3) / 2), 4)
    r = judge(normal_bits, nats)
    assert r["verdict"] == "incorrect" and r["diagnosis"][0].startswith("Bits vs nats")
    assert r["expected"]["value"].startswith("2.6320580859")


def test_exact_constant_claim(normal_bits):
    r = judge(normal_bits, "log2(3/2) + 1/2*log2(2*pi*e)")
    assert r["verdict"] == "correct"


def test_given_parameters_are_substituted_into_claims(normal_bits):
    assert judge(normal_bits, "1/2*log2(2*pi*e*sigma^2)")["verdict"] == "correct"


def test_number_claim_needs_the_parameters(normal):
    with pytest.raises(DerivationError, match="depends on sigma"):
        judge(normal, "1.4189")


def test_unknown_symbol_is_bad_input(expo):
    with pytest.raises(DerivationError, match="unknown name 'sigma'"):
        judge(expo, "1 - log(sigma)")


def test_claim_value_undefined_is_an_honest_verdict(expo):
    r = judge(expo, "log(-lambda)")
    assert r["verdict"] == "incorrect"
    assert r["counterexample"]["claimed"] in ("not a real number", "undefined")


def _entry_or_skip(name):
    if name not in catalog():
        pytest.skip(f"catalog entry {name} is not present yet")


def test_kl_arguments_swapped():
    _entry_or_skip("kl/normal")
    p = prepare("kl/normal", {"mu1": "0", "sigma1": "1", "mu2": "1", "sigma2": "2"}, None)
    # D(N(0,1)||N(1,4)) = ln 2 + (1 + 1)/8 - 1/2; swapped: D(N(1,4)||N(0,1)) = -ln 2 + (4+1)/2 - 1/2
    assert judge(p, "log(2) + 2/8 - 1/2")["verdict"] == "correct"
    r = judge(p, "-log(2) + 5/2 - 1/2")
    assert r["verdict"] == "incorrect"
    assert any(d.startswith("KL arguments swapped") for d in r["diagnosis"])


def test_conditional_entropy_wrong_way_round():
    _entry_or_skip("conditional-entropy")
    p = prepare("conditional-entropy", {"pxy": "[[1/2,1/4],[0,1/4]]"}, "bits")
    # H(Y|X): X=0 w.p. 3/4 with Y|X=0 ~ (2/3,1/3); X=1 w.p. 1/4 with Y=1 surely.
    h_y_given_x = "3/4*(-2/3*log2(2/3) - 1/3*log2(1/3))"
    # H(X|Y): Y=0 w.p. 1/2 with X=0 surely; Y=1 w.p. 1/2 with X|Y=1 ~ (1/2,1/2).
    h_x_given_y = "1/2*1"
    assert judge(p, h_y_given_x)["verdict"] == "correct"
    r = judge(p, h_x_given_y)
    assert r["verdict"] == "incorrect"
    assert any(d.startswith("Conditional entropy the wrong way round") for d in r["diagnosis"])
