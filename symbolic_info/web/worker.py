"""Run one derivation in a separate process under a wall-clock budget.

High precision (hundreds of digits) can take minutes.  The app must stay
responsive and must be able to *stop* such work, which a thread cannot do;
so the derivation runs in a child ``python -m symbolic_info.web.worker``
that is killed when the budget is spent.  The child receives the request
as JSON on stdin and answers with a pickle on stdout (our own process, so
the pickle is trusted).  This module does not import Streamlit.

Example
-------
>>> derive_within("entropy/exponential", (("lambda", "2"),), "nats", 20, budget=0.001)
Traceback (most recent call last):
...
symbolic_info.web.worker.BudgetExceeded: entropy/exponential at 20 digits did not finish \
within the time budget of 0.001 s; try fewer digits
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from ..core import DerivationError

__all__ = ["BudgetExceeded", "derive_within", "main"]


class BudgetExceeded(RuntimeError):
    """The derivation did not finish within its time budget (the child was stopped)."""


def _environment() -> dict:
    """The parent's environment, with this package importable in the child."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def derive_within(name: str, params: tuple, units: str, dps: int, budget: float) -> dict:
    """:func:`~symbolic_info.web.view.page_data` of ``derive(name, units, dps, **dict(params))``,
    computed in a child process in at most ``budget`` seconds.

    The child renders the page data itself: pickling a Derivation rebuilds
    unevaluated SymPy expressions and can change how its steps print.

    Raises :class:`DerivationError` for bad input (the library's own message)
    and :class:`BudgetExceeded` when the child had to be stopped.
    """
    request = json.dumps({"name": name, "params": list(params), "units": units, "dps": dps})
    proc = subprocess.Popen(
        [sys.executable, "-m", "symbolic_info.web.worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_environment(),
    )
    try:
        out, err = proc.communicate(request.encode(), timeout=budget)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise BudgetExceeded(
            f"{name} at {dps} digits did not finish within the time budget of {budget:g} s; "
            "try fewer digits"
        ) from None
    if proc.returncode != 0 or not out:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"the worker for {name} failed: {last[0]}")
    kind, payload = pickle.loads(out)
    if kind == "error":
        raise DerivationError(payload)
    return payload


def main() -> int:
    """Child side: read the JSON request on stdin, write the pickled answer on stdout."""
    from ..catalog import derive
    from .view import page_data

    request = json.loads(sys.stdin.read())
    try:
        d = derive(request["name"], units=request["units"], dps=request["dps"],
                   **dict(request["params"]))
        answer = ("ok", page_data(d))
    except DerivationError as exc:
        answer = ("error", str(exc))
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the child
    sys.exit(main())
