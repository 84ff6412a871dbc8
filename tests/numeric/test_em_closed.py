"""The closed-form Euler-Maclaurin pieces (numeric/log_rational.py, numeric/em_closed.py)
against mpmath working on the term as written: its numerical derivatives (``diff``), its
integral (``quad``) and the integral of the absolute value of its derivative, for terms at
the class's edges (a pole just left of the start, shifted logarithms, cancelling partial
fractions)."""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric.em_closed import derivative_mass, derivatives, tail_integral
from symbolic_info.numeric.log_rational import atoms_of, valid_from

K = sp.Symbol("k", positive=True)
R = sp.Rational
TERMS = [
    -(sp.log(K) + sp.log(K + 1)) / (K * (K + 1)),  # the entropy's term of 1/(k(k+1))
    6 / (sp.pi**2 * K**2) * sp.log(sp.pi**2 * K**2 / 6),
    # a pole of the rational part and a zero of the logarithm just left of k = 1
    sp.log(1000 * (K - R(999, 1000))) / ((K - R(999, 1000)) * (K + R(1, 1000))),
    sp.log(2 * K + 7) / (K + R(1, 2))**3 - sp.log(K) / (3 * (K + 2)**2),
    sp.log(K) / K - sp.log(K + 3) / (K + 1),  # each 1/k alone diverges: only the pair sums
    # fractional powers of one linear factor (the pmf k^(-3/2) / zeta(3/2)): Leibniz's
    # coefficients binom(n + j - 1, j) of a fraction n, and a factor 3 out of (3k + 2)^(7/3)
    sp.log(K) / (sp.zeta(R(3, 2)) * K**R(3, 2)),
    sp.log(2 * K + 7) / (K + R(1, 2))**R(5, 2) - sp.log(K) / (3 * (3 * K + 2)**R(7, 3)),
]


def _as_written(term, dps):
    """mpmath's global context at ``dps`` and the term on it (lambdify's "mpmath")."""
    mpmath.mp.dps = dps
    return mpmath.mp, sp.lambdify(K, term, modules="mpmath")


@pytest.fixture(autouse=True)
def _restore_mpmath():
    yield
    mpmath.mp.dps = 15


@pytest.mark.parametrize("term", TERMS)
def test_atoms_derivatives_and_integral_match_the_term_as_written(term):
    """Each identity fails on any slip of sign, index or shift: a wrong Leibniz
    coefficient is off by far more than 10^-25 (orders up to 9)."""
    atoms = atoms_of(term, K)
    x0 = max(valid_from(atoms), 6) + R(1, 3)  # not an integer: no lucky cancellation
    ctx, f = _as_written(term, 40)
    at = ctx.mpf(x0.p) / x0.q
    got = derivatives(atoms, at, [1, 4, 9], ctx)
    for r, g in zip([1, 4, 9], got, strict=True):
        want = ctx.diff(f, at, r)
        assert abs(g - want) <= abs(want) * ctx.mpf(10) ** -25, (r, g, want)
    # in x = at e^s: quad on [at, oo) missed 10^-20 of the slow ln x / x^(3/2) tail
    want = ctx.quad(lambda s: f(at * ctx.exp(s)) * at * ctx.exp(s), [0, 5, 50, ctx.inf])
    assert abs(tail_integral(atoms, at, ctx) - want) <= abs(want) * ctx.mpf(10) ** -30


@pytest.mark.parametrize("term", [TERMS[0], TERMS[2], TERMS[6]])
def test_the_mass_of_the_derivative_is_bounded_above(term):
    """The remainder's bound must never fall below ``int |f^(r)|`` (quadrature of the
    numerical derivative); nor may it be so loose that the plan's margin is lost.  Taken
    where the logarithm is near 0 (``ln(2 - 999/1000)``): Leibniz's other terms dominate."""
    atoms = atoms_of(term, K)
    x0 = valid_from(atoms)
    ctx, f = _as_written(term, 20)
    for r in (7,):
        true = ctx.quad(lambda x, r=r: abs(ctx.diff(f, x, r)), [x0, 30, 200, ctx.inf])
        bound = derivative_mass(atoms, x0, r, ctx)
        assert true <= bound <= 100 * true, (r, true, bound)


@pytest.mark.parametrize("term", [
    K**R(-99, 100),  # a fractional power whose series diverges
    sp.log(K) / (K**R(3, 2) * (K + 1)),  # a fractional power times another factor
    sp.log(K) / (K**2 + 1)**R(3, 2),  # a fractional power of a quadratic
    sp.log(K)**2 / K**2,  # a product of logarithms
    1 / (K**2 + 1),  # complex poles
    sp.log(K) / K,  # a divergent series
    1 / K - 1 / (2 * (K + 2)),  # falls like 1/(2k)
    K * sp.log(K) / (K + 1),  # a polynomial part: the terms do not fall
    sp.exp(-K) / K,
])
def test_terms_outside_the_class_are_left_to_other_methods(term):
    assert atoms_of(term, K) is None


def test_a_logarithm_of_a_negative_constant_is_outside():
    assert atoms_of(sp.log(-1 / K) / K**2, K) is None


def test_a_log_shift_below_float_range_is_integrated_not_a_traceback():
    """``ln(k + 10^-400) / (k (k + 1))`` (KL against a pmf with a pole at ``-10^-400``):
    the expansion's ratio ``10^-400 / x0`` underflows a float, which raised
    ``ValueError: math domain error``.  Against mpmath's ``quad`` without the shift (the
    difference is below ``10^-390``), and a wrong shift (``10^-10``) is told apart."""
    eps = R(1, 10**400)
    ctx, _ = _as_written(0, 60)
    x0 = ctx.mpf(7)
    got = tail_integral(atoms_of(sp.log(K + eps) / (K * (K + 1)), K), x0, ctx)
    want = ctx.quad(lambda x: ctx.log(x) / (x * (x + 1)), [x0, 50, ctx.inf])
    assert abs(got - want) <= abs(want) * ctx.mpf(10) ** -55
    wrong = tail_integral(atoms_of(sp.log(K + R(1, 10**10)) / (K * (K + 1)), K), x0, ctx)
    assert abs(wrong - want) > abs(want) * ctx.mpf(10) ** -20
