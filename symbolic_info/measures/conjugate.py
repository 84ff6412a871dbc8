"""Conjugate pairs: the posterior of a hidden parameter in closed form, and the evidence.

A two-line model ``theta ~ prior; x | theta ~ likelihood(theta)`` is recognised
as one of the textbook conjugate pairs (Gelman, Carlin, Stern, Dunson, Vehtari &
Rubin, *Bayesian Data Analysis*, 3rd ed., Secs. 2.4-2.6; Murphy, "Conjugate
Bayesian analysis of the Gaussian distribution", 2007, Sec. 2):

- normal prior on the mean, normal likelihood with known sigma:
  ``1/s1^2 = 1/s0^2 + n/s^2``, ``m1 = s1^2 (m0/s0^2 + sum x / s^2)``;
- gamma (shape ``a``, rate ``b``; the exponential is ``a = 1``) prior, Poisson
  likelihood: ``a1 = a + sum x``, ``b1 = b + n``;
- beta prior, binomial(``N``, p) (or Bernoulli) likelihood:
  ``a1 = a + sum k``, ``b1 = b + n N - sum k``.

Each :class:`Conjugate` gives the posterior as a catalog family with its
parameters, the catalog names and parameters of the entropies and of the KL
divergence, and the evidence ``p(x_1..x_n) = integral prior * likelihood``.

Example
-------
>>> from symbolic_info.language import parse_model
>>> c = conjugate(parse_model("theta ~ exponential(mean=10); x | theta ~ poisson(theta)"),
...               (10,))
>>> c.posterior, c.posterior_params
('gamma', {'k': 11, 'theta': 10/11})
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError

__all__ = ["Conjugate", "conjugate", "PAIRS", "MAX_TRIALS", "MAX_SHAPE"]

MAX_TRIALS = 1000
"""Most trials a beta posterior may lie past its prior: twenty zeros of ``binomial(1000, p)``
count 0 but are 20,000 trials, whose exact checks printed integers of more than 4,300
digits and ended in an internal error."""
MAX_SHAPE = 2000
"""Largest ``alpha + beta`` of a beta posterior and shape of a gamma posterior (prior and
data together): the evidence and the checks carry ``Gamma`` of them as exact integers
(``beta(10000, 10000)``: 77,000 digits, an internal error after 60 s; ``gamma(10000, 1)``
ran past 100 s; a beta posterior of 2,000 verifies in about 7 s of CPU at 50 digits)."""

PAIRS = ("normal-normal (known sigma)", "gamma/exponential-Poisson", "beta-binomial",
         "beta-Bernoulli")
"""The conjugate pairs recognised."""


def _bound_shape(size, what: str) -> None:
    """Refuse a posterior larger than :data:`MAX_SHAPE` in one line.

    >>> _bound_shape(sp.Integer(20000), "beta posterior's alpha + beta")
    Traceback (most recent call last):
    ...
    symbolic_info.core.DerivationError: the beta posterior's alpha + beta is 20000, more ...
    """
    if bool(size > MAX_SHAPE):
        raise DerivationError(f"the {what} is {sp.sstr(size)}, more than {MAX_SHAPE}: too large "
                              "for the exact checks (they carry Gamma of it as an exact number)")


@dataclass(frozen=True)
class Conjugate:
    """A recognised pair at the observations: prior and posterior as catalog families."""

    pair: str
    prior: str
    prior_params: dict
    posterior: str
    posterior_params: dict
    evidence: sp.Expr
    update: str

    def kl_params(self) -> dict:
        """Parameters of ``kl/<family>`` for ``D(posterior || prior)``."""
        out = {f"{k}1": v for k, v in self.posterior_params.items()}
        out.update({f"{k}2": v for k, v in self.prior_params.items()})
        return out


def _beta(a, b):
    """The beta function as gammas: an exact number at integer and half-integer arguments
    (SymPy keeps ``beta(12, 92)`` unevaluated, and its simplifier then takes minutes)."""
    return sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)


def _args(call) -> dict:
    return dict(call.args)


def _gamma_prior(call):
    """``(shape, rate)`` of a gamma or exponential prior."""
    a = _args(call)
    if call.family == "exponential":
        return sp.Integer(1), a["lambda"]
    return a["k"], 1 / a["theta"]


def _observations_in(values, lo, hi, what: str) -> None:
    for v in values:
        if not (v.is_Integer and lo <= v and (hi is None or v <= hi)):
            rng = f"{lo}, {lo + 1}, ..." if hi is None else f"{lo}..{hi}"
            raise DerivationError(f"the observation {v} is outside the support of the "
                                  f"{what} likelihood (integers {rng})")


def conjugate(model, observed: tuple) -> Conjugate | None:
    """The conjugate pair of ``model`` at ``observed`` (exact numbers), or ``None``.

    Raises :class:`DerivationError` for an observation outside the likelihood's support.
    """
    from ..language import FamilyCall

    if len(model.variables) != 2:
        return None
    hidden, obs = model.variables
    prior, lik = hidden.distribution, obs.distribution
    if not (isinstance(prior, FamilyCall) and isinstance(lik, FamilyCall)) \
            or obs.parents != (hidden.name,):
        return None
    theta = hidden.symbol
    la = _args(lik)
    xs = [sp.Rational(v) for v in observed]
    n, total = len(xs), sp.Add(*xs)
    if lik.family == "poisson" and la["lambda"] == theta and prior.family in ("gamma",
                                                                             "exponential"):
        _observations_in(xs, 0, None, "Poisson")
        a, b = _gamma_prior(prior)
        a1, b1 = a + total, b + n
        _bound_shape(a1, "gamma posterior's shape")
        evidence = b**a / sp.gamma(a) * sp.gamma(a1) / b1**a1 \
            / sp.Mul(*[sp.factorial(x) for x in xs])
        return Conjugate("gamma/exponential-Poisson", "gamma", {"k": a, "theta": 1 / b},
                         "gamma", {"k": a1, "theta": 1 / b1}, evidence,
                         f"shape a1 = a + sum x = {a} + {total} = {a1}, rate b1 = b + n = "
                         f"{b} + {n} = {b1}")
    if lik.family in ("binomial", "bernoulli") and la["p"] == theta and prior.family == "beta":
        size = la["n"] if lik.family == "binomial" else sp.Integer(1)
        if size.free_symbols:
            return None
        _observations_in(xs, 0, size, lik.family)
        pa = _args(prior)
        a, b = pa["alpha"], pa["beta"]
        a1, b1 = a + total, b + n * size - total
        if n * size > MAX_TRIALS:
            raise DerivationError(f"the observations amount to {n * size} trials, more than "
                                  f"{MAX_TRIALS}: too large for the exact checks (their "
                                  "factorials)")
        _bound_shape(a1 + b1, "beta posterior's alpha + beta")
        evidence = sp.Mul(*[sp.binomial(size, x) for x in xs]) * _beta(a1, b1) / _beta(a, b)
        return Conjugate(f"beta-{lik.family}", "beta", {"alpha": a, "beta": b}, "beta",
                         {"alpha": a1, "beta": b1}, evidence,
                         f"alpha1 = alpha + sum k = {a} + {total} = {a1}, beta1 = beta + n N "
                         f"- sum k = {b} + {n * size} - {total} = {b1}")
    if lik.family == "normal" and la["mu"] == theta and prior.family == "normal" \
            and not la["sigma"].free_symbols:
        pa = _args(prior)
        m0, s0, s = pa["mu"], pa["sigma"], la["sigma"]
        precision = 1 / s0**2 + n / s**2
        s1 = 1 / sp.sqrt(precision)
        m1 = (m0 / s0**2 + total / s**2) / precision
        squares = sp.Add(*[x**2 for x in xs])
        evidence = (2 * sp.pi * s**2) ** sp.Rational(-n, 2) * s1 / s0 * sp.exp(
            -(squares / s**2 + m0**2 / s0**2 - m1**2 / s1**2) / 2)
        return Conjugate("normal-normal (known sigma)", "normal", {"mu": m0, "sigma": s0},
                         "normal", {"mu": m1, "sigma": s1}, evidence,
                         f"1/sigma1^2 = 1/sigma0^2 + n/sigma^2 = {sp.sstr(precision)}, mu1 = "
                         f"sigma1^2 (mu0/sigma0^2 + sum x/sigma^2) = {sp.sstr(m1)}")
    return None
