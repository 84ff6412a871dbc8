"""Fit a catalog family's parameters to a density written out (numbers only; the exact
test that the density *is* the family's is :mod:`.custom_family`'s).

The family's log-density is matched to ``ln f`` at as many points as it has parameters by
Newton's method (mpmath's ``findroot``).  Both the points and the starting values come from
where the density's mass sits, its mode ``m`` and width ``w``
(:func:`~symbolic_info.numeric.mode_width.mode_and_width`): the points are ``m + w t`` for a
few fixed ``t``, and a parameter that moves or stretches the law (found by
:func:`roles`: a location ``mu`` with ``f(x; mu + d) = f(x - d; mu)``, a scale ``s`` with
``f(x; c s) = f(x/c; s)/c``, a rate ``r`` with ``f(x; c r) = c f(c x; r)``) starts where the
family's own mode and width, at location 0 and scale 1, land on ``m`` and ``w``: exact for
a location-scale family without a shape.  Fixed points ``x = 0.3, -0.7, 1.9`` and random
starts missed ``normal(5, 1)`` written out (5 widths away, Newton did not converge).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.families import FAMILIES
>>> from symbolic_info.numeric.context import compile_expr, new_context
>>> ctx = new_context(40)
>>> x = sp.Symbol("x", real=True)
>>> log_f = compile_expr(sp.log(sp.exp(-(x - 5) ** 2 / 8) / sp.sqrt(8 * sp.pi)), [x], ctx)
>>> [[ctx.nstr(v, 10) for v in values] for values in fit(FAMILIES["normal"], log_f, "real", ctx)]
[['5.0', '2.0']]
>>> roles(FAMILIES["gamma"], "positive", ctx)
{'theta': 'scale'}
"""

from __future__ import annotations

import random

from ..numeric.context import NumericError, compile_expr
from ..numeric.mode_width import mode_and_width, shape_ratio

__all__ = ["fit", "roles", "anchor", "fit_points", "STARTS", "LARGEST_FIT", "NEWTON_STEPS",
           "EVALUATIONS", "SHAPE_STEPS", "SHAPE_REACH"]

STARTS = 4
"""Starting values of Newton's method per family."""
NEWTON_STEPS = 30
"""Newton steps at most per start (from a start placed by the mode and width, a family
that holds the density converges in a few)."""
EVALUATIONS = 200
"""Evaluations of the equations at most per start: mpmath's multidimensional Newton halves a
step that does not reduce the residual until the iterate stops moving (130 halvings at 40
digits), and 30 such steps fitting the generalized normal to a mixture of two normals took
8127 evaluations (1 s); a start that converged took at most 98 (gamma(30, 1/5); 25 members
of 20 families, written out)."""
SHAPE_STEPS = 20
"""Secant steps at most when matching a shape parameter's ratio (:func:`_matched_shape`);
each costs a mode search (fitting the Erlang shape to a half-normal, whose ratio the Gamma
laws reach only as their shape grows without bound, took 0.3 s)."""
SHAPE_REACH = 230
"""The secant method gives up on a shape beyond ``e^+-230`` (``10^+-100``)."""
LARGEST_FIT = 50
"""Newton's method is abandoned when an iterate exceeds ``10^LARGEST_FIT`` in size or leaves
the real line (parameters are real).  Fitting the logistic family to ``normal(20, 1)``
written out went to ``mu = 5e23 - 8e30 i``, where mpmath's ``ln`` of a complex number next to
1 asked GMP for an integer too large to exist and the whole process aborted."""
_SUPPORT = {"real": ("-inf", "inf"), "positive": ("0", "inf"), "unit": ("0", "1")}
_OFFSETS = ("0.3", "-0.7", "1.9")
_CHECK_OFFSETS = ("-2.3", "0.05", "3.1", "-0.4")
_POINTS = {"real": _OFFSETS, "positive": ("0.5", "1.3", "2.7"), "unit": ("0.2", "0.5", "0.7")}
_CHECK_POINTS = {"real": _CHECK_OFFSETS, "positive": ("0.11", "0.9", "3.7", "6.2"),
                 "unit": ("0.05", "0.35", "0.61", "0.93")}
_FAILED = (ValueError, ZeroDivisionError, NumericError, TypeError, OverflowError)


def _support(kind, ctx):
    return tuple(ctx.mpf(e) for e in _SUPPORT[kind])


def anchor(log_f, kind: str, ctx) -> tuple | None:
    """``(mode, width, shape ratio)`` of ``exp(log_f)`` on the support of ``kind`` (the ratio
    ``None`` when it cannot be measured), or ``None``."""
    ends = _support(kind, ctx)
    found = mode_and_width(log_f, *ends, ctx)
    return None if found is None else (*found, shape_ratio(log_f, found, *ends, ctx))


def fit_points(kind: str, anchored, ctx) -> tuple:
    """``(fit points, check points)``: ``m + w t`` when all of them lie inside the support,
    else the kind's fixed points (on the half-line multiplied by ``m + w``).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> [ctx.nstr(x, 5) for x in fit_points("real", (ctx.mpf(5), ctx.mpf(2), None), ctx)[0]]
    ['5.6', '3.6', '8.8']
    """
    lo, hi = _support(kind, ctx)
    if anchored is not None:
        m, w = anchored[:2]
        out = tuple(tuple(m + w * ctx.mpf(t) for t in ts) for ts in (_OFFSETS, _CHECK_OFFSETS))
        if all(lo < x < hi for xs in out for x in xs):
            return out
    unit = anchored[0] + anchored[1] if anchored is not None and kind == "positive" else 1
    return tuple(tuple(unit * ctx.mpf(t) for t in table[kind])
                 for table in (_POINTS, _CHECK_POINTS))


def _same(a, b, ctx) -> bool:
    return abs(a - b) <= ctx.mpf(10) ** -25 * (1 + abs(b))


def roles(fam, kind: str, ctx, logpdf=None) -> dict:
    """``{parameter name: "location" | "scale" | "rate"}`` of ``fam`` on the support of
    ``kind`` ("real" or "positive"), shown by the log-density's identities at two sampled
    points (``logpdf``: the family's, compiled in ``x`` and its parameters, when at hand).
    A role is only used to place Newton's starting values."""
    if logpdf is None:
        logpdf = compile_expr(fam.logpdf, [fam.var, *(p.symbol for p in fam.params)], ctx)
    rng = random.Random(f"roles:{fam.name}")
    theta = [ctx.mpf(float(p.sample(rng))) for p in fam.params]
    xs = [ctx.mpf(t) for t in _POINTS[kind][:2]]
    d, c = ctx.mpf("0.7"), ctx.mpf("1.9")

    def holds(moved, shift, at):
        try:
            return all(_same(logpdf(moved(x), *at) + shift, logpdf(x, *theta), ctx) for x in xs)
        except _FAILED:
            return False

    found, centre = {}, ctx.zero
    for i, p in enumerate(fam.params):
        if kind == "real" and p.symbol.is_positive is not True:
            at = [*theta[:i], theta[i] + d, *theta[i + 1:]]
            if holds(lambda x: x + d, 0, at):
                found[p.name], centre = "location", theta[i]
                break
    for i, p in enumerate(fam.params):
        if p.name in found or p.symbol.is_positive is not True:
            continue
        at = [*theta[:i], theta[i] * c, *theta[i + 1:]]
        if holds(lambda x: centre + c * (x - centre), ctx.log(c), at):
            found[p.name] = "scale"
            break
        if holds(lambda x: centre + (x - centre) / c, -ctx.log(c), at):
            found[p.name] = "rate"
            break
    return found


def _standard(fam, placed, values, ctx) -> list:
    """``values`` with each location at 0 and each scale or rate at 1."""
    return [ctx.zero if placed.get(p.name) == "location" else ctx.one if p.name in placed
            else v for p, v in zip(fam.params, values, strict=True)]


def _matched_shape(fam, logpdf, kind, anchored, placed, i, start, ctx):
    """The value of the one unplaced (shape) parameter ``i`` at which the family's
    :func:`~symbolic_info.numeric.mode_width.shape_ratio` is the density's, by the secant
    method in its logarithm from ``start[i]``; ``None`` when it does not settle."""
    lo, hi = _support(kind, ctx)

    def gap(u):
        values = _standard(fam, placed, start, ctx)
        values[i] = ctx.exp(u)
        own = mode_and_width(lambda x: logpdf(x, *values), lo, hi, ctx)
        ratio = None if own is None else shape_ratio(lambda x: logpdf(x, *values), own, lo,
                                                     hi, ctx)
        if ratio is None:
            raise ValueError("no shape ratio")
        return ctx.log(ratio) - ctx.log(anchored[2])

    u = ctx.log(start[i])
    try:
        previous, g_previous = u + ctx.mpf("0.5"), gap(u + ctx.mpf("0.5"))
        for _ in range(SHAPE_STEPS):
            g = gap(u)
            if abs(g) < ctx.mpf(10) ** -8:
                return ctx.exp(u)
            if g == g_previous or abs(u) > SHAPE_REACH:
                return None
            previous, g_previous, u = u, g, u - g * (u - previous) / (g - g_previous)
    except _FAILED:
        return None
    return None


def _starts(fam, logpdf, kind, anchored, ctx, matched):
    """Starting parameter vectors: sampled values, the location and scale (or rate) moved so
    that the family's mode and width at them are the density's (when both are known); or,
    ``matched``, only one whose single shape is set so that its shape ratio is the density's
    (it costs a mode search per secant step)."""
    rng = random.Random(f"recognise:{fam.name}")
    placed = roles(fam, kind, ctx, logpdf) if anchored is not None and kind != "unit" else {}
    free = [i for i, p in enumerate(fam.params) if p.name not in placed]
    starts = [[ctx.mpf(float(p.sample(rng))) for p in fam.params]
              for _ in range(STARTS if free or not placed else 1)]
    if not matched:
        for start in starts:
            yield _placed(fam, logpdf, kind, anchored, placed, start, ctx) if placed else start
    elif (placed and len(free) == 1 and anchored[2] is not None
          and fam.params[free[0]].symbol.is_positive):
        shape = _matched_shape(fam, logpdf, kind, anchored, placed, free[0], starts[0], ctx)
        if shape is not None:
            start = [*starts[0][:free[0]], shape, *starts[0][free[0] + 1:]]
            yield _placed(fam, logpdf, kind, anchored, placed, start, ctx)


def _placed(fam, logpdf, kind, anchored, placed, start, ctx) -> list:
    """``start`` with its location and scale (or rate) moved so that the family's mode and
    width are the density's."""
    standard = _standard(fam, placed, start, ctx)
    own = mode_and_width(lambda x: logpdf(x, *standard), *_support(kind, ctx), ctx)
    if own is None:
        return start
    stretch = anchored[1] / own[1]
    moved = {"location": anchored[0] - stretch * own[0], "scale": stretch, "rate": 1 / stretch}
    return [moved.get(placed.get(p.name), v) for p, v in zip(fam.params, standard, strict=True)]


def fit(fam, log_f, kind: str, ctx, anchored=None, matched=False) -> list:
    """Parameter values (mpf) at which the family's log-density meets ``log f`` at k points
    (and at four more); ``anchored``: the density's ``(mode, width, shape ratio)`` when
    known; ``matched``: from the start whose shape matches that ratio alone (a second pass,
    for a shape far from the sampled ones: ``gamma(1000, 1)``), else from the others."""
    symbols = [p.symbol for p in fam.params]
    logpdf = compile_expr(fam.logpdf, [fam.var, *symbols], ctx)
    points, checks = fit_points(kind, anchored, ctx)
    xs = points[:len(symbols)]
    try:
        targets = [log_f(x) for x in xs]
    except _FAILED:
        return []

    largest = ctx.mpf(10) ** LARGEST_FIT

    spent = [0]

    def equations(*theta):
        spent[0] += 1
        if spent[0] > EVALUATIONS:
            raise ValueError("Newton's method made no progress")
        if any(ctx.im(t) != 0 or not ctx.isfinite(t) or abs(t) > largest for t in theta):
            raise ValueError("Newton's method left the real parameters")
        return [logpdf(x, *theta) - t for x, t in zip(xs, targets, strict=True)]

    for start in _starts(fam, logpdf, kind, anchored, ctx, matched):
        spent[0] = 0
        try:
            root = ctx.findroot(equations if len(symbols) > 1 else
                                (lambda t: equations(t)[0]), start if len(start) > 1
                                else start[0], tol=ctx.mpf(10) ** (-ctx.dps + 8),
                                maxsteps=NEWTON_STEPS)
        except _FAILED:
            continue
        values = list(root) if len(symbols) > 1 else [root]
        if all(ctx.im(v) == 0 for v in values) and _agrees(logpdf, log_f, values, checks, ctx):
            return [[ctx.re(v) for v in values]]
    return []


def _agrees(logpdf, log_f, values, checks, ctx) -> bool:
    """The fitted log-density meets ``log f`` at the check points (to 25 digits)."""
    try:
        return all(_same(logpdf(x, *values), log_f(x), ctx) for x in checks)
    except _FAILED:
        return False
