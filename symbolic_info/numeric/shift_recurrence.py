"""Digamma and ln Gamma at high precision from a value a few whole steps away.

A sum over counts such as the beta-binomial's ``sum_k q_k (psi(a + k) - psi(a + b + m))``
asks for ``psi`` and ``ln Gamma`` at arguments one apart.  MPFR's series took 15 ms a
digamma and 5 ms a log-Gamma at 3400 bits (1000 digits; 1.4 ms and 0.2 ms at 300), so a
1000-digit sum of 101 terms spent 4 s in them.  The recurrences (Abramowitz & Stegun
6.3.5 and 6.1.15)

    psi(x + 1) = psi(x) + 1/x,        ln Gamma(x + 1) = ln Gamma(x) + ln x

give each further value from a remembered one at most :data:`WALK` steps away for a
division a step (digamma) or a product of the steps and one ``ln`` (log-Gamma).

Values are kept per function, per fractional part of the argument (``x = base + n``,
``base`` in ``[1, 2)``, the subtraction exact: ``k + 1/3`` rounds to other bits of ``1/3``
in each binade, ``k + 1/2`` to the same) and per precision, with :data:`GUARD` extra
bits, and only for ``x`` where the function is at least ``0.42`` (``x >= 2`` for digamma,
``x >= 3`` for ln Gamma) so that no walk cancels.  Each value records its distance in steps
from one computed directly; walks stop at :data:`CHAIN` steps, so the rounding of the
walks, under ``CHAIN`` units of ``2^-(prec + GUARD)`` relative to the largest value kept
(``ln Gamma(2^13) < 2^17``), stays below ``2^-(prec + GUARD - 12 - 17 - 2)`` of a value
``>= 0.42``.

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(400)
>>> def harmonic(x, c):  # psi(n) = H_(n-1) - gamma for a whole n (the direct value)
...     return c.fsum(1 / c.mpf(j) for j in range(1, int(x))) - c.euler
>>> first = shifted("digamma", ctx.mpf(2), ctx, harmonic)  # direct, then kept
>>> abs(shifted("digamma", ctx.mpf(52), ctx, None) - harmonic(52, ctx)) < ctx.mpf(10) ** -399
True
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict

__all__ = ["shifted", "forget", "kept_keys", "SHIFT_BITS", "WALK", "CHAIN", "GUARD", "LARGEST",
           "KEYS"]

SHIFT_BITS = 1024
"""Working precision (bits, about 300 digits) from which the recurrences serve."""
WALK = 64
"""Most steps from a remembered value (beyond it: a direct value)."""
CHAIN = 4096
"""Most steps between a value and the direct one it was walked from."""
GUARD = 64
"""Extra bits of the values kept."""
LARGEST = 8192
"""Largest argument served (larger ones: MPFR's asymptotic series is quick there)."""
KEYS = 8
"""Functions, fractional parts and precisions whose values are kept (least recent dropped)."""
_LOWEST = {"digamma": 2, "lgamma": 3}

_TABLES: OrderedDict = OrderedDict()
_LOCK = threading.RLock()  # a direct function may itself ask for a value


def shifted(name: str, x, ctx, direct):
    """``name`` (``"digamma"`` or ``"lgamma"``) at the real ``x`` on ``ctx``, by the
    recurrence from a remembered value, or ``direct(x, ctx)`` (also remembered); None when
    ``x`` or the precision is outside what this serves (the caller computes it)."""
    if ctx.prec < SHIFT_BITS or not (hasattr(x, "_mpf_") and ctx.isfinite(x)
                                     and _LOWEST[name] <= x <= LARGEST):
        return None
    n = int(ctx.floor(x)) - 1
    base = ctx.fsub(x, n, exact=True)  # in [1, 2)
    prec = ctx.prec + GUARD
    key = (name, base._mpf_, prec)
    with _LOCK:
        table = _TABLES.pop(key, None) or ([], {})
        _TABLES[key] = table  # the most recent last
        while len(_TABLES) > KEYS:
            _TABLES.popitem(last=False)
        raw, _chain = _value(name, base, n, table, ctx, direct, prec)
    return +ctx.make_mpf(raw)


def forget() -> None:
    """Drop every value kept (tests start from nothing)."""
    with _LOCK:
        _TABLES.clear()


def kept_keys() -> int:
    """How many functions, fractional parts and precisions have values kept."""
    with _LOCK:
        return len(_TABLES)


def _value(name, base, n, table, ctx, direct, prec) -> tuple:
    """``(raw value, chain)`` at ``base + n`` (``table``: sorted steps, step -> pair)."""
    steps, values = table
    if n in values:
        return values[n]
    at = bisect.bisect_left(steps, n)
    near = [m for m in steps[max(0, at - 1):at + 1] if abs(m - n) <= WALK]
    near = [m for m in near if values[m][1] + abs(m - n) <= CHAIN]
    with ctx.workprec(prec):
        if near:
            m = min(near, key=lambda s: abs(s - n))
            start, chain = ctx.make_mpf(values[m][0]), values[m][1] + abs(m - n)
            value = _walk(name, base, m, n, start, ctx)
        else:
            value, chain = direct(ctx.fadd(base, n, exact=True), ctx), 0
    bisect.insort(steps, n)
    values[n] = (value._mpf_, chain)
    return values[n]


def _walk(name, base, m: int, n: int, start, ctx):
    """The function at ``base + n`` from its value ``start`` at ``base + m``."""
    lo, hi = min(m, n), max(m, n)
    sign = 1 if n > m else -1
    if name == "digamma":
        return start + sign * ctx.fsum(1 / (base + j) for j in range(lo, hi))
    product = ctx.one
    for j in range(lo, hi):
        product *= base + j
    return start + sign * ctx.log(product)
