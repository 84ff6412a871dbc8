"""Long exact numbers printed compactly (symbolic_info.output.long_numbers) in the text
format, LaTeX and the assumptions, with every value unchanged.

The expected forms are built here from the integers' own definitions (``10**k + c``,
``str(n)[:11]``), never from the module's output."""

import re

import mpmath
import pytest
import sympy as sp

from symbolic_info import derive
from symbolic_info.output.long_numbers import (
    LONG_DIGITS,
    integer_latex,
    integer_text,
    near_power,
    number_text,
    plain_text,
)
from symbolic_info.output.render_latex import latex
from symbolic_info.output.unicode_math import unicode_text
from symbolic_info.render import to_json_dict, to_text

LONG_RUN = re.compile(rf"\d{{{LONG_DIGITS + 1},}}")

MI_MODEL = "X ~ normal(0, 1e-400); Y | X ~ normal(X, 1e100)"


@pytest.fixture(scope="module")
def tiny_mi():
    return derive("mutual-information", model=MI_MODEL)


def test_the_tiny_mutual_information_prints_no_long_digit_run(tiny_mi):
    """The text's result line, JSON's result.latex and the assumptions held 10^1000 + 1
    written out (1001 digits) and 1/10^400 (401 digits) on the old code."""
    text = to_text(tiny_mi)
    result_line = next(line for line in text.splitlines() if "result:" in line)
    assert "10¹⁰⁰⁰ + 1" in result_line and not LONG_RUN.search(result_line), result_line
    js = to_json_dict(tiny_mi)
    assert "10^{1000} + 1" in js["result"]["latex"]
    assert not LONG_RUN.search(js["result"]["latex"])
    for a in tiny_mi.assumptions:
        assert not LONG_RUN.search(a), a
    assert any("normal(0, 10^-400)" in a for a in tiny_mi.assumptions)
    for step in js["steps"]:
        assert not LONG_RUN.search(step["latex"]), step["latex"][:200]


def test_the_exact_value_is_kept_where_exactness_matters(tiny_mi):
    """result.sympy parses back to ln((10^1000 + 1)/10^1000)/2 exactly, and the value is
    its 50 digits: printing changed nothing."""
    js = to_json_dict(tiny_mi)
    back = sp.sympify(js["result"]["sympy"])  # our own output, not user text
    n = sp.Integer(10) ** 1000
    assert sp.simplify(back - sp.log((n + 1) / n) / 2) == 0
    ctx = mpmath.MPContext()
    ctx.dps = 60
    truth = ctx.log1p(ctx.mpf(10) ** -1000) / 2
    assert abs(ctx.mpf(js["value"]) / truth - 1) < ctx.mpf("1e-48")


@pytest.mark.parametrize("k,c", [(1000, 1), (1000, -1), (400, 0), (60, 999_999), (16, -3)])
def test_a_power_of_ten_plus_a_small_integer(k, c):
    n = 10**k + c
    base = f"10^{{{k}}}"
    want = base if c == 0 else f"{base} {'+' if c > 0 else '-'} {abs(c)}"
    assert integer_latex(n) == want
    negated = base if c == 0 else f"{base} {'-' if c > 0 else '+'} {abs(c)}"
    assert integer_latex(-n) == "-" + negated  # -(10^k + c) = -10^k - c
    assert integer_text(n) == want.replace("{", "").replace("}", "")


@pytest.mark.parametrize("k", [64, 521, 3000])
def test_powers_of_two(k):
    assert integer_latex(2**k) == f"2^{{{k}}}"
    assert integer_text(2**k - 1) == f"2^{k} - 1"


@pytest.mark.parametrize("k", [20, 400, 5000])
def test_one_over_a_power_of_ten(k):
    r = sp.Rational(1, 10**k)
    assert number_text(r) == f"10^-{k}"
    assert unicode_text(r) == "10" + f"-{k}".translate(str.maketrans("-0123456789",
                                                                      "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert latex(r) == rf"\frac{{1}}{{10^{{{k}}}}}"


def test_a_long_integer_with_no_short_form_gives_leading_digits_and_size():
    n = 3**2000 + 7
    digits = str(n)
    want = f"{digits[0]}.{digits[1:11]}"
    assert integer_latex(n) == rf"{want}\ldots \cdot 10^{{{len(digits) - 1}}}"
    assert integer_text(n) == f"{want}...e{len(digits) - 1}"
    assert "…" in unicode_text(sp.Integer(n) * sp.Symbol("x"))


def test_negative_controls_far_from_a_power_and_short_integers():
    """10^1000 + 10^7 is not 'a power plus a small integer' (the offset is too big to show
    as one), and an integer of at most 15 digits keeps its digits."""
    assert near_power(10**1000 + 10**7) is None
    assert integer_latex(10**1000 + 10**7).startswith(r"1.0000000000\ldots")
    assert integer_latex(123456789012345) is None
    assert integer_text(123456789012345) == "123456789012345"


def test_a_sum_form_is_bracketed_where_it_is_a_factor_or_a_base():
    n = sp.Integer(10**1000 + 1)
    x = sp.Symbol("x")
    assert latex(n * x) == r"\left(10^{1000} + 1\right) x"
    assert latex(sp.Pow(n, 2, evaluate=False)).startswith(r"\left(10^{1000} + 1\right)^{2}")
    assert unicode_text(n * x) == "(10¹⁰⁰⁰ + 1)·x"
    assert plain_text(x / n) == "x/(10^1000 + 1)"


def test_forty_one_digits_with_no_short_form_are_cut():
    n = 10**40 + 12_345_678  # 41 digits, offset over 10^6: no exact short form
    assert len(str(n)) == LONG_DIGITS + 1
    assert integer_latex(n) == r"1.0000000000\ldots \cdot 10^{40}"
    assert integer_latex(n // 10) is None  # 40 digits: written out


def test_a_negative_sum_form_keeps_its_value():
    """-(10^1000 + 1) is -10^{1000} - 1, never -10^{1000} + 1 (a sign on the first term
    only would be a different number), in every printer and inside a fraction."""
    n = -(10**1000 + 1)
    assert integer_latex(n) == "-10^{1000} - 1"
    assert integer_text(n) == "-10^1000 - 1"
    assert integer_latex(-(2**100 - 3)) == "-2^{100} + 3"
    assert latex(sp.Rational(n, 7)) == r"- \frac{10^{1000} + 1}{7}"
    assert number_text(sp.Rational(n, 7)) == "(-10^1000 - 1)/7"
    assert unicode_text(sp.Integer(n) * sp.Symbol("x")) in ("(-10¹⁰⁰⁰ - 1)·x",
                                                           "-(10¹⁰⁰⁰ + 1)·x")


_SUPER_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _read_back(text: str):
    """The value a reader takes from one line of our text (``·`` or juxtaposition a product,
    a superscript run a power, ``a/b·c`` as ``(a/b)·c`` by the usual left-to-right rule)."""
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: "**(" + m.group().translate(_SUPER_DIGITS) + ")",
                  text)
    text = re.sub(r"(\d)([a-z])", r"\1*\2", text.replace("·", "*"))  # 2x is 2*x
    return sp.sympify(text, locals={"x": sp.Symbol("x")})


X = sp.Symbol("x")


@pytest.mark.parametrize("expr", [
    sp.Rational(1, 2 * 10**50),    # kl/normal at mu2 = 1e-25: 5e-51, not 0.5e50
    sp.Rational(1, 18 * 10**50),   # the same with sigma1 = sigma2 = 3
    sp.Rational(-7, 3 * 10**40),
    sp.Rational(3, 10**50),        # a power alone under the bar
    sp.Rational(1, 10**50),
    sp.Rational(2 * 10**50, 3),    # a product on top
    sp.Rational(7, 10**50 + 1),
    1 / (2 * X),                   # a symbolic product under the bar
    X / (2 * 10**50),
])
def test_a_fraction_reads_back_as_its_value(expr):
    text = unicode_text(expr)
    assert sp.simplify(_read_back(text) - expr) == 0, text


def test_read_back_catches_an_unbracketed_denominator():
    """Negative control: the text main printed for 1/(2*10^50) reads as 10^50/2."""
    assert _read_back("1/2·10⁵⁰") == sp.Integer(10) ** 50 / 2
    assert _read_back("1/2·10⁵⁰") != sp.Rational(1, 2 * 10**50)


def test_a_cut_number_under_the_bar_is_bracketed():
    assert unicode_text(sp.Rational(1, 3**200)).startswith("1/(2.6561398887…·10⁹⁵)")
    assert number_text(sp.Rational(1, 3**200)).startswith("1/(2.6561398887...e95)")


def test_the_kl_example_prints_its_denominator_in_brackets():
    d = derive("kl/normal", mu1="0", sigma1="1", mu2="1e-25", sigma2="1")
    assert d.result == sp.Rational(1, 2 * 10**50)
    line = next(s for s in to_text(d).splitlines() if "result:" in s)
    assert line.endswith("= 1/(2·10⁵⁰)"), line
