"""Where the reference of a conjugate ``information-gain`` integrates, and by which rule.

The conjugate posterior's centre and scale (its mean and standard deviation, exact) place
the general quadrature's cuts and frames and count the digits a narrow or far posterior
costs; a beta-shaped or Gaussian pair takes its own rule (:mod:`.gain_reference`).  The
reference still integrates the model's densities as written: the update only says where.

Example
-------
>>> import sympy as sp
>>> centre_of("beta", {"alpha": sp.Integer(39), "beta": sp.Integer(65)})
(3/8, sqrt(7)/56)
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError
from .gain_reference import (
    BETA_METHOD,
    GAUSSIAN_METHOD,
    beta_gain_reference,
    gaussian_gain_reference,
    quadrature_gain,
)

__all__ = ["posterior_centre", "centre_of", "conjugate_reference", "MAX_LOST_DIGITS"]

MAX_LOST_DIGITS = 400
"""Most digits the reference adds for a narrow or far posterior (``log10(|mean| / sd + |ln
L(mean)|)``): a normal(0, 1) prior and likelihood verify observations up to about 1e200 (1e100
took 5 s of CPU, 1e300, 600 digits, 35 s); beyond, one line says so."""


def posterior_centre(c) -> tuple:
    """The posterior's mean and standard deviation, exact."""
    return centre_of(c.posterior, c.posterior_params)


def centre_of(family: str, p: dict) -> tuple:
    """The mean and standard deviation of a normal, gamma or beta law, exact."""
    if family == "normal":
        return p["mu"], p["sigma"]
    if family == "gamma":
        return p["k"] * p["theta"], sp.sqrt(p["k"]) * p["theta"]
    s = p["alpha"] + p["beta"]
    return p["alpha"] / s, sp.sqrt(p["alpha"] * p["beta"] / (s**2 * (s + 1)))


def _hints(c) -> list:
    """Break points for the reference's quadrature near the posterior (hints only), exact:
    as floats, 2 +- 6e-20 were all 2.0 and the quadrature missed the posterior."""
    mean, sd = posterior_centre(c)
    return [mean + j * sd for j in (-12, -6, -3, -1, 0, 1, 3, 6, 12)]


def _frames(c):
    """The posterior's and the normal prior's centres and scales (:func:`quadrature_gain`),
    or None for the other priors (integrated as written)."""
    if c.prior != "normal":
        return None
    return posterior_centre(c), centre_of(c.prior, c.prior_params)


def _prior_hints(c) -> list:
    """Cuts for h(prior): the posterior's mean, or the prior's own when the posterior lies
    far from it (more than 12 sd of either; h(prior) does not depend on the posterior): a
    normal prior cut at a posterior mean of 5e19 (observed 1e20), or at 0 and 5e19, lost its
    bump at 0 (h(prior) -2.5e-5, the gain -1.07 for ln 2 / 2)."""
    mean, sd = posterior_centre(c)
    m0, s0 = centre_of(c.prior, c.prior_params)
    return [m0] if bool(abs(mean - m0) > 12 * (sd + s0)) else [mean]


def _lost_digits(c, log_lik, theta) -> int:
    """Digits the reference loses to a narrow posterior: ``log10(|mean| / sd)`` of ``theta``
    to its position, and ``log10 |ln L(mean)|`` to the log-likelihood (``-5e39`` at
    ``sigma = 1e-20``), of which only differences of order 1 shape the posterior."""
    mean, sd = posterior_centre(c)
    size = abs(mean) / sd + abs(log_lik.subs(theta, mean)) + 1
    lost = max(0, int(sp.ceiling(sp.log(size, 10).evalf(20))))
    if lost > MAX_LOST_DIGITS:
        raise DerivationError(f"the posterior is too narrow or too far out to be checked by "
                              f"quadrature: its reference would need {lost} extra digits "
                              f"(log10 of |mean|/sd + |ln likelihood| at its mean), at most "
                              f"{MAX_LOST_DIGITS}")
    return lost


def conjugate_reference(c, log_prior, log_lik, theta, lo, hi) -> tuple:
    """The reference from the model as written and its method: a beta-shaped or a
    Gaussian pair by its own rule (:mod:`.gain_reference`), else the general quadrature."""
    beta = beta_gain_reference(log_prior, log_lik, theta, lo, hi)
    if beta is not None:
        return beta, BETA_METHOD
    lost = _lost_digits(c, log_lik, theta)
    gaussian = gaussian_gain_reference(log_prior, log_lik, theta, lo, hi, lost)
    if gaussian is not None:
        return gaussian, GAUSSIAN_METHOD
    # the mean and 6 sd either side: the double-exponential rules resolve a peak inside a
    # piece, and every further cut costs a piece's nodes (65,000 at 1000 digits with nine)
    return (quadrature_gain(log_prior, log_lik, theta, lo, hi, _hints(c)[1::3],
                            extra_digits=lost, prior_hints=_prior_hints(c), frames=_frames(c)),
            "double-exponential quadrature (split near the posterior) of -p ln p for the prior "
            "and for prior x likelihood normalised by its own quadrature, from the model as "
            "written")
