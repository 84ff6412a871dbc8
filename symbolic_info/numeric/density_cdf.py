"""The two tails of a density with no closed-form CDF, integrated from the density's values.

``P(X > t)`` is the sum of the masses of the segments of a fixed grid (spacing ``h``, cut at
the density's kinks and the support's ends) from ``t`` outward, and ``P(X < t)`` the same
the other way: sums of positive terms, so that a far tail of 1e-60 keeps all its digits (no
``1 - F``).  Each segment's mass is computed by Clenshaw-Curtis on ``n = 8, 16, ..., 256``
points until two successive rules agree to the working precision (the error falls like
``rho^-n`` for a density analytic in the Bernstein ellipse ``E_rho``: Trefethen, "Is Gauss
quadrature better than Clenshaw-Curtis?", SIAM Rev. 50 (2008) 67-87, Thm. 5.1), in MPFR
where the density compiles to it; a segment on which it does not settle is halved.  A
segment that touches an end of the support or a kink, where the density may be singular or
not smooth, goes by tanh-sinh (:func:`~symbolic_info.numeric.cells.scaled_quad`).  On an
infinite side the segments stop where their masses fall with a ratio ``r < 1`` and ``m r /
(1 - r)`` is below ``10^-(digits + 10)`` of the sum: a bound on the rest left out when the
ratios keep falling (a log-concave tail), not a rigorous bound for every tail (the
reference's mass check, cells plus tails adding up to 1, is the safeguard).  Neither rule
is the reference's Gauss-Legendre.

:class:`DensityTail` is the SymPy node of one tail, evaluated by this module when compiled.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> cdf = DensityCDF(sp.exp(-x), x, sp.Integer(0), sp.oo, (), sp.Rational(1, 2))
>>> ctx = new_context(30)
>>> bool(abs(cdf.right(ctx.mpf(3), 30) / ctx.exp(-3) - 1) < 1e-28)
True
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .cells import scaled_quad
from .clenshaw_curtis import nodes_weights
from .context import NumericError, NumericNode, compile_expr, new_context
from .mpfr_eval import compile_mpfr, gmpy2, precision, to_mpfr, to_mpmath

__all__ = ["DensityCDF", "DensityTail", "density_cdf", "grid_spacing", "MAX_SEGMENTS",
           "MAX_NUMERIC_CELLS", "TooManySegmentsError"]

MAX_NUMERIC_CELLS = 2_000
"""Most cells of quantised-entropy for a law whose tails come from here (each cell edge
costs a quadrature; 2000 cells take a few seconds at 50 digits)."""

MAX_SEGMENTS = 20_000
"""Most grid segments summed for one tail: beyond, the law is too wide for its grid."""
_COUNTS = (8, 16, 32, 64, 128, 256)
_GUARD = 10
_HALVINGS = 30


class TooManySegmentsError(NumericError):
    """A tail needs more than :data:`MAX_SEGMENTS` segments of the grid."""


def grid_spacing(f, var, lo, hi) -> sp.Rational:
    """A power of 2 near an eighth of ``1 / max f`` (the width of a unimodal law of peak
    ``max f``), the density probed at 0, +-2^k (k = -20..20) and the support's finite ends'
    neighbourhood; 1 when no probe sees mass.  Only the cost depends on it.

    >>> x = sp.Symbol("x", real=True)
    >>> grid_spacing(sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi), x, -sp.oo, sp.oo)
    1/4
    """
    import math

    ctx = new_context(15)
    fn = compile_expr(f, [var], ctx)
    lo_v = ctx.mpf(-ctx.inf) if not lo.is_finite else compile_expr(lo, [], ctx)()
    hi_v = ctx.inf if not hi.is_finite else compile_expr(hi, [], ctx)()
    probes = [ctx.mpf(s) * ctx.mpf(2) ** k for k in range(-20, 21) for s in (-1, 1)] + [0]
    if ctx.isfinite(lo_v) and ctx.isfinite(hi_v):
        probes += [lo_v + (hi_v - lo_v) * j / 64 for j in range(1, 64)]
    else:
        for end in (lo_v, hi_v):
            if ctx.isfinite(end):
                probes += [end + s * ctx.mpf(2) ** k for k in range(-20, 21) for s in (-1, 1)]
    top = 0.0
    for t in probes:
        if not lo_v < t < hi_v:
            continue
        try:
            v = float(fn(t))
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if math.isfinite(v) and v > top:
            top = v
    if top <= 0:
        return sp.Integer(1)
    k = max(-40, min(40, round(math.log2(1 / (8 * top)))))
    return sp.Integer(2) ** k


class DensityCDF:
    """``right(t, digits)`` = P(X > t) and ``left(t, digits)`` = P(X < t) of the density
    ``f`` in ``var`` on ``[lo, hi]`` with ``kinks`` (exact, sorted) and the grid spacing
    ``h`` (see the module's docstring); masses and tails at the grid points are kept."""

    def __init__(self, f, var, lo, hi, kinks, h):
        self.f, self.var, self.lo, self.hi, self.h = f, var, lo, hi, sp.Rational(h)
        self.kinks = tuple(sorted(kinks, key=float))
        self.special = [p for p in (lo, *self.kinks, hi) if p.is_finite]
        self._float_special = [float(p) for p in self.special]
        self._ctx = {}
        self._masses = {}
        self._tails = {}
        coeff, self.shape = f.as_independent(var, as_Add=False)  # the constant once
        self.coeff = coeff
        self.fast = compile_mpfr(self.shape, var)

    def _at(self, digits: int):
        """``(ctx, f compiled, f's constant factor)`` at ``digits`` working digits."""
        if digits not in self._ctx:
            w = new_context(digits)
            c = compile_expr(self.coeff, [], w)()
            shape = compile_expr(self.shape, [self.var], w)
            self._ctx[digits] = (w, lambda t: c * shape(t), c)
        return self._ctx[digits]

    def _next(self, g, side: int):
        """The grid point after the exact point ``g`` in direction ``side`` (a kink or a
        finite end when nearer), or None past a finite end."""
        end = self.hi if side > 0 else self.lo
        if end.is_finite and (g >= end if side > 0 else g <= end):
            return None
        k = sp.floor(g / self.h) + 1 if side > 0 else sp.ceiling(g / self.h) - 1
        step = k * self.h
        for p in self.special:
            if (g < p < step) if side > 0 else (step < p < g):
                step = p
        return step

    def _segment(self, a, b, digits: int):
        """The mass of ``[a, b]`` (exact, a < b) at ``digits`` (kept)."""
        key = (a, b)
        kept = self._masses.get(key)
        if kept is not None and kept[0] >= digits:
            return kept[1]
        at = w, fn, _c = self._at(digits + _GUARD)
        u, v = _num(a, w), _num(b, w)
        if a in self.special or b in self.special:
            value = scaled_quad(w, fn, [u, v])
        else:
            value = self._cc(at, u, v, digits)
        self._masses[key] = (digits, value)
        return value

    def _cc(self, at, u, v, digits: int):
        """``int_u^v f`` by Clenshaw-Curtis on ``at = (ctx, f, c)`` from :meth:`_at` (MPFR
        on the shape, times the constant factor c, where the shape compiles to it)."""
        w, fn, c = at
        if self.fast is not None:
            with precision(w.prec + 10):
                s = _cc_fast(self.fast, to_mpfr(u), to_mpfr(v), digits + 3, _HALVINGS)
            if s is not None:
                return to_mpmath(s, w) * c
        return _clenshaw_curtis(w, fn, u, v, digits + 3, _HALVINGS)

    def _grid_tail(self, g, side: int, digits: int):
        """The tail beyond the grid point ``g`` (exact) in direction ``side``: the segments'
        masses summed from the outside in; on an infinite side the walk stops where the
        masses fall (ratio ``r < 1`` to the one before) and ``m r / (1 - r)``, the rest of a
        tail whose ratios keep falling (a log-concave one), is below ``10^-(digits + 10)``
        of the sum; the rest is left out, and only points whose own tail has that bound
        below the same fraction keep their value."""
        kept = self._tails.get((g, side))
        if kept is not None and kept[0] >= digits:
            return kept[1]
        w, _fn, _c = self._at(digits + _GUARD)
        eps = w.mpf(10) ** -(digits + _GUARD)
        end = self.hi if side > 0 else self.lo
        walked, total, previous, rest, bound, a = [], w.zero, None, w.zero, w.zero, g
        while True:
            kept = self._tails.get((a, side))
            if kept is not None and kept[0] >= digits and a != g:
                rest = kept[1]
                break
            b = self._next(a, side)
            if b is None:
                break
            m = self._segment(*sorted((a, b)), digits)
            walked.append((a, m))
            total += m
            if len(walked) > MAX_SEGMENTS:
                raise TooManySegmentsError(
                    f"its tail falls too slowly to be summed over {MAX_SEGMENTS} segments "
                    f"of width {sp.sstr(self.h)} (a tail heavier than exponential?)")
            if not end.is_finite and previous is not None and m < previous:
                r = m / previous
                if m * r / (1 - r) <= eps * total:
                    bound = m * r / (1 - r)
                    break
            previous, a = m, b
        for point, m in reversed(walked):  # every point's tail, from the outside in
            rest += m
            if bound <= eps * rest:
                self._tails[(point, side)] = (digits, rest)
        return rest if not walked else self._tails[(g, side)][1]

    def tail(self, t, side: int, digits: int):
        """P(X > t) (``side`` 1) or P(X < t) (``side`` -1) for the mpf ``t``, on a context of
        ``digits + 10`` digits."""
        digits = 10 * -(-digits // 10)  # fewer levels: the kept masses serve more requests
        at = w, fn, _c = self._at(digits + _GUARD)
        t = w.convert(t)
        q = self.h
        k = int(w.ceil(t * q.q / q.p)) if side > 0 else int(w.floor(t * q.q / q.p))
        g = k * q
        for p in self.special:  # a kink or an end between t and the grid point
            pv = _num(p, w)
            if (t < pv and p < g) if side > 0 else (pv < t and g < p):
                g = p
        end = self.hi if side > 0 else self.lo
        if end.is_finite and (g > end if side > 0 else g < end):
            g = end
        gv = _num(g, w)
        beyond = self._grid_tail(g, side, digits)
        if gv == t:
            return beyond
        ends = sorted([t, gv])
        near = any(abs(float(p) - float(t)) < 1e-300 for p in self._float_special) or \
            g in self.special
        piece = scaled_quad(w, fn, ends) if near else \
            self._cc(at, ends[0], ends[1], digits)
        return piece + beyond

    def right(self, t, digits: int):
        """P(X > t)."""
        return self.tail(t, 1, digits)

    def left(self, t, digits: int):
        """P(X < t)."""
        return self.tail(t, -1, digits)


def _num(value, w):
    if isinstance(value, sp.Rational):
        return w.mpf(value.p) / value.q
    return compile_expr(value, [], w)()


@lru_cache(maxsize=64)
def _rule(n: int, prec: int) -> tuple:
    """The n-point Clenshaw-Curtis rule on [0, 1] as (node, weight) raw mpf pairs."""
    return tuple((y, wt) for _k, y, wt in nodes_weights(n, prec))


@lru_cache(maxsize=64)
def _fast_rule(n: int, prec: int) -> tuple:
    """:func:`_rule` as MPFR pairs."""
    w = new_context(prec * 0.30103 + 5)
    return tuple((to_mpfr(w.make_mpf(y)), to_mpfr(w.make_mpf(wt))) for y, wt in _rule(n, prec))


def _converged(total, before, rel) -> bool:
    return before is not None and abs(total - before) <= abs(total) * rel


def _cc_fast(fast, a, b, digits: int, halvings: int):
    """:func:`_clenshaw_curtis` in MPFR (``a``, ``b`` MPFR numbers, the precision set), or
    None where a value is not finite."""
    width = b - a
    values, before = {}, None
    rel = gmpy2.mpfr(10) ** -digits
    top = _COUNTS[-1]
    prec = gmpy2.get_context().precision
    for n in _COUNTS:
        terms = []
        for k, (y, wt) in enumerate(_fast_rule(n, prec)):
            key = k * (top // n)
            if key not in values:
                v = fast(a + width * y)
                if not gmpy2.is_finite(v):
                    return None
                values[key] = v
            terms.append(wt * values[key])
        total = gmpy2.fsum(terms) * width
        if _converged(total, before, rel):
            return total
        before = total
    if halvings <= 0:
        return None
    mid = (a + b) / 2
    left = _cc_fast(fast, a, mid, digits, halvings - 1)
    right = None if left is None else _cc_fast(fast, mid, b, digits, halvings - 1)
    return None if right is None else left + right


def _clenshaw_curtis(w, fn, a, b, digits: int, halvings: int):
    """``int_a^b fn`` on ``w`` by Clenshaw-Curtis, doubling ``n`` until two rules agree to
    ``10^-digits`` relative (or both are 0); else the two halves, at most ``halvings``
    times deep."""
    width = b - a
    values, before = {}, None
    rel = w.mpf(10) ** -digits
    top = _COUNTS[-1]
    for n in _COUNTS:
        total = w.zero
        for k, (y, wt) in enumerate(_rule(n, w.prec)):
            key = k * (top // n)
            if key not in values:
                values[key] = fn(a + width * w.make_mpf(y))
            total += w.make_mpf(wt) * values[key]
        total *= width
        if _converged(total, before, rel):
            return total
        before = total
    if halvings <= 0:
        raise NumericError("the density's integral over a segment did not settle")
    mid = (a + b) / 2
    return _clenshaw_curtis(w, fn, a, mid, digits, halvings - 1) + \
        _clenshaw_curtis(w, fn, mid, b, digits, halvings - 1)


@lru_cache(maxsize=32)
def density_cdf(lam, lo, hi, kinks, h) -> DensityCDF:
    """The :class:`DensityCDF` of the density ``lam`` (a SymPy ``Lambda``), kept per law."""
    (u,), f = lam.args
    return DensityCDF(f, u, lo, hi, tuple(kinks), h)


class DensityTail(NumericNode):
    """``P(X > x)`` (``side`` 1) or ``P(X < x)`` (``side`` -1) of the density ``lam`` (a
    ``Lambda``, so that substituting ``x`` leaves it alone) on ``support = (lo, hi, kinks)``
    with grid spacing ``h``: arguments ``(side, lam, support, h, x)``; compiled by
    :class:`DensityCDF`, never by SymPy (``evalf`` gives None)."""

    def fdiff(self, argindex=5):
        if argindex != 5:
            raise sp.ArgumentIndexError(self, argindex)
        side, lam = self.args[0], self.args[1]
        return -side * lam(self.args[4])

    def _cdf(self) -> DensityCDF:
        _side, lam, support, h, _x = self.args
        lo, hi, *kinks = support
        return density_cdf(lam, lo, hi, tuple(kinks), h)

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        side = int(node.args[0])
        cdf = node._cdf()
        at = build(node.args[4])

        def value(v):
            return ctx.convert(cdf.tail(at(v), side, ctx.dps))

        return value

    def _latex(self, printer):
        side, x = int(self.args[0]), printer._print(self.args[4])
        return rf"P(X {'>' if side > 0 else '<'} {x})"

    def _sympystr(self, printer):
        side, x = int(self.args[0]), printer._print(self.args[4])
        return f"P(X {'>' if side > 0 else '<'} {x})"
