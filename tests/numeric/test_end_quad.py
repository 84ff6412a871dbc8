"""Cells beside an end where the density is infinite (Gamma(1/2) at 0, Beta(1/2, 1/2) at 0
and 1): tanh-sinh alone left out ``10^-(digits (alpha + 1))`` of such a piece (1e-155 of the
cell [0, 1/10] of Gamma(1/2) at 300 digits), so quantised-entropy's reference agreed with the
value to 291 of 300 digits only, and Beta(1/3, 2) and Gamma(1/10, 1) were refused ("the cells
and the tails integrate to 1.0, not 1").  The expected integrals are coded here from erf and
powers in a fresh context; the negative controls show the old route's error is caught.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import gauss_cells, relative_quad
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.relative_quad import end_exponent, end_quad, scaled_quad


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _f_at(make):
    def f_at(digits):
        w = new_context(digits)
        return w, make(w)

    return f_at


CASES = [  # (density on a context, a, b, the singular end, exact integral on a context)
    (lambda w: lambda x: w.exp(-x) / w.sqrt(x), sp.Integer(0), sp.Rational(1, 10),
     sp.Integer(0), lambda c: c.sqrt(c.pi) * c.erf(c.sqrt(c.mpf(1) / 10))),
    (lambda w: lambda x: 1 / w.sqrt(1 - x), sp.Rational(9, 10), sp.Integer(1),
     sp.Integer(1), lambda c: 2 * c.sqrt(c.mpf(1) / 10)),
    (lambda w: lambda x: x ** (-w.mpf(9) / 10), sp.Integer(0), sp.Rational(1, 10),
     sp.Integer(0), lambda c: 10 * (c.mpf(1) / 10) ** (c.mpf(1) / 10)),
]


@pytest.mark.parametrize("make,a,b,end,exact", CASES)
def test_end_quad_is_right_to_every_digit(make, a, b, end, exact):
    """x^(-1/2) e^(-x) at 0, (1 - x)^(-1/2) at the end 1 (the nodes there need more digits
    than 1 + y keeps), x^(-9/10) at 0 (k = 13): each to 10^-145 relatively at 150 digits."""
    ref = _ctx(200)
    want = exact(ref)
    got = end_quad(_f_at(make), 150, a, b, (end,))
    assert abs(ref.mpf(got) / want - 1) < ref.mpf(10) ** -145
    w = new_context(150)  # the negative control: plain tanh-sinh misses the end's part
    plain = scaled_quad(w, make(w), [w.mpf(a.p) / a.q, w.mpf(b.p) / b.q])
    assert abs(ref.mpf(plain) / want - 1) > ref.mpf(10) ** -100


def test_end_exponent_reads_the_power_and_leaves_a_finite_end_alone():
    w = new_context(30)
    assert abs(end_exponent(lambda x: x ** -0.5, w.zero, w.one, 1, w) + 0.5) < 1e-9
    assert abs(end_exponent(lambda x: x ** 1.5 * w.exp(-x), w.zero, w.one, 1, w) - 1.5) < 1e-9
    assert abs(end_exponent(lambda x: w.exp(-x), w.one, w.one, 1, w)) < 1e-9
    f_at = _f_at(lambda w: lambda x: w.exp(-x))  # not singular: scaled_quad itself
    w, f = f_at(60)
    assert end_quad(f_at, 60, sp.Integer(0), sp.Integer(1), (sp.Integer(0),)) == \
        scaled_quad(w, f, [w.zero, w.one])


def _gamma_half_sum(delta, n, ctx):
    """-sum p ln p over the first n cells of Gamma(1/2, 1): p = erfc(sqrt a) - erfc(sqrt b)."""
    right = [ctx.erfc(ctx.sqrt(i * delta)) for i in range(n + 1)]
    return -ctx.fsum((r - s) * ctx.log(r - s) for r, s in zip(right, right[1:], strict=False))


def test_gamma_half_reference_cells_right_to_every_digit(monkeypatch):
    """The reference's cells of Gamma(1/2, 1) at delta 1/5 (its singular first cell, of mass
    0.47, by end_quad) against erfc at 120 digits; with the old route (tanh-sinh on that
    cell) the sum is caught off by more than 10^-80."""
    x = sp.Symbol("x", real=True)
    f = 1 / sp.sqrt(sp.pi) * x ** sp.Rational(-1, 2) * sp.exp(-x)
    ctx = new_context(120)
    n = 1500  # e^-300 < 10^-130: the cells beyond hold nothing at 120 digits
    ref = _ctx(150)
    want = _gamma_half_sum(ref.one / 5, n, ref)

    def run():
        return ref.mpf(gauss_cells.quadrature_cells(f, x, sp.Integer(0), sp.oo,
                                                    sp.Rational(1, 5), 0, n, ctx))

    assert abs(run() - want) < ref.mpf(10) ** -118
    def old_route(f_at, digits, a, b, _ends):
        w, g = f_at(digits)
        return relative_quad.scaled_quad(w, g, [w.mpf(a.p) / a.q, w.mpf(b.p) / b.q])

    monkeypatch.setattr(gauss_cells, "end_quad", old_route)
    assert abs(run() - want) > ref.mpf(10) ** -80
