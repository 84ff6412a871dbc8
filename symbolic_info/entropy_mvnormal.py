"""Differential entropy of the multivariate normal N(mu, Sigma) in n dimensions.

``h = 1/2 ln((2 pi e)^n det Sigma)`` (Cover & Thomas, *Elements of
Information Theory*, 2nd ed., Theorem 8.4.1).  The derivation takes the
logarithm of the density, uses linearity, and the one expectation it needs,
``E[(X - mu)^T Sigma^-1 (X - mu)] = tr(Sigma^-1 Sigma) = n``, is checked by
quadrature of the chi-squared(n) law of that quadratic form.  The reference
is independent of both: whiten ``X = mu + L Z`` with the Cholesky factor
``L`` of Sigma (computed numerically), integrate ``-phi ln phi`` for one
standard normal coordinate by quadrature, and add ``ln det L`` (change of
variables: ``h(mu + L Z) = h(Z) + ln |det L|``, ``h(Z) = n h(Z_1)``).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/mvnormal", Sigma="[[2, 1/2], [1/2, 1]]")
>>> d.verified, d.value[:12]
(True, '3.1176849603')
"""

from __future__ import annotations

import random

import sympy as sp

from .core import DerivationError, Step
from .engine import Draft, Entry
from .expectation import Expect, apply_linearity
from .families import QUADRATURE_SPAN
from .named import Named
from .params import real_vector, spd_matrix
from .quadrature import Density, differential_entropy

__all__ = ["mvnormal_entry", "N", "DET", "Q"]

SOURCE = "Cover & Thomas, Elements of Information Theory, 2nd ed., Theorem 8.4.1"
MAX_N = 12
"""Largest dimension accepted (params.py allows matrices up to 12 x 12)."""


N = sp.Symbol("n", positive=True, integer=True)
"""The dimension."""
DET = Named.make("det_Sigma", r"\det\Sigma", positive=True)
"""The determinant of Sigma (a positive number)."""
Q = Named.make("Q", r"(x-\mu)^{\top}\Sigma^{-1}(x-\mu)", positive=True)
"""The quadratic form (x - mu)^T Sigma^-1 (x - mu), the random quantity."""
P = sp.Symbol("P")
_ENTRY = {}


def _size(values: dict) -> int:
    if "Sigma" in values:
        return values["Sigma"].rows
    if "mu" in values:
        return len(values["mu"])
    return 2


def _check(values: dict) -> None:
    sigma, mu = values.get("Sigma"), values.get("mu")
    if sigma is not None and sigma.rows > MAX_N:
        raise DerivationError(f"parameter Sigma is {sigma.rows} x {sigma.rows}; at most {MAX_N}")
    if mu is not None and len(mu) > MAX_N:
        raise DerivationError(f"parameter mu has {len(mu)} entries; at most {MAX_N} (the "
                              f"largest Sigma is {MAX_N} x {MAX_N})")
    if sigma is not None and mu is not None and len(mu) != sigma.rows:
        raise DerivationError(
            f"parameters mu (length {len(mu)}) and Sigma ({sigma.rows} x {sigma.rows}) "
            "break the rule len(mu) = size of Sigma"
        )


def _sample(rng: random.Random, structure: dict) -> dict:
    n = structure["n"]
    a = sp.Matrix(n, n, lambda i, j: sp.Rational(rng.randint(-1000, 1000), 1000))
    sigma = a * a.T + sp.eye(n) / 2
    mu = tuple(sp.Rational(rng.randint(-2000, 2000), 1000) for _ in range(n))
    return {"mu": mu, "Sigma": sigma}


def _entry_symbol(i: int, j: int) -> sp.Symbol:
    return sp.Symbol(f"Sigma_{i}{j}", real=True)


def _bind(values: dict) -> dict:
    """n, det Sigma, and Sigma's entries (for the reference only)."""
    out = {N: sp.Integer(_size(values))}
    sigma = values.get("Sigma")
    if sigma is not None:
        out[DET] = sigma.det()
        out.update({_entry_symbol(i, j): sigma[i, j]
                    for i in range(sigma.rows) for j in range(sigma.rows)})
    return out


def mvnormal_steps(n: int) -> tuple:
    """The unchecked steps for dimension ``n``."""
    pdf = (2 * sp.pi) ** (-N / 2) * DET ** sp.Rational(-1, 2) * sp.exp(-Q / 2)
    logpdf = -N / 2 * sp.log(2 * sp.pi) - sp.log(DET) / 2 - Q / 2
    start = -Expect(sp.log(pdf, evaluate=False), P)
    expanded = -Expect(logpdf, P)
    linear = apply_linearity(expanded, Q)
    substituted = linear.subs(Expect(Q, P), N)
    final = sp.log((2 * sp.pi * sp.E) ** N * DET) / 2
    return (
        Step(start, expanded, "take the logarithm of the density "
             "(2 pi)^(-n/2) det(Sigma)^(-1/2) exp(-Q/2), Q = (x - mu)^T Sigma^-1 (x - mu)"),
        Step(expanded, linear, "linearity of expectation; E[c] = c for a constant c"),
        Step(linear, substituted,
             "E[(X - mu)^T Sigma^-1 (X - mu)] = tr(Sigma^-1 E[(X - mu)(X - mu)^T]) "
             "= tr(Sigma^-1 Sigma) = n; equivalently Q = |L^-1 (X - mu)|^2 is chi-squared(n)"),
        Step(substituted, final, f"collect the logarithms ({SOURCE})"),
    )


def _chi_squared_density(n: int) -> Density:
    """The law of Q (chi-squared with n degrees of freedom), for checking E[Q] = n."""
    half = sp.Rational(n, 2)
    logpdf = (half - 1) * sp.log(Q) - Q / 2 - half * sp.log(2) - sp.log(sp.gamma(half))
    return Density(Q, logpdf, (0, sp.oo), (n, n + 10, n + 60))


def _reference(point: dict, ctx):
    """Whitening: n * h(N(0,1)) by quadrature plus ln det L, L = chol(Sigma) numerically."""
    n = int(point[N])
    z = sp.Symbol("z", real=True)
    std = Density(z, -z**2 / 2 - sp.log(2 * sp.pi) / 2, (-sp.oo, sp.oo), (-8, -2, 0, 2, 8))
    one = differential_entropy(std, ctx)
    sigma = ctx.matrix(n, n)
    for i in range(n):
        for j in range(n):
            value = point[_entry_symbol(i, j)]
            sigma[i, j] = ctx.mpf(int(value.p)) / int(value.q)
    chol = ctx.cholesky(sigma)
    return n * one + ctx.fsum(ctx.log(chol[i, i]) for i in range(n))


def mvnormal_entry() -> Entry:
    """The catalog entry ``entropy/mvnormal``."""

    def build(structure: dict) -> Draft:
        n = structure["n"]
        return Draft(
            quantity="h(X)",
            assumptions=(
                f"X has the {n}-dimensional normal density N(mu, Sigma)",
                "Sigma is symmetric positive-definite",
            ),
            steps=mvnormal_steps(n),
            reference=_reference,
            reference_method="whitening X = mu + L Z with L = cholesky(Sigma) computed "
            "numerically: n times the tanh-sinh quadrature of -phi ln phi for one standard "
            "normal coordinate, plus the sum of ln L_ii (change of variables)",
            densities={P: _chi_squared_density(n)},
        )

    return Entry(
        name="entropy/mvnormal",
        title="Differential entropy of the multivariate normal distribution",
        group="entropy",
        params=(real_vector("mu", "mean vector").spanning(*QUADRATURE_SPAN),
                spd_matrix("Sigma", "covariance matrix").spanning(*QUADRATURE_SPAN)),
        build=build,
        summary=f"h(X) for X ~ N(mu, Sigma) in n dimensions; {SOURCE}",
        structure=lambda values: (("n", _size(values)),),
        sample=_sample,
        bind=_bind,
        check=_check,
    )
