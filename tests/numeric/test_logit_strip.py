"""The strip bound of the logit rule: its means along lines against closed forms."""

import math

import mpmath

from symbolic_info.numeric.logit_strip import line_means, proved_level, strip_limit


def test_the_mean_on_the_real_line_is_the_integral():
    """``M_k(0)`` of ``v (1 - v)^4`` is ``|int|``: ``B(2, 5)`` and ``B(2, 5) |E ln V|``, over
    ``e^peak`` (closed forms by mpmath)."""
    a, b = 2.0, 5.0
    logs = line_means(a, b, 0.0, math.pi, 0.0, math.sqrt(1 / a + 1 / b))
    peak = a * math.log(a / 7) + b * math.log(b / 7)
    z = float(mpmath.beta(2, 5))
    mean_lv = float(mpmath.digamma(2) - mpmath.digamma(7))
    assert math.isclose(logs[0] + peak, math.log(z), rel_tol=1e-9)
    assert math.isclose(logs[1] + peak, math.log(-z * mean_lv), rel_tol=1e-9)
    assert not math.isclose(logs[1] + peak, math.log(z), rel_tol=1e-3)  # negative control


def test_the_means_grow_off_the_real_line():
    """``int |g(u + i w)| du`` is convex and even in ``w``: it grows from the real line."""
    a, b = 1.5, 20001.0
    width = math.sqrt(1 / a + 1 / b)
    means = [line_means(a, b, 0.0, math.pi, w, width, 4)[0] for w in (0.0, 0.3, 0.6)]
    assert means[0] < means[1] < means[2]


def test_the_strip_limit():
    assert math.isclose(strip_limit(0.0, math.pi), math.pi / 2, rel_tol=1e-7)  # sin w = 1
    w = strip_limit(-10.0, math.pi)  # the rule centred at y = -10 crosses Re y = 0 off-centre
    assert math.isclose(math.pi ** 2 * math.sin(w) ** 2 + 100 * math.tan(w) ** 2,
                        math.pi ** 2, rel_tol=1e-9)


def test_more_bits_need_more_levels_and_a_steep_flank_more_still():
    wide = [proved_level(2, 5, 0.0, math.pi, bits) for bits in (200, 1000, 3400)]
    steep = [proved_level(0.5, 20001, 0.0, math.pi, bits) for bits in (200, 1000, 3400)]
    assert wide == sorted(wide) and steep == sorted(steep)
    assert all(s > w for s, w in zip(steep, wide, strict=True))
