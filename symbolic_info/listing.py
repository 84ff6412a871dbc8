"""The catalog's table of contents without SymPy: what ``symbolic-info list`` prints.

The registry (:func:`symbolic_info.catalog.catalog`) is the one source of
truth, but building it imports SymPy, mpmath and every topic module (about a
second in a fresh process).  ``list`` only needs each entry's name, title,
group, parameter names and units, so it reads them from
``catalog_index.json``, a table *generated from the registry* and shipped in
the package; the table also names each entry's topic module, so that deriving
one entry imports only its module.  After adding or renaming an entry (or changing a title or a
parameter), regenerate it with::

    python -m symbolic_info.listing

A test (``tests/test_listing.py``) fails while the table differs from the
registry, and :func:`rows` falls back to the registry when the table is
missing or unreadable.

Example
-------
>>> "entropy/normal" in [r["name"] for r in rows()]
True
>>> rows() == registry_rows()
True
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["rows", "registry_rows", "index_rows", "topics", "write", "INDEX", "FIELDS",
           "INDEX_FIELDS"]

INDEX = Path(__file__).with_name("catalog_index.json")
"""The generated table, one object per entry in the registry's order."""
FIELDS = ("name", "title", "group", "params", "units")
"""The fields of a row: those of ``symbolic-info list --format json``."""
INDEX_FIELDS = (*FIELDS, "topic")
"""The fields of a row of the table: also the topic module that defines the entry, so that
deriving one entry imports that module only (:func:`symbolic_info.catalog.entry`)."""


def registry_rows() -> list:
    """The rows computed from the registry itself (imports SymPy and every topic module)."""
    from .catalog import catalog

    return [{"name": e.name, "title": e.title, "group": e.group,
             "params": [p.name for p in e.params], "units": e.default_units}
            for e in catalog().values()]


def index_rows() -> list:
    """The rows of the table, generated from the registry: :func:`registry_rows` with each
    entry's topic module."""
    from .catalog import TOPICS, topic_entries

    topic_of = {name: t for t in TOPICS for name in topic_entries(t)}
    return [{**r, "topic": topic_of[r["name"]]} for r in registry_rows()]


def _table() -> list | None:
    """The shipped table, or ``None`` when it is missing, unreadable or of another shape."""
    try:
        table = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(table, list) or not all(
            isinstance(r, dict) and tuple(r) == INDEX_FIELDS for r in table):
        return None
    return table


def rows() -> list:
    """The rows of the shipped table, or of the registry when the table cannot be read."""
    table = _table()
    if table is None:
        return registry_rows()
    return [{k: r[k] for k in FIELDS} for r in table]


def topics() -> dict:
    """Entry name -> its topic module, from the shipped table (empty when it cannot be read).

    >>> topics()["entropy/normal"]
    'entropy'
    """
    return {r["name"]: r["topic"] for r in _table() or ()}


def write(path: Path = INDEX) -> Path:
    """Write the table generated from the registry to ``path``; returns the path."""
    lines = (json.dumps(r, ensure_ascii=False) for r in index_rows())
    text = "[\n" + ",\n".join(lines) + "\n]\n"  # one entry a line: readable diffs
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


if __name__ == "__main__":  # pragma: no cover - the regeneration command
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else INDEX))
