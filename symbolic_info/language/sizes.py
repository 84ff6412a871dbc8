"""Refuse numbers too large to compare or evaluate safely.

The grammar caps literal numbers, but ``exp(exp(exp(100)))`` is small text
for a number SymPy cannot compare (its ``evalf`` overflows or runs for
minutes) and mpmath cannot evaluate safely.  Every numeric part of a spec is
first evaluated here in double precision, where nothing can hang: a value
that overflows, or whose magnitude exceeds :data:`MAX_MAGNITUDE`, is refused.

Example
-------
>>> import sympy as sp
>>> check_sizes(sp.exp(sp.Integer(100)) * sp.Symbol("x"))
>>> check_sizes(sp.exp(sp.exp(sp.exp(sp.Integer(100)))))
Traceback (most recent call last):
...
symbolic_info.checker.grammar.lexer.ParseError: a number in the distribution is too large: ...
"""

from __future__ import annotations

import math

import sympy as sp

from ..checker.grammar import ParseError
from ..output.unicode_math import math_text

__all__ = ["check_sizes", "float_value", "MAX_MAGNITUDE"]

MAX_MAGNITUDE = 1e100
"""Largest magnitude of a numeric part of a spec."""

_CONSTANTS = {sp.pi: math.pi, sp.E: math.e, sp.EulerGamma: 0.5772156649015329,
              sp.Catalan: 0.915965594177219}


def _lgamma(v: float) -> float:
    return math.lgamma(v)


_FUNCTIONS = {
    sp.exp: math.exp,
    sp.log: lambda v: math.log(abs(v)) if v != 0 else -math.inf,
    sp.Abs: abs,
    sp.gamma: lambda v: math.exp(_lgamma(v)) if v > 0 else math.gamma(v),
    sp.loggamma: _lgamma,
    sp.sin: math.sin,
    sp.cos: math.cos,
    sp.atan: math.atan,
    sp.erf: math.erf,
    sp.zeta: lambda v: 1 / (v - 1) + 1,  # an upper bound for v > 1 (zeta(v) < 1 + 1/(v - 1))
}


def float_value(expr) -> float:
    """``expr`` (no free symbols) in double precision; ``OverflowError`` if too large."""
    if expr.is_Rational:
        if expr.q == 1 and abs(expr.p).bit_length() > 400:
            raise OverflowError
        return float(expr)
    if expr.is_Float:
        return float(expr)
    if expr in _CONSTANTS:
        return _CONSTANTS[expr]
    args = [float_value(a) for a in expr.args if isinstance(a, sp.Expr)]
    if any(math.isinf(a) and a > 0 for a in args) or any(abs(a) > MAX_MAGNITUDE for a in args):
        raise OverflowError
    if expr.is_Add:
        return math.fsum(args)
    if expr.is_Mul:
        out = 1.0
        for a in args:
            out *= a
        return out
    if expr.is_Pow:
        base, exponent = args
        if base == 0:
            return 0.0 if exponent > 0 else math.inf
        size = exponent * math.log10(abs(base))
        if size > 300:
            raise OverflowError
        return math.pow(base, exponent)
    if expr.func in _FUNCTIONS:
        return float(_FUNCTIONS[expr.func](*args))
    return max((abs(a) for a in args), default=1.0)  # slowly growing (digamma, harmonic)


def check_sizes(expr) -> None:
    """Raise ``ParseError`` when a numeric part of ``expr`` is too large."""
    expr = sp.sympify(expr)
    stack = [expr]
    while stack:
        node = stack.pop()
        if not isinstance(node, sp.Expr) or node.is_Atom and not node.is_Rational:
            continue
        if not node.free_symbols:
            try:
                v = float_value(node)
                bad = (math.isinf(v) and v > 0) or math.isnan(v) or abs(v) > MAX_MAGNITUDE
            except (OverflowError, ValueError, ZeroDivisionError, TypeError):
                bad = True
            if bad:
                raise ParseError("a number in the distribution is too large: "
                                 f"{math_text(node, 40)}")
            continue
        stack.extend(node.args)
