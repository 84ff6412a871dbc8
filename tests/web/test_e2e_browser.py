"""End to end in real headless Chromium (Debian's, driven by Playwright's Python package).

Starts ``streamlit run app.py`` on a free loopback port, waits for rendered
formulas, asserts that no formula failed under KaTeX (Streamlit's KaTeX draws
errors in red, #cc0000, instead of raising) and that no exception is shown,
then switches the derivation and the units and changes a parameter, checking
the value against the textbook formula h = 1 - ln(lambda) (Cover & Thomas,
2nd ed., Example 8.1.1).
"""

import math
import re

import pytest

from symbolic_info import catalog
from symbolic_info.web.server import serve, server

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

SLOW = 300_000  # ms: a cold server derives and verifies before the first formula appears


@pytest.fixture(scope="module")
def app(browser):
    """The running app (its log goes into a failed choice's message) and a page on it."""
    with server() as running:
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.goto(running.url)
        yield running, pg
        pg.close()


@pytest.fixture
def page(app):
    return app[1]


def main_katex(pg):
    return pg.get_by_test_id("stMain").locator(".katex")


def assert_clean(pg):
    """No KaTeX error (class or red colour) and no Streamlit exception on the page."""
    html = pg.content().lower()
    assert "#cc0000" not in html and "rgb(204, 0, 0)" not in html
    assert pg.locator(".katex-error").count() == 0
    assert pg.get_by_test_id("stException").count() == 0


def value_box(pg):
    """The value under "Result": the main area's first plain text."""
    return pg.get_by_test_id("stMain").get_by_test_id("stText").first


def value_text(pg) -> str:
    return value_box(pg).inner_text().strip()


def wait_idle(pg):
    """Until Streamlit's "running" indicator is gone (stale elements are replaced)."""
    expect(pg.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=SLOW)


def choose(app, title):
    """Select the derivation ``title`` in the sidebar once the page is idle, by a click on its
    option and, if the page still shows another entry a minute later, by typing the title into
    the box and pressing Enter (twice).  Two CI runs (two xdist workers, 2026-12-02) saw the
    option's click leave the entry unchanged for five minutes while the test passed alone; the
    failure now says what the box showed and what the server logged."""
    running, pg = app
    sidebar = pg.get_by_test_id("stSidebar")
    heading = pg.get_by_role("heading", name=title)
    box = sidebar.get_by_role("combobox", name="Derivation")
    # pytest-xdist's worksteal may hand this test to the other worker, on a fresh page whose
    # first (cold) run is still going: wait for it to end, then choose (or find it chosen)
    expect(main_katex(pg).first).to_be_visible(timeout=SLOW)
    wait_idle(pg)
    if heading.count():
        return
    for attempt in range(3):
        wait_idle(pg)
        if attempt == 0:
            sidebar.get_by_test_id("stSelectbox").click()
            pg.get_by_role("option", name=title, exact=True).click()
        else:
            pg.keyboard.press("Escape")  # close a list left open
            box.click()
            pg.keyboard.type(title)
            pg.keyboard.press("Enter")
        try:
            expect(heading).to_be_visible(timeout=60_000)
            return
        except AssertionError:
            pass
    pg.keyboard.press("Escape")  # the box then shows the entry selected
    shown = box.input_value() if box.count() else "(no box)"
    raise AssertionError(f"{title!r} not shown after three tries; the box shows {shown!r}; "
                         f"the server's log ends:\n{running.output()[-3000:]}")


def test_landing_page_renders_formulas(page):
    expect(main_katex(page).first).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("heading", name=catalog()["entropy/normal"].title)).to_be_visible()
    expect(page.get_by_text("Verified: all")).to_be_visible(timeout=SLOW)
    assert main_katex(page).count() >= 3
    assert_clean(page)


def test_switch_derivation_units_and_parameter(app, page):
    title = catalog()["entropy/exponential"].title
    sidebar = page.get_by_test_id("stSidebar")
    choose(app, title)
    # while the page reruns, the previous entry's elements stay on it (stale) beside the new
    # ones: wait until each text is there once before asserting on it or clicking it
    # (a count of 1 can be seen between two reruns, so match any one of them: the value
    # checks below say which entry is shown)
    expect(page.get_by_text("Verified: all").first).to_be_visible(timeout=SLOW)
    expect(value_box(page)).to_have_text(re.compile(r"^1\.0000000000"), timeout=SLOW)
    wait_idle(page)
    expect(main_katex(page).first).to_be_visible()
    assert_clean(page)
    assert float(value_text(page)) == pytest.approx(1.0, abs=1e-12)  # lambda = 1: 1 - ln 1

    bits = sidebar.get_by_test_id("stRadio").filter(has_text="Units").get_by_text(
        "bits", exact=True)
    wait_idle(page)
    bits.first.click()
    expect(page.get_by_text("Value in bits")).to_be_visible(timeout=SLOW)
    expect(value_box(page)).to_have_text(re.compile(r"^1\.4426950408"), timeout=SLOW)
    wait_idle(page)
    assert float(value_text(page)) == pytest.approx(1 / math.log(2), rel=1e-12)
    assert_clean(page)

    box = sidebar.get_by_test_id("stTextInput").filter(has_text="lambda").locator("input")
    box.fill("2")
    box.press("Enter")
    expected = (1 - math.log(2)) / math.log(2)
    expect(value_box(page)).to_have_text(re.compile(r"^0\.4426950408"), timeout=SLOW)
    wait_idle(page)
    assert float(value_text(page)) == pytest.approx(expected, rel=1e-12)
    expect(main_katex(page).first).to_be_visible()
    assert_clean(page)


def test_bad_parameter_shows_an_error_not_a_crash(app, page):
    choose(app, catalog()["entropy/exponential"].title)  # already shown after the test above
    box = page.get_by_test_id("stSidebar").get_by_test_id("stTextInput").filter(
        has_text="lambda").locator("input")
    box.fill("-3")
    box.press("Enter")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        "lambda = -3 is outside its domain", timeout=SLOW)
    assert page.get_by_test_id("stException").count() == 0
    box.fill("2")
    box.press("Enter")
    expect(main_katex(page).first).to_be_visible(timeout=SLOW)
    wait_idle(page)
    assert_clean(page)


def test_red_katex_errors_are_detected(browser, tmp_path):
    """Negative control: Streamlit draws a bad formula in red, and assert_clean sees it."""
    bad = tmp_path / "bad_app.py"
    bad.write_text('import streamlit as st\nst.latex(r"\\frac{1}{2} \\notamacro{x}")\n')
    with serve(bad) as url:
        pg = browser.new_page()
        pg.goto(url)
        expect(pg.get_by_test_id("stMarkdownContainer").first).to_contain_text(
            "notamacro", timeout=SLOW)
        with pytest.raises(AssertionError):
            assert_clean(pg)
        pg.close()
