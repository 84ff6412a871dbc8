"""Shapes of 10^100: verified to every digit shown, against a limit computed here (issue 15).

The expected values are the normal limits of the laws, not their closed forms:

- ``Beta(a, a)`` has variance ``1/(4 (2a + 1))`` and is asymptotically normal; its entropy is
  that of the normal of the same variance up to ``O(1/a)`` (Laplace's method at the mode,
  de Bruijn, *Asymptotic Methods in Analysis*, 1958, ch. 4): ``10^-100`` at ``a = 10^100``;
- Student's t with ``nu`` degrees of freedom tends to the standard normal, with entropy
  ``ln(2 pi e)/2 + O(1/nu)`` (the t density is ``phi(x) (1 + O((1 + x^4)/nu))``).

Both are far below the 50 digits checked.  Each case has a negative control: the closed
form made wrong at ``10^-40`` is not verified at the same values.
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.engine.run import run

HUGE = sp.Integer(10) ** 100


def beta_limit(ctx):
    a = ctx.mpf(HUGE)
    return ctx.log(2 * ctx.pi * ctx.e / (4 * (2 * a + 1))) / 2


def normal_limit(ctx):
    return ctx.log(2 * ctx.pi * ctx.e) / 2


CASES = [("entropy/beta", {"alpha": HUGE, "beta": HUGE}, beta_limit),
         ("entropy/student_t", {"nu": HUGE, "mu": 0, "sigma": 1}, normal_limit)]


@pytest.mark.parametrize("name, values, limit", CASES)
def test_a_shape_of_1e100_verifies_to_its_normal_limit(name, values, limit):
    d = derive(name, dps=50, **values)
    assert d.verified and d.verification.agree_digits >= 50
    ctx = mpmath.MPContext()
    ctx.dps = 80
    want = limit(ctx)
    for text in (d.value, d.verification.reference):
        assert abs(ctx.mpf(text.replace(" ", "")) - want) < ctx.mpf(10) ** -48 * abs(want)


@pytest.mark.parametrize("name, values, limit", CASES)
def test_a_closed_form_wrong_at_1e_40_is_caught_at_a_shape_of_1e100(name, values, limit):
    bad = run(corrupt_step(name, lambda rhs: rhs * (1 + sp.Rational(1, 10**40))),
              values, None, 50)
    assert not bad.verified
