"""A decimal number claimed for a constant result: is it the true value rounded?

The true value is computed to every digit written (and more), then rounded in its own decade
to the claim's significant digits; an exact tie accepts rounding half away from zero and
half to even (``1.75`` is ``1.8`` either way, never the truncated ``1.7``), and a claim with
no significant digit (``0.000``) says the value is below half its last unit.

Example
-------
>>> from symbolic_info.checker.problem import prepare
>>> from symbolic_info.checker.grammar import parse_expression
>>> p = prepare("entropy/exponential", {"lambda": "2"}, None)
>>> judge_number(p, parse_expression("0.3069", p.symbols), {"expected": {}, "claimed": {},
...                                                         "diagnosis": []})["verdict"]
'correct'
"""

from __future__ import annotations

import sympy as sp

from ..numeric.context import to_decimal
from . import verdict as V
from .diagnosis import INFINITE_RESULT, diagnose, no_match
from .pointwise import Formula, stable_value
from .problem import SHOWN_DIGITS, WORK_DPS, Problem, shown_point

__all__ = ["judge_number", "rounds_to", "significant_digits", "decimal_text"]


def judge_number(problem: Problem, parsed, out: dict) -> dict:
    """A decimal number against the (constant) result: does the result round to it?"""
    half = parsed.half_ulp
    truth = Formula(problem.truth)
    digits = max(WORK_DPS, significant_digits(parsed.expr, half)) + 5  # every written digit
    t, _noise, ctx = stable_value(truth, dict(problem.fixed), digits)
    c = ctx.mpf(parsed.expr.p) / parsed.expr.q
    out["expected"]["value"] = to_decimal(t, 30, ctx)
    out["claimed"]["value"] = parsed.text
    out["method_kind"] = "rounding"
    shown = max(SHOWN_DIGITS, significant_digits(parsed.expr, half) + 3)  # past the last written
    if not ctx.isinf(t) and rounds_to(t, parsed.expr, half, ctx):
        out.update(verdict=V.CORRECT, evidence=V.ROUNDING)
        out["method"] = (f"the true value {to_decimal(t, shown, ctx)} rounds to "
                         f"{parsed.text} (within half a unit, {decimal_text(half)}, in the last "
                         "written place)")
        return out
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE)
    out["method"] = (f"the true value {to_decimal(t, shown, ctx)} does not round to "
                     f"{parsed.text} (allowed error {decimal_text(half)})")
    out["counterexample"] = {"point": shown_point(problem, {}),
                             "claimed": parsed.text,
                             "expected": to_decimal(t, shown, ctx)}
    if ctx.isinf(t):
        out["diagnosis"].append(INFINITE_RESULT)
        return out
    out["diagnosis"] += diagnose(problem, [{}], [t], [c], ctx, ctx.mpf(half.p) / half.q)
    no_match(out)
    return out


def rounds_to(truth, claim: sp.Rational, half_ulp: sp.Rational, ctx) -> bool:
    """Is ``claim`` the value ``truth`` rounded to the claim's significant digits?

    The truth is rounded in its own decade, so ``1e-50`` is not ``5e-51`` rounded
    (that is ``5e-51``) although the two are half a unit of ``1e-50`` apart.  An exact
    tie accepts the two usual rules, half away from zero (school rounding) and half to even
    (IEEE 754's default; Goldberg, *What every computer scientist should know about
    floating-point arithmetic*, 1991, sec. 1.5), but not truncation.  A claim with no
    significant digit (``0.000``) says ``|truth|`` is below half its last unit.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> rounds_to(ctx.mpf("0.306852"), sp.Rational(3069, 10000), sp.Rational(1, 20000), ctx)
    True
    >>> rounds_to(ctx.mpf("5e-51"), sp.Rational(1, 10**50), sp.Rational(1, 2 * 10**50), ctx)
    False
    >>> [rounds_to(ctx.mpf("1.75"), sp.Rational(c, 10), sp.Rational(1, 20), ctx) for c in (17, 18)]
    [False, True]
    >>> [rounds_to(ctx.mpf("2.25"), sp.Rational(c, 10), sp.Rational(1, 20), ctx) for c in (22, 23)]
    [True, True]
    """
    k = significant_digits(claim, half_ulp)
    if k == 0:
        return abs(truth) < ctx.mpf(half_ulp.p) / half_ulp.q
    if truth == 0:
        return False
    exponent = int(ctx.floor(ctx.log10(abs(truth))))
    unit = sp.Integer(10) ** (exponent - k + 1)
    scaled = abs(truth) / (ctx.mpf(unit.p) / unit.q)
    low = int(ctx.floor(scaled))
    frac = scaled - low
    half = ctx.mpf(1) / 2
    tie = {low + 1, low if low % 2 == 0 else low + 1}  # half away from zero, half to even
    counts = {low + 1} if frac > half else {low} if frac < half else tie
    sign = 1 if truth > 0 else -1
    return any(sp.Rational(claim) == sign * n * unit for n in counts)


def significant_digits(claim: sp.Rational, half_ulp: sp.Rational) -> int:
    """Significant digits of a decimal as written: ``0.0030`` has 2, ``0.000`` has 0.

    >>> significant_digits(sp.Rational(3, 1000), sp.Rational(1, 20000))
    2
    """
    mantissa = abs(sp.Rational(claim) / (2 * half_ulp))
    return 0 if mantissa == 0 else len(str(int(mantissa)))


def decimal_text(q: sp.Rational) -> str:
    """``q`` as 3 significant digits (an allowed error: ``5e-5``), or an integer as it is."""
    return sp.Float(q, 3).__format__("") if q.q != 1 else str(q)

