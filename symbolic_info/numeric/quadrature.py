"""Densities and expectations by high-precision double-exponential quadrature.

A :class:`Density` is the numeric view of a distribution: the random
variable's symbol, the log-density (evaluated directly, never as
``log(pdf)``), the support and interior break points (mode, scale
multiples) where the integrand changes character.

The support is cut at the break points into pieces, each integrated by a
double-exponential rule in the distance ``y`` from one end of the piece
(Takahasi & Mori 1974; Bailey, Jeyabalan & Li 2005):

- a finite piece: tanh-sinh, ``y = L / (1 + exp(-pi sinh t))``, whose nodes
  near ``y = 0`` keep full relative precision, so an integrable endpoint
  singularity such as ``x^-0.9`` is resolved to the working precision;
- a piece next to a finite end of the support is integrated from that end,
  with ``x = a + y`` (or ``x = b - y``) substituted *symbolically*, so
  ``ln(1 - x)`` near ``x = 1`` becomes ``ln y`` without cancellation;
- an infinite piece: first the light-tail rule ``y = L exp(t - exp(-t))``
  (Mori & Sugihara, J. Comput. Appl. Math. 127 (2001), section 4), under which
  an exponential or Gaussian tail decays double exponentially in ``t`` with a
  strip of analyticity of constant width (a third of exp-sinh's nodes at 1000
  digits); when its terms have not vanished at the end of its range
  (``y ~ 6e4 L``), exp-sinh, ``y = L exp(pi/2 sinh t)``, which reaches
  ``x ~ 10^10000`` and so integrates algebraic (heavy) tails such as Cauchy,
  Student t and Pareto.

Each piece halves the step until two successive sums agree to about half
the working digits (the rule converges quadratically, so the last sum is
good to all of them).  Nodes are cached per precision, across contexts (:mod:`.rule_nodes`).

A finite piece between two break points is first integrated by nested Clenshaw-Curtis
rules (:mod:`.cc_piece`; same stopping test, since doubling the points squares the error
of an analytic integrand): there the integrand is analytic and needs 500-4,100 points
where tanh-sinh took about 7,500 at 1000 digits, and 129 where it took 300-500 at the
step checks' 60 digits.  A piece whose values are not finite at an end, or whose convergence is too
slow to finish within ``4 dps`` points (an end singularity, a nearby pole, a peak narrow
for the piece), goes to the double-exponential rules above.  From 150 digits the pieces at
the support's ends are tried so too (:data:`.de_rules.CC_AT_ENDS_DPS`).  This module plans
the pieces and sums them; :mod:`.de_rules` integrates each one.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> std_normal = Density(x, -x**2 / 2 - sp.log(2 * sp.pi) / 2, (-sp.oo, sp.oo), (0,))
>>> ctx = new_context(30)
>>> ctx.nstr(expectation(std_normal, x**2, ctx), 15)
'1.0'

Precision is a parameter: the heavy-tailed Cauchy density at 15 and at 50
digits, each on its own private context, against its entropy ``ln(4 pi)``
(Cover & Thomas, 2nd ed., Table 17.1):

>>> cauchy = Density(x, -sp.log(sp.pi) - sp.log(1 + x**2), (-sp.oo, sp.oo), (-1, 1))
>>> for dps in (15, 50):
...     ctx = new_context(dps)
...     print(ctx.nstr(differential_entropy(cauchy, ctx), dps))
...     print(ctx.nstr(ctx.log(4 * ctx.pi), dps))
2.53102424696929
2.53102424696929
2.5310242469692907929778915942694118477982950816358
2.5310242469692907929778915942694118477982950816358
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from ..symbolic.substitute import Kept, substitute
from . import two_cores
from .bumps import term_breaks
from .cancellation import MARGIN, guarded, lost_digits
from .context import NumericError, compile_expr
from .de_rules import REACH, piece_integral, reach_toward
from .peaks import default_cut
from .piece_memo import Y, peak_points, shifted
from .piece_signs import settle_signs
from .rule_nodes import STORE_PREC, next_epoch, store_nodes
from .tallied_memo import TalliedMemo

__all__ = [
    "RULES_TEXT",
    "Density",
    "expectation",
    "differential_entropy",
    "integrate",
    "integrate_expr",
]

RULES_TEXT = ("double-exponential quadrature (tanh-sinh, exp-sinh on infinite tails; nested "
              "Clenshaw-Curtis first on finite interior pieces)")
"""The rules of this module in words, for the reference methods that name them."""

@dataclass(frozen=True)
class Density:
    """A density on ``support`` given by its logarithm ``logpdf`` in ``var``.

    ``support`` and ``breaks`` must be numeric (substitute parameters first,
    see :meth:`at`).  ``origin``: for a density made by :meth:`at`, the symbolic
    log-density and the point substituted into it (not part of equality), so that its
    derivatives are taken once per family (:func:`.piece_memo.peak_points`).  ``change``:
    a change of variable ``x = x(u)`` (a
    :class:`~symbolic_info.numeric.change_of_variable.Change`) in which :func:`expectation`
    integrates (a lognormal is normal in ``u = ln x``, where its heavy tail in ``x`` cost
    thousands of nodes per step check), or a
    :class:`~symbolic_info.numeric.change_of_variable.SplitChange`: one change per part of the
    support, the integrals summed.
    """

    var: sp.Symbol
    logpdf: sp.Expr
    support: tuple
    breaks: tuple = ()
    origin: tuple | None = field(default=None, compare=False)
    change: object | None = None

    def at(self, point: dict) -> Density:
        """This density with the parameters in ``point`` substituted."""
        logpdf, before = self.origin or (self.logpdf, {})
        return Density(
            self.var,
            substitute(self.logpdf, point),
            tuple(substitute(s, point) for s in self.support),
            tuple(substitute(b, point) for b in self.breaks),
            (logpdf, {**before, **point}),
            None if self.change is None else self.change.at(point),
        )


# --- pieces --------------------------------------------------------------

def _value(expr, ctx):
    return compile_expr(sp.sympify(expr), [], ctx)()


def _length(a, b, exact_at: dict, kept: Kept, ctx):
    """``b - a`` for two neighbouring break points (mpf values), from their exact values
    when both are finite: near a peak of width ``10^-50`` at ``1/2`` the rounded values
    differ by ``10^-p`` and their difference would be ``10^-(p - 50)`` wrong (pieces that
    overlap or leave gaps: ``Beta(10^100, 10^100)`` at 70 digits was ``10^-20`` off)."""
    if not (ctx.isfinite(a) and ctx.isfinite(b)):
        return b - a
    return _value(kept.restore(exact_at[b] - exact_at[a]), ctx)


def _pieces(density: Density, ctx, kept: Kept | None = None, exprs: tuple = ()) -> list:
    """``(anchor, exact, direction, kind, length, is_support_end, reach)`` per piece.

    Cut at the density's breaks, at its narrow peak (:func:`.peaks.peak_breaks`) and at the
    bumps of the terms of each sum in its log-density and in ``exprs`` (:mod:`.bumps`).

    ``x = anchor + direction * y`` with ``y`` in ``(0, length)`` (finite) or
    ``(0, oo)`` (exp-sinh, ``length`` is its scale); ``exact`` is the anchor as an exact
    SymPy number (its costly nodes behind the placeholders of ``kept``); ``reach`` is the
    pair of early-stop thresholds for :func:`.de_rules.piece_integral`.
    """
    kept = kept or Kept()

    def point(expr):
        return _value(expr, ctx), kept.protect(expr)

    (lo, lo_x), (hi, hi_x) = (point(s) for s in density.support)
    exact = {}
    for b in (*density.breaks, *peak_points(density, ctx),
              *term_breaks(density.var, sp.Tuple(density.logpdf, *exprs), density.support,
                           ctx).points):
        value, b_x = point(b)
        if lo < value < hi:
            exact.setdefault(value, b_x)
    if not exact:
        value, cut_x = point(default_cut(*density.support))
        exact = {value: cut_x}
    exact = _graded((lo, lo_x), exact, (hi, hi_x), ctx)
    inner = sorted(exact)
    pieces = []
    first, last = inner[0], inner[-1]
    ends = [lo, *inner, hi]
    exact_at = {lo: lo_x, hi: hi_x, **exact}
    widths = [_length(a, b, exact_at, kept, ctx) for a, b in zip(ends, ends[1:], strict=False)]

    def width(i):
        return widths[i] if 0 <= i < len(widths) else None

    def reach(i, toward_right):
        """Thresholds (t > 0, t < 0) of piece i anchored at its left (or right) end."""
        far = reach_toward(widths[i], width(i + 1 if toward_right else i - 1), ctx)
        near = reach_toward(widths[i], width(i - 1 if toward_right else i + 1), ctx)
        return (far, near)

    def tail_scale(nearest: list):
        """The wider of the two finite pieces next to a tail: breaks of nearly equal
        distributions sit 1e-30 apart, and a tail scaled by that gap would need
        astronomically many nodes; graded pieces far from a narrow peak keep their own."""
        finite = [w for w in nearest if ctx.isfinite(w)]
        return max(finite) if finite else ctx.inf

    at_end = REACH["finite", -1]
    if ctx.isinf(lo):
        pieces.append((first, exact[first], -1, "light",
                       _finite_or_one(tail_scale(widths[1:3]), first, ctx), False, None))
    else:
        pieces.append((lo, lo_x, 1, "finite", widths[0], True, (reach(0, True)[0], at_end)))
    for i, a in enumerate(inner[:-1], start=1):
        pieces.append((a, exact[a], 1, "finite", widths[i], False, reach(i, True)))
    if ctx.isinf(hi):
        pieces.append((last, exact[last], 1, "light",
                       _finite_or_one(tail_scale(widths[-3:-1]), last, ctx), False, None))
    else:
        i = len(widths) - 1
        pieces.append((hi, hi_x, -1, "finite", widths[i], True, (reach(i, False)[0], at_end)))
    return pieces


GRADE_RATIO = 2**10
"""A finite piece longer than this many times its neighbour is cut (:func:`_graded`)."""
MAX_GRADES = 9
"""Graded breaks per side at most: the last is ``R^256 = 2^2560`` neighbour widths away
(a lognormal with ``mu = 10^30`` has pieces ``e^(10^30)`` long: squaring the factor until it
covered them ran out of memory; the mass that far from the neighbour is negligible)."""


def _graded(lo: tuple, inner: dict, hi: tuple, ctx) -> dict:
    """The break points ``inner`` (value -> exact) with extra ones where a finite piece is
    far longer than a neighbour: at distances ``w R, w R^2, w R^4, ...`` (``R`` =
    :data:`GRADE_RATIO`) from the shared break, ``w`` the neighbour's width, up to half the
    piece.  ``lo`` and ``hi`` are the support's ends as ``(value, exact)``.

    A density whose breaks mark a narrow peak far from the support's end (a Gamma shape
    ``k = 10^400``: mode ``10^400``, breaks ``10^200`` apart) then meets pieces at most
    ``R`` times longer than the peak next to them, which tanh-sinh resolves; the longer
    pieces beyond hold the far tails.  Only ``log2 log2`` of the length ratio breaks are
    added (at most :data:`MAX_GRADES`); they are exact too (the break plus a multiple of the
    neighbour's exact width).
    """
    points = [lo, *sorted(inner.items()), hi]
    extra = dict(inner)
    for i in range(len(points) - 1):
        (a, a_x), (b, b_x) = points[i], points[i + 1]
        if not (ctx.isfinite(a) and ctx.isfinite(b)):
            continue
        length = b - a
        for j, sign, at, at_x in ((i - 1, 1, a, a_x), (i + 1, -1, b, b_x)):
            if not 0 <= j < len(points) - 1:
                continue
            w = points[j + 1][0] - points[j][0]
            if not ctx.isfinite(w) or w <= 0:
                continue
            w_x = points[j + 1][1] - points[j][1]
            for grade in range(MAX_GRADES):
                factor = GRADE_RATIO ** (2**grade)
                if w * factor >= length / 2:
                    break
                value = at + sign * w * factor
                if lo[0] < value < hi[0]:
                    extra.setdefault(value, at_x + sign * w_x * factor)
    return extra


def _finite_or_one(scale, at, ctx):
    """A tail's length scale when finite, else ``max(|at|, 1)``."""
    return scale if ctx.isfinite(scale) else max(abs(at), ctx.one)


def integrate_expr(density: Density, exprs: tuple, combine: Callable, ctx):
    """``integral over the support of combine(lp(x), *g(x)) dx``, compiled per piece.

    ``exprs`` holds SymPy expressions in ``density.var`` (their values are passed to
    ``combine`` after the log-density's).  On every piece, ``x = a + y`` (or ``a - y``)
    is substituted exactly before compiling, ``a`` the piece's exact anchor (an end of
    the support or a break): ``x - mu`` near a location ``mu = 10^100`` is then ``y``
    plus an exact offset, never a difference of two rounded 100-digit numbers, and
    ``ln(1 - x)`` near ``x = 1`` becomes ``ln y``.  Sub-expressions the parts share
    (``ln x`` in two log-densities) are evaluated once per node (:func:`compile_shared`).
    A log-density whose long terms cancel (``Beta(10^100, 10^100)``) is evaluated with the
    digits it loses added (:mod:`.cancellation`), so each piece converges at its usual level.
    """
    var = density.var
    parts = (density.logpdf, *exprs)
    kept = Kept()
    pieces = [([settle_signs(shifted(e, var, anchor, direction, kept), Y, kind, scale, ctx)
                for e in parts], kind, scale, reach, at_end)
              for _, anchor, direction, kind, scale, at_end, reach
              in _pieces(density, ctx, kept, exprs)]
    lost = max(lost_digits(changed, Y, [scale / 2 if kind == "finite" else scale], ctx)
               for changed, kind, scale, _, _ in pieces)
    guard = lost + MARGIN if lost > MARGIN else 0
    jobs = []
    for changed, kind, scale, reach, at_end in pieces:
        f = guarded(changed, Y, guard, ctx)
        jobs.append((lambda t, f=f: combine(*f(t)), kind, scale, reach, at_end))
    return _sum_pieces(jobs, ctx)



TWO_CORES_PREC = 2 * STORE_PREC
"""From this many bits (about 300 digits) the pieces of a support are shared between this
process and a forked child (:mod:`.two_cores`); below it a piece takes milliseconds and a
fork would cost more than it saves."""


def _outer(jobs: list, ctx):
    """The size of an integral over the pieces ``(f, kind, scale, ...)``, from one value
    per piece: ``sum of |f(L/2)| L`` (``L`` a tail's scale: ``|f(L)| L``).  Cheap and rough;
    it only sets the absolute floor of each piece's stopping tests (``eps`` times it),
    which was 1 (``eps``) before, too coarse for ``E[X^2] = 10^-600``.  A value that
    cannot be computed counts 0 (the pieces then judge by their own size)."""
    size = ctx.zero
    for f, kind, scale, *_ in jobs:
        at = scale / 2 if kind == "finite" else scale
        try:
            value = abs(f(at) * scale)
        except (NumericError, ArithmeticError, ValueError, TypeError):
            continue
        if hasattr(value, "_mpf_") and ctx.isfinite(value):
            size += value
    return size


def _sum_pieces(jobs: list, ctx):
    """The sum over the pieces ``(f, kind, scale, reach, at_end)`` of
    :func:`.de_rules.piece_integral`, in order; on two cores from :data:`TWO_CORES_PREC`
    bits.  The nodes learnt are stored."""
    outer = _outer(jobs, ctx)

    def job(f, kind, scale, reach, at_end):
        def piece():
            value = piece_integral(f, kind, scale, ctx, reach, at_end, outer)
            if not hasattr(value, "_mpf_"):
                raise NumericError("the integrand is not real on the support")
            return value._mpf_
        return piece

    if ctx.prec >= TWO_CORES_PREC:
        values = two_cores.run_jobs([job(*j) for j in jobs], child_done=store_nodes)
        next_epoch()
    else:
        values = [job(*j)() for j in jobs]
    store_nodes()
    total = ctx.zero
    for v in values:  # summed in order, as one loop did: the same roundings
        total += ctx.make_mpf(v)
    return total


def integrate(density: Density, integrand, ctx):
    """``integral of integrand(x) over the support``, split at the break points.

    ``integrand`` is a Python callable of ``x``; prefer :func:`integrate_expr`
    for integrands that are singular at a non-zero end of the support.
    """
    return _sum_pieces([(lambda t, a=anchor, d=direction: integrand(a + d * t), kind, scale,
                         reach, at_end)
                        for anchor, _, direction, kind, scale, at_end, reach
                        in _pieces(density, ctx)], ctx)


def _free_check(density: Density, g) -> None:
    free = (density.logpdf.free_symbols | sp.sympify(g).free_symbols) - {density.var}
    if free:
        raise NumericError(f"no value for {', '.join(sorted(s.name for s in free))}")


_MEMO = TalliedMemo(512)


def expectation(density: Density, g: sp.Expr, ctx):
    """``E[g(X)]`` by quadrature of ``g(x) * exp(logpdf(x))`` over the support.

    Results are remembered per (density, g, precision) in a small bounded
    cache, so a step that keeps an expectation from the previous step does
    not integrate it again.
    """
    g = sp.sympify(g)
    if density.change is not None:  # the same integral in the change's variable (per part)
        total = ctx.zero
        for change in density.change.parts:
            total += expectation(change.density(density), change.expr(g, density.var), ctx)
        return total
    _free_check(density, g)
    key = (density, g, ctx.prec)
    return _MEMO.get(key, lambda: integrate_expr(density, (g,), lambda lp, gv: gv * ctx.exp(lp),
                                                 ctx), ctx)


def differential_entropy(density: Density, ctx):
    """``-integral of f ln f`` with ``ln f`` taken from the log-density."""
    _free_check(density, 0)
    return integrate_expr(density, (), lambda lp: -lp * ctx.exp(lp), ctx)
