"""quantised-entropy for laws without a closed-form CDF in SymPy (issue 13, quantisation).

Laplace, gamma (shape 5/2 and the singular 1/2), beta(1/2, 1/2), Weibull, a mixture and a
density written with |x - c|: each expected H(X_delta) is summed here over cells whose
probabilities come from formulas coded in this file (exponentials, the arcsine law,
mpmath's incomplete gamma integral between the cell's ends) in a fresh context at 90
digits, with the cells' own reach; the tail bound is compared with the exact entropy of
the Laplace tails (a geometric law), and negative controls show a wrong cell probability
and a wrong bound are caught.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info import derive
from symbolic_info.families import tails as family_tails_module
from symbolic_info.measures import quantised, quantised_law


def _ctx(dps=90):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _q(ctx, text):
    r = sp.Rational(text)
    return ctx.mpf(r.p) / r.q


def _entropy(masses, ctx):
    return -ctx.fsum(p * ctx.log(p) for p in masses if p > 0)


def _laplace_cells(mu, b, delta, ctx, reach=200):
    """Cells of Laplace(mu, b) within mu +- reach b: each side's mass from its own tail."""
    def right(t):  # P(X > t)
        return ctx.exp(-(t - mu) / b) / 2 if t >= mu else 1 - ctx.exp((t - mu) / b) / 2

    lo = int(ctx.floor((mu - reach * b) / delta))
    hi = int(ctx.ceil((mu + reach * b) / delta))
    masses = []
    for i in range(lo, hi):
        a, c = i * delta, (i + 1) * delta
        if a >= mu:
            masses.append(right(a) - right(c))
        elif c <= mu:  # the mirror image: P(a <= X < c) = P(2mu - c < X <= 2mu - a)
            masses.append(right(2 * mu - c) - right(2 * mu - a))
        else:
            masses.append(1 - right(c) - right(2 * mu - a))
    return _entropy(masses, ctx)


def _close(value, want, digits):
    ctx = _ctx()
    return abs(ctx.mpf(value) - want) <= ctx.mpf(10) ** -digits * max(1, abs(want))


@pytest.mark.parametrize("mu,b,delta", [("0", "1", "1/10"), ("1/30", "2", "1/10"),
                                        ("0", "1", "5")])
def test_laplace_cells_split_at_the_location(mu, b, delta):
    ctx = _ctx()
    want = _laplace_cells(_q(ctx, mu), _q(ctx, b), _q(ctx, delta), ctx)
    d = derive("quantised-entropy", X=f"laplace({mu}, {b})", delta=delta)
    assert d.verified and d.verification.agree_digits >= 48
    assert _close(d.value, want, 48)


def test_a_density_with_a_kink_inside_a_cell():
    """exp(-|x - 1/3|)/2: the kink at 1/3 lies inside the cell [3/10, 4/10)."""
    ctx = _ctx()
    want = _laplace_cells(ctx.mpf(1) / 3, ctx.one, ctx.mpf(1) / 10, ctx)
    d = derive("quantised-entropy", X="exp(-abs(x - 1/3))/2 on (-oo, oo)", delta="1/10")
    assert d.verified and _close(d.value, want, 48)
    assert "<= x <=" in d.extras["quantisation"]["X"]["cdf"]  # the CDF in two pieces


def _gamma_cells(k, delta, ctx, reach=260):
    """Cells of Gamma(k, 1) on [0, reach]: mpmath's regularised incomplete gamma integral
    between the cell's ends."""
    n = int(ctx.ceil(reach / delta))
    return _entropy([ctx.gammainc(k, i * delta, (i + 1) * delta, regularized=True)
                     for i in range(n)], ctx)


# gamma(5/2, 1) at delta 1/10 (26 s of a loaded run) walked the same regular cells as the
# singular gamma(1/2, 1) at 1/10 beside its first cell; 5/2 at delta 5 keeps the regular end
@pytest.mark.parametrize("k,delta", [("1/2", "1/10"), ("5/2", "5")])
def test_gamma_cells_regular_and_singular_at_zero(k, delta):
    ctx = _ctx()
    want = _gamma_cells(_q(ctx, k), _q(ctx, delta), ctx)
    d = derive("quantised-entropy", X=f"gamma({k}, 1)", delta=delta)
    assert d.verified and d.verification.agree_digits >= 48
    assert _close(d.value, want, 48)


@pytest.mark.parametrize("delta", ["1/10", "1/1000"])
def test_beta_half_half_is_the_arcsine_law(delta):
    """P(a <= X < b) = (2/pi)(asin(sqrt b) - asin(sqrt a)); the density is infinite at both
    ends of the support."""
    ctx = _ctx()
    dl = _q(ctx, delta)
    n = int(ctx.nint(1 / dl))
    want = _entropy([2 / ctx.pi * (ctx.asin(ctx.sqrt((i + 1) * dl)) - ctx.asin(ctx.sqrt(i * dl)))
                     for i in range(n)], ctx)
    d = derive("quantised-entropy", X="beta(1/2, 1/2)", delta=delta, dps=30 if n > 100 else 50)
    assert d.verified
    assert _close(d.value, want, 28 if n > 100 else 48)


def test_weibull_cells():
    ctx = _ctx()
    k, lam, dl = ctx.mpf(3) / 2, ctx.mpf(2), ctx.mpf(1) / 10

    def right(t):
        return ctx.exp(-(t / lam) ** k)

    want = _entropy([right(i * dl) - right((i + 1) * dl) for i in range(2000)], ctx)
    d = derive("quantised-entropy", X="weibull(3/2, 2)", delta="1/10")
    assert d.verified and _close(d.value, want, 48)


def test_mixture_of_laplace_and_normal():
    ctx = _ctx()
    dl = ctx.mpf(1) / 5

    def right(t):  # P(X > t) for 1/2 laplace(0, 1) + 1/2 normal(3, 1)
        lap = ctx.exp(-t) / 2 if t >= 0 else 1 - ctx.exp(t) / 2
        return lap / 2 + ctx.erfc((t - 3) / ctx.sqrt(2)) / 4

    masses = [right(i * dl) - right((i + 1) * dl) for i in range(-1000, 1000)]
    d = derive("quantised-entropy", X="1/2*laplace(0, 1) + 1/2*normal(3, 1)", delta="1/5",
               dps=30)
    assert d.verified and _close(d.value, _entropy(masses, ctx), 28)


def test_the_laplace_tail_bound_holds_and_a_wrong_bound_is_caught():
    """Beyond the summed cells the Laplace tail's cells are geometric: their entropy is
    M (ln(1/M) + H_geom(q)) exactly, with M the tail's mass and q = exp(-delta/b)."""
    ctx = _ctx(200)
    d = derive("quantised-entropy", X="laplace(0, 1)", delta="1/2", dps=30)
    q_x = d.extras["quantisation"]["X"]
    i0, last = (int(v) for v in q_x["cells"].split(".."))
    q = ctx.exp(-ctx.mpf(1) / 2)
    h_geom = -ctx.log(1 - q) - q * ctx.log(q) / (1 - q)
    true_tail = ctx.zero
    for edge in (-i0 * ctx.mpf(1) / 2, (last + 1) * ctx.mpf(1) / 2):
        mass = ctx.exp(-edge) / 2
        true_tail += mass * (ctx.log(1 / mass) + h_geom)

    def holds(bound_text):
        return true_tail <= ctx.mpf(bound_text)

    assert true_tail > 0 and holds(q_x["tail_bound"])
    assert float(q_x["tail_bound"]) < 1e-40
    wrong = str(ctx.mpf(q_x["tail_bound"]) / 10**6)  # negative control
    assert not holds(wrong)


def test_a_wrong_cell_probability_is_not_verified(monkeypatch):
    """A right tail of Laplace off by one part in 10^20 makes the sum disagree with the
    density integrated per cell."""
    real = family_tails_module.family_tails

    def wrong(name, values, var):
        t = real(name, values, var)
        pieces = tuple((a, b, r * (1 + sp.Rational(1, 10**20)) if k else r, lf)
                       for k, (a, b, r, lf) in enumerate(t.pieces))
        return family_tails_module.FamilyTails(pieces, t.kinks)

    monkeypatch.setattr(quantised_law, "family_tails", wrong)
    try:
        d = derive("quantised-entropy", X="laplace(0, 3)", delta="1/7", dps=30)
        assert not d.verified
    finally:
        quantised.quantised_entry.cache_clear()
        quantised.clear_sums()


def test_a_users_cdf_that_cancels_in_its_tail_shows_only_right_digits():
    """The logistic written by hand: SymPy's right tail is 1 - 1/(1 + e^-x), which cancels
    far out.  The shown H_delta, its error against h - ln delta (h = 2 nats) and the tail
    bound must be what the logistic's own cells give (summed here from 1/(1 + e^t), which
    does not cancel), not what the cancelling form gives."""
    ctx = _ctx(80)
    delta = ctx.mpf(1) / 4

    def right(t):  # P(X > t), no cancellation on either side
        return 1 / (1 + ctx.exp(t)) if t >= 0 else 1 - 1 / (1 + ctx.exp(-t))

    masses = [right(i * delta) - right((i + 1) * delta) for i in range(-800, 800)]
    h_delta = _entropy(masses, ctx)
    d = derive("quantised-entropy", X="exp(-x)/(1+exp(-x))^2 on (-oo, oo)", delta="1/4",
               dps=30)
    q = d.extras["quantisation"]["X"]
    assert d.verified
    for shown, truth in ((q["H_delta"], h_delta), (q["error"], h_delta - (2 + ctx.log(4)))):
        digits = len(shown.lstrip("-0.").replace(".", "").split("e")[0])
        assert digits >= 25, shown
        assert abs(ctx.mpf(shown) - truth) <= abs(truth) * ctx.mpf(10) ** (1 - digits), shown
    family = derive("quantised-entropy", X="logistic(0, 1)", delta="1/4", dps=30)
    assert q["tail_bound"] == family.extras["quantisation"]["X"]["tail_bound"]
    assert q["tail_mass"] == family.extras["quantisation"]["X"]["tail_mass"]
