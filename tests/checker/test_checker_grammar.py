"""The checker's grammar: plain notation and LaTeX read to the same SymPy objects, caps hold."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic_info.checker.grammar import ParseError, parse_expression, tokenize
from symbolic_info.checker.grammar.build import MAX_DIGITS
from symbolic_info.checker.grammar.parser import MAX_DEPTH
from symbolic_info.render import latex

SIGMA = sp.Symbol("sigma", positive=True)
MU = sp.Symbol("mu", real=True)
LAM = sp.Symbol("lambda", positive=True)
S1 = sp.Symbol("sigma1", positive=True)
XM = sp.Symbol("x_m", positive=True)
SYMS = {"sigma": SIGMA, "mu": MU, "lambda": LAM, "sigma1": S1, "x_m": XM}
GAUSS = sp.log(2 * sp.pi * sp.E * SIGMA**2) / 2


def read(text):
    return parse_expression(text, SYMS).expr


@pytest.mark.parametrize("text", [
    "1/2*log(2*pi*e*sigma^2)",
    "1/2 ln(2 pi e sigma^2)",
    "0.5*ln(2pi e sigma**2)",
    "ln(2pie sigma^2)/2",
    "log(sigma) + log(2*pi*e)/2",
    "ln(sqrt(2 pi e) sigma)",
    r"\frac{1}{2}\ln(2\pi e\sigma^2)",
    r"\frac12\ln\left(2\pi e \sigma^{2}\right)",
    r"\tfrac{1}{2}\log\left(2 \pi \mathrm{e} \sigma^2\right)",
    r"\ln\left(\sigma\sqrt{2\pi e}\right)",
    r"\frac{\ln(2\pi e \sigma^2)}{2}",
    r"\ln \sigma + \frac{1}{2} \ln 2\pi e",
    "$\\frac{1}{2}\\ln(2\\pi e\\sigma^2)$",
    "½",  # refused below; placeholder replaced in test body
])
def test_gaussian_entropy_spellings_read_the_same(text):
    if text == "½":
        with pytest.raises(ParseError):
            read(text)
        return
    assert sp.simplify(sp.expand_log(read(text) - GAUSS)) == 0


@pytest.mark.parametrize("text, expected", [
    ("log2(8)", sp.Integer(3)),
    ("log10(1000)", sp.Integer(3)),
    (r"\log_2 8", sp.Integer(3)),
    (r"\log_{10}(100)", sp.Integer(2)),
    ("log_2(16)", sp.Integer(4)),
    ("log(8, 2)", sp.Integer(3)),
    ("5!", sp.Integer(120)),
    ("factorial(4)", sp.Integer(24)),
    ("Gamma(5)", sp.Integer(24)),
    ("2^3^2", sp.Integer(512)),
    ("-2^2", sp.Integer(-4)),
    ("2**-1", sp.Rational(1, 2)),
    (r"\sqrt[3]{27}", sp.Integer(3)),
    ("|-3|", sp.Integer(3)),
    ("e^0", sp.Integer(1)),
    (r"e^{\ln 2}", sp.Integer(2)),
    ("0.35", sp.Rational(7, 20)),
    ("1.5e-3", sp.Rational(3, 2000)),
    ("2 3", sp.Integer(6)),
    ("(1+1)(2+1)", sp.Integer(6)),
    (r"2 \cdot 3 \times 4", sp.Integer(24)),
    ("σ^2 − 1", SIGMA**2 - 1),
    (r"\sigma_1 + sigma_1 + sigma1", 3 * S1),
    ("x_m", XM),
    (r"x_{m}", XM),
    ("lambda mu", LAM * MU),
    (r"\lambda\mu", LAM * MU),
])
def test_values(text, expected):
    got = read(text)
    assert sp.simplify(got - expected) == 0, (text, got)


def test_decimal_claims_remember_their_written_digits():
    p = parse_expression("0.4690", {})
    assert p.is_rounded_number and p.half_ulp == sp.Rational(1, 20000)
    assert parse_expression("-2.5e-3", {}).half_ulp == sp.Rational(1, 20000)
    assert not parse_expression("1", {}).is_rounded_number
    assert not parse_expression("0.5 + 1", {}).is_rounded_number
    assert parse_expression("0.4690", {}).latex == "0.4690"


def test_latex_single_character_arguments():
    assert read(r"\frac12") == sp.Rational(1, 2)
    assert read(r"\sigma^23") == 3 * SIGMA**2  # TeX: ^ takes one character


@pytest.mark.parametrize("text, fragment", [
    ("x + 1", "unknown name 'x'"),
    ("alpha", "unknown name"),
    (r"\alpha", "unknown name"),
    (r"\input{a}", r"\input"),
    (r"\def\x{1}", r"\def"),
    ("9**9**9", "digits"),
    ("10^10^10", "digits"),
    ("factorial(10**9)", "larger than"),
    ("gamma(10^6)", "larger than"),
    ("exp(10^9)", "larger than"),
    ("sigma^100000", "larger than"),
    ("1e999", "exponent"),
    ("1" * 1100, "longer than"),
    ("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5), "nested deeper"),
    ("-" * 500 + "1", "nested deeper"),
    ("1/0", "division by zero"),
    ("log(1, 2, 3)", "takes"),
    ("log(", "ends too early"),
    ("(1", "expected ')'"),
    ("1)", "unexpected"),
    ("sigma = 1", "="),
    ("__import__('os')", "not allowed"),
    ("sigma.__class__", "not allowed"),
    ("\u0455igma", "U+0455"),
    ("1\u202e2", "U+202E"),
    ("\ufeff1", "U+FEFF"),
    ("\uff4c\uff4f\uff47(2)", "U+FF4C"),
    ("", "empty"),
    ("1+" * 600 + "1", "tokens"),
], ids=lambda v: repr(v)[:30])
def test_refusals_are_one_line(text, fragment):
    with pytest.raises(ParseError) as info:
        read(text)
    message = str(info.value)
    assert fragment in message and "\n" not in message and len(message) < 400


def test_power_results_are_capped_before_evaluation():
    with pytest.raises(ParseError):
        read("(10^1000)^1000")
    assert len(str(read("10^1999"))) == 2000  # just inside the cap
    with pytest.raises(ParseError, match=str(MAX_DIGITS)):
        read("10^2500")


def test_free_mode_makes_positive_symbols():
    p = parse_expression("log(a*b) + alpha_1", {}, free=True)
    names = {s.name: s for s in p.expr.free_symbols}
    assert set(names) == {"a", "b", "alpha1"} and all(s.is_positive for s in names.values())
    with pytest.raises(ParseError):
        parse_expression("foo", {}, free=True)


def test_tokenizer_reads_greek_and_signs():
    kinds = [(t.kind, t.text) for t in tokenize("2·σ − μ²")]
    assert kinds == [("num", "2"), ("op", "*"), ("cmd", "sigma"), ("op", "-"), ("cmd", "mu"),
                     ("op", "^"), ("num", "2")]


_leaves = st.sampled_from([SIGMA, LAM, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2), sp.pi,
                           sp.E])


def _combine(children):
    return st.one_of(
        st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] - ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] / (ab[1] + 1)),
        children.map(lambda a: sp.log(a**2 + 1)),
        children.map(lambda a: sp.sqrt(a**2 + 1)),
        children.map(lambda a: a**3),
    )


@settings(max_examples=25, deadline=None)
@given(st.recursive(_leaves, _combine, max_leaves=6))
def test_latex_and_plain_round_trip(expr):
    """What SymPy prints (LaTeX with \\ln, and str) our grammar reads back to the same value."""
    point = {SIGMA: sp.Rational(7, 5), LAM: sp.Rational(3, 4)}
    want = expr.subs(point).evalf(30)
    for text in (latex(expr), sp.sstr(expr).replace("**", "^"), sp.latex(expr)):
        got = parse_expression(text, SYMS).expr.subs(point).evalf(30)
        assert abs(got - want) <= 1e-20 * (1 + abs(want)), (text, got, want)


K = sp.Symbol("k", positive=True)
G1 = sp.Symbol("gamma1", positive=True)
SIG2 = sp.Symbol("sigma2", positive=True)
MORE = {"k": K, "gamma1": G1, "sigma2": SIG2, "beta": sp.Symbol("beta", positive=True)}


@pytest.mark.parametrize("text, expected", [
    # what SymPy itself prints (render.latex / sstr), so results can be pasted back
    (r"\operatorname{polygamma}{\left(0,k \right)}", sp.digamma(K)),
    ("polygamma(1, k)", sp.polygamma(1, K)),
    (r"\gamma \left(1 - \frac{1}{k}\right)", sp.EulerGamma * (1 - 1 / K)),
    ("EulerGamma*(1 - 1/k)", sp.EulerGamma * (1 - 1 / K)),
    (r"\Gamma\left(k\right)", sp.gamma(K)),
    (r"\operatorname{loggamma}{\left(k \right)}", sp.loggamma(K)),
    (r"\operatorname{B}\left(k, 2*k\right)", sp.beta(K, 2 * K)),
    ("beta(k, 2)", sp.beta(K, 2)),           # a call: two arguments
    ("beta(k)", MORE["beta"] * K),            # the parameter beta times k
    (r"\gamma_{1} + \sigma_2", G1 + SIG2),
    ("Abs(k - 1)", sp.Abs(K - 1)),
    (r"\operatorname{harmonic}{\left(k \right)}", sp.harmonic(K)),
])
def test_sympy_printed_forms_read_back(text, expected):
    got = parse_expression(text, MORE).expr
    assert sp.simplify(got - expected) == 0, (text, got)


def test_polygamma_order_is_capped():
    with pytest.raises(ParseError, match="order of polygamma"):
        parse_expression("polygamma(100, k)", MORE)


TINY = sp.Rational(1, 10**300)


@pytest.mark.parametrize("text, expected", [
    ("digamma(10^-300)", sp.digamma(TINY)),
    ("Gamma(10^-300)", sp.gamma(TINY)),
    ("lgamma(1e-300)", sp.loggamma(TINY)),
    ("exp(10^-300)", sp.exp(TINY)),
    ("polygamma(1, -10^-300)", sp.polygamma(1, -TINY)),
    ("digamma((10^301 + 1)/10^300)", sp.digamma(sp.Rational(10**301 + 1, 10**300))),
    ("digamma(500)", sp.digamma(500)),
])
def test_a_tiny_or_long_argument_is_read_not_refused(text, expected):
    """An argument's size is its value, not the length of its denominator: on main
    ``digamma(10^-300)`` was refused as 'larger than 500'."""
    assert read(text) == expected


@pytest.mark.parametrize("text, fragment", [
    ("digamma(10^400)", "the argument of digamma is larger than 500"),
    ("Gamma(-10^400)", "the argument of gamma is below -500"),
    ("digamma((500*10^300 + 1)/10^300)", "the argument of digamma is larger than 500"),
    ("exp(10^6 + 1)", "the argument of exp is larger than 1000000"),
])
def test_a_large_argument_is_still_refused_exactly_past_the_bound(text, fragment):
    """Control: the bound itself still holds, to the last digit (500 + 10^-300 is past it)."""
    with pytest.raises(ParseError) as err:
        read(text)
    assert fragment in str(err.value)
