"""The fast paths of quantised-entropy's reference: MPFR cells and double-precision cells.

Every expected value is computed here from the definition in a fresh mpmath context at 120
digits: the Laplace law's cell masses in closed form, ``p_i = (e^{-a} - e^{-b}) / 2`` right
of 0.  Negative controls: a double-precision mass with a wrong error bound, and MPFR with a
rounded node, move the sum by more than the tolerance, so these tests see such faults.
"""

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info.numeric import cell_floats, cells, mpfr_eval
from symbolic_info.numeric.context import compile_expr, new_context

X = sp.Symbol("x", real=True)


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _laplace_sum(ctx, delta, i0, i1):
    """-sum p ln p over the cells i0..i1-1 of Laplace(0, 1), masses in closed form."""
    total = ctx.zero
    for i in range(i0, i1):
        a, b = ctx.mpf(i) * delta, ctx.mpf(i + 1) * delta
        if a >= 0:
            p = (ctx.exp(-a) - ctx.exp(-b)) / 2
        else:
            p = (ctx.exp(b) - ctx.exp(a)) / 2
        total -= p * ctx.log(p)
    return total


@pytest.mark.parametrize("dps", [30, 60])
def test_quadrature_cells_with_the_fast_paths_match_the_closed_form(dps):
    ctx = _ctx(dps + 60)
    d = sp.Rational(1, 10)
    f = sp.exp(-sp.Abs(X)) / 2
    work = new_context(dps)
    i0, i1 = -1700, 1700  # 170 scale lengths each way: far cells down to 1e-75
    got = cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, work, kinks=(sp.Integer(0),))
    want = _laplace_sum(ctx, ctx.mpf(1) / 10, i0, i1)
    assert abs(ctx.mpf(got) - want) < ctx.mpf(10) ** -(dps - 1)
    assert abs(ctx.mpf(got) * (1 + ctx.mpf(10) ** -(dps - 3)) - want) > ctx.mpf(10) ** -dps


def test_double_precision_masses_stay_within_their_bound_far_out():
    """Cells 100 to 170 scale lengths out: a cell edge rounded by |a| u moves the mass by
    f |a| u, which the bound must hold (old bound without it was 1e3 times too small)."""
    ctx = _ctx(80)
    fn = cell_floats.float_shape(sp.exp(-X), X)
    delta = 0.01
    starts = np.arange(10_000, 17_000, 700, dtype=float) * delta
    p, err = cell_floats.float_masses(fn, starts, delta, 4, 2)
    for a, pv, ev in zip(starts, p, err, strict=True):
        i = int(round(a / delta))
        lo, hi = ctx.mpf(i) / 100, ctx.mpf(i + 1) / 100
        exact = ctx.exp(-lo) - ctx.exp(-hi)
        assert np.isfinite(pv) and abs(ctx.mpf(pv) / exact - 1) <= ev, (a, pv, ev)
        assert ev < 1e-10  # and the bound is not vacuous


@pytest.mark.parametrize("shape, lo, delta", [
    (sp.exp(-(X + 1000) ** 2 / 1800), 0, sp.Rational(1, 10)),  # a large exponent: |y| ~ 555
    (sp.exp(-(X - sp.Rational(10**6, 3)) ** 2 / 2), sp.Rational(10**6, 3) + 20,
     sp.Rational(1, 10)),  # far from 0, the density's condition number |x f'/f| ~ 7e6
])
def test_double_precision_masses_hold_their_bound_where_the_exponent_is_large(shape, lo, delta):
    """Each mass against mpmath's integral at 50 digits: within the stated bound (the exponent
    of exp(y), computed with an error of about k |y| u, was missing: 9.7 times over)."""
    ctx = _ctx(50)
    fn = cell_floats.float_shape(shape, X)
    f = compile_expr(shape, [X], ctx)
    starts = [lo + k * delta for k in range(0, 40, 3)]
    p, err = cell_floats.float_masses(fn, np.array([float(a) for a in starts]), float(delta), 6,
                                      int(sp.count_ops(shape)) + 1)
    checked = 0
    for a, pv, ev in zip(starts, p, err, strict=True):
        if not np.isfinite(pv):
            continue
        left = ctx.mpf(a.p) / a.q if isinstance(a, sp.Rational) else ctx.mpf(a)
        exact = ctx.quad(f, [left, left + ctx.mpf(delta.p) / delta.q])
        assert abs(ctx.mpf(pv) / exact - 1) <= ev, (a, pv, ev)
        checked += 1
    assert checked >= 10


def test_a_cell_across_a_kink_is_left_to_mpmath():
    fn = cell_floats.float_shape(sp.exp(-sp.Abs(X)), X)
    p, err = cell_floats.float_masses(fn, np.array([-0.05, 1.0]), 0.1, 4, 3)
    assert err[0] > 1e-6  # the rules disagree across the kink at 0: not taken in doubles
    assert err[1] < 1e-12


def test_a_shape_numpy_lacks_goes_to_mpmath():
    assert cell_floats.float_shape(sp.uppergamma(sp.Rational(1, 3), X), X) is None
    assert mpfr_eval.compile_mpfr(sp.uppergamma(sp.Rational(1, 3), X), X) is None


def test_a_shape_in_doubles_loads_no_numpy_submodule_it_does_not_use():
    """lambdify with modules="numpy" ran `from numpy import *`, which loads f2py, ma,
    random and testing (0.3 s of a cold 300-digit quantised-entropy); the module object
    gives the same NumPy function without them (a fresh interpreter, where none is loaded)."""
    import json
    import subprocess
    import sys

    code = ("import json, sys, sympy as sp; from symbolic_info.numeric import cell_floats; "
            "x = sp.Symbol('x'); f = cell_floats.float_shape(sp.exp(-x**2 / 2), x); "
            "import numpy as np; print(json.dumps([f(np.array([0.0, 2.0])).tolist(), "
            "sorted({'numpy.f2py', 'numpy.ma', 'numpy.random'} & set(sys.modules))]))")
    values, loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                               text=True, check=True).stdout)
    assert values == [1.0, float(np.exp(-2.0))] and loaded == []


@pytest.mark.parametrize("expr", [sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi),
                                  X ** sp.Rational(3, 2) * sp.exp(-X),
                                  (X + 2) ** sp.Rational(3, 2) * sp.exp(-X),
                                  sp.exp(-sp.Abs(X - sp.Rational(1, 3))) / 2,
                                  1 / (sp.pi * (1 + X**2)),
                                  sp.erfc(X / 7) * sp.log(X + 2) ** 2,
                                  X ** sp.Rational(-5, 2) * (X + 1) ** sp.Rational(7, 3),
                                  (X**2 + 1) ** sp.Rational(-3, 8)])
def test_mpfr_values_match_mpmath_at_high_precision(expr):
    """Rational powers go by sqrt or root then an integer power (mpfr_eval._ROOTS), not
    MPFR's pow: checked against mpmath's power at 200 digits like every other node.  The
    expression is first evaluated at 60 bits: its constants, remembered per precision,
    must not carry those 60 bits into the 400-bit values."""
    ref = _ctx(200)
    f = mpfr_eval.compile_mpfr(expr, X)
    assert f is not None
    fractional = any(not p.exp.is_Integer for p in expr.atoms(sp.Pow) if p.base.has(X))
    for text in ("0.75", "-1.25", "3.5", "41.125"):
        if text.startswith("-") and fractional:
            continue
        with mpfr_eval.precision(60):
            f(mpfr_eval.to_mpfr(ref.mpf(text)))
        with mpfr_eval.precision(400):
            v = f(mpfr_eval.to_mpfr(ref.mpf(text)))
        want = mpmath_value(expr, ref.mpf(text), ref)
        assert abs(mpfr_eval.to_mpmath(v, ref) / want - 1) < ref.mpf(10) ** -110, (expr, text)


def mpmath_value(expr, x, ctx):
    """The expression on mpmath (the other engine) at the context's 200 digits."""
    return compile_expr(expr, [X], ctx)(x)


def test_numbers_cross_exactly_both_ways_negative_ones_too():
    """A negative node was once negated at gmpy2's default 53 bits: the rule's symmetric
    nodes then no longer summed to 0."""
    ctx = _ctx(120)
    for v in (ctx.mpf(1) / 3, -ctx.mpf(1) / 3, -ctx.pi * 10**40, ctx.mpf(2) ** -300):
        with mpfr_eval.precision(500):
            back = mpfr_eval.to_mpmath(mpfr_eval.to_mpfr(v), ctx)
        assert back == v
    nodes, weights = cells.gauss_legendre_points(8, 60)
    rule = mpfr_eval.mpfr_rule(nodes, weights)
    with mpfr_eval.precision(250):
        assert abs(sum(t for t, _w in rule)) == 0


def test_mpfr_rule_integrates_a_polynomial_exactly_and_refuses_nan():
    ctx = _ctx(60)
    rule = mpfr_eval.mpfr_rule(*cells.gauss_legendre_points(8, 60))
    f = mpfr_eval.compile_mpfr(X**15 - 3 * X**4, X)
    got = mpfr_eval.integrate_rule(f, (1, 3), (2, 1), rule, 220, ctx)
    want = (ctx.mpf(2) ** 16 - ctx.mpf(1) / 3 ** 16) / 16 - 3 * (32 - ctx.mpf(1) / 243) / 5
    assert abs(got / want - 1) < ctx.mpf(10) ** -58
    assert mpfr_eval.integrate_rule(mpfr_eval.compile_mpfr(sp.log(X), X), (-2, 1), (-1, 1),
                                    rule, 100, ctx) is None


def test_negative_control_a_double_mass_one_part_in_a_million_off_is_seen(monkeypatch):
    """The comparison above is sharp enough to see a double-precision path whose bound lies:
    masses 1e-6 off relative, still claimed exact, move the sum past the tolerance."""
    real = cell_floats.float_masses

    def lying(*args):
        p, err = real(*args)
        return p * (1 + 1e-6), err

    monkeypatch.setattr(cell_floats, "float_masses", lying)
    ctx = _ctx(120)
    work = new_context(60)
    d = sp.Rational(1, 10)
    got = cells.quadrature_cells(sp.exp(-sp.Abs(X)) / 2, X, -sp.oo, sp.oo, d, -1700, 1700, work,
                                 kinks=(sp.Integer(0),))
    want = _laplace_sum(ctx, ctx.mpf(1) / 10, -1700, 1700)
    assert abs(ctx.mpf(got) - want) > ctx.mpf(10) ** -59


def test_laplace_cells_use_exp_recurrences_on_each_side_and_a_wrong_side_is_seen(monkeypatch):
    """Laplace's shape is exp(quadratic) on each side of its kink (gauss_cells.branch_forms),
    so its MPFR cells come from quadratic_cells' recurrences; the closed-form comparison
    above sees a form given to the wrong side (exp(x) right of 0): a negative control that
    also shows the recurrences are what computes these cells."""
    from symbolic_info.numeric import gauss_cells

    forms = gauss_cells.branch_forms(sp.exp(-sp.Abs(X)) / 2, X, -sp.oo, sp.oo,
                                     (sp.Integer(0),))
    assert [f[0][1] for _a, _b, f in forms] == [1, -1]
    real = gauss_cells.branch_forms

    def swapped(*args):
        out = real(*args)
        return tuple((a, b, ((f[0][0], -f[0][1], f[0][2]),)) for a, b, f in out)

    monkeypatch.setattr(gauss_cells, "branch_forms", swapped)
    ctx = _ctx(120)
    d = sp.Rational(1, 10)
    got = cells.quadrature_cells(sp.exp(-sp.Abs(X)) / 2, X, -sp.oo, sp.oo, d, -1700, 1700,
                                 new_context(60), kinks=(sp.Integer(0),))
    want = _laplace_sum(ctx, ctx.mpf(1) / 10, -1700, 1700)
    assert abs(ctx.mpf(got) - want) > 1e-3


@pytest.mark.parametrize("off", [0, 1])
def test_cdf_cells_of_laplace_by_mpfr_tails_match_the_closed_form(monkeypatch, off):
    """The value's side: Laplace's tails exp(-x)/2 evaluated by MPFR at every cell edge
    (cells.mpfr_tails) give the closed-form sum to 60 digits; an MPFR tail 1e-40 off
    relatively (off = 1, negative control) is seen."""
    from symbolic_info.measures.quantised_law import QuantisedLaw

    law = QuantisedLaw("laplace(0, 1)", "X")
    assert all(f is not None for piece in cells.mpfr_tails(law.pieces, law.var) for f in piece)
    if off:
        real = cells._tail_mpfr

        def wrong(*args):
            v = real(*args)
            return None if v is None else v * (1 + v.context.mpf(10) ** -40)

        monkeypatch.setattr(cells, "_tail_mpfr", wrong)
    d = sp.Rational(1, 10)
    s = cells.cdf_cells(law.pieces, law.lo, law.hi, law.var, d, new_context(60), law.f)
    ctx = _ctx(120)
    want = _laplace_sum(ctx, ctx.mpf(1) / 10, s.i0, s.i1)
    assert (abs(ctx.mpf(s.entropy) - want) < ctx.mpf(10) ** -58) != bool(off)
