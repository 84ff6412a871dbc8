"""Kullback-Leibler divergence D(P||Q) between two members of one family.

One mechanism serves every one-dimensional family of
:mod:`symbolic_info.families`: ``D(P||Q) = E_P[ln p(X) - ln q(X)]``; both
log-densities are sums of terms ``c_i g_i(X)``, linearity leaves expectations
``E_P[g_i(X)]``, and each is substituted as its own checked step (the
family's own expectations under P, plus the few that involve Q's location or
scale, listed per family in :data:`KL_SPECS`).  Adding a KL is adding data.
Where P's support is not inside Q's (uniform, Pareto) the value is ``inf``
with the reason.  The multivariate normal is in
:mod:`symbolic_info.measures.mvnormal`; the specs per family are data in
:mod:`symbolic_info.families.kl_specs`.

The reference is the integral of ``p ln(p/q)`` from the two log-densities,
never the steps: tanh-sinh quadrature split at both distributions' break
points; for the normal a trapezoidal rule with stated error bounds, which
reaches 1000 digits in seconds.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2")
>>> d.verified, d.value[:10]
(True, '0.44314718')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..families import FAMILIES, Family
from ..families.kl_specs import KL_SPECS, KLSpec
from ..lazy_table import LazyTable
from ..numeric.change_of_variable import gaussian_expectation
from ..numeric.context import NumericError, compile_expr, to_mpf
from ..numeric.gauss_trapezoid import gauss_trapezoid
from ..numeric.log_terms import excess
from ..numeric.periodic import cauchy_divergence
from ..numeric.quadrature import RULES_TEXT, Density, integrate_expr
from ..params import Param, shorten, show_value
from ..symbolic.expectation import Expect, P, apply_linearity
from ..symbolic.steps import collect_steps, linearity_step, logarithm_step, substitution_steps
from ..symbolic.substitute import substitute

# ENTRIES (every entry, built on first use) comes from the module's __getattr__
__all__ = ["kl_entry", "kl_steps", "cross_entropy_steps", "ratio_rule", "ENTRY_TABLE"]

# --- parameters of P (suffix 1) and Q (suffix 2) -------------------------------------------

def _suffixed(p: Param, suffix: str, default: str | None = None) -> Param:
    name = p.name + suffix
    symbol = sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
    who = "P" if suffix == "1" else "Q"
    return replace(p, name=name, description=f"{p.description} of {who}", rule=p.rule_for(symbol),
                   symbol=symbol, default=default or p.default)


def _symbols(family: Family, suffix: str) -> dict:
    """Base parameter name -> the suffixed symbol."""
    return {p.name: sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
            for p in family.params}


def _renamer(family: Family, suffix: str) -> dict:
    return {p.symbol: _symbols(family, suffix)[p.name] for p in family.params}


def _split(values: dict, family: Family) -> tuple:
    """``{name1: v, name2: w}`` -> ``({name: v}, {name: w})`` for the given ones."""
    out = ({}, {})
    for p in family.params:
        for i, suffix in enumerate("12"):
            if p.name + suffix in values:
                out[i][p.name] = values[p.name + suffix]
    return out


def _split_sums(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """Distribute products over sums inside each ``Expect`` (powers kept whole), then linearity."""

    def spread(e: Expect) -> Expect:
        g, label = e.args
        return Expect(sp.Add(*(sp.expand(t, deep=False, mul=True, multinomial=False,
                                         power_exp=False, power_base=False, log=False)
                               for t in sp.Add.make_args(g))), label)

    return apply_linearity(expr.replace(lambda e: isinstance(e, Expect), spread), var)


# --- steps -------------------------------------------------------------------------------

def kl_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``E_P[ln p(X) - ln q(X)]`` to ``spec``'s closed form.

    Raises ``ValueError`` when an expectation is left over (a data error).
    """
    return _steps(spec, cross=False)


def cross_entropy_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``H(P, Q) = -E_P[ln q(X)]`` to ``H(P) + D(P||Q)``."""
    return _steps(spec, cross=True)


def _steps(spec: KLSpec, cross: bool) -> tuple:
    fam = FAMILIES[spec.family]
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
    s1, s2 = _symbols(fam, "1"), _symbols(fam, "2")
    var = fam.var
    log_q = sp.log(fam.pdf.xreplace(r2), evaluate=False)
    if cross:
        start = -Expect(log_q, P)
        expanded = -Expect(fam.logpdf.xreplace(r2), P)
        first = "take the logarithm of Q's density"
    else:
        start = Expect(sp.log(fam.pdf.xreplace(r1), evaluate=False) - log_q, P)
        expanded = Expect(fam.logpdf.xreplace(r1) - fam.logpdf.xreplace(r2), P)
        first = "take the logarithms of both densities"
    linear = _split_sums(expanded, var)
    known = [(sp.sympify(g).xreplace(r1), sp.sympify(v).xreplace(r1), "under P: " + why)
             for g, v, why in fam.expectations]
    substituted, current = substitution_steps(linear, (*known, *spec.extra(s1, s2)))
    if current.atoms(Expect):
        raise ValueError(f"{spec.family}: expectations left over in {current}")
    steps = [logarithm_step(start, expanded, first), linearity_step(expanded, linear),
             *substituted]
    closed = spec.closed_form(s1, s2)
    if cross:
        entropy = sp.sympify(fam.entropy_form).xreplace(r1)
        closed = sp.Add(entropy, closed, evaluate=False)
        rule = (r"collect as $H(P) + D(P \| Q)$: the entropy of $P$ " f"({fam.source}) plus the KL "
                f"divergence ({spec.source})")
    else:
        rule = f"collect terms into the textbook form ({spec.source})"
    return (*steps, *collect_steps(current, closed, rule))


def _infinite_steps(spec: KLSpec, cross: bool = False) -> tuple:
    fam = FAMILIES[spec.family]
    gap = spec.gap(_symbols(fam, "1"), _symbols(fam, "2"))
    what = "-p ln q = +inf; so H(P, Q)" if cross else "p ln(p/q) = +inf; so D(P||Q)"
    return (Step(sp.Mul(gap, sp.oo, evaluate=False), sp.oo,
                 f"supports not nested ({spec.gap_reason}): q = 0 on a set of P-probability "
                 f"shown here (> 0), where {what} = +inf"),)


# --- references --------------------------------------------------------------------------

def _pair_density(fam: Family, point: dict) -> tuple:
    """P's density (with both distributions' break points) and Q's log-density at ``point``."""
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
    support = tuple(sp.sympify(s).xreplace(r1) for s in (fam.quad_support or fam.support))
    breaks = tuple(sp.sympify(b).xreplace(r) for r in (r1, r2) for b in fam.breaks)
    dp = Density(fam.var, fam.logpdf.xreplace(r1), support, breaks).at(point)
    return dp, substitute(fam.logpdf.xreplace(r2), point)


def _changed_pair(fam: Family, point: dict, cross: bool) -> tuple:
    """:func:`_pair_density` in P's change of variable ``x = x(u)`` (the family's
    :attr:`~symbolic_info.families.Family.change`): P's density in ``u``, and ``ln q`` at
    ``x(u)``, plus the log-Jacobian for the KL (``ln(p/q)`` is unchanged: both carry it) and
    without it for the cross-entropy (``-ln q`` is a value of Q's log-density)."""
    r1 = _renamer(fam, "1")
    change = fam.change.renamed(r1)
    dp, _ = _pair_density(fam, {})
    logq = change.expr(fam.logpdf.xreplace(_renamer(fam, "2")), fam.var)
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
    r1, r2 = _renamer(fam, of), _renamer(fam, outside)
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


def _quad_reference(fam: Family, cross: bool = False) -> Callable:
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
                    else _pair_density(fam, point))
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
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
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
    r1, r2 = _renamer(fam, "1"), _renamer(fam, "2")
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
    s1, s2 = _symbols(fam, "1"), _symbols(fam, "2")
    m1, sd1, m2, sd2 = (to_mpf(point[s], ctx) for s in (s1["mu"], s1["sigma"], s2["mu"],
                                                        s2["sigma"]))
    dp, logq = _pair_density(fam, point)
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


# --- entries -----------------------------------------------------------------------------

def ratio_rule(ratio: tuple, values: dict) -> None:
    """Refuse ``top1/bottom2`` beyond ``limit`` (``limit < 1``: below it), where the quadrature
    reference stops verifying.

    Gumbel: ``E_P[exp(-X/beta2)] = Gamma(1 + beta1/beta2) e^(...)`` draws its mass to
    ``x = mu1 - beta1 ln(beta1/beta2)``, outside P's integration range (cut where ``-ln p``
    exceeds 3000 nats) once the ratio nears 3000 (``beta1/beta2 = 5e29`` ran past 60 s);
    Weibull: ``E_P[X^k2]`` likewise with ``k2/k1``.  A limit of 100 (or ``k1/k2 >= 1/100``)
    keeps the cut-off mass below ``e^-2000``.

    >>> ratio_rule(("beta", "beta", 100), {"beta1": sp.Integer(1), "beta2": sp.Integer(1)})
    """
    top, bottom, limit = ratio
    a, b = values.get(top + "1"), values.get(bottom + "2")
    if a is None or b is None:
        return
    r = a / b
    if (limit >= 1 and r > limit) or (limit < 1 and r < limit):
        rule = f"{top}1/{bottom}2 <= {limit}" if limit >= 1 else f"{top}1/{bottom}2 >= {limit}"
        raise DerivationError(
            f"parameters {top}1 = {shorten(show_value(a))} and {bottom}2 = "
            f"{shorten(show_value(b))} are outside the range this derivation verifies "
            f"numerically: {rule}")


def kl_entry(spec: KLSpec, cross: bool = False) -> Entry:
    """The catalog entry ``kl/<family>`` (or ``cross-entropy/<family>`` when ``cross``)."""
    fam = FAMILIES[spec.family]
    d2 = dict(spec.defaults2)
    params = (*(_suffixed(p, "1") for p in fam.params),
              *(_suffixed(p, "2", d2.get(p.name)) for p in fam.params))
    by_name = {p.name: p for p in params}
    names = [p.name for p in params]

    def check(values):
        if spec.ratio is not None:
            ratio_rule(spec.ratio, values)
        if fam.check is None:
            return
        for suffix, part in zip("12", _split(values, fam), strict=True):
            try:
                fam.check(part)
            except DerivationError as exc:
                text = str(exc)
                for p in fam.params:
                    text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(p.name)}(?![A-Za-z0-9_])",
                                  p.name + suffix, text)
                raise DerivationError(text) from None

    def structure(values):
        if spec.nested is None:
            return ()
        vp, vq = _split(values, fam)
        return (("nested", bool(spec.nested(vp, vq))),)

    def sample(rng, struct):
        values = {n: by_name[n].sample(rng) for n in names}
        if spec.nested is not None:
            vp, _ = _split(values, fam)
            for _ in range(100):
                if fam.check is None:
                    break
                try:
                    fam.check(vp)
                    break
                except DerivationError:
                    vp = {p.name: _suffixed(p, "1").sample(rng) for p in fam.params}
            q = spec.separate(rng, vp, struct.get("nested", True))
            values.update({k + "1": v for k, v in vp.items()})
            values.update({k + "2": v for k, v in q.items()})
        return values

    def build(struct) -> Draft:
        finite = struct.get("nested", True)
        steps = _steps(spec, cross) if finite else _infinite_steps(spec, cross)
        dp, _ = _pair_density(fam, {})
        if spec.family == "normal":
            def reference(point, ctx):
                return _normal_reference(point, ctx, cross)

            method = NORMAL_METHOD
        else:
            reference = _quad_reference(fam, cross)
            method = QUAD_METHOD if cross else QUAD_METHOD + QUAD_KL_FORM
            if fam.circle is not None:
                x, sc = (sp.sympify(c).xreplace(_renamer(fam, "1")) for c in fam.circle)
                method = (CIRCLE_CROSS_METHOD if cross else CIRCLE_METHOD).format(
                    x=x, s=sc) + method
            if fam.change is not None:
                change = fam.change.renamed(_renamer(fam, "1"))
                method = change.describe(CHANGE_QUAD_METHOD) + method
                if change.gaussian is not None:
                    method = change.describe(CHANGE_METHOD) + method
        if cross:
            method = method.replace("p ln(p/q)", "-p ln q")
        assumptions = (f"P and Q are {fam.in_sentence}s, P with the parameters ending "
                       "in 1, Q with those ending in 2",
                       *(p.rule for p in params),
                       *(f"for each of P and Q: {a}" for a in fam.assumptions))
        if spec.nested is not None:
            assumptions += (("P's support lies inside Q's" if finite else
                             f"P's support is not inside Q's: {spec.gap_reason}"),)
        return Draft(
            quantity=r"H(P, Q)" if cross else r"D(P\,\|\,Q)",
            assumptions=assumptions,
            steps=steps,
            reference=reference,
            reference_method=method,
            densities={P: dp},
        )

    kind = "Cross-entropy" if cross else "KL divergence"
    return Entry(
        name=f"{'cross-entropy' if cross else 'kl'}/{spec.family}",
        title=f"{kind} between two {fam.in_sentence}s",
        group="divergence",
        params=params,
        build=build,
        summary=(f"H(P, Q) = -E_P[ln q] = H(P) + D(P||Q) for P, Q ~ {fam.latex}" if cross else
                 f"D(P||Q) for P, Q ~ {fam.latex}; {spec.source}"),
        structure=structure,
        sample=sample if spec.nested is not None else None,
        check=check if fam.check is not None or spec.ratio is not None else None,
    )


ENTRY_TABLE = LazyTable({
    **{f"kl/{family}": (lambda family=family: kl_entry(KL_SPECS[family]))
       for family in KL_SPECS},
    **{f"cross-entropy/{family}": (lambda family=family: kl_entry(KL_SPECS[family], cross=True))
       for family in KL_SPECS},
})
"""The entries by name, each (with its specification and family) built on its first lookup:
``derive kl/gamma`` builds the gamma family only (see :mod:`symbolic_info.lazy_table`)."""


def __getattr__(name: str):
    """``ENTRIES``, every entry of :data:`ENTRY_TABLE` (builds them all), on first use."""
    if name == "ENTRIES":
        return tuple(ENTRY_TABLE.values())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
