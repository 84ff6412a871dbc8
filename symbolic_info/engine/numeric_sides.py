"""The numeric value of one side of a step (README.md, "How verification works").

A side is evaluated at an exact admissible point on a private context; its
expectations ``E[g]`` are integrated by quadrature against the density at that point
(:func:`expectation_hooks`).  Derivatives and substitutions are carried out by SymPy
first (:func:`carry_out_derivatives`).

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> s = sp.Symbol("sigma", positive=True)
>>> str(numeric_value(sp.log(s**2) / 2, {s: sp.E}, {}, new_context(15)))
'1.0'
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..numeric.context import evaluate
from ..numeric.quadrature import expectation
from ..symbolic.expectation import Expect
from ..symbolic.substitute import substitute

__all__ = ["numeric_value", "expectation_hooks", "carry_out_derivatives"]


def expectation_hooks(densities: dict, point: dict, ctx) -> dict:
    """Evaluator hooks giving each ``Expect(g, label)`` its value by quadrature at ``point``.

    ``densities`` maps each label to its :class:`~symbolic_info.numeric.quadrature.Density`
    (parameters left free); the density is taken at ``point`` and ``E[g]`` integrated on
    ``ctx`` (:func:`~symbolic_info.numeric.quadrature.expectation`).

    >>> from symbolic_info.numeric.quadrature import Density
    >>> x, lam, P = sp.Symbol("x", positive=True), sp.Symbol("lam", positive=True), sp.Symbol("P")
    >>> exponential = {P: Density(x, sp.log(lam) - lam * x, (0, sp.oo), (1 / lam,))}
    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> hooks = expectation_hooks(exponential, {lam: 2}, ctx)
    >>> str(evaluate(Expect(x, P), {}, ctx, hooks))
    '0.5'
    """
    items = tuple(point.items())

    def hook(node, build):
        g, label = node.args
        value = expectation(_density_at(densities[label], items), g, ctx)
        return lambda v: value

    return {Expect: hook}


@lru_cache(maxsize=64)
def _density_at(density, items: tuple):
    """``density.at(dict(items))``, remembered: a step check evaluates both sides at each
    point, and the next step the same points again (``kl/weibull`` substituted its densities
    and changes 28 times for 3 points)."""
    return density.at(dict(items))


def numeric_value(expr: sp.Expr, point: dict, densities: dict, ctx):
    """``expr`` at ``point`` on ``ctx``, expectations by quadrature.

    >>> from symbolic_info.numeric.quadrature import Density
    >>> x, lam, P = sp.Symbol("x", positive=True), sp.Symbol("lam", positive=True), sp.Symbol("P")
    >>> exponential = {P: Density(x, sp.log(lam) - lam * x, (0, sp.oo), (1 / lam,))}
    >>> from symbolic_info.numeric.context import new_context
    >>> str(numeric_value(lam * Expect(x, P) + 1, {lam: 3}, exponential, new_context(20)))
    '2.0'
    """
    return evaluate(substitute(expr, point), {}, ctx, expectation_hooks(densities, point, ctx))


def carry_out_derivatives(expr: sp.Expr) -> sp.Expr:
    """Carry out ``Derivative`` and ``Subs`` with SymPy (the evaluator knows neither).

    >>> x, t = sp.Symbol("x"), sp.Symbol("t")
    >>> carry_out_derivatives(sp.Subs(sp.Derivative(x**3, x), x, t))
    3*t**2
    """
    if not expr.has(sp.Derivative, sp.Subs):
        return expr
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, sp.Subs), lambda e: e.doit())
