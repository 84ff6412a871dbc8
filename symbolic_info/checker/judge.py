"""Is a claimed formula or number equal to a catalog entry's result?

:func:`prepare` (:mod:`.problem`) turns a catalog entry, its given parameters and
units into a :class:`Problem`: the true result, the symbols a claim may use and test
points covering each parameter's whole domain.  :func:`judge` reads a claim against a
problem (untrusted text: run it in :mod:`~symbolic_info.checker.sandbox`).

The verdict says how it was reached (:mod:`.verdict`):

* **proved** when claim - result simplifies to 0 under the entry's
  assumptions (symbolic);
* **numerically equal** when both agree to at least :data:`AGREE_DIGITS`
  relative digits at every test point: the domain points and points on both
  sides of every switch of the claim and the result (:mod:`.kinks`), each
  compared at rising precision (:mod:`.pointwise`), and at the first point
  to :data:`SEEN_POWERS` times the digits of the deepest scale the claim and
  the result name (:func:`~.scales.named_depth`: ``e^-1000`` may hide an
  ``e^-2000``), within half the time limit; the verdict says the depth
  reached; evidence, not a proof;
* **incorrect** with a counterexample as soon as one point differs;
* **undecided** when some point could not be settled and no proof is found.

A decimal number is correct when it equals the true value rounded to the
digits written (:mod:`.rounding`); ``oo`` / ``-oo`` claim an infinite result.

Example
-------
>>> p = prepare("entropy/exponential", {"lambda": "2"}, None)
>>> judge(p, "1 - ln 2")["evidence"]
'proved'
>>> judge(p, "0.3069")["verdict"], judge(p, "0.3070")["verdict"]
('correct', 'incorrect')
"""

from __future__ import annotations

import time

import sympy as sp

from ..core import DerivationError
from ..numeric.context import new_context, to_decimal
from ..output.unicode_math import unicode_text
from . import verdict as V
from .diagnosis import INFINITE_RESULT, diagnose_differences, no_match, value_at
from .pointwise import (
    MAX_DEPTH,
    TARGET_DIGITS,
    TOO_LARGE,
    Formula,
    NotReal,
    compare,
    resolved_difference,
    stable_value,
)
from .problem import (
    SHOWN_DIGITS,
    WORK_DPS,
    Problem,
    evaluate_claim,
    judging_points,
    point_admissible,
    prepare,
    shown_point,
)
from .rounding import judge_number
from .sampling import describe_point
from .scales import named_depth

__all__ = ["Problem", "prepare", "judge", "judge_parsed", "prove", "upgrade_with_proof",
           "evaluate_claim", "value_at", "point_admissible", "judging_points", "NotReal",
           "AGREE_DIGITS", "WORK_DPS"]

AGREE_DIGITS = TARGET_DIGITS
"""Relative digits of agreement required at every point."""
MAX_SHOWN_DPS = 2000
"""Most digits used to show a claim that differs from the result by a tiny exact number."""
ENOUGH_DIFFERENCES = 6
"""A claim that differs at this many points and agrees at none is not tested further."""
SEEN_POWERS = 3
"""A claim naming a scale ``u`` is looked at down to ``u^3`` (the usual slips drop
``u^2/2`` or ``u^3/3``)."""
DEEP_SHARE = 0.5
"""Share of the time limit the deeper look may end within (the proof needs the rest)."""


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


def judge_parsed(problem: Problem, parsed, time_limit: float | None = None) -> dict:
    """The numeric judgement of an already parsed claim (no symbolic proof).

    ``time_limit`` is the check's (default the sandbox's shortest, ``TIME_LIMIT``); the
    deeper look at a claim's own scales ends within :data:`DEEP_SHARE` of it.
    """
    if time_limit is None:
        from .sandbox import TIME_LIMIT as time_limit
    deadline = time.monotonic() + DEEP_SHARE * time_limit
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
        return judge_number(problem, parsed, out)
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
        example = (f" (e.g. at {describe_point(shown_point(problem, points[first]))}: "
                   f"{results[first].reason})" if first is not None else "")
        out["method"] = ((f"undecided: agrees at {len(agree)} of {len(usable)} test points, but "
                          f"{len(unsettled)} could not be settled{example}" if usable else
                          "undecided: the result could not be evaluated at any test point")
                         + "; neither proved nor refuted")
        return out
    wanted = SEEN_POWERS * named_depth([claim.subs(problem.fixed), problem.truth])
    depth = _unequal(problem, claim, truth, claimed, points, agree, out, digits,
                     wanted, deadline)
    if depth is None:
        return out
    out.update(verdict=V.CORRECT, evidence=V.NUMERIC, method_kind="numeric")
    skipped = out["numeric_check"]["skipped"]
    deeper = ("" if depth <= (digits or 0) else f", and to {depth} digits" + (
        "" if constant else " at the first point") + " computed with more precision" + (
        f" (the formulas name scales of {wanted // SEEN_POWERS} digits; the time limit or "
        f"the {MAX_DEPTH}-digit cap allowed no deeper look)" if depth < wanted else ""))
    out["method"] = (f"numerically equal: agrees to {digits} digits {where}{deeper}; evidence, "
                     "not a proof" + (f" ({skipped} further points where the result itself "
                                      "could not be evaluated were left out)" if skipped else ""))
    return out


def _unequal(problem, claim, truth, claimed, points, agree, out, digits, depth: int,
             deadline: float) -> int | None:
    """Is a claim that agrees to the compared digits everywhere still not equal?

    It is when claim - result expands to a nonzero rational, or when the difference is
    resolved as nonzero at every agreeing point at higher precision, looking ``depth``
    digits down by ``deadline`` (:func:`~.pointwise.resolved_difference`; the first
    unresolved point ends the search).  Then ``out`` is filled in as incorrect, with the
    first point as the counterexample, and None is returned; otherwise the relative
    digits to which the first unresolved point was seen equal.
    """
    from ..budget import time_budget

    try:
        with time_budget(2.0):
            exact = sp.expand(claim.subs(problem.fixed) - problem.truth)
            proved = exact.is_zero is False  # SymPy's assumptions: nonzero at every value
    except Exception:  # noqa: BLE001 - any failure leaves the numeric verdict
        exact, proved = None, False
    found = []
    if not (isinstance(exact, sp.Rational) and exact != 0):
        for i in agree:
            seen = resolved_difference(truth, claimed, {**problem.fixed, **points[i]},
                                       depth=depth, deadline=deadline)
            if seen.values is None:
                found = _proved_nonzero(exact, problem, points, agree, truth) if proved else []
                if not found:
                    return seen.depth
                break
            found.append((i, seen.values))
        proved = proved and len(found[0][1]) > 3
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
        t, c, ctx = r[:3]
        d = r[3] if len(r) > 3 else c - t
    big = max(abs(t), abs(c))
    shown = SHOWN_DIGITS if t == c or big == 0 else min(
        ctx.dps, max(SHOWN_DIGITS, int(-ctx.log10(abs(d) / big)) + 5))
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE, method_kind="numeric")
    out["counterexample"] = {"point": shown_point(problem, points[i]),
                             "claimed": to_decimal(c, shown, ctx),
                             "expected": to_decimal(t, shown, ctx)}
    how = ("claim - result expands to a nonzero number" if r is None else
           "claim - result is never zero (SymPy proves it nonzero; here it is below the digits "
           "compared)" if proved else f"the difference is nonzero at all {len(found)} points "
           "tried when computed with more digits")
    out["method"] = (f"not equal: your formula and the result agree to the {digits} digits "
                     f"compared but {how} (claim - result = {to_decimal(d, 10, ctx)} at "
                     f"{describe_point(out['counterexample']['point'])})")
    return None


def _proved_nonzero(exact, problem, points, agree, truth) -> list:
    """``[(i, (t, c, ctx, d))]`` for the first agreeing point where ``exact`` (claim - result,
    which SymPy's assumptions prove nonzero for every value: ``exp(-10^6)``, or a bump
    ``exp(-10^6 (sigma - 7/3)^2)`` too narrow for any test point) is also seen nonzero by
    mpmath alone, the same ``d`` to 10 digits at two precisions (rounding noise would not
    be: an assumption bug alone cannot condemn a right claim); ``[]`` if none is.
    ``c = t + d`` may round to ``t``: the method line shows ``d``."""
    wide = new_context(2 * WORK_DPS + 20)
    ctx = new_context(WORK_DPS)
    for i in agree:
        point = {**problem.fixed, **points[i]}
        try:
            d, far = value_at(exact, point, ctx), value_at(exact, point, wide)
            t = truth.at(point, ctx)
        except Exception:  # noqa: BLE001 - not evaluable here: the numeric search decides
            continue
        if d != 0 and ctx.isfinite(d) and abs(far - d) <= abs(far) * wide.mpf(10) ** -10:
            return [(i, (t, t + d, ctx, d))]
    return []


def _incorrect(problem, parsed, out, points, results, agree, differ, usable) -> dict:
    bad = differ[0]
    r = results[bad]
    out.update(verdict=V.INCORRECT, evidence=V.COUNTEREXAMPLE, method_kind="numeric")
    out["counterexample"] = {
        "point": shown_point(problem, points[bad]),
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
            f"{describe_point(shown_point(problem, points[agree[0]]))}) but not at others (e.g. "
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



def _latex(expr) -> str:
    from ..render import latex

    return latex(expr)


def prove(problem: Problem, claim: sp.Expr) -> bool:
    """True when claim - truth provably simplifies to 0 under the assumptions.

    An infinite result is proved only by the same infinity (``oo - oo`` is not 0).
    """
    from ..engine.symbolic_zero import symbolically_zero

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
