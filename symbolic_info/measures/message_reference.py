"""The independent reference of ``information-in-message``: ``H(X) - H(X | A)`` from the pmf
(density) as written, never from the steps of :mod:`.message`.

``H(X) = -sum p ln p`` over the support and ``H(X | A) = -sum q ln q`` over the event with
``q = p / P(A)``, ``P(A)`` summed from the pmf first (Cover & Thomas, *Elements of Information
Theory*, 2nd ed., eq. (2.1) for each pmf).  Series are added term by term until a geometric
bound ends them, or by mpmath's ``nsum`` when their terms fall fast, by the Abel-Plana formula
(:mod:`symbolic_info.numeric.abel_plana`) when they fall slowly; integrals by the project's
double-exponential quadrature; finite sums exactly.

The event's part of ``H(X)`` and ``H(X | A)`` are summed together: for a density, each
interval of the event is integrated once with ``-f ln f + q ln q`` (:func:`shared_intervals`).
When the pmf falls slowly and the event holds every value from some ``a`` on (``X != 1``,
``X > 3``), both entropies sum the same tail ``k >= a``, each term at the same points.  Their
tails are then one Abel-Plana sum of ``-p ln p - (-q ln q)``, the two summands at each point
from one value of ``p`` and one of ``ln p`` (``ln q = ln p - ln P(A)``), and the values of the
support below ``a`` are added directly (:func:`shared_tail`): one costly sum instead of two
(``6/(pi^2 k^2)``, ``X != 1``: the reference at 1000 digits 6.0 s of CPU instead of 11.3, one
core; ``ln p`` at the real points by MPFR, :func:`~symbolic_info.numeric.special.log`, 5.2 s).

Example
-------
>>> from symbolic_info.language import parse_distribution
>>> from symbolic_info.language.event import integer_ranges, parse_event
>>> from symbolic_info.measures.custom_build import as_formula
>>> from symbolic_info.numeric.context import new_context
>>> form = as_formula(parse_distribution("1/2^k on k = 1..oo"))
>>> pieces = integer_ranges(parse_event("X != 1", "X"), form.lo, form.hi)
>>> ctx = new_context(30)
>>> ctx.nstr(message_reference(form, pieces)({}, ctx), 10)  # memoryless: no information
'0.0'
"""

from __future__ import annotations

import sympy as sp

from ..language import Table
from ..numeric import special
from ..numeric.abel_plana import abel_plana_cut
from ..numeric.context import compile_expr
from ..numeric.peaks import default_cut
from .custom_build import kinks
from .custom_numeric import analytic_terms, density_cuts, integral_reference, series_reference

__all__ = ["message_reference", "shared_tail", "shared_intervals", "FALLING_TERMS",
           "HEAD_TERMS"]

FALLING_TERMS = 20_000
"""Most terms a reference series is added term by term (:func:`_falling_sum`)."""
HEAD_TERMS = 1000
"""Most values of the support below the event's last range ``a..oo`` that :func:`shared_tail`
adds directly."""


def _slow(f, lo: int) -> bool:
    """True when the pmf still falls by less than 10 % per step 200 values after ``lo``."""
    a, b = abs(f(lo + 199)), abs(f(lo + 200))
    return a != 0 and b / a > 0.9


def _falling_sum(term, lo: int, ctx):
    """``sum of term(k) for k >= lo`` added term by term, or None after :data:`FALLING_TERMS`.

    It stops once the terms fall: with the last ratio ``r = |t_k / t_(k-1)| < 1`` the rest
    is at most ``|t_k| r / (1 - r)`` while the ratios keep falling (a geometric majorant,
    the ratio test of Knopp, *Theory and Application of Infinite Series*, Sec. 13), and
    that bound must be below ``2^-10 eps`` times the sum.  mpmath's ``nsum`` lost 29 of 50
    digits on the Poisson(4) tail beyond 1000 (mass 2.1e-1970); this keeps all of them.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> ctx.nstr(_falling_sum(lambda k: ctx.mpf(2) ** -k, 1, ctx), 25)
    '1.0'
    """
    total, previous = ctx.zero, None
    for k in range(lo, lo + FALLING_TERMS):
        t = term(k)
        total += t
        if previous and t and abs(t) < abs(previous):
            r = abs(t / previous)
            if abs(t) * r / (1 - r) <= ctx.eps * abs(total) * 2**-10:
                return total
        previous = t
    return None


def _plogp(v, ctx):
    return ctx.zero if v == 0 else -v * ctx.log(v)


def shared_tail(form, pieces, f, pa, ctx):
    """``H(X) - H(X | A)`` with the tail both entropies sum as one Abel-Plana sum, or None
    when it does not apply.

    It applies to a pmf on ``lo..oo`` whose terms are analytic and fall slowly, for an event
    whose last range is ``a..oo`` with ``lo < a <= lo + HEAD_TERMS`` (an event holding every
    value carries no information, and is left to the plain sums).  ``f`` is the pmf compiled
    on ``ctx``, ``pa`` the event's probability summed from it.  The values ``lo..a-1`` add
    ``-p ln p`` directly, the event's finite ranges ``-q ln q`` exactly, and the tail
    ``k >= a`` sums ``-p ln p + q ln q`` by :func:`~.custom_numeric.series_reference` (the
    Abel-Plana formula; the pmf's phase sets where its tail starts).

    >>> from symbolic_info.language import parse_distribution
    >>> from symbolic_info.language.event import parse_event
    >>> from symbolic_info.measures.custom_build import as_formula
    >>> from symbolic_info.numeric.context import new_context
    >>> form = as_formula(parse_distribution("1/(k*(k+1)) on k = 1..oo"))
    >>> ctx = new_context(30)
    >>> f = compile_expr(form.density, [form.var], ctx)
    >>> pieces = [(sp.Integer(2), sp.oo)]  # X != 1: P(A) = 1/2
    >>> value = shared_tail(form, pieces, f, ctx.mpf(1) / 2, ctx)
    >>> plain = series_reference(lambda k: _plogp(f(k), ctx), 1, None, ctx, True, (f,)) - \\
    ...     series_reference(lambda k: _plogp(2 * f(k), ctx), 2, None, ctx, True, (f,))
    >>> bool(abs(value - plain) < ctx.mpf(10) ** -28)
    True
    """
    if not (pieces and form.discrete and pieces[-1][1] is sp.oo and form.lo.is_Integer):
        return None
    lo, a = int(form.lo), int(pieces[-1][0])
    if not (lo < a <= lo + HEAD_TERMS and pa > 0 and analytic_terms(form.density)
            and _slow(f, a)):
        return None
    ln_pa = ctx.log(pa)

    def tail_term(k):  # -p ln p + q ln q with q = p / P(A): one p and one ln p at each k
        v = f(k)
        if v == 0:
            return ctx.zero
        lv = special.log(v, ctx)  # MPFR's on the real line from 480 digits (a third the time)
        return -v * lv + v / pa * (lv - ln_pa)

    if abel_plana_cut(tail_term, a, ctx) is None:  # its size not measured: the plain sums
        return None
    head = ctx.fsum(_plogp(f(ctx.mpf(k)), ctx) for k in range(lo, a))
    finite = ctx.fsum(_plogp(f(ctx.mpf(k)) / pa, ctx) for p, q in pieces[:-1]
                      for k in range(int(p), int(q) + 1))
    return head + series_reference(tail_term, a, None, ctx, True, (f,)) - finite


def shared_intervals(form, pieces, f, pa, ctx, cuts=()):
    """``H(X) - H(X | A)`` for a density, each interval of the event integrated once, or None
    when the event holds the whole support (no information: the plain integrals).

    On each interval of the event the integrand is ``-f ln f + q ln q`` with ``q = f / P(A)``
    (one ``f`` and one ``ln f`` at each node, ``ln q = ln f - ln P(A)``); the rest of the
    support adds ``-f ln f``.  ``f`` is the density compiled on ``ctx``, ``pa`` the event's
    probability integrated from it, ``cuts`` where the quadrature splits (kinks, peak, bumps).
    ``normal(0, 1)`` and ``X > 0``: three half-line integrals instead of four.

    >>> from symbolic_info.language import parse_distribution
    >>> from symbolic_info.measures.custom_build import as_formula
    >>> from symbolic_info.numeric.context import new_context
    >>> form = as_formula(parse_distribution("normal(0, 1)"))
    >>> ctx = new_context(30)
    >>> f = compile_expr(form.density, [form.var], ctx)
    >>> value = shared_intervals(form, [(sp.Integer(0), sp.oo)], f, ctx.mpf(1) / 2, ctx)
    >>> bool(abs(value - ctx.ln2) < ctx.mpf(10) ** -28)  # half the line: one bit
    True
    """
    if form.discrete or not pieces or not pa > 0:
        return None
    ends = [form.lo, *(e for piece in pieces for e in piece), form.hi]
    rest = [(ends[i], ends[i + 1]) for i in range(0, len(ends), 2) if bool(ends[i] < ends[i + 1])]
    if not rest:
        return None
    ln_pa = ctx.log(pa)

    def plogp(v):
        return ctx.zero if v == 0 else -v * special.log(v, ctx)

    def joint(v):  # -f ln f + q ln q with q = f / P(A)
        if v == 0:
            return ctx.zero
        lv = special.log(v, ctx)
        return -v * lv + v / pa * (lv - ln_pa)

    def over(g, a, b):
        lo, hi = (compile_expr(sp.sympify(e), [], ctx)() for e in (a, b))
        return integral_reference(lambda x: g(f(x)), lo, hi, ctx, cuts)

    return ctx.fsum([*(over(plogp, a, b) for a, b in rest),
                     *(over(joint, a, b) for a, b in pieces)])


def message_reference(form, pieces):
    """``reference(point, ctx)``: ``H(X) - H(X | A)`` in nats for the distribution ``form``
    (a :class:`~symbolic_info.language.Table` or a formula) and the event's ``pieces`` (the
    table's chosen items, or ranges and intervals of the support), cut at the density's
    kinks, narrow peak and bumps."""

    def reference(_point, ctx):
        def plogp(v):
            return _plogp(v, ctx)

        if isinstance(form, Table):
            probs = [compile_expr(sp.sympify(p), [], ctx)() for _v, p in form.items]
            chosen = [compile_expr(sp.sympify(p), [], ctx)() for _v, p in pieces]
            pa = ctx.fsum(chosen)
            return ctx.fsum(plogp(v) for v in probs) - ctx.fsum(plogp(v / pa) for v in chosen)
        f = compile_expr(form.density, [form.var], ctx)
        analytic = analytic_terms(form.density)
        cuts = [] if form.discrete else density_cuts(form.var, form.density,
                                                     (form.lo, form.hi), ctx, kinks(form))
        if not (form.discrete or cuts):  # a part of the support is cut where all of it is:
            # (-oo, 100) of normal(0, 1) cut one unit from 100 sent its nodes 27 units out
            cuts = [compile_expr(default_cut(form.lo, form.hi), [], ctx)()]

        def total(g, lo, hi):
            a, b = (compile_expr(sp.sympify(e), [], ctx)() for e in (lo, hi))
            if form.discrete and ctx.isinf(b) and not _slow(f, int(a)):
                direct = _falling_sum(lambda k: g(f(k)), int(a), ctx)
                return direct if direct is not None else \
                    ctx.nsum(lambda k: g(f(k)), [int(a), ctx.inf])  # Richardson + Shanks
            if form.discrete:  # exact finite sums; Euler-Maclaurin for slowly falling terms
                return series_reference(lambda k: g(f(k)), int(a),
                                        None if ctx.isinf(b) else int(b), ctx, analytic,
                                        (f,))
            return integral_reference(lambda x: g(f(x)), a, b, ctx, cuts)

        pa = ctx.fsum(total(lambda v: v, a, b) for a, b in pieces)
        shared = shared_tail(form, pieces, f, pa, ctx) if form.discrete else \
            shared_intervals(form, pieces, f, pa, ctx, cuts)
        if shared is not None:
            return shared
        h = total(plogp, form.lo, form.hi)
        return h - ctx.fsum(total(lambda v: plogp(v / pa), a, b) for a, b in pieces)

    return reference
