"""Derive every catalog entry ahead of time, once per server, at the lowest CPU priority.

Opening an entry in the app derives it at its default parameters (trusted
work, :func:`symbolic_info.web.state.page`).  In a new server most of that
is checking its steps afresh: 3.3 of the 3.9 s of CPU of ``maxent/normal``,
50 s for the whole catalog, while with the steps in the on-disk step cache
(:mod:`symbolic_info.engine.step_cache`, kept across processes) no entry needs
more than 0.7 s.  So the server starts, next to its first session, a
background worker process (:mod:`symbolic_info.checker.sandbox`, without
taking a user's slot) that lowers its own priority to the minimum
(``nice`` 19 in an autogroup of its own, :mod:`~symbolic_info.web.priority`:
it only uses CPU time no user wants), derives every entry at its
defaults, :data:`~symbolic_info.web.view.LANDING` first, in chunks
of :data:`CHUNK`, and hands back the finished pages and pictures, which seed
the server's caches: an entry opened after its chunk is done is shown at
once, without any work in the server.  The step checks it makes land in the
on-disk step cache, so a restarted server of the same version warms up in
seconds.

``SYMBOLIC_INFO_WARM=off`` turns it off (the test suite does, to measure the
app itself).

Example
-------
>>> names = ordered_names()
>>> names[0], len(names) == len(set(names))
('entropy/normal', True)
>>> [c[:1] for c in chunks(["a", "b", "c"], 2)]
[['a'], ['c']]
"""

from __future__ import annotations

import logging
import os
import threading

from ..catalog import catalog
from ..checker.sandbox import SandboxError, run_isolated
from .priority import yield_cpu
from .view import DEFAULT_DPS, LANDING, params_key
from .worker import MEMORY_MB, page_for, pictures_for

__all__ = ["enabled", "ordered_names", "chunks", "request_of", "pages_at_defaults", "seed",
           "warm_up", "start", "CHUNK", "CHUNK_BUDGET", "NICENESS"]

CHUNK = 8
"""Entries derived by one background process (each chunk's pages are seeded when it ends)."""
CHUNK_BUDGET = 600.0
"""Seconds one chunk may take (at nice 19 on a busy machine it may wait long for CPU)."""
NICENESS = 19
"""How far the background process lowers its priority (19: the lowest)."""

_log = logging.getLogger(__name__)
_started = threading.Event()


def enabled() -> bool:
    """False when ``SYMBOLIC_INFO_WARM`` is ``off`` (or ``0``, ``no``)."""
    return os.environ.get("SYMBOLIC_INFO_WARM", "on").lower() not in ("off", "0", "no")


def ordered_names() -> list:
    """Every catalog entry, the landing page's first."""
    names = list(catalog())
    return sorted(names, key=lambda n: n != LANDING)


def chunks(names: list, size: int = CHUNK) -> list:
    """``names`` in consecutive lists of at most ``size``."""
    return [names[i:i + size] for i in range(0, len(names), size)]


def request_of(name: str) -> tuple:
    """``(params, units, dps)`` of the entry as the Derivations page first asks for it."""
    entry = catalog()[name]
    params = params_key({p.name: p.default for p in entry.params if p.default.strip()})
    return params, entry.default_units, DEFAULT_DPS


def pages_at_defaults(payload: dict, send_partial=None) -> dict:
    """Worker side: ``{name: (page, pictures)}`` for ``payload["names"]``, at nice 19.

    An entry that fails is left out (the server derives it when it is opened, and
    shows the error there).
    """
    yield_cpu(NICENESS)
    out = {}
    for name in payload["names"]:
        params, units, dps = request_of(name)
        try:
            page = page_for({"name": name, "params": params, "units": units, "dps": dps})
            pictures = pictures_for({"name": name, "params": params, "units": units,
                                     "extras": page["extras"]})
        except Exception:  # noqa: BLE001 - the page itself will show what went wrong
            continue
        out[name] = (page, pictures)
    return out


def seed(pages: dict) -> int:
    """Put ``{name: (page, pictures)}`` into the server's caches; how many pages were new."""
    from . import state

    seeded = 0
    for name, (page, pictures) in pages.items():
        params, units, dps = request_of(name)
        seeded += state.seed_trusted(name, params, units, dps, page)
        state.seed_trusted_pictures(name, params, units, pictures)
    return seeded


def warm_up(names: list | None = None) -> int:
    """Derive ``names`` (default: every entry) in background processes and seed the caches.

    Returns how many pages were seeded.  A chunk that fails or overruns is skipped.
    """
    seeded = 0
    for chunk in chunks(ordered_names() if names is None else names):
        try:
            pages = run_isolated("symbolic_info.web.warm:pages_at_defaults", {"names": chunk},
                                 time_limit=CHUNK_BUDGET, memory_mb=MEMORY_MB,
                                 label="warming the catalog", queued=False)
        except SandboxError as exc:
            _log.warning("warm-up of %s skipped: %s", ", ".join(chunk), exc)
            continue
        seeded += seed(pages)
    return seeded


def start() -> bool:
    """Start :func:`warm_up` in a daemon thread, once per server; False when off or started."""
    if not enabled() or _started.is_set():
        return False
    _started.set()
    threading.Thread(target=warm_up, name="symbolic_info warm-up of the catalog",
                     daemon=True).start()
    return True
