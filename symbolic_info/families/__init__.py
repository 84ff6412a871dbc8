"""Declarative table of continuous distribution families.

A family is data (:class:`Family`): parameters with SymPy assumptions, the
density as a textbook writes it, its logarithm as a sum of terms, the
support, break points for quadrature, the expectations the entropy
derivation needs (each with its reason) and the tabulated entropy.  Adding
a family is adding an entry to a module of :mod:`symbolic_info.families`;
no new code path.  The multivariate normal is not a one-dimensional density
and lives in :mod:`symbolic_info.measures.entropy`.

Example
-------
>>> fam = FAMILIES["normal"]
>>> [p.name for p in fam.params]
['mu', 'sigma']
>>> len(FAMILIES)
21
"""

from __future__ import annotations

from dataclasses import replace

from ..lazy_table import LazyTable
from .base import TAIL, XP, Family, X
from .positive_line import POSITIVE_LINE_BUILDERS
from .real_line import REAL_LINE_BUILDERS

__all__ = ["Family", "FAMILIES", "X", "XP", "TAIL", "QUADRATURE_SPAN"]

QUADRATURE_SPAN = ("1e-100", "1e100")
"""Magnitudes of non-zero parameter values that the families' quadrature references verify
within the time budget (a family's data may narrow it for one parameter, see
:attr:`symbolic_info.params.Param.span`): beyond, the working precision needed to resolve
the density grows with the exponent (``Gamma(k = 10^400)`` needs 470 digits, 30 s)."""


def _spanned(family: Family) -> Family:
    params = tuple(p if p.span else p.spanning(*QUADRATURE_SPAN) for p in family.params)
    return replace(family, params=params)


def _built(name: str, builder) -> Family:
    family = builder()
    if family.name != name:
        raise ValueError(f"the builder listed as {name!r} makes the family {family.name!r}")
    return _spanned(family)


_BUILDERS = {**REAL_LINE_BUILDERS, **POSITIVE_LINE_BUILDERS}
FAMILIES = LazyTable({name: (lambda name=name, builder=builder: _built(name, builder))
                      for name, builder in _BUILDERS.items()})
"""Every one-dimensional family by catalog name (``entropy/<name>``), each built on its first
lookup (:class:`~symbolic_info.lazy_table.LazyTable`): deriving one entry builds its family
only."""
