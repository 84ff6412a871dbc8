"""The independent references of ``kl/<family>`` and ``cross-entropy/<family>``.

Each integrates ``p ln(p/q)`` (or ``-p ln q``) from the two log-densities, never from the
steps of :mod:`symbolic_info.measures.divergence`: tanh-sinh quadrature split at both
distributions' break points (rewritten as ``p (r - 1 - ln r)`` when P is close to Q); for two
normals a trapezoidal rule with stated error bounds (Trefethen & Weideman 2014, Thm. 5.1);
for the Cauchy the trapezoidal rule on a circle; for the lognormal the trapezoidal rule
after its Gaussian change of variable.

Example
-------
>>> from symbolic_info.numeric.context import new_context, to_decimal
>>> reference, _ = kl_reference(FAMILIES["exponential"])
>>> one, two = (suffixed_symbols(FAMILIES["exponential"], k)["lambda"] for k in "12")
>>> ctx = new_context(30)
>>> to_decimal(reference({one: sp.Integer(2), two: sp.Integer(1)}, ctx), 20, ctx)  # ln 2 - 1/2
'0.19314718055994530942'
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..families import FAMILIES, Family
from ..numeric.change_of_variable import gaussian_expectation
from ..numeric.context import NumericError, compile_expr, to_mpf
from ..numeric.gauss_trapezoid import gauss_trapezoid
from ..numeric.log_terms import excess
from ..numeric.periodic import cauchy_divergence
from ..numeric.quadrature import RULES_TEXT, Density, integrate_expr
from ..symbolic.substitute import substitute

__all__ = ["kl_reference", "quad_reference", "pair_density", "renamer", "suffixed_symbols"]


def suffixed_symbols(family: Family, suffix: str) -> dict:
    """Base parameter name -> the suffixed symbol."""
    return {p.name: sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
            for p in family.params}


def renamer(family: Family, suffix: str) -> dict:
    """The family's own symbols -> the suffixed ones (``mu`` -> ``mu1``), for ``xreplace``."""
    return {p.symbol: suffixed_symbols(family, suffix)[p.name] for p in family.params}


# --- references ---------------------------------------------------------------------------

def pair_density(fam: Family, point: dict) -> tuple:
    """P's density (with both distributions' break points) and Q's log-density at ``point``."""
    r1, r2 = renamer(fam, "1"), renamer(fam, "2")
    support = tuple(sp.sympify(s).xreplace(r1) for s in (fam.quad_support or fam.support))
    breaks = tuple(sp.sympify(b).xreplace(r) for r in (r1, r2) for b in fam.breaks)
    dp = Density(fam.var, fam.logpdf.xreplace(r1), support, breaks).at(point)
    return dp, substitute(fam.logpdf.xreplace(r2), point)


def _changed_pair(fam: Family, point: dict, cross: bool) -> tuple:
    """:func:`pair_density` in P's change of variable ``x = x(u)`` (the family's
    :attr:`~symbolic_info.families.Family.change`): P's density in ``u``, and ``ln q`` at
    ``x(u)``, plus the log-Jacobian for the KL (``ln(p/q)`` is unchanged: both carry it) and
    without it for the cross-entropy (``-ln q`` is a value of Q's log-density)."""
    r1 = renamer(fam, "1")
    change = fam.change.renamed(r1)
    dp, _ = pair_density(fam, {})
    logq = change.expr(fam.logpdf.xreplace(renamer(fam, "2")), fam.var)
    if not cross:
        logq += change.log_jacobian
    return change.density(dp).at(point), substitute(logq, point)


def _outside_mass(fam: Family, point: dict, ctx, of: str = "1", outside: str = "2",
                  cut: bool = False):
    """Probability under the distribution with suffix ``of`` (P by default) of the part
    of its support outside the support of the one with suffix ``outside`` (quadrature).

    With ``cut``, both ranges are the quadrature ranges (``quad_support``), whose
    omitted mass is below ``e^-TAIL``: no density is evaluated outside them.
    """
    r1, r2 = renamer(fam, of), renamer(fam, outside)
    ends = (fam.quad_support or fam.support) if cut else fam.support
    lo1, hi1 = (compile_expr(substitute(sp.sympify(s).xreplace(r1), point), [], ctx)()
                for s in ends)
    lo2, hi2 = (compile_expr(substitute(sp.sympify(s).xreplace(r2), point), [], ctx)()
                for s in ends)
    pieces = []
    if lo1 < lo2:
        pieces.append((lo1, min(hi1, lo2)))
    if hi1 > hi2:
        pieces.append((max(lo1, hi2), hi1))
    if not any(a < b for a, b in pieces):
        return ctx.zero
    lp = compile_expr(substitute(fam.logpdf.xreplace(r1), point), [fam.var], ctx)
    return ctx.fsum(ctx.quad(lambda t: ctx.exp(lp(t)), [a, b]) for a, b in pieces if a < b)


NONNEGATIVE_BELOW = 10**-8
"""A quadrature KL below this many nats is recomputed with the integrand p (r - 1 - ln r)."""
CLOSE_BELOW = 10**-3
"""P counts as close to Q when |ln q - ln p| at P's break points stays below this."""


def _closeness(dp, logq, ctx):
    """The largest ``|ln q - ln p|`` at P's break points (its bulk), or ``None``."""
    lp, lq = (compile_expr(e, [dp.var], ctx) for e in (dp.logpdf, logq))
    worst = None
    for b in dp.breaks:
        try:
            x = compile_expr(sp.sympify(b), [], ctx)()
            d = abs(lq(x) - lp(x))
        except (NumericError, ValueError, ZeroDivisionError):
            continue
        if ctx.isfinite(d):
            worst = d if worst is None else max(worst, d)
    return worst


def quad_reference(fam: Family, cross: bool = False) -> Callable:
    """Quadrature of ``p ln(p/q)`` (or ``-p ln q``) over P's range, ``+inf`` off Q's support.

    ``p ln(p/q)`` changes sign where ``p = q``: when P is close to Q the
    integral (about ``E[delta^2]/2`` for ``delta = ln(q/p)``) is far below
    the integral of its absolute value (about ``E|delta|``), to which the
    quadrature error is relative.  So when ``|delta|`` at P's break points is
    below :data:`CLOSE_BELOW`, or the plain integral comes out below
    :data:`NONNEGATIVE_BELOW`, the integrand is ``p (r - 1 - ln r) >= 0``
    with ``r = q/p`` (:func:`~symbolic_info.numeric.log_terms.excess`), which
    integrates to ``D(P||Q) - 1 + Q(P's range)``, plus Q's mass outside P's
    range; and ``delta``, a difference of two log-densities of size 1, is
    formed with ``log10(1/|delta|)`` extra digits so that it keeps the
    working precision.
    """

    def integral(dp, logq, combine, ctx):  # exact cancellation at finite ends of the support
        return integrate_expr(dp, (logq,), combine, ctx)

    def nonnegative(point, dp, logq, ctx, size):
        # at most doubling: a first value that missed everything (10^-(10^61) from ln p
        # evaluated short of the digits it cancels) must not ask for 10^61 digits
        extra = 5 + min(ctx.dps, max(0, int(-ctx.log10(size)))) if size else 5
        with ctx.workdps(ctx.dps + extra):
            value = integral(dp, logq, lambda v, w: ctx.exp(v) * excess(w - v, ctx), ctx)
            value += _outside_mass(fam, point, ctx, of="2", outside="1", cut=True)
        return +value

    def reference(point, ctx):
        if _outside_mass(fam, point, ctx) > 0:
            return ctx.inf
        changed = _circle_reference(fam, point, ctx, cross)
        if changed is None:
            changed = _changed_reference(fam, point, ctx, cross)
        if changed is not None:
            return changed
        dp, logq = (_changed_pair(fam, point, cross) if fam.change is not None
                    else pair_density(fam, point))
        if cross:
            return integral(dp, logq, lambda v, w: -ctx.exp(v) * w, ctx)
        close = _closeness(dp, logq, ctx)
        if close is not None and close < CLOSE_BELOW:
            return nonnegative(point, dp, logq, ctx, close)
        value = integral(dp, logq, lambda v, w: ctx.exp(v) * (v - w), ctx)
        if abs(value) >= NONNEGATIVE_BELOW:
            return value
        return nonnegative(point, dp, logq, ctx, ctx.sqrt(abs(value)))

    return reference


def _circle_reference(fam: Family, point: dict, ctx, cross: bool):
    """``integral p ln(p/q)`` (or ``-p ln q``) by the trapezoidal rule on the circle ``x =
    location + scale tan(u)`` when the family declares one (the Cauchy), else (or when its
    checks fail) ``None`` (:func:`~symbolic_info.numeric.periodic.cauchy_divergence`)."""
    if fam.circle is None:
        return None
    r1, r2 = renamer(fam, "1"), renamer(fam, "2")
    poles = [tuple(substitute(sp.sympify(c).xreplace(r), point) for c in fam.circle)
             for r in (r1, r2)]
    logp, logq = (substitute(fam.logpdf.xreplace(r), point) for r in (r1, r2))
    return cauchy_divergence(logp, logq, fam.var, *poles, cross, ctx)


def _changed_reference(fam: Family, point: dict, ctx, cross: bool):
    """``integral p ln(p/q)`` (or ``-p ln q``) by the trapezoidal rule in the family's change
    of variable when it makes P Gaussian (the lognormal in ``u = ln x``; the Jacobian cancels
    in ``ln(p/q)``), else ``None``
    (:func:`~symbolic_info.numeric.change_of_variable.gaussian_expectation`)."""
    if fam.change is None or fam.change.gaussian is None:
        return None
    r1, r2 = renamer(fam, "1"), renamer(fam, "2")
    logp, logq = fam.logpdf.xreplace(r1), fam.logpdf.xreplace(r2)
    return gaussian_expectation(fam.change.renamed(r1), logp, -logq if cross else logp - logq,
                                fam.var, point, ctx)


CHANGE_METHOD = (
    "trapezoidal rule for the integral of p ln(p/q) (both log-densities at x = {x}) in "
    "z = (u - {loc})/{scale} after the change of variable x = {x}, dx = {jac} du (P's u-density "
    "checked normal and the factor a quadratic in u at 9 points; twice the digits when P is "
    "close to Q); step and cut-off chosen so that the strip bound of Trefethen & Weideman (2014, "
    "Thm. 5.1; the integrand is entire) and the Gaussian tail bound are each below "
    "10^-(dps+5); the quadrature below if the check fails: ")


CIRCLE_METHOD = (
    "trapezoidal rule on the circle x = c + w tan(u), u in (-pi/2, pi/2), c + i w the "
    "hyperbolic midpoint of the two densities' poles, where p (r - 1 - ln r), r = q/p (both "
    "log-densities at x(u)), is periodic and analytic; nodes doubled until two sums agree to "
    "half the digits and both laws have mass 1 on the circle; the quadrature below if a check "
    "fails: ")
"""The circle's rule in words (:func:`_circle_reference`)."""
CIRCLE_CROSS_METHOD = CIRCLE_METHOD.replace("; nodes", "; plus h(P) = ln(pi {s}) + 2 ln 2 on "
                                            "P's own circle x = {x} + {s} tan(u), where P is "
                                            "uniform (checked at 7 points; Euler: the integral "
                                            "of ln cos u over (0, pi/2) is -(pi/2) ln 2); nodes")
"""The same for ``H(P, Q) = D(P||Q) + h(P)``."""


CHANGE_QUAD_METHOD = ("in P's variable u = {u} (x = {x}, |dx/du| = {jac}, the break points "
                      "taken in u; p ln(p/q) keeps its value, p dx = p_u du): ")


QUAD_METHOD = (f"{RULES_TEXT} of p ln(p/q) over P's support from the two log-densities, "
               "split at both distributions' break points; +inf when quadrature of p over the "
               "part of P's support outside Q's gives positive mass")
QUAD_KL_FORM = ("; when P is close to Q (|ln q - ln p| < 1e-3 at P's break points, or a plain "
                "integral below 1e-8 nats), where p ln(p/q) cancels, the integrand is rewritten "
                "as p (r - 1 - ln r) >= 0 with r = q/p, which integrates to D(P||Q) - 1 + "
                "(Q's mass on P's range), Q's mass outside P's range is added by quadrature of "
                "q, and ln q - ln p is formed with log10(1/|ln q - ln p|) extra digits")


def _normal_reference(point, ctx, cross: bool = False):
    """``integral p ln(p/q)`` (or ``-p ln q``) for two normals: trapezoidal rule in
    ``z = (x - mu1)/sigma1``."""
    fam = FAMILIES["normal"]
    s1, s2 = suffixed_symbols(fam, "1"), suffixed_symbols(fam, "2")
    m1, sd1, m2, sd2 = (to_mpf(point[s], ctx) for s in (s1["mu"], s1["sigma"], s2["mu"],
                                                        s2["sigma"]))
    dp, logq = pair_density(fam, point)
    lp = compile_expr(dp.logpdf, [fam.var], ctx)
    lq = compile_expr(logq, [fam.var], ctx)

    def f(z):
        x = m1 + sd1 * z
        v = lp(x)
        return sd1 * ctx.exp(v) * (-lq(x) if cross else v - lq(x))

    # ln p - ln q (or -ln q) = A + B z + C z^2 in z (used for the error bounds only)
    d = m1 - m2
    bounds = (ctx.log(sd2 / sd1) + d * d / (2 * sd2**2), sd1 * d / sd2**2,
              sd1**2 / (2 * sd2**2) - ctx.mpf(1) / 2)
    if cross:
        bounds = (abs(ctx.log(2 * ctx.pi) / 2 + ctx.log(sd2)) + d * d / (2 * sd2**2),
                  sd1 * d / sd2**2, sd1**2 / (2 * sd2**2))
    value, err = gauss_trapezoid(f, bounds, ctx)
    if err > abs(value) * ctx.mpf(10) ** (-(ctx.dps - 5)) and value != 0:
        with ctx.workdps(ctx.dps * 2):  # P close to Q: D is tiny, ask for more
            value, err = gauss_trapezoid(f, bounds, ctx)
    return +value


NORMAL_METHOD = ("trapezoidal rule for the integral of p ln(p/q) (both log-densities) in "
                 "z = (x - mu1)/sigma1, P's mode at a node; step and cut-off chosen so that "
                 "the strip bound of Trefethen & Weideman (2014, Thm. 5.1; the integrand is "
                 "entire) and the Gaussian tail bound 4 phi(T-h)(A/(T-h) + B + C(T-h+1/(T-h))) "
                 "are each below 10^-(dps+15)")


def kl_reference(fam: Family, cross: bool = False) -> tuple:
    """The reference of ``kl/<family>`` (``cross-entropy/<family>`` when ``cross``) and its
    method in words: the trapezoidal rule for two normals, else the quadrature of
    :func:`quad_reference` (after the circle's rule or the Gaussian change of variable
    when the family declares one).

    >>> kl_reference(FAMILIES["normal"])[1].startswith("trapezoidal rule")
    True
    """
    if fam.name == "normal":
        def reference(point, ctx):
            return _normal_reference(point, ctx, cross)

        method = NORMAL_METHOD
    else:
        reference = quad_reference(fam, cross)
        method = QUAD_METHOD if cross else QUAD_METHOD + QUAD_KL_FORM
        if fam.circle is not None:
            x, sc = (sp.sympify(c).xreplace(renamer(fam, "1")) for c in fam.circle)
            method = (CIRCLE_CROSS_METHOD if cross else CIRCLE_METHOD).format(x=x, s=sc) + method
        if fam.change is not None:
            change = fam.change.renamed(renamer(fam, "1"))
            method = change.describe(CHANGE_QUAD_METHOD) + method
            if change.gaussian is not None:
                method = change.describe(CHANGE_METHOD) + method
    if cross:
        method = method.replace("p ln(p/q)", "-p ln q")
    return reference, method
