"""What a claim is judged against: a catalog entry's result at the given parameters.

:func:`prepare` turns a catalog entry, its given parameters and units into a
:class:`Problem` (trusted code, in the caller's process): the true result,
the symbols a claim may use, test points covering each parameter's whole
domain (:mod:`.sampling`) and the transformed truths for the diagnosis.
:func:`judging_points` adds, for a claim, points next to its switches (:mod:`.kinks`) and
at the scales of its constants (:mod:`.scales`); :func:`shown_point` is a point as a user
reads it.  The judging itself is :mod:`.judge`.

Example
-------
>>> p = prepare("entropy/exponential", {"lambda": "2"}, None)
>>> p.truth, p.units, p.points
(1 - log(2), 'nats', ({},))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..core import DerivationError
from ..output.reasons import reason_unicode
from .diagnosis import truth_transforms
from .grammar import parse_expression
from .kinks import kink_points
from .pointwise import SHOWN_CAP
from .sampling import admissible, domain_points, show_value
from .scales import scale_points

__all__ = ["Problem", "prepare", "evaluate_claim", "point_admissible", "judging_points",
           "shown_point", "WORK_DPS", "SHOWN_DIGITS"]

WORK_DPS = SHOWN_CAP
"""Digits to which agreement is reported (values are computed with more, as needed)."""
SHOWN_DIGITS = 20
"""Significant digits of the values a verdict shows (more where two differ further down)."""


@dataclass(frozen=True)
class Problem:
    """What a claim is judged against (all picklable, no user text inside).

    ``truth`` is the result in ``units`` with given parameters substituted;
    ``symbols`` maps the names a claim may use to SymPy symbols; ``fixed``
    holds the given parameter values (symbol -> exact); ``points`` are
    admissible values of the other parameters covering their domains;
    ``names`` maps symbols to parameter names for display.  ``entry_name``,
    ``given`` (parameter name -> value) and ``structure`` let the sandbox
    test further points (next to a claim's kinks) for admissibility.
    """

    label: str
    truth: sp.Expr
    units: str
    symbols: dict
    fixed: dict
    points: tuple
    names: dict
    assumptions: tuple = ()
    transforms: tuple = ()
    quantity: str = ""
    free_symbols: bool = False
    extra: dict = field(default_factory=dict)
    entry_name: str = ""
    given: dict = field(default_factory=dict)
    structure: tuple = ()


def _symbol_table(e) -> tuple:
    symbols, names = {}, {}
    for p in e.params:
        if p.symbol is not None:
            symbols[p.name] = p.symbol
            symbols[p.symbol.name] = p.symbol
            names[p.symbol] = p.name
    return symbols, names


def prepare(name: str, params: dict, units: str | None) -> Problem:
    """The :class:`Problem` for catalog entry ``name`` (trusted work, in-process)."""
    from ..catalog import derive, entry, parse_params

    e = entry(name)
    if getattr(e, "specialise", None) is not None:  # a bare name taking distributions
        e, params = e.specialise(params)
    values = parse_params(e, params)
    missing = [p.name for p in e.params if p.kind != "scalar" and p.name not in values]
    if missing:
        raise DerivationError(
            f"{name}: give the list or matrix parameter{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} with --param (e.g. {missing[0]}={e.param(missing[0]).default})")
    d = derive(name, units=units, **params)
    symbols, names = _symbol_table(e)
    for s in d.result.free_symbols:
        symbols.setdefault(s.name, s)
        names.setdefault(s, s.name)
    fixed = e.symbols_of(values)
    points = tuple(
        {s: v for s, v in e.symbols_of(vals).items() if s not in fixed}
        for vals in domain_points(e, values, d.result)
    )
    return Problem(
        label=name,
        truth=d.result,
        units=d.units,
        symbols=symbols,
        fixed=fixed,
        points=points,
        names=names,
        assumptions=tuple(reason_unicode(a) for a in d.assumptions),  # stated in words
        transforms=tuple(truth_transforms(e, d, values, fixed, points)),
        quantity=d.quantity,
        extra={"verified": d.verified, "value": d.value},
        entry_name=e.name,
        given=dict(values),
        structure=tuple(e.structure(values)),
    )


def shown_point(problem: Problem, point: dict) -> dict:
    """``point`` with the given values, as parameter name -> value as a user would type it."""
    return {problem.names.get(s, s.name): show_value(v) for s, v in
            sorted({**problem.fixed, **point}.items(), key=lambda kv: kv[0].name)
            if isinstance(s, sp.Symbol)}


def evaluate_claim(problem: Problem, text: str):
    """Parse ``text`` against ``problem``'s symbols (raises ParseError)."""
    return parse_expression(text, problem.symbols, free=problem.free_symbols)


def point_admissible(problem: Problem, point: dict) -> bool:
    """True when ``point`` (free symbol -> value) is a valid parameter point of the problem."""
    if not problem.entry_name:
        return all(v > 0 for v in point.values())
    from ..catalog import entry

    names = {**problem.given, **{problem.names.get(s, s.name): v for s, v in point.items()}}
    return admissible(entry(problem.entry_name), names, problem.structure)


def judging_points(problem: Problem, exprs) -> tuple:
    """``(points, n_kink)``: the problem's domain points, then points next to the switches
    (kinks) of ``exprs`` along every free parameter (see :mod:`.kinks`), then points at
    the scales of their constants (see :mod:`.scales`)."""
    points = list(problem.points)
    if not points or not points[0]:
        return points, 0
    free = sorted(points[0], key=lambda s: s.name)
    base = {**problem.fixed, **points[0]}
    def inside(full):
        return point_admissible(problem, {s: full[s] for s in free})

    kinks = kink_points(exprs, base, free, inside)
    return points + kinks + scale_points(exprs, base, free, inside), len(kinks)

