"""Functions run inside the sandbox (imported by the forkserver at start).

Each takes ``(payload, send_partial)`` and returns a JSON-ready dict; they
are also callable in-process (``send_partial`` may be a no-op).
:func:`prepare_problem` is the ``setup`` phase: it derives the catalog entry
a claim is judged against at the user's parameters, inside the child and
under its own time limit, so that no user value is worked on in the caller.

Example
-------
>>> payload = prepare_problem({"against": "entropy/exponential", "params": {}, "units": None})
>>> judge_claim(dict(payload, claim="ln(e/lambda)"), lambda r: None)["verdict"]
'correct'
"""

from __future__ import annotations

import sympy  # noqa: F401  (preloaded in the forkserver)

from ..catalog import catalog
from . import verdict as V
from .judge import evaluate_claim, judge_parsed, prepare, upgrade_with_proof
from .pointwise import TOO_LARGE

__all__ = ["prepare_problem", "judge_claim", "check_chain_text"]

catalog()  # import every entry module once (in the forkserver: before any fork)


def prepare_problem(payload: dict) -> dict:
    """``payload`` with ``problem`` prepared from ``against``, ``params``, ``units``.

    Without ``against`` the problem is ``None`` (a chain checked on its own).
    """
    against = payload.get("against")
    if not against:
        return dict(payload, problem=None)
    problem = prepare(against, payload.get("params") or {}, payload.get("units"))
    return dict(payload, problem=problem,
                verified_reference=bool(problem.extra.get("verified")))


def _noted(payload: dict, result: dict) -> dict:
    """``result`` with the entry's own verification status, when it was prepared here."""
    if "verified_reference" in payload:
        result["verified_reference"] = payload["verified_reference"]
    return result


def judge_claim(payload: dict, send_partial) -> dict:
    """Parse and judge one claim; send the numeric verdict before the proof."""
    problem = payload["problem"]
    parsed = evaluate_claim(problem, payload["claim"])
    result = _noted(payload, judge_parsed(problem, parsed, payload.get("time_limit")))
    if result["verdict"] != V.INCORRECT and result["method_kind"] == "numeric":
        send_partial(dict(result, method=result["method"]
                          + "; symbolic proof not finished within the time limit"))
        upgrade_with_proof(problem, parsed.expr, result)
    return result


def check_chain_text(payload: dict, send_partial) -> dict:
    """Check a derivation chain (see :mod:`.chain`); then try to prove the last line and the
    steps symbolically (the numeric result is sent first, and again after each proof).

    The last line is proved against the result whatever the earlier lines' verdicts (a
    wrong step does not make a right last line unproved); the steps only when the chain is
    not already incorrect.
    """
    from ..engine.symbolic_zero import symbolically_zero
    from .chain import check_chain, split_chain, summarise
    from .grammar import parse_expression

    problem = payload.get("problem")
    result = _noted(payload, check_chain(payload["text"], problem))
    send_partial(dict(result))
    final = result.get("final")
    if final and final["verdict"] != V.INCORRECT and final["method_kind"] == "numeric":
        last = parse_expression(final["claimed"]["text"], problem.symbols)
        upgrade_with_proof(problem, last.expr, final)
        send_partial(dict(summarise(result)))
    if result["verdict"] == V.INCORRECT:
        return summarise(result)
    exprs = [parse_expression(piece, problem.symbols) if problem is not None
             else parse_expression(piece, {}, free=True)
             for _, piece in split_chain(payload["text"])]
    for k, row in enumerate(result["lines"]):
        if row["status"] in ("ok", "undecided") and row.get("unsettled") != TOO_LARGE and \
                symbolically_zero(exprs[k].expr - exprs[k - 1].expr):
            row.pop("unsettled", None)
            row.update(status="ok", ok=True, evidence=V.PROVED,
                       method="proved symbolically: the difference simplifies to 0")
            send_partial(dict(summarise(result)))
    return summarise(result)
