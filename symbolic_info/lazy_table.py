"""A read-only table whose values are built on first use, one key at a time.

The families and their KL specifications are SymPy data; building all 21 families
when one entry is derived cost about 0.2 s of a fresh process's first answer
(``python -X importtime``: ``symbolic_info.families`` took 214 ms of its own,
the normal alone 0.14 s of it, mostly SymPy warming up).  A :class:`LazyTable`
knows its keys from the start (so ``in``, ``len`` and iteration over the keys
build nothing) and builds a value the first time it is looked up; every later
lookup returns the same object.  It imports nothing of ours (any layer may use it).

Example
-------
>>> built = []
>>> table = LazyTable({"a": lambda: built.append("a") or 1, "b": lambda: 2})
>>> "a" in table, len(table), list(table), built
(True, 2, ['a', 'b'], [])
>>> table["a"], table["a"], built, table.built()
(1, 1, ['a'], ('a',))
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

__all__ = ["LazyTable"]


class LazyTable(Mapping):
    """A mapping ``key -> builder()``, each builder called at most once (thread-safe).

    Parameters
    ----------
    builders : dict
        ``key -> callable`` taking no argument; the order of the keys is the table's.
    """

    def __init__(self, builders: dict[str, Callable]):
        self._builders = dict(builders)
        self._built: dict = {}
        self._lock = threading.RLock()  # a builder may look up another key of this table

    def __getitem__(self, key):
        try:
            return self._built[key]
        except KeyError:
            pass
        builder = self._builders[key]  # KeyError for an unknown key, as a dict
        with self._lock:
            if key not in self._built:
                self._built[key] = builder()
            return self._built[key]

    def __contains__(self, key) -> bool:
        return key in self._builders

    def __iter__(self) -> Iterator:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def built(self) -> tuple:
        """The keys whose values have been built so far, in the table's order."""
        return tuple(k for k in self._builders if k in self._built)

    def __repr__(self) -> str:
        return f"LazyTable({list(self._builders)!r}, built={list(self._built)!r})"
