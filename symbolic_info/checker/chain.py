"""Check a derivation chain: every line must equal the one before.

The text holds one expression per line, or ``lhs = rhs`` lines (a line may
start with ``=`` to continue the previous one; ``#`` starts a comment).
The expressions form one sequence and every consecutive pair is compared at
test points covering the whole domain (the entry's parameters, or every
symbol over the positive reals from 1e-100 to 1e100 when no entry is given) and
on both sides of every kink of any line (:mod:`.kinks`), at rising precision
(:mod:`.pointwise`).  A decimal number on a line is compared up to half a
unit in its last written place.  With an entry, the last line must also
equal the entry's result (judged like a single claim, with diagnosis).

A line is ``ok`` (equal to the previous one at every point), wrong (a
counterexample) or undecided (some point could not be settled); the chain's
verdict is incorrect if a line is wrong, else undecided if a line is, else
correct, with the weakest evidence of its lines (:func:`.verdict.weakest`).

Example
-------
>>> r = check_chain("log(a*b)\\n= log(a) + log(b)\\n= log(a) - log(b)")
>>> r["verdict"], r["first_wrong"]["line"]
('incorrect', 3)
>>> check_chain("abs(a-6) + log(a)\\n= 6 - a + log(a)")["verdict"]
'incorrect'
"""

from __future__ import annotations

from ..core import DerivationError
from ..numeric.context import to_decimal
from . import verdict as V
from .grammar import ParseError, parse_expression
from .judge import WORK_DPS, judge_parsed, judging_points
from .kinks import kink_points
from .pointwise import Formula, compare, stable_value
from .sampling import describe_point, positive_points, show_value

__all__ = ["check_chain", "split_chain", "MAX_LINES", "MAX_CHAIN_CHARS"]

MAX_LINES = 200
"""Most lines in a chain."""
MAX_CHAIN_CHARS = 100_000
"""Longest chain text, in characters."""


def split_chain(text: str) -> list:
    """``[(line_number, expression_text), ...]`` in order (comments and blanks dropped)."""
    if len(text) > MAX_CHAIN_CHARS:
        raise ParseError(f"the chain is longer than {MAX_CHAIN_CHARS} characters")
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ParseError(f"the chain has more than {MAX_LINES} lines")
    parts = []
    for number, line in enumerate(lines, start=1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        pieces = [p.strip() for p in body.split("=")]
        if pieces[0] == "" and len(pieces) > 1:
            if not parts:
                raise ParseError(f"line {number}: a chain cannot start with '='")
            pieces = pieces[1:]
        for piece in pieces:
            if not piece:
                raise ParseError(f"line {number}: an empty side of '='")
            parts.append((number, piece))
    if not parts:
        raise ParseError("the chain is empty")
    return parts


def _points(parsed: list, problem) -> tuple:
    """``(fixed, points, names)`` for the chain (see the module docstring)."""
    exprs = [p.expr for _, p in parsed]
    if problem is not None:
        allowed = set(problem.fixed) | (set(problem.points[0]) if problem.points else set())
        for number, p in parsed:
            stray = p.expr.free_symbols - allowed
            if stray:
                raise ParseError(f"line {number}: {', '.join(sorted(s.name for s in stray))} "
                                 f"is not a parameter of {problem.label}")
        points, _ = judging_points(problem, exprs + [problem.truth])
        return problem.fixed, points or [{}], problem.names
    free = sorted(set().union(*(e.free_symbols for e in exprs)), key=lambda s: s.name)
    points = positive_points(free)
    if free:
        points += kink_points(exprs, points[0], free, lambda full: all(
            full[s] > 0 for s in free))
    return {}, points, {}


def check_chain(text: str, problem=None) -> dict:
    """Check every consecutive pair of the chain in ``text`` (see the module docstring)."""
    parts = split_chain(text)
    parsed = []
    for number, piece in parts:
        try:
            if problem is not None:
                p = parse_expression(piece, problem.symbols)
            else:
                p = parse_expression(piece, {}, free=True)
        except DerivationError as exc:
            raise ParseError(f"line {number}: {exc}") from None
        parsed.append((number, p))
    fixed, points, names = _points(parsed, problem)
    formulas = [Formula(p.expr) for _, p in parsed]
    lines, first_wrong = [], None
    for k, (number, p) in enumerate(parsed):
        row = {"line": number, "latex": p.latex, "unicode": p.unicode, "ok": None,
               "status": "first",
               "evidence": None, "method": ""}
        if k > 0:
            status, detail = _same(formulas[k - 1], formulas[k], parsed[k - 1][1], p,
                                   fixed, points)
            row["status"] = status
            row["ok"] = {"ok": True, "wrong": False}.get(status)
            if status == "ok":
                row["evidence"] = V.NUMERIC
                row["method"] = (f"numerically equal: agrees to {detail} digits at "
                                 f"{len(points)} points; evidence, not a proof")
            elif status == "wrong":
                row["evidence"] = V.COUNTEREXAMPLE
                row["method"] = "does not follow from the previous expression"
                if first_wrong is None:
                    i, prev_v, this_v = detail
                    first_wrong = {
                        "line": number,
                        "previous_line": parsed[k - 1][0],
                        "counterexample": {
                            "point": {names.get(s, s.name): show_value(v)
                                      for s, v in sorted({**fixed, **points[i]}.items(),
                                                         key=lambda kv: kv[0].name)},
                            "previous": prev_v,
                            "this": this_v,
                        },
                    }
            else:
                row["evidence"] = V.INCONCLUSIVE
                row["method"] = f"undecided: a point could not be settled ({detail})"
                row["unsettled"] = detail
        lines.append(row)
    out = {
        "verdict": None,
        "evidence": None,
        "mode": "chain",
        "lines": lines,
        "first_wrong": first_wrong,
        "final": None,
        "diagnosis": [],
        "counterexample": first_wrong["counterexample"] if first_wrong else None,
        "expected": None,
        "claimed": {"latex": parsed[-1][1].latex, "unicode": parsed[-1][1].unicode,
                    "value": None},
        "numeric_check": {"points": len(points)},
        "against": problem.label if problem is not None else None,
        "units": problem.units if problem is not None else None,
        "assumptions": (list(problem.assumptions) if problem is not None
                        else ["every symbol is a positive real number"]),
    }
    if first_wrong:
        out["diagnosis"].append(
            f"Line {first_wrong['line']} does not follow from line {first_wrong['previous_line']}:"
            f" at {describe_point(first_wrong['counterexample']['point'])} the previous "
            "expression is "
            f"{first_wrong['counterexample']['previous']} but this one is "
            f"{first_wrong['counterexample']['this']}.")
    if problem is not None:
        final = judge_parsed(problem, parsed[-1][1])
        out["final"] = final
        out["expected"] = final["expected"]
        out["claimed"] = final["claimed"]
        if final["verdict"] == V.INCORRECT:
            out["diagnosis"].append(
                f"The last line (line {parsed[-1][0]}) is not the result of {problem.label}.")
            out["diagnosis"] += final["diagnosis"]
            if out["counterexample"] is None:
                out["counterexample"] = final["counterexample"]
    summarise(out)
    return out


def summarise(out: dict) -> dict:
    """Set the chain's ``verdict``, ``evidence`` and ``method`` from its lines and final check."""
    lines, final = out["lines"], out.get("final")
    statuses = [row["status"] for row in lines[1:]]
    evidences = [row["evidence"] for row in lines[1:]] + ([final["evidence"]] if final else [])
    if "wrong" in statuses or (final and final["verdict"] == V.INCORRECT):
        out["verdict"], out["evidence"] = V.INCORRECT, V.COUNTEREXAMPLE
    elif "undecided" in statuses or (final and final["verdict"] == V.UNDECIDED):
        out["verdict"], out["evidence"] = V.UNDECIDED, V.INCONCLUSIVE
    else:
        out["verdict"] = V.CORRECT
        out["evidence"] = V.weakest(evidences) if evidences else V.PROVED
    steps = len(lines) - 1
    proved = sum(row["evidence"] == V.PROVED for row in lines[1:])
    out["method"] = (f"{steps} step{'s' if steps != 1 else ''}: "
                     f"{sum(s == 'ok' for s in statuses)} follow"
                     + (f" ({proved} proved symbolically)" if proved else "")
                     + f", {statuses.count('wrong')} wrong, {statuses.count('undecided')} "
                     "undecided" + (f"; last line: {final['method']}" if final else ""))
    return out


def _show(v, ctx) -> str:
    return "undefined" if v is None else to_decimal(v, 20, ctx)


def _same(a: Formula, b: Formula, pa, pb, fixed: dict, points: list) -> tuple:
    """``(status, detail)``: ``ok`` with the worst digits, ``wrong`` with ``(index, previous
    value, this value)``, or ``undecided`` with the reason."""
    tol = None
    for p in (pa, pb):
        if p.is_rounded_number:
            tol = p.half_ulp if tol is None else max(tol, p.half_ulp)
    worst, unsettled = WORK_DPS, None
    for i, point in enumerate(points):
        full = {**fixed, **point}
        if tol is not None:
            status = _within(a, b, full, tol)
            if status is not None:
                return "wrong", (i, *status)
            continue
        r = compare(a, b, full)
        if r.outcome == "both-undefined":
            continue
        if r.outcome in ("differ", "ref-undefined"):
            return "wrong", (i, _show(r.left, r.ctx), _show(r.right, r.ctx))
        if r.outcome == "inconclusive":
            unsettled = unsettled or (i, r.reason)
            continue
        if not r.zero:
            worst = min(worst, r.digits)
    if unsettled is not None:
        i, reason = unsettled
        return "undecided", reason
    return "ok", worst


def _within(a: Formula, b: Formula, point: dict, tol) -> tuple | None:
    """None when the values at ``point`` are within ``tol``; else the two values shown."""
    shown = []
    values = []
    for f in (a, b):
        try:
            v, _noise, ctx = stable_value(f, point, WORK_DPS)
        except (ValueError, ZeroDivisionError, OverflowError):
            v, ctx = None, None
        values.append((v, ctx))
        shown.append(_show(v, ctx))
    (x, cx), (y, _cy) = values
    if x is None or y is None:
        return None if x is None and y is None else tuple(shown)
    return None if abs(x - y) <= cx.mpf(tol.p) / tol.q else tuple(shown)
