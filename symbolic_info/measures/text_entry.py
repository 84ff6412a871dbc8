"""Bare measure names whose parameters are texts (``information-in-message``, ``information-gain``).

:func:`text_entry` makes the catalog's :class:`~.custom.LanguageEntry` for a name
taking exactly the texts ``roles``: a request with one missing or an unknown
name is refused in one line, and ``make(*texts)`` builds the entry of the
request (each module caches its own).

Example
-------
>>> e = text_entry("demo", "Demo", "entropy", {"X": ("a distribution", "normal(0, 1)")},
...                "a demo", lambda x: None, "--param X=normal(0,1)")
>>> [p.name for p in e.params]
['X']
"""

from __future__ import annotations

from collections.abc import Callable

from ..core import DerivationError
from ..engine.run import Entry
from .custom import LanguageEntry, TextParam

__all__ = ["text_param", "text_entry", "fixed_entry"]


def text_param(name: str, what: str, default: str) -> TextParam:
    """A parameter whose value is text (``what`` says which kind, for messages)."""
    return TextParam(name, what, f"{name} is {what}", lambda v: True, lambda rng: default,
                     default)


def text_entry(name: str, title: str, group: str, roles: dict, summary: str,
               make: Callable, example: str) -> LanguageEntry:
    """The bare entry ``name`` taking the texts ``roles`` (``role -> (what, default)``)."""
    names = tuple(roles)

    def specialise(params: dict) -> tuple:
        missing = [r for r in names if r not in params]
        if missing:
            raise DerivationError(f"{name} needs {' and '.join(missing)} (e.g. {example})")
        extra = sorted(k for k in params if k not in names)
        if extra:
            raise DerivationError(f"{name} takes only {' and '.join(names)}, not "
                                  f"{', '.join(extra)}")
        texts = [TextParam(r, "", "", None, None, "").parse(params[r]) for r in names]
        return make(*texts), params

    def build(_s):
        raise DerivationError(f"{name} needs {' and '.join(names)}")

    return LanguageEntry(name=name, title=title, group=group,
                         params=tuple(text_param(r, w, d) for r, (w, d) in roles.items()),
                         build=build, summary=summary, specialise=specialise)


def fixed_entry(name: str, title: str, group: str, texts: dict, draft) -> Entry:
    """The entry of one request: its texts (``role -> (what, text)``) fixed, its draft built."""
    params = tuple(text_param(r, w, t) for r, (w, t) in texts.items())
    return Entry(name=name, title=title, group=group, params=params, build=lambda _s: draft,
                 summary=title, bind=lambda _values: {})
