"""What a model or a joint distribution of two variables means: frozen data, no computing.

A :class:`Model` is a list of random variables in order, each drawn from a
distribution whose arguments may be expressions of earlier variables
(``X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)``).  A :class:`Joint` is a
joint density on a region of the plane (``x + y on [0,1]^2``,
``2 on 0 < y < x < 1``) or a bivariate normal
(``mvnormal([0,0], [[1, rho], [rho, 1]])``).

Example
-------
>>> from symbolic_info.language import parse_model
>>> m = parse_model("X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)")
>>> m.names, m.variable("Y").parents
(('X', 'Y'), ('X',))
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["ConditionalTable", "Variable", "Model", "Joint"]


@dataclass(frozen=True)
class ConditionalTable:
    """A conditional given case by case for a discrete parent:
    ``{0: bernoulli(eps), 1: bernoulli(1 - eps)}`` is ``((0, call), (1, call))``."""

    parent: str
    cases: tuple
    text: str = ""

    @property
    def discrete(self) -> bool:
        return all(d.discrete for _v, d in self.cases)

    @property
    def free_symbols(self) -> set:
        return set().union(*(d.free_symbols for _v, d in self.cases))

    def case(self, value):
        """The distribution for the parent's ``value`` (``KeyError`` if none)."""
        for v, d in self.cases:
            if v == value:
                return d
        raise KeyError(value)


@dataclass(frozen=True)
class Variable:
    """One line of a model: ``name | parents ~ distribution``.

    ``symbol`` stands for the variable in its children's arguments (its SymPy
    assumptions follow its support: integer, positive or real);
    ``distribution`` is a :data:`~symbolic_info.language.Distribution` or a
    :class:`ConditionalTable`; its free symbols are parameters and the
    parents' symbols.
    """

    name: str
    symbol: sp.Symbol
    parents: tuple
    distribution: object
    text: str = ""

    @property
    def discrete(self) -> bool:
        return bool(self.distribution.discrete)

    @property
    def parameters(self) -> set:
        """Free symbols of the distribution that are not variables."""
        return {s for s in self.distribution.free_symbols if s.name not in self.parents}


@dataclass(frozen=True)
class Model:
    """Random variables in order; each depends only on earlier ones.

    ``parameters`` are the model's other symbols (``mu``, ``rho``, ``eps``).
    """

    variables: tuple
    text: str = ""

    @property
    def names(self) -> tuple:
        return tuple(v.name for v in self.variables)

    def variable(self, name: str) -> Variable:
        """The variable called ``name`` (``KeyError`` if none)."""
        for v in self.variables:
            if v.name == name:
                return v
        raise KeyError(name)

    @property
    def symbols(self) -> dict:
        """Variable name -> its symbol."""
        return {v.name: v.symbol for v in self.variables}

    @property
    def parameters(self) -> tuple:
        """The parameter symbols, sorted by name."""
        out: set = set()
        for v in self.variables:
            out |= v.parameters
        return tuple(sorted(out, key=lambda s: s.name))

    @property
    def is_chain(self) -> bool:
        """True when each variable after the first has exactly the one before as parent."""
        return all(v.parents == (self.variables[i].name,)
                   for i, v in enumerate(self.variables[1:]))


@dataclass(frozen=True)
class Joint:
    """A joint law of ``(x, y)``.

    ``kind`` is ``"density"`` (``density`` on the region ``outer`` between
    ``outer_range``, the other variable between ``inner_range``, whose ends may
    depend on the outer one) or ``"mvnormal"`` (``mean`` a 2-tuple, ``cov`` a
    2x2 ``sp.Matrix``; ``density`` is its density in ``x``, ``y``).
    """

    kind: str
    density: sp.Expr
    x: sp.Symbol
    y: sp.Symbol
    outer: str = "x"
    outer_range: tuple = (-sp.oo, sp.oo)
    inner_range: tuple = (-sp.oo, sp.oo)
    mean: tuple | None = None
    cov: sp.Matrix | None = None
    text: str = ""

    @property
    def discrete(self) -> bool:
        return False

    @property
    def free_symbols(self) -> set:
        out = set(self.density.free_symbols)
        for end in (*self.outer_range, *self.inner_range):
            out |= sp.sympify(end).free_symbols
        return out - {self.x, self.y}

    @property
    def inner(self) -> str:
        return "y" if self.outer == "x" else "x"
