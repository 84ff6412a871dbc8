"""Pictures of the course entries: capacity curves with their marked points, the Huffman tree."""

import math

import pytest

from symbolic_info.web import plots
from symbolic_info.web.svg_picture import svg


def _h2(e):
    return -(e * math.log2(e) + (1 - e) * math.log2(1 - e))


def test_bsc_capacity_curve_and_input_curve_with_the_maximum_marked():
    curve, inputs = plots.figures("capacity", (("channel", "bsc(0.2)"),), "bits")
    for x, y in curve.series[0].points:
        assert y == pytest.approx(1 - _h2(x), abs=1e-12)
    assert curve.marker == pytest.approx((0.2, 1 - _h2(0.2)))
    xs = [x for x, _ in inputs.series[0].points]
    ys = [y for _, y in inputs.series[0].points]
    assert inputs.marker[0] == pytest.approx(0.5)
    assert inputs.marker[1] == pytest.approx(max(ys), abs=1e-12)
    assert xs[0] == 0 and xs[-1] == 1 and ys[0] == pytest.approx(0, abs=1e-15)
    assert "<svg" in svg(inputs)


def test_z_channel_maximum_is_off_centre_and_in_nats():
    _, inputs = plots.figures("capacity", (("channel", "z(1/2)"),), "nats")
    assert inputs.marker == pytest.approx((0.4, math.log(5 / 4)), abs=1e-12)
    assert max(y for _, y in inputs.series[0].points) <= inputs.marker[1] + 1e-12


def test_no_input_curve_for_more_than_two_inputs_or_awgn():
    figs = plots.figures("capacity", (("channel", "awgn(1, 1)"),), "bits")
    assert len(figs) == 1 and figs[0].marker is None
    three = "[[1/2,1/4,1/4],[1/4,1/2,1/4],[1/4,1/4,1/2]]"
    assert len(plots.figures("capacity", (("channel", three),), "bits")) == 1


def test_huffman_tree_has_every_symbol_as_a_leaf_with_its_code_word():
    (tree,) = plots.figures("huffman", (("p", "0.4,0.3,0.2,0.1"),), "bits")
    assert tree.kind == "tree" and len(tree.nodes) == 7 and len(tree.edges) == 6
    leaves = sorted(label for _, _, label in tree.nodes if ":" in label)
    assert leaves == ["x1: 2/5 -> 0", "x2: 3/10 -> 10", "x3: 1/5 -> 111", "x4: 1/10 -> 110"]
    depth = {label.split(":")[0]: d for _, d, label in tree.nodes if ":" in label}
    assert depth == {"x1": 1, "x2": 2, "x3": 3, "x4": 3}
    assert "1.9 bits" in tree.caption
    picture = svg(tree)
    assert picture.count("<circle") == 7 and picture.count("<line") == 6


def test_course_pictures_are_well_formed_svg():
    import xml.etree.ElementTree as ET

    for name, params in [("huffman", (("p", "1/2,1/4,1/8,1/8"),)),
                         ("capacity", (("channel", "z(1/3)"),))]:
        for fig in plots.figures(name, params, "bits"):
            root = ET.fromstring(svg(fig))
            assert "<" not in "".join(el.text or "" for el in root.iter())


def test_quantised_entropy_error_falls_with_slope_two_on_log_log_axes():
    """Exponential(1): the cells are geometric with q = e^-delta, so the error is coded here:
    -ln(1 - q) + delta q/(1 - q) + ln delta - 1."""
    (fig,) = plots.figures("quantised-entropy", (("X", "exponential(1)"), ("delta", "1/8")),
                           "nats")
    assert fig.log_x and fig.log_y and "slope 2" in fig.caption
    error, guide = fig.series[0].points, fig.series[-1].points
    for d, e in error:
        q = math.exp(-d)
        want = -math.log1p(-q) + d * q / (1 - q) + math.log(d) - 1
        assert e == pytest.approx(abs(want), rel=1e-6)
    small = sorted(error)[:3]
    slope = math.log(small[2][1] / small[0][1]) / math.log(small[2][0] / small[0][0])
    assert slope == pytest.approx(2, abs=0.02)
    assert fig.series[-1].dashed and len(guide) == len(error)
    assert "<svg" in svg(fig)


def test_quantised_entropy_with_y_draws_the_difference_error_too():
    (fig,) = plots.figures("quantised-entropy", (("X", "normal(0, 1)"), ("Y", "normal(0, 2)"),
                                                 ("delta", "1/4")), "bits")
    names = [s.name for s in fig.series]
    assert any("H(Y_delta)" in n for n in names) and "[bits]" in fig.y_label
