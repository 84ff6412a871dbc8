"""Verdicts and the evidence behind them, in words a student understands.

A verdict is ``correct``, ``incorrect`` or ``undecided``; the ``evidence``
says how it was reached:

============================  ==============  =============================================
evidence                      verdict         meaning
============================  ==============  =============================================
``proved``                    correct         claim - result simplifies to 0 (symbolic)
``numerically equal``         correct         agreement at N points spread over the domain
                                              to D digits: evidence, not a proof
``rounding``                  correct         a decimal number the true value rounds to
``counterexample``            incorrect       a point where claim and result differ
``inconclusive``              undecided       neither proved nor refuted (a value could
                                              not be evaluated or did not settle)
============================  ==============  =============================================

Exit codes of ``symbolic-info check``: 0 correct, 1 incorrect, 2 bad input,
3 undecided (:data:`EXIT_CODES`).

Example
-------
>>> print(headline({"verdict": "correct", "evidence": "numerically equal",
...                 "numeric_check": {"points": 24, "digits": 45}}))
Correct: agrees numerically at 24 points spread over the domain to 45 digits (evidence,
not a proof).
>>> EXIT_CODES["undecided"]
3
"""

from __future__ import annotations

__all__ = ["CORRECT", "INCORRECT", "UNDECIDED", "PROVED", "NUMERIC", "ROUNDING",
           "COUNTEREXAMPLE", "INCONCLUSIVE", "EXIT_CODES", "headline", "weakest"]

CORRECT, INCORRECT, UNDECIDED = "correct", "incorrect", "undecided"
PROVED = "proved"
NUMERIC = "numerically equal"
ROUNDING = "rounding"
COUNTEREXAMPLE = "counterexample"
INCONCLUSIVE = "inconclusive"

EXIT_CODES = {CORRECT: 0, INCORRECT: 1, UNDECIDED: 3}
"""Exit code of ``check`` per verdict (2 is bad input, raised before any verdict)."""

_STRENGTH = {PROVED: 3, ROUNDING: 2, NUMERIC: 1, INCONCLUSIVE: 0, COUNTEREXAMPLE: -1}


def weakest(evidences) -> str:
    """The weakest of several pieces of evidence (a chain is as strong as its weakest line)."""
    items = [e for e in evidences if e]
    return min(items, key=lambda e: _STRENGTH.get(e, 0)) if items else INCONCLUSIVE


def _numbers(result: dict) -> tuple:
    check = result.get("numeric_check") or (result.get("final") or {}).get("numeric_check") or {}
    return check.get("points", 0), check.get("digits", 0)


def headline(result: dict) -> str:
    """One plain sentence: the verdict and how it was reached."""
    verdict, evidence = result.get("verdict"), result.get("evidence")
    if verdict == CORRECT:
        if evidence == PROVED:
            return "Correct: proved symbolically (your formula minus the result simplifies to 0)."
        if evidence == ROUNDING:
            return "Correct: the true value rounds to your number at the digits you wrote."
        points, digits = _numbers(result)
        if points <= 1:
            return (f"Correct: agrees numerically to {digits} digits (evidence, not a proof).")
        return (f"Correct: agrees numerically at {points} points spread over the domain to "
                f"{digits} digits (evidence, not a proof).")
    if verdict == INCORRECT:
        return "Not correct: there is a counterexample."
    return ("Undecided: neither proved nor refuted; the numeric test could not settle every "
            "point.")
