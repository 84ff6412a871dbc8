"""Kullback-Leibler divergence D(P||Q) between two members of one family.

One mechanism serves every one-dimensional family of
:mod:`symbolic_info.families`: ``D(P||Q) = E_P[ln p(X) - ln q(X)]``; both
log-densities are sums of terms ``c_i g_i(X)``, linearity leaves expectations
``E_P[g_i(X)]``, and each is substituted as its own checked step (the
family's own expectations under P, plus the few that involve Q's location or
scale, listed per family in :data:`KL_SPECS`).  Adding a KL is adding data.
Where P's support is not inside Q's (uniform, Pareto) the value is ``inf``
with the reason.  The multivariate normal uses named quantities (trace,
Mahalanobis term, determinants) and a Gaussian expectation node.

The reference is the integral of ``p ln(p/q)`` from the two log-densities,
never the steps: tanh-sinh quadrature split at both distributions' break
points; for the normal a trapezoidal rule with stated error bounds, which
reaches 1000 digits in seconds.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2")
>>> d.verified, d.value[:10]
(True, '0.44314718')
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp

from .core import DerivationError, Step
from .engine import Draft, Entry
from .expectation import Expect, apply_linearity
from .families import FAMILIES, QUADRATURE_SPAN, Family
from .named import Named
from .numeric import NumericError, compile_expr, to_mpf
from .params import Param, real_vector, spd_matrix
from .quadrature import Density, gauss_trapezoid, integrate
from .substitute import substitute

try:
    from .quadrature import integrate_expr
except ImportError:  # pragma: no cover - older quadrature module
    integrate_expr = None

__all__ = [
    "KLSpec",
    "KL_SPECS",
    "kl_entry",
    "kl_steps",
    "cross_entropy_steps",
    "GaussExpect",
    "mvnormal_kl_entry",
    "ENTRIES",
    "P",
]

P = sp.Symbol("P")
"""Label of the distribution P (the first argument of D) in expectations."""

EG = sp.EulerGamma
GAL = ("Gil, Alajaji & Linder, Renyi divergence measures for commonly used univariate "
       "continuous distributions, Inf. Sci. 249 (2013), Table 3 (the limit alpha -> 1)")
PENNY = "Penny, KL-divergences of Normal, Gamma, Dirichlet and Wishart densities (2001)"
JKB = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions"


@dataclass(frozen=True)
class KLSpec:
    """What a same-family KL needs beyond the family's own data.

    ``closed_form(s1, s2)`` is the textbook D(P||Q) in P's symbols ``s1`` and
    Q's ``s2`` (each: base parameter name -> symbol); ``extra(s1, s2)`` gives
    ``(g, E_P[g(X)], reason)`` for the terms of ``ln q`` that the family's own
    expectations do not cover.  ``defaults2`` are Q's default values (so the
    gallery shows P != Q).  ``nested(vp, vq)`` decides, on exact values by
    base name, whether P's support lies inside Q's (on partial values: whether it still
    can, the values left out being free); ``gap(s1, s2)`` is the
    P-probability of the set where ``q = 0`` (positive when not nested) and
    ``separate(rng, vp, nested)`` returns Q's values of the requested kind.
    """

    family: str
    closed_form: Callable
    source: str
    extra: Callable = lambda s1, s2: ()
    defaults2: tuple = ()
    nested: Callable | None = None
    gap: Callable | None = None
    separate: Callable | None = None
    gap_reason: str = ""


def _no_less(first: dict, second: dict, name: str) -> bool:
    """``first[name] >= second[name]``; True while either is not given (it can still hold)."""
    if name not in first or name not in second:
        return True
    return bool(first[name] >= second[name])


def _clip01(t):
    """``min(max(t, 0), 1)`` written with ``Abs`` (evaluable, exact)."""
    return (sp.Abs(t) - sp.Abs(t - 1) + 1) / 2


def _r(rng: random.Random, lo: float, hi: float) -> sp.Rational:
    return sp.Rational(round(rng.uniform(lo, hi) * 1000), 1000)


def _spec_normal(log_x: bool) -> KLSpec:
    """Normal and lognormal: the same algebra in ``X`` or in ``ln X``."""
    name = "lognormal" if log_x else "normal"
    fam = FAMILIES[name]
    arg = sp.log(fam.var) if log_x else fam.var
    what = "ln X" if log_x else "X"

    def extra(s1, s2):
        m1, s, m2 = s1["mu"], s1["sigma"], s2["mu"]
        return (((arg - m2) ** 2, s**2 + (m1 - m2) ** 2,
                 f"under P: E[({what} - mu2)^2] = Var({what}) + (E[{what}] - mu2)^2 "
                 "= sigma1^2 + (mu1 - mu2)^2"),)

    def closed(s1, s2):
        m1, a, m2, b = s1["mu"], s1["sigma"], s2["mu"], s2["sigma"]
        return sp.log(b / a) + (a**2 + (m1 - m2) ** 2) / (2 * b**2) - sp.Rational(1, 2)

    src = PENNY + ", eq. (2) in one dimension; " + GAL
    if log_x:
        src = GAL + "; equal to the normal KL of ln X (KL is invariant under x -> ln x)"
    return KLSpec(name, closed, src, extra, (("mu", "1"), ("sigma", "2")))


def _spec_exponential() -> KLSpec:
    def closed(s1, s2):
        a, b = s1["lambda"], s2["lambda"]
        return sp.log(a / b) + b / a - 1

    return KLSpec("exponential", closed, GAL, defaults2=(("lambda", "2"),))


def _spec_gamma() -> KLSpec:
    def closed(s1, s2):
        k1, t1, k2, t2 = s1["k"], s1["theta"], s2["k"], s2["theta"]
        return ((k1 - k2) * sp.digamma(k1) - sp.loggamma(k1) + sp.loggamma(k2)
                + k2 * sp.log(t2 / t1) + k1 * (t1 - t2) / t2)

    return KLSpec("gamma", closed, PENNY + ", eq. (6) (shape-scale form); " + GAL,
                  defaults2=(("k", "2"), ("theta", "3/2")))


def _spec_beta() -> KLSpec:
    def closed(s1, s2):
        a1, b1, a2, b2 = s1["alpha"], s1["beta"], s2["alpha"], s2["beta"]

        def lb(a, b):
            return sp.loggamma(a) + sp.loggamma(b) - sp.loggamma(a + b)

        return (lb(a2, b2) - lb(a1, b1) + (a1 - a2) * sp.digamma(a1)
                + (b1 - b2) * sp.digamma(b1) + (a2 - a1 + b2 - b1) * sp.digamma(a1 + b1))

    return KLSpec("beta", closed, GAL, defaults2=(("alpha", "2"), ("beta", "3")))


def _spec_laplace() -> KLSpec:
    def extra(s1, s2):
        m1, b1, m2 = s1["mu"], s1["b"], s2["mu"]
        d = sp.Abs(m1 - m2)
        x = FAMILIES["laplace"].var
        return ((sp.Abs(x - m2), d + b1 * sp.exp(-d / b1),
                 "under P: E|X - c| = |mu1 - c| + b1 exp(-|mu1 - c|/b1) for "
                 f"X ~ Laplace(mu1, b1), integrating each side of mu1 ({JKB}, vol. 2, ch. 24)"),)

    def closed(s1, s2):
        m1, b1, m2, b2 = s1["mu"], s1["b"], s2["mu"], s2["b"]
        d = sp.Abs(m1 - m2)
        return sp.log(b2 / b1) + d / b2 + b1 / b2 * sp.exp(-d / b1) - 1

    return KLSpec("laplace", closed, GAL, extra, (("mu", "1"), ("b", "2")))


def _spec_cauchy() -> KLSpec:
    def extra(s1, s2):
        x1, g1, x2, g2 = s1["x0"], s1["gamma"], s2["x0"], s2["gamma"]
        x = FAMILIES["cauchy"].var
        return ((sp.log(1 + (x - x2) ** 2 / g2**2),
                 sp.log(((g1 + g2) ** 2 + (x1 - x2) ** 2) / g2**2),
                 "under P: E[ln(1 + ((X - x02)/gamma2)^2)] = "
                 "ln(((gamma1 + gamma2)^2 + (x01 - x02)^2)/gamma2^2): ln|x - w|^2 with "
                 "w = x02 + i gamma2 is harmonic off w, and the "
                 "Poisson kernel Cauchy(x01, gamma1) averages it to ln|x01 + i gamma1 - w|^2"),)

    def closed(s1, s2):
        x1, g1, x2, g2 = s1["x0"], s1["gamma"], s2["x0"], s2["gamma"]
        return sp.log(((g1 + g2) ** 2 + (x1 - x2) ** 2) / (4 * g1 * g2))

    return KLSpec("cauchy", closed,
                  "Chyzak & Nielsen, A closed-form formula for the Kullback-Leibler "
                  "divergence between Cauchy distributions (2019), eq. (1)",
                  extra, (("x0", "1"), ("gamma", "2")))


def _spec_gumbel() -> KLSpec:
    def extra(s1, s2):
        m1, b1, m2, b2 = s1["mu"], s1["beta"], s2["mu"], s2["beta"]
        x = FAMILIES["gumbel"].var
        return ((sp.exp((m2 - x) / b2), sp.exp((m2 - m1) / b2) * sp.gamma(1 + b1 / b2),
                 "under P: E[e^(-t X)] = e^(-t mu1) Gamma(1 + beta1 t) (the Gumbel moment "
                 f"generating function, {JKB}, vol. 2, ch. 22) at t = 1/beta2"),)

    def closed(s1, s2):
        m1, b1, m2, b2 = s1["mu"], s1["beta"], s2["mu"], s2["beta"]
        return (sp.log(b2 / b1) + (m1 - m2) / b2 + EG * (b1 / b2 - 1)
                + sp.exp((m2 - m1) / b2) * sp.gamma(1 + b1 / b2) - 1)

    return KLSpec("gumbel", closed,
                  "E_P[ln p] = -ln beta1 - gamma_E - 1 (Gumbel entropy) and the Gumbel "
                  f"moment generating function ({JKB}, vol. 2, ch. 22)",
                  extra, (("mu", "1"), ("beta", "2")))


def _spec_weibull() -> KLSpec:
    def extra(s1, s2):
        k1, l1, k2 = s1["k"], s1["lambda"], s2["k"]
        x = FAMILIES["weibull"].var
        return ((x**k2, l1**k2 * sp.gamma(1 + k2 / k1),
                 "under P: E[X^s] = lambda1^s Gamma(1 + s/k1), since (X/lambda1)^k1 is "
                 f"standard exponential ({JKB}, vol. 1, ch. 21), at s = k2"),)

    def closed(s1, s2):
        k1, l1, k2, l2 = s1["k"], s1["lambda"], s2["k"], s2["lambda"]
        return (sp.log(k1 / k2) + k2 * sp.log(l2 / l1) + EG * (k2 / k1 - 1)
                + (l1 / l2) ** k2 * sp.gamma(1 + k2 / k1) - 1)

    return KLSpec("weibull", closed,
                  "Bauckhage, Computing the Kullback-Leibler divergence between two Weibull "
                  "distributions, arXiv:1310.3713 (2013), eq. (11); shapes may differ",
                  extra, (("k", "2"), ("lambda", "2")))


def _spec_rayleigh() -> KLSpec:
    def closed(s1, s2):
        a, b = s1["sigma"], s2["sigma"]
        return 2 * sp.log(b / a) + a**2 / b**2 - 1

    return KLSpec("rayleigh", closed, GAL, defaults2=(("sigma", "2"),))


def _spec_maxwell() -> KLSpec:
    def closed(s1, s2):
        a, b = s1["a"], s2["a"]
        return 3 * sp.log(b / a) + sp.Rational(3, 2) * (a**2 / b**2 - 1)

    return KLSpec("maxwell", closed,
                  "the chi(3) scale-family KL: 3 ln(a2/a1) + (3/2)(a1^2/a2^2 - 1) "
                  "(Maxwell(a) is a chi(3) variable times a; " + GAL + ")",
                  defaults2=(("a", "2"),))


def _spec_chi(name: str) -> KLSpec:
    def closed(s1, s2):
        k1, k2 = s1["k"], s2["k"]
        return (sp.loggamma(k2 / 2) - sp.loggamma(k1 / 2)
                + (k1 - k2) / 2 * sp.digamma(k1 / 2))

    return KLSpec(name, closed, GAL + ("; chi(k) = sqrt(chi-squared(k)) has the same KL"
                                       if name == "chi" else ""),
                  defaults2=(("k", "4"),))


def _spec_uniform() -> KLSpec:
    def closed(s1, s2):
        return sp.log((s2["b"] - s2["a"]) / (s1["b"] - s1["a"]))

    def nested(vp, vq):
        return _no_less(vp, vq, "a") and _no_less(vq, vp, "b")

    def gap(s1, s2):
        a1, b1, a2, b2 = s1["a"], s1["b"], s2["a"], s2["b"]
        return _clip01((a2 - a1) / (b1 - a1)) + _clip01((b1 - b2) / (b1 - a1))

    def separate(rng, vp, inside):
        a1, b1 = vp["a"], vp["b"]
        if inside:
            return {"a": a1 - _r(rng, 0, 1), "b": b1 + _r(rng, 0, 1)}
        a2 = a1 + (b1 - a1) * _r(rng, 0.1, 1.5)
        return {"a": a2, "b": a2 + _r(rng, 0.2, 3)}

    return KLSpec("uniform", closed, "Cover & Thomas, Elements of Information Theory, "
                  "2nd ed., eq. (8.46) applied to constant densities; " + GAL,
                  defaults2=(("a", "-1"), ("b", "2")), nested=nested, gap=gap,
                  separate=separate,
                  gap_reason="[a1, b1] is not inside [a2, b2]")


def _spec_pareto() -> KLSpec:
    def closed(s1, s2):
        x1, a1, x2, a2 = s1["x_m"], s1["alpha"], s2["x_m"], s2["alpha"]
        return sp.log(a1 / a2) + a2 * sp.log(x1 / x2) + a2 / a1 - 1

    def nested(vp, vq):
        return _no_less(vp, vq, "x_m")

    def gap(s1, s2):
        return _clip01(1 - (s1["x_m"] / s2["x_m"]) ** s1["alpha"])

    def separate(rng, vp, inside):
        ratio = _r(rng, 0.3, 1) if inside else _r(rng, 1.2, 3)
        return {"x_m": vp["x_m"] * ratio}

    return KLSpec("pareto", closed, GAL, defaults2=(("x_m", "1/2"), ("alpha", "3")),
                  nested=nested, gap=gap, separate=separate,
                  gap_reason="x_m1 < x_m2, so P gives mass to (x_m1, x_m2) where q = 0")


KL_SPECS = {s.family: s for s in (
    _spec_normal(False), _spec_normal(True), _spec_exponential(), _spec_gamma(), _spec_beta(),
    _spec_laplace(), _spec_uniform(), _spec_pareto(), _spec_weibull(), _spec_gumbel(),
    _spec_cauchy(), _spec_rayleigh(), _spec_maxwell(), _spec_chi("chi_squared"), _spec_chi("chi"),
) if s.family in FAMILIES}
"""The same-family KLs by family name (only families present in FAMILIES)."""


# --- parameters of P (suffix 1) and Q (suffix 2) -------------------------------------------

def _suffixed(p: Param, suffix: str, default: str | None = None) -> Param:
    name = p.name + suffix
    symbol = sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
    rule = name + p.rule[len(p.name):] if p.rule.startswith(p.name) else p.rule
    who = "P" if suffix == "1" else "Q"
    return replace(p, name=name, description=f"{p.description} of {who}", rule=rule,
                   symbol=symbol, default=default or p.default)


def _symbols(family: Family, suffix: str) -> dict:
    """Base parameter name -> the suffixed symbol."""
    return {p.name: sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
            for p in family.params}


def _renamer(family: Family, suffix: str) -> dict:
    return {p.symbol: _symbols(family, suffix)[p.name] for p in family.params}


def _split(values: dict, family: Family) -> tuple:
    """``{name1: v, name2: w}`` -> ``({name: v}, {name: w})`` for the given ones."""
    out = ({}, {})
    for p in family.params:
        for i, suffix in enumerate("12"):
            if p.name + suffix in values:
                out[i][p.name] = values[p.name + suffix]
    return out


def _split_sums(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """Distribute products over sums inside each ``Expect`` (powers kept whole), then linearity."""

    def spread(e: Expect) -> Expect:
        g, label = e.args
        return Expect(sp.Add(*(sp.expand(t, deep=False, mul=True, multinomial=False,
                                         power_exp=False, power_base=False, log=False)
                               for t in sp.Add.make_args(g))), label)

    return apply_linearity(expr.replace(lambda e: isinstance(e, Expect), spread), var)


# --- steps -------------------------------------------------------------------------------

def kl_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``E_P[ln p(X) - ln q(X)]`` to ``spec``'s closed form.

    Raises ``ValueError`` when an expectation is left over (a data error).
    """
    return _steps(spec, cross=False)


def cross_entropy_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``H(P, Q) = -E_P[ln q(X)]`` to ``H(P) + D(P||Q)``."""
    return _steps(spec, cross=True)


def _steps(spec: KLSpec, cross: bool) -> tuple:
    fam = FAMILIES[spec.family]
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
    s1, s2 = _symbols(fam, "1"), _symbols(fam, "2")
    var = fam.var
    log_q = sp.log(fam.pdf.xreplace(r2), evaluate=False)
    if cross:
        start = -Expect(log_q, P)
        expanded = -Expect(fam.logpdf.xreplace(r2), P)
        first = "take the logarithm of Q's density"
    else:
        start = Expect(sp.log(fam.pdf.xreplace(r1), evaluate=False) - log_q, P)
        expanded = Expect(fam.logpdf.xreplace(r1) - fam.logpdf.xreplace(r2), P)
        first = "take the logarithms of both densities"
    steps = [Step(start, expanded, first)]
    current = _split_sums(expanded, var)
    steps.append(Step(expanded, current, "linearity of expectation; E[c] = c for a constant c"))
    known = [(sp.sympify(g).xreplace(r1), sp.sympify(v).xreplace(r1), "under P: " + why)
             for g, v, why in fam.expectations]
    for g, value, reason in (*known, *spec.extra(s1, s2)):
        same = [e for e in current.atoms(Expect) if sp.expand(e.args[0] - g) == 0]
        nxt = current.subs({e: value for e in same})
        if nxt != current:
            steps.append(Step(current, nxt, reason))
            current = nxt
    if current.atoms(Expect):
        raise ValueError(f"{spec.family}: expectations left over in {current}")
    closed = spec.closed_form(s1, s2)
    if cross:
        entropy = sp.sympify(fam.entropy_form).xreplace(r1)
        closed = sp.Add(entropy, closed, evaluate=False)
        rule = (f"collect as H(P) + D(P||Q): the entropy of P ({fam.source}) plus the KL "
                f"divergence ({spec.source})")
    else:
        rule = f"collect terms into the textbook form ({spec.source})"
    if current != closed:
        steps.append(Step(current, closed, rule))
    return tuple(steps)


def _infinite_steps(spec: KLSpec, cross: bool = False) -> tuple:
    fam = FAMILIES[spec.family]
    gap = spec.gap(_symbols(fam, "1"), _symbols(fam, "2"))
    what = "-p ln q = +inf; so H(P, Q)" if cross else "p ln(p/q) = +inf; so D(P||Q)"
    return (Step(sp.Mul(gap, sp.oo, evaluate=False), sp.oo,
                 f"supports not nested ({spec.gap_reason}): q = 0 on a set of P-probability "
                 f"shown here (> 0), where {what} = +inf"),)


# --- references --------------------------------------------------------------------------

def _pair_density(fam: Family, point: dict) -> tuple:
    """P's density (with both distributions' break points) and Q's log-density at ``point``."""
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
    support = tuple(sp.sympify(s).xreplace(r1) for s in (fam.quad_support or fam.support))
    breaks = tuple(sp.sympify(b).xreplace(r) for r in (r1, r2) for b in fam.breaks)
    dp = Density(fam.var, fam.logpdf.xreplace(r1), support, breaks).at(point)
    return dp, substitute(fam.logpdf.xreplace(r2), point)


def _outside_mass(fam: Family, point: dict, ctx):
    """P-probability of the part of P's support outside Q's support (quadrature of p)."""
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
    lo1, hi1 = (compile_expr(substitute(sp.sympify(s).xreplace(r1), point), [], ctx)() for s in
                fam.support)
    lo2, hi2 = (compile_expr(substitute(sp.sympify(s).xreplace(r2), point), [], ctx)() for s in
                fam.support)
    lp = compile_expr(substitute(fam.logpdf.xreplace(r1), point), [fam.var], ctx)
    pieces = []
    if lo1 < lo2:
        pieces.append((lo1, min(hi1, lo2)))
    if hi1 > hi2:
        pieces.append((max(lo1, hi2), hi1))
    return ctx.fsum(ctx.quad(lambda t: ctx.exp(lp(t)), [a, b]) for a, b in pieces if a < b)


def _quad_reference(fam: Family, cross: bool = False) -> Callable:
    def reference(point, ctx):
        if _outside_mass(fam, point, ctx) > 0:
            return ctx.inf
        dp, logq = _pair_density(fam, point)

        def combine(v, w):
            return -ctx.exp(v) * w if cross else ctx.exp(v) * (v - w)

        if integrate_expr is not None:  # exact cancellation at finite ends of the support
            return integrate_expr(dp, (logq,), combine, ctx)
        lp = compile_expr(dp.logpdf, [fam.var], ctx)
        lq = compile_expr(logq, [fam.var], ctx)
        return integrate(dp, lambda t: combine(lp(t), lq(t)), ctx)

    return reference


QUAD_METHOD = ("tanh-sinh quadrature of p ln(p/q) over P's support from the two log-densities, "
               "split at both distributions' break points; +inf when quadrature of p over the "
               "part of P's support outside Q's gives positive mass")


def _normal_reference(point, ctx, cross: bool = False):
    """``integral p ln(p/q)`` (or ``-p ln q``) for two normals: trapezoidal rule in
    ``z = (x - mu1)/sigma1``."""
    fam = FAMILIES["normal"]
    s1, s2 = _symbols(fam, "1"), _symbols(fam, "2")
    m1, sd1, m2, sd2 = (to_mpf(point[s], ctx) for s in (s1["mu"], s1["sigma"], s2["mu"],
                                                        s2["sigma"]))
    dp, logq = _pair_density(fam, point)
    lp = compile_expr(dp.logpdf, [fam.var], ctx)
    lq = compile_expr(logq, [fam.var], ctx)

    def f(z):
        x = m1 + sd1 * z
        v = lp(x)
        return sd1 * ctx.exp(v) * (-lq(x) if cross else v - lq(x))

    # ln p - ln q (or -ln q) = A + B z + C z^2 in z (used for the error bounds only)
    d = m1 - m2
    bounds = (ctx.log(sd2 / sd1) + d * d / (2 * sd2**2), sd1 * d / sd2**2,
              sd1**2 / (2 * sd2**2) - ctx.mpf(1) / 2)
    if cross:
        bounds = (abs(ctx.log(2 * ctx.pi) / 2 + ctx.log(sd2)) + d * d / (2 * sd2**2),
                  sd1 * d / sd2**2, sd1**2 / (2 * sd2**2))
    value, err = gauss_trapezoid(f, bounds, ctx)
    if err > abs(value) * ctx.mpf(10) ** (-(ctx.dps - 5)) and value != 0:
        with ctx.workdps(ctx.dps * 2):  # P close to Q: D is tiny, ask for more
            value, err = gauss_trapezoid(f, bounds, ctx)
    return +value


NORMAL_METHOD = ("trapezoidal rule for the integral of p ln(p/q) (both log-densities) in "
                 "z = (x - mu1)/sigma1, P's mode at a node; step and cut-off chosen so that "
                 "the strip bound of Trefethen & Weideman (2014, Thm. 5.1; the integrand is "
                 "entire) and the Gaussian tail bound 4 phi(T-h)(A/(T-h) + B + C(T-h+1/(T-h))) "
                 "are each below 10^-(dps+15)")


# --- entries -----------------------------------------------------------------------------

def kl_entry(spec: KLSpec, cross: bool = False) -> Entry:
    """The catalog entry ``kl/<family>`` (or ``cross-entropy/<family>`` when ``cross``)."""
    fam = FAMILIES[spec.family]
    d2 = dict(spec.defaults2)
    params = (*(_suffixed(p, "1") for p in fam.params),
              *(_suffixed(p, "2", d2.get(p.name)) for p in fam.params))
    by_name = {p.name: p for p in params}
    names = [p.name for p in params]

    def check(values):
        if fam.check is None:
            return
        for suffix, part in zip("12", _split(values, fam), strict=True):
            try:
                fam.check(part)
            except DerivationError as exc:
                text = str(exc)
                for p in fam.params:
                    text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(p.name)}(?![A-Za-z0-9_])",
                                  p.name + suffix, text)
                raise DerivationError(text) from None

    def structure(values):
        if spec.nested is None:
            return ()
        vp, vq = _split(values, fam)
        return (("nested", bool(spec.nested(vp, vq))),)

    def sample(rng, struct):
        values = {n: by_name[n].sample(rng) for n in names}
        if spec.nested is not None:
            vp, _ = _split(values, fam)
            for _ in range(100):
                if fam.check is None:
                    break
                try:
                    fam.check(vp)
                    break
                except DerivationError:
                    vp = {p.name: _suffixed(p, "1").sample(rng) for p in fam.params}
            q = spec.separate(rng, vp, struct.get("nested", True))
            values.update({k + "1": v for k, v in vp.items()})
            values.update({k + "2": v for k, v in q.items()})
        return values

    def build(struct) -> Draft:
        finite = struct.get("nested", True)
        steps = _steps(spec, cross) if finite else _infinite_steps(spec, cross)
        dp, _ = _pair_density(fam, {})
        if spec.family == "normal":
            def reference(point, ctx):
                return _normal_reference(point, ctx, cross)

            method = NORMAL_METHOD
        else:
            reference, method = _quad_reference(fam, cross), QUAD_METHOD
        if cross:
            method = method.replace("p ln(p/q)", "-p ln q")
        assumptions = (f"P and Q are {fam.title.lower()}s, P with the parameters ending "
                       "in 1, Q with those ending in 2",
                       *(p.rule for p in params),
                       *(f"for each of P and Q: {a}" for a in fam.assumptions))
        if spec.nested is not None:
            assumptions += (("P's support lies inside Q's" if finite else
                             f"P's support is not inside Q's: {spec.gap_reason}"),)
        return Draft(
            quantity=r"H(P, Q)" if cross else r"D(P\,\|\,Q)",
            assumptions=assumptions,
            steps=steps,
            reference=reference,
            reference_method=method,
            densities={P: dp},
        )

    kind = "Cross-entropy" if cross else "KL divergence"
    return Entry(
        name=f"{'cross-entropy' if cross else 'kl'}/{spec.family}",
        title=f"{kind} between two {fam.title.lower()}s",
        group="divergence",
        params=params,
        build=build,
        summary=(f"H(P, Q) = -E_P[ln q] = H(P) + D(P||Q) for P, Q ~ {fam.latex}" if cross else
                 f"D(P||Q) for P, Q ~ {fam.latex}; {spec.source}"),
        structure=structure,
        sample=sample if spec.nested is not None else None,
        check=check if fam.check is not None else None,
    )


# --- multivariate normal ---------------------------------------------------------------

N = sp.Symbol("n", positive=True, integer=True)
DET1 = Named.make("det_Sigma1", r"\det\Sigma_{1}", positive=True)
DET2 = Named.make("det_Sigma2", r"\det\Sigma_{2}", positive=True)
TRACE = Named.make("tr_Sigma2inv_Sigma1",
                    r"\operatorname{tr}\left(\Sigma_{2}^{-1}\Sigma_{1}\right)", positive=True)
MAHAL = Named.make("mahalanobis", r"(\mu_{2}-\mu_{1})^{\top}\Sigma_{2}^{-1}(\mu_{2}-\mu_{1})",
                    nonnegative=True)
Q1 = Named.make("Q1", r"(x-\mu_{1})^{\top}\Sigma_{1}^{-1}(x-\mu_{1})", nonnegative=True)
Q2 = Named.make("Q2", r"(x-\mu_{2})^{\top}\Sigma_{2}^{-1}(x-\mu_{2})", nonnegative=True)
MAX_N = 12


def _entry_symbols(n: int) -> tuple:
    """Symbols for the entries: (mu1, Sigma1, mu2, Sigma2), Sigma's upper triangles."""
    def vec(k):
        return tuple(sp.Symbol(f"mu{k}_{i + 1}", real=True) for i in range(n))

    def mat(k):
        return tuple(sp.Symbol(f"Sigma{k}_{i + 1}{j + 1}", real=True)
                     for i in range(n) for j in range(i, n))

    return vec(1), mat(1), vec(2), mat(2)


def _full(upper: list, n: int, ctx) -> object:
    m = ctx.matrix(n, n)
    k = 0
    for i in range(n):
        for j in range(i, n):
            m[i, j] = m[j, i] = upper[k]
            k += 1
    return m


class GaussExpect(sp.Function):
    """``E_P[g(Q1, Q2)]`` for ``X ~ N(mu1, Sigma1)``, ``Q_k = (X - mu_k)^T Sigma_k^-1 (X - mu_k)``.

    Arguments: ``g`` (an expression in the named quadratic forms ``Q1``, ``Q2``,
    which are bound here), then ``n``, then the tuples of entries of ``mu1``,
    ``Sigma1`` (upper triangle), ``mu2``, ``Sigma2``.  Numerically it is the
    symmetric sigma-point rule ``g(mu1) + sum_i [(g(mu1 + L e_i) + g(mu1 - L e_i))/2
    - g(mu1)]`` with ``L`` the Cholesky factor of Sigma1, exact when ``g`` is
    (at most) linear in ``Q1, Q2`` -- which is checked symbolically first.
    """

    @property
    def free_symbols(self):
        return super().free_symbols - {Q1, Q2}

    def _latex(self, printer):
        return rf"\mathbb{{E}}_{{P}}\left[{printer._print(self.args[0])}\right]"

    def _sympystr(self, printer):
        return f"E_P[{printer._print(self.args[0])}]"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        g, n_arg, mu1, s1, mu2, s2 = node.args
        probe = sp.expand(sp.expand_log(g, force=True))
        try:
            poly = sp.Poly(probe, Q1, Q2)
        except sp.PolynomialError:
            poly = None
        if poly is None or poly.total_degree() > 1 or probe.has(sp.log(Q1), sp.log(Q2)):
            raise NumericError("GaussExpect is exact only for g linear in Q1, Q2")
        n = int(n_arg)
        gf = compile_expr(g, [Q1, Q2], ctx)
        parts = [[build(a) for a in t.args] for t in (mu1, s1, mu2, s2)]

        def value(v):
            m1, u1, m2, u2 = ([k(v) for k in part] for part in parts)
            c1, c2 = _full(u1, n, ctx), _full(u2, n, ctx)
            chol = ctx.cholesky(c1)
            i1, i2 = ctx.inverse(c1), ctx.inverse(c2)
            mean = ctx.matrix(m1)

            def at(x):
                d1, d2 = x - mean, x - ctx.matrix(m2)
                return gf((d1.T * i1 * d1)[0], (d2.T * i2 * d2)[0])

            centre = at(mean)
            total = centre
            for i in range(n):
                col = chol[:, i]
                total += (at(mean + col) + at(mean - col)) / 2 - centre
            return total

        return value


def _mv_size(values: dict) -> int:
    for k in ("Sigma1", "Sigma2"):
        if k in values:
            return values[k].rows
    for k in ("mu1", "mu2"):
        if k in values:
            return len(values[k])
    return 2


def _mv_check(values: dict) -> None:
    sizes = {}
    for k in ("mu1", "Sigma1", "mu2", "Sigma2"):
        if k in values:
            sizes[k] = values[k].rows if k.startswith("Sigma") else len(values[k])
    for k, n in sizes.items():
        if n > MAX_N:
            raise DerivationError(f"parameter {k} has dimension {n}; at most {MAX_N}")
    if len(set(sizes.values())) > 1:
        shown = ", ".join(f"{k} has dimension {n}" for k, n in sizes.items())
        first = next(k for k, n in sizes.items() if n != next(iter(sizes.values())))
        raise DerivationError(
            f"parameter {first}: dimensions must agree ({shown})"
        )


def _mv_sample(rng: random.Random, struct: dict) -> dict:
    n = struct["n"]

    def spd():
        a = sp.Matrix(n, n, lambda i, j: _r(rng, -1, 1))
        return a * a.T + sp.eye(n) / 2

    def vec():
        return tuple(_r(rng, -1, 1) for _ in range(n))

    return {"mu1": vec(), "Sigma1": spd(), "mu2": vec(), "Sigma2": spd()}


def _mv_bind(values: dict) -> dict:
    n = _mv_size(values)
    m1, u1, m2, u2 = _entry_symbols(n)
    out = {N: sp.Integer(n)}
    for key, syms in (("mu1", m1), ("mu2", m2)):
        if key in values:
            out.update(zip(syms, values[key], strict=True))
    for key, syms in (("Sigma1", u1), ("Sigma2", u2)):
        if key in values:
            m = values[key]
            out.update(zip(syms, [m[i, j] for i in range(n) for j in range(i, n)], strict=True))
    s1, s2 = values.get("Sigma1"), values.get("Sigma2")
    if s1 is not None:
        out[DET1] = s1.det()
    if s2 is not None:
        out[DET2] = s2.det()
    if s1 is not None and s2 is not None:
        out[TRACE] = (s2.inv() * s1).trace()
    if s2 is not None and "mu1" in values and "mu2" in values:
        d = sp.Matrix(values["mu2"]) - sp.Matrix(values["mu1"])
        out[MAHAL] = (d.T * s2.inv() * d)[0]
    return out


def mvnormal_kl_steps(n: int) -> tuple:
    """The unchecked steps for dimension ``n`` (named trace, quadratic forms, determinants)."""
    m1, u1, m2, u2 = _entry_symbols(n)
    tail = (sp.Integer(n), sp.Tuple(*m1), sp.Tuple(*u1), sp.Tuple(*m2), sp.Tuple(*u2))

    def e(g):
        return GaussExpect(g, *tail)

    half = sp.Rational(1, 2)
    pdf1 = (2 * sp.pi) ** (-N / 2) * DET1 ** (-half) * sp.exp(-Q1 / 2)
    pdf2 = (2 * sp.pi) ** (-N / 2) * DET2 ** (-half) * sp.exp(-Q2 / 2)
    start = e(sp.log(pdf1, evaluate=False) - sp.log(pdf2, evaluate=False))
    expanded = e(sp.log(DET2) / 2 - sp.log(DET1) / 2 - Q1 / 2 + Q2 / 2)
    linear = sp.log(DET2) / 2 - sp.log(DET1) / 2 - e(Q1) / 2 + e(Q2) / 2
    first = linear.subs(e(Q1), N)
    second = first.subs(e(Q2), TRACE + MAHAL)
    closed = (TRACE + MAHAL - N + sp.log(DET2 / DET1)) / 2
    return (
        Step(start, expanded, "take the logarithms of the two densities "
             "(2 pi)^(-n/2) det(Sigma_k)^(-1/2) exp(-Q_k/2); the (2 pi) factors cancel"),
        Step(expanded, linear, "linearity of expectation; E[c] = c for a constant c"),
        Step(linear, first, "E_P[(X - mu1)^T Sigma1^-1 (X - mu1)] = tr(Sigma1^-1 E[(X - mu1)"
             "(X - mu1)^T]) = tr(Sigma1^-1 Sigma1) = tr(I_n) = n"),
        Step(first, second, "E_P[(X - mu2)^T Sigma2^-1 (X - mu2)] = tr(Sigma2^-1 E[(X - mu2)"
             "(X - mu2)^T]) and E[(X - mu2)(X - mu2)^T] = Sigma1 + (mu1 - mu2)(mu1 - mu2)^T"),
        Step(second, closed, "collect: the log-determinant term, the trace, the quadratic form "
             "and -n (" + PENNY + ", eq. (2))"),
    )


def _mv_reference(point: dict, ctx):
    """Whiten ``X = mu1 + L Z``; ``E[g(Z)] = g(0) + sum_i (E[g(Z_i e_i)] - g(0))`` for the
    quadratic ``g = ln p - ln q``, each 1-D expectation by the trapezoidal rule."""
    n = int(point[N])
    m1s, u1s, m2s, u2s = _entry_symbols(n)
    m1, u1, m2, u2 = ([to_mpf(point[s], ctx) for s in group] for group in (m1s, u1s, m2s, u2s))
    c1, c2 = _full(u1, n, ctx), _full(u2, n, ctx)
    mean1, mean2 = ctx.matrix(m1), ctx.matrix(m2)

    def logpdf(x, mean, cov):
        d = x - mean
        quad = (d.T * ctx.lu_solve(cov, d))[0]
        return -n * ctx.log(2 * ctx.pi) / 2 - ctx.log(ctx.det(cov)) / 2 - quad / 2

    def g(x):
        return logpdf(x, mean1, c1) - logpdf(x, mean2, c2)

    chol = ctx.cholesky(c1)
    centre = g(mean1)
    total = centre
    for i in range(n):
        col = chol[:, i]

        def h(t, col=col):
            return g(mean1 + t * col)

        # h(t) = h0 + b t + c t^2: coefficients bound the quadrature error only
        h0, hp, hm = centre, h(ctx.one), h(-ctx.one)
        bounds = (h0, (hp - hm) / 2, (hp + hm) / 2 - h0)

        def f(t, h=h):
            return ctx.exp(-t * t / 2) / ctx.sqrt(2 * ctx.pi) * h(t)

        value, _err = gauss_trapezoid(f, bounds, ctx)
        total += value - centre
    return total


def mvnormal_kl_entry() -> Entry:
    """The catalog entry ``kl/mvnormal``."""

    def build(struct) -> Draft:
        n = struct["n"]
        return Draft(
            quantity=r"D(P\,\|\,Q)",
            assumptions=(f"P = N(mu1, Sigma1) and Q = N(mu2, Sigma2) in {n} dimensions",
                         "Sigma1 and Sigma2 are symmetric positive-definite"),
            steps=mvnormal_kl_steps(n),
            reference=_mv_reference,
            reference_method="exact reduction: whitening X = mu1 + L Z (L = cholesky(Sigma1), "
            "numeric); ln p - ln q from the two log-densities (LU solves, numeric "
            "determinants) is quadratic in Z, so E[g(Z)] = g(0) + sum_i (E[g(Z_i e_i)] - g(0)); "
            "each 1-D expectation by the trapezoidal rule with the error bounds of "
            "gauss_trapezoid",
        )

    return Entry(
        name="kl/mvnormal",
        title="KL divergence between two multivariate normal distributions",
        group="divergence",
        params=tuple(p.spanning(*QUADRATURE_SPAN) for p in (
            real_vector("mu1", "mean vector of P", default="0,0"),
            spd_matrix("Sigma1", "covariance matrix of P", default="[[1,0],[0,1]]"),
            real_vector("mu2", "mean vector of Q", default="1,0"),
            spd_matrix("Sigma2", "covariance matrix of Q", default="[[2,1/2],[1/2,1]]"))),
        build=build,
        summary="D(P||Q) for P = N(mu1, Sigma1), Q = N(mu2, Sigma2) in n dimensions; " + PENNY,
        structure=lambda values: (("n", _mv_size(values)),),
        sample=_mv_sample,
        bind=_mv_bind,
        check=_mv_check,
    )


ENTRIES = (*(kl_entry(s) for s in KL_SPECS.values()), mvnormal_kl_entry(),
           *(kl_entry(s, cross=True) for s in KL_SPECS.values()))
