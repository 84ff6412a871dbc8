"""The "two variables" topic: model editor, heat map, information diagram and task 1.12
pictures (issue 12)."""

import math
from pathlib import Path

from streamlit.testing.v1 import AppTest

from symbolic_info.web.twovar_view import diagram_svg, heatmap_svg, joint_grid, lens_distance

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 900


def test_lens_distance_gives_the_overlap_area():
    r1, r2, want = 1.0, 0.7, 0.5
    d = lens_distance(r1, r2, want)
    # count grid points inside both discs (independent of the lens formula)
    n, step, inside = 0, 0.004, 0
    for i in range(int(2.4 / step)):
        for j in range(int(2.0 / step)):
            x, y = -1.2 + i * step, -1.0 + j * step
            n += 1
            if x * x + y * y <= r1 * r1 and (x - d) ** 2 + y * y <= r2 * r2:
                inside += 1
    assert abs(inside * step * step - want) < 0.01


def test_diagram_to_scale_only_for_nonnegative_entropies():
    ok = {"values": {"H(X)": "0.69", "H(Y)": "0.69", "I(X;Y)": "0.37"}, "names": ["X", "Y"],
          "discrete": [True, True]}
    assert diagram_svg(ok).count("<circle") == 2
    neg = {"values": {"H(X)": "-0.3", "H(Y)": "0.5", "I(X;Y)": "0.1"}, "names": ["X", "Y"],
           "discrete": [False, False]}
    assert diagram_svg(neg) is None


def test_heat_map_of_the_triangle_density():
    g = joint_grid("joint", "2 on 0 < y < x < 1", {})
    # the density is 2 below the diagonal and 0 above it
    for i, y in enumerate(g["ys"]):
        for j, x in enumerate(g["xs"]):
            assert g["values"][i][j] == (2.0 if y <= x else 0.0)
    assert heatmap_svg(g).startswith("<svg")
    assert joint_grid("joint", "mvnormal([0,0], [[1, rho], [rho, 1]])", {}) is None  # symbolic
    assert joint_grid("model", "X ~ bernoulli(1/2); Y | X ~ normal(0, X)", {}) is None


def test_mixture_heat_map_columns():
    g = joint_grid("model", "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)", {"mu": "2"})
    assert g["xs"] == [0.0, 1.0]
    col0 = [row[0] for row in g["values"]]
    peak = g["ys"][col0.index(max(col0))]
    assert abs(peak) < 0.3 and abs(max(col0) - 0.5 / math.sqrt(2 * math.pi)) < 0.01


def test_two_variables_topic_in_the_app():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.radio(key="topic").set_value("two variables").run()
    at.selectbox(key="entry::two variables").set_value("mutual-information").run()
    assert not at.exception
    at.text_input(key="param::mutual-information::model").set_value(
        "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success and "Verified" in at.success[0].value
    assert "Information diagram" not in [s.value for s in at.subheader]  # mu is symbolic
    at.text_input(key="twovar::values").set_value("mu = 2").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    titles = [s.value for s in at.subheader]
    assert "Task 1.12: information against separation" in titles
    assert "Information diagram" in titles
    assert at.table  # the evidence table
