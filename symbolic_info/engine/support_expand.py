"""Expanding logarithms under an expectation with what the density's support guarantees.

``E_P[ln(x^(a-1) (1-x)^(b-1) / B(a, b))] = E_P[(a-1) ln x + (b-1) ln(1-x) - ln B(a, b)]``
holds because ``P`` lives on ``0 < x < 1``, which SymPy's assumptions on ``x`` cannot say
(``1 - x > 0``).  An expectation depends on its integrand on the support only, so inside
``Expect(g, P)`` each of ``x - lo``, ``hi - x`` (and ``x`` itself when ``lo >= 0``) may be
written as its own *independent* positive symbol: an identity that holds for all
independent positive values holds in particular for the related ones on the support.
Likewise ``hi - lo`` (the support's width) is positive wherever it appears.  A node that
knows itself to be an integral over a density's support (``as_expectation(densities)``,
such as maximum entropy's ``DefiniteIntegral``) is first written as that expectation.  With those
symbols SymPy's own ``expand`` splits the logarithms exactly (``ln(u^c) = c ln u`` for
``u > 0`` and real ``c``); the symbols are then written back.  ``B(a, b)`` is written as
``Gamma(a) Gamma(b) / Gamma(a + b)`` (DLMF 5.12.1) so that its logarithm expands too.

This only rewrites a difference into an equal one; whether it is then 0 is for the caller
(linearity of expectation, then comparison with 0).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.quadrature import Density
>>> from symbolic_info.symbolic.expectation import Expect, P
>>> x, a = sp.Symbol("x", real=True), sp.Symbol("a", positive=True)
>>> beta_like = Density(x, sp.Integer(0), (0, 1))
>>> expand_on_supports(Expect(sp.log(x**a * (1 - x)), P), {P: beta_like})
Expect(a*log(x) + log(1 - x), P)
"""

from __future__ import annotations

import sympy as sp

from ..symbolic.expectation import Expect

__all__ = ["expand_on_supports"]


def expand_on_supports(expr: sp.Expr, densities: dict) -> sp.Expr:
    """``expr`` with every ``Expect(g, label)`` of a known density expanded on its support and
    every support width ``hi - lo`` treated as positive (see the module's docstring)."""
    expr = sp.sympify(expr)
    widths = {}
    for density in densities.values():
        lo, hi = (sp.sympify(e) for e in density.support)
        if lo.is_finite and hi.is_finite and not (hi - lo).is_number:
            widths[hi - lo] = sp.Dummy("width", positive=True)

    def inside(node: Expect) -> Expect:
        g, label = node.args
        density = densities.get(label)
        if density is None or g.has(Expect):  # an inner E_Q binds x on Q's support
            return node
        g, back = _positive_parts(g.xreplace(widths), density)
        return Expect(_expanded(g).xreplace(back), label)

    expr = expr.replace(lambda e: callable(getattr(e, "as_expectation", None)),
                        lambda e: e.as_expectation(densities) or e)
    done = expr.xreplace(widths).replace(lambda e: isinstance(e, Expect), inside)
    return _expanded(done).xreplace({w: e for e, w in widths.items()})


def _positive_parts(g: sp.Expr, density) -> tuple:
    """``g`` with ``hi - x``, ``x - lo`` (and ``x`` when ``lo >= 0``) as independent positive
    symbols, and the map that writes them back."""
    x = density.var
    lo, hi = (sp.sympify(e) for e in density.support)
    back, forward = {}, {}
    if hi.is_finite:
        w = sp.Dummy("above", positive=True)
        forward[hi - x], back[w] = w, hi - x
    if lo.is_finite and lo != 0:
        w = sp.Dummy("below", positive=True)
        forward[x - lo], back[w] = w, x - lo
    g = g.xreplace(forward)
    if lo.is_finite and lo.is_nonnegative and not x.is_positive:
        u = sp.Dummy(x.name, positive=True)
        g, back[u] = g.xreplace({x: u}), x
    return g, back


def _expanded(expr: sp.Expr) -> sp.Expr:
    """``expr`` expanded (logarithms too, where SymPy knows the signs), ``B`` in Gammas."""
    if expr.has(sp.beta):
        expr = expr.replace(sp.beta, lambda a, b: sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b))
    return sp.expand(expr)
