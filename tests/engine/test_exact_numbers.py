"""Exact numbers inside the closed form set the working precision (finding F10, session 9).

``-ln(10^72/(10^72 + 1))/2`` (the mutual information of ``X ~ normal(0, 1); Y | X ~
normal(X, 1e36)``) has no symbol and the point is empty, so the first precision was 60
digits, where ``10^72/(10^72 + 1)`` rounds to 1: the closed form "settled" as 0 and was
shown as ``0`` and VERIFIED against a reference that cancelled to 0 as well.  The closed
form's own exact numbers now count among the inputs (as a parameter's digits do), so it is
evaluated where ``1 + 10^-72`` keeps its ``10^-72``.  Right values: ``log1p`` at a precision
set here, from the exponent alone.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.engine.reference_check import compare_at, settle_closed
from symbolic_info.numeric.context import new_context


def _true_half_log1p(k):
    """ln(1 + 10^-k)/2 at 3k + 60 digits (mpmath's log1p, independent of the engine)."""
    ctx = mpmath.mp.clone()
    ctx.dps = 3 * k + 60
    return ctx.log1p(ctx.mpf(10) ** -k) / 2, ctx


def _closed(k):
    big = sp.Integer(10) ** k
    return -sp.log(big / (big + 1)) / 2


def _cancelling_reference(k):
    """ln(10^k + 1)/2 - ln(10^k)/2 at the working precision: it cancels like H(Y) - H(Y|X)."""
    def reference(ctx):
        big = ctx.mpf(10) ** k
        return (ctx.log(big + 1) - ctx.log(big)) / 2
    return reference


@pytest.mark.parametrize("k", [60, 72, 80, 200, 600])
def test_a_tiny_closed_form_without_symbols_is_not_taken_for_zero(k):
    true, tctx = _true_half_log1p(k)
    r = compare_at(_closed(k), {}, _cancelling_reference(k), 30)
    assert r.ok and r.digits == 30 and r.zero_bound is None
    shown = r.value_text(30)
    assert shown != "0" and not shown.startswith("0e")
    got = tctx.mpf(shown)
    assert abs(got - true) <= abs(true) * tctx.mpf(10) ** -29


@pytest.mark.parametrize("k", [72, 200])
def test_settle_closed_gives_the_value_to_its_own_digits(k):
    true, tctx = _true_half_log1p(k)
    c = settle_closed(_closed(k), {}, 40)
    assert c is not None and c.reached and not c.zero
    assert abs(tctx.mpf(c.ctx.nstr(c.value, 45)) - true) <= abs(true) * tctx.mpf(10) ** -39


@pytest.mark.parametrize("k", [72, 200])
def test_a_wrong_closed_form_is_still_caught(k):
    big = sp.Integer(10) ** k
    wrong = -sp.log(big / (big + 2)) / 2  # twice the right value
    assert not compare_at(wrong, {}, _cancelling_reference(k), 30).ok
    # a closed form claiming 0 against the right (nonzero) value
    true_ref = lambda ctx: ctx.log1p(ctx.mpf(10) ** -k) / 2  # noqa: E731
    assert not compare_at(sp.Integer(0), {}, true_ref, 30).ok
    # off in the 25th digit
    off = _closed(k) * (1 + sp.Rational(1, 10**25))
    assert not compare_at(off, {}, true_ref, 30).ok


def test_absorption_into_a_nonzero_value_is_seen():
    """ln(1 + 10^-90) + 10^-100: at 70 digits ln(1) = 0 and the sum "settles" at 1e-100 at two
    precisions; the true value is 1e-90 (1 + 1e-10)."""
    big = sp.Integer(10) ** 90
    closed = sp.log((big + 1) / big) + sp.Rational(1, 10**100)
    c = settle_closed(closed, {}, 20)
    ctx = new_context(200)
    true = ctx.log1p(ctx.mpf(10) ** -90) + ctx.mpf(10) ** -100
    assert abs(ctx.mpf(c.ctx.nstr(c.value, 25)) - true) <= true * ctx.mpf(10) ** -19


def test_a_long_factor_outside_the_point_does_not_set_the_precision():
    """``125^2500`` (5,243 digits) in a mixture's closed form is a factor: counting it made
    a 30-digit answer start at 5,300 digits (600 s).  Control: ``10^72 + 1`` still counts."""
    from symbolic_info.engine.reference_check import LONGEST_COUNTED, exact_inputs
    from symbolic_info.numeric.precision import input_digits, start_dps

    x = sp.Symbol("x", positive=True)
    huge = sp.Integer(125) ** 2500 * x ** 2499 * sp.exp(-125 * x)
    assert input_digits(sp.Integer(125) ** 2500) > LONGEST_COUNTED
    assert start_dps(30, exact_inputs({}, sp.log(huge))) < 100
    assert start_dps(30, exact_inputs({}, sp.log(sp.Integer(10) ** 72 + 1) - 72 * sp.log(10))) > 100


@pytest.mark.parametrize("k", [1000, 1200])
def test_a_cancellation_among_numbers_longer_than_the_counted_ones_is_not_zero(k):
    """Finding A1 (session 10): ``10^1000`` (1,001 digits) is longer than LONGEST_COUNTED, so
    the closed form ``-ln(10^1000/(10^1000 + 1))/2`` was evaluated at 880 digits, came out
    exactly 0 at two precisions, and was shown as ``0`` ("exactly 0, and so is the
    reference", verified) although it is 5e-1001."""
    true, tctx = _true_half_log1p(k)
    r = compare_at(_closed(k), {}, _cancelling_reference(k), 30)
    shown = r.value_text(30)
    assert shown != "0"
    if r.ok:
        assert r.digits == 30
        assert abs(tctx.mpf(shown) - true) <= abs(true) * tctx.mpf(10) ** -29
    # negative control: the closed form 0 is not accepted against the right value
    true_ref = lambda ctx: ctx.log1p(ctx.mpf(10) ** -k) / 2  # noqa: E731
    assert not compare_at(sp.Integer(0), {}, true_ref, 30).ok


def test_a_value_exactly_0_at_every_precision_tried_is_not_shown_as_exactly_0():
    """Finding A2 (session 10): ``ln(1 + e^-800)/2`` (the mutual information of ``X ~ normal(0,
    exp(-200)); Y | X ~ normal(X, exp(200))``, 1.8e-348) rounds to ``ln 1 = 0`` at every
    precision up to the cap: it was shown as ``0`` and called exactly 0.  Without a proof
    it may only be shown as zero to within what was resolved (``0e-k``), and that bound
    must be true."""
    closed = sp.log(1 + sp.exp(-800)) / 2
    r = compare_at(closed, {}, lambda ctx: ctx.log(1 + ctx.exp(-800)) / 2, 30)
    shown = r.value_text(30)
    assert shown != "0" and r.zero_bound != "0"
    if shown.startswith("0e"):  # zero to within 10^-k: true here, since 1.8e-348 is below it
        assert int(shown[3:]) < 348
    else:
        ctx = new_context(400)
        true = ctx.log1p(ctx.exp(-800)) / 2
        assert abs(ctx.mpf(shown) - true) <= true * ctx.mpf(10) ** -29
