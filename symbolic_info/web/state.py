"""Cached library calls for the pages: ``st.cache_data`` keyed by name, parameters, units, digits.

Nothing here keeps per-user state: the caches are keyed by every input and
hold immutable results, and all numerics run on private mpmath contexts, so
one user's precision or parameters never reach another user.  Up to
:data:`FAST_DPS` digits a derivation runs in the script thread (a moment);
above that it runs in a separate process that is stopped after
:data:`TIME_BUDGET` seconds (:mod:`symbolic_info.web.worker`).

Example
-------
>>> d = derivation("entropy/exponential", (("lambda", "2"),), "nats", 20)
>>> d.verified
True
"""

from __future__ import annotations

import logging

import streamlit as st

from ..catalog import derive
from ..render import to_json, to_latex, to_markdown
from . import plots, worker

__all__ = ["derivation", "exports", "figures", "FAST_DPS", "TIME_BUDGET"]

FAST_DPS = 100
"""Above this many digits a derivation runs in a worker process under :data:`TIME_BUDGET`."""
TIME_BUDGET = 120.0
"""Seconds a high-precision derivation may take before it is stopped."""

_log = logging.getLogger(__name__)


@st.cache_data(max_entries=512, show_spinner=False)
def derivation(name: str, params: tuple, units: str, dps: int):
    """``derive(name, units, dps, **dict(params))``, cached; long work under the time budget.

    Raises :class:`~symbolic_info.core.DerivationError` for bad input and
    :class:`~symbolic_info.web.worker.BudgetExceeded` on a budget overrun
    (neither is cached, so a retry recomputes).
    """
    if dps <= FAST_DPS:
        return derive(name, units=units, dps=dps, **dict(params))
    return worker.derive_within(name, params, units, dps, TIME_BUDGET)


@st.cache_data(max_entries=256, show_spinner=False)
def exports(name: str, params: tuple, units: str, dps: int) -> dict:
    """The downloads of a derivation: ``{"md": ..., "tex": ..., "json": ...}``."""
    d = derivation(name, params, units, dps)
    return {"md": to_markdown(d), "tex": to_latex(d), "json": to_json(d)}


@st.cache_data(max_entries=256, show_spinner=False)
def figures(name: str, params: tuple, units: str, _d=None) -> list:
    """The entry's pictures (see :mod:`symbolic_info.web.plots`); none if drawing fails."""
    try:
        return plots.figures(name, params, units, _d)
    except Exception:  # a picture is optional; the derivation itself is already shown
        _log.exception("no picture for %s %s", name, params)
        return []
