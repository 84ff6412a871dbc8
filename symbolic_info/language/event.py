"""Events about one random variable: ``X <= 50``, ``X != 1``, ``X in {1, 2, 3}``, ``2 <= X <= 5``.

A message in the course's sense (definition 1.5) tells that an event happened.
The event is read here into a union of intervals of the real line; every number
in it is read by the checker's grammar (never evaluated as Python) and must be a
real number without parameters.  Grammar::

    event  := name op number | number op name          op: <, <=, >, >=, =, ==, !=
            | number lt name lt number                 lt: < or <= (or both > / >=)
            | name ["not"] "in" "{" number ("," number)* "}"
            | name ["not"] "in" ("[" | "(") number "," number ("]" | ")")

:func:`integer_ranges` and :func:`real_intervals` intersect an event with a
support: the integer ranges of a discrete variable, the intervals of positive
length of a continuous one.

Example
-------
>>> e = parse_event("X != 1")
>>> integer_ranges(e, 1, sp.oo)
[(2, oo)]
>>> integer_ranges(parse_event("2 <= X < 5"), 0, 10)
[(2, 4)]
>>> real_intervals(parse_event("X <= 50"), 0, sp.oo)
[(0, 50)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..checker.grammar import ParseError, parse_expression
from ..output.unicode_math import math_text
from .scan import split_top
from .sizes import check_sizes

__all__ = ["Interval", "Event", "parse_event", "integer_ranges", "real_intervals", "holds",
           "MAX_EVENT", "MAX_VALUES"]

MAX_EVENT = 6000
"""Longest event text, in characters."""
MAX_VALUES = 1000
"""Most values in a set ``X in {...}``."""

_OPS = re.compile(r"(<=|>=|!=|==|=<|=>|<|>|=|\u2264|\u2265|\u2260)")
_SAME = {"=<": "<=", "=>": ">=", "\u2264": "<=", "\u2265": ">=", "\u2260": "!=", "==": "="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_MEMBER = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\s+(not\s+in|in)\s+(.+)$", re.S)


@dataclass(frozen=True)
class Interval:
    """``lo < x < hi`` with each end closed or open (``lo`` may be ``-oo``, ``hi`` ``oo``)."""

    lo: sp.Expr
    hi: sp.Expr
    lo_closed: bool = True
    hi_closed: bool = True


@dataclass(frozen=True)
class Event:
    """A union of :class:`Interval` s, sorted and disjoint, with the text it was read from."""

    pieces: tuple
    text: str


def _number(text: str) -> sp.Expr:
    body = text.strip()
    if not body:
        raise ParseError("a number is missing in the event")
    if body in ("oo", "+oo", "inf"):
        return sp.oo
    if body in ("-oo", "-inf"):
        return -sp.oo
    value = parse_expression(body, {}).expr
    try:
        check_sizes(value)
    except ParseError as exc:
        raise ParseError(str(exc).replace("distribution", "event")) from None
    if value.free_symbols or not value.is_number or not value.is_real:
        raise ParseError(f"'{body}' in the event must be a real number such as 50, 1/2 or -3")
    return value


def _complement(pieces: list) -> list:
    """The complement of sorted disjoint intervals in the real line."""
    out, lo, lo_closed = [], -sp.oo, False
    for p in pieces:
        if bool(p.lo > lo) or (p.lo == lo and not p.lo_closed and lo_closed):
            out.append(Interval(lo, p.lo, lo_closed, not p.lo_closed))
        elif p.lo == lo and lo_closed and not p.lo_closed:
            out.append(Interval(lo, lo, True, True))
        lo, lo_closed = p.hi, not p.hi_closed
    if lo is not sp.oo:
        out.append(Interval(lo, sp.oo, lo_closed, False))
    return out


def _union(pieces: list) -> tuple:
    """Sort and merge overlapping or touching intervals."""
    out: list = []
    for p in sorted(pieces, key=lambda i: (i.lo, not i.lo_closed)):
        if out:
            last = out[-1]
            touching = bool(p.lo < last.hi) or (p.lo == last.hi and (p.lo_closed or
                                                                      last.hi_closed))
            if touching:
                if bool(p.hi > last.hi) or (p.hi == last.hi and p.hi_closed):
                    out[-1] = Interval(last.lo, p.hi, last.lo_closed, p.hi_closed)
                continue
        out.append(p)
    return tuple(out)


def _compare(op: str, value: sp.Expr) -> list:
    """``x op value`` as intervals."""
    if op == "<":
        return [Interval(-sp.oo, value, False, False)]
    if op == "<=":
        return [Interval(-sp.oo, value, False, True)]
    if op == ">":
        return [Interval(value, sp.oo, False, False)]
    if op == ">=":
        return [Interval(value, sp.oo, True, False)]
    if op == "=":
        return [Interval(value, value)]
    return [Interval(-sp.oo, value, False, False), Interval(value, sp.oo, False, False)]


def _membership(name: str, negated: bool, body: str, var: str) -> list:
    _check_name(name, var)
    body = body.strip()
    if body.startswith("{") and body.endswith("}"):
        items = split_top(body[1:-1], ",")
        if len(items) > MAX_VALUES:
            raise ParseError(f"a set in an event may hold at most {MAX_VALUES} values")
        if any(not i for i in items):
            raise ParseError("a value of the set in the event is empty")
        pieces = [Interval(v, v) for v in (_number(i) for i in items)]
        if any(v.lo.is_infinite for v in pieces):
            raise ParseError("a set in an event holds finite numbers")
    elif len(body) >= 2 and body[0] in "[(" and body[-1] in "])":
        ends = split_top(body[1:-1], ",")
        if len(ends) != 2:
            raise ParseError(f"the interval '{body}' in the event needs two ends: [a, b]")
        lo, hi = _number(ends[0]), _number(ends[1])
        if bool(lo > hi):
            raise ParseError(f"the interval '{body}' in the event is empty")
        pieces = [Interval(lo, hi, body[0] == "[" and lo.is_finite,
                           body[-1] == "]" and hi.is_finite)]
    else:
        raise ParseError(f"'{body}' must be a set {{1, 2, 3}} or an interval [a, b]")
    pieces = list(_union(pieces))
    return _complement(pieces) if negated else pieces


def _check_name(name: str, var: str) -> None:
    if name != var:
        raise ParseError(f"the event must be about {var} (as in '{var} <= 50'), not '{name}'")


def parse_event(text: str, var: str = "X") -> Event:
    """Read an event about the variable ``var`` (see the module docstring)."""
    if not isinstance(text, str):
        raise ParseError("an event must be text such as 'X <= 50'")
    body = " ".join(text.split())
    if not body:
        raise ParseError("the event is empty; write one such as 'X <= 50'")
    if len(body) > MAX_EVENT:
        raise ParseError(f"the event is longer than {MAX_EVENT} characters")
    member = _MEMBER.match(body)
    if member:
        name, word, rest = member.groups()
        pieces = _membership(name, word.startswith("not"), rest, var)
        return Event(_union(pieces), body)
    parts = _OPS.split(body)
    items, ops = [p.strip() for p in parts[0::2]], [_SAME.get(o, o) for o in parts[1::2]]
    if len(ops) == 1:
        left, right = items
        if left == var:
            pieces = _compare(ops[0], _number(right))
        elif right == var:
            pieces = _compare(_FLIP[ops[0]], _number(left))
        else:
            _check_name(left if re.match(r"^[A-Za-z]\w*$", left) else right, var)
            raise ParseError(f"the event must compare {var} with a number")  # pragma: no cover
        if any(p.lo.is_infinite and p.hi.is_infinite for p in pieces):
            raise ParseError(f"the event '{body}' compares {var} with an infinity")
        return Event(_union(pieces), body)
    if len(ops) == 2 and items[1] == var:
        kinds = {o[0] for o in ops}
        if len(kinds) != 1 or kinds - {"<", ">"}:
            raise ParseError(f"a range must read like '2 <= {var} <= 5' or '5 > {var} > 2'")
        lo, hi = _number(items[0]), _number(items[2])
        (lo_op, hi_op) = ops if "<" in kinds else (ops[1], ops[0])
        if "<" not in kinds:
            lo, hi = hi, lo
        if bool(lo > hi):
            raise ParseError(f"the range '{body}' is empty: {math_text(lo)} is above "
                             f"{math_text(hi)}")
        return Event((Interval(lo, hi, lo_op.endswith("="), hi_op.endswith("=")),), body)
    raise ParseError(f"cannot read the event '{body}': write one such as '{var} <= 50', "
                     f"'{var} != 1', '{var} in {{1, 2, 3}}' or '2 <= {var} <= 5'")


def integer_ranges(event: Event, lo, hi) -> list:
    """The integers of ``lo..hi`` (``hi`` may be ``oo``) in the event, as ``(a, b)`` ranges."""
    out: list = []
    for p in event.pieces:
        a = sp.ceiling(p.lo) if p.lo_closed else sp.floor(p.lo) + 1
        b = sp.floor(p.hi) if p.hi_closed else sp.ceiling(p.hi) - 1
        if p.lo is -sp.oo:
            a = -sp.oo
        if p.hi is sp.oo:
            b = sp.oo
        a, b = sp.Max(a, lo), sp.Min(b, hi)
        if bool(a > b):
            continue
        if out and out[-1][1] + 1 == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def real_intervals(event: Event, lo, hi) -> list:
    """The parts of positive length of ``(lo, hi)`` in the event, as ``(a, b)`` pairs."""
    out = []
    for p in event.pieces:
        a, b = sp.Max(p.lo, lo), sp.Min(p.hi, hi)
        if bool(a < b):
            out.append((a, b))
    return out


def holds(event: Event, value) -> bool:
    """True when the number ``value`` is in the event."""
    for p in event.pieces:
        above = bool(value >= p.lo) if p.lo_closed else bool(value > p.lo)
        below = bool(value <= p.hi) if p.hi_closed else bool(value < p.hi)
        if above and below:
            return True
    return False
