"""binary-entropy: closed form, every step, literature values, shape, negative controls."""

import json
import math

import mpmath
import pytest
import scipy.stats
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from negative_controls import corrupt_step

from symbolic_info import DerivationError, derive
from symbolic_info.cli import main
from symbolic_info.engine.run import run
from symbolic_info.engine.verify import check_step
from symbolic_info.measures.binary_entropy import P_PARAM, binary_entropy_steps

p = P_PARAM.symbol
POINTS = [{p: sp.Rational(1, 3)}, {p: sp.Rational(7, 10)}, {p: sp.Rational(1, 20)}]


def literature_bits(x: float) -> float:
    """Cover & Thomas (2006), eq. (2.5), written here independently, in bits."""
    return -x * math.log2(x) - (1 - x) * math.log2(1 - x)


def test_every_step_verified_and_result_matches_the_textbook_form():
    d = derive("binary-entropy", units="nats")
    assert d.verified
    assert all(s.check.ok for s in d.steps)
    textbook = -p * sp.log(p) - (1 - p) * sp.log(1 - p)
    assert sp.simplify(d.result - textbook) == 0


def test_default_units_are_bits_and_half_gives_one_bit_exactly():
    d = derive("binary-entropy", p="1/2")
    assert d.units == "bits"
    assert sp.simplify(d.result - 1) == 0
    assert d.verified and d.verification.agree_digits >= 47


@pytest.mark.parametrize("value", ["0.35", "1/3", "0.001", "999/1000", "1/7"])
def test_value_agrees_with_scipy_and_an_independent_formula(value):
    d = derive("binary-entropy", p=value)
    x = float(sp.Rational(sp.S(value)))
    assert d.verified
    assert float(d.value) == pytest.approx(literature_bits(x), rel=1e-13)
    assert float(d.value) == pytest.approx(scipy.stats.entropy([x, 1 - x], base=2), rel=1e-12)


def test_high_precision_value_against_mpmath_written_here():
    d = derive("binary-entropy", p="2/7", dps=80)
    with mpmath.workdps(90):
        x = mpmath.mpf(2) / 7
        expected = -(x * mpmath.log(x, 2) + (1 - x) * mpmath.log(1 - x, 2))
        assert abs(mpmath.mpf(d.value) - expected) < mpmath.mpf(10) ** -78


def test_nats_are_bits_times_ln2():
    bits = derive("binary-entropy", p="1/5")
    nats = derive("binary-entropy", p="1/5", units="nats")
    assert sp.simplify(bits.result * sp.log(2) - nats.result) == 0


def test_steps_state_symmetry_derivative_maximum_and_concavity():
    steps = binary_entropy_steps()
    H = -p * sp.log(p) - (1 - p) * sp.log(1 - p)
    rhs = [s.rhs for s in steps]
    # derivative log2((1-p)/p) in bits, ln((1-p)/p) in nats; maximum ln 2 nats = 1 bit
    assert any(sp.simplify(r - sp.log((1 - p) / p)) == 0 for r in rhs)
    assert any(sp.simplify(r - sp.log((1 - p) / p) / sp.log(2)) == 0 for r in rhs)
    assert sp.log(2) in rhs and sp.Integer(1) in rhs
    # second derivative -1/(p(1-p) ln 2) in bits
    assert any(sp.simplify(r + 1 / (p * (1 - p) * sp.log(2))) == 0 for r in rhs)
    assert sp.simplify(steps[-1].rhs - H) == 0
    # the symmetry step's left side is H evaluated at 1 - p
    assert sp.simplify(steps[1].lhs - H.subs(p, 1 - p)) == 0


def test_derivative_and_curvature_match_finite_differences():
    """Independent of SymPy: central differences of the defining formula."""
    for x in (0.2, 0.5, 0.77):
        h = 1e-5
        first = (literature_bits(x + h) - literature_bits(x - h)) / (2 * h)
        second = (literature_bits(x + h) - 2 * literature_bits(x) + literature_bits(x - h)) / h**2
        assert first == pytest.approx(math.log2((1 - x) / x), abs=1e-8)
        assert second == pytest.approx(-1 / (x * (1 - x) * math.log(2)), rel=1e-4)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 999))
def test_between_zero_and_one_bit_and_symmetric(n):
    a = derive("binary-entropy", p=f"{n}/1000", dps=20)
    b = derive("binary-entropy", p=f"{1000 - n}/1000", dps=20)
    assert a.verified and b.verified
    assert 0 < float(a.value) <= 1
    assert a.value == b.value
    assert (float(a.value) == 1) == (n == 500)


def _corrupt(index, new_rhs):
    return corrupt_step("binary-entropy", new_rhs, index)


def test_wrong_derivative_step_is_caught():
    """Negative control: H'(p) claimed as ln(p/(1-p)) (sign error)."""
    steps = binary_entropy_steps()
    derivative = next(s for s in steps if isinstance(s.lhs, sp.Derivative)
                      and s.lhs.derivative_count == 1 and s.lhs.expr.has(sp.log(p)))
    c = check_step(derivative.lhs, sp.log(p / (1 - p)), POINTS, {}, 50)
    assert not c.ok and c.method == "numeric"
    bits = steps[4]
    c = check_step(bits.lhs, sp.log((1 - p) / p), POINTS, {}, 50)  # forgot to divide by ln 2
    assert not c.ok


def test_wrong_second_derivative_is_caught():
    c = check_step(sp.Derivative(-p * sp.log(p) - (1 - p) * sp.log(1 - p), (p, 2)),
                   -1 / p, POINTS, {}, 50)
    assert not c.ok


def test_wrong_closed_form_is_flagged():
    """Negative control: the closed form with (1-p) ln p instead of (1-p) ln(1-p)."""
    bad = _corrupt(-1, lambda rhs: -p * sp.log(p) - (1 - p) * sp.log(p))
    d = run(bad, {"p": sp.Rational(3, 10)}, None, 50)
    assert not d.steps[-2].check.ok  # the last draft step (before the bits conversion)
    assert not d.verification.ok and not d.verified
    d = run(bad, {}, None, 30)
    assert not d.verified


def test_wrong_maximum_is_flagged():
    bad = _corrupt(7, lambda rhs: sp.Integer(2))  # "H(1/2) = 2 bits"
    d = run(bad, {"p": sp.Rational(1, 2)}, None, 30)
    assert not d.steps[7].check.ok and not d.verified


@pytest.mark.parametrize("value", ["0", "1", "-0.1", "1.5", "abc", "1/0"])
def test_bad_input_is_one_clear_error(value):
    with pytest.raises(DerivationError, match="parameter p"):
        derive("binary-entropy", p=value)


def test_endpoint_error_explains_the_convention(capsys):
    assert main(["derive", "binary-entropy", "--param", "p=0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "0 < p < 1" in err and "0 ln 0 = 0" in err


def test_cli_json_reports_bits(capsys):
    assert main(["derive", "binary-entropy", "--param", "p=1/4", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["units"] == "bits" and out["verified"]
    # H(1/4) = 2 - (3/4) log2 3 bits (Cover & Thomas eq. (2.5) at p = 1/4)
    assert float(out["value"]) == pytest.approx(2 - 0.75 * math.log2(3), rel=1e-14)
    assert all(s["verified"] for s in out["steps"])
