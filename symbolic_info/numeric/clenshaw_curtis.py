"""Clenshaw-Curtis rules on ``[0, 1]`` at any precision, in exact fixed-point arithmetic.

The ``n``-point rule (``n`` even) samples ``f`` at ``y_k = sin^2(k pi / (2n)) = (1 - cos(k
pi/n))/2``, ``k = 0..n``, with the weights of Clenshaw & Curtis (Numer. Math. 2 (1960)
197-205), in the form of Trefethen, *Spectral Methods in MATLAB* (SIAM 2000), program
``clencurt``: on ``[-1, 1]``, ``w_0 = w_n = 1/(n^2 - 1)`` and, for ``0 < k < n``,

    w_k = (2/n) (1 - sum_{j=1}^{n/2} b_j 2 cos(2 j k pi/n) / (4 j^2 - 1)),

``b_j = 1`` except ``b_{n/2} = 1/2``; here halved for ``[0, 1]``.  The nodes of the
``n``-point rule are every other node of the ``2n``-point rule, so a quadrature that
doubles ``n`` evaluates each node once.  For ``f`` analytic in the Bernstein ellipse
``E_rho`` the error falls like ``rho^-n`` (Trefethen, "Is Gauss quadrature better than
Clenshaw-Curtis?", SIAM Rev. 50 (2008) 67-87, Thm. 5.1): doubling ``n`` squares it, the
same convergence test as the double-exponential rules serves.

Cosines come from rotating ``(1, 0)`` by ``e^(i pi/n)`` in integers of ``prec +``
:data:`GUARD_BITS` bits (``2n`` rotations lose at most ``log2(2n) + 2`` bits), the weights'
sums are taken in the same integers, and everything is rounded to ``prec`` bits once.  The
weights cost ``n^2/4`` integer products (a second or two for ``n = 4096`` at 3584 bits),
which is why :mod:`.quadrature` keeps them on disk.

Example
-------
>>> import mpmath
>>> ctx = mpmath.MPContext()
>>> ctx.prec = 200
>>> rule = nodes_weights(64, ctx.prec)
>>> total = sum(ctx.make_mpf(w) * ctx.exp(ctx.make_mpf(y)) for _, y, w in rule)
>>> abs(total - (ctx.e - 1)) < ctx.mpf(2) ** -190
True
"""

from __future__ import annotations

from operator import mul

import mpmath
from mpmath.libmp import MPZ, from_man_exp

__all__ = ["nodes_weights", "GUARD_BITS"]

GUARD_BITS = 64
"""Extra bits of the fixed-point computation (the rotations lose ``log2(2n) + 2``)."""


def _cosines(n: int, bits: int) -> list:
    """``round(2^bits cos(m pi / n))`` for ``m = 0 .. 2n - 1`` by repeated rotation."""
    ctx = mpmath.MPContext()
    ctx.prec = bits + 20
    scale = MPZ(1) << bits
    cr = MPZ(int(ctx.nint(ctx.cospi(ctx.mpf(1) / n) * scale)))
    sr = MPZ(int(ctx.nint(ctx.sinpi(ctx.mpf(1) / n) * scale)))
    c, s, out = scale, MPZ(0), []
    for _ in range(2 * n):
        out.append(c)
        c, s = (c * cr - s * sr) >> bits, (c * sr + s * cr) >> bits
    return out


def nodes_weights(n: int, prec: int) -> list:
    """The ``n``-point Clenshaw-Curtis rule on ``[0, 1]`` as raw mpf tuples of ``prec`` bits:
    ``(k, y_k, w_k)`` for ``k = 0 .. n`` (``n`` even, at least 2), ``sum w_k f(y_k)``
    approximating ``integral_0^1 f``.

    >>> rule = nodes_weights(2, 53)  # Simpson's rule: 1/6, 2/3, 1/6
    >>> [float(mpmath.mpf(w)) for _, _, w in rule]
    [0.16666666666666666, 0.6666666666666666, 0.16666666666666666]
    """
    if n < 2 or n % 2:
        raise ValueError("the Clenshaw-Curtis rule needs an even n >= 2")
    bits = prec + GUARD_BITS
    one = MPZ(1) << bits
    cos = _cosines(n, bits)
    half, period = n // 2, 2 * n
    coeffs = [(2 * one) // (4 * j * j - 1) for j in range(1, half)] + [one // (n * n - 1)]
    weights = [one // (2 * (n * n - 1))]  # k = 0 and n, already halved
    for k in range(1, half + 1):
        step = (2 * k) % period
        terms = (cos[(step * j) % period] for j in range(1, half + 1))
        weights.append((one - (sum(map(mul, coeffs, terms)) >> bits)) // n)  # halved
    rule = []
    for k in range(n + 1):
        w = weights[min(k, n - k)]
        y = (one - cos[k]) >> 1 if k <= half else one - ((one - cos[n - k]) >> 1)  # symmetric
        rule.append((from_man_exp(k, 0, prec), from_man_exp(y, -bits, prec),
                     from_man_exp(w, -bits, prec)))
    return rule
