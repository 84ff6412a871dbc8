"""numeric/context.py: private contexts, compile_expr, to_decimal, to_mpf.

Expected values are computed here with mpmath at more than twice the
precision under test, on a fresh context, or exactly with ``fractions`` and
``decimal``.  ``agree_digits`` is deliberately not tested here (it is being
rewritten); the comparisons below use their own relative errors.
"""

import decimal
import threading
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import special
from symbolic_info.numeric.context import (
    NumericError,
    compile_expr,
    evaluate,
    new_context,
    to_decimal,
    to_mpf,
)

X = sp.Symbol("x")
Y = sp.Symbol("y")
R = sp.Rational


def reference_context(dps: int) -> mpmath.MPContext:
    """A fresh context with more than twice the digits under test."""
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps + 10
    return ctx


def exact(value) -> Fraction:
    """The exact binary value of an mpf as a fraction."""
    sign, man, exp, _bits = value._mpf_
    return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)


def assert_close(got, want, dps: int):
    """``got`` matches ``want`` to all but 2 of ``dps`` significant digits."""
    err = abs(exact(got) - exact(want))
    assert err <= abs(exact(want)) * Fraction(1, 10 ** (dps - 2)), (got, want)


# --- private contexts ------------------------------------------------------------------------

def test_a_context_is_private():
    before = mpmath.mp.dps
    a, b = new_context(20), new_context(20)
    a.dps = 300
    assert (b.dps, mpmath.mp.dps, a.dps) == (20, before, 300)
    assert a is not mpmath.mp and b is not mpmath.mp
    assert len(str(+b.pi)) < 25 and len(str(+a.pi)) > 290


def test_contexts_stay_private_across_threads():
    """Eight threads each set their own precision, then all compute: none sees another's."""
    before = mpmath.mp.dps
    dps_of = [15, 40, 90, 200, 15, 40, 90, 200]
    ready = threading.Barrier(len(dps_of))
    results = [None] * len(dps_of)

    def work(i):
        ctx = new_context(dps_of[i])
        ready.wait()  # every context exists and was set before anyone computes
        ctx.dps = dps_of[i]  # setting it again must not leak either
        ready.wait()
        third = ctx.mpf(1) / 3
        results[i] = (ctx.dps, ctx.prec, third.man_exp, ctx.nstr(third, dps_of[i]))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(dps_of))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for dps, (got_dps, prec, (man, _exp), shown) in zip(dps_of, results, strict=True):
        assert got_dps == dps
        assert int(man).bit_length() == prec  # 1/3 carries exactly this context's bits
        assert shown == "0." + "3" * dps
    assert mpmath.mp.dps == before


# --- compile_expr: every function of its table ---------------------------------------------

FUNCTIONS = [
    # (expression in x and y, x, y, reference(c, x, y) on a fresh high-precision context)
    (sp.exp(X), R(7, 10), 0, lambda c, x, y: c.exp(x)),
    (sp.exp(X), R(-1000, 1), 0, lambda c, x, y: c.exp(x)),
    (sp.log(X), R(7, 10), 0, lambda c, x, y: c.log(x)),
    (sp.log(X), R(1, 10**40), 0, lambda c, x, y: c.log(x)),
    (sp.log(X, 3), R(7, 10), 0, lambda c, x, y: c.log(x) / c.log(3)),
    (sp.gamma(X), R(1, 3), 0, lambda c, x, y: c.gamma(x)),
    (sp.loggamma(X), R(10**10) + R(1, 3), 0, lambda c, x, y: c.loggamma(x)),
    (sp.digamma(X), R(7, 10), 0, lambda c, x, y: c.diff(c.loggamma, x)),
    (sp.polygamma(2, X), R(7, 10), 0, lambda c, x, y: c.diff(c.loggamma, x, 3)),
    (sp.harmonic(X), R(7, 2), 0, lambda c, x, y: c.digamma(x + 1) + c.euler),
    (sp.beta(X, Y), R(7, 10), R(5, 2), lambda c, x, y: c.gamma(x) * c.gamma(y) / c.gamma(x + y)),
    (sp.Abs(X), R(-7, 10), 0, lambda c, x, y: -x),
    (sp.erf(X), R(7, 10), 0, lambda c, x, y: 2 / c.sqrt(c.pi) * c.quad(lambda t: c.exp(-t * t),
                                                                       [0, x])),
    (sp.zeta(X), R(4), 0, lambda c, x, y: c.pi**4 / 90),
    (sp.sin(X), R(7, 10), 0, lambda c, x, y: c.sin(x)),
    (sp.cos(X), R(7, 10), 0, lambda c, x, y: c.cos(x)),
    (sp.atan(X), R(7, 10), 0, lambda c, x, y: c.asin(x / c.sqrt(1 + x * x))),
    (sp.sqrt(X), R(7, 10), 0, lambda c, x, y: c.exp(c.log(x) / 2)),
    (sp.factorial(X), R(7, 2), 0, lambda c, x, y: c.gamma(x + 1)),
    (sp.Min(X, Y, R(1, 2)), R(7, 10), R(-3), lambda c, x, y: c.mpf(-3)),
    (sp.Max(X, Y, R(1, 2)), R(7, 10), R(-3), lambda c, x, y: x),
    (X**3, R(-7, 10), 0, lambda c, x, y: x * x * x),
    (X**-1, R(7, 10), 0, lambda c, x, y: 1 / x),
    (X ** R(1, 3), R(7, 10), 0, lambda c, x, y: c.exp(c.log(x) / 3)),
    (X**Y, R(7, 10), R(5, 2), lambda c, x, y: c.exp(y * c.log(x))),
    (X + Y + 1, R(7, 10), R(5, 2), lambda c, x, y: x + y + 1),
    (2 * X * Y, R(7, 10), R(5, 2), lambda c, x, y: 2 * x * y),
]


@pytest.mark.parametrize("dps", [30, 120])
@pytest.mark.parametrize("expr, x, y, reference", FUNCTIONS, ids=[str(f[0]) for f in FUNCTIONS])
def test_compiled_functions_match_mpmath_at_higher_precision(expr, x, y, reference, dps):
    ctx = new_context(dps)
    f = compile_expr(expr, [X, Y], ctx)
    got = f(ctx.mpf(x.p) / x.q, ctx.mpf(sp.Rational(y).p) / sp.Rational(y).q)
    c = reference_context(dps)
    want = reference(c, c.mpf(x.p) / x.q, c.mpf(sp.Rational(y).p) / sp.Rational(y).q)
    assert got.context is ctx  # computed on the private context, not on mp
    assert_close(got, want, dps)


@pytest.mark.parametrize("dps", [30, 120])
def test_constants(dps):
    ctx, c = new_context(dps), reference_context(dps)
    expr = sp.pi + sp.E + sp.EulerGamma + sp.Catalan
    want = c.pi + c.e + c.euler + c.nsum(lambda k: (-1) ** k / (2 * k + 1) ** 2, [0, c.inf])
    assert_close(compile_expr(expr, [], ctx)(), want, dps)
    assert compile_expr(sp.oo, [], ctx)() == ctx.inf
    assert compile_expr(-sp.oo, [], ctx)() == -ctx.inf


def test_compiled_function_is_wrong_at_a_wrong_precision():
    """Negative control for the comparisons above: 15-digit values fail a 30-digit test."""
    low = new_context(15)
    got = compile_expr(sp.gamma(X), [X], low)(low.mpf(1) / 3)
    c = reference_context(30)
    with pytest.raises(AssertionError):
        assert_close(new_context(30).mpf(got), c.gamma(c.mpf(1) / 3), 30)


def _counting(monkeypatch, name):
    """Count the calls of ``numeric.special.<name>`` (compiled gamma nodes call it)."""
    calls = [0]
    real = getattr(special, name)

    def counted(*args):
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(special, name, counted)
    return calls


def test_constant_subexpressions_are_folded_once(monkeypatch):
    ctx = new_context(30)
    calls = _counting(monkeypatch, "gamma")
    f = compile_expr(sp.gamma(R(1, 3)) * X + sp.gamma(R(1, 3)) ** 2, [X], ctx)
    assert calls[0] <= 2  # at compile time, once per distinct node at most
    at_compile = calls[0]
    values = [f(ctx.mpf(k)) for k in range(5)]
    assert calls[0] == at_compile  # never again per call
    c = reference_context(30)
    g = c.gamma(c.mpf(1) / 3)
    for k, v in enumerate(values):
        assert_close(v, g * k + g * g, 30)


def test_non_constant_nodes_are_evaluated_at_every_call(monkeypatch):
    """Negative control: gamma(x) depends on the argument and cannot be folded."""
    ctx = new_context(30)
    calls = _counting(monkeypatch, "gamma")
    f = compile_expr(sp.gamma(X), [X], ctx)
    for k in range(1, 6):
        f(ctx.mpf(k))
    assert calls[0] == 5


def test_hooked_nodes_are_not_folded():
    ctx = new_context(30)
    hooked = sp.Function("H")
    calls = [0]

    def hook(node, build):
        def value(v):
            calls[0] += 1
            return ctx.mpf(7)

        return value

    f = compile_expr(hooked(2) + X, [X], ctx, {hooked: hook})
    assert [f(ctx.mpf(k)) for k in range(3)] == [7, 8, 9] and calls[0] == 3


@pytest.mark.parametrize(
    "expr, name",
    [(sp.tan(X), "tan"), (sp.besselj(0, X), "besselj"), (sp.Function("f")(X), "f"),
     (sp.tan(1), "tan"), (sp.I * X, "ImaginaryUnit")],
)
def test_unknown_function_raises_not_guesses(expr, name):
    ctx = new_context(30)
    with pytest.raises(NumericError, match=name):
        compile_expr(expr, [X], ctx)  # refused when compiled, before any value is made up


def test_evaluate_names_a_missing_value():
    ctx = new_context(30)
    with pytest.raises(NumericError, match="no value for y"):
        evaluate(X + Y, {X: 1}, ctx)
    got = evaluate(X + Y, {X: R(1, 2), Y: R(1, 3)}, ctx)
    assert abs(exact(got) - Fraction(5, 6)) <= Fraction(2) ** (1 - ctx.prec)


# --- to_decimal -------------------------------------------------------------------------------

def _rounded(value: Fraction, dps: int) -> decimal.Decimal:
    """``value`` correctly rounded to ``dps`` significant digits, by Python's decimal."""
    with decimal.localcontext() as dc:
        dc.prec = dps
        dc.Emin, dc.Emax = -10**6, 10**6
        return decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)


def _significant(text: str) -> int:
    mantissa = text.lstrip("-").split("e")[0].replace(".", "")
    return len(mantissa.lstrip("0"))


@pytest.mark.parametrize(
    "value, dps",
    [
        (Fraction(1, 3), 5), (Fraction(-2, 7), 30), (Fraction(2, 3), 50),
        (Fraction(22, 7) / 10**300, 10), (Fraction(1, 7) * 10**400, 12),
        (Fraction(3, 10**100000), 5), (Fraction(12345678, 10**7), 6),
        (Fraction(-61, 10**243), 1), (Fraction(37, 10), 1), (Fraction(123456, 10), 1),
        (Fraction(123456, 10), 3), (Fraction(10**50 // 3), 50), (Fraction(10**52 // 7), 50),
    ],
)
def test_to_decimal_rounds_to_the_significant_digits(value, dps):
    """Every digit written is significant: no padding zero (``10000.`` for 12345.6 at one
    digit), no bare point (``-6.e-242``, which a reviewer saw as a shown value)."""
    ctx = new_context(dps + 20)
    v = ctx.mpf(value.numerator) / value.denominator
    text = to_decimal(v, dps, ctx)
    assert decimal.Decimal(text) == _rounded(value, dps)
    assert _significant(text) == dps, text
    assert not text.split("e")[0].endswith("."), text
    assert ctx.dps == dps + 20  # the context's precision is left as it was


def test_to_decimal_carries_into_a_new_digit():
    ctx = new_context(30)
    text = to_decimal(ctx.mpf(999997) / 10, 5, ctx)  # 99999.7 -> 1.0000e5
    assert decimal.Decimal(text) == 100000


def test_to_decimal_special_values():
    ctx = new_context(30)
    assert to_decimal(ctx.inf, 10, ctx) == "inf"
    assert to_decimal(-ctx.inf, 10, ctx) == "-inf"
    assert to_decimal(ctx.zero, 10, ctx) == "0"
    assert to_decimal(-ctx.zero, 10, ctx) == "0"


def test_to_decimal_of_a_wrong_value_differs():
    """Negative control: one unit in the 20th digit shows at 20 digits."""
    ctx = new_context(40)
    third = ctx.mpf(1) / 3
    assert to_decimal(third, 20, ctx) != to_decimal(third + ctx.mpf(10) ** -20, 20, ctx)


# --- to_mpf ----------------------------------------------------------------------------------

@pytest.mark.parametrize("dps", [15, 50, 300])
@pytest.mark.parametrize(
    "value",
    [R(1, 3), R(-22, 7), R(10**60 + 1, 10**60), R(1, 10**400), sp.Integer(-5), R(7, 20)],
)
def test_to_mpf_of_exact_rationals_is_correctly_rounded(value, dps):
    ctx = new_context(dps)
    got = to_mpf(value, ctx)
    want = Fraction(int(value.p), int(value.q))
    assert abs(exact(got) - want) <= abs(want) * Fraction(2) ** (1 - ctx.prec)


@pytest.mark.parametrize("text, value", [("1/3", Fraction(1, 3)), ("-22/7", Fraction(-22, 7))])
def test_to_mpf_of_fraction_strings(text, value):
    ctx = new_context(50)
    assert abs(exact(to_mpf(text, ctx)) - value) <= abs(value) * Fraction(2) ** (1 - ctx.prec)


@pytest.mark.xfail(strict=True, reason=(
    "to_mpf reads a decimal string with sympify, which makes a 15-digit Float: '0.1' becomes "
    "0.1000000000000000055511... at 50 digits. No caller passes strings today; the fix "
    "(sp.Rational(text), exact and without eval) belongs in numeric/context.py."))
@pytest.mark.parametrize("text", ["0.1", "-2.5e-3", "1e-400", "0.35"])
def test_to_mpf_of_decimal_strings_is_exact(text):
    ctx = new_context(50)
    value = Fraction(text)
    assert abs(exact(to_mpf(text, ctx)) - value) <= abs(value) * Fraction(2) ** (1 - ctx.prec)


def test_to_mpf_of_a_long_decimal_string_keeps_its_digits():
    pi50 = "3.14159265358979323846264338327950288419716939937510"
    ctx = new_context(50)
    got = to_mpf(pi50, ctx)
    assert abs(exact(got) - Fraction(pi50)) <= Fraction(pi50) * Fraction(2) ** (1 - ctx.prec)


@pytest.mark.parametrize("dps", [1, 9, 50, 300])
def test_to_decimal_rounds_once_from_every_bit(dps):
    """Values just above and just below a half-way point of their last shown digit, built
    exactly, must round up and down respectively; mpmath's nstr rounds from a few more
    digits of a value first cut to about that many bits, and got the ones just above
    wrong (a 300-digit entropy printed its last digit 2 where the truth rounds to 3)."""
    ctx = new_context(dps + 60)
    with decimal.localcontext() as exact_arithmetic:
        exact_arithmetic.prec = dps + 100
        _check_ties(ctx, dps)


def _check_ties(ctx, dps):
    for lead in ("1", "0.0005", "66.65", "9" * 3, "7e-300", "3e300"):
        base = decimal.Context(prec=dps).plus(decimal.Decimal(lead))  # dps digits: a tie above
        unit = decimal.Decimal(1).scaleb(base.adjusted() - dps + 1)
        for step, more in ((+1, True), (-1, False)):
            exact = base + unit / 2 + step * unit * decimal.Decimal(10) ** -40
            value = ctx.mpf(str(exact))  # within 2^-(dps+60 digits): same side of the tie
            shown = decimal.Decimal(to_decimal(value, dps, ctx))
            assert (shown > base) == more, (lead, dps, step, shown)
            assert abs(shown - exact) <= unit / 2
