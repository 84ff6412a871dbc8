"""A bounded memo of quadrature values that keeps what each value's bump search missed.

A value computed inside :func:`~symbolic_info.numeric.bumps.recording` may have left terms
of a sum unsearched for their bump; the verification says so in a note.  A memo that gave
back only the number would drop that count on the second call (the same step checked
again, the reference after the steps), and the note with it.  :class:`TalliedMemo` stores
the count beside the value and reports it to the caller's tally on every hit.

Example
-------
>>> from symbolic_info.numeric.bumps import recording
>>> from symbolic_info.numeric.context import new_context
>>> ctx, memo = new_context(20), TalliedMemo(4)
>>> memo.get("k", lambda: ctx.mpf(2), ctx)
mpf('2.0')
>>> with recording() as tally:
...     memo.get("k", lambda: ctx.mpf(3), ctx)   # remembered: compute is not called
mpf('2.0')
>>> tally.missed
0
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from .bumps import note_missed, recording

__all__ = ["TalliedMemo"]


class TalliedMemo:
    """Values remembered per key (the least recently used go first beyond ``size``),
    shared by threads under a lock, each with the count of terms its computation left
    unsearched."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute: Callable, ctx):
        """``compute()`` (an mpf of ``ctx``) remembered per ``key``; the unsearched terms
        of its first computation are reported to the enclosing tally every time."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is None:
            with recording() as tally:
                value = compute()
            hit = (value._mpf_, tally.missed)
            with self._lock:
                self._items[key] = hit
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        note_missed(hit[1])
        return ctx.make_mpf(hit[0])
