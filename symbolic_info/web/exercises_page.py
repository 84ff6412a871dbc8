"""The Exercises page: classic problems with an answer box, hints and the verified derivation.

Example
-------
>>> exercise_label(0)
'1. Entropy of a fair die'
"""

from __future__ import annotations

import streamlit as st

from ..checker.exercises import EXERCISES, missing_entries
from ..checker.sandbox import CHECK_TIME_LIMIT
from ..core import DerivationError
from . import jobs
from .check_view import show_result

__all__ = ["exercises_page", "exercise_label"]


def exercise_label(i: int) -> str:
    """``"n. title"`` for exercise number ``i`` (0-based)."""
    return f"{i + 1}. {EXERCISES[i].title}"


@st.cache_data(max_entries=512, show_spinner=False)
def _check(ex_id: str, answer: str) -> dict:
    from ..checker.exercises import check_answer, exercise

    return check_answer(exercise(ex_id), answer, time_limit=CHECK_TIME_LIMIT, **jobs.limits())


@st.cache_data(max_entries=64, show_spinner=False)
def _derivations(ex_id: str) -> list:
    from ..checker.exercises import derivations_for, exercise
    from ..render import steps_latex

    return [(d.title, d.params, steps_latex(d), d.value, d.verified, d.verification.method,
             d.verification.agreement) for d in derivations_for(exercise(ex_id))]


def exercises_page() -> None:
    """Render the page."""
    st.title("Exercises")
    st.caption("Classic problems of information theory. Your answer is checked against a "
               "verified derivation; wrong answers get a counterexample and, where it "
               "matches a usual mistake, a diagnosis.")
    i = st.selectbox("Exercise", range(len(EXERCISES)), format_func=exercise_label,
                     key="ex::choice")
    ex = EXERCISES[i]
    st.subheader(ex.title)
    st.markdown(ex.statement)
    st.caption(f"Source: {ex.source}")
    missing = missing_entries(ex)
    if missing:
        st.info(f"This exercise is checked against {', '.join(missing)}, which is not in the "
                "catalog yet.")
        return
    with st.form(f"ex::form::{ex.id}"):
        answer = st.text_input(f"Your answer ({ex.units})", key=f"ex::answer::{ex.id}")
        go = st.form_submit_button("Check my answer")
    checked_key = f"ex::checked::{ex.id}"  # the verdict outlives reruns (a hint click)
    if go and answer.strip():
        st.session_state[checked_key] = answer.strip()
    checked = st.session_state.get(checked_key)
    if checked:
        with st.spinner("Checking..."):
            try:
                result = _check(ex.id, checked)
            except DerivationError as exc:
                st.error(str(exc))
                result = None
        if result is not None:
            show_result(result, reveal_expected=False)
    shown = st.session_state.get(f"ex::hints::{ex.id}", 0)
    for k in range(min(shown, len(ex.hints))):
        st.markdown(f"**Hint {k + 1}.** {ex.hints[k]}")
    if shown < len(ex.hints) and st.button(f"Show hint {shown + 1} of {len(ex.hints)}",
                                           key=f"ex::hintbtn::{ex.id}"):
        st.session_state[f"ex::hints::{ex.id}"] = shown + 1
        st.rerun()
    if st.toggle("Show the verified derivation", key=f"ex::reveal::{ex.id}"):
        with st.spinner("Deriving and verifying..."):
            try:
                parts = _derivations(ex.id)
            except DerivationError as exc:
                st.error(str(exc))
                return
        for title, params, latex, value, verified, method, agreement in parts:
            shown_params = ", ".join(f"{k} = {v}" for k, v in params.items())
            st.markdown(f"**{title}**" + (f" ({shown_params})" if shown_params else ""))
            st.latex(latex)
            status = "verified" if verified else "NOT verified"
            st.caption(f"{status}: {method}; {agreement}"
                       + (f"; value {value[:25]}" if value else ""))
