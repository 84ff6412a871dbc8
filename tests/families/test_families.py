"""The family table (symbolic_info.families) and its numeric view (quadrature).

Each family's data is checked against itself from independent angles: the
expanded log-density equals the log of the textbook density, the density
integrates to 1, each listed expectation matches quadrature, and the density
matches scipy.stats' own logpdf.  The double-exponential quadrature is
checked on the hard cases (heavy tails, endpoint singularities) against
closed forms computed here with mpmath.
"""

from __future__ import annotations

import re

import mpmath
import pytest
import sympy as sp
from family_samples import admissible, scipy_dist

from symbolic_info.core import DerivationError
from symbolic_info.families import FAMILIES
from symbolic_info.numeric.context import compile_expr, new_context
from symbolic_info.numeric.quadrature import Density, differential_entropy, expectation
from symbolic_info.output.reasons import reason_unicode

NAMES = sorted(FAMILIES)


def point_of(name: str, v: dict) -> dict:
    fam = FAMILIES[name]
    return {fam.symbol(k): x for k, x in v.items()}


def test_all_21_families_with_contract_parameter_names():
    expected = {
        "normal": ["mu", "sigma"], "exponential": ["lambda"], "uniform": ["a", "b"],
        "laplace": ["mu", "b"], "gamma": ["k", "theta"], "beta": ["alpha", "beta"],
        "cauchy": ["x0", "gamma"], "logistic": ["mu", "s"], "lognormal": ["mu", "sigma"],
        "maxwell": ["a"], "rayleigh": ["sigma"], "weibull": ["k", "lambda"],
        "student_t": ["nu", "mu", "sigma"], "chi_squared": ["k"], "chi": ["k"],
        "pareto": ["x_m", "alpha"], "gumbel": ["mu", "beta"], "erlang": ["k", "lambda"],
        "f": ["d1", "d2"], "triangular": ["a", "b", "c"],
        "generalized_normal": ["mu", "alpha", "beta"],
    }
    assert {n: [p.name for p in f.params] for n, f in FAMILIES.items()} == expected


@pytest.mark.parametrize("name", NAMES)
def test_logpdf_is_log_of_pdf_and_matches_scipy(name):
    """Pointwise, at random parameters and x: ln(pdf) = logpdf = scipy's logpdf."""
    fam = FAMILIES[name]
    ctx = new_context(30)
    for seed in range(2):
        v = admissible(name, seed)
        dist = scipy_dist(name, v)
        point = point_of(name, v)
        symbols = [fam.var, *point]
        pdf_f = compile_expr(fam.pdf, symbols, ctx)
        lp_f = compile_expr(fam.logpdf, symbols, ctx)
        values = [ctx.mpf(int(x.p)) / int(x.q) for x in point.values()]
        for q in (0.1, 0.5, 0.93):
            x = ctx.mpf(float(dist.ppf(q)))
            pdf, lp = pdf_f(x, *values), lp_f(x, *values)
            assert abs(ctx.log(pdf) - lp) < ctx.mpf(10) ** -25
            assert float(lp) == pytest.approx(dist.logpdf(float(x)), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_density_integrates_to_one_and_expectations_match_quadrature(name):
    fam = FAMILIES[name]
    ctx = new_context(40)
    v = admissible(name, "mass")
    point = point_of(name, v)
    dens = fam.density().at(point)
    assert abs(expectation(dens, sp.Integer(1), ctx) - 1) < ctx.mpf(10) ** -35
    for g, value, reason in fam.expectations:
        assert reason and re.search(r"E[\[|]", reason_unicode(reason)), reason
        claimed = compile_expr(sp.sympify(value).subs(point), [], ctx)()
        assert abs(expectation(dens, g.subs(point), ctx) - claimed) < ctx.mpf(10) ** -33


def test_wrong_expectation_value_is_detected_by_quadrature():
    """Negative control: E[ln X] of a gamma with the sign of ln theta flipped."""
    fam = FAMILIES["gamma"]
    k, theta = fam.symbol("k"), fam.symbol("theta")
    point = {k: sp.Rational(3, 2), theta: sp.Integer(2)}
    ctx = new_context(30)
    got = expectation(fam.density().at(point), sp.log(fam.var), ctx)
    wrong = mpmath.digamma(1.5) - mpmath.log(2)
    assert abs(got - wrong) > 1


@pytest.mark.parametrize(
    ("name", "values", "rule"),
    [("uniform", {"a": 2, "b": 1}, "a < b"), ("triangular", {"a": 0, "b": 1, "c": 2}, "a < c < b"),
     ("triangular", {"a": 0, "c": 0}, "a < c < b")],
)
def test_cross_parameter_rules(name, values, rule):
    with pytest.raises(DerivationError, match=rule):
        FAMILIES[name].check({k: sp.Integer(x) for k, x in values.items()})


def _x():
    return sp.Symbol("x", positive=True)


@pytest.mark.parametrize(
    ("title", "logpdf", "support", "breaks", "exact"),
    [
        # Pareto(1, 1/10): heavy tail x^-1.1; h = ln(x_m/alpha) + 1/alpha + 1
        ("pareto tail", sp.log(sp.Rational(1, 10)) - sp.Rational(11, 10) * sp.log(_x()),
         (1, sp.oo), (2,), lambda m: m.log(10) + 11),
        # Beta(1/5, 1/4): both ends singular; ln B - (a-1)psi(a) - (b-1)psi(b) + (a+b-2)psi(a+b)
        ("beta singular ends",
         -sp.Rational(4, 5) * sp.log(_x()) - sp.Rational(3, 4) * sp.log(1 - _x())
         - sp.log(sp.gamma(sp.Rational(1, 5))) - sp.log(sp.gamma(sp.Rational(1, 4)))
         + sp.log(sp.gamma(sp.Rational(9, 20))),
         (0, 1), (sp.Rational(4, 9),),
         lambda m: (m.log(m.beta(m.mpf(1) / 5, m.mpf(1) / 4))
                    + m.mpf(4) / 5 * m.digamma(m.mpf(1) / 5)
                    + m.mpf(3) / 4 * m.digamma(m.mpf(1) / 4)
                    - m.mpf(31) / 20 * m.digamma(m.mpf(9) / 20))),
    ],
)
def test_quadrature_hard_cases_to_full_precision(title, logpdf, support, breaks, exact):
    ctx = new_context(50)
    dens = Density(_x(), logpdf, support, breaks)
    got = differential_entropy(dens, ctx)
    with mpmath.workdps(60):
        want = exact(mpmath.mp)
    assert abs(got - want) < mpmath.mpf(10) ** -45, title


def test_student_t_with_half_a_degree_of_freedom():
    """t(1/2): density ~ |x|^-1.5; reference formula computed here with mpmath."""
    x = sp.Symbol("x", real=True)
    nu = sp.Rational(1, 2)
    logpdf = (sp.log(sp.gamma((nu + 1) / 2)) - sp.log(sp.gamma(nu / 2)) - sp.log(nu * sp.pi) / 2
              - (nu + 1) / 2 * sp.log(1 + x**2 / nu))
    ctx = new_context(50)
    got = differential_entropy(Density(x, logpdf, (-sp.oo, sp.oo), (-1, 1)), ctx)
    with mpmath.workdps(60):
        n = mpmath.mpf(1) / 2
        want = ((n + 1) / 2 * (mpmath.digamma((n + 1) / 2) - mpmath.digamma(n / 2))
                + mpmath.log(mpmath.sqrt(n) * mpmath.beta(n / 2, mpmath.mpf(1) / 2)))
    assert abs(got - want) < mpmath.mpf(10) ** -45
