"""Drafts for a user's distribution: entropy, cross-entropy and KL from the definition.

For a density ``p`` (or pmf) and a quantity ``sign * E_P[L(X)]`` (entropy:
``-E[ln p]``; cross-entropy: ``-E[ln q]``; KL: ``E[ln p - ln q]``,
Cover & Thomas, *Elements of Information Theory*, 2nd ed., eqs. (8.1),
(2.26)), the steps are the catalog's: take the logarithm of the density,
linearity of expectation, each expectation as an integral (a sum) done by
SymPy in the sandbox (:mod:`.custom_symbolic`), and a simplification.  An
expectation without a closed form stays an integral (a series) evaluated
numerically (:mod:`.custom_numeric`), and the derivation says so.  The
reference integrates (sums) the defining integrand, computed from the
densities as written (:mod:`.custom_numeric`), never from the steps.

Example
-------
>>> from symbolic_info.language import parse_distribution
>>> draft = entropy_draft(parse_distribution("3*x^2 on [0, 1]"), [{}])
>>> draft.closed_form
2/3 - log(3)
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..numeric.context import compile_expr
from ..numeric.quadrature import Density
from ..output.render_latex import latex
from ..output.unicode_math import math_text
from ..symbolic.expectation import Expect, apply_linearity
from ..symbolic.steps import LINEARITY
from .custom_numeric import (
    INTEGRAL_METHOD,
    SERIES_METHOD,
    NumericIntegral,
    NumericSeries,
    analytic_terms,
    density_cuts,
    expanded_log,
    factored_log,
    integral_reference,
    kink_points,
    series_reference,
)
from .custom_symbolic import INTEGRAL_BUDGET, symbolic_plan
from .custom_validate import check_density, check_nonnegative

__all__ = ["entropy_draft", "divergence_draft", "as_formula", "kinks", "expanded_log", "P",
           "NO_CLOSED_FORM", "numerically_finite"]

P = sp.Symbol("P")
"""Label of the distribution of X in expectations."""
NO_CLOSED_FORM = "no closed form found"


def as_formula(dist):
    """The distribution as a :class:`~symbolic_info.language.Formula` (tables and
    mixtures of components on one support are written out)."""
    from ..language import FamilyCall, Formula, Mixture, Table

    if isinstance(dist, FamilyCall):
        return as_formula(dist.form)
    if isinstance(dist, Formula):
        return dist
    if isinstance(dist, Table):
        return dist
    if isinstance(dist, Mixture):
        forms = [as_formula(c) for _w, c in dist.parts]
        if any(not isinstance(f, Formula) for f in forms):
            raise DerivationError("a mixture of tables is not supported; write one table")
        first = forms[0]
        if any((f.lo, f.hi) != (first.lo, first.hi) or f.discrete != first.discrete
               for f in forms):
            raise DerivationError(
                "the mixture's components overlap without sharing one support; only mixtures "
                "with disjoint supports or with one common support are supported")
        var = first.var
        total = sp.Add(*[w * f.density.subs(f.var, var) for (w, _c), f in
                         zip(dist.parts, forms, strict=True)])
        return Formula(total, var, first.lo, first.hi, first.discrete, dist.text)
    raise DerivationError(f"not a distribution: {dist!r}")  # pragma: no cover


_log = factored_log


def _limits(form):
    return (form.var, form.lo, form.hi)


def _support_words(form) -> str:
    return form.support_latex().replace("\\infty", "oo").replace("\\dots", "...")


def _atom(form, g):
    """``E[g(X)]`` as it appears in the steps: ``Expect`` or a kept series."""
    if form.discrete:
        return NumericSeries(form.density * g, _limits(form))
    return Expect(g, P)


def _kept(form, g):
    """``E[g(X)]`` as a kept integral (series): no closed form."""
    if form.discrete:
        return NumericSeries(form.density * g, _limits(form))
    return NumericIntegral(form.density * g, _limits(form))


def _plan(form, gs, expr, skip_symbolic: bool, budget: float = INTEGRAL_BUDGET):
    if skip_symbolic:  # a mixture of catalog densities: its mass is 1 by construction
        return {"Z": None, "values": {g: None for g in gs}, "final": None, "mixture": True}
    payload = {"density": form.density, "var": form.var, "lo": form.lo, "hi": form.hi,
               "discrete": form.discrete, "gs": [] if skip_symbolic else list(gs),
               "normalise": True, "whole_support": True,
               "expr": None if skip_symbolic else expr, "label": P,
               "budget": budget}
    plan = symbolic_plan(payload)
    plan.setdefault("values", {})
    for g in gs:
        plan["values"].setdefault(g, None)
    return plan


def _validate(form, plan, points):
    if plan.get("mixture"):
        check_nonnegative(form, points)
        return ("the mixture integrates to 1: each component is a density and the weights "
                "add up to 1")
    z = plan.get("Z")
    proven = False
    if z is not None and z != 1 and not z.free_symbols and z.is_number:
        proven = abs(sp.N(z - 1, 60)) < sp.Float(10) ** -50 and sp.nsimplify(z) == 1
    return check_density(form, z, points, proven_one=proven)


def numerically_finite(form, g) -> bool:
    """True when E[g] (no free symbols) is finite by two quadratures that agree to 15 digits
    (both cut at every bump of the density and of ``g``)."""
    if form.free_symbols or form.discrete:
        return False
    from ..numeric.context import agree_digits, evaluate, new_context

    ctx = new_context(25)
    try:
        a = evaluate(NumericIntegral(form.density * g, _limits(form)), {}, ctx)
        f = compile_expr(form.density * g, [form.var], ctx)
        lo, hi = (compile_expr(sp.sympify(e), [], ctx)() for e in (form.lo, form.hi))
        cuts = density_cuts(form.var, form.density, (form.lo, form.hi), ctx, kinks(form, g),
                            [g])
        b = integral_reference(f, lo, hi, ctx, cuts)
    except Exception:  # noqa: BLE001 - any failure means: not shown finite
        return False
    return bool(ctx.isfinite(a) and ctx.isfinite(b) and agree_digits(a, b, ctx, 15) >= 15)


def _infinite(form, plan, gs, linear, shown):
    """The step to ``+oo`` when an expectation is infinite and every other one finite.

    Raises when the total is ``-oo`` or undefined (``oo - oo``), or when another
    expectation has no closed form (then nothing can be concluded).
    """
    values = plan["values"]
    where = form.text or _support_words(form)
    bad = [g for g in gs if values.get(g) is not None and values[g].is_infinite]
    unknown = [g for g in gs if values.get(g) is None and not numerically_finite(form, g)]
    if unknown:
        raise DerivationError(
            f"the quantity may diverge: E[{math_text(bad[0])}] is infinite for {where}, and "
            f"E[{math_text(unknown[0])}] has no closed form to compare it with")
    finite = sp.Symbol("finite", real=True)  # an expectation shown finite numerically
    total = linear.xreplace({Expect(g, P): finite if values[g] is None else values[g]
                             for g in gs})
    if total is not sp.oo:
        raise DerivationError(f"the quantity is undefined or diverges: E[{math_text(bad[0])}] is "
                              f"infinite for {where} (total {math_text(total)})")
    rule = (rf"$\mathrm{{E}}[{latex(bad[0])}] = \infty$ under $P$ (SymPy; its integrand falls no "
            r"faster than $1/|x|$, so it diverges) and every other term is finite (by SymPy, or "
            r"by two quadratures that agree), so the quantity is $+\infty$")
    return [(shown(linear), sp.oo, rule)]


def _expectation_steps(form, sign, logged, points, skip_symbolic, allow_infinite=False,
                       budget: float = INTEGRAL_BUDGET):
    """Steps from ``sign * E[logged]`` (expanded) to the closed form; and notes."""
    expanded = sign * Expect(logged, P)
    linear = apply_linearity(expanded, form.var)
    gs = [e.args[0] for e in sorted(linear.atoms(Expect), key=sp.default_sort_key)]
    plan = _plan(form, gs, linear, skip_symbolic, budget)
    how = _validate(form, plan, points)

    def shown(expr):
        return expr.xreplace({Expect(g, P): _atom(form, g) for g in gs})

    steps = []
    if allow_infinite and any(v is not None and v.is_infinite for v in plan["values"].values()):
        if linear != expanded:
            steps.append((shown(expanded), shown(linear), "linearity of expectation"))
        return steps + _infinite(form, plan, gs, linear, shown), sp.oo, [], how
    if linear != expanded:
        rule = "linearity of the sum; the pmf sums to 1" if form.discrete else LINEARITY
        steps.append((shown(expanded), shown(linear), rule))
    current = linear
    notes = []
    where = f"${form.support_latex()}$"
    for g in gs:
        value = plan["values"].get(g)
        what = "sum" if form.discrete else "integral"
        if value is None:
            new = current.xreplace({Expect(g, P): _kept(form, g)})
            reason = ("the components overlap, so no closed form is claimed" if skip_symbolic else
                      f"SymPy found no closed form within {budget:g} s of CPU time")
            rule = rf"$\mathrm{{E}}[{latex(g)}]$ written as its {what} over {where}: {reason}"
            notes.append(f"E[{math_text(g)}]: {NO_CLOSED_FORM} ({reason}); its value is "
                         "computed numerically")
        else:
            if value.is_infinite:
                raise DerivationError(
                    f"the quantity diverges: E[{math_text(g)}] is infinite for "
                    f"{form.text or where}")
            new = current.xreplace({Expect(g, P): value})
            rule = (rf"$\mathrm{{E}}[{latex(g)}]$ as the {what} of "
                    f"${latex(form.density * g)}$ over {where}, done by SymPy")
        steps.append((shown(current), shown(new), rule))
        current = new
    final = plan.get("final")
    if final is not None and final != current and not current.atoms(Expect):
        steps.append((current, final, "simplify"))
        current = final
    return steps, current, notes, how


def kinks(form, *exprs) -> tuple:
    """Points where the density or ``exprs`` have a kink (see :func:`kink_points`)."""
    return tuple(dict.fromkeys(k for e in (form.density, *exprs)
                               for k in kink_points(e, form.var)))


def _density(form, logged_p, extra=()) -> Density:
    return Density(form.var, logged_p, (form.lo, form.hi), kinks(form, logged_p, *extra))


def _reference(form, make_integrand, breaks=(), others=()):
    """``integral (sum) of integrand(p(x), x)`` over P's support, from the formulas.

    ``make_integrand(point, ctx)`` gives that integrand at one parameter point
    (anything it compiles is compiled once there, not once per node).  The range is cut
    at ``breaks``, at a narrow peak of ``p`` and at the bump of each term of ``p`` and of
    the densities ``others`` (Q's, in ``x``) when they are sums.
    """

    def reference(point, ctx):
        f = compile_expr(form.density.subs(point), [form.var], ctx)
        lo, hi = (sp.sympify(e).subs(point) for e in (form.lo, form.hi))
        integrand = make_integrand(point, ctx)

        def h(x):
            return integrand(f(x), x)

        if form.discrete:
            qs = [d.subs(point) for d in others]
            analytic = analytic_terms(form.density.subs(point), *qs)
            # the logarithms of p and q: each pmf's phase bounds the Abel-Plana cut
            inner = (f, *(compile_expr(q, [form.var], ctx) for q in qs)) if analytic else ()
            return series_reference(h, int(lo), None if hi is sp.oo else int(hi), ctx,
                                    analytic, inner)
        a, b = (compile_expr(e, [], ctx)() for e in (lo, hi))
        # cut also around a narrow peak of p (normal(0, 1e-300)) and each bump of a sum:
        # only where the quadrature splits the range; the integrand stays as written
        cuts = density_cuts(form.var, form.density.subs(point), (lo, hi), ctx,
                            [sp.sympify(c).subs(point) for c in breaks],
                            [sp.log(d.subs(point)) for d in others])
        return integral_reference(h, a, b, ctx, cuts)

    return reference


def _xlogy(ctx, a, b):
    return ctx.zero if a == 0 else a * ctx.log(b)


def _method(form) -> str:
    if form.discrete:
        if form.hi is sp.oo:
            return "the Abel-Plana formula (DLMF 2.10.2: terms added up to k = n, then the " \
                   "tail's integral and its correction along Re k = n by double-exponential " \
                   "quadrature) when the terms fall algebraically and are analytic, else " \
                   "mpmath nsum (its own Euler-Maclaurin, numerical derivatives), of {what} " \
                   "from the pmf as written"
        return "exact finite sum of {what} from the pmf as written"
    return "double-exponential quadrature (tanh-sinh; light-tail or exp-sinh rule on " \
           "infinite pieces) of {what} from the density as written"


def _draft(form, quantity, raw, logged, sign, reference, what, points, assumptions,
           first_rule, skip_symbolic=False, allow_infinite=False, budget=INTEGRAL_BUDGET):
    """The draft of ``sign * E_P[raw]`` where ``logged`` is ``raw`` with its logarithms expanded."""
    if form.discrete:
        start = sign * NumericSeries(form.density * raw, _limits(form))
        expanded = sign * NumericSeries(form.density * logged, _limits(form))
    else:
        start, expanded = sign * Expect(raw, P), sign * Expect(logged, P)
    body, closed, notes, how = _expectation_steps(form, sign, logged, points, skip_symbolic,
                                                  allow_infinite, budget)
    steps = [(start, expanded, first_rule)] if start != expanded else []
    if body and form.discrete:
        body[0] = (expanded, body[0][1], body[0][2])
    steps += body
    method = _method(form).format(what=what)
    if closed is sp.oo:
        reference, method = _divergent_reference(form, sign * form.density * raw)
    if notes:
        method += ("; " + NO_CLOSED_FORM + ": the value shown is the kept integral (series) by "
                   + (SERIES_METHOD if form.discrete else INTEGRAL_METHOD)
                   + ", and it is verified against this independent reference")
    return Draft(
        quantity=quantity,
        assumptions=(*assumptions, how, *notes),
        steps=tuple(Step(a, b, rule) for a, b, rule in steps),
        reference=reference,
        reference_method=method,
        densities={} if form.discrete else {P: _density(form, _log(form.density), (logged,))},
    )


def _divergent_reference(form, integrand):
    """The reference of a result ``+oo``: the tail certificate of the integrand as written.

    :func:`~symbolic_info.engine.divergence.integral_tails` on ``sign p(x) L(x)``
    from the densities as written (not the steps' expanded terms): ``+oo`` when a
    tail is bounded below by ``c/|x|`` and every other tail converges.
    """
    from ..engine.divergence import integral_tails
    from ..numeric.context import NumericError

    def reference(point, ctx):
        h = integrand.subs(point)
        lo, hi = (sp.sympify(e).subs(point) for e in (form.lo, form.hi))
        verdict = integral_tails(h, form.var, lo, hi, max(15, ctx.dps - 10))
        if verdict.kind != "diverges":
            raise NumericError(f"the integrand as written is not shown divergent ({verdict.why})")
        return ctx.inf

    method = ("tail comparison of the integrand as written: it is >= c/|x| on a tail (a SymPy "
              "limit of |x| times it, checked at |x| = 10^2..10^12), every other tail converges")
    return reference, method


def entropy_draft(dist, points: list, assumptions: tuple = (),
                  budget: float = INTEGRAL_BUDGET) -> Draft:
    """``h(X) = -E[ln p(X)]`` (``H(X)`` for a pmf) of a formula, family call or mixture."""
    form = as_formula(dist)
    from ..language import Mixture

    skip = isinstance(dist, Mixture)  # overlapping components (disjoint ones never get here)

    def integrand(_point, ctx):
        return lambda fx, _x: -_xlogy(ctx, fx, fx)

    raw = sp.log(form.density, evaluate=False)
    return _draft(
        form, "H(X)" if form.discrete else "h(X)", raw, raw if skip else _log(form.density), -1,
        _reference(form, integrand, kinks(form)), "-p ln p", points,
        (f"X has the {'pmf' if form.discrete else 'density'} {form.text or dist.text}",
         *assumptions), "take the logarithm of the " + ("pmf" if form.discrete else "density"),
        skip, budget=budget)


def _inside(p, q) -> str | None:
    """Why P's support is not inside Q's (``None`` when it is)."""
    checks = [(q.lo, p.lo, "below"), (p.hi, q.hi, "above")]
    for small, big, side in checks:
        ok = sp.sympify(small) <= sp.sympify(big)
        if ok is sp.true or ok is True:
            continue
        if ok is sp.false or ok is False:
            end = q.lo if side == "below" else q.hi
            return (f"P gives positive probability to values {side} {math_text(end)}, where Q's "
                    "density is 0")
        raise DerivationError("cannot decide whether P's support lies inside Q's; give the "
                              "parameters of the supports")
    return None


def _outside_mass(p, q):
    """P-probability of the part of P's support outside Q's (closed form, else kept)."""
    pieces = []
    if bool(q.lo > p.lo):
        pieces.append((p.lo, q.lo))
    if bool(q.hi < p.hi):
        pieces.append((q.hi, p.hi))
    total = []
    for a, b in pieces:
        plan = symbolic_plan({"density": p.density, "var": p.var, "lo": a, "hi": b,
                              "discrete": p.discrete, "gs": [], "normalise": True})
        z = plan.get("Z")
        if z is None:
            z = (NumericSeries if p.discrete else NumericIntegral)(p.density, (p.var, a, b))
        total.append(z)
    return sp.Add(*total)


def divergence_draft(p_dist, q_dist, kl: bool, points: list, assumptions: tuple = ()) -> Draft:
    """``D(P||Q) = E_P[ln p - ln q]`` or ``H(P, Q) = -E_P[ln q]``."""
    p, q = as_formula(p_dist), as_formula(q_dist)
    from ..language import Table

    if isinstance(p, Table) or isinstance(q, Table):
        raise DerivationError("tables are supported in KL and cross-entropy through the "
                              "categorical family: categorical(1/2, 1/4, 1/4)")
    if p.discrete != q.discrete:
        raise DerivationError("P and Q must both be continuous or both be discrete")
    quantity = "D(P \\| Q)" if kl else "H(P, Q)"
    q_on_p = q.density.subs(q.var, p.var)
    why = _inside(p, q)
    if why is not None:
        # validate both anyway: an infinite answer for an invalid density would be wrong
        check_density(q, _plan(q, [], None, False).get("Z"), points)
        _plan_p = _plan(p, [], None, False)
        check_density(p, _plan_p.get("Z"), points)
        name = "D(P||Q)" if kl else "H(P, Q)"
        mass = _outside_mass(p, q)
        steps = (Step(sp.Mul(mass, sp.oo, evaluate=False), sp.oo,
                      f"{why}: that part has P-probability {math_text(mass)} > 0, and there "
                      f"ln q = -oo, so {name} = oo"),)

        def infinite(_point, ctx):
            return ctx.inf

        return Draft(quantity, (*assumptions, why), steps, infinite,
                     "support comparison: P's support is not inside Q's",
                     {P: _density(p, _log(p.density))})
    q_check = _plan(q, [], None, False)
    check_density(q, q_check.get("Z"), points)
    lq = _log(q_on_p)
    logged = _log(p.density) - lq if kl else lq
    sign = 1 if kl else -1
    raw = sp.log(p.density, evaluate=False) - sp.log(q_on_p, evaluate=False) if kl \
        else sp.log(q_on_p, evaluate=False)
    qf = q_on_p

    def integrand(point, ctx):
        q_at = compile_expr(qf.subs(point), [p.var], ctx)

        def value(px, x):
            if px == 0:
                return ctx.zero
            qx = q_at(x)
            return px * ctx.log(px / qx) if kl else -px * ctx.log(qx)

        return value

    return _draft(
        p, quantity, raw, logged, sign, _reference(p, integrand, kinks(p, q_on_p), (q_on_p,)),
        "p ln(p/q)" if kl else "-p ln q", points,
        (f"P has the {'pmf' if p.discrete else 'density'} {p.text or p_dist.text}",
         f"Q has the {'pmf' if q.discrete else 'density'} {q.text or q_dist.text}",
         *assumptions),
        r"$\ln \frac{p}{q} = \ln p - \ln q$; take the logarithm of each density" if kl
        else "take the logarithm of Q's density", allow_infinite=True)
