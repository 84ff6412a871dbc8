"""Families on the whole real line or on a bounded interval.

Normal, Laplace, Cauchy, logistic, Gumbel, Student t, generalized normal,
uniform and triangular.  Entropies as tabulated by Lazo & Rathie (1978) and
Cover & Thomas, *Elements of Information Theory*, 2nd ed., Table 17.1.

Example
-------
>>> [f.name for f in real_line_families()][:3]
['normal', 'laplace', 'cauchy']
"""

from __future__ import annotations

import sympy as sp

from ..numeric.change_of_variable import EXPONENTIAL_BREAKS, Change
from ..params import positive, real
from ..sources import COVER_THOMAS, ENTROPY_TABLE
from .base import EXPONENT_SHAPE, SMALL_SHAPE, Family, Minimum, X, ordered, tail_root

__all__ = ["real_line_families", "REAL_LINE_BUILDERS"]

JKB = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions"
EG = sp.EulerGamma


def LG(z):
    """ln Gamma(z), written so that it prints as ln Gamma(z)."""
    return sp.log(sp.gamma(z))


def _normal() -> Family:
    mu, sigma = real("mu", "mean"), positive("sigma", "standard deviation")
    m, s = mu.symbol, sigma.symbol
    return Family(
        name="normal",
        title="Normal distribution",
        latex=r"\mathcal{N}(\mu, \sigma^2)",
        params=(mu, sigma),
        pdf=sp.exp(-((X - m) ** 2) / (2 * s**2)) / (sp.sqrt(2 * sp.pi) * s),
        logpdf=-sp.log(2 * sp.pi) / 2 - sp.log(s) - (X - m) ** 2 / (2 * s**2),
        support=(-sp.oo, sp.oo),
        breaks=(m - s, m + s),
        expectations=(((X - m) ** 2, s**2,
                       r"the variance: $\mathrm{E}[(X - \mu)^{2}] = \sigma^{2}$"),),
        entropy_form=sp.log(2 * sp.pi * sp.E * s**2) / 2,
        source=f"{COVER_THOMAS}, Example 8.1.2",
        standardised=(m, s),
    )


def _laplace() -> Family:
    mu, scale = real("mu", "location"), positive("b", "scale")
    m, b = mu.symbol, scale.symbol
    return Family(
        name="laplace",
        title="Laplace distribution",
        latex=r"\operatorname{Laplace}(\mu, b)",
        params=(mu, scale),
        pdf=sp.exp(-sp.Abs(X - m) / b) / (2 * b),
        logpdf=-sp.log(2 * b) - sp.Abs(X - m) / b,
        support=(-sp.oo, sp.oo),
        breaks=(m - b, m, m + b),
        expectations=((sp.Abs(X - m), b,
                       r"$\mathrm{E}\lvert X - \mu\rvert = b$: $\lvert X - \mu\rvert$ is "
                       f"exponential with mean $b$ "
                       f"({JKB}, vol. 2, ch. 24)"),),
        entropy_form=1 + sp.log(2 * b),
        source=ENTROPY_TABLE,
    )


def _cauchy() -> Family:
    x0, scale = real("x0", "location"), positive("gamma", "scale")
    m, g = x0.symbol, scale.symbol
    z2 = ((X - m) / g) ** 2
    return Family(
        name="cauchy",
        title="Cauchy distribution",
        latex=r"\operatorname{Cauchy}(x_0, \gamma)",
        params=(x0, scale),
        pdf=1 / (sp.pi * g * (1 + z2)),
        logpdf=-sp.log(sp.pi * g) - sp.log(1 + z2),
        support=(-sp.oo, sp.oo),
        breaks=(m - g, m + g),
        expectations=((sp.log(1 + z2), 2 * sp.log(2),
                       r"$\mathrm{E}[\ln(1 + Z^{2})] = 2 \ln 2$ for $Z = (X - x_0)/\gamma$ "
                       r"standard Cauchy: with $Z = \tan t$, "
                       r"$\frac{1}{\pi} \int_{-\pi/2}^{\pi/2} -2 \ln \cos t \, dt = 2 \ln 2$ "
                       r"(Euler: $\int_{0}^{\pi/2} \ln \cos t \, dt = -\frac{\pi}{2} \ln 2$)"),),
        entropy_form=sp.log(4 * sp.pi * g),
        source=ENTROPY_TABLE,
        centre=m,
        circle=(m, g),
    )


def _logistic() -> Family:
    mu, scale = real("mu", "location"), positive("s", "scale")
    m, s = mu.symbol, scale.symbol
    z = (X - m) / s
    return Family(
        name="logistic",
        title="Logistic distribution",
        latex=r"\operatorname{Logistic}(\mu, s)",
        params=(mu, scale),
        pdf=sp.exp(-z) / (s * (1 + sp.exp(-z)) ** 2),
        logpdf=-sp.log(s) - z - 2 * sp.log(1 + sp.exp(-z)),
        support=(-sp.oo, sp.oo),
        breaks=(m - s, m + s),
        expectations=(
            (X, m, r"the mean: the density is symmetric about $\mu$, $\mathrm{E}[X] = \mu$ "
                   f"({JKB}, vol. 2, ch. 23)"),
            (sp.log(1 + sp.exp(-z)), 1,
             r"$\mathrm{E}[\ln(1 + e^{-Z})] = 1$: $U = 1/(1 + e^{-Z})$ is uniform on "
             r"$(0, 1)$ and $\mathrm{E}[-\ln U] = 1$"),
        ),
        entropy_form=sp.log(s) + 2,
        source=ENTROPY_TABLE,
        centre=m,
    )


def _gumbel() -> Family:
    mu, scale = real("mu", "location"), positive("beta", "scale")
    m, b = mu.symbol, scale.symbol
    z = (X - m) / b
    u = sp.Symbol("u", positive=True)
    return Family(
        name="gumbel",
        title="Gumbel distribution",
        latex=r"\operatorname{Gumbel}(\mu, \beta)",
        params=(mu, scale),
        pdf=sp.exp(-z - sp.exp(-z)) / b,
        logpdf=-sp.log(b) - z - sp.exp(-z),
        support=(-sp.oo, sp.oo),
        breaks=(m - b, m + b),
        expectations=(
            (X, m + EG * b, r"the mean: $\mathrm{E}[X] = \mu + \beta \gamma_E$ "
                            f"({JKB}, vol. 2, ch. 22)"),
            (sp.exp(-z), 1, r"$\mathrm{E}[e^{-Z}] = 1$: $e^{-Z}$ is standard exponential for "
             r"$Z = (X - \mu)/\beta$"),
        ),
        entropy_form=sp.log(b) + EG + 1,
        source="Michalowicz, Nichols & Bucholtz, Handbook of Differential Entropy "
        "(CRC 2013), Gumbel entry",
        quad_support=(m - b * sp.log(tail_root(1)), sp.oo),
        # u = e^-z is standard exponential: the double exponential e^-(z + e^-z) becomes e^-u
        change=Change(u, m - b * sp.log(u), sp.exp(-z), sp.log(b) - sp.log(u), (0, sp.oo),
                      EXPONENTIAL_BREAKS),
    )


def _student_t() -> Family:
    dof = positive("nu", "degrees of freedom", lo=0.5, hi=8.0).spanning(*SMALL_SHAPE)
    mu, sigma = real("mu", "location"), positive("sigma", "scale")
    n, m, s = dof.symbol, mu.symbol, sigma.symbol
    q = 1 + ((X - m) / s) ** 2 / n
    norm = sp.log(s) + sp.log(n) / 2 + LG(n / 2) + sp.log(sp.pi) / 2 - LG(
        (n + 1) / 2
    )
    return Family(
        name="student_t",
        title="Student's t distribution",
        latex=r"t_\nu(\mu, \sigma)",
        params=(dof, mu, sigma),
        pdf=sp.gamma((n + 1) / 2) / (sp.sqrt(n * sp.pi) * s * sp.gamma(n / 2))
        * q ** (-(n + 1) / 2),
        logpdf=-norm - (n + 1) / 2 * sp.log(q),
        support=(-sp.oo, sp.oo),
        breaks=(m - s, m + s),
        expectations=((sp.log(q), sp.digamma((n + 1) / 2) - sp.digamma(n / 2),
                       r"$\mathrm{E}[\ln(1 + T^{2}/\nu)] = \psi(\frac{\nu+1}{2}) - "
                       r"\psi(\frac{\nu}{2})$: $1/(1 + T^{2}/\nu)$ is "
                       r"$\mathrm{Beta}(\nu/2, 1/2)$ and "
                       r"$\mathrm{E}[\ln B] = \psi(a) - \psi(a+b)$ " f"({JKB}, vol. 2, ch. 28)"),),
        entropy_form=(n + 1) / 2 * (sp.digamma((n + 1) / 2) - sp.digamma(n / 2))
        + sp.log(sp.sqrt(n) * s) + LG(n / 2) + LG(sp.Rational(1, 2))
        - LG((n + 1) / 2),
        source=ENTROPY_TABLE + r"; location-scale form by $h(\sigma T + \mu) = h(T) + \ln \sigma$",
        assumptions=(r"$\mu = 0$ and $\sigma = 1$ when other parameters are given without them",),
        defaults=(("mu", sp.Integer(0)), ("sigma", sp.Integer(1))),
        centre=m,
    )


def _generalized_normal() -> Family:
    u = sp.Symbol("u", positive=True)
    mu, scale = real("mu", "location"), positive("alpha", "scale")
    shape = positive("beta", "shape", default="2", lo=0.5, hi=4.0).spanning(*EXPONENT_SHAPE)
    m, a, b = mu.symbol, scale.symbol, shape.symbol
    w = (sp.Abs(X - m) / a) ** b
    return Family(
        name="generalized_normal",
        title="Generalized normal distribution",
        latex=r"\mathcal{GN}(\mu, \alpha, \beta)",
        params=(mu, scale, shape),
        pdf=b / (2 * a * sp.gamma(1 / b)) * sp.exp(-w),
        logpdf=sp.log(b) - sp.log(2 * a) - LG(1 / b) - w,
        support=(-sp.oo, sp.oo),
        breaks=(m - a * 30 ** (1 / b), m - a, m, m + a, m + a * 30 ** (1 / b)),
        expectations=((w, 1 / b,
                       r"$\mathrm{E}[(\lvert X - \mu\rvert/\alpha)^{\beta}] = 1/\beta$: "
                       r"$(\lvert X - \mu\rvert/\alpha)^{\beta}$ is $\mathrm{Gamma}(1/\beta, 1)$ "
                       "(Nadarajah 2005, J. Appl. Stat. 32)"),),
        entropy_form=1 / b - sp.log(b) + sp.log(2 * a) + LG(1 / b),
        source=ENTROPY_TABLE,
        quad_support=(m - a * tail_root(b), m + a * tail_root(b)),
        centre=m,
        # on x > mu, u = ((x - mu)/alpha)^beta is Gamma(1/beta, 1): e^-u u^(1/beta - 1) times
        # a linear -ln f, no |x - mu|^beta at mu and no tail cut at e^-3000 for tanh-sinh.
        # For beta <= 8 the mass below tanh-sinh's reach u ~ 10^-60000 is below 10^-7000; a
        # larger beta puts it all there (u^(1/beta - 1)), and the fold in x takes it
        half_change=(Change(u, m + a * u ** (1 / b), ((X - m) / a) ** b,
                            sp.log(a / b) + (1 / b - 1) * sp.log(u), (0, sp.oo),
                            EXPONENTIAL_BREAKS),
                     sp.Le(b, 8), "beta <= 8"),
    )


def _uniform() -> Family:
    lo, hi = real("a", "lower end"), real("b", "upper end", default="1")
    a, b = lo.symbol, hi.symbol
    return Family(
        name="uniform",
        title="Uniform distribution",
        latex=r"\mathcal{U}(a, b)",
        params=(lo, hi),
        pdf=1 / (b - a),
        logpdf=-sp.log(b - a),
        support=(a, b),
        breaks=(),
        expectations=(),
        entropy_form=sp.log(b - a),
        source=ENTROPY_TABLE,
        assumptions=("$a < b$",),
        check=ordered("a", "b"),
    )


def _triangular() -> Family:
    lo, hi = real("a", "lower end"), real("b", "upper end", default="1")
    mode = real("c", "mode", default="1/2")
    a, b, c = lo.symbol, hi.symbol, mode.symbol
    shape = Minimum((X - a) / (c - a), (b - X) / (b - c))
    return Family(
        name="triangular",
        title="Triangular distribution",
        latex=r"\operatorname{Tri}(a, b, c)",
        params=(lo, hi, mode),
        pdf=2 / (b - a) * shape,
        logpdf=sp.log(2) - sp.log(b - a) + sp.log(shape),
        support=(a, b),
        breaks=(c,),
        expectations=((sp.log(shape), -sp.Rational(1, 2),
                       r"$\mathrm{E}[\ln \min(\frac{X-a}{c-a}, \frac{b-X}{b-c})] = -\frac{1}{2}$: "
                       r"on either side of the mode that ratio has density $2u$ on $(0, 1)$, "
                       r"and $\int_{0}^{1} 2u \ln u \, du = -\frac{1}{2}$"),),
        entropy_form=sp.Rational(1, 2) + sp.log((b - a) / 2),
        source=ENTROPY_TABLE,
        assumptions=("$a < c < b$",),
        check=ordered("a", "c", "b"),
    )


REAL_LINE_BUILDERS = {
    "normal": _normal, "laplace": _laplace, "cauchy": _cauchy, "logistic": _logistic,
    "gumbel": _gumbel, "student_t": _student_t, "generalized_normal": _generalized_normal,
    "uniform": _uniform, "triangular": _triangular,
}
"""Each family's builder by its name, in catalog order (built one at a time on first use,
see :data:`symbolic_info.families.FAMILIES`)."""


def real_line_families() -> tuple:
    """The families of this module, in catalog order."""
    return tuple(build() for build in REAL_LINE_BUILDERS.values())
