"""Break points around a narrow peak of a density, found from its log-density alone.

A shape parameter can squeeze a density into a peak far narrower than its declared break
points are apart: ``Beta(10^100, 10^100)`` has its mass within ``10^-50`` of ``1/2``, the
F law with ``d1 = d2 = 10^25`` within ``10^-12`` of 1.  The double-exponential and
Clenshaw-Curtis rules on a piece ``(1/2, 1)`` then place no node, or a handful, inside the
peak, and the quadrature returns the tails' mass (``10^-(3 10^61)`` instead of 1).

:func:`peak_breaks` finds, from each declared break, the mode by Newton's method on
``(ln f)' = 0`` and the peak's width ``w = 1/sqrt(-(ln f)''(mode))`` (the standard deviation
of the Laplace approximation: Laplace's method, e.g. de Bruijn, *Asymptotic Methods in
Analysis*, 1958, ch. 4), and when the peak is narrow for its neighbourhood returns the
mode and ``mode +- 3 w, mode +- 12 w`` as break points, so that every piece near the peak
is a few widths long (the graded breaks of :mod:`.quadrature` then cover the long pieces
beyond).  Nothing here uses an entropy or a closed form: only derivatives of ``ln f``.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", positive=True)
>>> a = sp.Integer(10) ** 40
>>> lp = (a - 1) * sp.log(x) + (a - 1) * sp.log(1 - x)  # Beta(a, a) up to a constant
>>> ctx = new_context(60)
>>> points = peak_breaks(x, lp, (0, 1), (sp.Rational(1, 2),), ctx)
>>> len(points), float(points[2]), float(points[3] - points[2]) < 1e-19
(5, 0.5, True)
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .context import NumericError, compile_expr

__all__ = ["peak_breaks", "edge_breaks", "log_derivatives", "default_cut", "laplace_mode",
           "NARROW", "TAIL_NARROW", "WIDTHS", "EDGE_WIDTHS"]

NARROW = 64
"""A peak is narrow when it is more than this many widths from every other break point
and from the ends of the support; only then are break points added (the catalog's
ordinary parameters keep their pieces, their nodes and their times)."""
TAIL_NARROW = 6
"""A peak in a piece that runs to infinity is narrow from this many widths beyond the piece's
finite end: the double-exponential rules of a half-line (exp-sinh, the light-tail rule) place
their nodes farther apart the farther they are from that end, and their first levels can miss
a peak there altogether and agree on the rest.  ``normal(m, 1)`` on ``[0, oo)`` was
integrated as 0 from m = 44 at 50 digits, ``normal(12 s, s)`` from s = 100 at 15 digits
(a peak 12 widths out); within 6 widths none was missed."""
WIDTHS = (3, 12)
"""Break points at these multiples of the width on each side of the mode: the inner pieces
hold the peak (``e^-4.5`` at 3 widths), the next ones its shoulders (``e^-72`` at 12)."""
EDGE_WIDTHS = tuple(2**k for k in range(13))
"""Break points at these multiples of the decay length on the falling side of a cusp or a
support's end (:func:`edge_breaks`): ``e^-1, e^-2, ..., e^-4096`` of the value there, so each
piece spans a factor of ``e`` to ``e^2048`` of an exponential, and beyond the last one lies
less than ``10^-1778`` of the mass."""
NEWTON_STEPS = 40
"""Newton steps at most from a declared break to the mode."""


@lru_cache(maxsize=64)
def _derivatives(var: sp.Symbol, logpdf: sp.Expr) -> tuple:
    """``(ln f)'`` and ``(ln f)''`` as SymPy expressions (cached per log-density)."""
    first = sp.diff(logpdf, var)
    return first, sp.diff(first, var)


def log_derivatives(var: sp.Symbol, logpdf: sp.Expr) -> tuple:
    """``(ln f)'`` and ``(ln f)''`` of ``logpdf`` in ``var`` (cached per log-density): of a
    family's symbolic log-density once, then each point substituted (:mod:`.piece_memo`),
    where ``sp.diff`` of each point's numeric log-density took 15-40 ms (SymPy's sign
    queries on the numbers) and substituting 0.5-2 ms.

    >>> x, k = sp.symbols("x k", positive=True)
    >>> log_derivatives(x, (k - 1) * sp.log(x) - x)
    (-1 + (k - 1)/x, -(k - 1)/x**2)
    """
    return _derivatives(var, logpdf)


def _exact(value) -> sp.Rational:
    """An mpf as the exact dyadic rational it is (no decimal rounding).  The mantissa is
    made a Python ``int`` first: gmpy2's ``mpz`` is no integer to SymPy when its ground
    types are python-flint's (chosen by itself whenever python-flint is installed)."""
    sign, man, exp, _ = value._mpf_
    man = -int(man) if sign else int(man)
    return sp.Rational(man * 2**exp) if exp >= 0 else sp.Rational(man, 2**-exp)


def _mode(d1, d2, start, lo, hi, ctx):
    """The mode reached by Newton's method on ``d1 = 0`` from ``start`` and its width, or
    ``None`` when ``ln f`` is not concave on the way or the iterate leaves ``(lo, hi)``."""
    x = start
    for _ in range(NEWTON_STEPS):
        slope, curve = d1(x), d2(x)
        if not (ctx.isfinite(slope) and ctx.isfinite(curve)) or not curve < 0:
            return None
        width = 1 / ctx.sqrt(-curve)
        step = slope / curve
        if abs(step) <= width * ctx.mpf(2) ** -20:
            return x, width
        x = x - step
        if not lo < x < hi:
            return None
    return None


def _distance(point, mode, ctx):
    """How far ``point`` is from ``mode``; an infinite end counts as ``max(|mode|, 1)`` away,
    the length scale of the tail piece that would otherwise hold the peak."""
    return abs(point - mode) if ctx.isfinite(point) else max(abs(mode), ctx.one)


def default_cut(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """Where a support without break points is cut: 0 on the real line, one unit inside a
    half-line's finite end, the middle of a finite interval (exact SymPy numbers).

    >>> default_cut(-sp.oo, sp.oo), default_cut(sp.Integer(2), sp.oo), default_cut(0, 1)
    (0, 3, 1/2)
    """
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    if lo.is_infinite and hi.is_infinite:
        return sp.Integer(0)
    if hi.is_infinite:
        return lo + 1
    if lo.is_infinite:
        return hi - 1
    return (lo + hi) / 2


def _mismatched(mode, width, others, ends, ctx) -> bool:
    """Whether the pieces around ``mode`` cannot resolve a peak of ``width``: it is more
    than :data:`NARROW` widths from every other point (an infinite end counts as
    ``max(|mode|, 1)`` away), or more than :data:`TAIL_NARROW` widths from the finite end of
    a piece that runs to infinity (``ends``: the pieces' ends, sorted), or, with only
    infinite ends around it, wider than ``NARROW max(|mode|, 1)`` (the tail pieces' scale:
    ``normal(0, 10^100)`` cut at 0)."""
    if min(_distance(o, mode, ctx) for o in others) > NARROW * width:
        return True
    below = max(e for e in ends if e <= mode)
    above = min(e for e in ends if e >= mode)
    if ctx.isinf(below) != ctx.isinf(above):
        finite = above if ctx.isinf(below) else below
        if abs(mode - finite) > TAIL_NARROW * width:
            return True
    unit = max(abs(mode), ctx.one)
    return all(ctx.isinf(o) for o in others) and width > NARROW * unit


def peak_breaks(var: sp.Symbol, logpdf: sp.Expr, support: tuple, breaks: tuple, ctx,
                derivatives: tuple | None = None) -> tuple:
    """Extra break points (exact rationals) around each narrow (or, on the whole line,
    far too wide) peak of ``exp(logpdf)``; ``derivatives``: ``(ln f)'`` and ``(ln f)''`` when
    known (:func:`log_derivatives`), else taken from ``logpdf``.

    ``support`` and ``breaks`` are numeric SymPy values (parameters substituted); Newton's
    method starts from each break inside the support, or from :func:`default_cut` when
    there is none (a user's ``normal(0, 1e-300)`` declares no break).  A peak counts when
    :func:`_mismatched`; then the mode and the points :data:`WIDTHS` widths away on each
    side are returned; so are the points of :func:`edge_breaks` (a cusp or a support's end
    from which the density falls far faster than its pieces are long).  Any numeric
    failure (a derivative that cannot be evaluated) adds no point.
    """
    try:
        first, second = derivatives or _derivatives(var, logpdf)
        lo, hi = (compile_expr(sp.sympify(s), [], ctx)() for s in support)
        inside = {v: sp.sympify(b) for b in breaks
                  if lo < (v := compile_expr(sp.sympify(b), [], ctx)()) < hi}
        starts = sorted(inside) or [compile_expr(default_cut(*support), [], ctx)()]
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return ()
    points = (sp.sympify(support[0]), *(inside[v] for v in sorted(inside)),
              sp.sympify(support[1]))
    added: dict = {}
    try:  # (ln f)'' of a cusp holds a DiracDelta: no Newton then, only the edges below
        d1, d2 = (compile_expr(e, [var], ctx) for e in (first, second))
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        starts = []
    for start in starts:
        try:
            found = _mode(d1, d2, start, lo, hi, ctx)
        except (NumericError, ZeroDivisionError, ValueError):
            found = None
        if found is None:
            continue
        mode, width = found
        if any(abs(m - mode) <= width for m in added):
            continue  # reached from another break too
        others = [lo, hi, *(s for s in starts if s != start)]
        if not _mismatched(mode, width, others, [lo, *starts, hi], ctx):
            continue
        added[mode] = _exact(mode)
        for k in WIDTHS:  # exact offsets: mode + 3 width may round to mode
            for side in (-1, 1):
                added.setdefault(mode + side * k * width, added[mode] + side * k * _exact(width))
    for cut in edge_breaks(var, first, points, ctx):
        added.setdefault(compile_expr(cut, [], ctx)(), cut)
    return tuple(added[v] for v in sorted(added))


def _decay_length(first, var, p, other, side, at, ctx):
    """``1/|s|`` for the slope ``s`` of ``ln f`` at ``p`` on its ``side`` towards ``other``
    (the branch there, every switch fixed), when ``f`` falls away from ``p``; else ``None``."""
    from .branches import branch_between

    if not ctx.isfinite(at):
        return None
    try:
        lo, hi = (p, other) if side > 0 else (other, p)
        slope = compile_expr(branch_between(first, var, lo, hi), [var], ctx)(at)
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not ctx.isfinite(slope) or slope == 0 or (slope > 0) == (side > 0):
        return None
    return 1 / abs(slope)


def edge_breaks(var: sp.Symbol, first: sp.Expr, points: tuple, ctx) -> tuple:
    """Extra break points (exact rationals) where the density falls from a cusp or a
    support's end far faster than its pieces are long.

    ``points`` are the support's ends and the declared breaks, as sorted numeric SymPy
    values; ``first`` is ``(ln f)'``.  On each side of each finite point ``p`` the branch of
    ``(ln f)'`` there (:func:`~.branches.branch_between`, every switch fixed) gives the
    one-sided slope ``s`` at ``p``; where the density falls away from ``p`` on every side it
    has (a cusp, or an end of the support: ``s < 0`` to its right, ``s > 0`` to its left),
    its decay length there is ``w = 1/|s|`` (an exponential ``e^{-|x - p|/w}``; a point on
    the flank of a peak is left to :func:`peak_breaks`' Newton search), and when a point
    on that side lies farther than :data:`NARROW` ``w`` (an infinite end counts as
    ``max(|p|, 1)`` away; nearer ones belong to the cusp), the points ``p +- k w``
    for ``k`` in :data:`EDGE_WIDTHS` are returned: ``laplace(0, 10^-30)`` has no concave mode
    for Newton's method (``(ln f)'' = 0``) and ``exponential(10^30)`` none inside its support,
    yet each holds its mass within ``10^-27`` of a point.

    >>> from symbolic_info.numeric.context import new_context
    >>> x = sp.Symbol("x", real=True)
    >>> b = sp.Integer(10) ** -30
    >>> cuts = edge_breaks(x, sp.diff(-sp.Abs(x) / b, x), (-sp.oo, 0, sp.oo), new_context(40))
    >>> len(cuts), float(cuts[-1]), float(cuts[13])
    (26, 4.096e-27, 1e-30)
    >>> edge_breaks(x, sp.diff(-sp.Abs(x), x), (-sp.oo, 0, sp.oo), new_context(40))
    ()
    """
    added: dict = {}
    try:
        values = [compile_expr(sp.sympify(v), [], ctx)() for v in points]
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return ()
    for i, (p, at) in enumerate(zip(points, values, strict=True)):
        sides = [(side, j) for side, j in ((-1, i - 1), (1, i + 1))
                 if 0 <= j < len(points) and values[j] != at]
        widths = [_decay_length(first, var, p, points[j], side, at, ctx) for side, j in sides]
        if not ctx.isfinite(at) or not sides or None in widths:
            continue  # a point the density does not fall from on every side: no cusp
        for (side, j), width in zip(sides, widths, strict=True):
            while 0 <= j < len(points) and _distance(values[j], at, ctx) <= NARROW * width:
                j += side  # points this close belong to the cusp (the Laplace's mu +- b)
            if not 0 <= j < len(points):
                continue
            exact_p, exact_w = sp.sympify(p), _exact(width)
            for k in EDGE_WIDTHS:
                added.setdefault(at + side * k * width, exact_p + side * k * exact_w)
    return tuple(added[v] for v in sorted(added))


def laplace_mode(var: sp.Symbol, logpdf: sp.Expr, start, support: tuple, ctx):
    """``(mode, width)`` of ``exp(logpdf)`` reached by Newton's method from ``start`` (an mpf)
    inside ``support`` (mpf ends), ``width`` the Laplace width ``1/sqrt(-(ln f)''(mode))``;
    ``None`` when Newton does not settle on a concave maximum or a value cannot be computed.

    >>> from symbolic_info.numeric.context import new_context
    >>> x = sp.Symbol("x", real=True)
    >>> ctx = new_context(30)
    >>> mode, width = laplace_mode(x, -(1000 * (x - 37))**2 / 2, ctx.zero, (-ctx.inf, ctx.inf), ctx)
    >>> ctx.nstr(mode, 10), ctx.nstr(width, 10)
    ('37.0', '0.001')
    """
    try:
        first, second = _derivatives(var, logpdf)
        d1, d2 = (compile_expr(e, [var], ctx) for e in (first, second))
        return _mode(d1, d2, start, support[0], support[1], ctx)
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return None
