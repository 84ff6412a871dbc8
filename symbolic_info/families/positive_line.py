"""Families on (0, oo), on (x_m, oo) or on (0, 1).

Exponential, gamma, Erlang, chi-squared, chi, Maxwell, Rayleigh, Weibull,
lognormal, Pareto, F and beta.  Entropies as tabulated by Lazo & Rathie
(1978) and Cover & Thomas, *Elements of Information Theory*, 2nd ed.,
Table 17.1.  The expectations ``E[ln X]`` are the derivative of the
log-normaliser of the exponential family in its natural parameter
(for Gamma(k, theta): ``d/dk [ln Gamma(k) + k ln theta] = psi(k) + ln theta``).

Example
-------
>>> [f.name for f in positive_line_families()][:3]
['exponential', 'gamma', 'erlang']
"""

from __future__ import annotations

import sympy as sp

from ..numeric.change_of_variable import EXPONENTIAL_BREAKS, Change
from ..params import positive, positive_integer, real
from ..sources import COVER_THOMAS, ENTROPY_TABLE
from .base import POWER_SHAPE, SMALL_SHAPE, XP, Family, tail_root

__all__ = ["positive_line_families", "POSITIVE_LINE_BUILDERS"]

JKB = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions"
EG = sp.EulerGamma
X = XP


def LG(z):
    """ln Gamma(z), written so that it prints as ln Gamma(z)."""
    return sp.log(sp.gamma(z))


PSI = sp.digamma


def _gamma_breaks(mean, sd):
    return (mean - 3 * sd, mean, mean + 3 * sd)


def _exponential() -> Family:
    rate = positive("lambda", "rate")
    lam = rate.symbol
    return Family(
        name="exponential",
        title="Exponential distribution",
        latex=r"\operatorname{Exp}(\lambda)",
        params=(rate,),
        pdf=lam * sp.exp(-lam * X),
        logpdf=sp.log(lam) - lam * X,
        support=(0, sp.oo),
        breaks=(1 / lam,),
        expectations=((X, 1 / lam, r"the mean: $\mathrm{E}[X] = 1/\lambda$"),),
        entropy_form=1 - sp.log(lam),
        source=f"{COVER_THOMAS}, Example 8.1.1 and Table 17.1",
        assumptions=("support $x > 0$",),
        var=X,
    )


def _gamma() -> Family:
    shape = positive("k", "shape", lo=0.5, hi=6.0).spanning(*SMALL_SHAPE)
    scale = positive("theta", "scale")
    k, t = shape.symbol, scale.symbol
    return Family(
        name="gamma",
        title="Gamma distribution",
        latex=r"\operatorname{Gamma}(k, \theta)",
        params=(shape, scale),
        pdf=X ** (k - 1) * sp.exp(-X / t) / (sp.gamma(k) * t**k),
        logpdf=(k - 1) * sp.log(X) - X / t - LG(k) - k * sp.log(t),
        support=(0, sp.oo),
        breaks=_gamma_breaks(k * t, sp.sqrt(k) * t),
        expectations=(
            (sp.log(X), PSI(k) + sp.log(t),
             (r"$\mathrm{E}[\ln X] = \psi(k) + \ln \theta$: the $k$-derivative of the "
             r"log-normaliser $\ln \Gamma(k) + k \ln \theta$ " f"({JKB}, vol. 1, ch. 17)")),
            (X, k * t, r"the mean: $\mathrm{E}[X] = k \theta$"),
        ),
        entropy_form=k + sp.log(t) + LG(k) + (1 - k) * PSI(k),
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _erlang() -> Family:
    shape = positive_integer("k", "shape (number of phases)", lo=1, hi=8)
    rate = positive("lambda", "rate")
    k, lam = shape.symbol, rate.symbol
    return Family(
        name="erlang",
        title="Erlang distribution",
        latex=r"\operatorname{Erlang}(k, \lambda)",
        params=(shape, rate),
        pdf=lam**k * X ** (k - 1) * sp.exp(-lam * X) / sp.factorial(k - 1),
        logpdf=k * sp.log(lam) + (k - 1) * sp.log(X) - lam * X - LG(k),
        support=(0, sp.oo),
        breaks=_gamma_breaks(k / lam, sp.sqrt(k) / lam),
        expectations=(
            (sp.log(X), PSI(k) - sp.log(lam),
             (r"$\mathrm{E}[\ln X] = \psi(k) - \ln \lambda$: $\mathrm{Erlang}(k, \lambda)$ is "
             r"$\mathrm{Gamma}(k, 1/\lambda)$ " f"({JKB}, vol. 1, ch. 17)")),
            (X, k / lam, r"the mean: $\mathrm{E}[X] = k/\lambda$"),
        ),
        entropy_form=(1 - k) * PSI(k) + LG(k) - sp.log(lam) + k,
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$", r"$k$ is an integer, so $\Gamma(k) = (k - 1)!$"),
        var=X,
    )


def _chi_squared() -> Family:
    dof = positive("k", "degrees of freedom", lo=0.5, hi=10.0).spanning(*SMALL_SHAPE)
    k = dof.symbol
    return Family(
        name="chi_squared",
        title="Chi-squared distribution",
        latex=r"\chi^2_k",
        params=(dof,),
        pdf=X ** (k / 2 - 1) * sp.exp(-X / 2) / (2 ** (k / 2) * sp.gamma(k / 2)),
        logpdf=(k / 2 - 1) * sp.log(X) - X / 2 - k / 2 * sp.log(2) - LG(k / 2),
        support=(0, sp.oo),
        breaks=_gamma_breaks(k, sp.sqrt(2 * k)),
        expectations=(
            (sp.log(X), PSI(k / 2) + sp.log(2),
             (r"$\mathrm{E}[\ln X] = \psi(k/2) + \ln 2$: $\chi^{2}(k)$ is "
             r"$\mathrm{Gamma}(k/2, 2)$ " f"({JKB}, vol. 1, ch. 18)")),
            (X, k, r"the mean: $\mathrm{E}[X] = k$"),
        ),
        entropy_form=k / 2 + sp.log(2) + LG(k / 2) + (1 - k / 2) * PSI(k / 2),
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _chi() -> Family:
    dof = positive("k", "degrees of freedom", lo=0.5, hi=10.0).spanning(*SMALL_SHAPE)
    k = dof.symbol
    return Family(
        name="chi",
        title="Chi distribution",
        latex=r"\chi_k",
        params=(dof,),
        pdf=X ** (k - 1) * sp.exp(-(X**2) / 2) / (2 ** (k / 2 - 1) * sp.gamma(k / 2)),
        logpdf=(k - 1) * sp.log(X) - X**2 / 2 - (k / 2 - 1) * sp.log(2) - LG(k / 2),
        support=(0, sp.oo),
        breaks=(sp.sqrt(k) - 4, sp.sqrt(k), sp.sqrt(k) + 4),  # sd -> 1/sqrt(2) as k grows
        expectations=(
            (sp.log(X), (sp.log(2) + PSI(k / 2)) / 2,
             (r"$\mathrm{E}[\ln X] = (\ln 2 + \psi(k/2))/2$: $X^{2}$ is "
             r"$\chi^{2}(k) = \mathrm{Gamma}(k/2, 2)$ " f"({JKB}, vol. 1, ch. 18)")),
            (X**2, k, r"$\mathrm{E}[X^{2}] = k$: $X^{2}$ is $\chi^{2}(k)$"),
        ),
        entropy_form=LG(k / 2) + (k - sp.log(2) - (k - 1) * PSI(k / 2)) / 2,
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _maxwell() -> Family:
    scale = positive("a", "scale")
    a = scale.symbol
    return Family(
        name="maxwell",
        title="Maxwell–Boltzmann distribution",
        latex=r"\operatorname{Maxwell}(a)",
        params=(scale,),
        pdf=sp.sqrt(2 / sp.pi) * X**2 * sp.exp(-(X**2) / (2 * a**2)) / a**3,
        logpdf=(sp.log(2) - sp.log(sp.pi)) / 2 + 2 * sp.log(X) - X**2 / (2 * a**2) - 3 * sp.log(a),
        support=(0, sp.oo),
        breaks=(2 * a,),
        expectations=(
            (sp.log(X), sp.log(a) + (sp.log(2) + PSI(sp.Rational(3, 2))) / 2,
             (r"$\mathrm{E}[\ln X] = \ln a + (\ln 2 + \psi(3/2))/2$: $(X/a)^{2}$ is "
             r"$\chi^{2}(3)$ " f"({JKB}, vol. 1, ch. 18)")),
            (X**2, 3 * a**2, r"$\mathrm{E}[X^{2}] = 3 a^{2}$: $(X/a)^{2}$ is $\chi^{2}(3)$"),
        ),
        entropy_form=sp.log(a * sp.sqrt(2 * sp.pi)) + EG - sp.Rational(1, 2),
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _rayleigh() -> Family:
    scale = positive("sigma", "scale")
    s = scale.symbol
    return Family(
        name="rayleigh",
        title="Rayleigh distribution",
        latex=r"\operatorname{Rayleigh}(\sigma)",
        params=(scale,),
        pdf=X / s**2 * sp.exp(-(X**2) / (2 * s**2)),
        logpdf=sp.log(X) - 2 * sp.log(s) - X**2 / (2 * s**2),
        support=(0, sp.oo),
        breaks=(s,),
        expectations=(
            (sp.log(X), sp.log(s) + (sp.log(2) - EG) / 2,
             (r"$\mathrm{E}[\ln X] = \ln \sigma + (\ln 2 - \gamma_E)/2$: $(X/\sigma)^{2}/2$ is "
             r"standard exponential and $\mathrm{E}[\ln E] = \psi(1) = -\gamma_E$ "
             f"({JKB}, vol. 1, ch. 18)")),
            (X**2, 2 * s**2,
             r"$\mathrm{E}[X^{2}] = 2 \sigma^{2}$: $(X/\sigma)^{2}$ is $\chi^{2}(2)$"),
        ),
        entropy_form=1 + sp.log(s / sp.sqrt(2)) + EG / 2,
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _weibull() -> Family:
    shape = positive("k", "shape", lo=0.5, hi=5.0).spanning(*POWER_SHAPE)
    scale = positive("lambda", "scale")
    k, lam = shape.symbol, scale.symbol
    u = sp.Symbol("u", positive=True)
    return Family(
        name="weibull",
        title="Weibull distribution",
        latex=r"\operatorname{Weibull}(k, \lambda)",
        params=(shape, scale),
        pdf=k / lam * (X / lam) ** (k - 1) * sp.exp(-((X / lam) ** k)),
        logpdf=sp.log(k) - k * sp.log(lam) + (k - 1) * sp.log(X) - X**k / lam**k,
        support=(0, sp.oo),
        breaks=(lam, lam * 30 ** (1 / k)),
        expectations=(
            (sp.log(X), sp.log(lam) - EG / k,
             (r"$\mathrm{E}[\ln X] = \ln \lambda - \gamma_E/k$: $(X/\lambda)^{k}$ is standard "
             r"exponential and $\mathrm{E}[\ln E] = -\gamma_E$ " f"({JKB}, vol. 1, ch. 21)")),
            (X**k, lam**k,
             r"$\mathrm{E}[X^{k}] = \lambda^{k}$: $(X/\lambda)^{k}$ is standard exponential"),
        ),
        entropy_form=EG * (1 - 1 / k) + sp.log(lam / k) + 1,
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
        quad_support=(0, lam * tail_root(k)),
        # u = (x/lambda)^k is standard exponential: e^-u (k-1)/k ln u, no x^(k-1) at 0 and
        # no x^k to raise per node
        change=Change(u, lam * u ** (1 / k), (X / lam) ** k,
                      sp.log(lam / k) + (1 / k - 1) * sp.log(u), (0, sp.oo), EXPONENTIAL_BREAKS),
    )


def _lognormal() -> Family:
    mu = real("mu", "mean of ln X").spanning("1e-100", "1e30")
    sigma = positive("sigma", "standard deviation of ln X").spanning("1e-30", "100")
    m, s = mu.symbol, sigma.symbol
    u = sp.Symbol("u", real=True)
    return Family(
        name="lognormal",
        title="Lognormal distribution",
        latex=r"\operatorname{Lognormal}(\mu, \sigma^2)",
        params=(mu, sigma),
        pdf=sp.exp(-((sp.log(X) - m) ** 2) / (2 * s**2)) / (X * s * sp.sqrt(2 * sp.pi)),
        logpdf=-sp.log(X) - sp.log(s) - sp.log(2 * sp.pi) / 2
        - (sp.log(X) - m) ** 2 / (2 * s**2),
        support=(0, sp.oo),
        breaks=(sp.exp(m - 3 * s), sp.exp(m), sp.exp(m + 3 * s)),
        expectations=(
            (sp.log(X), m, r"$\mathrm{E}[\ln X] = \mu$: $\ln X$ is $\mathcal{N}(\mu, \sigma^{2})$"),
            ((sp.log(X) - m) ** 2, s**2,
             (r"$\mathrm{E}[(\ln X - \mu)^{2}] = \sigma^{2}$: $\ln X$ is "
             r"$\mathcal{N}(\mu, \sigma^{2})$")),
        ),
        entropy_form=m + sp.log(2 * sp.pi * sp.E * s**2) / 2,
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
        # x = e^u, dx = e^u du: ln X is N(mu, sigma^2), and ln f(e^u) a quadratic in u
        change=Change(u, sp.exp(u), sp.log(X), u, (-sp.oo, sp.oo), (), (m, s)),
    )


def _pareto() -> Family:
    scale = positive("x_m", "scale (minimum)")
    shape = positive("alpha", "shape", lo=0.5, hi=4.0).spanning(*SMALL_SHAPE)
    xm, a = scale.symbol, shape.symbol
    return Family(
        name="pareto",
        title="Pareto distribution",
        latex=r"\operatorname{Pareto}(x_m, \alpha)",
        params=(scale, shape),
        pdf=a * xm**a / X ** (a + 1),
        logpdf=sp.log(a) + a * sp.log(xm) - (a + 1) * sp.log(X),
        support=(xm, sp.oo),
        breaks=(xm * (1 + 1 / a), xm * (1 + 30 / a), 2 * xm),  # mass within x_m/alpha of x_m
        expectations=((sp.log(X), sp.log(xm) + 1 / a,
                       (r"$\mathrm{E}[\ln X] = \ln x_m + 1/\alpha$: $\ln(X/x_m)$ is exponential "
                       r"with rate $\alpha$ " f"({JKB}, vol. 1, ch. 20)")),),
        entropy_form=sp.log(xm / a) + 1 / a + 1,
        source=ENTROPY_TABLE,
        assumptions=("support $x > x_m$",),
        var=X,
    )


def _f() -> Family:
    n1 = positive("d1", "numerator degrees of freedom", lo=0.5, hi=10.0).spanning(*SMALL_SHAPE)
    n2 = positive("d2", "denominator degrees of freedom", lo=0.5, hi=10.0).spanning(*SMALL_SHAPE)
    d1, d2 = n1.symbol, n2.symbol
    lbeta = LG(d1 / 2) + LG(d2 / 2) - LG((d1 + d2) / 2)
    u = 1 + d1 * X / d2
    return Family(
        name="f",
        title="F distribution",
        latex=r"F(d_1, d_2)",
        params=(n1, n2),
        pdf=(d1 / d2) ** (d1 / 2) * X ** (d1 / 2 - 1) * u ** (-(d1 + d2) / 2)
        / sp.beta(d1 / 2, d2 / 2),
        logpdf=d1 / 2 * sp.log(d1 / d2) + (d1 / 2 - 1) * sp.log(X)
        - (d1 + d2) / 2 * sp.log(u) - lbeta,
        support=(0, sp.oo),
        breaks=(1,),
        expectations=(
            (sp.log(X), sp.log(d2 / d1) + PSI(d1 / 2) - PSI(d2 / 2),
             (r"$\mathrm{E}[\ln X] = \ln(d_2/d_1) + \psi(d_1/2) - \psi(d_2/2)$: "
             r"$d_1 X/d_2 = U/V$ with independent $U \sim \mathrm{Gamma}(d_1/2)$, "
             r"$V \sim \mathrm{Gamma}(d_2/2)$ " f"({JKB}, vol. 2, ch. 27)")),
            (sp.log(u), PSI((d1 + d2) / 2) - PSI(d2 / 2),
             (r"$\mathrm{E}[\ln(1 + d_1 X/d_2)] = \psi((d_1+d_2)/2) - \psi(d_2/2)$: "
             r"$1 + U/V = (U+V)/V$ and $U + V \sim \mathrm{Gamma}((d_1+d_2)/2)$")),
        ),
        entropy_form=sp.log(d2 / d1) + lbeta + (1 - d1 / 2) * PSI(d1 / 2)
        - (1 + d2 / 2) * PSI(d2 / 2) + (d1 + d2) / 2 * PSI((d1 + d2) / 2),
        source=ENTROPY_TABLE,
        assumptions=("support $x > 0$",),
        var=X,
    )


def _beta() -> Family:
    pa = positive("alpha", "first shape", lo=0.5, hi=6.0).spanning(*SMALL_SHAPE)
    pb = positive("beta", "second shape", lo=0.5, hi=6.0).spanning(*SMALL_SHAPE)
    a, b = pa.symbol, pb.symbol
    lbeta = LG(a) + LG(b) - LG(a + b)
    return Family(
        name="beta",
        title="Beta distribution",
        latex=r"\operatorname{Beta}(\alpha, \beta)",
        params=(pa, pb),
        pdf=X ** (a - 1) * (1 - X) ** (b - 1) / sp.beta(a, b),
        logpdf=(a - 1) * sp.log(X) + (b - 1) * sp.log(1 - X) - lbeta,
        support=(0, 1),
        breaks=(a / (a + b),),
        expectations=(
            (sp.log(X), PSI(a) - PSI(a + b),
             (r"$\mathrm{E}[\ln X] = \psi(\alpha) - \psi(\alpha + \beta)$: the "
             r"$\alpha$-derivative of the log-normaliser $\ln B(\alpha, \beta)$ "
             f"({JKB}, vol. 2, ch. 25)")),
            (sp.log(1 - X), PSI(b) - PSI(a + b),
             (r"$\mathrm{E}[\ln(1 - X)] = \psi(\beta) - \psi(\alpha + \beta)$: $1 - X$ is "
             r"$\mathrm{Beta}(\beta, \alpha)$")),
        ),
        entropy_form=lbeta - (a - 1) * PSI(a) - (b - 1) * PSI(b) + (a + b - 2) * PSI(a + b),
        source=ENTROPY_TABLE,
        assumptions=("support $0 < x < 1$",),
        var=X,
    )


POSITIVE_LINE_BUILDERS = {
    "exponential": _exponential, "gamma": _gamma, "erlang": _erlang,
    "chi_squared": _chi_squared, "chi": _chi, "maxwell": _maxwell, "rayleigh": _rayleigh,
    "weibull": _weibull, "lognormal": _lognormal, "pareto": _pareto, "f": _f, "beta": _beta,
}
"""Each family's builder by its name, in catalog order (built one at a time on first use,
see :data:`symbolic_info.families.FAMILIES`)."""


def positive_line_families() -> tuple:
    """The families of this module, in catalog order."""
    return tuple(build() for build in POSITIVE_LINE_BUILDERS.values())
