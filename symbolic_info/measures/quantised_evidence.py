"""The evidence of ``quantised-entropy``: H(X_delta) - (h(X) - log delta) as delta halves.

Cover & Thomas, *Elements of Information Theory*, 2nd ed., Theorem 8.3.1: for a Riemann-integrable
density, H(X_delta) + log delta -> h(X) as delta -> 0; the midpoint rule on each cell predicts an
error O(delta^2) for a density twice continuously differentiable on each cell (O(delta) with a
jump inside a cell).  The table gives the error at delta 2^k with the ratio of successive errors
and the fitted slope of log|error| against log delta; the cell sums come from the caller
(``cell_sum(law, delta, dps, bound=True)``, the CDF cells of :mod:`symbolic_info.numeric.cells`).

>>> rows = [{"delta": sp.Rational(1, 2 ** k), "error": 4.0 ** -k, "noise": 0} for k in (1, 2, 3)]
>>> round(_slope(rows, "error", new_context(20)), 6)
2.0
"""

from __future__ import annotations

import math

import sympy as sp

from ..numeric.cells import MAX_CELLS, CellLimitError, HeavyTailError, NarrowLawError, cell_range
from ..numeric.context import NumericError, compile_expr, new_context, to_decimal
from ..numeric.density_cdf import MAX_NUMERIC_CELLS
from ..numeric.resolved import resolved_text

__all__ = ["evidence_table", "EVIDENCE_POWERS", "EVIDENCE_DPS"]

EVIDENCE_POWERS = (5, 4, 3, 2, 1, 0, -1)
"""The evidence table's rows: delta times 2^k."""
EVIDENCE_DPS = 20
"""Digits of the evidence table's sums (8 of the error are shown; it is >= 1e-9 at the deltas
shown for the usual scales, well above the 1e-18 of the sums)."""
EVIDENCE_CELLS = 5_000
"""The evidence table stops before a row that needs more cells than this."""
RESOLVED = EVIDENCE_DPS - 2
"""The sums and h(X) are right to 10^-RESOLVED of their size: a number the table computes as a
difference is shown only by its digits above that (:func:`..numeric.resolved.resolved_text`),
``0e-k`` when none is: normal(0, 1) against normal(0, 1 + 1e-30) has differences near 1e-31."""
UNRESOLVED = EVIDENCE_DPS - 8
"""A row whose error is below 10^-UNRESOLVED of H(X_delta) ends the table: its 8 digits shown
would be rounding noise of the 20-digit sums (normal(0, 1) at delta 1e-300: error 1e-600)."""
FAR_POWERS = (1, 0, -1)
"""The evidence rows of a law too wide to walk cell by cell (its far tails summed by the
Euler-Maclaurin series, a few seconds a row): three, enough for the fitted slope."""
MAX_SHIFT = 48
"""Most doublings of delta :func:`_first_power` tries for a law wide against delta (2^48:
normal(0, 1) at delta 1e-12 still fits; a heavy tail such as the Cauchy's never does)."""


def _cells(laws, d, ctx) -> int:
    """The most cells any law needs at ``d`` (:func:`cell_range`; its errors propagate)."""
    return max(i1 - i0 for i0, i1 in (cell_range(law.pieces, law.var, law.lo, law.hi, d,
                                                 ctx.dps, ctx) for law in laws))


def _first_power(laws, delta, ctx) -> int:
    """The power k of the table's first row, delta 2^k: :data:`EVIDENCE_POWERS`' first,
    unless a law is so wide against delta that this row needs more than
    :data:`EVIDENCE_CELLS` cells (normal(0, 1000) at delta 1/100: 66,000); then the first
    k whose row needs at most a quarter of them, so that the table still has three rows
    (the error depends on delta relative to the law's scale: delta^2 / (24 sigma^2) for a
    normal).  Unchanged when no doubling up to 2^:data:`MAX_SHIFT` fits (a heavy tail: its
    rows come from the series) or a law has no closed-form CDF.

    >>> from symbolic_info.measures.quantised_law import QuantisedLaw
    >>> wide = [QuantisedLaw("normal(0, 1000)", "X")]
    >>> _first_power(wide, sp.Rational(1, 100), new_context(EVIDENCE_DPS))
    11
    """
    first = EVIDENCE_POWERS[0]
    if any(law.numeric for law in laws):
        return first
    k = first - 1
    while k < first + MAX_SHIFT:
        k += 1
        try:
            cells = _cells(laws, delta * sp.Integer(2) ** k, ctx)
        except HeavyTailError:  # no delta a grid can walk fits (48 searches: 1 s before)
            return first
        except CellLimitError as exc:  # over MAX_CELLS: on to the doubling that may fit
            if exc.cells is not None:
                k += _doublings(exc.cells) - 1
            continue
        except NumericError:  # NarrowLawError too: this doubling went past the law's width
            return first
        if cells <= (EVIDENCE_CELLS if k == first else EVIDENCE_CELLS // 4):
            return k
    return first


def _doublings(cells: float) -> int:
    """The doublings of delta after which a row of ``cells`` cells needs at most a quarter
    of :data:`EVIDENCE_CELLS` (a law's reach does not depend on delta, so its cells halve
    with each doubling); at least 1."""
    return max(1, math.ceil(math.log2(cells / (EVIDENCE_CELLS // 4))))


def _ranges(laws, d, ctx):
    """Each law's cells ``(i0, i1)`` at ``d``, or the error :func:`cell_range` raised (a
    :class:`CellLimitError` or :class:`NarrowLawError`), and whether a row there is over
    the table's limit on cells (the rows end before it)."""
    try:
        ranges = [cell_range(law.pieces, law.var, law.lo, law.hi, d, ctx.dps, ctx)
                  for law in laws]
    except (CellLimitError, NarrowLawError) as exc:
        return exc, False
    return ranges, any(i1 - i0 > (MAX_NUMERIC_CELLS if law.numeric else EVIDENCE_CELLS)
                       for law, (i0, i1) in zip(laws, ranges, strict=True))


def _rows(laws, entropies, delta, cell_sum, ctx, prepare=None) -> tuple:
    """The evidence rows at delta 2^k (see :data:`EVIDENCE_POWERS`); a law too wide to walk
    (its far tails by the Euler-Maclaurin series, seconds a row) only at
    :data:`FAR_POWERS`, its rows marked ``far``; and whether a row's error was rounding noise
    (:data:`UNRESOLVED`), which ends the table.  ``prepare(deltas)``, if given, is handed
    the deltas of the rows walked cell by cell before any is summed (to sum them on both
    cores)."""
    rows = []
    hs = [compile_expr(h, [], ctx)() for h in entropies]
    shift = _first_power(laws, delta, ctx) - EVIDENCE_POWERS[0]
    deltas = [delta * sp.Integer(2) ** (k + shift) for k in EVIDENCE_POWERS]
    plans = []  # the cells counted first: a row over the limit is never summed
    for d in deltas:
        plans.append(_ranges(laws, d, ctx))
        if plans[-1][1]:
            break
    if prepare is not None:
        prepare([d for d, (ranges, over) in zip(deltas, plans, strict=False)
                 if not over and not isinstance(ranges, Exception)])
    for k, d, (ranges, over) in zip(EVIDENCE_POWERS, deltas, plans, strict=False):
        far = False
        if over:
            break
        try:
            if isinstance(ranges, Exception):
                raise ranges
            sums = [cell_sum(law, d, ctx.dps, False) for law in laws]
            cells = ranges[0][1] - ranges[0][0]  # a sum kept at more digits has more cells
        except CellLimitError:
            if k not in FAR_POWERS or any(law.numeric for law in laws):
                continue
            try:  # with the bound: the far tails by their series
                sums = [cell_sum(law, d, ctx.dps) for law in laws]
            except NumericError:
                break
            far = True
            cells = sums[0].cells
        except NarrowLawError:  # this delta too wide for the law: the smaller ones below
            continue
        log_d = compile_expr(sp.log(d), [], ctx)()
        values = [ctx.convert(s.entropy) for s in sums]
        if abs(values[0] - (hs[0] - log_d)) <= abs(values[0]) * ctx.mpf(10) ** -UNRESOLVED:
            return rows, True  # the error is rounding noise here, smaller at the deltas below
        # what the sums and h resolve (absolute): their rounding and the tails' bounds
        noise = ctx.mpf(10) ** -RESOLVED * ctx.fsum(abs(v) + abs(h - log_d)
                                                    for v, h in zip(values, hs, strict=False)) \
            + ctx.fsum(ctx.convert(s.bound) for s in sums if s.bound is not None)
        rows.append({"delta": d, "H": values, "error": values[0] - (hs[0] - log_d),
                     "cells": cells, "far": far, "noise": noise, "shift": shift,
                     "difference_error": (values[0] - values[1]) - (hs[0] - hs[1])
                     if len(laws) > 1 else None})
    return rows, False


def _slope(rows, key, ctx):
    """Least-squares slope of log|error| against log delta over the last three rows (those
    whose error is resolved: 100 times above its noise)."""
    pts = [(float(ctx.log(r["delta"].p) - ctx.log(r["delta"].q)), float(ctx.log(abs(r[key]))))
           for r in rows[-3:] if abs(r[key]) > 100 * r["noise"]]
    if len(pts) < 2:
        return None
    mx = sum(p for p, _ in pts) / len(pts)
    my = sum(q for _, q in pts) / len(pts)
    den = sum((p - mx) ** 2 for p, _ in pts)
    return sum((p - mx) * (q - my) for p, q in pts) / den if den else None


def evidence_table(laws, entropies, delta, cell_sum, units: str = "nats",
                   prepare=None) -> dict:
    """The error H(X_delta) - (h(X) - log delta) at delta 2^k, its fitted rate and the ratio
    of successive errors (and, for two laws, the error of the difference); ``prepare`` as
    for :func:`_rows`."""
    ctx = new_context(EVIDENCE_DPS)
    scale = 1 / ctx.ln2 if units == "bits" else ctx.one
    rows, noise = _rows(laws, entropies, delta, cell_sum, ctx, prepare)

    def t(v, noise=None):
        return to_decimal(v * scale, 8, ctx) if noise is None else \
            resolved_text(v * scale, noise * scale, 8, ctx)

    table, previous = [], None
    for r in rows:
        row = {"delta": sp.sstr(r["delta"]), "cells": r["cells"], "H(X_delta)": t(r["H"][0]),
               "error": t(r["error"], r["noise"])}
        resolved = abs(r["error"]) > 10**6 * r["noise"]  # a ratio of two errors to 4 digits
        row["ratio to the row above"] = to_decimal(previous / r["error"], 4, ctx) \
            if previous is not None and resolved else ""
        previous = r["error"] if resolved else None
        if r["difference_error"] is not None:
            row["H(X_delta) - H(Y_delta)"] = t(r["H"][0] - r["H"][1], r["noise"])
            row["difference error"] = t(r["difference_error"], r["noise"])
        table.append(row)
    slope = _slope(rows, "error", ctx)
    out = {
        "table": table,
        "rates": {"error_slope": None if slope is None else f"{slope:.3f}"},
        "predicted": {"error": "O(delta^2): slope 2, ratio 4 when delta halves, for a density "
                               "twice continuously differentiable on each cell (midpoint rule); "
                               "a jump inside a cell gives O(delta)"},
        "method": f"H(X_delta) by the CDF over the cells at {EVIDENCE_DPS} digits; h(X) from "
                  "the entropy entry" + (
                      f"; rows only at delta 2^k for k = {', '.join(map(str, FAR_POWERS))}: "
                      f"there more than {MAX_CELLS} cells hold all but a negligible mass, so "
                      "the far tails are summed by the Euler-Maclaurin series, seconds a row"
                      if any(r["far"] for r in rows) else "")
                  + ("" if not any(r["shift"] for r in rows) else
                     f"; delta is small against the law's scale (its first row at delta 2^"
                     f"{EVIDENCE_POWERS[0]} would need more than {EVIDENCE_CELLS} cells), so "
                     f"the rows start at delta 2^{EVIDENCE_POWERS[0] + rows[0]['shift']}: the "
                     "error depends on delta relative to the scale")
                  + ("" if not noise else
                     f"; a row whose error is below 1e-{UNRESOLVED} of H(X_delta), rounding "
                     f"noise at {EVIDENCE_DPS} digits, ends the table"),
        "units": units,
    }
    if len(laws) > 1:
        s2 = _slope(rows, "difference_error", ctx)
        out["rates"]["difference_error_slope"] = None if s2 is None else f"{s2:.3f}"
    return out
