"""Is a claimed formula or number equal to a catalog entry's result?

:func:`prepare` turns a catalog entry, its given parameters and units into a
:class:`Problem` (trusted code, in the caller's process): the true result,
the symbols a claim may use, test points covering each parameter's whole
domain (:mod:`.sampling`) and the transformed truths for the diagnosis.
:func:`judge` reads a claim against a problem (untrusted text: run it in
:mod:`~symbolic_info.checker.sandbox`).

The verdict says how it was reached (:mod:`.verdict`):

* **proved** when claim - result simplifies to 0 under the entry's
  assumptions (symbolic);
* **numerically equal** when both agree to at least :data:`AGREE_DIGITS`
  relative digits at every test point: the domain points and points on both
  sides of every switch of the claim and the result (:mod:`.kinks`), each
  compared at rising precision (:mod:`.pointwise`); evidence, not a proof;
* **incorrect** with a counterexample as soon as one point differs;
* **undecided** when some point could not be settled and no proof is found.

A decimal number is correct when it equals the true value rounded to the
digits written; ``oo`` / ``-oo`` claim an infinite result.

Example
-------
>>> p = prepare("entropy/exponential", {"lambda": "2"}, None)
>>> judge(p, "1 - ln 2")["evidence"]
'proved'
>>> judge(p, "0.3069")["verdict"], judge(p, "0.3070")["verdict"]
('correct', 'incorrect')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..core import DerivationError
from ..numeric.context import new_context, to_decimal
from ..output.reasons import reason_unicode
from ..output.unicode_math import unicode_text
from . import verdict as V
from .diagnosis import (
    INFINITE_RESULT,
    diagnose,
    diagnose_differences,
    no_match,
    truth_transforms,
    value_at,
)
from .grammar import parse_expression
from .kinks import kink_points
from .pointwise import (
    SHOWN_CAP,
    TARGET_DIGITS,
    TOO_LARGE,
    Formula,
    NotReal,
    compare,
    resolved_difference,
    stable_value,
)
from .sampling import admissible, describe_point, domain_points, show_value
from .scales import scale_points

__all__ = ["Problem", "prepare", "judge", "judge_parsed", "prove", "upgrade_with_proof",
           "evaluate_claim", "value_at", "point_admissible", "judging_points", "NotReal",
           "AGREE_DIGITS", "WORK_DPS"]

WORK_DPS = SHOWN_CAP
"""Digits to which agreement is reported (values are computed with more, as needed)."""
AGREE_DIGITS = TARGET_DIGITS
"""Relative digits of agreement required at every point."""
SHOWN_DIGITS = 20
MAX_SHOWN_DPS = 2000
"""Most digits used to show a claim that differs from the result by a tiny exact number."""
ENOUGH_DIFFERENCES = 6
"""A claim that differs at this many points and agrees at none is not tested further."""


@dataclass(frozen=True)
class Problem:
    """What a claim is judged against (all picklable, no user text inside).

    ``truth`` is the result in ``units`` with given parameters substituted;
    ``symbols`` maps the names a claim may use to SymPy symbols; ``fixed``
    holds the given parameter values (symbol -> exact); ``points`` are
    admissible values of the other parameters covering their domains;
    ``names`` maps symbols to parameter names for display.  ``entry_name``,
    ``given`` (parameter name -> value) and ``structure`` let the sandbox
    test further points (next to a claim's kinks) for admissibility.
    """

    label: str
    truth: sp.Expr
    units: str
    symbols: dict
    fixed: dict
    points: tuple
    names: dict
    assumptions: tuple = ()
    transforms: tuple = ()
    quantity: str = ""
    free_symbols: bool = False
    extra: dict = field(default_factory=dict)
    entry_name: str = ""
    given: dict = field(default_factory=dict)
    structure: tuple = ()


def _symbol_table(e) -> tuple:
    symbols, names = {}, {}
    for p in e.params:
        if p.symbol is not None:
            symbols[p.name] = p.symbol
            symbols[p.symbol.name] = p.symbol
            names[p.symbol] = p.name
    return symbols, names


def prepare(name: str, params: dict, units: str | None) -> Problem:
    """The :class:`Problem` for catalog entry ``name`` (trusted work, in-process)."""
    from ..catalog import derive, entry, parse_params

    e = entry(name)
    if getattr(e, "specialise", None) is not None:  # a bare name taking distributions
        e, params = e.specialise(params)
    values = parse_params(e, params)
    missing = [p.name for p in e.params if p.kind != "scalar" and p.name not in values]
    if missing:
        raise DerivationError(
            f"{name}: give the list or matrix parameter{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} with --param (e.g. {missing[0]}={e.param(missing[0]).default})")
    d = derive(name, units=units, **params)
    symbols, names = _symbol_table(e)
    for s in d.result.free_symbols:
        symbols.setdefault(s.name, s)
        names.setdefault(s, s.name)
    fixed = e.symbols_of(values)
    points = tuple(
        {s: v for s, v in e.symbols_of(vals).items() if s not in fixed}
        for vals in domain_points(e, values, d.result)
    )
    return Problem(
        label=name,
        truth=d.result,
        units=d.units,
        symbols=symbols,
        fixed=fixed,
        points=points,
        names=names,
        assumptions=tuple(reason_unicode(a) for a in d.assumptions),  # stated in words
        transforms=tuple(truth_transforms(e, d, values, fixed, points)),
        quantity=d.quantity,
        extra={"verified": d.verified, "value": d.value},
        entry_name=e.name,
        given=dict(values),
        structure=tuple(e.structure(values)),
    )


# -- judging (untrusted input) --------------------------------------------------


def _show_point(problem: Problem, point: dict) -> dict:
    return {problem.names.get(s, s.name): show_value(v) for s, v in
            sorted({**problem.fixed, **point}.items(), key=lambda kv: kv[0].name)
            if isinstance(s, sp.Symbol)}


def evaluate_claim(problem: Problem, text: str):
    """Parse ``text`` against ``problem``'s symbols (raises ParseError)."""
    return parse_expression(text, problem.symbols, free=problem.free_symbols)


def point_admissible(problem: Problem, point: dict) -> bool:
    """True when ``point`` (free symbol -> value) is a valid parameter point of the problem."""
    if not problem.entry_name:
        return all(v > 0 for v in point.values())
    from ..catalog import entry

    names = {**problem.given, **{problem.names.get(s, s.name): v for s, v in point.items()}}
    return admissible(entry(problem.entry_name), names, problem.structure)


def judging_points(problem: Problem, exprs) -> tuple:
    """``(points, n_kink)``: the problem's domain points, then points next to the switches
    (kinks) of ``exprs`` along every free parameter (see :mod:`.kinks`), then points at
    the scales of their constants (see :mod:`.scales`)."""
    points = list(problem.points)
    if not points or not points[0]:
        return points, 0
    free = sorted(points[0], key=lambda s: s.name)
    base = {**problem.fixed, **points[0]}
    def inside(full):
        return point_admissible(problem, {s: full[s] for s in free})

    kinks = kink_points(exprs, base, free, inside)
    return points + kinks + scale_points(exprs, base, free, inside), len(kinks)


def judge(problem: Problem, text: str, symbolic: bool = True) -> dict:
    """Judge the claim ``text``: verdict, evidence, values, counterexample and diagnosis.

    Returns a JSON-ready dict (see :mod:`.command` for the contract).  With
    ``symbolic=False`` no symbolic proof is attempted (numeric verdict only).
    """
    parsed = evaluate_claim(problem, text)
    result = judge_parsed(problem, parsed)
    if symbolic:
        upgrade_with_proof(problem, parsed.expr, result)
    return result


def _base_result(problem: Problem, parsed) -> dict:
    return {
        "verdict": None,
        "evidence": None,
        "against": problem.label,
        "units": problem.units,
        "expected": {"latex": _latex(problem.truth), "unicode": unicode_text(problem.truth),
                     "value": None},
        "claimed": {"latex": parsed.latex, "unicode": parsed.unicode, "value": None,
                    "text": parsed.text},
        "method": "",
        "method_kind": "",
        "numeric_check": None,
        "diagnosis": [],
        "counterexample": None,
        "holds_on_part": False,
        "assumptions": list(problem.assumptions),
    }


def judge_parsed(problem: Problem, parsed) -> dict:
    """The numeric judgement of an already parsed claim (no symbolic proof)."""
    claim = parsed.expr
    known = set(problem.fixed)
    stray = claim.free_symbols - known - (set(problem.points[0]) if problem.points else set())
    if stray:
        raise DerivationError(f"the claim uses {', '.join(sorted(s.name for s in stray))}, "
                              f"which {problem.label} does not define")
    constant = not ((claim.free_symbols | problem.truth.free_symbols) - known)
    out = _base_result(problem, parsed)
    if parsed.is_rounded_number:
        if not constant:
            free = sorted(problem.names.get(s, s.name)
                          for s in problem.truth.free_symbols - known)
            raise DerivationError(
                f"the claim is a number but the result depends on {', '.join(free)}; "
                "give their values with --param")
        return _judge_number(problem, parsed, out)
    truth, claimed = Formula(problem.truth), Formula(claim)
    if constant:
        points, n_kink = [{}], 0
    else:
        points, n_kink = judging_points(problem, [claim, problem.truth])
    results = []
    for p in points:
        results.append(compare(truth, claimed, {**problem.fixed, **p}))
        outcomes = [r.outcome for r in results]
        if outcomes.count("differ") >= ENOUGH_DIFFERENCES and "agree" not in outcomes:
            break  # wrong wherever tested: the remaining (costlier) points add nothing
    points = points[:len(results)]
    usable = [i for i, r in enumerate(results) if r.outcome in ("agree", "differ", "inconclusive")]
    agree = [i for i in usable if results[i].outcome == "agree"]
    differ = [i for i in usable if results[i].outcome == "differ"]
    unsettled = [i for i in usable if results[i].outcome == "inconclusive"]
    if constant:
        r = results[0]
        if r.left is not None:
            out["expected"]["value"] = to_decimal(r.left, 30, r.ctx)
        if r.right is not None:
            out["claimed"]["value"] = to_decimal(r.right, 30, r.ctx)
    digits = min((results[i].digits for i in agree if not results[i].zero),
                 default=WORK_DPS if agree else None)
    too_large = sum(results[i].reason == TOO_LARGE for i in unsettled)
    out["numeric_check"] = {"points": len(agree), "tested": len(usable), "digits": digits,
                            "kink_points": n_kink, "unsettled": len(unsettled),
                            "too_large": too_large, "skipped": len(points) - len(usable)}
    where = "as numbers" if constant else (
        f"at {len(agree)} points spread over the domain (tiny, moderate and huge values, "
        f"next to its edges" + (" and on both sides of every kink)" if n_kink else ")"))
    if differ:
        return _incorrect(problem, parsed, out, points, results, agree, differ, usable)
    if unsettled or not agree:
        first = unsettled[0] if unsettled else None
        out.update(verdict=V.UNDECIDED, evidence=V.INCONCLUSIVE, method_kind="numeric")
        example = (f" (e.g. at {describe_point(_show_point(problem, points[first]))}: "
                   f"{results[first].reason})" if first is not None else "")
        out["method"] = ((f"undecided: agrees at {len(agree)} of {len(usable)} test points, but "
                          f"{len(unsettled)} could not be settled{example}" if usable else
                          "undecided: the result could not be evaluated at any test point")
                         + "; neither proved nor refuted")
        return out
    if _unequal(problem, claim, truth, claimed, points, agree, out, digits):
        return out
    out.update(verdict=V.CORRECT, evidence=V.NUMERIC, method_kind="numeric")
    skipped = out["numeric_check"]["skipped"]
    out["method"] = (f"numerically equal: agrees to {digits} digits {where}; evidence, "
                     "not a proof" + (f" ({skipped} further points where the result itself "
                                      "could not be evaluated were left out)" if skipped else ""))
    return out


def _unequal(problem, claim, truth, claimed, points, agree, out, digits) -> bool:
    """Is a claim that agrees to the compared digits everywhere still not equal?

    It is when claim - result expands to a nonzero rational, or when the difference is
    resolved as nonzero at every agreeing point at higher precision
    (:func:`~.pointwise.resolved_difference`; the first unresolved point ends the search).
    Then ``out`` is filled in as incorrect, with the first point as the counterexample.
    """
    from ..symbolic.budget import time_budget

    try:
        with time_budget(2.0):
            exact = sp.expand(claim.subs(problem.fixed) - problem.truth)
    except Exception:  # noqa: BLE001 - any failure leaves the numeric verdict
        exact = None
    found = []
    if not (isinstance(exact, sp.Rational) and exact != 0):
        for i in agree:
            r = resolved_difference(truth, claimed, {**problem.fixed, **points[i]})
            if r is None:
                return False
            found.append((i, r))
    i, r = found[0] if found else (agree[0], None)
    if r is None:  # the exact difference, with enough digits to show it
        point = {**problem.fixed, **points[i]}
        t, _noise, ctx = stable_value(truth, point, WORK_DPS)
        size = 0 if t == 0 or ctx.isinf(t) else max(0, int(ctx.log10(abs(t))))
        ctx = new_context(min(MAX_SHOWN_DPS, WORK_DPS + size + len(str(exact.q))))
        t = truth.at(point, ctx)
        d = ctx.mpf(int(exact.p)) / int(exact.q)
        c = t + d
    else:
        t, c, ctx = r
        d = c - t
    big = max(abs(t), abs(c))
    shown = SHOWN_DIGITS if t == c or big == 0 else min(
        ctx.dps, max(SHOWN_DIGITS, int(-ctx.log10(abs(d) / big)) + 5))
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE, method_kind="numeric")
    out["counterexample"] = {"point": _show_point(problem, points[i]),
                             "claimed": to_decimal(c, shown, ctx),
                             "expected": to_decimal(t, shown, ctx)}
    how = ("claim - result expands to a nonzero number"
           if r is None else f"the difference is nonzero at all {len(found)} points tried "
           "when computed with more digits")
    out["method"] = (f"not equal: your formula and the result agree to the {digits} digits "
                     f"compared but {how} (claim - result = {to_decimal(d, 10, ctx)} at "
                     f"{describe_point(out['counterexample']['point'])})")
    return True


def _judge_number(problem: Problem, parsed, out: dict) -> dict:
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
                         f"{parsed.text} (within half a unit, {_dec(half)}, in the last written "
                         "place)")
        return out
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE)
    out["method"] = (f"the true value {to_decimal(t, shown, ctx)} does not round to "
                     f"{parsed.text} (allowed error {_dec(half)})")
    out["counterexample"] = {"point": _show_point(problem, {}),
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
    (that is ``5e-51``) although the two are half a unit of ``1e-50`` apart; an
    exact tie accepts rounding either way.  A claim with no significant digit
    (``0.000``) says ``|truth|`` is below half its last unit.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> rounds_to(ctx.mpf("0.306852"), sp.Rational(3069, 10000), sp.Rational(1, 20000), ctx)
    True
    >>> rounds_to(ctx.mpf("5e-51"), sp.Rational(1, 10**50), sp.Rational(1, 2 * 10**50), ctx)
    False
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
    counts = {low + 1} if frac > half else {low} if frac < half else {low, low + 1}
    sign = 1 if truth > 0 else -1
    return any(sp.Rational(claim) == sign * n * unit for n in counts)


def significant_digits(claim: sp.Rational, half_ulp: sp.Rational) -> int:
    """Significant digits of a decimal as written: ``0.0030`` has 2, ``0.000`` has 0.

    >>> significant_digits(sp.Rational(3, 1000), sp.Rational(1, 20000))
    2
    """
    mantissa = abs(sp.Rational(claim) / (2 * half_ulp))
    return 0 if mantissa == 0 else len(str(int(mantissa)))


def _incorrect(problem, parsed, out, points, results, agree, differ, usable) -> dict:
    bad = differ[0]
    r = results[bad]
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE, method_kind="numeric")
    out["counterexample"] = {
        "point": _show_point(problem, points[bad]),
        "claimed": r.reason or "undefined" if r.right is None else
        to_decimal(r.right, SHOWN_DIGITS, r.ctx),
        "expected": to_decimal(r.left, SHOWN_DIGITS, r.ctx),
    }
    constant = points == [{}]
    out["method"] = ("counterexample: your formula and the result are different numbers"
                     + ("" if constant else " at the given values" if len(usable) == 1 else
                        f" at {len(differ)} of the {len(usable)} points tried"))
    if len(agree) >= 3 and not constant:  # one or two: curves that merely cross
        out["holds_on_part"] = True
        out["diagnosis"].append(
            f"Holds only on part of the domain: the claim agrees with the result at "
            f"{len(agree)} of {len(usable)} test points (e.g. "
            f"{describe_point(_show_point(problem, points[agree[0]]))}) but not at others (e.g. "
            f"{describe_point(out['counterexample']['point'])}).")
    if r.left is not None and r.ctx.isinf(r.left):
        if r.right is not None and r.ctx.isinf(r.right):
            out["diagnosis"].append(f"Sign error: the result is {'+' if r.left > 0 else '-'}oo "
                                    "(infinite) and the claim has the other sign.")
        else:
            out["diagnosis"].append(INFINITE_RESULT)
        return out
    if r.right is not None and r.ctx.isinf(r.right):
        out["diagnosis"].append("The claim is infinite but the result is finite here.")
        return out
    out["diagnosis"] += diagnose_differences(problem, parsed.expr, points, differ,
                                             constant_offset=not out["holds_on_part"])
    return no_match(out)


def _dec(q: sp.Rational) -> str:
    return sp.Float(q, 3).__format__("") if q.q != 1 else str(q)


def _latex(expr) -> str:
    from ..render import latex

    return latex(expr)


def prove(problem: Problem, claim: sp.Expr) -> bool:
    """True when claim - truth provably simplifies to 0 under the assumptions.

    An infinite result is proved only by the same infinity (``oo - oo`` is not 0).
    """
    from ..engine.verify import symbolically_zero

    claim = claim.subs(problem.fixed)
    if problem.truth.is_infinite or claim.is_infinite:
        return bool(problem.truth == claim)
    return symbolically_zero(claim - problem.truth)


def upgrade_with_proof(problem: Problem, claim: sp.Expr, result: dict) -> dict:
    """Try a symbolic proof when the numeric judgement did not refute the claim.

    A proof turns "numerically equal" or "undecided" into "proved"; a claim
    with a counterexample (or a rounded number) is left as it is, and so is a
    claim too large to evaluate somewhere.
    """
    if result["verdict"] == V.INCORRECT or result["method_kind"] != "numeric":
        return result
    if (result.get("numeric_check") or {}).get("too_large"):
        # SymPy would meet the same astronomically large numbers (and may not return)
        result["method"] += "; no symbolic proof tried (values too large to evaluate)"
        return result
    if prove(problem, claim):
        result.update(verdict=V.CORRECT, evidence=V.PROVED, method_kind="symbolic")
        result["method"] = ("proved symbolically: claim - result simplifies to 0 under the "
                            "assumptions" + (f" ({'; '.join(problem.assumptions)})"
                                             if problem.assumptions else ""))
    else:
        result["method"] += "; no symbolic proof found"
    return result
