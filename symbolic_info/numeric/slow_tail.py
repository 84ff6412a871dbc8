"""The integral of a slowly falling tail, ``int_a^oo F(x) dx`` with ``F`` like ``x^-p``, ``p``
near 1, in a form a double-exponential rule takes.

A fall like ``x^-1.0001`` leaves 99 % of the mass ``a^(1-p)/(p - 1)`` beyond ``a e^46000``,
beyond the reach of any rule on ``(a, oo)``: exp-sinh there lost 19 digits of
``sum ln k / k^1.001`` at 50 (silently: its error estimate saw nothing), and a
Clenshaw-Curtis tail cut at ``5a/4`` gave ``zeta(1.0001)`` as 9913 for 10000.6.  The
substitution ``x = a e^(e^y)`` over the whole line makes any such tail fall exponentially
on the left and double-exponentially on the right (Takahasi & Mori, 1974, the idea behind
every double-exponential rule, applied once more).
"""

from __future__ import annotations

from .context import NumericError

__all__ = ["stretched_tail", "SLOW_POWER", "NEAR_POWER", "MAX_KNEE", "MAX_END", "FAR"]

SLOW_POWER = 1.32
"""Tails that fall more slowly than ``x^-SLOW_POWER`` over :data:`FAR`, or than
``x^-NEAR_POWER`` from ``a`` to ``2a``, are integrated in ``y = ln ln(x/a)``
(:func:`stretched_tail`).  Measured, idle, one core, 1000 digits, the Abel-Plana sum of
``-p ln p`` of the zeta law: the plain rule is right to the last digit at ``s = 1.05``
to ``3/2`` (6.7-9.1 s of CPU) and costs twice that stretched, but loses digits below
(90 of 300 at ``s = 1.01``); ``s = 3/2`` measures 1.34 near and 1.42 far, ``1/(x ln^2 x)``
from ``e`` 2.5 and 1.30."""
NEAR_POWER = 1.1
MAX_KNEE = 64
"""Farthest knee sought, ``y = 64``: a fall like ``k^-(1 + e^-64)``, the sum near 10^27."""
MAX_END = 4096
"""Farthest end of the integral in ``y``: ``x = a e^(e^4096)``, a number of 10^1779 digits."""
FAR = 10**9
"""The fall is measured from ``a`` to ``2a`` and to ``a (1 + FAR)``: ``1 / (x ln^2 x)`` from
``x = e`` falls like ``x^-2.5`` at first and like ``x^-1.3`` over nine decades."""


def stretched_tail(term, at, ctx):
    """``(f, cuts)`` with ``integral of f over the real line`` (cut at ``cuts``) equal to that
    of ``term`` over ``(at, oo)``, or None when ``term`` falls fast enough for the
    caller's own rule (:data:`SLOW_POWER`).
    Raises ``NumericError`` when even the stretched integrand has not fallen below the
    working precision by :data:`MAX_END`.

    A slow fall leaves the mass ``at^(1-p)/(p - 1)`` spread over many decades
    (``p = 1.0001``: 99 % of it beyond ``at e^46000``), beyond any rule's reach; there
    ``x = at e^(e^y)`` over the whole line turns it into ``F(x) x e^y``, which falls like
    ``e^y`` on the left and ``exp(y - (p - 1) e^y)`` on the right, whatever ``p`` (a
    logarithmic factor in ``F`` included).  The integral is cut at ``y = 0``, at the knee
    near ``y = ln(1/(p - 1))``, found by walking up the integrand in unit steps (the
    measured ``p`` misleads: for ``-p ln p`` with ``p = k^-1.0001`` the factor ``ln k``
    makes it 0.84, and a rule cut only at 0 lost 32 of 300 digits, silently), and where it
    has fallen below the precision.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> q = ctx.mpf(1) / 1000
    >>> f, cuts = stretched_tail(lambda x: x ** -(1 + q), ctx.mpf(10), ctx)
    >>> v = ctx.quad(f, [-ctx.inf, *cuts, ctx.inf])
    >>> bool(abs(v - ctx.mpf(10) ** -q / q) < ctx.mpf(10) ** -25)
    True
    """
    def fall(far):  # the power p of x^-p between at and at + far
        near, there = abs(term(at)), abs(term(at + far))
        return float(ctx.log(near / there) / ctx.log1p(far / at)) if near and there else 0.0

    if fall(at) >= NEAR_POWER and fall(at * FAR) >= SLOW_POWER:
        return None

    def at_y(y):
        e = ctx.exp(y)
        x = at * ctx.exp(e)
        return term(x) * x * e

    knee = 0  # the bump's top: F(x) x e^y rises until e^y is near 1/(p - 1)
    while knee < MAX_KNEE and abs(at_y(ctx.mpf(knee + 1))) > abs(at_y(ctx.mpf(knee))):
        knee += 1
    top, step = abs(at_y(ctx.mpf(knee))), 1
    while abs(at_y(ctx.mpf(knee + step))) > top * ctx.eps * ctx.mpf(2) ** -20:
        step *= 2  # past the knee x^-p falls like exp(-e^(y - knee)), x^-1 ln^-2 x like e^-y
        if knee + step > MAX_END:
            raise NumericError(f"the tail falls too slowly to integrate (like x^-1 times "
                               f"a power of ln x): still {ctx.nstr(at_y(knee + step) / top, 3)} "
                               f"of its top at x = {ctx.nstr(at, 5)} e^(e^{knee + step})")
    end = knee + step

    def stretched(y):  # 0 past the end, where x would outgrow GMP's integers (an abort)
        return ctx.zero if y > end else at_y(y)

    return stretched, sorted({ctx.zero, ctx.mpf(knee), ctx.mpf(end)})
