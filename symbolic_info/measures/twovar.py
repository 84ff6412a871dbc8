"""Mutual information, joint and conditional entropy of tables, models and joint laws.

The catalog names ``mutual-information``, ``joint-entropy`` and
``conditional-entropy`` keep their pmf-table form (``pxy``,
:mod:`.joint_tables`) and also take

- ``model="X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)"`` (the model language,
  :func:`symbolic_info.language.parse_model`), or
- ``joint="mvnormal([0,0], [[1, rho], [rho, 1]])"`` (:func:`~symbolic_info.language.parse_joint`),

with ``given`` (the conditioning variable of a conditional entropy, by name:
``given=X`` is H(Y|X), the default; ``given=Y`` is H(X|Y)), ``n`` (for
``mutual-information`` of a model: I(X; Y_1..Y_n) of n observations
independent given X), ``assume`` and values of the model's parameters.  ``mutual-information`` of a
three-line chain ``X ~ ...; Y | X ~ ...; Z | Y ~ ...`` is I(X; Z) with the
data-processing step (:mod:`.twovar_chain`); its ``joint-entropy`` is H(X, Y, Z) and its
``conditional-entropy`` H(Z|X), H(Z|Y) or H(X|Z) by ``given`` (:mod:`.twovar_triple`).
Each request becomes its own :class:`~symbolic_info.engine.run.Entry` (cached),
run by the engine like every catalog entry.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("mutual-information", joint="mvnormal([0,0], [[1, rho], [rho, 1]])", rho="1/2")
>>> d.result, d.verified
(-log(3/4)/2, True)
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import sympy as sp

from ..core import DerivationError
from ..engine.run import Entry
from ..language import (
    SymbolTable,
    check_covariance,
    check_model,
    parse_assumptions,
    parse_joint,
    parse_model,
)
from ..params import Param, parse_value
from . import joint_tables
from .custom import LanguageEntry, TextParam
from .twovar_pieces import MEASURES, pieces_draft

__all__ = ["ENTRIES", "request_entry", "analyse", "MAX_N", "GROUP"]

MAX_N = 10**6
"""Most observations ``n``."""
GROUP = "two variables"
"""The catalog group (and the Derivations page's topic) of these entries."""
_KINDS = ("model", "joint")
_OWN = (*_KINDS, "given", "n", "assume")


def _text(name: str, description: str) -> TextParam:
    return TextParam(name, description, f"{name} is text", lambda v: True, lambda rng: "", "")


_PARAMS = (
    _text("model", "a model such as 'X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)'"),
    _text("joint", "a joint law such as 'x + y on [0,1]^2' or 'mvnormal([0,0], [[1, rho], "
          "[rho, 1]])'"),
    _text("given", "conditional entropy: the variable conditioned on (default the first)"),
    _text("n", "mutual information of a model: the number of observations"),
    _text("assume", "assumptions on the parameters, such as '-1 < rho < 1'"),
)


def analyse(obj, n: int | None = None):
    """:class:`~.twovar_pieces.Pieces` of a model or joint (one line of error otherwise)."""
    from . import twovar_betabin, twovar_finite, twovar_gauss, twovar_region

    if getattr(obj, "kind", None) == "mvnormal":
        return twovar_gauss.mvnormal_pieces(obj)
    if getattr(obj, "kind", None) == "density":
        return twovar_region.region_pieces(obj)
    if len(obj.variables) != 2:
        raise DerivationError("a model for these measures has two lines (X, then Y | X), or "
                              "three for a chain X -> Y -> Z")
    if twovar_gauss.is_gaussian(obj):
        return twovar_gauss.model_pieces(obj, n)
    if twovar_betabin.is_beta_binomial(obj):
        return twovar_betabin.betabin_pieces(obj, n)
    if n is not None:
        raise DerivationError("n observations are handled for a normal prior with a normal "
                              "likelihood and for a beta prior with a binomial likelihood")
    if twovar_finite.is_finite_x(obj):
        return twovar_finite.finite_pieces(obj)
    raise DerivationError("no method for this model yet: X must have finitely many values, or "
                          "the model must be normal-normal (linear mean) or beta-binomial")


def _param(table: SymbolTable, s: sp.Symbol) -> Param:
    bound = table.bound(s.name)
    rule = table.rules.get(s.name) or bound.rule
    return Param(s.name, f"parameter {s.name} of the model", rule, bound.holds, bound.sample,
                 "", s)


def _check(obj):
    def check(values: dict) -> None:
        given = {k: v for k, v in values.items() if k not in _OWN}
        if getattr(obj, "kind", None) == "mvnormal":
            sub = {s: given[s.name] for s in obj.free_symbols if s.name in given}
            check_covariance(obj.cov.xreplace(sub), f"the covariance of {obj.text}")
        elif getattr(obj, "kind", None) is None:
            from .twovar_finite import check_separation

            check_model(obj, given)
            check_separation(obj, given)
    return check


def _given(obj, measure: str, given: str) -> str:
    names = tuple(v.name for v in obj.variables) if hasattr(obj, "variables") else ("X", "Y")
    if measure != "conditional-entropy":
        if given:
            raise DerivationError("given is a parameter of conditional-entropy only")
        return names[0]
    aliases = {a: n for n, pair in zip(names, ("Xx", "Yy", "Zz"), strict=False) for a in pair}
    choice = (given if given in names else aliases.get(given, given)) if given else names[0]
    if choice not in names[:3]:
        if len(names) == 3:
            x, y, z = names
            raise DerivationError(f"given must be {x} (H({z}|{x})), {y} (H({z}|{y})) or {z} "
                                  f"(H({x}|{z})), not '{given}'")
        raise DerivationError(f"given must be {names[0]} (H({names[1]}|{names[0]})) or "
                              f"{names[1]} (H({names[0]}|{names[1]})), not '{given}'")
    return choice


def _fixed_joint(obj, fixed: tuple):
    """A joint density with the values ``fixed`` (``(name, text), ...``) put in."""
    sub = {}
    for s in obj.free_symbols:
        text = dict(fixed).get(s.name)
        if text is not None:
            try:
                sub[s] = parse_value(text)
            except ValueError as exc:
                raise DerivationError(f"{s.name} = {text}: {exc}") from None
            if not isinstance(sub[s], sp.Rational):
                raise DerivationError(f"{s.name} must be a number, not {text}")
    return replace(obj, density=obj.density.xreplace(sub),
                   outer_range=tuple(sp.sympify(e).xreplace(sub) for e in obj.outer_range),
                   inner_range=tuple(sp.sympify(e).xreplace(sub) for e in obj.inner_range))


@lru_cache(maxsize=64)
def request_entry(measure: str, kind: str, text: str, given: str, n: int | None,
                  assume: tuple, fixed: tuple = ()) -> Entry:
    """The entry of one request (cached: its steps are checked once).

    ``fixed`` (``(name, value text), ...``) gives values put into a joint density before
    its integrals (its parameters then need no assumptions); they are shown as parameters.
    """
    table = SymbolTable(parse_assumptions(assume))
    obj = parse_model(text, table) if kind == "model" else parse_joint(text, table)
    if fixed:
        obj = _fixed_joint(obj, fixed)
    if n is not None and (measure != "mutual-information" or kind != "model"):
        raise DerivationError("n is a parameter of mutual-information of a model only")
    choice = _given(obj, measure, given)
    if kind == "model" and len(obj.variables) == 3 and measure == "mutual-information":
        from .twovar_chain import chain_draft

        draft = chain_draft(obj)
        make = lambda _s: draft  # noqa: E731
    elif kind == "model" and len(obj.variables) == 3:
        from .twovar_triple import triple_draft

        draft = triple_draft(obj, measure, choice)
        make = lambda _s: draft  # noqa: E731
    else:
        pieces = analyse(obj, n)
        make = lambda _s: pieces_draft(pieces, measure, choice)  # noqa: E731
    names = {p.name for p in _PARAMS}
    symbols = [s for s in sorted(obj.free_symbols if kind == "joint" else obj.parameters,
                                 key=lambda s: s.name) if s.name in table.symbols]
    params = tuple(_param(table, s) for s in symbols if s.name not in names)

    def bind(values: dict) -> dict:
        return {p.symbol: values[p.name] for p in params if p.name in values}

    def sample(rng, _s) -> dict:
        return {p.name: p.sample(rng) for p in params}

    own = tuple(replace(p, default=v) for p, v in zip(
        _PARAMS, (text if kind == "model" else "", text if kind == "joint" else "", given,
                  "" if n is None else str(n), "; ".join(assume)), strict=True) if v)
    own += tuple(replace(_text(name, f"parameter {name} of the joint density, put in before "
                               "the integrals"), default=value) for name, value in fixed)
    title = f"{_TITLES[measure]} of {text}"
    return Entry(name=measure, title=title, group=GROUP, params=(*own, *params),
                 build=make, summary=title,
                 bind=bind, sample=sample, check=_check(obj))


_TITLES = {"mutual-information": "Mutual information", "joint-entropy": "Joint entropy",
           "conditional-entropy": "Conditional entropy"}


def _count(text) -> int | None:
    if text in (None, ""):
        return None
    value = parse_value(str(text)) if not isinstance(text, int) else sp.Integer(text)
    if not (isinstance(value, sp.Integer) and 1 <= value <= MAX_N):
        raise DerivationError(f"n must be a whole number from 1 to {MAX_N}, not {text}")
    return int(value)


def specialise(base: Entry):
    """``params -> (entry, params)``: the table entry for ``pxy``, else a request entry."""

    def run(params: dict) -> tuple:
        params = {k: v for k, v in params.items() if not (k in _OWN and v in ("", None, ()))}
        kinds = [k for k in _KINDS if k in params]
        if not kinds:
            extra = sorted(set(params) & {"given", "n", "assume"})
            if extra:
                raise DerivationError(f"{extra[0]} needs model=... or joint=...")
            return base, params
        if len(kinds) > 1 or "pxy" in params:
            raise DerivationError("give one of pxy, model or joint")
        kind = kinds[0]
        text = TextParam(kind, "", "", None, None, "").parse(params[kind])
        assume = TextParam("assume", "", "", None, None, "").parse(params.get("assume", ()))
        given = str(params.get("given", "")).strip()
        n = _count(params.get("n"))
        fixed = ()
        if kind == "joint":
            joint = parse_joint(text, SymbolTable())
            names = {s.name for s in joint.free_symbols}
            if joint.kind == "density" and names and names <= set(params):
                fixed = tuple(sorted((k, str(params[k]).strip()) for k in names))
        e = request_entry(base.name, kind, text, given, n, assume, fixed)
        if n is not None:
            params["n"] = str(n)
        known = {p.name for p in e.params}
        for name in params:
            if name not in known and name not in _OWN:
                have = sorted(known - set(_OWN))
                raise DerivationError(f"parameter '{name}' does not appear in the {kind} "
                                      f"(parameters: {', '.join(have) or 'none'})")
        return e, {k: v for k, v in params.items() if k in known}

    return run


def _wrap(base: Entry) -> LanguageEntry:
    fields = {f: getattr(base, f) for f in base.__dataclass_fields__}
    fields["params"] = (*base.params, *_PARAMS)
    fields["group"] = GROUP
    fields["summary"] = base.summary + "; or of a model (model=...) or a joint law (joint=...)"
    return LanguageEntry(**fields, specialise=specialise(base))


ENTRIES = tuple(_wrap(e) for e in joint_tables.ENTRIES if e.name in MEASURES)
