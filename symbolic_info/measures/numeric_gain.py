"""Information gained about one hidden parameter when no conjugate pair applies: by quadrature.

``information-gain --param "model=theta ~ uniform(0, 10); x | theta ~ poisson(theta)"
--param observed=3`` or ``model=mu ~ laplace(0, 1); x | mu ~ normal(mu, 1)``: the
posterior density is prior x likelihood / evidence (Bayes' rule), with
``g = prior x likelihood`` as written and the evidence ``Z = integral g``.  No closed
form is claimed for the posterior or its entropy; the value is

    h(prior) - h(posterior),   h(posterior) = -int (g/Z) ln(g/Z) = ln Z - (1/Z) int g ln g,

with ``h(prior)`` the catalog's closed form when the prior is a catalog family (its own
derivation, verified) and every integral by the project's double-exponential quadrature
(:class:`~.custom_numeric.NumericIntegral`), or, where prior x likelihood is between its
kinks a polynomial times ``exp(quadratic)`` (a Laplace prior, a normal likelihood), by the
error function (:class:`~.gain_pieces.PiecewiseGaussIntegral`).  Two independent
quadratures must agree: the evidence is a step, the project's rule against mpmath's ``quad``
(tanh-sinh; Gauss-Legendre cells for that form), and
the result is verified against a reference that integrates ``-p ln p`` of the prior and
of the normalised posterior with mpmath's ``quad``, split near the posterior's mass (or,
where both are ``exp(quadratic)`` between their kinks, by Gauss-Legendre cells:
:func:`~.gain_reference.cells_gain_reference`).
``D(posterior || prior) = int (g/Z) ln(g / (Z prior)) = (1/Z) int g ln(likelihood) - ln Z``
stands in the extras, computed by both quadratures and shown only when they agree.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("information-gain", observed="3",
...            model="theta ~ uniform(0, 10); x | theta ~ poisson(theta)")
>>> d.verified, d.extras["posterior"]
(True, 'numerical: prior x likelihood / evidence')
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..families import FAMILIES
from ..language import FamilyCall, Formula, support_of
from ..numeric.context import agree_digits, compile_expr, evaluate, new_context, to_decimal
from ..numeric.gauss_pieces import branch_integrals
from ..numeric.log_quadratic import quadratic_pieces
from .conjugate import PAIRS
from .custom_numeric import NumericIntegral, factored_log, kink_points
from .gain_pieces import PiecewiseGaussIntegral
from .gain_reference import CELLS_METHOD, cells_gain_reference, mpmath_quad, quadrature_gain
from .information_gain import (
    BAYES_POSTERIOR,
    GAIN_DEFINITION,
    catalog_value,
    likelihood_at,
    log_of_product,
)

__all__ = ["numeric_draft", "posterior_hints", "NO_CLOSED_FORM", "FAR"]

NO_CLOSED_FORM = ("no closed form is claimed: the posterior is the prior times the likelihood "
                  "over the evidence and its entropy an integral, each computed by two "
                  "independent quadratures")
_EVIDENCE_DPS = 75
VALUE_RULES = {False: "the project's double-exponential quadrature",
               True: "the error function on each side of the kinks, where prior x likelihood "
                     "is a polynomial times exp(quadratic) (DLMF 7.2.1, moments by parts)"}
"""How the value's integrals are computed, by whether the integrand has that form."""


def _prior_of(hidden):
    """The prior as a continuous :class:`Formula` on fixed ends, and its catalog family."""
    dist = hidden.distribution
    family = dist.family if isinstance(dist, FamilyCall) and dist.family in FAMILIES else None
    form = dist.form if isinstance(dist, FamilyCall) else dist
    if not isinstance(form, Formula) or form.discrete:
        raise DerivationError(f"information-gain knows the conjugate pairs ({', '.join(PAIRS)}"
                              "), dirichlet-categorical, and numerically a continuous prior on "
                              f"one parameter; '{hidden.text}' is none of them")
    if sp.sympify(form.lo).free_symbols or sp.sympify(form.hi).free_symbols:
        raise DerivationError("the prior's support must have given ends")
    return form, family


def _check_observed(lik, observed, theta) -> None:
    """Each observation inside the likelihood's support (whose ends must not move with theta)."""
    s = support_of(lik)
    lo, hi = sp.sympify(s.lo), sp.sympify(s.hi)
    if theta in lo.free_symbols | hi.free_symbols:
        raise DerivationError(f"the likelihood's support {s.text()} depends on {theta}: "
                              "information-gain does not handle such a model numerically")
    for v in observed:
        inside = bool(v >= lo) and bool(v <= hi)
        if s.discrete:
            inside = inside and v.is_Integer and (s.values is None or v in s.values)
        if not inside:
            kind = "integers " if s.discrete else ""
            raise DerivationError(f"the observation {v} is outside the support of the "
                                  f"likelihood ({kind}{s.text()})")


def posterior_hints(lo, hi, log_g, theta, observed) -> tuple:
    """Break points near the posterior's mass (or the prior's, given its log as ``log_g``):
    the kinks, the maximum of ln g on a coarse grid, and on each side the point where ln g
    has fallen :data:`FAR` below it (:func:`_far_cuts`, stepping by the width where ln g is
    within 12 of its top; about 10 standard deviations of a normal-shaped posterior), else
    the observations' mean; returns ``(hints, mode, width, top)``, ``mode`` ``None`` when
    the grid found nothing, ``top`` the largest ln g seen (0 then)."""
    a = float(lo) if lo is not -sp.oo else None
    b = float(hi) if hi is not sp.oo else None
    centre = float(sp.Add(*observed) / len(observed))
    left = a if a is not None else min(centre, 0.0) - 100
    right = b if b is not None else max(centre, 0.0) + 100
    ctx = new_context(20)
    f = compile_expr(log_g, [theta], ctx)
    grid = [left + (right - left) * (i + 0.5) / 400 for i in range(400)]
    values = []
    for t in grid:
        try:
            values.append((float(f(ctx.mpf(t))), t))
        except (ValueError, ZeroDivisionError, ArithmeticError):
            continue
    out = [float(k) for k in kink_points(log_g, theta)]
    mode = width = None
    top = 0.0
    if values:
        top, mode = max(values)
        near = [t for v, t in values if v > top - 12]
        width = max(max(near) - min(near), (right - left) / 400)
        out.append(mode)
        out += _far_cuts(f, ctx, mode, width, top, a, b)
    else:
        out.append(centre)
    return sorted({round(x, 12) for x in out
                   if (a is None or x > a) and (b is None or x < b)}), mode, width, top


FAR = 2400
"""Nats below the top of ``ln g`` where :func:`_far_cuts` stops: past 1000 digits."""


def _far_cuts(f, ctx, mode, width, top, a, b) -> list:
    """On each side, a point where ``ln g`` (``f``) has just fallen :data:`FAR` below its top
    (none where the support ends first): the first ``mode +- width 2^k`` past that level,
    moved back by bisection to within 1/64 of its bracket.  mpmath's ``quad`` then meets no
    infinite piece holding digits it must resolve (its map ``x = a - 1 + 2/(s + 1)`` took
    22,000 nodes per piece at 300 digits for the normal tails of a Laplace prior's
    posterior, each an ``exp`` of an argument up to ``10^600``), and the piece between the
    posterior's bulk and the cut is no longer than it must be (each further length or
    piece costs tanh-sinh a level: 6,300 nodes at 300 digits on (0, 70) and (70, oo) for
    that posterior, 9,500 with cuts at 7.5 and 120)."""
    def below(x) -> bool:
        return float(f(ctx.mpf(x))) < top - FAR

    out = []
    for sign, end in ((1, b), (-1, a)):
        inside = mode
        for k in range(64):
            x = mode + sign * width * 2.0**k
            if end is not None and sign * (x - end) >= 0:
                break
            try:
                if below(x):
                    for _ in range(6):  # below at x, above at inside
                        middle = (x + inside) / 2
                        x, inside = (middle, inside) if below(middle) else (x, middle)
                    out.append(x)
                    break
            except (ValueError, ZeroDivisionError, ArithmeticError):
                break
            inside = x
    return out


def _cuts(lo, hi, mode, width) -> list:
    """Exact cuts around a narrow posterior (mode +- 2 widths) for the project's quadrature,
    which places its nodes by the ends and kinks only and misses a narrow peak."""
    if mode is None:
        return []
    span = (hi - lo) if lo.is_finite and hi.is_finite else sp.oo
    if 8 * width >= span:
        return []
    out = []
    for x in (mode - 2 * width, mode + 2 * width):
        r = sp.Rational(round(x * 10**6), 10**6)
        if bool(r > lo) and bool(r < hi):
            out.append(r)
    return out


def _kept(expr, var, ends) -> sp.Expr:
    """``integral of expr`` over consecutive pieces between ``ends``, each kept."""
    pairs = zip(ends[:-1], ends[1:], strict=True)
    return sp.Add(*[PiecewiseGaussIntegral(expr, (var, a, b)) for a, b in pairs])


def _quad(ctx, f, lo, hi, hints):
    a, b = (compile_expr(sp.sympify(e), [], ctx)() for e in (lo, hi))
    nodes = [a, *sorted({ctx.mpf(c) for c in hints if a < c < b}), b]
    return ctx.quad(f, nodes)


def numeric_draft(model, observed: tuple, model_text: str) -> Draft:
    """The draft of ``information-gain`` for a two-line model with a continuous prior on
    one parameter and no conjugate pair."""
    hidden, obs = model.variables
    if obs.parents != (hidden.name,):
        raise DerivationError(f"the second line must be {obs.name} | {hidden.name} ~ ...")
    theta = hidden.symbol
    form, family = _prior_of(hidden)
    lo, hi = sp.sympify(form.lo), sp.sympify(form.hi)
    _check_observed(obs.distribution, observed, theta)
    lik_form = obs.distribution.form if isinstance(obs.distribution, FamilyCall) \
        else obs.distribution
    prior = form.density.subs(form.var, theta)
    log_prior = factored_log(prior)  # ln(p^2 - 2p + 1) is ln 0 next to p = 1 (finding A5)
    log_lik = sp.Add(*[log_of_product(likelihood_at(lik_form, x)) for x in observed])
    log_g = log_prior + log_lik
    limits = (theta, lo, hi)
    hints, mode, width, top = posterior_hints(lo, hi, log_g, theta, observed)
    ends = [lo, *_cuts(lo, hi, mode, width), hi]
    # g = e^c g_s with c near the top of ln g: both quadratures stop on an absolute error,
    # so an integrand of size 1e-838 (1000 Poisson terms) would pass at their first level
    c = sp.Integer(round(top))
    g = sp.exp(log_g - c)
    t = sp.Symbol("t", **theta.assumptions0)  # its own variable: Z sits inside integrals
    z_kept = _kept(g.subs(theta, t), t, ends)
    j_kept = _kept(g * log_g, theta, ends)
    ctx = new_context(_EVIDENCE_DPS)
    g_num = compile_expr(g, [theta], ctx)
    kinks = kink_points(log_g, theta)
    pieces = quadratic_pieces(g, theta, lo, hi, kinks) is not None
    ours = VALUE_RULES[pieces]
    # the prior's own cuts: its tails reach far beyond the posterior's (a Laplace prior's h
    # at 1000 digits took 37,000 nodes a side cut at the posterior's 69.5, 15,000 at its own
    # 2400)
    reference = quadrature_gain(log_prior, log_lik, theta, lo, hi, hints, mpmath_quad,
                                prior_hints=posterior_hints(lo, hi, log_prior, theta,
                                                            observed)[0])
    method = ("mpmath quad (tanh-sinh, split near the posterior's mass) of -p ln p for the "
              "prior and for prior x likelihood normalised by its own quadrature, from the "
              "model as written")
    if pieces:  # exp(quadratic) between the kinks: Gauss-Legendre cells, not tanh-sinh
        reference = cells_gain_reference(log_prior, log_lik, theta, lo, hi, kinks, reference)
        method = CELLS_METHOD
    z_other, other = _evidence(g_num, (log_g, c, kinks if pieces else None),
                               (theta, lo, hi), hints, ctx)
    if not z_other > 0:
        raise DerivationError("the evidence p(x) is 0 at this precision: the observations are "
                              "impossible under the model")
    hp_kept = NumericIntegral(-prior * log_prior, limits)
    h_prior = catalog_value(f"entropy/{family}", dict(hidden.distribution.args)) \
        if family is not None else hp_kept
    post = g / z_kept
    definition = sp.Add(hp_kept, -_kept(-post * sp.log(post), theta, ends), evaluate=False)
    closed = sp.Add(h_prior, -sp.log(z_kept), -c, j_kept / z_kept, evaluate=False)
    steps = [
        Step(definition, definition,
             f"{GAIN_DEFINITION}; {BAYES_POSTERIOR}; {NO_CLOSED_FORM}"),
        Step(sp.exp(c) * z_kept,
             sp.exp(c) * sp.Float(to_decimal(z_other, _EVIDENCE_DPS - 5, ctx),
                                  _EVIDENCE_DPS - 5),
             r"the evidence $p(x) = \int$ prior $\times$ likelihood (scaled by a constant "
             f"$e^c$ near its peak): {ours} (left) against {other} (right), two independent "
             "methods"),
    ]
    if family is not None:
        steps.append(Step(hp_kept, h_prior, f"h(prior) of {hidden.text.split('~', 1)[1].strip()}:"
                                            f" the catalog's entropy/{family}, derived and "
                                            "verified on its own"))
    # ln Z - (1/Z) int g ln g = -int (g/Z) ln(g/Z) is exact algebra; it is not a checked
    # step (SymPy's simplifier spends 20 s on the nested integrals before the numeric
    # check), the reference integrates -p ln p of the normalised posterior instead
    h_post = sp.Add(sp.log(z_kept), c, sp.Mul(-1, j_kept / z_kept, evaluate=False),
                    evaluate=False)
    steps.append(Step(sp.Add(h_prior, sp.Mul(-1, h_post, evaluate=False), evaluate=False),
                      closed,
                      f"{GAIN_DEFINITION}, "
                      r"$h(\text{posterior}) = -\int \frac{g}{Z} \ln \frac{g}{Z} "
                      r"= \ln Z - \frac{1}{Z} \int g \ln g$ with $g$ = prior $\times$ "
                      r"likelihood and $Z = \int g$ the evidence ($g$ written $e^c$ times a "
                      f"function near 1 at its peak, $c = {sp.latex(c)}$); " + NO_CLOSED_FORM))
    return Draft(
        quantity="h(\\theta) - h(\\theta \\mid x)",
        assumptions=(f"the model {model_text}", f"observed {', '.join(map(str, observed))}",
                     GAIN_DEFINITION, NO_CLOSED_FORM),
        steps=tuple(steps),
        # the prior's own cuts: its tails reach far beyond the posterior's (a Laplace
        # prior's h at 1000 digits took 37,000 nodes a side cut at the posterior's 69.5,
        # 15,000 at its own 2400)
        reference=reference,
        reference_method=method + "; the value is " + ours + ": " + NO_CLOSED_FORM,
        extras=_extras(g, log_lik, (z_kept, c), (theta, ends), hints, hidden.text, observed,
                       value_rule=ours, cells=(log_g, kinks) if pieces else None),
    )


def _evidence(g_num, cells, limits, hints, ctx) -> tuple:
    """``(int g, the rule's name)``, ``g = e^{ln g - c}``: by Gauss-Legendre cells when
    ``cells = (ln g, c, kinks)`` has kinks (exp(quadratic) between them), else mpmath's
    tanh-sinh quad split near the posterior's mass."""
    theta, lo, hi = limits
    log_g, c, kinks = cells
    if kinks is not None:
        got = branch_integrals(log_g, theta, lo, hi, kinks, [], ctx.dps, ctx)
        if got is not None:
            top, (mass,) = got
            return mass * ctx.exp(top - int(c)), "Gauss-Legendre cells"
    return _quad(ctx, g_num, lo, hi, hints), ("mpmath's tanh-sinh quad split near the "
                                              "posterior's mass")


def _other_kl(g, log_lik, limits, hints, c, cells, ctx) -> tuple:
    """``((1/Z) int g ln(likelihood) - ln Z, its rule's name)`` by Gauss-Legendre cells
    (``cells = (ln g, kinks)``; with ``ln g`` unshifted) or else mpmath's quad."""
    theta, lo, hi = limits
    if cells is not None:
        got = branch_integrals(cells[0], theta, lo, hi, cells[1], [log_lik], ctx.dps, ctx)
        if got is not None:
            top, (mass, moment) = got
            return moment / mass - top - ctx.log(mass), "Gauss-Legendre cells"
    gn, ln = compile_expr(g, [theta], ctx), compile_expr(log_lik, [theta], ctx)
    seen: dict = {}

    def g_at(t):  # both quadratures visit the same nodes: g once per node
        key = t._mpf_ if hasattr(t, "_mpf_") else t
        if key not in seen:
            seen[key] = gn(t)
        return seen[key]

    z = _quad(ctx, g_at, lo, hi, hints)
    other = _quad(ctx, lambda t: g_at(t) * ln(t), lo, hi, hints) / z - ctx.log(z) - int(c)
    return other, "mpmath quad"


def _extras(g, log_lik, evidence, pieces, hints, prior_text, observed, value_rule, cells):
    """KL(posterior || prior) = (1/Z) int g ln(likelihood) - ln Z, the value's way against
    mpmath's quad, or against Gauss-Legendre cells (``cells = (ln g, kinks)`` given: g is
    exp(quadratic) between the kinks)."""
    z_kept, c = evidence
    theta, ends = pieces
    lo, hi = ends[0], ends[-1]
    kl_kept = _kept(g * log_lik, theta, ends) / z_kept - sp.log(z_kept) - c

    def extras(_point, ctx, dps, _units):
        ours = evaluate(kl_kept, {}, ctx)
        other, rule = _other_kl(g, log_lik, (theta, lo, hi), hints, c, cells, ctx)
        digits = agree_digits(ours, other, ctx, dps)
        verified = digits >= dps - 5
        return {
            "posterior": "numerical: prior x likelihood / evidence",
            "prior": prior_text.split("~", 1)[1].strip(),
            "conjugate_pair": "none (numerical posterior)",
            "closed_form": NO_CLOSED_FORM,
            "evidence": to_decimal(evaluate(sp.exp(c) * z_kept, {}, ctx), min(dps, 30), ctx),
            "kl_posterior_prior": {"nats": to_decimal(ours, dps, ctx),
                                   "bits": to_decimal(ours / ctx.ln2, dps, ctx),
                                   "what": "D(posterior || prior), a different quantity",
                                   "verified": verified,
                                   "check": f"{value_rule} against {rule}: {digits} "
                                            "digits agree" + ("" if verified else
                                                              ": NOT verified")},
            "why_they_differ": "h(prior) - h(posterior) compares only the spreads of the two "
                               "distributions and can be negative; D(posterior || prior) is "
                               "never negative and also counts how far the posterior moved. "
                               "Averaged over the data, both equal the mutual information "
                               f"I({theta}; X).",
            "observed": [str(v) for v in observed],
        }

    return extras
