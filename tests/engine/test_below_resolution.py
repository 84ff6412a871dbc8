"""A value below its own rounding noise (rule 4 of engine/reference_check.py, issue 13):
``H(X_delta) - H(Y_delta)`` for two normals 1e-20 apart is about 1e-857, made of terms near
3.5, and was shown as ``-6e-242, NOT VERIFIED`` (a digit of noise).  It is now written
``0e-k`` (zero to within 1e-k, no digit of the noise) and verified when the reference is
rounding noise too.  Negative controls: a reference or a closed form with a real value of
1e-40 is never taken for noise.
"""

import re

import sympy as sp

from symbolic_info.engine.reference_check import compare_at
from symbolic_info.numeric.context import NumericNode


class _Noise(NumericNode):
    """3 ulp of the working precision plus the argument: rounding noise that shrinks with the
    precision (plus a real value when the argument is not 0)."""

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        extra = build(node.args[0])
        return lambda v: 3 * ctx.eps + extra(v)


def _noise(ctx):
    return -5 * ctx.eps


ZERO_WITHIN = re.compile(r"^0(e-\d+)?$")


def test_noise_against_noise_is_zero_to_within_and_verified():
    r = compare_at(_Noise(sp.Integer(0)), {}, _noise, 20)
    assert r.ok and r.digits is None
    assert ZERO_WITHIN.match(r.value_text(20)) and r.value_text(20) != "0"
    assert ZERO_WITHIN.match(r.reference_text(20))
    assert float(r.zero_bound) < 1e-25 and "rounding noise" in r.note
    # shown to within what the reference resolved too, not the closed form's finer bound
    assert float(r.value_text(20)) == 0 and r.value_text(20) == "0" + r.zero_bound[1:]


def test_a_real_reference_is_not_noise():
    r = compare_at(_Noise(sp.Integer(0)), {}, lambda ctx: ctx.mpf(10) ** -40, 20)
    assert not r.ok and "not rounding noise" in r.note


def test_a_closed_form_with_a_real_value_is_compared_digit_for_digit():
    r = compare_at(_Noise(sp.Rational(1, 10**40)), {}, _noise, 20)
    assert not r.ok
    good = compare_at(_Noise(sp.Rational(1, 10**40)), {},
                      lambda ctx: ctx.mpf(10) ** -40 + _noise(ctx), 20)
    assert good.ok and good.digits == 20 and good.value_text(20).startswith("1.0000")
