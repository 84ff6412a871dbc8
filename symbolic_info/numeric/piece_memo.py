"""What :mod:`.quadrature` works out per density before it integrates, remembered.

A step check integrates several functions against one density (``E[ln X]``, ``E[X]`` at
each of its points), each on a fresh context, and a reference integrates the same density
again.  Two parts of that preparation depend only on the density (and the precision), not
on the function integrated, and were done anew for every integral:

- :func:`peak_points`: the search for a narrow peak (:func:`.peaks.peak_breaks`, Newton
  from every break with the derivatives of ``ln f`` compiled), per density and precision;
- :func:`shifted`: the exact substitution ``x = anchor +- y`` of an integrand onto a piece
  (SymPy rebuilding the log-density: a fifth of a cold ``derive kl/cauchy``), per
  expression, anchor and direction.

Both memos are bounded, shared by threads under a lock, and hold exact SymPy data only
(break points, expressions), so a value is the same whether it was remembered or not.  The
function that computes each (``peak_breaks``, ``substitute``) is part of the key: a test
that replaces one is asked anew.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> shifted(sp.log(1 + x**2), x, sp.Integer(2), -1, Kept())
log((2 - _y)**2 + 1)
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import sympy as sp

from ..symbolic.substitute import Kept, substitute
from .peaks import log_derivatives, peak_breaks

__all__ = ["Y", "peak_points", "shifted", "MEMO_SIZE"]

MEMO_SIZE = 1024
"""Entries each memo keeps (the least recently used go first)."""
Y = sp.Dummy("y", positive=True)
"""The distance from a piece's anchor, one symbol for every integral (so that a shifted
integrand can be remembered); it never leaves the compiled integrands."""

_LOCK = threading.Lock()
_PEAKS: OrderedDict = OrderedDict()
_SHIFTED: OrderedDict = OrderedDict()


def _remembered(memo: OrderedDict, key, compute):
    with _LOCK:
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
    value = compute()
    with _LOCK:
        memo[key] = value
        while len(memo) > MEMO_SIZE:
            memo.popitem(last=False)
    return value


def peak_points(density, ctx) -> tuple:
    """:func:`.peaks.peak_breaks` of a numeric :class:`~.quadrature.Density` at ``ctx``'s
    precision (exact break points), searched once per density and precision.  A density
    made from a family's at a point (``density.origin``) takes the family's derivatives of
    ``ln f`` (:func:`.peaks.log_derivatives`, once per family) with the point substituted.

    >>> from symbolic_info.numeric.context import new_context
    >>> from symbolic_info.numeric.quadrature import Density
    >>> x, s = sp.Symbol("x", real=True), sp.Symbol("s", positive=True)
    >>> narrow = Density(x, -x**2 / (2 * s**2), (-sp.oo, sp.oo), (0,)).at({s: sp.Integer(10)**-30})
    >>> len(peak_points(narrow, new_context(40)))
    5
    """
    def compute():
        derivatives = None
        if density.origin is not None:
            logpdf, point = density.origin
            derivatives = tuple(substitute(d, point)
                                for d in log_derivatives(density.var, logpdf))
        return peak_breaks(density.var, density.logpdf, density.support, density.breaks, ctx,
                           derivatives)

    return _remembered(_PEAKS, (density, ctx.prec, peak_breaks), compute)


def shifted(expr, var, anchor, direction: int, kept: Kept):
    """``expr`` with ``var = anchor + direction * Y`` substituted exactly (costly numbers
    behind ``kept``'s placeholders on the way, put back in the result), remembered per
    (expr, anchor as it reads without placeholders, direction): the placeholders are
    private to one integral's :class:`~symbolic_info.symbolic.substitute.Kept`, the
    result holds none."""
    def compute():
        return kept.restore(substitute(kept.protect(expr), {var: anchor + direction * Y}))

    key = (expr, var, kept.restore(anchor), direction, substitute)
    return _remembered(_SHIFTED, key, compute)
