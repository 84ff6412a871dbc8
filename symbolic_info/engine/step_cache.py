"""A persistent, content-addressed cache of step checks.

A fresh process (one ``symbolic-info derive`` call) would otherwise re-check
every step of the entry it derives.  A step's check depends only on the
step, the densities serving its expectations, the sample points, the
precision and the code that checks it, so the key is a SHA-256 over all of
these: the ``srepr`` of every expression, and the source of every module of
this package together with the SymPy and mpmath versions.  Any change to
the code or to a step gives a new key; nothing stale is ever reused.

The cache lives in ``$SYMBOLIC_INFO_CACHE_DIR`` (default
``~/.cache/symbolic_info``), keeps at most :data:`MAX_FILES` entries, and is
off when ``SYMBOLIC_INFO_CACHE=off``.  Unreadable or unwritable caches are
ignored.

Example
-------
>>> import sympy as sp
>>> key = step_key(sp.Integer(2), sp.Integer(1) + 1, {}, [], 50)
>>> len(key)
64
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path

import sympy as sp

from ..core import Check
from ..numeric.node_store import cache_root, enabled

__all__ = ["step_key", "load", "store", "enabled", "directory", "MAX_FILES"]

MAX_FILES = 20_000
"""Upper bound on cached checks (older ones are pruned first)."""


def directory() -> Path:
    return cache_root() / "steps"


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """Hash of this package's source and of the SymPy and mpmath versions."""
    import mpmath

    digest = hashlib.sha256(f"{sp.__version__} {mpmath.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _describe(value) -> str:
    if isinstance(value, sp.Basic):  # args in SymPy's canonical order: no sorting of long sums
        return sp.srepr(value, order="none")
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
    text = "\n".join((_fingerprint(), _describe(lhs), _describe(rhs), _describe(densities),
                      _describe(points), str(dps)))
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str) -> Check | None:
    """The cached check for ``key``, or ``None``."""
    if not enabled():
        return None
    try:
        data = json.loads((directory() / f"{key}.json").read_text())
        data["points"] = tuple(data["points"])
        return Check(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store(key: str, check: Check) -> None:
    """Remember ``check`` under ``key`` (atomically; errors are ignored)."""
    if not enabled():
        return
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False) as f:
            json.dump(asdict(check), f)
        os.replace(f.name, folder / f"{key}.json")
        if random.random() < 0.02:
            _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - MAX_FILES)]:
        old.unlink(missing_ok=True)
