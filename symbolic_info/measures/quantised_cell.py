"""quantised-entropy's cells seen by the steps: the cell integral of step 2 for a law much
narrower than delta, and the exact 0 when one cell holds the whole support.

A law of scale s at c far narrower than the cell (or a cell many scales wide) puts its mass
in a part of the cell the quadrature of ``integral f dx`` does not sample; with
``x = c + s sinh u`` (a change of variable, so the same integral) the mass sits near
``u = 0`` on a range of ``2 asinh(delta / s)``, about 140 for delta / s = 1e30.

>>> law = QuantisedLaw("normal(0, 1/4)", "X")
>>> "sinh" in substitution_note(law, sp.Integer(1)), substitution_note(law, sp.Rational(1, 8))
(True, '')
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from ..output.render_latex import latex
from .custom_numeric import NumericIntegral, kink_points
from .quantised_law import QuantisedLaw

__all__ = ["cell_integral", "one_cell_steps", "substitution_note"]


def _standardised(law: QuantisedLaw, delta):
    """``(c, s)``, the centre and scale of a family's law narrower than delta, else None."""
    t = law.family
    if t is None or t.centre is None or t.scale is None or not law.points(delta):
        return None
    return t.centre, t.scale


def cell_integral(law: QuantisedLaw, delta, a, b):
    """``integral of f over [a, b]``, for a law much narrower than delta (whose mass sits in a
    spike of width s at c, possibly at the cell's end, or a cell 10^20 scales wide) written
    with ``x = c + s sinh(u)``: the same integral (a change of variable; sinh and cosh
    written with exp, which the evaluator compiles), whose integrand in u is about the
    standardised density near u = 0 and falls off fast beyond, so that the quadrature sees
    the mass on a range of at most 2 asinh(delta / s) in u.

    >>> cell_integral(QuantisedLaw("normal(0, 1/4)", "X"), sp.Integer(1), -1, 0).limits
    ((u, -log(4 + sqrt(17)), 0),)
    >>> len(cell_integral(QuantisedLaw("laplace(1/3, 1/50)", "X"), sp.Rational(1, 10),
    ...                   sp.Rational(3, 10), sp.Rational(2, 5)).args)  # cut at the kink u = 0
    2
    """
    x, f = law.var, law.f
    cs = _standardised(law, delta)
    if cs is None:
        return NumericIntegral(f, (x, a, b))
    c, s = cs
    u = sp.Symbol("u", real=True)
    w = sp.Symbol("w", real=True)  # x = c + s w first: SymPy cancels the scale in f then
    g = (s * f.subs(x, c + s * w)).subs(w, (sp.exp(u) - sp.exp(-u)) / 2) * (
        sp.exp(u) + sp.exp(-u)) / 2
    # cut at f's kinks inside the cell: in u their arguments are no longer linear (a Laplace
    # law's |x - c| is |sinh u|) and an uncut kink left 7 digits of 50
    inner = sorted(k for k in kink_points(f, x) if k.is_number and a < k < b)
    ends = [_asinh((e - c) / s) for e in (a, *inner, b)]
    return sp.Add(*[NumericIntegral(g, (u, lo, hi))
                    for lo, hi in zip(ends[:-1], ends[1:], strict=True)], evaluate=False)


def _asinh(z):
    """asinh of the exact number z as sign(z) ln(|z| + sqrt(z^2 + 1)), without cancellation."""
    if z == 0:
        return sp.Integer(0)
    root = sp.Pow(z**2 + 1, sp.Rational(1, 2), evaluate=False)  # SymPy would factor z^2 + 1
    return sp.sign(z) * sp.log(sp.Add(abs(z), root, evaluate=False), evaluate=False)


def substitution_note(law: QuantisedLaw, delta) -> str:
    """The words step 2 adds when its integral is written with x = c + s sinh u."""
    cs = _standardised(law, delta)
    if cs is None:
        return ""
    return (f" (the integral written with $x = {latex(cs[0])} + {latex(cs[1])} \\sinh u$, "
            "so that the quadrature sees a law much narrower than the cell)")


def one_cell_steps(laws, hq, last, delta) -> list:
    """A last step setting H = 0 exactly for each law whose support lies in one cell."""
    held = [(law, hq[j], law.one_cell(delta)) for j, law in enumerate(laws)]
    held = [(law, h, k) for law, h, k in held if k is not None]
    if not held:
        return []
    where = "; ".join(
        f"{'XY'[int(law.role)]} = {law.text} has its support $[{latex(law.lo)}, "
        f"{latex(law.hi)}]$ in the cell $i = {k}$, $[{latex(k * delta)}, "
        f"{latex((k + 1) * delta)}]$" for law, _h, k in held)
    return [Step(last, last.subs({h: 0 for _law, h, _k in held}),
                 f"one cell holds all the mass: {where} (an end of a cell has probability 0); "
                 r"there $p_i = 1$ and $-1 \ln 1 = 0$, every other cell is empty, so its sum "
                 "is exactly 0")]
