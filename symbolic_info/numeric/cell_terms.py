"""The sum ``-sum p_i ln p_i`` over the cells' masses, each term at the digits its size needs.

A far cell's term of 1e-600 needs 2000 bits fewer than the largest (:func:`entropy_terms`),
and a cell's mass needs only the digits that its term contributes (:func:`digits_for`).

>>> from symbolic_info.numeric.context import new_context
>>> c = new_context(30)
>>> c.nstr(entropy_terms([c.mpf(1) / 4] * 4, c), 20)
'1.3862943611198906188'
"""

from __future__ import annotations

from .context import new_context
from .mpfr_eval import available, gmpy2, precision, to_mpfr, to_mpmath

__all__ = ["entropy_terms", "digits_for", "LOW_DIGITS"]


def entropy_terms(masses, ctx, big=None):
    """-sum p ln p over ``masses``; ``big = (k, c)``: the k-th mass is ``1 - c`` with a
    small ``c`` known to full relative precision, whose term ``-(1 - c) ln(1 - c)`` is taken
    as ``-(1 - c) log1p(-c)`` (``p`` itself rounds to 1 when ``c`` is below the precision:
    a normal far narrower than delta).  The terms by MPFR when gmpy2 is present (a
    logarithm there costs a fifth of mpmath's), summed exactly rounded (``gmpy2.fsum``),
    at 10 bits more than ``ctx``; each term with the bits its size needs
    (:func:`_term_bits`: a far cell's term of 1e-600 needs 2000 bits fewer than the
    largest).

    >>> c = new_context(30)
    >>> c.nstr(entropy_terms([c.mpf(1) / 4] * 4, c), 20)
    '1.3862943611198906188'
    """
    skip = None if big is None else big[0]
    rest = [p for k, p in enumerate(masses) if k != skip and p > 0]
    if available():
        sizes = [_term_log2(p, ctx) for p in rest] if ctx.prec >= _PER_TERM_BITS else None
        top = max(sizes, default=0.0) if sizes else 0.0
        terms, bits = [], None
        with precision(ctx.prec + 10):
            for k, p in enumerate(rest):
                need = ctx.prec + 10 if sizes is None else _term_bits(sizes[k], top, ctx.prec)
                if need != bits:  # neighbouring cells share a precision: few switches
                    bits = need
                    gmpy2.get_context().precision = bits
                q = to_mpfr(p)
                terms.append(-q * gmpy2.log(q))
        with precision(ctx.prec + 10):
            total = ctx.convert(to_mpmath(gmpy2.fsum(terms), new_context(ctx.dps + 5))) \
                if terms else ctx.zero
    else:
        total = ctx.fsum(-p * ctx.log(p) for p in rest)
    if big is not None:
        total += -(1 - big[1]) * ctx.log1p(-big[1])
    return total


_PER_TERM_BITS = 512
"""Working bits from which :func:`entropy_terms` gives each term its own precision (below,
the estimates cost more than they save)."""


def _term_log2(p, ctx) -> float:
    """About ``log2(-p ln p)`` for a mass ``0 < p <= 1``: at most 2 bits above it and 1
    below for ``p <= 1/4`` (from the binary exponent ``m`` of ``p``: ``m + log2(|m| ln 2)``),
    in doubles above (``p`` as ``1 - c``; from the exponent of ``c`` below ``2^-40``);
    ``-inf`` for ``p = 1``."""
    import math

    m = ctx.mag(p)
    if m >= -1:  # p > 1/8 or so
        c = 1 - p
        if c <= 0:
            return -math.inf
        if c < ctx.ldexp(1, -40):  # -p ln p = c (1 - c/2 + ...) from the exponent of c
            return float(ctx.mag(c))
        c = float(c)
        return math.log2(-(1 - c) * math.log1p(-c))
    return m + math.log2(max(1.0, abs(m) * math.log(2)))


def _term_bits(size: float, top: float, prec: int) -> int:
    """Bits of a term of about ``2^size`` in a sum whose largest term is about ``2^top``
    (:func:`_term_log2`) for the sum to ``2^-(prec + 10)`` of itself: ``prec + 31 + size -
    top`` (the sum is at least its largest term; 17 bits for up to 10^5 terms' errors, 4
    for the estimates), at least 64."""
    import math

    if size == -math.inf or top == -math.inf:
        return 64
    return max(64, min(prec + 31, 32 * math.ceil((prec + 31 + size - top) / 32)))


LOW_DIGITS = 15
"""Fewest working digits of a cell, and the digits of the rough pass that sets them."""


def digits_for(v, dps: int) -> int:
    """Working digits for a mass ``v`` (in [0, 1]) whose term ``-v ln v`` must be right to
    about 10^-dps: ``dps + log10(v max(1, |ln v|))``, rounded up to a multiple of 5, at least
    :data:`LOW_DIGITS`; all ``dps`` for 0 or a value near 1.  The size of an mpf is read
    from its binary exponent (``mag``, an upper bound on log2 v: never fewer digits than
    needed), not from a logarithm at its precision.

    >>> digits_for(0.5, 60), digits_for(1e-30, 60), digits_for(1e-80, 60), digits_for(0, 60)
    (60, 35, 15, 60)
    """
    import math

    if v <= 0:
        return dps
    if hasattr(v, "context"):
        size = v.context.mag(v) * _LOG10_2
    else:
        size = math.log10(v)
    size += math.log10(max(1.0, -size * math.log(10)))
    return min(dps, max(LOW_DIGITS, 5 * math.ceil((dps + size) / 5)))


_LOG10_2 = 0.30102999566398120
