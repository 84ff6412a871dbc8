"""A density on one side of its kinks: every switch (``Abs``, ``sign``, ``Heaviside``,
``Min``, ``Max``) replaced by the branch it takes at one point.

Between two neighbouring kinks (the points where a switch's argument changes sign) each
switch keeps one branch, so the density there is an analytic expression: ``exp(-|x|)/2`` is
``exp(-x)/2`` right of 0 and ``exp(x)/2`` left of it.  The CDF's antiderivatives, the
value's Taylor series and the reference's recurrences all work on such a branch.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> branch_at(sp.exp(-sp.Abs(x - 1)) / 2, x, sp.Integer(3))
exp(1 - x)/2
>>> branch_between(sp.Max(x, 1) + sp.Heaviside(x - 2), x, sp.Integer(2), sp.oo)
x + 1
"""

from __future__ import annotations

import sympy as sp

from .context import compile_expr, new_context

__all__ = ["interior_point", "branch_at", "branch_between", "kink_points", "SWITCHES"]

SWITCHES = (sp.Abs, sp.sign, sp.Heaviside, sp.Min, sp.Max)
"""The functions whose branch is picked by the sign of an argument."""


def interior_point(a, b):
    """A point inside ``(a, b)`` (SymPy numbers, either end possibly infinite): the
    middle, or one past a finite end, or 0.

    >>> interior_point(sp.Integer(1), sp.oo), interior_point(-sp.oo, sp.oo)
    (2, 0)
    """
    if a.is_finite and b.is_finite:
        return (a + b) / 2
    if a.is_finite:
        return a + 1
    if b.is_finite:
        return b - 1
    return sp.Integer(0)


def branch_at(expr, var, point):
    """``expr`` with every switch replaced by the branch it takes at ``point`` (a real
    number: a SymPy number or a float), each sign read at 30 digits (a switch whose
    argument is 0 there takes its negative branch: pick a point off the kinks)."""
    if not expr.has(*SWITCHES):
        return expr
    ctx = new_context(30)
    at = compile_expr(sp.Integer(1) * sp.sympify(point), [], ctx)()

    def value(g):
        return compile_expr(g, [var], ctx)(at)

    def sign(g):
        return 1 if value(g) > 0 else -1

    return expr.replace(sp.Abs, lambda g: sign(g) * g) \
        .replace(sp.sign, lambda g: sp.Integer(sign(g))) \
        .replace(sp.Heaviside, lambda *g: sp.Integer(1 if sign(g[0]) > 0 else 0)) \
        .replace(sp.Min, lambda *g: min(g, key=value)) \
        .replace(sp.Max, lambda *g: max(g, key=value))


def branch_between(expr, var, a, b):
    """``expr`` on ``(a, b)`` (an interval between neighbouring kinks, ends possibly
    infinite): :func:`branch_at` its :func:`interior_point`."""
    return branch_at(expr, var, interior_point(sp.sympify(a), sp.sympify(b)))


def kink_points(expr, var) -> tuple:
    """Roots of the linear arguments of ``Abs``, ``sign`` and ``Heaviside`` in ``expr``.

    Quadrature converges slowly across a kink (7 digits instead of 50), so
    integrals are split there.

    >>> x = sp.Symbol("x", real=True)
    >>> kink_points(sp.exp(-sp.Abs(x - 1) / 2), x)
    (1,)
    """
    out = []
    for node in sp.sympify(expr).atoms(sp.Abs, sp.sign, sp.Heaviside):
        arg = node.args[0]
        if arg.has(var) and arg.is_polynomial(var):
            poly = sp.Poly(arg, var)
            if poly.degree() == 1:
                a, b = poly.all_coeffs()
                out.append(-b / a)
    return tuple(dict.fromkeys(out))
