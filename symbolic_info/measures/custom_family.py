"""Recognise a formula that is a catalog family: ``1/(pi*(1+x^2)) on (-oo, oo)`` is cauchy(0, 1).

When SymPy finds no closed form for an expectation of a formula, the formula
may still be a catalog family at some parameter values, whose entry has the
closed form.  For each family with the formula's support and at most three
parameters, the log-density is matched at as many points as the family has
parameters (Newton's method, mpmath's ``findroot``, from starting values placed by the
density's own mode and width: :mod:`.family_fit`; a second pass over the families starts
a shape from the density's width ratio); a solution is rounded to simple exact
numbers (``nsimplify``) and accepted only when the density as written and the family's density at
those numbers are **equal as formulas** (their logarithms' difference
simplifies to 0 under a CPU budget), never on numeric agreement alone.

Example
-------
>>> from symbolic_info.language import parse_distribution
>>> recognise(parse_distribution("1/(pi*(1+x^2)) on (-oo, oo)"))
('cauchy', {'x0': 0, 'gamma': 1})
>>> recognise(parse_distribution("3*x^2 + 1/2 on [0, 1]")) is None
True
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..families import FAMILIES
from ..numeric.context import NumericError, compile_expr, new_context
from .family_fit import anchor, fit

__all__ = ["recognise", "matches", "family_density", "family_entropy_draft", "FALLBACK_BUDGET",
           "MATCH_BUDGET", "RECOGNISE_BUDGET", "MAX_PARAMS"]

MATCH_BUDGET = 1.0
"""CPU seconds for the exact comparison of the formula with one candidate family."""
RECOGNISE_BUDGET = 2.0
"""CPU seconds for the whole search."""
FALLBACK_BUDGET = 1.0
"""CPU seconds SymPy gets per integral of a formula recognised as a family (the catalog's
derivation is the fallback, so a long search would only waste time)."""
MAX_PARAMS = 3
"""Families with more parameters are not tried."""


def _kind(lo, hi) -> str | None:
    if lo is -sp.oo and hi is sp.oo:
        return "real"
    if lo == 0 and hi is sp.oo:
        return "positive"
    if lo == 0 and hi == 1:
        return "unit"
    return None


def family_density(name: str, values: dict, var: sp.Symbol) -> sp.Expr:
    """The family's density at ``values`` (parameter name -> number), in ``var``."""
    fam = FAMILIES[name]
    sub = {p.symbol: values[p.name] for p in fam.params}
    return fam.pdf.subs(sub).subs(fam.var, var)


def _candidates(kind: str):
    for fam in FAMILIES.values():
        if len(fam.params) > MAX_PARAMS or any(p.symbol is None for p in fam.params):
            continue
        lo, hi = (sp.sympify(e) for e in fam.support)
        if lo.free_symbols or hi.free_symbols or _kind(lo, hi) != kind:
            continue
        yield fam


def _simple_number(v, ctx) -> sp.Expr:
    """``v`` as a rational with a denominator up to 10^6 when that close, else by
    ``nsimplify`` with pi and e."""
    near = Fraction(ctx.nstr(v, ctx.dps - 5)).limit_denominator(10**6)
    if abs(v - ctx.mpf(near.numerator) / near.denominator) < ctx.mpf(10) ** -25 * (1 + abs(v)):
        return sp.Rational(near.numerator, near.denominator)
    return sp.nsimplify(sp.Float(ctx.nstr(v, ctx.dps - 5), ctx.dps - 5), [sp.pi, sp.E],
                        tolerance=sp.Float(10) ** (-(ctx.dps - 15)))


def _exact(values, fam, ctx) -> dict | None:
    out = {}
    for p, v in zip(fam.params, values, strict=True):
        guess = _simple_number(v, ctx)
        if guess.free_symbols or sp.count_ops(guess) > 12 or not bool(p.test(guess)):
            return None
        out[p.name] = guess
    return out


def _equal(f, g) -> bool:
    """True when ``ln f - ln g`` simplifies to 0 within :data:`MATCH_BUDGET`."""
    try:
        with time_budget(MATCH_BUDGET):
            diff = sp.expand_log(sp.log(f), force=False) - sp.expand_log(sp.log(g), force=False)
            return sp.simplify(diff) == 0 or sp.simplify(f - g) == 0
    except OutOfTime:
        return False
    except Exception:  # noqa: BLE001 - SymPy's simplifier fails in many ways: not shown equal
        return False


def matches(density: sp.Expr, var: sp.Symbol, name: str, values: dict) -> bool:
    """True when ``density`` (in ``var``) is family ``name``'s density at ``values`` as a
    formula (:func:`_equal`): the only test by which :func:`recognise` accepts a family.

    >>> x = sp.Symbol("x", real=True)
    >>> f = sp.exp(-abs(x - 7) / 2) / 4
    >>> matches(f, x, "laplace", {"mu": 7, "b": 2})
    True
    >>> matches(f, x, "laplace", {"mu": 7, "b": 2 + sp.Rational(1, 10**30)})
    False
    """
    return _equal(density, family_density(name, values, var))


def recognise(form) -> tuple | None:
    """``(family name, {parameter: exact value})`` when ``form`` is that family's density,
    else ``None`` (continuous formulas without free parameters only)."""
    if getattr(form, "discrete", True) or form.density.free_symbols - {form.var}:
        return None
    kind = _kind(sp.sympify(form.lo), sp.sympify(form.hi))
    if kind is None:
        return None
    ctx = new_context(40)
    try:
        f = compile_expr(sp.log(form.density), [form.var], ctx)
    except NumericError:
        return None
    try:
        with time_budget(RECOGNISE_BUDGET):
            anchored = anchor(f, kind, ctx)
            for fam, matched in [(fam, matched) for matched in (False, True)
                                 for fam in _candidates(kind)]:
                for values in fit(fam, f, kind, ctx, anchored, matched):
                    exact = _exact(values, fam, ctx)
                    if exact is None:
                        continue
                    if matches(form.density, form.var, fam.name, exact):
                        return fam.name, exact
    except OutOfTime:
        return None
    return None


def _values_text(values: dict) -> str:
    from ..output.unicode_math import math_text

    return ", ".join(f"{k} = {math_text(v)}" for k, v in values.items())


def family_entropy_draft(defining, name: str, values: dict):
    """The catalog's entropy derivation of family ``name`` at ``values``, reached from the
    density as written (``defining``: its draft from the definition, whose reference, the
    quadrature of ``-f ln f`` of the formula as written, stays the reference).

    The first step says that the density as written is the family's; every later step is
    the catalog's with the values substituted, checked again like any step.
    """
    from ..catalog import find
    from ..core import Step
    from ..engine.run import Draft
    from .custom_build import NO_CLOSED_FORM

    cat = find(f"entropy/{name}")
    fixed = {k: cat.param(k).validate(v) for k, v in values.items()}
    if cat.check:
        cat.check(fixed)
    draft = cat.build(dict(cat.structure(fixed)))
    sub = cat.symbols_of(fixed)
    fam = FAMILIES[name]
    said = f"{fam.in_sentence} with {_values_text(values)}"
    steps = [Step(defining.steps[0].lhs, draft.steps[0].lhs.xreplace(sub),
                  f"the density as written is the density of the {said} (the difference of "
                  "their logarithms simplifies to 0), so the catalog's derivation applies")]
    if steps[0].lhs == steps[0].rhs:  # the catalog writes the density the same way
        steps = []
    for step in draft.steps:
        lhs, rhs = step.lhs.xreplace(sub), step.rhs.xreplace(sub)
        if lhs != rhs:
            steps.append(Step(lhs, rhs, step.rule))
    kept = tuple(a for a in defining.assumptions if NO_CLOSED_FORM not in a)
    method = defining.reference_method.split("; " + NO_CLOSED_FORM)[0]
    return Draft(defining.quantity, (*kept, f"the density is that of the {said}"),
                 tuple(steps), defining.reference, method, defining.densities)
