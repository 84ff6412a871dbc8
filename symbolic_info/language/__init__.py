"""The distribution language (DESIGN.md, "The problem language").

A distribution is a family call (``normal(0, 1)``, ``poisson(4)``,
``exponential(mean=10)``), a formula on a support (``3*x^2 on [0, 1]``,
``(1/2)^k on k = 1..oo``), a table (``{1: 1/2, 2: 1/4, 3: 1/4}``) or a mixture
(``1/2*normal(-2, 1) + 1/2*normal(2, 1)``).  A model of several variables
(``X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)``) is read by
:func:`parse_model`, a joint law of two (``2 on 0 < y < x < 1``,
``mvnormal([0,0], [[1, rho], [rho, 1]])``) by :func:`parse_joint`.  Expressions are read by the
checker's grammar into an allowlist; nothing is evaluated as Python.

Example
-------
>>> parse_distribution("normal(mu=0, sigma=1)").family
'normal'
"""

from .assume import Bound, parse_assumptions
from .joint_reader import check_covariance, parse_joint
from .model import Distribution, FamilyCall, Formula, Mixture, Table
from .model_check import Support, check_model, conditional_at, substitute, support_of
from .model_reader import parse_model
from .model_types import ConditionalTable, Joint, Model, Variable
from .reader import SymbolTable, parse_distribution

__all__ = ["parse_distribution", "parse_assumptions", "SymbolTable", "Bound", "Formula",
           "Table", "FamilyCall", "Mixture", "Distribution", "parse_model", "parse_joint",
           "Model", "Variable", "ConditionalTable", "Joint", "Support", "support_of",
           "conditional_at", "substitute", "check_model", "check_covariance"]
