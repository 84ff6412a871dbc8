"""Guard digits for an integrand whose log-density cancels: measured, then carried per node.

With long parameters a log-density is a sum of terms far larger than itself.  Near the
mode of ``Beta(10^100, 10^100)``, ``ln f`` is of order 1 while ``ln B(a, b)``, ``(a - 1) ln x``
and ``(b - 1) ln(1 - x)`` are near ``10^102``; Student's t with ``nu = 10^100`` takes
``ln(1 + x^2/nu)`` of an argument ``10^-100`` from 1.  At ``p`` working digits ``ln f`` then
has about ``p - 100`` correct digits (absolute), and so does ``f = exp(ln f)`` (relative).  A
double-exponential rule, which stops when two levels agree to half the working digits,
never sees that agreement on such noise and runs to its finest level on every piece
(``entropy/beta`` at ``alpha = beta = 10^100``: 190,000 nodes for three references, 57 s at
50 digits).

The remedy is to evaluate the log-density (and the other compiled parts) at ``p + G`` digits
and run the quadrature at ``p``: the integrand is then accurate to its working digits and the
rule stops at its usual level.  ``G`` is measured, not guessed: :func:`lost_digits` compares
the parts at one node per piece at ``p`` digits and at ``p`` plus the inputs' length plus a
margin (the loss cannot exceed what the inputs' digits can cancel).  Only when the inputs are
long (more than :data:`SHORT` digits) is anything measured, so ordinary parameters keep their
nodes and times.  This is the classical remedy of evaluating a cancelling sum in extra
precision (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., 2002, sec. 4.2,
the condition number of a sum ``sum |x_i| / |sum x_i|``).

Example
-------
>>> from sympy import Symbol, log
>>> from symbolic_info.numeric.context import new_context
>>> y, ctx = Symbol("y", positive=True), new_context(90)
>>> parts = [10**60 * log(1 + y) - 10**60 * y]    # -10^60 y^2/2 + ..., 60 digits cancel
>>> 55 <= lost_digits(parts, y, [ctx.mpf("1e-30")], ctx) <= 65
True
>>> lost_digits([log(1 + y)], y, [ctx.mpf(2)], ctx)
0
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .context import NumericError, compile_shared
from .precision import input_digits

__all__ = ["lost_digits", "guarded", "SHORT", "MARGIN"]

SHORT = 20
"""Inputs of at most this many digits are not measured (no guard)."""
MARGIN = 10
"""Digits added to the measured loss (the probe node is one of many)."""


def lost_digits(parts: list, var: sp.Symbol, nodes: list, ctx) -> int:
    """Digits the first of ``parts`` (SymPy expressions in ``var``, the log-density first)
    loses at ``ctx``'s precision, the most over ``nodes`` (mpf values of ``var``): the
    absolute error at ``p`` digits against a value at ``p + n + 2 MARGIN`` digits (``n`` the
    longest exact number in ``parts``), relative to ``max(1, |ln f|)``, as digits of ``p``;
    ``n + 2 MARGIN`` (the most the inputs can cancel) when no digit is right at ``p``.
    0 when the inputs are short (:data:`SHORT`) or nothing can be evaluated.
    """
    n = input_digits(tuple(sp.sympify(p) for p in parts))
    if n <= SHORT:
        return 0
    p = ctx.prec
    try:
        low = compile_shared(parts[:1], [var], ctx)
        ctx.prec = p + int((n + 2 * MARGIN) * 3.33) + 1
        high = compile_shared(parts[:1], [var], ctx)
    except (NumericError, ArithmeticError, ValueError, TypeError):
        return 0
    finally:
        ctx.prec = p
    worst = 0
    for node in nodes:
        try:
            a = low(node)[0]
            ctx.prec = p + int((n + 2 * MARGIN) * 3.33) + 1
            b = high(node)[0]
        except (NumericError, ArithmeticError, ValueError, TypeError):
            continue
        finally:
            ctx.prec = p
        if not (hasattr(a, "_mpf_") and hasattr(b, "_mpf_")) or not (
                ctx.isfinite(a) and ctx.isfinite(b)):
            continue
        error = abs(a - b) / max(ctx.one, abs(b))
        if error == 0:
            continue
        worst = max(worst, ctx.dps + int(ctx.ceil(ctx.log10(error))))
    if worst >= ctx.dps:  # no digit right: the error is the terms' size, not the loss
        return n + 2 * MARGIN
    return max(0, min(worst, n + 2 * MARGIN))


def guarded(parts: list, var: sp.Symbol, guard: int, ctx) -> Callable:
    """``f(y) -> tuple`` of the ``parts``' values, compiled and evaluated at ``guard`` more
    digits than ``ctx`` has when called (the values keep those digits; the caller's
    arithmetic rounds them back).  ``guard = 0``: plain :func:`compile_shared`."""
    if guard <= 0:
        return compile_shared(parts, [var], ctx)
    bits = int(guard * 3.33) + 1
    p = ctx.prec
    ctx.prec = p + bits
    try:
        f = compile_shared(parts, [var], ctx)
    finally:
        ctx.prec = p

    def at(y):
        saved = ctx.prec
        ctx.prec = saved + bits
        try:
            return f(y)
        finally:
            ctx.prec = saved

    return at
