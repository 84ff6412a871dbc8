"""Mutual information, joint and conditional entropy of models and joint laws (issue 12).

Every expected value is computed here, independently of the package: from a textbook
closed form or by mpmath quadrature of the definition on a fresh private context.
"""

import random

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry, every_digit_right

from symbolic_info import derive
from symbolic_info.core import DerivationError
from symbolic_info.engine.run import run
from symbolic_info.measures.twovar import request_entry

DPS = 30
BSC = "X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}"
TASK_1_12 = "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)"
RHO = "X ~ normal(0, 1); Y | X ~ normal(rho*X, sqrt(1 - rho^2))"


def ctx50():
    ctx = mpmath.MPContext()
    ctx.dps = 50
    return ctx


def agree(value: str, truth, digits: int = 25) -> bool:
    ctx = ctx50()
    return abs(ctx.mpf(value) - truth) <= ctx.mpf(10) ** -digits * max(1, abs(truth))


def mixture_mi(mu):
    """I(X;Y) of task 1.12 as h(Y) - h(Y|X), h(Y) by quadrature of the mixture."""
    ctx = ctx50()
    mu = ctx.mpf(mu)

    def p(y):
        return (ctx.npdf(y) + ctx.npdf(y - mu)) / 2

    hy = ctx.quad(lambda y: -p(y) * ctx.log(p(y)), [-ctx.inf, 0, mu / 2, mu, ctx.inf])
    return hy - (1 + ctx.log(2 * ctx.pi)) / 2


# --- closed forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("rho", ["1/2", "9/10", "-3/10", "1/1000"])
def test_bivariate_normal_mi(rho):
    ctx = ctx50()
    r = ctx.mpf(sp.Rational(rho).p) / sp.Rational(rho).q
    truth = -ctx.log(1 - r**2) / 2
    for kw in ({"joint": "mvnormal([0,0], [[1, rho], [rho, 1]])"}, {"model": RHO}):
        d = derive("mutual-information", dps=DPS, rho=rho, **kw)
        assert d.verified and agree(d.value, truth), (kw, d.value)


def test_bivariate_normal_symbolic_result():
    d = derive("mutual-information", joint="mvnormal([0,0], [[1, rho], [rho, 1]])", dps=DPS)
    rho = sp.Symbol("rho", real=True)
    assert d.verified and sp.simplify(d.result + sp.log(1 - rho**2) / 2) == 0


def test_general_covariance_and_entropies():
    # c11 = 4, c12 = 1, c22 = 2: I = 1/2 ln(c11 c22 / det) = 1/2 ln(8/7)
    joint = "mvnormal([1, -1], [[4, 1], [1, 2]])"
    ctx = ctx50()
    d = derive("mutual-information", joint=joint, dps=DPS)
    assert d.verified and agree(d.value, ctx.log(ctx.mpf(8) / 7) / 2)
    h = derive("joint-entropy", joint=joint, dps=DPS)
    assert h.verified and agree(h.value, 1 + ctx.log(2 * ctx.pi) + ctx.log(7) / 2)
    c = derive("conditional-entropy", joint=joint, given="Y", dps=DPS)  # h(X|Y), Var = 7/2
    assert c.quantity == "h(X|Y)" and agree(c.value, ctx.log(2 * ctx.pi * ctx.e * 7 / 2) / 2)


def test_n_observations_normal():
    ctx = ctx50()
    model = "theta ~ normal(0, 2); x | theta ~ normal(theta, 1)"
    for n in (1, 10, 1000):
        d = derive("mutual-information", model=model, n=str(n), dps=DPS)
        assert d.verified and agree(d.value, ctx.log(1 + 4 * ctx.mpf(n)) / 2)
        assert d.quantity == f"I(theta;x_1..x_{n})"
    rows = d.extras["growth"]["rows"]
    assert abs(ctx.mpf(rows[-1]["I_minus_half_ln_n"]) - ctx.log(4) / 2) < 1e-6


@pytest.mark.parametrize("model, dps", [
    # c + 1/n = 1 + 2.5e-13 at n = 10^6: I_n - 1/2 ln n is 1.25e-13 from two numbers near 6.9
    ("theta ~ normal(0, 1); x | theta ~ normal(0.9999995*theta, 1)", 15),
    # c = 1e-40: ln(1 + n c) at the working precision was 0
    ("theta ~ normal(0, 1); x | theta ~ normal(theta, 1e20)", 15),
    ("theta ~ normal(0, 1); x | theta ~ normal(theta, 1e20)", 50),
])
def test_growth_rows_are_right_to_every_digit_shown(model, dps):
    """I_n = 1/2 ln(1 + n c) and I_n - 1/2 ln n against the law written here at 120 digits
    (Cover & Thomas, Sec. 9.4: the MI of n Gaussian observations).  Old code:
    1.25000000000038e-13 for 1.24999999999996875e-13, and 0 for I_n = 5e-41 at --dps 15."""
    d = derive("mutual-information", model=model, n="1000000", dps=dps)
    a, s = ("0.9999995", "1") if "0.9999995" in model else ("1", "1e20")
    with mpmath.workdps(120):
        c = (mpmath.mpf(a) / mpmath.mpf(s)) ** 2
        assert d.verified or dps == 15 and s == "1e20"  # that value: not verified (reported)
        for row in d.extras["growth"]["rows"]:
            n = int(row["n"])
            i_n = mpmath.log1p(n * c) / 2
            assert every_digit_right(row["I_nats"], i_n), (row, i_n)
            assert every_digit_right(row["I_minus_half_ln_n"], i_n - mpmath.log(n) / 2), row
            assert not every_digit_right(row["I_nats"], i_n * (1 + mpmath.mpf("1e-8")))


def test_bsc_exact():
    d = derive("mutual-information", model=BSC, eps="1/10", dps=DPS)
    ctx = ctx50()
    e = ctx.mpf(1) / 10
    assert d.verified and agree(d.value, ctx.log(2) + e * ctx.log(e) + (1 - e) * ctx.log(1 - e))
    sym = derive("mutual-information", model=BSC, dps=DPS)
    assert sym.verified and sym.value is None and sym.result.free_symbols


@pytest.mark.parametrize("mu", ["1/2", "2", "5"])
def test_task_1_12_mixture_mi(mu):
    d = derive("mutual-information", model=TASK_1_12, mu=mu, dps=DPS)
    assert d.verified and agree(d.value, mixture_mi(sp.Rational(mu)))


def test_task_1_12_asymptotic_laws():
    d = derive("mutual-information", model=TASK_1_12, mu="1", dps=DPS)
    rows = {r["mu"]: r for r in d.extras["evidence"]["rows"]}
    assert abs(float(rows["0.001"]["small_ratio"]) - 1) < 1e-5
    assert abs(float(rows["0.001"]["small_next"]) + 1 / 64) < 1e-5
    assert abs(float(rows["32"]["large_ratio"]) - 1) < 0.01
    assert all(int(r["methods_agree_digits"]) >= 14 for r in rows.values())
    # my own check of the small-mu law: I(mu)/(mu^2/8) -> 1
    assert abs(mixture_mi(sp.Rational(1, 100)) / (mpmath.mpf(1) / 80000) - 1) < 1e-4
    curve = d.extras["curve"]
    assert curve[0] == [0.0, pytest.approx(0.0, abs=1e-12)] and 0.99 < curve[-1][1] < 1


def test_beta_binomial():
    ctx = ctx50()
    m = 10
    q = [sp.binomial(m, k) * sp.beta(2 + k, 2 + m - k) / sp.beta(2, 2) for k in range(m + 1)]
    q = [sp.nsimplify(v) for v in q]
    assert sum(q) == 1
    hk = -ctx.fsum(ctx.mpf(v.p) / v.q * ctx.log(ctx.mpf(v.p) / v.q) for v in q)

    def cond(p):
        return 6 * p * (1 - p) * -ctx.fsum(
            ctx.binomial(m, k) * p**k * (1 - p) ** (m - k)
            * ctx.log(ctx.binomial(m, k) * p**k * (1 - p) ** (m - k)) for k in range(m + 1))

    truth = hk - ctx.quad(cond, [0, 0.5, 1])
    d = derive("mutual-information", model="p ~ beta(2, 2); k | p ~ binomial(10, p)", dps=DPS)
    assert d.verified and agree(d.value, truth)
    two = derive("mutual-information", model="p ~ beta(2, 2); k | p ~ binomial(5, p)", n="2",
                 dps=DPS)
    assert two.verified and agree(two.value, truth)  # two of 5 trials carry what 10 do


def test_joint_on_triangle_and_square():
    ctx = ctx50()
    d = derive("joint-entropy", joint="2 on 0 < y < x < 1", dps=DPS)
    assert d.verified and agree(d.value, -ctx.log(2))
    # marginals 2x and 2(1-y): h = 1/2 - ln 2 each; I = 2(1/2 - ln 2) + ln 2
    m = derive("mutual-information", joint="2 on 0 < y < x < 1", dps=DPS)
    assert m.verified and agree(m.value, 1 - ctx.log(2))


# --- identities and properties ----------------------------------------------------------------

def _value(name, **kw):
    d = derive(name, dps=DPS, **kw)
    assert d.verified
    return ctx50().mpf(d.value)


@pytest.mark.parametrize("model, values", [
    (BSC, {"eps": "1/7"}),
    ("X ~ categorical(1/2, 1/3, 1/6); Y | X ~ binomial(2, X/4)", {}),
    (RHO, {"rho": "2/3"}),
])
def test_chain_rule_and_symmetry(model, values):
    i = _value("mutual-information", model=model, **values)
    hxy = _value("joint-entropy", model=model, **values)
    hyx = _value("conditional-entropy", model=model, **values)
    hxgy = _value("conditional-entropy", model=model, given="Y", **values)
    # I(X;Y) = H(Y) - H(Y|X) = H(X) - H(X|Y): so H(X,Y) - H(X|Y) - H(Y|X) = I
    assert abs(hxy - hxgy - hyx - i) < 1e-25
    assert i >= 0


def test_discrete_bounds_random_channels():
    rng = random.Random(12)
    for _ in range(4):
        a, b = (sp.Rational(rng.randint(1, 99), 100) for _ in range(2))
        model = f"X ~ bernoulli(1/3); Y | X ~ {{0: bernoulli({a}), 1: bernoulli({b})}}"
        i = _value("mutual-information", model=model)
        hyx = _value("conditional-entropy", model=model)
        hy = i + hyx
        ctx = ctx50()
        hx = -(ctx.log(ctx.mpf(1) / 3) / 3 + 2 * ctx.log(ctx.mpf(2) / 3) / 3)
        assert -1e-25 <= i <= min(hx, hy) + 1e-25


def test_independent_pair_has_zero_information():
    d = derive("mutual-information", model="X ~ bernoulli(1/2); Y | X ~ bernoulli(1/3)", dps=DPS)
    assert d.verified and d.result == 0


def test_pxy_still_works_and_given_needs_a_model():
    d = derive("mutual-information", pxy="[[1/2,0],[0,1/2]]")
    assert d.result == sp.log(2) and d.verified
    with pytest.raises(DerivationError, match="given needs model"):
        derive("conditional-entropy", given="Y")


# --- negative controls ----------------------------------------------------------------------

def test_a_wrong_closed_form_is_caught():
    e = corrupt_entry(request_entry("mutual-information", "joint", "mvnormal([0,0], [[1, rho], "
                                    "[rho, 1]])", "", None, ()),
                      lambda rhs: rhs * (1 + sp.Rational(1, 10**20)))
    d = run(e, {"rho": sp.Rational(1, 2)}, None, DPS)
    assert not d.verified


def test_a_wrong_identity_step_is_caught():
    e = corrupt_entry(request_entry("mutual-information", "model", BSC, "", None, ()),
                      lambda rhs: rhs + sp.Rational(1, 10**6), index=0)
    d = run(e, {"eps": sp.Rational(1, 5)}, None, DPS)
    assert not d.steps[0].check.ok and not d.verified


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, words", [
    ({"model": "X ~ normal(0, 1); Y | X ~ normal(0, X)"}, "sigma"),
    ({"model": "p ~ normal(0, 1); k | p ~ binomial(10, p)"}, "prior of p"),
    ({"joint": "mvnormal([0,0], [[1, 2], [2, 1]])"}, "not positive definite"),
    ({"joint": "mvnormal([0,0], [[1, rho], [rho, 1]])", "rho": "1"}, "not positive definite"),
    ({"model": RHO, "rho": "2"}, "sigma"),
    ({"joint": "x on [0,1]^2"}, "integrates to 1/2"),
    ({"joint": f"x + y + 1/{3 * 10**30 + 1} on [0,1]^2"}, "integrates to 1 + 3.33"),
    ({"joint": "x*exp(y)/2 on [0,1]^2"}, "integrates to e/4 - 1/4"),
    ({"model": BSC, "given": "Y"}, "conditional-entropy only"),
    ({"model": BSC, "n": "0"}, "n must be"),
    ({"model": BSC, "zeta": "1"}, "does not appear"),
    ({"model": BSC, "pxy": "[[1/2,0],[0,1/2]]"}, "one of pxy"),
])
def test_bad_input_one_line(kw, words):
    with pytest.raises(DerivationError) as exc:
        derive("mutual-information", dps=DPS, **kw)
    assert words in str(exc.value) and "\n" not in str(exc.value)


# --- data processing ------------------------------------------------------------------------

CASCADE = ("X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(a), 1: bernoulli(1 - a)}; "
           "Z | Y ~ {0: bernoulli(b), 1: bernoulli(1 - b)}")


def test_dpi_gaussian_chain():
    d = derive("mutual-information", model="X ~ normal(0, 1); Y | X ~ normal(X, 1); "
               "Z | Y ~ normal(Y, 1)", dps=DPS)
    ctx = ctx50()
    # corr(X, Y)^2 = 1/2, corr(X, Z)^2 = 1/3
    assert d.verified and agree(d.value, -ctx.log(ctx.mpf(2) / 3) / 2)
    dp = d.extras["data_processing"]
    assert dp["holds"] and agree(dp["I(X;Y)"], ctx.log(2) / 2, 18)


def test_dpi_random_binary_cascades():
    rng = random.Random(4)
    ctx = ctx50()

    def hb(t):
        return -t * ctx.log(t) - (1 - t) * ctx.log(1 - t)

    for _ in range(3):
        a, b = (sp.Rational(rng.randint(1, 49), 100) for _ in range(2))
        d = derive("mutual-information", model=CASCADE, a=str(a), b=str(b), dps=DPS)
        av, bv = ctx.mpf(a.p) / a.q, ctx.mpf(b.p) / b.q
        c = av * (1 - bv) + (1 - av) * bv  # two BSCs in a row: a BSC with crossover c
        assert d.verified and agree(d.value, ctx.log(2) - hb(c))
        dp = d.extras["data_processing"]
        assert dp["holds"] and ctx.mpf(dp["I(X;Z)"]) <= ctx.mpf(dp["I(X;Y)"])
        assert agree(dp["I(X;Y)"], ctx.log(2) - hb(av), 18)


def test_dpi_wrong_identity_step_is_caught():
    e = corrupt_entry(request_entry("mutual-information", "model", CASCADE, "", None, ()),
                      lambda rhs: rhs * (1 + sp.Rational(1, 10**8)))
    d = run(e, {"a": sp.Rational(1, 10), "b": sp.Rational(1, 5)}, None, DPS)
    assert not d.steps[-1].check.ok and not d.verified


def test_three_lines_need_a_chain():
    """A three-line model must be a chain X -> Y -> Z (its joint and conditional entropies
    are tested in test_twovar_triple.py)."""
    for measure in ("mutual-information", "joint-entropy", "conditional-entropy"):
        with pytest.raises(DerivationError, match="chain"):
            derive(measure, model="X ~ bernoulli(1/2); Y | X ~ bernoulli(1/3); "
                   "Z | X ~ bernoulli(1/4)")


# --- check ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, params, right, wrong", [
    ("mutual-information", {"joint": "mvnormal([0,0], [[1, rho], [rho, 1]])"},
     "-1/2*ln(1 - rho^2)", "-ln(1 - rho^2)"),
    ("mutual-information", {"model": BSC, "eps": "1/10"}, "0.368064207168497", "ln(2)"),
    ("conditional-entropy", {"model": BSC, "eps": "1/10", "given": "Y"},
     "0.325082973391448", "0.34"),
    ("mutual-information", {"model": "theta ~ normal(0, 2); x | theta ~ normal(theta, 1)",
                            "n": "10"}, "1/2*ln(41)", "1/2*ln(40)"),
])
def test_check_against_each_new_quantity(name, params, right, wrong):
    from symbolic_info.checker.judge import judge, prepare

    problem = prepare(name, params, None)
    assert judge(problem, right)["verdict"] == "correct"
    assert judge(problem, wrong)["verdict"] != "correct"


def test_too_many_cells_refused_before_the_work():
    import time

    probs = ", ".join(["1/200"] * 200)
    t = time.process_time()  # CPU seconds: work done here, not the machine's load
    with pytest.raises(DerivationError, match="cells"):
        derive("mutual-information", model=f"X ~ categorical({probs}); Y | X ~ binomial(200, 1/3)")
    assert time.process_time() - t < 120


@pytest.mark.parametrize("model,mu", [(TASK_1_12, "1e10"), (TASK_1_12, "1e300"),
                                      (TASK_1_12, "-1e300"),
                                      ("X ~ bernoulli(1/2); Y | X ~ normal(X, 1e-10)", None)])
def test_normal_components_too_far_apart_are_refused_in_one_line_at_once(model, mu):
    """mu = 1e10 and 1e300 ran to the 20 s time limit (the quadrature of h(Y) over a gap of
    10^10 sds); now one line that gives the bound.  In a child with the command's own time
    limit, since the old code ran for minutes in-process."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "symbolic_info.cli", "derive", "mutual-information",
            "--param", f"model={model}"] + (["--param", f"mu={mu}"] if mu else [])
    proc = subprocess.run(args, capture_output=True, text=True, timeout=180)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, (proc.returncode, proc.stderr[-500:])
    assert "at most 10^9" in lines[0] and "time limit" in lines[0], lines[0]


def test_the_separation_bound_is_exact_at_its_edge():
    """Negative control: 10^9 sds apart passes the check, 10^9 + 1/1000 is refused, and a
    model with free parameters or non-normal conditionals is not judged."""
    from symbolic_info.language import parse_model
    from symbolic_info.measures.twovar_finite import MAX_SEPARATION, check_separation

    m = parse_model(TASK_1_12)
    check_separation(m, {"mu": sp.Integer(MAX_SEPARATION)})
    check_separation(m, {})
    with pytest.raises(DerivationError):
        check_separation(m, {"mu": MAX_SEPARATION + sp.Rational(1, 1000)})
    check_separation(parse_model("X ~ bernoulli(1/2); Y | X ~ laplace(mu*X, 1)"),
                     {"mu": sp.Integer(10**20)})
