"""A joint density on a region of the plane: ``x + y on [0,1]^2``, ``2 on 0 < y < x < 1``.

The marginals are integrals of the density over the other variable (Cover &
Thomas, 2nd ed., Sec. 8.5); the entropies h(X), h(Y) and h(X, Y) are
integrals of -f ln f.  SymPy does each integral within the time budget of
:func:`~symbolic_info.measures.custom_symbolic.time_budget`; an integral it does
not finish is refused in one line (no unverified value is shown).  The
density must be nonnegative and integrate to 1 (checked exactly).  The
marginal of the inner variable needs the region the other way round: a box
or a single chain of inequalities is turned around; other regions are
refused for quantities that need it.  The reference integrates the
definitions numerically (:mod:`.twovar_region_reference`: the inner integrals exactly
for a polynomial density, so a zero at a corner costs nothing extra).  Parameters
(``theta*x + (2 - theta)*y on [0,1]^2``) are put in before the integrals
(:func:`~.twovar.request_entry`); the density is then checked nonnegative on a
grid of the region.

Example
-------
>>> from symbolic_info.language import parse_joint
>>> p = region_pieces(parse_joint("2 on 0 < y < x < 1"))
>>> p.hx + p.hyx
-log(2)
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..core import DerivationError, Step, total_text
from ..output.unicode_math import math_text
from ..sources import COVER_THOMAS as CT
from .custom_symbolic import OutOfTime, time_budget
from .twovar_pieces import Pieces
from .twovar_region_reference import region_reference

__all__ = ["region_pieces", "BUDGET"]

BUDGET = 8.0
"""CPU seconds SymPy may spend on the integrals of one joint density."""


def _integrate(expr, var, lo, hi):
    value = sp.integrate(expr, (var, lo, hi))
    if value.has(sp.I) and not value.free_symbols:
        # a wrong branch of a log: SymPy gives h of 2(1 - y) on (0, 1) as 1/2 - ln 2 - 2 pi i;
        # the integrand is real, so its integral is the real part (and the value is verified)
        value = sp.re(sp.expand(value))
    undefined = value.has(sp.nan, sp.zoo)  # 3|x - y| ln(3|x - y|) over the square: nan
    if value.has(sp.Integral) or value.has(sp.I) or undefined:
        raise DerivationError(f"no closed form found for the integral of {sp.sstr(expr)[:60]} "
                              f"over {var}; numeric joint densities are not handled yet")
    return value


def _swapped(joint):
    """``(y range, x range given y)`` of the same region, or None."""
    (a, b), (g, h) = joint.outer_range, joint.inner_range
    x = joint.x if joint.outer == "x" else joint.y
    y = joint.y if joint.outer == "x" else joint.x
    if not (g.has(x) or h.has(x)):
        return (g, h), (a, b)
    if g == 0 and h == x and a == 0:  # 0 < y < x < b
        return (sp.Integer(0), b), (y, b)
    if g == x and b == h and not h.has(x):  # a < x < y < b
        return (a, b), (a, y)
    return _swapped_line(x, y, (a, b), (g, h))


def _swapped_line(x, y, outer: tuple, inner: tuple):
    """A triangle under a line: ``a < x < b``, ``g < y < p + q x`` with the line meeting
    ``y = g`` at an end (``0 < x < 1, 0 < y < 1 - x``), swapped; else None."""
    (a, b), (g, h) = outer, inner
    q = sp.diff(h, x)
    if g.has(x) or not h.has(x) or q.has(x) or not q.is_number or q == 0:
        return None
    back = (y - (h - q * x)) / q  # the line solved for x
    if q < 0 and sp.simplify(h.subs(x, b) - g) == 0:
        return (g, h.subs(x, a)), (a, back)
    if q > 0 and sp.simplify(h.subs(x, a) - g) == 0:
        return (g, h.subs(x, b)), (back, b)
    return None


def _mass_text(total) -> str:
    """A density's exact total mass for a message: a rational by its distance from 1 when long
    (``1 + 3.33...e-31``), anything else as one line of mathematics.

    >>> _mass_text(sp.Rational(3, 2)), _mass_text(1 + sp.Rational(1, 3 * 10**30))
    ('3/2', '1 + 3.33...e-31')
    >>> _mass_text(sp.E / 4 - sp.Rational(1, 4))
    'e/4 - 1/4'
    """
    if total.is_Rational:
        return total_text(Fraction(int(total.p), int(total.q)))
    return math_text(total)


def _nonnegative(f, joint) -> None:
    """One line of error when the density (numbers only) is negative somewhere on a 9 x 9
    grid of the region's interior."""
    (a, b), (g, h) = joint.outer_range, joint.inner_range
    outer = joint.x if joint.outer == "x" else joint.y
    inner = joint.y if joint.outer == "x" else joint.x
    if not all(sp.sympify(e).is_finite for e in (a, b)):
        return
    for i in range(1, 10):
        u = a + (b - a) * sp.Rational(i, 10)
        lo, hi = (sp.sympify(e).subs(outer, u) for e in (g, h))
        if not (lo.is_finite and hi.is_finite):
            continue
        for j in range(1, 10):
            w = lo + (hi - lo) * sp.Rational(j, 10)
            value = f.subs({outer: u, inner: w})
            if value.is_number and bool(value < 0):
                raise DerivationError(f"the joint density is negative at ({outer}, {inner}) = "
                                      f"({u}, {w}): {value}")


def region_pieces(joint) -> Pieces:
    """The pieces of a joint density (see the module docstring)."""
    f = joint.density
    outer = joint.x if joint.outer == "x" else joint.y
    inner = joint.y if joint.outer == "x" else joint.x
    (a, b), (g, h) = joint.outer_range, joint.inner_range
    swapped = _swapped(joint)
    if swapped is None:
        raise DerivationError("write the region as a box or one chain such as 0 < y < x < 1")
    (c, d), (gi, hi) = swapped
    names = sorted(s.name for s in f.free_symbols - {joint.x, joint.y})
    if names:
        raise DerivationError(f"a joint density with parameters needs their values "
                              f"(--param {names[0]}=...); symbolic ones are not handled yet")
    _nonnegative(f, joint)
    try:
        with time_budget(BUDGET):
            total = _integrate(_integrate(f, inner, g, h), outer, a, b)
            if sp.simplify(total - 1) != 0:
                raise DerivationError(f"the joint density integrates to {_mass_text(total)}, not 1")
            f_out = _integrate(f, inner, g, h)
            f_in = _integrate(f, outer, gi, hi)
            h_out = _integrate(-f_out * sp.log(f_out), outer, a, b)
            h_in = _integrate(-f_in * sp.log(f_in), inner, c, d)
            h_joint = _integrate(_integrate(-f * sp.log(f), inner, g, h), outer, a, b)
    except OutOfTime:
        raise DerivationError(f"SymPy did not finish the integrals within {BUDGET:g} s; "
                              "numeric joint densities are not handled yet") from None
    hx, hy = (h_out, h_in) if joint.outer == "x" else (h_in, h_out)
    hyx = h_joint - hx
    fx = f_out if joint.outer == "x" else f_in
    fy = f_in if joint.outer == "x" else f_out
    steps = (Step(sp.Integral(f, (joint.y, *(joint.inner_range if joint.outer == "x"
                                            else swapped[1]))), fx,
                  f"the marginal of x: integrate the joint density over y ({CT}, Sec. 8.5)"),
             Step(sp.Integral(f, (joint.x, *(swapped[1] if joint.outer == "x"
                                            else joint.inner_range))), fy,
                  "the marginal of y: integrate over x"))

    values, method = region_reference(f, outer, inner, (a, b), (g, h), swapped)
    first, second = ("out", "in") if joint.outer == "x" else ("in", "out")

    def reference(kind, point, ctx):
        if kind in ("hx", "hy"):
            return values(first if kind == "hx" else second, point, ctx)
        hx_r, hy_r = values(first, point, ctx), values(second, point, ctx)
        hxy_r = values("hxy", point, ctx)
        return {"hxy": hxy_r, "hyx": hxy_r - hx_r, "mi": hx_r + hy_r - hxy_r}[kind]

    return Pieces(("X", "Y"), (False, False), hx, hy, hyx, steps, reference,
                  method,
                  (f"(X, Y) has the density {joint.text}",),
                  (Step(hy - hyx, sp.expand(hx + hy - h_joint),
                        "I = h(X) + h(Y) - h(X,Y): collect the terms"),))
