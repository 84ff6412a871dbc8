"""Working precision that grows until a value is stable to the digits asked for.

A value computed in floating point at ``p`` significant digits can lose many
of them to cancellation: ``ln(s2/s1) + s1^2/(2 s2^2) - 1/2`` with ``s2 = 1 +
1e-30`` is ``1e-60`` made of terms of size ``1e-30``, so at 60 digits it has
no correct digit at all.  Re-evaluating at ``p + STEP`` digits tells how many
survived: the two results agree to about ``p - L`` relative digits when ``L``
are lost (the rounding error shrinks by ``10^-STEP`` while the true value
stays put).  :func:`settle` evaluates at growing precision until two
successive results agree to the requested relative digits, or reports the
digits reached at a cap.  This is the "two successive approximations"
stopping rule of mpmath's own adaptive functions (``mpmath.nsum``,
``mpmath.quad``; Johansson, *mpmath documentation*, "Precision and
representation issues") applied to a whole computation.

A second effect is not caught by comparing two evaluations: a small exact
input absorbed by a larger one.  ``1 - p`` with ``p = 10^-300`` rounds to 1
at any precision below 300 digits, at 60 digits and at 70 alike, so the two
agree and both are wrong.  :func:`start_dps` therefore starts above the
number of digits written in the exact inputs (:func:`input_digits`).

A value that keeps shrinking as the precision grows, ending below its own
rounding noise, is reported as ``zero`` with a ``bound`` on its magnitude:
near 0 no relative digit can be claimed, only ``|value| < bound``.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import to_mpf
>>> s2 = sp.Integer(1) + sp.Rational(1, 10**30)
>>> def kl(ctx):  # D(N(0, 1) || N(0, s2^2)) in the textbook form
...     b = to_mpf(s2, ctx)
...     return ctx.log(b) + 1 / (2 * b**2) - ctx.mpf(1) / 2
>>> r = settle(kl, 20, start_dps(20, [s2]))
>>> r.ctx.nstr(r.value, 10), r.digits >= 20, r.dps > 60
('1.0e-60', True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import sympy as sp

from .context import GUARD, agree_digits, new_context

__all__ = [
    "Settled",
    "settle",
    "settle_past_zero",
    "probed_start",
    "input_digits",
    "start_dps",
    "cap_dps",
    "STEP",
    "MAX_WORK_DPS",
]

STEP = 10
"""Extra digits of the second evaluation of each pair."""
MAX_WORK_DPS = 5000
"""Highest working precision :func:`settle` ever uses."""


@dataclass(frozen=True)
class Settled:
    """A value evaluated at growing precision (see :func:`settle`).

    ``value`` lives on ``ctx`` (working precision ``dps``); ``digits`` is the
    number of relative digits on which the last two evaluations agreed
    (capped); ``reached`` says whether that met the request.  ``zero`` marks
    a value that kept shrinking with the precision (or was exactly 0 at two
    precisions): then only ``|value| <= bound`` is known.
    """

    value: object
    ctx: mpmath.MPContext
    dps: int
    digits: int
    requested: int
    zero: bool = False
    bound: object = None

    @property
    def reached(self) -> bool:
        return self.digits >= self.requested and not self.zero


def _ndigits(n: int) -> int:
    """Decimal digits of ``|n|`` (within one, without converting to text)."""
    return int(abs(n).bit_length() * 0.30103) + 1


def input_digits(values) -> int:
    """Most decimal digits in a numerator or denominator of the exact inputs.

    ``values`` is a number, a list, tuple, matrix or dict of them (SymPy or
    Python integers); anything else is ignored.

    >>> input_digits({"p": sp.Rational(1, 10**300), "q": (sp.Rational(1, 3), 2)})
    301
    """
    best = 0
    stack = list(values.values()) if isinstance(values, dict) else [values]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple, sp.MatrixBase)):
            stack.extend(v)
        elif isinstance(v, int):
            best = max(best, _ndigits(v))
        elif isinstance(v, sp.Basic):
            for r in v.atoms(sp.Rational):
                best = max(best, _ndigits(r.p), _ndigits(r.q))
    return best


def _extra(inputs) -> int:
    """Digits added for the inputs: their length rounded up to tens, when above GUARD."""
    n = input_digits(inputs)
    return 0 if n <= GUARD else 10 * math.ceil(n / 10)


def start_dps(digits: int, inputs=()) -> int:
    """First working precision for ``digits`` relative digits with these exact ``inputs``.

    ``digits + GUARD``, plus the length of the longest exact input when that
    exceeds :data:`~symbolic_info.numeric.context.GUARD` (so ``1 - p`` keeps ``p``).

    >>> start_dps(50), start_dps(50, [sp.Rational(1, 10**300)])
    (60, 370)
    """
    return digits + GUARD + _extra(inputs)


def cap_dps(digits: int, inputs=()) -> int:
    """Highest working precision for ``digits`` digits: room for second-order
    cancellation of the inputs (a KL of two nearly equal distributions is of
    the order of their squared difference), at most :data:`MAX_WORK_DPS`.

    >>> cap_dps(50)
    240
    """
    return min(MAX_WORK_DPS, 4 * (digits + GUARD) + 2 * _extra(inputs))


def probed_start(evaluate: Callable, digits: int, inputs, ctx) -> int:
    """First working precision for a costly value (a quadrature) whose inputs are long.

    A log-density with parameters of ``n`` digits (``Beta(10^100, 10^100)``) is a sum of
    terms ``n`` digits larger than itself, so a reference computed at ``digits + GUARD``
    comes out ``n`` digits short and is computed again (at 1000 digits, a second full
    quadrature).  The loss is measured once instead, at the probe precision ``p = 2 (n +
    GUARD)``: the two values at ``p`` and ``p + STEP`` agree to ``p - L`` digits when ``L``
    are lost (the rule of :func:`settle`), and the start is ``digits + GUARD`` plus ``L``
    rounded up to :data:`STEP`.  (``p`` is above ``2 L``: a quadrature stops when two
    levels agree to half the working digits, which the digits left after the loss must
    allow, or it runs to its finest level; at ``p = n + 20`` the probe of an F law with
    ``d2 = 10^25`` cost twice the full reference.)  Without long inputs (``n <= GUARD``),
    or when the probe would cost more than half the value itself (``2 p > digits``), or
    when the probe's values agree on nothing, the start is ``digits + GUARD``.  ``ctx``
    gets its precision back.

    >>> from symbolic_info.numeric.context import new_context
    >>> big = sp.Integer(10) ** 40
    >>> def lossy(ctx):  # (x + 10^40) - 10^40 at the working precision: 40 digits lost
    ...     return (ctx.pi + ctx.mpf(big)) - ctx.mpf(big)
    >>> probed_start(lossy, 300, [big], new_context(20)), probed_start(lossy, 300, [], None)
    (350, 310)
    """
    base = digits + GUARD
    n = input_digits(inputs)
    probe = 2 * (n + GUARD)
    if n <= GUARD or 2 * probe > digits:
        return base
    saved = ctx.prec
    try:
        ctx.dps = probe
        lo = evaluate(ctx)
        ctx.dps = probe + STEP
        hi = evaluate(ctx)
        if not (hasattr(lo, "_mpf_") and hasattr(hi, "_mpf_")) or not ctx.isfinite(hi):
            return base
        agreed = agree_digits(lo, hi, ctx, probe)
    finally:
        ctx.prec = saved
    lost = probe - agreed
    if agreed == 0 or lost <= GUARD // 2:
        return base
    return base + STEP * math.ceil(lost / STEP)


def settle(evaluate: Callable, digits: int, start: int, cap: int | None = None,
           ctx: mpmath.MPContext | None = None) -> Settled:
    """Evaluate ``evaluate(ctx)`` at growing precision until it is stable to ``digits``.

    Each round evaluates at ``p`` and ``p + STEP`` digits.  When the two
    agree to ``digits`` relative digits the second value is returned.
    Otherwise the loss ``L = p - agreement`` is estimated and the next round
    starts at ``digits + L + STEP`` (twice the precision when nothing
    agreed), up to ``cap`` (default :func:`cap_dps`), where the digits reached
    are reported.  A value that is exactly 0 at both precisions of a round, or
    that at the cap agrees to no digit while its magnitude did not grow (noise
    around 0), is marked ``zero`` with the bound ``|v(p + STEP)| + |v(p) -
    v(p + STEP)|``.  A NaN or a complex value is returned with 0 digits.

    All evaluations share one private context (``ctx``, else a new one; a
    given context gets its precision back on return).  Exceptions of
    ``evaluate`` propagate.

    >>> r = settle(lambda ctx: ctx.log(4) - 2 * ctx.log(2), 30, 40, 200)
    >>> r.zero, r.reached, r.bound < 1e-150
    (True, False, True)
    """
    cap = min(MAX_WORK_DPS, max(start + STEP, cap if cap is not None else cap_dps(digits)))
    ctx = ctx if ctx is not None else new_context(start)
    saved = ctx.prec
    try:
        return _settle(evaluate, digits, start, cap, ctx)
    finally:
        ctx.prec = saved


def settle_past_zero(evaluate: Callable, digits: int, start: int, cap: int,
                     ctx: mpmath.MPContext | None = None) -> Settled:
    """:func:`settle`, and once more at the top precision ``cap`` when the value came out
    exactly 0 at both precisions of its first pair: a value that is not known to be 0 may
    have lost every digit to rounding there (``ln(1 + e^-200)`` is ``ln 1`` below 87
    digits).  Still exactly 0 at the top, it keeps the bound 0 (the caller decides).

    >>> r = settle_past_zero(lambda ctx: ctx.log(1 + ctx.exp(-200)), 15, 25, 120)
    >>> r.zero, r.reached, r.dps
    (False, True, 120)
    """
    r = settle(evaluate, digits, start, cap, ctx)
    if r.zero and r.bound == 0 and r.dps < cap:
        r = settle(evaluate, digits, cap - STEP, cap, ctx)
    return r


def _settle(evaluate: Callable, digits: int, p: int, cap: int, ctx) -> Settled:
    while True:
        ctx.dps = p
        lo = evaluate(ctx)
        ctx.dps = p + STEP
        hi = evaluate(ctx)
        if not (hasattr(lo, "_mpf_") and hasattr(hi, "_mpf_")) or ctx.isnan(hi):
            return Settled(hi, ctx, p + STEP, 0, digits)
        if lo == 0 and hi == 0:
            return Settled(hi, ctx, p + STEP, 0, digits, zero=True, bound=ctx.zero)
        a = agree_digits(lo, hi, ctx, digits + STEP)
        if a >= digits:
            return Settled(hi, ctx, p + STEP, digits, digits)
        if p + STEP >= cap:
            noise = a == 0 and abs(hi) <= abs(lo)
            bound = abs(hi) + abs(lo - hi) if noise else None
            return Settled(hi, ctx, p + STEP, 0 if noise else a, digits, noise, bound)
        need = digits + (p - a) + STEP if a > 0 else 2 * (p + STEP)
        p = min(cap - STEP, max(need, p + 2 * STEP))
