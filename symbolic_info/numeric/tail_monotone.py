"""A proof that a density falls monotonically beyond a point, by exact root counting.

:func:`falls_beyond` shows that ``f(direction * y)`` does not increase for ``y >= y0``: each
term ``t`` of ``f`` (a mixture's components) has a logarithmic derivative
``d/dy ln t = num / den`` whose numerator and denominator are polynomials in one
generator ``g`` (``y``, ``y^r``, ``ln y`` or ``e^(a y)``), monotone in ``y``; the generator's image
of ``[y0, oo)`` holds no root of either (Sturm sequences, SymPy's ``count_roots``; Basu,
Pollack & Roy, *Algorithms in Real Algebraic Geometry*, Thm. 2.50), so ``num / den`` keeps
the sign it has at one point, which must be ``<= 0``; a sum of positive non-increasing
terms does not increase.  Anything else is not proved (False), never guessed.  The proof
has its own cap of :data:`PROOF_SECONDS` CPU seconds (a Sturm sequence of a dense polynomial
of degree 400, from ``1/(1 + (x^2 + x/3 + 7/5)^200)``, takes 13 s): past it the user's
density gets one line (:class:`~.context.NumericError`), from the CLI and the Python API alike.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> falls_beyond(1 / (sp.pi * (x**2 + 1)), x, 3, 1), falls_beyond(x**2 * sp.exp(-x), x, 1, 1)
(True, False)
>>> falls_beyond(sp.exp(-sp.log(x)**2 / 2) / x, x, 2, 1)
True
"""

from __future__ import annotations

import math

import sympy as sp

from ..budget import within
from .context import NumericError

__all__ = ["falls_beyond", "sign_beyond", "PROOF_SECONDS"]

PROOF_SECONDS = 2.0
"""CPU seconds one proof may take (the catalog's laws take below 0.1 s)."""


def _image(gen, y, y0: sp.Rational):
    """``(lo, hi)`` rationals (``hi`` None for +oo) whose interval holds the image of
    ``[y0, oo)`` under ``gen`` (increasing or decreasing in ``y``), or None."""
    if gen == y:
        return y0, None
    if isinstance(gen, sp.Pow) and gen.base == y and gen.exp.is_Rational and gen.exp > 0 \
            and y0 >= 0:  # y^r rises from y0^r
        return sp.Rational(math.floor(float(y0) ** float(gen.exp) * (1 - 1e-9))), None
    if isinstance(gen, sp.log) and gen.args[0] == y and y0 > 0:
        low = math.log(float(y0)) if y0 < 10**300 else math.log(10) * (len(str(int(y0))) - 1)
        return sp.Rational(math.floor(low * 10**6) - 1, 10**6), None
    if isinstance(gen, sp.exp):
        a = sp.simplify(gen.args[0] / y)
        if a.is_Rational and a != 0:
            top = a * y0  # exponent at y0
            if a < 0:  # e^(a y) falls from e^(a y0) to 0
                return sp.Integer(0), sp.Integer(math.ceil(math.exp(min(float(top), 700))) + 1)
            return (sp.Rational(math.floor(math.exp(float(top)) * 10**6) - 1, 10**6)
                    if top < 700 else sp.Integer(10**300)), None
    return None


def _sign_fixed(expr, y, y0) -> int:
    """The sign of ``expr`` on ``[y0, oo)`` when it is a polynomial in one monotone
    generator with no root on the generator's image there; 0 when not shown."""
    expr = sp.expand(expr)
    if not expr.has(y):
        return int(sp.sign(expr)) if expr.is_nonzero else 0
    try:
        gens = [g for g in sp.Poly(expr).gens if g.has(y)]
        if len(gens) != 1:
            return 0
        poly = sp.Poly(expr, gens[0])
        image = _image(gens[0], y, y0)
        if image is None:
            return 0
        lo, hi = image
        if not poly.domain.is_QQ and not poly.domain.is_ZZ:
            return _linear_sign(poly, lo, hi)
        if poly.count_roots(lo, hi) != 0:
            return 0
        value = poly.eval(lo + 1 if hi is None else (lo + hi) / 2)
    except (sp.PolynomialError, NotImplementedError, sp.DomainError, OverflowError):
        return 0
    return int(sp.sign(value)) if value.is_nonzero else 0


def _linear_sign(poly, lo, hi) -> int:
    """The sign on ``[lo, hi]`` (``hi`` None: +oo) of ``c t^k`` or ``a t + b`` whose
    constants are not rational (``ln 6``, ``pi^2``: Sturm sequences need exact rational
    coefficients): each enclosed in a rational interval (40 digits, widened by 10^-30 of
    its size) and the sign kept when every corner of the enclosures has it at both ends of
    the image (``a t + b`` is monotone in ``t``); 0 when not shown or of another form."""
    coeffs = [sp.N(c, 40) for c in poly.all_coeffs()]
    if not all(c.is_real for c in coeffs):
        return 0
    if len(poly.terms()) == 1 and lo >= 0:  # c t^k with t >= 0 on the image
        c = poly.LC()
        return int(sp.sign(sp.N(c, 40))) if sp.N(c, 40) != 0 else 0
    if poly.degree() != 1:
        return 0
    a, b = coeffs
    widen = (abs(a) + abs(b)) * sp.Rational(1, 10**30)
    corners = [(sp.Rational(a) + u * widen, sp.Rational(b) + v * widen)
               for u in (-1, 1) for v in (-1, 1)]
    ends = [lo] if hi is None else [lo, hi]
    values = [ca * t + cb for t in ends for ca, cb in corners]
    if hi is None:  # towards +oo the sign is a's
        values += [ca for ca, _cb in corners]
    if all(v > 0 for v in values):
        return 1
    if all(v < 0 for v in values):
        return -1
    return 0


def _capped(work):
    """``work()`` under :data:`PROOF_SECONDS` of CPU (see :func:`falls_beyond`)."""
    return within(PROOF_SECONDS, work, NumericError(
        f"the proof that the density falls in its far tail (Sturm root counts) took more "
        f"than {PROOF_SECONDS:g} s of CPU: its log-derivative's polynomials are too large"))


def sign_beyond(expr, var, x0) -> int:
    """The sign (+1 or -1) that ``expr`` keeps for ``var >= x0 > 0``, proved as
    :func:`falls_beyond` proves its log-derivatives' (numerator and denominator each a
    polynomial in one monotone generator with no root there); 0 when not shown.

    >>> x = sp.Symbol("x", positive=True)
    >>> sign_beyond((1 - 2 * sp.log(x)) / x**3, x, 2), sign_beyond(sp.sin(x), x, 2)
    (-1, 0)
    """
    def work():
        y = sp.Dummy("y", positive=True)
        num, den = sp.fraction(sp.together(sp.expand_log(expr.subs(var, y), force=True)))
        y0 = sp.nsimplify(x0, rational=True)
        return _sign_fixed(num, y, y0) * _sign_fixed(den, y, y0)

    return _capped(work)


def falls_beyond(density, var, x0, direction: int) -> bool:
    """True when ``density`` (switch-free) is proved non-increasing in ``direction * var``
    for ``direction * var >= direction * x0`` (see the module's docstring); raises
    :class:`~.context.NumericError` when the proof runs past :data:`PROOF_SECONDS` (an
    enclosing budget that runs out first still raises its own ``OutOfTime``)."""
    return _capped(lambda: _falls_beyond(density, var, x0, direction))


def _falls_beyond(density, var, x0, direction: int) -> bool:
    """:func:`falls_beyond` without its cap."""
    y = sp.Dummy("y", positive=True)
    f = sp.expand_mul(density.subs(var, direction * y))
    y0 = sp.Rational(direction) * sp.nsimplify(x0, rational=True)
    for term in sp.Add.make_args(f):
        if not term.has(y):
            return False  # a constant term does not fall to 0
        ld = sp.together(sp.diff(sp.expand_log(sp.log(term), force=True), y))
        num, den = sp.fraction(ld)
        s_num, s_den = _sign_fixed(num, y, y0), _sign_fixed(den, y, y0)
        if s_num == 0 and sp.expand(num) != 0:
            return False
        if s_den == 0 or s_num * s_den > 0:
            return False
        if not sp.N(term.subs(y, y0 + 1), 30) > 0:
            return False
    return True
