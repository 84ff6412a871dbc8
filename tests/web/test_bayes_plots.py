"""The posterior-against-prior picture of information-gain."""

import math

from symbolic_info.web.bayes_plots import posterior_prior
from symbolic_info.web.plots import figures
from symbolic_info.web.svg_picture import svg


def test_gamma_posterior_peaks_at_its_mode_and_integrates_to_one():
    extras = {"prior": "gamma(k=1, theta=10)", "posterior": "gamma(k=11, theta=10/11)",
              "kl_posterior_prior": {"bits": "1.17"}}
    fig = posterior_prior("information-gain", {}, "bits", extras)[0]
    prior, post = fig.series
    x_peak = max(post.points, key=lambda p: p[1])[0]
    assert abs(x_peak - 10 * 10 / 11) < 0.3  # the mode (k - 1) theta
    xs = [x for x, _y in post.points]
    step = xs[1] - xs[0]
    assert abs(sum(y for _x, y in post.points) * step - 1) < 1e-3  # +-5 sd holds the mass
    # the exponential prior, exp(-x/10)/10, at the same points
    assert all(math.isclose(y, math.exp(-x / 10) / 10, rel_tol=1e-9) for x, y in prior.points)


def test_no_picture_without_the_extras_or_with_a_bad_one():
    assert posterior_prior("information-gain", {}, "bits", {}) == []
    assert posterior_prior("information-gain", {}, "bits",
                           {"prior": "gamma(1, 10)", "posterior": "nonsense(("}) == []


def test_figures_for_a_beta_binomial_request_draw_as_svg():
    figs = figures("information-gain", (("model", "p ~ beta(2, 2); k | p ~ binomial(100, p)"),
                                        ("observed", "10")), "bits")
    assert len(figs) == 1 and len(figs[0].series) == 2
    assert svg(figs[0]).startswith("<svg")
