"""Where a density's mass sits: its mode and a width, from values of ``ln f`` alone.

:func:`mode_and_width` brackets the maximum of ``ln f`` by steps that double, walked in a
variable ``u`` that maps the whole line onto the support (``x = u`` on the real line,
``x = lo + e^u`` on a half-line, the logistic map on an interval), then narrows the bracket
by golden-section search (Kiefer 1953; Press et al., *Numerical Recipes*, 3rd ed., sec.
10.2), and measures the width as the distance from the mode at which ``ln f`` has fallen by
1/2 (the standard deviation of a normal law, ``b/2`` of a Laplace law), the mean of both
sides.  No derivative is taken: a cusp (the Laplace's) or a tail where ``ln f`` is convex (a
Cauchy law seen from far away) stops Newton's method on ``(ln f)' = 0``
(:func:`~.peaks.laplace_mode`), not this search.  Both figures are equivariant: the law of
``a + b X`` has mode ``a + b m`` and width ``b w``.  For a unimodal density the mode is
found; for any other, some local maximum.

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> mode, width = mode_and_width(lambda x: -((x - 5) / 2) ** 2 / 2, -ctx.inf, ctx.inf, ctx)
>>> ctx.nstr(mode, 8), ctx.nstr(width, 8)
('5.0', '2.0')
>>> mode, width = mode_and_width(lambda x: -3 * x, ctx.zero, ctx.inf, ctx)  # exponential(3)
>>> ctx.nstr(mode, 8), ctx.nstr(width, 8)
('0.0', '0.16666667')
"""

from __future__ import annotations

from .context import NumericError

__all__ = ["mode_and_width", "shape_ratio", "DROP", "TAIL_DROP", "MARCH", "END_MARCH",
           "GOLDEN_STEPS", "WIDTH_STEPS"]

DROP = 0.5
"""The fall of ``ln f`` from the mode that defines the width (a normal's ``sigma``)."""
TAIL_DROP = 4
"""A second fall: the width there over the width at :data:`DROP` depends on the shape of the
law alone (not on its location or scale): ``sqrt(8)`` for a normal law, 8 for a Laplace or
an exponential law, ``8^(1/beta)`` for a generalized normal law."""
MARCH = 200
"""Doubling steps at most while bracketing the mode on the real line (``|mode| < 2^200``)."""
END_MARCH = 12
"""Doubling steps at most in ``u = ln(x - lo)`` (or the logit) towards a finite end of the
support: ``e^-4096`` from the end; a density still rising there has its mode at the end."""
GOLDEN_STEPS = 300
"""Golden-section steps at most (the bracket shrinks by 0.618 a step); the search stops
sooner when ``ln f`` is flat to the working precision between its two inner points."""
WIDTH_STEPS = 200
"""Doublings or halvings at most while bracketing the width, then as many bisections."""
_FAILED = (NumericError, ValueError, ZeroDivisionError, TypeError, OverflowError)


def _maps(lo, hi, ctx):
    """``x(u)`` and ``u(x)`` from the whole line onto ``(lo, hi)``."""
    if ctx.isinf(lo) and ctx.isinf(hi):
        return (lambda u: u), (lambda x: x)
    if ctx.isinf(hi):
        return (lambda u: lo + ctx.exp(u)), (lambda x: ctx.log(x - lo))
    if ctx.isinf(lo):
        return (lambda u: hi - ctx.exp(-u)), (lambda x: -ctx.log(hi - x))
    return (lambda u: lo + (hi - lo) / (1 + ctx.exp(-u))), (lambda x: ctx.log((x - lo) / (hi - x)))


def _value(log_f, x, ctx):
    """``ln f(x)``, ``-inf`` where it cannot be computed or is not a real number."""
    try:
        v = log_f(x)
    except _FAILED:
        return -ctx.inf
    if ctx.im(v) != 0 or ctx.isnan(v):
        return -ctx.inf
    return ctx.re(v)


def _bracket(g, ctx, steps):
    """``(a, b, c)`` with ``g(b) >= g(a), g(c)`` walking uphill from 0 by doubling steps, or
    ``(None, side)`` when ``g`` still rises after ``steps`` steps towards ``side``."""
    g0, up, down = g(ctx.zero), g(ctx.one), g(-ctx.one)
    if g0 >= up and g0 >= down:
        return -ctx.one, ctx.zero, ctx.one
    side = 1 if up > down else -1
    a, b, gb, h = ctx.zero, ctx.mpf(side), max(up, down), ctx.mpf(side)
    for _ in range(steps):
        h *= 2
        c = b + h
        gc = g(c)
        if gc <= gb:
            return a, b, c
        a, b, gb = b, c, gc
    return None, side


def _golden(g, a, c, ctx):
    """The maximiser of a unimodal ``g`` on ``[a, c]`` by golden-section search."""
    r = (ctx.sqrt(5) - 1) / 2
    x1, x2 = c - r * (c - a), a + r * (c - a)
    g1, g2 = g(x1), g(x2)
    for _ in range(GOLDEN_STEPS):
        if g1 == g2 or x1 == x2:
            break
        if g1 > g2:
            c, x2, g2 = x2, x1, g1
            x1 = c - r * (c - a)
            g1 = g(x1)
        else:
            a, x1, g1 = x1, x2, g2
            x2 = a + r * (c - a)
            g2 = g(x2)
    return (x1 + x2) / 2


def _drop(log_f, mode, top, side, end, ctx, drop=DROP):
    """The distance ``d`` from ``mode`` towards ``side`` at which ``ln f`` has fallen by
    ``drop`` from ``top``; ``None`` when it does not fall that far inside the support."""

    def fallen(d):
        x = mode + side * d
        if (side > 0 and not x < end) or (side < 0 and not x > end):
            return None
        return top - _value(log_f, x, ctx) >= drop

    near = far = None
    d = ctx.one
    first = fallen(d)
    if first is None and ctx.isfinite(end):
        d = abs(end - mode) / 2
        first = fallen(d)
    for _ in range(WIDTH_STEPS):
        if first is None:
            return None
        if first:
            far = d
            if near is not None:
                break
            d /= 2
        else:
            near = d
            if far is not None:
                break
            d *= 2
        first = fallen(d)
    if near is None or far is None:
        return None
    for _ in range(WIDTH_STEPS):
        mid = (near + far) / 2
        if not near < mid < far:
            break
        if fallen(mid):
            far = mid
        else:
            near = mid
        if far - near <= far * ctx.mpf(2) ** -40:
            break
    return (near + far) / 2


def _width(log_f, mode, lo, hi, ctx, drop):
    """The mean over the sides of :func:`_drop` (``None`` when neither side falls)."""
    top = _value(log_f, mode, ctx)
    if not ctx.isfinite(top):
        return None
    sides = [_drop(log_f, mode, top, side, end, ctx, drop) for side, end in ((1, hi), (-1, lo))]
    sides = [d for d in sides if d is not None]
    return sum(sides) / len(sides) if sides else None


def shape_ratio(log_f, anchored, lo, hi, ctx):
    """The width at :data:`TAIL_DROP` over the width at :data:`DROP` (``anchored``: the
    ``(mode, width)`` of :func:`mode_and_width`); ``None`` when it cannot be measured.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> ends = (-ctx.inf, ctx.inf)
    >>> ctx.nstr(shape_ratio(lambda x: -(x - 3) ** 2, (ctx.mpf(3), ctx.sqrt(0.5)), *ends, ctx), 6)
    '2.82843'
    """
    far = _width(log_f, anchored[0], lo, hi, ctx, TAIL_DROP)
    return None if far is None else far / anchored[1]


def mode_and_width(log_f, lo, hi, ctx) -> tuple | None:
    """``(mode, width)`` of the density ``exp(log_f(x))`` on ``(lo, hi)`` (mpf ends, maybe
    infinite), or ``None`` when no maximum is found (``ln f`` still rising at the search's
    reach, or an end where the density rises without bound) or no width (``ln f`` nowhere
    :data:`DROP` below its top).  A mode at a finite end (the exponential's at 0) counts when
    ``ln f`` is finite there; its width is then the one side's."""
    x_of, u_of = _maps(lo, hi, ctx)
    start = u_of(lo + 1 if ctx.isfinite(lo) and ctx.isinf(hi) else
                 hi - 1 if ctx.isinf(lo) and ctx.isfinite(hi) else
                 (lo + hi) / 2 if ctx.isfinite(lo) else ctx.zero)

    def g(u):
        try:
            x = x_of(start + u)
        except _FAILED:
            return -ctx.inf
        return _value(log_f, x, ctx) if lo < x < hi else -ctx.inf

    whole = ctx.isinf(lo) and ctx.isinf(hi)
    found = _bracket(g, ctx, MARCH if whole else END_MARCH)
    if found[0] is None:
        end = hi if found[1] > 0 else lo
        mode = end
    else:
        a, _, c = found
        mode = x_of(start + _golden(g, a, c, ctx))
    width = _width(log_f, mode, lo, hi, ctx, DROP)
    return None if width is None else (mode, width)
