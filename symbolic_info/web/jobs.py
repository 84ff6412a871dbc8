"""Tie the app's worker processes to Streamlit sessions, so that abandoned work ends.

Every child process the app starts (:mod:`symbolic_info.checker.sandbox`)
is registered under the session id of the script run that started it.  A
child is killed when

- its budget or memory limit is spent (the sandbox);
- its script run is stopped or rerun: the page's ``on_wait`` callback draws
  progress, and every Streamlit call is a point where a stopped or rerun
  script raises, which unwinds through the sandbox and kills the child;
- its session is no longer active (the tab was closed): checked at every
  wait, at the start of every new job, and by a sweeper thread every
  :data:`SWEEP_INTERVAL` seconds;
- the same session starts a new job (a session runs one script at a time, so
  an older child of it belongs to an abandoned run);
- the server dies (the children ask the kernel to kill them with their parent).

The sandbox also caps how many children run at once per server
(:data:`~symbolic_info.checker.sandbox.MAX_CHILDREN`).

Example
-------
>>> session_id() is None  # outside a Streamlit script run
True
>>> limits()["owner"] is None
True
"""

from __future__ import annotations

import threading
import time

from ..checker import sandbox
from .worker import MEMORY_MB

__all__ = ["session_id", "is_active", "limits", "sweep", "start", "SessionEnded",
           "SWEEP_INTERVAL"]

SWEEP_INTERVAL = 2.0
"""Seconds between two sweeps for children of sessions that went away."""

_started = threading.Event()


class SessionEnded(RuntimeError):
    """The Streamlit session that asked for the work is gone; the work was stopped."""


def session_id() -> str | None:
    """The id of the current Streamlit session, or ``None`` outside a script run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def is_active(owner) -> bool:
    """False only when a running Streamlit server says session ``owner`` is gone."""
    from streamlit import runtime

    if owner is None or not runtime.exists():
        return True
    return bool(runtime.get_instance().is_active_session(owner))


def sweep() -> int:
    """Kill the children of sessions that are no longer active; how many were killed."""
    return sandbox.sweep(is_active)


def _sweeper() -> None:
    while True:
        time.sleep(SWEEP_INTERVAL)
        try:
            sweep()
        except Exception:  # noqa: BLE001 - the sweeper must outlive a failed sweep
            pass


def start() -> None:
    """Start the sweeper thread, warm the forkserver and start deriving the catalog ahead of
    time (:mod:`symbolic_info.web.warm`), once per server process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_sweeper, name="symbolic_info sweeper", daemon=True).start()
    threading.Thread(target=sandbox.warm_up, name="symbolic_info warm-up", daemon=True).start()
    from . import warm

    warm.start()


def limits(on_wait=None) -> dict:
    """Keyword arguments for a sandboxed call from the current script run.

    ``memory_mb`` is the app's per-child limit (several children run at once);
    ``owner`` is the session id; ``on_wait`` is wrapped so that the wait ends
    (and the child is killed) when the session is gone.  Before a new job the
    session's older children and those of departed sessions are stopped.
    """
    owner = session_id()
    if owner is not None:
        start()
        sandbox.stop_owner(owner)
        sweep()

    def waiting(progress) -> None:
        if not is_active(owner):
            raise SessionEnded("the session that asked for this work has ended")
        if on_wait is not None:
            on_wait(progress)

    return {"owner": owner, "on_wait": waiting, "memory_mb": MEMORY_MB}
