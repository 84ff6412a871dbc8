"""Bounded exact substitution: user values never expand into huge exact numbers (issue 9, 3)."""

import time

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric.context import compile_expr, new_context
from symbolic_info.symbolic.substitute import COSTLY_FUNCTIONS, has_costly, is_costly, substitute

K = sp.Symbol("k", positive=True)
X = sp.Symbol("x", positive=True)
GAMMA_ENTROPY = K + sp.log(sp.gamma(K)) + (1 - K) * sp.digamma(K)


def value(expr, dps=40):
    ctx = new_context(dps)
    return compile_expr(expr, [], ctx)()


@pytest.mark.parametrize("k", [10**4, 10**5, 10**9, 10**30, sp.Integer(10) ** 400])
def test_special_functions_of_large_integers_stay_unevaluated_and_fast(k):
    start = time.process_time()  # CPU seconds: work done here, not the machine's load
    out = substitute(GAMMA_ENTROPY, {K: sp.Integer(k)})
    assert time.process_time() - start < 2
    assert out.has(sp.polygamma) and out.has(sp.gamma) and has_costly(out)
    # independently: mpmath from the textbook form, with digits for the cancellation
    digits = 80 + len(str(int(k)))
    ctx = mpmath.MPContext()
    ctx.dps = 2 * digits
    kk = ctx.mpf(int(k))
    expected = kk + ctx.loggamma(kk) + (1 - kk) * ctx.psi(0, kk)
    got = value(out, digits)
    assert abs(got - expected) <= abs(expected) * ctx.mpf(10) ** -60


@pytest.mark.parametrize("k", [1, 2, 3, sp.Rational(1, 2), sp.Rational(7, 2), 20])
def test_small_values_give_what_sympy_always_gave(k):
    assert substitute(GAMMA_ENTROPY, {K: k}) == GAMMA_ENTROPY.subs(K, k)
    assert not has_costly(substitute(GAMMA_ENTROPY, {K: k}))


def test_huge_powers_are_kept_and_multiplied_without_expanding():
    out = substitute(3 * (X / 2) ** K * sp.gamma(1 + 1 / K), {K: sp.Integer(10) ** 30,
                                                               X: sp.Integer(3)})
    assert any(is_costly(n) for n in sp.preorder_traversal(out))
    ctx = mpmath.MPContext()
    ctx.dps = 50
    expected = 3 * ctx.power(ctx.mpf(3) / 2, 10**30) * ctx.gamma(1 + ctx.mpf(10) ** -30)
    got = value(out, 50)
    assert abs(got / expected - 1) < ctx.mpf(10) ** -35


def test_roots_of_huge_numbers_do_not_overflow():
    out = substitute(sp.sqrt(X) + X ** sp.Rational(1, 3), {X: 3 * sp.Integer(10) ** 400 + 1})
    assert value(out) > 0


def test_substitution_is_one_pass_and_equal_to_subs_on_a_long_sum():
    ps = sp.symbols("p1:1001", positive=True)
    expr = -sp.Add(*[p * sp.log(p) for p in ps])
    point = {p: sp.Rational(1, 1000) for p in ps}
    start = time.process_time()  # CPU seconds: work done here, not the machine's load
    out = substitute(expr, point)
    assert time.process_time() - start < 5
    assert out == sp.log(1000)


def test_negative_control_a_changed_value_changes_the_result():
    assert substitute(GAMMA_ENTROPY, {K: 100000}) != substitute(GAMMA_ENTROPY, {K: 100001})


@pytest.mark.parametrize("func", COSTLY_FUNCTIONS, ids=lambda f: f.__name__)
def test_every_kept_function_is_evaluated_numerically(func):
    """A node kept unevaluated must compile on mpmath (else the derivation cannot verify)."""
    big, small = sp.Integer(10**6), sp.Integer(3)
    for args in ((big,), (small, big), (big, small)):
        try:
            node = func(*args, evaluate=False)
        except TypeError:  # another number of arguments
            continue
        if not is_costly(node):
            continue
        ctx = new_context(30)
        got = compile_expr(node, [], ctx)()
        reference = sp.N(func(*(sp.Integer(3) for _ in args)), 30)  # a small, exact value
        assert ctx.isfinite(got) or ctx.isinf(got)
        assert compile_expr(func(*(sp.Integer(3) for _ in args), evaluate=False), [],
                            ctx)() == pytest.approx(float(reference))
        break
    else:
        pytest.fail(f"no costly node of {func.__name__} was built")


def test_exact_bits_keeps_long_powers_as_written_and_equal():
    """``exact_bits`` keeps ``(19/50)^400`` (a power kept before stays kept through a later
    substitution); the value is the same exact number; by default it is evaluated
    (negative control: the kept form is not what SymPy gives by itself)."""
    y = sp.Symbol("y", positive=True)
    at = sp.Rational(19, 50)
    kept = substitute(X**400 * y * (1 - X) ** 2, {X: at}, exact_bits=64)
    kept = substitute(kept, {y: sp.Rational(3, 7)}, exact_bits=64)
    exact = at**400 * sp.Rational(3, 7) * (1 - at) ** 2
    assert sp.Pow(at, 400, evaluate=False) in kept.args and kept.doit() == exact
    assert substitute(X**400, {X: at}) == at**400 and (at**400).is_Rational
    assert substitute(X**3, {X: at}, exact_bits=64) == at**3  # short: evaluated
