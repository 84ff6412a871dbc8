"""The app's pages, for ``st.navigation`` in ``app.py``.

Core pages are always there; optional pages (the checker's "Check your
work" and "Exercises") are listed in :data:`OPTIONAL_PAGES` and join the
navigation only when their module can be imported.  Adding a page is adding
a row; there are no placeholder pages.

Example
-------
>>> [p.title for p in page_specs()][:1]
['Derivations']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from .about_page import about_page
from .derivations_page import derivations_page

__all__ = ["PageSpec", "OPTIONAL_PAGES", "page_specs", "pages"]


@dataclass(frozen=True)
class PageSpec:
    """A page: its function, title, icon and URL path."""

    function: Callable
    title: str
    icon: str
    url_path: str
    default: bool = False


OPTIONAL_PAGES = (
    ("symbolic_info.web.check_page", "check_page", "Check your work",
     ":material/fact_check:", "check"),
    ("symbolic_info.web.exercises_page", "exercises_page", "Exercises",
     ":material/school:", "exercises"),
)
"""``(module, function, title, icon, url_path)`` of pages that exist only when installed."""


def _optional(module: str, function: str) -> Callable | None:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:  # the page exists but is broken: say so
            raise
        return None
    return getattr(mod, function)


def page_specs() -> list:
    """Derivations (the landing page), the optional pages that exist, then About."""
    specs = [PageSpec(derivations_page, "Derivations", ":material/functions:", "derivations",
                      default=True)]
    for module, function, title, icon, path in OPTIONAL_PAGES:
        fn = _optional(module, function)
        if fn is not None:
            specs.append(PageSpec(fn, title, icon, path))
    specs.append(PageSpec(about_page, "About", ":material/info:", "about"))
    return specs


def pages() -> list:
    """The ``st.Page`` objects for :func:`page_specs`."""
    return [st.Page(s.function, title=s.title, icon=s.icon, url_path=s.url_path,
                    default=s.default) for s in page_specs()]
