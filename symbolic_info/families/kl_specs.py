"""The same-family KL divergences as data: closed forms, sources and support rules.

Each :class:`KLSpec` says what ``kl/<family>`` needs beyond the family's own
data (:mod:`symbolic_info.families`): the textbook closed form of D(P||Q),
its source, the expectations under P of the terms of ``ln q`` that the
family's own expectations do not cover, Q's defaults, and for families whose
support moves with a parameter (uniform, Pareto) when P's support lies inside
Q's.  The mechanism that turns a spec into a derivation is
:mod:`symbolic_info.measures.divergence`.  Adding a KL is adding a spec here.

Example
-------
>>> spec = KL_SPECS["normal"]
>>> spec.family, spec.source[:5]
('normal', 'Penny')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..lazy_table import LazyTable
from ..params import random_decimal
from ..sources import COVER_THOMAS
from . import FAMILIES

__all__ = ["KLSpec", "KL_SPECS", "PENNY", "GAL", "JKB"]

EG = sp.EulerGamma
GAL = ("Gil, Alajaji & Linder, Renyi divergence measures for commonly used univariate "
       "continuous distributions, Inf. Sci. 249 (2013), Table 3 (the limit $\\alpha \\to 1$)")
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
    ``ratio = (top, bottom, limit)`` bounds ``top1/bottom2`` (P's parameter ``top`` over
    Q's ``bottom``) to the range the reference verifies (see
    :func:`symbolic_info.measures.divergence.ratio_rule`).
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
    ratio: tuple | None = None


def _no_less(first: dict, second: dict, name: str) -> bool:
    """``first[name] >= second[name]``; True while either is not given (it can still hold)."""
    if name not in first or name not in second:
        return True
    return bool(first[name] >= second[name])


def _clip01(t):
    """``min(max(t, 0), 1)`` written with ``Abs`` (evaluable, exact)."""
    return (sp.Abs(t) - sp.Abs(t - 1) + 1) / 2


def _spec_normal(log_x: bool) -> KLSpec:
    """Normal and lognormal: the same algebra in ``X`` or in ``ln X``."""
    name = "lognormal" if log_x else "normal"
    fam = FAMILIES[name]
    arg = sp.log(fam.var) if log_x else fam.var
    what = r"\ln X" if log_x else "X"

    def extra(s1, s2):
        m1, s, m2 = s1["mu"], s1["sigma"], s2["mu"]
        return (((arg - m2) ** 2, s**2 + (m1 - m2) ** 2,
                 rf"under $P$: $\mathrm{{E}}[({what} - \mu_2)^{{2}}] = \mathrm{{Var}}({what}) + "
                 rf"(\mathrm{{E}}[{what}] - \mu_2)^{{2}} = "
                 r"\sigma_1^{2} + (\mu_1 - \mu_2)^{2}$"),)

    def closed(s1, s2):
        m1, a, m2, b = s1["mu"], s1["sigma"], s2["mu"], s2["sigma"]
        return sp.log(b / a) + (a**2 + (m1 - m2) ** 2) / (2 * b**2) - sp.Rational(1, 2)

    src = PENNY + ", eq. (2) in one dimension; " + GAL
    if log_x:
        src = GAL + r"; equal to the normal KL of $\ln X$ (KL is invariant under $x \mapsto \ln x$)"
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
                 r"under $P$: $\mathrm{E}\lvert X - c\rvert = \lvert \mu_1 - c\rvert + "
                 r"b_1 e^{-\lvert \mu_1 - c\rvert/b_1}$ for $X \sim \mathrm{Laplace}(\mu_1, b_1)$, "
                 rf"integrating each side of $\mu_1$ ({JKB}, vol. 2, ch. 24)"),)

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
                 r"under $P$: $\mathrm{E}[\ln(1 + ((X - x_{02})/\gamma_2)^{2})] = "
                 r"\ln(((\gamma_1 + \gamma_2)^{2} + (x_{01} - x_{02})^{2})/\gamma_2^{2})$: "
                 r"$\ln\lvert x - w\rvert^{2}$ with $w = x_{02} + i \gamma_2$ is harmonic off $w$, "
                 r"and the Poisson kernel $\mathrm{Cauchy}(x_{01}, \gamma_1)$ averages it to "
                 r"$\ln\lvert x_{01} + i \gamma_1 - w\rvert^{2}$"),)

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
                 r"under $P$: $\mathrm{E}[e^{-t X}] = e^{-t \mu_1} \Gamma(1 + \beta_1 t)$ "
                 rf"(the Gumbel moment generating function, {JKB}, vol. 2, ch. 22) at "
                 r"$t = 1/\beta_2$"),)

    def closed(s1, s2):
        m1, b1, m2, b2 = s1["mu"], s1["beta"], s2["mu"], s2["beta"]
        return (sp.log(b2 / b1) + (m1 - m2) / b2 + EG * (b1 / b2 - 1)
                + sp.exp((m2 - m1) / b2) * sp.gamma(1 + b1 / b2) - 1)

    return KLSpec("gumbel", closed,
                  r"$\mathrm{E}_P[\ln p] = -\ln \beta_1 - \gamma_E - 1$ (Gumbel entropy) and "
                  f"the Gumbel moment generating function ({JKB}, vol. 2, ch. 22)",
                  extra, (("mu", "1"), ("beta", "2")), ratio=("beta", "beta", 100))


def _spec_weibull() -> KLSpec:
    def extra(s1, s2):
        k1, l1, k2 = s1["k"], s1["lambda"], s2["k"]
        x = FAMILIES["weibull"].var
        return ((x**k2, l1**k2 * sp.gamma(1 + k2 / k1),
                 r"under $P$: $\mathrm{E}[X^{s}] = \lambda_1^{s} \Gamma(1 + s/k_1)$, since "
                 r"$(X/\lambda_1)^{k_1}$ is standard exponential "
                 rf"({JKB}, vol. 1, ch. 21), at $s = k_2$"),)

    def closed(s1, s2):
        k1, l1, k2, l2 = s1["k"], s1["lambda"], s2["k"], s2["lambda"]
        return (sp.log(k1 / k2) + k2 * sp.log(l2 / l1) + EG * (k2 / k1 - 1)
                + (l1 / l2) ** k2 * sp.gamma(1 + k2 / k1) - 1)

    return KLSpec("weibull", closed,
                  "Bauckhage, Computing the Kullback-Leibler divergence between two Weibull "
                  "distributions, arXiv:1310.3713 (2013), eq. (11); shapes may differ",
                  extra, (("k", "2"), ("lambda", "2")), ratio=("k", "k", sp.Rational(1, 100)))


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
                  r"the $\chi(3)$ scale-family KL: $3 \ln(a_2/a_1) + \frac{3}{2}"
                  r"(a_1^{2}/a_2^{2} - 1)$ (Maxwell($a$) is a $\chi(3)$ variable times $a$; "
                  + GAL + ")",
                  defaults2=(("a", "2"),))


def _spec_chi(name: str) -> KLSpec:
    def closed(s1, s2):
        k1, k2 = s1["k"], s2["k"]
        return (sp.loggamma(k2 / 2) - sp.loggamma(k1 / 2)
                + (k1 - k2) / 2 * sp.digamma(k1 / 2))

    return KLSpec(name, closed, GAL + (r"; $\chi(k) = \sqrt{\chi^{2}(k)}$ has the same KL"
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
            return {"a": a1 - random_decimal(rng, 0, 1), "b": b1 + random_decimal(rng, 0, 1)}
        a2 = a1 + (b1 - a1) * random_decimal(rng, 0.1, 1.5)
        return {"a": a2, "b": a2 + random_decimal(rng, 0.2, 3)}

    return KLSpec("uniform", closed,
                  f"{COVER_THOMAS}, eq. (8.46) applied to constant densities; " + GAL,
                  defaults2=(("a", "-1"), ("b", "2")), nested=nested, gap=gap,
                  separate=separate,
                  gap_reason="$[a_1, b_1]$ is not inside $[a_2, b_2]$")


def _spec_pareto() -> KLSpec:
    def closed(s1, s2):
        x1, a1, x2, a2 = s1["x_m"], s1["alpha"], s2["x_m"], s2["alpha"]
        return sp.log(a1 / a2) + a2 * sp.log(x1 / x2) + a2 / a1 - 1

    def nested(vp, vq):
        return _no_less(vp, vq, "x_m")

    def gap(s1, s2):
        return _clip01(1 - (s1["x_m"] / s2["x_m"]) ** s1["alpha"])

    def separate(rng, vp, inside):
        ratio = random_decimal(rng, 0.3, 1) if inside else random_decimal(rng, 1.2, 3)
        return {"x_m": vp["x_m"] * ratio}

    return KLSpec("pareto", closed, GAL, defaults2=(("x_m", "1/2"), ("alpha", "3")),
                  nested=nested, gap=gap, separate=separate,
                  gap_reason="$x_{m1} < x_{m2}$, so $P$ gives mass to $(x_{m1}, x_{m2})$ "
                             "where $q = 0$")


def _spec_by_family() -> dict:
    """Each KL specification's builder by its family's name, in catalog order."""
    return {
        "normal": lambda: _spec_normal(False), "lognormal": lambda: _spec_normal(True),
        "exponential": _spec_exponential, "gamma": _spec_gamma, "beta": _spec_beta,
        "laplace": _spec_laplace, "uniform": _spec_uniform, "pareto": _spec_pareto,
        "weibull": _spec_weibull, "gumbel": _spec_gumbel, "cauchy": _spec_cauchy,
        "rayleigh": _spec_rayleigh, "maxwell": _spec_maxwell,
        "chi_squared": lambda: _spec_chi("chi_squared"), "chi": lambda: _spec_chi("chi"),
    }


def _built_spec(family: str, builder) -> KLSpec:
    spec = builder()
    if spec.family != family:
        raise ValueError(f"the KL builder listed as {family!r} is for {spec.family!r}")
    return spec


KL_SPECS = LazyTable({family: (lambda family=family, builder=builder: _built_spec(family, builder))
                      for family, builder in _spec_by_family().items() if family in FAMILIES})
"""The same-family KLs by family name (only families present in FAMILIES), each built on its
first lookup (:class:`~symbolic_info.lazy_table.LazyTable`, as the families are)."""
