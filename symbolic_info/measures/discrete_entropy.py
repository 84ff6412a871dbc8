"""Entropy of discrete distributions and self-information.

``H(X) = -sum_x P(x) ln P(x)`` (Cover & Thomas, *Elements of Information
Theory*, 2nd ed., eq. (2.1), with ``0 ln 0 = 0``).  Each entry takes the
logarithm of the pmf, uses linearity of the sum and the distribution's mean,
and reaches the textbook form; the reference sums ``-P(k) ln P(k)`` directly
from the pmf (log-Gamma for factorials) with a stated tail bound.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/categorical", p="1/2,1/4,1/4")
>>> d.verified, d.value[:10]
(True, '1.03972077')
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from ..engine.run import Draft, Entry, in_units
from ..numeric.context import compile_expr, new_context, to_decimal, to_mpf
from ..numeric.log_terms import EXACT_LOGS_NOTE, log_of, shannon_sum
from ..numeric.resolved import resolved_text
from ..output.unicode_math import unicode_text
from ..params import Param, open_unit, positive_integer, random_decimal
from ..sources import COVER_THOMAS as CT
from ..symbolic.sums import (
    DOUBLING_NOTE,
    TAIL_NOTE,
    DiscreteSum,
    K,
    closed_unit,
    geometric_linear_sum,
    int_param,
    pmf_walk,
    probability_list,
    random_with_support,
    series_sum,
    support,
    vector_symbols,
)
from .binary_entropy import binary_entropy_expr, binary_entropy_sum

__all__ = ["ENTRIES", "poisson_expansion", "BINOMIAL_MAX_N", "POISSON_MAX_LAMBDA"]

BINOMIAL_MAX_N = 1000
"""Largest n for the binomial entropy (its closed form keeps an n-term sum)."""
POISSON_MAX_LAMBDA = 1000
"""Largest rate for the Poisson entropy (its closed form keeps a series)."""

_EXACT_LOGS = EXACT_LOGS_NOTE


def _entry(name, title, params, build, summary, **kw) -> Entry:
    return Entry(name=name, title=title, group="discrete", params=params, build=build,
                 summary=summary, **kw)


# --- Bernoulli ---------------------------------------------------------------------------

_P = open_unit("p", "probability of the outcome 1")


def _bernoulli(_s) -> Draft:
    p = _P.symbol
    pmf = p**K * (1 - p) ** (1 - K)
    steps = (
        Step(-DiscreteSum(pmf * sp.log(pmf), (K, 0, 1)), binary_entropy_expr(p),
             r"definition $H = -\sum_{x \in \{0, 1\}} P(x) \ln P(x)$ with $P(1) = p$, "
             r"$P(0) = 1 - p$"),
    )

    def reference(point, ctx):
        return binary_entropy_sum(point[p], ctx)

    return Draft("H(X)", (r"$X \sim \mathrm{Bernoulli}(p)$: $P(1) = p$, $P(0) = 1 - p$",
                          _P.rule), steps,
                 reference, "two-term sum -P(0) ln P(0) - P(1) ln P(1) on mpmath, " + _EXACT_LOGS)


# --- Binomial ----------------------------------------------------------------------------

_N = int_param("n", "number of trials", BINOMIAL_MAX_N)


def _binomial(_s) -> Draft:
    n, p = _N.symbol, _P.symbol
    b = sp.binomial(n, K) * p**K * (1 - p) ** (n - K)
    logc = sp.log(sp.binomial(n, K))
    expanded = -DiscreteSum(b * (logc + K * sp.log(p) + (n - K) * sp.log(1 - p)), (K, 0, n))
    linear = (-sp.log(p) * DiscreteSum(K * b, (K, 0, n))
              - sp.log(1 - p) * DiscreteSum((n - K) * b, (K, 0, n))
              - DiscreteSum(b * logc, (K, 0, n)))
    means = -n * p * sp.log(p) - n * (1 - p) * sp.log(1 - p) - DiscreteSum(b * logc, (K, 0, n))
    closed = n * binary_entropy_expr(p) - DiscreteSum(b * logc, (K, 1, n - 1))
    steps = (
        Step(-DiscreteSum(b * sp.log(b), (K, 0, n)), expanded,
             r"log of the pmf: $\ln P(k) = \ln \binom{n}{k} + k \ln p + (n - k) \ln(1 - p)$"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, means, r"binomial mean: $\sum_k k P(k) = n p$, "
             r"$\sum_k (n - k) P(k) = n (1 - p)$"),
        Step(means, closed, r"$\ln \binom{n}{0} = \ln \binom{n}{n} = 0$; $n H_b(p)$ with "
             r"$H_b$ the binary entropy"),
    )

    def reference(point, ctx):
        nn, v = int(point[n]), to_mpf(point[p], ctx)
        lp, lq, lg = log_of(point[p], ctx), log_of(1 - point[p], ctx), ctx.loggamma(nn + 1)

        def term(k):
            logpmf = lg - ctx.loggamma(k + 1) - ctx.loggamma(nn - k + 1) + k * lp + (nn - k) * lq
            return -ctx.exp(logpmf) * logpmf

        return series_sum(term, 0, nn, ctx, mode=int(ctx.floor((nn + 1) * v)))

    return Draft(
        "H(X)",
        (r"$X \sim \mathrm{Binomial}(n, p)$: $P(k) = \binom{n}{k} p^k (1 - p)^{n - k}$, "
         r"$k = 0, \ldots, n$", _N.rule, _P.rule),
        steps, reference,
        "exact finite sum of -P(k) ln P(k) over k = 0..n (ln P(k) by log-Gamma, " + _EXACT_LOGS
        + "); " + TAIL_NOTE,
    )


# --- Geometric ---------------------------------------------------------------------------

def _geometric(_s) -> Draft:
    p = _P.symbol
    pmf = (1 - p) ** (K - 1) * p
    expanded = -DiscreteSum(pmf * ((K - 1) * sp.log(1 - p) + sp.log(p)), (K, 1, sp.oo))
    linear = (-sp.log(p) * DiscreteSum(pmf, (K, 1, sp.oo))
              - sp.log(1 - p) * DiscreteSum((K - 1) * pmf, (K, 1, sp.oo)))
    means = -sp.log(p) - (1 - p) / p * sp.log(1 - p)
    closed = (-(1 - p) * sp.log(1 - p) - p * sp.log(p)) / p
    steps = (
        Step(-DiscreteSum(pmf * sp.log(pmf), (K, 1, sp.oo)), expanded,
             r"log of the pmf: $\ln P(k) = (k - 1) \ln(1 - p) + \ln p$"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, means, r"$\sum_k P(k) = 1$ and $\mathrm{E}[K - 1] = (1 - p)/p$"),
        Step(means, closed, r"common denominator: $H(X) = H_b(p)/p$"),
    )

    def reference(point, ctx):
        lp, lq = log_of(point[p], ctx), log_of(1 - point[p], ctx)
        # -P(k) ln P(k) = p q^i (-ln p - i ln q) with i = k - 1
        return to_mpf(point[p], ctx) * geometric_linear_sum(
            -lp, -lq, to_mpf(1 - point[p], ctx), lq, ctx)

    return Draft(
        "H(X)",
        (r"$X \sim \mathrm{Geometric}(p)$ on $1, 2, \ldots$: $P(k) = (1 - p)^{k - 1} p$", _P.rule),
        steps, reference, "summation of -P(k) ln P(k), k = 1, 2, ... (" + _EXACT_LOGS
        + "): " + DOUBLING_NOTE,
    )


# --- Poisson -----------------------------------------------------------------------------

_LAM = Param(
    "lambda", "rate (mean)", rf"$0 < \lambda \le {POISSON_MAX_LAMBDA}$",
    lambda v: 0 < v <= POISSON_MAX_LAMBDA,
    lambda rng: random_decimal(rng, 0.3, 12), "4",
    sp.Symbol("lambda", positive=True),
)


def poisson_expansion(lam: sp.Expr) -> sp.Expr:
    """Large-rate expansion of the Poisson entropy, up to ``O(lambda^-4)``.

    ``1/2 ln(2 pi e lambda) - 1/(12 lambda) - 1/(24 lambda^2) - 19/(360 lambda^3)``
    (Evans, Boersma, Blachman & Jagers, "The entropy of a Poisson
    distribution", SIAM Review 30 (1988) 314-317).

    >>> lam = sp.Symbol("lambda", positive=True)
    >>> poisson_expansion(lam).coeff(lam, -1)
    -1/12
    """
    return (sp.log(2 * sp.pi * sp.E * lam) / 2 - 1 / (12 * lam) - 1 / (24 * lam**2)
            - sp.Rational(19, 360) / lam**3)


def _poisson(_s) -> Draft:
    lam = _LAM.symbol
    pmf = sp.exp(-lam) * lam**K / sp.factorial(K)
    expanded = -DiscreteSum(pmf * (-lam + K * sp.log(lam) - sp.log(sp.factorial(K))),
                            (K, 0, sp.oo))
    linear = (lam * DiscreteSum(pmf, (K, 0, sp.oo))
              - sp.log(lam) * DiscreteSum(K * pmf, (K, 0, sp.oo))
              + DiscreteSum(pmf * sp.log(sp.factorial(K)), (K, 0, sp.oo)))
    means = lam - lam * sp.log(lam) + DiscreteSum(pmf * sp.log(sp.factorial(K)), (K, 0, sp.oo))
    closed = lam * (1 - sp.log(lam)) + sp.exp(-lam) * DiscreteSum(
        lam**K * sp.log(sp.factorial(K)) / sp.factorial(K), (K, 2, sp.oo))
    steps = (
        Step(-DiscreteSum(pmf * sp.log(pmf), (K, 0, sp.oo)), expanded,
             r"log of the pmf: $\ln P(k) = -\lambda + k \ln \lambda - \ln k!$"),
        Step(expanded, linear, "linearity of the sum"),
        Step(linear, means, r"$\sum_k P(k) = 1$ and $\mathrm{E}[K] = \lambda$"),
        Step(means, closed, r"$\ln 0! = \ln 1! = 0$; take $e^{-\lambda}$ out of the sum"),
    )

    def reference(point, ctx):
        v = to_mpf(point[lam], ctx)
        lv = log_of(point[lam], ctx)

        def log_pmf(k):
            return -v + k * lv - ctx.loggamma(k + 1)

        pmf = pmf_walk(log_pmf, lambda k: v / k, ctx)

        def term(k):
            return -pmf(k) * log_pmf(k)

        return series_sum(term, 0, None, ctx, mode=int(ctx.floor(v)))

    def extras(point, ctx, dps, units):
        form = in_units(poisson_expansion(lam), units)
        approx = compile_expr(form, [lam], ctx)(to_mpf(point[lam], ctx))
        # the error is a difference of nearly equal numbers (1e-13 of H at lambda = 1000):
        # at 20 more digits, shown only above that precision's noise
        work = new_context(ctx.dps + 20)
        exact = reference(point, work) / (work.ln2 if units == "bits" else 1)
        error = abs(compile_expr(form, [lam], work)(to_mpf(point[lam], work)) - exact)
        return {"large_lambda_expansion": {
            "sympy": sp.sstr(form) + " + O(lambda**(-4))",
            "latex": sp.latex(form, ln_notation=True) + r" + O\left(\lambda^{-4}\right)",
            "unicode": unicode_text(form) + " + O(λ⁻⁴)",
            "value": to_decimal(approx, min(dps, 20), ctx),
            "error": resolved_text(error, work.mpf(10) ** -(work.dps - 5) * max(1, abs(exact)),
                                   6, work),
            "units": units,
            "source": "Evans, Boersma, Blachman & Jagers, SIAM Review 30 (1988) 314-317",
        }}

    return Draft(
        "H(X)",
        (r"$X \sim \mathrm{Poisson}(\lambda)$: $P(k) = e^{-\lambda} \lambda^k / k!$, "
         r"$k = 0, 1, \ldots$", _LAM.rule),
        steps, reference,
        "direct summation of -P(k) ln P(k) (ln k! by log-Gamma); " + TAIL_NOTE,
        extras=extras,
    )


# --- Categorical and uniform -------------------------------------------------------------

_PVEC = probability_list("p", "probabilities of the outcomes 1..n")


def _vector_structure(name: str, param: Param):
    def structure(values) -> tuple:
        v = values[name] if name in values else param.parse(param.default)
        return (("n", len(v)), ("support", support(v)))

    return structure


def _categorical(s) -> Draft:
    n, cells = s["n"], s["support"]
    syms = vector_symbols("p", n)
    used = [syms[i] for i in cells]
    zeros = [f"p_{{{i + 1}}}" for i in range(n) if i not in cells]
    rule = r"$H(X) = \mathrm{E}[\ln \frac{1}{p(X)}]$, the expected self-information"
    if zeros:
        rule += f"; ${', '.join(zeros)} = 0$ contribute $0 \\ln 0 = 0$"
    steps = (Step(sp.Add(*[q * sp.log(1 / q) for q in used]),
                  -sp.Add(*[q * sp.log(q) for q in used]), rule),)

    def reference(point, ctx):
        return shannon_sum([point[q] for q in used], ctx)

    return Draft("H(X)", (f"$X$ takes $n = {n}$ values with probabilities "
                          f"$p_1, \\ldots, p_{{{n}}}$", _PVEC.rule),
                 steps, reference,
                 "direct sum of -p_i ln p_i over the non-zero entries, " + _EXACT_LOGS)


def _categorical_sample(rng, s):
    return {"p": tuple(random_with_support(rng, set(s["support"]), s["n"]))}


def _categorical_bind(values):
    if "p" not in values:
        return {}
    v = values["p"]
    syms = vector_symbols("p", len(v))
    return {syms[i]: v[i] for i in support(v)}


_NU = positive_integer("n", "number of equally likely values", default="6")


def _uniform(_s) -> Draft:
    n = _NU.symbol
    steps = (Step(-DiscreteSum(sp.log(1 / n) / n, (K, 1, n)), sp.log(n),
                  r"$n$ equal terms $(1/n) \ln n$"),)

    def reference(point, ctx):
        v = to_mpf(point[n], ctx)
        return -v * (1 / v) * ctx.log(1 / v)

    return Draft("H(X)", (r"$X$ uniform on $\{1, \ldots, n\}$: $P(k) = 1/n$", _NU.rule),
                 steps, reference,
                 "n identical terms -(1/n) ln(1/n) on mpmath")


# --- Self-information --------------------------------------------------------------------

_PSELF = closed_unit("p", "probability of the outcome")


def _self_information(_s) -> Draft:
    p = _PSELF.symbol
    steps = (Step(sp.log(1 / p), -sp.log(p), r"the surprisal $\ln \frac{1}{p} = -\ln p$"),)

    def reference(point, ctx):
        return -log_of(point[p], ctx)

    return Draft("I(x)", ("an outcome $x$ of probability $p$", _PSELF.rule), steps, reference,
                 "ln(1/p) on mpmath, " + _EXACT_LOGS)


ENTRIES = (
    _entry("entropy/bernoulli", "Entropy of the Bernoulli distribution", (_P,), _bernoulli,
           f"H(X) for X ~ Bernoulli(p); {CT}, eq. (2.5)"),
    _entry("entropy/binomial", "Entropy of the binomial distribution", (_N, _P), _binomial,
           f"H(X) for X ~ Binomial(n, p) as n H_b(p) minus an exact finite sum; {CT}, Sec. 2.1"),
    _entry("entropy/geometric", "Entropy of the geometric distribution", (_P,), _geometric,
           f"H(X) for X ~ Geometric(p) on 1, 2, ...; {CT}, Problem 2.1"),
    _entry("entropy/poisson", "Entropy of the Poisson distribution", (_LAM,), _poisson,
           "H(X) for X ~ Poisson(lambda) as a series with its large-lambda expansion; "
           "Evans et al., SIAM Review 30 (1988)"),
    _entry("entropy/categorical", "Entropy of a categorical distribution", (_PVEC,),
           _categorical, f"H(X) = -sum p_i ln p_i for a probability list; {CT}, eq. (2.1)",
           structure=_vector_structure("p", _PVEC), sample=_categorical_sample,
           bind=_categorical_bind),
    _entry("entropy/discrete_uniform", "Entropy of the discrete uniform distribution", (_NU,),
           _uniform, f"H(X) = ln n for X uniform on n values; {CT}, Theorem 2.6.4"),
    _entry("self-information", "Self-information of an outcome", (_PSELF,), _self_information,
           "I(x) = -ln p(x), the surprisal; Shannon (1948); "
           f"{CT}, Sec. 2.1"),
)
