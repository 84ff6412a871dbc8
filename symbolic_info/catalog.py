"""The registry of named derivations and the public ``derive`` call.

Example
-------
>>> from symbolic_info import catalog, derive
>>> "entropy/normal" in catalog()
True
>>> derive("entropy/normal", sigma="1").verification.ok
True
"""

from __future__ import annotations

import importlib
import numbers
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING

from .core import Derivation, DerivationError, shorten

if TYPE_CHECKING:
    from .engine.run import Entry

# The engine, the topic modules and with them SymPy and mpmath are imported on first use,
# so that ``import symbolic_info``, ``symbolic-info --help`` and ``list`` stay light.

__all__ = ["catalog", "entry", "find", "derive", "parse_params", "clear_cache", "topic_entries",
           "GROUPS", "TOPICS", "CACHE_SIZE"]

GROUPS = ("entropy", "divergence", "discrete", "two variables", "channels", "coding",
          "machine learning", "limits", "maximum entropy")
"""Display order of the catalog's groups."""

MAX_NAME = 200
"""Longest name compared against the catalog for suggestions."""

CACHE_SIZE = 256
"""How many finished derivations :func:`derive` keeps (least recently used go first)."""

_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


TOPICS = ("entropy", "divergence", "mvnormal", "discrete_entropy", "twovar",
          "discrete_divergence", "binary_entropy", "stirling", "maxent_discrete",
          "maxent_continuous", "custom", "message", "information_gain", "capacity", "huffman",
          "quantised", "logits", "elbo")
"""The topic modules of :mod:`symbolic_info.measures` whose ``ENTRIES`` make the catalog."""


@lru_cache(maxsize=64)
def _topic_table(topic: str):
    """One topic module's entries by name: its ``ENTRY_TABLE`` when it has one (a mapping
    that builds each entry on its first lookup, :mod:`symbolic_info.lazy_table`), else a
    dict of its ``ENTRIES`` (imports that module only)."""
    if topic not in TOPICS:
        raise DerivationError(f"unknown topic '{shorten(topic, 40)}'")
    module = importlib.import_module(f"{__package__}.measures.{topic}")
    table = getattr(module, "ENTRY_TABLE", None)
    return table if table is not None else {e.name: e for e in module.ENTRIES}


@lru_cache(maxsize=64)
def topic_entries(topic: str) -> dict:
    """The entries of one topic module by name (imports that module only).

    >>> sorted(topic_entries("stirling"))[:1]
    ['stirling/binomial']
    """
    return dict(_topic_table(topic))


@lru_cache(maxsize=1)
def _entries() -> dict:
    """Every entry of the topic modules (imported here, on first use, to keep start-up fast)."""
    found = {name: e for topic in TOPICS for name, e in topic_entries(topic).items()}
    return dict(sorted(found.items(), key=lambda kv: (GROUPS.index(kv[1].group), kv[0])))


def catalog() -> dict:
    """All entries by name, grouped in :data:`GROUPS` order."""
    return _entries()


def find(name: str) -> Entry | None:
    """The entry called ``name`` when the generated index lists it, else ``None``; imports
    only that entry's topic module (a request that delegates to ``entropy/geometric`` then
    does not import all of them: 0.7 s of CPU of a cold ``information-in-message``).

    >>> find("entropy/exponential").name, find("entropy/no-such-family")
    ('entropy/exponential', None)
    """
    from .listing import topics

    table = topics()
    topic = table.get(name)  # the generated index: import only the module of this entry
    if topic in TOPICS and name in _topic_table(topic):  # and build only this entry
        return _topic_table(topic)[name]
    if topic is not None or not table:  # a wrong module named, or no table: the registry
        return _entries().get(name)
    return None


def entry(name: str) -> Entry:
    """The entry called ``name``, or a DerivationError listing close names."""
    if not isinstance(name, str):
        raise DerivationError(f"the derivation name must be text such as 'entropy/normal', "
                              f"not {shorten(repr(name), 30)}")
    found = find(name)
    if found is not None:
        return found
    entries = _entries()
    if name in entries:
        return entries[name]
    import difflib

    close = difflib.get_close_matches(name[:MAX_NAME], entries, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see 'symbolic-info list'"
    raise DerivationError(f"unknown derivation '{shorten(name)}'{hint}")


def _precision(dps) -> int:
    """``dps`` as an int: any integer type; bool, float, text and the rest are refused."""
    if isinstance(dps, bool) or not isinstance(dps, numbers.Integral):
        from .engine.run import MAX_DPS, MIN_DPS

        raise DerivationError(f"dps must be a whole number of digits ({MIN_DPS}..{MAX_DPS}), "
                              f"not the {type(dps).__name__} {shorten(repr(dps), 30)}")
    return int(dps)


def _units(units):
    if units is not None and not isinstance(units, str):
        raise DerivationError(f"units must be 'nats' or 'bits', not the {type(units).__name__} "
                              f"{shorten(repr(units), 30)}")
    return units


def parse_params(e: Entry, params: dict) -> dict:
    """Parse and validate ``name -> text`` (or exact values) for entry ``e``."""
    return {k: e.param(k).parse(v) for k, v in params.items()}


def derive(name: str, units: str | None = None, dps: int = 50, **params) -> Derivation:
    """Derive, check and verify the catalog entry ``name``.

    Parameters are given as text (``sigma="3/2"``, ``p="0.35"``) or exact
    numbers; parameters left out stay symbolic.  ``units`` defaults to the
    entry's own (nats, or bits for binary entropy).  The bare names
    ``entropy``, ``kl`` and ``cross-entropy`` take distributions as text
    (``X="3*x^2 on [0, 1]"``) and ``assume=["theta > 0"]`` (see
    :mod:`symbolic_info.measures.custom`).

    >>> derive("entropy/exponential", units="bits", **{"lambda": "1"}).value[:6]
    '1.4426'
    """
    e = entry(name)
    dps, units = _precision(dps), _units(units)
    if getattr(e, "specialise", None) is not None:  # a bare name taking distributions
        e, params = e.specialise(params)
    values = parse_params(e, params)
    order = [p.name for p in e.params]  # the entry's own order, whatever order they came in
    values = dict(sorted(values.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                         else len(order)))
    given = tuple(sorted((k, repr(v)) for k, v in values.items()))
    key = (name, units or e.default_units, dps, given)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    from .engine.run import run

    derivation = run(e, values, units, dps)
    with _cache_lock:
        _cache[key] = derivation
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return derivation


def clear_cache() -> None:
    """Forget finished derivations (step checks stay cached per entry)."""
    with _cache_lock:
        _cache.clear()
