"""Read a model ``X ~ ...; Y | X ~ ...`` into a :class:`~.model_types.Model`.

Grammar (``distribution`` is the distribution language of :mod:`.reader`)::

    model     := line ((";" | newline) line)*
    line      := name ["|" name ("," name)*] "~" (distribution | cases)
    cases     := "{" value ":" distribution ("," value ":" distribution)* "}"

A variable's distribution may use its parents (the names after ``|``, each
defined on an earlier line) in its arguments: ``Y | X ~ normal(rho*X,
sqrt(1 - rho^2))``.  ``cases`` gives a conditional for each value of one
discrete parent (``Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}``).
Every other name is a parameter.  Each conditional is checked to be a
distribution for every value its parents can take (:mod:`.model_check`).

Example
-------
>>> m = parse_model("theta ~ exponential(mean=10); x | theta ~ poisson(theta)")
>>> m.names, m.variable("x").distribution.args
(('theta', 'x'), (('lambda', theta),))
>>> m.symbols["theta"].is_positive
True
"""

from __future__ import annotations

import re

import sympy as sp

from ..checker.grammar import ParseError
from .calls import family_names
from .model_check import check_model, support_of
from .model_types import ConditionalTable, Model, Variable
from .reader import SymbolTable, is_param_name, parse_distribution
from .scan import spec_body, split_top

__all__ = ["parse_model", "MAX_VARIABLES", "MAX_CASES"]

MAX_VARIABLES = 6
"""Most lines (random variables) in a model."""
MAX_CASES = 50
"""Most cases in a table of conditionals."""

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
_STARTS_CALL = re.compile(r"^\s*(?:[^(]*\*)?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def _lines(text: str) -> list:
    lines = []
    for piece in split_top(text, ";"):
        lines.extend(p.strip() for p in piece.splitlines() if p.strip())
    return lines


def _name(text: str, line: str) -> str:
    name = text.strip()
    if not _NAME.match(name) or not is_param_name(name):
        raise ParseError(f"'{name}' in '{line}' is not a variable name: use one letter "
                         "(X, Y, k), a Greek name (theta, mu) or such with digits (X1)")
    return name


def _symbol(name: str, dist) -> sp.Symbol:
    """The variable's symbol, with assumptions from its support."""
    s = support_of(dist)
    lo = sp.sympify(s.lo)
    nonnegative = lo.is_number and bool(lo >= 0)
    if s.discrete:
        integer = s.values is None or all(sp.sympify(v).is_Integer for v in s.values)
        if integer:
            return sp.Symbol(name, integer=True, nonnegative=True) if nonnegative else \
                sp.Symbol(name, integer=True)
        return sp.Symbol(name, real=True)
    return sp.Symbol(name, positive=True) if nonnegative else sp.Symbol(name, real=True)


def _is_cases(body: str) -> bool:
    if not (body.startswith("{") and body.endswith("}")):
        return False
    first = split_top(body[1:-1], ",")[0]
    _key, sep, value = first.partition(":")
    if not sep:
        return False
    m = _STARTS_CALL.match(value)
    return (m is not None and m.group(1) in family_names()) or " on " in value


def _cases(name: str, parent, body: str, table: SymbolTable, line: str) -> ConditionalTable:
    prior = support_of(parent.distribution)
    if not parent.discrete or prior.values is None:
        raise ParseError(f"'{line}': a table of conditionals needs a parent with finitely many "
                         f"values; {parent.name} is not such a variable")
    items = split_top(body[1:-1], ",")
    if len(items) > MAX_CASES:
        raise ParseError(f"a table of conditionals may hold at most {MAX_CASES} cases")
    cases, seen = [], set()
    for item in items:
        key, sep, value = item.partition(":")
        if not sep:
            raise ParseError(f"case '{item}' must read value: distribution")
        v = table.parse(key)
        if not v.is_Rational or v in seen:
            raise ParseError(f"case value '{key.strip()}' must be a number, given once")
        seen.add(v)
        cases.append((v, parse_distribution(value, table)))
    if set(seen) != set(prior.values):
        raise ParseError(f"'{line}' gives cases for {sorted(seen)} but {parent.name} takes the "
                         f"values {list(prior.values)}")
    kinds = {d.discrete for _v, d in cases}
    if len(kinds) > 1:
        raise ParseError(f"'{line}': the cases must be all discrete or all continuous")
    return ConditionalTable(parent.name, tuple(sorted(cases, key=lambda c: c[0])), body)


def _line(line: str, table: SymbolTable, known: dict) -> Variable:
    left, sep, body = line.partition("~")
    body = body.strip()
    if not sep or "~" in body:
        raise ParseError(f"'{line}' must read 'Y ~ distribution' or 'Y | X ~ distribution'")
    if not body:
        raise ParseError(f"'{line}': the distribution after '~' is missing")
    target, bar, given = left.partition("|")
    name = _name(target, line)
    if name in known:
        raise ParseError(f"the variable {name} is defined twice")
    if name in table.symbols:
        raise ParseError(f"{name} is used as a parameter before it is defined as a variable")
    parents = tuple(_name(p, line) for p in given.split(",")) if bar else ()
    for p in parents:
        if p not in known:
            raise ParseError(f"'{line}' is given {p}, which no earlier line defines")
    if len(set(parents)) != len(parents) or name in parents:
        raise ParseError(f"'{line}': each parent once, and not the variable itself")
    before = set(table.symbols)
    table.variables = {p: known[p].symbol for p in parents}
    try:
        if _is_cases(body):
            if len(parents) != 1:
                raise ParseError(f"'{line}': a table of conditionals takes exactly one parent")
            dist = _cases(name, known[parents[0]], body, table, line)
        else:
            dist = parse_distribution(body, table, vector=not parents)
    finally:
        table.variables = {}
    stray = (set(table.symbols) - before) & set(known)
    if stray:
        other = sorted(stray)[0]
        raise ParseError(f"'{line}' uses {other}, which is a variable but not given: write "
                         f"{name} | {', '.join([*parents, other])} ~ ...")
    return Variable(name, _symbol(name, dist), parents, dist, line)


def parse_model(text: str, table: SymbolTable | None = None) -> Model:
    """Read a model (see the module docstring); raises a one-line ``ParseError``.

    ``table`` collects the parameters (shared with other specs of one request).
    """
    body = spec_body(text, "model", "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)")
    table = table if table is not None else SymbolTable()
    lines = _lines(body)
    if not lines:  # only separators (";", ";;;;"): no variable to read
        raise ParseError("the model has no lines: write one per variable, such as "
                         "'X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)'")
    if len(lines) > MAX_VARIABLES:
        raise ParseError(f"a model may have at most {MAX_VARIABLES} lines")
    known: dict = {}
    try:
        for line in lines:
            variable = _line(line, table, known)
            known[variable.name] = variable
    except TypeError as exc:  # a SymPy comparison of a number that is not real
        raise ParseError(f"a number in the model is not a real number ({exc})") from None
    clash = set(known) & set(table.symbols)
    if clash:
        raise ParseError(f"{sorted(clash)[0]} is both a variable and a parameter")
    model = Model(tuple(known.values()), body)
    check_model(model)
    return model
