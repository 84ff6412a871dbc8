"""The entropy of a continuous law rounded to a grid of cells, with a bound on its tails.

``X_delta = delta * floor(X / delta)`` takes the value ``i delta`` with probability
``p_i = P(i delta <= X < (i + 1) delta)``; its entropy is ``H(X_delta) = -sum_i p_i ln p_i``
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., Sec. 8.3).  Two routes to the
``p_i``:

- :func:`cdf_cells`: ``p_i = F((i + 1) delta) - F(i delta)`` from the law's two tails in
  closed form (:class:`Tails`: SymPy's antiderivative of the density, :func:`cdf_pieces`,
  or a family's special-function CDF, :mod:`symbolic_info.families.tails`; a CDF that
  changes form at a kink comes in pieces), each difference at a precision raised by the
  digits it cancels (a tail cell of the normal is 1e-70 made of two numbers near 1/2);
- :func:`quadrature_cells`: ``p_i`` as the integral of the density over the cell by an
  m-point Gauss-Legendre rule (exact for polynomials of degree 2m - 1; Davis & Rabinowitz,
  *Methods of Numerical Integration*, 2nd ed., Sec. 2.7), split at the density's kinks,
  tanh-sinh on the pieces that end at a possibly singular point, no CDF involved; a cell
  whose term needs few digits in doubles (:mod:`.cell_floats`), the others by MPFR
  (:mod:`.mpfr_eval`) where the density compiles to it, else mpmath.

Only the cells ``i0 <= i < i1`` that hold all but a mass ``< 10^-(digits + TAIL_GUARD) h`` on
either side are summed (:func:`cell_range`), with ``h`` a lower bound on ``H(X_delta)``
(:func:`entropy_floor`: ``ln 2``, or ``-ln p`` when one cell holds a mass ``p > 1/2``), so
that the tails' bound is small against the value even when one cell holds nearly all the
mass.  What the tails beyond can add is bounded by
:func:`tail_bound`: a tail of mass ``m`` whose cells ``j = 0, 1, ...`` (counted outward)
have the mean index ``mu`` contributes ``m (ln(1/m) + H(r))``, where ``r`` is the tail's
conditional law on the cells, and ``H(r) <= (mu + 1) ln(mu + 1) - mu ln mu``, the entropy of
the geometric law with that mean, which is the largest for a given mean on 0, 1, 2, ...
(Cover & Thomas, Theorem 12.1.1 and Example 12.2.5).  ``mu <= E[(X - a)_+] / (delta m)`` for
the tail beyond ``a``, integrated by quadrature.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> x = sp.Symbol("x")
>>> pieces = cdf_pieces(x, x, sp.Integer(0), sp.Integer(1))
>>> s = cdf_cells(pieces, sp.Integer(0), sp.Integer(1), x, sp.Rational(1, 4), ctx, sp.Integer(1))
>>> ctx.nstr(s.entropy, 15), s.cells, s.bound
('1.38629436111989', 4, mpf('0.0'))
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..core import scientific
from .context import NumericError, compile_expr, new_context
from .mpfr_eval import (
    available,
    compile_mpfr,
    gmpy2,
    integrate_rule,
    mpfr_rule,
    precision,
    to_mpfr,
    to_mpmath,
)

__all__ = ["CellSum", "Tails", "tails_at", "cdf_pieces", "cell_range", "cdf_cells",
           "quadrature_cells", "tail_bound", "nodes_needed", "MAX_NODES", "gauss_legendre_points",
           "digits_for", "LOW_DIGITS", "MAX_CELLS", "NODE_COUNTS", "TAIL_GUARD", "CellLimitError",
           "entropy_floor", "scaled_quad", "position_digits", "NarrowLawError",
           "MAX_FLOOR_DIGITS"]

MAX_CELLS = 100_000
"""Most cells summed for one distribution and one delta."""
TAIL_GUARD = 5
"""The tails left out hold a mass below 10^-(digits + TAIL_GUARD) times a lower bound on
H(X_delta) (:func:`entropy_floor`); their bound, at most about ``m (ln(1/m) + 15)`` for a
mass m (``mu`` below 10^5 cells), is then below 10^-(digits + 2) of the value, and
:func:`cdf_cells` checks that it is."""
_BISECTIONS = 200


class CellLimitError(NumericError):
    """The grid needs more than :data:`MAX_CELLS` cells to hold all but a negligible mass."""


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


def _num(value, ctx):
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
        self.ends = [(_num(sp.sympify(a), w), _num(sp.sympify(b), w)) for a, b, _r, _l in pieces]
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
    i0, i1 = _reach(pieces, var, lo, hi, delta, digits + TAIL_GUARD)
    floor = entropy_floor(pieces, var, lo, hi, delta, i0, i1)
    if floor >= 1:
        return i0, i1
    extra = int(floor.context.ceil(-floor.context.log10(floor))) if floor > 0 \
        else digits + TAIL_GUARD  # no floor found: as many digits again (the bound checks)
    if floor > 0 and extra > MAX_FLOOR_DIGITS:
        raise NarrowLawError(f"one cell holds all but about 1e-{extra} of the mass, so "
                             f"H(X_delta) is about that small, beyond the "
                             f"1e-{MAX_FLOOR_DIGITS} this entry resolves; take a delta "
                             "nearer the law's width")
    return _reach(pieces, var, lo, hi, delta, digits + TAIL_GUARD + extra)


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


def _reach(pieces, var, lo, hi, delta, guard: int) -> tuple:
    """``(i0, i1)``: the cells outside which each side holds a mass below 10^-guard."""
    tails = tails_at(pieces, var, guard + 10)  # a user's form may cancel
    work = tails.ctx
    eps = work.mpf(10) ** -guard
    d = work.mpf(delta.p) / delta.q
    start = work.mpf(0)
    if lo.is_finite:
        start = max(start, _num(lo, work))
    if hi.is_finite:
        start = min(start, _num(hi, work))

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
                    raise CellLimitError("its tails are too heavy: the mass beyond 1e30 is not "
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

    left = _num(lo, work) if lo.is_finite else end(tails.left, -1)
    right = _num(hi, work) if hi.is_finite else end(tails.right, 1)
    span = (right - left) / d
    if span > MAX_CELLS + 2:
        fits = work.nstr((right - left) / MAX_CELLS, 2)
        raise CellLimitError("all but a negligible mass needs about "
                             f"{scientific(int(work.nint(span)), 1, 3)} "
                             f"cells (a delta of about {fits} or more would fit)")
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


def _geometric_entropy(mu, ctx):
    """(mu + 1) ln(mu + 1) - mu ln mu: the entropy of the geometric law on 0, 1, ... with
    mean mu."""
    if mu <= 0:
        return ctx.zero
    return (mu + 1) * ctx.log(mu + 1) - mu * ctx.log(mu)


def tail_bound(density, var, lo, hi, delta, i0: int, i1: int, ctx):
    """``(bound, mass)``: what the cells below ``i0`` and from ``i1`` on can add to the sum,
    and their mass (see the module's docstring for the bound).  Mass and mean excess are
    both integrals of the density, never read from the tail formulas: a user's CDF such as
    ``1 - 1/(1 + e^-x)`` cancels in the far tail, and the bound must hold all the same."""
    work = new_context(ctx.dps + 10 + position_digits(i0, i1))
    f = compile_expr(density, [var], work)
    d = work.mpf(delta.p) / delta.q
    total, mass_total = work.zero, work.zero
    for edge, far, sign in ((_num(i0 * delta, work), lo, -1), (_num(i1 * delta, work), hi, 1)):
        if far.is_finite and sign * (_num(far, work) - edge) <= 0:
            continue  # the support ends inside the summed cells
        end = _num(far, work) if far.is_finite else sign * work.inf
        mass = work.quad(f, sorted([edge, end]))
        if mass <= 0:
            continue
        excess = work.quad(lambda t, edge=edge, sign=sign: sign * (t - edge) * f(t),
                           sorted([edge, end]))
        mu = abs(excess) / (d * mass) + 1  # + 1: a cell's index counts the cell it starts
        total += mass * (work.log(1 / mass) + _geometric_entropy(mu, work) + 1)
        mass_total += mass
    return ctx.convert(total), ctx.convert(mass_total)


def _entropy_terms(masses, ctx, big=None):
    """-sum p ln p over ``masses``; ``big = (k, c)``: the k-th mass is ``1 - c`` with a
    small ``c`` known to full relative precision, whose term ``-(1 - c) ln(1 - c)`` is taken
    as ``-(1 - c) log1p(-c)`` (``p`` itself rounds to 1 when ``c`` is below the precision:
    a normal far narrower than delta).  The terms by MPFR when gmpy2 is present (a
    logarithm there costs a fifth of mpmath's), summed exactly rounded (``gmpy2.fsum``),
    at 10 bits more than ``ctx``."""
    skip = None if big is None else big[0]
    rest = [p for k, p in enumerate(masses) if k != skip and p > 0]
    if available():
        with precision(ctx.prec + 10):
            terms = []
            for p in rest:
                q = to_mpfr(p)
                terms.append(-q * gmpy2.log(q))
            total = ctx.convert(to_mpmath(gmpy2.fsum(terms), new_context(ctx.dps + 5))) \
                if terms else ctx.zero
    else:
        total = ctx.fsum(-p * ctx.log(p) for p in rest)
    if big is not None:
        total += -(1 - big[1]) * ctx.log1p(-big[1])
    return total


def _check_bound(bound, entropy, ctx) -> None:
    """Raise :class:`NumericError` unless the tails' ``bound`` is below 10^-(dps + 1) of the
    ``entropy`` (:data:`TAIL_GUARD` and :func:`entropy_floor` make it so: a failure means a
    tail formula that misplaced the cells)."""
    if bound > abs(entropy) * ctx.mpf(10) ** -(ctx.dps + 1):
        raise NumericError(f"the tails beyond the cells may add {ctx.nstr(bound, 3)}, not "
                           f"negligible against H = {ctx.nstr(entropy, 5)}")


LOW_DIGITS = 15
"""Fewest working digits of a cell, and the digits of the rough pass that sets them."""


def digits_for(v, dps: int) -> int:
    """Working digits for a mass ``v`` (in [0, 1]) whose term ``-v ln v`` must be right to
    about 10^-dps: ``dps + log10(v max(1, |ln v|))``, rounded up to a multiple of 5, at least
    :data:`LOW_DIGITS`; all ``dps`` for 0 or a value near 1.  The size of an mpf is read
    from its binary exponent (``mag``, an upper bound on log2 v: never fewer digits than
    needed), not from a logarithm at its precision.

    >>> digits_for(0.5, 60), digits_for(1e-30, 60), digits_for(1e-80, 60), digits_for(0, 60)
    (60, 35, 15, 60)
    """
    import math

    if v <= 0:
        return dps
    if hasattr(v, "context"):
        size = v.context.mag(v) * _LOG10_2
    else:
        size = math.log10(v)
    size += math.log10(max(1.0, -size * math.log(10)))
    return min(dps, max(LOW_DIGITS, 5 * math.ceil((dps + size) / 5)))


_LOG10_2 = 0.30102999566398120


def cdf_cells(pieces, lo, hi, var, delta, ctx, density, bound: bool = True,
              cells: tuple | None = None) -> CellSum:
    """H(X_delta) on ``ctx`` from the tails ``pieces`` (see :class:`Tails`) of a law on
    ``[lo, hi]`` with ``density`` in ``var`` (for the tail bound, which ``bound=False``
    leaves out: ``None`` in the result).  ``cells = (i0, i1)``: only those cells, no
    bound; a law too wide for :data:`MAX_CELLS` cells goes (with ``bound``) to
    :func:`~symbolic_info.numeric.cell_tails.far_cdf_cells`, its far tails by a series.

    Right of the median each cell edge is read from the right tail R, left of it from the
    left tail L, each walked outward so that the value before bounds this one's size and
    sets its working digits (a tail value of 1e-40 needs 40 digits fewer); a cell is the
    difference of its two edges on the same side (``1 - L(a) - R(b)`` for the cell of the
    median), recomputed with the digits it cancels when they exceed five.
    """
    if cells is not None:
        i0, i1 = cells
    else:
        try:
            i0, i1 = cell_range(pieces, var, lo, hi, delta, ctx.dps, ctx)
        except CellLimitError:
            if not bound:
                raise
            from .cell_tails import far_cdf_cells

            return far_cdf_cells(pieces, lo, hi, var, delta, ctx, density)
    base = ctx.dps + 10
    shift = position_digits(i0, i1)
    work = new_context(base + shift)
    d = sp.Rational(delta)

    below = int(sp.floor(lo / d)) if lo.is_finite else None  # i d <= lo for i <= below
    above = int(sp.ceiling(hi / d)) if hi.is_finite else None  # i d >= hi for i >= above

    def point(i, w):
        if below is not None and i <= below:
            return _num(lo, w)
        if above is not None and i >= above:
            return _num(hi, w)
        return w.mpf(d.p) * i / d.q

    low = tails_at(pieces, var, LOW_DIGITS)
    first, last = i0, i1 + 1
    while first < last:  # the first edge with R < 1/2
        mid = (first + last) // 2
        if low.right(point(mid, low.ctx)) < low.ctx.mpf(1) / 2:
            last = mid
        else:
            first = mid + 1
    split = first
    values = [None] * (i1 - i0 + 1)
    from .taylor_cells import ANCHOR_EVERY, taylor_block, taylor_laws

    laws = taylor_laws(pieces, density, var, d, i0, i1, split, point)
    needed = [k == 0 or k == len(laws) or i0 + k == split or (i0 + k) % ANCHOR_EVERY == 0
              or laws[k - 1] is None or laws[k] is None for k in range(i1 - i0 + 1)]

    # the piece of an edge i d by integers (Tails._piece compares mpf: a third of the time)
    last_edge = [int(sp.floor(sp.sympify(b) / d)) if sp.sympify(b).is_finite else None
                 for _a, b, _r, _l in pieces]
    contexts = {}

    def walk_exact(edges, side, previous=None):
        for i in edges:
            digits = shift + (base if previous is None else digits_for(previous, base))
            if digits not in contexts:
                contexts[digits] = tails_at(pieces, var, digits)
            t = contexts[digits]
            if (below is not None and i <= below) or (above is not None and i >= above):
                v = t.right(point(i, t.ctx)) if side > 0 else t.left(point(i, t.ctx))
            else:
                k = next(k for k, e in enumerate(last_edge) if e is None or i <= e)
                v = t.forms[k][0 if side > 0 else 1](t.ctx.mpf(d.p) * i / d.q)
            values[i - i0] = (side, work.convert(v))
            previous = v

    for side, walk in ((1, range(split, i1 + 1)), (-1, range(split - 1, i0 - 1, -1))):
        walk_exact([i for i in walk if needed[i - i0]], side)
    known = [None] * (i1 - i0)
    anchors = [k for k, n in enumerate(needed) if n]
    for j, j2 in zip(anchors, anchors[1:], strict=False):
        if j2 - j < 2 or laws[j] is None:
            continue  # a single cell between exact edges: their difference is cheap
        block = taylor_block(laws, i0, j, j2, values, d, base, work)
        if block is None:  # the series did not serve or disagreed: the CDF at every edge
            side, inner = values[j] if values[j][0] > 0 else values[j2]
            edges = range(i0 + j + 1, i0 + j2) if side > 0 else range(i0 + j2 - 1, i0 + j, -1)
            walk_exact(edges, side, inner)
        else:
            known[j:j2] = block
    masses, big = [], None
    for k in range(i1 - i0):
        if known[k] is not None:
            masses.append(ctx.convert(known[k]))
            continue
        (sa, va), (sb, vb) = values[k], values[k + 1]
        if sa == sb:  # both from the same side: the smaller mass is the difference
            p, scale = (va - vb if sa > 0 else vb - va), max(abs(va), abs(vb))
        else:  # the cell holds the median: 1 - L(a) - R(b)
            p, scale = 1 - va - vb, work.one
            if p > work.one / 2:
                big = (k, ctx.convert(va + vb))
        if p <= 0 or scale / p > 10**5:  # digits cancelled: recompute with more of them
            lost = int(work.log10(scale / p)) + 1 if p > 0 else base
            high = tails_at(pieces, var, base + lost + 10 + shift)
            a, b = point(i0 + k, high.ctx), point(i0 + k + 1, high.ctx)
            p = high.right(a) - high.right(b) if sa > 0 and sb > 0 else \
                high.left(b) - high.left(a)
            p = p if p > 0 else high.ctx.zero
        masses.append(ctx.convert(p))
    entropy = _entropy_terms(masses, ctx, big)
    if not bound or cells is not None:
        return CellSum(entropy, None, None, i0, i1)
    tail, mass = tail_bound(density, var, lo, hi, d, i0, i1, ctx)
    _check_bound(tail, entropy, ctx)
    return CellSum(entropy, tail, mass, i0, i1)


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


NODE_COUNTS = (4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160)
"""The Gauss-Legendre rules in use: a needed count is rounded up to one of these, so that
few rules are computed (an m-point rule at 60 digits costs about m^2 eigenvalue steps)."""


@lru_cache(maxsize=64)
def _gauss_legendre(m: int, dps: int):
    """The roots of the Legendre polynomial P_m by Newton's method from Tricomi's estimate
    cos(pi (i - 1/4) / (m + 1/2)), P_m and P_m' by the three-term recurrence, weights
    2 / ((1 - x^2) P_m'(x)^2) (Davis & Rabinowitz, Sec. 2.7; Numerical Recipes, 3rd ed.,
    Sec. 4.6): O(m^2) operations, where the eigenvalues of the Jacobi matrix cost O(m^3)."""
    ctx = new_context(dps + 10)
    eps = ctx.mpf(10) ** -(dps + 5)
    nodes, weights = [], []
    for i in range(1, m // 2 + 1):
        x = ctx.cos(ctx.pi * (i - ctx.mpf(1) / 4) / (m + ctx.mpf(1) / 2))
        for _ in range(100):
            p0, p1 = ctx.one, x
            for n in range(2, m + 1):
                p0, p1 = p1, ((2 * n - 1) * x * p1 - (n - 1) * p0) / n
            dp = m * (x * p1 - p0) / (x * x - 1)
            step = p1 / dp
            x -= step
            if abs(step) < eps:
                break
        else:  # never seen for the rules in use; a node that did not converge is not used
            raise NumericError(f"the {m}-point Gauss-Legendre rule did not converge")
        p0, p1 = ctx.one, x
        for n in range(2, m + 1):
            p0, p1 = p1, ((2 * n - 1) * x * p1 - (n - 1) * p0) / n
        dp = m * (x * p1 - p0) / (x * x - 1)
        w = 2 / ((1 - x * x) * dp * dp)
        nodes += [x, -x]
        weights += [w, w]
    if m % 2:  # the middle node 0: P_m'(0) from the recurrence at x = 0
        p0, p1 = ctx.one, ctx.zero
        for n in range(2, m + 1):
            p0, p1 = p1, (-(n - 1) * p0) / n
        dp = m * (-p0) / -1
        nodes.append(ctx.zero)
        weights.append(2 / (dp * dp))
    return tuple(nodes), tuple(weights)


def gauss_legendre_points(m: int, dps: int) -> tuple:
    """The m-point Gauss-Legendre nodes and weights on [-1, 1] at ``dps`` digits or more
    (cached per m at ``dps`` rounded up to a multiple of 20: more digits serve any lower
    precision)."""
    return _gauss_legendre(m, 20 * -(-dps // 20))


def nodes_needed(cells: int, dps: int) -> int:
    """Gauss-Legendre nodes per cell for ``dps`` digits on a grid of ``cells`` cells.

    The rule's error on a cell of width delta is about (delta / (4 s))^(2m) relative, where s
    is the scale on which the density changes; taking s as a twentieth of the width the
    grid covers, m = (dps + 5) / (2 log10(cells / 5)), between 4 and 160 (it stopped at 40
    before: 40 nodes give only about 130 digits on a cell half the normal's scale wide, 108
    on one scale wide, so normal(0, 1) at delta 1/2 failed its mass check at 200 digits; 80
    nodes give 287 and 239 digits there, 160 give 622 and 525).

    >>> nodes_needed(60, 50), nodes_needed(148, 300)
    (32, 128)
    """
    import math

    ratio = max(cells / 5, 2.0)
    return _rounded(max(4, min(NODE_COUNTS[-1], math.ceil((dps + 5) / (2 * math.log10(ratio))))))


def _rounded(m: int) -> int:
    """The first of :data:`NODE_COUNTS` at least ``m``."""
    return next((n for n in NODE_COUNTS if n >= m), NODE_COUNTS[-1])


def _nodes_near(a, b, special, digits: int, base: int) -> int:
    """Gauss-Legendre nodes for ``[a, b]`` when the density may be singular at the points
    ``special``: the rule's error falls like rho^(-2m) with rho = z + sqrt(z^2 - 1) for a
    singularity at z half-widths from the centre (Bernstein ellipse; Trefethen, *Approximation
    Theory and Approximation Practice*, Theorem 19.3), so m = (digits + 5)/(2 log10 rho),
    at least ``base``, at most :data:`MAX_NODES`."""
    import math

    half, mid = (b - a) / 2, (b + a) / 2
    if not special:
        return base
    z = min(abs(s - mid) for s in special) / half
    rho = float(z + (z * z - 1) ** 0.5)
    if rho <= 1.5:
        return MAX_NODES
    return _rounded(max(base, min(MAX_NODES, math.ceil((digits + 5) / (2 * math.log10(rho))))))


MAX_NODES = 80
"""Most Gauss-Legendre nodes on one piece of a cell (next to a singular end)."""


def quadrature_cells(density, var, lo, hi, delta, i0: int, i1: int, ctx, m: int | None = None,
                     kinks: tuple = (), tail_mass=None, points: tuple = (), floor=None):
    """-sum p_i ln p_i over the cells ``i0 <= i < i1`` with each p_i the integral of
    ``density`` over the cell (clipped to the support, split at the ``kinks`` of the
    density).  A piece that ends at a finite end of the support or at a kink, where the
    density may be singular (Gamma with shape below 1, Beta with a parameter below 1) or
    not smooth, is integrated by tanh-sinh (``ctx.quad``: its nodes crowd at the ends);
    every other piece by ``m``-point Gauss-Legendre (default :func:`nodes_needed`, more
    next to those points: :func:`_nodes_near`), no CDF involved.  A cell with more than
    half the mass enters as ``1 - c`` with ``c`` integrated outside it.  With ``tail_mass``
    (the mass beyond the cells, :func:`tail_bound`), the masses must add up to 1
    (:func:`_check_mass`).  ``points``: where a law much narrower than a cell keeps its
    mass (its centre and centre +- 2^j scale, from the family); the cells that hold one,
    and their two neighbours (where the density falls by e^-1000 across the cell), are
    split there and integrated piece by piece by tanh-sinh (:func:`scaled_quad`, whose
    error estimate is relative), whose nodes crowd at the pieces' ends where such a density
    lives.  ``floor``: a lower bound on the sum (:func:`entropy_floor`); below 1, each cell
    is computed with as many more digits as the floor has leading zeros, so that the sum
    is right relative to its size (a narrow law's H of 1e-542), not only absolutely."""
    import math

    extra = 0 if floor is None or floor >= 1 or floor <= 0 else \
        math.ceil(-float(floor.context.log10(floor)))
    dps = ctx.dps + 5 + extra  # each cell's term to 10^-dps: the sum to 10^-ctx.dps of it
    shift = position_digits(i0, i1)  # digits an edge far from 0 loses in x - mu
    coeff, shape = density.as_independent(var, as_Add=False)  # the constant factor once
    low = new_context(LOW_DIGITS + shift)
    f_compiled = compile_expr(shape, [var], low)

    def f_low(t):
        """The density's shape, +inf where it is singular or undefined (0/0 at an end)."""
        try:
            v = f_compiled(t)
        except (ZeroDivisionError, ValueError):
            return low.inf
        return v if low.isfinite(v) else low.inf
    c_low = abs(compile_expr(coeff, [], low)())
    contexts = {}
    rules = {}
    special = [p for p in (lo, hi, *kinks) if p.is_finite]
    special_low = [_num(p, low) for p in special]

    def context_at(digits):
        if digits not in contexts:
            w = new_context(digits)
            contexts[digits] = (w, compile_expr(shape, [var], w))
        return contexts[digits]

    def rule(nodes, digits):
        key = (nodes, 20 * -(-digits // 20))
        if key not in rules:
            rules[key] = tuple(zip(*gauss_legendre_points(nodes, key[1]), strict=True))
        return rules[key]

    def cell_digits(rough):
        """Working digits of a cell of about this mass: relative to the floor, but a
        cell with over half the mass enters through its outside (``_outside_largest``)
        and its own integral only feeds the mass check: ``ctx.dps + 5`` there."""
        return shift + (ctx.dps + 5 if rough > 0.5 else digits_for(min(rough, 1.0), dps))

    d = sp.Rational(delta)
    marks = [p for p in points if p.is_finite and bool(lo < p) and bool(p < hi)]
    inner = sorted({*(k for k in kinks if k.is_finite), *marks}, key=float)
    # the cells that hold an end of the support or a kink (at an edge: both neighbours) go
    # the exact way below, and so do the cells around a narrow law's points (``steep``);
    # every other cell lies inside the support and is smooth
    near = {j for s in special for j in (int(sp.floor(s / d)) - 1, int(sp.floor(s / d)))}
    steep = {int(sp.floor(p / d)) + k for p in marks for k in (-1, 0, 1)}
    near |= steep
    first = int(sp.floor(lo / d)) + 1 if lo.is_finite else i0
    last = int(sp.ceiling(hi / d)) - 1 if hi.is_finite else i1
    masses = []
    fast = compile_mpfr(shape, var) if m is None else None
    d_float = float(sp.Rational(delta))
    special_float = [float(p) for p in special_low]
    fast_rules = {}

    def fast_rule(nodes, digits):
        key = (nodes, 20 * -(-digits // 20))
        if key not in fast_rules:
            fast_rules[key] = mpfr_rule(*gauss_legendre_points(nodes, key[1]))
        return fast_rules[key]

    floats = _float_cells(shape, var, c_low, d, max(first, i0), min(last, i1), dps,
                          i1 - i0) if m is None and not shift else None  # doubles: no x - mu
    for i in range(i0, i1):
        if first <= i < last and i not in near:
            if floats is not None and floats.mass(i) is not None:
                masses.append(ctx.convert(floats.mass(i)))
                continue
            rough = floats.rough(i) if floats is not None else None
            if rough is None:
                al, bl = low.mpf(i * d.p) / d.q, low.mpf((i + 1) * d.p) / d.q
                rough = c_low * (bl - al) * max(f_low(al), f_low(bl), f_low((al + bl) / 2))
            digits = cell_digits(rough)
            w, f = context_at(digits)
            base = nodes_needed(i1 - i0, digits) if m is None else m
            nodes = _nodes_near(i * d_float, (i + 1) * d_float, special_float, digits, base) \
                if m is None else m
            if fast is not None:  # MPFR, when gmpy2 takes the shape
                v = integrate_rule(fast, (i * d.p, d.q), ((i + 1) * d.p, d.q),
                                   fast_rule(nodes, digits), int(digits * 3.33) + 16, ctx)
                if v is not None:
                    masses.append(v)
                    continue
            um, vm = w.mpf(i * d.p) / d.q, w.mpf((i + 1) * d.p) / d.q
            half, mid = (vm - um) / 2, (vm + um) / 2
            masses.append(ctx.convert(half * w.fsum(wt * f(mid + half * t)
                                                    for t, wt in rule(nodes, digits))))
            continue
        a, b = i * d, (i + 1) * d
        if lo.is_finite and a < lo:
            a = lo
        if hi.is_finite and b > hi:
            b = hi
        if (b - a).is_nonpositive:
            continue
        al, bl = _num(a, low), _num(b, low)
        rough = c_low * (bl - al) * max(f_low(al), f_low(bl), f_low((al + bl) / 2))
        digits = cell_digits(rough)
        w, f = context_at(digits)
        base = nodes_needed(i1 - i0, digits) if m is None else m
        cuts = [a, *[k for k in inner if a < k < b], b]
        total = w.zero
        for u, v in zip(cuts, cuts[1:], strict=False):
            um, vm = _num(u, w), _num(v, w)
            if u in special or v in special or i in steep:
                total += scaled_quad(w, f, [um, vm])
                continue
            nodes = _nodes_near(_num(u, low), _num(v, low), special_low, digits, base) \
                if m is None else m
            half, mid = (vm - um) / 2, (vm + um) / 2
            total += half * w.fsum(wt * f(mid + half * t) for t, wt in rule(nodes, digits))
        masses.append(ctx.convert(total))
    c = compile_expr(coeff, [], ctx)()
    masses = [c * p for p in masses]
    big = _outside_largest(density, var, lo, hi, delta, i0, masses, ctx, (*kinks, *marks))
    if tail_mass is not None:
        _check_mass(masses, big, tail_mass, ctx)
    return _entropy_terms(masses, ctx, big)


class _FloatCells:
    """The double-precision side of :func:`quadrature_cells` for the cells ``k0 <= i < k1``:
    ``rough(i)`` the size of a cell's mass (None where not known in doubles) and
    ``mass(i)`` the shape's integral over the cell where doubles give its entropy term to
    ``10^-digits`` (see :mod:`symbolic_info.numeric.cell_floats`), else None."""

    def __init__(self, k0: int, roughs, masses):
        self.k0, self.roughs, self.masses = k0, roughs, masses

    def rough(self, i: int):
        v = self.roughs[i - self.k0]
        return None if v != v else float(v)

    def mass(self, i: int):
        v = self.masses[i - self.k0]
        return None if v != v else float(v)


def _float_cells(shape, var, coeff: float, delta, k0: int, k1: int, digits: int,
                 cells: int):
    """:class:`_FloatCells` for the smooth cells ``k0 <= i < k1`` of ``coeff * shape``, or
    None when the shape has no NumPy form."""
    import math

    import numpy as np

    from .cell_floats import UNIT_ROUNDOFF, float_masses, float_shape, rough_masses

    fn = float_shape(shape, var) if k1 > k0 else None
    if fn is None:
        return None
    c = float(coeff)
    if not math.isfinite(c) or c <= 0:
        return None
    dl = float(delta)
    starts = np.arange(k0, k1, dtype=float) * dl
    rough = c * rough_masses(fn, starts, dl)
    shape_mass, err = float_masses(fn, starts, dl, nodes_needed(cells, LOW_DIGITS),
                                   int(sp.count_ops(shape)) + 1)
    p = c * shape_mass * (1 + 4 * UNIT_ROUNDOFF)  # an upper bound on the cell's mass
    with np.errstate(all="ignore"):
        term = p * (np.abs(np.log(p)) + 1) * err
    ok = np.isfinite(term) & (term <= 10.0 ** -digits) & (p < 0.5)
    return _FloatCells(k0, rough, np.where(ok, shape_mass, np.nan))


def scaled_quad(w, f, points):
    """``int f`` over the consecutive ``points`` (mpf, the outer ones possibly infinite) by
    tanh-sinh, each piece divided by the density's size at its finite ends and middle
    first: mpmath's quad stops when its error estimate falls below 10^-dps *absolutely*,
    so a piece of mass 1e-545 (the neighbour of a law far narrower than a cell) came back
    after one level, 1e-11 off; scaled to about 1, the estimate is relative.

    >>> from symbolic_info.numeric.context import new_context
    >>> w = new_context(40)
    >>> v = scaled_quad(w, lambda t: w.exp(-5000 * t) * w.mpf(10) ** -545, [w.mpf(1), w.inf])
    >>> bool(abs(v / (w.exp(-5000) * w.mpf(10) ** -545 / 5000) - 1) < 1e-35)
    True
    """
    total = w.zero
    for u, v in zip(points, points[1:], strict=False):
        probes = [t for t in (u, v) if w.isfinite(t)]
        if len(probes) == 2:
            probes.append((u + v) / 2)
        try:
            size = max(abs(f(t)) for t in probes) if probes else w.one
        except (ValueError, ZeroDivisionError):
            size = w.one  # singular at an end: no scale from there
        if not w.isfinite(size) or size == 0:
            size = w.one
        total += size * w.quad(lambda t, size=size: f(t) / size, [u, v])
    return total


def _outside_largest(density, var, lo, hi, delta, i0: int, masses, ctx, kinks=()):
    """``(k, c)`` for the cell ``k`` (counted from ``i0``) with a mass over 1/2, ``c`` the
    density's integral outside it (tanh-sinh on the support left and right of the cell,
    split at the density's ``kinks`` (and a narrow law's points), to full relative
    precision where ``1 - p`` would round to 0), or None."""
    k = next((j for j, p in enumerate(masses) if p > ctx.one / 2), None)
    if k is None:
        return None
    w = new_context(ctx.dps + 10 + position_digits(i0, i0 + len(masses)))
    f = compile_expr(density, [var], w)
    a, b = _num((i0 + k) * delta, w), _num((i0 + k + 1) * delta, w)
    low, high = _num(lo, w), _num(hi, w)
    breaks = sorted(_num(p, w) for p in kinks if p.is_finite)

    def side(u, v):
        return scaled_quad(w, f, [u, *(p for p in breaks if u < p < v), v])

    c = w.zero
    if low < a:
        c += side(low, a)
    if b < high:
        c += side(b, high)
    return k, ctx.convert(c)


def _check_mass(masses, big, tail_mass, ctx) -> None:
    """Raise :class:`NumericError` unless the density's mass, integrated cell by cell and
    beyond the cells (``tail_mass``), adds up to 1 within 10^-(dps/2): a density that is not
    normalised, or cell integrals that miss part of a peak, are caught.  (Where the cells
    end is judged by the tail bound, not here: the tail mass is the integral beyond the
    last cell, wherever that is.)  With a cell of mass over 1/2 (``big = (k, c)``), its own
    integral plus ``c`` must give 1 as well as ``1 - c`` plus the rest.  Half the digits:
    this catches missing mass, not the last digits of one cell (tanh-sinh next to the
    singular end of Gamma(1/2) reaches about 35 of 60 digits); the comparison with the
    value judges those."""
    rest = ctx.fsum(p for j, p in enumerate(masses) if big is None or j != big[0])
    totals = [rest + tail_mass] if big is None else [1 - big[1] + rest + tail_mass,
                                                     masses[big[0]] + big[1]]
    for total in totals:
        if abs(total - 1) > ctx.mpf(10) ** -(ctx.dps // 2):
            raise NumericError(f"the cells and the tails integrate to {ctx.nstr(total, 10)}, "
                               "not 1")
