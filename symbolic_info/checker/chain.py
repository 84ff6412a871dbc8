"""Check a derivation chain: every line must equal the one before.

The text holds one expression per line, or ``lhs = rhs`` lines (a line may
start with ``=`` to continue the previous one; ``#`` starts a comment).
The expressions form one sequence and every consecutive pair is compared
numerically at seeded random admissible points (the entry's, or positive
reals when no entry is given).  A decimal number on a line is compared up
to half a unit in its last written place.  With an entry, the last line must
also equal the entry's result (judged like a single claim, with diagnosis).

Example
-------
>>> r = check_chain("log(a*b)\\n= log(a) + log(b)\\n= log(a) - log(b)")
>>> r["verdict"], r["first_wrong"]["line"]
('incorrect', 3)
"""

from __future__ import annotations

import random

import sympy as sp

from ..core import DerivationError
from ..numeric import GUARD, NumericError, new_context, to_decimal
from .grammar import ParseError, parse_expression
from .judge import AGREE_DIGITS, N_POINTS, WORK_DPS, NotReal, judge_parsed, value_at
from .numbers import formula_digits, settle_value

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


def _free_points(symbols: set, n: int) -> list:
    rng = random.Random("chain")
    ordered = sorted(symbols, key=lambda s: s.name)
    return [{s: sp.Rational(rng.randint(200, 5000), 1000) for s in ordered} for _ in range(n)]


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
    if problem is not None:
        fixed, points = problem.fixed, list(problem.points)
        names = problem.names
        allowed = set(fixed) | (set(points[0]) if points else set())
        for number, p in parsed:
            stray = p.expr.free_symbols - allowed
            if stray:
                raise ParseError(f"line {number}: {', '.join(sorted(s.name for s in stray))} "
                                 f"is not a parameter of {problem.label}")
    else:
        fixed, names = {}, {}
        free = set().union(*(p.expr.free_symbols for _, p in parsed))
        points = _free_points(free, N_POINTS) if free else [{}]
    ctx = new_context(WORK_DPS + GUARD)
    values = [_values(p.expr, fixed, points, ctx) for _, p in parsed]
    lines, first_wrong = [], None
    for k, (number, p) in enumerate(parsed):
        row = {"line": number, "latex": p.latex, "ok": None, "method": ""}
        if k > 0:
            ok, digits, bad = _same(values[k - 1], values[k], parsed[k - 1][1], p, ctx)
            row["ok"] = ok
            row["method"] = (f"numeric: agrees to {digits} digits at {len(points)} points"
                             if ok else "does not follow from the previous expression")
            if not ok and first_wrong is None:
                first_wrong = {
                    "line": number,
                    "previous_line": parsed[k - 1][0],
                    "counterexample": {
                        "point": {names.get(s, s.name): str(v)
                                  for s, v in sorted({**fixed, **points[bad]}.items(),
                                                     key=lambda kv: kv[0].name)},
                        "previous": _show(values[k - 1][bad], ctx),
                        "this": _show(values[k][bad], ctx),
                    },
                }
        lines.append(row)
    out = {
        "verdict": "correct" if first_wrong is None else "incorrect",
        "mode": "chain",
        "lines": lines,
        "first_wrong": first_wrong,
        "final": None,
        "diagnosis": [],
        "counterexample": first_wrong["counterexample"] if first_wrong else None,
        "expected": None,
        "claimed": {"latex": parsed[-1][1].latex, "value": None},
        "assumptions": (list(problem.assumptions) if problem is not None
                        else ["every symbol is a positive real number"]),
    }
    if first_wrong:
        out["diagnosis"].append(
            f"Line {first_wrong['line']} does not follow from line {first_wrong['previous_line']}:"
            f" at {_fmt(first_wrong['counterexample']['point'])} the previous expression is "
            f"{first_wrong['counterexample']['previous']} but this one is "
            f"{first_wrong['counterexample']['this']}.")
    if problem is not None:
        final = judge_parsed(problem, parsed[-1][1])
        out["final"] = final
        out["expected"] = final["expected"]
        out["claimed"] = final["claimed"]
        if final["verdict"] != "correct":
            out["verdict"] = "incorrect"
            out["diagnosis"].append(
                f"The last line (line {parsed[-1][0]}) is not the result of {problem.label}.")
            out["diagnosis"] += final["diagnosis"]
            if out["counterexample"] is None:
                out["counterexample"] = final["counterexample"]
    return out


def _fmt(point: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items()) or "the given values"


def _values(expr, fixed, points, ctx) -> list:
    """``expr`` settled at each point (:mod:`.numbers`), ``None`` where undefined."""
    out = []
    for point in points:
        full = {**fixed, **point}
        try:
            out.append(settle_value(lambda c, f=full: value_at(expr, f, c), WORK_DPS,
                                    full.values(), ctx))
        except (NotReal, NumericError, ZeroDivisionError, ValueError, OverflowError):
            out.append(None)
    return out


def _show(v, ctx) -> str:
    return "undefined" if v is None else to_decimal(v.value, 20, ctx)


def _same(a: list, b: list, pa, pb, ctx):
    """(ok, worst digits, index of the first differing point)."""
    tol = None
    for p in (pa, pb):
        if p.is_rounded_number:
            h = ctx.mpf(p.half_ulp.p) / p.half_ulp.q
            tol = h if tol is None else max(tol, h)
    worst = WORK_DPS
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is None or y is None:
            if x is None and y is None:
                continue
            return False, 0, i
        if tol is not None:
            if abs(ctx.make_mpf(x.value._mpf_) - ctx.make_mpf(y.value._mpf_)) > tol:
                return False, 0, i
            continue
        d = formula_digits(y, x, WORK_DPS)
        worst = min(worst, d)
        if d < AGREE_DIGITS:
            return False, d, i
    return True, worst, None
