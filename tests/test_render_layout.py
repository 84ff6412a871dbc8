"""Long equations break into aligned rows that each fit the width budget; short ones do not.

Every case is an expression the old row breaker could not cut (it split a side only at
its top-level + and -): a sum inside an expectation or a logarithm, a long product, a
fraction with a long numerator, an asymptotic expansion, digamma products, an evaluation
bar around a derivative, an 80-digit exact number, a long left side.  Each row is
measured with the width estimate (:mod:`symbolic_info.output.render_width`, itself checked
against Chromium in ``tests/test_render_width.py``); the browser test
``tests/web/test_e2e_fit.py`` measures the catalog's real formulas.
"""

import re

import pytest
import sympy as sp

from symbolic_info.output.render_latex import latex
from symbolic_info.output.render_layout import (
    APP_BUDGET,
    APP_COLUMN_PX,
    KATEX_EM_PX,
    equation_latex,
)
from symbolic_info.output.render_width import TOLERANCE, tex_width
from symbolic_info.symbolic.expectation import Expect, P

BUDGET = 16.0
x, k, p = sp.Symbol("x", positive=True), sp.Symbol("k", positive=True), sp.Symbol("p")
a = sp.symbols("alpha beta gamma delta epsilon zeta eta theta", positive=True)


def cells(tex: str) -> list:
    """``(left, right)`` cells of each row of an ``aligned`` block, read independently of
    the code under test."""
    m = re.fullmatch(r"\\begin\{aligned\}\n(.*)\n\\end\{aligned\}", tex, re.S)
    if m is None:
        return [("", tex)]
    return [tuple(r.split("&", 1)) if "&" in r else (r, "") for r in m.group(1).split(" \\\\\n")]


def width(tex: str) -> float:
    """The aligned block's width: its widest left cell plus its widest right cell."""
    rows = cells(tex)
    return max(tex_width(left) for left, _ in rows) + max(tex_width("{}" + r) for _, r in rows)


def balanced(row: str) -> bool:
    """Each row is a formula of its own: braces and \\left/\\right pairs close in it."""
    depth = 0
    for ch in row.replace(r"\{", "").replace(r"\}", ""):
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    fences = len(re.findall(r"\\left(?![a-z])", row)) - len(re.findall(r"\\right(?![a-z])", row))
    return depth == 0 and fences == 0


def assert_broken_to_fit(tex: str, budget: float = BUDGET, rows: int = 2) -> None:
    shape = cells(tex)
    assert len(shape) >= rows, tex
    assert width(tex) <= budget, (round(width(tex), 2), tex)
    for left, right in shape:
        assert balanced(left) and balanced(right), (left, right)
    assert r"\vphantom" not in tex  # KaTeX widens a display by a phantom's hidden content


LONG = {
    "sum in an expectation": Expect(sp.Add(*[ai * sp.log(x + ai) for ai in a]), P),
    "sum in a logarithm": sp.log(sp.Add(*[sp.exp(ai * x) for ai in a])),
    "negated sum": sp.Mul(-1, sp.Add(*[ai * sp.log(ai) for ai in a]), evaluate=False),
    "product": sp.Mul(*[sp.gamma(ai + x) for ai in a]),
    "wide fraction": sp.gamma(a[0]) / sp.Mul(*[sp.sqrt(ai) * (1 + x / ai) ** ai for ai in a[1:]]),
    "long numerator": sp.Add(*[sp.log(ai) / 2 for ai in a]) / k,
    "digamma products": sp.Add(*[(ai - a[0]) * sp.digamma(ai) * sp.digamma(ai + a[0])
                                 for ai in a[1:]]),
    "asymptotic expansion": sp.Add(*[ai * k * sp.log(ai * k) for ai in a]) - k
    + sp.O(1 / k, (k, sp.oo)),
    "derivative at a point": sp.Subs(sp.Derivative(sp.Add(*[ai * p * sp.log(p + ai) for ai in a]),
                                                   p), p, sp.Rational(1, 2)),
    "power of a sum": sp.Add(*[ai * x for ai in a]) ** (k + 1),
    "summand of a sum": sp.Sum(sp.Add(*[ai ** k * sp.log(ai + k) for ai in a]), (k, 0, sp.oo)),
}


@pytest.mark.parametrize("name", LONG)
def test_a_long_expression_breaks_into_rows_that_fit(name):
    tex = equation_latex(["h", LONG[name]], budget=BUDGET)
    assert_broken_to_fit(tex)


@pytest.mark.parametrize("name", LONG)
def test_the_app_budget_holds_too(name):
    tex = equation_latex([r"D(P\,\|\,Q)", LONG[name]])
    assert tex_width(latex(LONG[name])) <= APP_BUDGET or width(tex) <= APP_BUDGET, tex


@pytest.mark.parametrize("expr", [a[0] + 1, sp.log(a[0]) * sp.digamma(a[1]), sp.O(1 / k, (k, sp.oo))
                                  + k, Expect(sp.log(x), P)])
def test_a_short_expression_stays_on_one_line(expr):
    tex = equation_latex(["h", expr], budget=BUDGET)
    assert "aligned" not in tex and tex == "h = " + latex(expr)


def test_rows_join_back_to_the_same_terms():
    """Breaking only moves terms to rows: each term of the sum appears once, in order."""
    expr = sp.Add(*[ai * sp.log(ai) for ai in a])
    tex = equation_latex(["H", expr], budget=BUDGET)
    body = " ".join(r for _, r in cells(tex))
    found = [body.index(latex(ai) + r" \ln") for ai in sorted(a, key=sp.default_sort_key)]
    assert len(found) == len(a) and len(cells(tex)) > 1


def test_order_term_ends_the_expansion_and_digamma_prints_psi():
    tex = equation_latex(["S", LONG["asymptotic expansion"]], budget=BUDGET)
    assert cells(tex)[-1][1].rstrip().endswith(r"k\rightarrow \infty\right)")
    tex = equation_latex(["D", LONG["digamma products"]], budget=BUDGET)
    assert r"\psi\left(" in tex and "digamma" not in tex and "polygamma" not in tex


def test_a_long_number_wraps_and_keeps_every_digit():
    """A decimal of 79 digits wraps over rows with every digit kept (an integer that long
    prints by its leading digits and size since long_numbers, checked below)."""
    n = int("1126718285587959124860670101474817489356772561205276188938747479929600652966467")
    expr = sp.Float("0." + str(n), 85) * sp.exp(-sp.Rational(76833757, 10**7))
    tex = equation_latex(["", expr], budget=BUDGET)
    assert width(tex) <= BUDGET
    assert str(n) in re.sub(r"[^0-9]|\\\\", "", tex.replace("76833757", "").replace(
        "10000000", ""))
    whole = equation_latex(["", sp.Rational(n, 5184) * sp.exp(-sp.Rational(76833757, 10**7))],
                           budget=BUDGET)
    assert width(whole) <= BUDGET
    assert r"1.1267182855\ldots \cdot 10^{78}" in whole


def test_a_long_left_side_stands_on_its_own_row():
    """The rows after a long left side start at the left column's edge: they must fit with
    it (the old breaker forgot its width and overflowed)."""
    lhs = sp.Add(*[-ai * sp.log(ai) for ai in a[:5]])
    rhs = sp.Add(*[-ai * sp.log(ai / (a[0] + a[1])) for ai in a[:5]])
    tex = equation_latex([lhs, rhs], budget=24)
    assert_broken_to_fit(tex, budget=24)
    assert cells(tex)[0][0].strip() == ""  # the left side sits in the right column


def test_a_formula_that_cannot_fit_is_seen_by_the_check():
    """Negative control: a single symbol wider than the budget cannot be cut, and the
    checks above report it."""
    name = sp.Symbol(r"\text{" + "w" * 60 + "}")
    tex = equation_latex(["h", name + 1], budget=BUDGET)
    with pytest.raises(AssertionError):
        assert_broken_to_fit(tex)


def test_the_budget_leaves_room_for_the_estimates_error():
    column = APP_COLUMN_PX / KATEX_EM_PX
    assert APP_BUDGET * (1 + TOLERANCE) < column
    assert APP_BUDGET > 0.85 * column  # and does not waste the column
