"""Checking hand calculations: safe parsing, equivalence, diagnosis, sandboxing.

User text is read by an own grammar (:mod:`symbolic_info.checker.grammar`)
into an allowlist of symbols and functions, never by ``eval`` or
``sympify``; the judgement of user input runs in a separate process under a
time and memory limit (:mod:`symbolic_info.checker.sandbox`).

Example
-------
>>> from symbolic_info.checker.grammar import parse_expression
>>> import sympy as sp
>>> s = sp.Symbol("sigma", positive=True)
>>> parse_expression("1/2*log(2*pi*e*sigma^2)", {"sigma": s}).expr
log(2*E*pi*sigma**2)/2
"""

__all__ = ["CHECK_TIME_LIMIT"]

CHECK_TIME_LIMIT = 20.0
"""Seconds a check of a user's claim may judge, the same in the CLI (``check``'s
``--time-limit`` default) and in the app (a claim, a chain, an exercise): a claim about a
user's own distribution is compared at many points, each one a quadrature."""
