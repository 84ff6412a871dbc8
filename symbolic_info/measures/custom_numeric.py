"""Values without a closed form, each by two independent numerical methods.

When SymPy finds no closed form for an expectation, the derivation keeps it
as an integral (:class:`NumericIntegral`) or a series (:class:`NumericSeries`)
whose value the numeric evaluator computes with the project's own methods:

- an integral: the double-exponential quadrature of
  :mod:`symbolic_info.numeric.quadrature` (Takahasi & Mori 1974);
- a series: terms added outward with a geometric tail bound
  (:func:`symbolic_info.symbolic.sums.series_sum`), or, when the terms fall
  too slowly for that, a partial sum plus the Euler-Maclaurin tail (Abramowitz &
  Stegun 23.1.30) with derivatives, integral and remainder in closed form for a rational
  pmf's terms (:mod:`symbolic_info.numeric.em_closed`), else derivatives taken by SymPy
  and the tail integral by the same quadrature, its terms and corrections chosen for the
  digits and its remainder bounded (DLMF 2.10.1,
  :func:`symbolic_info.numeric.em_series.euler_maclaurin_sum`).

The references (:func:`integral_reference`, :func:`series_reference`) start from
the density as written, not from the kept integral's expanded terms: an integral
by the same double-exponential rules applied to that integrand as a compiled
callable (mpmath's own ``quad`` needed five times the nodes at 1000 digits), a
series by the Abel-Plana formula (terms falling algebraically, DLMF 2.10.2) or mpmath's
``nsum`` with its own Euler-Maclaurin (numerical derivatives).
A value is shown only when the two agree.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context, evaluate
>>> x = sp.Symbol("x", positive=True)
>>> ctx = new_context(30)
>>> ctx.nstr(evaluate(NumericIntegral(sp.exp(-x), (x, 0, sp.oo)), {}, ctx), 20)
'1.0'
>>> k = sp.Symbol("k", integer=True, positive=True)
>>> bool(abs(evaluate(NumericSeries(1 / k**2, (k, 1, sp.oo)), {}, ctx) - ctx.pi**2 / 6) < 1e-29)
True
"""

from __future__ import annotations

import sympy as sp
from sympy.concrete.expr_with_limits import AddWithLimits

from ..budget import within
from ..numeric.abel_plana import abel_plana_sum
from ..numeric.branches import kink_points
from ..numeric.bumps import bump_breaks, bump_factor, term_breaks
from ..numeric.context import NumericError, compile_expr
from ..numeric.em_series import euler_maclaurin_sum, slow
from ..numeric.log_zeros import zero_cuts
from ..numeric.peaks import peak_breaks
from ..numeric.quadrature import Density, integrate, integrate_expr
from ..numeric.tallied_memo import TalliedMemo
from ..symbolic.sums import series_sum

__all__ = ["KeptLimits", "NumericIntegral", "MixtureIntegral", "NumericSeries",
           "integral_reference", "density_cuts", "expanded_log", "factored_log",
           "series_reference",
           "kink_points", "peak_points", "INTEGRAL_METHOD", "SERIES_METHOD",
           "REFERENCE_SECONDS", "ABEL_PLANA_SECONDS", "analytic_terms"]

INTEGRAL_METHOD = (
    "double-exponential quadrature of the kept integral (the project's own rule)")
SERIES_METHOD = (
    "the series summed with a geometric tail bound, or as a partial sum plus the "
    "Euler-Maclaurin tail with derivatives in closed form or by SymPy (the project's own "
    "code)")
REFERENCE_SECONDS = 8.0
"""CPU seconds for an infinite series' reference by ``nsum`` (its numerical derivatives:
for ``sum ln k / k^2`` 0.3 s at 50 digits, 3 s at 100, 14 s at 150)."""
ABEL_PLANA_SECONDS = 20.0
"""CPU seconds for an infinite series' reference by the Abel-Plana formula (``sum ln k /
k^2``: 0.4 s at 100 digits, 1.1 s at 300, 5.3 s at 1000)."""


_MEMO = TalliedMemo(256)
"""Kept integrals' and series' values per (node, parameter values, precision)."""
_memo = _MEMO.get


def peak_points(expr, var) -> tuple:
    """The centres ``-b/(2a)`` of the Gaussian factors ``exp(a var^2 + b var + c)`` in ``expr``.

    A kept integral of a mixture of normals (:class:`MixtureIntegral`) is cut there: the
    light-tail rule then starts at each bump rather than at 0, and the piece between two
    bumps is analytic at both ends (Clenshaw-Curtis, not tanh-sinh).

    >>> x, mu = sp.Symbol("x", real=True), sp.Symbol("mu", real=True)
    >>> peak_points(sp.exp(-x**2 / 2) + sp.exp(-(x - mu)**2 / 2), x)
    (0, mu)
    """
    out = []
    for node in sorted(sp.sympify(expr).atoms(sp.exp), key=sp.default_sort_key):
        arg = sp.expand(node.args[0])
        if arg.has(var) and arg.is_polynomial(var):
            poly = sp.Poly(arg, var)
            if poly.degree() == 2:
                a, b, _c = poly.all_coeffs()
                out.append(sp.simplify(-b / (2 * a)))
    return tuple(dict.fromkeys(out))


def _weight_breaks(f, x, support: tuple, ctx) -> tuple:
    """Cuts at the bump of ``f``'s weight (:func:`~symbolic_info.numeric.bumps.bump_factor`):
    the integrand of ``h(prior)`` for a Gamma(300, 1) prior, ``-x^299 e^-x (...)``, peaks at
    299, 17 wide; cut only at the default 1, the rule from 0 missed it (0.00135 for 4.87)."""
    weight = bump_factor(f, x)
    return () if weight is None else bump_breaks(x, [weight], support, ctx).points


def _gamma_form(expr):
    return expr.replace(lambda e: isinstance(e, sp.factorial), lambda e: sp.gamma(e.args[0] + 1))


def _bound_at(node, build, ctx):
    """``(f, getters)``: the summand's outer symbols and closures for their values."""
    var = node.limits[0][0]
    outer = sorted(node.function.free_symbols - {var}, key=lambda s: s.name)
    return outer, [build(s) for s in outer]


class KeptLimits(AddWithLimits):
    """An integral or sum SymPy must not try to evaluate (``doit`` and ``simplify`` keep it)."""

    __slots__ = ()

    def doit(self, **hints):
        return self

    def _eval_simplify(self, **kwargs):
        return self


class NumericIntegral(KeptLimits):
    """``integral of f over (a, b)`` kept unevaluated; evaluated by quadrature."""

    __slots__ = ()

    def _latex(self, printer):
        return printer._print(sp.Integral(self.function, *self.limits))

    def _sympystr(self, printer):
        return printer._print(sp.Integral(self.function, *self.limits))

    _unicodestr = _sympystr  # the text format's printer (unicode_math) writes an integral

    @staticmethod
    def breaks(f, x) -> tuple:
        """Where the quadrature cuts the range: the kinks of ``f`` (:func:`kink_points`)."""
        return kink_points(f, x)

    def _mpmath_compile_(self, build, ctx):
        (x, lo, hi), = self.limits
        outer, getters = _bound_at(self, build, ctx)
        ends = [build(e) for e in (lo, hi)]

        def value(v):
            vals = tuple(g(v) for g in getters)
            a, b = (e(v) for e in ends)
            return _memo((self, vals, a, b, ctx.prec), lambda: integral(vals, a, b), ctx)

        def integral(vals, a, b):
            point = {s: sp.Float(str(x), ctx.dps) for s, x in zip(outer, vals, strict=True)}
            lo_s = lo.subs(point) if lo.free_symbols else lo
            hi_s = hi.subs(point) if hi.free_symbols else hi
            if ctx.isfinite(a) and not lo_s.is_number:
                lo_s = sp.Float(str(a), ctx.dps)
            if ctx.isfinite(b) and not hi_s.is_number:
                hi_s = sp.Float(str(b), ctx.dps)
            f = _gamma_form(self.function.subs(point))
            known = self.breaks(f, x) + _weight_breaks(f, x, (lo_s, hi_s), ctx)
            cuts = known + zero_cuts(f, x, (lo_s, hi_s), ctx, known)
            density = Density(x, sp.Integer(0), (lo_s, hi_s), cuts)
            return integrate_expr(density, (f,), lambda _lp, g: g, ctx)

        return value


class MixtureIntegral(NumericIntegral):
    """A kept integral of a mixture of normals: cut also at the components' centres
    (:func:`peak_points`), as the mixture's own pieces were.  Only where the caller knows
    the bumps are close: between two centres far apart (``normal(-2, 1)`` and
    ``normal(2, 1)``) Clenshaw-Curtis meets the zeros of the mixture near the real axis and
    gives up after thousands of points (22 s instead of 14 s at 1000 digits, measured)."""

    __slots__ = ()

    @staticmethod
    def breaks(f, x) -> tuple:
        return kink_points(f, x) + peak_points(f, x)


class NumericSeries(KeptLimits):
    """``sum of f(k) for k = a .. oo`` kept unevaluated; evaluated as in the module docstring."""

    __slots__ = ()

    def _latex(self, printer):
        return printer._print_Sum(self)

    def _sympystr(self, printer):
        return printer._print(sp.Sum(self.function, *self.limits))

    _unicodestr = _sympystr

    def _mpmath_compile_(self, build, ctx):
        (k, lo, hi), = self.limits
        outer, getters = _bound_at(self, build, ctx)
        term_expr = _gamma_form(self.function)
        f = compile_expr(term_expr, [k, *outer], ctx)

        def value(v):
            vals = tuple(g(v) for g in getters)
            return _memo((self, vals, ctx.prec), lambda: total(list(vals)), ctx)

        def total(vals):
            point = {s: sp.Float(str(x), ctx.dps) for s, x in zip(outer, vals, strict=True)}
            start = int(lo)
            stop = None if hi is sp.oo else int(hi)
            term = lambda j: f(ctx.mpf(j), *vals)  # noqa: E731
            if stop is None and slow(term, start, ctx):
                return euler_maclaurin_sum(term_expr.subs(point), k, start, ctx)
            return series_sum(term, start, stop, ctx)

        return value


def integral_reference(integrand, lo, hi, ctx, breaks=()):
    """``integral of integrand(x) over (lo, hi)``, split at ``breaks``.

    The integrand is a callable of ``x`` (the density as written, compiled once), and
    the rules are the project's double-exponential ones
    (:func:`symbolic_info.numeric.quadrature.integrate`: tanh-sinh on finite pieces,
    the light-tail rule of Mori & Sugihara (2001) or exp-sinh on infinite ones, nodes of
    1000-digit references read from disk).  mpmath's own ``quad`` split at 0, +-1, +-10,
    +-100 took 60,000 nodes for a normal's ``p ln(p/q)`` against a Laplace at 1000 digits
    (75 s); these rules take 12,000.  A range without breaks is cut at 0 (the real line)
    or one unit from its finite end.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(40)
    >>> v = integral_reference(lambda x: ctx.exp(-abs(x)) / 2, -ctx.inf, ctx.inf, ctx, [0])
    >>> ctx.nstr(v, 30)
    '1.0'
    """
    a, b = ctx.mpf(lo), ctx.mpf(hi)
    inner = sorted({ctx.mpf(c) for c in breaks if a < ctx.mpf(c) < b})
    x = sp.Dummy("x", real=True)
    density = Density(x, sp.Integer(0), (_exact(a), _exact(b)), tuple(map(_exact, inner)))

    def inside(v):
        """The integrand, 0 at a node that rounded onto an end where it is not finite:
        ``x = 1 - 10^-60`` is 1 at 50 digits, where ``ln(1 - x)`` is not finite (mpmath's
        quad never came closer).  A finite value there is kept: Clenshaw-Curtis samples
        the ends themselves, and a 0 in place of ``-p ln p = e^-1/10 ...`` at the prior's
        end made it fail on an integrand analytic there."""
        if v != a and v != b:
            return integrand(v)
        try:
            value = integrand(v)
        except (ArithmeticError, ValueError):
            return ctx.zero
        return value if ctx.isfinite(value) else ctx.zero

    return integrate(density, inside, ctx)


def expanded_log(expr):
    """``ln expr`` with its logarithms expanded (``ln(3 x^2) = ln 3 + 2 ln x`` for x > 0)."""
    return sp.expand(sp.expand_log(sp.log(expr), force=False))


def factored_log(expr):
    """``ln expr`` split into logarithms of its factors, each factor kept as written, for
    evaluation: :func:`expanded_log` turns ``ln((1 - x)^2)`` into ``ln(x^2 - 2x + 1)``, which
    cancels to ``ln 0`` (or the log of a negative number) next to ``x = 1``.

    >>> x = sp.Symbol("x", positive=True)
    >>> factored_log(12 * x * (1 - x) ** 2)
    log(x) + log((1 - x)**2) + log(12)
    """
    return sp.expand_log(sp.log(expr), force=False)


def density_cuts(var, density, support: tuple, ctx, breaks=(), logs=()) -> list:
    """Where :func:`integral_reference` cuts an integral weighted by ``density``, as mpfs.

    ``density`` is numeric but for ``var`` and ``support`` its numeric SymPy ends.  The cuts
    are ``breaks`` (kinks), the narrow peak of the density
    (:func:`~symbolic_info.numeric.peaks.peak_breaks`, from its expanded log) and the bump
    of each term of every sum in its log and in ``logs`` (other log-densities or factors of
    the integrand; :func:`~symbolic_info.numeric.bumps.term_breaks`), the cuts the kept
    integrals get: a reference without them integrates a far or narrow bump on a piece
    that places no node in it.  From 150 digits also where the density's sums vanish off
    the axis (:func:`~symbolic_info.numeric.log_zeros.zero_cuts`): the reference of
    ``h(1/3 normal(0, 1) + 2/3 laplace(5, 2))`` at 1010 digits took 16.5 s of CPU cut at the
    kink alone, 6.7 s so.

    >>> from symbolic_info.numeric.context import new_context
    >>> x, ctx = sp.Symbol("x", real=True), new_context(30)
    >>> bump = 1000 * sp.exp(-(1000 * (x - 37))**2 / 2)  # normal(37, 1/1000), unnormalised
    >>> p = (sp.exp(-x**2 / 2) + bump) / (2 * sp.sqrt(2 * sp.pi))
    >>> f = compile_expr(p, [x], ctx)
    >>> ctx.nstr(integral_reference(f, -ctx.inf, ctx.inf, ctx), 15)  # the bump at 37 missed
    '0.5'
    >>> cuts = density_cuts(x, p, (-sp.oo, sp.oo), ctx)
    >>> ctx.nstr(integral_reference(f, -ctx.inf, ctx.inf, ctx, cuts), 15)
    '1.0'
    """
    at = tuple(sp.sympify(b) for b in breaks)
    at += peak_breaks(var, expanded_log(density), support, at, ctx)
    at += term_breaks(var, sp.Add(sp.log(density), *logs), support, ctx).points
    at += zero_cuts(sp.Add(sp.log(density), *logs), var, support, ctx, at)
    return [compile_expr(c, [], ctx)() for c in at]


def _exact(v):
    """``v`` (an mpf) as a SymPy number carrying all of its bits (``+-oo`` kept)."""
    if v == v.context.inf:
        return sp.oo
    if v == -v.context.inf:
        return -sp.oo
    return sp.Float(v, precision=v.context.prec)  # (without it: 53 bits)


def analytic_terms(*exprs) -> bool:
    """True when every expression is built from numbers, symbols, ``+``, ``*``, powers,
    ``exp`` and ``ln`` alone: its terms continue analytically to complex ``k`` through the
    principal branches, as the Abel-Plana reference needs (``|k|``, ``min``, Gamma with
    its branch of ``ln Gamma`` do not).

    A part free of symbols is a constant whatever it holds (``zeta(3/2)``, ``Gamma(1/3)``).

    >>> k = sp.Symbol("k", positive=True)
    >>> analytic_terms(6 / (sp.pi**2 * k**2) * sp.log(k)), analytic_terms(1 / sp.Abs(k - 3))
    (True, False)
    >>> analytic_terms(1 / (sp.zeta(sp.Rational(3, 2)) * k**sp.Rational(3, 2)))
    True
    """
    allowed = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log)
    for e in exprs:
        walk = sp.preorder_traversal(sp.sympify(e))
        for node in walk:
            if node.is_Atom or node.is_number:  # a constant: its inside does not matter
                walk.skip()
            elif not isinstance(node, allowed):
                return False
    return True


def series_reference(term, lo: int, hi, ctx, analytic: bool = False, inner=()):
    """``sum of term(k) for k = lo .. hi`` (``hi`` ``None``: infinity).

    A finite sum is added exactly on ``ctx``.  An infinite one whose terms are
    ``analytic`` (:func:`analytic_terms` of the formulas behind ``term``) and fall
    algebraically goes by the Abel-Plana formula (:mod:`symbolic_info.numeric.abel_plana`,
    its integrals by :func:`integral_reference`; ``inner``: the pmfs whose logarithms the
    terms take); any other by mpmath's ``nsum`` with its Euler-Maclaurin method (numerical
    derivatives).  Each within its CPU budget.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(100)
    >>> s = series_reference(lambda k: ctx.log(k) / k**2, 1, None, ctx, analytic=True)
    >>> bool(abs(s + ctx.zeta(2, derivative=1)) < ctx.mpf(10) ** -98)
    True
    """
    if hi is not None:
        return ctx.fsum(term(ctx.mpf(j)) for j in range(lo, hi + 1))
    if analytic:
        def integral(f, a, b, cuts):
            return integral_reference(f, a, b, ctx, cuts)

        value = within(ABEL_PLANA_SECONDS, lambda: abel_plana_sum(term, lo, ctx, integral, inner),
                       NumericError(f"the reference sum (Abel-Plana) takes more than "
                                    f"{ABEL_PLANA_SECONDS:g} s of CPU at {ctx.dps} digits"))
        if value is not None:
            return value
    return within(REFERENCE_SECONDS,
                  lambda: ctx.nsum(term, [lo, ctx.inf], method="euler-maclaurin"),
                  NumericError(f"the reference sum (mpmath's nsum) takes more than "
                               f"{REFERENCE_SECONDS:g} s of CPU at {ctx.dps} digits"))
