"""h(X), the limit of ``quantised-entropy``'s extras, evaluated beside the cell sums.

The extras show ``h(X)`` and ``h(X) - log delta`` to the requested digits: the ``entropy``
entry's closed form (derived and verified on its own when the entry is built,
:func:`.quantised_walk.limit_entropy`) evaluated ``STEP`` digits above the value's sum.  For a
law with no closed-form entropy that is a kept integral by quadrature: for ``1/2 laplace(0,
1) + 1/2 normal(3, 1)`` at 1000 digits 5.4 s of CPU, after the two cell sums.  So the first
pair of sums of a law (:func:`.quantised_sums.both_sums`) takes :func:`limit_job` as a job of
its own, the forked child evaluating h(X) while this process integrates the reference, and
:func:`limit_value` answers the extras from the kept value (computing it as before when none
was kept).  Only the process and the time change: the same closed form, evaluated by the
same code at the same precision; h is no part of the verification's two sums.

>>> import sympy as sp
>>> remember_limit(("args",), sp.log(2)); limit_of(("args",))
log(2)
>>> keep(sp.log(2), 30, limit_job(sp.log(2), 30)())
>>> str(limit_value(sp.log(2), new_context(20)))[:8]
'0.693147'
"""

from __future__ import annotations

from collections import OrderedDict

from ..numeric.context import compile_expr, new_context
from .quantised_sums import PrecisionMemo

__all__ = ["limit_job", "keep", "kept", "limit_value", "remember_limit", "limit_of", "clear",
           "LIMITS"]

_VALUES = PrecisionMemo(16)
"""``h -> {dps: raw mpf}``: values of h(X) computed beside the cell sums."""
_LIMITS: OrderedDict = OrderedDict()
LIMITS = 64
"""Laws whose h(X) :func:`remember_limit` keeps (two per cached entry: X and Y)."""


def remember_limit(key, h) -> None:
    """Remember that the cell sums with the node arguments ``key`` have the limit ``h``."""
    _LIMITS[key] = h
    _LIMITS.move_to_end(key)
    while len(_LIMITS) > LIMITS:
        _LIMITS.popitem(last=False)


def limit_of(key):
    """h(X) of the law with the node arguments ``key``, or None when not remembered."""
    return _LIMITS.get(key)


def limit_job(h, dps: int):
    """A job for :func:`~symbolic_info.numeric.two_cores.run_jobs`: the value of the closed
    form ``h`` at ``dps`` digits as plain data (``_mpf_``)."""
    def job():
        return compile_expr(h, [], new_context(dps))()._mpf_
    return job


def keep(h, dps: int, raw) -> None:
    """Keep a :func:`limit_job`'s result ``raw`` (None: it failed, nothing is kept)."""
    if raw is not None:
        _VALUES.put(h, dps, raw)


def kept(h, dps: int):
    """The kept raw value of ``h`` at ``dps`` digits or more, or None."""
    return _VALUES.get(h, dps)


def limit_value(h, ctx):
    """The value of ``h`` on ``ctx``: the kept one at ``ctx.dps`` digits or more, rounded to
    ``ctx``, else computed here."""
    raw = kept(h, ctx.dps)
    if raw is not None:
        return +ctx.make_mpf(raw)  # unary plus: rounded to ctx's precision
    return compile_expr(h, [], ctx)()


def clear() -> None:
    """Forget the kept values (benchmarks time them afresh)."""
    _VALUES.clear()
