"""The bound on what the cells beyond those summed add to H(X_delta) (:func:`tail_bound`):
a tail of mass ``m`` whose cells ``j = 0, 1, ...`` (counted outward) have the mean index
``mu`` contributes ``m (ln(1/m) + H(r))``, ``r`` the tail's conditional law on the cells,
and ``H(r) <= (mu + 1) ln(mu + 1) - mu ln mu``, the entropy of the geometric law with that
mean, the largest for a given mean on 0, 1, 2, ... (Cover & Thomas, *Elements of
Information Theory*, 2nd ed., Theorem 12.1.1 and Example 12.2.5); ``mu <= E[(X - a)_+] /
(delta m)`` for the tail beyond ``a``, integrated by quadrature (the grid itself:
:mod:`.cell_grid`).

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x")
>>> bound, mass = tail_bound(sp.exp(-x), x, sp.Integer(0), sp.oo, sp.Rational(1, 10), 0, 800,
...                          new_context(30))
>>> bool(0 < bound < 1e-30), bool(abs(mass / mass.context.exp(-80) - 1) < 1e-20)
(True, True)
"""

from __future__ import annotations

from functools import lru_cache

from .cell_grid import exact_mpf, position_digits
from .context import NumericError, compile_expr, new_context

__all__ = ["tail_bound", "TAIL_DIGITS"]


def _geometric_entropy(mu, ctx):
    """(mu + 1) ln(mu + 1) - mu ln mu: the entropy of the geometric law on 0, 1, ... with
    mean mu."""
    if mu <= 0:
        return ctx.zero
    return (mu + 1) * ctx.log(mu + 1) - mu * ctx.log(mu)


def tail_bound(density, var, lo, hi, delta, i0: int, i1: int, ctx):
    """``(bound, mass)``: what the cells below ``i0`` and from ``i1`` on can add to the sum,
    and their mass (see the module's docstring for the bound).  Mass and mean excess are
    both integrals of the density, never read from the tail formulas: a user's CDF such as
    ``1 - 1/(1 + e^-x)`` cancels in the far tail, and the bound must hold all the same.

    Both need a few digits only (the bound is checked against 10^-(dps + 1) of the value,
    the mass against 10^-(dps/2) of 1), so they are integrated at :data:`TAIL_DIGITS`
    (each divided by the density at the cell edge first, so that tanh-sinh's absolute
    error estimate is relative to the tail), unless the density at the edge and a few
    cells beyond differs there from its value at the full digits by more than 10^-20
    relatively (a density that cancels far out); the result is cached, so the value and
    the reference at several precisions integrate once (at 1000 digits: 4 s of exp at
    1010 digits per call before)."""
    shift = position_digits(i0, i1)
    digits = ctx.dps if ctx.dps <= TAIL_DIGITS or not _steady(
        density, var, delta, _outer_edges(lo, hi, delta, i0, i1), shift, ctx.dps) \
        else TAIL_DIGITS
    total, mass = _tail_integrals(density, var, lo, hi, delta, i0, i1, digits + 10 + shift)
    return ctx.convert(total) * (1 + ctx.mpf(10) ** -20), ctx.convert(mass)


TAIL_DIGITS = 30
"""Digits of the tails' integrals in :func:`tail_bound` when the density is steady."""


def _outer_edges(lo, hi, delta, i0: int, i1: int) -> tuple:
    """``(edge, sign)`` of each side with a tail beyond the cells: ``(i0, -1)`` unless the
    support ends at or inside the cell ``i0``'s left edge, ``(i1, 1)`` likewise on the right
    (:func:`_tail_integrals` integrates only these)."""
    out = []
    for edge, far, sign in ((i0, lo, -1), (i1, hi, 1)):
        if not (far.is_finite and sign * (far - edge * delta) <= 0):
            out.append((edge, sign))
    return tuple(out)


def _steady(density, var, delta, edges, shift: int, dps: int) -> bool:
    """True when ``density`` at the outer cell ``edges`` (:func:`_outer_edges`) and 1, 8 and
    64 cells beyond has the same value at :data:`TAIL_DIGITS` + 10 and at ``dps`` + 10 digits
    (to 10^-20 relatively; both 0 counts as the same).  A side where the support ends inside
    the cells has no tail: Gamma(1/2)'s density is infinite at its end 0, and the
    right tail's integrals then ran at 1000 digits (37 s of tanh-sinh a call, gamma(1/2, 1)
    at delta 1/10)."""
    low, high = new_context(TAIL_DIGITS + 10 + shift), new_context(dps + 10 + shift)
    f_low, f_high = compile_expr(density, [var], low), compile_expr(density, [var], high)
    for edge, sign in edges:
        for k in (0, 1, 8, 64):
            i = edge + sign * k
            try:
                a = f_low(low.mpf(i * delta.p) / delta.q)
                b = f_high(high.mpf(i * delta.p) / delta.q)
            except (ValueError, ZeroDivisionError, NumericError):
                return False
            if not (low.isfinite(a) and high.isfinite(b)):
                return False
            if a == 0 and b == 0:
                continue
            if b == 0 or abs(high.convert(a) / b - 1) > high.mpf(10) ** -20:
                return False
    return True


@lru_cache(maxsize=64)
def _tail_integrals(density, var, lo, hi, delta, i0: int, i1: int, digits: int) -> tuple:
    """``(bound, mass)`` of :func:`tail_bound` at ``digits`` working digits."""
    from .gauss_cells import scaled_quad

    work = new_context(digits)
    f = compile_expr(density, [var], work)
    d = work.mpf(delta.p) / delta.q
    total, mass_total = work.zero, work.zero
    ends = ((exact_mpf(i0 * delta, work), lo, -1), (exact_mpf(i1 * delta, work), hi, 1))
    for edge, far, sign in ends:
        if far.is_finite and sign * (exact_mpf(far, work) - edge) <= 0:
            continue  # the support ends inside the summed cells
        end = exact_mpf(far, work) if far.is_finite else sign * work.inf
        mass = scaled_quad(work, f, sorted([edge, end]))
        if mass <= 0:
            continue
        scale = f(edge) * d
        if not (work.isfinite(scale) and scale > 0):
            scale = mass
        excess = scale * scaled_quad(
            work, lambda t, edge=edge, sign=sign, scale=scale: sign * (t - edge) * f(t) / scale,
            sorted([edge, end]))
        mu = abs(excess) / (d * mass) + 1  # + 1: a cell's index counts the cell it starts
        total += mass * (work.log(1 / mass) + _geometric_entropy(mu, work) + 1)
        mass_total += mass
    return total, mass_total
