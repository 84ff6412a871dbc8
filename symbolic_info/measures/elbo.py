"""The evidence lower bound: the VAE's KL term and the decomposition log p(x) = ELBO + KL.

``elbo/gaussian`` (parameters ``mu``, ``sigma``: vectors of the same length) is
KL(N(mu, diag sigma^2) || N(0, I)) = -1/2 sum_i (1 + ln sigma_i^2 - mu_i^2 - sigma_i^2),
the regulariser of every variational autoencoder (Kingma & Welling, *Auto-Encoding
Variational Bayes*, ICLR 2014, Appendix B): per coordinate, E_q[ln q - ln p] with
E_q[(z - mu)^2] = sigma^2 and E_q[z^2] = sigma^2 + mu^2, summed because the
coordinates are independent.  Reference: each coordinate's KL by quadrature of
q ln(q/p) from the densities (trapezoidal rule in the standardised variable), summed.

``elbo/decomposition`` derives log p(x) = ELBO(q) + KL(q(z) || p(z|x)) from Bayes'
rule p(z|x) = p(x|z) p(z) / p(x) (Bishop, *Pattern Recognition and Machine Learning*,
2006, eq. (10.2); Blei, Kucukelbir & McAuliffe, *Variational Inference: A Review for
Statisticians*, JASA 2017, eqs. (12)-(13)) and ELBO = E_q[log p(x|z)] - KL(q(z) ||
p(z)), in the conjugate model z ~ N(0, tau^2), x | z ~ N(z, sigma^2) with the
variational q(z) = N(m, s^2).  Its value is the ELBO of the given q; the extras
give log p(x) and the ELBO, each computed by its own quadrature, the KL gap from the
closed form of the KL of two normals (without cancellation: a q next to the posterior keeps
every digit), and their sum.  Reference: the ELBO by quadrature of
q(z) [ln p(x|z) + ln p(z) - ln q(z)].

Example
-------
>>> from symbolic_info import derive
>>> d = derive("elbo/gaussian", mu="0.5,-1", sigma="1,0.5")
>>> d.value[:8], d.verified
('0.943147', True)
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.context import new_context, to_decimal, to_mpf
from ..numeric.gauss_trapezoid import gauss_trapezoid
from ..numeric.log_terms import divergence_term
from ..params import Param, positive, random_decimal, real, shorten

__all__ = ["ENTRIES", "vae_kl_expr", "expect_quadratic", "posterior_kl", "MAX_DIM"]

MAX_DIM = 16
"""Most latent dimensions of elbo/gaussian."""
SPAN = (sp.Rational(1, 1000), sp.Integer(1000))
"""Magnitudes of mu (when not 0) and sigma that the quadrature reference verifies."""


def _vector_test(name, positive_entries):
    def test(v) -> bool:
        if not 1 <= len(v) <= MAX_DIM:
            raise DerivationError(f"parameter {name}: give 1 to {MAX_DIM} entries, not {len(v)}")
        for i, x in enumerate(v, start=1):
            if positive_entries and x <= 0:
                raise DerivationError(f"parameter {name}: entry {i} = {shorten(x, 30)} is not "
                                      "positive (a standard deviation)")
            if x != 0 and not SPAN[0] <= abs(x) <= SPAN[1]:
                raise DerivationError(f"parameter {name}: entry {i} = {shorten(x, 30)} is "
                                      "outside 1e-3 <= |entry| <= 1e3 (or 0 for mu), the range "
                                      "verified numerically")
        return True

    return test


class _VectorParam(Param):
    """A list parameter where one number is read as a list of one (a 1-D latent)."""

    def parse(self, text):
        if isinstance(text, str) and "," not in text and not text.strip().startswith("["):
            text = f"[{text}]"
        return super().parse(text)


MU = _VectorParam("mu", "the encoder's means mu_1, ..., mu_d",
           rf"$\mu$ is a list of 1 to {MAX_DIM} real numbers ($\mu_i = 0$ or "
           r"$10^{-3} \le \lvert \mu_i \rvert \le 10^{3}$)",
           _vector_test("mu", False), lambda rng: (random_decimal(rng, -1, 1),) * 2,
           "0.5,-1", None, "vector")
SIGMA = _VectorParam("sigma", "the encoder's standard deviations sigma_1, ..., sigma_d",
              rf"$\sigma$ is a list of 1 to {MAX_DIM} numbers with "
              r"$10^{-3} \le \sigma_i \le 10^{3}$",
              _vector_test("sigma", True), lambda rng: (random_decimal(rng, 0.3, 2),) * 2,
              "1,0.5", None, "vector")


@lru_cache(maxsize=32)
def _symbols(d: int) -> tuple:
    return (tuple(sp.Symbol(f"m{i}", real=True) for i in range(1, d + 1)),
            tuple(sp.Symbol(f"s{i}", positive=True) for i in range(1, d + 1)))


def vae_kl_expr(d: int) -> sp.Expr:
    """``-1/2 sum (1 + ln s_i^2 - m_i^2 - s_i^2)`` in the symbols ``m_i, s_i``.

    >>> vae_kl_expr(1)
    m1**2/2 + s1**2/2 - log(s1**2)/2 - 1/2
    """
    m, s = _symbols(d)
    return -sp.Rational(1, 2) * sp.Add(*[1 + sp.log(si**2) - mi**2 - si**2
                                         for mi, si in zip(m, s, strict=True)])


def _gaussian_check(values) -> None:
    if "mu" in values and "sigma" in values and len(values["mu"]) != len(values["sigma"]):
        raise DerivationError(f"parameters mu and sigma have different lengths "
                              f"({len(values['mu'])} and {len(values['sigma'])})")


def _gaussian_structure(values) -> tuple:
    for k in ("mu", "sigma"):
        if k in values:
            return (("d", len(values[k])),)
    return (("d", 2),)


def _gaussian_sample(rng, s) -> dict:
    d = s["d"]
    return {"mu": tuple(random_decimal(rng, -2, 2) for _ in range(d)),
            "sigma": tuple(random_decimal(rng, 0.2, 3) for _ in range(d))}


def _gaussian_bind(values) -> dict:
    d = len(values.get("mu", values.get("sigma", ())))
    if not d:
        return {}
    m, s = _symbols(d)
    out = {}
    if "mu" in values:
        out.update(zip(m, values["mu"], strict=True))
    if "sigma" in values:
        out.update(zip(s, values["sigma"], strict=True))
    return out


def _gaussian_steps(d: int) -> tuple:
    m, s = _symbols(d)
    half = sp.Rational(1, 2)
    expected = sp.Add(*[-sp.log(si) - sp.Mul(si**2, 1 / (2 * si**2), evaluate=False)
                        + (si**2 + mi**2) / 2 for mi, si in zip(m, s, strict=True)])
    per = sp.Add(*[-sp.log(si) - half + (si**2 + mi**2) / 2 for mi, si in zip(m, s, strict=True)])
    return (
        Step(expected, per,
             r"per coordinate, $\ln q(z_i) - \ln p(z_i) = -\ln \sigma_i - "
             r"\frac{(z_i - \mu_i)^{2}}{2 \sigma_i^{2}} + \frac{z_i^{2}}{2}$ (the "
             r"$\frac{1}{2} \ln 2 \pi$ cancels); under $q$, $\mathrm{E}[(z_i - \mu_i)^{2}] = "
             r"\sigma_i^{2}$ and $\mathrm{E}[z_i^{2}] = \sigma_i^{2} + \mu_i^{2}$; the "
             "coordinates are independent, so the KLs add"),
        Step(per, vae_kl_expr(d),
             r"collect with $\ln \sigma_i = \frac{1}{2} \ln \sigma_i^{2}$: "
             r"$\mathrm{KL} = -\frac{1}{2} \sum_i (1 + \ln \sigma_i^{2} - \mu_i^{2} - "
             r"\sigma_i^{2})$ (Kingma & Welling 2014, Appendix B)"),
    )


def expect_quadratic(mean, sd, g, work):
    """E[g(z)] for z ~ N(mean, sd^2) and a quadratic ``g``, by the trapezoidal rule in the
    standardised variable (:func:`~symbolic_info.numeric.quadrature.gauss_trapezoid`; the
    coefficient bounds it needs come from ``g`` at mean and mean +- sd, doubled)."""
    g0, gp, gm = g(mean), g(mean + sd), g(mean - sd)
    bounds = (2 * abs(g0) + 1, abs(gp - gm) + 1, abs(gp + gm - 2 * g0) + 1)
    value, _ = gauss_trapezoid(lambda u: work.exp(-u * u / 2) / work.sqrt(2 * work.pi)
                               * g(mean + sd * u), bounds, work)
    return value


def _normal_kl_quadrature(mean, sd, ctx):
    """KL(N(mean, sd^2) || N(0, 1)) by quadrature of q ln(q/p), from the densities."""
    work = new_context(ctx.dps + 20)
    a, b = to_mpf(mean, work), to_mpf(sd, work)
    log_b = work.log(b)

    def log_ratio(z):
        return -log_b - (z - a) ** 2 / (2 * b * b) + z * z / 2

    return ctx.mpf(expect_quadratic(a, b, log_ratio, work))


def _gaussian_build(s) -> Draft:
    d = s["d"]
    m, sd = _symbols(d)

    def reference(point, ctx):
        return ctx.fsum(_normal_kl_quadrature(point[mi], point[si], ctx)
                        for mi, si in zip(m, sd, strict=True))

    return Draft(
        quantity=r"D(q \| p)",
        assumptions=(r"$q(z) = \mathcal{N}(\mu, \mathrm{diag}(\sigma^{2}))$ in "
                     f"{d} dimensions, the encoder's output",
                     r"$p(z) = \mathcal{N}(0, I)$, the prior", r"$\sigma_i > 0$"),
        steps=_gaussian_steps(d),
        reference=reference,
        reference_method="each coordinate's KL(N(mu_i, sigma_i^2) || N(0, 1)) as E_q[ln q - ln p] "
        "from the two log-densities, by the trapezoidal rule in the standardised variable "
        "(strip and tail bounds below the working precision; 20 guard digits), summed",
    )


# ---------------------------------------------------------------- the decomposition

X = real("x", "the observed value", "1")
TAU = positive("tau", "prior standard deviation: z ~ N(0, tau^2)", "1")
NOISE = positive("sigma", "likelihood standard deviation: x | z ~ N(z, sigma^2)", "1")
QM = real("m", "mean of the variational q(z) = N(m, s^2)", "1/4")
QS = positive("s", "standard deviation of q(z)", "1/2")
Z = sp.Symbol("z", real=True)


def _log_normal(x, mean, var):
    return -sp.log(2 * sp.pi * var) / 2 - (x - mean) ** 2 / (2 * var)


def _model():
    x, tau, sig, m, s = (p.symbol for p in (X, TAU, NOISE, QM, QS))
    v = tau**2 + sig**2
    post_var = tau**2 * sig**2 / v
    post_mean = tau**2 * x / v
    log_px = _log_normal(x, 0, v)
    expected_lik = -sp.log(2 * sp.pi * sig**2) / 2 - ((x - m) ** 2 + s**2) / (2 * sig**2)
    kl_prior = sp.log(tau / s) + (s**2 + m**2) / (2 * tau**2) - sp.Rational(1, 2)
    kl_post = (sp.log(sp.sqrt(post_var) / s) + (s**2 + (m - post_mean) ** 2) / (2 * post_var)
               - sp.Rational(1, 2))
    neg_entropy = -sp.log(2 * sp.pi * sp.E * s**2) / 2
    expected_prior = -sp.log(2 * sp.pi * tau**2) / 2 - (m**2 + s**2) / (2 * tau**2)
    return dict(x=x, tau=tau, sig=sig, m=m, s=s, v=v, post_var=post_var, post_mean=post_mean,
                log_px=log_px, expected_lik=expected_lik, kl_prior=kl_prior, kl_post=kl_post,
                neg_entropy=neg_entropy, expected_prior=expected_prior)


def _decomposition_steps() -> tuple:
    k = _model()
    bayes_rhs = (_log_normal(k["x"], Z, k["sig"] ** 2) + _log_normal(Z, 0, k["tau"] ** 2)
                 - _log_normal(Z, k["post_mean"], k["post_var"]))
    elbo_def = k["expected_lik"] + k["expected_prior"] - k["neg_entropy"]
    elbo = k["expected_lik"] - k["kl_prior"]
    return (
        Step(k["log_px"], bayes_rhs,
             r"Bayes' rule $p(z \mid x) = p(x \mid z) p(z)/p(x)$, so $\log p(x) = "
             r"\log p(x \mid z) + \log p(z) - \log p(z \mid x)$ for every $z$; here "
             r"$p(x) = \mathcal{N}(0, \tau^{2} + \sigma^{2})$ and the posterior is "
             r"$\mathcal{N}(\frac{\tau^{2} x}{\tau^{2} + \sigma^{2}}, "
             r"\frac{\tau^{2} \sigma^{2}}{\tau^{2} + \sigma^{2}})$"),
        Step(k["log_px"], elbo_def + k["kl_post"],
             r"average over $z \sim q$ (the left side does not depend on $z$) and add and "
             r"subtract $\mathrm{E}_q[\log q(z)]$: $\log p(x) = \mathrm{E}_q[\log p(x, z) - "
             r"\log q(z)] + \mathrm{E}_q[\log q(z) - \log p(z \mid x)] = \mathrm{ELBO}(q) + "
             r"\mathrm{KL}(q \| p(z \mid x))$ (Gaussian expectations $\mathrm{E}_q[z] = m$, "
             r"$\mathrm{E}_q[z^{2}] = m^{2} + s^{2}$)"),
        Step(k["kl_post"], k["log_px"] - elbo,
             r"the gap $\log p(x) - \mathrm{ELBO}(q)$ is $\mathrm{KL}(q \| p(z \mid x)) \ge 0$: "
             "the ELBO is a lower bound, "
             "tight exactly when q is the posterior"),
        Step(elbo_def, elbo,
             r"$\mathrm{ELBO} = \mathrm{E}_q[\log p(x \mid z)] + \mathrm{E}_q[\log p(z) - "
             r"\log q(z)] = \mathrm{E}_q[\log p(x \mid z)] - \mathrm{KL}(q(z) \| p(z))$: "
             "reconstruction minus the prior KL"),
    )


def _log_evidence(x, tau, sig, work):
    """ln p(x) = ln of the integral of N(z; 0, tau^2) N(x; z, sig^2) dz, by tanh-sinh
    quadrature of that definition in ``u = (z - pm)/sqrt(pv)``: the variable centred and
    scaled where the product's mass lies (``pm``, ``pv`` the posterior's mean and variance,
    Bishop, PRML, 2006, eq. (2.116)).  In ``z`` itself, a prior 1e-30 wide inside a
    likelihood 1e30 wide (or the reverse) is a spike that the rule split at 0 half missed:
    log p(x) came out wrong from its 9th digit (finding A9, session 10)."""
    log_n = _log_normal_at(work)
    pv = tau**2 * sig**2 / (tau**2 + sig**2)
    pm = tau**2 * x / (tau**2 + sig**2)
    w = work.sqrt(pv)

    def f(u):
        z = pm + w * u
        return work.exp(log_n(z, 0, tau) + log_n(x, z, sig)) * w
    return work.log(work.quad(f, [-work.inf, 0, work.inf]))


def _log_normal_at(work):
    def log_n(y, mean, sd):
        return -work.log(2 * work.pi * sd * sd) / 2 - (y - mean) ** 2 / (2 * sd * sd)
    return log_n


def _point_values(point, work):
    return tuple(to_mpf(point[p.symbol], work) for p in (X, TAU, NOISE, QM, QS))


@lru_cache(maxsize=64)
def _elbo_by_quadrature(key: tuple, dps: int):
    """ELBO = E_q[ln p(x|z) + ln p(z) - ln q(z)] by quadrature (``key``: x, tau, sigma, m, s)."""
    work = new_context(dps + 20)
    x, tau, sig, m, s = (to_mpf(v, work) for v in key)
    c_lik = -work.log(2 * work.pi * sig * sig) / 2
    c_prior = -work.log(2 * work.pi * tau * tau) / 2
    c_q = -work.log(2 * work.pi * s * s) / 2

    def g(z):
        return (c_lik - (x - z) ** 2 / (2 * sig * sig) + c_prior - z * z / (2 * tau * tau)
                - c_q + (z - m) ** 2 / (2 * s * s))

    return expect_quadratic(m, s, g, work)


def _key(point) -> tuple:
    return tuple(sp.Rational(point[p.symbol]) for p in (X, TAU, NOISE, QM, QS))


def posterior_kl(point, ctx):
    """KL(q || p(z|x)) = (r - 1 - ln r + (m - pm)^2/pv)/2 with r = s^2/pv, the KL of two
    normals (Bishop, PRML, 2006, eq. (2.116) for the posterior N(pm, pv); the KL of two normals
    as in Kullback, *Information Theory and Statistics*, 1959, Ch. 9), from the exact inputs:
    r - 1 - ln r by :func:`~symbolic_info.numeric.log_terms.divergence_term` and the squared
    shift as an exact fraction, so a q next to the posterior keeps every digit (as a difference
    of two quadratures it had an absolute noise floor near 1e-57).

    >>> from symbolic_info.numeric.context import new_context
    >>> values = ("25", "3", "4", "9.000000000000001", "12/5")
    >>> pt = {p.symbol: sp.Rational(v) for p, v in zip((X, TAU, NOISE, QM, QS), values)}
    >>> new_context(30).nstr(posterior_kl(pt, new_context(30)), 20)
    '8.6805555555555555556e-32'
    """
    x, tau, sig, m, s = _key(point)
    pv = tau**2 * sig**2 / (tau**2 + sig**2)
    pm = tau**2 * x / (tau**2 + sig**2)
    return (divergence_term(1, s**2 / pv, ctx) + to_mpf((m - pm) ** 2 / pv, ctx)) / 2


def _numbers(point, ctx):
    """``(log p(x), ELBO, KL(q || posterior))`` on ``ctx``: log p(x) and the ELBO each by
    its own quadrature, the KL by :func:`posterior_kl`."""
    work = new_context(ctx.dps + 20)
    x, tau, sig, m, s = _point_values(point, work)
    elbo = _elbo_by_quadrature(_key(point), ctx.dps)
    evidence = _log_evidence(x, tau, sig, work)
    return ctx.mpf(evidence), ctx.mpf(elbo), posterior_kl(point, ctx)


def _decomposition_extras(given, ctx, dps, _units):
    shown = min(dps, 30)
    ctx = new_context(shown + 5)  # the extras show at most 30 digits
    # ELBO + KL cancels the KL's magnitude (1e59 for q far wider than a 1e-30 posterior):
    # that many digits more, or the sum is noise (finding A9, session 10)
    size = abs(posterior_kl(given, ctx))
    ctx = new_context(shown + 5 + (max(0, int(ctx.log10(size))) if size > 1 else 0))
    evidence, elbo, gap = _numbers(given, ctx)
    return {"decomposition": {
        "log_p_x": to_decimal(evidence, shown, ctx),
        "elbo": to_decimal(elbo, shown, ctx),
        "kl_q_posterior": to_decimal(gap, shown, ctx),
        "elbo_plus_kl": to_decimal(elbo + gap, shown, ctx),
        "note": "in nats; log p(x) and the ELBO by separate quadratures, the KL from the "
                "normals' closed form (r - 1 - ln r + (m - pm)^2/pv)/2, r = s^2/pv, without "
                "cancellation; ELBO + KL equals log p(x)",
    }}


def _decomposition_sample(rng, s) -> dict:
    out = {p.name: p.sample(rng) for p in (X, TAU, NOISE, QM, QS)}
    out["z"] = random_decimal(rng, -2, 2)
    return out


def _decomposition_bind(values) -> dict:
    out = {p.symbol: values[p.name] for p in (X, TAU, NOISE, QM, QS) if p.name in values}
    if "z" in values:
        out[Z] = values["z"]
    return out


def _decomposition_build(_s) -> Draft:
    return Draft(
        quantity=r"\mathrm{ELBO}(q)",
        assumptions=(r"$z \sim \mathcal{N}(0, \tau^{2})$ (prior), "
                     r"$x \mid z \sim \mathcal{N}(z, \sigma^{2})$ (likelihood), $x$ observed",
                     r"$q(z) = \mathcal{N}(m, s^{2})$, the variational distribution",
                     r"$\tau, \sigma, s > 0$"),
        steps=_decomposition_steps(),
        reference=lambda point, ctx: ctx.mpf(_elbo_by_quadrature(_key(point), ctx.dps)),
        reference_method="ELBO = E_q[ln p(x|z) + ln p(z) - ln q(z)] from the three "
        "log-densities, by the trapezoidal rule over z ~ q in the standardised variable (20 "
        "guard digits); the extras give log p(x) (tanh-sinh quadrature of p(x|z) p(z)) and "
        "KL(q || p(z|x)) from the KL of two normals written without cancellation",
        extras=_decomposition_extras,
    )


ENTRIES = (
    Entry(
        name="elbo/gaussian",
        title="VAE KL term: KL(N(mu, diag sigma^2) || N(0, I))",
        group="machine learning",
        params=(MU, SIGMA),
        build=_gaussian_build,
        summary="-1/2 sum (1 + ln sigma^2 - mu^2 - sigma^2); Kingma & Welling (2014), "
        "Appendix B",
        structure=_gaussian_structure,
        sample=_gaussian_sample,
        bind=_gaussian_bind,
        check=_gaussian_check,
    ),
    Entry(
        name="elbo/decomposition",
        title="ELBO: log p(x) = ELBO(q) + KL(q || p(z|x))",
        group="machine learning",
        params=(X, TAU, NOISE, QM, QS),
        build=_decomposition_build,
        summary="from Bayes' rule; ELBO = E_q[log p(x|z)] - KL(q || p(z)), in a normal-normal "
        "model; Bishop (2006), eq. (10.2); Blei et al. (2017)",
        sample=_decomposition_sample,
        bind=_decomposition_bind,
    ),
)
