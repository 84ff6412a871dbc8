"""The logit rule for ``v^c (1 - v)^d`` on (0, 1) against the beta function and digammas.

The expected values use the closed forms (the rule never does): ``Z = B(c + 1, d + 1)``,
``E ln V = psi(c + 1) - psi(c + d + 2)``, ``E ln(1 - V) = psi(d + 1) - psi(c + d + 2)``
(Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2, 2nd ed., ch. 25),
by mpmath at 20 digits more than the rule's.
"""

import mpmath
import pytest

from symbolic_info.numeric import beta_moments
from symbolic_info.numeric.beta_moments import beta_log_moments
from symbolic_info.numeric.context import NumericError, new_context


def expected(c, d, dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    a, b = ctx.mpf(c) + 1, ctx.mpf(d) + 1
    return (ctx.log(ctx.beta(a, b)), ctx.digamma(a) - ctx.digamma(a + b),
            ctx.digamma(b) - ctx.digamma(a + b))


def all_digits(got, want, dps) -> bool:
    """Each value within 10^-dps of the expected one, relative (absolute below 1)."""
    return all(abs(g - w) <= mpmath.mpf(10) ** -dps * max(1, abs(w))
               for g, w in zip(got, want, strict=True))


@pytest.mark.parametrize("c, d", [
    (0, 0), (0, 1), (1, 4), (2, 2),     # the example: tanh-sinh's shared nodes
    ("-1/2", "-1/2"), ("-9/10", 7),     # singular at the ends; 7/10 takes the exp path
    (0, 300),                           # skewed, still on the shared nodes
    (2499, 2500),                       # width 0.03: centred on its mode at once
    (0, 3000),                          # the rule that needs fewer levels: centred
])
def test_every_digit_at_300(c, d):
    ctx = new_context(300)
    cc, dd = number(c, ctx), number(d, ctx)
    assert all_digits(beta_log_moments(cc, dd, ctx), expected(cc, dd, 300), 300)


def number(x, ctx):
    """An integer or a fraction ``"p/q"`` on ``ctx``, exactly rounded."""
    p, _, q = str(x).partition("/")
    return ctx.mpf(int(p)) / int(q or 1)


def test_a_value_off_in_its_290th_digit_is_caught():
    """Negative control: the comparison above refuses E ln V moved by 10^-290."""
    ctx = new_context(300)
    got = list(beta_log_moments(1, 4, ctx))
    want = expected(1, 4, 300)
    assert all_digits(got, want, 300)
    got[1] += ctx.mpf(10) ** -290
    assert not all_digits(got, want, 300)


def test_a_steep_flank_has_every_digit():
    """The right flank ``(1 - v)^20000`` narrows the rule's strip: the level is proved
    (atk15 F2: 8 digits short when two levels agreeing to half the bits stopped the rule;
    ``(-3/4, 20000)`` at 1000 digits, 33 short then, is checked by hand in 1.2 s)."""
    ctx = new_context(300)
    c = number("-1/2", ctx)
    assert all_digits(beta_log_moments(c, 20000, ctx), expected(c, 20000, 300), 300)


def test_two_levels_below_the_proved_one_fall_short(monkeypatch):
    """Negative control: the proved level is needed (the comparison catches the rule
    stopped two levels earlier)."""
    proved = beta_moments.proved_level
    monkeypatch.setattr(beta_moments, "proved_level", lambda *a, **k: (
        None if proved(*a, **k) is None else proved(*a, **k) - 2))
    ctx = new_context(300)
    c = number("-1/2", ctx)
    assert not all_digits(beta_log_moments(c, 20000, ctx), expected(c, 20000, 300), 300)


def test_the_shared_nodes_are_kept_for_a_few_precisions_only():
    for dps in (30, 40, 50, 60, 70):
        beta_log_moments(0, 1, new_context(dps))
    kept = beta_moments.kept_precisions()
    assert len(kept) == beta_moments.PRECISIONS and kept[-1] > new_context(70).prec


@pytest.mark.parametrize("c, d", [(-1, 0), (0, "-1.5")])
def test_a_density_that_is_not_integrable_is_refused(c, d):
    with pytest.raises(NumericError, match="c, d > -1"):
        beta_log_moments(c, d, new_context(20))
