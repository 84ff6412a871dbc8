"""Claims wrong only far out in the domain, or by a tiny nonzero constant, are caught.

A claim may switch at a scale it names itself (``exp(-10^40/sigma)`` is
invisible below sigma ~ 1e38) or only at the domain's far ends (sigma near
1e100, p within 1e-45 of 0 or 1); and claim - truth may be a nonzero
constant below the 45 digits compared (``10^-60``, ``exp(-200)``, Euler's
gamma written to 70 digits).  Each is incorrect; the correct forms stay correct.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbolic_info.checker.judge import judge, prepare

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
