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

__all__ = ["scaled_quad", "outside_largest"]


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
