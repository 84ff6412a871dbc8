"""Exact substitution of user values that never expands into astronomically large numbers.

SymPy evaluates a node as soon as it is built: ``digamma(100000)`` becomes an exact
harmonic number summed term by term, ``gamma(10**9)`` the integer ``(10**9 - 1)!``,
``(3/2)**(10**30)`` an exact power, ``zeta(100000)`` a Bernoulli number; each takes
minutes and gigabytes, or fails on Python's 4300-digit limit for integer printing.  Plain
``expr.subs(point)`` rebuilds every node and so triggers all of these, and ``subs`` with
``n`` values makes ``n`` passes over the tree.

:func:`substitute` makes one pass.  Numeric nodes of the *costly* kinds are kept
unevaluated when their arguments are large (:func:`is_costly`): special functions
(Gamma, log-Gamma, polygamma, harmonic numbers, Beta, factorials, binomials, zeta) of
arguments beyond :data:`SMALL_ARGUMENT`, powers of numbers whose exact value would exceed
:data:`MAX_EXACT_BITS` bits or that are roots of large numbers, and ``exp`` of a number
holding a logarithm (which SymPy turns into such a power).  Everything else is evaluated
as usual, so a result stays short and exact (``-99999*polygamma(0, 100000) +
log(gamma(100000)) + 100000``) and at small values is what SymPy always gave
(``digamma(1)`` is ``-EulerGamma``).  While the tree is rebuilt, kept nodes stand behind
opaque placeholders (SymPy's ``Mul`` would otherwise multiply ``3*(3/2)**(10**30)`` out);
at the end they are put back without evaluation.  Numeric work then compiles the tree on a
private mpmath context (:func:`symbolic_info.numeric.compile_expr`), where
``psi(0, 10**5)`` costs microseconds.

Example
-------
>>> import sympy as sp
>>> k = sp.Symbol("k", positive=True)
>>> substitute(k + (1 - k) * sp.digamma(k), {k: sp.Integer(100000)})
100000 - 99999*polygamma(0, 100000)
>>> substitute(sp.digamma(k), {k: sp.Integer(1)})
-EulerGamma
>>> is_costly(sp.gamma(sp.Integer(10) ** 9, evaluate=False))
True
"""

from __future__ import annotations

import sympy as sp

__all__ = ["substitute", "is_costly", "has_costly", "Kept", "SMALL_ARGUMENT", "MAX_EXACT_BITS",
           "COSTLY_FUNCTIONS"]

SMALL_ARGUMENT = 64
"""Special functions are evaluated by SymPy only at rationals whose numerator and
denominator are at most this in magnitude (``digamma(64)`` is a 28-digit fraction)."""

MAX_EXACT_BITS = 4096
"""An exact power of rationals is formed only when its numerator and denominator have at
most this many bits (about 1230 digits, well below Python's 4300-digit printing limit)."""

_ROOT_BITS = 256
"""Roots (fractional powers) of rationals are simplified only below this size: SymPy's
perfect-power search converts larger integers to floats and overflows."""

COSTLY_FUNCTIONS = (
    sp.gamma, sp.loggamma, sp.polygamma, sp.digamma, sp.trigamma, sp.harmonic, sp.beta,
    sp.factorial, sp.factorial2, sp.binomial, sp.RisingFactorial, sp.FallingFactorial,
    sp.zeta, sp.bernoulli, sp.fibonacci, sp.uppergamma, sp.lowergamma,
)
"""Functions whose SymPy evaluation at large numbers builds huge exact numbers; each has
an mpmath counterpart in :func:`symbolic_info.numeric.compile_expr`, which evaluates them
when they are kept."""


def _small(x, small: int = SMALL_ARGUMENT) -> bool:
    return x.is_Rational and abs(x.p) <= small and x.q <= small


def _bits(x: sp.Rational) -> int:
    return max(abs(x.p).bit_length(), x.q.bit_length())


def _costly_power(base, exp, exact_bits: int = MAX_EXACT_BITS) -> bool:
    """True when SymPy's evaluation of ``base**exp`` (both numbers) could be costly, or
    longer than ``exact_bits``."""
    if base.is_Rational and exp.is_Integer:
        return _bits(base) * abs(int(exp)) > exact_bits
    if base.is_Rational and exp.is_Rational:
        return _bits(base) > _ROOT_BITS or abs(exp.p) > SMALL_ARGUMENT or exp.q > SMALL_ARGUMENT
    if exp.is_Integer:
        return abs(int(exp)) > SMALL_ARGUMENT
    return exp.is_Rational and (abs(exp.p) > SMALL_ARGUMENT or exp.q > SMALL_ARGUMENT)


def _costly(func, args, small: int = SMALL_ARGUMENT, exact_bits: int = MAX_EXACT_BITS) -> bool:
    """True when building ``func(*args)`` with evaluation could be costly (special functions
    of arguments beyond ``small``, exact powers beyond ``exact_bits``)."""
    if func in COSTLY_FUNCTIONS or (isinstance(func, type) and issubclass(func, COSTLY_FUNCTIONS)):
        return all(a.is_number for a in args) and not all(_small(a, small) for a in args)
    if func is sp.Pow:
        base, exp = args
        return base.is_number and exp.is_number and _costly_power(base, exp, exact_bits)
    if func is sp.exp:
        (arg,) = args
        return arg.is_number and arg.has(sp.log)
    return False


def is_costly(node) -> bool:
    """True for a numeric node that SymPy must not evaluate (see the module docstring).

    >>> is_costly(sp.Pow(sp.Rational(3, 2), 10**30, evaluate=False))
    True
    >>> is_costly(sp.Pow(sp.Rational(3, 2), 3, evaluate=False))
    False
    """
    return bool(node.args) and _costly(node.func, node.args)


def has_costly(expr) -> bool:
    """True when ``expr`` holds a node that :func:`is_costly` keeps unevaluated.

    Such an expression must not be rebuilt (``subs``, ``expand``, ``simplify``): compile it
    with :func:`symbolic_info.numeric.compile_expr` instead.
    """
    return any(is_costly(node) for node in sp.preorder_traversal(expr))


_POSITIVE_ON_POSITIVE = (sp.gamma, sp.beta, sp.factorial, sp.factorial2, sp.RisingFactorial,
                         sp.exp, sp.Pow)
"""Functions that are positive when every argument is a positive real number."""


def _facts(node) -> dict:
    """Sign facts of a kept node, read from its arguments only.

    SymPy's own assumption queries would evaluate the node (``Pow._eval_is_integer``
    builds the power and factors its base), which is what keeping it avoids.
    """
    args = node.args
    if all(a.is_Rational and a > 0 for a in args[:1]) and all(a.is_Rational for a in args):
        if node.func in _POSITIVE_ON_POSITIVE and all(a > 0 for a in args):
            return {"positive": True}
        if node.func is sp.Pow:
            return {"positive": True}  # a positive base: a positive power
        if all(a > 0 for a in args):
            return {"real": True}
    return {}


def _placeholder(node, kept: dict):
    """An opaque symbol standing for ``node``, with the sign facts of :func:`_facts`."""
    dummy = sp.Dummy("kept", **_facts(node))
    kept[dummy] = node
    return dummy


def _protect(expr, kept: dict, memo: dict, small: int = SMALL_ARGUMENT,
             exact_bits: int = MAX_EXACT_BITS):
    """``expr`` with every costly node replaced by a placeholder (rebuilt bottom-up)."""
    if expr in memo:
        return memo[expr]
    if not expr.args:
        out = expr
    elif _costly(expr.func, expr.args, small, exact_bits):
        out = _placeholder(expr, kept)
    else:
        args = tuple(_protect(a, kept, memo, small, exact_bits) for a in expr.args)
        out = expr if args == expr.args else expr.func(*args)
    memo[expr] = out
    return out


def _replace(expr, point: dict, kept: dict, memo: dict, small: int, exact_bits: int):
    if expr in memo:
        return memo[expr]
    if expr in point:
        out = sp.sympify(point[expr])
        if is_costly(out):
            out = _placeholder(out, kept)
    elif not expr.args:
        out = expr
    else:
        args = tuple(_replace(a, point, kept, memo, small, exact_bits) for a in expr.args)
        if args == expr.args:
            out = expr
        elif _costly(expr.func, args, small, exact_bits):
            out = _placeholder(expr.func(*(_restore(a, kept) for a in args), evaluate=False),
                               kept)
        else:
            out = expr.func(*args)
    memo[expr] = out
    return out


def _restore(expr, kept: dict):
    """Put the kept nodes back without evaluating anything around them."""
    if not kept or not (expr.free_symbols & kept.keys()):
        return expr
    with sp.evaluate(False):
        return expr.xreplace({d: _restore(node, kept) for d, node in kept.items()})


class Kept:
    """Costly nodes behind placeholders, for exact arithmetic on values that hold them.

    ``Add(3, (3/2)**(10**30))`` multiplies the power out even when it was built
    unevaluated; :meth:`protect` swaps such nodes for opaque symbols, arithmetic is then
    safe, and :meth:`restore` puts them back without evaluating anything.

    >>> kept = Kept()
    >>> big = kept.protect(sp.Pow(sp.Rational(3, 2), 10**30, evaluate=False))
    >>> kept.restore(2 * big + 1)
    1 + 2*(3/2)**1000000000000000000000000000000
    """

    def __init__(self):
        self.nodes: dict = {}

    def protect(self, expr):
        expr = sp.sympify(expr)
        return _protect(expr, self.nodes, {}) if has_costly(expr) else expr

    def restore(self, expr):
        return _restore(expr, self.nodes)


def substitute(expr, point: dict, small: int = SMALL_ARGUMENT, exact_bits: int = MAX_EXACT_BITS):
    """``expr`` with ``point`` (symbol -> exact value) substituted, in one bounded pass.

    Costly numeric nodes are kept unevaluated (see the module docstring); the result is
    exact and equal to ``expr.subs(point)``.  A lower ``small`` keeps special functions of
    smaller arguments as written, for a result a teacher would show: ``psi(49)``, not the
    harmonic number ``H_48 - gamma`` as a 21-digit fraction; a lower ``exact_bits`` keeps
    powers of rationals longer than that as written, ``(19/50)^400``, not a fraction of
    two 700-digit integers.

    >>> x = sp.Symbol("x", positive=True)
    >>> substitute(3 * x**(10**30), {x: sp.Rational(3, 2)})
    3*(3/2)**1000000000000000000000000000000
    >>> substitute(sp.digamma(x), {x: sp.Integer(49)}, small=4)
    polygamma(0, 49)
    >>> substitute(x**400 * (1 - x)**2, {x: sp.Rational(19, 50)}, exact_bits=64)
    961*(19/50)**400/2500
    >>> y = sp.Symbol("y", positive=True)
    >>> kept = substitute(x**49 * y, {x: sp.Rational(10, 51)}, exact_bits=64)
    >>> substitute(kept, {y: 2}, exact_bits=64)  # a power kept before stays kept
    2*(10/51)**49
    """
    expr = sp.sympify(expr)
    if not point:
        return expr
    point = {sp.sympify(k): v for k, v in point.items()}
    if not expr.free_symbols & point.keys():
        return expr
    kept: dict = {}
    shown = small != SMALL_ARGUMENT or exact_bits != MAX_EXACT_BITS  # keep more than the costly
    protected = _protect(expr, kept, {}, small, exact_bits) if shown or has_costly(expr) else expr
    return _restore(_replace(protected, point, kept, {}, small, exact_bits), kept)
