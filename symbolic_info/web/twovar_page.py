"""The "two variables" topic on the Derivations page: the model editor's help, the joint
density as a heat map, and after the derivation the information diagram to scale, the
task 1.12 curve and evidence, the data-processing values and the 1/2 ln n growth.

The pictures are SVG text from :mod:`symbolic_info.web.twovar_view` (cached here);
this module only draws.
"""

from __future__ import annotations

import streamlit as st

from .twovar_view import curve_svg, diagram_svg, heatmap_svg, joint_grid
from .view import md_escape

__all__ = ["show_model", "show_information", "request_params", "parameter_values", "HELP"]

HELP = ("Write a model line by line, each variable after the ones it depends on: "
        "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1) — or X ~ normal(0, 1); Y | X ~ "
        "normal(rho*X, sqrt(1 - rho^2)), p ~ beta(2, 2); k | p ~ binomial(100, p), a table of "
        "conditionals Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}, a chain X -> Y -> Z "
        "in three lines (I(X;Z), H(X,Y,Z); given=X for H(Z|X), given=Y for H(Z|Y), given=Z "
        "for H(X|Z)) — or a joint law: x + y on [0,1]^2, 2 on 0 < y < x < 1, "
        "mvnormal([0,0], [[1, rho], [rho, 1]]). Other letters are parameters; give values in "
        "the sidebar. given=Y asks for H(X|Y); n=10 for the information in 10 observations.")


def request_params(params: dict) -> dict:
    """The sidebar's parameters for the request: a model or joint law replaces the table
    ``pxy`` (whose box keeps its default text)."""
    if any(params.get(k, "").strip() for k in ("model", "joint")):
        return {k: v for k, v in params.items() if k != "pxy"}
    return params


@st.cache_data(max_entries=128, show_spinner=False)
def _heatmap(kind: str, text: str, values: tuple) -> str | None:
    grid = joint_grid(kind, text, dict(values))
    return heatmap_svg(grid) if grid else None


def parameter_values(text: str) -> dict:
    """``"mu = 2, rho = 1/2"`` -> ``{"mu": "2", "rho": "1/2"}`` (text; the derivation parses)."""
    out = {}
    for item in text.replace(";", ",").split(","):
        name, sep, value = item.partition("=")
        if sep and name.strip() and value.strip():
            out[name.strip()] = value.strip()
    return out


def show_model(params: dict) -> dict:
    """The editor's help, the model's parameter values, and the joint density; returns
    ``params`` with the values added."""
    with st.expander("Two variables: your model", expanded=True, icon=":material/hub:"):
        st.caption(HELP)
        kind = "model" if params.get("model", "").strip() else \
            "joint" if params.get("joint", "").strip() else None
        if kind is None:
            st.caption("No model given: the table pxy is used.")
            return params
        given = st.text_input("Values of the model's parameters", key="twovar::values",
                              placeholder="mu = 2, rho = 1/2",
                              help="Left out, a parameter stays symbolic.")
        params = {**params, **parameter_values(given)}
        values = tuple(sorted((k, v) for k, v in params.items() if k not in ("model", "joint")))
        picture = _heatmap(kind, params[kind], values)
        if picture:
            st.image(picture, caption="joint density (darker is denser)")
    return params


def show_information(d: dict) -> None:
    """The diagram, curve and tables from the derivation's extras."""
    extras = d.get("extras") or {}
    diagram = extras.get("diagram")
    if diagram:
        st.subheader("Information diagram")
        picture = diagram_svg(diagram)
        if picture:
            st.image(picture, caption="areas to scale: each disc is an entropy, the overlap "
                     "is the mutual information (nats)")
        else:
            st.caption("A differential entropy here is negative, so areas cannot be to scale; "
                       "the values are:")
        st.table({k: [v] for k, v in diagram["values"].items()})
    curve = curve_svg(extras) if "curve" in extras else None
    if curve:
        st.subheader("Task 1.12: information against separation")
        st.image(curve)
        ev = extras["evidence"]
        st.caption(md_escape(f"{ev['laws']['small']}; {ev['laws']['large']}. {ev['method']}."))
        st.table(ev["rows"])
    for key, title in (("data_processing", "Data processing"),
                       ("growth", "Information from n observations")):
        if key in extras:
            st.subheader(title)
            block = extras[key]
            st.table(block["rows"] if "rows" in block else {k: [v] for k, v in block.items()})
