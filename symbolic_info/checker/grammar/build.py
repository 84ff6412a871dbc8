"""Capped constructors: every SymPy object built from user text goes through here.

Sizes are checked *before* SymPy evaluates anything, so ``10^10^10``,
``factorial(10^9)`` or ``exp(10^100)`` are refused instead of computed.

Example
-------
>>> power(sp.Integer(10), sp.Integer(10))
10000000000
>>> power(sp.Integer(10), sp.Integer(10**9))
Traceback (most recent call last):
...
symbolic_info.checker.grammar.lexer.ParseError: 10^1000000000 would have more than 2000 digits
"""

from __future__ import annotations

import math

import sympy as sp

from .lexer import ParseError

__all__ = ["number", "power", "call", "guard", "MAX_DIGITS", "MAX_EXPONENT", "MAX_SPECIAL_ARG",
           "MAX_EXP_ARG", "MAX_DECIMAL_EXPONENT", "FUNCTIONS"]

MAX_DIGITS = 2000
"""Largest exact number (numerator or denominator), in decimal digits."""
MAX_EXPONENT = 1000
"""Largest numeric exponent of a symbolic base."""
MAX_SPECIAL_ARG = 500
"""Largest numeric argument of factorial, Gamma, log-Gamma and digamma."""
MAX_EXP_ARG = 10**6
"""Largest numeric argument of exp."""
MAX_DECIMAL_EXPONENT = 400
"""Largest exponent in scientific notation (``1e-400``)."""


def _digits(q: sp.Rational) -> float:
    """log10 of the larger of |numerator| and denominator (at least 1e-9)."""
    return max(math.log10(abs(q.p)) if q.p else 0.0, math.log10(q.q), 1e-9)


def guard(value: sp.Expr) -> sp.Expr:
    """Return ``value`` or refuse it when an exact number in it is too large."""
    if value.is_Rational and (abs(value.p).bit_length() > MAX_DIGITS * 3.33
                              or value.q.bit_length() > MAX_DIGITS * 3.33):
        raise ParseError(f"a number in the formula has more than {MAX_DIGITS} digits")
    return value


def _beyond(what: str, value, limit) -> ParseError:
    """The refusal of ``value`` (a number) outside ``[-limit, limit]``, naming the side.

    >>> str(_beyond("the argument of digamma", -sp.Integer(10)**40, 500))
    'the argument of digamma is below -500'
    """
    negative = value < 0 if not isinstance(value, sp.Expr) else value.as_coeff_Mul()[0] < 0
    return ParseError(f"{what} is " + (f"below -{limit}" if negative else f"larger than {limit}"))


def number(text: str) -> sp.Rational:
    """An exact rational from a decimal literal (``0.35`` -> 7/20, ``1.5e-3``)."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    e = int(exponent) if exponent else 0
    if abs(e) > MAX_DECIMAL_EXPONENT:
        raise _beyond(f"the exponent of {text}", e, MAX_DECIMAL_EXPONENT)
    value = sp.Rational(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))
    return guard(value * sp.Rational(10) ** e)


def _show(x: sp.Expr) -> str:
    s = str(x)
    return s if len(s) <= 20 else s[:17] + "..."


def power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """``base ** exponent`` after checking the size of the result."""
    if exponent.is_Rational:
        if base.is_Rational:
            if base == 0 and exponent < 0:
                raise ParseError("the formula divides by zero (0 to a negative power)")
            if abs(exponent.p) > 10 * MAX_DIGITS or \
                    _digits(base) * abs(float(exponent)) > MAX_DIGITS:
                if not (base in (0, 1, -1) and exponent.q == 1):
                    raise ParseError(
                        f"{_show(base)}^{_show(exponent)} would have more than {MAX_DIGITS} digits")
        elif abs(exponent) > MAX_EXPONENT:
            raise _beyond(f"the exponent {_show(exponent)}", exponent, MAX_EXPONENT)
    if base == sp.E:
        return call("exp", [exponent])
    return guard(sp.Pow(base, exponent))


def _numeric_size(arg: sp.Expr) -> sp.Rational | None:
    """|coefficient| of a numeric argument (a cheap bound), exact, None if symbolic.

    Exact, not by the length of the numerator or denominator: ``10^-300`` is tiny, not
    larger than 500 (a 301-digit denominator once read as an infinite size).

    >>> _numeric_size(sp.Rational(1, 10**300)) < 1, _numeric_size(sp.Integer(10)**400) > 500
    (True, True)
    """
    if not arg.is_number:
        return None
    coeff, _ = arg.as_coeff_Mul()
    if coeff.is_Rational:
        return abs(coeff)
    return None


def _special(fn, limit):
    def build(args):
        size = _numeric_size(args[0])
        if size is not None and size > limit:
            raise _beyond(f"the argument of {fn.__name__}", args[0], limit)
        return fn(args[0])

    return build


def _log(args):
    if len(args) == 2:
        if args[1] == 1:
            raise ParseError("a logarithm to base 1 is undefined")
        return sp.log(args[0]) / sp.log(args[1])
    return sp.log(args[0])


def _factorial(args):
    size = _numeric_size(args[0])
    if size is not None and size > MAX_SPECIAL_ARG:
        raise _beyond("the argument of factorial", args[0], MAX_SPECIAL_ARG)
    return sp.gamma(args[0] + 1)


def _exp(args):
    size = _numeric_size(args[0])
    if size is not None and size > MAX_EXP_ARG:
        raise _beyond("the argument of exp", args[0], MAX_EXP_ARG)
    return sp.exp(args[0])


def _polygamma(args):
    m = args[0]
    if not (m.is_Integer and 0 <= m <= 10):
        raise ParseError("the order of polygamma must be an integer from 0 to 10")
    size = _numeric_size(args[1])
    if size is not None and size > MAX_SPECIAL_ARG:
        raise _beyond("the argument of polygamma", args[1], MAX_SPECIAL_ARG)
    return sp.polygamma(m, args[1])


def _beta(args):
    for a in args:
        size = _numeric_size(a)
        if size is not None and size > MAX_SPECIAL_ARG:
            raise _beyond("an argument of the Beta function", a, MAX_SPECIAL_ARG)
    return sp.beta(args[0], args[1])


def _zeta(args):
    """Riemann's zeta at a number ``s > 1`` (``zeta(3)``, Apery's constant); ``zeta``
    without parentheses stays the Greek letter.

    >>> _zeta([sp.Integer(2)])
    pi**2/6
    >>> str(_zeta([sp.Integer(3)]))
    'zeta(3)'
    """
    s = args[0]
    value = s.evalf(30) if s.is_number else None
    if value is None or not value.is_real or not value > 1:
        raise ParseError("zeta(s) is Riemann's zeta function of a number s > 1 (for the "
                         "letter zeta times a bracket write zeta*(...))")
    if value > MAX_SPECIAL_ARG:
        raise _beyond("the argument of zeta", s, MAX_SPECIAL_ARG)
    return sp.zeta(s)


FUNCTIONS = {
    # name: (allowed argument counts, builder)
    "ln": ((1,), _log),
    "log": ((1, 2), _log),
    "log2": ((1,), lambda a: sp.log(a[0]) / sp.log(2)),
    "lb": ((1,), lambda a: sp.log(a[0]) / sp.log(2)),
    "log10": ((1,), lambda a: sp.log(a[0]) / sp.log(10)),
    "exp": ((1,), _exp),
    "sqrt": ((1,), lambda a: power(a[0], sp.Rational(1, 2))),
    "abs": ((1,), lambda a: sp.Abs(a[0])),
    "Gamma": ((1,), _special(sp.gamma, MAX_SPECIAL_ARG)),
    "gamma": ((1,), _special(sp.gamma, MAX_SPECIAL_ARG)),
    "loggamma": ((1,), _special(sp.loggamma, MAX_SPECIAL_ARG)),
    "lgamma": ((1,), _special(sp.loggamma, MAX_SPECIAL_ARG)),
    "digamma": ((1,), _special(sp.digamma, MAX_SPECIAL_ARG)),
    "psi": ((1,), _special(sp.digamma, MAX_SPECIAL_ARG)),
    "factorial": ((1,), _factorial),
    "polygamma": ((2,), _polygamma),
    "zeta": ((1,), _zeta),
    "harmonic": ((1,), _special(sp.harmonic, MAX_SPECIAL_ARG)),
    "Abs": ((1,), lambda a: sp.Abs(a[0])),
    "B": ((2,), _beta),
    "Beta": ((2,), _beta),
    "beta": ((2,), _beta),
}
"""The allowlist of functions: nothing outside this table can be called."""


def call(name: str, args: list) -> sp.Expr:
    """Apply the allowlisted function ``name`` to ``args``."""
    arities, builder = FUNCTIONS[name]
    if len(args) not in arities:
        want = " or ".join(str(a) for a in arities)
        raise ParseError(f"{name} takes {want} argument{'s' if arities != (1,) else ''}, "
                         f"not {len(args)}")
    return guard(builder(args))
