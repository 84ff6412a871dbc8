"""A budget of CPU seconds for SymPy calls that may run for minutes.

Budgets count **CPU seconds** of the process (``ITIMER_PROF``), not wall-clock
seconds, so that whether SymPy finishes does not depend on how busy the
machine is.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> with time_budget(5):
...     sp.limit(x / (1 + x), x, sp.oo)
1
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

__all__ = ["OutOfTime", "time_budget"]


class OutOfTime(BaseException):
    """A budget ran out (a BaseException, so that SymPy's ``except Exception`` lets it pass)."""


@contextmanager
def time_budget(seconds: float):
    """Raise :class:`OutOfTime` after ``seconds`` of this process's CPU time.

    Only in the main thread (elsewhere no limit: the callers run in a sandbox
    child's main thread).  A budget of 0 or less is out of time at once.
    A budget inside another keeps the outer one: the inner alarm is the
    earlier of the two, and the outer alarm is re-armed with what is left.
    """
    if seconds <= 0:
        raise OutOfTime()
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(_signum, _frame):
        raise OutOfTime()

    outer_left, _ = signal.getitimer(signal.ITIMER_PROF)
    old = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        left, _ = signal.getitimer(signal.ITIMER_PROF)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
        if outer_left:
            used = (min(seconds, outer_left) if outer_left else seconds) - left
            signal.setitimer(signal.ITIMER_PROF, max(outer_left - used, 1e-3))
