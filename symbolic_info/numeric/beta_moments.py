"""The normaliser and mean logarithms of a density proportional to ``v^c (1 - v)^d`` on
``(0, 1)``, by the trapezoidal rule in a double-exponential variable of the logit.

In the logit ``y = ln(v / (1 - v))`` the density is ``exp(a y - (a + b) softplus(y))``,
``a = c + 1``, ``b = d + 1`` (``dv = v (1 - v) dy``, ``softplus(y) = ln(1 + e^y)``):
log-concave on the whole line with tails like ``e^(a y)`` and ``e^(-b y)``.  With
``y = m + s sinh t`` the terms of the trapezoidal rule in ``t`` fall double exponentially.
``m = 0, s = pi`` is the tanh-sinh rule (Takahasi & Mori, Publ. RIMS 9 (1974) 721-741) in
the form ``v = 1/(1 + e^(-pi sinh t))``: its nodes do not depend on the density, so they are
computed once per precision and shared by every density (:func:`standard_nodes`), and it
took the fewest nodes for every shape tried but the concentrated ones (width under 1/16 in
``y``, or ``a + b`` in the thousands with a skew: a ``beta(1, 3001)``'s right flank falls
like ``exp(-3001 e^y)``, which narrows the rule's strip of analyticity).  Those are
integrated centred on their mode ``m = ln(a/b)`` with ``s = min(pi, 8 width)``.
``ln v = min(y, 0) - ln(1 + e^-|y|)`` and ``ln(1 - v) = -max(y, 0) - ln(1 + e^-|y|)`` keep
every digit at both ends of ``(0, 1)``; with ``E = e^-|y|`` the density is ``E^a (1 +
E)^-(a+b)`` (``E^b`` for ``y > 0``), integer or half-integer powers where ``a`` and ``b``
allow, else one ``exp`` per node.

Each level halves the step and adds only the new nodes.  The last level is chosen before
any is summed, by the trapezoidal rule's proved error bound on the rule's strip of
analyticity (:mod:`symbolic_info.numeric.logit_strip`): at most ``2^-(target + 8)`` of each
integral, ``target`` the caller's precision (the working precision has guard bits beyond
it), with the rule (shared or centred) that needs fewer levels.  Two levels agreeing to half
the bits, the earlier test, assumed the error squares as the step halves (Mori & Sugihara,
J. Comput. Appl. Math. 127 (2001) 287-296); a steep flank narrows the strip and slows that
(``v^(-1/2) (1 - v)^20000`` was 8 digits short at 300 digits).

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> log_z, mean_log_v, mean_log_w = beta_log_moments(0, 1, ctx)  # 2 (1 - v): Z = 1/2
>>> ctx.nstr(log_z + ctx.log(2), 5), ctx.nstr(mean_log_v, 25)  # E ln V = -3/2
('0.0', '-1.5')
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .context import NumericError
from .logit_strip import proved_level

__all__ = ["beta_log_moments", "beta_entropy", "standard_nodes", "kept_precisions", "GUARD_BITS",
           "PRECISIONS", "NARROW"]

GUARD_BITS = 24
"""Extra working bits, beyond at least 16 for the bits of ``a + b`` that cancel in ``a ln v +
b ln(1 - v)`` minus its peak (so that densities up to ``a + b = 2^16`` share the nodes)."""
NARROW = 1 / 16
"""Width (``sqrt(1/a + 1/b)``, about the standard deviation of ``y``) below which a density
is integrated centred on its mode at once."""
STEP_BITS = 64
"""The working precision is rounded up to a multiple of this: callers a few bits apart
share the nodes."""
QUIET = 3
"""Consecutive negligible terms past the mode that end one side of one level."""
BATCH = 64
"""Shared nodes made at a time."""
PRECISIONS = 3
"""Precisions whose shared nodes are kept in memory (about 14 MB at 1000 digits)."""

_NODES: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def beta_log_moments(c, d, ctx) -> tuple:
    """``(ln Z, E ln V, E ln(1 - V))`` of the density ``v^c (1 - v)^d / Z`` on ``(0, 1)``
    (``c, d > -1``: numbers ``ctx`` converts), each to ``ctx``'s precision.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(40)
    >>> _z, lv, lw = beta_log_moments(ctx.mpf(-1) / 2, ctx.mpf(-1) / 2, ctx)  # arcsine
    >>> ctx.nstr(lv + 2 * ctx.ln2, 30), ctx.nstr(lv - lw, 30)  # E ln V = -2 ln 2
    ('0.0', '0.0')
    """
    a, b = ctx.mpf(c) + 1, ctx.mpf(d) + 1
    if not (a > 0 and b > 0):
        raise NumericError("v^c (1 - v)^d is integrable on (0, 1) only for c, d > -1")
    target = ctx.prec
    bits = ctx.prec + GUARD_BITS + max(16, int(ctx.mag(a + b)))
    with ctx.workprec(-(-bits // STEP_BITS) * STEP_BITS):  # a few precisions share nodes
        a, b = ctx.mpf(c) + 1, ctx.mpf(d) + 1
        shape = _Shape(a, b, ctx)
        scale = min(+ctx.pi, 8 * shape.width)
        centred = proved_level(a, b, shape.mode, scale, target, shape.width)
        shared = (proved_level(a, b, 0, ctx.pi, target, shape.width)
                  if shape.width >= NARROW else None)
        if centred is None and shared is None:
            raise NumericError("no strip of analyticity bounds the logit rule's error")
        if shared is not None and (centred is None or shared <= centred):
            sums = _levels(shape, lambda lv, sd: standard_nodes(lv, sd, ctx), shared, ctx)
        else:
            sums = _levels(shape, lambda lv, sd: _centred(shape.mode, scale, lv, sd, ctx),
                           centred, ctx)
        z, lv, lw = sums
        out = (ctx.log(z) + shape.peak, lv / z, lw / z)
    return tuple(+x for x in out)


def beta_entropy(c, d, ctx):
    """``-int f ln f`` of ``f = v^c (1 - v)^d / Z`` on ``(0, 1)``:
    ``ln Z - c E ln V - d E ln(1 - V)`` by :func:`beta_log_moments` (guard bits for the terms
    of size ``c + d`` that cancel); ``c``, ``d`` numbers ``ctx`` converts exactly.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> ctx.nstr(beta_entropy(0, 1, ctx) - (ctx.mpf(1) / 2 - ctx.ln2), 5)  # 2 (1 - v)
    '0.0'
    """
    with ctx.workprec(ctx.prec + 16):
        size = abs(ctx.mpf(c)) + abs(ctx.mpf(d)) + 1
    with ctx.workprec(ctx.prec + 16 + int(size).bit_length()):
        cc, dd = ctx.mpf(c), ctx.mpf(d)
        log_z, mean_lv, mean_lw = beta_log_moments(cc, dd, ctx)
        h = log_z - cc * mean_lv - dd * mean_lw
    return +h


class _Shape:
    """The density's exponents ``a, b``, its log-peak, mode and width in ``y``, and the
    value of one term at a node."""

    def __init__(self, a, b, ctx):
        self.ctx, self.a, self.b, n = ctx, a, b, a + b
        self.n = n
        self.peak = a * ctx.log(a / n) + b * ctx.log(b / n)  # max of a y - n softplus(y)
        self.mode = ctx.log(a / b)
        self.width = ctx.sqrt(1 / a + 1 / b)
        self.halves = all(ctx.isint(2 * x) for x in (a, b))
        self.unpeak = ctx.exp(-self.peak)
        self.floor = -2 * ctx.prec * ctx.ln2

    def terms(self, node):
        """``(f, f ln v, f ln(1 - v))`` at a node ``(y, E, L, w)``, ``f`` the density over
        its peak times the weight ``w``; None when ``f`` is far below every digit kept."""
        ctx = self.ctx
        y, e, tail, w = node
        lv, lw = (-tail, -y - tail) if y > 0 else (y - tail, -tail)
        if self.halves:
            f = _power(e, self.b if y > 0 else self.a, ctx) / _power(1 + e, self.n, ctx)
            f *= self.unpeak
        else:
            g = self.a * lv + self.b * lw - self.peak
            if g < self.floor:
                return None
            f = ctx.exp(g)
        f *= w
        return f, f * lv, f * lw


def _power(x, k, ctx):
    """``x^k`` for an integer or half-integer ``k > 0`` by multiplications (and a root)."""
    twice = int(2 * k)
    return x ** (twice // 2) if twice % 2 == 0 else ctx.sqrt(x) ** twice


def _levels(shape, nodes, top: int, ctx):
    """The three integrals ``int F``, ``int F ln v``, ``int F ln(1 - v)`` (``F`` the density
    over its peak) by the rule's levels ``0 .. top``, each adding the nodes between the last
    one's."""
    previous = None
    for level in range(top + 1):
        h = ctx.ldexp(1, -level)
        new = [ctx.zero] * 3
        for side in (1, -1):
            part = _walk(shape, nodes(level, side), side, previous, ctx)
            new = [x + y for x, y in zip(new, part, strict=True)]
        previous = [x * h if previous is None else p / 2 + x * h
                    for x, p in zip(new, previous or new, strict=True)]
    return previous


def _walk(shape, nodes, side: int, previous, ctx) -> list:
    """The sums of the terms at ``nodes`` (one side of one level, walked outward) until,
    past the mode, :data:`QUIET` terms in a row are negligible against the integrals so far
    (``previous``, or this level's own sums on level 0): the density is log-concave in
    ``y``, so it only falls from there."""
    sums = [ctx.zero] * 3
    tiny = ctx.eps * ctx.ldexp(1, -20)
    quiet = 0
    for node in nodes:
        past = node[0] >= shape.mode if side > 0 else node[0] <= shape.mode
        terms = shape.terms(node)
        if terms is None:
            if past:
                break
            continue
        known = previous or sums
        if past and all(abs(x) <= tiny * abs(k) for x, k in zip(terms, known, strict=True)):
            quiet += 1
            if quiet >= QUIET:
                break
        else:
            quiet = 0
        sums = [x + y for x, y in zip(sums, terms, strict=True)]
    return sums


def _ts(level: int, side: int, start: int, ctx):
    """``exp(t)`` at the nodes of one side of one level from the ``start``-th, outward:
    ``t = 0, 1, 2, ...`` on level 0 (``t = 0`` on side +1 only), else the odd multiples of
    ``2^-level``; advanced by multiplication (the guard bits absorb its rounding)."""
    if level == 0:
        first, step = (0 if side > 0 else -1), side * ctx.one
    else:
        first, step = side * ctx.ldexp(1, -level), side * ctx.ldexp(1, 1 - level)
    et, growth = ctx.exp(first + start * step), ctx.exp(step)
    while True:
        yield et
        et *= growth


def _node(mode, scale, et, ctx) -> tuple:
    """``(y, e^-|y|, ln(1 + e^-|y|), dy/dt)`` at ``y = mode + scale sinh t``."""
    y = mode + scale * (et - 1 / et) / 2
    e = ctx.exp(-abs(y))
    return y, e, ctx.log1p(e), scale * (et + 1 / et) / 2


def _centred(mode, scale, level: int, side: int, ctx):
    """The nodes of the rule ``y = mode + scale sinh t``, made as they are walked."""
    for et in _ts(level, side, 0, ctx):
        yield _node(mode, scale, et, ctx)


def kept_precisions() -> tuple:
    """The precisions (bits) whose shared nodes are in memory, the most recent last."""
    with _LOCK:
        return tuple(_NODES)


def standard_nodes(level: int, side: int, ctx):
    """The nodes ``(y, e^-|y|, ln(1 + e^-|y|), dy/dt)`` of ``y = pi sinh t`` on one side of
    one level, outward, at ``ctx``'s precision: kept in memory per precision (the last
    :data:`PRECISIONS` used), shared by every density and thread.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> y, e, tail, w = next(standard_nodes(0, 1, ctx))  # t = 0: v = 1/2
    >>> ctx.nstr(e, 5), ctx.nstr(tail - ctx.ln2, 5), ctx.nstr(w, 8)
    ('1.0', '0.0', '3.1415927')
    """
    with _LOCK:
        table = _NODES.pop(ctx.prec, None) or {}
        _NODES[ctx.prec] = table  # the most recent last
        while len(_NODES) > PRECISIONS:
            _NODES.popitem(last=False)
        made = table.setdefault((level, side), [])
    k = 0
    while True:
        if k >= len(made):
            with _LOCK:
                if k >= len(made):  # not made by another thread meanwhile
                    ts = _ts(level, side, len(made), ctx)
                    made.extend(tuple(x._mpf_ for x in _node(0, ctx.pi, next(ts), ctx))
                                for _ in range(BATCH))
        yield tuple(ctx.make_mpf(x) for x in made[k])
        k += 1
