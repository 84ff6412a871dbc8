"""numeric/constant_memo.py: constant nodes folded once per precision, across compilations.

Expected values come from mpmath on a fresh context at more than twice the digits.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import constant_memo
from symbolic_info.numeric.constant_memo import folded
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
        def counted(c):
            calls.append((node, c.prec))
            return compute(c)
        return real(node, ctx, counted)

    monkeypatch.setattr("symbolic_info.numeric.context.folded", spy)
    return calls


def test_zeta_is_computed_once_for_many_compilations(monkeypatch):
    s = R(3, 2)
    z = sp.zeta(s)
    calls = counting(monkeypatch)
    dps = 400
    for expr in [1 / (z * K ** s), sp.log(K) / (z * K ** s), 3 / (2 * z)]:
        f = compile_expr(expr, [K], new_context(dps))
        f(new_context(dps).mpf(2))
    zeta_calls = [p for node, p in calls if node == z]
    assert len(zeta_calls) <= 1  # 0: remembered from an earlier test at this precision
    want, c = zeta_at(s, dps)
    got = compile_expr(z, [], new_context(dps))()
    assert digits(got, want, c) >= dps - 1


@pytest.mark.parametrize("first, then", [(15, 1000), (300, 305), (305, 300)])
def test_each_precision_is_computed_at_its_own_bits(first, then):
    """Negative control: a value remembered at another precision must not answer, whether
    shorter (it would agree only to ``first`` digits) or longer (rounded from more bits, an
    exact 0 that cancels would look settled)."""
    s = R(7, 3)
    z = sp.zeta(s)
    compile_expr(z, [], new_context(first))()
    ctx = new_context(then)
    got = compile_expr(z, [], ctx)()
    assert got == ctx.zeta(ctx.mpf(7) / 3)  # what a fresh evaluation gives, bit for bit


def test_an_exact_zero_still_shrinks_with_the_precision():
    """The closed form of I(X;Y) of an independent table cancels to 0: at each precision it
    must be at that precision's noise, not at a wider one's (shown as -4.9e-91 and 'not
    verified' when values were rounded from 128 bits more)."""
    expr = (26 * sp.log(R(13, 27)) / 27 - sp.log(54) / 27 - 26 * sp.log(R(26, 27)) / 27
            + sp.log(27) / 27 + sp.log(2))
    values = []
    for dps in (30, 32):
        ctx = new_context(dps)
        compile_expr(expr, [], ctx)()
        values.append(compile_expr(expr, [], ctx)())  # the second from the memo
        assert abs(values[-1]) <= ctx.mpf(10) ** -(dps - 2)
    assert values[0] == 0 or values[0] != values[1]  # noise of each precision, not settled


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
