"""Nodes and weights of the quadrature rules of :mod:`.quadrature`, cached per precision.

The double-exponential rules (tanh-sinh on a finite piece, exp-sinh and the light-tail rule
``y = exp(t - exp(-t))`` of Mori & Sugihara, J. Comput. Appl. Math. 127 (2001), section 4,
on a tail) take their nodes ``(t, y, w)`` for ``L = 1`` from :func:`nodes_at`; the nested
Clenshaw-Curtis rules theirs from :func:`cc_rule` (:mod:`.clenshaw_curtis`).  Both are kept
in memory for every precision, shared by all contexts and threads (under :data:`LOCK`), and
on disk (:mod:`.node_store`) from :data:`STORE_PREC` bits, where a fresh process reads them
instead of spending a quarter of its quadrature on them.

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> t, y, w = nodes_at("finite", 0, 1, 1, ctx)[0]   # t = 0: the middle of the piece
>>> ctx.make_mpf(y), ctx.nstr(ctx.make_mpf(w), 10)
(mpf('0.5'), '0.7853981634')
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from . import clenshaw_curtis, node_store

__all__ = ["LOCK", "NODE_GUARD", "STORE_PREC", "cc_rule", "next_epoch", "node_prec",
           "node_version", "nodes_at", "store_nodes"]

_NODES: dict = {}
_DIRTY: set = set()
LOCK = threading.Lock()
_EPOCH = [0]
"""Counts the quadratures shared with a child (:func:`next_epoch`): the child may have
stored longer node lists meanwhile, so each key's list is looked up on disk again once."""
_CHECKED: dict = {}


def _node(kind: str, t, et, ctx):
    """``(y, dy/dt)`` for ``L = 1`` at parameter ``t``, given ``et = exp(t)``."""
    if kind == "light":  # y = exp(t - exp(-t)) (Mori & Sugihara 2001, section 4)
        y = ctx.exp(t - 1 / et)
        return y, y * (1 + 1 / et)
    sinh, cosh = (et - 1 / et) / 2, (et + 1 / et) / 2
    if kind == "finite":  # y = 1/(1 + exp(-pi sinh t)), accurate as y -> 0
        u = ctx.exp(-ctx.pi * sinh)
        y = 1 / (1 + u)
        return y, ctx.pi * cosh * u * y * y
    y = ctx.exp(ctx.pi / 2 * sinh)  # exp-sinh: y = exp(pi/2 sinh t)
    return y, ctx.pi / 2 * cosh * y


NODE_GUARD = 40
"""Extra bits for node generation: ``exp(t)`` is advanced by multiplication from node
to node (one ``exp`` per node instead of three transcendental calls), which loses at
most ``log2(nodes)`` bits, under 16 for the largest levels."""


STORE_PREC = 512
"""Nodes for precisions of at least this many bits are generated at the next multiple of
it (a 1000-digit reference, 3359 bits, uses nodes of 3584 bits) and kept on disk
(:mod:`.node_store`): a few precisions serve every request, and a fresh process reads
them instead of spending a quarter of its quadrature on them."""


@lru_cache(maxsize=1)
def node_version() -> str:
    """The hash of the source of this module and of the Clenshaw-Curtis rules: nodes
    stored by other code are never read."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(clenshaw_curtis.__file__).read_bytes())
    return digest.hexdigest()[:16]


def node_prec(prec: int) -> int:
    return prec if prec < STORE_PREC else -(-prec // STORE_PREC) * STORE_PREC


def nodes_at(kind: str, level: int, side: int, count: int, ctx) -> list:
    """The first ``count`` nodes ``(t, y, w)`` of ``level`` on one side (raw, cached).

    Level 0 holds ``t = 0, h, 2h, ...`` with ``h = 1/2``; level ``j > 0`` the
    odd multiples of ``2^-(j+1)``.  ``side`` is +1 or -1 (level 0, side -1
    omits ``t = 0``).  Cached per working precision (rounded up to a multiple of
    :data:`STORE_PREC` bits from that size on, and then also on disk), shared by all
    contexts.
    """
    prec = node_prec(ctx.prec)
    key = (kind, prec, level, side)
    with LOCK:
        if prec >= STORE_PREC and (key not in _NODES or (
                len(_NODES[key]) < count and _CHECKED.get(key) != _EPOCH[0])):
            _CHECKED[key] = _EPOCH[0]  # first use, then once per epoch when it must grow
            stored = node_store.load(node_version(), key) or []
            if len(stored) > len(_NODES.get(key, ())):
                _NODES[key] = stored
        have = _NODES.setdefault(key, [])
        if len(have) < count:
            _DIRTY.add(key)
            with ctx.workprec(prec + NODE_GUARD):
                h = ctx.mpf(2) ** -(level + 1)
                first = len(have)
                if level == 0:
                    t = side * (first if side > 0 else first + 1) * h
                    step = side * h
                else:
                    t = side * (2 * first + 1) * h
                    step = side * 2 * h
                et, growth = ctx.exp(t), ctx.exp(step)
                for _k in range(first, count):
                    y, w = _node(kind, t, et, ctx)
                    have.append((ctx.mpf(t)._mpf_, y._mpf_, w._mpf_))
                    t += step
                    et *= growth
        return have[:count]


def store_nodes() -> None:
    """Write the node lists that grew in this process to disk (large precisions only)."""
    with LOCK:  # copy under the lock, write outside it (other threads keep going)
        dirty = [(k, list(_NODES[k])) for k in _DIRTY if k[1] >= STORE_PREC]
        _DIRTY.clear()
    for key, nodes in dirty:
        node_store.save(node_version(), key, nodes)



def next_epoch() -> None:
    """Mark that a child process may have stored longer node lists (after a quadrature
    shared with it): each list that must grow is looked up on disk again once."""
    with LOCK:
        _EPOCH[0] += 1


def cc_rule(n: int, ctx) -> list:
    """The ``n``-point Clenshaw-Curtis rule on ``[0, 1]`` at the nodes' precision (cached
    like the double-exponential nodes, and on disk, though a fast transform makes them cheap)."""
    prec = node_prec(ctx.prec)
    key = ("cc", prec, n, 0)
    with LOCK:
        if key not in _NODES:
            _NODES[key] = node_store.load(node_version(), key) or []
        if len(_NODES[key]) != n + 1:
            _NODES[key] = clenshaw_curtis.nodes_weights(n, prec)
            _DIRTY.add(key)
        return _NODES[key]

