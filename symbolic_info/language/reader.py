"""Read a distribution spec into :mod:`.model` objects.

Grammar (``expr`` is read by the checker's grammar; ``oo`` is infinity)::

    spec     := table | formula | mixture
    table    := "{" value ":" expr ("," value ":" expr)* "}"
    formula  := expr "on" support
    support  := ("[" | "(") end "," end ("]" | ")")         continuous, variable x
              | name "=" end ".." end                         discrete, variable name
    mixture  := term (("+" | "-") term)*
    term     := [expr "*"] family "(" [arg ("," arg)*] ")"
    arg      := [name "="] expr

Every other name in an expression is a parameter: a value given with
``--param`` or a symbol under the stated assumptions (``--assume``).

Example
-------
>>> d = parse_distribution("3*x^2 on [0, 1]")
>>> d.density, d.lo, d.hi
(3*x**2, 0, 1)
>>> parse_distribution("(1/2)^k on k = 1..oo").hi
oo
>>> m = parse_distribution("1/2*normal(-2, 1) + 1/2*normal(2, 1)")
>>> [w for w, _c in m.parts]
[1/2, 1/2]
"""

from __future__ import annotations

import re
import unicodedata

import sympy as sp

from ..checker.grammar import (
    ParseError,
    check_characters,
    greek_name,
    parse_expression,
    tokenize,
)
from ..checker.grammar.build import FUNCTIONS
from ..families import XP, X
from ..output.unicode_math import math_text
from ..symbolic.sums import K
from .assume import Bound
from .calls import family_call, family_params, is_dirichlet
from .model import Formula, Mixture, Table
from .scan import find_word_top, spec_body, split_terms, split_top
from .sizes import check_sizes

__all__ = ["SymbolTable", "parse_distribution", "is_param_name", "MAX_COMPONENTS", "MAX_TABLE",
           "MAX_PARAMS", "MAX_FINITE_SUPPORT", "INFINITIES"]

MAX_COMPONENTS = 10
"""Most components of a mixture."""
MAX_TABLE = 1000
"""Most values in a table."""
MAX_PARAMS = 12
"""Most distinct parameters in one request."""
MAX_FINITE_SUPPORT = 100_000
"""Most integers in a finite discrete support."""
INFINITIES = {"oo": sp.oo, "+oo": sp.oo, "-oo": -sp.oo, "inf": sp.oo, "+inf": sp.oo,
              "-inf": -sp.oo, "infinity": sp.oo, "-infinity": -sp.oo, "\u221e": sp.oo,
              "+\u221e": sp.oo, "-\u221e": -sp.oo}
"""How infinity may be written at an end of a support."""

_CALL = re.compile(r"^(.*?)([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)$", re.S)
_KEYWORD = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]{0,19}|[^\W\d_])\s*=(?!=)(.*)$", re.S)
"""A keyword argument: ``sigma=1``, or with a Greek letter as its name, ``σ=1``."""
_CONSTANTS = {"pi", "e", "E", "EulerGamma", "oo"}
_ABBREVIATIONS = {"eps"}


def _is_greek(name: str) -> bool:
    word = {"lambda": "lamda", "Lambda": "lamda"}.get(name, name)
    case = "CAPITAL" if name[:1].isupper() else "SMALL"
    try:
        unicodedata.lookup(f"GREEK {case} LETTER {word.upper()}")
    except KeyError:
        return False
    return True


def is_param_name(name: str) -> bool:
    """True for a name that may be a parameter or a variable: one letter, a Greek name, eps."""
    letters = name.rstrip("0123456789")
    if name in _CONSTANTS or not letters:
        return False
    if letters in _ABBREVIATIONS:
        return True
    return (len(letters) == 1 and letters.isalpha() and letters not in "eE") or \
        (letters == name and _is_greek(name))


class SymbolTable:
    """The parameters of one request: symbols by name, created once.

    ``bounds`` (from :func:`~symbolic_info.language.assume.parse_assumptions`)
    decide each symbol's SymPy assumptions; a parameter without one is real,
    unless it is first met as a bare argument of a family whose parameter is
    positive (``normal(mu, sigma)``: sigma > 0, as the family says).
    """

    def __init__(self, bounds: dict | None = None):
        self.bounds = dict(bounds or {})
        self.symbols: dict = {}
        self.rules: dict = {}
        self.variables: dict = {}
        """Random variables of a model in scope (name -> Symbol): not parameters."""

    def symbol(self, name: str, like: sp.Symbol | None = None, rule: str = "") -> sp.Symbol:
        if name in self.symbols:
            return self.symbols[name]
        if len(self.symbols) >= MAX_PARAMS:
            raise ParseError(f"more than {MAX_PARAMS} parameters")
        if name in self.bounds:
            s = self.bounds[name].symbol()
            self.rules[name] = self.bounds[name].rule
        elif like is not None:
            s = sp.Symbol(name, **like.assumptions0)
            self.rules[name] = rule
        else:
            s = sp.Symbol(name, real=True)
            self.rules[name] = f"${sp.latex(s)} \\in \\mathbb{{R}}$"
        self.symbols[name] = s
        return s

    def bound(self, name: str) -> Bound:
        """The bound to draw check points from (assumed, else from the symbol's sign)."""
        if name in self.bounds:
            return self.bounds[name]
        s = self.symbols[name]
        if s.is_positive:
            return Bound(name, lo=sp.Integer(0))
        if s.is_nonnegative:
            return Bound(name, lo=sp.Integer(0), lo_strict=False)
        return Bound(name)

    def parse(self, text: str, variables: dict | None = None) -> sp.Expr:
        """Read one expression; unknown parameter-like names become parameters."""
        variables = {**self.variables, **(variables or {})}
        text = text.strip()
        if not text:
            raise ParseError("an expression is missing")
        toks = tokenize(text)
        for i, t in enumerate(toks):
            if t.kind not in ("name", "cmd") or t.text in variables \
                    or (t.kind == "cmd" and not _is_greek(t.text)):
                continue  # \t is no parameter t: the grammar refuses the unknown command
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            calls = t.text in FUNCTIONS and nxt is not None and nxt.text == "("
            if not calls and is_param_name(t.text):
                self.symbol(t.text)
        expr = parse_expression(text, {**self.symbols, **variables}).expr
        check_sizes(expr)
        if expr.has(sp.I):
            raise ParseError(f"'{text}' is not a real number")
        if expr.has(sp.zoo, sp.nan):
            raise ParseError(f"'{text}' is undefined (a division by zero)")
        return expr


def _end(text: str, table: SymbolTable) -> sp.Expr:
    t = text.strip().replace(" ", "")
    if t in INFINITIES:
        return INFINITIES[t]
    value = table.parse(text)
    if value.free_symbols - set(table.symbols.values()):
        raise ParseError(f"the end '{text.strip()}' of the support may not use the variable")
    return value


def _continuous(density_text: str, support: str, table: SymbolTable, text: str) -> Formula:
    body = support.strip()
    m = re.match(r"^([A-Za-z])\s+in\s+(.*)$", body, re.S)
    if m:
        if m.group(1) != "x":
            raise ParseError("a continuous density is written in x: '... on x in [0, 1]'")
        body = m.group(2).strip()
    if len(body) < 2 or body[0] not in "[(" or body[-1] not in ")]":
        raise ParseError(f"the support '{support.strip()}' must read like [0, 1], (0, oo) "
                         "or k = 1..oo")
    ends = split_top(body[1:-1], ",")
    if len(ends) != 2 or not all(ends):
        raise ParseError(f"the support '{support.strip()}' needs two ends: [a, b]")
    lo, hi = _end(ends[0], table), _end(ends[1], table)
    if lo is sp.oo or hi is -sp.oo:
        raise ParseError(f"the support '{support.strip()}' is empty")
    if lo.is_number and hi.is_number and not bool(lo < hi):
        raise ParseError(f"the support '{support.strip()}' is empty: {math_text(lo)} is not below "
                         f"{math_text(hi)}")
    var = XP if (lo.is_number and bool(lo >= 0)) else X
    density = table.parse(density_text, {"x": var})
    return Formula(density, var, lo, hi, False, text)


def _discrete(density_text: str, support: str, table: SymbolTable, text: str) -> Formula:
    name, _sep, rng = support.partition("=")
    name = name.strip()
    ends = rng.split("..")
    if not re.match(r"^[A-Za-z]$", name) or name in "eE" or len(ends) != 2:
        raise ParseError(f"the support '{support.strip()}' must read like k = 1..oo or k = 1..6")
    lo, hi = _end(ends[0], table), _end(ends[1], table)
    for end in (lo, hi):
        if end.is_number and end.is_finite and not end.is_Integer:
            raise ParseError(f"the support '{support.strip()}' needs integer ends")
    if lo is -sp.oo or lo is sp.oo or hi is -sp.oo:
        raise ParseError(f"the support '{support.strip()}' must start at a finite integer")
    if lo.free_symbols or hi.free_symbols:
        raise ParseError(f"the ends of the support '{support.strip()}' must be given numbers")
    if hi is not sp.oo and hi < lo:
        raise ParseError(f"the support '{support.strip()}' is empty: {math_text(lo)} is above "
                         f"{math_text(hi)}")
    if hi is not sp.oo and hi - lo + 1 > MAX_FINITE_SUPPORT:
        raise ParseError(f"the support '{support.strip()}' has more than "
                         f"{MAX_FINITE_SUPPORT} values")
    if lo >= 1:
        var = sp.Symbol(name, integer=True, positive=True)
    else:
        var = K if name == "k" and lo >= 0 else sp.Symbol(name, integer=True)
    density = table.parse(density_text, {name: var})
    return Formula(density, var, lo, hi, True, text)


def _table(body: str, table: SymbolTable, text: str) -> Table:
    items = split_top(body, ",")
    if len(items) > MAX_TABLE:
        raise ParseError(f"a table may hold at most {MAX_TABLE} values")
    out, seen = [], set()
    for item in items:
        key, sep, prob = item.partition(":")
        if not sep:
            raise ParseError(f"table entry '{item}' must read value: probability")
        value = table.parse(key)
        if not value.is_Rational:
            raise ParseError(f"table value '{key.strip()}' must be a number")
        if value in seen:
            raise ParseError(f"table value {value} appears twice")
        seen.add(value)
        out.append((value, table.parse(prob)))
    return Table(tuple(sorted(out, key=lambda kv: kv[0])), text)


def _call(piece: str, table: SymbolTable):
    m = _CALL.match(piece.strip())
    if not m:
        return None, None
    prefix, name, inner = m.groups()
    if find_word_top(inner, "on") >= 0 or inner.count("(") != inner.count(")"):
        return None, None
    prefix = prefix.strip()
    if prefix and not prefix.endswith("*"):
        if prefix[-1].isalnum() or prefix[-1] == ")":
            prefix += "*"  # an implicit product: 1/2 normal(0, 1)
        else:
            return None, None
    weight = prefix[:-1].strip() if prefix else ""
    params = {p.name: p for p in _params_or_none(name)}
    args = []
    for arg in (split_top(inner, ",") if inner.strip() else []):
        km = _KEYWORD.match(arg)
        key, value_text = (_keyword(km.group(1)), km.group(2)) if km else (None, arg)
        if not value_text.strip():
            raise ParseError(f"{name}: an argument is empty")
        position = len(args)
        args.append((key, value_text, position))
    names = [p for p in params]
    parsed = []
    for key, value_text, position in args:
        bare = _bare_name(value_text)
        target = key if key in params else (names[position] if key is None
                                             and position < len(names) else None)
        if target is not None and is_param_name(bare) and bare not in table.symbols \
                and bare not in table.variables:
            p = params[target]
            if p.symbol is not None:
                table.symbol(bare, like=p.symbol, rule=p.rule_for(sp.Symbol(bare)))
        parsed.append((key, table.parse(value_text)))
    return weight, family_call(name, parsed, f"{name}({inner.strip()})")


def _bare_name(text: str) -> str:
    """An argument as the name it may be: ``\\sigma`` and ``σ`` -> ``sigma``, else stripped."""
    bare = text.strip()
    if bare.startswith("\\") and _is_greek(bare[1:]):
        return bare[1:]
    return (greek_name(bare) or bare) if len(bare) == 1 else bare


def _keyword(name: str) -> str:
    """A keyword argument's name: ``σ`` -> ``sigma``; ASCII names as written."""
    if name.isascii():
        return name
    word = greek_name(name)
    if word is None:
        check_characters(name)  # raises, naming the character
        raise ParseError(f"'{name}' is not a parameter name")
    return word


def _params_or_none(name: str) -> tuple:
    try:
        return family_params(name)
    except Exception:  # noqa: BLE001 - an unknown family is reported by family_call
        return ()


def parse_distribution(text: str, table: SymbolTable | None = None, vector: bool = False):
    """Read ``text`` (see the module docstring); raises a one-line ``ParseError``.

    ``vector`` admits a law of a probability vector (``dirichlet(1, 1, 1)``): only a
    model's prior line may be one.
    """
    try:
        dist = _read(text, table)
    except TypeError as exc:  # a SymPy comparison of a number that is not real
        raise ParseError(f"a number in the distribution is not a real number ({exc})") from None
    if not vector and (is_dirichlet(dist) or (isinstance(dist, Mixture) and any(
            is_dirichlet(c) for _w, c in dist.parts))):
        raise ParseError("dirichlet(...) is a law of a probability vector: use it as the "
                         "prior on a model's first line, p ~ dirichlet(1, 1, 1); "
                         "x | p ~ categorical(p)")
    return dist


def _read(text: str, table: SymbolTable | None):
    check_characters(text)
    body = spec_body(text, "distribution", "3*x^2 on [0, 1]")
    if re.search(r"\bmvnormal\s*\(", body):  # before its brackets confuse the reader
        raise ParseError("mvnormal is a law of a vector, not of one variable: use "
                         "entropy/mvnormal (--param mu=..., Sigma=...) or "
                         "joint=mvnormal(...)")
    table = table if table is not None else SymbolTable()
    if body.startswith("{") and body.endswith("}"):
        return _table(body[1:-1], table, body)
    at = find_word_top(body, "on")
    if at >= 0:
        density, support = body[:at], body[at + 2:]
        if not density.strip():
            raise ParseError("a density is missing before 'on'")
        if ".." in support:
            return _discrete(density, support, table, body)
        return _continuous(density, support, table, body)
    terms = split_terms(body)
    if len(terms) > MAX_COMPONENTS:
        raise ParseError(f"a mixture may have at most {MAX_COMPONENTS} components")
    parts = []
    for sign, piece in terms:
        weight, call = _call(piece, table)
        if call is None:
            raise ParseError(f"cannot read '{piece}': write a family call such as normal(0, 1), "
                             "a formula on a support such as '3*x^2 on [0, 1]', a table "
                             "{1: 1/2, 2: 1/2} or a mixture 1/2*normal(-2, 1) + 1/2*normal(2, 1)")
        if len(terms) == 1 and not weight:
            return call
        w = table.parse(weight) if weight else sp.Integer(1)
        parts.append((-w if sign == "-" else w, call))
    return _mixture(parts, body)


def _mixture(parts: list, text: str) -> Mixture:
    if any(c.discrete != parts[0][1].discrete for _w, c in parts):
        raise ParseError("a mixture must be all continuous or all discrete")
    total = sp.simplify(sp.Add(*[w for w, _c in parts]))
    if total != 1:
        raise ParseError(f"the mixture weights add up to {math_text(total)}, not 1")
    for w, _c in parts:
        if w.is_number and not bool(w > 0):
            raise ParseError(f"the mixture weight {math_text(w)} is not positive")
    return Mixture(tuple(parts), text)
