"""The mode and width of a density from ln f alone (``numeric/mode_width.py``): where the
family fit places its points and starts (``measures/family_fit.py``)."""

import pytest

from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.mode_width import mode_and_width, shape_ratio

ctx = new_context(40)
LINE = (-ctx.inf, ctx.inf)


def close(a, b, digits=10):
    return abs(a - b) <= ctx.mpf(10) ** -digits * max(1, abs(b))


@pytest.mark.parametrize("mu, sigma", [(0, 1), (5, 1), (-40, "0.1"), (3, "1e-30"),
                                       ("1e6", 1), (1, "1e20")])
def test_normal_mode_and_width_are_its_mean_and_sd(mu, sigma):
    mu, sigma = ctx.mpf(mu), ctx.mpf(sigma)
    mode, width = mode_and_width(lambda x: -((x - mu) / sigma) ** 2 / 2, *LINE, ctx)
    assert abs(mode - mu) < sigma * ctx.mpf(10) ** -8
    assert close(width, sigma, 8)


def test_a_cusp_and_a_convex_tail_do_not_stop_the_search():
    # Laplace(7, 2): (ln f)'' = 0 off the cusp; width b/2 (ln f falls by 1/2)
    mode, width = mode_and_width(lambda x: -abs(x - 7) / 2, *LINE, ctx)
    assert close(mode, 7, 8) and close(width, 1, 8)
    # Cauchy(10^6, 1) seen from 0, where ln f is convex: width sqrt(e^(1/2) - 1)
    mode, width = mode_and_width(lambda x: -ctx.log(1 + (x - 10**6) ** 2), *LINE, ctx)
    assert close(mode, 10**6, 8) and close(width, ctx.sqrt(ctx.exp(0.5) - 1), 8)


def test_a_mode_at_the_end_and_a_density_infinite_there():
    mode, width = mode_and_width(lambda x: -3 * x, ctx.zero, ctx.inf, ctx)
    assert mode < ctx.mpf(10) ** -30 and close(width, ctx.mpf(1) / 6, 8)
    # Gamma(1/2, 1): f -> oo at 0, no maximum to report
    assert mode_and_width(lambda x: -ctx.log(x) / 2 - x, ctx.zero, ctx.inf, ctx) is None
    # beta(5, 2) on (0, 1): mode 4/5
    mode, _ = mode_and_width(lambda x: 4 * ctx.log(x) + ctx.log(1 - x), ctx.zero, ctx.one, ctx)
    assert close(mode, ctx.mpf(4) / 5, 8)


def test_shape_ratio_tells_shapes_apart_and_ignores_location_and_scale():
    def ratio(log_f):
        return shape_ratio(log_f, mode_and_width(log_f, *LINE, ctx), *LINE, ctx)

    normal = ratio(lambda x: -((x - 5) / 3) ** 2 / 2)
    assert close(normal, ctx.sqrt(8), 8)
    assert close(ratio(lambda x: -x ** 2 / 2), normal, 8)
    # negative control: a Laplace law's ratio is 8
    assert close(ratio(lambda x: -abs(x + 2) / 5), 8, 8)
