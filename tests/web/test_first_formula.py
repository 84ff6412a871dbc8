"""The landing page's first formula is not held up by elements the browser loads slowly.

A browser profile of the landing page (``/tmp``-only probe with the Chrome DevTools
profiler, 2026-12-01) showed half a second of main-thread JavaScript spent on Streamlit's
syntax highlighter, a 1.5 MB chunk that ``st.code`` pulls in, before KaTeX drew the first
formula.  Values are therefore shown as Markdown code spans (:func:`code_span`), which need
only the Markdown renderer the formulas need anyway.  Each test fails on the code before
the change (``st.code`` for the value, the reference and the evaluated closed form).
"""

import re
from pathlib import Path

import mpmath
import pytest
from streamlit.testing.v1 import AppTest

from symbolic_info.web.view import code_span

APP = str(Path(__file__).resolve().parents[2] / "app.py")
M = mpmath.MPContext()
M.dps = 60


def spans(at) -> list:
    """The texts of the page's Markdown elements that are one code span each."""
    out = []
    for el in at.markdown:
        m = re.fullmatch(r"(`+)( ?)(.*?)\2\1", el.value, flags=re.S)
        if m and "`" * len(m.group(1)) not in m.group(3):
            out.append(m.group(3))
    return out


@pytest.fixture(scope="module")
def landing():
    return AppTest.from_file(APP, default_timeout=900).run()


def test_landing_page_uses_no_syntax_highlighted_code(landing):
    assert not landing.exception
    assert not landing.code, "st.code loads a 1.5 MB chunk before the first formula"


def test_value_reference_and_closed_form_are_shown_as_digits(landing):
    value, reference, closed = spans(landing)[:3]
    truth = M.log(2 * M.pi * M.e) / 2  # Cover & Thomas, Example 8.1.2, sigma = 1
    for text in (value, reference, closed):
        assert abs(M.mpf(text) - truth) < M.mpf(10) ** -45
        assert len(text.replace(".", "").lstrip("0")) == 50


def test_a_wrong_value_would_be_noticed(landing):
    """Negative control: the digits compared above are the page's, not a constant."""
    value = spans(landing)[0]
    wrong = value[:-1] + ("1" if value[-1] != "1" else "2")
    assert abs(M.mpf(wrong) - M.log(2 * M.pi * M.e) / 2) > M.mpf(10) ** -52


def read_code_span(md: str) -> str:
    """The text CommonMark 0.31 (section 6.1) shows for ``md`` when it is one code span: it
    opens with a run of n backticks and closes with a run of exactly n, with no such run in
    between; one space is stripped from each end when both ends have one (and not only
    spaces are inside)."""
    fence = re.match(r"`+", md).group(0)
    n = len(fence)
    assert len(md) > 2 * n and md.endswith(fence) and md[-n - 1] != "`"
    inner = md[n:-n]
    assert all(len(run) != n for run in re.findall(r"`+", inner))
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner


@pytest.mark.parametrize("text", ["1.5", "-2.0e-300", "a`b", "``x", "y`", "`", "a ``` b",
                                  " lead", "  both  "])
def test_code_span_shows_any_text_verbatim(text):
    assert read_code_span(code_span(text)) == text


def test_a_plain_backtick_quote_would_be_caught():
    """Negative control: quoting with one backtick each side breaks on a backtick inside."""
    with pytest.raises(AssertionError):
        assert read_code_span("`" + "a`b" + "`") == "a`b"
