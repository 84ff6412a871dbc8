"""Functions run inside the sandbox (imported by the forkserver at start).

Each takes ``(payload, send_partial)`` and returns a JSON-ready dict; they
are also callable in-process (``send_partial`` may be a no-op).

Example
-------
>>> from symbolic_info.checker.judge import prepare
>>> p = prepare("entropy/exponential", {}, None)
>>> judge_claim({"problem": p, "claim": "ln(e/lambda)"}, lambda r: None)["verdict"]
'correct'
"""

from __future__ import annotations

import sympy  # noqa: F401  (preloaded in the forkserver)

from .. import catalog  # noqa: F401
from . import verdict as V
from .judge import evaluate_claim, judge_parsed, upgrade_with_proof
from .pointwise import TOO_LARGE

__all__ = ["judge_claim", "check_chain_text"]


def judge_claim(payload: dict, send_partial) -> dict:
    """Parse and judge one claim; send the numeric verdict before the proof."""
    problem = payload["problem"]
    parsed = evaluate_claim(problem, payload["claim"])
    result = judge_parsed(problem, parsed)
    if result["verdict"] != V.INCORRECT and result["method_kind"] == "numeric":
        send_partial(dict(result, method=result["method"]
                          + "; symbolic proof not finished within the time limit"))
        upgrade_with_proof(problem, parsed.expr, result)
    return result


def check_chain_text(payload: dict, send_partial) -> dict:
    """Check a derivation chain (see :mod:`.chain`); then try to prove the undecided steps
    and the last line symbolically (the numeric result is sent first)."""
    from ..verify import symbolically_zero
    from .chain import check_chain, split_chain, summarise
    from .grammar import parse_expression

    problem = payload.get("problem")
    result = check_chain(payload["text"], problem)
    if result["verdict"] == V.INCORRECT:
        return result
    send_partial(dict(result))
    final = result.get("final")
    if final and final["verdict"] != V.INCORRECT and final["method_kind"] == "numeric":
        last = parse_expression(final["claimed"]["text"], problem.symbols)
        upgrade_with_proof(problem, last.expr, final)
    if not any(row["status"] == "undecided" for row in result["lines"]):
        return summarise(result)
    exprs = [parse_expression(piece, problem.symbols) if problem is not None
             else parse_expression(piece, {}, free=True)
             for _, piece in split_chain(payload["text"])]
    for k, row in enumerate(result["lines"]):
        if row["status"] == "undecided" and row.get("unsettled") != TOO_LARGE and \
                symbolically_zero(exprs[k].expr - exprs[k - 1].expr):
            row.update(status="ok", ok=True, evidence=V.PROVED,
                       method="proved symbolically: the difference simplifies to 0")
    return summarise(result)
