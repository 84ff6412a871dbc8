"""A proved bound on the Euler-Maclaurin remainder of a far tail of cells, from the density.

The far tail ``sum_{j >= 0} h(j)`` of a quantised law (:mod:`.cell_tails`), ``h(s) = -p ln
p`` with ``p(s)`` the mass of the cell ``start + direction * s``, is summed as
``int_0^oo h + h(0)/2 - sum_{k<=q} B_2k/(2k)! h^(2k-1)(0)``.  Split at an integer ``N``, the
sum misses exactly ``R_[0,N] + T_N`` with (Abramowitz & Stegun 23.1.30, DLMF 2.10.1)

    |R_[0,N]| <= |B_2q| / (2q)! int_0^N |h^(2q)(s)| ds,   |B_2q| / (2q)! = 2 zeta(2q) / (2 pi)^(2q)
    T_N = sum_{j>=N} h(j) - int_N^oo h - h(N)/2 + sum_{k<=q} B_2k/(2k)! h^(2k-1)(N)

(DLMF 24.4.34: ``|B~_2q(x)| <= |B_2q|``).  Every piece is bounded with proof:

- ``[0, N]`` is cut into intervals ``[a, b]`` (ratio 1.01 first, 2 far out); on the circle of
  radius ``R`` around the middle, ``h`` is analytic and ``|h| <= M`` (below), so by Cauchy's
  estimate (Ahlfors, *Complex Analysis*, 3rd ed., Ch. 4, Sec. 2.3, and the maximum
  principle) ``|h^(n)(s)| <= n! M / rho^n`` for every ``s`` in ``[a, b]``,
  ``rho = R - (b - a)/2``; the interval adds ``(b - a) n! M / rho^n``.
- ``T_N``: the density is proved non-increasing beyond cell ``N``
  (:func:`~.tail_monotone.falls_beyond`) and ``p(N) < 1/e``, so ``h`` falls from ``N`` on,
  ``0 <= sum_{j>=N} h(j) - int_N^oo h <= h(N)``, and ``|T_N| <= M_N/2 + sum_k 4/(2 pi)^(2k)
  (2k-1)! M_N / rho_N^(2k-1)`` with the circle of the interval that starts at ``N``.

The maximum on a circle: ``p(z) = delta e^(g(z delta)) m(z)``, ``g = ln f`` (logarithms
split; for a mixture the term that dominates at the circle's centre is taken out, ``g =
ln t_k + ln(1 + sum_i t_i / t_k)``) and ``m(z) = int_0^1 e^(D(z, t)) dt``,
``D = g((z + t) delta) - g(z delta)``, ``D`` in ``t delta g'(...)`` over the swept balls.
The circle is covered by arcs; on each, the ball ``Z`` and ``Z + [0, 1]`` go through Arb
(:func:`~.ball_eval.compile_ball`): every logarithm and power of ``g`` and ``g'`` keeps off
its cut (so both are analytic on each disk ``D + t``), ``|Im D| < pi/2`` (harmonic in
``z``, so on the whole disk too: ``Re m > 0`` and ``ln m`` is analytic), and ``L = ln delta
+ g + ln m`` gives ``|h| = |e^L L|``.  An arc whose ball is too wide is halved; a circle
that cannot be certified is halved in radius (its interval too, when the radius would
fall below half of it); a tail that cannot be, is refused (+inf).
``g`` is real on the real axis (checked at each centre), so ``h`` there is the cells' own.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> grid = TailGrid(1 / (sp.pi * (x**2 + 1)), x, sp.Rational(1, 10), 100, 1, 100, target=-30)
>>> bool(remainder_log10(grid, 6) < -20)
True
"""

from __future__ import annotations

import math
import threading

import numpy as np
import sympy as sp

from .context import NumericError

__all__ = ["TailGrid", "remainder_log10", "forget_circles", "log_density", "singular_points",
           "analytic_branch", "cells_to_singularity", "ARCS", "interval_ratio"]

ARCS = 8
"""Arcs on the upper half of each circle at first (``h(conj z) = conj h(z)``)."""
def interval_ratio(k: int) -> float:
    """``(s_b + W) / (s_a + W)`` of the grid's interval ``k`` (``W`` the distance to the
    centre): 1.01 first, growing by a quarter each time up to 2.  The remainder's integrand
    falls like ``(s + W)^-(2q+1)``, so with many terms only the first intervals count, and
    there ``rho = R - (b - a)/2`` stays within 1 % of ``R`` (with 1.09 throughout it cost
    ``1.1^(2q)``, 10^11 at q = 140)."""
    return min(2.0, 1 + 0.01 * 1.25**k)
_MAX_INTERVALS = 6000
_MAX_DEPTH = 7
"""Halvings of an arc before its circle is shrunk."""
_ROUNDING = 1e-6
"""Added to the bound's log10: the doubles that sum its pieces round (about 1e-13)."""
_WIDE = 2.0
"""Radius of the ball of ``L = ln p`` above which an arc is halved (a wider ball only
loosens the bound, by up to ``e^radius``)."""


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



def _dominant_parts(density, var):
    """The additive terms of ``density`` that depend on ``var`` (a mixture's components) and
    the terms without it (refused: a constant does not fall to 0)."""
    terms = sp.Add.make_args(sp.expand_mul(density))
    if any(not t.has(var) for t in terms):
        raise NumericError("its density has a constant term, which a far tail cannot hold")
    return terms


class TailGrid:
    """The proved pieces of the remainder of one far tail (see the module's docstring):
    cells ``start + direction * s``, ``distance`` cells from the law's centre at ``s = 0``,
    of the switch-free ``density`` in ``var``; ``singular``: points (complex ``x``) the
    circles keep half their distance from (a hint: the proof does not rest on it); the grid
    runs until the end piece ``T_N`` is below ``10^(target - 2)``.  ``failed`` when no proof
    was found."""

    def __init__(self, density, var, delta, start: int, direction: int, distance: int,
                 singular: tuple = (), target: float = -60.0):
        from .ball_eval import compile_ball, flint_available

        if not flint_available():
            raise NumericError("python-flint is not installed, so the remainder of its far "
                               "tails' series cannot be proved")
        from flint import acb, arb, ctx

        from .tail_monotone import falls_beyond

        self.delta, self.start, self.direction = sp.Rational(delta), int(start), direction
        self.distance = int(distance)
        self._singular = singular
        self._known = _known_circles((density, var, self.delta, self.start, direction,
                                      self.distance, tuple(singular)))
        terms = _dominant_parts(density, var)
        logs = [log_density(t, var) for t in terms]
        self._variants = {}
        for k, t in enumerate(terms):
            rest = sum((sp.powsimp(o / t, combine="exp") for o in terms if o is not t),
                       sp.Integer(0))
            g = logs[k] + (sp.log(1 + rest) if rest != 0 else 0)
            self._variants[k] = (compile_ball(g, var), compile_ball(sp.diff(g, var), var))
        self._term_logs = [compile_ball(lg, var) for lg in logs]
        old = ctx.prec
        ctx.prec = 64
        try:
            self._arb = arb
            self._acb = acb
            self._d = arb(self.delta.p) / self.delta.q
            self._ln_d = self._d.log()
            self.log_len, self.log_m, self.log_rho = [], [], []
            self.end = None
            self.failed = not self._build(target, falls_beyond, density, var)
        finally:
            ctx.prec = old
        self.log_len = np.array(self.log_len, dtype=float)
        self.log_m = np.array(self.log_m, dtype=float)
        self.log_rho = np.array(self.log_rho, dtype=float)

    def _build(self, target: float, falls_beyond, density, var) -> bool:
        w = self.distance
        u, k = w, 0
        limit = (target - 2) * math.log(10)
        while k <= _MAX_INTERVALS:
            nxt = max(-(-u * int(10**4 * interval_ratio(k)) // 10**4), u + 1)
            a, b = u - w, nxt - w
            circle = self._known_circle(a, b)
            while circle is None and b - a > 1 and k <= _MAX_INTERVALS:
                b = (a + b) // 2  # a shorter interval lets its circle shrink further
                circle, k = self._known_circle(a, b), k + 1
            if circle is None:
                return False
            nxt = b + w
            log_m, log_rho = circle
            if log_m < limit and k > 0 and self._known_end(a, density, var, falls_beyond):
                self.end = (log_m, log_rho)
                return True
            self.log_len.append(math.log(b - a))
            self.log_m.append(log_m)
            self.log_rho.append(log_rho)
            u, k = nxt, k + 1
        return False

    def _known_circle(self, a: int, b: int):
        """:meth:`_circle`, remembered for this tail's geometry (:func:`_known_circles`)."""
        if (a, b) not in self._known:
            self._known[a, b] = self._circle(a, b)
        return self._known[a, b]

    def _known_end(self, n: int, density, var, falls_beyond) -> bool:
        """:meth:`_ends_at`, remembered like :meth:`_known_circle`."""
        if ("end", n) not in self._known:
            self._known["end", n] = self._ends_at(n, density, var, falls_beyond)
        return self._known["end", n]

    def _ends_at(self, n: int, density, var, falls_beyond) -> bool:
        """True when ``h`` is proved to fall from the cell ``n`` on: ``p(n) < 1/e`` and the
        density non-increasing beyond that cell's inner edge."""
        cell = self.start + self.direction * n
        edge = (cell if self.direction > 0 else cell + 1) * self.delta
        z = self._acb(cell)
        got = self._log_mass(z, z + self._acb(self._arb(0.5, 0.5)))
        if got is None or not got.real < -1:
            return False
        return falls_beyond(density, var, edge, self.direction)

    def _variant(self, centre):
        """``(g, g')`` compiled for the circle around the real cell ``centre``: the term of
        the density that is largest there taken out."""
        if len(self._variants) == 1:
            return self._variants[0]
        x = self._acb(centre) * self._d
        sizes = []
        for lg in self._term_logs:
            value, _ok = lg(x)
            sizes.append(float(value.real.mid()) if value.is_finite() else -math.inf)
        return self._variants[int(np.argmax(sizes))]

    def _log_mass(self, z, zp, variant=None):
        """The ball of ``L = ln p`` on the ball ``z`` of cell indices (``zp`` holds ``z +
        [0, 1]``), or None where the certificate fails."""
        g, dg = variant or self._variant(z.real.mid())
        arb = self._arb
        xp = zp * self._d
        _swept, ok = g(xp)  # the cuts' certificate on every disk D + t
        if not ok:
            return None
        big, ok = g(z * self._d)
        if not ok:
            return None
        slope, ok = dg(xp)
        if not ok:
            return None
        shift = slope * self._d * arb(0.5, 0.5)
        if not shift.imag.abs_upper() < arb.pi() / 2:
            return None
        e = shift.exp()
        if not e.real > 0:
            return None
        value = self._ln_d + big + e.log()
        return value if value.is_finite() else None

    def _circle(self, a: int, b: int):
        """``(ln M, ln rho)`` of the interval ``[a, b]`` of ``s``, or None."""
        arb, acb = self._arb, self._acb
        centre2 = a + b  # twice the centre, exact
        half = arb(b - a) / 2
        c = arb(centre2) / 2
        real_centre = self.start + self.direction * c
        radius = (c + self.distance) / 2
        near = float(cells_to_singularity(self._singular, float(self.delta),
                                          [float(real_centre.mid())])[0])
        if math.isfinite(near):
            radius = min(radius, arb((near - 1) / 2))
        variant = self._variant(real_centre.mid())
        g = variant[0]
        value, ok = g(acb(real_centre) * self._d)
        if not (ok and value.imag.abs_upper() < arb.pi()):
            return None
        for _ in range(6):
            rho = radius - half
            if not rho > 0:
                return None
            top = self._arc_max(real_centre, radius, variant)
            if top is not None:
                return top, float(rho.log().lower())
            radius = radius / 2
        return None

    def _arc_max(self, centre, radius, variant):
        """ln of an upper bound on ``|h|`` over the circle, or None."""
        arb, acb = self._arb, self._acb
        best = -math.inf
        todo = [(sp.Rational(j, ARCS), sp.Rational(j + 1, ARCS), 0) for j in range(ARCS)]
        pi = arb.pi()
        one = acb(arb(0.5, 0.5))
        while todo:
            lo, hi, depth = todo.pop()
            mid, rad = (lo + hi) / 2, (hi - lo) / 2
            phi = pi * (arb(mid.p) / mid.q + arb(0, float(rad) * (1 + 1e-9)))
            z = centre + self.direction * radius * (acb(0, 1) * phi).exp()
            value = self._log_mass(z, z + one, variant)
            if (value is None or value.rad() > _WIDE) and depth < _MAX_DEPTH:
                todo += [(lo, mid, depth + 1), (mid, hi, depth + 1)]
                continue
            if value is None:
                return None
            size = abs(value).upper()
            bound = float(value.real.upper()) + math.log(float(size)) if size > 0 else -math.inf
            best = max(best, bound * (1 + 1e-12) + 1e-12 if bound > 0 else
                       bound * (1 - 1e-12) + 1e-12)
        return best


_KNOWN: dict = {}
_KNOWN_LOCK = threading.Lock()
_KNOWN_TAILS = 16
"""Far tails whose circles :func:`_known_circles` remembers."""


def _known_circles(key) -> dict:
    """The proved circles (and ends) of the far tail ``key`` (its density, variable, delta,
    first cell, direction, distance and singular points): a quantised law's value and its
    reference plan the same tail at two precisions, whose grids differ only in where they
    end (0.1-0.4 s a grid).  The oldest tail is forgotten beyond :data:`_KNOWN_TAILS`;
    :func:`forget_circles` forgets all."""
    with _KNOWN_LOCK:  # the app's sessions are threads
        if key not in _KNOWN:
            while len(_KNOWN) >= _KNOWN_TAILS:
                del _KNOWN[next(iter(_KNOWN))]
            _KNOWN[key] = {}
        return _KNOWN[key]


def forget_circles() -> None:
    """Forget the circles remembered so far (benchmarks time them afresh)."""
    with _KNOWN_LOCK:
        _KNOWN.clear()


def remainder_log10(grid: TailGrid, q: int) -> float:
    """log10 of the proved bound on the remainder after ``q`` Bernoulli terms (+inf where
    the grid has no proof)."""
    if grid.failed or grid.end is None:
        return math.inf
    n = 2 * q
    parts = grid.log_len + math.lgamma(n + 1) + grid.log_m - n * grid.log_rho
    zeta = 1 + 2.0 ** -n + 2.0 ** (1 - n) / (n - 1)  # 1 + 2^-n + int_2^oo t^-n dt
    pieces = list(parts + math.log(2 * zeta) - n * math.log(2 * math.pi))
    log_m, log_rho = grid.end
    pieces.append(log_m - math.log(2))
    for k in range(1, q + 1):
        pieces.append(math.log(4) - 2 * k * math.log(2 * math.pi) + math.lgamma(2 * k)
                      + log_m - (2 * k - 1) * log_rho)
    pieces = np.array(pieces)
    top = pieces.max()
    if not np.isfinite(top):
        return -math.inf if top == -math.inf else math.inf
    return (top + math.log(np.exp(pieces - top).sum())) / math.log(10) + _ROUNDING
