"""The integral of an exponentially falling far tail by the double-exponential trapezoid.

A far tail of ``g(x) e^(b x)`` (the gamma's: :func:`~.pearson_tail.falls_by_series`) has
``h(s) = -p ln p`` falling like ``e^(-rate s)``, ``rate = |b| delta`` a cell, out to
``s ~ (digits ln 10) / rate`` cells (230,000 for gamma(5/2, 1) at delta 1/100 and 1000
digits).  :func:`exp_tail_integral` takes ``int_0^oo h(s) ds`` in ``s = A x``, ``x =
exp(t - e^-t)`` (Takahasi & Mori's transformation for an integrand falling like ``e^-x``
on ``(0, oo)``; Mori & Sugihara, J. Comput. Appl. Math. 127 (2001) 287-296, Sec. 3), with
the trapezoidal rule in ``t`` on the whole line: the transformed integrand falls double
exponentially at both ends, and the rule's error is ``O(exp(-2 pi d / k))`` for a step
``k`` when it is analytic on the strip ``|Im t| < d`` (Trefethen & Weideman, SIAM Review
56 (2014), Thm. 5.1); ``d = pi/2`` here, ``A`` no more than the cells to the density's
nearest singular point (``x = -1`` or farther: ``t`` with ``Im t`` near 1.8).  The step is
chosen for the digits, then halved until the error, estimated as the square of the
difference from the rule of twice the step (the error squares as the step halves), is
small enough.  Its nodes: about 1,100 at 320 digits and 3,800 at 1020, where Gauss-Legendre
pieces in ``ln s`` (:func:`~.em_sum.checked_integral`, made for algebraic tails) took 5,700
at 320 and did not finish at 1020.

>>> from symbolic_info.numeric.context import new_context
>>> w = new_context(40)
>>> def h(s):  # -p ln p of p(s) = e^(-s/10) / 10: int_0^oo = (1 + ln 10)
...     p = w.exp(-s / 10) / 10
...     return -p * w.log(p)
>>> value, error = exp_tail_integral(h, w.mpf(1) / 10, 1000, w)
>>> bool(abs(value - (1 + w.log(10))) < 1e-38), bool(error < 1e-34)
(True, True)
"""

from __future__ import annotations

import math

from .context import NumericError

__all__ = ["exp_tail_integral", "MAX_HALVINGS", "NODE_GUARD"]

NODE_GUARD = 8
"""Digits a node's value carries below ``tol`` (the nodes are some thousands, the step
about 1/250: their errors add up to less than ``tol / 10^4``)."""
MAX_HALVINGS = 4
"""Times the step may be halved beyond the one the digits predict."""


def exp_tail_integral(h, rate, near, w, tol=None, size=None) -> tuple:
    """``(integral, error)``: ``int_0^oo h(s) ds`` on ``w`` for ``h`` falling like
    ``e^(-rate s)`` and analytic on ``Re s > -near`` (cells), to an absolute ``tol``
    (default ``10^-(w.dps - 5)`` of the integral; see the module's docstring).  With
    ``size`` (``log10 |h(s)|`` in low precision, a float) given and ``tol``, ``h(s, digits)``
    is asked for each node's value only to the digits its size needs against ``tol``
    (:data:`NODE_GUARD` more; the far nodes of gamma(5/2, 1) at 1020 digits need a few
    hundred), else ``h(s)`` at ``w``'s.  Raises :class:`~.context.NumericError` when the
    halvings do not settle."""
    scale = w.mpf(min(1 / float(rate), max(float(near), 1.0)))
    digits = w.dps
    floor = None if tol is None or size is None else float(w.log10(tol))

    def node(t):  # the transformed integrand at t
        e = w.exp(-t)
        x = w.exp(t - e)
        s, factor = scale * x, scale * x * (1 + e)
        if floor is None:
            return h(s) * factor
        big = size(s) + float(w.log10(factor))
        need = digits if math.isnan(big) else min(
            digits, max(20, 50 * math.ceil((big - floor + NODE_GUARD) / 50)))
        return w.convert(h(s, need)) * factor

    # error ~ exp(-pi^2 m) at the step 1/m (d = pi/2): the first rule at half the m that
    # w's digits need (a tenth more), whose error is about the square root of theirs
    wanted = digits - 5 if tol is None else max(1, -int(w.log10(tol)))
    m = max(4, math.ceil(wanted * math.log(10) / math.pi ** 2 * 0.525))
    values: dict = {}
    previous = None
    for _ in range(MAX_HALVINGS + 1):
        total = _trapezoid(node, m, values, w)
        if previous is not None:
            big = abs(total)
            diff = abs(total - previous)
            error = diff * diff / big if big else diff
            goal = tol if tol is not None else big * w.mpf(10) ** -(digits - 5)
            if error <= goal and diff <= big * w.mpf(10) ** -(digits // 3):
                return total, error
        previous = total
        values = {2 * k: v for k, v in values.items()}  # the nodes of step 1/(2m)
        m *= 2
    raise NumericError("the integral over an exponentially falling far tail did not settle")


def _trapezoid(node, m: int, values: dict, w):
    """``(1/m) sum_k node(k / m)`` over the integers ``k`` out to where the terms stay below
    the working precision of the largest (``values``: node values by ``k``, reused and
    filled in)."""
    def at(k):
        if k not in values:
            values[k] = node(w.mpf(k) / m)
        return values[k]

    top = abs(at(0))
    terms = [at(0)]
    for direction in (1, -1):
        k, quiet, last = direction, 0, None
        while quiet < 4:
            v = at(k)
            terms.append(v)
            top = max(top, abs(v))
            small = abs(v) <= top * w.mpf(2) ** -(w.prec + 10)
            falling = last is None or abs(v) <= abs(last)
            quiet = quiet + 1 if small and falling else 0
            last = v
            k += direction
            if abs(k) > 64 * m:
                raise NumericError("an exponentially falling far tail's integrand does not "
                                   "fall")
    return w.fsum(terms) / m
