"""Pictures that teach and can be read from the back of a lecture room (issue 14).

Expected values come from the textbook formulas written here (Cover & Thomas, 2nd ed.:
eq. (2.5) binary entropy, Example 8.1.1 the exponential, the normal limit of Student's t),
never from the app.
"""

import math
import re

import pytest

from symbolic_info import catalog
from symbolic_info.export import default_params
from symbolic_info.web.plots import PLOTS, figures
from symbolic_info.web.svg_picture import FONT_PX, legend_rows, svg

TEACHING = ("entropy/exponential", "entropy/student_t", "mutual-information", "entropy/mvnormal")


def figs(name, **override):
    params = dict(default_params(catalog()[name]), **override)
    return figures(name, tuple(params.items()), "nats")


@pytest.mark.parametrize("name", TEACHING)
def test_entries_that_teach_have_a_picture(name):
    assert name in PLOTS and figs(name)


def test_binary_entropy_is_drawn_to_both_ends():
    pts = figs("binary-entropy")[0].series[0].points
    assert pts[0] == (0.0, 0.0) and pts[-1] == (1.0, 0.0)  # 0 ln 0 = 0 at p = 0 and p = 1
    for p, h in pts[1:-1:20]:
        assert h == pytest.approx(-p * math.log(p) - (1 - p) * math.log(1 - p), rel=1e-12)


def test_exponential_curve_is_one_minus_ln_lambda():
    for lam, h in figs("entropy/exponential", **{"lambda": "2"})[0].series[0].points[::40]:
        assert h == pytest.approx(1 - math.log(lam), rel=1e-12, abs=1e-12)


def test_student_t_falls_to_the_normal_entropy():
    fig = figs("entropy/student_t")[0]
    curve, limit = fig.series
    gauss = math.log(2 * math.pi * math.e) / 2
    assert all(y == pytest.approx(gauss) for _, y in limit.points)
    assert curve.points[-1][1] - gauss < 0.01 < curve.points[0][1] - gauss


def test_mutual_information_bars_are_the_joint_and_the_product():
    bars = {(c, g): v for c, g, v in figs("mutual-information", pxy="[[1/4,1/4],[0,1/2]]")[0].bars}
    assert bars[("(2,2)", "p(x, y)")] == 0.5
    assert bars[("(2,2)", "p(x) p(y)")] == pytest.approx(0.5 * 0.75)


def test_mvnormal_contour_is_the_one_sigma_ellipse():
    pts = figs("entropy/mvnormal", mu="0,0", Sigma="[[2,0.5],[0.5,1]]")[0].series[0].points
    a, b, d = 2.0, 0.5, 1.0  # x^T Sigma^-1 x = 1 on the one-standard-deviation contour
    det = a * d - b * b
    for x, y in pts[::20]:
        assert (d * x * x - 2 * b * x * y + a * y * y) / det == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_text_is_legible_and_the_legend_fits(name):
    for fig in figs(name):
        picture = svg(fig)
        sizes = [float(v) for v in re.findall(r"font-size='([\d.]+)'", picture)]
        assert min(sizes) >= 14, (name, sizes)
        width = float(re.search(r"viewBox='0 0 ([\d.]+)", picture).group(1))
        names = [s.name for s in fig.series] or list(dict.fromkeys(g for _, g, _ in fig.bars))
        if not names:  # a tree has no legend
            continue
        for row in legend_rows(names):
            x, last = row[-1]
            assert x + 26 + 0.6 * FONT_PX * len(last) <= width, (name, last)


def test_a_long_legend_wraps():
    """Negative control: entries too long for one row go to the next."""
    assert len(legend_rows(["x" * 40, "y" * 40])) == 2
