"""Derive (and draw) in a separate, killable process under a wall-clock budget.

Work on a user's values can take long (hundreds of digits, huge parameters)
and a thread cannot be stopped; so the app runs it in a child process of the
sandbox (:func:`symbolic_info.checker.sandbox.run_isolated`), which is killed
when its budget is spent, when its memory limit is hit, or when the caller
gives up (``on_wait`` raises: the script run was stopped or rerun, or its
session went away).  :func:`page_for` and :func:`pictures_for` are the
child's side; :func:`derive_within` and :func:`pictures_within` the parent's.
The child renders plain data itself: pickling a Derivation rebuilds
unevaluated SymPy expressions and can change how its steps print.  This
module does not import Streamlit (the forkserver preloads it).

Example
-------
>>> derive_within("entropy/exponential", (("lambda", "2"),), "nats", 20, budget=0.001)
Traceback (most recent call last):
...
symbolic_info.web.worker.BudgetExceeded: entropy/exponential at 20 digits did not finish \
within the time budget of 0.001 s; try fewer digits or smaller parameter values
"""

from __future__ import annotations

from ..checker.sandbox import TimeLimitExceeded, run_isolated
from .priority import yield_cpu
from .view import page_data

__all__ = ["BudgetExceeded", "derive_within", "pictures_within", "page_for", "pictures_for",
           "lower_priority", "MEMORY_MB", "HEAVY_DPS", "HEAVY_NICE"]

MEMORY_MB = 256
"""Address space (MiB) an app child may add to what it inherited (a few run at once)."""
HEAVY_DPS = 100
"""Above this many digits a derivation is long work (seconds to minutes): its child lowers
its CPU priority by :data:`HEAVY_NICE`, so that the server and the short requests of the
other sessions go first and one session's 1000 digits do not slow down a class."""
HEAVY_NICE = 10


class BudgetExceeded(RuntimeError):
    """The work did not finish within its time budget (the child was stopped)."""


def lower_priority(dps: int) -> int:
    """In a child: lower this process's CPU priority for a derivation at ``dps`` digits
    (by :data:`HEAVY_NICE` above :data:`HEAVY_DPS`); returns the increment applied."""
    if dps <= HEAVY_DPS:
        return 0
    return yield_cpu(HEAVY_NICE)


def page_for(payload: dict, send_partial=None) -> dict:
    """Child side: :func:`~symbolic_info.web.view.page_data` of the requested derivation."""
    from ..catalog import derive

    lower_priority(payload["dps"])
    return page_data(derive(payload["name"], units=payload["units"], dps=payload["dps"],
                            **dict(payload["params"])))


def pictures_for(payload: dict, send_partial=None) -> list:
    """Child side: the entry's pictures as ``{"svg", "caption"}`` dicts."""
    from . import plots
    from .svg_picture import svg

    return [{"svg": svg(fig), "caption": fig.caption}
            for fig in plots.figures(payload["name"], tuple(payload["params"]),
                                     payload["units"], payload.get("extras"))]


def derive_within(name: str, params: tuple, units: str, dps: int, budget: float, *,
                  owner=None, on_wait=None, memory_mb: int = MEMORY_MB) -> dict:
    """:func:`page_for` of ``derive(name, units, dps, **dict(params))``, computed in a
    child process in at most ``budget`` seconds.

    Raises :class:`~symbolic_info.core.DerivationError` for bad input (the
    library's own message) or a memory overrun or a full server (subclasses
    from the sandbox), and :class:`BudgetExceeded` when the child had to be
    stopped at the budget.
    """
    payload = {"name": name, "params": list(params), "units": units, "dps": dps}
    return _within("symbolic_info.web.worker:page_for", payload, budget, f"{name} at {dps} "
                   "digits", "try fewer digits or smaller parameter values", owner, on_wait,
                   memory_mb)


def pictures_within(name: str, params: tuple, units: str, extras: dict | None, budget: float,
                    *, owner=None, on_wait=None, memory_mb: int = MEMORY_MB) -> list:
    """:func:`pictures_for` in a child process in at most ``budget`` seconds (as above)."""
    payload = {"name": name, "params": list(params), "units": units, "extras": extras}
    return _within("symbolic_info.web.worker:pictures_for", payload, budget,
                   f"the picture of {name}", "the derivation above is complete", owner, on_wait,
                   memory_mb)


def _within(target, payload, budget, label, advice, owner, on_wait, memory_mb):
    try:
        return run_isolated(target, payload, time_limit=budget, memory_mb=memory_mb,
                            label=label, advice=advice, owner=owner, on_wait=on_wait)
    except TimeLimitExceeded:
        raise BudgetExceeded(f"{label} did not finish within the time budget of {budget:g} s; "
                             f"{advice}") from None
