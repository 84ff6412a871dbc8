"""KL divergences: literature formulas, verified steps, scipy cross-checks, properties,
negative controls and bad input.

The literature formulas below are written independently of the package (different
arrangement, mpmath / numpy only), from the cited sources:
Penny (2001) for the normal, multivariate normal and gamma; Gil, Alajaji & Linder (2013)
for the scale families, beta, Laplace, Pareto, uniform; Bauckhage (2013) for the Weibull;
Chyzak & Nielsen (2019) for the Cauchy; the Gumbel one from E_P[ln p] - E_P[ln q].
"""

import math
import random

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from negative_controls import corrupt_step
from scipy import integrate, stats

from symbolic_info import DerivationError, derive
from symbolic_info.catalog import catalog
from symbolic_info.cli import main
from symbolic_info.engine.numeric_sides import numeric_value
from symbolic_info.engine.run import run
from symbolic_info.engine.verify import check_step
from symbolic_info.families.kl_specs import KL_SPECS
from symbolic_info.measures import divergence, mvnormal
from symbolic_info.measures.divergence import cross_entropy_steps, kl_steps
from symbolic_info.measures.mvnormal import Q1, Q2, GaussExpect
from symbolic_info.numeric.context import GUARD, agree_digits, new_context
from symbolic_info.output.reasons import reason_unicode

M = mpmath.MPContext()
M.dps = 40
ENTRIES = divergence.ENTRIES + mvnormal.ENTRIES
KL_NAMES = [e.name for e in ENTRIES if e.name.startswith("kl/")]
CE_NAMES = [e.name for e in ENTRIES if e.name.startswith("cross-entropy/")]


def _f(v):
    return M.mpf(sp.Rational(v).p) / sp.Rational(v).q


def lit(name, v):
    """The literature value of D(P||Q) (mpmath, 40 digits); ``v`` maps parameter names."""
    g = {k: _f(x) for k, x in v.items() if not isinstance(x, (tuple, sp.MatrixBase))}
    ln, dg, lg = M.log, M.digamma, M.loggamma
    if name in ("normal", "lognormal"):
        return ln(g["sigma2"] / g["sigma1"]) + (g["sigma1"] ** 2 + (g["mu1"] - g["mu2"]) ** 2) / (
            2 * g["sigma2"] ** 2) - M.mpf(1) / 2
    if name == "exponential":
        a, b = g["lambda1"], g["lambda2"]
        return ln(a) - ln(b) + b / a - 1
    if name == "gamma":  # Penny (2001): b scale, c shape
        b1, c1, b2, c2 = g["theta1"], g["k1"], g["theta2"], g["k2"]
        return ((c1 - 1) * dg(c1) - ln(b1) - c1 - lg(c1) + lg(c2) + c2 * ln(b2)
                - (c2 - 1) * (dg(c1) + ln(b1)) + b1 * c1 / b2)
    if name == "beta":
        a1, b1, a2, b2 = g["alpha1"], g["beta1"], g["alpha2"], g["beta2"]
        return (ln(M.beta(a2, b2) / M.beta(a1, b1)) + (a1 - a2) * dg(a1) + (b1 - b2) * dg(b1)
                + (a2 - a1 + b2 - b1) * dg(a1 + b1))
    if name == "laplace":
        d = abs(g["mu1"] - g["mu2"])
        return ln(g["b2"] / g["b1"]) + d / g["b2"] + g["b1"] / g["b2"] * M.exp(-d / g["b1"]) - 1
    if name == "uniform":
        if g["a2"] <= g["a1"] and g["b1"] <= g["b2"]:
            return ln((g["b2"] - g["a2"]) / (g["b1"] - g["a1"]))
        return M.inf
    if name == "pareto":
        if g["x_m1"] < g["x_m2"]:
            return M.inf
        a1, a2 = g["alpha1"], g["alpha2"]
        return ln(a1 * g["x_m1"] ** a2 / (a2 * g["x_m2"] ** a2)) + a2 / a1 - 1
    if name == "weibull":  # Bauckhage (2013), eq. (11)
        k1, l1, k2, l2 = g["k1"], g["lambda1"], g["k2"], g["lambda2"]
        return (ln(k1 / l1**k1) - ln(k2 / l2**k2) + (k1 - k2) * (ln(l1) - M.euler / k1)
                + (l1 / l2) ** k2 * M.gamma(k2 / k1 + 1) - 1)
    if name == "gumbel":  # E_P[ln p] - E_P[ln q]
        m1, b1, m2, b2 = g["mu1"], g["beta1"], g["mu2"], g["beta2"]
        e_lnp = -ln(b1) - M.euler - 1
        e_lnq = -ln(b2) - (m1 + M.euler * b1 - m2) / b2 - M.exp((m2 - m1) / b2) * M.gamma(
            1 + b1 / b2)
        return e_lnp - e_lnq
    if name == "cauchy":  # Chyzak & Nielsen (2019)
        g1, g2, d = g["gamma1"], g["gamma2"], g["x01"] - g["x02"]
        return ln(((g1 + g2) ** 2 + d**2) / (4 * g1 * g2))
    if name == "rayleigh":
        s1, s2 = g["sigma1"], g["sigma2"]
        return ln(s2**2 / s1**2) + s1**2 / s2**2 - 1
    if name == "maxwell":  # -h(P) - E_P[ln q]; h = ln(a sqrt(2 pi)) + gamma - 1/2
        a1, a2 = g["a1"], g["a2"]
        h = ln(a1 * M.sqrt(2 * M.pi)) + M.euler - M.mpf(1) / 2
        e_lnx = ln(a1) + (ln(2) + dg(M.mpf(3) / 2)) / 2
        e_lnq = ln(M.sqrt(2 / M.pi)) + 2 * e_lnx - 3 * ln(a2) - 3 * a1**2 / (2 * a2**2)
        return -h - e_lnq
    if name in ("chi_squared", "chi"):
        k1, k2 = g["k1"], g["k2"]
        return lg(k2 / 2) - lg(k1 / 2) + (k1 - k2) / 2 * dg(k1 / 2)
    if name == "mvnormal":
        s1 = np.array(v["Sigma1"].tolist(), dtype=float)
        s2 = np.array(v["Sigma2"].tolist(), dtype=float)
        d = np.array(v["mu2"], dtype=float) - np.array(v["mu1"], dtype=float)
        inv = np.linalg.inv(s2)
        return 0.5 * (np.trace(inv @ s1) + d @ inv @ d - len(d)
                      + math.log(np.linalg.det(s2) / np.linalg.det(s1)))
    raise KeyError(name)


def _defaults(name):
    return {p.name: p.default for p in catalog()[name].params}


def _random_values(name, seed, nested=True):
    e = catalog()[name]
    rng = random.Random(f"{seed}-{name}")
    for _ in range(200):
        if e.sample is not None:
            values = e.sample(rng, {"nested": nested, "n": 2})
        else:
            values = {p.name: p.sample(rng) for p in e.params}
        if name.endswith("weibull"):
            # small denominators: engine._tidy (sp.simplify of the parameter-free result)
            # stalls on powers such as (40/361)^(1197/1000); reported to the lead
            values = {k: sp.Rational(v).limit_denominator(8) for k, v in values.items()}
        try:
            if e.check:
                e.check(values)
            return values
        except DerivationError:
            continue
    raise AssertionError("no admissible sample")


def test_every_family_of_the_issue_is_in_the_catalog():
    wanted = ["normal", "lognormal", "mvnormal", "exponential", "gamma", "beta", "laplace",
              "uniform", "pareto", "weibull", "gumbel", "cauchy", "rayleigh", "maxwell",
              "chi_squared", "chi"]
    assert sorted(f"kl/{w}" for w in wanted) == sorted(KL_NAMES)
    assert sorted(CE_NAMES) == sorted(f"cross-entropy/{w}" for w in wanted if w != "mvnormal")
    assert all(catalog()[n].group == "divergence" for n in KL_NAMES)


@pytest.mark.parametrize("name", KL_NAMES)
def test_defaults_all_steps_verified_and_literature_value(name):
    d = derive(name, **_defaults(name))
    assert d.verified, [(s.rule, s.check.detail) for s in d.steps if not s.check.ok]
    assert d.verification.agree_digits >= 47
    values = catalog()[name]
    parsed = {p.name: p.parse(p.default) for p in values.params}
    expected = lit(name.split("/")[1], parsed)
    assert abs(M.mpf(d.value) - M.mpf(expected)) <= M.mpf(10) ** -12 * (1 + abs(expected))


@pytest.mark.parametrize("name", [n for n in KL_NAMES if n != "kl/mvnormal"])
def test_symbolic_closed_form_matches_literature_at_random_points(name):
    """The last step's closed form, substituted exactly, against the literature formula."""
    e = catalog()[name]
    closed = kl_steps(KL_SPECS[name.split("/")[1]])[-1].rhs
    ctx = new_context(40)
    for seed in range(3):
        v = _random_values(name, f"lit{seed}")
        got = numeric_value(closed, e.symbols_of(v), {}, ctx)
        want = lit(name.split("/")[1], v)
        assert agree_digits(got, M.mpf(want), ctx, 40) >= 35, (v, got, want)


def _scipy_pair(name, v):
    f = {k: float(x) for k, x in v.items()}
    make = {
        "normal": lambda s: stats.norm(f["mu" + s], f["sigma" + s]),
        "lognormal": lambda s: stats.lognorm(f["sigma" + s], scale=math.exp(f["mu" + s])),
        "exponential": lambda s: stats.expon(scale=1 / f["lambda" + s]),
        "gamma": lambda s: stats.gamma(f["k" + s], scale=f["theta" + s]),
        "beta": lambda s: stats.beta(f["alpha" + s], f["beta" + s]),
        "laplace": lambda s: stats.laplace(f["mu" + s], f["b" + s]),
        "uniform": lambda s: stats.uniform(f["a" + s], f["b" + s] - f["a" + s]),
        "pareto": lambda s: stats.pareto(f["alpha" + s], scale=f["x_m" + s]),
        "weibull": lambda s: stats.weibull_min(f["k" + s], scale=f["lambda" + s]),
        "gumbel": lambda s: stats.gumbel_r(f["mu" + s], f["beta" + s]),
        "cauchy": lambda s: stats.cauchy(f["x0" + s], f["gamma" + s]),
        "rayleigh": lambda s: stats.rayleigh(scale=f["sigma" + s]),
        "maxwell": lambda s: stats.maxwell(scale=f["a" + s]),
        "chi_squared": lambda s: stats.chi2(f["k" + s]),
        "chi": lambda s: stats.chi(f["k" + s]),
    }[name]
    return make("1"), make("2")


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.parametrize("name", [n for n in KL_NAMES if n != "kl/mvnormal"])
def test_scipy_quadrature_cross_check(name):
    """scipy.integrate.quad of p log(p/q) (scipy.stats densities) in double precision, at
    one seeded random point (a second ran the same code; the literature value at the
    defaults and at three random points are the other tests of each closed form)."""
    family = name.split("/")[1]
    for seed in range(1):
        v = _random_values(name, f"scipy{seed}")
        p, q = _scipy_pair(family, v)
        lo, hi = p.support()
        mid = float(p.median())

        def integrand(x, p=p, q=q):
            lp = p.logpdf(x)  # where p < e^-200 the term is invisible, and scipy's
            return 0.0 if lp < -200 else math.exp(lp) * (lp - q.logpdf(x))  # logpdf underflows

        expected = sum(integrate.quad(integrand, a, b, limit=400, epsabs=1e-13, epsrel=1e-11)[0]
                       for a, b in ((lo, mid), (mid, hi)))
        d = derive(name, **{k: str(x) for k, x in v.items()})
        assert d.verification.ok
        assert float(d.value) == pytest.approx(expected, rel=1e-7, abs=1e-9), v


def test_mvnormal_against_scipy_2d_quadrature_and_literature():
    v = {"mu1": "1/2,-1/4", "Sigma1": "[[1,3/10],[3/10,1/2]]",
         "mu2": "0,1/2", "Sigma2": "[[2,-1/2],[-1/2,1]]"}
    d = derive("kl/mvnormal", **v)
    assert d.verified
    p = stats.multivariate_normal([0.5, -0.25], [[1, 0.3], [0.3, 0.5]])
    q = stats.multivariate_normal([0, 0.5], [[2, -0.5], [-0.5, 1]])

    def f(y, x):
        lp = p.logpdf([x, y])
        return math.exp(lp) * (lp - q.logpdf([x, y]))

    expected = integrate.dblquad(f, -7.5, 8.5, -6.5, 6.0, epsabs=1e-11)[0]
    assert float(d.value) == pytest.approx(expected, rel=1e-7)
    e = catalog()["kl/mvnormal"]
    parsed = {k: e.param(k).parse(x) for k, x in v.items()}
    assert float(d.value) == pytest.approx(lit("mvnormal", parsed), rel=1e-12)


def test_mvnormal_three_dimensions():
    v = {"mu1": "0,1,2", "Sigma1": "[[2,1/2,0],[1/2,1,1/5],[0,1/5,3]]",
         "mu2": "1,1,0", "Sigma2": "[[1,0,0],[0,2,1/2],[0,1/2,1]]"}
    d = derive("kl/mvnormal", **v)
    assert d.verified and d.verification.agree_digits >= 47
    e = catalog()["kl/mvnormal"]
    parsed = {k: e.param(k).parse(x) for k, x in v.items()}
    assert float(d.value) == pytest.approx(lit("mvnormal", parsed), rel=1e-12)


def test_normal_at_1000_digits():
    d = derive("kl/normal", mu1="1/3", sigma1="3/2", mu2="-1", sigma2="7/10", dps=1000)
    assert d.verified and d.verification.agree_digits >= 990


def test_kl_of_p_with_itself_is_zero():
    d = derive("kl/gamma", k1="3/2", theta1="2", k2="3/2", theta2="2")
    assert d.verified and d.result == 0


@pytest.mark.parametrize("name, values", [
    ("kl/uniform", {"a1": "0", "b1": "2", "a2": "1", "b2": "3"}),
    ("kl/uniform", {"a1": "0", "b1": "1", "a2": "2", "b2": "3"}),
    ("kl/pareto", {"x_m1": "1", "alpha1": "2", "x_m2": "3/2", "alpha2": "2"}),
])
def test_supports_not_nested_give_inf_with_the_reason(name, values):
    d = derive(name, **values)
    assert d.value == "inf" and d.verified
    assert "not inside" in " ".join(d.assumptions)
    assert "+inf" in d.steps[-1].rule


def test_nested_boundary_case_is_finite():
    d = derive("kl/uniform", a1="0", b1="1", a2="0", b2="2")
    assert d.verified and d.result == sp.log(2)


# --- cross-entropy -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cross-entropy/normal", "cross-entropy/gamma",
                                  "cross-entropy/cauchy", "cross-entropy/uniform"])
def test_cross_entropy_verified_and_against_scipy(name):
    d = derive(name, **_defaults(name))
    assert d.verified and "H(P) + D(P ‖ Q)" in reason_unicode(d.steps[-1].rule)
    family = name.split("/")[1]
    v = _random_values(name, "ce")
    p, q = _scipy_pair(family, v)
    lo, hi = p.support()

    def integrand(x):
        lp = p.logpdf(x)
        return 0.0 if lp < -200 else -math.exp(lp) * q.logpdf(x)

    mid = float(p.median())
    expected = sum(integrate.quad(integrand, a, b, limit=400, epsabs=1e-13)[0]
                   for a, b in ((lo, mid), (mid, hi)))
    d = derive(name, **{k: str(x) for k, x in v.items()})
    assert float(d.value) == pytest.approx(expected, rel=1e-7)


@pytest.mark.parametrize("family", sorted(KL_SPECS))
def test_cross_entropy_minus_kl_is_scipys_entropy(family):
    """H(P, Q) - D(P||Q) = H(P): the closed forms against scipy.stats' own entropy()."""
    e = catalog()[f"cross-entropy/{family}"]
    cross = cross_entropy_steps(KL_SPECS[family])[-1].rhs
    kl = kl_steps(KL_SPECS[family])[-1].rhs
    ctx = new_context(30)
    for seed in range(2):
        v = _random_values(f"kl/{family}", f"ce{seed}")
        point = e.symbols_of(v)
        h = numeric_value(cross, point, {}, ctx) - numeric_value(kl, point, {}, ctx)
        assert float(h) == pytest.approx(float(_scipy_pair(family, v)[0].entropy()), rel=1e-9)


def test_cross_entropy_not_nested_is_inf():
    d = derive("cross-entropy/pareto", x_m1="1", alpha1="2", x_m2="3", alpha2="1")
    assert d.value == "inf" and d.verified


# --- properties -------------------------------------------------------------------------

HYPO = settings(max_examples=10, deadline=None)  # 20 drew the same branches (equal or not)
POS = st.fractions(min_value="1/5", max_value=4, max_denominator=50)
REAL = st.fractions(min_value=-3, max_value=3, max_denominator=50)


def _closed(family):
    return kl_steps(KL_SPECS[family])[-1].rhs


@pytest.mark.parametrize("family", ["normal", "gamma", "laplace", "weibull", "gumbel",
                                    "cauchy", "beta", "rayleigh"])
@HYPO
@given(data=st.data())
def test_kl_nonnegative_and_zero_iff_equal(family, data):
    e = catalog()[f"kl/{family}"]
    kinds = {p.name: (REAL if not p.symbol.is_positive else POS) for p in e.params}
    v = {k: sp.Rational(str(data.draw(s))) for k, s in kinds.items()}
    if data.draw(st.booleans()):
        v.update({k: v[k[:-1] + "1"] for k in kinds if k.endswith("2")})
    closed = _closed(family)
    ctx = new_context(30)
    value = numeric_value(closed, e.symbols_of(v), {}, ctx)
    same = all(v[p.name[:-1] + "1"] == v[p.name] for p in e.params if p.name.endswith("2"))
    if same:
        assert abs(value) < ctx.mpf(10) ** -25
    else:
        assert value > 0
    # D(P||P) = 0 exactly
    diag = {p.symbol: e.param(p.name[:-1] + "1").symbol for p in e.params
            if p.name.endswith("2")}
    assert sp.simplify(closed.xreplace(diag)) == 0


# --- negative controls ------------------------------------------------------------------

def _corrupt(name, wrong):
    return corrupt_step(name, wrong)


def test_normal_closed_form_missing_the_square_is_flagged():
    e = catalog()["kl/normal"]
    s = {p.name: p.symbol for p in e.params}
    d12 = s["mu1"] - s["mu2"]
    bad = _corrupt("kl/normal", lambda rhs: rhs.subs(d12**2, d12))
    assert bad.build({}).steps[-1].rhs != e.build({}).steps[-1].rhs
    values = {k: e.param(k).parse(x) for k, x in _defaults("kl/normal").items()}
    d = run(bad, values, None, 30)
    assert not d.verified and not d.verification.ok and not d.steps[-1].check.ok


def test_wrong_expectation_step_is_flagged():
    """E_P[(X - mu2)^2] written as sigma1^2 + (mu1 - mu2), a missing square."""
    e = catalog()["kl/normal"]
    draft = e.build({})
    step = next(st for st in draft.steps if "μ₂)²" in reason_unicode(st.rule))
    s = {p.name: p.symbol for p in e.params}
    wrong = step.rhs.subs((s["mu1"] - s["mu2"]) ** 2, s["mu1"] - s["mu2"])
    points = [e.symbols_of(_random_values("kl/normal", f"neg{i}")) for i in range(3)]
    assert check_step(step.lhs, step.rhs, points, draft.densities, 30).ok
    c = check_step(step.lhs, wrong, points, draft.densities, 30)
    assert not c.ok and "differ" in c.detail


def _drop_square(rhs):
    """(u - v)^2 -> (u - v): the missing square of a location difference."""
    return rhs.replace(lambda x: x.is_Pow and x.exp == 2 and x.base.is_Add
                       and not x.base.is_positive, lambda x: x.base)


@pytest.mark.parametrize("name, wrong", [
    # a Gumbel KL without the Euler-gamma term; lognormal and Cauchy ones missing the square
    ("kl/gumbel", lambda rhs: rhs.subs(sp.EulerGamma, 0)),
    ("kl/lognormal", _drop_square),
    ("kl/cauchy", _drop_square),
])
def test_known_wrong_closed_forms_are_flagged(name, wrong):
    e = catalog()[name]
    draft = e.build({})
    last = draft.steps[-1]
    bad = wrong(last.rhs)
    assert bad != last.rhs
    points = [e.symbols_of(_random_values(name, f"neg{i}")) for i in range(3)]
    assert not check_step(last.lhs, bad, points, draft.densities, 30).ok
    ctx = new_context(30 + GUARD)
    claimed = numeric_value(bad, points[0], draft.densities, ctx)
    assert agree_digits(claimed, draft.reference(points[0], ctx), ctx, 30) < 10


def test_mvnormal_closed_form_without_minus_n_is_flagged():
    n = sp.Symbol("n", positive=True, integer=True)
    bad = _corrupt("kl/mvnormal", lambda rhs: rhs + n / 2)
    e = catalog()["kl/mvnormal"]
    values = {k: e.param(k).parse(x) for k, x in _defaults("kl/mvnormal").items()}
    d = run(bad, values, None, 30)
    assert not d.verified and not d.verification.ok


def test_gauss_expect_refuses_a_non_quadratic_integrand():
    e = catalog()["kl/mvnormal"]
    tail = e.build({"n": 2}).steps[0].lhs.args[1:]  # n and the entries' symbols
    node = GaussExpect(Q1**2 + Q2, *tail)
    values = {"mu1": (0, 0), "Sigma1": sp.eye(2), "mu2": (1, 0), "Sigma2": sp.eye(2) * 2}
    c = check_step(node, sp.Integer(8), [e.bind(values)], {}, 30)
    assert not c.ok and c.method == "unverified"


def test_finite_form_at_non_nested_uniform_is_flagged():
    e = catalog()["kl/uniform"]
    draft = e.build({"nested": True})
    v = {"a1": sp.Integer(0), "b1": sp.Integer(2), "a2": sp.Integer(1), "b2": sp.Integer(3)}
    ctx = new_context(40)
    point = e.symbols_of(v)
    claimed = numeric_value(draft.steps[-1].rhs, point, {}, ctx)
    assert agree_digits(claimed, draft.reference(point, ctx), ctx, 30) == 0


# --- bad input --------------------------------------------------------------------------

@pytest.mark.parametrize("name, values, words", [
    ("kl/normal", {"sigma1": "0"}, ["sigma1", "> 0"]),
    ("kl/normal", {"sigma2": "-1/2"}, ["sigma2"]),
    ("kl/mvnormal", {"Sigma1": "[[1,2],[2,1]]"}, ["Sigma1", "positive-definite"]),
    ("kl/mvnormal", {"Sigma2": "[[2,1],[0,1]]"}, ["Sigma2", "symmetric"]),
    ("kl/mvnormal", {"mu1": "0,0,0", "Sigma1": "[[1,0],[0,1]]"}, ["dimensions must agree"]),
    ("kl/mvnormal", {"mu2": "0,0", "Sigma2": "[[1,0,0],[0,1,0],[0,0,1]]"},
     ["dimensions must agree"]),
    ("kl/uniform", {"a1": "1", "b1": "0"}, ["a1", "b1"]),
    ("kl/gamma", {"k2": "abc"}, ["k2"]),
])
def test_bad_input_is_one_clear_error(name, values, words, capsys):
    with pytest.raises(DerivationError) as info:
        derive(name, **values)
    message = str(info.value)
    assert "\n" not in message and all(w in message for w in words), message
    argv = ["derive", name, *sum((["--param", f"{k}={x}"] for k, x in values.items()), [])]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("name, params, rule", [
    ("kl/gumbel", {"beta1": "5e29", "beta2": "1"}, "beta1/beta2 <= 100"),
    ("kl/weibull", {"k1": "1", "k2": "1000"}, "k1/k2 >= 1/100"),
])
def test_ratios_beyond_what_the_reference_verifies_are_refused_in_one_line(name, params, rule):
    """kl/gumbel at beta1/beta2 = 5e29 ran past 60 s: the mass of E_P[exp(-X/beta2)] lies
    outside P's integration range."""
    with pytest.raises(DerivationError, match=rule) as info:
        derive(name, **params)
    assert "\n" not in str(info.value)


def test_a_ratio_inside_the_limit_still_verifies():
    assert derive("kl/gumbel", beta1="50", beta2="1").verified


def test_kl_beta_with_a_narrow_peak_is_verified_and_a_wrong_form_caught():
    """Beta(10^30, 10^100) against Beta(3, 5): the first reference (ln p short of the 100
    digits it cancels, the peak 10^-85 wide) came out 10^-(10^61), and the exact-sign path
    then asked for 10^61 digits (an internal TypeError); the value is checked against
    mpmath.quad in the standardised variable (breaks at 0, +-3, +-12, +-40 widths)."""
    values = {"alpha1": "1e30", "beta1": "1e100", "alpha2": "3", "beta2": "5"}
    d = derive("kl/beta", **values)
    assert d.verified
    with mpmath.workdps(200):
        a, b = mpmath.mpf(10) ** 30, mpmath.mpf(10) ** 100
        lbeta = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
        lq0 = mpmath.log(105)  # 1/B(3, 5)
        mode, width = (a - 1) / (a + b - 2), mpmath.sqrt(a * b / (a + b) ** 3)

        def g(z):
            x = mode + width * z
            lp = (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - lbeta
            lq = 2 * mpmath.log(x) + 4 * mpmath.log1p(-x) + lq0
            return mpmath.exp(lp) * (lp - lq) * width

        want = mpmath.quad(g, [-40, -12, -3, 0, 3, 12, 40])
        got = mpmath.mpf(d.verification.reference.replace(" ", ""))
        assert abs(got - want) < mpmath.mpf(10) ** -45 * want
    bad = run(corrupt_step("kl/beta", lambda rhs: rhs * (1 + sp.Rational(1, 10**20))),
              {k: sp.Rational(v) if "e" not in v else sp.Integer(10) ** int(v[2:])
               for k, v in values.items()}, None, 50)
    assert not bad.verified
