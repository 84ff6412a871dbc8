"""A number known only to within an absolute uncertainty, shown by the digits it resolves.

A difference of two computed numbers, or a quadrature's check that comes out near 0, is
known to within some ``u``: its digits below ``u`` are noise that changes with every change of
rule or precision.  :func:`resolved_text` prints only the digits that stay the same: as many
as keep ``u`` below a tenth of the last digit shown (so the text is within 0.6 of a unit in
its last digit), or ``0e-k`` (zero to within 10^-k, the power of ten at or above
``|value| + u``) when not even one digit is resolved.  The same layout as the engine's
unresolved zeros (:func:`symbolic_info.engine.reference_check.value_text`).

>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> resolved_text(ctx.mpf("-1.6940659e-21"), ctx.mpf("1e-18"), 8, ctx)
'0e-18'
>>> resolved_text(ctx.mpf("1.23456789e-5"), ctx.mpf("3e-12"), 8, ctx)
'1.2346e-5'
>>> resolved_text(ctx.mpf("2.5"), ctx.mpf("1e-40"), 8, ctx)
'2.5000000'
"""

from __future__ import annotations

from .context import to_decimal

__all__ = ["resolved_text", "zero_within"]


def zero_within(uncertainty, ctx) -> str:
    """``0e-k`` for the least power of ten ``10^-k >= uncertainty`` (``uncertainty > 0``)."""
    k = int(ctx.floor(-ctx.log10(uncertainty)))
    if ctx.mpf(10) ** -k < uncertainty:  # log10 rounded up across a power of ten
        k -= 1
    return f"0e{-k:+d}" if k <= 0 else f"0e-{k}"


def resolved_text(value, uncertainty, most: int, ctx) -> str:
    """``value`` (an mpf known to within ``uncertainty > 0``) with at most ``most`` digits,
    only those resolved; ``0e-k`` when not one is (``|value| < 100 uncertainty``)."""
    if abs(value) <= uncertainty:
        return zero_within(uncertainty, ctx)
    digits = int(ctx.floor(ctx.log10(abs(value) / uncertainty))) - 1
    if digits < 1:
        return zero_within(abs(value) + uncertainty, ctx)
    return to_decimal(value, min(most, digits), ctx)
