"""Comparing a claimed value with the true value, digit for digit, at any magnitude.

Both values are settled first (:func:`~symbolic_info.precision.settle`): the
true result ``1/2 ln(s2/s1)^2 ...`` of two nearly equal distributions is
``1e-60`` made of terms of size ``1e-30``, and at a fixed 60 digits it would
have no correct digit.  Then:

- a formula agrees with the truth to the *relative* digits of
  :func:`~symbolic_info.numeric.agree_digits`; near 0 no digits count: a
  claim and a truth that both vanish (exactly, or shrinking below their own
  rounding noise at every precision) agree, a vanishing one and a non-zero
  one do not;
- a decimal number written with ``k`` significant digits (``0.3069``: 4,
  ``6.6974e-300``: 5) is correct when it is the truth rounded to ``k``
  significant digits: ``|truth - claim|`` is at most half a unit in the
  claim's last place *and* in the truth's ``k``-th significant place (so
  ``1e-50`` does not round ``5e-51``).  Every written digit counts: the truth
  is settled to ``k + 10`` digits.  A decimal zero (``0.000``) states
  ``|truth| <= 0.0005``.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric import new_context
>>> ctx = new_context(30)
>>> truth = settle_value(lambda ctx: ctx.mpf(5) / 10**51, 20, ())
>>> decimal_matches(truth, sp.Rational(5, 10**51), sp.Rational(5, 10**52))
True
>>> decimal_matches(truth, sp.Rational(1, 10**50), sp.Rational(5, 10**51))
False
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..numeric import agree_digits, to_mpf
from ..precision import Settled, cap_dps, settle, start_dps

__all__ = ["settle_value", "significant_digits", "decimal_matches", "formula_digits",
           "TIE_SLACK"]

TIE_SLACK = sp.Rational(1, 10**8)
"""Relative widening of the rounding interval: a truth exactly half-way (``0.35`` in
binary) may round either way."""


def settle_value(evaluate: Callable, digits: int, inputs, ctx=None) -> Settled:
    """``evaluate(ctx)`` settled to ``digits`` relative digits, starting above the
    length of the exact ``inputs`` (see :mod:`symbolic_info.precision`); ``ctx``, a
    private context to reuse (its precision is restored)."""
    inputs = list(inputs)
    return settle(evaluate, digits, start_dps(digits, inputs), cap_dps(digits, inputs), ctx)


def significant_digits(claim: sp.Rational, half_ulp: sp.Rational) -> int:
    """Significant digits of a decimal as written: ``0.0030`` has 2, ``0.000`` has 0.

    >>> significant_digits(sp.Rational(3, 1000), sp.Rational(1, 20000))
    2
    """
    mantissa = abs(sp.Rational(claim) / (2 * half_ulp))
    return 0 if mantissa == 0 else len(str(int(mantissa)))


def decimal_matches(truth, claim: sp.Rational, half_ulp: sp.Rational) -> bool:
    """Is the decimal ``claim`` (exact, with ``half_ulp`` its half unit in the last
    written place) the ``truth`` rounded to the claim's significant digits?

    ``truth`` is a :class:`~symbolic_info.precision.Settled` value, or a plain
    mpf taken as it is.
    """
    if not isinstance(truth, Settled):
        dps = int(truth.context.dps)
        truth = Settled(truth, truth.context, dps, dps, dps)
    k = significant_digits(claim, half_ulp)
    ctx = truth.ctx
    with ctx.workdps(max(truth.dps, k + 20)):
        return _rounds_to(truth, claim, half_ulp, k, ctx)


def _rounds_to(truth: Settled, claim, half_ulp, k: int, ctx) -> bool:
    slack = 1 + to_mpf(TIE_SLACK, ctx)
    if k == 0:  # a decimal zero bounds the truth: |truth| <= half a unit
        size = truth.bound if truth.zero else abs(ctx.make_mpf(truth.value._mpf_))
        return size <= to_mpf(half_ulp, ctx) * slack
    if truth.zero or truth.value == 0 or not ctx.isfinite(truth.value):
        return False
    t = ctx.make_mpf(truth.value._mpf_)
    exponent = int(ctx.floor(ctx.log10(abs(t))))
    half = min(to_mpf(half_ulp, ctx), ctx.mpf(10) ** (exponent - k + 1) / 2)
    return abs(t - to_mpf(claim, ctx)) <= half * slack


def formula_digits(claim: Settled, truth: Settled, digits: int) -> int:
    """Relative digits to which a settled claim matches the settled truth (at most
    ``digits``, and at most the digits each side reached); both vanishing counts as
    agreement, one alone as none."""
    if claim.zero or truth.zero:
        return digits if (claim.zero and truth.zero) else 0
    ctx = truth.ctx
    with ctx.workdps(max(claim.dps, truth.dps)):
        a = agree_digits(ctx.make_mpf(claim.value._mpf_), ctx.make_mpf(truth.value._mpf_), ctx,
                         digits)
    return min(a, claim.digits, truth.digits)
