"""Slowly falling series by the Abel-Plana formula: a reference beside Euler-Maclaurin.

For ``F`` analytic in the half-plane ``Re z >= n``, real on the real axis and growing
more slowly than ``exp(2 pi |Im z|)`` there (DLMF 2.10.2; Olver, *Asymptotics and
Special Functions*, 1974, Ch. 8, Sec. 3.2)::

    sum_{k >= n} F(k) = F(n)/2 + int_n^oo F(x) dx - 2 int_0^oo Im F(n + i t) / (e^(2 pi t) - 1) dt

Both integrals are smooth and the second falls like ``e^(-2 pi t)``, so a
double-exponential rule reaches 1000 digits with a few hundred nodes, where the
Euler-Maclaurin tail needs about 250 derivatives (``sum ln k / k^2`` at 300 digits:
about 1 s, against more than 8 s for mpmath's ``nsum`` with numerical derivatives).

The terms enter as a callable evaluated at complex ``k``, through principal branches
(``ln``, powers).  Those continue ``F`` analytically only while the phases stay away
from the negative axis: a term falling like ``k^-s`` turns its phase by at most
``s atan(t / n)`` on the line ``Re k = n``, so the first ``n`` terms are added directly,
with ``n`` large enough that this stays below ``pi/2`` over the ``t`` that count.
Terms that fall geometrically (``2^-k`` turns its phase by ``t ln 2`` whatever ``n``)
are left to other methods.

>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(40)
>>> quad = lambda f, a, b, breaks: ctx.quad(f, [a, *breaks, b])
>>> s = abel_plana_sum(lambda k: 1 / k**2, 1, ctx, quad)
>>> bool(abs(s - ctx.pi**2 / 6) < ctx.mpf(10) ** -38)
True
>>> abel_plana_sum(lambda k: ctx.mpf(2) ** -k, 1, ctx, quad) is None  # geometric
True
"""

from __future__ import annotations

import math

from .quadrature import TWO_CORES_PREC
from .slow_tail import stretched_tail
from .two_cores import run_jobs

__all__ = ["abel_plana_sum", "abel_plana_cut", "MAX_HEAD", "FIRST_T"]

MAX_HEAD = 20_000
"""Most terms added directly before the Abel-Plana tail takes over."""
FIRST_T = -40
"""``t = 2^(FIRST_T - prec)`` stands for ``t = 0`` in the correction's integrand: its
relative error there, ``pi t``, lies 38 bits below the working precision."""

def abel_plana_cut(term, lo: int, ctx) -> int | None:
    """Where the tail starts: ``n >= lo`` with ``s atan(T / n) + r T <= pi/2``, for ``s`` one
    more than the terms' measured power of decay (at least 2), ``r`` the rate of a slow
    geometric factor ``e^(-r k)`` in them (its phase turns by ``r t``), and ``T`` the height
    past which ``e^(-2 pi t)`` is below the working precision; ``None`` when the terms fall
    geometrically (10 % or more per step, or ``r T`` above ``pi/4``), vanish, or the cut
    lies past :data:`MAX_HEAD`.

    For ``k^-p e^(-r k)`` the step from ``m`` to ``m + 1`` takes ``p ln(1 + 1/m) + r`` off
    the logarithm and the doubling to ``2m`` takes ``p ln 2 + r m``: two equations for
    ``r`` (a logarithmic factor leaves ``r`` near 0).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(300)
    >>> abel_plana_cut(lambda k: 1 / k**2, 1, ctx), abel_plana_cut(lambda k: 1 / k**4, 1, ctx)
    (196, 348)
    >>> abel_plana_cut(lambda k: ctx.mpf(19 / 20) ** k, 1, ctx) is None  # turns by t/20
    True
    """
    m = max(lo, 64)
    a, b, c = (abs(term(ctx.mpf(j))) for j in (m, m + 1, 2 * m))
    if not (a and b and c) or b / a < 0.9:
        return None
    step, doubling = float(ctx.log(a / b)), float(ctx.log(a / c))
    ratio = math.log(2) / math.log1p(1 / m)
    rate = max(0.0, (doubling - step * ratio) / (m - ratio))
    s = max(2.0, doubling / math.log(2) + 1)
    height = (ctx.dps + 5) * math.log(10) / (2 * math.pi) + 1
    room = math.pi / 2 - rate * height
    if room < math.pi / 4:
        return None
    n = max(lo, math.ceil(height / math.tan(room / s)))
    return n if n - lo <= MAX_HEAD else None


def abel_plana_sum(term, lo: int, ctx, integral, inner=()):
    """``sum_{k >= lo} term(k)`` by the Abel-Plana formula, or ``None`` when it does not
    serve (:func:`abel_plana_cut` of the term or of one of ``inner``; a term that cannot be
    evaluated at complex ``k``).

    ``inner`` are the functions whose principal logarithms the term takes (the pmfs of
    ``-p ln q``): each must turn its phase as little as the term, or ``ln q`` jumps by
    ``2 pi i`` on the line (``q = 2^-k``: at ``t = pi / ln 2``, an error of ``e^(-2 pi t)``,
    about 10^-12).

    ``integral(f, a, b, breaks)`` integrates a callable over ``(a, b)`` on ``ctx`` (``b``
    may be ``ctx.inf``), cut at the points ``breaks``.  Both integrals are handed over in
    forms a double-exponential rule takes in few nodes (1000 digits, ``ln k / k^2``: 14,300
    nodes, 28,400 before):

    - the tail's integral is cut at ``5n/4``: the rule's tail then starts on the scale
      ``n/4`` on which the terms fall (9,400 nodes), not on one unit (17,000); a tail
      falling more slowly than ``k^-3/2`` goes over the whole line in ``y = ln ln(k/n)``
      (:func:`.slow_tail.stretched_tail`);
    - the correction's integrand at ``t = 0`` is its limit ``F'(n) / (2 pi)``, taken at a
      ``t`` far below the precision (:data:`FIRST_T`): a quadrature that samples the end
      (Clenshaw-Curtis) would see a jump to 0 there and give up; and it is cut at
      ``t = 1/4``: on ``(0, 1/4)`` the kernel's poles ``t = +-i`` lie on a Bernstein
      ellipse ``rho = 16`` (4.6 on ``(0, 1)``), and Clenshaw-Curtis converges at 1,025
      points instead of 2,049 at 1000 digits (4,900 nodes in all, 5,600 cut at 1).

    From :data:`~.quadrature.TWO_CORES_PREC` bits the two integrals share both cores
    (:func:`.two_cores.run_jobs`).
    """
    cuts = [abel_plana_cut(f, lo, ctx) for f in (term, *inner)]
    if None in cuts:
        return None
    n = max(cuts)
    at, two_pi = ctx.mpf(n), 2 * ctx.pi
    first = ctx.mpf(2) ** (FIRST_T - ctx.prec)

    def side(t):  # Im F(n + it) / (e^(2 pi t) - 1); at t -> 0 both vanish like t
        t = t or first
        return ctx.im(term(ctx.mpc(at, t))) / ctx.expm1(two_pi * t)

    def job(f, a, cuts):
        def value():
            try:
                return integral(f, a, ctx.inf, cuts)._mpf_
            except (TypeError, ValueError, ArithmeticError):
                return None
        return value

    slow = stretched_tail(term, at, ctx)
    tail_form = (term, at, [at + at / 4]) if slow is None else (slow[0], -ctx.inf, slow[1])
    jobs = [job(side, 0, [ctx.one / 4]), job(*tail_form)]
    done = run_jobs(jobs) if ctx.prec >= TWO_CORES_PREC else [j() for j in jobs]
    if done[0] is None:  # no complex value: another method
        return None
    correction = ctx.make_mpf(done[0])  # the tail's failure raises its error here, again
    tail = integral(tail_form[0], tail_form[1], ctx.inf, tail_form[2]) if done[1] is None \
        else ctx.make_mpf(done[1])
    head = ctx.fsum(term(ctx.mpf(j)) for j in range(lo, n))
    return head + term(at) / 2 + tail - 2 * correction
