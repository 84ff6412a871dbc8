"""A small grammar for formulas in plain notation and a LaTeX subset.

Example
-------
>>> import sympy as sp
>>> s = sp.Symbol("sigma", positive=True)
>>> parse_expression(r"\\frac{1}{2}\\ln\\left(2\\pi e\\sigma^2\\right)", {"sigma": s}).expr
log(2*E*pi*sigma**2)/2
"""

from .formula import Parsed, parse_expression
from .lexer import ParseError, Token, check_characters, greek_name, tokenize

__all__ = ["ParseError", "Token", "tokenize", "Parsed", "parse_expression", "check_characters",
           "greek_name"]
