"""A SymPy expression in one variable evaluated on complex balls (Arb, through python-flint),
with a certificate that it is analytic on a disk.

:func:`compile_ball` turns an expression into ``evaluate(z) -> (value, cut_free)``: ``value``
an ``acb`` ball that holds the expression's value at every point of the ball ``z``
(Johansson, "Arb: efficient arbitrary-precision midpoint-radius interval arithmetic", IEEE
Trans. Computers 66 (2017) 1281-1292), and ``cut_free`` True when every logarithm and
every power with a non-integer or negative exponent met an argument that keeps off the
cut ``(-oo, 0]`` on all of ``z``.

Why that proves analyticity on a disk: let ``u`` be analytic on a neighbourhood of a
closed disk ``D`` with ``u(dD)`` inside ``C \\ (-oo, 0]``.  For ``w <= 0`` the curve
``u(dD)`` does not meet the ray ``(-oo, w]``, so it winds 0 times around ``w``, and by the
argument principle (Ahlfors, *Complex Analysis*, 3rd ed., Ch. 5, Thm. 18) ``u - w`` has no
zero in ``D``: ``u(D)`` avoids the cut, and ``log u``, ``u^a``, ``1/u`` are analytic on
``D``.  By induction over the expression (inner arguments first), the whole expression is
analytic on ``D`` when ``cut_free`` holds on balls that cover the circle ``dD``.
Functions other than ``exp``, ``log``, powers, ``sin``, ``cos`` of the variable are refused
(:class:`~symbolic_info.numeric.context.NumericError`); constants are enclosed from 60
digits of SymPy's ``evalf`` with a radius of 10^-50 of their size (rationals exactly).

Example
-------
>>> import sympy as sp
>>> from flint import acb
>>> x = sp.Symbol("x")
>>> value, ok = compile_ball(sp.log(x**2 + 1), x)(acb(3, 1))
>>> ok, abs(complex(value.mid()) - complex(sp.log((3 + 1j)**2 + 1))) < 1e-12
(True, True)
>>> compile_ball(sp.log(x), x)(acb(-3, 0))[1]
False
"""

from __future__ import annotations

import sympy as sp

from ..core import shorten
from .context import NumericError

__all__ = ["compile_ball", "flint_available", "off_cut"]


def flint_available() -> bool:
    """True when python-flint (Arb) can be imported."""
    try:
        import flint  # noqa: F401
    except ImportError:
        return False
    return True


def off_cut(u) -> bool:
    """True when the ``acb`` ball ``u`` certainly avoids ``(-oo, 0]``."""
    return bool(u.real > 0 or u.imag > 0 or u.imag < 0)


def _constant(expr):
    """An ``acb`` ball around the constant ``expr``: exact for a rational, else 60 digits
    of ``evalf`` widened by 10^-50 of their size (any magnitude: no float on the way)."""
    from flint import acb, arb, fmpq

    if expr.is_Rational:
        return acb(arb(fmpq(int(expr.p), int(expr.q))))
    value = sp.N(expr, 60)
    parts = []
    for part in (sp.re(value), sp.im(value)):
        if part == 0:
            parts.append(arb(0))
            continue
        if not part.is_Float:
            raise NumericError(f"the constant {shorten(expr, 30)} has no numeric value")
        parts.append(arb(sp.Float(part, 60).__format__(".55e")) * arb(1, 1e-50))
    return acb(*parts)


def compile_ball(expr, var):
    """``evaluate(z) -> (value, cut_free)`` for ``expr`` in ``var`` (see the module's
    docstring)."""
    from flint import acb

    def build(node):
        if not node.has(var):
            c = _constant(node)
            return lambda z, flags: c
        if node == var:
            return lambda z, flags: z
        if isinstance(node, sp.Add):
            parts = [build(a) for a in node.args]

            def add(z, flags):
                total = acb(0)
                for p in parts:
                    total += p(z, flags)
                return total
            return add
        if isinstance(node, sp.Mul):
            parts = [build(a) for a in node.args]

            def mul(z, flags):
                total = acb(1)
                for p in parts:
                    total *= p(z, flags)
                return total
            return mul
        if isinstance(node, sp.Pow):
            base = build(node.base)
            e = node.exp
            if e.is_Integer and e > 0:
                n = int(e)
                return lambda z, flags: base(z, flags) ** n
            if e.is_Integer:
                n = int(e)

                def inverse(z, flags):
                    u = base(z, flags)
                    flags.append(off_cut(u))
                    return u ** n
                return inverse
            exponent = build(e)

            def power(z, flags):
                u = base(z, flags)
                flags.append(off_cut(u))
                return (exponent(z, flags) * u.log()).exp()
            return power
        if isinstance(node, sp.exp):
            arg = build(node.args[0])
            return lambda z, flags: arg(z, flags).exp()
        if isinstance(node, sp.log) and len(node.args) == 1:
            arg = build(node.args[0])

            def log(z, flags):
                u = arg(z, flags)
                flags.append(off_cut(u))
                return u.log()
            return log
        if isinstance(node, (sp.sin, sp.cos)):
            arg = build(node.args[0])
            name = "sin" if isinstance(node, sp.sin) else "cos"
            return lambda z, flags: getattr(arg(z, flags), name)()
        raise NumericError(f"{type(node).__name__} in the density: its far tails' remainder "
                           "cannot be bounded on complex balls")

    root = build(expr)

    def evaluate(z):
        flags: list = []
        value = root(z, flags)
        return value, all(flags) and value.is_finite()

    return evaluate
