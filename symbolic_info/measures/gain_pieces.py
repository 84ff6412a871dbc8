"""A kept integral of ``information-gain``'s numerical posterior that is, between its kinks,
a polynomial times ``exp(quadratic)`` (a Laplace prior times a normal likelihood, and that
times its log), evaluated in closed form by the error function
(:mod:`symbolic_info.numeric.log_quadratic`) rather than by quadrature.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> sp.N(PiecewiseGaussIntegral(sp.exp(-sp.Abs(x) - x**2 / 2), (x, -sp.oo, sp.oo)), 15)
1.31135908483760
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from mpmath.libmp import prec_to_dps

from ..numeric.context import new_context, to_decimal
from ..numeric.log_quadratic import pieces_integral, quadratic_pieces
from .custom_numeric import NumericIntegral, kink_points

__all__ = ["PiecewiseGaussIntegral"]


class PiecewiseGaussIntegral(NumericIntegral):
    """A kept integral whose integrand is, between its kinks, a polynomial times
    ``exp(quadratic)`` (a Laplace prior times a normal likelihood, and that times its log):
    evaluated in closed form by the error function
    (:func:`~symbolic_info.numeric.log_quadratic.pieces_integral`); any other integrand by
    the project's quadrature as :class:`NumericIntegral`."""

    __slots__ = ()

    def _pieces(self):
        return _pieces_of(self.function, self.limits)

    def _mpmath_compile_(self, build, ctx):
        pieces = self._pieces()
        if pieces is None:
            return super()._mpmath_compile_(build, ctx)
        return lambda _v: pieces_integral(pieces, ctx)

    def _eval_evalf(self, prec):
        """In closed form for SymPy too: its printers order a sum's terms by their values,
        and the base class's quadrature took 2.5 s of a 300-digit ``--format json`` (the
        pieces then print in the order of their values)."""
        pieces = self._pieces()
        if pieces is None:
            return super()._eval_evalf(prec)
        return sp.Float(_closed_text(pieces, PREC_STEP * -(-prec // PREC_STEP)), precision=prec)


PREC_STEP = 64
"""Bits to which a precision asked for is rounded up before the value is computed (and kept):
the printers ask at some forty different precisions (0.1 s of a 300-digit JSON)."""


@lru_cache(maxsize=256)
def _pieces_of(function, limits):
    """The integrand's pieces between its kinks (``None``: not of that form), kept: the
    printers evaluate the same integral a hundred times (0.1 s of a 300-digit JSON)."""
    (x, lo, hi), = limits
    if function.free_symbols - {x}:
        return None
    return quadratic_pieces(function, x, lo, hi, kink_points(function, x))


@lru_cache(maxsize=256)
def _closed_text(pieces, prec: int) -> str:
    """:func:`~symbolic_info.numeric.log_quadratic.pieces_integral` in decimal, three digits
    beyond ``prec`` bits (kept: a printer asks for the same integral a hundred times)."""
    digits = prec_to_dps(prec)
    ctx = new_context(digits + 5)
    return to_decimal(pieces_integral(pieces, ctx), digits + 3, ctx)
