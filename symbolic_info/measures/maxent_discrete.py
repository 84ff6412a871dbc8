"""Maximum entropy on a finite support with moment constraints, by Lagrange multipliers.

Maximise ``H(p) = -sum p_i ln p_i`` subject to ``sum p_i = 1`` and
``sum p_i x_i^j = c_j`` (``j = 1..k``).  Stationarity of the Lagrangian gives
the Gibbs form ``p_i = exp(-sum_j lambda_j x_i^j) / Z(lambda)``; the
multipliers solve the moment equations (found at the working precision by
Newton's method on the convex dual); the Hessian ``-diag(1/p_i)`` is negative
definite, so the stationary point is the unique maximum, and the maximal
entropy is ``ln Z + sum_j lambda_j c_j``.  Sources: Jaynes, Phys. Rev. 106
(1957) 620; Cover & Thomas, Elements of Information Theory, 2nd ed.,
Theorem 12.1.1 and Example 12.2.1 (the dice).

The multiplier is an implicit function of the support and the moments; it
appears in the steps as :class:`GibbsMultiplier`, which the numeric checker
evaluates by solving the moment equations.  The independent reference
maximises ``-sum p ln p`` directly over the feasible polytope
(:func:`symbolic_info.numeric.gibbs.maximise_entropy`), never using the Gibbs
form.

A mean equal to ``min`` or ``max`` of the support is rejected: the only
feasible distribution is then the point mass there (entropy 0) and no finite
multiplier exists, so the Lagrange derivation does not apply.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("maxent/discrete-mean", support="1,2,3,4,5,6", mean="9/2")
>>> d.verified, d.value[:10], d.extras["distribution"][5][:10]
(True, '1.61358109', '0.34749406')
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.context import NumericError, new_context, to_decimal, to_mpf
from ..numeric.gibbs import (
    entropy_of,
    gibbs,
    maximise_entropy,
    power_multipliers,
    solve_multipliers,
)
from ..numeric.resolved import resolved_text
from ..params import parse_value, real, real_vector, shorten

__all__ = ["GibbsMultiplier", "PartitionFunction", "LogPartitionFunction", "discrete_steps",
           "ENTRIES", "MAX_SUPPORT", "check_moments", "MaxentSolution", "maxent_distribution"]

MAX_SUPPORT = 24
"""Largest support handled (the steps name every point)."""
NOISE_DIGITS = 5
"""The extras' checks whose true value is 0 (constraint residuals, the two solvers'
difference) are shown only above 10^-(working digits - NOISE_DIGITS) of their terms' size:
below is rounding noise (1.4585e-62 at 50 digits), which moved with every change of solver."""


def _targets_support(node):
    return node.args[-2].args, node.args[-1].args


def _solved(node, build, ctx):
    cs, xs = _targets_support(node)
    kc, kx = [build(c) for c in cs], [build(x) for x in xs]
    return lambda v: (power_multipliers(ctx, [k(v) for k in kx], [k(v) for k in kc]),
                      [k(v) for k in kx])


class GibbsMultiplier(sp.Function):
    """``GibbsMultiplier(j, (c_1..c_k), (x_1..x_n))``: the Lagrange multiplier of ``E[X^j] = c_j``.

    Implicit: the numeric checker solves ``sum x_i^j exp(-sum_l lambda_l x_i^l) / Z = c_j``.
    """

    def _eval_is_real(self):
        return True

    def _eval_is_finite(self):
        return True

    def _latex(self, printer):
        k = len(self.args[1].args)
        return r"\lambda^{*}" if k == 1 else rf"\lambda_{{{self.args[0]}}}^{{*}}"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        j = int(node.args[0]) - 1
        solved = _solved(node, build, ctx)
        return lambda v: solved(v)[0][j]


class PartitionFunction(sp.Function):
    """``PartitionFunction((c_1..c_k), (x_1..x_n))``: ``Z = sum_i exp(-sum_j lambda_j* x_i^j)``."""

    def _eval_is_positive(self):
        return True

    def _eval_is_real(self):
        return True

    def _latex(self, printer):
        k = len(self.args[0].args)
        lam = r"\lambda^{*}" if k == 1 else r"\boldsymbol{\lambda}^{*}"
        return rf"Z\left({lam}\right)"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        solved = _solved(node, build, ctx)

        def value(v):
            lams, xs = solved(v)
            return ctx.exp(gibbs(ctx, lams, [[x ** (j + 1) for j in range(len(lams))]
                                             for x in xs])[1])
        return value


class LogPartitionFunction(sp.Function):
    """``LogPartitionFunction((c_1..c_k), (x_1..x_n))``: ``ln Z`` at the multipliers.

    Evaluated as ``max_i e_i + log1p(...)``, so it keeps full relative
    precision when ``Z`` is close to 1 (a mean close to an end of the support).
    """

    def _eval_is_real(self):
        return True

    def _latex(self, printer):
        k = len(self.args[0].args)
        lam = r"\lambda^{*}" if k == 1 else r"\boldsymbol{\lambda}^{*}"
        return rf"\ln Z\left({lam}\right)"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        solved = _solved(node, build, ctx)

        def value(v):
            lams, xs = solved(v)
            return gibbs(ctx, lams, [[x ** (j + 1) for j in range(len(lams))] for x in xs])[1]
        return value


def _symbols(n, k):
    xs = sp.symbols(f"x_1:{n + 1}", real=True)
    ps = sp.symbols(f"p_1:{n + 1}", positive=True)
    lams = (sp.Symbol("lambda", real=True),) if k == 1 else sp.symbols(f"lambda_1:{k + 1}",
                                                                       real=True)
    return xs, ps, lams


def discrete_steps(n: int, targets: tuple, moment: str) -> tuple:
    """The unchecked steps for ``n`` support points and moment symbols ``targets``.

    ``moment`` names the moment equations for a reason (``"$\\mathrm{E}[X] = m$"``).
    """
    k = len(targets)
    xs, ps, lams = _symbols(n, k)
    lam0 = sp.Symbol("lambda_0", real=True)
    tt, st = sp.Tuple(*targets), sp.Tuple(*xs)
    star = [GibbsMultiplier(j + 1, tt, st) for j in range(k)]
    z_star = PartitionFunction(tt, st)

    def energy(ls, i):
        return sp.Add(*(ls[j] * xs[i] ** (j + 1) for j in range(k)))

    def lagrangian(p, l0, ls):
        h = -sp.Add(*(pi * sp.log(pi, evaluate=False) for pi in p))
        return h - l0 * (sp.Add(*p) - 1) - sp.Add(*(
            ls[j] * (sp.Add(*(p[i] * xs[i] ** (j + 1) for i in range(n))) - targets[j])
            for j in range(k)))

    p_star = [sp.exp(-energy(star, i)) / z_star for i in range(n)]
    h_star = -sp.Add(*(pi * sp.log(pi, evaluate=False) for pi in p_star))
    expanded = sp.Add(*(p_star[i] * (energy(star, i) + sp.log(z_star)) for i in range(n)))
    steps = [Step(h_star, expanded,
                  r"the maximiser $p^*$ has the Gibbs form "
                  r"$p^*_i = e^{-\sum_j \lambda_j x_i^{j}} / Z$ "
                  r"(derived next from the Lagrangian); expand $\ln p^*_i$")]
    lag = lagrangian(ps, lam0, lams)
    steps.append(Step(sp.Derivative(lag, ps[0]),
                      -sp.log(ps[0]) - 1 - lam0 - energy(lams, 0),
                      r"stationarity: differentiate the Lagrangian in $p_i$ (shown for $i = 1$)"))
    steps.append(Step(-sp.log(p_star[0]) - 1 - (sp.log(z_star) - 1) - energy(star, 0),
                      sp.Integer(0),
                      r"$\partial L/\partial p_i = 0$ is solved by the Gibbs form "
                      r"$p_i = e^{-\sum_j \lambda_j x_i^{j}} / Z$ with $\lambda_0 = \ln Z - 1$ "
                      r"(shown for $i = 1$; normalisation next)"))
    z_free = sp.Add(*(sp.exp(-energy(lams, i)) for i in range(n)))
    steps.append(Step(sp.Add(*(sp.exp(-1 - lam0 - energy(lams, i)) for i in range(n))),
                      sp.exp(-1 - lam0) * z_free,
                      r"normalisation: $\sum_i p_i = e^{-1 - \lambda_0} Z(\lambda) = 1$ fixes "
                      r"$\lambda_0 = \ln Z - 1$, so $p_i = e^{-\sum_j \lambda_j x_i^{j}} / Z$ "
                      "(Gibbs form)"))
    steps.append(Step(z_star, z_free.subs(dict(zip(lams, star, strict=True))),
                      "the partition function at the multipliers"))
    for j in range(k):
        steps.append(Step(sp.Add(*(xs[i] ** (j + 1) * p_star[i] for i in range(n))), targets[j],
                          f"the multipliers solve the moment equations {moment} (Newton's method "
                          r"on the convex dual $\ln Z + \sum_j \lambda_j c_j$ at the working "
                          r"precision; the root is unique since the Hessian of $\ln Z$ is the "
                          "covariance "
                          "matrix of the moments)"))
    steps.append(Step(sp.Derivative(lag, ps[0], 2), -1 / ps[0],
                      r"second order: $\partial^{2} L / \partial p_i^{2} = -1/p_i < 0$ ..."))
    steps.append(Step(sp.Derivative(lag, ps[0], ps[1]), sp.Integer(0),
                      r"... and $\partial^{2} L / \partial p_i \partial p_l = 0$ for $i \ne l$: "
                      r"the Hessian $-\operatorname{diag}(1/p_i)$ is negative definite, so $p^*$ "
                      "is the unique maximum"))
    collected = sp.Add(*(star[j] * sp.Add(*(p_star[i] * xs[i] ** (j + 1) for i in range(n)))
                         for j in range(k))) + sp.log(z_star) * sp.Add(*p_star)
    steps.append(Step(expanded, collected, r"back to the entropy at $p^*$: collect the sums"))
    closed = LogPartitionFunction(tt, st) + sp.Add(*(star[j] * targets[j] for j in range(k)))
    steps.append(Step(collected, closed, rf"the constraints: $\sum_i p^*_i = 1$ and {moment}"))
    return tuple(steps)


def _support(values) -> tuple:
    support = values["support"]
    if not 2 <= len(support) <= MAX_SUPPORT:
        raise DerivationError(f"parameter support has {len(support)} points: it needs 2 to "
                              f"{MAX_SUPPORT} distinct points")
    if len(set(support)) != len(support):
        raise DerivationError("parameter support has repeated points: the support points must "
                              "be distinct")
    return support


def _check_mean(lo, hi, m, name="mean"):
    shown = {v: shorten(v, 30) for v in (lo, hi, m)}
    if m < lo or m > hi:
        raise DerivationError(f"parameter {name} = {shown[m]} is outside [min, max] = "
                              f"[{shown[lo]}, {shown[hi]}] of the support: no distribution on "
                              "the support has this mean (infeasible)")
    if m in (lo, hi):
        raise DerivationError(f"parameter {name} = {shown[m]} equals "
                              f"{'min' if m == lo else 'max'} of the support: the only feasible "
                              f"distribution is the point mass at {shown[m]} (entropy 0) and no "
                              f"finite multiplier exists; give a mean strictly inside "
                              f"({shown[lo]}, {shown[hi]})")


def check_moments(support: tuple, mean, second=None) -> None:
    """Raise DerivationError unless the moments lie strictly inside the feasible set.

    Exact: the mean must lie in the open interval (min, max); the point
    (mean, second moment) must lie inside the convex hull of the points
    (x_i, x_i^2), between the chords of the parabola.

    >>> check_moments((1, 2, 3), 2, 6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symbolic_info.core.DerivationError: parameter second_moment = 6 is outside the feasible ...
    """
    xs = sorted(support)
    lo, hi = xs[0], xs[-1]
    if mean is not None:
        _check_mean(lo, hi, mean)
    if second is None or mean is None:
        return
    i = max(j for j in range(len(xs) - 1) if xs[j] <= mean)
    lower = (xs[i] + xs[i + 1]) * mean - xs[i] * xs[i + 1]
    upper = (lo + hi) * mean - lo * hi
    shown = {v: shorten(v, 30) for v in (lower, upper, second, mean)}
    if not lower <= second <= upper:
        raise DerivationError(f"parameter second_moment = {shown[second]} is outside the "
                              f"feasible range [{shown[lower]}, {shown[upper]}] for mean = "
                              f"{shown[mean]} on this support (infeasible)")
    if second in (lower, upper):
        raise DerivationError(f"parameter second_moment = {shown[second]} is on the boundary of "
                              f"the feasible range [{shown[lower]}, {shown[upper]}] for mean = "
                              f"{shown[mean]}: the feasible distributions put mass on at most "
                              "two points and no finite multiplier exists; give a value "
                              "strictly inside")


def _reference(xs, cs):
    def reference(point, ctx):
        x = [to_mpf(point[s], ctx) for s in xs]
        c = [to_mpf(point[s], ctx) for s in cs]
        feats = [[xi ** (j + 1) for j in range(len(c))] for xi in x]
        p = maximise_entropy(ctx, feats, c)
        # a probability near 1 loses digits in p ln p: redo with as many extra bits
        lost = int(-ctx.log(1 - max(p), 2)) if max(p) < 1 else ctx.prec
        if lost > 8:
            with ctx.workprec(ctx.prec + lost + 10):
                x = [to_mpf(point[s], ctx) for s in xs]
                c = [to_mpf(point[s], ctx) for s in cs]
                feats = [[xi ** (j + 1) for j in range(len(c))] for xi in x]
                return +entropy_of(ctx, maximise_entropy(ctx, feats, c))
        return entropy_of(ctx, p)
    return reference


def _feasible_competitors(ctx, p, feats, rng, count=3):
    """Seeded random feasible perturbations ``p + t v`` (``A v = 0``), entropies."""
    n, k = len(p), len(feats[0])
    rows = [[ctx.one] * n] + [[row[j] for row in feats] for j in range(k)]
    gram = ctx.matrix([[ctx.fsum(a * b for a, b in zip(ra, rb, strict=True)) for rb in rows]
                       for ra in rows])
    out = []
    for _ in range(count):
        r = [ctx.mpf(rng.uniform(-1, 1)) for _ in range(n)]
        w = ctx.lu_solve(gram, ctx.matrix([ctx.fsum(a * b for a, b in zip(ra, r, strict=True))
                                           for ra in rows]))
        v = [r[i] - ctx.fsum(w[a] * rows[a][i] for a in range(len(rows))) for i in range(n)]
        limit = min((-pi / vi for pi, vi in zip(p, v, strict=True) if vi < 0), default=ctx.one)
        out.append([pi + limit * rng.uniform(0.2, 0.9) * vi for pi, vi in zip(p, v, strict=True)])
    return out


def _extras(xs, cs, names):
    def extras(point, ctx, dps, units):
        x = [to_mpf(point[s], ctx) for s in xs]
        c = [to_mpf(point[s], ctx) for s in cs]
        feats = [[xi ** (j + 1) for j in range(len(c))] for xi in x]
        lams = power_multipliers(ctx, x, c)
        p, lnz = gibbs(ctx, lams, feats)
        h = entropy_of(ctx, p)
        direct = maximise_entropy(ctx, feats, c)

        def short(v, size=1):  # a check whose true value is 0: only digits above the noise
            return resolved_text(v, ctx.mpf(10) ** -(ctx.dps - NOISE_DIGITS) * size, 5, ctx)

        residuals = {"sum p_i - 1": short(ctx.fsum(p) - 1)}
        for j, name in enumerate(names):
            residuals[f"sum p_i x_i{'^2' if j else ''} - {name}"] = short(
                ctx.fsum(pi * f[j] for pi, f in zip(p, feats, strict=True)) - c[j],
                max(ctx.one, ctx.fsum(abs(pi * f[j]) for pi, f in zip(p, feats, strict=True))))
        rng = random.Random("maxent-discrete")
        rivals = [(f"random feasible perturbation {i + 1}", q)
                  for i, q in enumerate(_feasible_competitors(ctx, p, feats, rng))]
        if len(c) == 1:
            lo, hi = min(x), max(x)
            t = (c[0] - lo) / (hi - lo)
            rivals.append(("two-point distribution on min and max",
                           [t if xi == hi else 1 - t if xi == lo else ctx.zero for xi in x]))
        multipliers = {"lambda_0": to_decimal(lnz - 1, dps, ctx)}
        for j, lam in enumerate(lams):
            multipliers["lambda" if len(lams) == 1 else f"lambda_{j + 1}"] = to_decimal(lam, dps,
                                                                                        ctx)
        return {
            "distribution": [to_decimal(pi, dps, ctx) for pi in p],
            "multipliers": multipliers,
            "constraint_residuals": residuals,
            "hessian_diagonal": [to_decimal(-1 / pi, 15, ctx) for pi in p],
            "direct_maximiser_difference": short(max(abs(a - b) for a, b
                                                     in zip(p, direct, strict=True))),
            "competitors": [{"name": name, "entropy_nats": to_decimal(entropy_of(ctx, q), dps, ctx),
                             "gap_nats": to_decimal(h - entropy_of(ctx, q), dps, ctx)}
                            for name, q in rivals],
        }
    return extras


def _discrete_entry(name, title, moment_params, moment_text, summary):
    support = real_vector("support", "support points x_1..x_n (distinct)", "1,2,3,4,5,6")
    names = tuple(p.name for p in moment_params)
    syms = tuple(p.symbol for p in moment_params)

    def structure(values):
        n = len(values["support"]) if "support" in values else len(support.default.split(","))
        return (("n", n),)

    def sample(rng, structure):
        n = dict(structure)["n"]
        xs = tuple(sp.Rational(v, 20) for v in rng.sample(range(-60, 61), n))
        weights = [rng.randint(1, 20) for _ in range(n)]
        q = [sp.Rational(w, sum(weights)) for w in weights]
        values = {"support": xs}
        for j, pname in enumerate(names):
            values[pname] = sum(qi * xi ** (j + 1) for qi, xi in zip(q, xs, strict=True))
        return values

    def bind(values):
        out = {}
        if "support" in values:
            xs, _, _ = _symbols(len(values["support"]), len(names))
            out.update(zip(xs, values["support"], strict=True))
        out.update({s: values[pname] for s, pname in zip(syms, names, strict=True)
                    if pname in values})
        return out

    def check(values):
        if "support" not in values:
            return
        xs = _support(values)
        if len(names) == 2 and len(xs) < 3:
            raise DerivationError("parameter support needs at least 3 points when the mean and "
                                  "the second moment are both fixed")
        check_moments(xs, *(values.get(pname) for pname in names))

    def build(structure) -> Draft:
        n = dict(structure)["n"]
        xs, _, _ = _symbols(n, len(names))
        return Draft(
            quantity=r"H_{\max}",
            assumptions=(
                f"X takes the {n} distinct values $x_1, \\ldots, x_{{{n}}}$ with probabilities "
                f"$p_1, \\ldots, p_{{{n}}}$",
                f"constraints: $\\sum_i p_i = 1$ and {moment_text}",
                "the moments lie strictly inside the feasible set (else no finite multiplier)",
            ),
            steps=discrete_steps(n, syms, moment_text),
            reference=_reference(xs, syms),
            reference_method="direct maximisation of -sum p_i ln p_i over the feasible polytope "
            "{p > 0, sum p_i = 1, moment constraints} by infeasible-start Newton steps in p "
            "(Boyd & Vandenberghe, Alg. 10.2): no Gibbs form, no multiplier equation; the "
            "entropy summed from its definition",
            extras=_extras(xs, syms, [str(s) for s in syms]),
        )

    return Entry(name=name, title=title, group="maximum entropy",
                 params=(support, *moment_params), build=build, summary=summary,
                 structure=structure, sample=sample, bind=bind, check=check)


ENTRIES = (
    _discrete_entry(
        "maxent/discrete-mean", "Maximum entropy on a finite support with a given mean",
        (real("mean", "prescribed mean E[X]", "9/2", symbol_name="m"),), r"$\mathrm{E}[X] = m$",
        "Gibbs form p_i ~ exp(-lambda x_i); Jaynes (1957); Cover & Thomas, 2nd ed., "
        "Theorem 12.1.1 and Example 12.2.1"),
    _discrete_entry(
        "maxent/discrete-moments",
        "Maximum entropy on a finite support with a given mean and second moment",
        (real("mean", "prescribed mean E[X]", "9/2", symbol_name="m_1"),
         real("second_moment", "prescribed second moment E[X^2]", "22", symbol_name="m_2")),
        r"$\mathrm{E}[X] = m_1$ and $\mathrm{E}[X^{2}] = m_2$",
        "Gibbs form p_i ~ exp(-lambda_1 x_i - lambda_2 x_i^2); Cover & Thomas, 2nd ed., "
        "Theorem 12.1.1"),
)


@dataclass(frozen=True)
class MaxentSolution:
    """The distribution of maximal entropy (mpf values on ``ctx``) and its multipliers."""

    probabilities: tuple
    multipliers: tuple
    log_partition: object
    entropy: object
    ctx: object


def maxent_distribution(support: Sequence, constraints: Sequence, dps: int = 50) -> MaxentSolution:
    """Maximum entropy on ``support`` subject to ``E[f_j(X)] = c_j`` for ``(f_j, c_j)``.

    ``support`` holds exact numbers (or text in the parameter grammar, never
    evaluated as Python); each ``f_j`` is a Python callable applied to the
    support points as mpf numbers.  The Gibbs multipliers are solved by
    Newton's method on the dual and cross-checked against the direct
    maximiser; infeasible or boundary constraints raise DerivationError.

    >>> sol = maxent_distribution([1, 2, 3, 4, 5, 6], [(lambda x: x, "9/2")], dps=20)
    >>> sol.ctx.nstr(sol.probabilities[5], 10)
    '0.3474940658'
    """
    ctx = new_context(dps + 10)

    def exact(v):
        return parse_value(v) if isinstance(v, str) else v

    try:
        xs = [to_mpf(exact(v), ctx) for v in support]
        fs: list[Callable] = [f for f, _ in constraints]
        cs = [to_mpf(exact(c), ctx) for _, c in constraints]
        if len(set(xs)) != len(xs) or len(xs) < 2:
            raise DerivationError("support needs at least 2 distinct points")
        feats = [[ctx.mpf(f(x)) for f in fs] for x in xs]
        lams = solve_multipliers(ctx, feats, cs)
        p, lnz = gibbs(ctx, lams, feats)
        direct = maximise_entropy(ctx, feats, cs)
    except (NumericError, ValueError) as exc:
        raise DerivationError(f"maximum entropy: {exc}") from None
    if max(abs(a - b) for a, b in zip(p, direct, strict=True)) > ctx.mpf(10) ** (-dps + 3):
        raise DerivationError("maximum entropy: the Gibbs solution and the direct maximiser "
                              "disagree (constraints near the boundary of the feasible set)")
    return MaxentSolution(tuple(p), tuple(lams), lnz, entropy_of(ctx, p), ctx)
