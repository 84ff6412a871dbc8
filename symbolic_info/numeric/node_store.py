"""Quadrature nodes kept on disk between processes.

A fresh ``symbolic-info derive NAME --dps 1000`` spends about a quarter of its reference
quadrature generating double-exponential nodes (one ``exp`` at 3400 bits per node, some
11,000 nodes).  They depend only on the rule, the level, the side and the precision, so
they are stored once and read back (a few milliseconds) by later processes.

Files live in ``$SYMBOLIC_INFO_CACHE_DIR/nodes`` (default ``~/.cache/symbolic_info/nodes``)
beside the step cache, under a folder named by the hash of the code that generates the
nodes (a change of the rule never reads old nodes), and are off with
``SYMBOLIC_INFO_CACHE=off``.  Each file carries the SHA-256 of its payload: a truncated
or altered file is ignored (and regenerated), never trusted.  The format is plain
integers (no pickle: nothing in the cache is executed).  At most :data:`MAX_BYTES` are
written in all.

Example
-------
>>> import tempfile, os
>>> from unittest import mock
>>> from symbolic_info.numeric.node_store import load, save
>>> env = {"SYMBOLIC_INFO_CACHE": "on", "SYMBOLIC_INFO_CACHE_DIR": tempfile.mkdtemp()}
>>> nodes = [((0, 1, 0, 1), (0, 3, -1, 2), (1, 5, -3, 3))]  # (t, y, w): 1, 3/2, -5/8
>>> with mock.patch.dict(os.environ, env):
...     save("demo", ("finite", 100, 0, 1), nodes)
...     load("demo", ("finite", 100, 0, 1)) == nodes
True
"""

from __future__ import annotations

import hashlib
import shutil
import struct
from pathlib import Path

from ..disk_cache import enabled, prune_temporary, reading, root, write_atomic

__all__ = ["directory", "load", "save", "MAX_BYTES"]

MAX_BYTES = 256 * 2**20
"""Upper bound on the bytes of node files written (beyond it nothing more is stored)."""

_MAGIC = b"SINODES1"
_HEAD = struct.Struct("<bqI")  # sign, exponent, bit count of one mpf


def directory() -> Path:
    """Where node files live: ``nodes`` beside the step cache."""
    return root() / "nodes"


def _path(version: str, key: tuple) -> Path:
    return directory() / version / ("_".join(str(k) for k in key) + ".bin")


def _encode(nodes: list) -> bytes:
    out = []
    for node in nodes:
        for sign, man, exp, bc in node:
            raw = int(man).to_bytes((int(bc) + 7) // 8, "little")
            out.append(_HEAD.pack(sign, exp, bc) + raw)
    return b"".join(out)


def _decode(payload: bytes, width: int) -> list:
    from mpmath.libmp import MPZ

    numbers, at = [], 0
    while at < len(payload):
        sign, exp, bc = _HEAD.unpack_from(payload, at)
        at += _HEAD.size
        n = (bc + 7) // 8
        numbers.append((sign, MPZ(int.from_bytes(payload[at:at + n], "little")), exp, bc))
        at += n
    if len(numbers) % width:
        raise ValueError("node file cut short")
    return [tuple(numbers[i:i + width]) for i in range(0, len(numbers), width)]


def load(version: str, key: tuple, width: int = 3) -> list | None:
    """The nodes stored under ``key`` (tuples of ``width`` raw mpf tuples), or ``None``
    (also in the mode ``refresh``: ``derive --fresh`` trusts nothing stored)."""
    if not reading():
        return None
    try:
        data = _path(version, key).read_bytes()
        if data[:8] != _MAGIC or hashlib.sha256(data[40:]).digest() != data[8:40]:
            return None
        return _decode(data[40:], width)
    except (OSError, ValueError, struct.error):
        return None


def save(version: str, key: tuple, nodes: list) -> None:
    """Store ``nodes`` under ``key`` atomically; errors and a full store are ignored.

    A stored list at least as long is kept: the lists of one key are prefixes of one
    sequence, and two processes that grew them (the pieces of a quadrature on two cores)
    must not replace a longer list by a shorter one."""
    if not enabled() or not nodes:
        return
    folder = directory() / version
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.parent.iterdir():  # nodes of another rule are never read again
            if old.is_dir() and old.name != version:
                shutil.rmtree(old, ignore_errors=True)
        prune_temporary(folder)
        used = sum(p.stat().st_size for p in folder.glob("*.bin"))
        payload = _encode(nodes)
        if used + len(payload) > MAX_BYTES:
            return
        path = _path(version, key)
        if path.exists() and path.stat().st_size >= len(_MAGIC) + 32 + len(payload):
            return  # a list at least as long is stored (by another process): keep it
        write_atomic(path, _MAGIC + hashlib.sha256(payload).digest() + payload)
    except OSError:
        return
