"""information-gain of a normal-normal model observed far out (finding F4, session 9).

``theta ~ normal(0, 1); x | theta ~ normal(theta, 1)`` observed at x: the posterior is
normal(x/2, sqrt(1/2)) (Gelman et al., Bayesian Data Analysis, 3rd ed., eq. (2.10)), so the
gain h(prior) - h(posterior) = ln(1/sqrt(1/2)) = ln(2)/2 whatever x (C&T eq. (8.9)).  At
x = 1e20 the reference's h(prior) was cut at the posterior's mean 5e19 only and lost the
prior's bump at 0 (reference -1.07, NOT VERIFIED); x = 1e300 was an internal error
(PrecisionExhausted in the check points' rounding).  The right value is computed here with
mpmath's log.
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry, refused_in_one_line

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.measures.information_gain import gain_entry

DPS = 30
MODEL = "theta ~ normal(0, 1); x | theta ~ normal(theta, 1)"


def _right():
    ctx = mpmath.mp.clone()
    ctx.dps = 60
    return ctx.log(2) / 2, ctx


@pytest.mark.parametrize("x", ["1e20", "-1e20", "1e100"])  # -1e20: far and negative
def test_a_far_observation_verifies_the_gain(x):
    true, ctx = _right()
    d = derive("information-gain", model=MODEL, observed=x, dps=DPS)
    assert d.verified, d.verification.notes
    for shown in (d.value, d.verification.reference):
        assert abs(ctx.mpf(shown) - true) <= true * ctx.mpf(10) ** (1 - DPS)


def test_an_observation_beyond_the_range_is_refused_in_one_line():
    refused_in_one_line("too far out", "information-gain", model=MODEL, observed="1e300")


def test_a_wrong_closed_form_far_out_is_caught():
    e = corrupt_entry(gain_entry(MODEL, "1e20"), lambda rhs: rhs * (1 + sp.Rational(1, 10**20)))
    assert not run(e, {}, None, DPS).verified


# (-1e40, 3) ran the same code as (-1e20, 3), 20 lost digits more
@pytest.mark.parametrize("mu0, x", [("1e20", "1e20"), ("1e20", "1"), ("-1e20", "3")])
def test_a_far_prior_verifies_the_gain(mu0, x):
    """theta ~ normal(mu0, 1) far from 0: the posterior is normal((mu0 + x)/2, sqrt(1/2)) and
    the gain ln(2)/2 whatever mu0 and x.  Was NOT VERIFIED (0 digits) at mu0 = 1e20, x = 1e20
    and past the 20 s limit at x = 1: the references and h(prior)'s step integrated the prior
    among nodes spread over 1e20; each integral now runs in its own law's scale."""
    true, ctx = _right()
    d = derive("information-gain", model=f"theta ~ normal({mu0}, 1); x | theta ~ "
               "normal(theta, 1)", observed=x, dps=DPS)
    assert d.verified and all(s.check.ok for s in d.steps), d.verification.notes
    for shown in (d.value, d.verification.reference):
        assert abs(ctx.mpf(shown) - true) <= true * ctx.mpf(10) ** (1 - DPS)


def test_a_prior_beyond_the_number_limit_is_refused_in_one_line():
    refused_in_one_line("too large", "information-gain",
                        model="theta ~ normal(1e300, 1); x | theta ~ normal(theta, 1)",
                        observed="1")


def test_a_wrong_closed_form_with_a_far_prior_is_caught():
    model = "theta ~ normal(1e20, 1); x | theta ~ normal(theta, 1)"
    e = corrupt_entry(gain_entry(model, "1"), lambda rhs: rhs * (1 + sp.Rational(1, 10**20)))
    assert not run(e, {}, None, DPS).verified
