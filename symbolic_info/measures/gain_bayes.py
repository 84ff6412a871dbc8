"""Bayes' rule at three points, the steps of a conjugate ``information-gain`` a teacher reads.

At each point ``theta = t`` near the posterior's centre the step says: prior(t) x
likelihood(t) / evidence = the conjugate posterior's density at t.  Both sides are written
as a textbook writes them: a binomial coefficient of the likelihood as ``binomial(1000,
400)``, the posterior's normaliser as Gamma values ``Gamma(1004) / (Gamma(402) Gamma(602))``,
a long power of the point as ``(19/50)^400``; not as fractions of two 1700-digit integers.
Small numbers are still evaluated (``6 (19/50)(31/50) = 1767/1250``).  The check evaluates
every kept node exactly (SymPy's expansion rebuilds them; a numeric comparison otherwise),
so what is shown is what is checked.

Sources: Bayes' rule and the conjugate updates, Gelman et al., *Bayesian Data Analysis*,
3rd ed., Secs. 2.4-2.6.

Example
-------
>>> import sympy as sp
>>> p, k = sp.Symbol("p", positive=True), sp.Symbol("k", integer=True, nonnegative=True)
>>> shown_likelihood([sp.binomial(1000, k) * p**k * (1 - p)**(1000 - k)], k, [400])
p**400*(1 - p)**600*binomial(1000, 400)
>>> shown_at(6 * p * (1 - p) * p**400 * (1 - p)**600, p, sp.Rational(19, 50))
6*(19/50)**401*(31/50)**601
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from ..symbolic.substitute import substitute
from .gain_frames import posterior_centre

__all__ = ["check_points", "bayes_steps", "shown_likelihood", "shown_at", "SHOWN_ARGUMENT",
           "SHOWN_BITS"]

SHOWN_ARGUMENT = 4
"""Gamma, ln Gamma, digamma and binomial coefficients of arguments beyond this stay as
written (``ln Gamma(49)``, ``psi(49)``, ``binomial(1000, 400)``), as a textbook shows them,
not as a 61-digit integer and the harmonic number ``H_48 - gamma`` as a 21-digit fraction."""
SHOWN_BITS = 64
"""Exact powers of a rational longer than this many bits (about 19 digits) stay as written:
``(19/50)^400``, not its 700-digit numerator over its denominator."""


def shown_likelihood(densities: list, var, observed) -> sp.Expr:
    """The likelihood of ``observed``: each density (in ``var`` and theta) at its observation,
    multiplied, with costly constants kept as written (``binomial(1000, 400)``)."""
    return sp.Mul(*[substitute(f, {var: x}, small=SHOWN_ARGUMENT)
                    for f, x in zip(densities, observed, strict=True)])


def shown_at(expr, theta, at) -> sp.Expr:
    """``expr`` at ``theta = at``, exact, its large constants and long powers kept as
    written (:data:`SHOWN_ARGUMENT`, :data:`SHOWN_BITS`)."""
    return substitute(expr, {theta: at}, small=SHOWN_ARGUMENT, exact_bits=SHOWN_BITS)


def check_points(c, lo, hi) -> list:
    """Three exact points near the posterior's centre (its mean and mean +- one sd), rounded
    to the power of ten below the sd, so that the checked values print short (7, 10, 13;
    not 6984887/1000000, whose tenth power has 70 digits).  Exact: an sd of 1e-20 around
    2 is below a float's step there.  The mean (rational) is split off exactly: the floor of
    ``(5e299 + sqrt(2)/2) 10 + 1/2`` as a whole exhausted SymPy's precision (observed 1e300)."""
    mean, sd = posterior_centre(c)
    step = sp.Integer(10) ** int(sp.floor(sp.log(sd, 10).evalf(30)))
    q = sp.Rational(mean / step) if (mean / step).is_Rational else None
    out = []
    for j in (-1, 0, 1):
        if q is None:
            r = sp.floor((mean + j * sd) / step + sp.Rational(1, 2)) * step
        else:  # sd/step lies in [1, 10): 30 digits decide the floor of the small part
            whole = sp.floor(q)
            part = (q - whole + j * sd / step + sp.Rational(1, 2)).evalf(30)
            r = (whole + int(sp.floor(part))) * step
        if bool(r > lo) and bool(r < hi) and r not in out:
            out.append(r)
    return out


def bayes_steps(c, prior, likelihood, posterior, theta, lo, hi, reason_of) -> list:
    """One :class:`Step` per point of :func:`check_points`: ``prior x likelihood /
    evidence`` (each as :func:`shown_at` writes it; in LaTeX the product over the evidence)
    equals the ``posterior`` density there; ``reason_of(at)`` is the step's reason."""
    steps = []
    for at in check_points(c, lo, hi):
        shown = (shown_at(prior, theta, at), *sp.Mul.make_args(shown_at(likelihood, theta, at)))
        with sp.evaluate(False):  # (prior x likelihood) / evidence, the evidence below
            lhs = sp.Mul(sp.Mul(*shown), sp.Pow(c.evidence, -1))
        steps.append(Step(lhs, shown_at(posterior, theta, at), reason_of(at)))
    return steps

