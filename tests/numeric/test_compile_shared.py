"""numeric/context.compile_shared: several expressions, shared parts evaluated once.

Expected values come from mpmath at twice the precision on a fresh context, from the
definitions; the count of logarithms is read from a wrapped ``ctx.log``.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import special
from symbolic_info.numeric.context import compile_expr, compile_shared, new_context

X = sp.Symbol("x", positive=True)
R = sp.Rational
K = R(7, 3)


def counting_log(ctx, monkeypatch):
    """Count the logarithms taken on ``ctx``: mpmath's, and MPFR's (special.log) from
    special.LOG_BITS on."""
    calls = []
    plain, fast = ctx.log, special.log

    def log(*a):
        calls.append(a)
        return plain(*a)

    def fast_log(z, c):
        if c is ctx:
            calls.append((z,))
        return fast(z, c)

    ctx.log = log  # read by compile_* when they compile
    monkeypatch.setattr(special, "log", fast_log)  # read at each call
    return calls


def test_a_logarithm_shared_by_two_log_densities_is_taken_once_per_call(monkeypatch):
    ctx = new_context(1010)
    calls = counting_log(ctx, monkeypatch)
    lp = (K - 1) * sp.log(X) - X - sp.loggamma(K)  # Gamma(7/3, 1)
    lq = 2 * sp.log(X) - X / 3 - sp.log(54)  # Gamma(3, 3)
    f = compile_shared([lp, lq], [X], ctx)
    calls.clear()  # constants (ln 54) are folded at compile time
    a, b = f(ctx.mpf(5) / 7)
    assert len(calls) == 1
    fs = [compile_expr(e, [X], ctx) for e in (lp, lq)]
    calls.clear()
    one_by_one = [g(ctx.mpf(5) / 7) for g in fs]
    assert len(calls) == 2  # the old way: once per expression
    assert (a, b) == tuple(one_by_one)  # the same closures: identical values


def test_a_power_reuses_the_logarithm_of_its_base(monkeypatch):
    """Weibull log-densities ``(k - 1) ln x - x^k/lambda^k``: mpmath's ``x^k`` takes ``ln x``
    again inside ``power``; sharing it, ``x^k = exp(k ln x)``, takes one logarithm per node
    for both log-densities of a cross-entropy (a third less time per node at 1000 digits)."""
    ctx = new_context(1010)
    calls = counting_log(ctx, monkeypatch)
    powers = []
    plain_power = ctx.power
    ctx.power = lambda *a: powers.append(a) or plain_power(*a)
    k1, k2, lam = R(2141, 1000), R(43, 10), R(1073, 1000)
    lp = (k1 - 1) * sp.log(X) - X**k1
    lq = (k2 - 1) * sp.log(X) - X**k2 / lam**k2
    f = compile_shared([lp, lq], [X], ctx)
    calls.clear()  # constants (lambda^k) are folded at compile time
    powers.clear()
    got = f(ctx.mpf(5) / 7)
    assert len(calls) == 1 and not powers
    ref = mpmath.MPContext()
    ref.dps = 2100
    v, a, b, c = ref.mpf(5) / 7, ref.mpf(2141) / 1000, ref.mpf(43) / 10, ref.mpf(1073) / 1000
    want = ((a - 1) * ref.log(v) - v**a, (b - 1) * ref.log(v) - (v / c) ** b)
    for g, w in zip(got, want, strict=True):
        assert abs(ref.mpf(g) - w) <= abs(w) * ref.mpf(10) ** -1005
    # negative control: the exponent off by 1e-900 is seen
    assert abs(ref.mpf(got[0]) - ((a - 1) * ref.log(v) - v ** (a + ref.mpf(10) ** -900))) > (
        ref.mpf(10) ** -905)


def test_a_power_alone_keeps_mpmath_power():
    """With no other ``ln x`` there is nothing to share: ``x^k`` stays one ``power``."""
    ctx = new_context(60)
    f = compile_shared([X**K, X + 1], [X], ctx)
    assert f(ctx.mpf(2))[0] == ctx.power(ctx.mpf(2), ctx.mpf(7) / 3)


@pytest.mark.parametrize("x", ["1e-300", "0.7142857", "3", "1e40"])
def test_values_match_the_definitions_at_1000_digits(x):
    ctx = new_context(1010)
    exprs = [sp.exp((K - 1) * sp.log(X) - X) * sp.log(X),  # nested: log(x) inside a shared Mul
             (K - 1) * sp.log(X) - X,
             sp.sqrt(1 + X**2) + sp.log(1 + X**2) / sp.sqrt(1 + X**2)]
    got = compile_shared(exprs, [X], ctx)(ctx.mpf(x))
    ref = mpmath.MPContext()
    ref.dps = 2100
    v, k = ref.mpf(x), ref.mpf(7) / 3
    want = [ref.exp((k - 1) * ref.log(v) - v) * ref.log(v), (k - 1) * ref.log(v) - v,
            ref.sqrt(1 + v * v) + ref.log(1 + v * v) / ref.sqrt(1 + v * v)]
    for g, w in zip(got, want, strict=True):
        assert abs(ref.mpf(g) - w) <= abs(w) * ref.mpf(10) ** -1005


def test_a_wrong_expression_stays_wrong():  # negative control: sharing changes no value
    ctx = new_context(50)
    right, wrong = compile_shared([sp.log(X) * 2, sp.log(X) * 2 + sp.Rational(1, 10**45)],
                                  [X], ctx)(ctx.mpf(3))
    assert right != wrong
    assert abs(wrong - right - ctx.mpf(10) ** -45) < ctx.mpf(10) ** -48  # 50 digits of 2.19...


def test_no_shared_part_and_no_argument():
    ctx = new_context(30)
    f = compile_shared([sp.pi, X + 1], [X], ctx)
    assert f(ctx.mpf(2)) == (ctx.pi, ctx.mpf(3))
