"""A bound on the Euler-Maclaurin remainder of a far tail of cells, from the density.

The far tail ``sum_{j >= 0} h(j)`` of a quantised law (:mod:`.cell_tails`) is summed by the
Euler-Maclaurin formula with ``q`` Bernoulli terms; its remainder is

    |R_q| <= 2 zeta(2q) / (2 pi)^(2q) * int_0^oo |h^(2q)(s)| ds

(the periodic Bernoulli function satisfies ``|B~_2q(x)| <= |B_2q| = 2 (2q)! zeta(2q) /
(2 pi)^(2q)``; DLMF 24.4.34 and 2.10.1, Abramowitz & Stegun 23.1.30-32).  ``|h^(2q)(s)|``
is bounded by Cauchy's estimate ``(2q)! max_{|z - s| = r} |h(z)| / r^(2q)`` (Ahlfors,
*Complex Analysis*, 3rd ed., Ch. 4, Sec. 2.3) on a circle of radius ``r(s)`` half the
distance from ``s`` to the law's centre (or a kink), where ``h = -p ln p`` is analytic:
``p(z)`` is the density's integral over the cell by a 4-point Gauss-Legendre rule,
evaluated in complex doubles on its logarithm (no underflow), the maximum read from
:data:`SAMPLES` points of the circle (the radius is halved while ``ln p`` jumps between
neighbouring samples).  ``s`` runs over a geometric grid; the integral is an upper Riemann
sum of the larger end value of each interval, plus ``B(s) (s + W)`` beyond the last point,
and the whole is doubled for the sampling of the maximum.  The estimate is computed, not
assumed; it is not a rigorous enclosure (the circle is sampled).

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> grid = TailGrid(sp.log(1 / (sp.pi * (x**2 + 1))), x, sp.Rational(1, 10), 100, 1, 100)
>>> bool(remainder_log10(grid, 6) < -20)
True
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

__all__ = ["TailGrid", "remainder_log10", "SAMPLES", "log_density", "singular_points",
           "analytic_branch", "cells_to_singularity"]

SAMPLES = 32
"""Points on each circle of Cauchy's estimate."""
_RATIO = 2**0.25
_NEGLIGIBLE = -50_000.0
"""ln p below which a cell's term (under e^-49990) is taken as 0, and with it the rest of
the tail beyond (the tails of the laws in use fall monotonically that far out)."""
_POINTS = 640
"""Grid points: ``s`` up to about 10^48 times the distance (beyond, the last point's
``B(s) (s + W)`` bounds the rest of a tail that falls at least like ``s^-2``)."""
_NODES = np.array([-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                   0.8611363115940526])
_WEIGHTS = np.array([0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                     0.3478548451374538])


def log_density(density, var):
    """``ln f`` with products, powers and quotients split (``sp.expand_log``, forced), so
    that it is evaluated without underflow far in a tail."""
    return sp.expand_log(sp.log(density), force=True)


def analytic_branch(density, var, at: float):
    """``density`` with each ``Abs`` and ``sign`` replaced by the branch it takes at the
    real point ``at`` (a far tail lies on one side of every kink); other switches raise
    :class:`~symbolic_info.numeric.context.NumericError`."""
    from .branches import branch_at
    from .context import NumericError

    if density.has(sp.Heaviside, sp.Min, sp.Max, sp.Piecewise):
        raise NumericError("its density switches form (Heaviside, Min, Max or Piecewise), "
                           "which the far tails' series does not continue")
    return branch_at(density, var, at)


def singular_points(density, var) -> tuple:
    """The complex points where ``density`` (switch-free) or its logarithm is singular: the
    roots of each base raised to a negative or fractional power and of each logarithm's
    argument, found numerically for polynomial bases (degree <= 8); any other base raises
    :class:`~symbolic_info.numeric.context.NumericError` (the series' circles must avoid
    them, and are not drawn blind)."""
    from .context import NumericError

    bases = set()
    for node in sp.preorder_traversal(sp.together(density)):
        if isinstance(node, sp.Pow) and not (node.exp.is_integer and node.exp.is_positive):
            bases.add(node.base)
        elif isinstance(node, sp.log):
            bases.add(node.args[0])
    points = []
    for b in bases:
        if not b.has(var):
            continue
        try:
            poly = sp.Poly(b, var)
        except sp.PolynomialError:
            poly = None
        if poly is None or poly.degree() > 8 or not poly.is_univariate:
            raise NumericError("the singular points of its density are not known (a base "
                               "that is not a polynomial), so its far tails cannot be summed")
        points += [complex(r) for r in poly.nroots()]
    return tuple(points)


def cells_to_singularity(points, delta: float, cells):
    """Distance in cells from the middle of each cell index in ``cells`` (real) to the
    nearest of ``points``; inf without points."""
    mids = (np.asarray(cells, dtype=float) + 0.5) * delta
    if not points:
        return np.full(mids.shape, np.inf)
    z = np.array(points, dtype=complex)
    return np.abs(mids[..., None] - z).min(axis=-1) / delta


class TailGrid:
    """``ln max |h|`` on circles around the points ``s`` of a geometric grid of one far tail:
    cells ``start + direction * s``, ``distance`` cells from the law's centre at ``s = 0``
    (radius ``(s + distance) / 2``, at most half the distance to the ``singular`` points
    less a cell), from the density's logarithm ``log_f`` in ``var``."""

    def __init__(self, log_f, var, delta, start: int, direction: int, distance: int,
                 singular: tuple = ()):
        fn = sp.lambdify(var, log_f, modules="numpy")
        d = float(delta)
        self.distance = float(distance)
        k = np.arange(_POINTS)
        self.s = self.distance * (_RATIO ** k - 1)
        self.s = self.s[np.abs(start) + self.s < 1e300]
        near = cells_to_singularity(singular, d, start + direction * self.s)
        radius = np.minimum((self.s + self.distance) / 2, (near - 1) / 2)
        angles = np.exp(2j * np.pi * np.arange(SAMPLES) / SAMPLES)
        lp = np.full((len(self.s), SAMPLES), np.nan, dtype=complex)
        centre = np.real(self._log_mass(fn, start + direction * self.s.astype(complex), d))
        far = centre < _NEGLIGIBLE  # beyond, on a tail that only falls
        if far.any():
            far[np.argmax(far):] = True
        todo = ~far
        for _ in range(24):  # halve the radius where ln p jumps between samples
            z = start + direction * (self.s[todo, None] + radius[todo, None] * angles[None, :])
            lp[todo] = self._log_mass(fn, z.ravel(), d).reshape(z.shape)
            closed = np.concatenate([lp, lp[:, :1]], axis=1)
            with np.errstate(all="ignore"):
                jumps = np.abs(np.diff(np.imag(closed), axis=1)).max(axis=1)
            gone = (np.real(lp) == -np.inf).all(axis=1) | far  # h is 0 there
            todo = ~((np.isfinite(lp).all(axis=1) & (jumps < 1.0)) | gone)
            if not todo.any():
                break
            radius[todo] /= 2
        with np.errstate(all="ignore"):
            log_abs_h = (np.real(lp) + np.log(np.abs(lp))).max(axis=1)
        log_abs_h[gone] = -np.inf
        self.log_h = np.where(todo, np.nan, log_abs_h)  # nan: no usable circle (-> refused)
        self.log_r = np.log(radius)

    @staticmethod
    def _log_mass(fn, z, d):
        """ln p(z) for complex cell indices ``z``: 4-point Gauss-Legendre of the density on
        ``[z d, (z + 1) d]``, summed on the logarithms."""
        x = (z[:, None] + 0.5 + 0.5 * _NODES[None, :]) * d
        with np.errstate(all="ignore"):
            lf = np.asarray(fn(x), dtype=complex) + np.log(_WEIGHTS * d / 2)[None, :]
            top = np.real(lf).max(axis=1)
            out = top + np.log(np.exp(lf - top[:, None]).sum(axis=1))
        return np.where(top == -np.inf, -np.inf + 0j, out)


def remainder_log10(grid: TailGrid, q: int) -> float:
    """log10 of the bound on the remainder after ``q`` Bernoulli terms (+inf where a point
    of the grid had no usable circle)."""
    if np.isnan(grid.log_h).any():
        return math.inf
    n = 2 * q
    log_b = math.lgamma(n + 1) + grid.log_h - n * grid.log_r
    ends = np.maximum(log_b[:-1], log_b[1:]) + np.log(np.diff(grid.s))
    last = log_b[-1] + math.log(grid.s[-1] + grid.distance)
    parts = np.append(ends, last)
    top = parts.max()
    if not np.isfinite(top):
        return -math.inf
    log_integral = top + math.log(np.exp(parts - top).sum())
    zeta = 1 + 2.0 ** (1 - n)  # zeta(n) <= 1 + 2^-n + int_2^oo t^-n dt <= 1 + 2^(1-n), n >= 2
    log_bound = math.log(2 * 2 * zeta) - n * math.log(2 * math.pi) + log_integral
    return log_bound / math.log(10)
