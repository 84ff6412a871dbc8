"""Break points at every bump of a density written as a sum of terms.

A mixture ``1/2 N(0, 1) + 1/2 N(60, 1)``, or a formula ``(phi(x) + 1000 phi(1000 (x - 37)))/2``,
has one bump per term.  :func:`~.peaks.peak_breaks` follows ``ln f`` of the whole sum from
the declared breaks to one mode; the other bump, 60 widths away or 10^-6 wide, leaves no
trace in ``ln f`` near that mode, so the quadrature placed no node inside it and every
integral built on the same pieces (the kept integral and the reference alike) agreed on
the mass of the first bump alone.

:func:`term_breaks` looks at each term of every non-polynomial sum in an integrand on its
own: the term's mode by Newton's method on its own log from the support's default cut and
from the centres its polynomial sub-expressions name (the root of ``x - 37``, the vertex of
a quadratic), its Laplace width ``1/sqrt(-(ln t)''(mode))`` (Laplace's method: de Bruijn,
*Asymptotic Methods in Analysis*, 1958, ch. 4), and returns the mode and the points
:data:`~.peaks.WIDTHS` widths away on each side, so every bump gets pieces a few of its
widths long.  Nothing here uses a closed form: only derivatives of each term's log.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> ctx = new_context(30)
>>> f = (sp.exp(-x**2 / 2) + sp.exp(-(x - 60)**2 / 2)) / 2
>>> found = term_breaks(x, -f * sp.log(f), (-sp.oo, sp.oo), ctx)
>>> [float(b) for b in found.points if abs(b) < 4 or abs(b - 60) < 4]
[-3.0, 0.0, 3.0, 57.0, 60.0, 63.0]
>>> found.missed
0

A term left unsearched is counted in :attr:`Bumps.missed`, and inside :func:`recording` also
in the block's tally, so that a verification can say its bumps may be unresolved:

>>> with recording() as tally:
...     _ = term_breaks(x, sp.log(sum(sp.exp(-(x - 3 * k)**2) for k in range(MAX_TERMS + 2))),
...                     (-sp.oo, sp.oo), ctx)
>>> tally.missed
2
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from .context import NumericError, compile_expr
from .peaks import WIDTHS, default_cut, laplace_mode

__all__ = ["term_breaks", "bump_terms", "bump_breaks", "bump_factor", "Bumps", "Tally",
           "recording", "note_missed", "MAX_TERMS", "MAX_STARTS"]

MAX_TERMS = 32
"""Terms examined at most (a user's mixture of more components gets no extra points for
the rest, and :attr:`Bumps.missed` counts them)."""
MAX_STARTS = 8
"""Newton starts per term at most."""
MAX_CROSSING_TERMS = 8
"""Terms (with a mode) whose pairwise crossings are cut, at most."""
CROSS_STEPS = 60
"""Newton steps at most to a crossing."""
LADDER = 30
"""Probes of a term's log-derivative towards each end (10^k away, or 2^-k of the way to a
finite end, k up to this) when Newton found no peak: a sign change means a peak was missed."""
NEAR_CUT = 16
"""A peak at the default cut with a width within this factor of the cut's unit needs no
cuts of its own (:func:`_unresolved`)."""


class Bumps(NamedTuple):
    """``points``: exact break points (sorted); ``missed``: bump-like terms beyond
    :data:`MAX_TERMS`, and terms whose log turns inside the range but whose mode Newton did
    not find (their bumps may be unresolved); a term monotone on the range (``exp(-x)`` on a
    half-line, a bump beyond the range's end) has no bump there and is not counted."""

    points: tuple
    missed: int


@dataclass
class Tally:
    """``missed``: the most terms one call of :func:`term_breaks` left unsearched within a
    :func:`recording` (the same sum is cut again at each precision, so not a total)."""

    missed: int = 0


_TALLY: contextvars.ContextVar = contextvars.ContextVar("bumps_tally", default=None)


@contextlib.contextmanager
def recording():
    """Keep count of the terms whose bump :func:`term_breaks` did not find, in this thread
    (or context) while the block runs; yields the :class:`Tally`."""
    tally = Tally()
    token = _TALLY.set(tally)
    try:
        yield tally
    finally:
        _TALLY.reset(token)


def note_missed(missed: int) -> None:
    """Count ``missed`` unsearched terms in the enclosing :func:`recording`'s tally, if any
    (a remembered result reports what its first computation found)."""
    tally = _TALLY.get()
    if tally is not None:
        tally.missed = max(tally.missed, missed)


def _bumpy(term, var) -> bool:
    """A term that can hold a bump: an exponential or a negative power of ``var``, no log."""
    if any(node.has(var) for node in term.atoms(sp.log)):
        return False
    if any(node.has(var) for node in term.atoms(sp.exp)):
        return True
    return any(p.base.has(var) and p.exp.is_number and bool(p.exp < 0)
               for p in term.atoms(sp.Pow))


def bump_terms(expr, var) -> list:
    """The bump-like terms of every non-polynomial sum in ``expr``, each once.

    >>> x = sp.Symbol("x", real=True)
    >>> bump_terms(sp.log(3 * sp.exp(-x**2) + 1 / (1 + (x - 5)**2)), x)
    [1/((x - 5)**2 + 1), 3*exp(-x**2)]
    """
    out = []
    for node in sp.preorder_traversal(sp.sympify(expr)):
        if isinstance(node, sp.Add) and node.has(var) and not node.is_polynomial(var):
            out.extend(t for t in node.args
                       if t.has(var) and _bumpy(t, var))
    return list(dict.fromkeys(out))


def _centres(term, var) -> list:
    """Roots of the linear and vertices of the quadratic polynomials in ``term``."""
    out = []
    for node in sp.preorder_traversal(term):
        if isinstance(node, (sp.Add, sp.Pow, sp.Mul)) and node.has(var) \
                and node.is_polynomial(var):
            coeffs = sp.Poly(node, var).all_coeffs()
            if len(coeffs) == 2:
                out.append(-coeffs[1] / coeffs[0])
            elif len(coeffs) == 3:
                out.append(-coeffs[1] / (2 * coeffs[0]))
    return list(dict.fromkeys(out))


def _exact(value) -> sp.Rational:
    """An mpf as the exact binary fraction it is."""
    return sp.Rational(int(value.man)) * sp.Rational(2) ** int(value.exp)


def _unresolved(peaks: list, cut, ctx) -> list:
    """The peaks ``(mode, width)`` that need their own cuts, widest first.  Left out: a peak
    within 3 widths of one already kept, of a width within a factor 2 of it (it lies on that
    peak's pieces, at most 9 of its widths long there: two normals 1 apart), and a peak
    within 3 widths of the default ``cut`` whose width is within a factor :data:`NEAR_CUT`
    of that cut's unit ``max(|cut|, 1)``, but only when every peak is (the range is then
    cut at ``cut`` alone, pieces of that scale either side, as for one normal(0, 1); any
    other break would replace that cut)."""
    unit = max(abs(cut), ctx.one)

    def near_cut(mode, width):
        return abs(mode - cut) <= 3 * width and unit / NEAR_CUT <= width <= NEAR_CUT * unit

    if all(near_cut(m, w) for m, w in peaks):
        return []
    kept: list = []
    for mode, width in sorted(peaks, key=lambda p: -p[1]):
        if not any(abs(mode - m) <= 3 * w and width * 2 >= w for m, w in kept):
            kept.append((mode, width))
    return kept


def _turns_inside(var, log_term, starts: list, lo, hi, ctx) -> bool:
    """Whether ``(ln t)'`` changes sign inside ``(lo, hi)``: probed at ``starts`` and on a
    ladder from the first start towards each end (:data:`LADDER`); a value that cannot be
    computed counts as a turn (nothing is known)."""
    try:
        slope = compile_expr(sp.diff(log_term, var), [var], ctx)
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return True
    first, probes = starts[0], list(starts)
    for end in (lo, hi):
        for k in range(1, LADDER + 1):
            if ctx.isfinite(end):
                probes.append(end + (first - end) * ctx.mpf(2) ** -k)
            else:
                probes.append(first + (ctx.one if end > first else -ctx.one) * ctx.mpf(10) ** k)
    signs = set()
    for x in probes:
        if not lo < x < hi:
            continue
        try:
            v = slope(x)
        except (NumericError, TypeError, ValueError, ZeroDivisionError):
            return True
        if not ctx.isfinite(v):
            return True
        if v != 0:
            signs.add(v > 0)
    return len(signs) > 1


def _crossing(diff, start, lo, hi, ctx):
    """A root of ``diff`` (compiled with its derivative) by Newton's method from ``start``,
    with ``1/|diff'|`` there (the width of the switch), or ``None``."""
    f, d = diff
    x = start
    for _ in range(CROSS_STEPS):
        value, slope = f(x), d(x)
        if not (ctx.isfinite(value) and ctx.isfinite(slope)) or slope == 0:
            return None
        step = value / slope
        x = x - step
        if not lo < x < hi:
            return None
        if abs(step) <= ctx.mpf(2) ** -20 / abs(slope):
            return x, 1 / abs(d(x))
    return None


def _crossings(found, var, lo, hi, ctx) -> list:
    """Where two terms are equal (the sum switches from one to the other within
    ``1/|(ln t_i - ln t_j)'|``): Newton on ``ln t_i - ln t_j`` from one width on each side of
    the narrower term's mode."""
    out = []
    for i, (la, ma, wa) in enumerate(found[:MAX_CROSSING_TERMS]):
        for lb, mb, wb in found[i + 1:MAX_CROSSING_TERMS]:
            mode, width = (ma, wa) if wa <= wb else (mb, wb)
            try:
                e = sp.expand(la - lb)
                diff = (compile_expr(e, [var], ctx), compile_expr(sp.diff(e, var), [var], ctx))
                for side in (-1, 1):
                    got = _crossing(diff, mode + side * width, lo, hi, ctx)
                    if got is not None and got[1] < min(wa, wb):
                        out.append(got)  # (a switch as wide as the bumps is smooth on their pieces)
            except (NumericError, TypeError, ValueError, ZeroDivisionError):
                continue
    return out


def term_breaks(var: sp.Symbol, expr, support: tuple, ctx) -> Bumps:
    """Break points at the mode and ``+-3, +-12`` Laplace widths of each bump-like term of
    the sums in ``expr`` (numeric but for ``var``; ``support`` numeric SymPy ends), and at
    each point where two such terms cross (with ``+-3, +-12`` widths of that switch)."""
    return bump_breaks(var, bump_terms(expr, var), support, ctx)


def bump_factor(expr, var):
    """The factors of the product ``expr`` that can make a bump: exponentials and powers of
    expressions in ``var`` (no logarithm inside), multiplied; ``None`` without an exponential
    or two such powers among them (``x^2`` alone rises to an end).

    >>> x = sp.Symbol("x", positive=True)
    >>> bump_factor(-x**299 * sp.exp(-x) * (299 * sp.log(x) - x) / 7, x)
    x**299*exp(-x)
    >>> bump_factor(x**2 * sp.log(x), x) is None
    True
    """
    expr = sp.sympify(expr)
    if not isinstance(expr, sp.Mul):
        return None
    kept = [f for f in expr.args if f.has(var) and not any(n.has(var) for n in f.atoms(sp.log))
            and (isinstance(f, sp.exp) or (isinstance(f, sp.Pow) and f.exp.is_number))]
    if not any(isinstance(f, sp.exp) for f in kept) and len(kept) < 2:
        return None
    return sp.Mul(*kept)


def bump_breaks(var: sp.Symbol, terms: list, support: tuple, ctx) -> Bumps:
    """:func:`term_breaks` of the given bump-like ``terms`` (each searched on its own)."""
    try:
        lo, hi = (compile_expr(sp.sympify(s), [], ctx)() for s in support)
        first = compile_expr(default_cut(*support), [], ctx)()
    except (NumericError, TypeError, ValueError, ZeroDivisionError):
        return Bumps((), 0)
    missed = max(0, len(terms) - MAX_TERMS)
    found: list = []
    for term in terms[:MAX_TERMS]:
        log_term = sp.expand_log(sp.log(term), force=True)
        starts = [first]
        for c in _centres(term, var):
            try:
                v = compile_expr(c, [], ctx)()
            except (NumericError, TypeError, ValueError, ZeroDivisionError):
                continue
            if ctx.isfinite(v) and lo < v < hi:
                starts.append(v)
        hit = False
        for start in starts[:MAX_STARTS]:
            got = laplace_mode(var, log_term, start, (lo, hi), ctx)
            if got is None:
                continue
            hit = True
            mode, width = got
            if not any(abs(m - mode) <= min(w, width) for _l, m, w in found):
                found.append((log_term, mode, width))
        missed += not hit and _turns_inside(var, log_term, starts, lo, hi, ctx)
    note_missed(missed)
    peaks = _unresolved([(m, w) for _l, m, w in found], first, ctx)
    points = {}
    for mode, width in peaks + _crossings(found, var, lo, hi, ctx):
        m, w = _exact(mode), _exact(width)
        points.setdefault(mode, m)
        for k in WIDTHS:
            for side in (-1, 1):
                points.setdefault(mode + side * k * width, m + side * k * w)
    return Bumps(tuple(points[v] for v in sorted(points) if lo < v < hi), missed)
