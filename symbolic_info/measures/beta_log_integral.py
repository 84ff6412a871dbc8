"""A kept integral ``int_0^1 C t^c (1 - t)^d ln t dt`` (``E[ln T]`` of a beta law, as a
step writes it) evaluated by the logit rule of :mod:`symbolic_info.numeric.beta_moments`.

The project's general quadrature on ``(0, 1)`` loses digits when ``c`` is near ``-1``: for
``beta(1/1000, b)`` half the mass lies below ``t = 2^-1000``, where ``t^c`` grows past
every node it places (``information-gain`` with a ``dirichlet(1/1000, 1/1000, 1)`` prior:
42 of 50 digits, its entropy steps "not verified").  In the logit ``y = ln(t / (1 - t))``
the same integral has tails like ``e^((c + 1) y)``, which that rule integrates to every
digit with a proved step.  The integrand is read from the expression as written (its
factors ``C``, ``t^c``, ``(1 - t)^d`` and ``ln t``); another shape is left to the general
quadrature of :class:`~symbolic_info.measures.custom_numeric.NumericIntegral`.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import compile_expr, new_context
>>> t = sp.Symbol("t", positive=True)
>>> mean_log = BetaLogIntegral(2 * (1 - t) * sp.log(t), (t, 0, 1))  # beta(1, 2): -3/2
>>> ctx = new_context(30)
>>> ctx.nstr(compile_expr(mean_log, [], ctx)(), 25)
'-1.5'
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..numeric.beta_moments import beta_log_moments
from ..numeric.context import new_context
from .custom_numeric import NumericIntegral

__all__ = ["BetaLogIntegral", "beta_parts"]

GUARD = 32
"""Bits beyond the caller's for the exponents and the product ``C Z E[ln V]``."""


class BetaLogIntegral(NumericIntegral):
    """``int_0^1 C t^c (1 - t)^d ln t dt`` kept unevaluated; evaluated as ``C Z E ln V`` of
    the density ``v^c (1 - v)^d`` by :func:`~symbolic_info.numeric.beta_moments.
    beta_log_moments` when the integrand has that shape with numbers for ``C, c, d``."""

    __slots__ = ()

    def _mpmath_compile_(self, build, ctx):
        parts = beta_parts(self)
        if parts is None:
            return super()._mpmath_compile_(build, ctx)
        const, c, d = parts
        weight = build(const)

        def value(v):
            with ctx.workprec(ctx.prec + GUARD):
                log_z, mean_lv = _moments(c, d, ctx.prec)
                out = weight(v) * ctx.exp(ctx.make_mpf(log_z)) * ctx.make_mpf(mean_lv)
            return +out

        return value


def beta_parts(node) -> tuple | None:
    """``(C, c, d)`` of ``int_0^1 C t^c (1 - t)^d ln t dt`` (numbers, ``c, d > -1``), or None
    for another integrand.

    >>> t = sp.Symbol("t", positive=True)
    >>> beta_parts(BetaLogIntegral(3 * t**2 * sp.log(t) / sp.sqrt(1 - t), (t, 0, 1)))
    (3, 2, -1/2)
    """
    (x, lo, hi), = node.limits
    if (lo, hi) != (0, 1):
        return None
    const, c, d, logs = sp.Integer(1), sp.Integer(0), sp.Integer(0), 0
    for factor in sp.Mul.make_args(node.function):
        base, power = factor.as_base_exp()
        if factor == sp.log(x):
            logs += 1
        elif base == x and power.is_number:
            c += power
        elif base == 1 - x and power.is_number:
            d += power
        elif factor.is_number:
            const *= factor
        else:
            return None
    if logs != 1 or not (c.is_Rational and d.is_Rational and c > -1 and d > -1):
        return None
    return const, c, d


@lru_cache(maxsize=64)
def _moments(c: sp.Rational, d: sp.Rational, prec: int) -> tuple:
    """``(ln Z, E ln V)`` of ``v^c (1 - v)^d`` at ``prec`` bits and :data:`GUARD` more (``c``
    rounds to them: ``E ln V`` moves by ``E[ln^2 V]`` times its error), as raw mpf tuples
    (a step check evaluates the same integral at several points)."""
    ctx = new_context(15)
    ctx.prec = prec + GUARD
    log_z, mean_lv, _ = beta_log_moments(ctx.mpf(c.p) / c.q, ctx.mpf(d.p) / d.q, ctx)
    return log_z._mpf_, mean_lv._mpf_
