"""``symbolic-info check``: the command-line front of the checker.

``check CLAIM --against NAME`` judges one claim; ``check --steps FILE
[--against NAME]`` a chain.  Exit 0 when the claim (chain) is correct
(proved, numerically equal or a correctly rounded number), 1 when it is
incorrect, 2 on bad input (raised as ``DerivationError`` for the CLI to
print as one line), 3 when it is undecided (neither proved nor refuted; see
:mod:`.verdict`).  JSON output carries ``verdict`` (correct / incorrect /
undecided), ``evidence`` (proved / numerically equal / rounding /
counterexample / inconclusive), ``numeric_check`` (points, digits, ...),
``expected {latex, unicode, value}``, ``claimed {latex, unicode, value}``, ``diagnosis``
(sentences) and ``counterexample`` (or null), plus ``method`` and details.

Example
-------
>>> import argparse
>>> args = argparse.Namespace(claim="1 - ln(lambda)", against="entropy/exponential",
...                           steps=None, units=None, format="json", time_limit=20)
>>> check_request(args, {})["verdict"]
'correct'
"""

from __future__ import annotations

import json
import os
import stat
import sys

from ..core import DerivationError
from . import verdict as V
from .chain import MAX_CHAIN_CHARS
from .grammar.lexer import MAX_LENGTH

__all__ = ["run_check", "check", "check_chain_text", "check_request", "public", "format_text",
           "strip_lhs", "read_steps_file"]

_PUBLIC = ("verdict", "evidence", "numeric_check", "against", "units", "expected", "claimed",
           "method", "diagnosis", "counterexample", "holds_on_part", "assumptions", "mode",
           "lines", "first_wrong", "final", "provisional", "verified_reference")


def strip_lhs(claim: str) -> str:
    """Drop a leading ``h(X) =`` (anything before the last top-level ``=``)."""
    return claim.rsplit("=", 1)[1] if "=" in claim else claim


def read_steps_file(path: str) -> str:
    """The text of a chain file (``-`` is standard input), size-capped.

    Only a regular file (or standard input) is read: a FIFO, a device or a
    directory is refused without opening it for a blocking read (``os.stat``
    first, then ``open`` with ``O_NONBLOCK`` and a second check on the open
    file, so a file swapped in between is refused too).  At most
    :data:`~symbolic_info.checker.chain.MAX_CHAIN_CHARS` bytes are read.
    """
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise DerivationError("--steps -: standard input is not readable")
            data = stream.read(MAX_CHAIN_CHARS + 1)
        else:
            _refuse_special(path, os.stat(path).st_mode)
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as f:
                info = os.fstat(f.fileno())
                _refuse_special(path, info.st_mode)
                if info.st_size > MAX_CHAIN_CHARS:
                    raise DerivationError(
                        f"steps file {path} is larger than {MAX_CHAIN_CHARS} bytes")
                data = f.read(MAX_CHAIN_CHARS + 1)
        if len(data) > MAX_CHAIN_CHARS:
            where = "standard input" if path == "-" else f"steps file {path}"
            raise DerivationError(f"{where} is larger than {MAX_CHAIN_CHARS} bytes")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DerivationError(f"steps file {path} is not UTF-8 text") from None
    except OSError as exc:
        raise DerivationError(f"cannot read steps file {path}: {exc.strerror}") from None


def _refuse_special(path: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)"
                if stat.S_ISFIFO(mode) else "a device or socket")
        raise DerivationError(f"steps file {path} is {kind}, not a regular file; "
                              "give a file, or - for standard input")


def check_request(args, params: dict, isolated: bool = True) -> dict:
    """Validate the CLI arguments and judge in the sandbox."""
    return check(claim=args.claim, steps=args.steps, against=args.against, params=params,
                 units=args.units, isolated=isolated,
                 time_limit=getattr(args, "time_limit", None))


def check(claim=None, steps=None, against=None, params=None, units=None,
          isolated: bool = True, owner=None, on_wait=None, memory_mb=None,
          time_limit=None) -> dict:
    """Judge a claim or a chain; the Python entry point behind CLI and app.

    ``steps`` is a file path (``-`` for standard input) or a file object;
    for chain text use :func:`check_chain_text`.  Everything that depends on
    the user's values, deriving the entry at ``params`` included, runs in the
    sandbox (unless ``isolated=False``); ``owner``, ``on_wait`` and
    ``memory_mb`` (default: the sandbox's) are passed to
    :func:`~symbolic_info.checker.sandbox.run_isolated`; ``time_limit`` (seconds, default
    the sandbox's) bounds the judging, and the derivation before it when longer than the
    sandbox's set-up limit.
    """
    params = params or {}
    if claim is not None and steps is not None:
        raise DerivationError("give either a CLAIM or --steps FILE, not both")
    if claim is None and steps is None:
        raise DerivationError("give a CLAIM to check (with --against NAME) or --steps FILE")
    if claim is not None and not against:
        raise DerivationError("a CLAIM needs --against NAME (see 'symbolic-info list')")
    if params and not against:
        raise DerivationError("--param needs --against NAME")
    if units and not against:
        raise DerivationError("--units needs --against NAME")
    if claim is not None and len(claim) > MAX_LENGTH:
        raise DerivationError(f"the claim is longer than {MAX_LENGTH} characters")
    if claim is not None:
        target, payload = "judge_claim", {"claim": strip_lhs(claim)}
    else:
        text = read_steps_file(steps) if isinstance(steps, str) else steps.read(
            MAX_CHAIN_CHARS + 1)
        if len(text) > MAX_CHAIN_CHARS:
            raise DerivationError(f"the chain is longer than {MAX_CHAIN_CHARS} characters")
        target, payload = "check_chain_text", {"text": text}
    return _run(target, dict(payload, against=against, params=params, units=units), isolated,
                owner, on_wait, memory_mb, time_limit)


def check_chain_text(text: str, against=None, params=None, units=None,
                     isolated: bool = True, owner=None, on_wait=None, memory_mb=None,
                     time_limit=None) -> dict:
    """Check a chain given as text (the app's multi-line box); the arguments as for
    :func:`check`."""
    if len(text) > MAX_CHAIN_CHARS:
        raise DerivationError(f"the chain is longer than {MAX_CHAIN_CHARS} characters")
    payload = {"text": text, "against": against, "params": params or {}, "units": units}
    return _run("check_chain_text", payload, isolated, owner, on_wait, memory_mb, time_limit)


def _run(target: str, payload: dict, isolated: bool, owner=None, on_wait=None,
         memory_mb=None, time_limit=None) -> dict:
    from . import worker

    if not isolated:
        return getattr(worker, target)(worker.prepare_problem(payload), lambda r: None)
    from .sandbox import SETUP_LIMIT, TIME_LIMIT, run_isolated

    payload = dict(payload, time_limit=TIME_LIMIT if time_limit is None else time_limit)
    against = payload.get("against")
    setup_limit = None if time_limit is None else max(SETUP_LIMIT, time_limit)
    return run_isolated(
        f"symbolic_info.checker.worker:{target}", payload, memory_mb=memory_mb,
        time_limit=time_limit, setup_limit=setup_limit,
        setup="symbolic_info.checker.worker:prepare_problem",
        setup_label=(f"deriving {against} at the given parameters" if against
                     else "the preparation"),
        advice="try smaller parameter values or a simpler input", owner=owner,
        on_wait=on_wait)


def public(result: dict) -> dict:
    """The JSON contract: public fields only."""
    out = {k: result[k] for k in _PUBLIC if k in result}
    out.setdefault("counterexample", None)
    out.setdefault("diagnosis", [])
    if out.get("final"):
        out["final"] = public(out["final"])
    return out


def _point(p: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in p.items()) or "the given values"


def _shown(formula: dict) -> str:
    """A formula of a result for the terminal: Unicode, else (older results) its LaTeX."""
    return formula.get("unicode") or formula["latex"]


def format_text(result: dict) -> str:
    """A few plain lines for the terminal, formulas in Unicode."""
    lines = []
    if result.get("mode") == "chain":
        for row in result["lines"]:
            mark = {"first": "    ", "ok": "ok  ", "wrong": "BAD ", "undecided": "??  "}[
                row.get("status", "first")]
            lines.append(f"{mark}line {row['line']}: {_shown(row)}")
    else:
        lines.append(f"read as:   {_shown(result['claimed'])}")
    exp = result.get("expected") or (result.get("final") or {}).get("expected")
    if exp:
        value = f"  = {exp['value']}" if exp.get("value") else ""
        lines.append(f"expected:  {_shown(exp)}{value}   ({result.get('against', '')}, "
                     f"{result.get('units', '')})")
    elif result.get("mode") == "chain":
        lines.append("expected:  each line equal to the one before (no --against entry)")
    verdict = result["verdict"].upper()
    evidence = result.get("evidence")
    method = result.get("method") or (result.get("final") or {}).get("method", "")
    lines.append(f"verdict:   {verdict}" + (f", {evidence.upper()}" if evidence else ""))
    if method:
        lines.append(f"how:       {method}")
    ce = result.get("counterexample")
    if ce:
        if "this" in ce:
            lines.append(f"counterexample: at {_point(ce['point'])}: previous line "
                         f"{ce['previous']}, this line {ce['this']}")
        else:
            lines.append(f"counterexample: at {_point(ce['point'])}: claimed {ce['claimed']}, "
                         f"true {ce['expected']}")
    for sentence in result.get("diagnosis", []):
        lines.append(f"  - {sentence}")
    if result.get("verified_reference") is False:
        lines.append("warning: the entry's own result is NOT verified; treat this verdict "
                     "with care")
    if result.get("provisional"):
        lines.append("note: the symbolic proof did not finish within the time limit")
    return "\n".join(lines)


def run_check(args, params: dict) -> int:
    """Entry point for ``symbolic-info check``: print the verdict, return the exit code."""
    result = check_request(args, params)
    if args.format == "json":
        print(json.dumps(public(result), indent=2))
    else:
        print(format_text(result))
    return V.EXIT_CODES.get(result["verdict"], 3)
