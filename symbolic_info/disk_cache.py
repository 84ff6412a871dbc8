"""The on-disk, content-addressed store shared by the step and derivation caches.

Light on purpose (no SymPy, no mpmath): a fresh ``symbolic-info derive`` reads it
before deciding whether it needs the engine at all.

A cache file is one JSON object named by its key (a hex SHA-256).  Every key
starts from :func:`fingerprint`: the source of every module of this package
together with the installed SymPy, mpmath and gmpy2 versions and the Python
version, so any change of the code gives new keys and nothing stale is ever
reused.  The caches live under ``$SYMBOLIC_INFO_CACHE_DIR`` (default
``~/.cache/symbolic_info``), one folder per kind, each keeping at most its
``max_files`` newest files.  ``SYMBOLIC_INFO_CACHE`` chooses the mode:

- ``on`` (the default): read and write;
- ``off`` (also ``0``, ``no``): neither read nor write;
- ``refresh``: compute everything anew and write the results (what
  ``symbolic-info derive --fresh`` sets for its own work).

Unreadable or unwritable caches are ignored.

Example
-------
>>> store = DiskStore("examples", max_files=10)
>>> store.folder().name
'examples'
>>> len(fingerprint())
64
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

__all__ = ["DiskStore", "mode", "enabled", "reading", "root", "fingerprint", "write_atomic",
           "source_fingerprint", "MODES", "PACKAGE"]

MODES = ("on", "off", "refresh")
"""The values of ``SYMBOLIC_INFO_CACHE`` (``0`` and ``no`` mean ``off``)."""
PRUNE_CHANCE = 0.02
"""Chance that a write also prunes its folder down to ``max_files``."""


def mode() -> str:
    """``"on"``, ``"off"`` or ``"refresh"``, from ``SYMBOLIC_INFO_CACHE`` (default ``on``)."""
    value = os.environ.get("SYMBOLIC_INFO_CACHE", "on").strip().lower()
    if value in ("off", "0", "no"):
        return "off"
    return "refresh" if value == "refresh" else "on"


def enabled() -> bool:
    """Whether results are written (``on`` or ``refresh``)."""
    return mode() != "off"


def reading() -> bool:
    """Whether cached results may answer (``on`` only)."""
    return mode() == "on"


def root() -> Path:
    """``$SYMBOLIC_INFO_CACHE_DIR``, or ``~/.cache/symbolic_info``."""
    given = os.environ.get("SYMBOLIC_INFO_CACHE_DIR")
    return Path(given) if given else Path.home() / ".cache" / "symbolic_info"


def _installed(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


PACKAGE = Path(__file__).resolve().parent
"""This package's folder, whose source :func:`fingerprint` hashes."""


def source_fingerprint(package: Path) -> str:
    """Hash of the ``*.py`` files under ``package`` (paths and contents) and of the SymPy,
    mpmath, gmpy2 and Python versions.

    >>> source_fingerprint(PACKAGE) == fingerprint()
    True
    """
    versions = [f"{n} {_installed(n)}" for n in ("sympy", "mpmath", "gmpy2")]
    versions.append("python " + ".".join(map(str, sys.version_info[:2])))
    digest = hashlib.sha256("\n".join(versions).encode())
    for path in sorted(Path(package).rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """:func:`source_fingerprint` of this package, computed once per process."""
    return source_fingerprint(PACKAGE)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in its folder and a rename, so a
    reader sees the old file or the whole new one; the temporary file is removed when the
    write fails (``OSError`` is raised to the caller)."""
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as f:
        name = f.name
    try:
        Path(name).write_bytes(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


STALE_TEMP_SECONDS = 3600.0
"""A temporary file older than this was left by a killed writer: pruning removes it."""


def prune_temporary(folder: Path) -> None:
    """Delete the ``*.tmp`` files a killed writer left in ``folder`` (older than
    :data:`STALE_TEMP_SECONDS`)."""
    import time

    for tmp in folder.glob("*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink(missing_ok=True)
        except OSError:
            continue


class DiskStore:
    """One folder of cache files under :func:`root`, at most ``max_files`` of them.

    >>> DiskStore("steps", 100).max_files
    100
    """

    def __init__(self, name: str, max_files: int):
        self.name = name
        self.max_files = max_files

    def folder(self) -> Path:
        """The folder of this store (read from the environment at each call)."""
        return root() / self.name

    def load(self, key: str) -> dict | None:
        """The object stored under ``key``, or ``None`` (also when the mode is not ``on``)."""
        if not reading():
            return None
        try:
            data = json.loads((self.folder() / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def store(self, key: str, data: dict) -> None:
        """Write ``data`` under ``key`` atomically (unless the mode is ``off``; errors ignored)."""
        if not enabled():
            return
        folder = self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / f"{key}.json", json.dumps(data).encode("utf-8"))
            if random.random() < PRUNE_CHANCE:
                self.prune()
        except (OSError, TypeError, ValueError):
            return

    def prune(self) -> None:
        """Delete the oldest files beyond ``max_files`` and any stale temporary file."""
        prune_temporary(self.folder())
        files = sorted(self.folder().glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in files[: max(0, len(files) - self.max_files)]:
            old.unlink(missing_ok=True)
