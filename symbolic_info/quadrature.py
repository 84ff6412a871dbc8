"""Densities and expectations by high-precision quadrature.

A :class:`Density` is the numeric view of a distribution: the random
variable's symbol, the log-density (evaluated directly, never as
``log(pdf)``), the support and interior break points (mode, scale
multiples) where the integrand changes character.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric import new_context
>>> x = sp.Symbol("x", real=True)
>>> std_normal = Density(x, -x**2 / 2 - sp.log(2 * sp.pi) / 2, (-sp.oo, sp.oo), (0,))
>>> ctx = new_context(30)
>>> ctx.nstr(expectation(std_normal, x**2, ctx), 15)
'1.0'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .numeric import NumericError, compile_expr

__all__ = ["Density", "expectation", "differential_entropy", "integrate"]


@dataclass(frozen=True)
class Density:
    """A density on ``support`` given by its logarithm ``logpdf`` in ``var``.

    ``support`` and ``breaks`` must be numeric (substitute parameters first,
    see :meth:`at`).
    """

    var: sp.Symbol
    logpdf: sp.Expr
    support: tuple
    breaks: tuple = ()

    def at(self, point: dict) -> Density:
        """This density with the parameters in ``point`` substituted."""
        return Density(
            self.var,
            self.logpdf.subs(point),
            tuple(sp.sympify(s).subs(point) for s in self.support),
            tuple(sp.sympify(b).subs(point) for b in self.breaks),
        )


def _nodes(density: Density, ctx) -> list:
    lo, hi = (compile_expr(s, [], ctx)() for s in density.support)
    inner = sorted(
        {compile_expr(b, [], ctx)() for b in density.breaks} - {lo, hi},
    )
    return [lo, *(b for b in inner if lo < b < hi), hi]


def integrate(density: Density, integrand, ctx):
    """``integral of integrand(x) over the support``, split at the break points."""
    return ctx.quad(integrand, _nodes(density, ctx))


def expectation(density: Density, g: sp.Expr, ctx):
    """``E[g(X)]`` by quadrature of ``g(x) * exp(logpdf(x))`` over the support."""
    free = (density.logpdf.free_symbols | sp.sympify(g).free_symbols) - {density.var}
    if free:
        raise NumericError(f"no value for {', '.join(sorted(s.name for s in free))}")
    lp = compile_expr(density.logpdf, [density.var], ctx)
    gf = compile_expr(g, [density.var], ctx)
    return integrate(density, lambda t: gf(t) * ctx.exp(lp(t)), ctx)


def differential_entropy(density: Density, ctx):
    """``-integral of f ln f`` with ``ln f`` taken from the log-density."""
    lp = compile_expr(density.logpdf, [density.var], ctx)

    def integrand(t):
        v = lp(t)
        return -v * ctx.exp(v)

    return integrate(density, integrand, ctx)
