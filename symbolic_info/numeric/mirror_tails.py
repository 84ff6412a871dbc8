"""A law symmetric about a point of the grid: its left far tail is its right one, mirrored.

The cell ``[c delta, (c + 1) delta)`` mirrored about ``m = M delta / 2`` (``M`` an integer)
is the cell ``M - 1 - c``.  When ``P(X > m + t) = P(X < m - t)`` for every ``t`` beyond the
law's outermost piece ends (its right tail's last form and its left tail's first form agree
after the substitution, proved by SymPy), each far cell on the left holds the mass of its
mirror on the right, and the left far tail's sum is the right one's, shifted by the few
cells between the mirror of the left tail's first cell and the right tail's first cell.
The value (:func:`~.cell_tails.far_cdf_cells`) then sums one far tail instead of two; the
reference (:func:`~.cell_tails.far_quadrature_sum`) still sums both from the density, so a
symmetry claimed wrongly is caught there.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> cauchy = ((-sp.oo, sp.oo, sp.atan(1 / x) / sp.pi, -sp.atan(1 / x) / sp.pi),)
>>> mirror_cells(cauchy, x, -sp.oo, sp.oo, sp.Rational(1, 100), 0)
0
>>> shifted = ((-sp.oo, sp.oo, sp.atan(1 / (x - 1)) / sp.pi, -sp.atan(1 / x) / sp.pi),)
>>> mirror_cells(shifted, x, -sp.oo, sp.oo, sp.Rational(1, 100), 0) is None
True
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..budget import OutOfTime, time_budget

__all__ = ["mirror_cells", "mirror_start", "left_from_right", "MIRROR_SECONDS", "MIRROR_GAP"]

MIRROR_SECONDS = 1.0
"""CPU seconds SymPy may spend proving that the two outer tails mirror each other."""


@lru_cache(maxsize=64)
def mirror_cells(pieces, var, lo, hi, delta, centre) -> int | None:
    """``M`` such that the far cell ``c`` on the left holds the mass of the cell ``M - 1 - c``
    on the right, or None: the law on the whole line, ``centre`` (a real near its median,
    such as the median itself) rounded to the nearest multiple ``m = M delta / 2`` of half a
    cell, and the tails ``pieces`` (see :class:`~.cell_grid.Tails`) proved to satisfy
    ``R(m + t) = L(m - t)`` for ``t > 0`` on the outermost pieces (the difference
    simplifies to 0 within :data:`MIRROR_SECONDS`), whose inner ends mirror each other."""
    if lo.is_finite or hi.is_finite:
        return None
    delta = sp.Rational(delta)
    big = int(sp.Integer(round(2 * float(centre) / float(delta)))) if abs(
        float(centre) / float(delta)) < 1e15 else None
    if big is None:
        return None
    m = big * delta / 2
    first, last = pieces[0], pieces[-1]
    inner_left, inner_right = sp.sympify(first[1]), sp.sympify(last[0])
    if inner_left.is_finite and inner_right.is_finite and \
            sp.simplify(inner_left + inner_right - 2 * m) != 0:
        return None
    t = sp.Symbol("t", positive=True)
    difference = sp.sympify(last[2]).subs(var, m + t) - sp.sympify(first[3]).subs(var, m - t)
    if not _small_at_samples(difference, t, first, last, m):
        return None  # plainly not symmetric: no SymPy proof attempted
    try:
        with time_budget(MIRROR_SECONDS):
            proved = sp.expand(difference) == 0 or sp.simplify(difference) == 0
    except OutOfTime:
        return None
    return big if proved else None


def _small_at_samples(difference, t, first, last, m) -> bool:
    """True when ``difference`` (in ``t``) is below 1e-20 at three points beyond the
    outermost piece ends, at 30 digits (or cannot be evaluated there): a law that is plainly
    not symmetric (the mixture of laplace(0, 1) and normal(3, 1)) is told apart before any
    SymPy work; only the proof that follows makes a mirror."""
    from .context import compile_expr, new_context

    ctx = new_context(30)
    ends = [sp.sympify(e) for e in (first[1], last[0]) if sp.sympify(e).is_finite]
    reach = max([abs(float(e - m)) for e in ends] + [0.0]) + 1.0
    f = compile_expr(difference, [t], ctx)
    try:
        return all(abs(f(ctx.mpf(reach * k + 0.37))) < ctx.mpf(10) ** -20
                   for k in (1.5, 7, 40))
    except (ValueError, ZeroDivisionError, TypeError):
        return True  # not decided here: the proof decides


MIRROR_GAP = 64
"""Most cells between the mirror of the left far tail's first cell and the right far
tail's first cell that :func:`left_from_right` sums one by one."""


def mirror_start(big, plan):
    """The cell on the right that mirrors the left far tail's first cell ``plan.i0 - 1``
    (cell ``c`` mirrors to ``big - 1 - c``; ``plan`` a :class:`~.cell_tails.FarPlan`), when
    both sides are far and it lies within :data:`MIRROR_GAP` cells of the right far tail's
    first cell ``plan.i1``, else None."""
    if big is None or plan.left == 0 or plan.right == 0:
        return None
    start = big - plan.i0
    return start if abs(start - plan.i1) <= MIRROR_GAP else None


def left_from_right(right, mass, start: int, first: int, ctx):
    """The left far tail's sum from ``right``, the sum of ``-p ln p`` over the cells
    ``first, first + 1, ...``: the same sum from the cell ``start`` on, the cells in between
    (masses ``mass(c, ctx)``) added or taken away.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> def mass(c, w):
    ...     return w.mpf(2) ** -(c + 1)
    >>> def tail(k):
    ...     return ctx.fsum(-mass(c, ctx) * ctx.log(mass(c, ctx)) for c in range(k, 200))
    >>> bool(abs(left_from_right(tail(5), mass, 3, 5, ctx) - tail(3)) < 1e-18)
    True
    >>> bool(abs(left_from_right(tail(5), mass, 7, 5, ctx) - tail(7)) < 1e-18)
    True
    """
    between = ctx.zero
    for c in range(min(start, first), max(start, first)):
        p = mass(ctx.mpf(c), ctx)
        between += -p * ctx.log(p) if p > 0 else ctx.zero
    return right + between if start < first else right - between
