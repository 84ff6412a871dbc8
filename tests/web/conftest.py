"""Fixtures shared by the browser tests (real headless Chromium, driven by Playwright)."""

from pathlib import Path

import pytest

from symbolic_info.web.server import CHROMIUM


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for one test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                               args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()
