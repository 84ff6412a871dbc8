"""Signs of ``Abs``, ``sign`` and ``Heaviside`` settled on one quadrature piece.

A density with a kink, such as the triangular ``1 - |x|`` on ``[-1, 1]``, is cut at the
kink, and each piece is integrated in the distance ``y`` from one of its ends
(:mod:`.quadrature`).  On the piece from ``-1`` the log-density becomes
``ln(1 - |y - 1|)``, which SymPy cannot simplify (it does not know ``y < 1``); evaluated
next to the end, ``|y - 1|`` rounds to ``1`` at ``y = 10^-102`` and ``1 - |y - 1|`` to
``0`` exactly, so ``ln f`` is ``-inf`` and ``f ln f`` not a number where it should be
``y ln y``.  On a piece that holds no root of the argument the sign is known: ``|y - 1|``
is ``1 - y`` there, and ``1 - (1 - y)`` is ``y`` exactly, with no cancellation left.

Only linear arguments ``a + b y`` are settled (their roots are the kinks the pieces are
cut at, :func:`symbolic_info.measures.custom_numeric.kink_points`); an argument whose root
lies inside the piece, farther than rounding from its ends, is left as it is.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> y = sp.Symbol("y", positive=True)
>>> settle_signs(sp.log(1 - sp.Abs(y - 1)), y, "finite", 1, new_context(30))
log(y)
>>> settle_signs(sp.Abs(y - 1), y, "finite", 2, new_context(30))    # root inside
Abs(y - 1)
"""

from __future__ import annotations

import sympy as sp

from .context import NumericError, compile_expr

__all__ = ["settle_signs"]

_KINKED = (sp.Abs, sp.sign, sp.Heaviside)


def _constant_sign(a, b, kind: str, length, ctx) -> int | None:
    """The sign of ``a + b y`` for ``y`` in ``(0, length)`` (a tail: ``(0, oo)``), or
    ``None`` when it changes there (its root farther than rounding from the ends)."""
    if b == 0:
        return None
    root = -a / b
    slack = abs(length) * ctx.ldexp(1, 8 - ctx.prec) if ctx.isfinite(length) else 0
    if kind == "finite":
        if slack < root < length - slack:
            return None
        inside = length / 2
    else:
        if root > slack:
            return None
        inside = max(abs(root), ctx.one) + (length if ctx.isfinite(length) else ctx.one)
    value = a + b * inside
    return 1 if value > 0 else -1 if value < 0 else None


def settle_signs(expr, y: sp.Symbol, kind: str, length, ctx):
    """``expr`` with every ``Abs``, ``sign`` and ``Heaviside`` of a linear argument in ``y``
    whose sign is constant on the piece replaced by that argument times its sign (``sign``:
    the sign; ``Heaviside``: 0 or 1).  ``kind`` is ``"finite"`` for ``y`` in ``(0, length)``,
    anything else for a tail ``(0, oo)``; ``length`` is a number of ``ctx``."""
    expr = sp.sympify(expr)
    settled = {}
    for node in expr.atoms(*_KINKED):
        arg = node.args[0]
        if not arg.has(y):
            continue
        slope = sp.diff(arg, y)
        if slope.has(y):
            continue
        try:
            a = compile_expr(arg.subs(y, 0), [], ctx)()
            b = compile_expr(slope, [], ctx)()
        except (NumericError, ArithmeticError, ValueError, TypeError):
            continue
        if not (hasattr(a, "_mpf_") and hasattr(b, "_mpf_")):
            continue
        sign = _constant_sign(a, b, kind, ctx.convert(length), ctx)
        if sign is None:
            continue
        if isinstance(node, sp.Abs):
            settled[node] = sign * arg
        elif isinstance(node, sp.sign):
            settled[node] = sp.Integer(sign)
        else:
            settled[node] = sp.Integer(1 if sign > 0 else 0)
    return expr.xreplace(settled) if settled else expr
