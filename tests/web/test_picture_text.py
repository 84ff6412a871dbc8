"""Every picture the app draws is legible on a projector: no text under 14 px (issue 14).

The scan covers every SVG the web modules produce (the derivations' figures, the two
variables topic's heat map, information diagram and task 1.12 curve, the posterior
against the prior, the preview of a distribution the user types) and the page modules'
sources, which must not hand a chart to a library whose text size we do not set.
"""

import re
from pathlib import Path

import pytest

from symbolic_info import catalog, derive
from symbolic_info.export import default_params
from symbolic_info.web import custom_view, twovar_view
from symbolic_info.web.bayes_plots import posterior_prior
from symbolic_info.web.plots import PLOTS, figures
from symbolic_info.web.svg_picture import svg

SMALLEST = 14
WEB = Path(__file__).resolve().parents[2] / "symbolic_info" / "web"


def font_sizes(picture: str) -> list:
    """Every font size the SVG text sets, as an attribute or in a style."""
    return [float(v) for v in re.findall(r"font-size\s*[=:]\s*['\"]?([\d.]+)", picture)]


def assert_legible(picture: str, what) -> None:
    root = re.match(r"<svg[^>]*>", picture).group(0)
    assert font_sizes(root), (what, "the picture sets no font size")
    sizes = font_sizes(picture)
    assert min(sizes) >= SMALLEST, (what, sizes)


def test_the_scan_catches_small_text():
    """Negative control: an 11 px label, in an attribute or a style, is caught."""
    for small in ("<svg font-size='16'><text font-size='11'>x</text></svg>",
                  "<svg font-size='11'></svg>",
                  "<svg font-size='16'><text style='font-size: 12px'>x</text></svg>"):
        with pytest.raises(AssertionError):
            assert_legible(small, "control")


def pictures():
    for name in sorted(PLOTS):
        params = default_params(catalog()[name])
        for fig in figures(name, tuple(params.items()), "nats"):
            yield name, svg(fig)
    grid = twovar_view.joint_grid("joint", "2 on 0 < y < x < 1", {})
    yield "heat map", twovar_view.heatmap_svg(grid)
    mixture = twovar_view.joint_grid("model", "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)",
                                     {"mu": "2"})
    yield "heat map of a mixture", twovar_view.heatmap_svg(mixture)
    extras = derive("mutual-information",
                    model="X ~ bernoulli(1/2); Y | X ~ bernoulli(1/4 + X/2)").extras
    yield "information diagram", twovar_view.diagram_svg(extras["diagram"])
    extras = derive("mutual-information",
                    model="X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)", mu="2").extras
    yield "task 1.12 curve", twovar_view.curve_svg(extras)
    extras = {"prior": "gamma(k=1, theta=10)", "posterior": "gamma(k=11, theta=10/11)"}
    for fig in posterior_prior("information-gain", {}, "bits", extras):
        yield "posterior against prior", svg(fig)
    for text in ("x*exp(-x) on [0, oo)", "poisson(4)"):
        points = custom_view.density_preview(text)["points"]
        yield f"preview {text}", svg(custom_view.preview_figure("X", points))


def test_every_picture_has_text_of_at_least_14_px():
    seen = 0
    for what, picture in pictures():
        assert_legible(picture, what)
        seen += 1
    assert seen > len(PLOTS)


def test_pages_draw_no_chart_whose_text_size_is_not_ours():
    """Streamlit's built-in charts draw 11-12 px axis text: the pages draw SVG instead."""
    for source in WEB.glob("*.py"):
        text = source.read_text()
        for call in ("st.line_chart", "st.area_chart", "st.bar_chart", "st.scatter_chart",
                     "st.altair_chart", "st.vega_lite_chart", "st.pyplot", "st.plotly_chart"):
            assert call not in text, (source.name, call)
