"""Library calls for the pages: cached, and bounded when they depend on a user's values.

Nothing here keeps per-user state: the caches are keyed by every input and
hold immutable results, and all numerics run on private mpmath contexts, so
one user's precision or parameters never reach another user.

Work that involves no value a user chose (an entry at its default
parameters, or with every parameter left symbolic, at up to
:data:`TRUSTED_DPS` digits: exactly what the committed gallery and the
tests compute) runs in the server, cached.  Everything else runs in a
killable worker process (:mod:`symbolic_info.web.worker`) under
:data:`TIME_BUDGET` seconds and a memory limit, tied to the session that
asked (:mod:`symbolic_info.web.jobs`).  Finished results are kept with
``st.cache_data``, so a rerun or another user asking the same thing gets
them without a new process; identical requests that arrive while the first
is still computing wait for it (:mod:`symbolic_info.web.flight`).  Pages of
the trusted kind may also be computed ahead of time and seeded
(:func:`seed_trusted`, :mod:`symbolic_info.web.warm`).

Example
-------
>>> p = page("entropy/exponential", (("lambda", "2"),), "nats", 20)
>>> p["verified"], p["value"][:6]
(True, '0.3068')
"""

from __future__ import annotations

import functools
import logging
import threading

import streamlit as st

from ..catalog import catalog
from ..checker import sandbox
from ..core import DerivationError
from ..output.latex_pdf import compile_pdf, pdflatex_path
from . import flight, jobs, plots, worker

__all__ = ["page", "pictures", "trusted", "seed_trusted", "seed_trusted_pictures", "handout_pdf",
           "pdf_available", "TRUSTED_DPS", "TIME_BUDGET", "PICTURE_BUDGET", "HANDOUT_BUDGET"]

TRUSTED_DPS = 50
"""Digits up to which an entry at its defaults (or fully symbolic) is derived in the server."""
TIME_BUDGET = 120.0
"""Seconds a derivation on a user's values may take before its process is stopped."""
PICTURE_BUDGET = 30.0
"""Seconds the pictures of a derivation on a user's values may take."""
HANDOUT_BUDGET = 30.0
"""Seconds pdflatex may take for one PDF handout (and a request may wait for a free slot)."""
_PDF_SLOTS = threading.BoundedSemaphore(2)

_log = logging.getLogger(__name__)


class _NotCached(Exception):
    """A lookup in a result cache missed (never cached itself)."""


def trusted(name: str, params: tuple, dps: int) -> bool:
    """True when the work involves no user-chosen value beyond units (see the module doc)."""
    entry = catalog().get(name)
    if entry is None or dps > TRUSTED_DPS:
        return False
    defaults = tuple(sorted((p.name, p.default.strip()) for p in entry.params))
    return params in ((), defaults)


def page(name: str, params: tuple, units: str, dps: int, on_wait=None) -> dict:
    """:func:`~symbolic_info.web.view.page_data` of ``derive(name, units, dps, **dict(params))``.

    Cached; user-valued work runs in a worker process (``on_wait`` is called
    while waiting, see :func:`~symbolic_info.checker.sandbox.run_isolated`).
    Raises :class:`~symbolic_info.core.DerivationError` for bad input, a
    memory overrun or a full server, and
    :class:`~symbolic_info.web.worker.BudgetExceeded` on a budget overrun
    (none is cached, so a retry recomputes).
    """
    if jobs.session_id() is not None:
        jobs.start()  # once per server: the forkserver warms up while this page is read
    if trusted(name, params, dps):
        return _trusted_page(name, params, units, dps)

    def compute() -> dict:
        try:  # also when an identical request finished a moment ago
            return _finished_page(name, params, units, dps)
        except _NotCached:
            pass
        data = worker.derive_within(name, params, units, dps, TIME_BUDGET,
                                    **jobs.limits(on_wait))
        return _finished_page(name, params, units, dps, _result=data)

    return flight.once(("page", name, params, units, dps), compute,
                       _following(on_wait, TIME_BUDGET))


def _following(on_wait, limit: float):
    """The ``on_wait`` of a session waiting for an identical request (see
    :mod:`~symbolic_info.web.flight`): its own progress, stopped when it leaves."""
    waiting = jobs.limits(on_wait)["on_wait"]
    return lambda seconds: waiting(sandbox.Progress("work", seconds, limit))


@st.cache_data(max_entries=128, show_spinner=False)
def _trusted_page(name: str, params: tuple, units: str, dps: int, _result=None) -> dict:
    """Derived in the server on a miss; ``_result`` (not part of the key) seeds the cache with
    a page computed elsewhere (:mod:`symbolic_info.web.warm`)."""
    if _result is not None:
        return _result
    return worker.page_for({"name": name, "params": params, "units": units, "dps": dps})


def seed_trusted_pictures(name: str, params: tuple, units: str, figures: list) -> bool:
    """Remember ``figures`` as the pictures of a trusted request (as :func:`seed_trusted`)."""
    if name not in plots.PLOTS or not trusted(name, params, TRUSTED_DPS):
        return False
    _trusted_pictures(name, params, units, _result=figures)
    return True


def seed_trusted(name: str, params: tuple, units: str, dps: int, data: dict) -> bool:
    """Remember ``data`` as the page of a trusted request (one :func:`trusted` accepts).

    For pages computed ahead of time in a worker process; a page already cached is kept.
    Returns False (and stores nothing) for a request that is not trusted.
    """
    if not trusted(name, params, dps):
        return False
    _trusted_page(name, params, units, dps, _result=data)
    return True


@st.cache_data(max_entries=512, show_spinner=False)
def _finished_page(name: str, params: tuple, units: str, dps: int, _result=None) -> dict:
    """The cache of finished pages: a lookup raises :class:`_NotCached` on a miss; a call
    with ``_result`` (not part of the key) stores it."""
    if _result is None:
        raise _NotCached
    return _result


def pictures(name: str, params: tuple, units: str, _extras: dict | None = None,
             on_wait=None) -> list:
    """The entry's pictures as ``{"svg": str, "caption": str}``; none if drawing fails.

    See :mod:`symbolic_info.web.svg_picture`: static SVG, so drawing costs the
    browser nothing and the formulas appear at once.  ``_extras`` (the
    derivation's extras, not part of the cache key) saves a recomputation for
    pictures drawn from them.  On a user's values they are drawn in a worker
    process under :data:`PICTURE_BUDGET`.
    """
    if name not in plots.PLOTS:
        return []
    if trusted(name, params, TRUSTED_DPS):
        return _trusted_pictures(name, params, units, _extras)

    def compute() -> list:
        try:
            return _finished_pictures(name, params, units)
        except _NotCached:
            pass
        figs = worker.pictures_within(name, params, units, _extras, PICTURE_BUDGET,
                                      **jobs.limits(on_wait))
        return _finished_pictures(name, params, units, _result=figs)

    try:
        return flight.once(("pictures", name, params, units), compute,
                           _following(on_wait, PICTURE_BUDGET))
    except (DerivationError, worker.BudgetExceeded) as exc:
        _log.warning("no picture for %s %s: %s", name, params, exc)
        return []  # not cached: a retry may succeed


@st.cache_data(max_entries=256, show_spinner=False)
def _finished_pictures(name: str, params: tuple, units: str, _result=None) -> list:
    if _result is None:
        raise _NotCached
    return _result


@st.cache_data(max_entries=256, show_spinner=False)
def _trusted_pictures(name: str, params: tuple, units: str, _extras: dict | None = None,
                      _result: list | None = None) -> list:
    if _result is not None:  # seeded with pictures drawn elsewhere (see seed_trusted_pictures)
        return _result
    try:
        return worker.pictures_for({"name": name, "params": params, "units": units,
                                    "extras": _extras})
    except Exception:  # a picture is optional; the derivation itself is already shown
        _log.exception("no picture for %s %s", name, params)
        return []


def pdf_available() -> bool:
    """True when the server can compile PDF handouts (``pdflatex`` is installed)."""
    return pdflatex_path() is not None


@functools.lru_cache(maxsize=16)
def handout_pdf(tex: str) -> bytes:
    """The PDF of a handout document (:func:`~symbolic_info.output.latex_document.handout`).

    Called once the user asks for the PDF.  pdflatex runs in a child process under
    :data:`HANDOUT_BUDGET` seconds and a memory limit (:mod:`symbolic_info.output.latex_pdf`),
    at most two at once per server; the last 16 PDFs are kept.  Raises
    :class:`~symbolic_info.core.DerivationError` when it fails or no slot frees up within
    the budget.
    """
    if not _PDF_SLOTS.acquire(timeout=HANDOUT_BUDGET):
        raise DerivationError("the server is busy compiling handouts; try again shortly")
    try:
        return compile_pdf(tex, time_limit=HANDOUT_BUDGET)
    finally:
        _PDF_SLOTS.release()
