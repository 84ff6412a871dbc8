"""The "your own distribution" preview on the Derivations page.

For the bare entries ``entropy``, ``kl`` and ``cross-entropy`` (distributions
typed as text), each distribution is shown as rendered LaTeX and, when no
symbol is left, as a small graph.  The data come from
:mod:`symbolic_info.web.custom_view`; this module only draws.
"""

from __future__ import annotations

import streamlit as st

from .custom_view import density_preview, preview_figure
from .svg_picture import svg

__all__ = ["show_preview", "HELP"]

HELP = ("Write a family call normal(0, 1), exponential(mean=10), poisson(4); a formula on a "
        "support 3*x^2 on [0, 1], x*exp(-x) on [0, oo), (1/2)^k on k = 1..oo; a table "
        "{1: 1/2, 2: 1/4, 3: 1/4}; or a mixture 1/2*normal(-2, 1) + 1/2*normal(2, 1). "
        "Other letters are parameters: give them a value below or state assumptions "
        "('theta > 0'; several separated by ';').")


@st.cache_data(max_entries=256, show_spinner=False)
def _preview(text: str, assume: str) -> dict:
    return density_preview(text, assume)


def show_preview(params: dict) -> None:
    """Show every distribution among ``params`` (roles X, P, Q)."""
    assume = params.get("assume", "")
    assume = assume if isinstance(assume, str) else "; ".join(assume)
    with st.expander("Your own distribution", expanded=True, icon=":material/edit_note:"):
        st.caption(HELP)
        for role in ("X", "P", "Q"):
            if role not in params:
                continue
            p = _preview(params[role], assume)
            if p["error"]:
                st.error(f"{role}: {p['error']}", icon=":material/error:")
                continue
            # markdown math (KaTeX), not st.latex: the derivation's formulas stay the page's
            # only st.latex elements
            st.markdown(f"**{role}**: $${p['latex']}$$")
            if p["points"]:
                # our own SVG: a Streamlit line chart's axis text is too small for a projector
                st.image(svg(preview_figure(role, p["points"])), width="stretch")
