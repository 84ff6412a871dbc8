"""An unevaluated expectation ``E_P[g(X)]`` and the linearity rule.

``Expect(g, P)`` stands for the expectation of ``g`` (an expression in the
random variable's symbol) under the distribution labelled ``P``.  SymPy treats
it as an opaque function; :func:`apply_linearity` pulls out constants, and the
numeric checker evaluates it by quadrature (:mod:`symbolic_info.numeric.context`).

Example
-------
>>> import sympy as sp
>>> x, s = sp.Symbol("x", real=True), sp.Symbol("sigma", positive=True)
>>> apply_linearity(Expect(3 + x**2 / s, P), x)
3 + Expect(x**2, P)/sigma
"""

from __future__ import annotations

import sympy as sp

__all__ = ["Expect", "apply_linearity", "expectations_in", "P"]

P = sp.Symbol("P")
"""The label of the distribution P of X (the first argument of a divergence) in expectations."""


class Expect(sp.Function):
    """``Expect(g, P)``: the expectation of ``g`` under distribution ``P``."""

    nargs = 2

    def _latex(self, printer):
        g, label = self.args
        label, g = printer._print(label), printer._print(g)
        return rf"\mathbb{{E}}_{{{label}}}\left[{g}\right]"


def apply_linearity(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """Rewrite every ``Expect(sum c_i g_i)`` as ``sum c_i Expect(g_i)``.

    Constants (free of ``var``) leave the expectation, since ``E[c] = c`` and
    ``E[c g] = c E[g]``.  The argument is expanded as a sum only, never
    multiplied out, so ``(x - mu)**2`` stays one term.
    """

    def linear(e: Expect) -> sp.Expr:
        g, label = e.args
        total = sp.Integer(0)
        for term in sp.Add.make_args(g):
            const, dep = term.as_independent(var, as_Add=False)
            total += const if dep == 1 else const * Expect(dep, label)
        return total

    return expr.replace(lambda e: isinstance(e, Expect), linear)


def expectations_in(expr: sp.Expr) -> list:
    """The distinct ``Expect`` terms of ``expr``, in a stable order."""
    return sorted(expr.atoms(Expect), key=sp.default_sort_key)
