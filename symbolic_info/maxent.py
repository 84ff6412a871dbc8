"""Maximum entropy by Lagrange multipliers: the catalog entries ``maxent/*``.

Discrete (finite support, moment constraints) in
:mod:`symbolic_info.maxent_discrete`, continuous (uniform, exponential,
normal) in :mod:`symbolic_info.maxent_continuous`; the numerics of the
discrete problem in :mod:`symbolic_info.maxent_solve`.

Example
-------
>>> sorted(e.name for e in ENTRIES)[:2]
['maxent/discrete-mean', 'maxent/discrete-moments']
"""

from __future__ import annotations

from .maxent_continuous import ENTRIES as _CONTINUOUS
from .maxent_discrete import ENTRIES as _DISCRETE

__all__ = ["ENTRIES"]

ENTRIES = _DISCRETE + _CONTINUOUS
