"""When a quantised law's far tails go by a series rather than cell by cell.

A long walk whose every infinite side falls geometrically (Laplace, the exponential) goes
by the exact geometric sums (:func:`geometric_shortcut`); one whose sides are ``g(x)
e^(b x)`` with a Pearson form (the gamma) by the Euler-Maclaurin series on masses from the
density's Taylor series (:func:`series_shortcut`, :mod:`.pearson_tail`) once the walk
costs more than the series (:data:`SERIES_CELLS`); :mod:`.cell_tails` sums them.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> pieces = ((0, sp.oo, sp.exp(-x), 1 - sp.exp(-x)),)
>>> geometric_shortcut(pieces, sp.exp(-x), x, sp.Integer(0), sp.oo, 5000)
True
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .context import NumericError, NumericNode
from .gauss_quadratic import quadratic_form

__all__ = ["falls_geometrically", "geometric_shortcut", "series_shortcut", "SHORTCUT_CELLS",
           "SERIES_CELLS"]


def falls_geometrically(branch, var, direction: int) -> bool:
    """True when ``branch`` (switch-free) is ``C e^(b x)`` with ``b`` of the sign that makes
    it fall in ``direction`` (+1: right), so that its cells' masses form a geometric series.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> falls_geometrically(sp.exp(-x) / 2, x, 1), falls_geometrically(sp.exp(-x) / 2, x, -1)
    (True, False)
    >>> falls_geometrically(sp.exp(-x**2), x, 1)
    False
    """
    form = quadratic_form(branch, var)
    return form is not None and form[2] == 0 and form[1] != 0 and \
        bool(form[1] * direction < 0)


SHORTCUT_CELLS = 4000
"""Cells from which a law whose every infinite side falls geometrically goes by the far
tails' exact sums (:func:`geometric_shortcut`) rather than cell by cell (eight times
:data:`~.cell_tails.START_WIDTH`)."""


@lru_cache(maxsize=64)
def _far_branches(pieces, density, var, lo, hi):
    """``((branch, direction), ..)``: the branch of ``density`` beyond the outermost piece
    end on each infinite side of ``[lo, hi]``, or None (no infinite side, the tails
    ``pieces`` a density's numeric tails rather than closed forms, a branch not found)."""
    from .branches import branch_between

    if lo.is_finite and hi.is_finite:
        return None
    if any(isinstance(e, NumericNode) for p in pieces for e in p[2:]):
        return None
    ends = sorted((sp.sympify(e) for p in pieces for e in p[:2] if sp.sympify(e).is_finite),
                  key=float)
    sides = []
    if not hi.is_finite:
        sides.append((ends[-1] if ends else sp.Integer(0), sp.oo, 1))
    if not lo.is_finite:
        sides.append((-sp.oo, ends[0] if ends else sp.Integer(0), -1))
    try:
        return tuple((branch_between(density, var, a, b), direction) for a, b, direction in sides)
    except (NumericError, TypeError, ValueError):
        return None


def _geometric_sides(pieces, density, var, lo, hi) -> bool:
    """True when every infinite side's branch (:func:`_far_branches`)
    :func:`falls_geometrically` (Laplace, the exponential)."""
    branches = _far_branches(pieces, density, var, lo, hi)
    return branches is not None and all(falls_geometrically(b, var, direction)
                                        for b, direction in branches)


def geometric_shortcut(pieces, density, var, lo, hi, cells: int) -> bool:
    """True when ``cells`` (those that hold all but a negligible mass) exceed
    :data:`SHORTCUT_CELLS` and every infinite side falls geometrically: the walk around
    the centre (:func:`far_plan`) and one exact sum per side then replace the walk to
    the ends (Laplace at 50 digits and delta 1/100: 1,600 cells instead of 25,600)."""
    return cells > SHORTCUT_CELLS and _geometric_sides(pieces, density, var, lo, hi)


SERIES_CELLS = 100
"""Cells per digit from which :func:`series_shortcut` takes a gamma-type tail's series: the
series costs about what this many walked cells cost (CPU of value and reference, 2026-12-03:
gamma(5/2, 1) at delta 1/100, 16,000 cells walked 0.9 s at 50 digits, by the series 0.34 s;
76,000 walked 7.3 s at 300 digits, by the series 3.5 s; gamma(1/2, 1) at 1/10 and 300
digits, 7,200 walked 1.1 s, by the series 3.7 s)."""


def series_shortcut(pieces, density, var, lo, hi, delta, cells: int, dps: int) -> bool:
    """:func:`geometric_shortcut`, or: ``cells`` exceed :data:`SERIES_CELLS` per digit (and
    :data:`SHORTCUT_CELLS`), every
    infinite side's branch is ``g(x) e^(b x)`` falling outward with a Pearson form (the
    gamma, chi-squared; :func:`~.pearson_tail.series_mass`: the value's masses and
    Bernoulli terms from its Taylor series, the reference's one exponential a cell) and
    :func:`far_series` reaches ``dps`` digits: the far tails then go by their series
    (gamma(5/2, 1) at delta 1/100 and 300 digits: 718 cells and 124 Bernoulli terms
    instead of 76,032 cells; value 3.5 s of CPU walked, 1.7 s so; reference 3.9 s, 1.8 s)."""
    from .pearson_tail import falls_by_series

    if geometric_shortcut(pieces, density, var, lo, hi, cells):
        return True
    branches = _far_branches(pieces, density, var, lo, hi)
    if cells <= max(SHORTCUT_CELLS, SERIES_CELLS * dps) or branches is None or not all(
            falls_by_series(b, var, direction) for b, direction in branches):
        return False
    from .cell_tails import far_series

    try:
        far_series(pieces, density, var, lo, hi, delta, dps)
    except NumericError:  # CellLimitError too: the walk serves
        return False
    return True
