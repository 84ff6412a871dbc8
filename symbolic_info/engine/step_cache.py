"""A persistent, content-addressed cache of step checks.

A fresh process (one ``symbolic-info derive`` call) would otherwise re-check
every step of the entry it derives.  A step's check depends only on the
step, the densities serving its expectations, the sample points, the
precision and the code that checks it, so the key is a SHA-256 over all of
these: the ``srepr`` of every expression, and the fingerprint of the code
(:func:`symbolic_info.disk_cache.fingerprint`: the source of every
module of this package with the SymPy and mpmath versions).  Any change to
the code or to a step gives a new key; nothing stale is ever reused.

The cache lives in ``$SYMBOLIC_INFO_CACHE_DIR/steps`` (default
``~/.cache/symbolic_info/steps``), keeps at most :data:`MAX_FILES` entries, and is
off when ``SYMBOLIC_INFO_CACHE=off`` (``refresh`` checks anew and writes).
Unreadable or unwritable caches are ignored.

Example
-------
>>> import sympy as sp
>>> key = step_key(sp.Integer(2), sp.Integer(1) + 1, {}, [], 50)
>>> len(key)
64
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, fields
from pathlib import Path

import sympy as sp
from sympy.printing.repr import ReprPrinter

from .. import disk_cache
from ..core import Check

__all__ = ["step_key", "load", "store", "enabled", "directory", "MAX_FILES"]

MAX_FILES = 20_000
"""Upper bound on cached checks (older ones are pruned first)."""

_STORE = disk_cache.DiskStore("steps", MAX_FILES)


def enabled() -> bool:
    """Whether checks are written to the cache (``SYMBOLIC_INFO_CACHE`` is not ``off``)."""
    return disk_cache.enabled()


def directory() -> Path:
    return _STORE.folder()


class _KeyPrinter(ReprPrinter):
    """``srepr`` with integers in hexadecimal: Python refuses ``str()`` of an int of more
    than 4,300 digits (``125^2500`` in a Gamma mixture's step), ``hex()`` has no limit."""

    def _print_Integer(self, expr):
        return f"Integer({hex(expr.p)})"

    def _print_Rational(self, expr):
        return f"Rational({hex(expr.p)}, {hex(expr.q)})"


_PRINTER = _KeyPrinter({"order": "none"})  # canonical order: no sorting of long sums


def _describe(value) -> str:
    if isinstance(value, sp.Basic):
        return _PRINTER.doprint(value)
    if type(value) is int:
        return hex(value)
    if isinstance(value, dict):
        items = sorted((_describe(k), _describe(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_describe(v) for v in value) + ")"
    if hasattr(value, "__dataclass_fields__"):
        return type(value).__name__ + _describe({f.name: getattr(value, f.name)
                                                 for f in fields(value)})
    return repr(value)


def step_key(lhs, rhs, densities: dict, points: list, dps: int) -> str:
    """The content address of checking ``lhs = rhs`` (hex SHA-256)."""
    text = "\n".join((disk_cache.fingerprint(), _describe(lhs), _describe(rhs),
                      _describe(densities), _describe(points), str(dps)))
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str) -> Check | None:
    """The cached check for ``key``, or ``None``."""
    data = _STORE.load(key)
    try:
        data["points"] = tuple(data["points"])
        return Check(**data)
    except (TypeError, KeyError):
        return None


def store(key: str, check: Check) -> None:
    """Remember ``check`` under ``key`` (atomically; errors are ignored)."""
    _STORE.store(key, asdict(check))
