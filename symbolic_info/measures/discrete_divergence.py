"""KL divergence of discrete distributions and categorical cross-entropy.

``D(P||Q) = sum_x P(x) ln(P(x)/Q(x))`` with ``0 ln(0/q) = 0`` and
``p ln(p/0) = +inf`` (Cover & Thomas, *Elements of Information Theory*,
2nd ed., eq. (2.26) and Sec. 2.3).  Same-family pairs take the log of the pmf
ratio, use linearity and the mean of P; the reference sums the definition
directly.  A categorical Q that is 0 where P is not gives ``inf``, with the
offending entries named in the step.

Example
-------
>>> from symbolic_info import derive
>>> derive("kl/categorical", p1="1/2,1/2", p2="1,0").value
'inf'
>>> derive("kl/poisson", lambda1="2", lambda2="1").result
-1 + 2*log(2)
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.context import to_mpf
from ..numeric.log_terms import DIVERGENCE_NOTE, EXACT_LOGS_NOTE, divergence_term, log_of
from ..params import Param, number_latex, open_unit, random_decimal, symbol_latex
from ..sources import COVER_THOMAS as CT
from ..symbolic.sums import (
    DOUBLING_NOTE,
    TAIL_NOTE,
    DiscreteSum,
    K,
    geometric_linear_sum,
    int_param,
    pmf_walk,
    probability_list,
    random_with_support,
    series_sum,
    support,
    vector_symbols,
)

__all__ = ["ENTRIES", "KL_BINOMIAL_MAX_N", "KL_POISSON_MAX_LAMBDA"]

KL_BINOMIAL_MAX_N = 10**5
"""Largest n for the binomial KL (its reference sums around the mode)."""

_P1 = open_unit("p1", "success probability of P")
_P2 = open_unit("p2", "success probability of Q")


def _entry(name, title, params, build, summary, **kw) -> Entry:
    return Entry(name=name, title=title, group="discrete", params=params, build=build,
                 summary=summary, **kw)


def _bern(p1, p2):
    return p1 * sp.log(p1 / p2) + (1 - p1) * sp.log((1 - p1) / (1 - p2))


def _bernoulli(_s) -> Draft:
    p1, p2 = _P1.symbol, _P2.symbol
    pmf1, pmf2 = p1**K * (1 - p1) ** (1 - K), p2**K * (1 - p2) ** (1 - K)
    steps = (Step(DiscreteSum(pmf1 * sp.log(pmf1 / pmf2), (K, 0, 1)), _bern(p1, p2),
                  r"definition $D = \sum_{x \in \{0, 1\}} P(x) \ln \frac{P(x)}{Q(x)}$"),)

    def reference(point, ctx):
        a, b = point[p1], point[p2]
        return divergence_term(a, b, ctx) + divergence_term(1 - a, 1 - b, ctx)

    return Draft("D(P \\| Q)", (r"$P = \mathrm{Bernoulli}(p_1)$, $Q = \mathrm{Bernoulli}(p_2)$",
                                _P1.rule, _P2.rule),
                 steps, reference, "two-term sum of P(x) ln(P(x)/Q(x)) on mpmath, "
                 + DIVERGENCE_NOTE + "; " + EXACT_LOGS_NOTE)


_NB = int_param("n", "number of trials (the same for P and Q)", KL_BINOMIAL_MAX_N)


def _binomial(_s) -> Draft:
    n, p1, p2 = _NB.symbol, _P1.symbol, _P2.symbol
    b1 = sp.binomial(n, K) * p1**K * (1 - p1) ** (n - K)
    b2 = sp.binomial(n, K) * p2**K * (1 - p2) ** (n - K)
    a, c = sp.log(p1 / p2), sp.log((1 - p1) / (1 - p2))
    expanded = DiscreteSum(b1 * (K * a + (n - K) * c), (K, 0, n))
    linear = a * DiscreteSum(K * b1, (K, 0, n)) + c * DiscreteSum((n - K) * b1, (K, 0, n))
    closed = n * p1 * a + n * (1 - p1) * c
    steps = (
        Step(DiscreteSum(b1 * sp.log(b1 / b2), (K, 0, n)), expanded,
             "the binomial coefficients cancel; log of the ratio"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, closed, r"binomial mean under $P$: $\sum_k k P(k) = n p_1$, "
             r"$\sum_k (n - k) P(k) = n (1 - p_1)$; $n$ times the Bernoulli KL"),
    )

    def reference(point, ctx):
        nn, u, v = int(point[n]), point[p1], point[p2]
        la, lc = log_of(u / v, ctx), log_of((1 - u) / (1 - v), ctx)
        lg, lu, lw = ctx.loggamma(nn + 1), log_of(u, ctx), log_of(1 - u, ctx)

        odds = to_mpf(u / (1 - u), ctx)
        pmf = pmf_walk(lambda k: lg - ctx.loggamma(k + 1) - ctx.loggamma(nn - k + 1)
                       + k * lu + (nn - k) * lw, lambda k: odds * (nn - k + 1) / k, ctx)

        def term(k):
            return pmf(k) * (k * la + (nn - k) * lc)

        def bound(k):
            return pmf(k) * (k * abs(la) + (nn - k) * abs(lc) + 1)

        mode = int(ctx.floor((nn + 1) * to_mpf(u, ctx)))
        return series_sum(term, 0, nn, ctx, mode=mode, bound=bound)

    return Draft(
        "D(P \\| Q)",
        (r"$P = \mathrm{Binomial}(n, p_1)$, $Q = \mathrm{Binomial}(n, p_2)$ with the same $n$",
         _NB.rule, _P1.rule,
         _P2.rule),
        steps, reference,
        "sum of P(k) ln(P(k)/Q(k)) over k = 0..n, P(k) by log-Gamma (" + EXACT_LOGS_NOTE
        + "); " + TAIL_NOTE,
    )


def _geometric(_s) -> Draft:
    p1, p2 = _P1.symbol, _P2.symbol
    g1, g2 = (1 - p1) ** (K - 1) * p1, (1 - p2) ** (K - 1) * p2
    a, c = sp.log(p1 / p2), sp.log((1 - p1) / (1 - p2))
    expanded = DiscreteSum(g1 * (a + (K - 1) * c), (K, 1, sp.oo))
    linear = a * DiscreteSum(g1, (K, 1, sp.oo)) + c * DiscreteSum((K - 1) * g1, (K, 1, sp.oo))
    closed = a + (1 - p1) / p1 * c
    steps = (
        Step(DiscreteSum(g1 * sp.log(g1 / g2), (K, 1, sp.oo)), expanded,
             r"log of the ratio: $\ln \frac{p_1}{p_2} + (k - 1) \ln \frac{1 - p_1}{1 - p_2}$"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, closed, r"$\sum_k P(k) = 1$ and $\mathrm{E}_P[K - 1] = (1 - p_1)/p_1$"),
    )

    def reference(point, ctx):
        u, v = point[p1], point[p2]
        la, lc = log_of(u / v, ctx), log_of((1 - u) / (1 - v), ctx)
        # P(k) ln(P(k)/Q(k)) = u w^i (la + i lc) with i = k - 1, w = 1 - u
        return to_mpf(u, ctx) * geometric_linear_sum(
            la, lc, to_mpf(1 - u, ctx), log_of(1 - u, ctx), ctx)

    return Draft(
        "D(P \\| Q)",
        (r"$P = \mathrm{Geometric}(p_1)$, $Q = \mathrm{Geometric}(p_2)$ on $1, 2, \ldots$",
         _P1.rule, _P2.rule),
        steps, reference, "summation of P(k) ln(P(k)/Q(k)), k = 1, 2, ... ("
        + EXACT_LOGS_NOTE + "): " + DOUBLING_NOTE,
    )


KL_POISSON_MAX_LAMBDA = 10**5
"""Largest rates for the Poisson KL (its reference sums around the mode of P)."""


def _rate(name: str, description: str, default: str) -> Param:
    return Param(
        name, description,
        rf"$0 < {symbol_latex(name)} \le {number_latex(sp.Integer(KL_POISSON_MAX_LAMBDA))}$",
        lambda v: 0 < v <= KL_POISSON_MAX_LAMBDA,
        lambda rng: random_decimal(rng, 0.3, 12), default,
        sp.Symbol(name, positive=True),
    )


_L1 = _rate("lambda1", "rate of P", "2")
_L2 = _rate("lambda2", "rate of Q", "1")


def _poisson(_s) -> Draft:
    l1, l2 = _L1.symbol, _L2.symbol
    q1 = sp.exp(-l1) * l1**K / sp.factorial(K)
    q2 = sp.exp(-l2) * l2**K / sp.factorial(K)
    expanded = DiscreteSum(q1 * (l2 - l1 + K * sp.log(l1 / l2)), (K, 0, sp.oo))
    linear = (l2 - l1) * DiscreteSum(q1, (K, 0, sp.oo)) + sp.log(l1 / l2) * DiscreteSum(
        K * q1, (K, 0, sp.oo))
    closed = l1 * sp.log(l1 / l2) + l2 - l1
    steps = (
        Step(DiscreteSum(q1 * sp.log(q1 / q2), (K, 0, sp.oo)), expanded,
             r"the factorials cancel; log of the ratio: "
             r"$\lambda_2 - \lambda_1 + k \ln(\lambda_1/\lambda_2)$"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, closed, r"$\sum_k P(k) = 1$ and $\mathrm{E}_P[K] = \lambda_1$"),
    )

    def reference(point, ctx):
        u, v = point[l1], point[l2]
        gap, la, lu = to_mpf(v - u, ctx), log_of(u / v, ctx), log_of(u, ctx)
        rate = to_mpf(u, ctx)

        pmf = pmf_walk(lambda k: -rate + k * lu - ctx.loggamma(k + 1), lambda k: rate / k, ctx)

        return series_sum(lambda k: pmf(k) * (gap + k * la), 0, None, ctx,
                          mode=int(ctx.floor(rate)),
                          bound=lambda k: pmf(k) * (abs(gap) + k * abs(la) + 1))

    return Draft(
        "D(P \\| Q)",
        (r"$P = \mathrm{Poisson}(\lambda_1)$, $Q = \mathrm{Poisson}(\lambda_2)$",
         _L1.rule, _L2.rule),
        steps, reference,
        "direct summation of P(k) ln(P(k)/Q(k)) (ln k! by log-Gamma; lambda2 - lambda1 and "
        "the ratio lambda1/lambda2 formed exactly, " + EXACT_LOGS_NOTE + "); " + TAIL_NOTE,
    )


# --- Categorical ------------------------------------------------------------------------

_V1 = probability_list("p1", "probabilities of P", default="1/2,1/4,1/4")
_V2 = probability_list("p2", "probabilities of Q", default="1/4,1/4,1/2")


def _check(values) -> None:
    if "p1" in values and "p2" in values and len(values["p1"]) != len(values["p2"]):
        raise DerivationError(
            f"parameters p1 and p2 must have the same length "
            f"({len(values['p1'])} vs {len(values['p2'])})")


def _structure(values) -> tuple:
    given = [values[k] for k in ("p1", "p2") if k in values]
    n = len(given[0]) if given else len(_V1.parse(_V1.default))
    full = tuple(range(n))
    s1 = support(values["p1"]) if "p1" in values else full
    s2 = support(values["p2"]) if "p2" in values else full
    return (("n", n), ("support1", s1), ("support2", s2))


def _sample(rng, s) -> dict:
    return {"p1": tuple(random_with_support(rng, set(s["support1"]), s["n"])),
            "p2": tuple(random_with_support(rng, set(s["support2"]), s["n"]))}


def _bind(values) -> dict:
    out = {}
    for key, letter in (("p1", "p"), ("p2", "q")):
        if key in values:
            syms = vector_symbols(letter, len(values[key]))
            out.update({syms[i]: values[key][i] for i in support(values[key])})
    return out


def _parts(s):
    n = s["n"]
    p, q = vector_symbols("p", n), vector_symbols("q", n)
    s1, s2 = s["support1"], set(s["support2"])
    good = [i for i in s1 if i in s2]
    bad = [i for i in s1 if i not in s2]
    notes = []
    dropped = [f"p{i + 1}" for i in range(n) if i not in s1]
    if dropped:
        notes.append(f"{', '.join(dropped)} = 0 contribute 0 ln(0/q) = 0")
    return p, q, good, bad, ("; " + "; ".join(notes)) if notes else ""


def _infinite_step(p, q, good, bad, finite_term, what):
    """The step ``finite part + p_i * oo = oo`` that names the offending entries."""
    names = ", ".join(f"i = {i + 1}" for i in bad)
    finite = [finite_term(p[i], q[i]) for i in good]
    infinite = [sp.Mul(p[i], sp.oo, evaluate=False) for i in bad]
    lhs = sp.Add(*finite, *infinite, evaluate=False)
    return Step(lhs, sp.oo, f"q_i = 0 < p_i at {names}: {what} (convention p ln(p/0) = +inf, "
                f"{CT}, Sec. 2.3); the other terms are finite, so the sum is +inf")


def _categorical_reference(s, value, outside=False):
    """Sum ``value(p_i, q_i, ctx)`` over P's support (exact entries); +inf where some
    ``q_i = 0``; with ``outside``, add Q's (exact) mass outside P's support."""
    p, q, good, bad, _ = _parts(s)

    def reference(point, ctx):
        total, covered = [], 0
        for i in s["support1"]:
            b = point.get(q[i], 0)
            if b == 0:
                return ctx.inf
            total.append(value(point[p[i]], b, ctx))
            covered += b
        if outside:
            total.append(to_mpf(1 - covered, ctx))
        return ctx.fsum(total)

    return reference


def _kl_categorical(s) -> Draft:
    p, q, good, bad, note = _parts(s)
    if bad:
        steps = (_infinite_step(p, q, good, bad, lambda a, b: a * sp.log(a / b),
                                "the term p_i ln(p_i/q_i) is +inf"),)
    else:
        steps = (Step(sp.Add(*[p[i] * sp.log(p[i] / q[i]) for i in good]),
                      sp.Add(*[p[i] * sp.log(p[i]) for i in good])
                      - sp.Add(*[p[i] * sp.log(q[i]) for i in good]),
                      r"log of a ratio: $D(P \,\|\, Q) = H(P,Q) - H(P)$" + note),)
    return Draft("D(P \\| Q)", ("P and Q are probability lists of the same length",
                                _V1.rule, _V2.rule), steps,
                 _categorical_reference(s, divergence_term, outside=True),
                 "direct sum of p_i ln(p_i/q_i) over p_i > 0 (+inf when some q_i = 0 there), "
                 + DIVERGENCE_NOTE.replace("sum Q(x) = 1", "sum Q(x) = 1 (Q's mass outside "
                                           "P's support added as its own term)"))


def _cross_categorical(s) -> Draft:
    p, q, good, bad, note = _parts(s)
    if bad:
        steps = (_infinite_step(p, q, good, bad, lambda a, b: -a * sp.log(b),
                                "the term -p_i ln q_i is +inf"),)
    else:
        steps = (Step(-sp.Add(*[p[i] * sp.log(q[i]) for i in good]),
                      -sp.Add(*[p[i] * sp.log(p[i]) for i in good])
                      + sp.Add(*[p[i] * sp.log(p[i] / q[i]) for i in good]),
                      r"$H(P,Q) = H(P) + D(P \,\|\, Q)$: "
                      r"add and subtract $\sum_i p_i \ln p_i$" + note),)
    return Draft("H(P, Q)", ("P and Q are probability lists of the same length",
                             _V1.rule, _V2.rule), steps,
                 _categorical_reference(s, lambda a, b, ctx: -to_mpf(a, ctx) * log_of(b, ctx)),
                 "direct sum of -p_i ln q_i over p_i > 0 (+inf when some q_i = 0 there), "
                 + EXACT_LOGS_NOTE)


_TABLE = dict(structure=_structure, sample=_sample, bind=_bind, check=_check)

ENTRIES = (
    _entry("kl/bernoulli", "KL divergence between Bernoulli distributions", (_P1, _P2),
           _bernoulli, f"D(Bern(p1) || Bern(p2)); {CT}, eq. (2.26), Example 2.3.1"),
    _entry("kl/binomial", "KL divergence between binomial distributions (same n)",
           (_NB, _P1, _P2), _binomial,
           f"D(Bin(n,p1) || Bin(n,p2)) = n D(Bern(p1) || Bern(p2)); {CT}, eq. (2.26)"),
    _entry("kl/geometric", "KL divergence between geometric distributions", (_P1, _P2),
           _geometric, f"D(Geom(p1) || Geom(p2)) on 1, 2, ...; {CT}, eq. (2.26)"),
    _entry("kl/poisson", "KL divergence between Poisson distributions", (_L1, _L2), _poisson,
           f"D(Poi(lambda1) || Poi(lambda2)); {CT}, eq. (2.26)"),
    _entry("kl/categorical", "KL divergence between categorical distributions", (_V1, _V2),
           _kl_categorical, f"D(P||Q) = sum p_i ln(p_i/q_i), +inf if Q misses P's support; "
           f"{CT}, eq. (2.26)", **_TABLE),
    _entry("cross-entropy/categorical", "Cross-entropy between categorical distributions",
           (_V1, _V2), _cross_categorical,
           f"H(P,Q) = -sum p_i ln q_i = H(P) + D(P||Q); {CT}, Sec. 2.3", **_TABLE),
)
