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
- :func:`quadrature_cells` (in :mod:`.gauss_cells`, the reference's side; the grid both
  share, :func:`cell_range` below, is in :mod:`.cell_grid`, :func:`tail_bound` in
  :mod:`.cell_tail_bound`):
  ``p_i`` as the integral of the density over the cell by an
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

from functools import lru_cache

import sympy as sp

from .cell_grid import (  # noqa: F401 (the grid's names, re-exported for the callers)
    MAX_CELLS,
    MAX_FLOOR_DIGITS,
    TAIL_GUARD,
    CellLimitError,
    CellSum,
    HeavyTailError,
    NarrowLawError,
    Tails,
    cdf_pieces,
    cell_range,
    entropy_floor,
    exact_mpf,
    position_digits,
    tails_at,
)
from .cell_tail_bound import tail_bound
from .cell_terms import LOW_DIGITS, digits_for, entropy_terms  # noqa: F401 (re-exported)
from .context import NumericError, new_context
from .gauss_cells import (  # noqa: F401 (the reference's names, re-exported)
    MAX_NODES,
    NODE_COUNTS,
    gauss_legendre_points,
    nodes_needed,
    quadrature_cells,
    scaled_quad,
)
from .mpfr_eval import compile_mpfr, gmpy2, to_mpmath
from .two_cores import run_jobs

__all__ = ["CellSum", "Tails", "tails_at", "cdf_pieces", "cell_range", "cdf_cells",
           "quadrature_cells", "tail_bound", "nodes_needed", "MAX_NODES", "gauss_legendre_points",
           "digits_for", "LOW_DIGITS", "MAX_CELLS", "NODE_COUNTS", "TAIL_GUARD", "CellLimitError",
           "entropy_floor", "scaled_quad", "position_digits", "NarrowLawError",
           "MAX_FLOOR_DIGITS", "HeavyTailError"]


_TWO_CORE_WORK = 100_000
"""Cells times working digits from which :func:`cdf_cells` walks the two sides of the
median in two processes (:func:`~.two_cores.run_jobs`; a fork costs about 10 ms, the
walk of 1,400 cells at 300 digits 0.5 s)."""


BLOCK_JOBS = 8
"""Jobs the Taylor blocks of :func:`cdf_cells` are dealt into (interleaved), shared by both
cores."""


def _check_bound(bound, entropy, ctx) -> None:
    """Raise :class:`NumericError` unless the tails' ``bound`` is below 10^-(dps + 1) of the
    ``entropy`` (:data:`TAIL_GUARD` and :func:`entropy_floor` make it so: a failure means a
    tail formula that misplaced the cells)."""
    if bound > abs(entropy) * ctx.mpf(10) ** -(ctx.dps + 1):
        raise NumericError(f"the tails beyond the cells may add {ctx.nstr(bound, 3)}, not "
                           f"negligible against H = {ctx.nstr(entropy, 5)}")


def cdf_cells(pieces, lo, hi, var, delta, ctx, density, bound: bool = True,
              cells: tuple | None = None) -> CellSum:
    """H(X_delta) on ``ctx`` from the tails ``pieces`` (see :class:`Tails`) of a law on
    ``[lo, hi]`` with ``density`` in ``var`` (for the tail bound, which ``bound=False``
    leaves out: ``None`` in the result).  ``cells = (i0, i1)``: only those cells, no
    bound; a law too wide for :data:`MAX_CELLS` cells goes (with ``bound``) to
    :func:`~symbolic_info.numeric.cell_tails.far_cdf_cells`, its far tails by a series,
    and so does a long walk whose far tails are geometric or go by the density's Taylor
    series (:func:`~symbolic_info.numeric.cell_tails.series_shortcut`).

    Right of the median each cell edge is read from the right tail R, left of it from the
    left tail L, each walked outward so that the value before bounds this one's size and
    sets its working digits (a tail value of 1e-40 needs 40 digits fewer); a cell is the
    difference of its two edges on the same side (``1 - L(a) - R(b)`` for the cell of the
    median), recomputed with the digits it cancels when they exceed five.
    """
    if cells is not None:
        i0, i1 = cells
    else:
        from .cell_tails import far_cdf_cells, series_shortcut

        try:
            i0, i1 = cell_range(pieces, var, lo, hi, delta, ctx.dps, ctx)
        except CellLimitError:
            if not bound:
                raise
            return far_cdf_cells(pieces, lo, hi, var, delta, ctx, density)
        if bound and series_shortcut(pieces, density, var, lo, hi, delta, i1 - i0, ctx.dps):
            return far_cdf_cells(pieces, lo, hi, var, delta, ctx, density)
    base = ctx.dps + 10
    shift = position_digits(i0, i1)
    work = new_context(base + shift)
    d = sp.Rational(delta)

    below = int(sp.floor(lo / d)) if lo.is_finite else None  # i d <= lo for i <= below
    above = int(sp.ceiling(hi / d)) if hi.is_finite else None  # i d >= hi for i >= above

    def point(i, w):
        if below is not None and i <= below:
            return exact_mpf(lo, w)
        if above is not None and i >= above:
            return exact_mpf(hi, w)
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
    from .taylor_cells import ANCHOR_EVERY, anchor_every, taylor_block, taylor_laws

    laws = taylor_laws(pieces, density, var, d, i0, i1, split)
    every = anchor_every(base)
    needed = [k == 0 or k == len(laws) or i0 + k == split or (i0 + k) % every == 0
              or laws[k - 1] is None or laws[k] is None or laws[k - 1] is not laws[k]
              for k in range(i1 - i0 + 1)]

    # the piece of an edge i d by integers (Tails._piece compares mpf: a third of the time)
    last_edge = [int(sp.floor(sp.sympify(b) / d)) if sp.sympify(b).is_finite else None
                 for _a, b, _r, _l in pieces]
    contexts = {}
    fast = mpfr_tails(pieces, var)

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
                form = fast[k][0 if side > 0 else 1] if fast is not None else None
                v = None if form is None else _tail_mpfr(form, i * d.p, d.q, t.ctx.prec, work)
                if v is None:
                    v = t.forms[k][0 if side > 0 else 1](t.ctx.mpf(d.p) * i / d.q)
            values[i - i0] = (side, work.convert(v))
            previous = values[i - i0][1]

    known = [None] * (i1 - i0)
    anchors = [k for k, n in enumerate(needed) if n]

    def walked(side):
        return range(split, i1 + 1) if side > 0 else range(split - 1, i0 - 1, -1)

    def anchor_job(side, edges):
        """The tails at the anchors ``edges`` of one side, walked outward (each sets the
        next one's digits), as raw mpf (plain data: the job may run in the forked child of
        :func:`run_jobs`)."""
        walk_exact(edges, side)
        return {i - i0: values[i - i0][1]._mpf_ for i in edges}

    def fill(j, j2, side, blocks):
        """The masses of the cells j .. j2 - 1 between two known edges: by the series
        when its block matches the CDF, else halved at a new CDF edge, and edge by edge
        from the CDF below :data:`ANCHOR_EVERY` cells."""
        block = taylor_block(laws, i0, j, j2, values, d, base, work)
        if block is not None:
            blocks[j] = [m._mpf_ for m in block]
            return
        _side, inner = values[j] if side > 0 else values[j2]
        if j2 - j > ANCHOR_EVERY:
            walk_exact([i0 + (j + j2) // 2], side, inner)
            fill(j, (j + j2) // 2, side, blocks)
            fill((j + j2) // 2, j2, side, blocks)
            return
        edges = range(i0 + j + 1, i0 + j2) if side > 0 else range(i0 + j2 - 1, i0 + j, -1)
        walk_exact(edges, side, inner)

    def block_job(spans):
        """The Taylor blocks ``spans`` (``(j, j2, side)``) and the CDF edges a failed one
        took, as raw mpf."""
        blocks = {}
        for j, j2, side in spans:
            fill(j, j2, side, blocks)
        edges = {k: (side, values[k][1]._mpf_) for j, j2, side in spans
                 for k in range(j + 1, j2) if values[k] is not None}
        return edges, blocks

    # the anchors, then the blocks between them, dealt to both cores: one side of a skewed
    # law holds nearly every cell (gamma(5/2, 1) at delta 1/100 and 300 digits: 217 cells
    # left of the median, 70,800 right of it), so each side's anchors go in two halves (the
    # outer one starting at the full digits), the longest first
    two = (i1 - i0) * base > _TWO_CORE_WORK
    parts = []
    for side in (1, -1):
        edges = [i for i in walked(side) if needed[i - i0]]
        cut = len(edges) // 2 if two else len(edges)
        parts += [(side, e) for e in (edges[:cut], edges[cut:]) if e]
    parts.sort(key=lambda p: -len(p[1]))
    jobs = [lambda p=p: anchor_job(*p) for p in parts]
    for (side, _edges), found in zip(parts, run_jobs(jobs) if two else
                                     [job() for job in jobs], strict=True):
        for k, raw in found.items():
            values[k] = (side, work.make_mpf(raw))
    spans = [(j, j2, 1 if i0 + j >= split else -1)
             for j, j2 in zip(anchors, anchors[1:], strict=False)
             if j2 - j >= 2 and laws[j] is not None]  # (a single cell: the edges are cheap)
    deal = min(BLOCK_JOBS, len(spans)) if two else 1
    chunks = [spans[k::deal] for k in range(deal)]
    jobs = [lambda c=c: block_job(c) for c in chunks]
    for edges, blocks in run_jobs(jobs) if deal > 1 else [job() for job in jobs]:
        for k, (side, raw) in edges.items():
            values[k] = (side, work.make_mpf(raw))
        for j, raws in blocks.items():
            known[j:j + len(raws)] = [work.make_mpf(r) for r in raws]
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
    entropy = entropy_terms(masses, ctx, big)
    if not bound or cells is not None:
        return CellSum(entropy, None, None, i0, i1)
    tail, mass = tail_bound(density, var, lo, hi, d, i0, i1, ctx)
    _check_bound(tail, entropy, ctx)
    return CellSum(entropy, tail, mass, i0, i1)


@lru_cache(maxsize=64)
def mpfr_tails(pieces, var) -> tuple | None:
    """Per piece ``(R, L)`` of the tails ``pieces`` (see :class:`Tails`) compiled to MPFR
    (:func:`~.mpfr_eval.compile_mpfr`; None for a form it does not take, such as an
    incomplete gamma function, or one with erfc, :func:`_fast_form`), or None when gmpy2 is
    absent.  An ``exp`` at 60 digits costs MPFR about 2 us against mpmath's 20 (Laplace's
    35,000 cell edges at delta 1/100).

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> [f is not None for f in mpfr_tails(((0, sp.oo, sp.exp(-x), 1 - sp.exp(-x)),), x)[0]]
    [True, True]
    >>> [f is not None for f in mpfr_tails(((-sp.oo, sp.oo, sp.erfc(x) / 2, sp.erfc(-x) / 2),),
    ...                                    x)[0]]
    [False, False]
    """
    if gmpy2 is None:
        return None
    return tuple((_fast_form(r, var), _fast_form(left, var)) for _a, _b, r, left in pieces)


def _fast_form(form, var):
    """``form`` compiled to MPFR, or None (mpmath) for a form with ``erf`` or ``erfc``:
    MPFR's erfc takes 0.3-1 ms at 20-60 digits for 4 <= x <= 12 (mpmath's 40-60 us) and
    grows with the precision (x = 12: 4.6 ms at 300 digits, 35 ms at 1000, against 1.8 and
    9 ms); lognormal(0, 1) at delta 1/10 spent 2 of its 5 s of evidence (profiled) there."""
    if sp.sympify(form).has(sp.erf, sp.erfc):
        return None
    return compile_mpfr(form, var)


def _tail_mpfr(form, p: int, q: int, bits: int, work):
    """``form(p / q)`` by MPFR at ``bits`` bits (each operation correctly rounded, as
    mpmath's at the same precision), on ``work``; None when MPFR fails or the value is not
    finite (the caller keeps mpmath)."""
    with gmpy2.context(precision=bits):
        try:
            v = form(gmpy2.mpfr(p) / q)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not gmpy2.is_finite(v):
            return None
        return to_mpmath(v, work)
