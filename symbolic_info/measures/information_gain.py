"""Information gained about a hidden parameter from observations (the course's tasks 1.13, 1.14).

``information-gain --param "model=theta ~ exponential(mean=10); x | theta ~ poisson(theta)"
--param observed=10,9,11,8,10``: the posterior of the hidden variable by Bayes'
rule, in closed form for the conjugate pairs of :mod:`.conjugate`, and the
information gained as the course defines it, ``h(prior) - h(posterior)``.

Beside it (``extras``) stands ``D(posterior || prior)``, a different quantity:
the entropy difference compares only the spreads and can be negative (an
observation that contradicts a confident prior widens it), while the KL
divergence is never negative and also counts how far the posterior moved.
Averaged over the data both equal the mutual information ``I(theta; X)``
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., eq. (2.35) and
Sec. 8.5: ``I = h(theta) - h(theta | X) = E_X D(p(theta|X) || p(theta))``).

A ``dirichlet(a)`` prior with ``x | p ~ categorical(p)`` goes to :mod:`.dirichlet_gain`
(closed forms); any other two-line model with a continuous prior on one parameter to
:mod:`.numeric_gain` (the posterior by quadrature, no closed form claimed).

The steps: Bayes' rule checked at three points near the posterior (prior x
likelihood / evidence equals the conjugate posterior density there, the evidence
in closed form), both entropies from the catalog (derived and verified on their
own), and their difference.  The reference integrates from the model as written with mpmath's
own quadrature, never using the conjugate formulas for values.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("information-gain", units="bits", observed="10",
...            model="theta ~ exponential(mean=10); x | theta ~ poisson(theta)")
>>> d.verified, d.value[:6], d.extras["posterior"]
(True, '1.1700', 'gamma(k=11, theta=10/11)')
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..checker.grammar import parse_expression
from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..language import Table, parse_model
from ..language.calls import is_dirichlet
from ..language.scan import split_top
from ..numeric.context import compile_expr, new_context, to_decimal
from ..numeric.resolved import resolved_text
from ..output.render_latex import latex
from ..symbolic.substitute import substitute
from .conjugate import conjugate
from .custom_numeric import NumericIntegral, factored_log
from .gain_bayes import SHOWN_ARGUMENT, SHOWN_BITS, bayes_steps, shown_likelihood
from .gain_frames import centre_of, conjugate_reference
from .text_entry import fixed_entry, text_entry

__all__ = ["ENTRIES", "gain_entry", "parse_observed", "catalog_value", "catalog_value_at",
           "log_of_product",
           "likelihood_at", "MAX_OBSERVED", "shown_math",
           "GAIN_DEFINITION", "BAYES_POSTERIOR", "gain_texts", "TABLE_DIGITS"]

MAX_OBSERVED = 1000
"""Most observations in one request."""
MAX_COUNTS = 1000
"""Most the observed counts of a pmf likelihood may add up to (:func:`_bound_counts`); a
conjugate posterior's own bounds are :data:`.conjugate.MAX_TRIALS` and
:data:`.conjugate.MAX_SHAPE`."""
TABLE_DIGITS = 20
"""The sequence table's gains are rounded to this many significant digits."""
GAIN_DEFINITION = (r"information gained $= h(\text{prior}) - h(\text{posterior})$ (the course's "
                   "definition)")
BAYES_POSTERIOR = (r"by Bayes' rule the posterior is prior $\times$ likelihood / evidence")


def parse_observed(text: str) -> tuple:
    """``"10, 9, 11"`` -> exact numbers; one line on anything else."""
    if not isinstance(text, str) or not text.strip():
        raise DerivationError("observed must be numbers such as 10 or 10,9,11,8,10")
    items = split_top(text.strip(), ",")
    if len(items) > MAX_OBSERVED:
        raise DerivationError(f"at most {MAX_OBSERVED} observations")
    out = []
    for item in items:
        value = parse_expression(item, {}).expr
        if not value.is_Rational:
            raise DerivationError(f"the observation '{item}' must be a number such as 10 or 3/2")
        out.append(value)
    return tuple(out)


def _bound_counts(model, observed: tuple) -> None:
    """Refuse counts (observations of a pmf) adding up to more than :data:`MAX_COUNTS`:
    the checks carry their factorials exactly (``x!`` of ``x = 10^12`` aborted the process;
    a Gamma-Poisson posterior of shape 1,000 verifies in 7 s, of 2,002 it had numbers of
    more than 4,300 digits)."""
    if len(model.variables) != 2:
        return
    try:
        form = model.variables[1].distribution.form
    except (AttributeError, DerivationError):
        return
    discrete = isinstance(form, Table) or getattr(form, "discrete", False)
    if discrete and sum(abs(x) for x in observed) > MAX_COUNTS:
        raise DerivationError(f"the observed counts add up to more than {MAX_COUNTS}: too "
                              "large for the exact checks (their factorials)")


def catalog_value(name: str, values: dict) -> sp.Expr:
    """The catalog's closed form ``name``, derived symbolically (verified at random points),
    with ``values`` (exact, possibly irrational) substituted."""
    from ..catalog import derive, entry

    d = derive(name, units="nats")
    if not d.verified:
        raise DerivationError(f"{name} could not be verified")
    e = entry(name)
    return substitute(d.result, {e.param(k).symbol: v for k, v in values.items()},
                      small=SHOWN_ARGUMENT)


def catalog_value_at(name: str, values: dict) -> sp.Expr:
    """The catalog's ``name`` derived at ``values`` and verified against its own reference
    at exactly these values: one reference where :func:`catalog_value` computes three, at
    random points, and then substitutes values it did not check.  Values that are not all
    rational (a posterior's square root) take :func:`catalog_value`.

    >>> catalog_value_at("kl/exponential", {"lambda1": sp.Integer(2), "lambda2": sp.Integer(1)})
    -1/2 + log(2)
    """
    from ..catalog import derive

    if not all(isinstance(v, sp.Rational) for v in values.values()):
        return catalog_value(name, values)
    d = derive(name, units="nats", **values)
    if not d.verified:
        raise DerivationError(f"{name} could not be verified at the posterior and prior")
    return d.result


def log_of_product(expr) -> sp.Expr:
    """``ln`` of a product of powers, factor by factor (``expand_log`` factors large
    integers such as ``binomial(100, 10)`` and took 70 s)."""
    out = []
    for factor in sp.Mul.make_args(expr):
        base, exponent = factor.as_base_exp()
        out.append(exponent if base is sp.E else exponent * sp.log(base))
    return sp.Add(*out)


def likelihood_at(form, x):
    """The likelihood's pmf (density) at the observation ``x``, as an expression in theta."""
    if isinstance(form, Table):
        return next(p for v, p in form.items if v == x)
    return form.density.subs(form.var, x)


def _minus(a, b):
    return sp.Add(a, sp.Mul(-1, b, evaluate=False), evaluate=False)


def _collected(difference):
    """``h(prior) - h(posterior)`` as one sum: like terms collected by SymPy's arithmetic
    alone when it holds special functions kept as written (``simplify`` would rebuild
    ``psi(49)`` into a harmonic number), else simplified.

    >>> x = sp.polygamma(0, sp.Integer(49), evaluate=False)
    >>> _collected(_minus(1 + x, sp.Integer(3) + 2 * x))
    -polygamma(0, 49) - 2
    """
    if difference.has(sp.gamma, sp.loggamma, sp.polygamma):  # -1 * (...) distributed
        return sp.Add(*(sp.Mul(*t.args) if t.is_Mul else t for t in difference.args))
    return sp.simplify(difference) if sp.count_ops(difference) < 80 else difference


def _family_density(name: str, params: dict, var):
    """The family's density in ``var`` at ``params``, a Beta function written as Gamma
    values, these and long powers kept as written (``Gamma(1004) / (Gamma(402)
    Gamma(602))``, ``(51/10)^49``; SymPy's
    simplifier takes minutes on ``beta(12, 92)``, and shows nothing on 2,500-digit
    integers)."""
    from ..families import FAMILIES

    fam = FAMILIES[name]
    pdf = fam.pdf.replace(sp.beta, lambda a, b: sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b))
    sub = {p.symbol: params[p.name] for p in fam.params}
    return substitute(pdf, {**sub, fam.var: var}, small=SHOWN_ARGUMENT, exact_bits=SHOWN_BITS)


def _shown(name: str, params: dict) -> str:
    return f"{name}(" + ", ".join(f"{k}={sp.sstr(v)}" for k, v in params.items()) + ")"


def shown_math(name: str, params: dict) -> str:
    """A distribution with its parameters as math for a reason:
    ``$\\mathrm{gamma}(k = 11, \\theta = \\frac{10}{11})$``."""
    args = ", ".join(f"{sp.latex(sp.Symbol(k))} = {sp.latex(v)}" for k, v in params.items())
    return rf"$\mathrm{{{name}}}({args})$"


def _prior_integral(c, prior, log_prior, theta, lo, hi):
    """``h(prior) = -int p ln p`` kept as an integral; for a normal prior far from 0 (more than
    12 sd) in its standardised variable ``u = (theta - mu0)/sigma0``, with ``dtheta = sigma0
    du``: among nodes spread over 1e20 the quadrature missed a prior at 1e20 (0 for 1.42)."""
    if c.prior != "normal":
        return NumericIntegral(-prior * log_prior, (theta, lo, hi))
    m0, s0 = centre_of(c.prior, c.prior_params)
    if not bool(abs(m0) > 12 * s0):
        return NumericIntegral(-prior * log_prior, (theta, lo, hi))
    u = sp.Symbol("u", real=True)
    return NumericIntegral((-s0 * prior * log_prior).subs(theta, m0 + s0 * u), (u, lo, hi))


def gain_texts(h_prior, h_post, digits: int) -> dict:
    """``h_prior - h_post`` (two closed forms) in bits and nats, rounded to ``digits``
    significant digits: evaluated at a precision raised past the digits the difference
    cancels, and shown only by the digits it resolves.

    >>> t = gain_texts(sp.log(3), sp.log(3) - sp.Rational(1, 10**40), 20)
    >>> t["gain_nats"]
    '1.0000000000000000000e-40'
    """
    def evaluate(p):
        ctx = new_context(p)
        a, b = (compile_expr(e, [], ctx)() for e in (h_prior, h_post))
        return ctx, a - b, max(abs(a), abs(b))

    p = digits + 15
    ctx, gain, size = evaluate(p)
    for _ in range(3):  # cancellation: raise past the digits it took (all of them: double)
        lost = p if gain == 0 else int(ctx.log10(size / abs(gain)))
        if p >= digits + lost + 10:
            break
        p = digits + lost + 15
        ctx, gain, size = evaluate(p)
    uncertainty = max(size, ctx.one) * ctx.mpf(10) ** (5 - p)
    return {"gain_bits": resolved_text(gain / ctx.ln2, uncertainty / ctx.ln2, digits, ctx),
            "gain_nats": resolved_text(gain, uncertainty, digits, ctx)}


def _extras(c, model, observed):
    from .conjugate import conjugate as again

    h_name = f"entropy/{c.prior}"

    def extras(_point, ctx, dps, _units):
        # shown, so checked there; derived here, beside the gain's steps (on the other core)
        kl_closed = catalog_value_at(f"kl/{c.prior}", c.kl_params())

        def both(v):
            value = compile_expr(sp.sympify(v), [], ctx)()
            return {"nats": to_decimal(value, dps, ctx),
                    "bits": to_decimal(value / ctx.ln2, dps, ctx)}

        h0 = catalog_value(h_name, c.prior_params)
        rows = []
        for i in range(1, len(observed) + 1):
            ci = again(model, observed[:i])
            rows.append({"observations": i, "posterior": _shown(ci.posterior,
                                                                ci.posterior_params),
                         **gain_texts(h0, catalog_value(h_name, ci.posterior_params),
                                      min(dps, TABLE_DIGITS))})
        return {
            "posterior": _shown(c.posterior, c.posterior_params),
            "prior": _shown(c.prior, c.prior_params),
            "conjugate_pair": c.pair,
            "kl_posterior_prior": {**both(kl_closed),
                                   "what": "D(posterior || prior), a different quantity"},
            "sequence": {"table": rows},
            "why_they_differ": "h(prior) - h(posterior) compares only the spreads of the two "
                               "distributions and can be negative; D(posterior || prior) is "
                               "never negative and also counts how far the posterior moved. "
                               "Averaged over the data, both equal the mutual information "
                               "I(theta; X).",
        }

    return extras


def _draft(model_text: str, observed_text: str) -> Draft:
    model = parse_model(model_text)
    if model.parameters:
        names = ", ".join(s.name for s in model.parameters)
        raise DerivationError(f"information-gain needs numbers: write the values of {names} "
                              "into the model")
    observed = parse_observed(observed_text)
    if len(model.variables) == 2 and is_dirichlet(model.variables[0].distribution):
        from .dirichlet_gain import dirichlet_draft

        return dirichlet_draft(model, observed, model_text)
    _bound_counts(model, observed)  # categories are labels, not counts: after the Dirichlet
    c = conjugate(model, observed)  # refuses posteriors too large for exact checks
    if c is None:
        from .numeric_gain import numeric_draft

        return numeric_draft(model, observed, model_text)
    hidden, obs = model.variables
    theta = hidden.symbol
    prior_form = hidden.distribution.form
    lo, hi = prior_form.lo, prior_form.hi
    prior = prior_form.density.subs(prior_form.var, theta).replace(
        sp.beta, lambda a, b: sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b))
    lik_form = obs.distribution.form
    if isinstance(lik_form, Table):
        factors = [likelihood_at(lik_form, x) for x in observed]
    else:  # binomial(1000, 400) kept as written, not as its 291 digits
        factors = [shown_likelihood([lik_form.density], lik_form.var, [x]) for x in observed]
    log_lik = sp.Add(*[log_of_product(f) for f in factors])
    likelihood = sp.Mul(*factors)
    post = _family_density(c.posterior, c.posterior_params, theta)
    t = sp.Symbol("t", **theta.assumptions0)
    evidence_kept = NumericIntegral((prior * likelihood).subs(theta, t), (t, lo, hi))
    h_prior = catalog_value(f"entropy/{c.prior}", c.prior_params)
    h_post = catalog_value(f"entropy/{c.posterior}", c.posterior_params)
    log_prior = factored_log(prior)  # ln(p^2 - 2p + 1) is ln 0 next to p = 1 (finding A5)
    bayes = sp.exp(log_prior + log_lik) / evidence_kept
    hp_kept = _prior_integral(c, prior, log_prior, theta, lo, hi)
    definition = _minus(hp_kept, NumericIntegral(-bayes * sp.log(bayes), (theta, lo, hi)))
    last = _minus(h_prior, h_post)
    steps = [Step(definition, definition, f"{GAIN_DEFINITION}; {BAYES_POSTERIOR}")]
    steps += bayes_steps(c, prior, likelihood, post, theta, lo, hi, lambda at: (
        f"Bayes' rule at ${sp.latex(theta)} = {sp.latex(at)}$: prior "
        r"$\times$ likelihood / evidence, with the evidence "
        f"$p(x) = {latex(c.evidence)}$, equals the "
        f"{shown_math(c.posterior, c.posterior_params)} density ({c.pair} "
        f"conjugate pair, {c.update}; Gelman et al., Bayesian Data Analysis, "
        "3rd ed., Secs. 2.4-2.6)"))
    steps += [
        Step(hp_kept, h_prior, f"h(prior) of {shown_math(c.prior, c.prior_params)}: the catalog's "
                               f"entropy/{c.prior}, derived and verified on its own"),
        Step(last, _collected(last),
             f"{GAIN_DEFINITION}, $h(\\text{{posterior}})$ from the catalog's "
             f"entropy/{c.posterior} at {shown_math(c.posterior, c.posterior_params)}, derived and "
             "verified on its own"),
    ]
    reference, method = conjugate_reference(c, log_prior, log_lik, theta, lo, hi)
    return Draft(
        quantity="h(\\theta) - h(\\theta \\mid x)",
        assumptions=(f"the model {model_text}", f"observed {', '.join(map(str, observed))}",
                     GAIN_DEFINITION),
        steps=tuple(steps),
        reference=reference,
        reference_method=method,
        extras=_extras(c, model, observed),
        extras_beside_steps=True,  # KL(posterior || prior) derived on the other core
    )


@lru_cache(maxsize=64)
def gain_entry(model_text: str, observed_text: str) -> Entry:
    """The entry of one request (cached: its steps are checked once)."""
    draft = _draft(model_text, observed_text)
    title = f"Information gained from observing {observed_text} in {model_text}"
    return fixed_entry("information-gain", title, "entropy",
                       {"model": ("a model", model_text),
                        "observed": ("observations", observed_text)}, draft)


ENTRIES = (
    text_entry(
        "information-gain", "Information gained from observations about a hidden parameter",
        "entropy",
        {"model": ("a model", "theta ~ exponential(mean=10); x | theta ~ poisson(theta)"),
         "observed": ("observations", "10")},
        "h(prior) - h(posterior) of the hidden variable of a conjugate model after the "
        "observations (the course's tasks 1.13, 1.14); KL(posterior || prior) beside it",
        lambda model, observed: gain_entry(model, observed),
        "--param \"model=theta ~ exponential(mean=10); x | theta ~ poisson(theta)\" "
        "--param observed=10"),
)
