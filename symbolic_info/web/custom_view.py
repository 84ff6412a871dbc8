"""What the Derivations page shows about a distribution the user types: LaTeX and points.

Plain data for :mod:`symbolic_info.web.custom_preview` (no Streamlit here):
the density as display LaTeX with its support, and up to :data:`POINTS`
points of its graph when no symbol is left.  The text is read by the problem
language (:mod:`symbolic_info.language`), never evaluated as Python.

Example
-------
>>> p = density_preview("3*x^2 on [0, 1]")
>>> p["latex"]
'p(x) = 3 x^{2}, \\\\quad x \\\\in [0, 1]'
>>> len(p["points"]) > 10, p["error"]
(True, None)
"""

from __future__ import annotations

import sympy as sp

from .. import language
from ..core import DerivationError
from ..numeric.context import NumericError, compile_expr, new_context
from .figure import Figure, Series

__all__ = ["density_preview", "preview_figure", "POINTS", "SPAN"]

POINTS = 200
"""Points of a continuous graph."""
SPAN = 10
"""Width of the plotted window on an infinite side."""


def _latex_of(dist) -> tuple:
    """``(LaTeX, formula or None)`` of any distribution."""
    from ..measures.custom_build import as_formula

    if isinstance(dist, language.Table) or (isinstance(dist, language.FamilyCall)
                                         and isinstance(dist.form, language.Table)):
        table = dist if isinstance(dist, language.Table) else dist.form
        cells = ", ".join(f"P({sp.latex(v)}) = {sp.latex(p)}" for v, p in table.items)
        return cells, None
    try:
        form = as_formula(dist)
    except DerivationError:
        if isinstance(dist, language.Mixture):
            parts = " + ".join(f"{sp.latex(w)}\\,\\mathrm{{{c.family}}}" for w, c in dist.parts)
            return f"p = {parts}", None
        raise
    name = "P" if form.discrete else "p"
    where = form.support_latex()
    return f"{name}({sp.latex(form.var)}) = {sp.latex(form.density)}, \\quad " + \
        (where if form.discrete else f"{sp.latex(form.var)} \\in {where}"), form


def _points(form) -> list:
    ctx = new_context(15)
    f = compile_expr(form.density, [form.var], ctx)
    if form.discrete:
        last = form.lo + 30 if form.hi is sp.oo else min(form.hi, form.lo + 60)
        xs = [ctx.mpf(int(k)) for k in range(int(form.lo), int(last) + 1)]
    else:
        lo = None if form.lo is -sp.oo else float(form.lo)
        hi = None if form.hi is sp.oo else float(form.hi)
        a = lo if lo is not None else (hi - SPAN if hi is not None else -SPAN / 2)
        b = hi if hi is not None else a + SPAN
        xs = [ctx.mpf(a) + (b - a) * ctx.mpf(j) / POINTS for j in range(1, POINTS)]
    out = []
    for x in xs:
        try:
            y = f(x)
        except (NumericError, ZeroDivisionError, ValueError):
            continue
        if ctx.isfinite(y) and ctx.im(y) == 0:
            out.append((float(x), float(ctx.re(y))))
    return out


def density_preview(text: str, assume: str = "") -> dict:
    """``{"latex", "points", "error"}`` for the distribution ``text``."""
    try:
        conditions = [a for a in assume.split(";") if a.strip()]
        table = language.SymbolTable(language.parse_assumptions(conditions))
        dist = language.parse_distribution(text, table)
        latex, form = _latex_of(dist)
    except DerivationError as exc:
        return {"latex": None, "points": None, "error": str(exc)}
    points = None
    if form is not None and not form.free_symbols:
        try:
            points = _points(form)
        except (NumericError, ValueError, TypeError, OverflowError):
            points = None
    return {"latex": latex, "points": points, "error": None}


def preview_figure(role: str, points) -> Figure:
    """The graph of ``role``'s density (or pmf) through ``points``, drawn by
    :func:`symbolic_info.web.svg_picture.svg` (its text is legible on a projector).

    >>> preview_figure("X", [(0.0, 1.0), (1.0, 0.5)]).series[0].name
    'X'
    """
    return Figure(title=f"the distribution {role}", x_label="x", y_label="p(x)",
                  series=(Series(role, tuple(points)),))
