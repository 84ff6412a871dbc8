"""Information gained about the probabilities of a categorical variable under a Dirichlet prior.

``information-gain --param "model=p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)"
--param observed=1,3,3,2``.  Bayes' rule with the likelihood ``prod_i p_{x_i} =
prod_j p_j^{n_j}`` (``n_j`` how often category ``j`` was seen) gives the posterior
``dirichlet(a + n)`` and the evidence ``B(a + n) / B(a)``, ``B(a) = prod Gamma(a_j) /
Gamma(a_0)``, ``a_0 = sum a_j`` (the Dirichlet-multinomial model: Gelman et al.,
*Bayesian Data Analysis*, 3rd ed., Sec. 3.4; Murphy, *Machine Learning: a
Probabilistic Perspective*, 2012, Sec. 3.4).

The entropy of ``dirichlet(a)`` with ``K`` categories (Kotz, Balakrishnan &
Johnson, *Continuous Multivariate Distributions* vol. 1, 2nd ed., ch. 49; Lazo &
Rathie, "On the entropy of continuous probability distributions", IEEE Trans.
Inf. Theory 24 (1978), Table I)::

    h = ln B(a) + (a_0 - K) psi(a_0) - sum_j (a_j - 1) psi(a_j),

from ``h = -E ln f = ln B(a) - sum_j (a_j - 1) E[ln P_j]`` and ``E[ln P_j] =
psi(a_j) - psi(a_0)`` (``P_j`` is ``beta(a_j, a_0 - a_j)``); each ``E[ln P_j]`` in
the step is a one-dimensional integral over that beta marginal, computed by the
project's quadrature, so the step is checked against the digammas.  Beside the
value stands ``D(posterior || prior) = ln(B(a) / B(a')) + sum_j (a'_j - a_j)
(psi(a'_j) - psi(a'_0))`` (Penny, "KL-divergences of normal, gamma, Dirichlet
and Wishart densities", 2001, eq. (27)).

The reference never uses these closed forms: prior and posterior are the model's
unnormalised densities ``prod p_j^{c_j}`` (``c_j = a_j - 1``, plus ``n_j`` for the
posterior: prior x likelihood as written), taken to stick-breaking coordinates
``p_j = v_j prod_{i<j} (1 - v_i)`` (Connor & Mosimann, JASA 64 (1969) 194-206),
where they factor into one-dimensional densities ``v^{c_j} (1 - v)^{d_j}``.  Each
factor's normaliser ``Z_j``, ``E ln V_j`` and ``E ln(1 - V_j)`` are integrated at the full
working precision by a double-exponential rule in the logit
(:mod:`symbolic_info.numeric.beta_moments`), and ``h(V_j) = -E ln f_j = ln Z_j - c_j E ln V_j
- d_j E ln(1 - V_j)`` follows from the density as written; the change of variables gives
``h(P) = sum_j h(V_j) + E ln |det dP/dV| = sum_j h(V_j) + sum_j (K - 1 - j) E ln(1 - V_j)``
(Cover & Thomas, 2nd ed., Sec. 8.6, the entropy of a transformed vector).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("information-gain", observed="1,3,3,2",
...            model="p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)")
>>> d.verified, d.extras["posterior"]
(True, 'dirichlet(2, 2, 3)')
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import mpmath
import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..numeric.beta_moments import beta_log_moments
from ..numeric.context import agree_digits, compile_expr, to_decimal
from .beta_log_integral import BetaLogIntegral
from .information_gain import GAIN_DEFINITION, TABLE_DIGITS, gain_texts

__all__ = ["dirichlet_draft", "dirichlet_entropy", "dirichlet_kl", "simplex_moments",
           "MAX_DIRICHLET", "MAX_CONCENTRATION", "check_concentration"]

MAX_DIRICHLET = 50
"""Most categories of a Dirichlet prior in information-gain."""
MAX_CONCENTRATION = 5000
"""Largest posterior ``a_0 = sum_j (a_j + n_j)``: the steps hold ``Gamma`` and ``psi`` of
the parameters exactly, and ``Gamma(a_0)`` is ``(a_0 - 1)!`` (16,326 digits at 5000;
SymPy's exact ``Gamma(10^15)`` aborted the process, ``Gamma(10^40)`` overflowed).
Measured (``benchmarks``-free, in-process ``derive`` with caches off, load 8):
``dirichlet(1000, 1000)`` 10.2 s CPU, ``dirichlet(2500, 2500)`` (``a_0 = 5003``)
about 12 s, ``dirichlet(10^4, 10^4)`` failed (its steps' integers past 50,000 digits)."""
_T = sp.Symbol("t", positive=True)


def _beta(alphas) -> sp.Expr:
    """``B(a) = prod Gamma(a_j) / Gamma(a_0)``, exact."""
    return sp.Mul(*[sp.gamma(a) for a in alphas]) / sp.gamma(sp.Add(*alphas))


def _log_beta(alphas) -> sp.Expr:
    """``ln B(a) = sum ln Gamma(a_j) - ln Gamma(a_0)``."""
    return sp.Add(*[sp.log(sp.gamma(a)) for a in alphas]) - sp.log(sp.gamma(sp.Add(*alphas)))


def dirichlet_entropy(alphas) -> sp.Expr:
    """``h(dirichlet(a)) = ln B(a) + (a_0 - K) psi(a_0) - sum (a_j - 1) psi(a_j)`` (nats)."""
    a0 = sp.Add(*alphas)
    return sp.expand(_log_beta(alphas) + (a0 - len(alphas)) * sp.digamma(a0)
                     - sp.Add(*[(a - 1) * sp.digamma(a) for a in alphas]))


def dirichlet_kl(post, prior) -> sp.Expr:
    """``D(dirichlet(post) || dirichlet(prior)) = ln B(prior)/B(post) + sum (post_j - prior_j)
    (psi(post_j) - psi(post_0))`` (nats; Penny 2001, eq. (27))."""
    b0 = sp.Add(*post)
    return sp.expand(_log_beta(prior) - _log_beta(post) + sp.Add(*[
        (b - a) * (sp.digamma(b) - sp.digamma(b0)) for b, a in zip(post, prior, strict=True)]))


def _mean_log(a, b) -> sp.Expr:
    """``E[ln T]`` for ``T ~ beta(a, b)``, kept as a one-dimensional integral."""
    density = _T ** (a - 1) * (1 - _T) ** (b - 1) * sp.gamma(a + b) / (sp.gamma(a) * sp.gamma(b))
    return BetaLogIntegral(density * sp.log(_T), (_T, 0, 1))


def _entropy_step(alphas, which: str) -> tuple:
    """The step ``ln B(a) - sum (a_j - 1) E[ln P_j]`` = the closed form, and the closed form."""
    a0 = sp.Add(*alphas)
    weights = Counter(alphas)
    lhs = sp.Add(_log_beta(alphas), *[sp.Mul(-m * (a - 1), _mean_log(a, a0 - a), evaluate=False)
                                      for a, m in weights.items() if a != 1], evaluate=False)
    closed = dirichlet_entropy(alphas)
    rule = (f"h({which}) of dirichlet({', '.join(map(sp.sstr, alphas))}): -E ln f = ln B(a) - "
            "sum_j (a_j - 1) E[ln P_j], each P_j a beta(a_j, a_0 - a_j) marginal (its integral "
            "by quadrature); E[ln P_j] = psi(a_j) - psi(a_0) gives h = ln B(a) + (a_0 - K) "
            "psi(a_0) - sum (a_j - 1) psi(a_j) (Kotz, Balakrishnan & Johnson, Continuous "
            "Multivariate Distributions vol. 1, 2nd ed., ch. 49)")
    return Step(lhs, closed, rule), closed


def _density(alphas, point) -> sp.Expr:
    """The Dirichlet density at ``point`` (exact), as written: prod p_j^(a_j - 1) / B(a)."""
    return sp.Mul(*[p ** (a - 1) for p, a in zip(point, alphas, strict=True)]) / _beta(alphas)


def _points(post) -> list:
    """Three exact interior points of the simplex: the posterior mean and two moved off it."""
    b0 = sp.Add(*post)
    mean = [b / b0 for b in post]
    k = len(post)
    out = [mean]
    for shift in (sp.Rational(1, 7), sp.Rational(-1, 11)):
        moved = [m * (1 + shift * (1 if j % 2 == 0 else -1)) for j, m in enumerate(mean)]
        last = 1 - sp.Add(*moved[:-1])
        if k > 1 and last > 0:
            out.append([*moved[:-1], last])
    return out


def simplex_moments(exponents, ctx) -> dict:
    """See :func:`_simplex_moments`; remembered per exponents and precision (the reference
    and the extras ask for the same ones)."""
    raw = _remembered(tuple(sp.Rational(e) for e in exponents), ctx.prec)
    return {"log_z": ctx.make_mpf(raw[0]), "entropy": ctx.make_mpf(raw[1]),
            "mean_logs": [ctx.make_mpf(m) for m in raw[2]]}


@lru_cache(maxsize=32)
def _remembered(exponents: tuple, prec: int) -> tuple:
    ctx = mpmath.MPContext()  # guard bits: each factor's ln Z and c E ln V cancel in h
    ctx.prec = prec + 16 + int(sum(abs(e) + 1 for e in exponents)).bit_length()
    m = _simplex_moments(exponents, ctx)
    return m["log_z"]._mpf_, m["entropy"]._mpf_, tuple(x._mpf_ for x in m["mean_logs"])


def _simplex_moments(exponents, ctx) -> dict:
    """For the density proportional to ``prod p_j^{c_j}`` on the simplex (``exponents`` the
    ``c_j > -1``): ``log_z`` (its normaliser), ``entropy`` and ``mean_logs`` (``E ln P_j``),
    by stick-breaking and one-dimensional quadrature (see the module docstring).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> m = simplex_moments((0, 0, 0), ctx)  # dirichlet(1, 1, 1): uniform, density 2
    >>> abs(m["entropy"] + ctx.log(2)) < 1e-19, abs(m["log_z"] + ctx.log(2)) < 1e-19
    (True, True)
    """
    c = [ctx.mpf(sp.Rational(e).p) / sp.Rational(e).q for e in exponents]
    k = len(c)
    log_z, h = ctx.zero, ctx.zero
    lv, l1v = [], []
    for j in range(k - 1):
        d = sum(c[j + 1:]) + (k - 2 - j)
        z_j, e_v, e_1v = beta_log_moments(c[j], d, ctx)
        log_z += z_j
        # h(V_j) = -E ln f_j with ln f_j = c_j ln v + d_j ln(1 - v) - ln Z_j
        h += z_j - c[j] * e_v - d * e_1v + (k - 2 - j) * e_1v
        lv.append(e_v)
        l1v.append(e_1v)
    means = [lv[j] + sum(l1v[:j]) for j in range(k - 1)] + [sum(l1v)]
    return {"log_z": log_z, "entropy": h, "mean_logs": means}


def _counts(observed, k: int) -> list:
    counts = [0] * k
    for v in observed:
        if not (v.is_Integer and 1 <= v <= k):
            raise DerivationError(f"the observation {v} is outside the support of "
                                  f"categorical(p) with {k} categories (integers 1..{k})")
        counts[int(v) - 1] += 1
    return counts


def check_concentration(post) -> None:
    """Refuse a posterior whose exact Gamma and digamma values the steps cannot hold."""
    a0 = sp.Add(*post)
    if a0 > MAX_CONCENTRATION:
        raise DerivationError(
            f"information-gain with a dirichlet prior takes a posterior a_0 = sum of the "
            f"parameters and counts of at most {MAX_CONCENTRATION} (here {_short(a0)}): its "
            f"steps hold Gamma(a_0) = (a_0 - 1)! and digamma(a_0) exactly, which past that "
            f"do not finish within the 20 s time limit")


def _short(x) -> str:
    """``x`` in at most about 20 characters (an exact ``10^40 + 3`` is 41 digits)."""
    text = sp.sstr(x)
    return text if len(text) <= 20 else sp.sstr(sp.Float(x, 6))


def dirichlet_draft(model, observed: tuple, model_text: str) -> Draft:
    """The draft of ``information-gain`` for ``p ~ dirichlet(a); x | p ~ categorical(p)``."""
    hidden, _obs = model.variables
    prior = tuple(sp.Rational(a) for a in hidden.distribution.args[0][1])
    k = len(prior)
    if k > MAX_DIRICHLET:
        raise DerivationError(f"information-gain takes a dirichlet prior of at most "
                              f"{MAX_DIRICHLET} categories, not {k}")
    counts = _counts(observed, k)
    post = tuple(a + n for a, n in zip(prior, counts, strict=True))
    check_concentration(post)
    evidence = _beta(post) / _beta(prior)
    shown = [f"dirichlet({', '.join(map(sp.sstr, a))})" for a in (prior, post)]
    steps = []
    for point in _points(post):
        likelihood = sp.Mul(*[p ** n for p, n in zip(point, counts, strict=True)])
        where = "(" + ", ".join(map(sp.sstr, point)) + ")"
        steps.append(Step(_density(prior, point) * likelihood / evidence, _density(post, point),
                          f"Bayes' rule at p = {where}: prior x likelihood prod p_j^n_j (counts "
                          f"n = {tuple(counts)}) / evidence B(a + n)/B(a) = "
                          f"{sp.sstr(evidence)} equals the {shown[1]} density "
                          "(Dirichlet-categorical conjugate pair: a_j + n_j; Gelman et al., "
                          "Bayesian Data Analysis, 3rd ed., Sec. 3.4)"))
    step_prior, h_prior = _entropy_step(prior, "prior")
    step_post, h_post = _entropy_step(post, "posterior")
    last = sp.Add(h_prior, sp.Mul(-1, h_post, evaluate=False), evaluate=False)
    steps += [step_prior, step_post,
              Step(last, sp.expand(h_prior - h_post),
                   GAIN_DEFINITION)]
    c_prior = [a - 1 for a in prior]
    c_post = [a - 1 + n for a, n in zip(prior, counts, strict=True)]

    def reference(_point, ctx):
        return simplex_moments(c_prior, ctx)["entropy"] - simplex_moments(c_post, ctx)["entropy"]

    return Draft(
        quantity="h(p) - h(p \\mid x)",
        assumptions=(f"the model {model_text}", f"observed {', '.join(map(str, observed))}",
                     GAIN_DEFINITION),
        steps=tuple(steps),
        reference=reference,
        reference_method="prior and prior x likelihood as written (prod p_j^c_j), in "
                         "stick-breaking coordinates (Connor & Mosimann 1969) where they factor "
                         "into one-dimensional densities; each factor's normaliser, E ln v and "
                         "E ln(1 - v) by a double-exponential rule in the logit (tanh-sinh); "
                         "h(P) = sum h(V_j) + E ln|det dP/dV|; no closed form used",
        extras=_extras(prior, post, observed, c_prior, c_post, shown),
    )


def _extras(prior, post, observed, c_prior, c_post, shown):
    kl_closed = dirichlet_kl(post, prior)

    def extras(_point, ctx, dps, _units):
        def both(value):
            return {"nats": to_decimal(value, dps, ctx),
                    "bits": to_decimal(value / ctx.ln2, dps, ctx)}

        closed = compile_expr(kl_closed, [], ctx)()
        m_prior, m_post = simplex_moments(c_prior, ctx), simplex_moments(c_post, ctx)
        numeric = m_prior["log_z"] - m_post["log_z"] + sum(
            (b - a) * e for b, a, e in zip(c_post, c_prior, m_post["mean_logs"], strict=True))
        digits = agree_digits(closed, numeric, ctx, dps)
        if digits < dps - 5:
            raise DerivationError("D(posterior || prior) of the Dirichlet could not be verified: "
                                  f"closed form and quadrature agree to {digits} digits only")
        h0 = dirichlet_entropy(prior)
        rows = []
        for i in range(1, len(observed) + 1):
            k = len(prior)
            counts = [sum(1 for v in observed[:i] if v == j + 1) for j in range(k)]
            step = tuple(a + n for a, n in zip(prior, counts, strict=True))
            rows.append({"observations": i,
                         "posterior": f"dirichlet({', '.join(map(sp.sstr, step))})",
                         **gain_texts(h0, dirichlet_entropy(step), min(dps, TABLE_DIGITS))})
        return {
            "posterior": shown[1], "prior": shown[0],
            "conjugate_pair": "Dirichlet-categorical",
            "kl_posterior_prior": {**both(closed),
                                   "what": "D(posterior || prior), a different quantity",
                                   "closed_form": sp.sstr(kl_closed),
                                   "check": f"closed form (Penny 2001) against stick-breaking "
                                            f"quadrature: {digits} digits agree"},
            "sequence": {"table": rows},
            "why_they_differ": "h(prior) - h(posterior) compares only the spreads of the two "
                               "distributions and can be negative; D(posterior || prior) is "
                               "never negative and also counts how far the posterior moved. "
                               "Averaged over the data, both equal the mutual information "
                               "I(p; X).",
        }

    return extras
