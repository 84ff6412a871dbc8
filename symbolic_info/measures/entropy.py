"""Differential entropy h(X) = -E[ln f(X)] of the declared families.

One mechanism serves every family in :mod:`symbolic_info.families`: write
``-ln f`` as a sum of terms ``c_i g_i(X)``, take expectations term by term,
substitute each known expectation ``E[g_i(X)]`` as its own checked step (with
its reason and source), and collect into the tabulated form.  The reference
is ``-integral f ln f`` by quadrature, from the log-density alone.  The
multivariate normal (:mod:`symbolic_info.measures.mvnormal`) follows the same
pattern with the quadratic form as the random quantity.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/normal", sigma="3/2")
>>> d.result
log(9*E*pi/2)/2
>>> d.verified
True
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..engine.run import Draft, Entry
from ..families import FAMILIES, Family
from ..lazy_table import LazyTable
from ..numeric.change_of_variable import gaussian_expectation
from ..numeric.context import compile_expr
from ..numeric.gauss_trapezoid import gaussian_entropy
from ..numeric.quadrature import RULES_TEXT, Density, differential_entropy, integrate_expr
from ..symbolic.expectation import Expect, P, apply_linearity
from ..symbolic.steps import collect_steps, linearity_step, logarithm_step, substitution_steps
from ..symbolic.substitute import substitute

# ENTRIES (every entry, built on first use) comes from the module's __getattr__
__all__ = ["entropy_entry", "entropy_steps", "CHANGE_METHOD", "CHANGE_QUAD_METHOD", "FOLD_METHOD",
           "folded", "ENTRY_TABLE"]



def _split_sums(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """Split ``c * (g1 + g2)`` inside each ``Expect``, then apply linearity.

    Only sums that depend on ``var`` are split, and powers stay whole:
    ``(x - mu)/b`` becomes ``x/b - mu/b``, ``(k - 1)*log(x)`` and
    ``(x - mu)**2`` stay as they are.
    """

    def spread(e: Expect) -> Expect:
        g, label = e.args
        terms = []
        for t in sp.Add.make_args(g):
            const, dep = t.as_independent(var, as_Add=False)
            terms.extend(const * d for d in dep.args) if dep.is_Add else terms.append(t)
        return Expect(sp.Add(*terms), label)

    return apply_linearity(expr.replace(lambda e: isinstance(e, Expect), spread), var)


def entropy_steps(family: Family) -> tuple:
    """The unchecked steps from ``-E[ln f(X)]`` to the tabulated closed form.

    Raises ``ValueError`` if the family's expectations do not cover every
    term of its log-density (a data error, caught by the tests).
    """
    start = -Expect(sp.log(family.pdf, evaluate=False), P)
    expanded = -Expect(family.logpdf, P)
    current = _split_sums(expanded, family.var)
    substituted, rest = substitution_steps(current, family.expectations, required=family.name)
    return (logarithm_step(start, expanded), linearity_step(expanded, current), *substituted,
            *collect_steps(rest, family.entropy_form,
                           f"collect terms into the tabulated form ({family.source})"))


def _bind(family: Family):
    """Optional parameters take their defaults once any parameter is given."""
    if not family.defaults:
        return None

    def bind(values: dict) -> dict:
        full = dict(family.defaults) if values else {}
        full.update(values)
        return {family.symbol(k): v for k, v in full.items()}

    return bind


GAUSS_METHOD = (
    "trapezoidal rule for -integral f ln f (ln f from the log-density) in z = (x - mu)/sigma, "
    "step and cut-off chosen so that the strip bound of Trefethen & Weideman (2014, Thm. 5.1; "
    "the integrand is entire) and the Gaussian tail bound are each below 10^-(dps+15)"
)


def _gaussian_reference(density, location, scale):
    """``-integral f ln f`` of ``phi((x - location)/scale)/scale`` by the trapezoidal rule
    (:func:`~symbolic_info.numeric.quadrature.gaussian_entropy`; tanh-sinh needed minutes at
    1000 digits).  ``ln f`` is taken from the log-density, not from this formula."""

    def reference(point, ctx):
        at = density.at(point)
        lp = compile_expr(at.logpdf, [at.var], ctx)
        loc = compile_expr(substitute(location, point), [], ctx)()
        sd = compile_expr(substitute(scale, point), [], ctx)()
        return gaussian_entropy(lp, loc, sd, ctx)

    return reference


CHANGE_METHOD = (
    "trapezoidal rule for -integral f ln f (ln f from the log-density at x = {x}) in "
    "z = (u - {loc})/{scale} after the change of variable x = {x}, dx = {jac} du (the "
    "u-density checked normal and ln f a quadratic in u at 9 points); step and cut-off chosen "
    "so that the strip bound of Trefethen & Weideman (2014, Thm. 5.1; the integrand is entire) "
    "and the Gaussian tail bound are each below 10^-(dps+5); " + RULES_TEXT + " of -f ln f "
    "over the support if the check fails"
)


CHANGE_QUAD_METHOD = (
    RULES_TEXT + " of -f ln f after the change of variable x = {x}, u = {u}, |dx/du| = {jac} "
    "(ln f from the log-density at x(u)), split at the break points in u"
)


def _changed_reference(family: Family, fallback):
    """``-integral f ln f`` in the family's change of variable: by
    :func:`~symbolic_info.numeric.change_of_variable.gaussian_expectation` when it declares a
    Gaussian form (``u = ln x`` for the lognormal: 1000 digits in about 1500 nodes where
    quadrature in ``x`` took tens of thousands; ``fallback`` if its check fails), else by
    quadrature of the changed density (the Gumbel and the Weibull in their standard exponential
    variable: ``e^-u`` times ``ln u`` and powers of ``u``)."""
    change = family.change
    changed = change.density(family.density())
    minus_log = -change.expr(family.logpdf, family.var)

    def reference(point, ctx):
        if change.gaussian is None:
            return integrate_expr(changed.at(point), (substitute(minus_log, point),),
                                  lambda lp, g: g * ctx.exp(lp), ctx)
        value = gaussian_expectation(change, family.logpdf, -family.logpdf, family.var,
                                     point, ctx)
        return fallback(point, ctx) if value is None else value

    return reference


HALF_CHANGE_METHOD = ("; where {when}, that half after the change of variable x = {x}, u = {u}, "
                      "|dx/du| = {jac} (ln f from the log-density at x(u)), split at the break "
                      "points in u")


def _half_changed_reference(family: Family, half: Density, fallback):
    """Twice ``-integral f ln f`` over the half ``half`` (x > centre) in the family's
    ``half_change`` where it applies (else ``fallback``): the generalized normal's
    ``e^-|z|^beta`` becomes ``e^-u`` times ``u^(1/beta - 1)``, whose end at 0 tanh-sinh takes
    and whose exponential tail the light-tail rule takes, where in ``x`` the piece at the
    centre (``|x - mu|^beta``) and the piece up to the cut at ``e^-3000`` needed tanh-sinh's
    7,500 and 10,600 nodes at 1000 digits."""
    change, applies, _ = family.half_change
    changed = change.density(half)
    minus_log = -change.expr(family.logpdf, family.var)

    def reference(point, ctx):
        if sp.sympify(applies).xreplace(point) is not sp.true:
            return fallback(point, ctx)
        return 2 * integrate_expr(changed.at(point), (substitute(minus_log, point),),
                                  lambda lp, g: g * ctx.exp(lp), ctx)

    return reference


def folded(density: Density, centre) -> Density | None:
    """The half of ``density`` above ``centre`` when the density is symmetric about it, else
    ``None``: ``ln f(centre + y)`` and ``ln f(centre - y)`` must be the same expression (SymPy
    writes ``|-y|`` as ``|y|`` and ``(-y)^2`` as ``y^2``; else their difference must simplify to
    0) and the support's ends the same distance from ``centre``.  Then ``-integral f ln f`` is
    twice the integral over the half (its pieces: half as many nodes, and the piece at the
    centre, where ``|x - mu|^beta`` is not analytic, goes straight to tanh-sinh).

    >>> from symbolic_info.families import FAMILIES
    >>> laplace = FAMILIES["laplace"]
    >>> mu = laplace.symbol("mu")
    >>> folded(laplace.density(), mu).support
    (mu, oo)
    >>> folded(laplace.density(), mu + 1) is None
    True
    """
    y = sp.Dummy("y", positive=True)
    var, (lo, hi) = density.var, density.support
    up, down = (substitute(density.logpdf, {var: centre + s * y}) for s in (1, -1))
    if up != down and sp.simplify(up - down) != 0:
        return None
    if sp.simplify((hi - centre) - (centre - lo)) != 0 and not (lo == -sp.oo and hi == sp.oo):
        return None
    return Density(var, density.logpdf, (centre, hi), density.breaks)


FOLD_METHOD = ("; the density is symmetric about {centre} (ln f(c + y) and ln f(c - y) the same "
               "expression, the range symmetric), so twice the integral over x > {centre}")


def entropy_entry(family: Family) -> Entry:
    """The catalog entry ``entropy/<family>``."""

    def build(_structure) -> Draft:
        density = family.density()
        cut = family.quad_support is not None
        method = (
            f"{RULES_TEXT} of -f ln f over the support (ln f from the log-density), "
            "split at the break points"
        )
        if cut:
            method += "; the range is cut where -ln f exceeds 3000 nats (omitted mass < e^-3000)"
        reference = lambda point, ctx: differential_entropy(density.at(point), ctx)  # noqa: E731
        half = folded(density, family.centre) if family.centre is not None else None
        if half is not None:
            reference = lambda point, ctx: 2 * differential_entropy(half.at(point), ctx)  # noqa: E731
            method += FOLD_METHOD.format(centre=family.centre)
            if family.half_change is not None:
                reference = _half_changed_reference(family, half, reference)
                change, _, when = family.half_change
                method += change.describe(HALF_CHANGE_METHOD.replace("{when}", when))
        if family.standardised is not None:
            reference, method = _gaussian_reference(density, *family.standardised), GAUSS_METHOD
        elif family.change is not None:
            reference = _changed_reference(family, reference)
            method = family.change.describe(
                CHANGE_METHOD if family.change.gaussian is not None else CHANGE_QUAD_METHOD)
        return Draft(
            quantity="h(X)",
            assumptions=(
                f"X has the {family.in_sentence} density",
                *(p.rule for p in family.params),
                *family.assumptions,
            ),
            steps=entropy_steps(family),
            reference=reference,
            reference_method=method,
            # its expectations in the steps integrated in the change of variable (if any),
            # or each half about the centre in its own (the generalized normal's)
            densities={P: replace(density, change=family.change or family.halves())},
        )

    return Entry(
        name=f"entropy/{family.name}",
        title=f"Differential entropy of the {family.in_sentence}",
        group="entropy",
        params=family.params,
        build=build,
        summary=f"h(X) for X ~ {family.latex}; {family.source}",
        bind=_bind(family),
        check=family.check,
    )


ENTRY_TABLE = LazyTable({f"entropy/{name}": (lambda name=name: entropy_entry(FAMILIES[name]))
                         for name in FAMILIES})
"""The entries by name, each (with its family) built on its first lookup: ``derive
entropy/gamma`` builds the gamma family only (see :mod:`symbolic_info.lazy_table`)."""


def __getattr__(name: str):
    """``ENTRIES``, every entry of :data:`ENTRY_TABLE` (builds them all), on first use."""
    if name == "ENTRIES":
        return tuple(ENTRY_TABLE.values())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
