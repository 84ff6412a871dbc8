"""Claims wrong only far out in the domain, or by a tiny nonzero constant, are caught.

A claim may switch at a scale it names itself (``exp(-10^40/sigma)`` is
invisible below sigma ~ 1e38) or only at the domain's far ends (sigma near
1e100, p within 1e-45 of 0 or 1); and claim - truth may be a nonzero
constant below the 45 digits compared (``10^-60``, ``exp(-200)``, Euler's
gamma written to 70 digits).  Each is incorrect; the correct forms stay correct.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from symbolic_info.checker.judge import evaluate_claim, judge, judge_parsed, prepare
from symbolic_info.checker.pointwise import MAX_DEPTH

NORMAL = "1/2*log(2*pi*e*sigma^2)"
BINARY = "(-p*log(p) - (1-p)*log(1-p))/log(2)"
GAMMA_70 = "0." + "5772156649015328606065120900824024310421593359399235988057672348848677"


def _incorrect(name, claim, params=None):
    r = judge(prepare(name, params or {}, None), claim)
    assert r["verdict"] == "incorrect" and r["evidence"] == "counterexample", r["method"]
    return r


@pytest.mark.parametrize("name, claim, far", [
    # the claim's own scale: sigma ~ 1e40, p ~ 1e-40, 1 - p ~ 1e-40
    ("entropy/normal", f"{NORMAL} + exp(-10^40/sigma)", lambda v: v["sigma"] >= 10**38),
    ("binary-entropy", f"{BINARY} + exp(-p*10^40)", lambda v: v["p"] <= Fraction(1, 10**38)),
    ("binary-entropy", f"{BINARY} + exp(-(1-p)*10^40)",
     lambda v: 1 - v["p"] <= Fraction(1, 10**38)),
    # no large constant in the claim: only the domain's far end (sigma <= 1e100) shows it
    ("entropy/normal", f"{NORMAL} + exp(-(log(sigma) - 230)^2)",
     lambda v: v["sigma"] >= 10**90),
    ("entropy/normal", f"{NORMAL} + exp(-(log(sigma) + 230)^2)",
     lambda v: v["sigma"] <= Fraction(1, 10**90)),
])
def test_wrong_far_out_is_caught_there(name, claim, far):
    r = _incorrect(name, claim)
    point = {k: Fraction(v) for k, v in r["counterexample"]["point"].items()}
    assert far(point), r["counterexample"]


def test_the_issue_s_far_point_is_within_the_domain():
    # the reviewer's refutation with the parameter given still holds
    _incorrect("entropy/normal", f"{NORMAL} + exp(-10^40/sigma)", {"sigma": "1e41"})


@pytest.mark.parametrize("name, claim", [
    ("entropy/normal", f"{NORMAL} + 10^(-60)"),
    ("entropy/normal", f"{NORMAL} + exp(-200)"),
    ("entropy/gumbel", f"log(beta) + {GAMMA_70} + 1"),
    ("entropy/exponential", "1 - ln(2) + 10^(-60)"),
])
def test_a_nonzero_difference_below_the_compared_digits_is_incorrect(name, claim):
    params = {"lambda": "2"} if name == "entropy/exponential" else {}
    r = _incorrect(name, claim, params)
    assert "not equal" in r["method"], r["method"]
    ce = r["counterexample"]  # shown to enough digits to see the difference
    assert ce["claimed"] != ce["expected"], ce


@pytest.mark.parametrize("claim", [f"{NORMAL} - 10^(-300)", f"{NORMAL} + 10^(-60)*sigma"])
def test_a_tiny_difference_is_incorrect_where_the_truth_is_small(claim):
    _incorrect("entropy/normal", claim)


@pytest.mark.parametrize("name, claim, params", [
    ("entropy/normal", NORMAL, {}),
    ("entropy/normal", "log(sigma) + log(2*pi*e)/2", {}),
    ("binary-entropy", BINARY, {}),
    ("binary-entropy", "-p*log2(p) - (1-p)*log2(1-p)", {}),
    ("entropy/gumbel", "log(beta) + EulerGamma + 1", {}),
    ("entropy/exponential", "1 - ln(2)", {"lambda": "2"}),
])
def test_correct_claims_stay_correct(name, claim, params):
    for symbolic in (True, False):
        r = judge(prepare(name, params, None), claim, symbolic=symbolic)
        assert r["verdict"] == "correct", r["method"]


LOGITS = ("cross-entropy/logits", {"logits": "1000,0,-1000", "label": "2"})
"""The loss is 2000 + ln(1 + e^-1000 + e^-2000): the claims below name the scale e^-1000."""


@pytest.mark.parametrize("claim", [
    "2000 + exp(-1000)",  # log1p(u) ~ u: off by e^-2000/2, relative ~6e-873
    "2000 + exp(-1000) + exp(-2000)/2",  # one more term: off by e^-3000/3, relative ~4e-1306
])
def test_a_difference_at_a_power_of_the_claim_s_scale_is_incorrect(claim):
    r = _incorrect(*LOGITS[:1], claim, LOGITS[1])
    assert "not equal" in r["method"], r["method"]


@pytest.mark.parametrize("claim", [
    "2000 + log(1 + exp(-1000) + exp(-2000))",
    "log(1 + exp(1000) + exp(2000))",
])
def test_the_exact_loss_at_deep_scales_stays_correct(claim):
    r = judge(prepare(*LOGITS[:1], LOGITS[1], None), claim, symbolic=False)
    assert r["verdict"] == "correct", r["method"]
    # the depth looked at is said: beyond e^-2000's cube (the result names e^2000, 868 digits)
    assert _depth(r) >= 3 * 868 and "no deeper look" not in r["method"], r["method"]


def _depth(r) -> int:
    found = re.search(r"and to (\d+) digits", r["method"])
    assert found, r["method"]
    return int(found.group(1))


def test_a_capped_look_says_the_depth_it_reached():
    # the claim names e^-10000 (4343 digits): its cube is beyond the 10,000-digit cap
    p = prepare("entropy/exponential", {"lambda": "2"}, None)
    r = judge(p, "1 - log(2*exp(-10000)) - 10000", symbolic=False)
    assert r["verdict"] == "correct", r["method"]
    assert MAX_DEPTH - 10 <= _depth(r) <= MAX_DEPTH and "no deeper look" in r["method"], \
        r["method"]


def test_out_of_time_the_look_says_the_depth_it_reached():
    p = prepare(*LOGITS[:1], LOGITS[1], None)
    claim = evaluate_claim(p, "2000 + exp(-1000)")  # wrong below 640 digits only
    r = judge_parsed(p, claim, time_limit=0)
    assert r["verdict"] == "correct" and _depth(r) < 700, r["method"]
    assert "no deeper look" in r["method"], r["method"]


TINY_MI = ("mutual-information", {"model": "X ~ normal(0, 1e-400); Y | X ~ normal(X, 1e100)"})
"""I = ln(1 + 10^-1000)/2 = 5e-1001, written ``-ln(10^1000/(10^1000 + 1))/2``: the scale is
inside a rational near 1, whose exponent is 0 (finding A3, session 10)."""


def test_a_rational_near_1_names_the_scale_of_its_digits():
    import sympy as sp

    from symbolic_info.checker.scales import named_depth
    big = sp.Integer(10) ** 1000
    assert named_depth([-sp.log(big / (big + 1)) / 2]) >= 1000
    assert named_depth([sp.Rational(1, 3), sp.Integer(2)]) == 0


def test_zero_is_not_accepted_for_a_mutual_information_of_5e_1001():
    p = prepare(*TINY_MI, None)
    r = judge_parsed(p, evaluate_claim(p, "0"))
    assert r["verdict"] == "incorrect", r["method"]
    right = judge_parsed(p, evaluate_claim(p, "log(1 + 10^(-1000))/2"))
    assert right["verdict"] == "correct", right["method"]
