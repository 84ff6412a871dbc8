"""What a distribution spec means: formulas, tables, family calls, mixtures.

All four are frozen data; nothing here computes.  A :class:`FamilyCall` can
be written out as a :class:`Formula` (continuous families, Poisson, geometric,
binomial) or a :class:`Table` (Bernoulli, categorical).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.families import XP
>>> f = Formula(3 * XP**2, XP, sp.Integer(0), sp.Integer(1), text="3*x^2 on [0, 1]")
>>> f.support_latex()
'[0, 1]'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Formula", "Table", "FamilyCall", "Mixture", "Simplex", "Distribution"]


@dataclass(frozen=True)
class Formula:
    """``density`` in ``var`` on ``lo <= var <= hi`` (integers when ``discrete``)."""

    density: sp.Expr
    var: sp.Symbol
    lo: sp.Expr
    hi: sp.Expr
    discrete: bool = False
    text: str = ""

    def support_latex(self) -> str:
        """The support as written in a textbook: ``[0, \\infty)`` or ``k = 1, 2, \\dots``."""
        lo, hi = sp.latex(self.lo), sp.latex(self.hi)
        if self.discrete:
            if self.hi is sp.oo:
                return rf"{sp.latex(self.var)} = {lo}, {sp.latex(self.lo + 1)}, \dots"
            return rf"{sp.latex(self.var)} = {lo}, \dots, {hi}"
        left = "(" if self.lo is -sp.oo else "["
        right = ")" if self.hi is sp.oo else "]"
        return f"{left}{lo}, {hi}{right}"

    @property
    def free_symbols(self) -> set:
        """The parameters (the variable excluded)."""
        return (self.density.free_symbols | sp.sympify(self.lo).free_symbols
                | sp.sympify(self.hi).free_symbols) - {self.var}


@dataclass(frozen=True)
class Table:
    """A pmf given value by value: ``((value, probability), ...)``."""

    items: tuple
    text: str = ""
    discrete: bool = True

    @property
    def free_symbols(self) -> set:
        return set().union(*(sp.sympify(p).free_symbols for _v, p in self.items))


@dataclass(frozen=True)
class Simplex:
    """A Dirichlet law on the probability simplex ``p_1 + ... + p_K = 1``, ``p_j > 0``:
    density ``prod p_j^(a_j - 1) / B(a)`` with ``B(a) = prod Gamma(a_j) / Gamma(a_0)``,
    ``a_0 = sum a_j`` (Kotz, Balakrishnan & Johnson, *Continuous Multivariate
    Distributions* vol. 1, 2nd ed., ch. 49).  A vector, so it is only the prior of a
    model's first line (``p ~ dirichlet(1, 1, 1); x | p ~ categorical(p)``)."""

    alphas: tuple
    text: str = ""
    discrete: bool = False

    @property
    def free_symbols(self) -> set:
        return set().union(*(sp.sympify(a).free_symbols for a in self.alphas))


@dataclass(frozen=True)
class FamilyCall:
    """A catalog family with its arguments ``((name, value), ...)`` in the catalog's order.

    ``form`` is the same distribution as a :class:`Formula` or :class:`Table`.
    """

    family: str
    args: tuple
    discrete: bool
    form: object
    text: str = ""

    @property
    def free_symbols(self) -> set:
        return set().union(*(sp.sympify(v).free_symbols for _n, v in self.args))


@dataclass(frozen=True)
class Mixture:
    """``sum of weight_i * component_i``; the weights sum to 1."""

    parts: tuple
    text: str = ""

    @property
    def discrete(self) -> bool:
        return all(c.discrete for _w, c in self.parts)

    @property
    def free_symbols(self) -> set:
        out: set = set()
        for w, c in self.parts:
            out |= sp.sympify(w).free_symbols | c.free_symbols
        return out


Distribution = Formula | Table | FamilyCall | Mixture
"""Any of the four forms."""
