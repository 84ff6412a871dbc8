"""Declarative table of continuous distribution families.

A family is data: parameters with SymPy assumptions, the density as a
textbook writes it, its logarithm in expanded form, the support, break
points for quadrature, the expectations the entropy derivation needs (each
with its reason) and the textbook form of the entropy.  Adding a family is
adding an entry to :data:`FAMILIES`; no new code path.

Example
-------
>>> fam = FAMILIES["normal"]
>>> [p.name for p in fam.params]
['mu', 'sigma']
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .params import positive, real
from .quadrature import Density

__all__ = ["Family", "FAMILIES", "X"]

X = sp.Symbol("x", real=True)
"""The random variable's symbol in every family's density."""


@dataclass(frozen=True)
class Family:
    """One distribution family (see the module docstring).

    ``expectations`` is a tuple of ``(g, E[g(X)], reason)`` triples;
    ``source`` cites where the entropy formula is tabulated.
    """

    name: str
    title: str
    latex: str
    params: tuple
    pdf: sp.Expr
    logpdf: sp.Expr
    support: tuple
    breaks: tuple
    expectations: tuple
    entropy_form: sp.Expr
    source: str
    assumptions: tuple = ()

    def density(self) -> Density:
        """The numeric view of this family (log-density, support, breaks)."""
        return Density(X, self.logpdf, self.support, self.breaks)

    def symbol(self, name: str) -> sp.Symbol:
        return next(p.symbol for p in self.params if p.name == name)


def _normal() -> Family:
    mu = real("mu", "mean")
    sigma = positive("sigma", "standard deviation")
    m, s = mu.symbol, sigma.symbol
    return Family(
        name="normal",
        title="Normal distribution",
        latex=r"\mathcal{N}(\mu, \sigma^2)",
        params=(mu, sigma),
        pdf=sp.exp(-((X - m) ** 2) / (2 * s**2)) / (sp.sqrt(2 * sp.pi) * s),
        logpdf=-sp.log(2 * sp.pi) / 2 - sp.log(s) - (X - m) ** 2 / (2 * s**2),
        support=(-sp.oo, sp.oo),
        breaks=(m - 8 * s, m - 2 * s, m, m + 2 * s, m + 8 * s),
        expectations=(((X - m) ** 2, s**2, "the variance: E[(X - mu)^2] = sigma^2"),),
        entropy_form=sp.log(2 * sp.pi * sp.E * s**2) / 2,
        source="Cover & Thomas, Elements of Information Theory, 2nd ed., Example 8.1.2",
    )


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
        breaks=(1 / lam, 4 / lam, 16 / lam),
        expectations=((X, 1 / lam, "the mean: E[X] = 1/lambda"),),
        entropy_form=1 - sp.log(lam),
        source="Cover & Thomas, Elements of Information Theory, 2nd ed., Example 8.1.1 "
        "and Table 17.1",
        assumptions=("support x >= 0",),
    )


FAMILIES = {f.name: f for f in (_normal(), _exponential())}
