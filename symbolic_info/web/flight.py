"""Identical requests that arrive together share one computation ("single flight").

When a class is told "set sigma to 2", forty sessions ask the server for the
same derivation within a second.  The finished result is cached
(``st.cache_data`` in :mod:`symbolic_info.web.state`), but the cache is only
filled when the first computation ends: without this module each of the forty
would start its own worker process, and on two cores they would queue for
half a minute.  :func:`once` lets the first caller (the leader) compute while
the others wait for its result, each still drawing its own progress (and so
still stoppable: a follower whose script is rerun or whose tab is closed stops
waiting, see :mod:`symbolic_info.web.jobs`).

A leader's failure that belongs to the request (bad input, a budget or memory
overrun, a full server: the classes in :data:`SHARED_FAILURES`) is given to
its followers too; any other failure (the leader's own session was stopped or
left) makes the next waiting caller the leader, so abandoned work is never
inherited.  At most one computation per key runs at a time, and a key is
forgotten as soon as its computation ends (no state grows with use).

Example
-------
>>> once(("demo", 1), lambda: 41 + 1)
42
>>> in_flight()
0
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Hashable

from ..core import DerivationError
from .worker import BudgetExceeded

__all__ = ["once", "in_flight", "SHARED_FAILURES", "POLL"]

SHARED_FAILURES = (DerivationError, BudgetExceeded)
"""Failures of the leader that its followers share (they depend on the request alone)."""
POLL = 0.25
"""Seconds between two calls of a follower's ``on_wait``."""

_lock = threading.Lock()
_flights: dict = {}


class _Flight:
    """One running computation: its outcome once ``done`` is set."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result = None
        self.error: BaseException | None = None


def in_flight() -> int:
    """How many computations are running now."""
    with _lock:
        return len(_flights)


def once(key: Hashable, compute: Callable, on_wait: Callable | None = None):
    """``compute()``, run once for all callers that ask for ``key`` while it runs.

    A follower calls ``on_wait(seconds waited)`` every :data:`POLL` seconds;
    an exception raised there ends its wait (the leader goes on).
    """
    while True:
        with _lock:
            flight = _flights.get(key)
            leader = flight is None
            if leader:
                flight = _flights[key] = _Flight()
        if leader:
            try:
                flight.result = compute()
                return flight.result
            except BaseException as exc:
                flight.error = exc
                raise
            finally:
                with _lock:
                    del _flights[key]
                flight.done.set()
        start = time.monotonic()
        while not flight.done.wait(POLL):
            if on_wait is not None:
                on_wait(time.monotonic() - start)
        if flight.error is None:
            return flight.result
        if isinstance(flight.error, SHARED_FAILURES):
            raise copy.copy(flight.error)
        # the leader gave up for a reason of its own: compute (or follow a new leader)
