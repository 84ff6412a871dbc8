"""Discrete entries, capacity and information gain at 300 and 1000 digits (issue 15).

Every expected value is computed here, in a fresh ``mpmath.MPContext`` 30 digits above the
requested precision, from the definition (the pmf summed term by term, the mutual
information maximised by its own root finder, the textbook entropies of the prior and the
posterior); each has a negative control (a value wrong by one part in ``10^900``, or a
closed form made wrong by that much, must be caught).
"""

import math

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.catalog import entry
from symbolic_info.engine.run import run
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.special import log_gamma
from symbolic_info.symbolic.sums import RESYNC, geometric_linear_sum, pmf_walk


def fresh(dps: int):
    ctx = mpmath.MPContext()
    ctx.dps = dps + 30
    return ctx


def agrees(text: str, expected, dps: int, ctx) -> bool:
    """``text`` (the derivation's value) within 10^-(dps-2) of ``expected``, relatively."""
    return abs(ctx.mpf(text) - expected) <= abs(expected) * ctx.mpf(10) ** (2 - dps)


def off(dps: int, ctx):
    """A relative error the check must catch: 10^-900 at 1000 digits, 10^-(dps-50) below."""
    return ctx.mpf(10) ** -(900 if dps >= 1000 else dps - 50)


def geometric_sum(p, summand, dps: int, ctx):
    """``sum_{k>=1} P(k) summand(k, ln P(k))`` for Geometric(p), term by term, to 10^-(dps+25).

    For ``p < 1/10`` (``p = 1/100`` at 1000 digits: 235,000 terms, 5 s of CPU per test)
    by the law's mean instead: the summands here are linear in ``k`` (``ln P(k)`` is), and
    ``sum P(k) (a + b k) = a + b / p`` (Feller, Vol. 1, Sec. XI.2)."""
    q, lp, lq = 1 - p, ctx.log(p), ctx.log(1 - p)
    if p < ctx.mpf(1) / 10:
        s1, s2 = summand(1, lp), summand(2, lp + lq)
        return s1 + (s2 - s1) * (1 / p - 1)
    total, pk, k = ctx.zero, p, 1
    small = ctx.mpf(10) ** -(dps + 25)
    while True:
        total += pk * summand(k, lp + (k - 1) * lq)
        if pk * (k + 10) < small * p:
            return total
        pk *= q
        k += 1


def poisson_sum(lam, summand, dps: int, ctx):
    """``sum_k P(k) summand(k, ln P(k))`` for Poisson(lam), term by term past the mode."""
    total, logp, k = ctx.zero, -lam, 0
    small = ctx.mpf(10) ** -(dps + 25)
    while True:
        pk = ctx.exp(logp)
        total += pk * summand(k, logp)
        if k > 2 * lam + 10 and pk * (k + 10) < small:
            return total
        k += 1
        logp += ctx.log(lam) - ctx.log(k)


# --- geometric: the partial sums doubled (p = 1/100 needed 230,000 terms, over the cap) ---

@pytest.mark.parametrize("dps, p", [(1000, "2/7"), (1000, "1/100")])  # 300: the same code
def test_geometric_entropy(dps, p):
    ctx = fresh(dps)
    pp = ctx.mpf(sp.Rational(p).p) / sp.Rational(p).q
    expected = geometric_sum(pp, lambda k, logp: -logp, dps, ctx)
    d = derive("entropy/geometric", p=p, dps=dps)
    assert d.verified and d.verification.agree_digits >= dps - 1
    assert agrees(d.value, expected, dps, ctx)
    assert not agrees(d.value, expected * (1 + off(dps, ctx)), dps, ctx)


@pytest.mark.parametrize("dps, p1, p2", [(300, "1/3", "3/4"), (1000, "1/100", "1/3")])
def test_geometric_kl(dps, p1, p2):
    ctx = fresh(dps)
    u, v = (ctx.mpf(sp.Rational(x).p) / sp.Rational(x).q for x in (p1, p2))
    lv, lw = ctx.log(v), ctx.log(1 - v)
    expected = geometric_sum(u, lambda k, logp: logp - lv - (k - 1) * lw, dps, ctx)
    d = derive("kl/geometric", p1=p1, p2=p2, dps=dps)
    assert d.verified and agrees(d.value, expected, dps, ctx)
    assert not agrees(d.value, expected * (1 + off(dps, ctx)), dps, ctx)


def test_geometric_tiny_p_at_1000_digits():
    """p = 10^-6 would need 2.3e9 terms one by one; against H = H_b(p)/p computed here."""
    ctx = fresh(1000)
    p = ctx.mpf(10) ** -6
    expected = (-(1 - p) * ctx.log1p(-p) - p * ctx.log(p)) / p
    d = derive("entropy/geometric", p="1/1000000", dps=1000)
    assert d.verified and agrees(d.value, expected, 1000, ctx)


def test_wrong_geometric_closed_form_caught_at_1000_digits():
    bad = corrupt_step("entropy/geometric", lambda rhs: rhs * (1 + sp.Rational(1, 10**900)))
    d = run(bad, {"p": sp.Rational(2, 7)}, None, 1000)
    assert not d.verification.ok and not d.verified


def test_geometric_linear_sum_against_direct_terms():
    ctx = new_context(60)
    q = ctx.mpf(9) / 10
    a, b = ctx.mpf(-3), ctx.mpf(7) / 3
    direct = ctx.fsum(q**i * (a + b * i) for i in range(4000))
    got = geometric_linear_sum(a, b, q, ctx.log(q), ctx)
    assert abs(got - direct) < ctx.mpf(10) ** -55 * abs(direct)
    assert abs(got + ctx.mpf(10) ** -50 - direct) > ctx.mpf(10) ** -55 * abs(direct)
    assert geometric_linear_sum(a, b, ctx.zero, ctx.ninf, ctx) == a


def test_pmf_walk_matches_exp_both_ways():
    ctx = new_context(50)
    lam = ctx.mpf(7) / 2

    def log_pmf(k):
        return -lam + k * ctx.log(lam) - ctx.loggamma(k + 1)

    pmf = pmf_walk(log_pmf, lambda k: lam / k, ctx)
    ks = list(range(3, 3 + 3 * RESYNC)) + list(range(2 + 3 * RESYNC, -1, -1))
    for k in ks:
        exact = ctx.exp(log_pmf(k))
        assert abs(pmf(k) - exact) <= exact * ctx.mpf(10) ** -45, k
    wrong = pmf_walk(log_pmf, lambda k: lam / k * (1 + ctx.mpf(10) ** -40), ctx)
    values = [wrong(k) for k in range(0, 10)]
    assert abs(values[9] - ctx.exp(log_pmf(9))) > ctx.mpf(10) ** -45


# --- Poisson: ln k! of small integers by the exact factorial ------------------------------

@pytest.mark.parametrize("dps", [1000])  # 300 digits ran the same code
def test_poisson_entropy(dps):
    ctx = fresh(dps)
    lam = ctx.mpf(7) / 2
    expected = poisson_sum(lam, lambda k, logp: -logp, dps, ctx)
    d = derive("entropy/poisson", **{"lambda": "7/2"}, dps=dps)
    assert d.verified and agrees(d.value, expected, dps, ctx)
    assert not agrees(d.value, expected * (1 + off(dps, ctx)), dps, ctx)


def test_poisson_kl_at_1000_digits():
    ctx = fresh(1000)
    l1, l2 = ctx.mpf(7) / 2, ctx.mpf(5)
    expected = poisson_sum(l1, lambda k, logp: logp - (-l2 + k * ctx.log(l2)
                                                         - ctx.loggamma(k + 1)), 1000, ctx)
    d = derive("kl/poisson", lambda1="7/2", lambda2="5", dps=1000)
    assert d.verified and agrees(d.value, expected, 1000, ctx)
    assert not agrees(d.value, expected * (1 + ctx.mpf(10) ** -900), 1000, ctx)


def test_wrong_poisson_closed_form_caught_at_300_digits():
    """At 300 digits (was 1000: 6 s): the comparison at 1000 digits is the geometric
    control's (test_wrong_geometric_closed_form_caught_at_1000_digits), Poisson's
    reference at 1000 digits is test_poisson_entropy[1000]'s."""
    bad = corrupt_step("entropy/poisson", lambda rhs: rhs + sp.Rational(1, 10**250))
    d = run(bad, {"lambda": sp.Rational(7, 2)}, None, 300)
    assert not d.verification.ok and not d.verified


@pytest.mark.parametrize("n", [1, 2, 17, 4096, 4097])
def test_log_gamma_of_integers_is_ln_factorial(n):
    ctx = new_context(1000)
    exact = fresh(1000).log(math.factorial(n - 1))
    assert abs(log_gamma(ctx.mpf(n), ctx) - exact) <= max(1, abs(exact)) * ctx.mpf(10) ** -998


# --- capacity and information gain ---------------------------------------------------------

def test_bsc_capacity_at_1000_digits():
    ctx = fresh(1000)
    e = ctx.mpf(11) / 100
    expected = ctx.log(2) + e * ctx.log(e) + (1 - e) * ctx.log(1 - e)
    d = derive("capacity", channel="bsc(11/100)", units="nats", dps=1000)
    assert d.verified and agrees(d.value, expected, 1000, ctx)
    assert not agrees(d.value, expected + ctx.mpf(10) ** -900, 1000, ctx)


def test_general_channel_capacity_at_1000_digits():
    """Two inputs, three outputs: I(p) maximised by its own root finder, dI/dp = 0."""
    ctx = fresh(1000)
    w = [[ctx.mpf(6) / 10, ctx.mpf(3) / 10, ctx.mpf(1) / 10],
         [ctx.mpf(2) / 10, ctx.mpf(5) / 10, ctx.mpf(3) / 10]]

    def info(p):
        q = [p * w[0][y] + (1 - p) * w[1][y] for y in range(3)]
        return ctx.fsum(px * w[x][y] * ctx.log(w[x][y] / q[y])
                        for x, px in ((0, p), (1, 1 - p)) for y in range(3))

    def slope(p):  # dI/dp = D(W0 || q) - D(W1 || q)
        q = [p * w[0][y] + (1 - p) * w[1][y] for y in range(3)]
        return ctx.fsum(w[0][y] * ctx.log(w[0][y] / q[y]) - w[1][y] * ctx.log(w[1][y] / q[y])
                        for y in range(3))

    expected = info(ctx.findroot(slope, ctx.mpf(1) / 2))
    d = derive("capacity", channel="[[0.6,0.3,0.1],[0.2,0.5,0.3]]", units="nats",
               dps=1000)
    assert d.verified and agrees(d.value, expected, 1000, ctx)
    assert not agrees(d.value, expected * (1 + ctx.mpf(10) ** -900), 1000, ctx)


def test_information_gain_at_300_digits():
    """Exponential(mean 10) prior, Poisson counts 10, 9, 11, 8, 10: the gamma posterior
    (shape 1 + 48, rate 1/10 + 5); h of each from the textbook formulas, here."""
    ctx = fresh(300)
    k, theta = ctx.mpf(49), 1 / (ctx.mpf(1) / 10 + 5)
    h_prior = 1 + ctx.log(10)
    h_post = k + ctx.log(theta) + ctx.loggamma(k) + (1 - k) * ctx.digamma(k)
    expected = h_prior - h_post
    d = derive("information-gain", model="theta ~ exponential(mean=10); x | theta ~ poisson(theta)",
               observed="10,9,11,8,10", dps=300)
    assert d.verified and agrees(d.value, expected, 300, ctx)
    assert not agrees(d.value, expected * (1 + ctx.mpf(10) ** -250), 300, ctx)
    assert entry("information-gain").name == "information-gain"


@pytest.mark.parametrize("dps", [300, 1000])
def test_bivariate_normal_mutual_information(dps):
    """I(X;Y) = -1/2 ln(1 - rho^2) for rho = 1/2 (Cover & Thomas, Example 8.5.1), here."""
    ctx = fresh(dps)
    expected = -ctx.log(1 - ctx.mpf(1) / 4) / 2
    d = derive("mutual-information", joint="mvnormal([0,0], [[1, 1/2], [1/2, 1]])",
               units="nats", dps=dps)
    assert d.verified and agrees(d.value, expected, dps, ctx)
    assert not agrees(d.value, expected * (1 + off(dps, ctx)), dps, ctx)
