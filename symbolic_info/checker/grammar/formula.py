"""A whole formula as written: what surrounds the grammar of :mod:`.parser`.

:func:`parse_expression` strips math delimiters (``$...$``, ``\\(...\\)``),
chooses plain or LaTeX reading, accepts infinity (``oo``, ``inf``,
``infinity``, ``\\infty``, the sign ``∞``) as a claimable answer on its own,
with an optional sign (``-oo``), for an infinite result such as a KL
divergence (refused inside a larger formula), and refuses a formula that
SymPy finds undefined (``log(0)``).  A bare decimal number records the half
unit in its last written place, since it claims the truth rounded.

Example
-------
>>> import sympy as sp
>>> lam = sp.Symbol("lambda", positive=True)
>>> parse_expression("1 - ln(lambda)", {"lambda": lam}).expr
1 - log(lambda)
>>> parse_expression("0.4690", {}).half_ulp
1/20000
>>> parse_expression(r"-\\infty", {}).expr
-oo
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .lexer import ParseError, Token, tokenize
from .parser import Parser

__all__ = ["Parsed", "parse_expression", "INFINITY_NAMES"]

INFINITY_NAMES = ("oo", "inf", "infinity", "Infinity")
"""Plain names of infinity (``\\infty`` and ``∞`` too); only a whole claim may be one."""


@dataclass(frozen=True)
class Parsed:
    """A formula as read: the expression, its LaTeX, and for a bare decimal
    number the half unit in its last written place (``half_ulp``)."""

    expr: sp.Expr
    latex: str
    half_ulp: sp.Rational | None = None
    text: str = ""

    @property
    def unicode(self) -> str:
        """The formula as read, in one line of Unicode (a rounded number as written)."""
        from ...output.unicode_math import unicode_text

        return self.latex if self.is_rounded_number else unicode_text(self.expr)

    @property
    def is_rounded_number(self) -> bool:
        """True for a decimal such as ``0.4690``: correct when it rounds the truth."""
        return self.half_ulp is not None


def _strip_math_delimiters(text: str) -> str:
    t = text.strip(" \t\r\n")
    for a, b in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if len(t) >= len(a) + len(b) and t.startswith(a) and t.endswith(b):
            return t[len(a):len(t) - len(b)].strip(" \t\r\n")
    return t


def parse_expression(text: str, symbols: dict, free: bool = False) -> Parsed:
    """Read ``text`` into a SymPy expression over ``symbols`` (name -> Symbol).

    With ``free=True`` unknown single names become new positive symbols
    (used for chains checked without a catalog entry).  Raises
    :class:`ParseError` (one line) on anything else.
    """
    if not isinstance(text, str):
        raise ParseError("the formula must be text")
    body = _strip_math_delimiters(text)
    if not body:
        raise ParseError("the formula is empty")
    latex_mode = "\\" in body or "{" in body
    tokens = tokenize(body, scientific=not latex_mode)
    from ...render import latex as to_latex

    infinite = _infinity(tokens, symbols)
    if infinite is not None:
        return Parsed(infinite, to_latex(infinite), None, body)
    try:  # SymPy may overflow simplifying or printing a huge number (1 + e^(e^(e^1000)))
        expr = Parser(tokens, dict(symbols), free, latex_mode).parse()
        if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise ParseError("the formula is undefined or infinite as written (e.g. log(0)); "
                             "to claim an infinite result write just oo or -oo")
        half = _half_ulp(tokens)
        shown = "".join(t.text for t in tokens) if half is not None else to_latex(expr)
        parsed = Parsed(expr, shown, half, body)
        parsed.unicode  # noqa: B018 - printed later: fail here, as bad input
    except OverflowError:
        raise ParseError("a value in the formula is too large for SymPy to handle "
                         "(e.g. exp(exp(exp(1000))) inside a sum or a logarithm)") from None
    return parsed


def _is_infinity(t: Token, symbols: dict) -> bool:
    return (t.kind == "name" and t.text in INFINITY_NAMES and t.text not in symbols) or \
        (t.kind == "cmd" and t.text == "infty")


def _infinity(tokens: list, symbols: dict):
    """``oo`` or ``-oo`` when the tokens are one infinity with an optional sign, else None.

    Raises ParseError when an infinity is part of a larger formula.
    """
    toks = tokens[1:] if tokens and tokens[0].kind == "op" and tokens[0].text in "+-" \
        else tokens
    if len(toks) == 1 and _is_infinity(toks[0], symbols):
        return -sp.oo if toks is not tokens and tokens[0].text == "-" else sp.oo
    for t in tokens:
        if _is_infinity(t, symbols):
            raise ParseError(f"infinity at position {t.pos} can only be the whole answer "
                             "(oo or -oo), not part of a formula")
    return None


def _half_ulp(tokens: list) -> sp.Rational | None:
    """Half a unit in the last place when the input is one decimal literal."""
    toks = tokens[1:] if tokens and tokens[0].text in "+-" and tokens[0].kind == "op" else tokens
    if len(toks) != 1 or toks[0].kind != "num":
        return None
    text = toks[0].text.lower()
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa and not exponent:
        return None
    decimals = len(mantissa.partition(".")[2])
    return sp.Rational(10) ** (int(exponent or 0) - decimals) / 2
