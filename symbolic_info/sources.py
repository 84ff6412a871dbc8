"""The references that steps and docstrings cite, written once.

A step's reason names its source; the book most of them cite is spelled here so every module
writes it the same way.

>>> from symbolic_info.sources import COVER_THOMAS
>>> f"{COVER_THOMAS}, Theorem 2.6.3"
'Cover & Thomas, Elements of Information Theory, 2nd ed., Theorem 2.6.3'
"""

COVER_THOMAS = "Cover & Thomas, Elements of Information Theory, 2nd ed."
"""T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006."""

ENTROPY_TABLE = f"{COVER_THOMAS}, Table 17.1 (Lazo & Rathie 1978)"
"""The table of differential entropies (Cover & Thomas, Table 17.1, after Lazo & Rathie, IEEE
Trans. Inf. Theory 24 (1978) 120-122)."""
