"""Long exact numbers written as a textbook or a slide writes them.

A model given as ``normal(0, 1e-400)`` with noise of sd ``1e100`` has a mutual
information of ``ln((10^1000 + 1) / 10^1000) / 2``; written out, ``10^1000 + 1`` is 1001
digits.  A teacher writes ``10^{1000} + 1`` and ``10^{-400}``.  The rules, for an integer
of more than :data:`BIG_DIGITS` digits:

- a power of 10 or of 2 plus or minus a small integer (``|c| < 10^6``):
  ``10^{1000} + 1``, ``2^{521} - 1``;
- any other integer of more than :data:`LONG_DIGITS` digits: its leading digits and its
  size, ``1.2345678901\\ldots \\cdot 10^{1000}`` -- what a textbook does with a number
  too long to read (a table of constants gives the magnitude and the first digits; the
  dots say that digits are left out, so it is never mistaken for a rounded equality).
  The exact value is never lost: JSON's ``result.sympy`` and ``value`` keep every digit;
- otherwise the digits.

A rational prints its numerator and denominator this way, and ``1/10^k`` as ``10^{-k}``.
Only the printing changes; no value is rewritten.

Example
-------
>>> integer_text(10**1000 + 1), integer_text(2**521 - 1), number_text(sp.Rational(1, 10**400))
('10^1000 + 1', '2^521 - 1', '10^-400')
>>> integer_latex(3**2000 + 7)
'1.7478712517\\\\ldots \\\\cdot 10^{954}'
>>> integer_latex(12345), number_text(sp.Rational(3, 7))
(None, '3/7')
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.str import StrPrinter

__all__ = ["near_power", "integer_latex", "integer_text", "number_text", "plain_text",
           "leading_digits",
           "decimal_digits", "BIG_DIGITS", "LONG_DIGITS", "SMALL_OFFSET"]

BIG_DIGITS = 15
"""Integers with at most this many digits are always written out."""
LONG_DIGITS = 40
"""Integers with more digits than this and no short exact form print by their leading
digits and size."""
SMALL_OFFSET = 10**6
"""``b^k + c`` is written so when ``|c|`` is below this."""
SHOWN_DIGITS = 11
"""Leading digits of a long integer written before the dots."""


def decimal_digits(n: int) -> int:
    """How many decimal digits ``|n|`` has, without converting it to a string.

    >>> decimal_digits(10**5000), decimal_digits(10**5000 - 1), decimal_digits(0)
    (5001, 5000, 1)
    """
    m = abs(n)
    k = max(0, int((m.bit_length() - 1) * 0.30102999566398120))  # <= log10(m), never above
    while 10 ** (k + 1) <= m:
        k += 1
    return k + 1


def near_power(n: int):
    """``(base, k, c)`` with ``|n| = base^k + c``, ``base`` 10 or 2, ``|c| <`` :data:`SMALL_OFFSET`
    and ``base^k`` the nearer power, for ``|n|`` of more than :data:`BIG_DIGITS` digits;
    else ``None``.

    >>> near_power(10**40 - 3), near_power(-(2**100 + 5)), near_power(3**100)
    ((10, 40, -3), (2, 100, 5), None)
    """
    m = abs(n)
    if decimal_digits(m) <= BIG_DIGITS:
        return None
    d = decimal_digits(m)
    for base, k in ((10, d - 1), (10, d), (2, m.bit_length() - 1), (2, m.bit_length())):
        c = m - base**k
        if abs(c) < SMALL_OFFSET:
            return base, k, c
    return None


def leading_digits(n: int, shown: int = SHOWN_DIGITS) -> tuple:
    """``(sign, "d.ddd", exponent)``: the first ``shown`` digits of ``|n|`` (cut, not
    rounded) and its power of ten.

    >>> leading_digits(-2**20000)
    ('-', '3.9802768403', 6020)
    """
    d = decimal_digits(n)
    head = str(abs(n) // 10 ** (d - shown)) if d > shown else str(abs(n))
    return ("-" if n < 0 else ""), f"{head[0]}.{head[1:]}", d - 1


def _form(n: int):
    """``("scaled", m, k)`` for ``|n| = m 10^k`` (``k >= 3``, ``m`` of at most
    :data:`LONG_DIGITS` digits), ``("near", base, k, c)`` (:func:`near_power`),
    ``("lead", head, exp)`` (:func:`leading_digits`) or ``None`` (the digits), for ``|n|``
    of more than :data:`BIG_DIGITS` digits."""
    m = abs(n)
    d = decimal_digits(m)
    if d <= BIG_DIGITS:
        return None
    k = _zeros(m)
    near = near_power(m)
    if near is not None and (near[2] != 0 or near[0] == 2 or k < 3):
        return ("near", *near)
    if k >= 3 and decimal_digits(m // 10**k) <= LONG_DIGITS:
        return ("scaled", m // 10**k, k)
    if d <= LONG_DIGITS:
        return None
    return ("lead", *leading_digits(m)[1:])


def _zeros(m: int) -> int:
    """How many zeros end ``m > 0``."""
    k, step = 0, 1
    while m % 10 == 0:
        while m % 10**step == 0:
            m //= 10**step
            k += step
            step *= 2
        step = 1
    return k


def integer_latex(n: int) -> str | None:
    """LaTeX of a long integer by the module's rules, ``None`` when its digits are shown
    (a sum such as ``10^{1000} + 1`` is not bracketed: the caller knows its place).

    >>> integer_latex(10**1000 + 1), integer_latex(-(10**20)), integer_latex(5 * 10**799)
    ('10^{1000} + 1', '-10^{20}', '5 \\\\cdot 10^{799}')
    """
    return _written(n, "{base}^{{{k}}}", "{m} \\cdot 10^{{{k}}}", "{head}\\ldots \\cdot 10^{{{k}}}")


def integer_text(n: int) -> str:
    """Plain text of an integer by the module's rules (``10^1000 + 1``, ``5*10^799``,
    ``1.2345678901...e1000``).

    >>> integer_text(-7), integer_text(7 * 10**50 + 1), integer_text(5 * 10**799)
    ('-7', '7.0000000000...e50', '5*10^799')
    """
    return _written(n, "{base}^{k}", "{m}*10^{k}", "{head}...e{k}") or str(n)


def _written(n: int, power: str, scaled: str, lead: str) -> str | None:
    form = _form(n)
    if form is None:
        return None
    sign = "-" if n < 0 else ""
    if form[0] == "near":  # -(10^k + c) is -10^k - c: the sign goes to both terms
        _, base, k, c = form
        c = -c if n < 0 else c
        text = sign + power.format(base=base, k=k)
        return text if c == 0 else f"{text} {'+' if c > 0 else '-'} {abs(c)}"
    if form[0] == "scaled":
        _, m, k = form
        return sign + (power.format(base=10, k=k) if m == 1 else scaled.format(m=m, k=k))
    _, head, k = form
    return sign + lead.format(head=head, k=k)


def number_text(x) -> str:
    """Plain text of an exact number: an integer or a rational by the module's rules
    (``10^-400`` for ``1/10^400``, a sum or a product in brackets as a denominator),
    anything else as SymPy writes it.

    >>> number_text(sp.Rational(10**30, 10**30 + 1)), number_text(sp.Rational(-1, 10**20))
    ('10^30/(10^30 + 1)', '-10^-20')
    >>> number_text(sp.Rational(1, 2 * 10**50)), number_text(sp.Rational(2 * 10**50, 3))
    ('1/(2*10^50)', '2*10^50/3')
    """
    x = sp.sympify(x)
    if not x.is_Rational:
        return sp.sstr(x)
    p, q = int(x.p), int(x.q)
    if q == 1:
        return integer_text(p)
    if p in (1, -1) and near_power(q) is not None and near_power(q)[2] == 0:
        base, k, _c = near_power(q)
        return f"{'-' if p < 0 else ''}{base}^-{k}"
    top, bottom = integer_text(p), integer_text(q)
    # a sum, a product (2*10^50) or a cut number (1.23...e95) under the bar is bracketed:
    # "1/2*10^50" reads as 10^50/2
    bottom = f"({bottom})" if any(c in bottom for c in " *.") else bottom
    top = f"({top})" if " " in top.lstrip("-") else top
    return f"{top}/{bottom}"


class _PlainPrinter(StrPrinter):
    """SymPy's ``str`` printer with exact numbers by :func:`number_text`."""

    def _print_Integer(self, expr):
        text = integer_text(int(expr))
        return f"({text})" if " " in text else text

    def _print_Rational(self, expr):
        text = number_text(expr)
        return f"({text})" if "/" in text or " " in text else text


def plain_text(expr) -> str:
    """``expr`` as SymPy's ``sstr`` writes it, its long numbers by the module's rules (for
    assumptions and the reasons of steps).

    >>> x = sp.Symbol("x")
    >>> plain_text(x + sp.Integer(10)**100), plain_text(sp.Rational(1, 10**400)), plain_text(3)
    ('x + 10^100', '10^-400', '3')
    """
    expr = sp.sympify(expr)
    if expr.is_Rational:
        return number_text(expr)
    return _PlainPrinter().doprint(expr)
