"""Tanh-sinh integrals of a density that are right relative to their size, however small
(:func:`scaled_quad`), and the mass outside a cell that holds more than half
(:func:`outside_largest`): the parts of ``quantised-entropy``'s reference where the
Gauss-Legendre cells of :mod:`.gauss_cells` do not serve.

>>> from symbolic_info.numeric.context import new_context
>>> w = new_context(30)
>>> w.nstr(scaled_quad(w, lambda t: w.exp(-t), [w.zero, w.inf]), 20)
'1.0'
"""

from __future__ import annotations

from .cell_grid import exact_mpf, position_digits
from .context import compile_expr, new_context

__all__ = ["scaled_quad", "outside_largest", "end_quad", "end_exponent"]


def scaled_quad(w, f, points):
    """``int f`` over the consecutive ``points`` (mpf, the outer ones possibly infinite) by
    tanh-sinh, each piece divided by the density's size at its finite ends and middle
    first: mpmath's quad stops when its error estimate falls below 10^-dps *absolutely*,
    so a piece of mass 1e-545 (the neighbour of a law far narrower than a cell) came back
    after one level, 1e-11 off; scaled to about 1, the estimate is relative.  A finite
    piece is also mapped onto ``[0, 1]``: a piece 1e-50 wide (the centre of normal(0, 1e-50)
    in a cell of 1/10) came back 1e-20 off, its width taking the place of the size.

    >>> from symbolic_info.numeric.context import new_context
    >>> w = new_context(40)
    >>> v = scaled_quad(w, lambda t: w.exp(-5000 * t) * w.mpf(10) ** -545, [w.mpf(1), w.inf])
    >>> bool(abs(v / (w.exp(-5000) * w.mpf(10) ** -545 / 5000) - 1) < 1e-35)
    True
    >>> s = w.mpf(10) ** -50
    >>> v = scaled_quad(w, lambda t: w.exp(-(t / s) ** 2 / 2), [w.zero, s])
    >>> bool(abs(v / (s * w.sqrt(w.pi / 2) * w.erf(1 / w.sqrt(2))) - 1) < 1e-35)
    True
    """
    total = w.zero
    for u, v in zip(points, points[1:], strict=False):
        probes = [t for t in (u, v) if w.isfinite(t)]
        if len(probes) == 2:
            probes.append((u + v) / 2)
        try:
            size = max(abs(f(t)) for t in probes) if probes else w.one
        except (ValueError, ZeroDivisionError):
            size = w.one  # singular at an end: no scale from there
        if not w.isfinite(size) or size == 0:
            size = w.one
        if len(probes) < 2:
            total += size * w.quad(lambda t, size=size: f(t) / size, [u, v])
            continue
        width = v - u  # on [0, 1]: a piece 1e-50 wide is then not 1e-50 of an absolute eps
        total += size * width * w.quad(lambda s, u=u, width=width, size=size:
                                       f(u + width * s) / size, [0, 1])
    return total


def end_exponent(f, end, width, side: int, w) -> float:
    """The exponent ``alpha`` of ``f(x) ~ C |x - end|^alpha`` next to ``end`` (``side`` +1:
    from the right of it, -1: from the left), read from ``f`` at ``|x - end| = width
    2^-40`` and ``width 2^-80`` on ``w``: about 0 where ``f`` is finite and not 0 there,
    ``-1/2`` for Gamma(1/2)'s ``x^(-1/2) e^(-x)`` at 0; ``nan`` where ``f`` fails.

    >>> from symbolic_info.numeric.context import new_context
    >>> w = new_context(30)
    >>> round(end_exponent(lambda x: x ** -0.5 * w.exp(-x), w.zero, w.mpf(1) / 10, 1, w), 6)
    -0.5
    """
    try:
        near, nearer = (f(end + side * width * w.mpf(2) ** -k) for k in (40, 80))
        return float(w.log(abs(near) / abs(nearer)) / (40 * w.ln2))
    except (ValueError, ZeroDivisionError, TypeError):
        return float("nan")


def end_quad(f_at, digits: int, a, b, ends=()):
    """``int_a^b f`` (``a``, ``b`` exact SymPy numbers) on the context of ``f_at(digits) =
    (w, f)``, ``f`` possibly infinite like ``|x - e|^alpha``, ``-1 < alpha < 0``, at those of
    its ends in ``ends``: tanh-sinh cannot place nodes closer to an end than ``10^-digits``
    of the piece, and the part of the integral it leaves out there, ``10^-(digits (alpha +
    1))`` of it, took half the digits of the cell [0, 1/10] of Gamma(1/2) (1e-155 at 300
    digits).  With ``x = e +- h t^k`` (``h`` the piece's width, halved when both ends are
    singular) and ``k (alpha + 1) >= 5/4`` the integrand in ``t`` is bounded at 0, and
    tanh-sinh takes it to ``digits`` digits (Takahasi & Mori, Publ. RIMS 9 (1974) 721-741);
    a node ``y = h t^k`` below ``10^-5 |e|`` evaluates ``f`` with the digits ``e + y`` needs
    to keep ``y`` exact.  Where ``f`` is not singular at an end (``alpha`` of
    :func:`end_exponent` not below 0) this is :func:`scaled_quad`.

    >>> import sympy as sp
    >>> from symbolic_info.numeric.context import new_context
    >>> def f_at(digits):
    ...     w = new_context(digits)
    ...     return w, lambda x: w.exp(-x) / w.sqrt(x)
    >>> w = new_context(320)
    >>> v = end_quad(f_at, 300, sp.Integer(0), sp.Rational(1, 10), (sp.Integer(0),))
    >>> exact = w.sqrt(w.pi) * w.erf(w.sqrt(w.mpf(1) / 10))
    >>> bool(abs(v / exact - 1) < w.mpf(10) ** -295)
    True
    """
    w, f = f_at(digits)
    lo, hi = exact_mpf(a, w), exact_mpf(b, w)
    singular = [(e, side) for e, side in ((a, 1), (b, -1)) if e in ends and
                -1 < end_exponent(f, exact_mpf(e, w), hi - lo, side, w) < -1e-6]
    if not singular:
        return scaled_quad(w, f, [lo, hi])
    if len(singular) == 2:
        mid = (a + b) / 2
        return _substituted(f_at, digits, a, mid, a, 1) + _substituted(f_at, digits, mid, b,
                                                                       b, -1)
    return _substituted(f_at, digits, a, b, *singular[0])


def _substituted(f_at, digits: int, a, b, end, side: int):
    """``int_a^b f`` by tanh-sinh in ``t``, ``x = end + side (b - a) t^k`` (see
    :func:`end_quad`)."""
    import math

    w, f = f_at(digits)
    width = exact_mpf(b, w) - exact_mpf(a, w)
    e = exact_mpf(end, w)
    k = math.ceil(1.25 / (end_exponent(f, e, width, side, w) + 1))
    scale = abs(e)

    def g(t):
        y = width * t ** k
        jacobian = k * width * t ** (k - 1)
        if scale > 0 and y < scale * w.mpf(10) ** -5:  # e + y rounds y: more digits
            wide, f_wide = f_at(digits + int(-w.log10(y / scale)) + 5)
            return w.convert(f_wide(exact_mpf(end, wide) + side * wide.convert(y))) * jacobian
        return f(e + side * y) * jacobian

    size = max(abs(g(w.one)), abs(g(w.one / 2)))
    if not w.isfinite(size) or size == 0:
        size = w.one
    return size * w.quad(lambda t: g(t) / size, [0, 1])


def outside_largest(density, var, lo, hi, delta, i0: int, masses, ctx, kinks=()):
    """``(k, c)`` for the cell ``k`` (counted from ``i0``) with a mass over 1/2, ``c`` the
    density's integral outside it (tanh-sinh on the support left and right of the cell,
    split at the density's ``kinks`` (and a narrow law's points), to full relative
    precision where ``1 - p`` would round to 0), or None."""
    k = next((j for j, p in enumerate(masses) if p > ctx.one / 2), None)
    if k is None:
        return None
    w = new_context(ctx.dps + 10 + position_digits(i0, i0 + len(masses)))
    f = compile_expr(density, [var], w)
    a, b = exact_mpf((i0 + k) * delta, w), exact_mpf((i0 + k + 1) * delta, w)
    low, high = exact_mpf(lo, w), exact_mpf(hi, w)
    breaks = sorted(exact_mpf(p, w) for p in kinks if p.is_finite)

    def side(u, v):
        return scaled_quad(w, f, [u, *(p for p in breaks if u < p < v), v])

    c = w.zero
    if low < a:
        c += side(low, a)
    if b < high:
        c += side(b, high)
    return k, ctx.convert(c)
