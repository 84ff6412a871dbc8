"""A kept integral whose integrand is a bump far from the ends of its range (the h(prior)
step of a Gamma(300, 1) or Beta(100, 900) prior) is cut at the bump of its weight
(symbolic_info.measures.custom_numeric, numeric.bumps.bump_factor): checked against the
entropy from mpmath's log-gamma and digamma, never from the symbolic chain."""

import mpmath
import pytest
import sympy as sp

from symbolic_info.measures import custom_numeric
from symbolic_info.measures.custom_numeric import NumericIntegral
from symbolic_info.numeric.bumps import bump_factor
from symbolic_info.numeric.context import compile_expr, new_context

t = sp.Symbol("t", positive=True)


def _gamma_h_prior(k):
    """``-int p ln p`` of the Gamma(k, 1) density, written as the information-gain entry
    writes it: the normaliser an exact integer, the log expanded."""
    c = sp.gamma(k)
    density = t ** (k - 1) * sp.exp(-t) / c
    return NumericIntegral(-density * ((k - 1) * sp.log(t) - t - sp.log(c)), (t, 0, sp.oo))


def _gamma_entropy(k, dps):
    """Cover & Thomas, Table 17.1: h = k + ln Gamma(k) + (1 - k) psi(k) for Gamma(k, 1)."""
    with mpmath.workdps(dps + 10):
        return k + mpmath.loggamma(k) + (1 - k) * mpmath.digamma(k)


def _value(expr, dps):
    """The kept integral at ``dps`` digits, as an mpmath number of that precision."""
    ctx = new_context(dps)
    return compile_expr(expr, [], ctx)()


def _digits(a, b):
    """Relative digits to which ``a`` and ``b`` agree (at 1100 digits: no rounding here)."""
    with mpmath.workdps(1100):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        return float(-mpmath.log10(abs(a - b) / abs(b))) if a != b else 1100.0


@pytest.mark.parametrize("k,dps", [(300, 50), (1000, 50), (300, 300)])
def test_a_far_gamma_bump_is_integrated_to_every_digit(k, dps):
    got = _value(_gamma_h_prior(k), dps)
    want = _gamma_entropy(k, dps)
    assert _digits(got, want) > dps - 3
    with mpmath.workdps(dps + 10):
        wrong = want + mpmath.mpf(10) ** -(dps - 10)  # a closed form off in its last digits
    assert _digits(got, wrong) < dps - 8


def test_without_the_weight_cuts_the_bump_is_missed(monkeypatch):
    """The negative control: cut only at the default point (as before), the rule from 0 gave
    0.00135 for 4.87 at 50 digits."""
    monkeypatch.setattr(custom_numeric, "_weight_breaks", lambda *a: ())
    got = _value(_gamma_h_prior(400), 50)  # 400: no value of the tests above remembered
    assert _digits(got, _gamma_entropy(400, 50)) < 10


def test_a_beta_bump_away_from_the_middle():
    """Beta(100, 900): mode 0.1, 0.01 wide; h = ln B(a, b) - (a-1) psi(a) - (b-1) psi(b) +
    (a+b-2) psi(a+b) (Cover & Thomas, Table 17.1)."""
    a, b = 100, 900
    c = sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)
    density = t ** (a - 1) * (1 - t) ** (b - 1) / c
    log_density = (a - 1) * sp.log(t) + (b - 1) * sp.log(1 - t) - sp.log(c)
    got = _value(NumericIntegral(-density * log_density, (t, 0, 1)), 60)
    with mpmath.workdps(80):
        want = (mpmath.log(mpmath.beta(a, b)) - (a - 1) * mpmath.digamma(a)
                - (b - 1) * mpmath.digamma(b) + (a + b - 2) * mpmath.digamma(a + b))
    assert _digits(got, want) > 57


def test_the_weight_is_the_product_of_exponentials_and_powers():
    assert bump_factor(t ** 3 * sp.exp(-t) * sp.log(t), t) == t ** 3 * sp.exp(-t)
    assert bump_factor(t ** 2 * (1 - t) ** 5 * sp.log(t), t) == t ** 2 * (1 - t) ** 5
    assert bump_factor(t ** 2 * sp.log(t), t) is None  # rises to an end: no bump
    assert bump_factor(sp.exp(-t) + t, t) is None  # a sum: the terms are bump_terms' job
