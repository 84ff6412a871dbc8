"""The gamma family's right tail as a finite sum (integer and half-integer shapes).

Expected values: mpmath's regularised incomplete gamma function at 150 digits in a fresh
context (the definition Q(k, z) = Gamma(k, z) / Gamma(k)), at small, moderate and far
arguments; negative control: a sum one term short is caught at the same tolerance.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.families.tails import family_tails, upper_regularised
from symbolic_info.numeric.context import compile_expr, new_context

Z = sp.Symbol("z", positive=True)


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


@pytest.mark.parametrize("k", ["1", "2", "1/2", "5/2", "7/2", "30", "59/2"])
@pytest.mark.parametrize("z", ["1e-30", "0.001", "2.5", "37.75", "700"])
def test_the_finite_sum_is_the_regularised_incomplete_gamma(k, z):
    ref = _ctx(150)
    kk = sp.Rational(k)
    form = upper_regularised(kk, Z)
    assert not form.has(sp.uppergamma)
    got = compile_expr(form, [Z], new_context(60))(new_context(60).mpf(z))
    want = ref.gammainc(ref.mpf(kk.p) / kk.q, ref.mpf(z), ref.inf, regularized=True)
    assert abs(ref.mpf(got) / want - 1) < ref.mpf(10) ** -55, (k, z)


def test_negative_control_a_sum_one_term_short_is_caught():
    ref = _ctx(150)
    short = sp.erfc(sp.sqrt(Z)) + sp.exp(-Z) * 2 * sp.sqrt(Z) / sp.sqrt(sp.pi)  # Q(3/2)
    got = compile_expr(short, [Z], new_context(60))(new_context(60).mpf("2.5"))
    want = ref.gammainc(ref.mpf(5) / 2, ref.mpf("2.5"), ref.inf, regularized=True)
    assert abs(ref.mpf(got) / want - 1) > 1e-3


def test_other_shapes_keep_the_incomplete_gamma_function():
    assert upper_regularised(sp.Rational(1, 3), Z).has(sp.uppergamma)
    assert upper_regularised(sp.Integer(31), Z).has(sp.uppergamma)


def test_the_gamma_family_uses_the_sum_for_its_right_tail():
    x = sp.Symbol("x", real=True)
    t = family_tails("gamma", {"k": sp.Rational(5, 2), "theta": sp.Integer(2)}, x)
    right = t.pieces[0][2]
    assert right.has(sp.erfc) and not right.has(sp.uppergamma)
