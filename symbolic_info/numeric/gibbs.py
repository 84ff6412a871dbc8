"""Numerics of discrete maximum entropy: the Gibbs multipliers and a direct maximiser.

Two independent routes to the distribution of maximal entropy on a finite
support ``x_1..x_n`` with moment constraints ``E[f_j(X)] = c_j``:

* :func:`solve_multipliers` finds the Lagrange multipliers of the Gibbs form
  ``p_i = exp(-sum_j lambda_j f_j(x_i)) / Z`` by Newton's method on the convex
  dual ``ln Z(lambda) + sum_j lambda_j c_j`` (Cover & Thomas, 2nd ed., ch. 12;
  Boyd & Vandenberghe, Convex Optimization, section 5.2.4).
* :func:`maximise_entropy` never uses the Gibbs form: it maximises
  ``-sum p_i ln p_i`` over ``{p > 0, A p = b}`` by Newton steps in ``p``
  from the analytic centre of the feasible polytope (Boyd & Vandenberghe,
  Convex Optimization, Algorithms 10.1 and 10.2).

Both work on a caller's private mpmath context at its precision.

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> feats = [[ctx.mpf(x)] for x in range(1, 7)]
>>> lam = solve_multipliers(ctx, feats, [ctx.mpf(9) / 2])
>>> ctx.nstr(lam[0], 12)
'-0.371048938081'
>>> p = maximise_entropy(ctx, feats, [ctx.mpf(9) / 2])
>>> ctx.nstr(p[5], 12)
'0.347494065774'

Precision is a parameter: Jaynes' die with mean 4.5 solved at 15 and at 50
digits, each on its own private context (the probability of a six):

>>> for dps in (15, 50):
...     ctx = new_context(dps)
...     feats = [[ctx.mpf(k)] for k in range(1, 7)]
...     p, _ = gibbs(ctx, solve_multipliers(ctx, feats, [ctx.mpf(9) / 2]), feats)
...     print(ctx.nstr(p[5], dps))
0.347494065774061
0.34749406577406108608836591930982920261548241531833
"""

from __future__ import annotations

from functools import lru_cache

import mpmath

from .context import NumericError

__all__ = [
    "gibbs",
    "solve_multipliers",
    "maximise_entropy",
    "entropy_of",
    "power_multipliers",
]

_MAX_ITER = 400
_COARSE_BITS = 64


def gibbs(ctx, lams, feats):
    """``(p, ln Z)`` of the Gibbs form ``p_i ~ exp(-sum_j lams_j feats[i][j])``."""
    e = [-ctx.fsum(lam * f for lam, f in zip(lams, row, strict=True)) for row in feats]
    i_top = max(range(len(e)), key=lambda i: e[i])
    top = e[i_top]
    # below e^-10^9 a weight is negligible; mpmath's exp overflows on far larger arguments
    w = [ctx.exp(max(t - top, -(10**9))) for t in e]
    rest = ctx.fsum(wi for i, wi in enumerate(w) if i != i_top)
    s = 1 + rest
    return [wi / s for wi in w], top + ctx.log1p(rest)  # log1p: exact when rest is tiny


def _spd_solve(ctx, matrix, rhs) -> list:
    """Solve ``matrix x = rhs`` for a symmetric positive-definite ``matrix``.

    The system is first scaled to unit diagonal, so a tiny but regular
    matrix (a variance of 1e-20 near the boundary) is not mistaken for a
    singular one.
    """
    m = len(rhs)
    if any(matrix[a, a] <= 0 for a in range(m)):
        raise NumericError("the constraint functions are degenerate on the support")
    s = [1 / ctx.sqrt(matrix[a, a]) for a in range(m)]
    scaled = ctx.matrix(m, m)
    for a in range(m):
        for c in range(m):
            scaled[a, c] = s[a] * matrix[a, c] * s[c]
    try:
        y = ctx.lu_solve(scaled, ctx.matrix([s[a] * rhs[a] for a in range(m)]))
    except ZeroDivisionError:
        raise NumericError("the constraint functions are degenerate on the support") from None
    return [s[a] * y[a] for a in range(m)]


def _moments(ctx, p, feats, targets):
    """``(targets - E_p[f], Cov_p(f))`` from the deviations ``f - targets``.

    Centred at the targets, the gradient keeps its relative precision when a target lies
    ``10^-44`` from an end of the support (``E_p[f]`` itself is ``5 - 10^-44`` and would
    lose those digits, and the Newton step, gradient over variance, all of them).
    """
    k = len(targets)
    dev = [[row[j] - targets[j] for j in range(k)] for row in feats]
    grad = [-ctx.fsum(pi * d[j] for pi, d in zip(p, dev, strict=True)) for j in range(k)]
    cov = ctx.matrix(k, k)
    for a in range(k):
        for b in range(a, k):
            c = ctx.fsum(pi * (d[a] + grad[a]) * (d[b] + grad[b])
                         for pi, d in zip(p, dev, strict=True))
            cov[a, b] = cov[b, a] = c
    return grad, cov


def _newton_dual(ctx, feats, targets, lams, tol, expand=False):
    """Damped Newton on the convex dual from ``lams``.

    ``expand``: also try doubled step lengths while the dual keeps decreasing.  Far from
    the root in the exponential regime (a mean ``10^-400`` from an end of the support,
    multiplier about 921) a Newton step advances the multiplier by about 1, while the
    decrement is already tiny; doubling reaches the root in a few dozen steps.  The dual is
    convex, so lengthening stops just past its minimum along the step.
    """
    def dual(ls):
        p, lnz = gibbs(ctx, ls, feats)
        return lnz + ctx.fsum(lam * c for lam, c in zip(ls, targets, strict=True)), p

    def noise(value):
        """Rounding in the dual ln Z + lambda.c: relative to its largest part."""
        biggest = max([abs(value)] + [abs(lam * c) for lam, c in zip(lams, targets, strict=True)])
        return biggest * ctx.mpf(2) ** (-ctx.prec + 8)

    def longer(t, g_t, p_t, step):
        far = max(abs(s) for s in step) > ctx.sqrt(tol) * (1 + max(abs(lam) for lam in lams))
        while expand and far and t < 2**40:
            g_2, p_2 = dual([lam + 2 * t * s for lam, s in zip(lams, step, strict=True)])
            if not g_2 < g_t - noise(g_t):
                break
            t, g_t, p_t = 2 * t, g_2, p_2
        return [lam + t * s for lam, s in zip(lams, step, strict=True)], g_t, p_t, t

    g, p = dual(lams)
    quadratic = 0
    for _ in range(_MAX_ITER):
        grad, cov = _moments(ctx, p, feats, targets)
        step = _spd_solve(ctx, cov, [-gj for gj in grad])
        decrement = -ctx.fsum(gj * sj for gj, sj in zip(grad, step, strict=True))
        size = max(abs(s) for s in step)
        scale = 1 + max(abs(lam) for lam in lams)
        if size <= tol * scale:
            return [lam + s for lam, s in zip(lams, step, strict=True)]
        if size > scale:  # trust region: past the root on an exponential flank the variance
            step = [s * scale / size for s in step]  # is tiny and the raw step absurd (1e45)
            decrement = -ctx.fsum(gj * sj for gj, sj in zip(grad, step, strict=True))
            size = scale
        if decrement < ctx.mpf(1) / 100:
            # quadratic region: full Newton steps; rounding may keep the last steps
            # slightly above tol, so stop after a few once they are tiny.  A step that
            # raises the dual beyond rounding overshot (a tiny decrement far from the
            # root, where the variance is exponentially small): back-track instead.
            g_new, p_new = dual([lam + s for lam, s in zip(lams, step, strict=True)])
            if g_new <= g + noise(g):
                lams, g, p, t = longer(ctx.one, g_new, p_new, step)
                quadratic = quadratic + 1 if t == 1 else 0
                if quadratic > 12 and size <= ctx.sqrt(tol) * scale:
                    return lams
                continue
        t = ctx.one
        while True:
            trial = [lam + t * s for lam, s in zip(lams, step, strict=True)]
            g_new, p_new = dual(trial)
            if g_new <= g - t * decrement / 4 or t < tol:
                break
            t /= 2
        if t == 1:
            lams, g, p, t = longer(t, g_new, p_new, step)
        else:
            lams, g, p = trial, g_new, p_new
        if max(abs(lam) for lam in lams) > ctx.mpf(10) ** 12:
            break
    raise NumericError("the multipliers diverge: the constraints are infeasible or on the "
                       "boundary of the feasible set")


def _inside_ranges(feats, targets) -> None:
    """Raise unless each target lies strictly inside its feature's range on the support.

    ``E_p[f_j] = sum_i p_i f_j(x_i)`` with every ``p_i > 0`` and ``sum_i p_i = 1`` lies
    strictly between the least and the greatest ``f_j(x_i)`` (or equals a constant
    feature), so a target outside that open range (a die's mean 7 or 0, or exactly 6) is
    infeasible.  Both routes would otherwise learn it only after thousands of Newton steps,
    redone at up to :data:`MAX_EXTRA_BITS` extra bits.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(15)
    >>> _inside_ranges([[ctx.mpf(k)] for k in range(1, 7)], [ctx.mpf(6)])
    Traceback (most recent call last):
    ...
    symbolic_info.numeric.context.NumericError: the constraints are infeasible: target 1 ...
    """
    for j, c in enumerate(targets):
        column = [row[j] for row in feats]
        lo, hi = min(column), max(column)
        if not (lo < c < hi or lo == c == hi):
            raise NumericError(f"the constraints are infeasible: target {j + 1} is outside "
                               "the open range of its function on the support")


def solve_multipliers(ctx, feats, targets):
    """The multipliers ``lambda_j`` with ``E_p[f_j] = targets[j]`` for the Gibbs ``p``.

    ``feats[i][j]`` is ``f_j(x_i)``.  A coarse Newton phase at 64 bits (more when a
    target lies closer to an end of its feature's range than 64 bits resolve: a mean
    ``5 - 10^-44`` must not round to the end ``5``) is followed by full-precision Newton
    steps (quadratic convergence).  A target outside its feature's open range is refused
    at once (:func:`_inside_ranges`).
    """
    _inside_ranges(feats, targets)
    k = len(targets)
    with ctx.workprec(min(ctx.prec, _COARSE_BITS + _boundary_bits(ctx, feats, targets))):
        lams = _newton_dual(ctx, [[+f for f in row] for row in feats], [+c for c in targets],
                            [ctx.zero] * k, ctx.mpf(2) ** -40, expand=True)
    return _newton_dual(ctx, feats, targets, lams, ctx.mpf(2) ** (-ctx.prec + 8), expand=True)


def _boundary_bits(ctx, feats, targets) -> int:
    """Bits by which a target is closer to an end of its feature's range than to its width
    (``log2(width / distance)``, 0 when well inside)."""
    bits = 0
    for j, c in enumerate(targets):
        column = [row[j] for row in feats]
        lo, hi = min(column), max(column)
        gap = min(abs(c - lo), abs(hi - c))
        if hi > lo and 0 < gap < hi - lo:
            bits = max(bits, int(ctx.log((hi - lo) / gap, 2)) + 1)
    return bits


@lru_cache(maxsize=512)
def _power_multipliers_raw(prec: int, xs: tuple, cs: tuple) -> tuple:
    ctx = mpmath.MPContext()
    ctx.prec = prec + 16
    x = [ctx.make_mpf(r) for r in xs]
    c = [ctx.make_mpf(r) for r in cs]
    feats = [[xi ** (j + 1) for j in range(len(c))] for xi in x]
    return tuple(lam._mpf_ for lam in solve_multipliers(ctx, feats, c))


def power_multipliers(ctx, xs, cs) -> list:
    """Multipliers for the power moments ``E[X^j] = cs[j-1]`` (cached per precision)."""
    raw = _power_multipliers_raw(ctx.prec, tuple(ctx.mpf(x)._mpf_ for x in xs),
                                 tuple(ctx.mpf(c)._mpf_ for c in cs))
    return [ctx.make_mpf(r) for r in raw]


def _gram_solve(ctx, rows, weights, rhs):
    """Solve ``(A diag(weights) A^T) w = rhs``."""
    m = len(rows)
    gram = ctx.matrix(m, m)
    for a in range(m):
        for c in range(a, m):
            gram[a, c] = gram[c, a] = ctx.fsum(
                wi * ra * rc for wi, ra, rc in zip(weights, rows[a], rows[c], strict=True))
    return _spd_solve(ctx, gram, rhs)


def _times_rows(ctx, rows, w, i):
    return ctx.fsum(w[a] * rows[a][i] for a in range(len(rows)))


_SLOW_ITER = 4000
"""Steps of the direct maximiser's phases at most: each step may shrink a probability only
ten- (phase I) or a hundredfold (phase II), and a mean 10^-400 from an end of the support
needs probabilities of 10^-400 and less."""


def _strictly_feasible(ctx, rows, b, tol):
    """Phase I: a point with ``A p = b`` and ``p > 0``, by barrier-scaled Newton steps.

    The steps are those of the analytic centre (maximise ``sum ln p_i`` on
    ``A p = b``) from the uniform point, each cut to stay inside the simplex
    (fraction to the boundary 0.9); the constraint residual shrinks by the
    factor ``1 - t`` per step.
    """
    n, m = len(rows[0]), len(b)
    p = [ctx.one / n] * n
    for _ in range(_SLOW_ITER):
        primal = [ctx.fsum(ra * pi for ra, pi in zip(rows[a], p, strict=True)) - b[a]
                  for a in range(m)]
        if max(abs(e) for e in primal) <= tol:
            return p
        w = _gram_solve(ctx, rows, [pi * pi for pi in p],
                        [ctx.fsum(ra * pi for ra, pi in zip(rows[a], p, strict=True)) + primal[a]
                         for a in range(m)])
        dp = [pi - pi * pi * _times_rows(ctx, rows, w, i) for i, pi in enumerate(p)]
        t = min([ctx.one] + [-pi / d * 9 / 10 for pi, d in zip(p, dp, strict=True) if d < 0])
        p = [pi + t * d for pi, d in zip(p, dp, strict=True)]
    raise NumericError("no strictly feasible distribution found: the constraints are "
                       "infeasible or on the boundary of the feasible set")


def _newton_entropy(ctx, rows, b, p, tol):
    """Phase II: feasible Newton steps for ``min sum p ln p`` on ``{A p = b}``."""
    m = len(b)

    def objective(q):
        return ctx.fsum(qi * ctx.log(qi) for qi in q)

    f = objective(p)
    for _ in range(_SLOW_ITER):
        grad = [ctx.log(pi) + 1 for pi in p]
        w = _gram_solve(ctx, rows, p, [-ctx.fsum(ra * pi * gi for ra, pi, gi
                                                  in zip(rows[a], p, grad, strict=True))
                                       for a in range(m)])
        dp = [-pi * (gi + _times_rows(ctx, rows, w, i))
              for i, (pi, gi) in enumerate(zip(p, grad, strict=True))]
        decrement = ctx.fsum(d * d / pi for d, pi in zip(dp, p, strict=True))
        if decrement <= tol:  # quadratic region: the full step is accurate to ~decrement
            return [pi + d for pi, d in zip(p, dp, strict=True)]
        # fraction to the boundary: a probability may shrink a hundredfold per step
        t = min([ctx.one] + [-pi / d * 99 / 100 for pi, d in zip(p, dp, strict=True) if d < 0])
        while True:
            trial = [pi + t * d for pi, d in zip(p, dp, strict=True)]
            f_new = objective(trial)
            if f_new <= f - t * decrement / 4 or t < tol:
                break
            t /= 2
        if t < tol and decrement <= tol:
            return p  # rounding floor reached
        p, f = trial, f_new
    raise NumericError("direct entropy maximisation did not converge: the constraints are "
                       "infeasible or on the boundary of the feasible set")


MAX_EXTRA_BITS = 8192
"""Most bits :func:`maximise_entropy` adds for constraints close to the boundary."""


def maximise_entropy(ctx, feats, targets):
    """``argmax -sum p ln p`` over ``{p > 0, sum p = 1, sum_i p_i feats[i][j] = targets[j]}``.

    Works directly on ``p`` (no Gibbs form, no multiplier equation): a
    strictly feasible start from barrier-scaled Newton steps, then feasible
    Newton steps on the entropy with backtracking.

    Near the boundary of the feasible set (a mean ``10^-12`` from an end of the
    support) the maximiser is nearly a point mass and the Newton systems
    ``A diag(p^2) A^T`` are ill-conditioned (condition about ``distance^-2``):
    the work starts with twice the bits of that distance extra and is redone
    with twice as many (up to :data:`MAX_EXTRA_BITS`) until it succeeds, so only
    constraints exactly on the boundary fail.
    """
    _inside_ranges(feats, targets)
    extra, target = 2 * _boundary_bits(ctx, feats, targets), ctx.prec
    while True:
        try:
            with ctx.workprec(target + extra):
                p = _maximise(ctx, feats, targets, _COARSE_BITS + extra, target)
            return [+pi for pi in p]
        except NumericError:
            if extra >= MAX_EXTRA_BITS:
                raise
            extra = 2 * extra or 64


def _maximise(ctx, feats, targets, coarse_bits, target_bits):
    """:func:`maximise_entropy` with the first phases at ``coarse_bits``, the last to
    ``target_bits`` (the working precision may be higher)."""
    n = len(feats)
    rows = [[ctx.one] * n] + [[row[j] for row in feats] for j in range(len(targets))]
    b = [ctx.one, *targets]
    scale = 1 + max(abs(v) for row in rows for v in row)
    with ctx.workprec(coarse_bits):
        low_rows, low_b = [[+v for v in r] for r in rows], [+v for v in b]
        p = _strictly_feasible(ctx, low_rows, low_b, ctx.mpf(2) ** -40 * scale)
        p = _newton_entropy(ctx, low_rows, low_b, p, ctx.mpf(2) ** -40)
    # full precision: restore feasibility exactly, then quadratic Newton steps
    w = _gram_solve(ctx, rows, [ctx.one] * n,
                    [ctx.fsum(r * pi for r, pi in zip(rows[a], p, strict=True)) - b[a]
                     for a in range(len(b))])
    p = [pi - _times_rows(ctx, rows, w, i) for i, pi in enumerate(p)]
    tol = ctx.mpf(2) ** (-target_bits + 10) * scale
    if min(p) <= 0:  # the optimum is too close to the boundary for the coarse start
        p = _strictly_feasible(ctx, rows, b, tol)
    return _newton_entropy(ctx, rows, b, p, tol)


def entropy_of(ctx, p):
    """``-sum p_i ln p_i`` with ``0 ln 0 = 0``."""
    return -ctx.fsum(pi * ctx.log(pi) for pi in p if pi > 0)
