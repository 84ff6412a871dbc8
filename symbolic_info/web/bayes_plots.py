"""The picture of ``information-gain``: the posterior against the prior.

Both densities are read back from the derivation's extras (``prior`` and
``posterior``, written as family calls of the distribution language, such as
``gamma(k=11, theta=10/11)``) and evaluated on a grid around the posterior
(its mean +- 5 standard deviations, inside the support) on a private 15-digit
context.  Plain data (:class:`~symbolic_info.web.figure.Figure`); no Streamlit.

Example
-------
>>> extras = {"prior": "gamma(k=1, theta=10)", "posterior": "gamma(k=11, theta=10/11)"}
>>> figs = posterior_prior("information-gain", {}, "bits", extras)
>>> [s.name for s in figs[0].series]
['prior gamma(k=1, theta=10)', 'posterior gamma(k=11, theta=10/11)']
"""

from __future__ import annotations

import math

from ..core import DerivationError
from ..language import parse_distribution
from ..numeric.context import NumericError, compile_expr, new_context
from .figure import GRID, Figure, Series

__all__ = ["posterior_prior", "centre_and_spread"]


def centre_and_spread(call) -> tuple:
    """Mean and standard deviation of a normal, gamma or beta call (textbook moments)."""
    a = {k: float(v) for k, v in call.args}
    if call.family == "normal":
        return a["mu"], a["sigma"]
    if call.family == "gamma":
        return a["k"] * a["theta"], math.sqrt(a["k"]) * a["theta"]
    if call.family == "exponential":
        return 1 / a["lambda"], 1 / a["lambda"]
    s = a["alpha"] + a["beta"]  # beta
    return a["alpha"] / s, math.sqrt(a["alpha"] * a["beta"] / (s * s * (s + 1)))


def _points(call, xs, ctx) -> tuple:
    form = call.form
    f = compile_expr(form.density, [form.var], ctx)
    out = []
    for x in xs:
        try:
            out.append((x, float(f(ctx.mpf(x)))))
        except (NumericError, ZeroDivisionError, ValueError):
            continue
    return tuple(out)


def posterior_prior(name, params, units, extras) -> list:
    """One figure: the prior and the posterior densities of the hidden variable."""
    extras = extras or {}
    if "prior" not in extras or "posterior" not in extras:
        return []
    try:
        prior = parse_distribution(extras["prior"])
        post = parse_distribution(extras["posterior"])
    except DerivationError:
        return []
    mean, sd = centre_and_spread(post)
    lo, hi = (float(e) for e in (post.form.lo, post.form.hi))
    a, b = max(lo, mean - 5 * sd), min(hi, mean + 5 * sd)
    xs = [a + (b - a) * (i + 0.5) / GRID for i in range(GRID)]
    ctx = new_context(15)
    gain = extras.get("kl_posterior_prior", {})
    return [Figure(
        title="Posterior against prior", x_label="hidden variable", y_label="density",
        series=(Series(f"prior {extras['prior']}", _points(prior, xs, ctx)),
                Series(f"posterior {extras['posterior']}", _points(post, xs, ctx))),
        caption="The observations concentrate the prior into the posterior; the value is "
                "h(prior) - h(posterior), and D(posterior || prior) = "
                f"{gain.get(units, '?')[:8]} {units} stands beside it.",
    )]
