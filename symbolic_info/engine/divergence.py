"""Certificates that an expectation, integral or sum is ``+oo`` (or finite).

A step ``E_P[x^2]/2 - E_P[ln(1 + x^2)] + c = oo`` cannot be checked by
evaluating both sides: quadrature of a divergent integral returns a finite
number.  It is checked by comparison instead (Rudin, *Principles of
Mathematical Analysis*, 3rd ed., Thm. 3.25 and 6.x; the integral test, Apostol,
*Calculus* I, Sec. 10.15):

- **divergent tail**: when ``L = lim |x| h(x)`` as ``x -> +-oo`` is ``> 0``
  (or ``+oo``), then ``h(x) >= c/|x|`` on a tail and ``integral h = +oo`` (for a
  sum, comparison with the harmonic series);
- **convergent tail**: when ``|x|^(5/4) h(x) -> 0``, then
  ``|h(x)| <= 1/|x|^(5/4)`` on a tail, and that tail is finite.

Each limit is taken by SymPy (under a CPU budget) *and* checked numerically
at high precision at ``|x| = 10^2, 10^3, ..., 10^12``: a divergent tail needs
``|x| h(x) >= L/2`` (or ``>= `` its value at ``10^2`` when ``L = oo``) at every
point; a convergent tail needs ``|x|^(5/4) |h(x)|`` to fall.  The step is
verified when the terms that diverge all diverge the same way, that is the
side claimed, and every other term is finite (its tails converge and its value
by quadrature is a finite number).

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> cauchy_moment = sp.Integral(x**2 / (sp.pi * (1 + x**2)), (x, -sp.oo, sp.oo))
>>> check_divergence(cauchy_moment, sp.oo, [{}], {}, 30).ok
True
>>> check_divergence(sp.Integral(sp.exp(-x**2), (x, -sp.oo, sp.oo)), sp.oo, [{}], {}, 30).ok
False
"""

from __future__ import annotations

import sympy as sp
from sympy.concrete.expr_with_limits import AddWithLimits

from ..budget import OutOfTime, time_budget
from ..core import Check
from ..numeric.context import GUARD, NumericError, compile_expr, new_context, to_decimal
from ..symbolic.expectation import Expect
from ..symbolic.substitute import substitute
from .numeric_sides import numeric_value

__all__ = ["check_divergence", "tail_verdict", "Tail", "TAIL_SCALES", "LIMIT_BUDGET",
           "CONVERGENT_POWER", "integral_tails", "densities_at"]

TAIL_SCALES = tuple(10**j for j in range(2, 13))
"""Values of ``|x|`` at which a tail bound is checked numerically."""
LIMIT_BUDGET = 2.0
"""CPU seconds SymPy may spend on one tail limit."""
CONVERGENT_POWER = sp.Rational(5, 4)
"""``|h| <= 1/|x|^p`` with this ``p > 1`` on a tail shows that tail finite."""


class Tail:
    """What is known of one tail: ``"diverges"``, ``"converges"`` or ``"unknown"``, and why."""

    __slots__ = ("kind", "why")

    def __init__(self, kind: str, why: str):
        self.kind, self.why = kind, why

    def __repr__(self):
        return f"Tail({self.kind!r}, {self.why!r})"


def _limit(expr, t):
    try:
        with time_budget(LIMIT_BUDGET):
            value = sp.limit(expr, t, sp.oo)
    except OutOfTime:
        return None
    except Exception:  # noqa: BLE001 - SymPy's limit fails in many ways: no certificate then
        return None
    if value.has(sp.Limit, sp.AccumBounds, sp.nan, sp.zoo) or not (value.is_real or
                                                                     value.is_infinite):
        return None
    return value


def _shown(expr) -> str:
    from ..output.unicode_math import unicode_text

    return unicode_text(expr)


def _along(expr, t, ctx) -> list:
    f = compile_expr(expr, [t], ctx)
    return [f(ctx.mpf(s)) for s in TAIL_SCALES]


def _words(side: int, var) -> str:
    return f"{var} -> {'+' if side > 0 else '-'}oo"


def tail_verdict(h: sp.Expr, var: sp.Symbol, side: int, dps: int = 30) -> Tail:
    """Does ``integral (sum) of h`` diverge to ``+oo`` on the tail ``var -> side * oo``?

    ``h`` has no free symbol but ``var``.

    >>> x = sp.Symbol("x", real=True)
    >>> tail_verdict(x / (1 + x**2), x, 1).kind
    'diverges'
    >>> tail_verdict(1 / (1 + x**2), x, -1).kind
    'converges'
    """
    t = sp.Dummy("t", positive=True)
    on_tail = h.subs(var, side * t)
    ctx = new_context(dps + GUARD)
    where = _words(side, var)
    try:
        grows = _along(t * on_tail, t, ctx)
    except (NumericError, ZeroDivisionError, ValueError, TypeError) as exc:
        return Tail("unknown", f"cannot evaluate the tail as {where}: {exc}")
    first = grows[0]
    if ctx.isfinite(first) and first > 0:
        limit = _limit(t * on_tail, t)
        if limit is not None and (limit is sp.oo or limit.is_positive):
            floor = first if limit is sp.oo else min(first, ctx.mpf(sp.N(limit, dps)) / 2)
            if all(ctx.isfinite(v) and v >= floor for v in grows):
                c = to_decimal(floor, 4, ctx)
                return Tail("diverges", f"|x|·h(x) -> {_shown(limit)} as {where} (SymPy) and "
                            f"|x|·h(x) >= {c} at |x| = 10^2..10^12, so h >= {c}/|x| there "
                            "and the tail is +oo")
    power = t**CONVERGENT_POWER * on_tail
    try:
        falls = [abs(v) for v in _along(power, t, ctx)]
    except (NumericError, ZeroDivisionError, ValueError, TypeError) as exc:
        return Tail("unknown", f"cannot evaluate the tail as {where}: {exc}")
    shrinking = all(ctx.isfinite(v) for v in falls) and falls[-1] < falls[0] and \
        falls[-1] <= falls[len(falls) // 2]
    if shrinking:
        limit = _limit(power, t)
        if limit == 0:
            return Tail("converges", f"|x|^(5/4)·h(x) -> 0 as {where}")
    return Tail("unknown", f"neither a divergence nor a convergence certificate as {where}")


def integral_tails(h: sp.Expr, var: sp.Symbol, lo, hi, dps: int = 30) -> Tail:
    """Whether ``integral (sum) of h over (lo, hi)`` is ``+oo`` by its infinite tails alone.

    ``"diverges"`` when a tail diverges and no tail is unknown; ``"converges"``
    when every infinite tail converges (the finite middle is not examined);
    else ``"unknown"``.

    >>> x = sp.Symbol("x", real=True)
    >>> integral_tails(x**2 / (1 + x**2), x, -sp.oo, sp.oo).kind
    'diverges'
    """
    sides = [s for s, end in ((1, hi), (-1, lo)) if sp.sympify(end).is_infinite]
    tails = [tail_verdict(h, var, s, dps) for s in sides]
    if any(t.kind == "unknown" for t in tails):
        return Tail("unknown", "; ".join(t.why for t in tails if t.kind == "unknown"))
    if any(t.kind == "diverges" for t in tails):
        return Tail("diverges", next(t.why for t in tails if t.kind == "diverges"))
    return Tail("converges", "; ".join(t.why for t in tails) or "a finite range")


def _pieces(node, point: dict, densities: dict):
    """``(integrand, var, lo, hi)`` of an ``Expect`` or kept integral (sum) at ``point``."""
    if isinstance(node, Expect):
        g, label = node.args
        if label not in densities:
            return None
        d = densities[label].at(point)
        return (sp.exp(d.logpdf) * substitute(g, point), d.var, *d.support)
    (var, lo, hi), = node.limits
    return (substitute(node.function, point), var, substitute(lo, point),
            substitute(hi, point))


def _atom_verdict(node, point, densities, dps) -> tuple:
    """``(kind, why)`` for one integral: ``"diverges"``, ``"converges"`` or ``"unknown"``."""
    parts = _pieces(node, point, densities)
    if parts is None:
        return "unknown", f"no density for {node}"
    h, var, lo, hi = parts
    if h.free_symbols - {var}:
        return "unknown", "the integrand has free parameters"
    tails = integral_tails(h, var, lo, hi, dps)
    if tails.kind == "converges" and not _finite_by_quadrature(node, densities, dps):
        return "unknown", "its quadrature is not a finite number"
    return tails.kind, tails.why


def _finite_by_quadrature(node, densities, dps) -> bool:
    ctx = new_context(dps + GUARD)
    try:
        return bool(ctx.isfinite(numeric_value(node, {}, densities, ctx)))
    except (NumericError, ZeroDivisionError, ValueError):
        return False


def _atoms(expr) -> list:
    found = expr.atoms(Expect) | expr.atoms(AddWithLimits)
    return sorted(found, key=sp.default_sort_key)


def check_divergence(lhs, rhs, points: list, densities: dict, dps: int) -> Check | None:
    """Check ``lhs = +-oo`` with the tail certificates of the module docstring.

    ``None`` when the step is not of that kind (``rhs`` is not an infinity, or
    ``lhs`` holds no expectation, integral or sum).  ``ok`` is False with
    method ``"divergence"`` when every term of ``lhs`` is shown finite (a
    false claim of divergence), ``"unverified"`` when nothing can be shown.
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if rhs not in (sp.oo, -sp.oo) or not _atoms(lhs):
        return None
    shown, reasons = [], []
    for point in points or [{}]:
        at = substitute(lhs, point)
        atoms = _atoms(at)
        here = densities_at(densities, point)
        verdicts = {a: _atom_verdict(a, {}, here, dps) for a in atoms}
        shown.append({s.name: str(v) for s, v in point.items()})
        signs, finite = set(), True
        for a, (kind, why) in verdicts.items():
            if kind == "diverges":
                terms = [term for term in sp.Add.make_args(at) if term.has(a)]
                coeff = sp.Add(*[term.xreplace({a: sp.Integer(1)}) for term in terms])
                linear = all(term.xreplace({a: sp.Integer(1)}) * a == term for term in terms)
                if not linear or coeff.free_symbols or coeff.has(*atoms) or \
                        not coeff.is_nonzero:
                    return Check("unverified", False, dps, None, tuple(shown),
                                 f"the divergent term {a} has no plain numeric coefficient")
                signs.add(1 if coeff.is_positive else -1)
                reasons.append(f"{_name(a)} = oo: {why}")
            elif kind == "unknown":
                finite = False
                reasons.append(f"{_name(a)}: {why}")
        rest_ok = _rest_finite(at, atoms, here, dps)
        if not signs:
            if finite and rest_ok:
                return Check("divergence", False, dps, None, tuple(shown),
                             "the left side is finite: " + "; ".join(
                                 f"{_name(a)} converges ({why})"
                                 for a, (_k, why) in verdicts.items()))
            return Check("unverified", False, dps, None, tuple(shown),
                         "no divergence certificate: " + "; ".join(reasons))
        if len(signs) > 1:
            return Check("divergence", False, dps, None, tuple(shown),
                         "terms diverge to +oo and to -oo: the total is undefined")
        if (signs.pop() > 0) != (rhs is sp.oo):
            return Check("divergence", False, dps, None, tuple(shown),
                         "the left side diverges the other way: " + "; ".join(reasons))
        if not (finite and rest_ok):
            return Check("unverified", False, dps, None, tuple(shown),
                         "a term diverges but another is not shown finite: "
                         + "; ".join(reasons))
    others = "every other term is finite (its tails fall faster than 1/|x|^(5/4), SymPy " \
             "limit checked numerically)"
    detail = "; ".join(dict.fromkeys(r for r in reasons)) + "; " + others
    return Check("divergence", True, dps, None, tuple(shown), detail)


def densities_at(densities: dict, point: dict) -> dict:
    """``densities`` with the parameters in ``point`` substituted."""
    return {k: d.at(point) for k, d in densities.items()}


_name = _shown


def _rest_finite(at, atoms, densities, dps) -> bool:
    """True when the left side with every integral set to 0 is a finite number."""
    rest = at.xreplace({a: sp.Integer(0) for a in atoms})
    if rest.free_symbols:
        return False
    ctx = new_context(dps + GUARD)
    try:
        value = numeric_value(rest, {}, densities, ctx)
    except (NumericError, ZeroDivisionError, ValueError):
        return False
    return bool(ctx.isfinite(value))
