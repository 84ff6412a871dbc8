"""The distribution language (a public contract: see the README, "Your own distribution").

A distribution is a family call (``normal(0, 1)``, ``poisson(4)``,
``exponential(mean=10)``), a formula on a support (``3*x^2 on [0, 1]``,
``(1/2)^k on k = 1..oo``), a table (``{1: 1/2, 2: 1/4, 3: 1/4}``) or a mixture
(``1/2*normal(-2, 1) + 1/2*normal(2, 1)``).  Expressions are read by the
checker's grammar into an allowlist; nothing is evaluated as Python.

Example
-------
>>> parse_distribution("normal(mu=0, sigma=1)").family
'normal'
"""

from .assume import Bound, parse_assumptions
from .model import Distribution, FamilyCall, Formula, Mixture, Table
from .reader import SymbolTable, parse_distribution

__all__ = ["parse_distribution", "parse_assumptions", "SymbolTable", "Bound", "Formula",
           "Table", "FamilyCall", "Mixture", "Distribution"]
