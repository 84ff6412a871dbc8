"""Elementary SymPy expressions evaluated with MPFR (gmpy2) at a given binary precision.

mpmath spends most of an evaluation in Python (an ``exp`` at 65 digits costs about 6 us,
and the compiled expression around it three times that); MPFR does the same in C, each
elementary function correctly rounded (Fousse et al., "MPFR: A multiple-precision binary
floating-point library with correct rounding", ACM TOMS 33 (2007)).  The cells of
``quantised-entropy`` evaluate one density or one tail tens of thousands of times, so they
use :func:`compile_mpfr` when gmpy2 is installed and the expression holds only the
functions in :data:`FUNCTIONS`; anything else (an incomplete gamma function, gmpy2 absent)
gives None and the caller keeps mpmath.

Numbers cross between mpmath and MPFR exactly (mantissa and binary exponent):
:func:`to_mpfr` and :func:`to_mpmath`.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x")
>>> f = compile_mpfr(sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi), x)
>>> ctx = new_context(30)
>>> with precision(110):
...     v = f(to_mpfr(ctx.mpf(1)))
>>> ctx.nstr(to_mpmath(v, ctx), 20) == ctx.nstr(ctx.npdf(1), 20)
True
"""

from __future__ import annotations

from contextlib import contextmanager

import sympy as sp

try:  # optional: the "fast" extra
    import gmpy2
except ImportError:  # pragma: no cover - gmpy2 is in every extra the tests use
    gmpy2 = None

__all__ = ["compile_mpfr", "precision", "to_mpfr", "to_mpmath", "available", "FUNCTIONS",
           "mpfr_rule", "integrate_rule"]


def available() -> bool:
    """True when gmpy2 is installed."""
    return gmpy2 is not None


def _lgamma(z):
    return gmpy2.lgamma(z)[0]


FUNCTIONS = {
    sp.exp: "exp", sp.log: "log", sp.sqrt: "sqrt", sp.erf: "erf", sp.erfc: "erfc",
    sp.gamma: "gamma", sp.atan: "atan", sp.sin: "sin", sp.cos: "cos", sp.Abs: "abs",
    sp.loggamma: "lgamma",
}
"""The SymPy functions compiled to their MPFR counterparts (all correctly rounded)."""


@contextmanager
def precision(bits: int):
    """A gmpy2 context of ``bits`` bits for the block (gmpy2's context is per thread; the
    previous one comes back afterwards)."""
    with gmpy2.context(precision=int(bits)) as c:
        yield c


def to_mpfr(value):
    """An mpmath mpf as an MPFR number, exactly (at a precision of at least its bits)."""
    sign, man, exp, bc = value._mpf_
    if not man:
        if bc == 0 and exp == 0:
            return gmpy2.mpfr(0)
        raise ValueError("only finite numbers cross to MPFR")
    with gmpy2.context(precision=max(int(bc), 2)):  # exact: the mantissa has bc bits
        out = gmpy2.mul_2exp(gmpy2.mpfr(-int(man) if sign else int(man)), int(exp))
    return out


def to_mpmath(value, ctx):
    """An MPFR number on the mpmath context ``ctx`` (rounded to its precision)."""
    if not gmpy2.is_finite(value):
        raise ValueError("not finite")
    if value == 0:
        return ctx.zero
    man, exp = value.as_mantissa_exp()
    return ctx.mpf(int(man)) * ctx.ldexp(ctx.one, int(exp))


def _number(expr):
    if expr.is_Integer:
        n = int(expr)
        return lambda: gmpy2.mpfr(n)
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda: gmpy2.mpfr(p) / q
    if expr is sp.pi:
        return gmpy2.const_pi
    if expr is sp.E:
        return lambda: gmpy2.exp(1)
    if expr is sp.EulerGamma:
        return gmpy2.const_euler
    return None


_ROOTS = 8
"""Largest denominator q of a rational power ``b^(n/q)`` taken as ``root(b, q)^n`` (two
correctly rounded operations, within ``|n| + 1`` units in the last place; ``sqrt`` for
``q = 2``: a sixth of the time of MPFR's ``pow``, in which the Gamma(5/2) density's
``x^(3/2)`` spent most of its time)."""


def _per_precision(constant):
    """``constant`` (a closure that ignores its argument) evaluated once per gmpy2
    precision: ``sqrt(2) / (20000 sqrt(pi))`` in a density was recomputed at every node
    of every cell (the same correctly rounded value each time)."""
    values = {}

    def g(x):
        bits = gmpy2.get_context().precision
        value = values.get(bits)
        if value is None:
            value = values[bits] = constant(x)
        return value

    return g


def _build(expr, var):
    """A closure ``g(x)`` for ``expr``, or None for a node MPFR does not take; a part
    without ``var`` (other than an integer) is evaluated once per precision."""
    g = _build_node(expr, var)
    if g is None or expr.is_Integer or expr.has(var):
        return g
    return _per_precision(g)


def _build_node(expr, var):
    """:func:`_build` without the constants' memory."""
    if expr == var:
        return lambda x: x
    number = _number(expr)
    if number is not None:
        return lambda x: number()
    if expr.is_Add or expr.is_Mul:
        parts = [_build(a, var) for a in expr.args]
        if any(p is None for p in parts):
            return None
        if expr.is_Add:
            return lambda x: gmpy2.fsum([p(x) for p in parts])

        def product(x):
            out = parts[0](x)
            for p in parts[1:]:
                out = out * p(x)
            return out
        return product
    if expr.is_Pow:
        base, power = _build(expr.base, var), expr.exp
        if base is None:
            return None
        if power.is_Integer:
            n = int(power)
            return lambda x: base(x) ** n
        if power == sp.S.Half:
            return lambda x: gmpy2.sqrt(base(x))
        if power.is_Rational and power.q <= _ROOTS and abs(power.p) <= _ROOTS * 16:
            n, q = int(power.p), int(power.q)  # b^(n/q) = (b^(1/q))^n: no log and exp
            if n == 3 and q == 2:  # b sqrt(b): two thirds of the time of sqrt(b)^3 (the
                # Gamma(5/2) density's x^(3/2) at each node of 74,000 cells)
                if expr.base == var:
                    return lambda x: x * gmpy2.sqrt(x)
                return lambda x: _times_sqrt(base(x))
            if q == 2:
                return lambda x: gmpy2.sqrt(base(x)) ** n
            return lambda x: gmpy2.root(base(x), q) ** n
        exponent = _build(power, var)
        if exponent is None:
            return None
        return lambda x: base(x) ** exponent(x)
    name = FUNCTIONS.get(expr.func)
    if name is None or len(expr.args) != 1:
        return None
    arg = _build(expr.args[0], var)
    if arg is None:
        return None
    fn = _lgamma if name == "lgamma" else abs if name == "abs" else getattr(gmpy2, name)
    return lambda x: fn(arg(x))


def _times_sqrt(b):
    """``b sqrt(b)``, two correctly rounded operations (within 2 units in the last place)."""
    return b * gmpy2.sqrt(b)


def compile_mpfr(expr, var):
    """``g(x)``: ``expr`` (SymPy, in ``var``) on an MPFR ``x`` at the current gmpy2
    precision (see :func:`precision`), or None when gmpy2 is absent or ``expr`` holds a
    node other than numbers, ``+``, ``*``, powers and :data:`FUNCTIONS`."""
    if gmpy2 is None:
        return None
    return _build(sp.sympify(expr), var)


def mpfr_rule(nodes, weights, bits: int | None = None) -> tuple:
    """A Gauss-Legendre rule given on mpmath (nodes and weights on [-1, 1]) as MPFR pairs,
    exactly, or rounded to ``bits`` bits (a rule computed once at the highest precision
    serves the cells that need fewer, at the cost of their precision)."""
    pairs = ((to_mpfr(t), to_mpfr(w)) for t, w in zip(nodes, weights, strict=True))
    if bits is None:
        return tuple(pairs)
    return tuple((gmpy2.mpfr(t, int(bits)), gmpy2.mpfr(w, int(bits))) for t, w in pairs)


def integrate_rule(fn, a, b, rule, bits: int, ctx):
    """``int_a^b fn`` by the rule (pairs from :func:`mpfr_rule`) at ``bits`` bits, with
    ``a`` and ``b`` exact rationals as pairs ``(p, q)``, returned on ``ctx``; None when a
    value is not finite or the sum is negative (the caller keeps mpmath there).

    >>> import sympy as sp
    >>> from symbolic_info.numeric.cells import gauss_legendre_points
    >>> from symbolic_info.numeric.context import new_context
    >>> x = sp.Symbol("x")
    >>> ctx = new_context(30)
    >>> rule = mpfr_rule(*gauss_legendre_points(8, 40))
    >>> v = integrate_rule(compile_mpfr(x**3, x), (0, 1), (2, 1), rule, 120, ctx)
    >>> ctx.nstr(v, 25)
    '4.0'
    """
    with precision(bits):
        lo = gmpy2.mpfr(a[0]) / a[1]
        hi = gmpy2.mpfr(b[0]) / b[1]
        half, mid = (hi - lo) / 2, (hi + lo) / 2
        try:
            total = gmpy2.fsum([w * fn(mid + half * t) for t, w in rule])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not gmpy2.is_finite(total) or total < 0:
            return None
        return to_mpmath(half * total, ctx)
