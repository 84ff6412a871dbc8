"""The "Check your work" page: judge a claimed formula, number or derivation chain.

Pick a catalog entry, give parameters (blank keeps them symbolic), type a
claim in plain notation or LaTeX, or a chain one expression per line.  The
work, deriving the entry at the given parameters included, runs in a separate
process under a time and memory limit (:mod:`symbolic_info.checker.sandbox`),
tied to the session (:mod:`symbolic_info.web.jobs`); results are cached by
every input.

Example
-------
>>> EXAMPLES["entropy/normal"]
'1/2*log(2*pi*e*sigma^2)'
"""

from __future__ import annotations

import re

import streamlit as st

from ..catalog import catalog
from ..checker.sandbox import CHECK_TIME_LIMIT
from ..core import DerivationError
from ..output.reasons import reason_unicode
from . import jobs
from .check_view import show_result

__all__ = ["check_page", "EXAMPLES", "app_message"]

EXAMPLES = {
    "entropy/normal": "1/2*log(2*pi*e*sigma^2)",
    "entropy/exponential": r"1 - \ln\lambda",
    "binary-entropy": "-p*log2(p) - (1-p)*log2(1-p)",
}
"""A placeholder claim per entry (others get a generic one)."""


@st.cache_data(max_entries=512, show_spinner=False)
def _check_claim(name: str, params: tuple, units: str, claim: str) -> dict:
    from ..checker.command import check

    return check(claim=claim, against=name, params=dict(params), units=units,
                 time_limit=CHECK_TIME_LIMIT, **jobs.limits())


@st.cache_data(max_entries=256, show_spinner=False)
def _check_chain(name: str | None, params: tuple, units: str | None, text: str) -> dict:
    from ..checker.command import check_chain_text

    return check_chain_text(text, against=name, params=dict(params), units=units,
                            time_limit=CHECK_TIME_LIMIT, **jobs.limits())


def _inputs():
    entries = catalog()
    names = list(entries)
    start = names.index("entropy/normal") if "entropy/normal" in names else 0
    name = st.selectbox("Check against", names, index=start, key="check::entry",
                        format_func=lambda n: f"{entries[n].title}  ({n})")
    e = entries[name]
    cols = st.columns(max(1, min(4, len(e.params) + 1)))
    params = []
    for i, p in enumerate(e.params):
        written = p.kind == "text" and p.name != "assume"  # your own distribution: prefilled
        text = cols[i % len(cols)].text_input(
            p.name, key=f"check::{name}::{p.name}", value=p.default if written else "",
            placeholder=f"symbolic (e.g. {p.default})",
            help=f"{p.description}; {reason_unicode(p.rule)}." + ("" if written else
                                                  " Leave blank to keep it symbolic."))
        if text.strip():
            params.append((p.name, text.strip()))
    units = cols[-1].radio("Units", ["nats", "bits"], key=f"check::{name}::units",
                           index=0 if e.default_units == "nats" else 1, horizontal=True)
    return name, tuple(params), units


def check_page() -> None:
    """Render the page."""
    st.title("Check your work")
    st.caption("Type a formula in plain notation (`1/2*log(2*pi*e*sigma^2)`, `ln`, `log2`, "
               "`sqrt`, `^`) or LaTeX (`\\frac{1}{2}\\ln(2\\pi e\\sigma^2)`), or a number "
               "such as `1.4189` (correct when it is the true value rounded to the digits "
               "you wrote), or `oo` for an infinite result. `log` and `\\ln` are natural "
               "logarithms; write `log2` or `\\log_2` for base 2. The input is read by a small "
               "grammar, never run as code. A correct answer is either proved symbolically or "
               "checked numerically at many points across the whole domain (evidence, not a "
               "proof); the verdict says which.")
    name, params, units = _inputs()
    single, chain = st.tabs(["A formula or a number", "A derivation chain"])
    with single:
        with st.form("check::single"):
            claim = st.text_input("Your result", key="check::claim",
                                  placeholder=EXAMPLES.get(name, "a formula in the parameters"))
            go = st.form_submit_button("Check")
        if go and claim.strip():
            _show(lambda: _check_claim(name, params, units, claim.strip()))
    with chain:
        with st.form("check::chain"):
            text = st.text_area("One expression per line, or lhs = rhs lines",
                                key="check::chain_text", height=160,
                                placeholder="1/2*log(2*pi*sigma^2) + 1/2\n= 1/2*log(2*pi*sigma^2)"
                                            " + 1/2*log(e)\n= 1/2*log(2*pi*e*sigma^2)")
            against = st.checkbox("The last line must equal the result of the entry above",
                                  value=True, key="check::chain_against")
            go_chain = st.form_submit_button("Check the chain")
        if go_chain and text.strip():
            _show(lambda: _check_chain(name if against else None,
                                       params if against else (),
                                       units if against else None, text))


def app_message(text: str) -> str:
    """A checker message worded for the page: the CLI's ``--param`` are the boxes above.

    >>> app_message("the result depends on sigma; give their values with --param")
    'the result depends on sigma; give their values in the parameter boxes above'
    """
    return re.sub(r"\bwith --param\b", "in the parameter boxes above", text).replace(
        "--param", "the parameter boxes")


def _show(compute) -> None:
    with st.spinner(f"Checking (stopped after {CHECK_TIME_LIMIT:g} s of judging)..."):
        try:
            result = compute()
        except DerivationError as exc:
            st.error(app_message(str(exc)))
            return
    show_result(result)
