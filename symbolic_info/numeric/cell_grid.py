"""The grid of cells shared by both routes to H(X_delta): where the cells start and end,
the law's two tails and a lower bound on H(X_delta) (the bound on the tails left out:
:mod:`.cell_tail_bound`; the sum ``-sum p_i ln p_i`` of the masses: :mod:`.cell_terms`; see
:mod:`symbolic_info.numeric.cells` for the mathematics and its sources).

Only the cells ``i0 <= i < i1`` that hold all but a mass ``< 10^-(digits + TAIL_GUARD) h`` on
either side are summed (:func:`cell_range`), with ``h`` a lower bound on ``H(X_delta)``
(:func:`entropy_floor`).

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> pieces = cdf_pieces(x, x, sp.Integer(0), sp.Integer(1))
>>> cell_range(pieces, x, sp.Integer(0), sp.Integer(1), sp.Rational(1, 4), 30, None)
(0, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..core import scientific
from .cell_terms import LOW_DIGITS
from .context import NumericError, compile_expr, new_context

__all__ = ["CellSum", "Tails", "tails_at", "cdf_pieces", "cell_range", "entropy_floor",
           "position_digits", "exact_mpf", "MAX_CELLS", "TAIL_GUARD",
           "MAX_FLOOR_DIGITS", "CellLimitError", "HeavyTailError", "NarrowLawError"]

MAX_CELLS = 100_000
"""Most cells summed for one distribution and one delta."""
TAIL_GUARD = 5
"""The tails left out hold a mass below 10^-(digits + TAIL_GUARD) times a lower bound on
H(X_delta) (:func:`entropy_floor`); their bound, at most about ``m (ln(1/m) + 15)`` for a
mass m (``mu`` below 10^5 cells), is then below 10^-(digits + 2) of the value, and
:func:`cdf_cells` checks that it is."""
_BISECTIONS = 200


class CellLimitError(NumericError):
    """The grid needs more than :data:`MAX_CELLS` cells to hold all but a negligible mass
    (``cells``: about how many, when the search found both ends; ``reachable``: the working
    digits the far tails' series does reach, where known)."""

    def __init__(self, message: str, cells: float | None = None,
                 reachable: int | None = None):
        super().__init__(message)
        self.cells = cells
        self.reachable = reachable


class HeavyTailError(CellLimitError):
    """A tail holds more than the negligible mass beyond 1e30: no delta a grid can walk
    (a Cauchy at any delta below 1e25) fits, so widening delta is no use."""


class NarrowLawError(NumericError):
    """One cell holds all but less than 10^-:data:`MAX_FLOOR_DIGITS` of the mass: H(X_delta)
    is that small, and its digits would need that many more working digits everywhere."""


MAX_FLOOR_DIGITS = 1000
"""Leading zeros of :func:`entropy_floor` beyond which :func:`cell_range` refuses: the
tails, the cells and the reference all work with as many more digits (normal(7/10, 1/1000)
at delta 1/2, H about 1e-8686, ran out of the 20 s limit finding its cells)."""


@dataclass(frozen=True)
class CellSum:
    """``entropy`` = -sum p_i ln p_i over the cells ``i0 <= i < i1`` (nats), ``bound`` on
    what the tails beyond add, ``tail_mass`` their mass, ``cells`` = i1 - i0."""

    entropy: object
    bound: object
    tail_mass: object
    i0: int
    i1: int

    @property
    def cells(self) -> int:
        return self.i1 - self.i0


def exact_mpf(value, ctx):
    """An exact SymPy number (or +-oo) on ``ctx``."""
    if isinstance(value, sp.Rational):
        return ctx.mpf(value.p) / value.q
    if value is sp.oo:
        return ctx.inf
    if value is -sp.oo:
        return -ctx.inf
    return compile_expr(sp.sympify(value), [], ctx)()


class Tails:
    """The two tails of a law, ``right(t) = P(X > t)`` and ``left(t) = P(X < t)``, on a
    context of ``digits`` digits, from closed-form pieces ``(a, b, R, L)`` in ``var``
    (each valid on ``[a, b]``; together they cover the support ``[lo, hi]`` in order).

    Outside the support the tails are 0 and 1 without evaluating any piece (a lognormal's
    ``ln x`` at 0).

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> t = Tails(((0, 1, 1 - x, x),), x, 20)
    >>> t.right(t.ctx.mpf(1) / 4), t.left(t.ctx.mpf(-1))
    (mpf('0.75'), mpf('0.0'))
    """

    def __init__(self, pieces, var, digits: int):
        self.ctx = w = new_context(digits)
        self.ends = [(exact_mpf(sp.sympify(a), w), exact_mpf(sp.sympify(b), w))
                     for a, b, _r, _l in pieces]
        self.lo, self.hi = self.ends[0][0], self.ends[-1][1]
        self.forms = [(compile_expr(r, [var], w), compile_expr(left, [var], w))
                      for _a, _b, r, left in pieces]

    def _piece(self, t):
        for k, (_a, b) in enumerate(self.ends):
            if t <= b:
                return self.forms[k]
        return self.forms[-1]

    def right(self, t):
        """P(X > t)."""
        if t <= self.lo:
            return self.ctx.one
        if t >= self.hi:
            return self.ctx.zero
        return self._piece(t)[0](t)

    def left(self, t):
        """P(X < t)."""
        if t <= self.lo:
            return self.ctx.zero
        if t >= self.hi:
            return self.ctx.one
        return self._piece(t)[1](t)


@lru_cache(maxsize=256)
def tails_at(pieces, var, digits: int) -> Tails:
    """:class:`Tails` of ``pieces`` at ``digits`` digits (cached: compiling costs more than
    a few evaluations)."""
    return Tails(pieces, var, digits)


def cell_range(pieces, var, lo, hi, delta, digits: int, ctx) -> tuple:
    """``(i0, i1)``: the cells whose outside holds a mass below 10^-(digits + TAIL_GUARD)
    times :func:`entropy_floor` on each side, from the tails ``pieces`` (see :class:`Tails`)
    of a law on ``[lo, hi]``.

    An infinite end is found by doubling steps outward from a point of the support, then
    bisection; a finite end is the cell that holds it.  More than :data:`MAX_CELLS` cells
    raise :class:`CellLimitError`.
    """
    i0, i1 = _reach(pieces, var, lo, hi, delta, digits + TAIL_GUARD, confirm=False)
    floor = entropy_floor(pieces, var, lo, hi, delta, i0, i1)  # (i0, i1) holds the median
    if floor >= 1:
        return _reach(pieces, var, lo, hi, delta, digits + TAIL_GUARD)
    extra = int(floor.context.ceil(-floor.context.log10(floor))) if floor > 0 \
        else digits + TAIL_GUARD  # no floor found: as many digits again (the bound checks)
    if floor > 0 and extra > MAX_FLOOR_DIGITS:
        raise NarrowLawError(f"one cell holds all but about {_tiny(extra, floor.context)} "
                             "of the mass, so "
                             f"H(X_delta) is about that small, beyond the "
                             f"1e-{MAX_FLOOR_DIGITS} this entry resolves; take a delta "
                             "nearer the law's width")
    return _reach(pieces, var, lo, hi, delta, digits + TAIL_GUARD + extra)


def _tiny(extra: int, ctx) -> str:
    """``10^-extra`` in a message: ``1e-241``, or ``10^-(2.41e+399)`` for an exponent too
    long to read (normal(1/3, 1e-200) at delta 1 has one of 400 digits).

    >>> import mpmath
    >>> _tiny(241, mpmath.mp), _tiny(24127 * 10**395, mpmath.mp)
    ('1e-241', '10^-(2.41e+399)')
    """
    return f"1e-{extra}" if extra < 10**15 else f"10^-({ctx.nstr(ctx.mpf(extra), 3)})"


def entropy_floor(pieces, var, lo, hi, delta, i0: int, i1: int):
    """A lower bound on H(X_delta) in nats, at :data:`LOW_DIGITS` (rounded down): ``ln 2``
    when no cell holds more than half the mass, else ``-ln p = -ln(1 - c) >= c`` for the
    cell of the median with mass ``p``, whose outside ``c = P(X < a) + P(X >= b)`` is read
    from the two tails without cancellation (the largest mass bounds the entropy from
    below: ``H = sum p_i (-ln p_i) >= -ln max p_i``, as every term's ``-ln p_i`` is at
    least ``-ln max p_i``).  0 when one cell holds the whole support.  ``(i0, i1)`` must
    hold the median.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> pieces = cdf_pieces(x, x, sp.Integer(0), sp.Integer(1))
    >>> f = entropy_floor(pieces, x, sp.Integer(0), sp.Integer(1), sp.Rational(1, 4), 0, 4)
    >>> 0.6931471 < f < float(f.context.ln2)
    True
    """
    tails = tails_at(pieces, var, LOW_DIGITS + 10 + position_digits(i0, i1))
    w = tails.ctx
    d = sp.Rational(delta)
    first, last = i0, i1
    while first < last:  # the cell [k d, (k + 1) d) with P(X >= (k + 1) d) <= 1/2
        mid = (first + last) // 2
        if tails.right(w.mpf((mid + 1) * d.p) / d.q) > w.mpf(1) / 2:
            first = mid + 1
        else:
            last = mid
    a, b = w.mpf(first * d.p) / d.q, w.mpf((first + 1) * d.p) / d.q
    c = tails.left(a) + tails.right(b)
    if c >= w.mpf(1) / 2:
        return w.ln2 * (1 - w.mpf(10) ** -LOW_DIGITS)
    if c <= 0:
        return w.zero
    return -w.log1p(-c) * (1 - w.mpf(10) ** -LOW_DIGITS)


def _reach(pieces, var, lo, hi, delta, guard: int, confirm: bool = True) -> tuple:
    """``(i0, i1)``: the cells outside which each side holds a mass below 10^-guard.

    The search runs on the tails at :data:`SEARCH_DIGITS` (a tail of 1e-1005 is an mpf of
    30 digits like any other), and the two ends found are confirmed on the tails at
    ``guard + 10`` digits, where a user's form that cancels (``1 - 1/(1 + e^-x)``) is
    right: an end that does not hold there, or a search that failed, is searched again
    at those digits (the only way before: 9 s of erfc at 1015 digits per call).  With
    ``confirm=False`` the search's ends come unconfirmed (they still hold the median, all
    :func:`cell_range` asks of its first look: each confirmation is an erfc of the far
    tail at ``guard + 10`` digits, 0.1-0.2 s at 1000 digits)."""
    if guard + 10 > SEARCH_DIGITS:
        try:
            i0, i1 = _search(tails_at(pieces, var, SEARCH_DIGITS), lo, hi, delta, guard)
        except CellLimitError as exc:  # confirmed at the full digits, else searched there
            if _limit_holds(exc, pieces, var, lo, hi, delta, guard):
                raise
        except NumericError:
            pass
        else:
            if not confirm:
                return i0, i1
            full = tails_at(pieces, var, guard + 10)  # a user's form may cancel
            eps = full.ctx.mpf(10) ** -guard
            edge = full.ctx.mpf(delta.p) / delta.q
            if (lo.is_finite or full.left(i0 * edge) < eps) and \
                    (hi.is_finite or full.right(i1 * edge) < eps):
                return i0, i1
    return _search(tails_at(pieces, var, guard + 10), lo, hi, delta, guard)


def _limit_holds(exc, pieces, var, lo, hi, delta, guard: int) -> bool:
    """True when the search's :class:`CellLimitError` ``exc`` holds on the tails at
    ``guard + 10`` digits: two cells inside the ends it found (``exc.ends``), each infinite
    side still holds a mass of ``10^-guard`` or more, so the ends lie beyond them (the tails
    fall outward) and the span exceeds :data:`MAX_CELLS`.  Two evaluations where the search
    again took 1.2 s (gamma(5/2, 1) at delta 1/100 and 1010 digits: 40 incomplete gamma
    functions)."""
    ends = getattr(exc, "ends", None)
    if ends is None:
        return False
    full = tails_at(pieces, var, guard + 10)
    w = full.ctx
    eps, d = w.mpf(10) ** -guard, w.mpf(delta.p) / delta.q
    left, right = w.convert(ends[0]) + 2 * d, w.convert(ends[1]) - 2 * d
    return (right - left) / d > MAX_CELLS + 2 and \
        (lo.is_finite or full.left(left) >= eps) and (hi.is_finite or full.right(right) >= eps)


SEARCH_DIGITS = 30
"""Digits of the tails while :func:`_reach` searches for the ends of the cells."""


def _search(tails, lo, hi, delta, guard: int) -> tuple:
    """The search of :func:`_reach` on ``tails``."""
    work = tails.ctx
    eps = work.mpf(10) ** -guard
    d = work.mpf(delta.p) / delta.q
    start = work.mpf(0)
    if lo.is_finite:
        start = max(start, exact_mpf(lo, work))
    if hi.is_finite:
        start = min(start, exact_mpf(hi, work))

    def end(mass, direction):
        """The point beyond which (in ``direction``) the mass is below eps."""
        inside, step = start, d
        outside = None
        if mass(start) < eps:  # the start lies in that tail: walk back inward
            outside = start
            while mass(outside - direction * step) < eps:
                outside -= direction * step
                step *= 2
                if step > 1e30:
                    raise NumericError("the CDF does not grow: is the density normalised?")
            inside = outside - direction * step
        else:
            while True:
                probe = inside + direction * step
                if mass(probe) < eps:
                    outside = probe
                    break
                inside = probe
                step *= 2
                if step > 1e30:
                    raise HeavyTailError("its tails are too heavy: the mass beyond 1e30 is not "
                                         "negligible")
        for _ in range(_BISECTIONS):
            if abs(outside - inside) <= d:
                break
            mid = (inside + outside) / 2
            if mass(mid) < eps:
                outside = mid
            else:
                inside = mid
        return outside

    left = exact_mpf(lo, work) if lo.is_finite else end(tails.left, -1)
    right = exact_mpf(hi, work) if hi.is_finite else end(tails.right, 1)
    span = (right - left) / d
    if span > MAX_CELLS + 2:
        fits = work.nstr((right - left) / MAX_CELLS, 2)
        exc = CellLimitError("all but a negligible mass needs about "
                             f"{scientific(int(work.nint(span)), 1, 3)} cells (a delta of "
                             f"about {fits} or more would fit)", cells=float(span))
        exc.ends = (left, right)  # for _limit_holds
        raise exc
    i0 = int(sp.floor(lo / delta)) if lo.is_finite else int(work.floor(left / d))
    i1 = int(sp.ceiling(hi / delta)) if hi.is_finite else int(work.ceil(right / d))
    return i0, i1


def position_digits(i0: int, i1: int) -> int:
    """Digits that a cell edge ``x = i delta`` loses in ``x - c`` for a point ``c`` among
    the cells ``i0 <= i < i1`` (a law centred at 1e20 with a spread of 30): the digits of
    ``max(|i0|, |i1|) / (i1 - i0)``, 0 when the cells lie around 0.  Every evaluation at
    the edges adds them to its working digits.

    >>> position_digits(-1850, 1850), position_digits(10**21 - 185, 10**21 + 185)
    (0, 19)
    """
    import math

    ratio = max(abs(i0), abs(i1), 1) / max(i1 - i0, 1)
    return 0 if ratio < 10 else math.ceil(math.log10(ratio))


def _limit(expr, var, at):
    if at.is_finite:
        return expr.subs(var, at)
    return sp.limit(expr, var, at)


@lru_cache(maxsize=64)
def cdf_pieces(F, var, lo, hi, kinks=()) -> tuple:
    """The tails of the law with the antiderivative ``F`` of its density on ``[lo, hi]`` as
    one piece ``(lo, hi, R, L)`` (see :class:`Tails`), or ``F`` a tuple of antiderivatives,
    one per interval between the sorted ``kinks``: R(x) = F(hi) - F(x), L(x) = F(x) - F(lo)
    plus the masses of the pieces beyond, with erf written as erfc where SymPy can (so a tail
    of the normal is erfc(z)/2, not 1/2 - erf(z)/2, which cancels); L is simplified as a
    function of -x, where the left tail is a right tail, and kept unevaluated.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> cdf_pieces(sp.erf(x / sp.sqrt(2)) / 2, x, -sp.oo, sp.oo)[0][2]
    erfc(sqrt(2)*x/2)/2
    """
    forms = F if isinstance(F, tuple) else (F,)
    ends = (lo, *kinks, hi)
    masses = [sp.simplify(_limit(g, var, b) - _limit(g, var, a))
              for g, a, b in zip(forms, ends[:-1], ends[1:], strict=True)]
    out = []
    for k, g in enumerate(forms):
        a, b = ends[k], ends[k + 1]
        below, above = sp.Add(*masses[:k]), sp.Add(*masses[k + 1:])
        right = sp.expand((_limit(g, var, b) - g + above).rewrite(sp.erfc))
        mirror = sp.expand((g.subs(var, -var) - _limit(g, var, a) + below).rewrite(sp.erfc))
        with sp.evaluate(False):  # L(x) = mirror(-x), kept: erfc(-z) would become 2 - erfc(z)
            left = mirror.xreplace({var: -var})
        out.append((a, b, right, left))
    return tuple(out)
