"""Constant sub-expressions (``zeta(3/2)``, ``Gamma(1/3)``) evaluated once per precision.

:func:`~symbolic_info.numeric.context.compile_expr` folds a node free of the arguments into
one number when it compiles it, but every compilation folds it anew: a pmf
``1/(zeta(3/2) k^(3/2))`` at 1000 digits compiled a hundred times (each step check, each
Euler-Maclaurin atom) spent 6 of its 9 CPU seconds in ``zeta(3/2)``.  :func:`folded` keeps
each folded node's value per precision and answers a request at exactly that precision
from it: the value a fresh evaluation would give, bit for bit.

Never a value rounded from more bits: the precision checks raise the precision and compare
(a closed form that cancels to an exact 0 shrinks as they do), and a whole constant
expression computed 128 bits wider and rounded gave ``-4.9e-91`` for an exact 0 at every
precision up to that, a stable, wrong value (and a nearly singular function, ``zeta(1 +
10^-40)``, would agree with itself in the same way).

The memo is bounded (:data:`SIZE` values, the least recently used dropped) and shared by
threads under a lock; values are immutable raw mpmath tuples, rebuilt on each caller's
context.  SymPy nodes are compared structurally, so equal nodes have one value.

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> z, calls = sp.zeta(sp.Rational(3, 2)), []
>>> def compute(ctx):
...     calls.append(ctx.prec)
...     return ctx.zeta(1.5)
>>> ctx = new_context(40)
>>> [ctx.nstr(folded(z, ctx, compute), 20) for _ in range(3)]
['2.6123753486854883433', '2.6123753486854883433', '2.6123753486854883433']
>>> calls == [ctx.prec]  # computed once
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import mpmath

__all__ = ["folded", "SIZE"]

SIZE = 512
"""Values remembered, a node at a precision each (the least recently used are dropped)."""

_values: OrderedDict = OrderedDict()  # (node, prec) -> (raw _mpf_ or _mpc_, is complex)
_lock = threading.Lock()


def folded(node, ctx: mpmath.MPContext, compute: Callable):
    """``node``'s value on ``ctx``: ``compute(ctx)`` (an mpf or mpc of ``ctx``), unless
    remembered at ``ctx``'s precision."""
    key = (node, ctx.prec)
    with _lock:
        hit = _values.get(key)
        if hit is not None:
            _values.move_to_end(key)
    if hit is None:
        value = compute(ctx)
        hit = (value._mpc_, True) if hasattr(value, "_mpc_") else (ctx.convert(value)._mpf_, False)
        with _lock:
            _values[key] = hit
            while len(_values) > SIZE:
                _values.popitem(last=False)
    raw, is_complex = hit
    return ctx.make_mpc(raw) if is_complex else ctx.make_mpf(raw)
