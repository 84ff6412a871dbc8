"""Compare two formulas at one point, raising the precision until the answer is certain.

A value computed at ``P`` digits can have lost any number of them to
cancellation (``(1 - p) ln(1 - p)`` at ``p = 1e-30``, ``sigma + 40 - |sigma -
40|`` at ``sigma = 1e30``).  So each side is evaluated at increasing working
precisions (:data:`LEVELS`); the change between two levels estimates the
error of the lower one (the *noise*).  At a point the two formulas

* **agree** when their difference and the noise are both below
  ``10^-TARGET_DIGITS`` of their size (or both vanish to within the noise at
  the highest level);
* **differ** when the difference stands far above the noise at a level deep
  enough for the magnitudes at the point (:func:`min_decisive_dps`), so that
  a value wiped out by cancellation at low precision is not mistaken for a
  wrong one;
* are **inconclusive** otherwise (a value too large to evaluate, one that
  does not settle at the highest level, or one whose digits a sum cancelled
  away even there: every sum's cancellation is metered, see
  :func:`~symbolic_info.checker.evaluate.guarded_function`).

A side that comes out exactly 0 at two precisions (without being the
literal 0) may have lost all its digits, so it never proves a difference.

A formula that is undefined (complex, NaN, division by zero) where the other
is defined differs there, and so does one that provably overflows
(:func:`~.evaluate.overflows`, ``exp(exp(exp(1000)))``) where the other is
finite.  Nothing here sets a global precision: every level has its own private
context.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> truth, claim = Formula(x), Formula((1 + x) - 1)
>>> compare(truth, claim, {x: sp.Rational(1, 10**40)}).outcome
'agree'
>>> compare(truth, Formula(x + sp.Rational(1, 10**50)), {x: sp.Integer(3)}).outcome
'agree'
>>> compare(truth, Formula(x + sp.Rational(1, 10**30)), {x: sp.Integer(3)}).outcome
'differ'
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import sympy as sp

from ..numeric.context import NumericError, new_context, to_mpf
from .evaluate import guarded_function, overflows

__all__ = ["Formula", "Comparison", "Resolution", "compare", "resolved_difference",
           "deep_levels", "stable_value", "min_decisive_dps", "NotReal", "LEVELS", "MAX_DEPTH",
           "DEPTH_MARGIN", "TARGET_DIGITS", "SHOWN_CAP", "UNDEFINED", "UNEVALUABLE", "TOO_LARGE"]

LEVELS = (60, 80, 160, 320, 640, 1280)
"""Working precisions (decimal digits) tried in turn."""
MAX_DEPTH = 10_000
"""Most relative digits :func:`resolved_difference` looks down to (the scales a claim names)."""
DEPTH_MARGIN = 30
"""Digits of working precision beyond the depth looked at (rounding, cancellation)."""
TARGET_DIGITS = 45
"""Relative digits to which two values must agree."""
SHOWN_CAP = 50
"""Agreement digits are reported up to this many."""
_DECISIVE = 1000
"""A difference counts when it is this many times the noise."""

UNDEFINED = (ZeroDivisionError, ValueError)
"""Exceptions meaning "no real value here" (NotReal and NumericError are ValueErrors)."""
UNEVALUABLE = (OverflowError, NumericError, RecursionError, MemoryError)
"""Exceptions meaning "cannot be evaluated by us", which says nothing about the formula."""
TOO_LARGE = "too large to evaluate"
"""The reason given when a value (or an intermediate one) is beyond the size guards."""


class NotReal(ValueError):
    """A value that is complex, NaN or undefined."""


class Formula:
    """An expression compiled lazily once per working precision (size-guarded)."""

    def __init__(self, expr: sp.Expr):
        self.expr = sp.sympify(expr)
        self.symbols = sorted(self.expr.free_symbols, key=lambda s: s.name)
        self._compiled: dict = {}
        self._meter = [0.0]
        self.lost = 0.0
        """Digits the last evaluation lost to cancellation in sums (see guarded_function)."""

    def at(self, point: dict, ctx):
        """The real value at ``point`` on ``ctx``; raises NotReal, ZeroDivisionError, ..."""
        key = id(ctx)
        if key not in self._compiled:
            self._compiled[key] = (ctx, guarded_function(self.expr, self.symbols, ctx,
                                                         self._meter))
        f = self._compiled[key][1]
        missing = [s.name for s in self.symbols if s not in point]
        if missing:
            raise NumericError(f"no value for {', '.join(missing)}")
        self._meter[0] = 0.0
        v = f(*(_mpf(point[s], ctx) for s in self.symbols))
        self.lost = self._meter[0]
        if isinstance(v, type(ctx.mpc(0))):
            if abs(v.imag) > abs(v) * ctx.mpf(10) ** (-(ctx.dps - 10)):
                raise NotReal("not a real number")
            v = v.real
        if ctx.isnan(v):
            raise NotReal("undefined")
        return v


def _mpf(value, ctx):
    """An exact parameter value on ``ctx`` (rationals directly, anything else via SymPy)."""
    if isinstance(value, sp.Rational):
        return ctx.mpf(int(value.p)) / int(value.q)
    return to_mpf(value, ctx)


_CONTEXTS: dict = {}


def _context(dps: int):
    """A private context per level (used by one thread: the sandbox runs one check)."""
    import threading

    key = (threading.get_ident(), dps)
    if key not in _CONTEXTS:
        if len(_CONTEXTS) > 64:
            _CONTEXTS.clear()
        _CONTEXTS[key] = new_context(dps)
    return _CONTEXTS[key]


@dataclass
class Comparison:
    """The outcome at one point (see the module docstring).

    ``outcome`` is ``agree``, ``differ``, ``inconclusive``, ``ref-undefined``
    (the first formula has no value here) or ``both-undefined``; ``left`` and
    ``right`` are the values at the last level (None where undefined),
    ``reason`` says why a side has no value, ``digits`` the digits of
    agreement and ``zero`` that both vanish to within ``bound``.
    """

    outcome: str
    digits: int = 0
    left: object = None
    right: object = None
    ctx: object = None
    reason: str = ""
    zero: bool = False
    bound: object = None


def min_decisive_dps(point: dict) -> int:
    """Working digits needed before a difference may count at ``point``.

    Cancellation in a formula rarely costs more digits than a few times the
    decimal magnitudes of its inputs (``(1+x) - 1`` at ``x = 1e-30`` costs 30).
    """
    spread = 0.0
    for v in point.values():
        if isinstance(v, sp.Rational) and v != 0:
            spread += abs(math.log10(abs(int(v.p))) - math.log10(int(v.q)))
    return LEVELS[0] + min(560, int(2 * spread) + 4)


def _try(formula: Formula, point: dict, ctx):
    try:
        return formula.at(point, ctx), None
    except OverflowError:
        return None, ("unevaluable", TOO_LARGE)
    except UNEVALUABLE as exc:
        return None, ("unevaluable", str(exc) or TOO_LARGE)
    except UNDEFINED as exc:
        return None, ("undefined", str(exc) or "undefined")


def _digits(diff, mag, ctx) -> int:
    if diff == 0 or mag == 0:
        return SHOWN_CAP
    return max(0, min(SHOWN_CAP, int(math.floor(-ctx.log10(diff / mag)))))


def compare(left: Formula, right: Formula, point: dict, decisive: int | None = None) -> Comparison:
    """Compare ``left`` (the reference) and ``right`` (the claim) at ``point``."""
    decisive = min_decisive_dps(point) if decisive is None else decisive
    ctx = _context(LEVELS[0])
    t, t_err = _try(left, point, ctx)
    c, c_err = _try(right, point, ctx)
    if t_err and c_err:
        return Comparison("both-undefined", ctx=ctx, reason=c_err[1])
    if t_err:
        return Comparison("ref-undefined", right=c, ctx=ctx, reason=t_err[1])
    if c_err:
        kind = "differ" if c_err[0] == "undefined" or (
            ctx.isfinite(t) and overflows(right.expr, point, ctx)) else "inconclusive"
        return Comparison(kind, left=t, ctx=ctx, reason=c_err[1])
    if ctx.isinf(t) or ctx.isinf(c):
        same = t == c
        return Comparison("agree" if same else "differ", SHOWN_CAP if same else 0, t, c, ctx)
    prev = (t, c)
    for dps in LEVELS[1:]:
        ctx = _context(dps)
        t, t_err = _try(left, point, ctx)
        c, c_err = _try(right, point, ctx)
        if t_err or c_err:
            return Comparison("inconclusive", left=t, right=c, ctx=ctx,
                              reason=(c_err or t_err)[1])
        mag = max(abs(t), abs(c))
        diff = abs(t - c)
        good = dps - max(left.lost, right.lost)  # digits left after cancellation in sums
        noise = abs(t - prev[0]) + abs(c - prev[1]) + mag * ctx.mpf(10) ** (
            -(min(prev_dps(dps), good) - 2))
        tol = mag * ctx.mpf(10) ** (-TARGET_DIGITS)
        if good < TARGET_DIGITS + 5:
            prev = (t, c)
            continue  # a sum cancelled away (almost) all the digits: more precision
        if mag == 0 or (diff <= tol and noise <= tol):
            return Comparison("agree", _digits(max(diff, noise), mag, ctx), t, c, ctx)
        vanished = _vanished(left, t, prev[0]) or _vanished(right, c, prev[1])
        if diff > _DECISIVE * noise and prev_dps(dps) >= decisive and not vanished:
            return Comparison("differ", _digits(diff, mag, ctx), t, c, ctx)
        prev = (t, c)
    if good < TARGET_DIGITS + 5:
        return Comparison("inconclusive", 0, t, c, ctx,
                          reason=f"a sum cancels more than {LEVELS[-1] - TARGET_DIGITS} digits")
    if diff <= _DECISIVE * noise and mag <= _DECISIVE * noise:
        return Comparison("agree", 0, t, c, ctx, zero=True, bound=_DECISIVE * noise)
    return Comparison("inconclusive", 0, t, c, ctx,
                      reason=f"the values did not settle at {LEVELS[-1]} digits")


@dataclass
class Resolution:
    """What :func:`resolved_difference` found: ``values`` is ``(left, right, ctx)`` at the
    first level where the difference is resolved (None when none resolves it) and
    ``depth`` the relative digits down to which the two were seen equal (a difference
    that size or larger would have been resolved)."""

    values: tuple | None
    depth: int


def deep_levels(depth: int) -> tuple:
    """:data:`LEVELS`, continued until the level before the last is ``depth`` +
    :data:`DEPTH_MARGIN` digits (capped at :data:`MAX_DEPTH`): a difference at relative
    ``10^-depth`` is then resolved (it must stand :data:`_DECISIVE` times above the
    previous level's error).

    >>> deep_levels(0) == LEVELS, deep_levels(1303)[-3:]
    (True, (1280, 1333, 1499))
    """
    need = min(MAX_DEPTH, depth + DEPTH_MARGIN)
    out = list(LEVELS)
    while out[-2] < need:
        out.append(min(2 * out[-1], need) if out[-1] < need else out[-1] + out[-1] // 8)
    return tuple(out)


def _seen_depth(dps: int) -> int:
    """Relative digits a difference must reach to be resolved against a level of ``dps``
    (the noise term of :func:`resolved_difference`, times :data:`_DECISIVE`)."""
    return dps - 2 - len(str(_DECISIVE)) + 1


def resolved_difference(left: Formula, right: Formula, point: dict, decisive: int | None = None,
                        depth: int = 0, deadline: float | None = None) -> Resolution:
    """Is ``left - right`` nonzero below the compared digits?  Each side is computed at
    rising levels; the difference is resolved at the first level where it stands far
    above the noise (as in :func:`compare`): two formulas that agree to the compared digits
    may still differ further down (``x + 10^-60``), which a deeper look shows.

    The levels are :data:`LEVELS`, continued to see ``depth`` digits below the values'
    size (:func:`deep_levels`; the scales a claim names, see :func:`~.scales.named_depth`).
    A level beyond :data:`LEVELS` is started only while ``time.monotonic()`` is before
    ``deadline`` and, at the previous level's pace (time growing as the square of the
    digits), would end before it; the depth reached is returned either way.

    >>> x = sp.Symbol("x", positive=True)
    >>> three = {x: sp.Integer(3)}
    >>> resolved_difference(Formula(x), Formula(x + sp.exp(-200)), three).values is None
    False
    >>> resolved_difference(Formula(x), Formula((1 + x) - 1), {x: sp.Integer(3)}).depth
    635
    """
    decisive = min_decisive_dps(point) if decisive is None else decisive
    levels, prev, seen, n, spent = LEVELS, None, 0, -1, 0.0
    while n + 1 < len(levels):  # the levels grow once the values' size is known
        n += 1
        dps = levels[n]
        if dps > LEVELS[-1] and deadline is not None:
            left_s = deadline - time.monotonic()
            if left_s <= 0 or spent * (dps / levels[n - 1]) ** 2 > left_s:
                break
        started = time.monotonic()
        ctx = _context(dps)
        (t, t_err), (c, c_err) = _try(left, point, ctx), _try(right, point, ctx)
        if t_err or c_err or ctx.isinf(t) or ctx.isinf(c):
            return Resolution(None, seen)
        spent = time.monotonic() - started
        if n == 0 and depth:  # digits of the values themselves above 1 count too
            size = 0 if max(abs(t), abs(c)) == 0 else int(ctx.log10(max(abs(t), abs(c))))
            levels = deep_levels(depth + max(0, size))
        if prev is not None and dps - max(left.lost, right.lost) >= TARGET_DIGITS + 5:
            below = levels[n - 1]
            noise = abs(t - prev[0]) + abs(c - prev[1]) + max(abs(t), abs(c)) * ctx.mpf(10) ** (
                -(below - 2))
            vanished = _vanished(left, t, prev[0]) or _vanished(right, c, prev[1])
            if abs(t - c) > _DECISIVE * noise and below >= decisive and not vanished:
                return Resolution((t, c, ctx), seen)
            seen = max(seen, _seen_depth(below) - int(max(left.lost, right.lost)))
        prev = (t, c)
    return Resolution(None, seen)


def _vanished(formula: Formula, value, previous) -> bool:
    """True when a formula that is not literally 0 gave exactly 0 at two precisions: its
    digits may all have cancelled (``(1 + x^50)^2 - 1`` at ``x = 1e-30``), so a nonzero
    value on the other side proves nothing."""
    return value == 0 and previous == 0 and formula.expr != 0


def prev_dps(dps: int) -> int:
    """The level before ``dps`` in :data:`LEVELS`."""
    return LEVELS[LEVELS.index(dps) - 1]


def stable_value(formula: Formula, point: dict, digits: int):
    """``(value, noise, ctx)``: ``formula`` at ``point`` once two levels agree to ``digits``.

    Raises like :meth:`Formula.at`; the last level's value is returned (with
    its noise) when no two levels agree.
    """
    ctx = _context(LEVELS[0])
    prev = formula.at(point, ctx)
    if ctx.isinf(prev):
        return prev, ctx.zero, ctx
    noise = None
    for dps in LEVELS[1:]:
        ctx = _context(dps)
        v = formula.at(point, ctx)
        noise = abs(v - prev)
        if noise <= abs(v) * ctx.mpf(10) ** (-digits) or (v == 0 and prev == 0):
            return v, noise, ctx
        prev = v
    return v, noise, ctx
