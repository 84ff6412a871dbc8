"""Guarded numeric evaluation of user formulas (mpmath only, no SymPy evaluation).

:func:`~symbolic_info.numeric.context.compile_expr` with hooks on powers, ``exp``
and the Gamma family that refuse any value beyond ``e^(10^7)`` in magnitude
before computing it: a tower such as ``lambda^lambda^lambda^lambda`` would
otherwise ask GMP for an integer of astronomically many bits and abort the
process.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", positive=True)
>>> guarded_value(x**x**x**x, {x: 30}, new_context(20))
Traceback (most recent call last):
...
OverflowError: too large to evaluate
>>> guarded_value(sp.log(x), {x: 1}, new_context(20))
mpf('0.0')
"""

from __future__ import annotations

import sympy as sp

from ..numeric.context import NumericError, compile_expr, to_mpf

__all__ = ["guarded_value", "guarded_function", "overflows", "MAX_LOG_MAGNITUDE"]

MAX_LOG_MAGNITUDE = 10**7
"""Largest natural logarithm of |value| any intermediate result may have."""


def _too_large() -> OverflowError:
    return OverflowError("too large to evaluate")


def _hooks(ctx) -> dict:
    limit = ctx.mpf(MAX_LOG_MAGNITUDE)
    ln2 = +ctx.ln2

    def exp_hook(node, build):
        (arg,) = [build(a) for a in node.args]

        def f(v):
            a = arg(v)
            if ctx.re(a) > limit:
                raise _too_large()
            return ctx.exp(a)

        return f

    def pow_hook(node, build):
        base, expo = build(node.args[0]), build(node.args[1])
        integer = node.args[1].is_Integer
        n = int(node.args[1]) if integer else None

        def f(v):
            b, x = base(v), expo(v)
            if b == 0:
                if ctx.re(x) < 0:
                    raise ZeroDivisionError("division by zero")
                return ctx.mpf(0) if x != 0 else ctx.mpf(1)
            # |ln|b|| <= (|exponent of b in bits| + 1) ln 2: a bound without a logarithm
            size = abs(x) * (abs(ctx.mag(b)) + 1) * ln2
            if size > limit and abs(x) * abs(ctx.log(abs(b))) > limit:
                raise _too_large()
            if integer:
                return b**n
            return ctx.power(b, x)

        return f

    def special_hook(fn):
        def hook(node, build):
            kids = [build(a) for a in node.args]

            def f(v):
                args = [k(v) for k in kids]
                if any(abs(a) > limit for a in args):
                    raise _too_large()
                return fn(*args)

            return f

        return hook

    def imaginary_unit(node, build):  # log(-x) reads as log(x) + i pi: evaluate, then judge
        i = ctx.mpc(0, 1)
        return lambda v: i

    return {
        type(sp.I): imaginary_unit,
        sp.exp: exp_hook,
        sp.Pow: pow_hook,
        sp.gamma: special_hook(ctx.gamma),
        sp.loggamma: special_hook(ctx.loggamma),
    }


def guarded_value(expr: sp.Expr, point: dict, ctx):
    """``expr`` at ``point`` (symbol -> exact value) on ``ctx``, size-guarded."""
    expr = sp.sympify(expr)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    missing = [s.name for s in symbols if s not in point]
    if missing:
        raise NumericError(f"no value for {', '.join(missing)}")
    f = guarded_function(expr, symbols, ctx)
    return f(*(to_mpf(point[s], ctx) for s in symbols))


def guarded_function(expr: sp.Expr, symbols: list, ctx, meter: list | None = None):
    """``expr`` compiled on ``ctx`` as ``f(*values)`` (values in the order of ``symbols``),
    with the same size guards as :func:`guarded_value`; compile once, call many times.

    With ``meter`` (a one-item list), every sum adds to ``meter[0]`` the decimal digits
    its cancellation cost: ``log10(max |term| / |sum|)`` when that exceeds one digit
    (``(1 + x)^2 - 1 - 2x`` at ``x = 1e-40`` costs 80).  The caller resets it before a call;
    a value computed at ``P`` digits is then good to about ``P - meter[0]`` of them.

    >>> from symbolic_info.numeric.context import new_context
    >>> x = sp.Symbol("x", positive=True)
    >>> ctx, meter = new_context(100), [0]
    >>> f = guarded_function((1 + x)**2 - 1 - 2*x, [x], ctx, meter)
    >>> v = f(ctx.mpf(10) ** -40)
    >>> round(meter[0])
    80
    """
    hooks = _hooks(ctx)
    if meter is not None:
        hooks[sp.Add] = _metered_sum(ctx, meter)
    return compile_expr(sp.sympify(expr), symbols, ctx, hooks)


def _metered_sum(ctx, meter: list):
    bits_to_digits = 0.30103
    mag = ctx.mag  # exponent of |x| in bits (cheap); a term that is inf makes the total inf

    def hook(node, build):
        kids = [build(a) for a in node.args]

        def f(v):
            terms = [k(v) for k in kids]
            total = ctx.fsum(terms)
            if total and ctx.isfinite(total):
                lost = (max(mag(t) for t in terms) - mag(total)) * bits_to_digits
                if lost > 1:
                    meter[0] += lost
            return total

        return f

    return hook


def overflows(expr: sp.Expr, point: dict, ctx) -> bool:
    """True when ``expr`` at ``point`` is provably beyond ``e^(10^7)`` in magnitude.

    That is shown from the shape alone, never by computing the value: ``c * exp(A)``
    (``c`` a nonzero finite factor) with ``A > 10^7`` or ``A`` itself such a huge
    positive value, ``b^A`` likewise with ``b > 1``, or a sum of finite terms and one
    such term.  A formula that is merely too large to evaluate somewhere inside
    (``exp(-exp(exp(1000)))``) is not said to overflow.

    >>> from symbolic_info.numeric.context import new_context
    >>> h = sp.exp(sp.exp(1000))
    >>> e, ctx = sp.exp(h), new_context(30)
    >>> overflows(e, {}, ctx), overflows(1 - 2 * e, {}, ctx), overflows(sp.exp(-h), {}, ctx)
    (True, True, False)
    """
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Add):
        huge = [a for a in expr.args if overflows(a, point, ctx)]
        return len(huge) == 1 and all(_finite(a, point, ctx) for a in expr.args
                                      if a is not huge[0])
    if isinstance(expr, sp.Mul):
        huge = [a for a in expr.args if overflows(a, point, ctx)]
        return len(huge) == 1 and all(_finite(a, point, ctx, nonzero=True) for a in expr.args
                                      if a is not huge[0])
    return _huge_positive(expr, point, ctx)


def _huge_positive(expr: sp.Expr, point: dict, ctx) -> bool:
    if isinstance(expr, sp.exp):
        base, exponent = sp.E, expr.args[0]
    elif isinstance(expr, sp.Pow):
        base, exponent = expr.args
    else:
        return False
    try:
        b = +ctx.e if base == sp.E else guarded_value(base, point, ctx)
        if ctx.im(b) != 0 or not b > 1:
            return False
        b = ctx.re(b)
    except (OverflowError, ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        return False
    if _huge_positive(exponent, point, ctx):
        return True
    try:
        x = guarded_value(exponent, point, ctx)
    except (OverflowError, ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        return False
    lnb = ctx.one if base == sp.E else ctx.ln(b)
    return ctx.im(x) == 0 and ctx.re(x) * lnb > MAX_LOG_MAGNITUDE


def _finite(expr: sp.Expr, point: dict, ctx, nonzero: bool = False) -> bool:
    try:
        v = guarded_value(expr, point, ctx)
    except (OverflowError, ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        return False
    return bool(ctx.isfinite(v)) and not (nonzero and v == 0)
