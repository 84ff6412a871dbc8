"""SymPy must take mpmath's integers exactly.

With gmpy2 installed, mpmath keeps an mpf's mantissa as a GMP ``mpz``. SymPy converts an
``mpz`` exactly only under its ``gmpy`` ground types; under ``flint`` (which SymPy picks by
itself once python-flint is installed) ``sympify(mpz(5))`` is the Float ``5.0`` and
``Rational(mpz(1), 3)`` raises. So this module, imported before anything else of the package,
asks for the ``gmpy`` ground types when SymPy is not imported yet (a user's own
``SYMPY_GROUND_TYPES`` is kept), and otherwise teaches SymPy to read an ``mpz`` as the exact
``Integer`` it is.

>>> import gmpy2, sympy
>>> from symbolic_info import ground_types
>>> sympy.sympify(gmpy2.mpz(10) ** 30) == sympy.Integer(10) ** 30
True
"""

import os

os.environ.setdefault("SYMPY_GROUND_TYPES", "gmpy")

import sympy  # noqa: E402  (after the ground types are chosen)
from sympy.core.sympify import converter  # noqa: E402


def _exact_integer(z) -> sympy.Integer:
    return sympy.Integer(int(z))


try:
    import gmpy2
except ImportError:  # mpmath then works with Python's own integers
    gmpy2 = None
if gmpy2 is not None and not isinstance(sympy.sympify(gmpy2.mpz(1)), sympy.Integer):
    converter[type(gmpy2.mpz(0))] = _exact_integer
