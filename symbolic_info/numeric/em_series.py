"""A slowly falling series' value: a partial sum plus the Euler-Maclaurin tail with its
remainder bounded (DLMF 2.10.1 with ``b -> oo``; Abramowitz & Stegun 23.1.30).

The tail's terms and corrections are planned for the digits (:func:`em_plan`); a rational
pmf's entropy terms have their derivatives, tail integral and remainder in closed form
(:mod:`.em_closed`, :mod:`.log_rational`), any other term has them by SymPy within a CPU cap,
the integral by quadrature and the remainder from a proved sign (:mod:`.tail_monotone`).
:class:`~symbolic_info.measures.custom_numeric.NumericSeries` calls it for a kept series.

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> k, ctx = sp.Symbol("k", integer=True, positive=True), new_context(30)
>>> bool(abs(euler_maclaurin_sum(1 / k**2, k, 1, ctx) - ctx.pi**2 / 6) < 1e-29)
True
"""

from __future__ import annotations

import math

import sympy as sp

from ..budget import within
from .context import NumericError, compile_expr, new_context
from .em_closed import derivative_mass, derivatives, expansion_from, scale_at, tail_integral
from .log_rational import atoms_of, valid_from
from .quadrature import Density, integrate, integrate_expr
from .slow_tail import stretched_tail
from .tail_monotone import sign_beyond

__all__ = ["euler_maclaurin_sum", "em_plan", "slow", "EM_MAX_START", "EM_MAX_TERMS",
           "EM_CLOSED_TERMS", "EM_SECONDS"]

EM_MAX_START = 20_000
"""Most terms added directly before the Euler-Maclaurin tail takes over."""
EM_MAX_TERMS = 250
"""Most Bernoulli-number corrections in the Euler-Maclaurin tail."""
EM_CLOSED_TERMS = 1000
"""Most corrections when the derivatives have closed forms (:func:`euler_maclaurin_sum`)."""
EM_SECONDS = 10.0
"""CPU seconds for the tail's derivatives and the proof of its remainder's sign."""


def slow(term, start: int, ctx) -> bool:
    """True when the terms still shrink by less than 10 % per step after 200 terms."""
    a, b = abs(term(start + 199)), abs(term(start + 200))
    return a != 0 and b / a > ctx.mpf(9) / 10


def em_plan(digits: int, derivative_cost: int = 25, max_terms: int = EM_MAX_TERMS):
    """``(n, m)``: the tail starts at ``k = n`` with ``m`` Bernoulli corrections, the
    cheapest pair (``n + 25 m``, a derivative by SymPy costing some 25 terms; closed-form
    ones cost about 1) whose last correction,
    about ``4 (2m-1)! / ((2 pi)^(2m) n^(2m-1))`` times the term's size for a term analytic
    at distance ``n`` from ``k = n`` (Cauchy's estimate), is below ``10^-digits``; None
    when none within :data:`EM_MAX_START` and ``max_terms`` is.  Only a plan: the
    remainder is bounded from the derivatives themselves (:func:`euler_maclaurin_sum`).

    >>> em_plan(60), em_plan(310), em_plan(310, 1, EM_CLOSED_TERMS)
    ((140, 17), (690, 85), (256, 128))
    """
    best = None
    for m in range(2, max_terms + 1):
        size = (math.lgamma(2 * m) + math.log(4)) / math.log(10)
        log_n = (digits + size - 2 * m * math.log10(2 * math.pi)) / (2 * m - 1)
        if log_n > 6:
            continue
        n = max(2 * m, 10 * math.ceil(10 ** log_n / 10))
        cost = n + derivative_cost * m
        if n <= EM_MAX_START and (best is None or cost < best[0]):
            best = (cost, n, m)
    return None if best is None else best[1:]


def euler_maclaurin_sum(term: sp.Expr, k: sp.Symbol, lo: int, ctx):
    """``sum_{k >= lo} term(k)``: the terms up to ``n`` added directly, then the
    Euler-Maclaurin tail with ``m - 1`` corrections (:func:`em_plan` for the digits of
    ``ctx``; DLMF 2.10.1 with ``b -> oo``)

        sum_{k >= n} f(k) = int_n^oo f + f(n)/2 - sum_{s=1}^{m-1} B_2s/(2s)! f^(2s-1)(n) + R_m,

    ``R_m = int_n^oo (B_2m - B~_2m(x)) / (2m)! f^(2m)(x) dx`` with ``|B_2m - B~_2m| <= 2
    |B_2m|`` (DLMF 24.12.1 bounds the periodic ``B~_2m`` by ``|B_2m|``), so ``|R_m| <=
    2 |B_2m| / (2m)! int_n^oo |f^(2m)|``, which must lie below the working precision.

    A term ``sum c ln(k + a) / (k + b)^n`` with rational ``a``, ``b`` (a rational pmf's
    entropy; :mod:`~symbolic_info.numeric.log_rational`) has its derivatives, its tail
    integral and a bound on ``int |f^(2m)|`` in closed form
    (:mod:`~symbolic_info.numeric.em_closed`).  Any other term: derivatives by SymPy
    within :data:`EM_SECONDS` of CPU, the integral by quadrature, and ``int_n^oo |f^(2m)|
    = |f^(2m-1)(n)|`` when ``f^(2m)`` keeps its sign on ``[n, oo)`` (proved by Sturm root
    counts, :func:`~symbolic_info.numeric.tail_monotone.sign_beyond`).  Raises
    ``NumericError`` with the reason when the plan, the sign or the bound fails."""
    atoms = atoms_of(term, k)
    most = EM_MAX_TERMS if atoms is None else EM_CLOSED_TERMS
    plan = em_plan(ctx.dps + 10, 25 if atoms is None else 1, most)
    if plan is None:
        raise NumericError(f"the Euler-Maclaurin tail cannot reach {ctx.dps} digits within "
                           f"{EM_MAX_START} terms and {most} corrections")
    n, m = max(plan[0], lo), plan[1]
    x = sp.Dummy("x", positive=True)
    g = term.subs(k, x)
    start = None if atoms is None else max(n, valid_from(atoms))  # (a zero at k = 10^30:
    tail = None if start is None or start - lo > EM_MAX_START else _closed_tail(  # no head
        atoms, g, x, start, m, ctx)  # of 10^30 terms)
    if tail is None:
        w = new_context(ctx.dps + 10)  # the head's and the corrections' rounding stay below
        tail = n, w, *_sympy_tail(g, x, n, m, w)
    n, w, integral, values, mass = tail
    fk = compile_expr(g, [x], w)
    at = w.mpf(n)
    head = w.fsum(fk(w.mpf(j)) for j in range(lo, n))
    tail = integral + fk(at) / 2 - w.fsum(w.bernoulli(2 * s) / w.factorial(2 * s) * values[s - 1]
                                          for s in range(1, m))
    bound = 2 * abs(w.bernoulli(2 * m)) / w.factorial(2 * m) * mass
    total = head + tail
    if bound > ctx.eps * abs(total):
        raise NumericError(f"the Euler-Maclaurin remainder bound {w.nstr(bound, 3)} is "
                           f"not below {ctx.dps} digits of the sum")
    return ctx.convert(total)


def _sympy_tail(g, x, n: int, m: int, w):
    """``(int_n^oo g, [g^(2s-1)(n) for s = 1..m], int_n^oo |g^(2m)|)`` by SymPy's
    derivatives, the sign proof and quadrature (see :func:`euler_maclaurin_sum`)."""
    def derivatives():  # the odd ones, orders 1, 3, .., 2m - 1, and the sign of the next
        odd = [sp.diff(g, x)]
        for _ in range(m - 1):
            odd.append(sp.diff(odd[-1], x, 2))
        return (sign_beyond(sp.diff(odd[-1], x), x, n),
                [compile_expr(d, [x], w)(w.mpf(n)) for d in odd])

    sign, values = within(EM_SECONDS, derivatives, NumericError(
        f"the Euler-Maclaurin tail's {2 * m} derivatives took more than {EM_SECONDS:g} s "
        "of CPU"))
    if sign == 0:
        raise NumericError("the Euler-Maclaurin remainder is not bounded: the term's "
                           f"derivative of order {2 * m} is not proved to keep its sign "
                           f"for k >= {n}")
    return _quadrature_tail(g, x, n, w), values, abs(values[m - 1])


def _quadrature_tail(g, x, n: int, w):
    """``int_n^oo g``; a tail falling more slowly than ``x^-3/2`` over the whole line in
    ``y = ln ln(x/n)`` (:func:`.slow_tail.stretched_tail`: on ``(n, oo)`` the rule lost 19
    of 50 digits of ``sum ln k / (zeta(1.001) k^1.001)``, silently)."""
    slow = stretched_tail(compile_expr(g, [x], w), w.mpf(n), w)
    if slow is None:
        return integrate_expr(Density(x, sp.Integer(0), (sp.Integer(n), sp.oo)), (g,),
                              lambda _lp, v: v, w)
    f, cuts = slow
    line = Density(x, sp.Integer(0), (-sp.oo, sp.oo), tuple(sp.Integer(int(c)) for c in cuts))
    return integrate(line, f, w)


def _closed_tail(atoms, g, x, n: int, m: int, ctx):
    """``(n, w, integral, odd derivatives, mass)`` as :func:`_sympy_tail` gives them, from
    the atoms in closed form on a context ``w`` with room for their cancellation (``1/k -
    1/(k + 1)``, 102 digits for ``1/(k + 10^100) - 1/(k + 10^100 + 1)``); None when the
    atoms do not reproduce ``g`` at ``n`` (a guard) or the cancellation eats more than
    ``2 dps + 200`` digits.  The cancellation is measured with 30 extra digits first and
    with all of them only when more than 20 cancel: a transcendental coefficient
    (``1/zeta(3/2)``) took 4.7 s at the 3,200 digits of the long probe at 1000 digits."""
    most = 2 * ctx.dps + 200
    for extra in (30, most):
        probe = new_context(ctx.dps + 10 + extra)
        value, size = scale_at(atoms, n, probe)
        if value != 0 and size <= abs(value) * probe.mpf(10) ** (extra - 10 * (extra < most)):
            break
    else:
        return None
    w = new_context(ctx.dps + 10 + int(probe.log10(size / abs(value))) + 1)
    value, size = scale_at(atoms, n, w)
    if abs(value - compile_expr(g, [x], w)(w.mpf(n))) > size * w.mpf(2) ** (8 - w.prec):
        return None
    integral = tail_integral(atoms, n, w)
    if integral is None:  # poles far apart: quadrature up to where the expansion holds
        far, cuts = expansion_from(atoms), [sp.Integer(4 * n)]  # cut where g falls 16-fold
        while cuts[-1] < far:
            cuts.append(4 * cuts[-1])
        piece = Density(x, sp.Integer(0), (sp.Integer(n), sp.Integer(far)), tuple(cuts[:-1]))
        integral = integrate_expr(piece, (g,), lambda _lp, v: v, w) + tail_integral(
            atoms, far, w)
    values = derivatives(atoms, n, list(range(1, 2 * m, 2)), w)
    return n, w, integral, values, derivative_mass(atoms, n, 2 * m, w)
