"""symbolic_info: information-theory derivations, derived by SymPy and verified by mpmath.

>>> from symbolic_info import derive
>>> d = derive("entropy/normal", sigma="2")
>>> d.verified
True
"""

import sys

from .catalog import catalog, derive
from .core import Check, Derivation, DerivationError, Step, Verification

__all__ = ["derive", "catalog", "Derivation", "DerivationError", "Step", "Check", "Verification"]
__version__ = "0.1.0"

MAX_INT_DIGITS = 50_000
"""Digits Python may convert between int and str here (its default is 4,300): a
gamma(2500, 1/125) puts 125^2500, 5,243 digits, into the steps shown.  str() of 50,000
digits takes 33 ms (measured), so the guard against quadratic conversions stays."""
if 0 < sys.get_int_max_str_digits() < MAX_INT_DIGITS:
    sys.set_int_max_str_digits(MAX_INT_DIGITS)
