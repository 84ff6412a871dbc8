"""A step's reason renders its mathematics in every output (issue 14).

Reasons are written with their formulas as LaTeX between dollar signs
(:mod:`symbolic_info.output.reasons`); the text format shows them in Unicode, LaTeX and
Markdown keep the math.  Every entry's reasons are written this way, so no entry's
text output may show ASCII mathematics (every catalog entry is checked).
"""

import re

import pytest

from symbolic_info import catalog, derive
from symbolic_info.export import default_params
from symbolic_info.output.reasons import math_pieces, pieces, reason_latex, reason_unicode
from symbolic_info.render import to_json_dict, to_markdown, to_text

ASCII_MATH = (
    ("arrow", r"->"), ("infinity", r"\boo\b"), ("power", r"\*\*"), ("root", r"sqrt\("),
    ("caret power of a digit", r"\w\^\d"), ("comparison or divergence bars", r"<=|>=|\|\|"),
    ("fraction run into a letter", r"\b\d+/\d+[A-Za-z]"),
    ("Greek letter spelled out", r"\b(mu|sigma|lambda|nu|psi|alpha|theta|tau|rho|epsilon|pi)"
                                 r"(_?\d)?\b"),
)
"""What a reason's text must not contain: mathematics written the way a program does."""

def ascii_math(text: str) -> list:
    return [what for what, pattern in ASCII_MATH if re.search(pattern, text)]


def reason_lines(d) -> list:
    """The reasons as the text format prints them (``  3. reason  [badge]``)."""
    return [re.sub(r"^\s+\d+\. |\s+\[[^\]]*\]$", "", line) for line in to_text(d).splitlines()
            if re.match(r"^  \d+\. ", line)]


def test_the_ascii_check_catches_program_mathematics():
    """Negative controls: the reasons as they were written before."""
    for old in ("the variance: E[(X - mu)^2] = sigma^2", "the integral over (-oo, oo)",
                "(1/k) ln W_k -> H(p)", "sqrt(2)*x**2", "substitute the given values: mu1 = 0",
                "ln|Y| - H(Y) = D(q || uniform) >= 0", "E[X^2] + N <= P + N",
                "h = 1/2ln(2π(P + N))"):
        assert ascii_math(old), old
    assert not ascii_math("the variance: E[(X - μ)²] = σ²; the Cauchy distribution")


@pytest.mark.parametrize("name", sorted(catalog()))
def test_reasons_show_their_mathematics_in_unicode(name):
    d = derive(name, **default_params(catalog()[name]))
    lines = reason_lines(d)
    assert len(lines) == len(d.all_steps)
    bad = [line for line in lines if ascii_math(line)]
    assert not bad, (name, bad)


OTHER_CASES = [
    ("capacity", {"channel": "awgn(1, 1)"}),
    ("capacity", {"channel": "[[1/2,1/4,1/4],[1/4,1/2,1/4],[1/4,1/4,1/2]]"}),
    ("capacity", {"channel": "[[1/2,1/2],[1/2,1/2]]"}),
    ("capacity", {"channel": "[[1,0,0,0,0,0,0],[0,1,0,0,0,0,0],[0,0,1,0,0,0,0],[0,0,0,1,0,0,0],"
                             "[0,0,0,0,1,0,0],[0,0,0,0,0,1,0],[0,0,0,0,0,1/2,1/2]]"}),
    ("mutual-information", {"joint": "mvnormal([0,0], [[1, 1/2], [1/2, 1]])"}),
    ("quantised-entropy", {"X": "exponential(1)", "Y": "normal(0, 1)", "delta": "1/10"}),
    ("quantised-entropy", {"X": "laplace(0, 1)", "delta": "1/100"}),  # geometric far tails
]
"""Parameters that take an entry down another path than its defaults (other steps)."""


@pytest.mark.parametrize("name, params", OTHER_CASES)
def test_reasons_on_other_paths_show_their_mathematics_in_unicode(name, params):
    bad = [line for line in reason_lines(derive(name, **params)) if ascii_math(line)]
    assert not bad, (name, bad)


@pytest.mark.parametrize("name, params", [
    ("kl/normal", {"mu1": "0", "sigma1": "1", "mu2": "1", "sigma2": "2"}),
    ("entropy/normal", {"mu": "0", "sigma": "3/2"}),
    ("kl/exponential", {"lambda1": "1", "lambda2": "2"}),
    ("entropy/categorical", {"p": "1/2,1/4,1/4"}),
])
def test_the_substitution_step_names_its_values_as_math(name, params):
    d = derive(name, **params)
    rule = d.substitution.rule
    assert math_pieces(rule)
    line = reason_lines(d)[-1]
    assert not ascii_math(line), line
    assert all(ch not in line for ch in "$\\")


def test_the_linearity_step_is_math_everywhere():
    d = derive("entropy/normal")
    (step,) = [s for s in d.steps if s.rule.startswith("linearity")]
    assert r"$\mathrm{E}[c] = c$" in step.rule
    assert r"\text{linearity of expectation; $\mathrm{E}[c] = c$" in to_markdown(d) or \
        "$\\mathrm{E}[c] = c$" in to_markdown(d)
    row = [s for s in to_json_dict(d)["steps"] if s["rule_latex"] == step.rule][0]
    assert row["rule"] == "linearity of expectation; E[c] = c for a constant c"


def test_words_are_escaped_and_math_is_kept():
    rule = r"50% of $\sigma_{1}^{2}$ & more"
    assert reason_latex(rule, lambda s: s.replace("%", r"\%").replace("&", r"\&")) == \
        r"50\% of $\sigma_{1}^{2}$ \& more"
    assert reason_unicode(rule) == "50% of σ₁² & more"


def test_an_unmatched_dollar_is_text():
    assert pieces("costs $5") == [(False, "costs $5")]
    assert reason_latex("costs $5", lambda s: s.replace("$", r"\$")) == r"costs \$5"
    assert reason_unicode("costs $5") == "costs $5"
