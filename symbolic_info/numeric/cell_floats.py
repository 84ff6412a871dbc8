"""Cell masses in double precision, for the cells whose entropy term needs few digits.

A cell of mass ``p`` adds ``-p ln p`` to ``H(X_delta)``; an error ``e p`` (relative ``e``) in
``p`` moves that term by at most ``e p (|ln p| + 1)`` (the derivative of ``-p ln p`` is
``-(ln p + 1)``).  The reference of ``quantised-entropy`` needs each term to about
``10^-D`` absolutely (``D`` its working digits plus a guard); a far cell of mass
``1e-60`` at ``D = 65`` needs only ``e <= 1e-7``, which double precision gives with room to
spare, and costs a vectorised NumPy evaluation instead of eight mpmath ones.

:func:`float_masses` integrates the density's shape over many cells at once by an m-point
Gauss-Legendre rule (nodes from :func:`~symbolic_info.numeric.cells.gauss_legendre_points`,
rounded to doubles), and bounds each result's relative error by

- rounding: ``(m + 4 k + kappa + 4) u`` with ``u = 2^-53``, ``k`` the operations of the
  shape (each elementary NumPy function within a few ulps), ``kappa = |x| |f'/f|`` the
  condition number of the shape at the cell (a node rounded by ``|x| u`` moves f by
  ``kappa u`` relatively; read from the log-slope across the cell), the cell's edges
  rounded by ``|a| u`` (moving the mass by ``f |a| u`` at each), the exponent of an
  ``exp(y)`` computed with an absolute error of about ``k |y| u`` (``|y|`` read as
  ``|ln f|`` at the cell's ends: ``k |ln f| u`` relatively), and the ``m`` positive
  terms of the weighted sum (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd
  ed., Sec. 4.2: ``|error| <= (m - 1) u sum |terms|`` to first order);
- the rule's truncation: the gap to the rule with ``m + 4`` nodes, times 10 (the error of
  the larger rule is far below the gap for an analytic shape: Trefethen, *Approximation
  Theory and Approximation Practice*, Theorem 19.3).

A cell is left to mpmath (``nan`` in the result) where a value is not finite, where a mass
falls below :data:`SMALLEST` (subnormal doubles lose relative precision), or where the shape
does not compile to NumPy (a special function NumPy lacks).

Example
-------
>>> import numpy as np
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> f = float_shape(sp.exp(-x), x)
>>> p, err = float_masses(f, np.array([0.0, 1.0]), 0.5, 6, sp.exp(-x).count_ops())
>>> bool(abs(p[0] - (1 - np.exp(-0.5))) < 1e-15), bool(err[0] < 1e-13)
(True, True)
"""

from __future__ import annotations

import numpy as np
import sympy as sp

__all__ = ["float_shape", "float_masses", "rough_masses", "log_changes", "SMALLEST",
           "UNIT_ROUNDOFF", "FloatCells", "float_cells", "cell_log_changes"]

UNIT_ROUNDOFF = 2.0**-53
SMALLEST = 1e-290
"""Masses below this are left to mpmath (near the subnormal range of doubles)."""


def float_shape(shape, var):
    """``shape`` (a SymPy expression in ``var``) as a NumPy function of an array, or None
    when it does not compile to NumPy functions or fails on a probe array.  The expression
    is the one already parsed by the project's grammar (never the user's raw text)."""
    try:
        # the module itself, not "numpy": that name has lambdify run `from numpy import *`,
        # which loads every NumPy submodule (f2py, ma, random, testing: 0.3 s of a cold
        # 300-digit quantised-entropy); the printer is NumPy's either way
        fn = sp.lambdify(var, shape, modules=np)
        with np.errstate(all="ignore"):
            probe = np.asarray(fn(np.array([0.25, 1.5, 3.0])), dtype=float)
    except Exception:  # noqa: BLE001 - any failure: the cells go to mpmath
        return None
    if probe.shape != (3,):
        return None
    return fn


def _evaluate(fn, points):
    with np.errstate(all="ignore"):
        out = np.asarray(fn(points), dtype=float)
    if out.shape != points.shape:  # a constant shape comes back as a scalar
        out = np.broadcast_to(out, points.shape).astype(float)
    return out


def rough_masses(fn, starts, delta: float):
    """``delta max(f(a), f(a + delta/2), f(a + delta))`` per cell ``[a, a + delta]`` (the
    size of its mass, enough to choose its working digits); ``nan`` where not usable."""
    pts = starts[:, None] + delta * np.array([0.0, 0.5, 1.0])[None, :]
    vals = _evaluate(fn, pts)
    out = delta * vals.max(axis=1)
    bad = ~np.isfinite(vals).all(axis=1) | (out < SMALLEST) | (vals < 0).any(axis=1)
    out[bad] = np.nan
    return out


def _rule(m: int):
    from .gauss_cells import gauss_legendre_points

    nodes, weights = gauss_legendre_points(m, 20)
    return (np.array([float(t) for t in nodes]), np.array([float(w) for w in weights]))


def float_masses(fn, starts, delta: float, m: int, ops: int):
    """``(p, err)``: the shape's integral over each cell ``[a, a + delta]`` (``a`` in
    ``starts``) by the m-point rule, and a bound on its relative error (see the module's
    docstring); both ``nan`` where the cell must go to mpmath."""
    half = delta / 2
    mids = starts + half
    sums = []
    for count in (m, m + 4):
        t, w = _rule(count)
        vals = _evaluate(fn, mids[:, None] + half * t[None, :])
        bad = ~np.isfinite(vals).all(axis=1) | (vals < 0).any(axis=1)
        s = half * (vals * w[None, :]).sum(axis=1)
        s[bad] = np.nan
        sums.append(s)
    p, better = sums
    ends = _evaluate(fn, np.stack([starts, starts + delta], axis=1))
    with np.errstate(all="ignore"):
        slope = np.abs(np.log(ends[:, 1]) - np.log(ends[:, 0])) / delta
        kappa = (np.abs(starts) + delta) * slope
        edges = 2 * (np.abs(starts) + delta) * ends.max(axis=1) / p  # edges rounded by |a| u
        exponent = ops * np.abs(np.log(ends)).max(axis=1)  # exp(y): |y| ops u relative error
        err = ((m + 4 * ops + kappa + edges + exponent + 4) * UNIT_ROUNDOFF
               + 10 * np.abs(better - p) / p)
    bad = ~np.isfinite(p) | ~np.isfinite(err) | (p < SMALLEST) | ~(ends > 0).all(axis=1)
    p[bad] = np.nan
    err[bad] = np.nan
    return p, err


def log_changes(shape, var, starts, delta: float):
    """``|ln f(a + delta) - ln f(a)|`` per cell ``[a, a + delta]`` (``a`` in ``starts``,
    consecutive cells), the largest over the cell and its two neighbours, from ``ln f``
    expanded symbolically (no underflow: a far cell of the normal at 1e-400 has ``ln f``
    about -920); ``nan`` where not finite, or None when ``ln f`` has no NumPy form.

    >>> import numpy as np
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> log_changes(sp.exp(-x**2 / 2), x, np.array([0.0, 0.5, 1.0]), 0.5).tolist()
    [0.375, 0.625, 0.625]
    """
    g = float_shape(sp.expand_log(sp.log(shape), force=True), var)
    if g is None or not len(starts):
        return None
    with np.errstate(all="ignore"):
        step = np.abs(_evaluate(g, starts + delta) - _evaluate(g, starts))
    bad = ~np.isfinite(step)
    step[bad] = 0.0
    padded = np.concatenate(([step[0]], step, [step[-1]]))
    out = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    out[bad] = np.nan
    return out


class FloatCells:
    """The double-precision side of :func:`~.gauss_cells.quadrature_cells` for the cells
    ``k0 <= i < k1``: ``rough(i)`` the size of a cell's mass (None where not known in
    doubles) and ``mass(i)`` the shape's integral over the cell where doubles give its
    entropy term to ``10^-digits`` (see the module's docstring), else None."""

    def __init__(self, k0: int, roughs, masses):
        self.k0, self.roughs, self.masses = k0, roughs, masses

    def rough(self, i: int):
        v = self.roughs[i - self.k0]
        return None if v != v else float(v)

    def mass(self, i: int):
        v = self.masses[i - self.k0]
        return None if v != v else float(v)


def float_cells(shape, var, coeff: float, delta, k0: int, k1: int, digits: int,
                 cells: int):
    """:class:`FloatCells` for the smooth cells ``k0 <= i < k1`` of ``coeff * shape``, or
    None when the shape has no NumPy form."""
    import math

    from .cell_terms import LOW_DIGITS
    from .gauss_rules import nodes_needed

    fn = float_shape(shape, var) if k1 > k0 else None
    if fn is None:
        return None
    c = float(coeff)
    if not math.isfinite(c) or c <= 0:
        return None
    dl = float(delta)
    starts = np.arange(k0, k1, dtype=float) * dl
    rough = c * rough_masses(fn, starts, dl)
    shape_mass, err = float_masses(fn, starts, dl, nodes_needed(cells, LOW_DIGITS),
                                   int(sp.count_ops(shape)) + 1)
    p = c * shape_mass * (1 + 4 * UNIT_ROUNDOFF)  # an upper bound on the cell's mass
    with np.errstate(all="ignore"):
        term = p * (np.abs(np.log(p)) + 1) * err
    ok = np.isfinite(term) & (term <= 10.0 ** -digits) & (p < 0.5)
    return FloatCells(k0, rough, np.where(ok, shape_mass, np.nan))


def cell_log_changes(shape, var, delta: float, i0: int, i1: int):
    """:func:`log_changes` on the cells ``i0 <= i < i1``."""
    return log_changes(shape, var, np.arange(i0, i1, dtype=float) * delta, delta)
