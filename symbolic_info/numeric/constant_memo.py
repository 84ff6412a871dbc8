"""Constant sub-expressions (``zeta(3/2)``, ``Gamma(1/3)``) evaluated once per precision.

:func:`~symbolic_info.numeric.context.compile_expr` folds a node free of the arguments into
one number when it compiles it, but every compilation folds it anew: a pmf
``1/(zeta(3/2) k^(3/2))`` at 1000 digits compiled a hundred times (each step check, each
Euler-Maclaurin atom) spent 6 of its 9 CPU seconds in ``zeta(3/2)``.  :func:`folded` keeps
each folded node's value with the precision it was computed at, and answers any request at
that precision or below by rounding the stored value (correct rounding of a value accurate
to more bits: the same value or one ulp off a value that is itself a few ulps off).  A miss
is computed ``MARGIN_BITS`` above the request, so that the requests of a computation whose
working precision creeps up by a few guard digits (3358, 3375, ... 3428 bits) are one.

The memo is bounded (:data:`SIZE` nodes, the least recently used dropped) and shared by
threads under a lock; values are immutable raw mpmath tuples, rebuilt on each caller's
context.  SymPy nodes are compared structurally, so equal nodes have one value.

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> z, calls = sp.zeta(sp.Rational(3, 2)), []
>>> def compute(ctx):
...     calls.append(ctx.prec)
...     return ctx.zeta(1.5)
>>> lo, hi = new_context(15), new_context(40)
>>> hi.nstr(folded(z, hi, compute), 20), lo.nstr(folded(z, lo, compute), 10)
('2.6123753486854883433', '2.612375349')
>>> [p - hi.prec for p in calls]  # computed once, above the first request
[128]
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import mpmath
from mpmath.libmp import mpc_pos, mpf_pos

__all__ = ["folded", "MARGIN_BITS", "SIZE"]

MARGIN_BITS = 128
"""Bits computed beyond a missed request (about 38 digits)."""

SIZE = 256
"""Folded nodes remembered (the least recently used beyond this are dropped)."""

_values: OrderedDict = OrderedDict()  # node -> (prec, raw _mpf_ or _mpc_, is complex)
_lock = threading.Lock()


def folded(node, ctx: mpmath.MPContext, compute: Callable):
    """``node``'s value on ``ctx`` (rounded to its precision), computed by ``compute(wider)``
    on a new context ``MARGIN_BITS`` wider than ``ctx`` unless a value at least as precise
    is remembered.  ``compute`` returns an mpf or mpc of the context it is given."""
    with _lock:
        hit = _values.get(node)
        if hit is not None and hit[0] >= ctx.prec:
            _values.move_to_end(node)
        else:
            hit = None
    if hit is None:
        wider = mpmath.MPContext()
        wider.prec = ctx.prec + MARGIN_BITS
        value = compute(wider)
        if hasattr(value, "_mpc_"):
            hit = (wider.prec, value._mpc_, True)
        else:
            hit = (wider.prec, wider.convert(value)._mpf_, False)
        with _lock:
            _values[node] = hit
            _values.move_to_end(node)
            while len(_values) > SIZE:
                _values.popitem(last=False)
    _, raw, is_complex = hit
    if is_complex:
        return ctx.make_mpc(mpc_pos(raw, ctx.prec, "n"))
    return ctx.make_mpf(mpf_pos(raw, ctx.prec, "n"))
