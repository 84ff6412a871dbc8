"""Closed-form integrals of a polynomial times exp(quadratic) between kinks
(numeric/log_quadratic.py) against values coded here from the definition: mpmath's quad
at twice the digits on the integrand as written (a lambda of this file), and hand closed
forms (the Laplace-normal evidence, DLMF 7.2.1 by hand)."""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric.log_quadratic import pieces_integral, quadratic_pieces

x = sp.Symbol("x", real=True)


def ctx_at(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


CASES = [  # (integrand, its mpmath twin, lo, hi, kinks)
    (x**2 * sp.exp(-sp.Abs(x) - x**2 / 2), lambda c, t: t**2 * c.exp(-abs(t) - t**2 / 2),
     -sp.oo, sp.oo, [0]),
    ((x + 3) * sp.exp(-sp.Abs(x - 1)), lambda c, t: (t + 3) * c.exp(-abs(t - 1)),
     -sp.oo, sp.oo, [1]),
    (x**2 * sp.exp(x), lambda c, t: t**2 * c.exp(t), -3, 2, []),
    ((x**2 - x) * sp.exp(-(x + 4)**2 / 2), lambda c, t: (t**2 - t) * c.exp(-(t + 4)**2 / 2),
     0, sp.oo, []),
    (sp.exp(-sp.Abs(x - sp.Rational(1, 3)) - (x - 2)**2 / 8),
     lambda c, t: c.exp(-abs(t - c.mpf(1) / 3) - (t - 2)**2 / 8),
     -sp.oo, sp.oo, [sp.Rational(1, 3)]),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_pieces_match_quadrature_of_the_integrand_as_written(case):
    expr, twin, lo, hi, kinks = CASES[case]
    pieces = quadratic_pieces(expr, x, lo, hi, kinks)
    assert pieces is not None
    ours = pieces_integral(pieces, ctx_at(60))
    ref = ctx_at(120)
    ends = [ref.ninf if lo is -sp.oo else ref.mpf(lo), *[ref.mpf(sp.Rational(k).p) /
            sp.Rational(k).q for k in kinks], ref.inf if hi is sp.oo else ref.mpf(hi)]
    truth = ref.quad(lambda t: twin(ref, t), ends)
    assert abs(ours - truth) < ref.mpf(10) ** -58 * abs(truth)


def test_laplace_normal_evidence_at_1000_digits_and_a_wrong_one_refused():
    """Z = int e^-|mu|/2 phi(1/2 - mu) dmu = e^(1/2)/4 (e^(-1/2) erfc(1/(2 sqrt 2))
    + e^(1/2) erfc(3/(2 sqrt 2))) by hand (each half completes its square); negative
    control: a Z off by 10^-990 does not pass the same comparison."""
    mu = sp.Symbol("mu", real=True)
    g = sp.exp(-sp.Abs(mu) - (sp.Rational(1, 2) - mu)**2 / 2) / (2 * sp.sqrt(2 * sp.pi))
    ours = pieces_integral(quadratic_pieces(g, mu, -sp.oo, sp.oo, [0]), ctx_at(1000))
    w = ctx_at(1020)
    h, r2 = w.mpf(1) / 2, w.sqrt(2)
    truth = w.exp(h) / 4 * (w.exp(-h) * w.erfc((1 - h) / r2) + w.exp(h) * w.erfc((1 + h) / r2))
    assert abs(ours - truth) < w.mpf(10) ** -998 * truth
    wrong = truth * (1 + w.mpf(10) ** -990)
    assert not abs(ours - wrong) < w.mpf(10) ** -998 * truth


def test_far_from_the_centre_no_digits_cancel():
    """(x^2 - 3) e^{-(x - 40)^2/2} on [0, 1]: the mode 39 units away; the value stays right
    to 60 digits against mpmath quad at 150 digits of the integrand times e^760 (quad stops
    on an absolute error: unscaled, at 1e-332, it was right to 4 digits only)."""
    expr = (x**2 - 3) * sp.exp(-(x - 40)**2 / 2)
    ours = pieces_integral(quadratic_pieces(expr, x, 0, 1, []), ctx_at(60))
    ref = ctx_at(150)
    truth = ref.quad(lambda t: (t**2 - 3) * ref.exp(760 - (t - 40)**2 / 2), [0, 1])
    truth *= ref.exp(-760)
    assert abs(ours - truth) < ref.mpf(10) ** -58 * abs(truth)


@pytest.mark.parametrize("expr, lo, hi", [
    (sp.exp(x**2), -1, 1),                 # C > 0
    (sp.exp(x), 0, sp.oo),                 # no decay at +oo
    (sp.log(x + 2) * sp.exp(-x**2), 0, 1),  # not a polynomial factor
    (sp.exp(-x**4), -sp.oo, sp.oo),        # not a quadratic
])
def test_other_integrands_are_left_to_quadrature(expr, lo, hi):
    assert quadratic_pieces(expr, x, lo, hi, []) is None
