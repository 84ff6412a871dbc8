"""A light tail scaled by a short neighbouring piece keeps the light-tail rule (quadrature.py).

The mixture 1/2 N(0, 1) + 1/2 N(10^-10, 1), cut at its centres 0 and 10^-10, has tails
scaled by the piece between them (10^-10); the light-tail rule had not vanished at
6e4 times that scale and exp-sinh took about 9,000 nodes per tail at 60 digits.  The
expected value is mpmath's own quad of the same integrand at more digits, split at
0, +-3, +-10 (independent rules and cuts).
"""

import mpmath

from symbolic_info.measures.custom_numeric import integral_reference
from symbolic_info.numeric.context import new_context


def minus_mix_log_mix(ctx, calls=None):
    root = ctx.sqrt(2 * ctx.pi)
    mu = ctx.mpf(1) / 10**10

    def f(y):
        if calls is not None:
            calls[0] += 1
        m = (ctx.exp(-y * y / 2) + ctx.exp(-(y - mu) ** 2 / 2)) / (2 * root)
        return -m * ctx.log(m)

    return f


def test_a_mixture_with_close_centres_is_integrated_in_few_nodes_and_right():
    ctx = new_context(60)
    calls = [0]
    value = integral_reference(minus_mix_log_mix(ctx, calls), -ctx.inf, ctx.inf, ctx,
                               [0, ctx.mpf(1) / 10**10])
    with mpmath.workdps(90):
        want = mpmath.quad(minus_mix_log_mix(mpmath.mp), [-mpmath.inf, -10, -3, 0, 3, 10,
                                                          mpmath.inf])
        assert abs(value - want) < mpmath.mpf(10) ** -55
        # negative control: the single normal's entropy is 1.25e-21 away and is told apart
        single = mpmath.log(2 * mpmath.pi * mpmath.e) / 2
        assert abs(value - single) > mpmath.mpf(10) ** -22
    assert calls[0] < 4_000  # exp-sinh on both tails: about 18,000
