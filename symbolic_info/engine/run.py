"""From a catalog entry and parameters to a checked, verified Derivation.

Topic modules describe an :class:`Entry` whose ``build`` returns a
:class:`Draft`: unchecked steps ending in a closed form (in nats) and an
independent numeric reference.  :func:`run` checks every step (cached per
entry and structure), converts units, substitutes the parameters and
compares the closed form with the reference.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/exponential", **{"lambda": "2"})
>>> d.verified, d.value[:8]
(True, '0.306852')
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from ..core import Derivation, DerivationError, Step, Verification
from ..numeric import bumps
from ..numeric.context import GUARD, NumericError, agree_digits, new_context
from ..numeric.two_cores import run_jobs
from ..params import shorten, show_value
from ..symbolic.substitute import has_costly, substitute
from . import step_cache
from .numeric_sides import numeric_value
from .reference_check import compare_at, settle_closed, value_text
from .verify import check_step

__all__ = ["Draft", "Entry", "run", "sample_values", "checked_steps", "in_units", "STEP_DPS",
           "MAX_DPS", "MIN_DPS", "SECONDARY_DPS", "SUBSTITUTE_RULE", "MAX_VALUES_SHOWN",
           "given_value"]

STEP_DPS = 50
"""Precision at which steps are checked (steps do not depend on --dps)."""
MAX_DPS = 1000
SECONDARY_DPS = 100
"""Digits at which a symbolic result is checked at its second and third seeded points.

The first point, whose value and reference are shown, is checked at the full requested
precision; the others exist to catch a closed form that is wrong elsewhere in the
parameter space, which 100 digits do as surely as 1000 at a tenth of the quadrature's
cost.  The verification's method says so (``1000 digits at the first ...; 100 digits at
2 more``), and ``agree_digits`` counts the first point's digits."""
MIN_DPS = 5
UNITS = ("nats", "bits")


@dataclass(frozen=True)
class Draft:
    """What a topic module hands to the engine.

    ``steps`` are unchecked; the last step's ``rhs`` is the closed form in
    nats.  ``reference(point, ctx)`` computes the quantity from its
    definition (quadrature, exact sums), never from the steps, and
    ``reference_method`` says how.  ``densities`` serve expectations in the
    steps.  ``reference_digits`` caps the digits the reference can deliver
    (``None``: as many as asked).  ``extras(point, ctx, dps, units)`` adds
    entry-specific data to the derivation; a quantity of information in it is
    given in ``units`` and says so.  ``extras_beside_steps``: the extras are computed by a
    forked child while this process checks the steps (both cores,
    :func:`~symbolic_info.numeric.two_cores.run_jobs`), for extras that are long
    one-core quadratures (maxent's competitors); they must be plain data then.

    Independence: the reference shares with the steps only the definition of the
    quantity and the density's own data (its log-density, including constants such as
    ``ln Gamma(k)``, evaluated by the same numeric functions).  No expectation from a
    family's table (``E[ln X] = psi(k) + ln theta`` under a gamma), no tabulated entropy
    and no step's result enters it, and the density's normalisation is integrated, not
    assumed (a wrong normalising constant must show).  A piece may leave the integral
    only when it follows from the definition by exact algebra (a constant term of
    ``ln f`` times the integrated mass), never from a fact the derivation cites.
    """

    quantity: str
    assumptions: tuple
    steps: tuple
    reference: Callable
    reference_method: str
    densities: dict = field(default_factory=dict)
    reference_digits: int | None = None
    extras: Callable | None = None
    extras_beside_steps: bool = False

    @property
    def closed_form(self) -> sp.Expr:
        return self.steps[-1].rhs


@dataclass(frozen=True)
class Entry:
    """A catalog entry: name, parameters, and how to build its draft.

    ``build(values)`` receives the structural parameter values (see
    ``structure``) and returns a :class:`Draft`.  ``bind(values)`` maps
    parameter values to the draft's symbols; ``check(values)`` enforces
    rules that tie parameters together, raising :class:`DerivationError`.
    ``structure(values)`` returns the hashable facts the steps depend on
    (such as a list's length) and ``sample(rng, structure)`` draws random
    admissible values of that structure.
    """

    name: str
    title: str
    group: str
    params: tuple
    build: Callable
    default_units: str = "nats"
    summary: str = ""
    structure: Callable = lambda values: ()
    sample: Callable | None = None
    bind: Callable | None = None
    check: Callable | None = None

    def param(self, name: str):
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise DerivationError(
            f"{self.name} has no parameter '{shorten(name, 40)}' (parameters: {known})")

    def symbols_of(self, values: dict) -> dict:
        """Parameter values as a substitution ``symbol -> exact value``."""
        if self.bind is not None:
            return self.bind(values)
        return {self.param(k).symbol: v for k, v in values.items()}


@lru_cache(maxsize=256)
def _draft(entry: Entry, structure: tuple) -> Draft:
    return entry.build(dict(structure))


@lru_cache(maxsize=256)
def checked_steps(entry: Entry, structure: tuple) -> tuple:
    """The draft for ``structure`` with every step checked (cached)."""
    draft = _draft(entry, structure)
    points = _distinct([entry.symbols_of(v) for v in sample_values(entry, structure, {}, 3)])
    checked = tuple(
        Step(s.lhs, s.rhs, s.rule, _check(s.lhs, s.rhs, points, draft.densities))
        for s in draft.steps
    )
    return draft, checked


def _distinct(points: list) -> list:
    """``points`` without repeats (an entry without free parameters has one point, not three)."""
    seen, out = set(), []
    for point in points:
        key = tuple(sorted((str(k), repr(v)) for k, v in point.items()))
        if key not in seen:
            seen.add(key)
            out.append(point)
    return out


def _check(lhs, rhs, points: list, densities: dict):
    """:func:`check_step` at :data:`STEP_DPS`, through the persistent step cache."""
    if not step_cache.enabled():  # the key (srepr of both sides) is not free on long sums
        return check_step(lhs, rhs, points, densities, STEP_DPS)
    key = step_cache.step_key(lhs, rhs, densities, points, STEP_DPS)
    check = step_cache.load(key)
    if check is None:
        check = check_step(lhs, rhs, points, densities, STEP_DPS)
        step_cache.store(key, check)
    return check


PLAIN_DRAWS = 100
"""Draws per point from the entry's own sampler before free values are drawn near given ones."""


def sample_values(entry: Entry, structure: tuple, given: dict, n: int) -> list:
    """``n`` seeded admissible parameter sets of this structure, ``given`` kept.

    A rule that ties parameters together (``a < c < b``) may exclude every plain draw of
    the parameters left out (``c = 5`` with ``a, b`` drawn from ``[-2, 2]``): when the
    first :data:`PLAIN_DRAWS` per point are not enough, every other draw puts each free
    scalar near a given value (:func:`_near`).  When still no draw is admissible, the
    error says which parameters to give.  A draw must also have the requested structure
    (a KL of nested supports is not checked at a point where they are not nested).
    """
    rng = random.Random(entry.name)
    anchors = [v for v in given.values() if isinstance(v, sp.Rational)]
    out = []
    for attempt in range(1000 * n):
        if len(out) == n:
            return out
        if entry.sample is not None:
            values = entry.sample(rng, dict(structure))
        else:
            values = {p.name: p.sample(rng) for p in entry.params}
        if anchors and attempt >= PLAIN_DRAWS * n and attempt % 2:
            for p in entry.params:
                if p.kind == "scalar" and p.name not in given and p.name in values:
                    values[p.name] = _near(rng, p, rng.choice(anchors))
        values.update(given)
        try:
            if entry.check:
                entry.check(values)
            if entry.structure(values) != tuple(structure):
                continue  # e.g. given values made P's support stick out of Q's
        except DerivationError:
            continue
        out.append(values)
    if not given:
        raise RuntimeError(f"{entry.name}: no admissible random parameters found")
    free = [p.name for p in entry.params if p.name not in given]
    shown = ", ".join(f"{k} = {shorten(show_value(v), 30)}" for k, v in given.items())
    raise DerivationError(
        f"{entry.name}: with {shown}, no admissible values of {', '.join(free)} were found "
        "to check the symbolic result; give them too")


def _near(rng: random.Random, param, anchor):
    """A value of ``param`` near ``anchor``: shifted by a difference of two draws, or (for
    a positive anchor) scaled by their ratio; outside the parameter's domain, a plain draw."""
    a, b = param.sample(rng), param.sample(rng)
    value = anchor * a / b if anchor > 0 and b > 0 and rng.random() < 0.5 else anchor + a - b
    return value if param.test(value) else param.sample(rng)


def in_units(closed_nats: sp.Expr, units: str) -> sp.Expr:
    """A closed form in nats expressed in ``units``: bits are the nats form over ln 2.

    >>> in_units(sp.log(4), "bits")
    log(4)/log(2)
    """
    return closed_nats / sp.log(2) if units == "bits" else closed_nats


def run(entry: Entry, values: dict, units: str | None, dps: int) -> Derivation:
    """Derive, check and verify ``entry`` at the parsed parameter ``values``."""
    units = units or entry.default_units
    if units not in UNITS:
        raise DerivationError(f"units '{shorten(units, 30)}' is not one of: {', '.join(UNITS)}")
    if isinstance(dps, bool) or not isinstance(dps, int) or not MIN_DPS <= dps <= MAX_DPS:
        raise DerivationError(f"dps = {shorten(dps, 30)} is outside {MIN_DPS}..{MAX_DPS}")
    if entry.check:
        entry.check(values)
    structure = entry.structure(values)
    draft = _draft(entry, structure)
    closed = in_units(draft.closed_form, units)
    given = entry.symbols_of(values)
    result = _tidy(substitute(closed, given))
    wanted = draft.extras is not None and not (closed.free_symbols - set(given))
    # verified before the steps are checked (at STEP_DPS): an entry whose numbers are costly
    # (quantised-entropy's cell sums) answers the steps' lower precision from the numbers
    # the verification computed, not anew; the extras after both, or on the other core
    # beside them when the draft asks so
    jobs = [lambda: (*_verify(entry, draft, closed, values, units, dps),
                     checked_steps(entry, structure)[1]),
            lambda: draft.extras(given, new_context(dps + GUARD), dps, units) if wanted else {}]
    (verification, value, steps), extras = (run_jobs(jobs) if wanted and draft.extras_beside_steps
                                            else [job() for job in jobs])
    if units == "bits":
        lhs = sp.Mul(draft.closed_form, sp.Pow(sp.log(2), -1), evaluate=False)
        steps = steps + (
            Step(lhs, closed, r"express in bits: divide the value in nats by $\ln 2$",
                 check_step(lhs, closed, [], {}, STEP_DPS)),
        )
    substitution = _substitution_step(entry, closed, given, result, values, draft.densities)
    return Derivation(
        name=entry.name,
        title=entry.title,
        quantity=draft.quantity,
        params={k: show_value(v) for k, v in values.items()},
        units=units,
        assumptions=draft.assumptions,
        steps=steps,
        result=result,
        value=value,
        verification=verification,
        dps=dps,
        extras=extras,
        substitution=substitution,
    )


SUBSTITUTE_RULE = "substitute the given values"
"""The reason of the substitution step (the values follow)."""


def _substitution_step(entry: Entry, closed, given: dict, result, values: dict,
                       densities: dict) -> Step | None:
    """The step ``closed = result`` at the given values, checked like every step.

    What is checked is the closed form with the values put in (exactly, see
    :func:`~symbolic_info.symbolic.substitute.substitute`) against the shown result (which
    :func:`_tidy` may have shortened); symbols left free are drawn at seeded admissible points.
    ``None`` when no given value occurs in the closed form.
    """
    free = closed.free_symbols  # computed once: a walk of the whole tree each time
    used = {s: v for s, v in given.items() if s in free}
    if not used:
        return None
    put_in = substitute(closed, used)
    points = [{}]
    if result.free_symbols:
        structure = entry.structure(values)
        points = [{s: v for s, v in entry.symbols_of(p).items() if s not in used}
                  for p in sample_values(entry, structure, values, 3)]
    check = check_step(put_in, result, points, densities, STEP_DPS)
    pairs = list(used.items())
    shown = ", ".join(given_value(s, v) for s, v in pairs[:MAX_VALUES_SHOWN])
    more = ", ..." if len(pairs) > MAX_VALUES_SHOWN else ""
    return Step(closed, result, f"{SUBSTITUTE_RULE}: {shown}{more}", check, tuple(pairs))


MAX_VALUES_SHOWN = 8
"""Values listed in the reason of the substitution step."""


def given_value(symbol, value) -> str:
    """``symbol = value`` for a reason: math (``$\\sigma = \\frac{3}{2}$``) for a short
    number, the typed text (shortened) for a list, a matrix or a long number.

    >>> given_value(sp.Symbol("mu1"), sp.Rational(1, 2))
    '$\\\\mu_{1} = \\\\frac{1}{2}$'
    """
    text = show_value(value)
    if isinstance(value, sp.Basic) and value.is_number and len(text) <= 24:
        return f"${sp.latex(symbol)} = {sp.latex(value)}$"
    return f"${sp.latex(symbol)}$ = {shorten(text, 24)}"


def _tidy(expr):
    """A shorter equal form of a parameter-free result (``log(2)/2 + log(4)/2`` -> ``3 log(2)/2``).

    Only for small expressions without symbols, with integers below 10^12 (no
    factoring of large numbers) and integer powers only; the shorter form is kept only when it
    agrees with the original to 40 digits.
    """
    if expr.free_symbols or has_costly(expr) or sp.count_ops(expr) > 60 or not expr.is_finite:
        return expr  # a costly node (digamma(10**5)) must not be rebuilt: see substitute
    if any(max(abs(r.p), r.q) > 10**12 for r in expr.atoms(sp.Rational)):
        return expr  # expand_log would factor large integers
    if any(not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
        return expr  # simplify stalls on powers like (40/361)**(1197/1000)
    try:  # expand_log only: simplify's logcombine built huge powers and factored them
        shorter = sp.expand_log(expr, force=True)
    except Exception:  # noqa: BLE001 - SymPy can fail in many ways here; keep expr
        return expr
    if sp.count_ops(shorter) >= sp.count_ops(expr):
        return expr
    ctx = new_context(40 + GUARD)
    try:
        a, b = numeric_value(expr, {}, {}, ctx), numeric_value(shorter, {}, {}, ctx)
    except (NumericError, ZeroDivisionError):
        return expr
    return shorter if agree_digits(a, b, ctx, 40) >= 40 else expr


def _unsearched_note(missed: int) -> list:
    """The note for terms of a sum whose bump the quadrature did not look for (beyond the
    first :data:`~symbolic_info.numeric.bumps.MAX_TERMS`, or no peak found)."""
    if not missed:
        return []
    terms = "1 term" if missed == 1 else f"{missed} terms"
    return [f"{terms} of a sum in the integrand not searched for its bump (at most "
            f"{bumps.MAX_TERMS} are, and a peak must be found): if such a bump is narrow or "
            "far, value and reference may both have missed its mass"]


def _verify(entry: Entry, draft: Draft, closed, values: dict, units: str, dps: int):
    """Compare the closed form with the independent reference (see :mod:`.reference_check`)."""
    given = entry.symbols_of(values)
    complete = not (closed.free_symbols - set(given))
    every_param = all(p.name in values for p in entry.params)
    samples = [values] if every_param else sample_values(entry, entry.structure(values), values, 3)
    cap = min(dps, draft.reference_digits or dps)
    caps = [cap] + [min(cap, SECONDARY_DPS)] * (len(samples) - 1)

    def reference_at(point):
        if units == "bits":
            return lambda ctx: draft.reference(point, ctx) / ctx.ln2
        return lambda ctx: draft.reference(point, ctx)

    checks, shown, at_given = [], [], None
    # the exact numbers of the problem (a model's 1e36) set the precision too
    problem = tuple(e for s in draft.steps for e in (s.lhs, s.rhs))
    try:
        with bumps.recording() as unsearched:
            for sample, digits_here in zip(samples, caps, strict=True):
                point = entry.symbols_of(sample)
                checks.append(compare_at(closed, point, reference_at(point), digits_here,
                                         draft.densities, problem))
                shown.append({k: show_value(v) for k, v in sample.items()})
            if every_param:
                at_given = checks[0].closed
            elif complete:
                at_given = settle_closed(closed, given, cap, draft.densities, problem=problem)
    except (NumericError, ZeroDivisionError) as exc:
        raise DerivationError(
            f"{entry.name}: cannot evaluate at these parameters ({exc})"
        ) from None
    first = checks[0]
    zero = [c.zero_bound for c in checks if c.zero_bound is not None]
    digits = [c.digits for c in checks[:1] if c.digits is not None] or [
        c.digits for c in checks if c.digits is not None]
    value = value_text(at_given, dps) if complete else None
    method = draft.reference_method
    if not every_param:
        method += f"; symbolic result checked at {len(samples)} seeded random admissible points"
        if caps[-1] < cap:
            method += (f" ({cap} digits at the first, whose values are shown; {caps[-1]} digits "
                       f"at {len(samples) - 1} more)")
    verification = Verification(
        dps=dps,
        reference=first.reference_text(dps),
        value=first.value_text(dps),
        method=method,
        agree_digits=min(digits) if digits else None,
        ok=all(c.ok for c in checks),
        points=tuple(shown),
        notes=tuple(dict.fromkeys([c.note for c in checks if c.note]
                                  + _unsearched_note(unsearched.missed))),
        zero_bound=max(zero, key=lambda b: float(b)) if zero else None,
    )
    return verification, value
