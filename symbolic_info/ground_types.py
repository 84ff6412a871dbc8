"""SymPy must take mpmath's integers exactly.

With gmpy2 installed, mpmath keeps an mpf's mantissa as a GMP ``mpz``. SymPy converts an
``mpz`` exactly only under its ``gmpy`` ground types; under ``flint`` (which SymPy picks by
itself once python-flint is installed) ``sympify(mpz(5))`` is the Float ``5.0`` and
``Rational(mpz(1), 3)`` raises. So this module, imported before anything else of the package
(and importing nothing heavy itself), asks for the ``gmpy`` ground types when SymPy is not
imported yet (a user's own ``SYMPY_GROUND_TYPES`` is kept), and when SymPy was imported
first, teaches it to read an ``mpz`` as the exact ``Integer`` it is.

>>> import gmpy2, sympy
>>> from symbolic_info import ground_types
>>> sympy.sympify(gmpy2.mpz(10) ** 30) == sympy.Integer(10) ** 30
True
"""

import os
import sys

os.environ.setdefault("SYMPY_GROUND_TYPES", "gmpy")


def read_mpz_exactly() -> None:
    """Register an exact ``mpz -> Integer`` conversion with an imported SymPy whose ground
    types do not have one (nothing to do without gmpy2, or under ``gmpy``)."""
    import sympy
    from sympy.core.sympify import converter

    try:
        import gmpy2
    except ImportError:  # mpmath then works with Python's own integers
        return
    mpz = type(gmpy2.mpz(0))
    if not isinstance(sympy.sympify(gmpy2.mpz(1)), sympy.Integer):
        converter[mpz] = lambda z: sympy.Integer(int(z))


if "sympy" in sys.modules:  # imported before this package: its ground types are chosen
    read_mpz_exactly()
