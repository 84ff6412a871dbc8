"""cross-entropy/logits: the loss, softmax, gradient against formulas written here; bad input."""

import json

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import DerivationError, derive
from symbolic_info.cli import main
from symbolic_info.engine.run import run

CTX = mpmath.MPContext()
CTX.dps = 120


def _naive(logits, y):
    """-ln softmax(z)_y straight from the definition at 120 digits (no stabilisation)."""
    z = [CTX.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in logits]
    return -CTX.log(CTX.exp(z[y]) / CTX.fsum(CTX.exp(v) for v in z))


@pytest.mark.parametrize("logits,label", [("2.8,0.4,-1", 0), ("2.8,0.4,-1", 2),
                                          ("0,0", 1), ("-3.5,7,1e-3,2", 1)])
def test_loss_against_the_definition(logits, label):
    d = derive("cross-entropy/logits", logits=logits, label=str(label))
    assert d.verified and d.units == "nats"
    want = _naive(logits.split(","), label)
    assert abs(CTX.mpf(d.value) - want) <= want * CTX.mpf(10) ** -48


def test_course_example_softmax_gradient_and_empirical_identity():
    d = derive("cross-entropy/logits", logits="2.8,0.4,-1", label="0")
    z = [CTX.mpf("2.8"), CTX.mpf("0.4"), CTX.mpf(-1)]
    q = [CTX.exp(v) / CTX.fsum(CTX.exp(u) for u in z) for v in z]
    extras = d.extras["softmax"]
    for j in range(3):
        assert abs(CTX.mpf(extras["softmax"][j]) - q[j]) < 1e-19
        assert abs(CTX.mpf(extras["log_softmax"][j]) - CTX.log(q[j])) < 1e-18
        numeric = CTX.diff(lambda t, j=j: -CTX.log(
            CTX.exp(z[0] if j else t) / CTX.fsum(CTX.exp(t if k == j else u)
                                                 for k, u in enumerate(z))), z[j])
        assert abs(CTX.mpf(extras["gradient"][j]) - numeric) < 1e-18
    assert abs(CTX.fsum(CTX.mpf(g) for g in extras["gradient"])) < 1e-18
    rules = " ".join(s.rule for s in d.steps)
    assert "log-sum-exp" in rules and "empirical" in rules and "softmax - one-hot" in rules
    assert all(s.check.ok for s in d.steps)


def test_huge_logits_stay_finite_and_verified():
    d = derive("cross-entropy/logits", logits="1000,-1000,999.5", label="1")
    want = _naive(["1000", "-1000", "999.5"], 1)
    assert d.verified and abs(CTX.mpf(d.value) - want) < want * CTX.mpf(10) ** -48
    small = derive("cross-entropy/logits", logits="70,1", label="0")  # loss ~ 1.08e-30
    assert small.verified
    assert abs(CTX.mpf(small.value) / _naive(["70", "1"], 0) - 1) < CTX.mpf(10) ** -48
    assert all(CTX.isfinite(CTX.mpf(v)) for v in d.extras["softmax"]["log_softmax"])


def _naive_at(logits, y, dps):
    """-ln softmax(z)_y straight from the definition at ``dps`` digits (no log1p)."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    z = [ctx.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in logits]
    return ctx.mpf(-ctx.log(ctx.exp(z[y]) / ctx.fsum(ctx.exp(v) for v in z))), ctx


@pytest.mark.parametrize("logits,label,dps", [
    ("200,0,0", 0, 200),          # loss 2.77e-87: the entry said "not verified" before
    ("184.2,0", 0, 200),          # ~1e-80
    ("1000,-1000", 0, 1000),      # ~1e-869
    ("690.8,0,-3.5,12", 0, 450),  # ~1e-300
    ("-0.5,-690.8", 0, 450),      # negative logits, ~1e-300
])
def test_tiny_losses_are_verified_to_every_digit(logits, label, dps):
    d = derive("cross-entropy/logits", logits=logits, label=str(label))
    assert d.verified and d.verification.agree_digits == 50
    want, ctx = _naive_at(logits.split(","), label, dps)  # enough digits to survive 1 - q_y
    assert abs(ctx.mpf(d.value) / want - 1) < ctx.mpf(10) ** -48
    assert abs(ctx.mpf(d.extras["softmax"]["log_softmax"][label]) / -want - 1) < 1e-18
    assert abs(ctx.mpf(d.extras["softmax"]["gradient"][label]) / -want - 1) < 1e-18


@pytest.mark.parametrize("logits,label", [("100000,-100000", 0), ("100000,0,0", 0),
                                          ("-100000,100000", 0), ("99999.5,100000", 1)])
def test_logits_of_magnitude_1e5(logits, label):
    """x = sum_{k != y} exp(z_k - z_y); ln(1 + x) = x - x^2/2 + x^3/3 - ... (the error of three
    terms is below x^4 < 1e-100 relative for x < 1e-25), else, for two logits with
    u = z_other - z_y, -ln q_y = ln(1 + e^u) = max(u, 0) + ln(1 + e^-|u|)."""
    ctx = mpmath.MPContext()
    ctx.dps = 80
    z = [ctx.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in logits.split(",")]
    x = ctx.fsum(ctx.exp(v - z[label]) for k, v in enumerate(z) if k != label)
    if x < ctx.mpf(10) ** -25:
        want = x - x**2 / 2 + x**3 / 3
    else:
        u = z[1 - label] - z[label]
        want = max(u, 0) + ctx.log(1 + ctx.exp(-abs(u)))
    d = derive("cross-entropy/logits", logits=logits, label=str(label))
    assert d.verified
    assert abs(ctx.mpf(d.value) / want - 1) < ctx.mpf(10) ** -48


def test_tiny_loss_wrong_claim_and_wrong_value_caught(capsys):
    args = ["--against", "cross-entropy/logits", "--param", "logits=200,0,0", "--param",
            "label=0"]
    # the first term of log1p(2 e^-200): equal to 50 digits (the next term is 2 e^-400), but not
    # equal; the checker says both (a nonzero difference below the compared digits is wrong)
    assert main(["check", "2*exp(-200)", *args]) == 1
    assert "agree to the 50 digits compared" in capsys.readouterr().out
    assert main(["check", "log(1 + 2*exp(-200))", *args]) == 0
    assert main(["check", "0", *args]) == 1
    assert main(["check", "exp(-200)", *args]) == 1
    e = corrupt_step("cross-entropy/logits", lambda rhs: rhs * (1 + sp.Rational(1, 10**40)))
    d = run(e, {"logits": e.param("logits").parse("200,0,0"),
                "label": e.param("label").parse("0")}, None, 50)
    assert not d.verified


def test_symbolic_loss_is_log_sum_exp_minus_the_label_logit():
    d = derive("cross-entropy/logits", label="1")
    z1, z2, z3 = sorted(d.result.free_symbols, key=lambda s: s.name)
    want = sp.log(sp.exp(z1) + sp.exp(z2) + sp.exp(z3)) - z2
    point = {z1: sp.Rational(3, 10), z2: sp.Rational(-7, 5), z3: 2}
    assert d.verified
    assert abs(sp.N((d.result - want).subs(point), 50)) < 1e-45


def test_wrong_gradient_step_is_caught():
    e = corrupt_step("cross-entropy/logits", lambda rhs: rhs + 1, index=2)
    d = run(e, {"logits": e.param("logits").parse("2.8,0.4,-1"),
                "label": e.param("label").parse("0")}, None, 30)
    assert not d.steps[2].check.ok and not d.verified


def test_wrong_loss_is_caught():
    e = corrupt_step("cross-entropy/logits", lambda rhs: rhs * sp.Rational(101, 100))
    d = run(e, {"logits": e.param("logits").parse("2.8,0.4,-1"),
                "label": e.param("label").parse("0")}, None, 30)
    assert not d.verified


@pytest.mark.parametrize("params,words", [
    ({"logits": "1"}, "takes a list of numbers"),
    ({"logits": "[1]"}, "2 to 64 logits"),
    ({"logits": "1,2", "label": "2"}, "labels count from 0 to 1"),
    ({"logits": "1,2", "label": "-1"}, "not a class index"),
    ({"logits": "1,2", "label": "0.5"}, "not a class index"),
    ({"logits": "1,2e5"}, "larger than 100000"),
    ({"logits": "exp(1),2"}, "not a number"),
])
def test_bad_input_refused_in_one_line(params, words, capsys):
    with pytest.raises(DerivationError) as err:
        derive("cross-entropy/logits", **params)
    assert words in str(err.value) and "\n" not in str(err.value)
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    assert main(["derive", "cross-entropy/logits", *args]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_check_and_json(capsys):
    args = ["--against", "cross-entropy/logits", "--param", "logits=2.8,0.4,-1",
            "--param", "label=0"]
    assert main(["check", "log(1 + exp(-2.4) + exp(-3.8))", *args]) == 0
    assert main(["check", "-log(0.9)", *args]) == 1
    capsys.readouterr()
    assert main(["derive", "cross-entropy/logits", "--param", "logits=2.8,0.4,-1",
                 "--param", "label=0", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["value"].startswith("0.1071387862280976720670")
    assert out["extras"]["softmax"]["softmax"][0].startswith("0.8984009786544307")
