"""The Gauss-Legendre rules of the reference's cells (:mod:`.gauss_cells`,
:mod:`.gauss_quadratic`) and how many nodes a cell needs: the rules at any precision
(:func:`gauss_legendre_points`, Newton's method in MPFR), the grid-wide count
(:func:`nodes_needed`) and the count where ``ln f`` is steep (:func:`slope_nodes`).

>>> nodes_needed(60, 50), slope_nodes(0.28, 145)
(32, 40)
"""

from __future__ import annotations

import math
from functools import lru_cache

from .context import NumericError, new_context
from .mpfr_eval import gmpy2, to_mpfr, to_mpmath

__all__ = ["NODE_COUNTS", "gauss_legendre_points", "nodes_needed", "slope_nodes",
           "rounded_count", "pole_nodes", "MAX_PANELS"]


NODE_COUNTS = (4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160)
"""The Gauss-Legendre rules in use: a needed count is rounded up to one of these, so that
few rules are computed (an m-point rule at 60 digits costs about m^2 eigenvalue steps)."""


def _legendre_step(x, m: int):
    """Newton's step ``P_m(x) / P_m'(x)`` and ``P_m'(x)``, by the three-term recurrence
    (in the arithmetic of ``x``: a float or an mpf)."""
    p0, p1 = 1, x
    for n in range(2, m + 1):
        p0, p1 = p1, ((2 * n - 1) * x * p1 - (n - 1) * p0) / n
    dp = m * (x * p1 - p0) / (x * x - 1)
    return p1 / dp, dp


@lru_cache(maxsize=64)
def _gauss_legendre(m: int, dps: int):
    """The roots of the Legendre polynomial P_m by Newton's method from Tricomi's estimate
    cos(pi (i - 1/4) / (m + 1/2)), P_m and P_m' by the three-term recurrence, weights
    2 / ((1 - x^2) P_m'(x)^2) (Davis & Rabinowitz, Sec. 2.7; Numerical Recipes, 3rd ed.,
    Sec. 4.6): O(m^2) operations, where the eigenvalues of the Jacobi matrix cost O(m^3).
    Newton converges quadratically, so each root is first found in doubles, then the
    precision doubles with each step (one step at p bits gives about 2p correct bits),
    and the last steps at the full precision run until the step is below 10^-(dps + 8):
    one or two steps at the full precision instead of five or more (a 1000-digit rule of
    160 nodes took 1.2 s)."""
    ctx = new_context(dps + 10)
    eps = ctx.mpf(10) ** -(dps + 8)
    nodes, weights = [], []
    for i in range(1, m // 2 + 1):
        xf = math.cos(math.pi * (i - 0.25) / (m + 0.5))
        for _ in range(100):
            step, _dp = _legendre_step(xf, m)
            xf -= step
            if abs(step) < 1e-14:
                break
        x, w = _newton_root(xf, m, ctx, eps)
        nodes += [x, -x]
        weights += [w, w]
    if m % 2:  # the middle node 0: P_m'(0) from the recurrence at x = 0
        p0, p1 = ctx.one, ctx.zero
        for n in range(2, m + 1):
            p0, p1 = p1, (-(n - 1) * p0) / n
        dp = m * (-p0) / -1
        nodes.append(ctx.zero)
        weights.append(2 / (dp * dp))
    return tuple(nodes), tuple(weights)


def _newton_root(xf: float, m: int, ctx, eps):
    """The root of P_m near ``xf`` (found in doubles) and its weight on ``ctx``: Newton's
    steps at doubling precision, then at the full precision until the step is below
    ``eps``; in MPFR when gmpy2 is present (the recurrence's m multiplications per step
    cost a third of mpmath's there), else mpmath."""
    if gmpy2 is not None:
        with gmpy2.context(precision=ctx.prec + 10):
            x, bits = gmpy2.mpfr(xf), 40
            while bits < ctx.prec:
                bits = min(2 * bits, ctx.prec)
                with gmpy2.context(precision=bits + 20):
                    x = x - _legendre_step(gmpy2.mpfr(x), m)[0]
            x = gmpy2.mpfr(x)
            tiny = to_mpfr(eps)
            for _ in range(100):
                step, dp = _legendre_step(x, m)
                x -= step
                if abs(step) < tiny:
                    break
            else:  # never seen for the rules in use
                raise NumericError(f"the {m}-point Gauss-Legendre rule did not converge")
            w = 2 / ((1 - x * x) * dp * dp)
            return to_mpmath(x, ctx), to_mpmath(w, ctx)
    x, bits = ctx.mpf(xf), 40
    while bits < ctx.prec:
        bits = min(2 * bits, ctx.prec)
        with ctx.workprec(bits + 20):
            x -= _legendre_step(x, m)[0]
    for _ in range(100):
        step, dp = _legendre_step(x, m)
        x -= step
        if abs(step) < eps:
            break
    else:  # never seen for the rules in use; a node that did not converge is not used
        raise NumericError(f"the {m}-point Gauss-Legendre rule did not converge")
    # P_m' at the last iterate, |step| < 10^-(dps + 8) from the root: relatively off by
    # |step P_m'' / P_m'| <= |step| 2 / (1 - x^2) (Legendre's equation), below
    # 10^-(dps + 3) for the rules in use (1 - x^2 >= 1e-5 at 160 nodes)
    return x, 2 / ((1 - x * x) * dp * dp)


def gauss_legendre_points(m: int, dps: int) -> tuple:
    """The m-point Gauss-Legendre nodes and weights on [-1, 1] at ``dps`` digits or more
    (cached per m at ``dps`` rounded up to a multiple of 20: more digits serve any lower
    precision; from :data:`STORE_DIGITS` on also on disk, :func:`_stored_rule`)."""
    return _stored_rule(m, 20 * -(-dps // 20))


STORE_DIGITS = 100
"""Digits from which a rule is kept on disk (:mod:`.node_store`): a fresh 1000-digit
reference computed its 17 rules in about 0.5 s, a stored rule reads in milliseconds; a
300-digit information-gain of a Laplace prior computed seven rules of 100 and 120 digits
(0.27 s of CPU, the evidence at 75 digits among them) when 150 was the threshold."""


@lru_cache(maxsize=1)
def _source_hash() -> str:
    """The hash of this module's source, part of each stored rule's key: rules stored by
    other code are never read (the folder is the double-exponential nodes', named by
    theirs: :func:`~.rule_nodes.node_version`, one folder kept at a time)."""
    import hashlib
    from pathlib import Path

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=64)
def _stored_rule(m: int, dps: int):
    """:func:`_gauss_legendre`, read from disk when stored there (and stored when made),
    from :data:`STORE_DIGITS` digits; the node store checks each file's hash, and a rule
    read back must have its m nodes, each node in (-1, 1) and each weight in (0, 2)."""
    from . import node_store
    from .rule_nodes import node_version

    if dps < STORE_DIGITS:
        return _gauss_legendre(m, dps)
    ctx = new_context(dps + 10)
    key = ("legendre", _source_hash(), m, dps)
    stored = node_store.load(node_version(), key, width=2)
    if stored is not None and len(stored) == m:
        nodes = tuple(ctx.make_mpf(x) for x, _w in stored)
        weights = tuple(ctx.make_mpf(w) for _x, w in stored)
        if all(-1 < x < 1 for x in nodes) and all(0 < w < 2 for w in weights):
            return nodes, weights
    nodes, weights = _gauss_legendre(m, dps)
    node_store.save(node_version(), key, [(x._mpf_, w._mpf_) for x, w in
                                          zip(nodes, weights, strict=True)])
    return nodes, weights


def nodes_needed(cells: int, dps: int) -> int:
    """Gauss-Legendre nodes per cell for ``dps`` digits on a grid of ``cells`` cells.

    The rule's error on a cell of width delta is about (delta / (4 s))^(2m) relative, where s
    is the scale on which the density changes; taking s as a twentieth of the width the
    grid covers, m = (dps + 5) / (2 log10(cells / 5)), between 4 and 160 (it stopped at 40
    before: 40 nodes give only about 130 digits on a cell half the normal's scale wide, 108
    on one scale wide, so normal(0, 1) at delta 1/2 failed its mass check at 200 digits; 80
    nodes give 287 and 239 digits there, 160 give 622 and 525).

    >>> nodes_needed(60, 50), nodes_needed(148, 300)
    (32, 128)
    """
    return rounded_count(max(4, min(NODE_COUNTS[-1], _grid_count(cells, dps))))


def _grid_count(cells: float, dps: int) -> int:
    """The uncapped count of :func:`nodes_needed`."""
    return math.ceil((dps + 5) / (2 * math.log10(max(cells / 5, 2.0))))


def rounded_count(m: int) -> int:
    """The first of :data:`NODE_COUNTS` at least ``m``."""
    return next((n for n in NODE_COUNTS if n >= m), NODE_COUNTS[-1])


def slope_nodes(change: float, digits: int) -> int:
    """Gauss-Legendre nodes for a cell across which ``ln f`` changes by ``change``, for a
    relative error below 10^-(digits + 5): the grid-wide :func:`nodes_needed` misses the
    far tails, where a density such as the normal's falls steeply across each cell.

    On the cell mapped to [-1, 1] the density is about ``f(mid) exp(a t)`` with
    ``a = change / 2``, taken 1.5 times larger for the change of slope along the cell; on
    the Bernstein ellipse of parameter rho (semi-axis about rho / 2) its size is at most
    about ``f(mid) exp(a rho / 2)``, so the m-point rule's relative error is about
    ``exp(a rho / 2) rho^(-2m)`` (Trefethen, *Approximation Theory and Approximation
    Practice*, Theorem 19.3), smallest at ``rho = 4m / a``: ``(e a / (4m))^(2m)``.  Measured:
    normal(0, 1) at delta 1/100, the cell at x = 28 (change 0.28, mass 1e-174, term needed
    to 10^-315, 145 digits) had a relative error of 1e-117 with the grid's 24 nodes (the
    model says 1e-115); this gives 40 (the model without the margin: 1e-210).

    >>> slope_nodes(0.28, 145), slope_nodes(0.0, 300), slope_nodes(float("nan"), 50)
    (40, 4, 4)
    """
    count = _slope_count(change, digits)
    return NODE_COUNTS[-1] if count is None else count


def _slope_count(change: float, digits: int) -> int | None:
    """The count of :func:`slope_nodes`, None when no rule of :data:`NODE_COUNTS` serves."""
    a = 1.5 * change / 2
    if not a > 0:
        return NODE_COUNTS[0]
    if not math.isfinite(a):
        return None
    need = digits + 6  # + log10(64/15), the theorem's constant
    return next((m for m in NODE_COUNTS if 4 * m > math.e * a
                 and 2 * m * math.log10(4 * m / (math.e * a)) >= need), None)


MAX_PANELS = 64
"""Most equal panels :func:`pole_nodes` cuts a cell into."""
POLE_COUNTS = (*NODE_COUNTS, 192, 256, 320, 400)
"""The rules :func:`pole_nodes` takes: beyond :data:`NODE_COUNTS`, since one rule of m nodes
gains ``2 log10 rho`` digits a node where two panels of m gain ``2 log10(2 rho)`` for 2m
nodes (the Cauchy's central cells at delta 1/10 and 1000 digits: 320 nodes, or 64 panels
of 160)."""


def _bernstein_rho(w: complex) -> float:
    """The parameter of the Bernstein ellipse (foci -1 and 1) through ``w``:
    ``|w + sqrt(w^2 - 1)|`` on the branch where it is at least 1."""
    import cmath

    r = abs(w + cmath.sqrt(w - 1) * cmath.sqrt(w + 1))
    return max(r, 1 / r) if r > 0 else 1.0


def pole_nodes(a: float, b: float, poles, digits: int) -> tuple:
    """``(panels, nodes)``: equal panels of ``[a, b]`` and Gauss-Legendre nodes on each for
    a relative error below ``10^-(digits + 5)`` when the density is analytic except at the
    complex ``poles`` (its singular points off the real line: the Cauchy's ``+-i``).

    An m-point rule on a panel mapped to [-1, 1] errs by at most about ``rho^(-2m)`` times
    the density's size on the Bernstein ellipse of parameter ``rho`` inside which it is
    analytic (Trefethen, *Approximation Theory and Approximation Practice*, Theorem 19.3),
    ``rho`` the ellipse's parameter through the nearest pole; so ``m = (digits + 5) / (2
    log10 rho)``, and the cell is cut into 2, 4, ... panels (each narrower, its pole
    relatively farther) while that exceeds the largest of :data:`POLE_COUNTS`.  The
    grid-wide count (:func:`nodes_needed`) assumes a scale of a twentieth of the grid: the
    Cauchy at delta 1/10 (1,021 cells walked, 80 nodes) has its poles 10 cells from the
    centre, and its reference lost 42 of 300 digits there.  ``(1, 4)`` without poles.

    >>> pole_nodes(0.0, 0.1, [1j, -1j], 300), pole_nodes(50.0, 50.1, [1j, -1j], 300)
    ((1, 96), (1, 48))
    >>> pole_nodes(0.0, 0.1, [1j], 1000), pole_nodes(0.0, 0.1, [0.05 + 0.01j], 50)
    ((1, 320), (2, 128))
    """
    if not poles:
        return 1, NODE_COUNTS[0]
    panels = 1
    while True:
        width = (b - a) / panels
        rho = min(_bernstein_rho((p - (a + (j + 0.5) * width)) / (width / 2))
                  for p in poles for j in range(panels))
        if rho > 1.5:
            m = math.ceil((digits + 5) / (2 * math.log10(rho)))
            if m <= POLE_COUNTS[-1]:
                return panels, next(n for n in POLE_COUNTS if n >= m)
        if panels >= MAX_PANELS:
            return panels, POLE_COUNTS[-1]
        panels *= 2
