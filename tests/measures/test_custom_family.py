"""Recognising a density written out as a catalog family, wherever its mass sits.

The fit's points and starting values come from the density's own mode and width
(``measures/family_fit.py``, ``numeric/mode_width.py``); acceptance stays exact
(``custom_family.matches``: the formulas are equal).  ``normal(5, 1)`` written out was not
recognised (fit points 5 widths from its centre, Newton from random starts did not converge).
"""

from dataclasses import replace

import pytest
import sympy as sp

from symbolic_info.families import FAMILIES
from symbolic_info.language import parse_distribution
from symbolic_info.measures.custom_family import family_density, matches, recognise
from symbolic_info.measures.family_fit import anchor, fit, roles
from symbolic_info.numeric.context import compile_expr, new_context

R = sp.Rational


@pytest.mark.parametrize("text, expected", [
    ("exp(-(x-5)^2/2)/sqrt(2*pi) on (-oo, oo)", ("normal", {"mu": 5, "sigma": 1})),
    ("10*exp(-50*(x+40)^2)/sqrt(2*pi) on (-oo, oo)", ("normal", {"mu": -40, "sigma": R(1, 10)})),
    ("exp(-abs(x-7)/2)/4 on (-oo, oo)", ("laplace", {"mu": 7, "b": 2})),
    ("x^2*exp(-x/2)/16 on [0, oo)", ("gamma", {"k": 3, "theta": 2})),
    ("40*exp(-40*x) on [0, oo)", ("exponential", {"lambda": 40})),
    ("1/(pi*(1+(x-10^6)^2)) on (-oo, oo)", ("cauchy", {"x0": 10**6, "gamma": 1})),
])
def test_a_family_written_out_is_recognised_with_its_parameters(text, expected):
    assert recognise(parse_distribution(text)) == expected


@pytest.mark.parametrize("name, values", [
    ("logistic", {"mu": -1000, "s": R(1, 3)}),
    ("student_t", {"nu": 5, "mu": -100, "sigma": R(1, 100)}),
    ("generalized_normal", {"mu": 20, "alpha": 5, "beta": 8}),
])
def test_far_off_and_shaped_members_are_recognised(name, values):
    """Each was missed before (a location far from 0; a shape far from the sampled ones:
    generalized normal beta = 8, matched by the width ratio at two falls of ln f)."""
    form = parse_distribution("1 on (-oo, oo)")
    form = replace(form, density=family_density(name, values, form.var))
    assert recognise(form) == (name, values)


@pytest.mark.parametrize("text", [
    # a normal times (1 + x^2)/2: a density (E[1 + X^2] = 2), bimodal, no family's
    "exp(-x^2/2)*(1+x^2)/(2*sqrt(2*pi)) on (-oo, oo)",
    # an equal mixture of normal(-2, 1) and normal(2, 1), written out
    "(exp(-(x-2)^2/2) + exp(-(x+2)^2/2))/(2*sqrt(2*pi)) on (-oo, oo)",
    # normal(5, 1) with a normaliser off by 10^-20: numerically a member to 20 digits
    "(1 + 10^-20)*exp(-(x-5)^2/2)/sqrt(2*pi) on (-oo, oo)",
    # a shifted exponential: its support [1, oo) is no family's (no location parameter)
    "2*exp(-2*(x-1)) on [1, oo)",
])
def test_no_family_member_is_not_recognised(text):
    assert recognise(parse_distribution(text)) is None


def test_a_wrong_parameter_is_caught_by_the_exact_check():
    form = parse_distribution("exp(-(x-5)^2/2)/sqrt(2*pi) on (-oo, oo)")
    assert matches(form.density, form.var, "normal", {"mu": 5, "sigma": 1})
    tiny = R(1, 10**30)
    assert not matches(form.density, form.var, "normal", {"mu": 5 + tiny, "sigma": 1})
    assert not matches(form.density, form.var, "normal", {"mu": 5, "sigma": 1 + tiny})
    assert not matches(form.density, form.var, "laplace", {"mu": 5, "b": 1})


def test_roles_of_parameters():
    ctx = new_context(40)
    assert roles(FAMILIES["normal"], "real", ctx) == {"mu": "location", "sigma": "scale"}
    assert roles(FAMILIES["student_t"], "real", ctx) == {"mu": "location", "sigma": "scale"}
    assert roles(FAMILIES["exponential"], "positive", ctx) == {"lambda": "rate"}
    # negative control: the lognormal's mu moves ln x, not x; its sigma stretches ln x
    assert roles(FAMILIES["lognormal"], "positive", ctx) == {}


def test_fit_finds_the_parameters_or_nothing():
    ctx = new_context(40)
    x = FAMILIES["normal"].var
    log_f = compile_expr(sp.log(sp.exp(-(x - 5) ** 2 / 2) / sp.sqrt(2 * sp.pi)), [x], ctx)
    anchored = anchor(log_f, "real", ctx)
    (values,) = fit(FAMILIES["normal"], log_f, "real", ctx, anchored)
    assert abs(values[0] - 5) < ctx.mpf(10) ** -30 and abs(values[1] - 1) < ctx.mpf(10) ** -30
    assert fit(FAMILIES["laplace"], log_f, "real", ctx, anchored) == []
