"""The catalog's table of contents without SymPy: what ``symbolic-info list`` prints.

The registry (:func:`symbolic_info.catalog.catalog`) is the one source of
truth, but building it imports SymPy, mpmath and every topic module (about a
second in a fresh process).  ``list`` only needs each entry's name, title,
group, parameter names and units, so it reads them from
``catalog_index.json``, a table *generated from the registry* and shipped in
the package.  After adding or renaming an entry (or changing a title or a
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

__all__ = ["rows", "registry_rows", "write", "INDEX", "FIELDS"]

INDEX = Path(__file__).with_name("catalog_index.json")
"""The generated table, one object per entry in the registry's order."""
FIELDS = ("name", "title", "group", "params", "units")
"""The fields of a row: those of ``symbolic-info list --format json``."""


def registry_rows() -> list:
    """The rows computed from the registry itself (imports SymPy and every topic module)."""
    from .catalog import catalog

    return [{"name": e.name, "title": e.title, "group": e.group,
             "params": [p.name for p in e.params], "units": e.default_units}
            for e in catalog().values()]


def rows() -> list:
    """The rows of the shipped table, or of the registry when the table cannot be read."""
    try:
        table = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return registry_rows()
    if not isinstance(table, list) or not all(
            isinstance(r, dict) and tuple(r) == FIELDS for r in table):
        return registry_rows()
    return table


def write(path: Path = INDEX) -> Path:
    """Write the table generated from the registry to ``path``; returns the path."""
    lines = (json.dumps(r, ensure_ascii=False) for r in registry_rows())
    text = "[\n" + ",\n".join(lines) + "\n]\n"  # one entry a line: readable diffs
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


if __name__ == "__main__":  # pragma: no cover - the regeneration command
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else INDEX))
