"""numeric/constant_memo.py: constant nodes folded once per precision, across compilations.

Expected values come from mpmath on a fresh context at more than twice the digits.
"""

import mpmath
import pytest
import sympy as sp
from mpmath.libmp import mpf_pos

from symbolic_info.numeric import constant_memo
from symbolic_info.numeric.constant_memo import MARGIN_BITS, folded
from symbolic_info.numeric.context import NumericNode, compile_expr, new_context

K = sp.Symbol("k", positive=True)
R = sp.Rational


def zeta_at(s, dps):
    c = mpmath.MPContext()
    c.dps = 2 * dps + 10
    return c.zeta(c.mpf(s.p) / s.q), c


def digits(got, want, c) -> float:
    return float(-c.log10(abs((c.convert(got) - want) / want)))


def counting(monkeypatch):
    """Count the memo's computations (misses) while it works as before."""
    calls = []
    real = constant_memo.folded

    def spy(node, ctx, compute):
        def counted(wider):
            calls.append((node, wider.prec))
            return compute(wider)
        return real(node, ctx, counted)

    monkeypatch.setattr("symbolic_info.numeric.context.folded", spy)
    return calls


def test_zeta_is_computed_once_for_many_compilations(monkeypatch):
    s = R(3, 2)
    z = sp.zeta(s)
    constant_memo._values.pop(z, None)  # noqa: SLF001 (a clean start for this node)
    calls = counting(monkeypatch)
    dps = 400
    for expr in [1 / (z * K ** s), sp.log(K) / (z * K ** s), 3 / (2 * z)]:
        for extra in (0, 5, 20):  # a working precision creeping up by guard digits
            f = compile_expr(expr, [K], new_context(dps + extra))
            f(new_context(dps).mpf(2))
    zeta_calls = [p for node, p in calls if node == z]
    assert len(zeta_calls) == 1
    want, c = zeta_at(s, dps + 20)
    ctx = new_context(dps + 20)
    got = compile_expr(z, [], ctx)()
    assert digits(got, want, c) >= dps + 18


@pytest.mark.parametrize("first, then", [(15, 1000), (300, 305)])
def test_a_higher_precision_is_computed_again_not_served_short(first, then):
    """Negative control: a value remembered at fewer bits must not answer a request at
    more (it would agree only to ``first`` digits)."""
    s = R(7, 3)
    z = sp.zeta(s)
    constant_memo._values.pop(z, None)  # noqa: SLF001
    compile_expr(z, [], new_context(first))()
    ctx = new_context(then + 60)  # beyond the margin of the first computation
    got = compile_expr(z, [], ctx)()
    want, c = zeta_at(s, then + 60)
    assert digits(got, want, c) >= then + 58
    stale = compile_expr(z, [], new_context(first))()  # what a short answer would give
    assert digits(stale, want, c) < first + 2


def test_remembered_values_are_rounded_to_the_callers_precision():
    z = sp.gamma(R(1, 3))
    wide, narrow = new_context(200), new_context(20)
    compile_expr(z, [], wide)()
    got = compile_expr(z, [], narrow)()
    c = new_context(400)
    true = c.gamma(c.mpf(1) / 3)
    assert got == narrow.make_mpf(mpf_pos(true._mpf_, narrow.prec, "n"))  # correctly rounded
    assert got._mpf_[3] <= narrow.prec  # 20 digits' bits, not the 200 remembered


def test_distinct_nodes_keep_distinct_values():
    """Negative control: zeta(3/2) and zeta(5/2) must not share a slot."""
    ctx = new_context(50)
    a = compile_expr(sp.zeta(R(3, 2)), [], ctx)()
    b = compile_expr(sp.zeta(R(5, 2)), [], ctx)()
    assert a != b and abs(b - ctx.zeta(ctx.mpf(5) / 2)) < ctx.mpf(10) ** -48


class Kept(NumericNode):
    """A node that compiles itself (a kept series): counted, never remembered."""

    calls = 0

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        def value(v):
            Kept.calls += 1
            return ctx.mpf(3)
        return value


def test_nodes_that_compile_themselves_are_not_remembered():
    Kept.calls = 0
    ctx = new_context(30)
    for _ in range(3):
        assert compile_expr(1 / Kept(1), [], ctx)() == ctx.mpf(1) / 3
    assert Kept.calls == 3


def test_complex_constants_keep_both_parts():
    ctx = new_context(40)
    z = sp.zeta(R(1, 2) + sp.I)
    got = folded(z, ctx, lambda w: w.zeta(w.mpc(0.5, 1)))
    want = new_context(80).zeta(new_context(80).mpc(0.5, 1))
    assert abs(got - want) < ctx.mpf(10) ** -38 and got.imag != 0


def test_the_memo_is_bounded():
    ctx = new_context(20)
    for j in range(constant_memo.SIZE + 10):
        folded(("bound", j), ctx, lambda w, j=j: w.mpf(j))
    assert len(constant_memo._values) <= constant_memo.SIZE  # noqa: SLF001
    assert MARGIN_BITS > 0
