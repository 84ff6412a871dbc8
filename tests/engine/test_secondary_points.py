"""Issue 15, precision: a symbolic result is checked at full precision at its first point
(the one whose digits are shown) and at ``SECONDARY_DPS`` digits at the other seeded points,
and the verification says so.  Truths are computed here from the textbook formula in a fresh
``mpmath.MPContext``; negative controls: a closed form wrong only away from the first point
is still caught, and so is one off by a relative ``10^-290`` at the first point."""

import mpmath
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.engine.run import SECONDARY_DPS, run

R = sp.Rational


def exponential_entropy(text: str, dps: int):
    """Cover & Thomas, Example 8.1.1: h = 1 - ln lambda, at 2 dps + 20 digits."""
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps + 20
    lam = R(text)
    return 1 - ctx.log(ctx.mpf(lam.p) / lam.q)


def test_symbolic_result_shows_full_digits_at_the_first_point_and_says_how_the_rest_were_checked():
    d = derive("entropy/exponential", dps=300)
    v = d.verification
    assert v.ok and v.agree_digits == 300 and len(v.points) == 3
    assert (f"300 digits at the first, whose values are shown; {SECONDARY_DPS} digits at 2 more"
            in v.method)
    truth = exponential_entropy(v.points[0]["lambda"], 300)
    ctx = truth.context
    unit = ctx.mpf(10) ** (ctx.floor(ctx.log10(abs(truth))) - 299)
    assert abs(ctx.mpf(v.value) - truth) <= unit / 2 * (1 + ctx.mpf(10) ** -10)
    assert abs(ctx.mpf(v.reference) - truth) <= unit / 2 * (1 + ctx.mpf(10) ** -10)


def test_at_or_below_the_secondary_precision_every_point_is_checked_alike():
    v = derive("entropy/exponential", dps=SECONDARY_DPS).verification
    assert v.ok and v.agree_digits == SECONDARY_DPS and "digits at the first" not in v.method


def test_a_closed_form_wrong_only_away_from_the_first_point_is_caught():
    first = derive("entropy/exponential", dps=30).verification.points[0]["lambda"]
    lam = sp.Symbol("lambda", positive=True)

    def wrong(rhs):  # right at the first point, off by ~1e-40 relative elsewhere
        (s,) = [x for x in rhs.free_symbols if x.name == lam.name]
        return rhs * (1 + (s - R(first)) * R(1, 10**40))

    d = run(corrupt_step("entropy/exponential", wrong), {}, None, 300)
    assert not d.verification.ok and not d.verified


def test_a_closed_form_off_at_the_first_point_is_caught_at_full_precision():
    bad = corrupt_step("entropy/exponential", lambda rhs: rhs * (1 + R(1, 10**290)))
    d = run(bad, {}, None, 300)
    assert not d.verification.ok
    assert 288 <= d.verification.agree_digits <= 291
