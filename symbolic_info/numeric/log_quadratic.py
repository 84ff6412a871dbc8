"""Integrals of ``r(x) exp(A + B x + C x^2)`` (``r`` a polynomial) over an interval, in
closed form: a posterior whose logarithm is, between its kinks, a quadratic (a Laplace or
exponential prior with a normal likelihood) integrated by the error function, not by
quadrature.

Between neighbouring kinks every switch (``Abs``, ...) keeps one branch
(:mod:`.branches`), so an integrand such as ``exp(-|x| - (1/2 - x)^2/2)`` is there a
polynomial times ``exp(quadratic)`` (:func:`quadratic_pieces`).  With ``C < 0``, centred at
``m = -B/(2C)`` (``y = x - m``), the moments ``N_k = int y^k e^{C y^2} dy`` are

    N_0 = sqrt(pi) / (2 s) (erf(s y_b) - erf(s y_a)),  s = sqrt(-C)   (DLMF 7.2.1),
    N_{k+1} = ([y^k e^{C y^2}] - k N_{k-1}) / (2 C)                   (by parts),

the difference of ``erf`` taken as a difference of ``erfc`` on the side where no digits
cancel; with ``C = 0`` the moments of ``e^{B x}`` follow the same recurrence
(``M_k = ([x^k e^{B x}] - k M_{k-1}) / B``).  :func:`pieces_integral` sums them on an mpmath
context at its precision (a few ``erfc`` at 1000 digits, where the quadrature took seconds).

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> pieces = quadratic_pieces(x**2 * sp.exp(-sp.Abs(x) - x**2 / 2), x, -sp.oo, sp.oo, [0])
>>> ctx = new_context(40)
>>> f = lambda t: t**2 * ctx.exp(-t - t**2 / 2)
>>> exact = 2 * ctx.quad(f, [0, ctx.inf])  # tanh-sinh, for comparison
>>> abs(pieces_integral(pieces, ctx) - exact) < 1e-38
True
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .branches import branch_between
from .context import compile_expr
from .gauss_product import exponential_factor

__all__ = ["quadratic_pieces", "pieces_integral", "piece_integral"]


@lru_cache(maxsize=256)
def _pieces(integrand, var, lo, hi, kinks: tuple):
    out = []
    ends = [lo, *sorted(k for k in kinks if bool(k > lo) and bool(k < hi)), hi]
    for a, b in zip(ends[:-1], ends[1:], strict=True):
        exponent, rest = exponential_factor(sp.powsimp(branch_between(integrand, var, a, b)))
        try:
            quad, poly = sp.Poly(sp.expand(exponent), var), sp.Poly(sp.expand(rest), var)
        except sp.PolynomialError:
            return None
        if quad.degree() > 2 or not all(c.is_number for c in quad.all_coeffs() + poly.all_coeffs()):
            return None
        C, B, A = ([sp.Integer(0)] * 3 + quad.all_coeffs())[-3:]
        if not (C.is_extended_real and B.is_extended_real) or bool(C > 0):
            return None
        if C == 0 and ((b is sp.oo and not bool(B < 0)) or (a is -sp.oo and not bool(B > 0))):
            return None  # not integrable, or no exponential decay at an infinite end
        out.append((a, b, (A, B, C), tuple(reversed(poly.all_coeffs()))))
    return tuple(out)


def quadratic_pieces(integrand, var, lo, hi, kinks=()) -> tuple | None:
    """``((a, b, (A, B, C), r), ...)``: on each interval between the ``kinks`` inside
    ``(lo, hi)`` the integrand is ``sum_k r[k] x^k exp(A + B x + C x^2)`` with ``C <= 0``
    (exact SymPy numbers, ``r`` from the constant term up); None when some piece is not of
    that form or not integrable so (``C > 0``; ``C = 0`` on an infinite end without decay)."""
    return _pieces(sp.sympify(integrand), var, sp.sympify(lo), sp.sympify(hi),
                   tuple(sp.sympify(k) for k in kinks))


def _shifted(coeffs, m, ctx) -> list:
    """The coefficients of ``r(m + y)`` in ``y`` (repeated synthetic division)."""
    c = list(coeffs)
    out = []
    while c:
        for i in range(len(c) - 2, -1, -1):
            c[i] += m * c[i + 1]
        out.append(c.pop(0))
    return out


def _moments(count: int, ya, yb, C, B, ctx) -> list:
    """``int_ya^yb y^k e^{C y^2 + B y} dy`` for ``k < count``, with ``B = 0`` when ``C < 0``
    (the caller centres) and ``C = 0`` otherwise."""
    def edge(k, y, value):  # y^k e^{...} at an end (0 at an infinite one)
        return ctx.zero if ctx.isinf(y) else y**k * value

    if C < 0:
        s = ctx.sqrt(-C)
        ua, ub = s * ya, s * yb
        if ua >= 0:
            diff = ctx.erfc(ua) - ctx.erfc(ub)
        elif ub <= 0:
            diff = ctx.erfc(-ub) - ctx.erfc(-ua)
        else:
            diff = 2 - ctx.erfc(-ua) - ctx.erfc(ub)
        ea = ctx.zero if ctx.isinf(ya) else ctx.exp(C * ya * ya)
        eb = ctx.zero if ctx.isinf(yb) else ctx.exp(C * yb * yb)
        out = [ctx.sqrt(ctx.pi) / (2 * s) * diff]
        for k in range(count - 1):  # N_{k+1} from N_{k-1}
            before = out[k - 1] if k else ctx.zero
            out.append((edge(k, yb, eb) - edge(k, ya, ea) - k * before) / (2 * C))
        return out
    ea = ctx.zero if ctx.isinf(ya) else ctx.exp(B * ya)
    eb = ctx.zero if ctx.isinf(yb) else ctx.exp(B * yb)
    if B == 0:  # a polynomial on a finite interval
        return [(yb ** (k + 1) - ya ** (k + 1)) / (k + 1) for k in range(count)]
    out = []
    for k in range(count):
        out.append((edge(k, yb, eb) - edge(k, ya, ea) - (k * out[-1] if k else 0)) / B)
    return out


def piece_integral(piece, ctx):
    """``int_a^b r(x) e^{A + B x + C x^2} dx`` of one piece of :func:`quadratic_pieces`."""
    a, b, form, r = piece
    num = [compile_expr(v, [], ctx)() for v in (a, b, *form, *r)]
    a, b, (A, B, C), r = num[0], num[1], num[2:5], num[5:]
    if C < 0:
        m = -B / (2 * C)
        top = A + B * m + C * m * m
        coeffs = _shifted(r, m, ctx)
        moments = _moments(len(coeffs), a - m, b - m, C, ctx.zero, ctx)
    else:
        # centred at a finite end: the moments of e^{B y} from there stay small
        m = a if not ctx.isinf(a) else b
        top = A + B * m
        coeffs = _shifted(r, m, ctx)
        moments = _moments(len(coeffs), a - m, b - m, ctx.zero, B, ctx)
    return ctx.exp(top) * ctx.fsum(c * n for c, n in zip(coeffs, moments, strict=True))


def pieces_integral(pieces, ctx):
    """The sum of :func:`piece_integral` over ``pieces``, with guard digits for the
    cancellation of a polynomial's terms far from the centre (returned at ``ctx``'s
    precision)."""
    with ctx.extradps(20):
        total = ctx.fsum(piece_integral(p, ctx) for p in pieces)
    return +total
