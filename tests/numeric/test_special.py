"""numeric/special.py against closed forms computed here (no gamma or digamma routine used).

Truths: Gauss's digamma theorem, psi(1/3) = -gamma_E - (3/2) ln 3 - pi/(2 sqrt 3) and
psi(1/2) = -gamma_E - 2 ln 2, with psi(x + 1) = psi(x) + 1/x (Abramowitz & Stegun 6.3.5,
6.3.7); Gamma(1/2) = sqrt(pi) with Gamma(x + 1) = x Gamma(x); Stirling's series for
ln Gamma(10^30) with exact Bernoulli numbers (A&S 6.1.40).  Each in a fresh
``mpmath.MPContext`` at twice the precision plus 20 digits.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import special
from symbolic_info.numeric.context import compile_expr, new_context


def high(dps):
    c = mpmath.MPContext()
    c.dps = 2 * dps + 20
    return c


def close(got, want, dps, lost=2):
    c = want.context
    return abs(c.mpf(got) - want) <= abs(want) * c.mpf(10) ** (lost - dps)


def psi_seven_thirds(c):
    third = -c.euler - c.mpf(3) / 2 * c.log(3) - c.pi / (2 * c.sqrt(3))
    return third + 3 + c.mpf(3) / 4  # psi(4/3) = psi(1/3) + 3, psi(7/3) = psi(4/3) + 3/4


def stirling_log_gamma(x, c):
    """(x - 1/2) ln x - x + ln(2 pi)/2 + sum B_2k / (2k (2k - 1) x^(2k-1))."""
    total = (x - c.mpf(1) / 2) * c.log(x) - x + c.log(2 * c.pi) / 2
    for k in range(1, 40):
        b = sp.bernoulli(2 * k)
        total += c.mpf(b.p) / b.q / (2 * k * (2 * k - 1) * x ** (2 * k - 1))
    return total


@pytest.mark.parametrize("dps", [50, 1000])
def test_digamma_at_rationals(dps):
    ctx, c = new_context(dps + 10), high(dps)
    assert close(special.digamma(ctx.mpf(7) / 3, ctx), psi_seven_thirds(c), dps)
    assert close(special.digamma(ctx.mpf(1) / 2, ctx), -c.euler - 2 * c.log(2), dps)


@pytest.mark.parametrize("dps", [50, 1000])
def test_gamma_and_log_gamma_at_half_integers(dps):
    ctx, c = new_context(dps + 10), high(dps)
    seven_halves = c.mpf(15) / 8 * c.sqrt(c.pi)  # Gamma(7/2) = (5/2)(3/2)(1/2) sqrt(pi)
    assert close(special.gamma(ctx.mpf(7) / 2, ctx), seven_halves, dps)
    assert close(special.log_gamma(ctx.mpf(7) / 2, ctx), c.log(seven_halves), dps)


def test_log_gamma_of_1e30_where_gamma_overflows_mpfr():
    dps = 300
    ctx, c = new_context(dps + 10), high(dps)
    x = ctx.mpf(10) ** 30
    assert close(special.log_gamma(x, ctx), stirling_log_gamma(c.mpf(10) ** 30, c), dps)
    g = special.gamma(x, ctx)  # beyond MPFR's exponents: mpmath's own
    assert ctx.isfinite(g) and close(ctx.log(g), stirling_log_gamma(c.mpf(10) ** 30, c), dps)


def test_log_of_gamma_in_an_expression_never_forms_gamma_of_1e30():
    k = sp.Symbol("k", positive=True)
    ctx = new_context(60)
    f = compile_expr(sp.log(sp.gamma(k)), [k], ctx)
    assert close(f(ctx.mpf(10) ** 30), stirling_log_gamma(high(60).mpf(10) ** 30, high(60)), 60)


def test_non_positive_arguments_are_left_to_mpmath():
    ctx = new_context(40)
    x = -ctx.mpf(5) / 2
    assert special.digamma(x, ctx) == ctx.digamma(x)
    assert special.gamma(x, ctx) == ctx.gamma(x)
    with pytest.raises(ValueError):
        special.digamma(ctx.zero, ctx)


def test_without_gmpy2_mpmath_gives_the_same_digits(monkeypatch):
    monkeypatch.setattr(special, "gmpy2", None)
    assert not special.has_mpfr()
    ctx, c = new_context(60), high(50)
    assert close(special.digamma(ctx.mpf(7) / 3, ctx), psi_seven_thirds(c), 50)


def test_a_wrong_truth_is_told_apart():
    """Negative control: psi(7/3) is not psi(4/3) (the recurrence step left out)."""
    ctx, c = new_context(60), high(50)
    assert not close(special.digamma(ctx.mpf(7) / 3, ctx), psi_seven_thirds(c) - c.mpf(3) / 4,
                     50)


def near_one_log(eps, c):
    """ln(1 + eps) = eps - eps^2/2 + eps^3/3 - ... (A&S 4.1.24), summed until negligible."""
    total, term, k = c.zero, eps, 1
    while abs(term) > c.eps * abs(eps):
        total += term / k
        term, k = -term * eps, k + 1
    return total


LOG_DPS = 600
"""Above special.LOG_BITS: the MPFR path (checked by the test below)."""


@pytest.mark.parametrize("text", ["1e-500/3", "7/3", "3e400", "1e-2000", "2^3000"])
def test_log_from_480_digits_inverts_exp(text):
    """ln x is right to the last digits: exp (mpmath's series, no ln) of it at twice the
    precision gives x back."""
    ctx, c = new_context(LOG_DPS), high(LOG_DPS)
    x = ctx.mpf(sp.N(sp.sympify(text), LOG_DPS + 20))
    got = special.log(x, ctx)
    assert abs(c.exp(c.mpf(got)) - c.mpf(x)) <= abs(c.mpf(x)) * c.mpf(10) ** (2 - LOG_DPS)


@pytest.mark.parametrize("sign", [1, -1])
def test_log_next_to_one_keeps_its_relative_digits(sign):
    """ln(1 +- 10^-550): the answer 1e-550 is right to its own last digits, not to 1e-600."""
    ctx, c = new_context(LOG_DPS), high(LOG_DPS)
    eps = sign * ctx.mpf(10) ** -550
    f = compile_expr(sp.log(sp.Symbol("x")), [sp.Symbol("x")], ctx)
    assert close(f(1 + eps), near_one_log(c.mpf(eps), c), LOG_DPS - 550 - 2)
    assert close(special.log(1 + eps, ctx), near_one_log(c.mpf(eps), c), LOG_DPS - 550 - 2)


def test_log_takes_the_mpfr_path_from_log_bits(monkeypatch):
    ctx = new_context(LOG_DPS)
    assert ctx.prec >= special.LOG_BITS
    monkeypatch.setattr(ctx, "log", lambda z: pytest.fail("mpmath's ln used"))
    special.log(ctx.mpf(10) ** -500 / 3, ctx)


def test_log_of_non_positive_or_complex_is_mpmaths():
    ctx = new_context(LOG_DPS)
    for z in (-ctx.mpf(2), ctx.mpc(1, 2), ctx.zero):
        assert special.log(z, ctx) == ctx.log(z)


def test_log_wrong_by_one_unit_in_1e590_is_told_apart():
    """Negative control: the check of the inversion test catches ln x + 10^-590."""
    ctx, c = new_context(LOG_DPS), high(LOG_DPS)
    x = ctx.mpf(7) / 3
    wrong = special.log(x, ctx) + ctx.mpf(10) ** -590
    assert not abs(c.exp(c.mpf(wrong)) - c.mpf(x)) <= abs(c.mpf(x)) * c.mpf(10) ** (2 - LOG_DPS)
