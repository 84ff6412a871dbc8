"""Exact parsing of parameter text: the grammar accepts numbers, never code."""

import pytest
import sympy as sp

from symbolic_info import DerivationError
from symbolic_info.params import parse_value, positive, probability_vector, spd_matrix


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.35", sp.Rational(7, 20)),
        ("3/2", sp.Rational(3, 2)),
        ("-3/2", sp.Rational(-3, 2)),
        ("1e-3", sp.Rational(1, 1000)),
        ("2.5E2", sp.Integer(250)),
        (".5", sp.Rational(1, 2)),
        ("0.1/0.3", sp.Rational(1, 3)),
        (" 7 ", sp.Integer(7)),
    ],
)
def test_scalars_are_read_exactly(text, expected):
    assert parse_value(text) == expected


def test_lists_and_matrices():
    assert parse_value("1/2,1/3,1/6") == (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6))
    assert parse_value("[0.5, 0.5]") == (sp.Rational(1, 2), sp.Rational(1, 2))
    m = parse_value("[[2,0.3],[0.3,1]]")
    assert m == sp.Matrix([[2, sp.Rational(3, 10)], [sp.Rational(3, 10), 1]])


@pytest.mark.parametrize(
    "text",
    ["abc", "", "1/0", "1e999", "1" * 100, "__import__('os')", "2**3", "1/2/3", "[1,2",
     "[[1,2],[3]]", "nan", "inf", "0x10", "1_000", "[[1,[2]]]", "lambda: 1", "1,,2"],
)
def test_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_value(text)


def test_domain_errors_name_the_parameter_and_rule():
    with pytest.raises(DerivationError, match=r"sigma = 0 is outside its domain: σ > 0$"):
        positive("sigma", "sd").parse("0")
    with pytest.raises(DerivationError, match="sum to 1"):
        probability_vector("p", "probabilities").parse("1/2,1/3")
    with pytest.raises(DerivationError, match="sum to 1"):
        probability_vector("p", "probabilities").parse("-1/2,3/2")
    with pytest.raises(DerivationError, match="positive-definite"):
        spd_matrix("Sigma", "covariance").parse("[[1,2],[2,1]]")
    with pytest.raises(DerivationError, match="positive-definite"):
        spd_matrix("Sigma", "covariance").parse("[[1,0.5],[0.4,1]]")
    with pytest.raises(DerivationError, match="positive-definite"):
        spd_matrix("Sigma", "covariance").parse("[[1,1],[1,1]]")
    with pytest.raises(DerivationError, match="parameter sigma: 'abc' is not a number"):
        positive("sigma", "sd").parse("abc")


def test_domain_rules_are_math_and_rename_with_their_symbol():
    # rules are written like step reasons ($...$ LaTeX); a KL entry's P and Q parameters
    # and a model's own names get the rule of their own symbol, never a mangled command
    import sympy as sp

    from symbolic_info.output.reasons import reason_unicode
    from symbolic_info.params import real

    sigma = positive("sigma", "sd")
    assert sigma.rule == r"$\sigma > 0$" and reason_unicode(sigma.rule) == "σ > 0"
    assert sigma.rule_for(sp.Symbol("sigma2")) == r"$\sigma_{2} > 0$"
    assert sigma.rule_for(sp.Symbol("s")) == "$s > 0$"  # not "$\s > 0$"
    a = real("a", "left end")
    assert a.rule_for(sp.Symbol("a1")) == r"$a_{1} \in \mathbb{R}$"  # \mathbb kept whole
    assert reason_unicode(a.rule) == "a ∈ ℝ"
    assert real("R", "a name that is also a blackboard letter").rule_for(sp.Symbol("s")) \
        == r"$s \in \mathbb{R}$"  # the R of \mathbb{R} is not the parameter
    span = sigma.spanning("1e-100", "1e100")
    with pytest.raises(DerivationError, match="10⁻¹⁰⁰ ≤ σ ≤ 10¹⁰⁰$"):
        span.parse("1e-200")
