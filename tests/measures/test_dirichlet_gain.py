"""Information gained under a Dirichlet prior with a categorical likelihood.

Expected values are computed here without the Dirichlet closed forms: the posterior is
prior x likelihood as written (exponents a_j - 1 + n_j), and its entropy and the KL
divergence are integrated over the simplex from the definition, -int f ln f, with
mpmath's own quadrature on a fresh context:

- K = 2 (the Dirichlet is a beta law): a one-dimensional quadrature at 40 digits;
- K = 3: a two-dimensional quadrature over the simplex (p2 = (1 - p1) u) at 20 digits,
  compared to 12 digits (its honest precision here: the test's own quadrature error is
  below 1e-15 for these smooth polynomial-times-log integrands).
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import (
    corrupt_entry,
    every_digit_right,
    refused_in_one_line,
    significant_digits,
)

from symbolic_info import derive
from symbolic_info.core import DerivationError
from symbolic_info.engine.run import run
from symbolic_info.measures.information_gain import gain_entry

UNIFORM3 = "p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)"


def model(*alphas):
    return f"p ~ dirichlet({', '.join(alphas)}); x | p ~ categorical(p)"


def counts(observed, k):
    out = [0] * k
    for v in observed:
        out[v - 1] += 1
    return out


def unnormalised(ctx, exponents):
    """prod p_j^{c_j} of a point of the simplex given by its first K - 1 coordinates."""
    def g(*ps):
        last = 1 - sum(ps)
        out = ctx.one
        for p, c in zip((*ps, last), exponents, strict=True):
            out *= p ** c
        return out
    return g


def plogp(ctx, p, q=None):
    """p ln(p / q) with 0 ln 0 = 0 (quadrature nodes can land on the simplex's edge)."""
    return ctx.zero if p == 0 else p * ctx.log(p if q is None else p / q)


def entropy_k2(ctx, exponents):
    """-int f ln f of f = g / int g on (0, 1), K = 2."""
    g = unnormalised(ctx, exponents)
    z = ctx.quad(g, [0, 1])
    return -ctx.quad(lambda p: plogp(ctx, g(p) / z), [0, 1]), z


def simplex_integral(ctx, h):
    """int over the simplex of h(p1, p2), K = 3, with p2 = (1 - p1) u."""
    return ctx.quad(lambda p1, u: h(p1, (1 - p1) * u) * (1 - p1), [0, 1], [0, 1])


def entropy_k3(ctx, exponents):
    g = unnormalised(ctx, exponents)
    z = simplex_integral(ctx, g)
    return -simplex_integral(ctx, lambda a, b: plogp(ctx, g(a, b) / z)), z


def kl_k3(ctx, post, prior):
    gp, gq = unnormalised(ctx, post), unnormalised(ctx, prior)
    zp, zq = simplex_integral(ctx, gp), simplex_integral(ctx, gq)
    return simplex_integral(ctx, lambda a, b: plogp(ctx, gp(a, b) / zp, gq(a, b) / zq))


def agree(text, truth, digits):
    ctx = mpmath.MPContext()
    ctx.dps = 60
    return abs(ctx.mpf(text) - truth) <= ctx.mpf(10) ** -digits * max(1, abs(truth))


def test_the_brief_example_k3_by_quadrature_over_the_simplex():
    observed = [1, 3, 3, 2]
    d = derive("information-gain", model=UNIFORM3, observed="1,3,3,2")
    assert d.verified and all(s.check.ok for s in d.steps)
    ctx = mpmath.MPContext()
    ctx.dps = 20
    prior = [0, 0, 0]
    post = [c + n for c, n in zip(prior, counts(observed, 3), strict=True)]
    h0, _ = entropy_k3(ctx, prior)
    h1, _ = entropy_k3(ctx, post)
    assert agree(d.value, h0 - h1, 12)
    assert agree(d.extras["kl_posterior_prior"]["nats"], kl_k3(ctx, post, prior), 12)
    assert d.extras["posterior"] == "dirichlet(2, 2, 3)"
    assert "50 digits agree" in d.extras["kl_posterior_prior"]["check"]


def test_a_non_uniform_prior_value_and_kl_differ():
    """With a non-uniform prior h(prior) - h(posterior) and D(posterior || prior) differ
    (with the uniform prior they coincide: ln f_prior is constant)."""
    d = derive("information-gain", model=model("2", "3", "5"), observed="1,1,2")
    ctx = mpmath.MPContext()
    ctx.dps = 20
    prior = [1, 2, 4]
    post = [c + n for c, n in zip(prior, counts([1, 1, 2], 3), strict=True)]
    gain = entropy_k3(ctx, prior)[0] - entropy_k3(ctx, post)[0]
    kl = kl_k3(ctx, post, prior)
    assert d.verified and agree(d.value, gain, 12)
    assert agree(d.extras["kl_posterior_prior"]["nats"], kl, 12)
    assert abs(gain - kl) > ctx.mpf("0.01")


@pytest.mark.parametrize("alphas, observed", [
    (("3/2", "5/2"), [1, 2, 2]),
    (("1", "1"), [2] * 30),          # a long run: a sharp posterior near a corner
    (("7", "2"), [2]),               # a surprising observation: can lose entropy
])
def test_k2_is_the_beta_law_one_dimensional_quadrature(alphas, observed):
    d = derive("information-gain", model=model(*alphas),
               observed=",".join(map(str, observed)), units="bits")
    ctx = mpmath.MPContext()
    ctx.dps = 40
    prior = [sp.Rational(a) - 1 for a in alphas]
    post = [c + n for c, n in zip(prior, counts(observed, 2), strict=True)]
    as_mpf = [[ctx.mpf(c.p) / c.q for c in cs] for cs in (prior, post)]
    gain = (entropy_k2(ctx, as_mpf[0])[0] - entropy_k2(ctx, as_mpf[1])[0]) / ctx.ln2
    assert d.verified and agree(d.value, gain, 30)
    rows = d.extras["sequence"]["table"]
    assert len(rows) == len(observed) and rows[-1]["posterior"] == d.extras["posterior"]


def test_jeffreys_prior_singular_at_the_edges_is_verified():
    """dirichlet(1/2, 1/2): the density is infinite at both ends of the simplex."""
    d = derive("information-gain", model=model("1/2", "1/2"), observed="1")
    ctx = mpmath.MPContext()
    ctx.dps = 40
    # beta(1/2, 1/2) and beta(3/2, 1/2) entropies from the definition, by quadrature in
    # p = sin^2(t), which removes the singularities: f dp = 2/B dt on (0, pi/2)
    def h(a, b):
        def f(t):
            s, c = ctx.sin(t), ctx.cos(t)
            return s ** (2 * a - 1) * c ** (2 * b - 1) * 2
        z = ctx.quad(f, [0, ctx.pi / 2])
        return -ctx.quad(lambda t: f(t) / z * ctx.log(
            ctx.sin(t) ** (2 * a - 2) * ctx.cos(t) ** (2 * b - 2) / z), [0, ctx.pi / 2])
    half = ctx.mpf(1) / 2
    assert d.verified and agree(d.value, h(half, half) - h(3 * half, half), 30)


def test_the_closed_forms_against_the_literature_values():
    """h(dirichlet(1, ..., 1)) = -ln (K - 1)! (the uniform density on the simplex is (K-1)!)."""
    from symbolic_info.measures.dirichlet_gain import dirichlet_entropy, dirichlet_kl

    for k in (2, 3, 5):
        assert sp.simplify(dirichlet_entropy((sp.Integer(1),) * k)
                           + sp.log(sp.factorial(k - 1))) == 0
    assert dirichlet_kl((sp.Integer(2), sp.Integer(3)), (sp.Integer(2), sp.Integer(3))) == 0


@pytest.mark.parametrize("text, observed, words", [
    (UNIFORM3, "4", "outside the support of categorical(p) with 3 categories"),
    (UNIFORM3, "0", "outside the support"),
    (UNIFORM3, "3/2", "outside the support"),
    (model("1", "0", "1"), "1", "a2 = 0 must be a number > 0"),
    (model("1", "-1/2"), "1", "a2 = -1/2 must be a number > 0"),
    (model("1"), "1", "dirichlet takes 2 to"),
    (model(*["1"] * 51), "1", "at most 50 categories"),
    ("p ~ dirichlet(1, 1); x | p ~ poisson(p)", "1", "its child must read"),
    ("p ~ dirichlet(1, 1); x | p ~ categorical(p, 1 - p)", "1", "its child must read"),
    ("X ~ bernoulli(1/2); p | X ~ dirichlet(1, 1)", "1", "law of a probability vector"),
    ("p ~ dirichlet(a, 1); x | p ~ categorical(p)", "1", "needs numbers"),
])
def test_bad_input_is_one_line(text, observed, words):
    refused_in_one_line(words, "information-gain", model=text, observed=observed)


def test_a_dirichlet_is_not_a_distribution_of_one_variable():
    with pytest.raises(DerivationError, match="law of a probability vector"):
        derive("entropy", X="dirichlet(1, 1)")
    with pytest.raises(DerivationError) as err:
        derive("mutual-information", model=UNIFORM3)
    assert "\n" not in str(err.value)


def test_a_wrong_bayes_step_is_caught():
    e = gain_entry(UNIFORM3, "1,3,3,2")
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Rational(1, 10**8)), index=1)
    assert not run(bad, {}, "nats", 30).steps[1].check.ok


def test_a_wrong_closed_form_is_caught():
    e = gain_entry(model("2", "3", "5"), "1,1,2")
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Rational(1, 10**9)))
    assert not run(bad, {}, "nats", 30).verified


def test_a_wrong_entropy_formula_fails_its_step_and_the_reference(monkeypatch):
    """Dropping the (a0 - K) psi(a0) term: the step against the quadrature of E[ln P_j]
    and the stick-breaking reference both refuse it."""
    import symbolic_info.measures.dirichlet_gain as dg

    right = dg.dirichlet_entropy

    def wrong(alphas):
        a0 = sp.Add(*alphas)
        return right(alphas) - (a0 - len(alphas)) * sp.digamma(a0)

    monkeypatch.setattr(dg, "dirichlet_entropy", wrong)
    gain_entry.cache_clear()
    try:
        d = run(gain_entry(model("2", "3", "5"), "1,1,2"), {}, "nats", 30)
        entropy_steps = [s for s in d.steps if s.rule.startswith("h(")]
        assert entropy_steps and not all(s.check.ok for s in entropy_steps)
        assert not d.verification.ok and not d.verified
    finally:
        gain_entry.cache_clear()


@pytest.mark.parametrize("alphas, observed", [
    (("3/2", "5/2"), [1, 2, 2]),
    (("7", "2"), [2]),               # a negative gain: the sign takes a character
])
def test_the_sequence_table_is_rounded_to_20_digits_not_cut(alphas, observed):
    """Each row's gain against the beta entropies by quadrature at 40 digits: 20 significant
    digits, each right (cut to 20 characters, '-0.1234...' kept only 17 digits)."""
    d = derive("information-gain", model=model(*alphas),
               observed=",".join(map(str, observed)), units="bits")
    ctx = mpmath.MPContext()
    ctx.dps = 40
    prior = [sp.Rational(a) - 1 for a in alphas]
    as_mpf = [ctx.mpf(c.p) / c.q for c in prior]
    h0 = entropy_k2(ctx, as_mpf)[0]
    rows = d.extras["sequence"]["table"]
    for i, row in enumerate(rows, start=1):
        post = [c + n for c, n in zip(as_mpf, counts(observed[:i], 2), strict=True)]
        for key, scale in (("gain_bits", ctx.ln2), ("gain_nats", 1)):
            gain = (h0 - entropy_k2(ctx, post)[0]) / scale
            assert significant_digits(row[key]) == 20, row[key]
            assert every_digit_right(row[key], gain), (row[key], gain)


# 10^15 and 10^5 (a child process each) met the same bound check as 10^40 and 2501
@pytest.mark.parametrize("alpha", ["10^40", "2501"])
def test_a_prior_too_concentrated_for_the_exact_steps_is_refused_in_one_line(alpha):
    """dirichlet(10^40, 10^40) ended in an internal OverflowError (SymPy's exact Gamma),
    10^15 aborted the process (exit -6), 10^5 ran into the time limit.  Each is refused
    at once, in one line that gives the bound; run in a child process, since the old
    code aborted the interpreter it ran in."""
    import subprocess
    import sys

    from symbolic_info.measures.dirichlet_gain import MAX_CONCENTRATION

    proc = subprocess.run(
        [sys.executable, "-m", "symbolic_info.cli", "derive", "information-gain",
         "--param", f"model={model(alpha, alpha)}", "--param", "observed=1"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"at most {MAX_CONCENTRATION}" in lines[0], lines
    assert "internal error" not in lines[0]


def test_the_concentration_bound_counts_the_observations():
    """Negative control at the edge: a_0 = 4998 + 2 observations = 5000 is inside the
    bound (the draft is built), one observation more is refused."""
    from symbolic_info.measures.dirichlet_gain import check_concentration

    check_concentration((sp.Integer(2499), sp.Integer(2501)))
    with pytest.raises(DerivationError):
        check_concentration((sp.Integer(2499), sp.Integer(2501) + sp.Rational(1, 10**30)))


def dirichlet_entropy_mpmath(ctx, alphas):
    """h(dirichlet(a)) from the closed form, by mpmath (the derivation's value is SymPy's
    exact closed form, its reference a quadrature: this is a third computation)."""
    a0 = sum(alphas)
    return (sum(ctx.loggamma(a) for a in alphas) - ctx.loggamma(a0)
            + (a0 - len(alphas)) * ctx.digamma(a0) - sum((a - 1) * ctx.digamma(a) for a in alphas))


def high_precision_truth(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    return (dirichlet_entropy_mpmath(ctx, [ctx.mpf(1)] * 3)
            - dirichlet_entropy_mpmath(ctx, [ctx.mpf(2), ctx.mpf(2), ctx.mpf(3)]))


def test_every_digit_at_300_and_a_wrong_closed_form_caught():
    """Issue 15: the issue's example verified to every digit at 300 digits, and (negative
    control) a closed form off by a relative 10^-290 refused."""
    e = gain_entry(UNIFORM3, "1,3,3,2")
    d = run(e, {}, "nats", 300)
    assert d.verified and d.verification.agree_digits >= 300
    assert significant_digits(d.value) >= 299
    assert every_digit_right(d.value, high_precision_truth(300))
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Rational(1, 10**290)))
    assert not run(bad, {}, "nats", 300).verified


def test_the_reference_resolves_every_digit_at_1000():
    """At 1000 digits the stick-breaking reference itself is right to every digit, and
    (negative control) the same comparison refuses a value off by 10^-990 (the engine's
    refusal of a wrong closed form, shown at 300 digits above, re-runs the reference at
    higher precisions: 7 s more here)."""
    d = run(gain_entry(UNIFORM3, "1,3,3,2"), {}, "nats", 1000)
    truth = high_precision_truth(1000)
    assert d.verified and d.verification.agree_digits >= 1000
    reference = d.verification.reference
    assert significant_digits(reference) >= 999 and every_digit_right(reference, truth)
    assert not every_digit_right(reference, truth + mpmath.mpf(10) ** -990)


def test_a_prior_near_the_edges_has_its_entropy_steps_verified():
    """dirichlet(1/1000, 1/1000, 1): half of each beta(1/1000, .) marginal's mass lies below
    2^-1000, so E[ln P_j] kept as an integral lost 8 of 50 digits by the general quadrature
    (steps 4 and 5 "not verified"); the logit rule integrates it to every digit."""
    d = run(gain_entry(model("1/1000", "1/1000", "1"), "1,3,3,2"), {}, "nats", 50)
    assert all(s.check.ok for s in d.steps) and d.verified


def test_the_kept_mean_log_against_the_digammas_and_a_wrong_one_caught():
    """``E[ln T]`` of beta(1/1000, 1001/1000) written as the step writes it, against psi(a) -
    psi(a + b) (mpmath at 80 digits); negative control: psi moved by 10^-45 is refused."""
    from symbolic_info.measures.beta_log_integral import BetaLogIntegral
    from symbolic_info.numeric.context import compile_expr, new_context

    a, b, t = sp.Rational(1, 1000), sp.Rational(1001, 1000), sp.Symbol("t", positive=True)
    density = t ** (a - 1) * (1 - t) ** (b - 1) * sp.gamma(a + b) / (sp.gamma(a) * sp.gamma(b))
    got = compile_expr(BetaLogIntegral(density * sp.log(t), (t, 0, 1)), [], new_context(50))()
    mp = mpmath.MPContext()
    mp.dps = 80
    want = mp.digamma(mp.mpf(1) / 1000) - mp.digamma(mp.mpf(1002) / 1000)
    assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** -50
    assert abs(got - (want + mpmath.mpf(10) ** -45)) > abs(want) * mpmath.mpf(10) ** -50
