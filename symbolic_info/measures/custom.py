"""Entropy, cross-entropy and KL of distributions the user writes.

The bare names ``entropy`` (``X=<distribution>``), ``cross-entropy`` and
``kl`` (``P=<distribution>``, ``Q=<distribution>``) take distributions in the
problem language (:mod:`symbolic_info.language`).  Every other parameter is a
symbol of the distributions: ``theta=3`` gives it a value; left out it stays
symbolic under the assumptions in ``assume`` (``"theta > 0"``, repeatable).

Each request becomes its own :class:`~symbolic_info.engine.run.Entry` (made
once per distributions and assumptions, and kept in a bounded cache), run by
the engine like any catalog entry: every step checked, the result verified
against an independent reference.

- A family call derives exactly as its catalog entry (``entropy/<family>``;
  ``kl/<family>`` and ``cross-entropy/<family>`` when P and Q are calls of the
  same family): the entry's own draft, with the call's values bound.
- A mixture whose components have pairwise disjoint supports uses
  ``H = sum w_i H_i + H(w)`` (:mod:`.custom_mixture`).
- Everything else is derived from the definition (:mod:`.custom_build`).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy", X="3*x^2 on [0, 1]")
>>> d.result, d.verified
(2/3 - log(3), True)
>>> derive("entropy", X="normal(0, 1)").result == derive("entropy/normal", mu=0, sigma=1).result
True
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from ..core import DerivationError
from ..engine.run import Draft, Entry
from ..language import (
    FamilyCall,
    Formula,
    Mixture,
    SymbolTable,
    Table,
    parse_assumptions,
    parse_distribution,
)
from ..params import Param
from .custom_build import divergence_draft, entropy_draft

__all__ = ["ENTRIES", "LanguageEntry", "TextParam", "request_entry", "split_params",
           "MAX_SPEC_CHARS", "CHECK_POINTS"]

MAX_SPEC_CHARS = 2000
"""Longest distribution text."""
CHECK_POINTS = 3
"""Seeded random parameter points at which a symbolic density is validated."""


@dataclass(frozen=True)
class TextParam(Param):
    """A parameter whose value is text (a distribution) or a tuple of texts (assumptions)."""

    kind: str = "text"

    def parse(self, text) -> object:
        if self.name == "assume":
            items = tuple(text.split(";")) if isinstance(text, str) else tuple(text or ())
            if any(not isinstance(i, str) for i in items):
                raise DerivationError("assume takes text such as 'theta > 0'")
            return tuple(i.strip() for i in items if i.strip())
        if not isinstance(text, str):
            raise DerivationError(f"parameter {self.name} must be a distribution written as "
                                  "text, such as '3*x^2 on [0, 1]'")
        if len(text) > MAX_SPEC_CHARS:
            raise DerivationError(f"parameter {self.name} is longer than {MAX_SPEC_CHARS} "
                                  "characters")
        return text.strip()

    def validate(self, value):
        return value


def _text_param(name: str, description: str, default: str) -> TextParam:
    return TextParam(name, description, f"{name} is a distribution", lambda v: True,
                     lambda rng: default, default)


_ASSUME = TextParam("assume", "assumptions on the parameters, such as 'theta > 0'",
                    "assumptions such as 'theta > 0'", lambda v: True, lambda rng: (), "")


@dataclass(frozen=True)
class LanguageEntry(Entry):
    """A bare measure name; ``specialise(params)`` gives the entry of one request (and the
    parameters it takes)."""

    specialise: Callable | None = field(default=None, compare=False)


ROLES = {"entropy": ("X",), "kl": ("P", "Q"), "cross-entropy": ("P", "Q")}


def split_params(measure: str, params: dict) -> tuple:
    """``(texts by role, assumptions, other names)`` of a request's parameters."""
    roles = ROLES[measure]
    missing = [r for r in roles if r not in params]
    if missing:
        example = "X='3*x^2 on [0, 1]'" if measure == "entropy" else \
            "P='normal(0, 1)' Q='laplace(0, 1)'"
        raise DerivationError(f"{measure} needs the distribution{'s' if len(missing) > 1 else ''}"
                              f" {', '.join(missing)} (e.g. --param {example})")
    texts = tuple(TextParam(r, "", "", None, None, "").parse(params[r]) for r in roles)
    assume = _ASSUME.parse(params.get("assume", ()))
    others = tuple(sorted(k for k in params if k not in roles and k != "assume"))
    return texts, assume, others


def specialise(measure: str) -> Callable:
    """``params -> (entry of this request, params)``; an empty ``assume`` is dropped."""

    def run(params: dict) -> tuple:
        texts, assume, others = split_params(measure, params)
        e = request_entry(measure, texts, assume)
        params = {k: v for k, v in params.items() if k != "assume" or assume}
        known = {p.name for p in e.params}
        for name in others:
            if name not in known:
                have = sorted(known - {*ROLES[measure], "assume"})
                raise DerivationError(
                    f"parameter '{name}' does not appear in the distribution"
                    f"{'s' if len(texts) > 1 else ''} (parameters: {', '.join(have) or 'none'})")
        return e, params

    return run


def _param_for(table: SymbolTable, s: sp.Symbol) -> Param:
    bound = table.bound(s.name)
    rule = table.rules.get(s.name) or bound.rule
    return Param(s.name, f"parameter {s.name} of the distribution", rule, bound.holds,
                 bound.sample, "1", s)


def _points(table: SymbolTable, symbols: list, seed: str) -> list:
    """Seeded parameter points for validation; one empty point when there are no parameters
    (three copies of the same check would only triple the work)."""
    if not symbols:
        return [{}]
    rng = random.Random(seed)
    return [{s: table.bound(s.name).sample(rng) for s in symbols} for _ in range(CHECK_POINTS)]


def _catalog(name: str):
    from ..catalog import find

    return find(name)


def _delegate_args(call: FamilyCall, suffix: str = ""):
    """``(fixed values, passed-through params)`` when each argument is a number or the
    catalog's own symbol name (with ``suffix``); else ``None``."""
    fixed, passed = {}, []
    for name, value in call.args:
        if isinstance(value, tuple):  # categorical probabilities
            if any(not sp.sympify(v).is_Rational for v in value):
                return None
            fixed[name + suffix] = tuple(sp.Rational(v) for v in value)
        elif value.is_Rational:
            fixed[name + suffix] = value
        elif isinstance(value, sp.Symbol) and value.name == name + suffix:
            passed.append(name + suffix)
        else:
            return None
    return fixed, passed


def _delegated(measure: str, dists: tuple, texts: tuple, table: SymbolTable):
    """The catalog entry a family-call request is, with the call's values bound, or None."""
    if not all(isinstance(d, FamilyCall) for d in dists):
        return None
    if measure == "entropy":
        target, parts = f"entropy/{dists[0].family}", [_delegate_args(dists[0])]
    else:
        if dists[0].family != dists[1].family:
            return None
        target = f"{measure}/{dists[0].family}"
        parts = [_delegate_args(dists[0], "1"), _delegate_args(dists[1], "2")]
    cat = _catalog(target)
    if cat is None or any(p is None for p in parts):
        return None
    fixed = {k: v for f, _p in parts for k, v in f.items()}
    passed = [n for _f, p in parts for n in p]
    try:
        fixed = {k: cat.param(k).validate(v) for k, v in fixed.items()}
        if cat.check:
            cat.check(fixed)
    except DerivationError:
        return None
    structure = cat.structure(fixed)
    own = tuple(cat.param(n) for n in passed)

    def bind(values: dict) -> dict:
        given = {k: v for k, v in values.items() if k in passed}
        return cat.symbols_of({**fixed, **given})

    def sample(rng, _s):
        if cat.sample is not None:
            drawn = cat.sample(rng, dict(structure))
        else:
            drawn = {p.name: p.sample(rng) for p in cat.params}
        return {k: v for k, v in drawn.items() if k in passed}

    def build(_s) -> Draft:
        return cat.build(dict(structure))

    return target, own, build, bind, sample


def _title(measure: str, texts: tuple) -> str:
    if measure == "entropy":
        return f"Entropy of {texts[0]}"
    what = "KL divergence" if measure == "kl" else "Cross-entropy"
    return f"{what} between {texts[0]} and {texts[1]}"


def _implied_weights(texts: tuple, assume: tuple) -> tuple:
    """``"0 < w < 1"`` for a mixture weight written ``w`` or ``1 - w`` whose symbol
    ``assume`` does not bound: a weight is a probability, and a component with weight 0
    or 1 is not mixed.  (Left free, ``w ln w`` was checked at negative ``w``.)

    >>> _implied_weights(("w*uniform(0, 1) + (1-w)*uniform(2, 3)",), ())
    ('0 < w < 1',)
    """
    named = set(parse_assumptions(assume))
    out = []
    for text in texts:
        dist = parse_distribution(text, SymbolTable(parse_assumptions(assume)))
        if not isinstance(dist, Mixture):
            continue
        for w, _c in dist.parts:
            for s in sorted(w.free_symbols, key=lambda s: s.name):
                if s.name not in named and (w == s or sp.expand(1 - w) == s):
                    out.append(f"0 < {s.name} < 1")
                    named.add(s.name)
    return tuple(out)


@lru_cache(maxsize=64)
def request_entry(measure: str, texts: tuple, assume: tuple) -> Entry:
    """The entry of one request (cached: its steps are checked once)."""
    table = SymbolTable(parse_assumptions(assume + _implied_weights(texts, assume)))
    dists = tuple(parse_distribution(t, table) for t in texts)
    roles = ROLES[measure]
    text_params = tuple(_text_param(r, "a distribution", t) for r, t in zip(roles, texts,
                                                                              strict=True))
    assumed = (_ASSUME,) if assume else ()
    delegated = _delegated(measure, dists, texts, table)
    title = _title(measure, texts)
    group = "entropy" if measure == "entropy" else "divergence"
    if delegated is not None:
        target, own, build, bind, sample = delegated
        cat = _catalog(target)
        return Entry(name=measure, title=title, group=group,
                     params=(*text_params, *assumed, *own), build=build,
                     summary=f"{cat.summary} (the catalog entry {target})", bind=bind,
                     sample=sample, default_units=cat.default_units)
    symbols = sorted(set().union(*(d.free_symbols for d in dists)), key=lambda s: s.name)
    symbols = [s for s in symbols if s.name in table.symbols]
    params = tuple(_param_for(table, s) for s in symbols)
    points = _points(table, symbols, f"{measure}:{texts}:{assume}")
    stated = tuple(f"{p.rule}" for p in params)

    def build(_s) -> Draft:
        if measure == "entropy":
            return _entropy(dists[0], points, stated, assume)
        return divergence_draft(dists[0], dists[1], measure == "kl", points, stated)

    def bind(values: dict) -> dict:
        return {p.symbol: values[p.name] for p in params if p.name in values}

    def sample(rng, _s) -> dict:
        return {p.name: p.sample(rng) for p in params}

    return Entry(name=measure, title=title, group=group, params=(*text_params, *assumed, *params),
                 build=build, summary=title, bind=bind, sample=sample)


def _entropy(dist, points, stated, assume) -> Draft:
    if isinstance(dist, Mixture):
        from .custom_mixture import disjoint_mixture_draft

        draft = disjoint_mixture_draft(dist, points, stated, assume)
        if draft is not None:
            return draft
    if isinstance(dist, Table) or (isinstance(dist, FamilyCall) and isinstance(dist.form, Table)):
        from .custom_mixture import table_draft

        return table_draft(dist if isinstance(dist, Table) else dist.form, points, stated,
                           getattr(dist, "text", ""))
    return _formula_entropy(dist, points, stated)


def _formula_entropy(dist, points, stated) -> Draft:
    """From the definition; when SymPy finds no closed form and the formula is a catalog
    family, the catalog's derivation (:mod:`.custom_family`), with a shorter SymPy budget."""
    from .custom_build import NO_CLOSED_FORM
    from .custom_family import FALLBACK_BUDGET, family_entropy_draft, recognise

    family = recognise(dist) if isinstance(dist, Formula) else None
    if family is None:
        return entropy_draft(dist, points, stated)
    draft = entropy_draft(dist, points, stated, budget=FALLBACK_BUDGET)
    if not any(NO_CLOSED_FORM in a for a in draft.assumptions):
        return draft
    return family_entropy_draft(draft, *family)


def _bare(measure: str, title: str, group: str, defaults: dict, summary: str) -> LanguageEntry:
    params = tuple(_text_param(r, "a distribution", defaults[r]) for r in ROLES[measure])

    def build(_s):
        raise DerivationError(f"{measure} needs its distribution parameters")

    return LanguageEntry(name=measure, title=title, group=group, params=(*params, _ASSUME),
                         build=build, summary=summary, specialise=specialise(measure))


ENTRIES = (
    _bare("entropy", "Entropy of your own distribution", "entropy",
          {"X": "3*x^2 on [0, 1]"},
          "h(X) = -E[ln p(X)] of a distribution you write: a family call, a formula on a "
          "support, a table or a mixture; Cover & Thomas, 2nd ed., eq. (8.1)"),
    _bare("cross-entropy", "Cross-entropy between your own distributions", "divergence",
          {"P": "normal(0, 1)", "Q": "laplace(0, 1)"},
          "H(P, Q) = -E_P[ln q(X)] between distributions you write; Cover & Thomas, 2nd ed., "
          "Sec. 2.3"),
    _bare("kl", "KL divergence between your own distributions", "divergence",
          {"P": "normal(0, 1)", "Q": "laplace(0, 1)"},
          "D(P||Q) = E_P[ln p(X) - ln q(X)] between distributions you write; Cover & Thomas, "
          "2nd ed., eq. (2.26)"),
)
