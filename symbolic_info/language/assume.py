"""Assumptions on the parameters of a distribution (``--assume "theta > 0"``).

An assumption bounds one name by numbers: ``theta > 0``, ``0 < w < 1``,
``nu >= 1``.  It fixes the SymPy assumptions of the parameter's symbol
(positive, nonnegative or real) and the range its random check points are
drawn from.

Example
-------
>>> b = parse_assumptions(["0 < w < 1", "theta > 0"])
>>> b["w"].rule, b["theta"].symbol().is_positive
('$0 < w < 1$', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..checker.grammar import ParseError, parse_expression
from ..output.reasons import reason_unicode

__all__ = ["Bound", "parse_assumptions", "MAX_ASSUMPTIONS"]

MAX_ASSUMPTIONS = 12
"""Most assumptions in one request."""

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
_OPS = ("<=", ">=", "<", ">")


@dataclass(frozen=True)
class Bound:
    """``lo < name < hi`` (``None``: unbounded); ``strict`` flags per side."""

    name: str
    lo: sp.Rational | None = None
    hi: sp.Rational | None = None
    lo_strict: bool = True
    hi_strict: bool = True

    @property
    def rule(self) -> str:
        """The bound as a rule with LaTeX math: ``$0 < \\theta \\le 1$``."""
        name, le = sp.latex(sp.Symbol(self.name)), r"\le"
        left = right = ""
        if self.lo is not None:
            left = f"{sp.latex(self.lo)} {'<' if self.lo_strict else le} "
        if self.hi is not None:
            right = f" {'<' if self.hi_strict else le} {sp.latex(self.hi)}"
        if not left and not right:
            return f"${name} \\in \\mathbb{{R}}$"
        return f"${left}{name}{right}$"

    def symbol(self) -> sp.Symbol:
        """The parameter's symbol with the strongest SymPy assumption the bound allows."""
        if self.lo is not None and (self.lo > 0 or (self.lo == 0 and self.lo_strict)):
            return sp.Symbol(self.name, positive=True)
        if self.lo is not None and self.lo >= 0:
            return sp.Symbol(self.name, nonnegative=True)
        return sp.Symbol(self.name, real=True)

    def holds(self, value) -> bool:
        """True when the number ``value`` satisfies the bound."""
        if self.lo is not None and (value < self.lo if not self.lo_strict else value <= self.lo):
            return False
        return not (self.hi is not None
                    and (value > self.hi if not self.hi_strict else value >= self.hi))

    def sample(self, rng) -> sp.Rational:
        """An exact admissible value (seeded by ``rng``)."""
        lo = float(self.lo) if self.lo is not None else None
        hi = float(self.hi) if self.hi is not None else None
        for _ in range(1000):
            if lo is not None and hi is not None:
                v = rng.uniform(lo, hi)
            elif lo is not None:
                v = lo + rng.uniform(0.3, 3.0)
            elif hi is not None:
                v = hi - rng.uniform(0.3, 3.0)
            else:
                v = rng.uniform(-2.0, 2.0)
            value = sp.Rational(round(v * 1000), 1000)
            if self.holds(value):
                return value
        raise ParseError(f"no admissible value found for {reason_unicode(self.rule)}")

    def meet(self, other: Bound) -> Bound:
        """Both bounds at once."""
        lo, lo_s = self.lo, self.lo_strict
        if other.lo is not None and (lo is None or other.lo >= lo):
            lo, lo_s = other.lo, other.lo_strict if other.lo != lo else (lo_s or other.lo_strict)
        hi, hi_s = self.hi, self.hi_strict
        if other.hi is not None and (hi is None or other.hi <= hi):
            hi, hi_s = other.hi, other.hi_strict if other.hi != hi else (hi_s or other.hi_strict)
        if lo is not None and hi is not None and (lo > hi or (lo == hi and (lo_s or hi_s))):
            raise ParseError(f"the assumptions on {self.name} leave no admissible value")
        return Bound(self.name, lo, hi, lo_s, hi_s)


def _number(text: str) -> sp.Rational:
    value = parse_expression(text, {}).expr
    if not value.is_Rational:
        raise ParseError(f"'{text}' in an assumption must be a number such as 0, 1/2 or -3")
    return value


def _one(text: str) -> Bound:
    parts = re.split(r"(<=|>=|<|>)", text)
    items, ops = [p.strip() for p in parts[0::2]], parts[1::2]
    if not 1 <= len(ops) <= 2 or any(not p for p in items):
        raise ParseError(f"assumption '{text}' must read like 'theta > 0' or '0 < w < 1'")
    if len(ops) == 2 and (ops[0][0] != ops[1][0]):
        raise ParseError(f"assumption '{text}' mixes '<' and '>'")
    names = [i for i, p in enumerate(items) if _NAME.match(p) and p not in ("pi", "e", "oo")]
    if len(names) != 1 or (len(ops) == 2 and names[0] != 1):
        raise ParseError(f"assumption '{text}' must bound one parameter name by numbers")
    where = names[0]
    name = items[where]
    bound = Bound(name)
    for i, op in enumerate(ops):
        left, right = items[i], items[i + 1]
        strict = "=" not in op
        less = op[0] == "<"
        if right == name:  # number op name
            num = _number(left)
            part = Bound(name, lo=num, lo_strict=strict) if less else \
                Bound(name, hi=num, hi_strict=strict)
        else:  # name op number
            num = _number(right)
            part = Bound(name, hi=num, hi_strict=strict) if less else \
                Bound(name, lo=num, lo_strict=strict)
        bound = bound.meet(part)
    return bound


def parse_assumptions(texts) -> dict:
    """``["theta > 0", ...]`` -> ``{"theta": Bound}`` (several on one name are combined)."""
    if isinstance(texts, str):
        texts = [texts]
    texts = list(texts or ())
    if len(texts) > MAX_ASSUMPTIONS:
        raise ParseError(f"more than {MAX_ASSUMPTIONS} assumptions")
    out: dict = {}
    for text in texts:
        if not isinstance(text, str) or len(text) > 200:
            raise ParseError("an assumption must be a short text such as 'theta > 0'")
        b = _one(text.strip())
        out[b.name] = out[b.name].meet(b) if b.name in out else b
    return out
