"""The tab's icon comes with the page, and page loads ask the server for nothing else.

The page icon was the text "∑", which Streamlit could not read as an emoji or an image
and passed on as a link: every page load asked the server for ``/%E2%88%91`` twice and
got the app's HTML back (no icon, two requests beside the ~115 script files before the
first formula).  Fails on the code before the change.
"""

from urllib.parse import urlparse

import pytest

from symbolic_info.web.server import server

SLOW = 300_000  # ms: a cold server derives and verifies before the first formula appears


@pytest.fixture(scope="module")
def loaded(browser):
    with server() as running:
        page = browser.new_page()
        answers = []
        page.on("response", lambda r: answers.append((r.url, r.headers.get("content-type", ""))))
        page.goto(running.url)
        page.wait_for_selector('[data-testid="stMain"] .katex', timeout=SLOW)
        page.wait_for_timeout(1000)  # the icon is set with the page's first script run
        icons = page.evaluate(
            "() => [...document.querySelectorAll('link[rel*=icon]')].map(l => l.href)")
        page.close()
        yield running.url, icons, answers


def test_the_icon_is_an_svg_data_url(loaded):
    _, icons, _ = loaded
    assert icons and all(href.startswith("data:image/svg+xml") for href in icons), icons


def test_html_is_served_only_for_the_page_itself(loaded):
    url, _, answers = loaded
    html = [u for u, kind in answers if kind.startswith("text/html")]
    assert html and all(urlparse(u).path in ("", "/") for u in html), html
    assert all(u.startswith(url) or u.startswith("data:") for u, _ in answers), \
        "a request left the server"
