"""The two cell sums of ``quantised-entropy``, remembered at the most digits computed.

The value sums the cells from the law's CDF (:func:`cdf_sum`), the reference integrates
each cell from the density (:func:`quadrature_sum`); see :mod:`.quantised`.  Each is kept
by precision and answers a request at fewer digits too (a sum right to 320 digits is right
to 60): the step check at 50 digits and the evidence row at delta itself then reuse the
verification's sums.  What a derivation shows of a sum (its cells, its tails' mass and
bound) asks for the sum at exactly its own precision (``exact``): a sum kept at more digits
by an earlier request walks more cells, and the text must not depend on what ran before.
The first request for a law computes both sums side by side on
the two cores (:func:`both_sums`, :func:`~symbolic_info.numeric.two_cores.run_jobs`): the
engine asks for the reference right after the value.  The reference (the larger: 6.9 s of
CPU against the value's 3.4 s for normal(0, 1) at delta 1/100 and 1000 digits) runs in this
process, where it shares its own parts with a second child.  The two stay independent
computations (separate processes, no data passed between them).

>>> import sympy as sp
>>> from symbolic_info.measures.quantised_law import QuantisedLaw
>>> pieces, f, lo, hi, delta, x, *_ = QuantisedLaw("uniform(0, 1)", "X").args(sp.Rational(1, 4))
>>> s = cdf_sum(pieces, f, lo, hi, x, delta, 30)
>>> cdf_sum(pieces, f, lo, hi, x, delta, 20) is s, str(s.entropy)[:8]
(True, '1.386294')
"""

from __future__ import annotations

from collections import OrderedDict

from ..numeric.cell_tails import far_quadrature_sum, far_series, series_shortcut
from ..numeric.cells import (
    CellLimitError,
    CellSum,
    cdf_cells,
    cell_range,
    entropy_floor,
    quadrature_cells,
    tail_bound,
)
from ..numeric.context import new_context
from ..numeric.mirror_tails import mirror_cells
from ..numeric.precision import STEP
from ..numeric.tail_remainder import forget_circles
from ..numeric.two_cores import run_jobs

__all__ = ["PrecisionMemo", "cdf_sum", "quadrature_sum", "both_sums", "cdf_sums", "clear"]


class PrecisionMemo:
    """Values by key and precision, at most ``size`` keys (the least recently used go
    first) and :data:`PRECISIONS` precisions a key.  A request is answered at its own
    precision when that was computed, else by the fewest digits above it: the extras'
    two sums then keep the precisions the engine compared them at (two independent sums
    that agree at different precisions resolve their digits; at one precision an exact
    law's two sums can share their rounding error, uniform(0, 1) at delta 1/4).

    >>> m = PrecisionMemo(2)
    >>> m.put("a", 60, "sum at 60"); m.put("a", 80, "sum at 80")
    >>> m.get("a", 50), m.get("a", 80), m.get("a", 90)
    ('sum at 60', 'sum at 80', None)
    """

    def __init__(self, size: int = 64):
        self.size = size
        self.items: OrderedDict = OrderedDict()

    def get(self, key, dps: int):
        """The value of ``key`` at ``dps`` digits, else at the fewest digits above, or None."""
        kept = self.items.get(key)
        above = [p for p in kept or () if p >= dps]
        if not above:
            return None
        self.items.move_to_end(key)
        return kept[min(above)]

    def at(self, key, dps: int):
        """The value of ``key`` computed at exactly ``dps`` digits, or None."""
        value = (self.items.get(key) or {}).get(dps)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key, dps: int, value) -> None:
        kept = self.items.setdefault(key, {})
        kept[dps] = value
        while len(kept) > PRECISIONS:
            del kept[min(kept)]
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)

    def __contains__(self, key) -> bool:
        return key in self.items

    def clear(self) -> None:
        self.items.clear()


PRECISIONS = 8
"""Precisions kept a key by :class:`PrecisionMemo`."""
_CDF = PrecisionMemo()
_QUADRATURE = PrecisionMemo()


def _cdf_key(pieces, f, lo, hi, var, delta, bound):
    return (pieces, f, lo, hi, var, delta, bound)


def _quadrature_key(pieces, f, lo, hi, var, delta, kinks, points):
    return (pieces, f, lo, hi, var, delta, tuple(kinks), tuple(points))


def _cdf_cached(pieces, f, lo, hi, var, delta, dps, bound, exact=False):
    """A kept CDF sum for this request: one with the tails' bound serves one without (with
    ``exact``, only one computed at ``dps`` digits)."""
    for b in (True, False) if not bound else (True,):
        key = _cdf_key(pieces, f, lo, hi, var, delta, b)
        hit = _CDF.at(key, dps) if exact else _CDF.get(key, dps)
        if hit is not None:
            return hit
    return None


def cdf_sum(pieces, f, lo, hi, var, delta, dps: int, bound: bool = True,
            exact: bool = False) -> CellSum:
    """H(X_delta) from the CDF at ``dps`` digits or more, or (``exact``) at ``dps`` digits
    only, with the cells and tails ``dps`` needs
    (:func:`~symbolic_info.numeric.cells.cdf_cells`)."""
    hit = _cdf_cached(pieces, f, lo, hi, var, delta, dps, bound, exact)
    if hit is None:
        hit = cdf_cells(pieces, lo, hi, var, delta, new_context(dps), f, bound)
        _CDF.put(_cdf_key(pieces, f, lo, hi, var, delta, bound), dps, hit)
    return hit


def _quadrature(pieces, f, lo, hi, var, delta, dps, kinks, points):
    ctx = new_context(dps)
    try:
        i0, i1 = cell_range(pieces, var, lo, hi, delta, dps, ctx)
    except CellLimitError:  # too wide to walk: far tails by their series
        return far_quadrature_sum(pieces, f, var, lo, hi, delta, ctx, kinks, points)
    if series_shortcut(pieces, f, var, lo, hi, delta, i1 - i0, dps):  # as the value does
        return far_quadrature_sum(pieces, f, var, lo, hi, delta, ctx, kinks, points)
    _bound, mass = tail_bound(f, var, lo, hi, delta, i0, i1, ctx)
    floor = entropy_floor(pieces, var, lo, hi, delta, i0, i1)  # the CDF sets digits only
    return quadrature_cells(f, var, lo, hi, delta, i0, i1, ctx, kinks=kinks, tail_mass=mass,
                            points=points, floor=floor)


def quadrature_sum(pieces, f, lo, hi, var, delta, dps: int, kinks=(), points=(),
                   exact: bool = False):
    """``-sum p_i ln p_i`` with each p_i integrated from the density, at ``dps`` digits or
    more, or (``exact``) at ``dps`` digits only
    (:func:`~symbolic_info.numeric.cells.quadrature_cells`; far tails by
    :func:`~symbolic_info.numeric.cell_tails.far_quadrature_sum`)."""
    key = _quadrature_key(pieces, f, lo, hi, var, delta, kinks, points)
    hit = _QUADRATURE.at(key, dps) if exact else _QUADRATURE.get(key, dps)
    if hit is None:
        hit = _quadrature(pieces, f, lo, hi, var, delta, dps, tuple(kinks), tuple(points))
        _QUADRATURE.put(key, dps, hit)
    return hit


def both_sums(pieces, f, lo, hi, var, delta, dps: int, kinks=(), points=(), beside=None):
    """Before the first sum of a law: its CDF sum (with the tails' bound) at ``dps + STEP``
    digits and its quadrature sum at ``dps`` digits, the precisions at which the engine
    compares the two (and the extras show them), side by side on both cores, kept for
    :func:`cdf_sum` and :func:`quadrature_sum`.  Nothing is done once either is kept, and an
    error is left for the request that meets it.  ``beside``: one more job (plain data) run
    with them, second in the queue (the child's first, while this process integrates the
    reference; the value's CDF sum goes to whichever is free first); its result is returned
    (None when it failed or nothing was done)."""
    kinks, points = tuple(kinks), tuple(points)
    ckey = _cdf_key(pieces, f, lo, hi, var, delta, True)
    qkey = _quadrature_key(pieces, f, lo, hi, var, delta, kinks, points)
    if ckey in _CDF or _cdf_key(pieces, f, lo, hi, var, delta, False) in _CDF \
            or qkey in _QUADRATURE:
        return None

    def reference():
        return _quadrature(pieces, f, lo, hi, var, delta, dps, kinks, points)._mpf_

    extra = [] if beside is None else [_quiet(beside)]
    integrated, *others, made = run_jobs([  # the reference first: the larger, here it shares
        _quiet(reference), *extra,  # its parts
        _quiet(_raw_cdf(pieces, f, lo, hi, var, delta, dps + STEP, True))])
    if made is not None:
        _CDF.put(ckey, dps + STEP, _cell_sum(made, dps + STEP))
    if integrated is not None:
        _QUADRATURE.put(qkey, dps, new_context(dps).make_mpf(integrated))
    return others[0] if others else None


def cdf_sums(laws, deltas, dps: int) -> None:
    """The CDF sums (without the tails' bound) of each law ``(pieces, f, lo, hi, var)`` at
    each of ``deltas``, at ``dps`` digits, on both cores (the finest grid first: the most
    cells), kept for :func:`cdf_sum`; those kept already are not summed again, and an error
    is left for the request that meets it (the evidence table's rows)."""
    wanted = [(law, d) for d in sorted(deltas) for law in laws
              if _cdf_cached(*law, d, dps, False) is None]
    made = run_jobs([_quiet(_raw_cdf(*law, d, dps, False)) for law, d in wanted])
    for (law, d), raw in zip(wanted, made, strict=True):
        if raw is not None:
            _CDF.put(_cdf_key(*law, d, False), dps, _cell_sum(raw, dps))


def _raw_cdf(pieces, f, lo, hi, var, delta, dps, bound):
    """A job: the CDF sum as plain data (it may run in the forked child)."""
    def job():
        s = cdf_cells(pieces, lo, hi, var, delta, new_context(dps), f, bound)
        return tuple(None if v is None else v._mpf_ for v in (s.entropy, s.bound, s.tail_mass)) \
            + (s.i0, s.i1)
    return job


def _cell_sum(raw, dps) -> CellSum:
    """The :class:`CellSum` of a job's plain data, on a context of ``dps`` digits."""
    ctx = new_context(dps)
    entropy, bound, mass = (None if v is None else ctx.make_mpf(v) for v in raw[:3])
    return CellSum(entropy, bound, mass, raw[3], raw[4])


def _quiet(job):
    """``job`` returning None instead of raising (the request that meets the error raises)."""
    def run():
        try:
            return job()
        except Exception:  # noqa: BLE001 - left for the request that meets it
            return None
    return run


def clear() -> None:
    """Forget the sums kept so far (and the far tails' series and circles)."""
    _CDF.clear()
    _QUADRATURE.clear()
    far_series.cache_clear()
    forget_circles()
    mirror_cells.cache_clear()
