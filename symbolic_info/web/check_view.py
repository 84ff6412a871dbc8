"""Showing a checker result in Streamlit (shared by the Check and Exercises pages).

The input is shown first, as it was read (rendered LaTeX), then the verdict,
the counterexample and the diagnosis.

Example
-------
>>> verdict_line({"verdict": "correct", "method": "symbolic proof"})
'**Correct.** symbolic proof'
"""

from __future__ import annotations

import streamlit as st

__all__ = ["show_result", "verdict_line", "counterexample_rows"]


def verdict_line(result: dict) -> str:
    """One Markdown sentence: the verdict and how it was reached."""
    method = result.get("method") or (result.get("final") or {}).get("method", "")
    head = "**Correct.**" if result["verdict"] == "correct" else "**Not correct.**"
    return f"{head} {method}".strip()


def counterexample_rows(ce: dict) -> list:
    """Table rows (dicts) for a counterexample."""
    rows = [{"": name, "value": value} for name, value in ce.get("point", {}).items()]
    if "this" in ce:
        rows += [{"": "previous line", "value": ce["previous"]},
                 {"": "this line", "value": ce["this"]}]
    else:
        rows += [{"": "your value", "value": ce["claimed"]},
                 {"": "true value", "value": ce["expected"]}]
    return rows


def show_result(result: dict, quantity: str = "", reveal_expected: bool = True) -> None:
    """Render ``result`` (from :func:`symbolic_info.checker.command.check`)."""
    if result.get("mode") == "chain":
        st.markdown("**Read as**")
        for row in result["lines"]:
            mark = {None: "", True: r"\quad\checkmark", False: r"\quad\times"}[row["ok"]]
            st.latex(f"\\text{{line {row['line']}: }}\\; {row['latex']}{mark}")
    else:
        st.markdown("**Read as**")
        st.latex(result["claimed"]["latex"])
    expected = result.get("expected")
    if expected and (reveal_expected or result["verdict"] == "correct"):
        lhs = f"{quantity} = " if quantity else ""
        value = f" \\approx {expected['value'][:20]}" if expected.get("value") else ""
        st.markdown("**Result of the verified derivation**")
        st.latex(f"{lhs}{expected['latex']}{value}")
    if result["verdict"] == "correct":
        st.success(verdict_line(result))
    else:
        st.error(verdict_line(result))
    ce = result.get("counterexample")
    if ce:
        st.markdown("**Counterexample**")
        st.table(counterexample_rows(ce))
    for sentence in result.get("diagnosis", []):
        st.markdown(f"- {sentence}")
    if result.get("verified_reference") is False:
        st.warning("The entry's own result is not verified; treat this verdict with care.")
    if result.get("provisional"):
        st.caption("The symbolic proof did not finish within the time limit; the verdict "
                   "rests on the numeric agreement.")
