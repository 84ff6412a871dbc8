"""Every formula of every catalog entry fits its column in real headless Chromium.

No horizontal scrolling at a laptop's 1400x900 or a projector's 1024x768: every
rendered KaTeX formula must be no wider than Streamlit's main column.

One browser, one page per server, both window sizes on the same page:

- every entry's formulas: the strings the Derivations page hands to ``st.latex``
  (:func:`symbolic_info.web.view.latex_strings`, at the page's landing settings, so the
  derivations are shared with the other tests' cache) are drawn by ``st.latex`` on one
  page of a small Streamlit app with the real app's layout, measured at 1024x768, then
  at 1400x900;
- the real app: a few entries with the longest formulas are opened by their ``?entry=``
  address at both sizes; their formulas must fit too, be the same strings, and measure
  the same widths as on the page of all formulas, in a column of the same width, so the
  page of all formulas stands for every entry's page.
"""

import json

import pytest

from symbolic_info import catalog, derive
from symbolic_info.export import default_params
from symbolic_info.web.server import serve
from symbolic_info.web.view import latex_strings

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

SLOW = 300_000  # ms: a cold server derives and verifies an entry before its formulas appear
SIZES = ((1024, 768), (1400, 900))
REAL_SAMPLE = ("stirling/multinomial", "kl/beta", "capacity")
"""Entries opened in the real app: long asymptotic expansions, psi products, an evaluation
bar around a derivative."""

MEASURE = """async () => {
  await document.fonts.ready;
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = getComputedStyle(main);
  const room = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Array.from(main.querySelectorAll('.katex-display')).map(d => ({
    width: d.querySelector('.katex').getBoundingClientRect().width, room: room,
    natural: d.scrollWidth, scroll: d.scrollWidth - d.clientWidth,
    tex: (d.querySelector('annotation') || {textContent: ''}).textContent.trim()}));
}"""

SHOWN = """(expected) => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const shown = Array.from(main ? main.querySelectorAll('.katex-display annotation') : [])
    .map(a => a.textContent.trim());
  return JSON.stringify(shown) === JSON.stringify(expected);
}"""

ROOM = """() => { const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  return main ? main.clientWidth : 0; }"""

HARNESS = """import json
import streamlit as st

st.set_page_config(page_title="every formula", layout="wide")
st.sidebar.markdown("Every formula of the catalog, as the Derivations page draws it.")
for tex in json.loads(open({path!r}, encoding="utf-8").read()):
    st.latex(tex)
st.subheader("All drawn")
"""
"""A page of formulas laid out as the app's pages are (wide layout, sidebar open)."""

SLACK = 3
"""Pixels a display may overflow its box: KaTeX's aligned blocks overflow by 2 px (a strut),
which scrolls nothing visible; a formula too wide for the column overflows by far more."""

TOO_WIDE = " + ".join(f"x_{{{i}}}" for i in range(400))
"""Negative control drawn first on the page of all formulas: far wider than any column."""


def too_wide(measured: list) -> list:
    """The formulas wider than the main column, or that scroll sideways."""
    return [f for f in measured if f["width"] > f["room"] + SLACK or f["scroll"] > SLACK]


def every_formula() -> list:
    """``(entry, LaTeX)`` of every formula every entry's page draws."""
    return [(name, tex) for name, entry in catalog().items()
            for tex in latex_strings(derive(name, dps=50, **default_params(entry)))]


def resize(page, size) -> None:
    """Set the window size and wait until Streamlit's column has taken its new width."""
    if page.viewport_size["width"] == size[0]:
        return
    before = page.evaluate(ROOM)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_function(f"() => ({ROOM})() !== {before}", timeout=10_000)
    page.wait_for_timeout(100)  # KaTeX's displays re-flow after the column


def measure_both(page) -> dict:
    """``{size: measurements}`` at each window size, the page already loaded."""
    out = {}
    for size in SIZES:
        resize(page, size)
        out[size] = page.evaluate(MEASURE)
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    return out


@pytest.fixture(scope="module")
def formulas(run_cache):
    with run_cache():  # step checks shared with the other catalog sweeps (conftest.py)
        return every_formula()


@pytest.fixture(scope="module")
def all_drawn(browser, formulas, tmp_path_factory):
    """Measurements of the negative control and every entry's formulas, at both sizes."""
    folder = tmp_path_factory.mktemp("fit")
    data = folder / "formulas.json"
    data.write_text(json.dumps([TOO_WIDE] + [tex for _, tex in formulas]), encoding="utf-8")
    app = folder / "every_formula.py"
    app.write_text(HARNESS.format(path=str(data)), encoding="utf-8")
    with serve(app) as url:
        page = browser.new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(url)
        expect(page.get_by_role("heading", name="All drawn")).to_be_visible(timeout=SLOW)
        expect(page.locator(".katex-display")).to_have_count(len(formulas) + 1,
                                                             timeout=SLOW)
        measured = measure_both(page)
        page.close()
    return measured


@pytest.fixture(scope="module")
def real_pages(browser, formulas, run_cache):
    """``{entry: {size: measurements}}`` of the real app's pages of :data:`REAL_SAMPLE`.

    The server reads the step checks the sweep above made (it inherits ``run_cache``)."""
    out = {}
    with run_cache(), serve() as url:
        page = browser.new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
        for name in REAL_SAMPLE:
            page.goto(f"{url}/?entry={name}")
            expect(page.get_by_role("heading", name="Verification")).to_be_visible(timeout=SLOW)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=SLOW)
            expected = [tex.strip() for entry, tex in formulas if entry == name]
            page.wait_for_function(SHOWN, arg=expected, timeout=SLOW)  # this entry's page, drawn
            out[name] = measure_both(page)
        page.close()
    return out


def test_a_wide_formula_is_detected(all_drawn):
    """Negative control: the formula wider than the column is reported, at both sizes."""
    for size in SIZES:
        control = all_drawn[size][0]
        assert control["tex"] == TOO_WIDE and too_wide([control]), (size, control)


@pytest.mark.parametrize("size", SIZES)
def test_every_formula_of_every_entry_fits(all_drawn, formulas, size):
    measured = all_drawn[size][1:]
    assert [m["tex"] for m in measured] == [tex.strip() for _, tex in formulas]
    assert len({m["room"] for m in measured}) == 1
    wide = {}
    for (name, _), m in zip(formulas, measured, strict=True):
        if too_wide([m]):
            wide.setdefault(name, []).append({**m, "tex": m["tex"][:120]})
    assert not wide, wide


@pytest.mark.parametrize("size", SIZES)
def test_the_real_pages_fit_and_match_the_page_of_all_formulas(real_pages, all_drawn,
                                                                formulas, size):
    natural = {m["tex"]: m["natural"] for m in all_drawn[size][1:]}
    room = all_drawn[size][1]["room"]
    for name in REAL_SAMPLE:
        measured = real_pages[name][size]
        expected = [tex.strip() for entry, tex in formulas if entry == name]
        assert [m["tex"] for m in measured] == expected, name
        assert not too_wide(measured), (name, size)
        for m in measured:
            assert m["room"] == room, (name, size)
            assert abs(m["natural"] - natural[m["tex"]]) <= 1, (name, size, m["tex"][:80])
