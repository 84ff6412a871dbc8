"""The step the logit rule of :mod:`symbolic_info.numeric.beta_moments` needs, from its
integrand's strip of analyticity.

In the logit ``y`` the density ``v^c (1 - v)^d`` is ``F(y) = e^(a y) (1 + e^y)^-n``
(``a = c + 1``, ``n = a + b``, ``b = d + 1``); the rule ``y = m + s sinh t`` integrates
``g_k(t) = F(y) phi_k(y) y'(t)`` with ``phi = 1, ln v, ln(1 - v)`` by the trapezoidal rule
in ``t``.  ``F`` is analytic but on the cuts ``Re y = 0, |Im y| >= pi`` (the zeros of
``1 + e^y``), and the line ``Im t = w`` crosses ``Re y = 0`` once, at
``|Im y|^2 = s^2 sin^2 w + m^2 tan^2 w``: below ``pi`` for ``w`` under the rule's
``strip_limit``.  There the trapezoidal rule with step ``h`` is within

    2 M_k(w) / (e^(2 pi w / h) - 1),   M_k(w) = int |g_k(u + i w)| du

of the integral (Trefethen & Weideman, SIAM Rev. 56 (2014) 385-458, Thm. 5.1: ``M`` must
bound the integral over every line ``|Im t| <= w``; ``|g_k|`` is subharmonic, so ``int
|g_k(u + i v)| du`` is convex in ``v``, and even, since ``g_k`` is real on the real line:
its largest value is at ``v = +-w``).  ``|F(y)| = e^(a X) |1 + e^y|^-n``, ``X = Re y``, is
exact, so ``M_k(w)`` is an integral of a known positive function.  It is not enclosed
rigorously: it is summed in floating point along the line (steps of a quarter of the
density's width there and of ``1/(4 sqrt(n s))``, the width of the flank's bump off the real
line; a line whose sum over every other node differs by 1 % is not used) and taken 16 times
over.  ``M_k(0) = |int g_k|`` (``phi_k`` keeps its sign), so the bound is relative.  The
flank that narrows the strip is seen in ``M``: ``beta(1/2, 20001)``'s right flank
``exp(-n e^y)`` grows like ``exp(n e^X (1 - cos Im y))`` off the real line, and the rule
needs level 9 at 300 digits, where two levels agreeing to half the bits stopped at 8.

Example
-------
>>> level = proved_level(2, 5, 0.0, 3.141592653589793, 1000)  # beta(2, 5), 300 digits
>>> 6 <= level <= 8
True
"""

from __future__ import annotations

import cmath
import math
from functools import lru_cache

__all__ = ["proved_level", "strip_limit", "line_means"]

MARGIN = 16
"""Factor on each floating-point ``M_k``."""
FRACTIONS = (0.3, 0.5, 0.65, 0.8, 0.9, 0.95, 0.98)
"""Strip half-widths tried, as fractions of :func:`strip_limit`."""
SPLITS = (1, 4)
"""Steps tried along a line, as divisors of the first (near the limit the line passes close
to the cut's end, a narrow bump)."""
FARTHEST = 700.0
"""``|u|`` beyond which ``sinh u`` overflows a double."""
NEGLIGIBLE = 80.0
"""Nats below the largest term of a line at which its walk stops (past the density's
bulk, ``X`` beyond the cut)."""


def strip_limit(m: float, s: float) -> float:
    """The largest ``w`` for which ``y = m + s sinh(u + i w)`` crosses ``Re y = 0`` below
    ``|Im y| = pi``: the root of ``s^2 sin^2 w + m^2 tan^2 w = pi^2`` (``pi/2`` when
    ``s <= pi`` and ``m = 0``).

    >>> round(strip_limit(0.0, math.pi), 6) == round(math.pi / 2, 6)
    True
    """
    lo, hi = 0.0, math.pi / 2
    for _ in range(60):
        w = (lo + hi) / 2
        if (s * math.sin(w)) ** 2 + (m * math.tan(w)) ** 2 < math.pi ** 2:
            lo = w
        else:
            hi = w
    return lo


def _log1p(z: complex) -> complex:
    """``ln(1 + z)`` for ``|z| <= 1``, to full relative accuracy near 0."""
    if abs(z) < 1e-4:
        return z - z * z / 2 + z ** 3 / 3 - z ** 4 / 4
    return cmath.log(1 + z)


def _logs(a: float, b: float, y: complex) -> tuple:
    """``(ln|F(y)|, |ln v|, |ln(1 - v)|)`` at ``y``, continued along a line that crosses
    ``Re y = 0`` inside ``|Im y| < pi`` (``ln|F| = a ln|v| + b ln|1 - v|``: no ``n`` that
    rounds ``b`` away)."""
    if y.real <= 0:
        lw = -_log1p(cmath.exp(y))
        lv = y + lw
    else:
        lv = -_log1p(cmath.exp(-y))
        lw = lv - y
    return a * lv.real + b * lw.real, abs(lv), abs(lw)


def line_means(a: float, b: float, m: float, s: float, w: float, width: float,
               split: int = 1):
    """``(ln M_0, ln M_1, ln M_2)`` (each ``M_k = int |g_k(u + i w)| du`` over ``e^peak``)
    along the line ``Im t = w`` by the trapezoidal rule in ``u``, or None when the sums
    over every node and every other node differ by over 1 % (a feature narrower than the
    step; ``split`` divides the step).

    >>> ms = line_means(1.0, 1.0, 0.0, math.pi, 0.0, 1.4)  # v^0 (1 - v)^0 on (0, 1)
    >>> [round(math.exp(x) / 4, 6) for x in ms]  # peak 1/4: Z = 1, E ln V = E ln(1 - V) = -1
    [1.0, 1.0, 1.0]
    """
    n = a + b
    peak = a * math.log(a / n) + b * math.log(b / n)
    centre = math.asinh((math.log(a / b) - m) / s)
    step = min(1 / 32, width / (4 * s * math.cosh(centre)), 1 / (4 * math.sqrt(n * s))) / split
    cos_w, sin_w = math.cos(w), math.sin(w)
    sums = [[0.0] * 3, [0.0] * 3]  # every node, the even ones
    top = -math.inf
    for side in (1, -1):
        k = 0 if side > 0 else 1
        while True:
            u = centre + side * k * step
            if abs(u) > FARTHEST:  # a tail that does not fall in floating point
                return None
            sh, ch = math.sinh(u), math.cosh(u)
            y = complex(m + s * sh * cos_w, s * ch * sin_w)
            log_f, lv, lw = _logs(a, b, y)
            log_g = log_f - peak + math.log(s * math.hypot(ch * cos_w, sh * sin_w))
            if log_g > top:  # the sums are kept over e^top
                scale = math.exp(top - log_g) if top > -math.inf else 0.0
                sums = [[x * scale for x in row] for row in sums]
                top = log_g
            if log_g < top - NEGLIGIBLE and abs(y.real) > 2 and (
                    (side > 0 and u > centre + 1) or (side < 0 and u < centre - 1)):
                break
            g = math.exp(log_g - top)
            for j, phi in enumerate((1.0, lv, lw)):
                sums[0][j] += g * phi
                if k % 2 == 0:
                    sums[1][j] += g * phi
            k += 1
    fine = [x * step for x in sums[0]]
    coarse = [x * 2 * step for x in sums[1]]
    if any(abs(f - c) > 0.01 * f for f, c in zip(fine, coarse, strict=True)):
        return None
    return tuple(top + math.log(x) if x > 0 else -math.inf for x in fine)


@lru_cache(maxsize=256)
def _log_ratios(a: float, b: float, m: float, s: float, width: float) -> tuple:
    """``(w, ln(M_k(w) / M_k(0)) for k)`` for each usable ``w`` of :data:`FRACTIONS`."""
    base = line_means(a, b, m, s, 0.0, width)
    if base is None or min(base) == -math.inf:
        return ()
    limit = strip_limit(m, s)
    out = []
    for frac in FRACTIONS:
        w = frac * limit
        means = None
        for split in SPLITS:
            means = means or line_means(a, b, m, s, w, width, split)
        if means is not None:
            out.append((w, tuple(x + math.log(MARGIN) - y
                                 for x, y in zip(means, base, strict=True))))
    return tuple(out)


def proved_level(a, b, m, s, target: int, width=None) -> int | None:
    """The first level (step ``2^-level``) at which the trapezoidal rule in ``t`` of
    ``y = m + s sinh t`` is proved within ``2^-(target + 8)`` of each of the three
    integrals (relative), or None when no strip width gave a bound.  ``a, b`` the
    density's exponents plus one, ``width`` its width in ``y`` (about its standard
    deviation; default ``sqrt(1/a + 1/b)``).
    """
    a, b, m, s = float(a), float(b), float(m), float(s)
    width = float(width) if width is not None else math.sqrt(1 / a + 1 / b)
    best = None
    for w, logs in _log_ratios(a, b, m, s, width):
        need = 0.0
        for log_ratio in logs:  # e^(2 pi w / h) >= 1 + 2^(target + 9) M / |I|
            x = (target + 9) * math.log(2) + log_ratio
            need = max(need, x + math.log1p(math.exp(-x)) if x > -30 else math.exp(x))
        level = max(0, math.ceil(math.log2(need / (2 * math.pi * w))))
        best = level if best is None else min(best, level)
    return best
