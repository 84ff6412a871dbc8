"""CPU-time budgets for SymPy work that may run for minutes (simplify, integrate).

A budget counts **CPU seconds** of the process (``ITIMER_PROF``), not wall-clock seconds, so
whether SymPy finishes does not depend on how busy the machine is.  Budgets nest: an inner
budget never extends an outer one, and when the inner one ends the outer one goes on with
the CPU time it has left (the timer is shared by the process, so the inner one must give
it back).  A budget that ran out raises again every :data:`REPEAT` CPU seconds until its
block is left: Python ignores an exception raised inside a finaliser or a garbage
collector callback ("Exception ignored in ..."), and the signal may arrive while one runs
(in the test session, hypothesis's ``gc_callback``: a sandbox child lost its ``OutOfTime``
there and ran SymPy for the whole 60 s wall limit instead of its 2 s budget).  Only the
main thread can be interrupted (signals are delivered there); elsewhere the work runs
without a limit.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> with time_budget(5):
...     sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2)
1
>>> try:
...     with time_budget(0):
...         pass
... except OutOfTime:
...     print("out of time")
out of time
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

__all__ = ["time_budget", "within", "OutOfTime", "SHORTEST", "LONGEST", "REPEAT"]

SHORTEST = 1e-6
"""The shortest budget (s): the timer's resolution is a microsecond."""
LONGEST = 1e7
"""The longest budget (s, about 16 weeks): a longer one is as good as none, and the timer
cannot hold ``1e300``."""
REPEAT = 0.05
"""CPU seconds after which a budget that ran out raises :class:`OutOfTime` again (the first
may have been lost in a finaliser or a garbage collector callback, where Python ignores
exceptions)."""


class OutOfTime(BaseException):
    """A budget ran out (a BaseException, so that SymPy's ``except Exception`` lets it pass)."""


def _alarm(_signum, frame):
    """The budget ran out: raise, and set the timer again (:data:`REPEAT`) in case this
    exception is lost; not when the signal arrives inside :func:`time_budget`'s own frames
    (its ``finally`` may already have stopped the timer: one set again there would outlive
    the budget)."""
    if frame is None or frame.f_code not in _MACHINERY:
        signal.setitimer(signal.ITIMER_PROF, REPEAT)
    raise OutOfTime()


@contextmanager
def time_budget(seconds: float):
    """Raise :class:`OutOfTime` after ``seconds`` of this process's CPU time.

    Only in the main thread (elsewhere no limit).  A budget of 0 or less (or NaN) is out
    of time at once; a positive one is at least :data:`SHORTEST` (a timer set to less
    may round to 0, which means no timer at all) and at most :data:`LONGEST` (``1e300``
    or ``inf`` does not fit the timer: setitimer raised OverflowError).  Inside another
    budget, the shorter of the two applies, and on leaving, the outer budget's timer is
    set again to what it has left (at least a microsecond, so an outer budget spent
    meanwhile still fires).
    """
    if not seconds > 0:
        raise OutOfTime()
    seconds = min(max(seconds, SHORTEST), LONGEST)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_PROF)[0]
    start = time.process_time()
    old = signal.signal(signal.SIGPROF, _alarm)
    try:
        signal.setitimer(signal.ITIMER_PROF, min(seconds, outer_left) if outer_left else seconds)
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
        if outer_left:
            left = outer_left - (time.process_time() - start)
            signal.setitimer(signal.ITIMER_PROF, max(left, 1e-6))


_MACHINERY = frozenset({time_budget.__wrapped__.__code__, type(time_budget(1)).__enter__.__code__,
                        type(time_budget(1)).__exit__.__code__})
"""The code of :func:`time_budget`'s own frames: its generator, and the context manager's
``__enter__`` and ``__exit__`` around it."""


def within(seconds: float, work, error: Exception):
    """``work()`` within ``seconds`` of this process's CPU time; past them ``error`` is
    raised (one line for the user) instead of :class:`OutOfTime`, unless an enclosing
    budget ran out first (its ``OutOfTime`` passes on: it is not this work's to report).

    >>> within(5, lambda: 6 * 7, ValueError("too slow"))
    42
    """
    start = time.process_time()
    try:
        with time_budget(seconds):
            return work()
    except OutOfTime:
        if time.process_time() - start < seconds * 0.9:
            raise
        raise error from None
