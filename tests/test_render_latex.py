"""Formulas as a textbook prints them (symbolic_info.output.render_latex), for every catalog entry.

The printer changes only how an expression is written: the tests compare the printed
forms with the textbook's and check, from the expressions, that nothing was rewritten.
"""

import math
import random
import re

import mpmath
import pytest
import sympy as sp

from symbolic_info import catalog, derive
from symbolic_info.engine import run as run_module
from symbolic_info.export import default_params
from symbolic_info.output.render_latex import (
    big_integer_latex,
    decimal_digits,
    display_form,
    latex,
    prime_powers_latex,
    sigma_groups,
)
from symbolic_info.render import result_latex, to_markdown
from symbolic_info.web.view import latex_strings

x, mu = sp.symbols("x mu", real=True)
sigma = sp.Symbol("sigma", positive=True)


@pytest.fixture(scope="module")
def every_entry():
    return {name: latex_strings(derive(name, dps=50, **default_params(e)))
            for name, e in catalog().items()}


def test_normal_density_in_its_standard_form():
    f = sp.sqrt(2) * sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / (2 * sp.sqrt(sp.pi) * sigma)
    assert latex(f) == (r"\frac{1}{\sigma \sqrt{2 \pi}} e^{- \frac{\left(x - \mu\right)^{2}}"
                        r"{2 \sigma^{2}}}")
    assert sp.latex(f) != latex(f)  # SymPy's own printer writes (-mu + x) and sqrt(2)/(2 sqrt(pi))


def test_positive_terms_first_and_all_negative_sums_kept():
    assert latex(x - mu) == r"x - \mu"
    assert latex(-x - mu) in (r"- \mu - x", r"- x - \mu")
    assert latex(1 - sp.log(2)) == r"1 - \ln{\left(2 \right)}"


def test_order_term_ends_an_asymptotic_expansion():
    """``k ln k - k + O(1/k)``, as the expansion is written, not ``k ln k + O(1/k) - k``."""
    k = sp.Symbol("k", positive=True)
    tex = latex(k * sp.log(k) - k - sp.log(2 * sp.pi * k) / 2 + sp.O(1 / k, (k, sp.oo)))
    assert tex.startswith(r"k \ln")
    assert tex.endswith(r"O\left(\frac{1}{k}; k\rightarrow \infty\right)")
    assert tex.count("O\\left") == 1


def test_special_functions_as_a_textbook_writes_them():
    a1, b1 = sp.symbols("alpha1 beta1", positive=True)
    assert latex(sp.beta(a1, b1)) == r"\operatorname{B}\left(\alpha_{1}, \beta_{1}\right)"
    assert latex(sp.loggamma(a1 + b1)) == r"\ln\Gamma\left(\alpha_{1} + \beta_{1}\right)"
    assert latex(sp.log(sp.gamma(a1))) == r"\ln\Gamma\left(\alpha_{1}\right)"
    assert latex((a1 - 1) * sp.digamma(a1)) == \
        r"\left(\alpha_{1} - 1\right) \psi\left(\alpha_{1}\right)"
    assert latex(sp.log(a1)) == r"\ln{\left(\alpha_{1} \right)}"  # other logarithms unchanged


def test_no_machine_names_in_any_entry(every_entry):
    for name, strings in every_entry.items():
        for s in strings:
            assert not re.search(r"operatorname\{(loggamma|digamma|polygamma)\}", s), (name, s)
            assert not re.search(r"\\operatorname\{B\}\\left\([a-z]", s), (name, s)


def test_no_logarithm_of_a_root_of_a_number():
    assert latex(2 * sp.log(sp.sqrt(sp.pi))) == r"\ln{\left(\pi \right)}"
    assert "sqrt" not in latex(sp.Rational(1, 2) + sp.log(sp.sqrt(sp.pi)))


@pytest.mark.parametrize("seed", range(20))
def test_display_form_is_equal(seed):
    rng = random.Random(seed)
    a, b = sp.Rational(rng.randint(1, 50), rng.randint(1, 9)), sp.Rational(rng.randint(1, 7), 3)
    e = rng.randint(-3, 3) * sp.log(a**b) + sp.log(sp.pi ** sp.Rational(1, rng.randint(2, 5)))
    ctx = mpmath.MPContext()
    ctx.dps = 60
    lhs, rhs = sp.N(e, 60), sp.N(display_form(e), 60)
    assert abs(lhs - rhs) <= 10**-50 * max(1, abs(lhs))


def test_huge_integers_as_powers_of_ten():
    assert latex(sp.log(sp.Integer(10) ** 400)) == r"\ln{\left(10^{400} \right)}"
    assert latex(sp.Integer(7) * 10**30) == r"7 \cdot 10^{30}"
    assert big_integer_latex(10**14) is None and big_integer_latex(10**15) == "10^{15}"
    assert latex(sp.Integer(2) ** 80) == "2^{80}"  # no trailing zeros: prime powers
    # a long prime keeps its digits, unless it is a power minus a small number (2^89 - 1)
    prime = int(sp.prevprime(3 * 10**25))
    assert latex(sp.Integer(prime)) == str(prime)
    assert latex(sp.Integer(2**89 - 1)) == r"\left(2^{89} - 1\right)"


def test_sigma_groups_keep_the_sum():
    """The collapsed sum, expanded back over its index range, is the original sum."""
    ps = sp.symbols("p1:7", positive=True)
    terms = [-p * sp.log(p) for p in ps] + [sp.Integer(3)]
    groups = sigma_groups(terms)
    assert len(groups) == 2 and groups[1] == 3
    _, template, lo, hi = groups[0]
    i = [s for s in template.free_symbols if s.name == "p_i"][0]
    assert sp.expand(sum(template.xreplace({i: ps[k - 1]}) for k in range(lo, hi + 1))
                     - sum(terms[:-1])) == 0
    assert latex(sum(terms)) == r"3 - \sum_{i=1}^{6} p_{i} \ln{\left(p_{i} \right)}"
    assert "sum" not in latex(sum(terms[:3]))  # three terms stay written out


def test_maxent_discrete_mean_is_written_with_sigmas(every_entry):
    strings = every_entry["maxent/discrete-mean"]
    assert any(r"\sum_{i=1}^{6}" in s for s in strings)
    assert max(len(s) for s in strings) < 700  # was 2,600 px wide, about 1,500 characters


def _long_number(s: str) -> bool:
    return re.search(r"\d{16}", s) is not None


def test_no_cas_artefacts_in_any_entry(every_entry):
    for name, strings in every_entry.items():
        for s in strings:
            assert not re.search(r"\\left\(- \\?[a-z]+(_\{\d\})? \+ ", s), (name, s)
            assert not re.search(r"\\ln\{\\left\(\\sqrt\{[\d \\pi]+\} \\right", s), (name, s)
            assert not _long_number(s), (name, s)


def test_information_gain_prints_no_long_number(every_entry):
    """Its Bayes checks were printed with an 80-digit exact rational (issue 14)."""
    assert every_entry["information-gain"]
    assert not any(_long_number(s) for s in every_entry["information-gain"])


@pytest.mark.parametrize("factors", [{7: 10, 11: 11}, {2: 70}, {3: 5, 997: 6},
                                     {2: 3, 1000003: 4}])
def test_long_integers_print_as_prime_powers(factors):
    n = math.prod(b**e for b, e in factors.items())
    tex = prime_powers_latex(n)
    assert not _long_number(tex)
    shown = [re.fullmatch(r"(\d+)(?:\^\{(\d+)\})?", f.strip()).groups()
             for f in tex.split(r"\cdot")]
    assert math.prod(int(b) ** int(e or 1) for b, e in shown) == n
    assert prime_powers_latex(-n) == "-" + tex


def test_integers_without_a_short_factorisation_keep_their_digits():
    """Negative controls: a long prime, a product of two long primes, a short integer."""
    assert prime_powers_latex(2**89 - 1) is None
    assert prime_powers_latex((2**61 - 1) * (2**31 - 1)) is None
    assert prime_powers_latex(7**10) is None  # 9 digits: short enough as it is


def test_substituted_values_are_their_own_checked_step():
    d = derive("entropy/normal", sigma="3/2")
    sub = d.substitution
    assert sub is not None and sub.check.ok and sub is d.all_steps[-1]
    assert sub.lhs == d.steps[-1].rhs and sub.at == ((sigma, sp.Rational(3, 2)),)
    assert result_latex(d).startswith(r"h(X)\big|_{\sigma = \frac{3}{2}} = ")
    md = to_markdown(d)
    assert r"h(X)\big|_{\sigma = \frac{3}{2}} = " in md
    value = sp.log(2 * sp.pi * sp.E * sp.Rational(9, 4)) / 2  # Cover & Thomas, Example 8.1.2
    assert abs(sp.N(d.result - value, 50)) < 1e-45
    assert derive("entropy/normal").substitution is None  # symbolic: nothing substituted


def test_a_wrong_substitution_is_caught(monkeypatch):
    """Negative control: a result that is not the closed form at the values fails its step."""
    monkeypatch.setattr(run_module, "_tidy", lambda expr: expr + sp.Rational(1, 10**30))
    run_module.checked_steps.cache_clear()
    d = derive("entropy/exponential", **{"lambda": "7/3"})
    assert not d.substitution.check.ok and not d.verified


def test_big_parameter_shows_as_power_of_ten():
    d = derive("entropy/normal", sigma="1e100")
    assert r"\sigma = 10^{100}" in result_latex(d)
    assert r"10^{200}" in result_latex(d)


@pytest.mark.parametrize("name, spelled", [
    ("entropy/student_t", "Student's t distribution"), ("entropy/cauchy", "Cauchy"),
    ("kl/weibull", "Weibull"), ("cross-entropy/gumbel", "Gumbel"), ("entropy/f", "F distribution"),
    ("kl/maxwell", "Maxwell–Boltzmann"), ("entropy/chi_squared", "chi-squared"),
    ("entropy/normal", "the normal distribution"),
])
def test_titles_spell_names_as_the_literature_does(name, spelled):
    assert spelled in catalog()[name].title


LAM = sp.Symbol("lambda", positive=True)


@pytest.mark.parametrize("expr", [
    sp.sqrt(5) * (sigma + LAM),
    sp.sqrt(5) * (sigma + 1),
    -sp.sqrt(2) * (sigma - mu),
    sp.sqrt(3) * (sigma + LAM) / 2,
    sp.sqrt(3) * (sigma + LAM) / (2 * (mu + 3)),
    sp.sqrt(sp.Rational(2, 3)) * (sigma + LAM) * mu,
])
def test_a_sum_times_a_root_keeps_its_brackets(expr):
    """The printed form reads back (the checker's grammar, LaTeX mode) to the same value:
    ``sqrt(5) (sigma + lambda)`` once printed as ``\\lambda + \\sigma \\sqrt{5}``."""
    from symbolic_info.checker.grammar import parse_expression

    names = {"sigma": sigma, "lambda": LAM, "mu": mu}
    point = {sigma: sp.Rational(7, 5), LAM: sp.Rational(3, 4), mu: sp.Rational(-2, 7)}
    printed = latex(expr)
    got = parse_expression(printed, names).expr.subs(point)
    assert sp.simplify(got - expr.subs(point)) == 0, printed


def test_negative_control_a_root_without_brackets_reads_differently():
    from symbolic_info.checker.grammar import parse_expression

    names = {"sigma": sigma, "lambda": LAM}
    wrong = parse_expression(r"\lambda + \sigma \sqrt{5}", names).expr
    assert sp.simplify(wrong - sp.sqrt(5) * (sigma + LAM)) != 0


@pytest.mark.parametrize("base, power, plus", [(3, 9000, 1), (-7, 6001, -1), (3, 9001, 10**7)],
                         ids=["3^9000+1", "-(7^6001+1)", "3^9001+10^7"])
def test_integers_too_long_to_print_show_their_leading_digits_and_size(base, power, plus):
    """Python refuses str() of more than 4,300 digits: such a number (the evidence of a
    conjugate model with many observations) printed as an internal error."""
    n = base**power + plus
    tex = latex(sp.Rational(n, 3))
    shown = re.fullmatch(r"(- )?\\frac\{(\d)\.(\d+)\\ldots \\cdot 10\^\{(\d+)\}\}\{3\}", tex)
    assert shown, tex
    sign, lead, rest, exponent = shown.groups()
    with mpmath.workdps(40):  # independent: log10 and the mantissa of |n| in floating point
        size = power * mpmath.log10(abs(base))
        mantissa = mpmath.power(10, size - mpmath.floor(size))
    assert int(exponent) == int(mpmath.floor(size)) == decimal_digits(n) - 1
    assert abs(mpmath.mpf(f"{lead}.{rest}") - mantissa) < mpmath.mpf(10) ** -len(rest)
    assert bool(sign) == (n < 0)


def test_a_power_of_ten_plus_one_too_long_to_print_is_written_as_such():
    """10^4400 + 1 (4401 digits) is 10^{4400} + 1, not its leading digits."""
    assert latex(sp.Rational(10**4400 + 1, 3)) == r"\frac{10^{4400} + 1}{3}"


def test_long_integers_with_small_prime_factors_keep_their_factorisation():
    assert big_integer_latex(2**20000) == "2^{20000}"
    assert big_integer_latex(3**9000 * 5) == r"3^{9000} \cdot 5"
