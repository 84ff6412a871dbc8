"""The reference of ``information-gain``: ``h(prior) - h(posterior)`` by quadrature from the
model's densities as written (prior and prior x likelihood, each normalised by its own
integral), never from the conjugate formulas or the closed forms of the steps.

:func:`quadrature_gain` integrates ``-p ln p`` of both by a rule it is given (the project's
double-exponential rules by default; mpmath's ``quad`` for :mod:`.numeric_gain`, whose value
is the project's quadrature); :func:`beta_gain_reference` serves a prior and likelihood of
the form ``C p^c (1 - p)^d`` (the beta-binomial, beta-Bernoulli) by
:mod:`symbolic_info.numeric.beta_moments`, and :func:`gaussian_gain_reference` two
``exp(quadratic)`` densities on the line (the normal-normal pair) by the trapezoidal rule.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> p = sp.Symbol("p", positive=True)
>>> ref = quadrature_gain(sp.Integer(0), sp.log(p), p, 0, 1, [])  # uniform prior, x ~ bern(p)
>>> ctx = new_context(30)
>>> abs(ref({}, ctx) - (ctx.log(2) - ctx.one / 2)) < 1e-29  # h(beta(2, 1)) = 1/2 - ln 2
True
"""

from __future__ import annotations

import sympy as sp

from ..numeric.beta_moments import beta_entropy
from ..numeric.context import compile_expr
from ..numeric.gauss_pieces import branch_integrals
from ..numeric.gauss_trapezoid import gauss_trapezoid, gaussian_entropy
from .custom_numeric import integral_reference

__all__ = ["quadrature_gain", "mpmath_quad", "beta_gain_reference", "beta_exponents",
           "BETA_METHOD", "gaussian_gain_reference", "quadratic_frame", "GAUSSIAN_METHOD",
           "cells_gain_reference", "cells_entropy", "CELLS_METHOD"]


def mpmath_quad(f, a, b, ctx, cuts):
    """``integral of f over (a, b)`` by mpmath's own ``quad`` (tanh-sinh), split at ``cuts``."""
    return ctx.quad(f, [a, *cuts, b])


def _cuts(hints, a, b, ctx) -> list:
    """The hints inside ``(a, b)``, sorted, evaluated on ``ctx`` (exact hints stay exact)."""
    return sorted({c for c in (compile_expr(sp.sympify(e), [], ctx)() for e in hints)
                   if a < c < b})


def quadrature_gain(log_prior, log_lik, theta, lo, hi, hints, rule=integral_reference,
                    extra_digits: int = 0, prior_hints=None, frames=None):
    """``h(prior) - h(posterior)`` by quadrature from the model's densities as written.

    ``rule(f, a, b, ctx, cuts)`` integrates: by default the project's double-exponential
    rules (:func:`~.custom_numeric.integral_reference`, a fifth of mpmath's nodes at 1000
    digits); :mod:`.numeric_gain`, whose value is that quadrature, passes
    :func:`mpmath_quad` so that its reference is another code.  ``extra_digits`` are added
    to the working precision: the digits of ``theta`` that a narrow posterior's position
    takes (a width of 1e-20 at 2 leaves 30 of 50 digits for the density's shape).
    ``prior_hints``: the prior's own cuts (default ``hints``); a prior cut 6 sd either side of
    a posterior of width 1e-20 had its entropy right to 38 digits only (pieces 1e-20 wide).
    ``frames``: ``((m, s), (m0, s0))``, exact centres and scales of the posterior and the
    prior; each integral is then taken in its own standardised variable, ``theta = m + s u``
    (``int f dtheta = s int f(m + s u) du``, the densities still as written in theta), so a
    prior at 1e20 is integrated at scale 1 around 0, not among nodes spread over 1e20.
    """

    def reference(_point, ctx):
        with ctx.extradps(extra_digits):
            value = at_precision(ctx)
        return +value

    def at_precision(ctx):
        post, prior = frames if frames is not None else ((sp.Integer(0), sp.Integer(1)),) * 2
        u = sp.Dummy("u", real=True)
        # one expression: ln p shared by prior and likelihood is taken once per node (the
        # beta-binomial's ln p and ln(1 - p): two logarithms where there were four)
        z_post, z_prior = (_framed(log, theta, u, lo, hi, hints, frame, ctx)
                           for log, frame, hints in ((log_prior + log_lik, post, hints),
                                                     (log_prior, prior, prior_hints or hints)))
        a, b, cuts, lj, scale = z_post
        shift = max(lj(c) for c in cuts) if cuts else 0
        seen: dict = {}  # both posterior quadratures visit the same nodes: one exp per node

        def logs(t):
            """``(j, e^j)``, ``j`` the log of prior x likelihood (shifted); the prior's own
            density is not needed here (an unused ``exp`` per node was a third of z's cost)."""
            key = t._mpf_ if hasattr(t, "_mpf_") else t
            if key not in seen:
                j = lj(t) - shift
                seen[key] = (j, ctx.exp(j))
            return seen[key]

        def integral(f):
            return scale * rule(f, a, b, ctx, cuts)

        z = integral(lambda t: logs(t)[1])
        log_z = ctx.log(z)
        h_post = -integral(lambda t: logs(t)[1] / z * (logs(t)[0] - log_z))
        a0, b0, own, lp0, scale0 = z_prior

        def minus_plogp(t):
            v = lp0(t)
            return ctx.exp(v) * v

        h_prior = -scale0 * rule(minus_plogp, a0, b0, ctx, own)
        return h_prior - h_post

    return reference


def _framed(log, theta, u, lo, hi, hints, frame, ctx) -> tuple:
    """``(a, b, cuts, log, s)``: the ends, the cuts and ``log`` compiled, in ``u`` with
    ``theta = m + s u`` (``frame = (m, s)``, exact: the ends and cuts are mapped before they
    are rounded)."""
    m, s = frame
    ends = [e if not e.is_finite else (e - m) / s for e in (sp.sympify(lo), sp.sympify(hi))]
    a, b = (compile_expr(e, [], ctx)() for e in ends)
    cuts = _cuts([(sp.sympify(h) - m) / s for h in hints], a, b, ctx)
    at = {theta: m + s * u}
    return a, b, cuts, compile_expr(log.subs(at), [u], ctx), compile_expr(s, [], ctx)()


BETA_METHOD = ("the densities as written, prior and prior x likelihood, are C p^c (1 - p)^d on "
               "(0, 1) (c, d read off their logarithms); each one's normaliser, E ln p and "
               "E ln(1 - p) by a double-exponential rule in the logit (tanh-sinh), and "
               "h = ln Z - c E ln p - d E ln(1 - p) from the density itself")


def beta_exponents(log_density, theta) -> tuple | None:
    """``(c, d)`` when ``log_density`` is ``const + c ln theta + d ln(1 - theta)`` with
    rational ``c, d``, term by term as written; None otherwise.

    >>> p = sp.Symbol("p", positive=True)
    >>> beta_exponents(sp.log(6) + sp.log(p) + 37 * sp.log(p) + 63 * sp.log(1 - p), p)
    (38, 63)
    >>> beta_exponents(sp.log(p) - p, p) is None
    True
    """
    c, d = sp.Integer(0), sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(log_density, log=False, power_base=False,
                                           power_exp=False, multinomial=False)):
        if not term.has(theta):  # the constant C
            continue
        factor, rest = term.as_independent(theta, as_Add=False)
        if not factor.is_Rational:
            return None
        if rest == sp.log(theta):
            c += factor
        elif rest == sp.log(1 - theta):
            d += factor
        else:
            return None
    return c, d


def beta_gain_reference(log_prior, log_lik, theta, lo, hi):
    """The reference ``h(prior) - h(posterior)`` for a prior and likelihood of the form
    ``C p^c (1 - p)^d`` on ``(0, 1)`` (:data:`BETA_METHOD`), or None for any other model
    (then :func:`quadrature_gain`).  At 1000 digits it took a tenth of the general
    quadrature's time for the beta-binomial (two densities, tanh-sinh nodes shared)."""
    if sp.sympify(lo) != 0 or sp.sympify(hi) != 1:
        return None
    prior = beta_exponents(log_prior, theta)
    post = beta_exponents(log_prior + log_lik, theta)
    if prior is None or post is None or min(*prior, *post) <= -1:
        return None

    def reference(_point, ctx):
        return beta_entropy(*prior, ctx) - beta_entropy(*post, ctx)

    return reference


GAUSSIAN_METHOD = ("the densities as written, prior and prior x likelihood, are exp(quadratic) "
                   "on the line (their logarithms quadratic in the parameter); each one's "
                   "normaliser and -int f ln f by the trapezoidal rule in the variable that "
                   "completes its square, with a proved error bound (numeric/gauss_trapezoid)")


def quadratic_frame(log_density, theta) -> tuple | None:
    """``(centre, scale)``, exact, when ``log_density`` is a quadratic in ``theta`` with a
    negative leading coefficient: ``const - (theta - centre)^2 / (2 scale^2)``; else None.

    >>> mu = sp.Symbol("mu", real=True)
    >>> quadratic_frame(-mu**2 / 200 - (1 - mu)**2 / 2 + sp.log(7), mu)
    (100/101, 10*sqrt(101)/101)
    """
    try:
        poly = sp.Poly(sp.expand(log_density), theta)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a2, a1, _ = poly.all_coeffs()
    if not (a2.is_number and a1.is_number and bool(a2 < 0)):
        return None
    return -a1 / (2 * a2), 1 / sp.sqrt(-2 * a2)


def gaussian_gain_reference(log_prior, log_lik, theta, lo, hi, extra_digits: int = 0):
    """The reference ``h(prior) - h(posterior)`` when prior and prior x likelihood are both
    ``exp(quadratic)`` on the whole line (:data:`GAUSSIAN_METHOD`), or None.  Each is
    integrated in ``z = (theta - centre)/scale`` of its own quadratic (read off the written
    logarithm, not the conjugate update), where it is ``phi(z)`` times a constant: the
    trapezoidal rule's step and cut-off then carry a proved bound.  ``extra_digits`` as for
    :func:`quadrature_gain`."""
    if sp.sympify(lo) != -sp.oo or sp.sympify(hi) != sp.oo:
        return None
    frames = [quadratic_frame(log, theta) for log in (log_prior, log_prior + log_lik)]
    if None in frames:
        return None

    def reference(_point, ctx):
        with ctx.extradps(extra_digits):
            h = [_written_gaussian_entropy(log, frame, theta, ctx)
                 for log, frame in zip((log_prior, log_prior + log_lik), frames, strict=True)]
            value = h[0] - h[1]
        return +value

    return reference


def _written_gaussian_entropy(log_density, frame, theta, ctx):
    """``-int f ln f`` of ``f = g / int g``, ``ln g = log_density`` as written: ``int g`` by
    :func:`~symbolic_info.numeric.gauss_trapezoid.gauss_trapezoid` in the standardised
    variable, then :func:`~symbolic_info.numeric.gauss_trapezoid.gaussian_entropy` of the
    normalised density."""
    lg = compile_expr(log_density, [theta], ctx)
    m, s = (compile_expr(x, [], ctx)() for x in frame)
    top = lg(m)
    z_scaled, _ = gauss_trapezoid(lambda z: s * ctx.exp(lg(m + s * z) - top),
                                  (s * ctx.sqrt(2 * ctx.pi), 0, 0), ctx)
    log_z = ctx.log(z_scaled) + top
    return gaussian_entropy(lambda x: lg(x) - log_z, m, s, ctx)


CELLS_METHOD = ("the densities as written, prior and prior x likelihood, are between their kinks "
                "exp(quadratic) (read off their logarithms branch by branch); each one's "
                "normaliser and -int f ln f by Gauss-Legendre cells with a proved node count "
                "and tail bound, the exponential by exact recurrences (numeric/gauss_pieces; "
                "mpmath quad where a cell's plan fails)")


def cells_entropy(log_density, theta, lo, hi, kinks, ctx):
    """``-int f ln f`` of ``f = e^{log_density} / Z`` (``ln Z - E ln e^{log_density}``) by
    :func:`~symbolic_info.numeric.gauss_pieces.branch_integrals` at ``ctx``'s digits, or None
    when the density is not exp(quadratic) between its ``kinks``."""
    got = branch_integrals(log_density, theta, lo, hi, kinks, [log_density], ctx.dps, ctx)
    if got is None:
        return None
    top, (mass, moment) = got
    return top + ctx.log(mass) - moment / mass


def cells_gain_reference(log_prior, log_lik, theta, lo, hi, kinks, fallback):
    """The reference ``h(prior) - h(posterior)`` by :func:`cells_entropy` of the prior and of
    prior x likelihood as written (:data:`CELLS_METHOD`), ``fallback(point, ctx)`` where
    either is not of that form."""
    def reference(point, ctx):
        h = [cells_entropy(log, theta, lo, hi, kinks, ctx)
             for log in (log_prior, log_prior + log_lik)]
        if None in h:
            return fallback(point, ctx)
        return h[0] - h[1]

    return reference
