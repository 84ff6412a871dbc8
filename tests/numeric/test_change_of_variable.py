"""Issue 15, precision: references in a change of variable (the lognormal in u = ln x).

Truths are computed here in a fresh ``mpmath.MPContext`` at twice the digits asked plus 20,
from the textbook formulas (Cover & Thomas, 2nd ed., Table 17.1; the KL divergence of two
lognormals is that of the normals of their logarithms, the map ``x = e^u`` being one to one),
never from the program.  Negative controls: a closed form off by a relative ``10^-900`` at 1000
digits (``10^-290`` at 300) must not verify; a Gaussian form declared wrongly, or a factor that
is not a quadratic, must be refused by the check before the trapezoidal rule relies on it.
Times are measured by ``benchmarks/bench_precision.py``, never asserted here.
"""

import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.families import FAMILIES
from symbolic_info.measures.entropy import folded
from symbolic_info.numeric.change_of_variable import (
    Change,
    gaussian_expectation,
    gaussian_integral,
)
from symbolic_info.numeric.context import compile_expr, new_context
from symbolic_info.numeric.quadrature import Density, expectation

R = sp.Rational
U = sp.Symbol("u", real=True)
X = sp.Symbol("x", positive=True)


def high(dps):
    """A fresh context at twice the digits asked plus 20, for the truths."""
    return new_context(2 * dps + 20)


def exact(ctx, *values):
    """Each value (an exact rational, or text for one) on ``ctx``."""
    return tuple(ctx.mpf(v.p) / v.q for v in map(R, values))


def lognormal_entropy(ctx, m, s):
    """Cover & Thomas, Table 17.1: mu + ln(2 pi e sigma^2)/2."""
    m, s = exact(ctx, m, s)
    return m + ctx.log(2 * ctx.pi * ctx.e * s * s) / 2


def lognormal_kl(ctx, m1, s1, m2, s2):
    """KL of N(m1, s1^2) from N(m2, s2^2) (Penny 2001): ln X is normal under P and Q."""
    m1, s1, m2, s2 = exact(ctx, m1, s1, m2, s2)
    return ctx.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - ctx.mpf(1) / 2


def lognormal_cross(ctx, m1, s1, m2, s2):
    """H(P, Q) = H(P) + D(P||Q)."""
    return lognormal_entropy(ctx, m1, s1) + lognormal_kl(ctx, m1, s1, m2, s2)


def correctly_rounded(text: str, truth, dps: int) -> bool:
    ctx = truth.context
    got = ctx.mpf(text)
    unit = ctx.mpf(10) ** (ctx.floor(ctx.log10(abs(truth))) - dps + 1)
    return abs(got - truth) <= unit / 2 * (1 + ctx.mpf(10) ** -10)


P1 = {"mu1": "7/5", "sigma1": "13/4", "mu2": "-3/10", "sigma2": "9/8"}
CASES = [
    ("entropy/lognormal", {"mu": "-7/3", "sigma": "5/2"},
     lambda c: lognormal_entropy(c, "-7/3", "5/2")),
    # edges of the documented spans: mu up to 1e30 in size, sigma from 1e-30 to 100
    ("entropy/lognormal", {"mu": R(10**30), "sigma": R(1, 10**30)},
     lambda c: lognormal_entropy(c, 10**30, R(1, 10**30))),
    ("entropy/lognormal", {"mu": R(-10**30), "sigma": R(100)},
     lambda c: lognormal_entropy(c, -10**30, 100)),
    ("kl/lognormal", P1, lambda c: lognormal_kl(c, *P1.values())),
    ("cross-entropy/lognormal", P1, lambda c: lognormal_cross(c, *P1.values())),
    # P close to Q: D = 1.25e-61, where p ln(p/q) cancels
    ("kl/lognormal", {"mu1": R(1), "sigma1": R(2), "mu2": R(1), "sigma2": 2 + R(1, 10**30)},
     lambda c: lognormal_kl(c, 1, 2, 1, 2 + R(1, 10**30))),
    ("cross-entropy/lognormal", {"mu1": R(10**30), "sigma1": R(1, 10**30),
                                 "mu2": R(10**30 - 1), "sigma2": R(100)},
     lambda c: lognormal_cross(c, 10**30, R(1, 10**30), 10**30 - 1, 100)),
]


@pytest.mark.parametrize("dps", [300, 1000])
@pytest.mark.parametrize(("name", "params", "truth"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_lognormal_verified_to_every_requested_digit(name, params, truth, dps):
    d = derive(name, dps=dps, **params)
    assert d.verified, d.verification.notes
    assert d.verification.agree_digits == dps
    assert "change of variable x = exp(u)" in d.verification.method
    assert correctly_rounded(d.value, truth(high(dps)), dps)


@pytest.mark.parametrize(("dps", "exponent"), [(300, 290), (1000, 900)])
@pytest.mark.parametrize(("name", "params"), [
    ("entropy/lognormal", {"mu": R(1, 3), "sigma": R(5, 2)}),
    ("kl/lognormal", {"mu1": R(0), "sigma1": R(1), "mu2": R(1, 2), "sigma2": R(3, 2)}),
    ("cross-entropy/lognormal", {"mu1": R(0), "sigma1": R(1), "mu2": R(1, 2),
                                 "sigma2": R(3, 2)}),
])
def test_a_closed_form_off_by_a_relative_tiny_amount_is_caught(name, params, dps, exponent):
    bad = corrupt_step(name, lambda rhs: rhs * (1 + R(1, 10**exponent)))
    d = run(bad, params, None, dps)
    assert not d.verification.ok and not d.verified
    assert exponent - 2 <= d.verification.agree_digits <= exponent + 1


def test_gaussian_integral_matches_moments_at_extreme_location_and_scale():
    """E[(u - m)^2] = s^2 and E[u] = m for u ~ N(m, s^2) with m = 10^30, s = 10^-30: the
    substitution u = m + s z is symbolic, so u - m keeps every digit."""
    ctx = new_context(300)
    m, s = sp.Integer(10) ** 30, R(1, 10**30)
    weight = -(U - m) ** 2 / (2 * s**2) - sp.log(s) - sp.log(2 * sp.pi) / 2
    ref = high(300)
    got = gaussian_integral(weight, (U - m) ** 2, U, m, s, ctx)
    assert abs(got / exact(ref, s**2)[0] - 1) < ref.mpf(10) ** -299
    got = gaussian_integral(weight, U + 1, U, m, s, ctx)
    assert abs(got / exact(ref, m + 1)[0] - 1) < ref.mpf(10) ** -299


def test_gaussian_integral_refuses_what_it_cannot_bound():
    ctx = new_context(50)
    normal = -U**2 / 2 - sp.log(2 * sp.pi) / 2
    assert gaussian_integral(normal, U**3, U, 0, 1, ctx) is None  # not a quadratic
    assert gaussian_integral(normal, sp.cos(U), U, 0, 1, ctx) is None
    laplace = -sp.Abs(U) - sp.log(2)
    assert gaussian_integral(laplace, U**2, U, 0, 1, ctx) is None  # weight not Gaussian
    assert gaussian_integral(normal, U**2, U, 0, 2, ctx) is None  # wrong declared scale
    assert gaussian_integral(normal, U**2, U, R(1, 10**20), 1, ctx) is None  # wrong location
    # equal to a quadratic (or to the normal log-density) at every point the check uses
    between = U**2 * (U**2 - 1) * (U**2 - 4) * (U**2 - 9) * (U**2 - 25)
    assert gaussian_integral(normal, 1 + between, U, 0, 1, ctx) is None
    assert gaussian_integral(normal + between**2 / 10**7, 1 + 0 * U, U, 0, 1, ctx) is None


@pytest.mark.parametrize("e", [30, 40, 50, 80])
def test_gaussian_integral_of_a_nearly_cancelling_factor_is_right_or_refused(e):
    """ln s + z^2 (1/s^2 - 1)/2 at s = 1 + 10^-e integrates to about 10^-2e: a value whose
    error bound stays large against it after the retry at twice the digits is refused
    (None: the caller's quadrature takes over), never returned wrong (review finding: 1e-80
    came back as -5.6e-62)."""
    import mpmath

    ctx = new_context(30)
    s2 = 1 + R(1, 10**e)
    normal = -U**2 / 2 - sp.log(2 * sp.pi) / 2
    got = gaussian_integral(normal, sp.log(s2) + U**2 * (1 / s2**2 - 1) / 2, U, 0, 1, ctx)
    truth_ctx = mpmath.MPContext()
    truth_ctx.dps = 4 * e + 60
    big = 1 + truth_ctx.mpf(10) ** -e
    truth = truth_ctx.log(big) + (1 / big**2 - 1) / 2
    if got is not None:
        assert abs(truth_ctx.mpf(got) - truth) <= abs(truth) * truth_ctx.mpf(10) ** -25


def test_a_wrongly_declared_gaussian_change_falls_back_to_none():
    """The lognormal's change with sigma doubled (or x = e^(2u)) must be refused."""
    lognormal = FAMILIES["lognormal"]
    m, s = (lognormal.symbol(n) for n in ("mu", "sigma"))
    point = {m: R(1, 2), s: R(3, 2)}
    ctx = new_context(60)
    good = lognormal.change
    g = -lognormal.logpdf
    assert gaussian_expectation(good, lognormal.logpdf, g, lognormal.var, point, ctx) is not None
    for bad in (Change(U, sp.exp(U), sp.log(X), U, good.support, (), (m, 2 * s)),
                Change(U, sp.exp(2 * U), sp.log(X) / 2, U, good.support, (), (m, s))):
        assert gaussian_expectation(bad, lognormal.logpdf, g, lognormal.var, point, ctx) is None


def test_the_change_is_the_derivative_and_maps_onto_the_support():
    """Family data: ln |x'(u)| is the change's log-Jacobian, u_of inverts x_of, and x(u) maps
    the u-range onto the family's support."""
    changed = [f for f in FAMILIES.values() if f.change is not None]
    assert {f.name for f in changed} >= {"lognormal", "weibull", "gumbel"}
    for family in changed:
        change = family.change
        u = change.var
        slope = sp.diff(change.x_of, u)
        assert sp.simplify(sp.log(sp.Abs(slope)) - change.log_jacobian) == 0
        assert sp.simplify(change.expr(change.u_of, family.var) - u) == 0
        ends = {sp.limit(change.x_of, u, end, "+" if end == change.support[0] else "-")
                for end in change.support}
        assert ends == set(family.support)


@pytest.mark.parametrize(("name", "params", "truth"), [
    # shape at the top of its span: u = (x/lambda)^k makes x^k one u per node
    ("entropy/weibull", {"k": R(10**30), "lambda": R(7, 3)},
     lambda c: c.euler * (1 - c.mpf(10) ** -30) + c.log(c.mpf(7) / 3 / c.mpf(10) ** 30) + 1),
    ("entropy/weibull", {"k": R(1, 100), "lambda": R(10**30)},
     lambda c: c.euler * (1 - 100) + c.log(100 * c.mpf(10) ** 30) + 1),
    ("kl/weibull", {"k1": R(1, 100), "lambda1": R(1), "k2": R(1), "lambda2": R(3)},
     lambda c: weibull_kl(c, R(1, 100), 1, 1, 3)),
    ("kl/gumbel", {"mu1": R(0), "beta1": R(100), "mu2": R(1, 2), "beta2": R(1)},
     lambda c: gumbel_cross(c, 0, 100, R(1, 2), 1) - c.log(100 * c.e) - c.euler),
])
def test_weibull_and_gumbel_at_the_edges_verify_to_every_digit(name, params, truth):
    """Verified to all 300 digits and within one unit of the last digit of the truth."""
    d = derive(name, dps=300, **params)
    assert d.verified and d.verification.agree_digits == 300, d.verification.notes
    ctx = high(300)
    ref = truth(ctx)
    assert abs(ctx.mpf(d.value) / ref - 1) < ctx.mpf(10) ** -298


def weibull_kl(ctx, k1, lam1, k2, lam2):
    """E_P[ln p - ln q] for Weibulls: with E[ln X] = ln lam1 - gamma_E/k1 and
    E[X^r] = lam1^r Gamma(1 + r/k1) (Johnson, Kotz & Balakrishnan, vol. 1, ch. 21), and
    E[(X/lam1)^k1] = 1."""
    k1, lam1, k2, lam2 = exact(ctx, k1, lam1, k2, lam2)
    e_log = ctx.log(lam1) - ctx.euler / k1
    log_p = ctx.log(k1) - k1 * ctx.log(lam1) + (k1 - 1) * e_log - 1
    log_q = (ctx.log(k2) - k2 * ctx.log(lam2) + (k2 - 1) * e_log
             - (lam1 / lam2) ** k2 * ctx.gamma(1 + k2 / k1))
    return log_p - log_q


def gumbel_cross(ctx, m1, b1, m2, b2):
    """-E_P[ln q], ln q = -ln b2 - (x - m2)/b2 - e^-(x - m2)/b2: under P, E[X] = m1 + gamma_E b1
    and E[e^(-t (X - m1)/b1)] = Gamma(1 + t) (the Gumbel moment generating function)."""
    m1, b1, m2, b2 = exact(ctx, m1, b1, m2, b2)
    return (ctx.log(b2) + (m1 + ctx.euler * b1 - m2) / b2
            + ctx.exp(-(m1 - m2) / b2) * ctx.gamma(1 + b1 / b2))


def test_only_a_symmetric_density_is_folded():
    """folded() halves the range only when ln f(c + y) = ln f(c - y) and the range is symmetric."""
    for name in ("cauchy", "generalized_normal", "logistic", "student_t"):
        family = FAMILIES[name]
        half = folded(family.density(), family.centre)
        assert half is not None and half.support[0] == family.centre
        assert folded(family.density(), family.centre + 1) is None
    gumbel = FAMILIES["gumbel"]
    assert folded(gumbel.density(), gumbel.symbol("mu")) is None  # not symmetric
    laplace = FAMILIES["laplace"].density()
    mu = FAMILIES["laplace"].symbol("mu")
    lopsided = Density(laplace.var, laplace.logpdf, (mu - 3, mu + 4), laplace.breaks)
    assert folded(lopsided, mu) is None


@pytest.mark.parametrize("name", ["entropy/cauchy", "entropy/generalized_normal",
                                  "entropy/logistic", "entropy/student_t"])
def test_a_folded_reference_says_so(name):
    d = derive(name, dps=30)
    assert d.verified and "symmetric about" in d.verification.method


@pytest.mark.parametrize("name", ["lognormal", "weibull", "gumbel"])
def test_a_density_with_a_change_takes_its_expectations_in_u_with_the_same_values(name):
    """A step check's expectation under a density that carries its family's change is the
    integral in ``u`` (the lognormal's heavy tail in ``x`` cost thousands of nodes a check);
    it equals the expectation in ``x`` to the working digits, and the E[ln X] of a lognormal
    is its mu exactly (Table 17.1's ln X ~ N(mu, sigma^2)).  Negative control: a value off by
    10^-40 is told apart."""
    fam = FAMILIES[name]
    point = {p.symbol: p.parse(p.default) for p in fam.params}
    plain = Density(fam.var, fam.logpdf, fam.support, fam.breaks)
    changed = Density(fam.var, fam.logpdf, fam.support, fam.breaks, change=fam.change)
    assert changed.at(point).change.x_of.free_symbols <= {fam.change.var}
    ctx = new_context(50)
    logs = (sp.log(fam.var), sp.log(fam.var) ** 2) if name != "gumbel" else ()
    for g in (fam.var, fam.var**2, *logs):
        in_x = expectation(plain.at(point), g, ctx)
        in_u = expectation(changed.at(point), g, ctx)
        assert abs(in_x - in_u) <= ctx.mpf(10) ** -45 * (1 + abs(in_x))
        assert abs(in_u + ctx.mpf(10) ** -40 - in_x) > ctx.mpf(10) ** -45 * (1 + abs(in_x))
    if name == "lognormal":
        mu = next(v for s, v in point.items() if s.name == "mu")
        assert abs(expectation(changed.at(point), sp.log(fam.var), ctx) - mu) < ctx.mpf(10) ** -45


def _at_u(expr, u, value):
    """``expr`` at ``u = value`` (text) at 40 digits."""
    ctx = new_context(40)
    return compile_expr(expr, [u], ctx)(ctx.mpf(value))


@pytest.mark.parametrize("name, values", [
    ("weibull", {"k": R(467, 125), "lambda": R(857, 1000)}),
    ("gumbel", {"mu": R(-3, 7), "beta": R(5, 2)}),
    ("lognormal", {"mu": R(1, 3), "sigma": R(3, 2)}),
])
def test_the_changed_density_once_symbolically_is_the_one_at_each_point(name, values):
    """Change.density changes the symbolic log-density once and substitutes the point; it
    must agree with changing the density at that point (values at three u)."""
    fam = FAMILIES[name]
    density = Density(fam.var, fam.logpdf, fam.support, fam.breaks, change=fam.change)
    at = density.at({fam.symbol(k): v for k, v in values.items()})
    assert at.change.origin[1] == at.origin[1]  # the symbolic path is the one taken
    fast = at.change.density(at).logpdf
    slow = at.change.log_density(at.logpdf, fam.var)
    u = fam.change.var
    for value in ("0.3", "1.7", "4"):
        assert abs(_at_u(fast, u, value) - _at_u(slow, u, value)) < R(1, 10**35)


def test_a_change_at_another_point_is_changed_at_the_density_own():
    """Negative control: a change made at one point and a density at another never take
    the symbolic form at the change's point (the values would be the wrong density's)."""
    fam = FAMILIES["weibull"]
    k, lam = fam.symbol("k"), fam.symbol("lambda")
    density = Density(fam.var, fam.logpdf, fam.support, fam.breaks)
    p1, p2 = {k: R(3, 2), lam: R(2)}, {k: R(3, 2), lam: R(5)}
    change, at2 = fam.change.at(p1), density.at(p2)
    got = change.density(at2).logpdf
    wrong = change.density(density.at(p1)).logpdf
    assert got == change.log_density(at2.logpdf, fam.var)
    assert abs(_at_u(got, fam.change.var, "1") - _at_u(wrong, fam.change.var, "1")) > R(1, 10)
