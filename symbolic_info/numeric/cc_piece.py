"""One finite piece of an integral by nested Clenshaw-Curtis rules, or ``None``.

:mod:`.quadrature` tries this first on a piece between two break points: there the
integrand is analytic and needs 500-4,100 points where tanh-sinh took about 7,500 at 1000
digits, and 129 where it took 300-500 at 60 digits (the step checks' precision).  A piece
that does not converge within ``4 dps`` points (an end singularity, a nearby pole, a peak
narrow for the piece) is handed back (``None``) to the double-exponential rules.  The rules
double from 32 points; from 256, a piece whose convergence predicts that doubling would
overshoot (4,097 points where 2,700 serve) goes on by ``3 * 2^j`` points instead
(:func:`_third_chain`), every point of the rules before reused.

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(200)
>>> value = cc_piece(ctx.exp, ctx.one, ctx)
>>> abs(value - (ctx.e - 1)) < ctx.mpf(10) ** -195
True
"""

from __future__ import annotations

from collections.abc import Callable

from .context import NumericError
from .rule_nodes import cc_rule

__all__ = ["CC_FIRST", "CC_PREDICT_FROM", "cc_piece", "most_points"]

CC_FIRST = 32
"""Points of the first Clenshaw-Curtis rule tried on an interior piece (doubled from there;
the nested rules reuse every point, so a small start costs nothing where more are needed).
Convergence needs two gaps, so at least ``4 CC_FIRST + 1`` points are taken: 129 at any
precision, about as many as tanh-sinh's fewest (its levels 0 to 3) on a piece."""
CC_PREDICT_FROM = 256
"""Points from which a Clenshaw-Curtis piece whose convergence predicts more than
:func:`most_points` points is handed to tanh-sinh at once; from half the most points when
that is fewer (at 60 digits, where 256 are the most, a piece these rules cannot finish then
costs 129 evaluations before tanh-sinh, not 257)."""


def most_points(ctx) -> int:
    """Most Clenshaw-Curtis points on one piece: the power of two at or above ``4 dps``
    (4096 at 1000 digits, where tanh-sinh took about 7,500 nodes on such pieces)."""
    n = CC_FIRST
    while n < 4 * ctx.dps:
        n *= 2
    return n


def cc_piece(f: Callable, scale, ctx, outer=0):
    """``integral of f(y) dy`` over ``(0, scale)`` by nested Clenshaw-Curtis rules, or
    ``None`` when they do not converge within :func:`most_points` points.

    For an integrand analytic on the piece (a piece between two break points, away from
    the support's ends) the error falls like ``rho^-n`` (see :mod:`.clenshaw_curtis`):
    once two successive rules agree to half the working digits the last is good to all
    of them, the test of :func:`_piece`.  Against tanh-sinh this needs a half to a third
    of the nodes at 1000 digits.  When the agreement grows too slowly to finish within the
    cap (a peak near an end that is narrow for the piece, a nearby singularity), when
    a value is not finite (the rule samples both ends), ``None`` hands the piece to
    tanh-sinh.
    """
    eps, most = ctx.eps, most_points(ctx)
    if most < 4 * CC_FIRST:  # two gaps cannot be taken within the cap (16 digits or fewer)
        return None
    tolerance = ctx.sqrt(eps) * 2 ** -8
    values, previous, last_gap, n, ratio = [], None, None, CC_FIRST, 2
    try:
        while n <= most:
            rule = cc_rule(n, ctx)
            fresh = [f(ctx.make_mpf(y) * scale) for k, (_, y, _) in enumerate(rule)
                     if not values or k % ratio]
            values = fresh if not values else [  # the last rule's nodes are every ratio-th
                values[k // ratio] if k % ratio == 0 else fresh[k - k // ratio - 1]
                for k in range(n + 1)]
            if any(ctx.isnan(v) or ctx.isinf(v) for v in fresh):
                return None
            weights = [ctx.make_mpf(w) for _, _, w in rule]
            estimate = ctx.fdot(weights, values) * scale
            if previous is not None:  # relative, floored by eps times the integral of |f|
                floor = eps * (ctx.fdot(weights, [abs(v) for v in values]) * abs(scale) + outer)
                size = abs(estimate) + floor
                gap = abs(estimate - previous) / size if size else ctx.zero
                if _converged(last_gap, gap, tolerance, eps):
                    return estimate
                if ratio == 2 and last_gap is not None and n >= min(CC_PREDICT_FROM, most // 2) \
                        and not _in_reach(last_gap, gap, n, tolerance, most, ctx):
                    return None
                ratio = 3 if n == THIRD_FROM and _third_chain(last_gap, gap, n, tolerance, most,
                                                              ctx) else 2
                last_gap = gap
            previous, n = estimate, ratio * n
    except (NumericError, ArithmeticError, ValueError):  # a pole or log(0) at an end
        return None
    return None


THIRD_FROM = 256
"""Points of the rule after which a piece may leave the doubling chain for ``3 * 2^j``
points (:func:`_third_chain`)."""
THIRD_MARGIN = 1.1
"""The third chain is taken only when its last rule's half has this many times the points
the convergence predicts (a prediction short of the truth costs the next, larger rule)."""


def _third_chain(before, gap, n, tolerance, most, ctx) -> bool:
    """Whether the rules of ``3n, 6n, ..`` points (each holds the ``n``-point rule's nodes,
    the radix-3 weights of :mod:`.clenshaw_curtis`) finish with fewer points than doubling.

    The gap at ``n`` is the error of the ``n/2``-point rule, ``C rho^(-n/2)``, and the last
    rule of a chain must have its half within ``tolerance`` (:func:`_converged`); doubling
    overshoots that by up to twice: a piece beside a zero of a mixture at 1020 digits
    (``rho`` about 2.4) needs 2,700 points, and doubling took 4,097 where ``3 * 1024``
    takes 3,073.  Only when the gaps already fall at least like squaring (geometric
    convergence: the prediction holds) and with :data:`THIRD_MARGIN`; the rules up to
    ``n`` served the prediction, and all their points are reused."""
    if before is None or gap == 0 or before == 0 or gap >= before or gap > before ** 1.5:
        return False
    log_rate = 4 * ctx.log(before / gap) / n  # ln rho per point, as in _in_reach
    need = n / 2 + max(0, float(ctx.log(gap / tolerance) / log_rate))
    doubling, third = n, 6 * n  # the rule of 3n stops only when the n-point rule is right,
    # which the doubling chain sees at 2n already: the chain's finishing rules are 6n, 12n, ..
    while doubling / 2 < need:
        doubling *= 2
    while third / 2 < THIRD_MARGIN * need:
        third *= 2
    return third < doubling and third <= most


def _converged(before, gap, tolerance, eps) -> bool:
    """Whether the last rule is good to the working digits, judged from the last two gaps.

    Agreement to half the digits suffices only while the error squares at each doubling
    (``rho^-n``, an integrand analytic on the piece).  An integrand that is finite but not
    analytic at an end (``y^40.5``) converges algebraically (``n^-83``): its gaps shrink
    by a constant factor and two rules agree to half the digits long before the last is
    right (2.9e-131 off at 160 digits).  So the gap must also have fallen at least like
    ``before^1.5`` (squaring, with room), or both gaps be at rounding level (then the
    last rule's error, below the gap that follows it, is too).
    """
    if before is None:
        return False
    rounding = eps * 2**12
    if gap <= rounding and before <= rounding:
        return True
    return gap <= tolerance and gap <= before ** 1.5


def _in_reach(before, gap, n, tolerance, most, ctx) -> bool:
    """Whether gaps falling from ``before`` (at ``n/2`` points) to ``gap`` (at ``n``) reach
    ``tolerance`` within ``most`` points: the gap at ``n`` is the error of the ``n/2``-point
    rule, ``C rho^(-n/2)``, so ``ln rho = 4 ln(before/gap)/n`` and the tolerance needs
    ``n + 2 ln(gap/tolerance)/ln rho`` points."""
    if gap == 0 or before == 0 or gap >= before:
        return gap == 0
    log_rho = 4 * ctx.log(before / gap) / n
    return n + 2 * ctx.log(gap / tolerance) / log_rho <= most

