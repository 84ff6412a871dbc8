"""Supports, substitution and validation of a model's conditionals.

A conditional ``Y | X ~ normal(mu*X, 1)`` must be a distribution for every
value X can take.  :func:`check_model` substitutes exact points spread over
each parent's support (every value of a finite discrete support; points
near the ends, magnitudes 1e-6 to 100 and both signs of a continuous or
infinite one: the catalog's parameters have verified spans) and resolves
the call there with the catalog's own domain checks
(:func:`~symbolic_info.language.calls.family_call`), so a sigma that can be
<= 0, or a prior whose support leaves the likelihood's parameter domain
(``p ~ normal(0, 1); k | p ~ binomial(10, p)``), is refused in one line.

Example
-------
>>> from symbolic_info.language import parse_model
>>> m = parse_model("X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)")
>>> conditional_at(m.variable("Y"), {"X": 1}).args
(('mu', mu), ('sigma', 1))
>>> support_of(m.variable("X").distribution).values
(0, 1)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ..checker.grammar import ParseError
from .calls import family_call, is_dirichlet
from .model import FamilyCall, Formula, Mixture, Simplex, Table
from .model_types import ConditionalTable

__all__ = ["Support", "support_of", "support_points", "conditional_at", "substitute",
           "check_model", "MAX_CHECK_POINTS"]

MAX_CHECK_POINTS = 400
"""Most parent-value combinations at which one conditional is resolved."""
_LIST_ALL = 200
_WIDE = (1, -1, 0, 10, -10, sp.Rational(1, 1000), sp.Rational(-1, 1000), 100, -100)
_HALF = (1, sp.Rational(1, 1000), 10, 100, sp.Rational(1, 10**6))
_FRACTIONS = (sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(3, 4),
              sp.Rational(1, 10**6), 1 - sp.Rational(1, 10**6))


@dataclass(frozen=True)
class Support:
    """``lo <= v <= hi`` (integers when ``discrete``); ``values`` lists a finite table's values."""

    lo: sp.Expr
    hi: sp.Expr
    discrete: bool
    values: tuple | None = None

    def latex(self) -> str:
        if self.values is not None:
            return r"\{" + ", ".join(sp.latex(v) for v in self.values) + r"\}"
        if self.discrete:
            return f"{{{sp.latex(self.lo)}, ..., {sp.latex(self.hi)}}}"
        return f"({sp.latex(self.lo)}, {sp.latex(self.hi)})"

    def text(self) -> str:
        if self.values is not None:
            return "{" + ", ".join(str(v) for v in self.values) + "}"
        if self.discrete:
            return f"{{{self.lo}, ..., {self.hi}}}"
        return f"({self.lo}, {self.hi})"


def support_of(dist) -> Support:
    """The support of a distribution (the hull over a mixture's or a table's parts)."""
    if isinstance(dist, FamilyCall):
        return support_of(dist.form)
    if isinstance(dist, Simplex):  # each coordinate of the probability vector
        return Support(sp.Integer(0), sp.Integer(1), False)
    if isinstance(dist, Table):
        return Support(dist.items[0][0], dist.items[-1][0], True,
                       tuple(v for v, _p in dist.items))
    if isinstance(dist, Formula):
        values = None
        if dist.discrete and dist.hi is not sp.oo and not (dist.hi - dist.lo).free_symbols \
                and dist.hi - dist.lo < _LIST_ALL:
            values = tuple(sp.Integer(v) for v in range(int(dist.lo), int(dist.hi) + 1))
        return Support(dist.lo, dist.hi, dist.discrete, values)
    parts = [d for _w, d in dist.parts] if isinstance(dist, Mixture) else \
        [d for _v, d in dist.cases]
    supports = [support_of(d) for d in parts]
    values = None
    if all(s.values is not None for s in supports):
        values = tuple(sorted(set().union(*(s.values for s in supports))))
    lo, hi = sp.Min(*[s.lo for s in supports]), sp.Max(*[s.hi for s in supports])
    return Support(lo, hi, all(s.discrete for s in supports), values)


def support_points(s: Support) -> tuple:
    """Exact points spread over the support, nicest first; ``()`` if the ends are symbolic."""
    if s.values is not None:
        return s.values
    lo, hi = sp.sympify(s.lo), sp.sympify(s.hi)
    if lo.free_symbols or hi.free_symbols:
        return ()
    if s.discrete:
        step = (0, 1, 2, 10, 1000)
        return tuple(lo + d for d in step if hi is sp.oo or lo + d <= hi)
    if lo is -sp.oo and hi is sp.oo:
        return tuple(sp.sympify(v) for v in _WIDE)
    if hi is sp.oo:
        return tuple(lo + v for v in _HALF)
    if lo is -sp.oo:
        return tuple(hi - v for v in _HALF)
    return tuple(lo + (hi - lo) * f for f in _FRACTIONS)


def substitute(dist, mapping: dict):
    """``dist`` with the symbols of ``mapping`` (Symbol -> value) replaced, calls re-resolved
    (and so re-checked against their parameters' domains)."""
    sub = {k: sp.sympify(v) for k, v in mapping.items()}
    if not sub:
        return dist
    if isinstance(dist, FamilyCall):
        if dist.family == "categorical":
            args = [(None, sp.sympify(p).xreplace(sub)) for p in dist.args[0][1]]
        else:
            args = [(n, sp.sympify(v).xreplace(sub)) for n, v in dist.args]
        return family_call(dist.family, args, dist.text)
    if isinstance(dist, Formula):
        return Formula(dist.density.xreplace(sub), dist.var, sp.sympify(dist.lo).xreplace(sub),
                       sp.sympify(dist.hi).xreplace(sub), dist.discrete, dist.text)
    if isinstance(dist, Table):
        return Table(tuple((v, sp.sympify(p).xreplace(sub)) for v, p in dist.items), dist.text)
    if isinstance(dist, Mixture):
        return Mixture(tuple((sp.sympify(w).xreplace(sub), substitute(c, sub))
                             for w, c in dist.parts), dist.text)
    return ConditionalTable(dist.parent, tuple((v, substitute(d, sub)) for v, d in dist.cases),
                            dist.text)


def conditional_at(variable, parent_values: dict, symbols: dict | None = None):
    """The distribution of ``variable`` when its parents take ``parent_values`` (name -> value).

    ``symbols`` (name -> Symbol) gives the parents' symbols when the variable's own
    record is not at hand; by default each parent's symbol is found in the distribution.
    """
    dist = variable.distribution
    if isinstance(dist, ConditionalTable):
        value = sp.sympify(parent_values[dist.parent])
        try:
            dist = dist.case(value)
        except KeyError:
            raise ParseError(f"{variable.name} | {dist.parent} has no case for "
                             f"{dist.parent} = {value}") from None
    by_name = dict(symbols or {})
    for s in dist.free_symbols:
        by_name.setdefault(s.name, s)
    mapping = {by_name[n]: v for n, v in parent_values.items() if n in by_name}
    return substitute(dist, mapping)


def _fits_prior(variable, parents: dict, point: dict, exc: ParseError) -> ParseError:
    dist = variable.distribution
    if isinstance(dist, FamilyCall) and len(variable.parents) == 1:
        parent = parents[variable.parents[0]]
        for name, value in dist.args:
            if value == parent.symbol:
                prior = support_of(parent.distribution)
                return ParseError(
                    f"the prior of {parent.name} has support {prior.text()}, which does not fit "
                    f"{dist.family}'s parameter {name}: {parent.name} = "
                    f"{point[parent.name]} is possible ({exc})")
    where = ", ".join(f"{k} = {v}" for k, v in point.items())
    given = ", ".join(variable.parents)
    return ParseError(f"{variable.name} | {given} ~ {dist.text or '...'} is not a distribution "
                      f"for every {given}: at {where}, {exc}")


def check_model(model, values: dict | None = None) -> None:
    """Raise a one-line ``ParseError`` when a conditional fails at some parent value.

    ``values`` (parameter name -> exact value) are substituted first; parameters
    left free are checked only where the catalog's rules decide them.
    """
    values = values or {}
    params = {s: values[s.name] for s in model.parameters if s.name in values}
    parents = {}
    for variable in model.variables:
        if variable.parents:
            _check_variable(variable, parents, params)
        parents[variable.name] = variable


def _check_vector_child(variable, parents: dict) -> bool:
    """A child of a Dirichlet variable ``p`` must be exactly ``categorical(p)``; True when
    ``variable`` is one (checked), False when no parent is a Dirichlet."""
    vector = [n for n in variable.parents if is_dirichlet(parents[n].distribution)]
    if not vector:
        return False
    p = parents[vector[0]]
    dist = variable.distribution
    if len(variable.parents) != 1 or not (
            isinstance(dist, FamilyCall) and dist.family == "categorical"
            and tuple(dist.args[0][1]) == (p.symbol,)):
        raise ParseError(f"{p.name} ~ dirichlet(...) is a probability vector: its child must "
                         f"read {variable.name} | {p.name} ~ categorical({p.name})")
    return True


def _check_variable(variable, parents: dict, params: dict) -> None:
    if _check_vector_child(variable, parents):
        return
    grids = []
    for name in variable.parents:
        prior = substitute(parents[name].distribution, params) \
            if not isinstance(parents[name].distribution, ConditionalTable) else \
            parents[name].distribution
        points = support_points(support_of(prior))
        if not points:
            return
        grids.append(points)
    symbols = {name: parents[name].symbol for name in variable.parents}
    for combo in itertools.islice(itertools.product(*grids), MAX_CHECK_POINTS):
        point = dict(zip(variable.parents, combo, strict=True))
        try:
            dist = conditional_at(variable, point, symbols)
            substitute(dist, params)
        except ParseError as exc:
            raise _fits_prior(variable, parents, point, exc) from None
