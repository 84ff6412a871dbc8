"""The landing page's first formula is not held up by elements the browser loads slowly.

A browser profile of the landing page (Chrome DevTools profiler in headless Chromium,
2026-12-01) showed half a second of main-thread JavaScript spent on Streamlit's syntax
highlighter, a 1.5 MB chunk that ``st.code`` pulls in, before KaTeX drew the first formula.
The value, the reference and the evaluated closed form are therefore shown with
``st.text`` (a 1.4 kB chunk, no Markdown parsing, 16 px on a projector).  Each test fails
on the code before the change (``st.code`` for the three).
"""

from pathlib import Path

import mpmath
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
M = mpmath.MPContext()
M.dps = 60


def gaussian_entropy():
    """Cover & Thomas, Example 8.1.2, sigma = 1: (1/2) ln(2 pi e)."""
    return M.log(2 * M.pi * M.e) / 2


@pytest.fixture(scope="module")
def landing():
    return AppTest.from_file(APP, default_timeout=900).run()


def test_landing_page_uses_no_syntax_highlighted_code(landing):
    assert not landing.exception
    assert not landing.code, "st.code loads a 1.5 MB chunk before the first formula"


def test_value_reference_and_closed_form_are_shown_as_plain_digits(landing):
    shown = [el.value for el in landing.text]
    assert len(shown) == 3  # value, reference, closed form evaluated
    for text in shown:
        assert abs(M.mpf(text) - gaussian_entropy()) < M.mpf(10) ** -45
        assert len(text.replace(".", "").lstrip("0")) == 50


def test_a_wrong_value_would_be_noticed(landing):
    """Negative control: the digits compared above are the page's, not a constant."""
    value = landing.text[0].value
    wrong = value[:-1] + ("1" if value[-1] != "1" else "2")
    assert abs(M.mpf(wrong) - gaussian_entropy()) > M.mpf(10) ** -52
