"""Extreme parameters: every catalog entry with each scalar parameter at tiny and huge values.

For each entry and each scalar parameter, the parameter is set to each of ``1e-400``,
``1e-30``, ``1e30``, ``1e400`` (and their negatives where the domain allows them), the
other parameters at their documented defaults (``--partial``: left symbolic instead), and
``derive`` runs in a forked child under a time limit and a memory limit.  The derivation is
also rendered (text, LaTeX, JSON) and ``result.sympy`` parsed back.  Each outcome is one of:

- ``verified`` / ``NOT verified (d digits)``: a result, with its verification;
- ``refused: <message>``: a one-line DerivationError (bad input, outside the domain);
- ``CRASH``, ``TIMEOUT``, ``KILLED``: anything else, a failure of the budget (every extreme
  input answered or refused within 30 s, issue 9).

Usage::

    python benchmarks/bench_param_sweep.py [--only entropy/] [--limit 60] [--partial]
        [--values 1e-400,1e400] [--memory-mb 2000]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _common import header, table  # noqa: E402

from symbolic_info import catalog, derive  # noqa: E402
from symbolic_info.core import DerivationError  # noqa: E402
from symbolic_info.export import default_params  # noqa: E402

BUDGET = 30.0
VALUES = ("1e-400", "1e-30", "1e30", "1e400")


def _roundtrip(d) -> None:
    """Render every format and parse ``result.sympy`` back (raises on failure).

    Parsed under ``sympy.evaluate(False)``: evaluating ``polygamma(0, 100000)`` is what
    SymPy must not do (an exact harmonic number summed term by term).
    """
    import sympy as sp

    from symbolic_info.render import to_json_dict, to_latex, to_text

    to_text(d)
    to_latex(d)
    data = to_json_dict(d)
    names = {s.name: s for s in d.result.free_symbols}
    text = data["result"]["sympy"]
    with sp.evaluate(False):
        back = sp.parse_expr(text, local_dict=names)
    if back.free_symbols - set(names.values()):
        raise ValueError(f"result.sympy does not parse back: {text[:60]}")


def run_case(name: str, params: dict) -> str:
    """One derivation in this process: the outcome as one line."""
    try:
        d = derive(name, **params)
        _roundtrip(d)
    except DerivationError as exc:
        text = str(exc)
        bad = "\n" in text or "internal error" in text
        return ("CRASH (multi-line refusal): " if bad else "refused: ") + text
    except Exception as exc:  # noqa: BLE001 - the sweep records every failure
        return f"CRASH: {type(exc).__name__}: {str(exc)[:120]}"
    if d.verified:
        return "verified"
    v = d.verification
    return f"NOT verified ({v.agree_digits} of {v.dps} digits)"


def forked(name: str, params: dict, limit: float, memory_mb: int) -> tuple:
    """``(outcome, seconds)`` of :func:`run_case` in a forked child."""
    read, write = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
            outcome = run_case(name, params)
        except MemoryError:
            outcome = "CRASH: MemoryError"
        os.write(write, outcome.encode()[:4000])
        os._exit(0)
    os.close(write)
    deadline = start + limit

    def stop(signum, _frame):  # never leave the child running
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        return _wait(pid, read, start, deadline)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _wait(pid: int, read: int, start: float, deadline: float) -> tuple:
    """Wait for the child until ``deadline``; ``(outcome, seconds)``."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            return "TIMEOUT", time.perf_counter() - start
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    chunks = []
    while chunk := os.read(read, 4096):
        chunks.append(chunk)
    os.close(read)
    text = b"".join(chunks).decode()
    return (text or f"KILLED (status {status})"), elapsed


def cases(entries, values, partial: bool):
    """``(entry name, parameter, value, params)`` for every scalar parameter in its domain."""
    for e in entries:
        for p in e.params:
            if p.kind != "scalar":
                continue
            for text in (*values, *(f"-{v}" for v in values)):
                try:
                    p.parse(text)
                except DerivationError:
                    continue
                params = {} if partial else default_params(e)
                params[p.name] = text
                yield e.name, p.name, text, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="entry names starting with this")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--memory-mb", type=int, default=2000)
    parser.add_argument("--values", default=",".join(VALUES))
    parser.add_argument("--partial", action="store_true",
                        help="leave the other parameters symbolic instead of at defaults")
    args = parser.parse_args()
    header("Extreme parameters: every entry, each scalar parameter at tiny and huge values")
    entries = [e for n, e in catalog().items() if n.startswith(args.only)]
    for e in entries:  # warm the step checks once, so a case times its own work
        try:
            derive(e.name, **default_params(e))
        except Exception:  # noqa: BLE001, S110 - a broken default shows up in the cases
            pass
    rows, failures = [], 0
    for name, param, value, params in cases(entries, args.values.split(","), args.partial):
        outcome, secs = forked(name, params, args.limit, args.memory_mb)
        good = (outcome == "verified" or outcome.startswith("refused")) and secs <= BUDGET
        failures += not good
        rows.append((name, param, value, outcome[:110].replace("|", "/"), f"{secs:.1f}",
                     "ok" if good else "FAIL"))
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    table(["entry", "parameter", "value", "outcome", "seconds", f"within {BUDGET:g} s"], rows)
    print(f"{len(rows)} cases, {failures} not verified, refused or within budget")


if __name__ == "__main__":
    main()
