"""Moved to :mod:`symbolic_info.budget` (below every layer, so that ``numeric/`` may bound its
SymPy work too); these names stay importable from here."""

from ..budget import LONGEST, SHORTEST, OutOfTime, time_budget, within

__all__ = ["time_budget", "within", "OutOfTime", "SHORTEST", "LONGEST"]
