"""Recursive-descent parser: tokens -> SymPy expression, from an allowlist only.

Grammar (``^`` binds tighter than unary minus, implicit products bind like
``*``)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/" | <implicit>) unary)*
    unary   := ("-" | "+") unary | power
    power   := postfix ("^" exponent)?
    postfix := primary "!"*
    primary := number | symbol | constant | function | "(" expr ")" | "{" expr "}"
             | "|" expr "|" | \\frac{a}{b} | \\sqrt[n]{x}

Names resolve, in order, to the caller's symbols, the allowlisted functions
(:data:`~symbolic_info.checker.grammar.build.FUNCTIONS`) and the constants
``pi``, ``e`` (Euler's number); an unknown run of letters is split into
known names (``2pie`` reads as 2*pi*e) or refused.  Nothing is evaluated as
Python; the size of numbers and the nesting depth are capped.  A whole
formula as written (math delimiters, a lone infinity, a rounded decimal) is
read by :mod:`.formula`, which calls this parser.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.checker.grammar.lexer import tokenize
>>> lam = sp.Symbol("lambda", positive=True)
>>> Parser(tokenize("1 - ln(lambda)"), {"lambda": lam}, free=False, latex_mode=False).parse()
1 - log(lambda)
>>> Parser(tokenize(r"\\frac12 2pie", scientific=False), {}, False, latex_mode=True).parse()
E*pi
"""

from __future__ import annotations

import sympy as sp

from .build import FUNCTIONS, call, guard, number, power
from .lexer import ParseError, Token

__all__ = ["Parser", "MAX_DEPTH", "MAX_FREE_SYMBOLS"]

MAX_DEPTH = 40
"""Deepest nesting of brackets, signs and powers."""
MAX_FREE_SYMBOLS = 12
"""Most distinct symbols in a formula read without an entry (chains)."""

_CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E, "EulerGamma": sp.EulerGamma}
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma",
    "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
    "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
_TEX_FUNCTIONS = {"ln": "ln", "log": "log", "exp": "exp", "lg": "log10", "Gamma": "Gamma",
                  "psi": "psi", "sqrt": "sqrt"}


class Parser:
    """Reads a list of tokens into one SymPy expression (:meth:`parse`); see the grammar above.

    ``symbols`` maps names to SymPy symbols (with ``free=True`` unknown single
    names become new positive symbols and are added to it); ``latex_mode``
    reads ``{...}`` as a group and macro arguments the TeX way.
    """

    def __init__(self, tokens: list, symbols: dict, free: bool, latex_mode: bool):
        self.toks = tokens
        self.i = 0
        self.symbols = symbols
        self.free = free
        self.latex = latex_mode
        self.depth = 0
        self.abs_open = 0

    # -- token helpers -------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def is_op(self, text: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == "op" and t.text == text

    def take(self) -> Token:
        t = self.peek()
        if t is None:
            raise ParseError("the formula ends too early")
        self.i += 1
        return t

    def expect(self, text: str, opened: Token | None = None) -> None:
        t = self.peek()
        if t is None or t.kind != "op" or t.text != text:
            where = f"at position {t.pos} ('{t.text}')" if t else "at the end"
            extra = f" to close '{opened.text}' at position {opened.pos}" if opened else ""
            raise ParseError(f"expected '{text}'{extra} {where}")
        self.i += 1

    def fail(self, t: Token | None, why: str) -> ParseError:
        if t is None:
            return ParseError(f"the formula ends too early ({why})")
        return ParseError(f"cannot read '{t.text}' at position {t.pos}: {why}")

    # -- grammar ---------------------------------------------------------------
    def parse(self) -> sp.Expr:
        expr = self.expr()
        t = self.peek()
        if t is not None:
            why = "an '=' belongs between lines of a chain" if t.text == "=" else "unexpected"
            raise self.fail(t, why)
        return expr

    def expr(self) -> sp.Expr:
        value = self.term()
        while self.is_op("+") or self.is_op("-"):
            sign = self.take().text
            rhs = self.term()
            value = guard(value + rhs if sign == "+" else value - rhs)
        return value

    def starts_primary(self) -> bool:
        t = self.peek()
        if t is None:
            return False
        if t.kind in ("num", "name", "cmd"):
            return True
        if t.kind == "op":
            if t.text == "(" or (t.text == "{" and self.latex) or t.text == "[":
                return True
            return t.text == "|" and self.abs_open == 0
        return False

    def term(self) -> sp.Expr:
        value = self.unary()
        while True:
            if self.is_op("*") or self.is_op("/"):
                op = self.take()
                rhs = self.unary()
                if op.text == "/":
                    if rhs == 0:
                        raise ParseError(f"division by zero at position {op.pos}")
                    value = guard(value / rhs)
                else:
                    value = guard(value * rhs)
            elif self.starts_primary():
                value = guard(value * self.power())
            else:
                return value

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"the formula is nested deeper than {MAX_DEPTH} levels")

    def unary(self) -> sp.Expr:
        self.enter()
        try:
            if self.is_op("-"):
                self.take()
                return guard(-self.unary())
            if self.is_op("+"):
                self.take()
                return self.unary()
            return self.power()
        finally:
            self.depth -= 1

    def power(self) -> sp.Expr:
        base = self.postfix()
        if self.is_op("^"):
            self.take()
            self.enter()
            try:
                exponent = self.tex_arg(signed=True) if self.latex else self.unary()
            finally:
                self.depth -= 1
            return power(base, exponent)
        return base

    def postfix(self) -> sp.Expr:
        value = self.primary()
        while self.is_op("!"):
            self.take()
            value = call("factorial", [value])
        return value

    def group(self, close: str, opened: Token) -> sp.Expr:
        self.enter()
        try:
            value = self.expr()
        finally:
            self.depth -= 1
        self.expect(close, opened)
        return value

    def primary(self) -> sp.Expr:
        t = self.peek()
        if t is None:
            raise ParseError("the formula ends too early")
        if t.kind == "num":
            self.take()
            return number(t.text)
        if t.kind == "op":
            if t.text in "([" or (t.text == "{" and self.latex):
                self.take()
                return self.group({"(": ")", "[": "]", "{": "}"}[t.text], t)
            if t.text == "|":
                self.take()
                self.abs_open += 1
                try:
                    value = self.group("|", t)
                finally:
                    self.abs_open -= 1
                return sp.Abs(value)
            raise self.fail(t, "expected a number, a name or '('")
        if t.kind == "name":
            return self.name()
        return self.command()

    # -- names, functions and LaTeX commands ------------------------------------
    def subscript(self) -> str | None:
        if not self.is_op("_"):
            return None
        under = self.take()
        if self.is_op("{"):
            opened = self.take()
            parts = []
            while not self.is_op("}"):
                t = self.take()
                if t.kind not in ("num", "name", "cmd") or len(parts) > 4:
                    raise self.fail(t, "a subscript holds letters and digits only")
                parts.append(t.text)
            self.expect("}", opened)
            text = "".join(parts)
        else:
            t = self.take()
            if t.kind not in ("num", "name", "cmd"):
                raise self.fail(t, "a subscript holds letters and digits only")
            text = t.text
        if not text:
            raise self.fail(under, "empty subscript")
        return text

    def lookup(self, base: str, sub: str | None, t: Token) -> sp.Expr | None:
        names = [base] if sub is None else [base + sub, f"{base}_{sub}", f"{base}_{{{sub}}}"]
        for name in names:
            if name in self.symbols:
                return self.symbols[name]
        if self.free and (base in _GREEK or (len(base) == 1 and base.isalpha())) \
                and base not in ("e", "E") and (sub is None or sub.isalnum()):
            name = names[0]
            if len(self.symbols) >= MAX_FREE_SYMBOLS + len(_CONSTANTS):
                raise ParseError(f"more than {MAX_FREE_SYMBOLS} different symbols")
            self.symbols[name] = sp.Symbol(name, positive=True)
            return self.symbols[name]
        return None

    def allowed(self) -> str:
        shown = sorted({s.name for s in self.symbols.values() if isinstance(s, sp.Symbol)})
        return ", ".join(shown) if shown else "none"

    def unknown(self, text: str, t: Token) -> ParseError:
        return ParseError(f"unknown name '{text}' at position {t.pos} (symbols here: "
                          f"{self.allowed()}; constants pi, e; functions "
                          "ln, log, log2, log10, exp, sqrt, abs, Gamma, digamma, factorial)")

    def name(self) -> sp.Expr:
        t = self.take()
        text = t.text
        nxt_call = self.is_op("(")
        if text in self.symbols and not (text in FUNCTIONS and nxt_call
                                         and self._comma_call()):
            sub = self.subscript()
            found = self.lookup(text, sub, t)
            if found is None:
                raise self.unknown(f"{text}_{sub}", t)
            return found
        if text in FUNCTIONS or text in ("log", "ln"):
            return self.function(text, t)
        if text in _CONSTANTS:
            return _CONSTANTS[text]
        sub = self.subscript() if self.is_op("_") else None
        found = self.lookup(text, sub, t)
        if found is not None:
            return found
        if sub is not None:
            raise self.unknown(f"{text}_{sub}", t)
        pieces = self.split(text)
        if pieces is None:
            raise self.unknown(text, t)
        # Re-read the pieces as separate tokens (implicit product).
        new = [Token("num" if p.isdigit() else "name", p, t.pos) for p in pieces]
        self.toks[self.i:self.i] = new
        return self.power_chain(len(new))

    def _comma_call(self) -> bool:
        """True when the '(' ahead holds a top-level comma: ``beta(a, b)`` is a call
        even where ``beta`` is also a parameter (``beta(x)`` stays a product)."""
        depth = 0
        for t in self.toks[self.i:]:
            if t.kind == "op" and t.text in "([{":
                depth += 1
            elif t.kind == "op" and t.text in ")]}":
                depth -= 1
                if depth == 0:
                    return False
            elif t.kind == "op" and t.text == "," and depth == 1:
                return True
        return False

    def power_chain(self, count: int) -> sp.Expr:
        stop = self.i + count
        value = self.power()
        while self.i < stop:
            value = guard(value * self.power())
        return value

    def split(self, text: str) -> list | None:
        """Split an unknown run of letters (and trailing digits) into known names."""
        letters = text.rstrip("0123456789")
        digits = text[len(letters):]
        known = set(self.symbols) | set(_CONSTANTS) | (set(FUNCTIONS) if True else set())
        best: dict = {0: []}
        for end in range(1, len(letters) + 1):
            for start in range(end):
                piece = letters[start:end]
                if start in best and piece in known:
                    cand = best[start] + [piece]
                    if end not in best or len(cand) < len(best[end]):
                        best[end] = cand
        if len(letters) not in best:
            return None
        pieces = best[len(letters)]
        if any(p in FUNCTIONS and i != len(pieces) - 1 for i, p in enumerate(pieces)):
            return None
        if digits:
            if pieces and pieces[-1] in FUNCTIONS:
                return None
            pieces = pieces + [digits]
        return pieces if len(pieces) > 1 else None

    def function(self, name: str, t: Token) -> sp.Expr:
        base = None
        if name in ("log", "ln") and self.is_op("_"):
            sub_tok = self.peek(1)
            sub = self.subscript()
            if sub == "e":
                base = sp.E
            else:
                try:
                    base = number(sub)
                except (ValueError, ParseError):
                    raise self.fail(sub_tok, "a logarithm's base must be a number or e") from None
                if base <= 0 or base == 1:
                    raise self.fail(sub_tok, "a logarithm's base must be positive and not 1")
        if self.is_op("(") or (self.latex and self.is_op("{")):
            opened = self.take()
            close = ")" if opened.text == "(" else "}"
            inner = None
            if opened.text == "{" and self.is_op("("):
                inner = self.take()  # SymPy's LaTeX: \operatorname{f}{\left(a, b\right)}
            self.enter()
            try:
                args = [self.expr()]
                while self.is_op(","):
                    self.take()
                    args.append(self.expr())
            finally:
                self.depth -= 1
            if inner is not None:
                self.expect(")", inner)
            self.expect(close, opened)
        elif self.starts_primary():
            args = [self.bare_argument()]
        else:
            raise self.fail(self.peek() or t, f"{name} needs an argument")
        if base is not None:
            if len(args) != 1:
                raise self.fail(t, "log with a base takes one argument")
            args.append(base)
        value = call(name if name in FUNCTIONS else "log", args)
        return value

    def bare_argument(self) -> sp.Expr:
        """``\\ln 2\\pi e`` reads as ln(2 pi e): a product of powers, no + or explicit *."""
        self.enter()
        try:
            value = self.power()
            while self.starts_primary() and not self._next_is_function():
                value = guard(value * self.power())
            return value
        finally:
            self.depth -= 1

    def _next_is_function(self) -> bool:
        t = self.peek()
        if t is None:
            return False
        if t.kind == "name":
            return t.text in FUNCTIONS and t.text not in self.symbols
        if t.kind == "cmd":
            return t.text in ("ln", "log", "exp", "lg", "sqrt", "frac", "dfrac", "tfrac") or (
                t.text in ("Gamma", "psi") and t.text not in self.symbols)
        return False

    def tex_arg(self, signed: bool = False) -> sp.Expr:
        """A TeX macro argument: ``{...}``, or a single digit, letter or command."""
        if signed and (self.is_op("-") or self.is_op("+")):
            sign = self.take().text
            value = self.tex_arg()
            return -value if sign == "-" else value
        t = self.peek()
        if t is None:
            raise ParseError("the formula ends too early (a macro argument is missing)")
        if t.kind == "op" and t.text == "{":
            self.take()
            return self.group("}", t)
        if t.kind == "op" and t.text == "(":
            self.take()
            return self.group(")", t)
        if t.kind in ("num", "name") and len(t.text) > 1:
            # TeX reads one character: \frac12 = 1/2, x^23 = x^2 * 3.
            self.toks[self.i:self.i + 1] = [Token(t.kind, t.text[0], t.pos),
                                             Token("num" if t.text[1].isdigit() else t.kind,
                                                   t.text[1:], t.pos + 1)]
        t = self.peek()
        if t.kind == "num":
            self.take()
            return number(t.text)
        if t.kind in ("name", "cmd"):
            return self.primary()
        raise self.fail(t, "expected a macro argument")

    def command(self) -> sp.Expr:
        t = self.take()
        name = t.text
        if name in ("frac", "dfrac", "tfrac"):
            self.enter()
            try:
                num = self.tex_arg()
                den = self.tex_arg()
            finally:
                self.depth -= 1
            if den == 0:
                raise ParseError(f"division by zero in \\{name} at position {t.pos}")
            return guard(num / den)
        if name == "sqrt":
            index = None
            if self.is_op("["):
                opened = self.take()
                index = self.group("]", opened)
            self.enter()
            try:
                radicand = self.tex_arg() if self.latex else self.power()
            finally:
                self.depth -= 1
            if index is None:
                return call("sqrt", [radicand])
            if index == 0:
                raise ParseError("a 0th root is undefined")
            return power(radicand, guard(1 / index))
        if name == "pi" and name not in self.symbols:
            return sp.pi
        if name in ("Gamma", "psi") and name not in self.symbols and not self.is_op("_"):
            return self.function(_TEX_FUNCTIONS[name], t)
        if name in _GREEK or name in self.symbols:
            sub = self.subscript()
            found = self.lookup(name, sub, t)
            if found is not None:
                return found
            if sub is None and name == "gamma":
                return sp.EulerGamma  # \gamma: the Euler-Mascheroni constant
            raise self.unknown(name if sub is None else f"{name}_{sub}", t)
        if name in _TEX_FUNCTIONS:
            return self.function(_TEX_FUNCTIONS[name], t)
        raise ParseError(f"LaTeX command \\{name} at position {t.pos} is not supported")
