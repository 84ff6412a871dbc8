"""The masses of a quantised law's far cells, ``c`` a real or complex cell index (the
Euler-Maclaurin sums of :mod:`.cell_tails` take them): the value's from the law's two tails
(:func:`cdf_mass`), the reference's from the density by Gauss-Legendre on the cell
(:func:`density_mass`, with :func:`tail_nodes` nodes), no CDF involved.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> f = sp.exp(-x) / (1 + sp.exp(-x))**2
>>> pieces = ((-sp.oo, sp.oo, sp.exp(-x) / (1 + sp.exp(-x)), 1 / (1 + sp.exp(-x))),)
>>> ctx = new_context(30)
>>> by_cdf = cdf_mass(pieces, x, sp.Rational(1, 10), 1, f)(ctx.mpf(50), ctx)
>>> by_density = density_mass(f, x, sp.Rational(1, 10), 20)(ctx.mpf(50), ctx)
>>> bool(abs(by_cdf - by_density) < 1e-28 * by_cdf)
True
"""

from __future__ import annotations

import math

import sympy as sp

from .context import NumericError, compile_expr, new_context
from .em_sum import CIRCLE
from .mpfr_eval import compile_mpfr, gmpy2, mpfr_rule, to_mpfr, to_mpmath

__all__ = ["cdf_mass", "density_mass", "mass_estimate", "tail_nodes", "exp_split"]


def _digits(value) -> int:
    """Working digits rounded up to a multiple of 10 (few compiled contexts)."""
    return 10 * -(-int(value) // 10)


def cdf_mass(pieces, var, delta, side: int, density):
    """``mass(c, ctx)``: the mass of the cell ``[c delta, (c + 1) delta)`` (``c`` real or
    complex, on ``ctx``) from the right tail (``side = 1``) or the left tail (-1): a
    difference of two tail values, recomputed with the digits it cancels.  ``density``
    (switch-free) gives ``mass.estimate``, the mass's size in low precision."""
    from .cells import mpfr_tails, tails_at

    estimate = mass_estimate(density, var, delta)
    fast = mpfr_tails(pieces, var)

    def mass(c, ctx):
        # an algebraic tail's difference cancels about log10(c) digits: start there
        digits = _digits(ctx.dps + 15 + int(ctx.log10(abs(c) + 1)))
        for _ in range(6):
            tails = tails_at(pieces, var, digits)
            w = tails.ctx
            a, b = w.convert(c) * w.mpf(delta.p) / delta.q, \
                (w.convert(c) + 1) * w.mpf(delta.p) / delta.q
            k = _piece(tails, a if side > 0 else b)
            big, small = _tail_values(tails, fast, k, side, a, b)
            p = big - small
            if p != 0 and abs(big) < abs(p) * w.mpf(10) ** (digits - ctx.dps - 8):
                return ctx.convert(p)
            lost = int(w.log10(abs(big) / abs(p))) + 1 if p != 0 else digits
            digits = _digits(ctx.dps + 20 + max(lost, digits))
        raise NumericError("a far cell's mass cancels in every precision tried")

    mass.estimate = estimate
    return mass


def _tail_values(tails, fast, k, side: int, a, b) -> tuple:
    """``(R(a), R(b))`` (``side = 1``) or ``(L(b), L(a))`` of the piece ``k`` of ``tails``,
    on its context: by MPFR (the forms ``fast`` of :func:`~.cells.mpfr_tails`, at the same
    binary precision, each operation correctly rounded) for real edges where the form
    compiles and both values are finite and the first is not 0 (an MPFR underflow), else by
    mpmath; the far tails' integral takes thousands of masses (the mixture of
    normal(0, 1000) and cauchy(0, 1): 0.2 ms each by mpmath)."""
    w, col = tails.ctx, 0 if side > 0 else 1
    first, second = (a, b) if side > 0 else (b, a)
    form = fast[k][col] if fast is not None and not hasattr(a, "_mpc_") else None
    if form is not None:
        with gmpy2.context(precision=w.prec):
            try:
                v1, v2 = form(to_mpfr(first)), form(to_mpfr(second))
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                v1 = v2 = None
            if v1 is not None and gmpy2.is_finite(v1) and gmpy2.is_finite(v2) and v1 != 0:
                return to_mpmath(v1, w), to_mpmath(v2, w)
    return tails.forms[k][col](first), tails.forms[k][col](second)


def mass_estimate(density, var, delta):
    """``estimate(c)``: ``delta f`` at the middle of the cell ``c``, in low precision (the
    size of its mass where the density barely changes across a cell); 0 where it fails."""
    from .cells import LOW_DIGITS

    low = new_context(LOW_DIGITS)
    f_low = compile_expr(density, [var], low)
    d_low = low.mpf(delta.p) / delta.q

    def estimate(c):
        try:
            return abs(d_low * f_low((low.convert(c) + low.mpf(1) / 2) * d_low))
        except (ValueError, ZeroDivisionError):
            return low.zero

    return estimate


def _piece(tails, t) -> int:
    """The piece of ``tails`` that holds the real part of ``t``."""
    re = t.real if hasattr(t, "imag") else t
    for k, (_a, b) in enumerate(tails.ends):
        if re <= b:
            return k
    return len(tails.ends) - 1


def density_mass(density, var, delta, nodes):
    """``mass(c, ctx)``: the density's integral over the cell ``[c delta, (c + 1) delta)``
    by the ``nodes``-point Gauss-Legendre rule (``c`` real or complex), no CDF involved;
    ``nodes`` a count, or ``nodes(c)`` the count for the cell ``c``.  A density ``g(x)
    e^(b x)`` (the gamma's far tail) takes ``e^(b x)`` at the nodes ``x = mid + half t_i``
    as ``e^(b mid) e^(b half t_i)``, the second factor folded into the rule's weights once
    per precision: one exponential a cell instead of one a node (the same rule, the same
    sum, each node's value rounded differently)."""
    from .gauss_cells import gauss_legendre_points

    compiled = {}
    shape, slope = exp_split(density, var)
    coeff, rest = shape.as_independent(var, as_Add=False)  # the constant once a cell
    fast, fast_coeff = compile_mpfr(rest, var), compile_mpfr(coeff, var)
    if fast_coeff is None:
        fast, fast_coeff = compile_mpfr(shape, var), compile_mpfr(sp.Integer(1), var)
    count = nodes if callable(nodes) else (lambda _c, _dps=None: nodes)
    digits = getattr(nodes, "dps", 0)  # a cell asked for at fewer digits takes fewer nodes

    def mass(c, ctx):
        n = count(c) if ctx.dps >= digits else count(c, ctx.dps)
        if (ctx.dps, n) not in compiled:
            w = new_context(ctx.dps + 5)
            t, wt = gauss_legendre_points(n, w.dps)
            half = w.mpf(delta.p) / (2 * delta.q)
            b = w.mpf(slope.p) / slope.q
            wt = [w.convert(v) * w.exp(b * half * w.convert(u)) for u, v in zip(t, wt,
                                                                               strict=True)]
            compiled[ctx.dps, n] = (w, compile_expr(shape, [var], w),
                                    [w.convert(v) for v in t], wt,
                                    None if fast is None else mpfr_rule(t, wt))
        w, f, t, wt, rule = compiled[ctx.dps, n]
        if rule is not None and not hasattr(c, "_mpc_"):  # real: MPFR, the same arithmetic
            got = _rule_mpfr(fast, rule, c, delta, w, slope, fast_coeff)
            if got is not None:
                return ctx.convert(got)
        half = w.mpf(delta.p) / (2 * delta.q)
        mid = (w.convert(c) + w.mpf(1) / 2) * 2 * half
        scale = w.exp(w.mpf(slope.p) / slope.q * mid) if slope else 1
        return ctx.convert(scale * half * w.fsum(v * f(mid + half * u)
                                                 for u, v in zip(t, wt, strict=True)))

    mass.estimate = mass_estimate(density, var, delta)
    return mass


def exp_split(density, var) -> tuple:
    """``(g, b)`` with ``density = g e^(b var)``, ``b`` rational, ``g`` free of any
    exponential of ``var`` (``b = 0`` and the density itself otherwise).

    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> exp_split(4 * x**sp.Rational(3, 2) * sp.exp(-x) / (3 * sp.sqrt(sp.pi)), x)
    (4*x**(3/2)/(3*sqrt(pi)), -1)
    >>> exp_split(sp.exp(-x**2 / 2), x)
    (exp(-x**2/2), 0)
    """
    rest, slope = [], sp.Integer(0)
    for factor in sp.Mul.make_args(density):
        if isinstance(factor, sp.exp) and factor.has(var):
            lin = sp.expand(factor.args[0])
            b = lin.coeff(var, 1)
            if not isinstance(b, sp.Rational) or (lin - b * var).has(var):
                return density, sp.Integer(0)
            slope += b
            rest.append(sp.exp(lin - b * var))
        else:
            rest.append(factor)
    shape = sp.Mul(*rest)
    if slope == 0 or shape.has(sp.exp) and any(
            e.has(var) for e in shape.atoms(sp.exp)):
        return density, sp.Integer(0)
    return shape, slope


def _rule_mpfr(fast, rule, c, delta, w, slope=0, coeff=None):
    """The Gauss-Legendre ``rule`` (MPFR pairs) on the cell ``c`` (real) of the density
    ``fast`` (compiled to MPFR) times ``e^(slope x)`` (folded into the rule's weights but
    ``e^(slope mid)``, :func:`density_mass`) and the constant ``coeff`` (compiled, taken
    once a cell: ``1/sqrt(pi)`` at each node was half the gamma's square roots) at ``w``'s
    binary precision, as
    :func:`density_mass` takes it by mpmath (``mid = (c + 1/2) delta``, ``half = delta /
    2``), on ``w``; None when a value is not finite or the sum is not positive (an
    underflow: mpmath takes it)."""
    with gmpy2.context(precision=w.prec):
        half = gmpy2.mpfr(delta.p) / (2 * delta.q)
        mid = (to_mpfr(w.convert(c)) + gmpy2.mpfr(0.5)) * 2 * half
        try:
            total = gmpy2.fsum([v * fast(mid + half * u) for u, v in rule])
            if coeff is not None:
                total *= coeff(mid)
            if slope:
                total *= gmpy2.exp(gmpy2.mpfr(int(slope.p)) / int(slope.q) * mid)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not gmpy2.is_finite(total) or not total > 0:
            return None
        return to_mpmath(half * total, w)


def _rule_digits(n: int, rho_max: float, beta: float) -> float:
    """The digits of an ``n``-point Gauss-Legendre rule on a cell of ``g(x) e^(b x)``:
    ``2 n log10(rho) - log10(e) beta (rho + 1/rho) / 2`` at ``rho = min(rho_max, 4 n /
    beta)`` (where its derivative in ``rho`` vanishes)."""
    rho = min(rho_max, 4 * n / beta)
    return 2 * n * math.log10(rho) - math.log10(math.e) * beta * (rho + 1 / rho) / 2


def tail_nodes(side, var, delta, dps: int):
    """``nodes(c)``: the Gauss-Legendre nodes for the cell ``c`` of the far tail ``side`` (a
    :class:`~.cell_tails.FarSide`):
    an n-point rule errs by ``O(rho^-2n)`` on a function analytic inside the Bernstein
    ellipse of parameter ``rho`` around the cell (Trefethen, *Approximation Theory and
    Approximation Practice*, Thm. 19.3), ``rho ~ 4 reach`` for a singular point ``reach``
    cells away, so ``(dps + 15) / (2 log10(4 reach))`` nodes (two more) give ``dps + 15``
    digits; ``reach`` the cell's distance to the law's centre (``side.distance`` plus the
    cells out) or to the density's nearest singular point, whichever is less, and for a
    complex ``c`` (the circle of the Bernoulli terms) the first cell's, ``CIRCLE`` times
    the circle's radius.  Far out a cell needs 6 nodes where the first needs 14 (the
    Cauchy mixture of issue 13 at 60 digits).  A density ``g(x) e^(b x)`` grows by
    ``e^(beta (rho + 1/rho) / 2)`` on that ellipse, ``beta = |b| delta / 2``, so the digits
    are ``2 n log10(rho) - 0.434 beta (rho + 1/rho) / 2`` at the best ``rho <= 4 reach``
    (:func:`_lost`): gamma(5/2, 1) at delta 1/100, 52,000 cells out, 98 nodes gave 876
    digits of 1020, where 116 give them all.  ``nodes(c, digits)``: the count for a cell
    asked for at fewer digits (:func:`~.exp_tail.exp_tail_integral`'s far nodes)."""
    from .tail_remainder import singular_points

    points = [complex(p) for p in singular_points(side.branch, var)]
    d = float(delta)

    beta = abs(float(exp_split(side.branch, var)[1])) * d / 2  # |b| delta / 2

    def count(reach: float, digits: int) -> int:
        n = max(6, math.ceil((digits + 15) / (2 * math.log10(4 * max(reach, 1.0)))) + 2)
        while beta and _rule_digits(n, 4 * max(reach, 1.0), beta) < digits + 15:
            n += max(1, n // 16)
        return n

    def nodes(c, digits: int = dps) -> int:
        first = count(min(side.distance, CIRCLE * side.radius + 1), digits)
        if hasattr(c, "_mpc_") or hasattr(c, "imag") and c.imag != 0:
            return first
        x = float(c)
        near = min((abs(complex((x + 0.5) * d) - p) / d for p in points), default=math.inf)
        return min(first, count(min(side.distance + abs(x - side.start), near - 1), digits))

    nodes.dps = dps
    return nodes
