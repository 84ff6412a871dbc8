"""Recognise a formula that is a catalog family: ``1/(pi*(1+x^2)) on (-oo, oo)`` is cauchy(0, 1).

When SymPy finds no closed form for an expectation of a formula, the formula
may still be a catalog family at some parameter values, whose entry has the
closed form.  For each family with the formula's support and at most three
parameters, the log-density is matched at as many points as the family has
parameters (Newton's method from a few starting values, mpmath's
``findroot``); a solution is rounded to simple exact numbers (``nsimplify``)
and accepted only when the density as written and the family's density at
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

import random
from fractions import Fraction

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..families import FAMILIES
from ..numeric.context import NumericError, compile_expr, new_context

__all__ = ["recognise", "family_density", "family_entropy_draft", "FALLBACK_BUDGET",
           "MATCH_BUDGET", "RECOGNISE_BUDGET", "MAX_PARAMS", "STARTS", "LARGEST_FIT"]

MATCH_BUDGET = 1.0
"""CPU seconds for the exact comparison of the formula with one candidate family."""
RECOGNISE_BUDGET = 2.0
"""CPU seconds for the whole search."""
FALLBACK_BUDGET = 1.0
"""CPU seconds SymPy gets per integral of a formula recognised as a family (the catalog's
derivation is the fallback, so a long search would only waste time)."""
MAX_PARAMS = 3
"""Families with more parameters are not tried."""
STARTS = 4
"""Starting values of Newton's method per family."""
LARGEST_FIT = 50
"""Newton's method is abandoned when an iterate exceeds ``10^LARGEST_FIT`` in size or leaves
the real line (parameters are real).  Fitting the logistic family to ``normal(20, 1)``
written out went to ``mu = 5e23 - 8e30 i``, where mpmath's ``ln`` of a complex number next to
1 asked GMP for an integer too large to exist and the whole process aborted."""
_POINTS = {"real": ("0.3", "-0.7", "1.9"), "positive": ("0.5", "1.3", "2.7"),
           "unit": ("0.2", "0.5", "0.7")}
_CHECK_POINTS = {"real": ("-2.3", "0.05", "3.1", "-0.4"), "positive": ("0.11", "0.9", "3.7", "6.2"),
                 "unit": ("0.05", "0.35", "0.61", "0.93")}


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


def _fit(fam, log_f, kind: str, ctx) -> list:
    """Parameter values (mpf) at which the family's log-density meets ``log f`` at k points."""
    symbols = [p.symbol for p in fam.params]
    logpdf = compile_expr(fam.logpdf, [fam.var, *symbols], ctx)
    xs = [ctx.mpf(t) for t in _POINTS[kind][:len(symbols)]]
    try:
        targets = [log_f(x) for x in xs]
    except (ValueError, ZeroDivisionError, NumericError, TypeError, OverflowError):
        return []

    largest = ctx.mpf(10) ** LARGEST_FIT

    def equations(*theta):
        if any(ctx.im(t) != 0 or not ctx.isfinite(t) or abs(t) > largest for t in theta):
            raise ValueError("Newton's method left the real parameters")
        return [logpdf(x, *theta) - t for x, t in zip(xs, targets, strict=True)]

    rng = random.Random(f"recognise:{fam.name}")
    found = []
    for _ in range(STARTS):
        start = [ctx.mpf(float(p.sample(rng))) for p in fam.params]
        try:
            root = ctx.findroot(equations if len(symbols) > 1 else
                                (lambda t: equations(t)[0]), start if len(start) > 1
                                else start[0], tol=ctx.mpf(10) ** (-ctx.dps + 8), maxsteps=60)
        except (ValueError, ZeroDivisionError, NumericError, TypeError, OverflowError):
            continue
        values = list(root) if len(symbols) > 1 else [root]
        if all(ctx.im(v) == 0 for v in values) and _agrees(logpdf, log_f, values, kind, ctx):
            found.append([ctx.re(v) for v in values])
            break
    return found


def _agrees(logpdf, log_f, values, kind, ctx) -> bool:
    """The fitted log-density meets ``log f`` at four other points (to 25 digits)."""
    try:
        for t in _CHECK_POINTS[kind]:
            x = ctx.mpf(t)
            a, b = logpdf(x, *values), log_f(x)
            if abs(a - b) > ctx.mpf(10) ** -25 * (1 + abs(b)):
                return False
    except (ValueError, ZeroDivisionError, NumericError, TypeError, OverflowError):
        return False
    return True


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
            for fam in _candidates(kind):
                for values in _fit(fam, f, kind, ctx):
                    exact = _exact(values, fam, ctx)
                    if exact is None:
                        continue
                    if _equal(form.density, family_density(fam.name, exact, form.var)):
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
