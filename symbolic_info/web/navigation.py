"""The app's pages, for ``st.navigation`` in ``app.py``.

Every page is listed here explicitly; adding a page is adding a row to
:func:`page_specs`.

Example
-------
>>> [p.title for p in page_specs()]
['Derivations', 'Check your work', 'Exercises', 'About']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from .about_page import about_page
from .check_page import check_page
from .derivations_page import derivations_page
from .exercises_page import exercises_page

__all__ = ["PageSpec", "page_specs", "pages", "PAGE_ICON"]

PAGE_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
             '<path d="M50 8H14l20 24-20 24h36" fill="none" stroke="#31333f" '
             'stroke-width="7" stroke-linejoin="round"/></svg>')
"""The tab's icon, a sum sign drawn as a path: Streamlit sends SVG text as a ``data:`` URL,
so the browser asks no server for it.  (The text "∑" was taken for a file name: each page
load asked the server for ``/∑`` twice and got the app's HTML back, no icon.)"""


@dataclass(frozen=True)
class PageSpec:
    """A page: its function, title, icon and URL path."""

    function: Callable
    title: str
    icon: str
    url_path: str
    default: bool = False


def page_specs() -> list:
    """Derivations (the landing page), Check your work, Exercises, then About."""
    return [
        PageSpec(derivations_page, "Derivations", ":material/functions:", "derivations",
                 default=True),
        PageSpec(check_page, "Check your work", ":material/fact_check:", "check"),
        PageSpec(exercises_page, "Exercises", ":material/school:", "exercises"),
        PageSpec(about_page, "About", ":material/info:", "about"),
    ]


def pages() -> list:
    """The ``st.Page`` objects for :func:`page_specs`."""
    return [st.Page(s.function, title=s.title, icon=s.icon, url_path=s.url_path,
                    default=s.default) for s in page_specs()]
