"""Joint and conditional entropies of a Markov chain X -> Y -> Z (three-line models).

Expected values are coded here: for a discrete chain, brute-force sums over the triples
and over the pairs (x, z) of p(x) p(y|x) p(z|y); for a linear-Gaussian chain, the
conditional variances of the 3x3 covariance matrix written out by hand (Var(Z|X) =
a2^2 s1^2 + s2^2, Var(X|Z) = Var X - Cov(X,Z)^2 / Var Z) and the textbook entropy of a
normal law, on a fresh mpmath context.
"""

import itertools

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry, refused_in_one_line

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.measures.twovar import request_entry

CHAIN = ("X ~ bernoulli(1/3); Y | X ~ {0: bernoulli(a), 1: bernoulli(1 - a)}; "
         "Z | Y ~ {0: bernoulli(b), 1: bernoulli(1 - b)}")
GAUSS = "X ~ normal(0, 2); Y | X ~ normal(3*X + 1, 1); Z | Y ~ normal(Y/2, 3/2)"


def ctx50():
    ctx = mpmath.MPContext()
    ctx.dps = 50
    return ctx


def triples(ctx, a, b):
    """p(x, y, z) of the chain CHAIN."""
    px = {0: 1 - ctx.mpf(1) / 3, 1: ctx.mpf(1) / 3}

    def flip(p, given, value):  # bernoulli(p) for 0, bernoulli(1 - p) for 1
        one = p if given == 0 else 1 - p
        return one if value == 1 else 1 - one

    return {(x, y, z): px[x] * flip(a, x, y) * flip(b, y, z)
            for x, y, z in itertools.product((0, 1), repeat=3)}


def entropy(ctx, probs):
    return -ctx.fsum(p * ctx.log(p) for p in probs if p != 0)


def marginal(p, keep):
    out = {}
    for key, v in p.items():
        k = tuple(key[i] for i in keep)
        out[k] = out.get(k, 0) + v
    return out


def close(text, truth, digits=45):
    ctx = ctx50()
    return abs(ctx.mpf(text) - truth) <= ctx.mpf(10) ** -digits * max(1, abs(truth))


@pytest.mark.parametrize("a, b", [("1/10", "1/5"), ("1/2", "1/1000"), ("999/1000", "1/3")])
def test_discrete_chain_joint_and_conditional_entropies(a, b):
    ctx = ctx50()
    p = triples(ctx, ctx.mpf(sp.Rational(a).p) / sp.Rational(a).q,
                ctx.mpf(sp.Rational(b).p) / sp.Rational(b).q)
    h = {k: entropy(ctx, marginal(p, k).values())
         for k in ((0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2))}
    expected = {
        ("joint-entropy", ""): h[(0, 1, 2)],
        ("conditional-entropy", ""): h[(0, 2)] - h[(0,)],          # H(Z|X)
        ("conditional-entropy", "X"): h[(0, 2)] - h[(0,)],
        ("conditional-entropy", "Y"): h[(1, 2)] - h[(1,)],         # H(Z|Y)
        ("conditional-entropy", "Z"): h[(0, 2)] - h[(2,)],         # H(X|Z)
    }
    for (measure, given), truth in expected.items():
        kw = {"given": given} if given else {}
        d = derive(measure, model=CHAIN, a=a, b=b, **kw)
        assert d.verified and close(d.value, truth), (measure, given)


def test_the_chain_rule_step_and_markov_property_show():
    d = derive("joint-entropy", model=CHAIN, a="1/10", b="1/5")
    assert "H(Z|X,Y) = H(Z|Y)" in d.steps[-1].rule and all(s.check.ok for s in d.steps)


def test_symbolic_parameters_verified_at_random_points():
    d = derive("joint-entropy", model=CHAIN)
    assert d.verified and {s.name for s in d.result.free_symbols} == {"a", "b"}


def test_gaussian_chain():
    ctx = ctx50()
    s0, a1, s1, a2, s2 = ctx.mpf(2), ctx.mpf(3), ctx.mpf(1), ctx.mpf(1) / 2, ctx.mpf(3) / 2
    var_x, var_y = s0**2, a1**2 * s0**2 + s1**2
    var_z = a2**2 * var_y + s2**2
    cov_xz = a2 * a1 * s0**2

    def h(v):
        return ctx.log(2 * ctx.pi * ctx.e * v) / 2

    expected = {
        ("joint-entropy", ""): h(var_x) + h(s1**2) + h(s2**2),
        ("conditional-entropy", "X"): h(a2**2 * s1**2 + s2**2),
        ("conditional-entropy", "Y"): h(s2**2),
        ("conditional-entropy", "Z"): h(var_x - cov_xz**2 / var_z),
    }
    for (measure, given), truth in expected.items():
        kw = {"given": given} if given else {}
        d = derive(measure, model=GAUSS, **kw)
        assert d.verified and close(d.value, truth), (measure, given)


@pytest.mark.parametrize("text, given, words", [
    (CHAIN, "W", "given must be X"),
    ("X ~ bernoulli(1/2); Y | X ~ bernoulli(1/3); Z | X ~ bernoulli(1/4)", "",
     "must be a chain"),
    ("X ~ exponential(1); Y | X ~ poisson(X); Z | Y ~ bernoulli(1/2)", "",
     "all-discrete with finitely many values"),
])
def test_bad_chains_are_one_line(text, given, words):
    kw = {"given": given} if given else {}
    refused_in_one_line(words, "conditional-entropy", model=text, **kw)


def test_a_wrong_chain_rule_is_caught():
    e = request_entry("joint-entropy", "model", CHAIN, "", None, ())
    bad = corrupt_entry(e, lambda rhs: rhs + sp.Rational(1, 10**9))
    d = run(bad, {"a": sp.Rational(1, 10), "b": sp.Rational(1, 5)}, "nats", 30)
    assert not d.steps[-1].check.ok and not d.verified
