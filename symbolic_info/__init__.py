"""symbolic_info: information-theory derivations, derived by SymPy and verified by mpmath.

>>> from symbolic_info import derive
>>> d = derive("entropy/normal", sigma="2")
>>> d.verified
True
"""

from . import ground_types  # noqa: F401  (first: before SymPy is imported)
from .catalog import catalog, derive
from .core import Check, Derivation, DerivationError, Step, Verification

__all__ = ["derive", "catalog", "Derivation", "DerivationError", "Step", "Check", "Verification"]
__version__ = "0.1.0"

