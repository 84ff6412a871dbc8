"""The reference of ``information-in-message`` with the event's part of both entropies summed
together: a slowly falling pmf's tail as one Abel-Plana sum (:func:`shared_tail`), a density's
intervals integrated once (:func:`shared_intervals`), checked against values computed here
from the definition with mpmath alone (or known exactly), at 300 digits, with negative
controls."""

import mpmath
import pytest
import sympy as sp
from negative_controls import every_digit_right

from symbolic_info.engine.reference_check import compare_at
from symbolic_info.language import parse_distribution
from symbolic_info.language.event import integer_ranges, parse_event, real_intervals
from symbolic_info.measures import message_reference as message_reference_module
from symbolic_info.measures.custom_build import as_formula
from symbolic_info.measures.message_reference import (
    message_reference,
    shared_intervals,
    shared_tail,
)
from symbolic_info.numeric.context import agree_digits, compile_expr, new_context

BASEL = "6/(pi^2*k^2) on k = 1..oo"


def basel_truth(dps: int):
    """I for 6/(pi^2 k^2) and X != 1 from zeta'(2) (sum ln k / k^2 = -zeta'(2)): the entropies
    -sum p ln p before and after, written out by hand."""
    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    c = 6 / ctx.pi**2
    s = -ctx.zeta(2, derivative=1)
    pa = 1 - c
    return ctx, -ctx.log(c) + 2 * c * s - (-ctx.log(c / pa) + 2 * c / pa * s)


def form_and_pieces(x_text: str, event_text: str):
    form = as_formula(parse_distribution(x_text))
    return form, integer_ranges(parse_event(event_text, "X"), form.lo, form.hi)


def spied(monkeypatch, name: str) -> list:
    """The values the reference's ``name`` returns, recorded as it runs (which path served)."""
    real = getattr(message_reference_module, name)
    taken = []

    def spy(*args):
        taken.append(real(*args))
        return taken[-1]

    monkeypatch.setattr(message_reference_module, name, spy)
    return taken


def test_shared_tail_reference_verifies_every_digit_at_300(monkeypatch):
    """The reference through the verification at 300 digits: the true value (zeta'(2)) is
    verified, one off in its 295th digit is not (the negative control)."""
    form, pieces = form_and_pieces(BASEL, "X != 1")
    taken = spied(monkeypatch, "shared_tail")
    reference = message_reference(form, pieces)
    ctx, truth = basel_truth(300)
    exact = sp.Rational(ctx.nstr(truth, 315, min_fixed=-1, max_fixed=1))
    good = compare_at(exact, {}, lambda c: reference({}, c), 300)
    assert taken and taken[0] is not None  # the path under test
    assert good.ok and good.digits >= 300
    assert every_digit_right(ctx.nstr(good.reference, 300), truth)
    # negative control: a closed form off in its 295th digit falls short of the 300 checked
    # (the comparison compare_at makes; its own rounds would then raise the reference to
    # 630 digits, 10 s of a test)
    rctx = good.ref_ctx
    wrong = rctx.mpf(sp.Float(exact + sp.Integer(10) ** -295, 330))
    assert agree_digits(wrong, good.reference, rctx, 300) < 300


def test_finite_ranges_before_the_tail():
    """X != 4 for 1/(k(k+1)): the event's range 1..3 summed exactly, 5..oo with the tail."""
    form, pieces = form_and_pieces("1/(k*(k+1)) on k = 1..oo", "X != 4")
    assert len(pieces) == 2
    ctx = new_context(40)
    value = message_reference(form, pieces)({}, ctx)
    m = mpmath.MPContext()
    m.dps = 50

    def plogp(p):
        return -p * m.log(p)

    def p(k):
        return m.one / (k * (k + 1))

    h = m.nsum(lambda k: plogp(p(k)), [1, m.inf], method="euler-maclaurin")
    pa = 1 - p(4)
    tail = m.nsum(lambda k: plogp(p(k) / pa), [5, m.inf], method="euler-maclaurin")
    truth = h - tail - m.fsum(plogp(p(k) / pa) for k in (1, 2, 3))
    assert abs(value - truth) < m.mpf(10) ** -38
    assert abs(value + m.mpf(10) ** -30 - truth) > m.mpf(10) ** -38  # the test can fail


@pytest.mark.parametrize("event", ["X >= 1", "X > 5000", "X <= 7"])
def test_shared_tail_only_where_it_applies(event):
    """Every value in the event (no information: the plain sums), a tail starting past
    HEAD_TERMS, or no infinite range: None."""
    form, pieces = form_and_pieces(BASEL, event)
    ctx = new_context(30)
    f = compile_expr(form.density, [form.var], ctx)
    assert shared_tail(form, pieces, f, ctx.mpf(1) / 2, ctx) is None


def test_shared_intervals_half_normal_is_ln_2_to_300_digits(monkeypatch):
    """normal(0, 1) and X > 0: H(X) - H(X | X > 0) = ln 2 exactly (the half-normal's entropy
    is ln 2 below the normal's); verified to all 300 digits, ln 2 + 1e-295 is not."""
    form, pieces = form_and_pieces_real("normal(0, 1)", "X > 0")
    taken = spied(monkeypatch, "shared_intervals")
    reference = message_reference(form, pieces)
    good = compare_at(sp.log(2), {}, lambda c: reference({}, c), 300)
    assert taken and taken[0] is not None  # the path under test
    assert good.ok and good.digits >= 300
    rctx = good.ref_ctx
    assert agree_digits(rctx.ln2 + rctx.mpf(10) ** -295, good.reference, rctx, 300) < 300


def test_shared_intervals_only_where_the_event_leaves_part_of_the_support():
    form, pieces = form_and_pieces_real("3*x^2 on [0, 1]", "X > -1")
    ctx = new_context(30)
    f = compile_expr(form.density, [form.var], ctx)
    assert shared_intervals(form, pieces, f, ctx.one, ctx) is None


def form_and_pieces_real(x_text: str, event_text: str):
    form = as_formula(parse_distribution(x_text))
    return form, real_intervals(parse_event(event_text, "X"), form.lo, form.hi)
