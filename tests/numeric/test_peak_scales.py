"""A user's distribution with a tiny or huge scale (normal(0, 1e-300)): the peak reaches the
quadrature of the step checks and of the reference.

Before the fallback start of :func:`symbolic_info.numeric.peaks.peak_breaks` (a density with
no declared break inside its support: Newton starts from the default cut), the bare
``entropy`` of ``normal(0, 1e-300)`` failed its ``E[x^2]`` step and its reference was
``4.9e-12960911894065120759...`` (the spike of width 1e-300 missed by the light-tail rule
scaled to 1).  The exact values here are the textbook ones (Cover & Thomas, 2nd ed., Table
17.1: ``h = ln(2 pi e sigma^2)/2``; ``E[x^2] = sigma^2``), not the derivation's.
"""

import pytest
import sympy as sp
from negative_controls import corrupt_entry

from symbolic_info import derive
from symbolic_info.catalog import entry, parse_params
from symbolic_info.engine.run import run
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.quadrature import Density, expectation

TEN = sp.Integer(10)


@pytest.mark.parametrize("sigma", [TEN**-300, TEN**-40, TEN**100])
def test_second_moment_of_a_normal_with_no_declared_break(sigma):
    x = sp.Symbol("x", real=True)
    lp = -x**2 / (2 * sigma**2) - sp.log(sigma) - sp.log(2 * sp.pi) / 2
    ctx = new_context(60)
    got = expectation(Density(x, lp, (-sp.oo, sp.oo)), x**2, ctx)
    want = ctx.mpf(sigma) ** 2
    assert abs(got / want - 1) < ctx.mpf(10) ** -55


@pytest.mark.parametrize("name, params, exact", [
    ("entropy", {"X": "normal(0, 1e-300)"},
     sp.log(2 * sp.pi * sp.E * TEN**-600) / 2),
    ("cross-entropy", {"P": "normal(0, 1e-300)", "Q": "normal(0, 2e-300)"},
     sp.log(2 * sp.pi * 4 * TEN**-600) / 2 + sp.Rational(1, 8)),
])
def test_tiny_scale_is_verified_and_a_wrong_closed_form_caught(name, params, exact):
    d = derive(name, **params)
    assert d.verified, d.verification
    ctx = new_context(60)
    assert abs(ctx.mpf(d.value) - ctx.mpf(sp.N(exact, 60))) < ctx.mpf(10) ** -45
    e, texts = entry(name).specialise(params)
    bad = run(corrupt_entry(e, lambda rhs: rhs + TEN**-45), parse_params(e, texts), None, 50)
    assert not bad.verified


def test_tiny_scale_at_high_precision_catches_a_closed_form_off_by_far_below_a_float():
    """The negative control at 400 digits: the entropy of normal(0, 1e-300) (about -689)
    with 10^-297 added agrees with the reference to about 300 digits, not 400 (the scale's
    301 digits lift the working precision to 720 digits; this ran at 1000 digits with
    10^-897, 1.3 minutes on a loaded machine, for the same failure mode)."""
    e, texts = entry("entropy").specialise({"X": "normal(0, 1e-300)"})
    bad = run(corrupt_entry(e, lambda rhs: rhs + TEN**-297), parse_params(e, texts), None, 400)
    assert not bad.verified
    assert 297 <= bad.verification.agree_digits <= 301
