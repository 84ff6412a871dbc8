"""Finished derivations as ``symbolic-info derive`` prints them, kept on disk.

A fresh ``symbolic-info derive`` spends most of its second importing SymPy and
the topic modules; the derivation itself takes a few hundredths of a second.
The same request (entry, parameters as given, units, digits, format) made with
the same code gives the same text, so the finished output is stored under a
key made of the request and the code's fingerprint
(:func:`symbolic_info.disk_cache.fingerprint`: this package's source
and the SymPy, mpmath, gmpy2 and Python versions).  A repeated request is then
answered without SymPy; any change of the code or of the versions gives a new
key, so a stale result is never shown.  Only what the project's own derivation
printed is stored (a derivation whose steps were checked and whose result was
verified, or an honest "not verified"), never an error.

The files live in ``$SYMBOLIC_INFO_CACHE_DIR/derivations`` (default
``~/.cache/symbolic_info/derivations``), at most :data:`MAX_FILES` of them;
``SYMBOLIC_INFO_CACHE=off`` turns the cache off and ``symbolic-info derive
--fresh`` computes anew (steps included) and stores the new result.
``SYMBOLIC_INFO_DERIVATION_CACHE=off`` turns off this cache alone (neither read nor
written) and leaves the step cache and the quadrature nodes on, so a benchmark that
repeats a request measures the work of deriving, not a file read
(``benchmarks/bench_precision.py`` sets it).

Example
-------
>>> request = {"name": "entropy/normal", "params": {"sigma": "2"}, "units": None,
...            "dps": 50, "format": "json"}
>>> key(request) == key(dict(reversed(request.items())))
True
>>> key(request) == key({**request, "dps": 60})
False
"""

from __future__ import annotations

import hashlib
import json
import os

from .. import disk_cache

__all__ = ["key", "load", "store", "active", "REQUEST_FIELDS", "MAX_FILES", "MAX_CHARS",
           "SWITCH"]

SWITCH = "SYMBOLIC_INFO_DERIVATION_CACHE"
"""The variable that turns this cache alone off (``off``, ``0``, ``no``)."""

REQUEST_FIELDS = ("name", "params", "units", "dps", "format")
"""What the printed derivation depends on besides the code (not the time limit)."""
MAX_FILES = 2_000
"""Upper bound on stored derivations (older ones are pruned first)."""
MAX_CHARS = 200_000
"""Outputs longer than this are not stored (with MAX_FILES: at most about 400 MB on disk;
the longest catalog derivation, as a LaTeX document, is a few tens of kB)."""

_STORE = disk_cache.DiskStore("derivations", MAX_FILES)


def _canonical(request: dict) -> str | None:
    """The request's fields as canonical JSON, or ``None`` when they are not plain data."""
    try:
        return json.dumps({f: request[f] for f in REQUEST_FIELDS}, sort_keys=True,
                          ensure_ascii=True)
    except (KeyError, TypeError, ValueError):
        return None


def key(request: dict) -> str | None:
    """The content address of ``request`` with this code (hex SHA-256), or ``None``."""
    text = _canonical(request)
    if text is None:
        return None
    return hashlib.sha256(f"{disk_cache.fingerprint()}\n{text}".encode()).hexdigest()


def active() -> bool:
    """Whether this cache is in use: not switched off by :data:`SWITCH` (the mode of
    ``SYMBOLIC_INFO_CACHE`` still applies on top)."""
    return os.environ.get(SWITCH, "on").strip().lower() not in ("off", "0", "no")


def load(request: dict) -> str | None:
    """The output stored for ``request`` with this code, or ``None``."""
    if not (disk_cache.reading() and active()):
        return None
    address = key(request)
    data = _STORE.load(address) if address else None
    if not data or data.get("request") != _canonical(request):
        return None
    output = data.get("output")
    return output if isinstance(output, str) else None


def store(request: dict, output: str) -> None:
    """Remember ``output`` as the answer to ``request`` (errors are ignored).

    Nothing is stored when the package's source changed while the answer was computed (an
    edit or a checkout meanwhile): the child that printed it may have run the new code,
    and the key names the code this process started with."""
    address = key(request)
    if address is None or not (disk_cache.enabled() and active()) or len(output) > MAX_CHARS:
        return
    if disk_cache.source_fingerprint(disk_cache.PACKAGE) != disk_cache.fingerprint():
        return
    _STORE.store(address, {"request": _canonical(request), "output": output})
