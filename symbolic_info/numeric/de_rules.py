"""One piece of a support integrated: nested Clenshaw-Curtis first where it applies, else the
double-exponential rules (tanh-sinh on a finite piece, exp-sinh and the light-tail rule on a
tail), each level's terms summed until they vanish relative to the integral's own size.

Takahasi & Mori (1974), Mori & Sugihara (2001) for the double-exponential rules; the
light-tail rule ``y = L exp(t - exp(-t))`` keeps an exponentially decaying integrand's strip
of analyticity (see :func:`_piece`).  :mod:`.quadrature` cuts a support into pieces and sums
what this module returns for each.

>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> ctx.nstr(piece_integral(lambda y: ctx.exp(-y), "light", ctx.one, ctx, None, False), 20)
'1.0'
>>> ctx.nstr(piece_integral(lambda y: y * y, "finite", ctx.one, ctx, None, True), 20)
'0.33333333333333333333'
"""

from __future__ import annotations

from collections.abc import Callable

from .cc_piece import cc_piece
from .context import NumericError
from .rule_nodes import nodes_at

__all__ = ["piece_integral", "reach_toward", "REACH", "MAX_LEVEL", "T_MAX", "CC_AT_ENDS_DPS"]

MAX_LEVEL = 9
"""Finest step 2^-MAX_LEVEL up to 400 digits (about 2 * 11 * 512 nodes per piece at
most); one level more per doubling of the precision beyond (the error squares with each
level, so 1000 digits needs level 10: measured 641 digits at level 9)."""
T_MAX = 11
"""Largest |t|: a finite piece then reaches y ~ 10^-60000 of its end."""


REACH = {("finite", 1): 3, ("finite", -1): 3, ("tail", 1): 1.5, ("tail", -1): 3,
          ("light", 1): 3.3, ("light", -1): 3}
"""Smallest |t| at which vanishing terms may end a side: a finite piece is then
within ``e^-30`` of its ends, a tail has reached ``27 L`` (exp-sinh and the light-tail
rule alike); mass that sits at the far end of a piece is not skipped.  A finite piece
much longer than the piece next to one of its ends reaches further on that side
(:func:`reach_toward`)."""


def reach_toward(length, neighbour, ctx) -> float:
    """Smallest |t| for a finite piece's side that approaches a break next to a piece of
    width ``neighbour``: the nodes then come within ``neighbour`` of that break.

    With ``y = L/(1 + exp(-pi sinh t))`` the distance to the far end is about
    ``L exp(-pi sinh t)``, so ``t = asinh(ln(L/neighbour)/pi)`` (plus a half unit).
    The mass of a density peaked at that break (a Gamma(10^30) has its mode 10^15
    standard deviations from 0) is then not skipped by the early stop.
    """
    base = REACH["finite", 1]
    if neighbour is None or not ctx.isfinite(neighbour) or neighbour >= length:
        return base
    return max(base, float(ctx.asinh(ctx.log(length / neighbour) / ctx.pi)) + 0.5)


def _side_sum(f: Callable, kind: str, level: int, side: int, scale, ctx, mass, reach):
    """Sum of ``w f(y)`` over one side of one level, stopping where terms vanish
    (not before ``|t| >= reach``): ``(sum, sum of |terms|, vanished)``, ``vanished`` False
    when the terms were still above the threshold at the end of the range (``|t| = T_MAX``).

    A term vanishes when it is below ``2^-40 eps`` times ``mass`` (the sum of ``|terms|``
    known before this side) plus the sum of ``|terms|`` of this side so far: relative to
    the integrand's own size, never to 1 (``E[X^2] = 10^-600`` of ``normal(0, 1e-300)``
    has every term below an absolute threshold of ``10^-60``)."""
    total, size = ctx.zero, ctx.zero
    factor = ctx.eps * ctx.mpf(2) ** -40
    bar = factor * mass
    quiet, k, batch = 0, 0, 16
    step = 2.0 ** -(level + 1) * (1 if level == 0 else 2)
    limit = int(T_MAX / step) + 1
    while k < limit:
        nodes = nodes_at(kind, level, side, min(k + batch, limit), ctx)
        for t, y, w in nodes[k:]:
            k += 1
            yv = ctx.make_mpf(y) * scale
            term = f(yv) * (ctx.make_mpf(w) * scale)
            if ctx.isnan(term) or ctx.isinf(term):
                raise NumericError(f"integrand not finite at distance {ctx.nstr(yv, 8)}")
            total += term
            a = abs(term)
            size += a
            if a <= bar:
                quiet += 1
            else:  # the threshold grows with the terms; unchanged while they are quiet
                quiet, bar = 0, factor * (mass + size)
            if quiet >= 3 and abs(ctx.make_mpf(t)) >= reach:
                return total, size, True
        batch *= 2
    return total, size, quiet >= 3


def _max_level(ctx) -> int:
    """:data:`MAX_LEVEL`, plus one per doubling of the precision beyond 400 digits."""
    extra = 0
    while ctx.dps > 400 * 2**extra:
        extra += 1
    return MAX_LEVEL + extra


def _piece(f: Callable, kind: str, scale, ctx, reach: tuple | None = None, outer=0):
    """``integral of f(y) dy`` over ``(0, scale)`` (finite) or ``(0, oo)`` (a tail).

    ``outer``: the size of the whole integral this piece is part of (:func:`_outer`); the
    piece's terms and its convergence are judged against its own integral of ``|f|`` and
    ``outer``, so a far piece of a narrow peak stops at once, and an integral of
    ``10^-600`` is still resolved to its working digits.

    ``reach`` gives the smallest ``|t|`` at which each side (``t > 0``, ``t < 0``) may
    stop early (default :data:`REACH`).  A tail of kind ``"light"`` is first tried with
    the light-tail rule ``y = L exp(t - exp(-t))``: ``y`` grows like ``L e^t``, so an
    exponentially (or faster) decaying integrand falls off double exponentially in ``t``
    and the strip of analyticity keeps its width (exp-sinh, ``y = exp(pi/2 sinh t)``,
    turns ``e^-y`` into a function whose strip narrows like ``1/cosh t``, and needed
    three times the nodes at 1000 digits).  When the terms have not vanished at
    ``t = T_MAX`` (``y ~ 6e4 L``) on the first level, the scale may be too short
    (:func:`_wider_light`), else the tail is heavy (algebraic) and the piece is integrated
    by exp-sinh, which reaches ``y ~ 10^10000``.
    """
    plus, minus = reach or (REACH[kind, 1], REACH[kind, -1])
    eps = ctx.eps
    previous, total, mass = None, ctx.zero, ctx.zero
    for level in range(_max_level(ctx) + 1):
        h = ctx.mpf(2) ** -(level + 1) if level else ctx.mpf(1) / 2
        part, size, vanished = _side_sum(f, kind, level, 1, scale, ctx, mass + outer / h, plus)
        if kind == "light" and level == 0 and not vanished:
            return _wider_light(f, scale, ctx, outer)
        rest, rest_size, _ = _side_sum(f, kind, level, -1, scale, ctx, mass + size + outer / h,
                                       minus)
        total, mass = total + part + rest, mass + size + rest_size
        estimate = total * h
        if previous is not None and level >= 3:  # relative to the integral of |f| at least
            floor = eps * (mass * h + outer)
            change = abs(estimate - previous)
            if change <= ctx.sqrt(eps) * 2 ** -8 * (abs(estimate) + floor) or \
                    change <= eps * NEGLIGIBLE * outer:
                return estimate
        previous = estimate
    return estimate


NEGLIGIBLE = 2.0 ** -16
"""A piece has converged once two levels differ by less than this times ``eps`` times the
whole integral's size (``outer``): its error, below that change, is lost in the sum's
rounding.  A far tail worth ``10^-37`` of a 30-digit integral (a half-normal past 16 of its
scales) otherwise ran all ten levels (6,476 nodes) chasing its own relative digits, the
truncation of each level (terms below ``2^-40 eps`` of the whole) moving it by more."""


WIDER_LIGHT = 4
"""Times a light tail's scale is multiplied by ``2^16`` before it counts as heavy."""


def _wider_light(f: Callable, scale, ctx, outer):
    """A tail whose light-tail rule had not vanished at ``y ~ 6e4 L``: the rule again with
    ``L`` up to :data:`WIDER_LIGHT` times ``2^16`` longer, else exp-sinh at ``L``.  A tail
    scaled by a short neighbouring piece (a mixture of ``normal(0, 1)`` and
    ``normal(10^-10, 1)`` cut at 0 and ``10^-10``: ``L = 10^-10``) then keeps the light rule;
    exp-sinh took 9,000 nodes per tail at 60 digits there."""
    for k in range(1, WIDER_LIGHT + 1):
        wider = scale * ctx.mpf(2) ** (16 * k)
        _, _, vanished = _side_sum(f, "light", 0, 1, wider, ctx, 2 * outer, REACH["light", 1])
        if vanished:
            return _piece(f, "light", wider, ctx, None, outer)
    return _piece(f, "tail", scale, ctx, None, outer)


CC_AT_ENDS_DPS = 150
"""From this many digits a piece at an end of the support is also tried by Clenshaw-Curtis
first: an integrand analytic there (the exponential prior's ``-p ln p`` on ``(0, 10)``, a
posterior ``theta^10 e^(-11 theta/10)``) took 6,300-7,500 tanh-sinh nodes at 1000 digits
and takes 1,025-2,049 points; one singular there (``ln y``, ``y^0.5``) costs the 257 points
after which :func:`.cc_piece.cc_piece` gives up, 4 % of its tanh-sinh nodes.  Below, where
tanh-sinh takes about 280 nodes and such an attempt 129, the ends keep tanh-sinh at once."""


def piece_integral(f: Callable, kind: str, scale, ctx, reach, at_end: bool, outer=0):
    """One piece: Clenshaw-Curtis first on a finite piece between two break points (and from
    :data:`CC_AT_ENDS_DPS` digits on one at an end of the support), else (or when it does
    not converge) :func:`_piece`'s double-exponential rules.  Below that precision, pieces
    at an end keep tanh-sinh at once, which resolves integrable end singularities
    (``x^-0.9``)."""
    if kind == "finite" and (not at_end or ctx.dps >= CC_AT_ENDS_DPS):
        value = cc_piece(f, scale, ctx, outer)
        if value is not None:
            return value
    return _piece(f, kind, scale, ctx, reach, outer)
