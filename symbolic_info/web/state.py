"""Cached library calls for the pages: ``st.cache_data`` keyed by name, parameters, units, digits.

Nothing here keeps per-user state: the caches are keyed by every input and
hold immutable results, and all numerics run on private mpmath contexts, so
one user's precision or parameters never reach another user.  Every
derivation runs under :data:`TIME_BUDGET` seconds: up to :data:`FAST_DPS`
digits in a helper thread (the page stops waiting at the budget), above
that in a separate process that is killed at the budget
(:mod:`symbolic_info.web.worker`).

Example
-------
>>> p = page("entropy/exponential", (("lambda", "2"),), "nats", 20)
>>> p["verified"], p["value"][:6]
(True, '0.3068')
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from ..catalog import derive
from . import plots, worker
from .view import page_data

__all__ = ["page", "pictures", "FAST_DPS", "TIME_BUDGET"]

FAST_DPS = 100
"""Above this many digits a derivation runs in a worker process under :data:`TIME_BUDGET`."""
TIME_BUDGET = 120.0
"""Seconds a high-precision derivation may take before it is stopped."""

_log = logging.getLogger(__name__)


@st.cache_data(max_entries=512, show_spinner=False)
def page(name: str, params: tuple, units: str, dps: int) -> dict:
    """:func:`~symbolic_info.web.view.page_data` of ``derive(name, units, dps, **dict(params))``,
    cached; long work under the time budget.

    Raises :class:`~symbolic_info.core.DerivationError` for bad input and
    :class:`~symbolic_info.web.worker.BudgetExceeded` on a budget overrun
    (neither is cached, so a retry recomputes).
    """
    if dps <= FAST_DPS:
        return _in_thread(name, params, units, dps, TIME_BUDGET)
    return worker.derive_within(name, params, units, dps, TIME_BUDGET)


def _in_thread(name: str, params: tuple, units: str, dps: int, budget: float) -> dict:
    """Derive in a helper thread and wait at most ``budget`` seconds.

    A thread cannot be stopped, but at these precisions the work is bounded;
    on an overrun it finishes in the background (the library keeps the
    result, so a later retry is instant) while the page says so at once.
    """
    box: dict = {}

    def work():
        try:
            box["page"] = page_data(derive(name, units=units, dps=dps, **dict(params)))
        except Exception as exc:  # re-raised in the script thread
            box["error"] = exc

    thread = threading.Thread(target=work, name=f"derive {name}", daemon=True)
    thread.start()
    thread.join(budget)
    if thread.is_alive():
        raise worker.BudgetExceeded(
            f"{name} at {dps} digits did not finish within the time budget of {budget:g} s; "
            "it keeps computing in the background, so trying again in a while may succeed"
        )
    if "error" in box:
        raise box["error"]
    return box["page"]


@st.cache_data(max_entries=256, show_spinner=False)
def pictures(name: str, params: tuple, units: str, _extras: dict | None = None) -> list:
    """The entry's pictures as ``{"svg": str, "caption": str}``; none if drawing fails.

    See :mod:`symbolic_info.web.plots`: static SVG, so drawing costs the
    browser nothing and the formulas appear at once.  ``_extras``
    (the derivation's extras, not part of the cache key) saves a
    recomputation for pictures drawn from them.
    """
    try:
        return [{"svg": plots.svg(fig), "caption": fig.caption}
                for fig in plots.figures(name, params, units, _extras)]
    except Exception:  # a picture is optional; the derivation itself is already shown
        _log.exception("no picture for %s %s", name, params)
        return []
