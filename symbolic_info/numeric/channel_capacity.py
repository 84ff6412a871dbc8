"""The capacity of a finite channel, with the input that achieves it and a certificate.

A channel is a row-stochastic matrix ``W`` (rows: inputs x, columns: outputs y).
For any input distribution p with output q = pW,

    I(p) = sum_x p(x) D(W(.|x) || q)  <=  C  <=  max_x D(W(.|x) || q)

(the lower bound is the definition of C as a maximum; the upper bound is the
"max-divergence" bound of Gallager, *Information Theory and Reliable
Communication*, 1968, Theorem 4.5.1, and Csiszar & Koerner, *Information
Theory*, 2nd ed., Problem 8.1).  At the capacity-achieving input both bounds
equal C, so two numbers that meet to d digits certify C to d digits.

:func:`solve_capacity` finds that input in three stages:

1. Blahut-Arimoto (Blahut 1972, Arimoto 1972; Cover & Thomas, *Elements of
   Information Theory*, 2nd ed., Sec. 10.8) in double precision, to see which
   inputs carry probability (the support: D(W(.|x) || q) = C there, < C elsewhere,
   the Kuhn-Tucker conditions of Gallager's Theorem 4.5.1); of those, only rows
   linearly independent of the ones before (exact rational elimination) are kept;
2. Newton's method on those conditions at the working precision
   (unknowns p on the support and C; equations D(W(.|x) || q) = C and sum p = 1),
   which converges quadratically where Blahut-Arimoto converges linearly; an input
   whose probability turns negative leaves the support, an input off the support
   whose divergence exceeds C joins it, and if its row depends on the support rows
   the input of the simplex method's ratio test leaves (so a row that is nearly a
   mixture of others gets no mass, and Newton never sees a dependent support).
   A singular Jacobian, or a capacity C < 1 whose divergences lose log10(1/C)
   digits to cancellation, sends the solve to more digits (at most
   :data:`MAX_WORK_DPS`, else :class:`NumericError`);
3. if Newton does not settle, Blahut-Arimoto itself at the working precision, for
   at most :data:`MAX_BA_SECONDS`.

Identical rows are merged first (their inputs are interchangeable; the merged
probability goes to the first of them) and outputs that no input reaches are left
out (they carry no probability).  Every value is computed on a private mpmath
context; results are cached per matrix and precision.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> r = sp.Rational
>>> sol = solve_capacity(((r(9, 10), r(1, 10)), (r(1, 10), r(9, 10))), 30)
>>> ctx = new_context(30)
>>> ctx.nstr(sol.lower / ctx.ln2, 12), ctx.nstr(sol.upper - sol.lower, 3)
('0.531004406411', '0.0')
>>> [ctx.nstr(p, 5) for p in sol.input]
['0.5', '0.5']
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .context import NumericError, new_context, to_mpf

__all__ = ["CapacitySolution", "solve_capacity", "divergences", "mutual_information_float",
           "MAX_BA_SECONDS", "FLOAT_ITERATIONS"]

MAX_BA_SECONDS = 3.0
"""Longest run of the high-precision Blahut-Arimoto fallback."""
FLOAT_ITERATIONS = 20_000
"""Most Blahut-Arimoto iterations in double precision (stage 1)."""
NEWTON_ROUNDS = 80
"""Most Newton iterations per support tried."""


@dataclass(frozen=True)
class CapacitySolution:
    """Capacity bounds (nats) and the input that attains them, as mpf on a ``dps`` context.

    ``input`` has one probability per row of the matrix as given (merged rows get 0);
    ``output`` one per column.  ``lower = I(input)``, ``upper = max_x D(W(.|x) ||
    output)``.  ``method`` says which stage settled the input.
    """

    dps: int
    input: tuple
    output: tuple
    divergences: tuple
    lower: object
    upper: object
    support: tuple
    float_iterations: int
    newton_iterations: int
    method: str


def _float_ba(W: np.ndarray):
    """Blahut-Arimoto in double precision: ``(p, D, iterations)``."""
    m = W.shape[0]
    p = np.full(m, 1.0 / m)
    logW = np.where(W > 0, np.log(np.where(W > 0, W, 1.0)), 0.0)
    D, done = np.zeros(m), 0
    while done < FLOAT_ITERATIONS:
        done += 1
        q = p @ W
        logq = np.log(np.where(q > 0, q, 1.0))
        D = (W * (logW - logq)).sum(axis=1)
        lower, upper = float(p @ D), float(D.max())
        if upper - lower <= 1e-13 * max(1.0, abs(upper)):
            break
        p = p * np.exp(D - upper)
        p /= p.sum()
    return p, D, done


def _mpf(w, ctx):
    """An exact rational (or an mpf) on ``ctx``, without compiling an expression."""
    if hasattr(w, "p") and hasattr(w, "q"):
        return ctx.mpf(int(w.p)) / int(w.q)
    return to_mpf(w, ctx)


def divergences(rows: list, q: list, ctx) -> list:
    """``D(W(.|x) || q)`` for each row (exact ``rows``, mpf ``q``), nats, on ``ctx``."""
    logq = [ctx.log(v) if v > 0 else None for v in q]
    out = []
    for row in rows:
        terms = []
        for y, w in enumerate(row):
            if w != 0:
                v = _mpf(w, ctx)
                terms.append(v * (ctx.log(v) - logq[y]))
        out.append(ctx.fsum(terms))
    return out


def _output(rows: list, p: list, ctx) -> list:
    n = len(rows[0])
    return [ctx.fsum(p[x] * _mpf(rows[x][y], ctx) for x in range(len(rows)) if rows[x][y])
            for y in range(n)]


def _newton(rows: list, support: list, p0: list, ctx):
    """Solve the Kuhn-Tucker equations on ``support``; ``p`` (all rows) or ``None``."""
    m, n = len(rows), len(rows[0])
    k = len(support)
    W = [[_mpf(w, ctx) for w in row] for row in rows]
    plogp = [ctx.fsum(w * ctx.log(w) for w in W[x] if w) for x in range(m)]
    p = [ctx.mpf(p0[x]) for x in support]
    total = ctx.fsum(p)
    p = [v / total for v in p]
    reached = [y for y in range(n) if any(rows[x][y] for x in support)]
    q = [ctx.fsum(p[i] * W[x][y] for i, x in enumerate(support)) for y in range(n)]
    C = ctx.fsum(p[i] * (plogp[x] - ctx.fsum(W[x][y] * ctx.log(q[y]) for y in reached
                                              if W[x][y])) for i, x in enumerate(support))
    tol = ctx.mpf(2) ** (-ctx.prec + 8)
    for it in range(1, NEWTON_ROUNDS + 1):
        if any(q[y] <= 0 for y in reached):
            return None, it
        logq = {y: ctx.log(q[y]) for y in reached}
        F = [plogp[x] - ctx.fsum(W[x][y] * logq[y] for y in reached if W[x][y]) - C
             for x in support] + [ctx.fsum(p) - 1]
        J = ctx.zeros(k + 1, k + 1)
        cols = [[W[x][y] for y in reached] for x in support]
        scaled = [[W[x][y] / q[y] for y in reached] for x in support]
        for i in range(k):
            for j in range(i, k):  # J is symmetric: -sum_y W(y|x) W(y|x') / q(y)
                J[i, j] = J[j, i] = -ctx.fdot(cols[i], scaled[j])
            J[i, k] = -1
            J[k, i] = 1
        step = _solve(J, F, ctx)
        if step is None:
            return None, it
        p = [p[i] - step[i] for i in range(k)]
        C -= step[k]
        q = [ctx.fsum(p[i] * W[x][y] for i, x in enumerate(support)) for y in range(n)]
        size = max(abs(step[i]) for i in range(k + 1))
        if size <= tol * max(1, abs(C)):
            full = [ctx.zero] * m
            for i, x in enumerate(support):
                full[x] = p[i]
            return full, it
    return None, NEWTON_ROUNDS


def _solve(J, F: list, ctx):
    """``J^-1 F`` by Gaussian elimination with partial pivoting, or ``None`` when ``J`` is
    singular at the working precision (a pivot below 2^(8 - prec) times the largest entry).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> _solve(ctx.matrix([[2, 1], [1, 1]]), [3, 2], ctx)
    [mpf('1.0'), mpf('1.0')]
    >>> _solve(ctx.matrix([[1, 1], [1, 1]]), [1, 1], ctx) is None
    True
    """
    k = len(F)
    A = [[J[i, j] for j in range(k)] + [F[i]] for i in range(k)]
    scale = max(abs(v) for row in A for v in row[:k])
    tiny = scale * ctx.mpf(2) ** (8 - ctx.prec)
    for c in range(k):
        pivot = max(range(c, k), key=lambda i: abs(A[i][c]))
        if abs(A[pivot][c]) <= tiny:
            return None
        A[c], A[pivot] = A[pivot], A[c]
        for i in range(c + 1, k):
            f = A[i][c] / A[c][c]
            if f:
                A[i] = [a - f * b for a, b in zip(A[i], A[c], strict=True)]
    out = [ctx.zero] * k
    for c in range(k - 1, -1, -1):
        out[c] = (A[c][k] - ctx.fsum(A[c][j] * out[j] for j in range(c + 1, k))) / A[c][c]
    return out


def _ba_fallback(rows: list, p0: list, ctx):
    """Blahut-Arimoto at the working precision, for at most :data:`MAX_BA_SECONDS`."""
    p = [ctx.mpf(v) if v > 0 else ctx.mpf(2) ** (-ctx.prec) for v in p0]
    start, it = time.monotonic(), 0
    tol = ctx.mpf(2) ** (-ctx.prec + 4)
    while time.monotonic() - start < MAX_BA_SECONDS:
        it += 1
        q = _output(rows, p, ctx)
        D = divergences(rows, q, ctx)
        lower = ctx.fsum(a * d for a, d in zip(p, D, strict=True))
        upper = max(D)
        if upper - lower <= tol * max(1, abs(upper)):
            break
        p = [a * ctx.exp(d - upper) for a, d in zip(p, D, strict=True)]
        total = ctx.fsum(p)
        p = [a / total for a in p]
    return p, it


def _merged(rows: tuple) -> tuple:
    """Rows with duplicates merged (first copy kept) and unreached outputs dropped."""
    first, keep = {}, []
    for x, row in enumerate(rows):
        if row not in first:
            first[row] = x
            keep.append(x)
    cols = [y for y in range(len(rows[0])) if any(row[y] for row in rows)]
    return keep, cols


_settled: dict = {}
"""Rows -> (support, input) of the last Newton solution, the start at another precision."""
_settled_lock = threading.Lock()


@lru_cache(maxsize=64)
def _first_stage(sub: tuple):
    """Stage 1 (double precision), shared by every working precision."""
    W = np.array([[float(v) for v in row] for row in sub])
    return _float_ba(W)


def _exact(row) -> list:
    return [Fraction(int(w.p), int(w.q)) if hasattr(w, "q") else Fraction(str(w)) for w in row]


def _dependency(rows: list, support: list, a: int):
    """Exact ``c`` with ``rows[a] = sum_i c[i] rows[support[i]]``, or ``None`` when row ``a`` is
    linearly independent of the support rows (Gaussian elimination over the rationals)."""
    k = len(support)
    exact = [_exact(rows[x]) for x in support + [a]]
    A = [[exact[i][y] for i in range(k)] + [exact[k][y]] for y in range(len(rows[0]))]
    pivots, r = [], 0
    for c in range(k + 1):
        pivot = next((i for i in range(r, len(A)) if A[i][c]), None)
        if pivot is None:
            continue
        if c == k:
            return None  # inconsistent: independent
        A[r], A[pivot] = A[pivot], A[r]
        A[r] = [v / A[r][c] for v in A[r]]
        for i in range(len(A)):
            if i != r and A[i][c]:
                A[i] = [u - A[i][c] * v for u, v in zip(A[i], A[r], strict=True)]
        pivots.append(c)
        r += 1
    out = [Fraction(0)] * k
    for i, c in enumerate(pivots):
        out[c] = A[i][k]
    return out


def _independent(rows: list, order: list) -> list:
    """The rows of ``order``, in that order, that are linearly independent of those before
    (each reduced by the echelon rows kept so far, exactly)."""
    kept, echelon = [], []  # echelon: (pivot column, row with 1 there)
    for x in order:
        v = _exact(rows[x])
        for col, e in echelon:
            if v[col]:
                f = v[col]
                v = [a - f * b for a, b in zip(v, e, strict=True)]
        col = next((j for j, a in enumerate(v) if a), None)
        if col is not None:
            echelon.append((col, [a / v[col] for a in v]))
            kept.append(x)
    return sorted(kept)


def _enter(rows: list, support: list, p: list, a: int) -> list:
    """The support after input ``a`` enters: if its row depends on the support rows, the
    input of the ratio test leaves (the smallest ``p/c`` over positive coefficients ``c``,
    as in the simplex method), so the support rows stay independent."""
    c = _dependency(rows, support, a)
    if c is not None:
        ratios = [(p[x] / float(ci), x) for ci, x in zip(c, support, strict=True) if ci > 0]
        if ratios:
            support = [x for x in support if x != min(ratios)[1]]
    return sorted(support + [a])


def _active_set(sub: list, support: list, start: list, ctx, dps: int):
    """Newton's method on the Kuhn-Tucker conditions with an active set: ``(p, q, D,
    support, Newton iterations, singular)``; ``p`` is ``None`` when no support settled and
    ``singular`` says a Jacobian was singular at the working precision."""
    p, newton, tried = None, 0, set()
    for _ in range(2 * len(sub) + 2):
        if not support or tuple(support) in tried:
            break
        tried.add(tuple(support))
        p, used = _newton(sub, support, start, ctx)
        newton += used
        if p is None:
            return None, None, None, support, newton, True
        negative = [x for x in support if p[x] < 0]
        if negative:
            worst = min(negative, key=lambda x: p[x])
            support = [x for x in support if x != worst]
            start, p = p, None
            continue
        q = _output(sub, p, ctx)
        D = divergences(sub, q, ctx)
        C = max(D[x] for x in support)
        slack = abs(C) * ctx.mpf(10) ** (-dps - 5) + ctx.mpf(2) ** (16 - ctx.prec)
        above = [x for x in range(len(sub)) if x not in support and D[x] > C + slack]
        if above:
            support = _enter(sub, support, [float(v) for v in p], max(above, key=lambda x: D[x]))
            start, p = p, None
            continue
        return p, q, D, support, newton, False
    return None, None, None, support, newton, False


MAX_WORK_DPS = 3000
"""Most digits worked with; a capacity that needs more (below about 10^-2900) is refused."""


@lru_cache(maxsize=64)
def solve_capacity(rows: tuple, dps: int) -> CapacitySolution:
    """The capacity of the channel ``rows`` (tuple of tuples of exact probabilities) at ``dps``.

    Rows must be non-negative and sum to 1 (the caller checks).  The working precision
    grows with the digits that cancel in a small capacity (rows that nearly agree), so
    that both bounds are good to ``dps`` digits of the value.  Raises
    :class:`~symbolic_info.numeric.context.NumericError` when no input can be found.
    """
    keep, cols = _merged(rows)
    sub = [tuple(rows[x][y] for y in cols) for x in keep]
    p_float, D_float, iterations = _first_stage(tuple(sub))
    upper = D_float.max()
    slack = max(1e-7, 100 * (upper - float(p_float @ D_float)))
    near = [x for x in range(len(sub)) if D_float[x] >= upper - slack]
    first = _independent(sub, sorted(near, key=lambda x: -p_float[x]))
    with _settled_lock:
        earlier = _settled.get(rows)
    work = dps + 15
    while True:
        ctx = new_context(work)
        support, start = first, list(p_float)
        if earlier is not None:  # Newton from the input found at another precision
            support, start = list(earlier[0]), list(earlier[1])
        p, q, D, support, newton, singular = _active_set(sub, support, start, ctx, dps)
        if p is not None:
            lower = ctx.fsum(a * d for a, d in zip(p, D, strict=True))
            # digits lost to cancellation: log10(1/C) (the terms of D are of size 1)
            lost = int(-ctx.log10(lower)) + 1 if lower > 0 else work
            if lost <= work - dps - 10 or len(sub) == 1:  # one distinct row: C = 0 exactly
                break
            needed = dps + 15 + lost
        elif singular:
            needed = 2 * work
        else:
            break
        if needed > MAX_WORK_DPS:
            raise NumericError(f"the capacity is too close to 0 to compute to {dps} digits "
                               f"(more than {MAX_WORK_DPS} digits would be needed)")
        work, earlier = max(needed, work + 10), None
    if p is not None:
        method = "Newton's method on the Kuhn-Tucker conditions"
        with _settled_lock:
            _settled[rows] = (tuple(support), tuple(p))
            while len(_settled) > 64:
                _settled.pop(next(iter(_settled)))
    else:
        p, extra = _ba_fallback(sub, list(p_float), ctx)
        iterations += extra
        method = "Blahut-Arimoto at the working precision (Newton did not settle)"
        support = [x for x in range(len(sub)) if p[x] > ctx.mpf(2) ** (-ctx.prec // 2)]
        q = _output(sub, p, ctx)
        D = divergences(sub, q, ctx)
        lower = ctx.fsum(a * d for a, d in zip(p, D, strict=True))
    full_p = [ctx.zero] * len(rows)
    for i, x in enumerate(keep):
        full_p[x] = p[i]
    full_q = [ctx.zero] * len(rows[0])
    for j, y in enumerate(cols):
        full_q[y] = q[j]
    all_D = D if len(keep) == len(rows) else divergences(
        [tuple(r[y] for y in cols) for r in rows], q, ctx)  # merged rows: their own D
    if not all(ctx.isfinite(v) for v in all_D):
        raise NumericError("the channel's divergences are not finite")
    return CapacitySolution(dps, tuple(full_p), tuple(full_q), tuple(all_D), lower, max(all_D),
                            tuple(keep[x] for x in support), iterations, newton, method)


def mutual_information_float(rows, p) -> float:
    """``I(X;Y)`` in nats for input ``p`` (floats), for pictures.

    >>> round(mutual_information_float([[1, 0], [0, 1]], [0.5, 0.5]), 6)
    0.693147
    """
    W = np.array([[float(v) for v in row] for row in rows])
    p = np.array([float(v) for v in p])
    q = p @ W
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(W > 0, W * (np.log(np.where(W > 0, W, 1.0))
                                     - np.log(np.where(q > 0, q, 1.0))), 0.0)
    return float(p @ terms.sum(axis=1))
