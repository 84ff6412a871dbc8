"""Showing a checker result in Streamlit (shared by the Check and Exercises pages).

The input is shown first, as it was read (rendered LaTeX), then the verdict
in plain words that say how it was reached (proved symbolically, or agreeing
numerically at N points to D digits, which is evidence and not a proof, or
undecided), the counterexample and the diagnosis.

Example
-------
>>> verdict_line({"verdict": "correct", "evidence": "proved", "method": "proved symbolically"})
'**Correct: proved symbolically** (your formula minus the result simplifies to 0).'
>>> print(verdict_line({"verdict": "correct", "evidence": "numerically equal",
...                     "numeric_check": {"points": 24, "digits": 45}}))
**Correct: agrees numerically** at 24 points spread over the domain to 45 digits. This is
evidence, not a proof: no symbolic proof was found.
"""

from __future__ import annotations

import streamlit as st

from ..checker import verdict as V

__all__ = ["show_result", "verdict_line", "chain_verdict_line", "counterexample_rows"]


def _numbers(result: dict) -> tuple:
    check = result.get("numeric_check") or (result.get("final") or {}).get("numeric_check") or {}
    return check.get("points", 0), check.get("digits")


def verdict_line(result: dict) -> str:
    """One or two Markdown sentences: the verdict and how it was reached, for a student.

    A chain gets two plain verdicts, the chain's and its last line's
    (:func:`chain_verdict_line`)."""
    if result.get("mode") == "chain":
        return chain_verdict_line(result)
    verdict, evidence = result["verdict"], result.get("evidence")
    method = result.get("method") or (result.get("final") or {}).get("method", "")
    if verdict == V.CORRECT and evidence == V.PROVED:
        return ("**Correct: proved symbolically** (your formula minus the result simplifies "
                "to 0).")
    if verdict == V.CORRECT and evidence == V.ROUNDING:
        return f"**Correct.** {method[0].upper() + method[1:]}." if method else "**Correct.**"
    if verdict == V.CORRECT:
        points, digits = _numbers(result)
        where = (f"at {points} points spread over the domain" if points > 1
                 else "as numbers")
        return (f"**Correct: agrees numerically** {where} to {digits} digits. This is "
                "evidence, not a proof: no symbolic proof was found.")
    if verdict == V.INCORRECT:
        return "**Not correct.** " + (f"{method[0].upper() + method[1:]}." if method else "")
    return ("**Undecided.** Neither proved nor refuted: "
            + (method.removeprefix("undecided: ") if method else "a test point could not be "
               "settled") + ".")


def chain_verdict_line(result: dict) -> str:
    """The chain's verdict, then its last line's, each in plain words.

    >>> r = {"mode": "chain", "verdict": "incorrect", "first_wrong": {"line": 3,
    ...      "previous_line": 2}, "lines": [{}, {"status": "ok"}, {"status": "wrong"}],
    ...      "final": {"verdict": "correct", "evidence": "proved"}, "against": "entropy/normal"}
    >>> print(chain_verdict_line(r))
    **The chain is not correct:** line 3 does not follow from line 2. **Its last line is
    correct:** it equals the result of entropy/normal (proved symbolically).
    """
    statuses = [row.get("status") for row in result["lines"][1:]]
    wrong = result.get("first_wrong")
    if wrong:
        chain = (f"**The chain is not correct:** line {wrong['line']} does not follow from "
                 f"line {wrong['previous_line']}.")
    elif "undecided" in statuses:
        chain = ("**The chain is undecided:** a step could be neither proved nor refuted.")
    else:
        chain = "**Every step of the chain follows from the line before it.**"
    final = result.get("final")
    if not final:
        return chain
    against = result.get("against") or "the derivation"
    if final["verdict"] == V.CORRECT:
        how = ("proved symbolically" if final.get("evidence") == V.PROVED
               else "agrees numerically, not proved")
        last = f"**Its last line is correct:** it equals the result of {against} ({how})."
    elif final["verdict"] == V.INCORRECT:
        last = f"**Its last line is not correct:** it is not the result of {against}."
    else:
        last = f"**Its last line is undecided** against the result of {against}."
    return f"{chain} {last}"


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


_MARKS = {"first": "", "ok": r"\quad\checkmark", "wrong": r"\quad\times",
          "undecided": r"\quad ?"}


def show_result(result: dict, quantity: str = "", reveal_expected: bool = True) -> None:
    """Render ``result`` (from :func:`symbolic_info.checker.command.check`)."""
    if result.get("mode") == "chain":
        st.markdown("**Read as**")
        for row in result["lines"]:
            mark = _MARKS[row.get("status", "first")]
            st.latex(f"\\text{{line {row['line']}: }}\\; {row['latex']}{mark}")
    else:
        st.markdown("**Read as**")
        st.latex(result["claimed"]["latex"])
    expected = result.get("expected")
    if expected and (reveal_expected or result["verdict"] == V.CORRECT):
        lhs = f"{quantity} = " if quantity else ""
        value = f" \\approx {expected['value'][:20]}" if expected.get("value") else ""
        st.markdown("**Result of the verified derivation**")
        st.latex(f"{lhs}{expected['latex']}{value}")
    {V.CORRECT: st.success, V.INCORRECT: st.error}.get(result["verdict"], st.warning)(
        verdict_line(result))
    ce = result.get("counterexample")
    if ce:
        fixed = "points tried" not in (result.get("method") or "") and "this" not in ce
        if fixed:  # the parameters were given: no point was searched for, nothing to show
            st.markdown("**Your value and the result**")
            st.table([r for r in counterexample_rows(ce) if r[""] in ("your value",
                                                                       "true value")])
        else:
            st.markdown("**Counterexample**")
            st.table(counterexample_rows(ce))
    for sentence in result.get("diagnosis", []):
        st.markdown(f"- {sentence}")
    if result.get("verified_reference") is False:
        st.warning("The entry's own result is not verified; treat this verdict with care.")
    if result.get("provisional"):
        st.caption("The symbolic proof did not finish within the time limit; the verdict "
                   "rests on the numeric test.")
