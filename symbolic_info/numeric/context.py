"""High-precision numerics on a private mpmath context.

SymPy expressions are compiled into closures over a private
:class:`mpmath.MPContext` (never the shared global ``mp``), so concurrent
users of the app cannot change each other's precision.

Example
-------
>>> import sympy as sp
>>> ctx = new_context(30)
>>> s = sp.Symbol("sigma", positive=True)
>>> f = compile_expr(sp.log(2 * sp.pi * sp.E * s**2) / 2, [s], ctx)
>>> to_decimal(f(ctx.mpf(1)), 30, ctx)
'1.41893853320467274178032973641'

Precision belongs to a context, never to the process.  Where mpmath's own
examples set ``mp.dps = 15`` and then ``mp.dps = 50``, each precision here
gets its own private context, and both results stand side by side
(Gamma(1/3), OEIS A073005):

>>> g = sp.gamma(sp.Rational(1, 3))
>>> lo, hi = new_context(15), new_context(50)
>>> to_decimal(compile_expr(g, [], lo)(), 15, lo)
'2.67893853470775'
>>> to_decimal(compile_expr(g, [], hi)(), 50, hi)
'2.6789385347077476336556929409746776441286893779573'
>>> lo.dps, hi.dps
(15, 50)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath
import sympy as sp
from sympy.codegen.cfunctions import log1p

from . import special
from .constant_memo import folded

__all__ = [
    "NumericNode",
    "new_context",
    "compile_expr",
    "compile_shared",
    "evaluate",
    "agree_digits",
    "to_decimal",
    "to_mpf",
    "NumericError",
    "EXP_LIMIT_BITS",
]

GUARD = 10
"""Extra working digits carried beyond the requested precision."""


class NumericError(ValueError):
    """An expression the evaluator does not know, or a value that is not finite."""


def new_context(dps: int) -> mpmath.MPContext:
    """A private mpmath context working at ``dps`` decimal digits."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _constant(expr, ctx):
    table = {
        sp.pi: ctx.pi,
        sp.E: ctx.e,
        sp.EulerGamma: ctx.euler,
        sp.Catalan: ctx.catalan,
        sp.oo: ctx.inf,
        -sp.oo: -ctx.inf,
    }
    return table.get(expr)


EXP_LIMIT_BITS = 2**16
"""``exp(z)`` is computed only for ``|z| < 2^EXP_LIMIT_BITS``: beyond, the result's binary
exponent would be an integer of more than 65536 bits (slow), and past about 2^31 bits gmpy2
aborts the whole process ("gmp: overflow in mpz type"), which no ``except`` can catch
(``exp(-exp(10^11))`` in a density's far tail)."""


def _guarded_exp(ctx):
    """``exp`` that is 0 for ``z <= -2^EXP_LIMIT_BITS`` (below any precision: a density's
    far tail, ``exp(-x^1000)`` at ``x = 10^20``) and raises :class:`NumericError` for
    ``z >= 2^EXP_LIMIT_BITS``."""
    limit = ctx.ldexp(ctx.mpf(1), EXP_LIMIT_BITS)

    def exp(z):
        if isinstance(z, ctx.mpf) and ctx.isfinite(z) and not -limit < z < limit:
            if z < 0:
                return ctx.zero
            raise NumericError("exp of a number beyond 2^65536 is too large to evaluate")
        return ctx.exp(z)

    return exp


def _functions(ctx) -> dict:
    return {
        sp.exp: _guarded_exp(ctx),
        sp.log: lambda z: special.log(z, ctx),  # MPFR's from 480 digits on
        log1p: ctx.log1p,  # ln(1 + x) with full relative accuracy for tiny x
        sp.gamma: lambda z: special.gamma(z, ctx),
        sp.loggamma: lambda z: special.log_gamma(z, ctx),
        sp.digamma: lambda z: special.digamma(z, ctx),
        sp.harmonic: ctx.harmonic,
        sp.beta: lambda *a: ctx.beta(a[0], a[-1]),  # SymPy's beta(x) is beta(x, x)
        sp.trigamma: lambda z: ctx.psi(1, z),
        sp.Abs: ctx.fabs,
        sp.erf: ctx.erf,
        sp.erfc: ctx.erfc,
        sp.zeta: ctx.zeta,
        sp.sin: ctx.sin,
        sp.cos: ctx.cos,
        sp.atan: ctx.atan,
        sp.sqrt: ctx.sqrt,
        sp.factorial: ctx.factorial,
        sp.factorial2: ctx.fac2,
        sp.binomial: ctx.binomial,
        sp.RisingFactorial: ctx.rf,
        sp.FallingFactorial: ctx.ff,
        sp.uppergamma: lambda a, z: ctx.gammainc(a, z),
        sp.lowergamma: lambda a, z: ctx.gammainc(a, 0, z),
        sp.betainc_regularized: lambda a, b, x1, x2: ctx.betainc(a, b, x1, x2, regularized=True),
        sp.bernoulli: lambda n: ctx.bernoulli(int(n)),
        sp.fibonacci: lambda n: ctx.fib(n),
        sp.Min: lambda *a: min(a),
        sp.Max: lambda *a: max(a),
    }


class NumericNode(sp.Function):
    """A real number SymPy leaves alone (no ``eval``, ``simplify`` or ``evalf``): a subclass
    gives ``_mpmath_compile_(node, build, ctx)`` and is evaluated only by
    :func:`compile_expr` (a sum over thousands of cells, a tail integrated numerically).

    >>> class Two(NumericNode):
    ...     _mpmath_compile_ = staticmethod(lambda node, build, ctx: lambda v: ctx.mpf(2))
    >>> compile_expr(Two(sp.Integer(0)) + 1, [], new_context(15))()
    mpf('3.0')
    """

    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    def _eval_simplify(self, **kwargs):
        return self

    def _eval_evalf(self, prec):
        return None


def compile_expr(
    expr: sp.Expr,
    args: list,
    ctx: mpmath.MPContext,
    hooks: dict | None = None,
) -> Callable:
    """Compile ``expr`` into ``f(*values)`` evaluated on ``ctx``.

    ``hooks`` maps a SymPy function class to ``hook(node, compile) ->
    closure``, used for objects such as :class:`~symbolic_info.symbolic.expectation.Expect`
    that need more than a pointwise function.  A node class may also carry
    its own ``_mpmath_compile_(node, compile, ctx) -> closure`` (an implicit
    function such as a Lagrange multiplier, an integral).  Unknown nodes raise
    :class:`NumericError` rather than being guessed at.
    """
    body = _builder({a: i for i, a in enumerate(args)}, ctx, hooks or {})(sp.sympify(expr))
    return lambda *values: body(values)


def _builder(index: dict, ctx: mpmath.MPContext, hooks: dict, fresh=None) -> Callable:
    """``build(node) -> closure of v``, reading ``v[index[node]]`` for the nodes in ``index``
    (the arguments, and shared sub-expressions already evaluated: :func:`compile_shared`).
    A constant node is folded through :func:`.constant_memo.folded` (once per precision,
    not per compilation), except ``fresh``, the node that memo is computing."""
    funcs = _functions(ctx)

    def constant(node) -> bool:
        """True for a compound node free of the arguments and of hooked functions."""
        return bool(node.args) and not any(a in node.free_symbols for a in index) and not any(
            node.has(h) for h in hooks
        )

    def build(node) -> Callable:
        if node in index:
            i = index[node]
            return lambda v: v[i]
        if node.is_Integer or node.is_Rational:
            c = ctx.mpf(node.p) / node.q
            return lambda v: c
        if node.is_Float:
            c = ctx.mpf(node)
            return lambda v: c
        const = _constant(node, ctx)
        if const is not None:
            return lambda v: const
        if node.func in hooks:
            return hooks[node.func](node, build)
        custom = getattr(node.func, "_mpmath_compile_", None)
        if custom is not None:  # a node that knows how to evaluate itself on ctx
            return custom(node, build, ctx)
        if node is not fresh and constant(node) and not _has_custom(node):
            c = folded(node, ctx, lambda c: _builder({}, c, hooks, node)(node)(()))
            return lambda v: c
        f = build_compound(node)
        if constant(node):  # fold: evaluate once, not at every call
            c = f(())
            return lambda v: c
        return f

    def build_compound(node) -> Callable:
        if node.func is sp.log and isinstance(node.args[0], sp.gamma):  # ln Gamma(z) directly
            z = build(node.args[0].args[0])  # (no Gamma(1e30) on the way: special.log_gamma)
            return lambda v: special.log_gamma(z(v), ctx)
        kids = [build(a) for a in node.args]
        if node.is_Add or node.is_Mul:
            if len(kids) == 2:
                a, b = kids
                if node.is_Add:
                    return lambda v: a(v) + b(v)
                return lambda v: a(v) * b(v)
            fold = ctx.fsum if node.is_Add else ctx.fprod
            return lambda v: fold([k(v) for k in kids])
        if node.is_Pow:
            base, exponent = kids
            if node.exp == sp.Rational(1, 2):
                return lambda v: ctx.sqrt(base(v))
            if node.exp == -1:
                return lambda v: 1 / base(v)
            if node.exp.is_Integer:
                n = int(node.exp)
                return lambda v: base(v) ** n
            shared_log = index.get(sp.log(node.base))
            if shared_log is not None:  # b^e = exp(e ln b), ln b computed once (compile_shared)
                return lambda v: ctx.exp(exponent(v) * v[shared_log])
            return lambda v: ctx.power(base(v), exponent(v))
        if node.func is sp.log and len(kids) == 2:
            a, b = kids
            return lambda v: ctx.log(a(v)) / ctx.log(b(v))
        if node.func is sp.polygamma:
            m, z = kids
            return lambda v: (special.digamma(z(v), ctx) if int(m(v)) == 0
                              else ctx.psi(int(m(v)), z(v)))
        if node.func in funcs:
            f = funcs[node.func]
            if len(kids) == 1:
                (a,) = kids
                return lambda v: f(a(v))
            return lambda v: f(*(k(v) for k in kids))
        raise NumericError(f"cannot evaluate {node.func.__name__} numerically")

    return build


def _has_custom(node) -> bool:
    """True when a node inside ``node`` compiles itself (a kept series or integral: its value
    carries a tally of unsearched terms, so it is not remembered across compilations)."""
    return any(getattr(n.func, "_mpmath_compile_", None) is not None
               for n in sp.preorder_traversal(node))


def _log_of_power_base(node):
    """``ln b`` for a power ``b^e`` of a non-integer exponent other than 1/2 (computed as
    ``exp(e ln b)`` by mpmath as well), else ``None``."""
    if node.is_Pow and not node.exp.is_Integer and node.exp != sp.Rational(1, 2):
        return sp.log(node.base)
    return None


def _costly_repeats(exprs: list, args: list) -> list:
    """Compound nodes that depend on ``args`` and occur more than once in ``exprs``,
    inner ones first (a node's parts come before the node).  A power ``b^e`` of a
    non-integer exponent counts as an occurrence of ``ln b``: the Weibull's ``(k - 1) ln x
    - x^k`` then takes one logarithm per node instead of two."""
    counts: dict = {}
    order: list = []
    wanted = set(args)

    def visit(node):
        if not node.args or not (node.free_symbols & wanted):
            return
        seen = node in counts
        counts[node] = counts.get(node, 0) + 1
        if seen:  # its parts were counted (and ordered) the first time
            return
        for a in node.args:
            visit(a)
        log_base = _log_of_power_base(node)
        if log_base is not None:
            visit(log_base)
        order.append(node)

    for e in exprs:
        visit(e)
    return [n for n in order if counts[n] > 1]


def compile_shared(exprs: list, args: list, ctx: mpmath.MPContext) -> Callable:
    """Compile several expressions into ``f(*values) -> tuple`` of their values, each
    sub-expression they share (``ln x`` in two log-densities) evaluated once per call.

    The values are those of :func:`compile_expr` on each expression (the same closures
    on the same operands), only computed once: a quadrature integrand
    ``exp(ln p) (ln p - ln q)`` at 1000 digits spends its time in ``ln`` and ``exp``.
    Expressions with nodes that compile themselves (``_mpmath_compile_``) are compiled
    one by one, since such a node may evaluate its parts at other arguments.

    >>> x = sp.Symbol("x", positive=True)
    >>> ctx = new_context(30)
    >>> f = compile_shared([sp.log(x) - x, 2 * sp.log(x)], [x], ctx)
    >>> [to_decimal(v, 10, ctx) for v in f(ctx.mpf(3))]
    ['-1.901387711', '2.197224577']
    """
    exprs = [sp.sympify(e) for e in exprs]
    if any(_has_custom(e) for e in exprs):
        fs = [compile_expr(e, args, ctx) for e in exprs]
        return lambda *values: tuple(f(*values) for f in fs)
    index = {a: i for i, a in enumerate(args)}
    build = _builder(index, ctx, {})
    slots = []
    for node in _costly_repeats(exprs, list(args)):
        slots.append(build(node))  # reads only the arguments and earlier slots
        index[node] = len(args) + len(slots) - 1
    bodies = [build(e) for e in exprs]

    def f(*values):
        v = list(values)
        for slot in slots:
            v.append(slot(v))
        return tuple(body(v) for body in bodies)

    return f


def to_mpf(value, ctx):
    """An exact SymPy number or decimal string as an mpf on ``ctx``."""
    value = sp.nsimplify(value) if isinstance(value, float) else sp.sympify(value)
    return compile_expr(value, [], ctx)()


def evaluate(expr: sp.Expr, point: dict, ctx, hooks: dict | None = None):
    """Evaluate ``expr`` at ``point`` (symbol -> exact value) on ``ctx``."""
    hooks = hooks or {}
    symbols = sorted(_free_outside(sp.sympify(expr), tuple(hooks)), key=lambda s: s.name)
    missing = [s.name for s in symbols if s not in point]
    if missing:
        raise NumericError(f"no value for {', '.join(missing)}")
    f = compile_expr(expr, symbols, ctx, hooks)
    return f(*(to_mpf(point[s], ctx) for s in symbols))


def _free_outside(expr, hooked: tuple) -> set:
    """Free symbols of ``expr`` outside nodes of the ``hooked`` classes (no rebuilding)."""
    if expr.func in hooked:
        return set()
    if not expr.args:
        return set(expr.free_symbols)
    if not hooked or not expr.has(*hooked):
        return set(expr.free_symbols)
    return set().union(*(_free_outside(a, hooked) for a in expr.args))


def agree_digits(a, b, ctx, cap: int) -> int:
    """Relative decimal digits to which ``a`` matches the reference ``b``.

    ``floor(-log10(|a - b| / |b|))``, between 0 and ``cap``, at every
    magnitude: ``1e-60`` and ``2e-60`` agree to no digit.  Equal numbers
    (two exact zeros, the same infinity) agree to ``cap``; an exact zero
    against a non-zero number, a NaN, or an infinity on one side only, to 0.
    Near 0 relative digits say nothing: a result that is exactly 0 must be
    proved so, or bounded as ``|value| < bound`` (see
    :mod:`symbolic_info.numeric.precision`).

    >>> ctx = new_context(30)
    >>> agree_digits(ctx.mpf("1e-60"), ctx.mpf("2e-60"), ctx, 30)
    0
    >>> agree_digits(ctx.mpf("1.0000005e-300"), ctx.mpf("1e-300"), ctx, 30)
    6
    >>> agree_digits(ctx.zero, ctx.mpf("1e-90"), ctx, 30), agree_digits(ctx.zero, 0, ctx, 30)
    (0, 30)
    """
    if ctx.isnan(a) or ctx.isnan(b):
        return 0
    if a == b:
        return cap
    if ctx.isinf(a) or ctx.isinf(b) or a == 0 or b == 0:
        return 0
    digits = -ctx.log10(abs(a - b) / abs(b))
    if digits <= 0:  # compared before any float: 1e400 digits are beyond a float's range
        return 0
    return cap if digits >= cap else int(math.floor(digits))


def to_decimal(value, dps: int, ctx) -> str:
    """``value`` as a decimal string with ``dps`` significant digits, correctly rounded from
    all of ``value``'s bits (half away from zero), in the layout of ``mpmath.nstr(value, dps,
    strip_zeros=False, min_fixed=-5, max_fixed=dps)``, except that a mantissa with nothing after
    its point has no point (``6e-242``, ``4``): every digit written is one of the ``dps``, never
    a zero that pads (``10000.`` for 12345.6 at one digit).  mpmath rounds from three more
    digits of a value first cut to about that many bits, which can round twice:
    66.65...10672|50558 printed ...10672 at 300 digits, and ``0.1234567895000...01`` printed
    ``0.123456789`` at 9.

    Infinite values print as ``inf`` / ``-inf``.

    >>> ctx = new_context(40)
    >>> to_decimal(ctx.mpf("0.1234567895000000000000000001"), 9, ctx)
    '0.123456790'
    >>> to_decimal(ctx.mpf("-0.9999999995000000001"), 9, ctx)
    '-1.00000000'
    >>> to_decimal(ctx.mpf(2) / 3 * 10**-9, 5, ctx), to_decimal(ctx.mpf(10) ** 30 / 7, 4, ctx)
    ('6.6667e-10', '1.429e+29')
    >>> to_decimal(ctx.mpf("-6.1e-242"), 1, ctx), to_decimal(ctx.mpf("12345.6"), 2, ctx)
    ('-6e-242', '1.2e+4')
    """
    if ctx.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    negative, man, exp, bc = value._mpf_
    if abs(exp + bc) > 60_000:  # beyond 10^18000: exact scaling would be too large
        with ctx.workdps(dps + 20):
            return ctx.nstr(value, dps, strip_zeros=False, min_fixed=-5, max_fixed=dps + 5)
    digits, e = _rounded_digits(man, exp, dps)
    if -5 < e < dps:  # positional while no zero has to pad the digits before the point
        if e < 0:
            digits, split = "0" * -e + digits, 1
        else:
            split = e + 1
        e = 0
    else:
        split = 1
    head, tail = digits[:split], digits[split:]
    text = ("-" if negative else "") + head + ("." + tail if tail else "")
    return text if e == 0 else f"{text}e{'+' if e > 0 else ''}{e}"


def _rounded_digits(man: int, exp: int, dps: int) -> tuple:
    """``(the dps digits of man 2^exp rounded half up, its decimal exponent)``, exactly."""
    e = math.floor((exp + man.bit_length() - 1) * math.log10(2))
    while True:
        k = dps - 1 - e
        num, den = man << max(exp, 0), 1 << max(-exp, 0)
        if k >= 0:
            num *= 10**k
        else:
            den *= 10**-k
        q, r = divmod(num, den)
        q += 2 * r >= den
        if q >= 10**dps:
            e += 1
        elif q < 10 ** (dps - 1):
            e -= 1
        else:
            return str(q), e
