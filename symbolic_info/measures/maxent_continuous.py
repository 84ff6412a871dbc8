"""Continuous maximum entropy by a Lagrangian functional: uniform, exponential, normal.

Maximise ``h(f) = -integral f ln f`` over densities on a support ``S`` with
``integral f = 1`` and ``integral r_j f = alpha_j``.  The integrand of the
Lagrangian functional is stationary in ``f(x)`` pointwise when
``f(x) = exp(-1 - lambda_0 - sum_j lambda_j r_j(x))``; the constraints fix the
multipliers; the second variation ``-1/f`` is negative, so the stationary
density is the maximum.  Cover & Thomas, Elements of Information Theory,
2nd ed., Theorem 12.1.1 and Examples 12.2.2 (uniform on [a, b]), 12.2.3
(exponential, ``S = [0, inf)``, ``E X = mean``) and 12.2.4 (normal,
``E X = mu``, ``E X^2 = mu^2 + sigma^2``).

The reference is the entropy of the stationary density (multiplier form)
by quadrature from the definition.  Competitors meeting the same
constraints (Laplace, uniform, logistic; gamma, half-normal, uniform; beta(2,2),
arcsine)
are integrated the same way and reported in ``extras``.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("maxent/exponential", mean="2")
>>> d.verified, d.value[:8]
(True, '1.693147')
>>> all(float(c["gap_nats"]) > 0 for c in d.extras["competitors"])
True
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..families import QUADRATURE_SPAN
from ..numeric.context import NumericError, compile_expr, evaluate, new_context, to_decimal
from ..numeric.gauss_product import exponential_factor
from ..numeric.quadrature import (
    RULES_TEXT,
    Density,
    differential_entropy,
    expectation,
    integrate_expr,
)
from ..numeric.resolved import resolved_text
from ..output.unicode_math import unicode_text
from ..params import positive, random_decimal, real, shorten
from ..symbolic.expectation import Expect, P, apply_linearity
from ..symbolic.steps import collect_steps, linearity_step, substitution_steps
from ..symbolic.substitute import substitute

__all__ = ["DefiniteIntegral", "exponential_factor", "continuous_steps", "ENTRIES", "X"]

X = sp.Symbol("x", real=True)
_F = sp.Symbol("f", positive=True)


class DefiniteIntegral(sp.Function):
    """``DefiniteIntegral(g, x, lo, hi, breaks)``: ``integral_lo^hi g dx``, evaluated by quadrature.

    ``breaks`` (a ``Tuple``, may be empty) are interior points where ``g`` changes character
    (its mode, multiples of its scale).  The integral is cut there and each piece integrated
    by the double-exponential rule matched to it (tanh-sinh on finite pieces, the light-tail
    rule on an infinite end: :func:`~symbolic_info.numeric.quadrature.integrate_expr`), so an
    integral over the whole line costs what the reference's own quadrature costs.  Every
    argument must be numeric when it is evaluated.

    >>> from symbolic_info.numeric.context import new_context, evaluate, to_decimal
    >>> x = sp.Symbol("x", real=True)
    >>> gauss = DefiniteIntegral(sp.exp(-x**2 / 2), x, -sp.oo, sp.oo, sp.Tuple(-2, 0, 2))
    >>> ctx = new_context(30)
    >>> to_decimal(evaluate(gauss / sp.sqrt(2 * sp.pi), {}, ctx), 25, ctx)
    '1.000000000000000000000000'
    """

    @property
    def free_symbols(self):
        g, x, lo, hi, breaks = self.args
        return (g.free_symbols - {x}) | lo.free_symbols | hi.free_symbols | breaks.free_symbols

    def _latex(self, printer):
        g, x, lo, hi = (printer._print(a) for a in self.args[:4])
        return rf"\int_{{{lo}}}^{{{hi}}} {g} \, d{x}"

    def as_expectation(self, densities: dict):
        """This integral as ``E_P[g / f_P]`` for a density ``f_P`` of ``densities`` with the
        same variable and support (the definition ``E_P[h] = integral f_P h`` read backwards;
        ``f_P > 0`` on its support), or ``None``.  ``None`` too when ``g / f_P`` is free of
        the variable: ``E_P[c] = c`` presumes that ``P`` integrates to 1, which is what
        ``integral f* = 1`` with ``f* = f_P`` is there to check (so that step stays numeric).

        >>> from symbolic_info.numeric.quadrature import Density
        >>> x = sp.Symbol("x", real=True)
        >>> half = Density(x, -x, (0, sp.oo))
        >>> DefiniteIntegral(x * sp.exp(-x), x, 0, sp.oo, sp.Tuple()).as_expectation({P: half})
        Expect(x, P)
        >>> DefiniteIntegral(sp.exp(-x), x, 0, sp.oo, sp.Tuple()).as_expectation({P: half}) is None
        True
        """
        g, x, lo, hi, _ = self.args
        for label, density in densities.items():
            if density.var == x and tuple(sp.sympify(e) for e in density.support) == (lo, hi):
                ratio = sp.expand(sp.powsimp(g * sp.exp(-density.logpdf)))
                return Expect(ratio, label) if ratio.has(x) else None
        return None

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        g, x, lo, hi, breaks = node.args
        if node.free_symbols:
            raise NumericError("an integral with unassigned parameters")
        exponent, rest = exponential_factor(g)
        weight = Density(x, exponent, (lo, hi), tuple(breaks))
        value = integrate_expr(weight, (rest,), lambda lp, rv: rv * ctx.exp(lp), ctx)
        return lambda v: value


def _integral(g, support, breaks=()):
    return DefiniteIntegral(g, X, *support, sp.Tuple(*breaks))


def continuous_steps(spec: dict) -> tuple:
    """The unchecked steps for a problem ``spec`` (see :data:`ENTRIES`' builders)."""
    features, support, pdf = spec["features"], spec["support"], spec["pdf"]
    breaks = spec["breaks"]
    lams = sp.symbols(f"lambda_1:{len(features) + 1}", real=True)
    lam0 = sp.Symbol("lambda_0", real=True)
    star0 = spec["lambda0"]
    stars = [lam for _, _, lam in features]
    stationary = -1 - star0 - sp.Add(*(lam * r for (r, _, _), lam in zip(features, stars,
                                                                          strict=True)))
    h_int = -_integral(pdf * sp.log(pdf, evaluate=False), support, breaks)
    start = -Expect(sp.log(pdf, evaluate=False), P)
    steps = [Step(h_int, start,
                  "the maximal entropy is the entropy of the stationary density f* of the "
                  "Lagrangian functional (derived next), written as an expectation under f*")]
    generic = -1 - lam0 - sp.Add(*(lam * r for (r, _, _), lam in zip(features, lams, strict=True)))
    integrand = -_F * sp.log(_F) - lam0 * _F - sp.Add(
        *(lam * r * _F for (r, _, _), lam in zip(features, lams, strict=True)))
    steps.append(Step(sp.Derivative(integrand, _F), -sp.log(_F) + generic,
                      r"pointwise stationarity of the Lagrangian functional $J[f] = -\int f \ln f "
                      r"- \lambda_0 (\int f - 1) - \sum_j \lambda_j (\int r_j f - \alpha_j)$: "
                      r"differentiate its integrand in $f(x)$"))
    steps.append(Step(-sp.log(pdf) + stationary, sp.Integer(0),
                      r"$\delta J/\delta f(x) = 0$ is solved by the " f"{spec['family']} density "
                      r"$f^*(x) = \exp(-1 - \lambda_0 - \sum_j \lambda_j r_j(x))$ with the "
                      "multipliers fixed next"))
    values = ", ".join(f"$\\lambda_{j} = {sp.latex(v, ln_notation=True)}$"
                       for j, v in enumerate([star0, *stars]))
    f_star = sp.exp(stationary)
    steps.append(Step(_integral(f_star, support, breaks), sp.Integer(1),
                      f"normalisation holds with the multipliers {values}"))
    for r, alpha, _ in features:
        steps.append(Step(_integral(r * f_star, support, breaks), alpha,
                          f"the constraint $\\mathrm{{E}}[{sp.latex(r)}] = {sp.latex(alpha)}$ "
                          "holds with these multipliers"))
    steps.append(Step(sp.Derivative(integrand, _F, 2), -1 / _F,
                      r"second variation $-1/f < 0$: $J$ is strictly concave in $f$, so $f^*$ is "
                      "the unique maximiser (Cover & Thomas, Theorem 12.1.1)"))
    expanded = -Expect(spec["logpdf"], P)
    steps.append(Step(start, expanded, "back to the entropy of f*: expand the logarithm of the "
                      "density"))
    linear = apply_linearity(sp.expand(expanded, deep=False), X)
    substituted, current = substitution_steps(linear, spec["expectations"])
    return (*steps, linearity_step(expanded, linear), *substituted,
            *collect_steps(current, spec["entropy"], "collect into the textbook form"))


COMPETITOR_DIGITS = 20
"""Most digits of the competitors' entropies (enough to show the gap; keeps derive fast)."""
COMPETITOR_FLOOR = COMPETITOR_DIGITS + 1
"""The competitors' numbers are taken as known to 10^-COMPETITOR_FLOOR of their size at least
(or to ten times their change between two precisions, if more): a digit below that is
quadrature noise (constraint errors such as 2.58e-26 moved with every change of rule)."""


def _competitor_numbers(spec, density, point, dps: int):
    """h of the maximum, then per competitor (name, h, constraint error, constraint size)."""
    ctx = new_context(dps)
    h_max = differential_entropy(density.at(point), ctx)
    out = []
    for name, logpdf, support, breaks in spec["competitors"]:
        dens = Density(X, logpdf, support, breaks).at(point)
        alphas = [compile_expr(substitute(alpha, point), [], ctx)()
                  for _, alpha, _ in spec["features"]]
        err = max([abs(expectation(dens, sp.Integer(1), ctx) - 1)] + [
            abs(expectation(dens, substitute(r, point), ctx) - a)
            for (r, _, _), a in zip(spec["features"], alphas, strict=True)])
        out.append((name, differential_entropy(dens, ctx), err,
                    max([ctx.one] + [abs(a) for a in alphas])))
    return h_max, out


def _competitor_rows(spec, density, point):
    """Each competitor's entropy, its gap below the maximum, how well it meets the constraints
    (0 for these laws, chosen to meet them): each number computed at two precisions and shown
    only by the digits it resolves (:func:`~symbolic_info.numeric.resolved.resolved_text`), so
    no digit of quadrature noise, and the same text from every run."""
    low = _competitor_numbers(spec, density, point, COMPETITOR_DIGITS + 5)
    h_max, rows = _competitor_numbers(spec, density, point, COMPETITOR_DIGITS + 10)
    ctx = new_context(COMPETITOR_DIGITS + 10)
    floor = ctx.mpf(10) ** -COMPETITOR_FLOOR

    def noise(a, b, size):
        return max(floor * size, 10 * abs(a - b))

    out = []
    for (name, h, err, size), (_, h0, err0, _) in zip(rows, low[1], strict=True):
        scale = max(ctx.one, abs(h_max), abs(h))
        u_h = noise(h, h0, scale)
        u_max = noise(h_max, low[0], scale)
        out.append({"name": name,
                    "entropy_nats": resolved_text(h, u_h, COMPETITOR_DIGITS, ctx),
                    "gap_nats": resolved_text(h_max - h, u_h + u_max, COMPETITOR_DIGITS, ctx),
                    "constraint_error": resolved_text(err, noise(err, err0, size), 3, ctx)})
    return out


def _entry(name, title, params, spec_fn, summary, check=None, sample=None) -> Entry:
    spec = spec_fn(*(p.symbol for p in params))
    stationary_log = -1 - spec["lambda0"] - sp.Add(*(lam * r for r, _, lam in spec["features"]))
    density = Density(X, stationary_log, spec["support"], spec["breaks"])

    def reference(point, ctx):
        return differential_entropy(density.at(point), ctx)

    def extras(point, ctx, dps, units):
        mults = [spec["lambda0"], *(lam for _, _, lam in spec["features"])]
        return {
            "density": sp.sstr(substitute(spec["pdf"], point)),
            "density_unicode": unicode_text(substitute(spec["pdf"], point)),
            "multipliers": {f"lambda_{j}": to_decimal(evaluate(m, point, ctx), dps, ctx)
                            for j, m in enumerate(mults)},
            "competitors": _competitor_rows(spec, density, point),
        }

    def build(_structure) -> Draft:
        return Draft(
            quantity=r"h_{\max}",
            assumptions=(f"support {spec['support_text']}", *spec["constraints_text"],
                         *(p.rule for p in params)),
            steps=continuous_steps(spec),
            reference=reference,
            reference_method=f"{RULES_TEXT} of -f ln f for the stationary density "
            "f = exp(-1 - lambda_0 - sum_j lambda_j r_j) with the multipliers substituted, split "
            "at the break points",
            densities={P: Density(X, spec["logpdf"], spec["support"], spec["breaks"])},
            extras=extras,
            extras_beside_steps=True,  # the competitors' quadratures on the other core
        )

    return Entry(name=name, title=title, group="maximum entropy", params=params, build=build,
                 summary=summary, check=check, sample=sample)


def _uniform(a, b):
    w = b - a
    return {
        "family": "uniform", "support": (a, b), "support_text": "$[a, b]$", "breaks": (),
        "constraints_text": (r"only normalisation: $\int f = 1$",),
        "features": (), "lambda0": sp.log(w) - 1, "pdf": 1 / w, "logpdf": -sp.log(w),
        "expectations": (), "entropy": sp.log(w),
        "competitors": (
            ("beta(2,2) on [a, b]", sp.log(6) + sp.log(X - a) + sp.log(b - X) - 3 * sp.log(w),
             (a, b), ((a + b) / 2,)),
            ("arcsine (beta(1/2,1/2)) on [a, b]",
             -sp.log(sp.pi) - sp.log(X - a) / 2 - sp.log(b - X) / 2, (a, b), ((a + b) / 2,)),
        ),
    }


def _exponential(m):
    s = m * sp.sqrt(sp.pi / 2)
    return {
        "family": "exponential", "support": (0, sp.oo), "support_text": r"$[0, \infty)$",
        "breaks": (m, 4 * m, 16 * m), "constraints_text": (r"$\mathrm{E}[X] = m$",),
        "features": ((X, m, 1 / m),), "lambda0": sp.log(m) - 1, "pdf": sp.exp(-X / m) / m,
        "logpdf": -sp.log(m) - X / m,
        "expectations": ((X, m, r"the mean constraint $\mathrm{E}[X] = m$"),),
        "entropy": 1 + sp.log(m),
        "competitors": (
            ("gamma(2, mean/2)", sp.log(X) - 2 * sp.log(m / 2) - 2 * X / m, (0, sp.oo),
             (m, 4 * m, 16 * m)),
            ("half-normal with the same mean", sp.log(2) / 2 - sp.log(s) - sp.log(sp.pi) / 2
             - X**2 / (2 * s**2), (0, sp.oo), (m, 4 * m, 16 * m)),
            ("uniform on [0, 2 mean]", -sp.log(2 * m), (0, 2 * m), ()),
        ),
    }


def _normal(mu, sigma):
    b, half, s = sigma / sp.sqrt(2), sp.sqrt(3) * sigma, sp.sqrt(3) * sigma / sp.pi
    spread = (mu - 8 * sigma, mu - 2 * sigma, mu, mu + 2 * sigma, mu + 8 * sigma)
    return {
        "family": "normal", "support": (-sp.oo, sp.oo), "support_text": "the real line",
        "breaks": spread,
        "constraints_text": (r"$\mathrm{E}[X] = \mu$",
                             r"$\mathrm{E}[X^{2}] = \mu^{2} + \sigma^{2}$"),
        "features": ((X, mu, -mu / sigma**2), (X**2, mu**2 + sigma**2, 1 / (2 * sigma**2))),
        "lambda0": mu**2 / (2 * sigma**2) + sp.log(2 * sp.pi * sigma**2) / 2 - 1,
        "pdf": sp.exp(-((X - mu) ** 2) / (2 * sigma**2)) / (sp.sqrt(2 * sp.pi) * sigma),
        "logpdf": -sp.log(2 * sp.pi) / 2 - sp.log(sigma) - (X - mu) ** 2 / (2 * sigma**2),
        "expectations": (((X - mu) ** 2, sigma**2,
                          r"the constraints: $\mathrm{E}[(X - \mu)^{2}] = \mathrm{E}[X^{2}] - "
                          r"\mu^{2} = \sigma^{2}$"),),
        "entropy": sp.log(2 * sp.pi * sp.E * sigma**2) / 2,
        "competitors": (
            ("Laplace with the same variance", -sp.log(2 * b) - sp.Abs(X - mu) / b,
             (-sp.oo, sp.oo), spread),
            ("uniform with the same variance", -sp.log(2 * half), (mu - half, mu + half), (mu,)),
            ("logistic with the same variance", -sp.Abs(X - mu) / s - sp.log(s)
             - 2 * sp.log(1 + sp.exp(-sp.Abs(X - mu) / s)), (-sp.oo, sp.oo), spread),
        ),
    }


def _check_interval(values):
    if "a" in values and "b" in values and not values["b"] > values["a"]:
        raise DerivationError(f"parameter b = {shorten(values['b'], 30)} must exceed a = "
                              f"{shorten(values['a'], 30)}: the "
                              "support [a, b] needs b > a")


def _sample_interval(rng, _structure):
    a = random_decimal(rng, -2, 2)
    return {"a": a, "b": a + random_decimal(rng, 0.3, 3)}


SPAN = QUADRATURE_SPAN
"""The magnitudes verified (as for the families: quadrature references)."""

ENTRIES = (
    _entry("maxent/uniform", "Maximum entropy on an interval [a, b]",
           (real("a", "left end of the support", "0").spanning(*SPAN),
            real("b", "right end of the support", "1").spanning(*SPAN)),
           _uniform, "uniform density 1/(b - a), h = ln(b - a); Cover & Thomas, 2nd ed., "
           "Example 12.2.2", check=_check_interval, sample=_sample_interval),
    _entry("maxent/exponential", "Maximum entropy on [0, inf) with a given mean",
           (positive("mean", "prescribed mean E[X]", "1", symbol_name="m").spanning(*SPAN),),
           _exponential,
           "exponential density, h = 1 + ln(mean); Cover & Thomas, 2nd ed., Example 12.2.3"),
    _entry("maxent/normal", "Maximum entropy on the real line with a given mean and variance",
           (real("mu", "prescribed mean").spanning(*SPAN),
            positive("sigma", "prescribed standard deviation").spanning(*SPAN)),
           _normal, "normal density, h = 1/2 ln(2 pi e sigma^2); Cover & Thomas, 2nd ed., "
           "Example 12.2.4"),
)
