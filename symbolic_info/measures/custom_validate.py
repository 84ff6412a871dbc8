"""Is a user's formula a density (pmf)?  Non-negative on its support, total mass 1.

Each failure is one sentence naming the input: a density negative somewhere
(with the place), one that integrates to ``Z`` instead of 1 (with the
normalising constant ``1/Z`` and the normalised density), one whose total is
infinite.  The mass is found by SymPy in the sandbox
(:mod:`.custom_symbolic`); when SymPy finds none, or the mass is symbolic and
not provably 1, it is checked by quadrature (sum) at the check points.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.language import parse_distribution
>>> check_density(parse_distribution("x on [0, 1]"), sp.Integer(1) / 2, [{}])
Traceback (most recent call last):
...
symbolic_info.core.DerivationError: the density x on [0, 1] integrates to 1/2, not 1; did you \
leave out a normalising constant 2? The normalised density is 2x on [0, 1]
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError
from ..numeric.context import NumericError, compile_expr, new_context
from ..output.unicode_math import math_text
from .custom_numeric import (
    analytic_terms,
    density_cuts,
    integral_reference,
    kink_points,
    series_reference,
)

__all__ = ["check_density", "check_nonnegative", "GRID", "MASS_DIGITS"]

GRID = 400
"""Points of the support at which the sign of the density is tested."""
MASS_DIGITS = 30
"""Digits to which a numerically found mass must equal 1."""


def _shown(formula, density=None) -> str:
    density = formula.density if density is None else density
    if formula.discrete:
        hi = "∞" if formula.hi is sp.oo else math_text(formula.hi)
        return f"{math_text(density)} on {formula.var} = {math_text(formula.lo)}..{hi}"
    lo = "(-∞" if formula.lo is -sp.oo else f"[{math_text(formula.lo)}"
    hi = "∞)" if formula.hi is sp.oo else f"{math_text(formula.hi)}]"
    return f"{math_text(density)} on {lo}, {hi}"


def _where(point: dict) -> str:
    return "" if not point else " for " + ", ".join(f"{math_text(s)} = {math_text(v)}"
                                                    for s, v in point.items())


def _grid(formula, ctx, point: dict):
    """Points of the support (interior, denser near finite ends)."""
    lo, hi = (sp.sympify(e).subs(point) for e in (formula.lo, formula.hi))
    if formula.discrete:
        last = int(lo) + GRID if hi is sp.oo else min(int(hi), int(lo) + GRID)
        return [ctx.mpf(j) for j in range(int(lo), last + 1)]
    a = None if lo is -sp.oo else ctx.mpf(compile_expr(lo, [], ctx)())
    b = None if hi is sp.oo else ctx.mpf(compile_expr(hi, [], ctx)())
    ts = [ctx.mpf(j) / (GRID + 1) for j in range(1, GRID + 1)]
    ts += [ctx.mpf(10) ** -j for j in range(2, 12)] + [1 - ctx.mpf(10) ** -j for j in range(2, 12)]
    out = []
    for t in ts:
        if a is not None and b is not None:
            out.append(a + (b - a) * t)
        elif a is not None:
            out.append(a + t / (1 - t))
        elif b is not None:
            out.append(b - t / (1 - t))
        else:
            out.append(ctx.tan(ctx.pi * (t - ctx.mpf(1) / 2)))
    return out


def check_nonnegative(formula, points: list) -> None:
    """Raise when the density is negative (or not real) at a grid point of its support."""
    ctx = new_context(30)
    for point in points:
        f = compile_expr(formula.density.subs(point), [formula.var], ctx)
        for x in _grid(formula, ctx, point):
            try:
                v = f(x)
            except (NumericError, ZeroDivisionError, ValueError, OverflowError):
                continue
            if ctx.isnan(v) or (hasattr(v, "imag") and v.imag != 0):
                raise DerivationError(
                    f"the density {_shown(formula)} is not a real number at "
                    f"{formula.var} = {ctx.nstr(x, 6)}{_where(point)}")
            if v < 0:
                raise DerivationError(
                    f"the density {_shown(formula)} is negative at {formula.var} = "
                    f"{ctx.nstr(x, 6)} (value {ctx.nstr(v, 6)}){_where(point)}; a density "
                    "must be >= 0 on its support")


def _numeric_mass(formula, point: dict, ctx):
    """The total mass at ``point`` from the density as written (the integral cut at its
    kinks, narrow peak and bumps: :func:`~.custom_numeric.density_cuts`)."""
    density = formula.density.subs(point)
    f = compile_expr(density, [formula.var], ctx)
    lo, hi = (sp.sympify(e).subs(point) for e in (formula.lo, formula.hi))
    if formula.discrete:
        return series_reference(f, int(lo), None if hi is sp.oo else int(hi), ctx,
                                analytic_terms(density))
    a, b = (compile_expr(e, [], ctx)() for e in (lo, hi))
    cuts = density_cuts(formula.var, density, (lo, hi), ctx, kink_points(density, formula.var))
    return integral_reference(f, a, b, ctx, cuts)


def check_density(formula, mass, points: list, proven_one: bool = False) -> str:
    """Validate ``formula`` given its total ``mass`` from SymPy (``None``: not found).

    Returns how the normalisation was established (for the assumptions).
    """
    check_nonnegative(formula, points)
    what = "sums" if formula.discrete else "integrates"
    if mass is not None and (mass is sp.oo or mass.is_infinite):
        raise DerivationError(f"the density {_shown(formula)} {what} to infinity, so it cannot "
                              "be normalised")
    if mass is not None and (proven_one or mass == 1):
        return f"the density {what} to 1 (SymPy)"
    if mass is not None and not mass.free_symbols:
        c = 1 / mass  # exact: nsimplify would round 1/1000! to 0
        raise DerivationError(
            f"the density {_shown(formula)} {what} to {math_text(mass)}, not 1; did you leave out "
            f"a normalising constant {math_text(c)}? The normalised density is "
            f"{_shown(formula, c * formula.density)}")
    ctx = new_context(MASS_DIGITS + 10)
    for point in points:
        try:
            z = _numeric_mass(formula, point, ctx)
        except (NumericError, ZeroDivisionError, ValueError, OverflowError) as exc:
            raise DerivationError(f"cannot find the total mass of {_shown(formula)}"
                                  f"{_where(point)} ({exc})") from None
        if not ctx.isfinite(z) or abs(z - 1) > ctx.mpf(10) ** -MASS_DIGITS:
            shown = math_text(mass) if mass is not None else ctx.nstr(z, MASS_DIGITS + 2)
            raise DerivationError(
                f"the density {_shown(formula)} {what} to {shown}, not 1{_where(point)}; "
                "a density must have total mass 1 (state assumptions with --assume, or "
                "normalise it)")
    return f"the density {what} to 1 (checked numerically to {MASS_DIGITS} digits " \
           f"at {len(points)} points)"
