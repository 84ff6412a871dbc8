"""The zeros of a mixture off the real axis and the cuts they call for (numeric/log_zeros.py)."""

import mpmath
import sympy as sp

from symbolic_info.measures.custom_numeric import NumericIntegral, density_cuts, integral_reference
from symbolic_info.numeric.bumps import term_breaks
from symbolic_info.numeric.cc_piece import cc_piece
from symbolic_info.numeric.context import compile_expr, evaluate, new_context, to_decimal
from symbolic_info.numeric.log_zeros import (
    FROM_DPS,
    RHO_MIN,
    TAIL_STRIP,
    rho,
    sum_zeros,
    tail_strip,
    zero_cuts,
)
from tests.negative_controls import every_digit_right

x = sp.Symbol("x", real=True)
TWO_NORMALS = (sp.exp(-x**2 / 2) + sp.exp(-(x - 3)**2 / 2)) / (2 * sp.sqrt(2 * sp.pi))
LAPLACE_NORMAL = sp.exp(-sp.Abs(x)) / 4 + sp.exp(-(x - 3)**2 / 2) / (2 * sp.sqrt(2 * sp.pi))
LINE = (-sp.oo, sp.oo)


def _sum(density):
    return next(f for f in sp.Mul.make_args(density) if isinstance(f, sp.Add))


def test_two_normals_vanish_pi_sigma2_over_the_gap_above_their_crossing():
    zeros = sum_zeros(_sum(TWO_NORMALS), x, LINE, new_context(300))
    assert len(zeros) == 1
    assert abs(zeros[0] - complex(1.5, float(mpmath.pi) / 3)) < 1e-12


def test_laplace_normal_zeros_are_zeros_of_the_density():
    zeros = sum_zeros(LAPLACE_NORMAL, x, LINE, new_context(1010))
    assert [round(z.real, 2) for z in zeros] == [1.21, 6.79]
    ctx = new_context(30)
    right = compile_expr(sp.exp(-x) / 4 + sp.exp(-(x - 3)**2 / 2) / (2 * sp.sqrt(2 * sp.pi)),
                         [x], ctx)  # the branch right of the kink 0, where both lie
    for z in zeros:
        assert 1.0 < z.imag < 1.2
        assert abs(right(ctx.mpc(z.real, z.imag))) < 1e-10  # (each term is about 0.1 there)
    # negative control: the two-term estimate's complex conjugate's mirror is no zero
    assert abs(right(ctx.mpc(zeros[0].real + 0.5, zeros[0].imag))) > 1e-3


def test_every_finite_piece_keeps_its_ellipse_clear_of_the_zeros():
    ctx = new_context(1010)
    cuts = [float(c) for c in zero_cuts(-LAPLACE_NORMAL * sp.log(LAPLACE_NORMAL), x, LINE, ctx)]
    zeros = sum_zeros(LAPLACE_NORMAL, x, LINE, ctx)
    ends = sorted({0.0, *cuts})  # the kink 0 is the value's own break
    pieces = list(zip(ends, ends[1:], strict=False))
    assert all(rho(a, b, z) >= RHO_MIN for a, b in pieces for z in zeros)
    # the tail starts a zero's height past the last zero (its strip kept)
    assert ends[-1] >= zeros[-1].real + zeros[-1].imag * 0.99
    # negative control: the kink alone leaves the right tail over both zeros
    assert rho(0.0, 12.0, zeros[-1]) < RHO_MIN


def test_no_cuts_below_their_precision_where_others_serve_or_negligible():
    g = -LAPLACE_NORMAL * sp.log(LAPLACE_NORMAL)
    assert zero_cuts(g, x, LINE, new_context(FROM_DPS - 1), (0,)) == ()
    assert len(zero_cuts(g, x, LINE, new_context(FROM_DPS), (0,))) == 3
    # two normals: term_breaks cuts their crossing 3/|g'| = 0.95 tau either side already
    ctx = new_context(300)
    (z,) = sum_zeros(_sum(TWO_NORMALS), x, LINE, ctx)
    made = [float(c) for c in term_breaks(x, TWO_NORMALS, LINE, ctx).points]
    assert all(any(abs(c - m) < z.imag / 2 for m in made) for c in (z.real - z.imag,
                                                                    z.real + z.imag))
    assert zero_cuts(-TWO_NORMALS * sp.log(TWO_NORMALS), x, LINE, ctx) == ()
    # two normals one apart: zeros pi above 1/2, behind both tails' starts (strip 1.4)
    near = (sp.exp(-x**2 / 2) + sp.exp(-(x - 1)**2 / 2)) / (2 * sp.sqrt(2 * sp.pi))
    (z,) = sum_zeros(_sum(near), x, LINE, ctx)
    assert abs(z.imag - float(mpmath.pi)) < 1e-9
    assert tail_strip(z, 1.0, 1, 1.0) >= TAIL_STRIP
    assert zero_cuts(-near * sp.log(near), x, LINE, ctx, (0, 1)) == ()
    # negative control: a tail started far short of a zero keeps a narrow strip
    assert tail_strip(6.79 + 1.12j, 0.0, 1, 1.0) < TAIL_STRIP / 4
    far = (sp.exp(-x**2 / 2) + sp.exp(-(x - 200)**2 / 2)) / (2 * sp.sqrt(2 * sp.pi))
    # they cross at 100, where each term is e^-5000: below 300 digits, so no cut
    assert sum_zeros(_sum(far), x, LINE, ctx) == []
    assert len(sum_zeros(_sum(far), x, LINE, new_context(2200))) == 1


def test_a_piece_over_a_zero_is_refused_not_misjudged():
    """Clenshaw-Curtis over a long piece with the zero near its middle (rho about 1.1) gives
    up within its cap at 300 digits; on the piece from sigma - tau to sigma + tau it
    converges."""
    ctx = new_context(300)
    f = compile_expr(-TWO_NORMALS * sp.log(TWO_NORMALS), [x], ctx)
    a, b = (ctx.mpf(c) for c in (-10, 13))
    assert cc_piece(lambda y: f(a + y), b - a, ctx) is None
    (z,) = sum_zeros(_sum(TWO_NORMALS), x, LINE, ctx)
    c = ctx.mpf(z.real - z.imag)
    assert cc_piece(lambda y: f(c + y), ctx.mpf(2 * z.imag), ctx) is not None


def test_the_kept_integral_at_300_digits_against_the_reference_with_other_cuts():
    """h(1/2 laplace(0, 1) + 1/2 normal(3, 1)) as the kept integral (cut at the kink and the
    zeros) against the density integrated on a mesh of its own from -1 to 9 (no cut in
    common but the kink), every digit; a value wrong in its 295th digit is caught.  The
    reference's own cuts include the zeros' (density_cuts)."""
    ctx = new_context(300)
    integrand = -LAPLACE_NORMAL * sp.log(LAPLACE_NORMAL)
    value = evaluate(NumericIntegral(integrand, (x, -sp.oo, sp.oo)), {}, ctx)
    f = compile_expr(integrand, [x], ctx)
    made = zero_cuts(integrand, x, LINE, ctx, (0,))
    assert {float(c) for c in made} <= {float(c) for c in density_cuts(x, LAPLACE_NORMAL, LINE,
                                                                         ctx, (0,))}
    mesh = [-1, 0, 1, 3, 5, 7, 9]
    assert {float(c) for c in made}.isdisjoint(mesh)
    truth = integral_reference(f, -ctx.inf, ctx.inf, ctx, mesh)
    shown = to_decimal(value, 300, ctx)
    assert every_digit_right(shown, truth)
    wrong = to_decimal(value + ctx.mpf(10) ** -295, 300, ctx)
    assert not every_digit_right(wrong, truth)


def test_hostile_mixtures_get_few_cuts_or_none_and_no_error():
    ctx = new_context(300)
    tiny = sp.Rational(1, 10**30)

    def cuts(f):
        return zero_cuts(-f * sp.log(f), x, LINE, ctx)

    # zeros 10^-30 off the axis beside a piece of length 1: their own cuts, no endless grading
    narrow = sp.exp(-sp.Abs(x) / tiny) / (4 * tiny) + sp.exp(-sp.Abs(x - 1)) / 4
    made = cuts(narrow)
    assert 0 < len(made) <= 8 and all(abs(c) < 10**-25 for c in made)
    # crossings beyond doubles' reach, or a term whose log is no polynomial: nothing
    wide = (sp.exp(-x**2 / (2 * tiny**2)) / tiny + sp.exp(-(x - 10**30)**2 / 2)) / 2
    assert cuts(wide / sp.sqrt(2 * sp.pi)) == ()
    cauchy = sp.exp(-x**2 / 2) / 2 + 1 / (2 * sp.pi * (1 + x**2))
    assert sum_zeros(cauchy, x, LINE, ctx) == []
