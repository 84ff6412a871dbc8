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
sums ``S_k = sum_j c_j cos(pi j k/M)``, ``M = n/2``, are a discrete cosine transform (DCT-I)
of the coefficients: with the even extension ``x`` of ``c`` to length ``n`` (``x_j = c_j``,
``x_(n-j) = c_j``) its discrete Fourier transform is ``X_k = 2 S_k - c_M (-1)^k`` (``c_0 =
0``), computed by a radix-2 fast Fourier transform in the same fixed-point integers
(Waldvogel, "Fast construction of the Fejer and Clenshaw-Curtis quadrature rules", BIT 46
(2006) 195-202, uses the same identity).  That is ``(n/2) log2 n`` butterflies where the
direct sums took ``n^2/4`` products: 0.25 s instead of 8 s (CPU, load 6) for ``n = 4096`` at 3584
bits, the first 1000-digit run's cost; each of the ``log2 n`` stages loses at most two bits,
well within :data:`GUARD_BITS`.  :mod:`.rule_nodes` still keeps the rules on disk.

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

import mpmath
from mpmath.libmp import MPZ, from_man_exp

__all__ = ["nodes_weights", "cosine_sums", "GUARD_BITS"]

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


def cosine_sums(coeffs: list, cos: list, bits: int) -> list:
    """``S_k = sum_{j=1}^{M} c_j cos(pi j k/M)`` for ``k = 0 .. M`` in fixed point, by a fast
    Fourier transform of the even extension (see the module's notes).

    ``coeffs`` holds ``c_1 .. c_M`` and ``cos`` the table ``round(2^bits cos(m pi/n))``,
    ``m = 0 .. 2n - 1``, ``n = 2M``; values are integers scaled by ``2^bits``.  The fast
    transform needs ``n`` a power of two or three times one (the quadrature's rules); other
    ``n`` are summed directly.

    >>> n, bits = 8, 60
    >>> cos = _cosines(n, bits)
    >>> c = [1 << bits, 2 << bits, 3 << bits, 4 << bits]  # c_1 .. c_4
    >>> direct = [sum(c[j - 1] * cos[(2 * j * k) % (2 * n)] for j in range(1, 5)) >> bits
    ...           for k in range(5)]
    >>> all(abs(a - b) < 64 for a, b in zip(cosine_sums(c, cos, bits), direct))
    True
    """
    half = len(coeffs)
    n = 2 * half
    c = [0, *coeffs]
    fast = _power_of_two(n) or (n % 3 == 0 and _power_of_two(n // 3))
    if not fast:  # the direct sums, n^2/4 products
        return [sum(c[j] * cos[(2 * j * k) % (2 * n)] for j in range(1, half + 1)) >> bits
                for k in range(half + 1)]
    x = c + [c[n - j] for j in range(half + 1, n)]  # even extension, length n
    re = _fft(x, [0] * n, cos, bits)[0] if _power_of_two(n) else _fft3(x, cos, bits)
    sign = 1
    out = []
    for k in range(half + 1):
        out.append((re[k] + sign * c[half]) >> 1)  # X_k = 2 S_k - c_M (-1)^k
        sign = -sign
    return out


def _power_of_two(n: int) -> bool:
    return n > 0 and not n & (n - 1)


def _fft3(x: list, cos: list, bits: int) -> list:
    """The real part of the discrete Fourier transform of the real ``x`` of length ``n = 3 m``,
    ``m`` a power of two: one radix-3 step of decimation in time, ``X_k = sum_r e^(-2 pi i r
    k/n) F_r(k mod m)`` with ``F_r`` the radix-2 transform of ``x[r::3]`` (Cooley & Tukey);
    ``cos`` as in :func:`cosine_sums` (``2n`` entries, steps of ``pi/n``).  The rules of
    ``3 2^j`` points (:mod:`.cc_piece`'s third chain) are then as cheap as the others."""
    n = len(x)
    m, period, quarter = n // 3, 2 * n, n // 2
    parts = [_fft(x[r::3], [0] * m, [cos[3 * i] for i in range(2 * m)], bits) for r in range(3)]
    out = []
    for k in range(n):
        total = parts[0][0][k % m] << bits
        for r in (1, 2):
            a = 2 * r * k  # the angle 2 pi r k/n in steps of pi/n
            wr, wi = cos[a % period], -cos[(a - quarter) % period]
            fr, fi = parts[r][0][k % m], parts[r][1][k % m]
            total += fr * wr - fi * wi
        out.append(total >> bits)
    return out


def _fft(re: list, im: list, cos: list, bits: int) -> tuple:
    """The discrete Fourier transform ``X_k = sum_j x_j e^(-2 pi i jk/n)`` of ``re + i im``
    (length ``n`` a power of two) in fixed point: iterative radix-2, decimation in time
    (Cooley & Tukey, Math. Comp. 19 (1965) 297-301); ``cos`` as in :func:`cosine_sums`."""
    n = len(re)
    period, quarter = 2 * n, n // 2  # cos table in steps of pi/n; sin(a) = cos(a - pi/2)
    j = 0
    for i in range(1, n):  # bit-reversal permutation
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            re[i], re[j] = re[j], re[i]
            im[i], im[j] = im[j], im[i]
    size = 2
    while size <= n:
        stride = period // size  # twiddle e^(-2 pi i m/size) = angle 2 pi m/size = stride*m steps
        for m in range(size // 2):
            a = stride * m
            wr, wi = cos[a % period], -cos[(a - quarter) % period]
            for start in range(m, n, size):
                other = start + size // 2
                tr = (re[other] * wr - im[other] * wi) >> bits
                ti = (re[other] * wi + im[other] * wr) >> bits
                re[other], im[other] = re[start] - tr, im[start] - ti
                re[start], im[start] = re[start] + tr, im[start] + ti
        size *= 2
    return re, im


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
    half = n // 2
    coeffs = [(2 * one) // (4 * j * j - 1) for j in range(1, half)] + [one // (n * n - 1)]
    sums = cosine_sums(coeffs, cos, bits)
    weights = [one // (2 * (n * n - 1))]  # k = 0 and n, already halved
    weights += [(one - sums[k]) // n for k in range(1, half + 1)]  # halved
    rule = []
    for k in range(n + 1):
        w = weights[min(k, n - k)]
        y = (one - cos[k]) >> 1 if k <= half else one - ((one - cos[n - k]) >> 1)  # symmetric
        rule.append((from_man_exp(k, 0, prec), from_man_exp(y, -bits, prec),
                     from_man_exp(w, -bits, prec)))
    return rule
