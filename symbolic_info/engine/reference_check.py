"""The closed form against the independent reference at one point, digit for digit.

Verification rule 2 (README.md, "How verification works"): the result must agree
with a reference computed from the definition.  Here "agree" means *relative* digits at every
magnitude, and both sides must be right to those digits:

1. the closed form at the point is settled (:func:`~symbolic_info.numeric.precision.settle`):
   evaluated at growing precision until two successive evaluations agree to
   the requested digits, starting above the length of the exact inputs (the point's values
   and every exact number of the closed form and the steps: a model's ``1e36``, see
   :func:`exact_inputs`).  First, one
   evaluation ``STEP`` digits above that start is compared with the reference: when the two
   agree to every requested digit, the closed form is right to them (two computations that
   are independent, or one computation at two precisions, agree) and is not settled further;
2. the reference is computed once at ``digits + GUARD``; when it does not
   agree with the settled closed form, it is recomputed at the precision its
   disagreement asks for (up to :data:`REFERENCE_ROUNDS` times, within
   :func:`~symbolic_info.numeric.precision.cap_dps`).  A reference that agrees with a
   settled closed form is right to those digits; one that settles on another
   value is a genuine disagreement;
3. an exact zero is never reported as digits: a closed form that is 0 must be
   0 in exact arithmetic (SymPy), and the reference must then vanish as well
   (exactly, or below its own rounding noise at every precision tried, from a
   precision above the length of the exact inputs),
   which is reported as the bound ``|reference| <= b``;
4. a closed form that is not 0 but settles below its own rounding noise (a difference of
   two nearly equal sums, ``H(X_delta) - H(Y_delta)`` for two normals 1e-20 apart: about
   1e-857, made of terms near 3.5) has no digit to show: its value is written ``0e-k``,
   zero to within ``1e-k`` (the power of ten above the bound it resolved), and it is
   verified when the reference, evaluated at two precisions, is rounding noise as well
   (no digit in common, shrinking as the precision grows): the two then agree to the
   absolute accuracy the reference resolved, ``|reference| <= b``, and the value is shown
   to within the larger of the two bounds.

Example
-------
>>> import sympy as sp
>>> s = sp.Symbol("s", positive=True)
>>> closed = sp.log(s) + 1 / (2 * s**2) - sp.Rational(1, 2)
>>> point = {s: 1 + sp.Rational(1, 10**30)}
>>> r = compare_at(closed, point, lambda ctx: ctx.mpf(10) ** -60, 20)  # 1e-60 - 1.3e-90
>>> r.ok, r.digits, r.closed.dps  # from above the 61 digits of (1 + 10^-30)^2 at the point
(True, 20, 110)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp

from ..numeric.context import GUARD, agree_digits, new_context, to_decimal
from ..numeric.precision import (
    STEP,
    Settled,
    cap_dps,
    input_digits,
    probed_start,
    settle,
    settle_past_zero,
    start_dps,
)
from ..symbolic.substitute import substitute
from .numeric_sides import numeric_value
from .symbolic_zero import logs_of_rationals_cancel, symbolically_zero

__all__ = ["PointCheck", "compare_at", "settle_closed", "value_text", "exact_inputs",
           "REFERENCE_ROUNDS", "LONGEST_COUNTED"]

REFERENCE_ROUNDS = 3
"""Most recomputations of the reference at a higher precision, per point."""


@dataclass(frozen=True)
class PointCheck:
    """The outcome at one point.

    ``closed`` is the settled closed form (``None`` when it is exactly 0);
    ``reference`` the last reference value, on ``ref_ctx``; ``digits`` the
    relative digits on which they agree (``None`` under the zero rule);
    ``zero_bound`` the decimal bound ``|reference| <= zero_bound`` when the
    closed form is exactly 0; ``note`` says what fell short, if anything.
    """

    closed: Settled | None
    reference: object
    ref_ctx: object
    digits: int | None
    ok: bool
    zero_bound: str | None = None
    note: str = ""

    def value_text(self, dps: int) -> str:
        return value_text(self.closed, dps)

    def reference_text(self, dps: int) -> str:
        if self.closed is not None and self.closed.zero and self.ok:  # rule 4: noise
            return _zero_to_within(self.zero_bound)
        return to_decimal(self.reference, dps, self.ref_ctx)


def _zero_to_within(bound: str) -> str:
    """``1e-61`` -> ``0e-61``: zero to within that power of ten; ``0`` stays ``0``."""
    return "0" if bound == "0" else "0" + bound[1:]


def value_text(closed: Settled | None, dps: int) -> str:
    """A settled value as text: ``dps`` digits when they were reached, otherwise
    only the digits reached (at least 1); ``None`` (exactly 0) as ``0``; a value that
    settled below its own rounding noise (``zero``) as ``0e-k``, zero to within the power
    of ten above its bound, never a digit of the noise.

    >>> from symbolic_info.numeric.precision import settle
    >>> value_text(settle(lambda ctx: ctx.sqrt(2) ** 2 - 2, 20, 30, 60), 20)
    '0e-50'
    """
    if closed is None:
        return "0"
    if closed.zero:
        return "0" if closed.bound == 0 else \
            _zero_to_within(_power_of_ten_above(closed.bound, closed.ctx))
    shown = dps if closed.reached else max(1, min(dps, closed.digits))
    return to_decimal(closed.value, shown, closed.ctx)


def settle_closed(closed, point: dict, digits: int, densities=None,
                  ctx=None, problem=()) -> Settled | None:
    """``closed`` at ``point`` settled to ``digits`` relative digits; ``None`` when it
    is exactly 0 (as substituted, or proved by
    :func:`~symbolic_info.engine.symbolic_zero.symbolically_zero` after it settled as 0).
    A zero that is not proved stays a ``zero`` Settled.
    ``ctx``: a private context to work on (see :func:`~symbolic_info.numeric.precision.settle`);
    ``problem``: exact expressions of the problem beyond the point (see :func:`exact_inputs`)."""
    return _settled_with_inputs(closed, point, digits, densities, ctx, problem)[0]


def _settled_with_inputs(closed, point: dict, digits: int, densities, ctx, problem) -> tuple:
    """:func:`settle_closed` and the exact inputs whose length set its precision."""
    densities = densities or {}
    closed = substitute(sp.sympify(closed), point)
    inputs = exact_inputs(point, closed, problem)
    if closed == 0:
        return None, inputs

    def evaluate(ctx):
        return numeric_value(closed, point, densities, ctx)

    c = settle(evaluate, digits, start_dps(digits, inputs), cap_dps(digits, inputs), ctx)
    if c.zero and symbolically_zero(closed):
        return None, inputs
    if not c.reached and logs_of_rationals_cancel(closed):  # a sum of logs that is exactly 0
        return None, inputs
    if c.zero and c.bound == 0:
        inputs = exact_inputs(point, closed, problem, None)
        return _unproved_zero(evaluate, digits, inputs, ctx), inputs
    return c, inputs


def _unproved_zero(evaluate: Callable, digits: int, inputs, ctx) -> Settled:
    """A closed form that came out exactly 0 at two precisions without being proved 0 may
    have lost every digit to rounding (``ln(1 + e^-800)``: ``1 + e^-800`` is 1 below 348
    digits; ``10^1000/(10^1000 + 1)`` is 1 below 1,000): it is evaluated again with every
    exact number counted (also those longer than :data:`LONGEST_COUNTED`), then at the top
    precision; still exactly 0, it is zero only to within the lower precision of that last
    pair, never an exact 0 (findings A1, A2 of session 10)."""
    c = settle_past_zero(evaluate, digits, start_dps(digits, inputs), cap_dps(digits, inputs),
                         ctx)
    if c.zero and c.bound == 0:
        return replace(c, bound=c.ctx.mpf(10) ** -(c.dps - STEP))
    return c


LONGEST_COUNTED = 1000
"""Numbers of the closed form and the steps longer than this many digits do not set the
working precision (the point's own values always do): ``125^2500`` (5,243 digits) in the
closed form of a mixture with ``gamma(2500, 1/125)`` is a factor, not a cancellation, and
counting it made every evaluation start at 5,300 digits (600 s for a 30-digit answer).  A
cancellation among longer numbers (``ln(10^1200 + 1) - ln(10^1200)``) that leaves the value
exactly 0 at two precisions is evaluated again with them counted (:func:`_unproved_zero`);
one that leaves a stable nonzero value (``10^1200 (ln(10^1200 + 1) - ln(10^1200)) + 1``,
2 settling as 1) is not seen: a known gap."""


def exact_inputs(point: dict, at_point, problem=(), longest: int | None = LONGEST_COUNTED) -> list:
    """The exact numbers that set the working precision: the point's values, those inside
    the closed form at the point (``10^72`` of ``-ln(10^72/(10^72 + 1))/2``, which a model's
    text ``normal(X, 1e36)`` put there, not a parameter) and those of ``problem`` (the
    derivation's steps: a closed form that is 0 carries none, yet its reference cancels like
    the model's numbers).  Below their length ``1 + 10^-72`` rounds to 1 at every precision
    tried, so a value of ``5e-73`` settled as 0, and a reference as 0 beside a closed form 0.
    Numbers of more than ``longest`` digits outside the point are left out (none when
    ``longest`` is None).

    >>> from symbolic_info.numeric.precision import start_dps
    >>> start_dps(50, exact_inputs({}, sp.log(1 + sp.Rational(1, 10**72))))
    140
    """
    numbers = {r for e in (at_point, *problem) if isinstance(e, sp.Basic)
               for r in e.atoms(sp.Rational)}
    return [*point.values(),
            *(r for r in numbers if longest is None or input_digits(r) <= longest)]


def _power_of_ten_above(x, ctx) -> str:
    """The smallest ``1e-k`` (k integer) that is >= ``x > 0``, as text."""
    k = int(ctx.floor(-ctx.log10(x)))
    return f"1e-{k}" if k > 0 else f"1e{-k}"


def _zero_rule(reference: Callable, digits: int, ctx, inputs, first=None) -> PointCheck:
    """The closed form is exactly 0: the reference must vanish too.

    A reference that is 0 as computed confirms it.  Otherwise the reference
    is settled like the closed form: shrinking below its own rounding noise,
    it is bounded as ``|reference| <= bound``; a reference that settles on a
    non-zero value (``5e-51`` where a wrong closed form says 0) fails.  ``first``: the
    reference already computed at ``digits + GUARD``, if any.
    """
    start = start_dps(digits, inputs)  # the problem's numbers keep their digits (10^72 + 1)
    if first is None or ctx.dps < start:
        ctx.dps = start
        first = reference(ctx)
    if first == 0:  # the closed form is proved 0 and the reference is 0 as computed
        return PointCheck(None, first, ctx, None, True, "0")
    r = settle(reference, digits, start, cap_dps(digits, inputs), ctx)
    if r.zero:
        bound = "0" if r.bound == 0 else _power_of_ten_above(r.bound, r.ctx)
        return PointCheck(None, r.value, r.ctx, None, True, bound)
    note = (f"the closed form is exactly 0 but the reference is {to_decimal(r.value, 6, r.ctx)}"
            + (f" (stable to {r.digits} digits)" if r.digits else ""))
    return PointCheck(None, r.value, r.ctx, None, False, None, note)


def _agreeing_at_once(closed, point: dict, reference: Callable, digits: int, densities,
                      ctx, inputs) -> PointCheck | tuple:
    """Rule 1's shortcut: the closed form evaluated once, ``STEP`` digits above the first
    working precision, against the reference at ``digits + GUARD``.

    When they agree to ``digits`` relative digits, either two independent computations agree
    or (when they share an algorithm) one computation agrees with itself at two precisions,
    which is what settling establishes: the check is done at half the cost of settling the
    closed form first (which evaluates it at two precisions).  Otherwise returns
    ``(reference value, closed-form value)`` for the full rule (the reference is reused).
    """
    dps = ctx.dps
    p = start_dps(digits, inputs) + STEP
    ctx.dps = p
    try:
        v = numeric_value(closed, point, densities, ctx)
    finally:
        ctx.dps = dps
    r = reference(ctx)
    if (hasattr(v, "_mpf_") and v != 0 and not ctx.isnan(v) and not ctx.isinf(v)
            and hasattr(r, "_mpf_")
            and agree_digits(ctx.make_mpf(v._mpf_), r, ctx, digits) >= digits):
        return PointCheck(Settled(v, ctx, p, digits, digits), r, ctx, digits, True)
    return r, v


def _below_resolution(c: Settled, r, reference: Callable, ctx) -> PointCheck:
    """Rule 4: the closed form ``c`` settled below its rounding noise, not proved 0; ``r``
    the reference at ``ctx``'s precision.  Verified when the reference at ``STEP`` more
    digits shares no digit with ``r`` and is no larger (rounding noise too): then
    ``|reference| <= |r'| + |r - r'|``, the absolute accuracy both sides are checked to."""
    dps = ctx.dps
    ctx.dps = dps + STEP
    try:
        r2 = reference(ctx)
    finally:
        ctx.dps = dps
    resolved = (f"the value is below its rounding noise: |value| <= "
                f"{to_decimal(c.bound, 3, c.ctx)} at {c.dps} digits (not proved to be 0)")
    if hasattr(r2, "_mpf_") and hasattr(r, "_mpf_") and abs(r2) <= abs(r) and (
            r2 == 0 or agree_digits(r, r2, ctx, 1) == 0):
        # exactly 0 at both precisions: resolved to its lower precision, not to 0
        bound = abs(r2) + abs(r - r2) or ctx.mpf(10) ** -dps
        text = "0" if bound == 0 else _power_of_ten_above(bound, ctx)
        # the value is shown to within what both sides resolved, never the closed form's
        # finer bound alone (a true 1e-65 under a reference's noise of 1e-61)
        shown = replace(c, bound=c.ctx.convert(max(ctx.convert(c.bound), bound)))
        return PointCheck(shown, r2, ctx, None, True, text, note=resolved)
    return PointCheck(c, r2, ctx, 0, False, note=(
        f"{resolved}, but the reference is {to_decimal(r2, 6, ctx)} (not rounding noise)"))


def compare_at(closed, point: dict, reference: Callable, digits: int,
               densities=None, problem=()) -> PointCheck:
    """Compare ``closed`` at ``point`` (symbol -> exact value) with ``reference(ctx)``.

    The exact values of ``point`` set the first working precision (see
    :func:`~symbolic_info.numeric.precision.start_dps`); ``densities`` serve
    expectations left in ``closed``; ``problem``: the problem's exact expressions beyond the
    point (its steps, see :func:`exact_inputs`).  Exceptions of either side propagate.
    """
    ref_ctx = new_context(digits + GUARD)  # one private context per point, shared by both sides
    at_point = substitute(sp.sympify(closed), point)
    inputs = exact_inputs(point, at_point, problem)
    dps = probed_start(reference, digits, list(point.values()), ref_ctx)
    ref_ctx.dps = dps
    r = None
    if at_point != 0:
        first = _agreeing_at_once(at_point, point, reference, digits, densities or {}, ref_ctx,
                                  inputs)
        if isinstance(first, PointCheck):
            return first
        r = first[0]
    c, inputs = _settled_with_inputs(closed, point, digits, densities, ref_ctx, problem)
    if c is None:
        return _zero_rule(reference, digits, ref_ctx, inputs, r)
    if r is None:
        r = reference(ref_ctx)
    if c.zero:
        return _below_resolution(c, r, reference, ref_ctx)
    # the reference may be costly (quadrature): at most twice the first precision
    cap = min(cap_dps(digits, inputs), max(2 * start_dps(digits, inputs), c.dps + STEP))
    a = agree_digits(ref_ctx.make_mpf(c.value._mpf_), r, ref_ctx, digits)
    for _ in range(REFERENCE_ROUNDS):
        if a >= digits or dps >= cap or ref_ctx.isinf(r) or c.ctx.isinf(c.value):
            break
        # at least where the closed form started: a reference below the exact inputs' length
        # (10^72 + 1 in a model's text) can be stable and wrong, as the closed form was
        dps = min(cap, max(dps + 2 * STEP, start_dps(digits, inputs),
                           digits + (dps - a) + STEP if a > 0 else 2 * dps))
        ref_ctx.dps = dps
        r2 = reference(ref_ctx)
        # exactly 0 twice is not stable: its digits may all be lost (ln(1 + e^-200) at 80)
        stable = r2 != 0 and agree_digits(r, r2, ref_ctx, digits) >= digits
        r = r2
        a = agree_digits(ref_ctx.make_mpf(c.value._mpf_), r, ref_ctx, digits)
        if stable:  # the reference has settled: more precision will not change it
            break
    digits_seen = min(a, c.digits)
    ok = c.reached and a >= digits
    note = ""
    if not c.reached:
        note = (f"the closed form reached only {c.digits} of {digits} digits "
                f"(evaluated up to {c.dps} digits)")
    elif not ok:
        note = f"closed form and reference agree to {a} of {digits} digits"
    return PointCheck(c, r, ref_ctx, digits_seen, ok, note=note)
