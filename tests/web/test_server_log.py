"""The server's log stays free of "missing ScriptRunContext" warnings (issue 14).

Starts ``streamlit run app.py`` headless with the catalog's warm-up on (it starts
worker processes, which is where the warnings came from: multiprocessing imported
the app script again in each worker, as ``__mp_main__``, and ran the whole app there
without a Streamlit runtime), opens the landing page in Chromium, waits until a
worker process has started and had time to start up, and reads the server's output.
"""

import contextlib
import time

import pytest

from symbolic_info.web.server import descendants, server

sync_api = pytest.importorskip("playwright.sync_api")

SLOW = 300_000  # ms: a cold server derives and verifies before the first formula appears
WARNINGS = ("ScriptRunContext", "No runtime found")
STARTUP = 10.0
"""Seconds a worker process is given to start up (the warnings came at its start, within
its first imports: `import symbolic_info.web.worker` takes 2.4-2.8 s at load 3.8)."""


@contextlib.contextmanager
def open_page(browser, url: str, wait_for: str):
    """A page on ``url``, kept open (its session alive) until the block ends."""
    pg = browser.new_page()
    try:
        pg.goto(url)
        pg.locator(wait_for).first.wait_for(timeout=SLOW)
        yield pg
    finally:
        pg.close()


def wait_for_a_worker(pid: int, seconds: float) -> bool:
    """True once a process two levels below the server (a worker forked by the
    forkserver) has been seen and then given :data:`STARTUP` seconds."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if any(depth >= 2 for depth in descendants(pid).values()):
            time.sleep(STARTUP)
            return True
        time.sleep(0.2)
    return False


def test_the_server_log_has_no_script_run_context_warning(browser):
    with server(env={"SYMBOLIC_INFO_WARM": "on"}) as running:
        with open_page(browser, running.url, ".katex"):
            assert wait_for_a_worker(running.pid, 120), "the warm-up started no worker process"
            log = running.output()
    assert "You can now view your Streamlit app" in log  # the output is really captured
    for warning in WARNINGS:
        assert warning not in log, log[-3000:]


def test_negative_control_a_thread_without_context_is_caught(browser, tmp_path):
    """A script whose thread calls Streamlit without a context: the warning is in the log.

    The page waits for the script's own last line (a unique marker, written after the
    thread has finished) and stays open meanwhile: a looser wait (``text=main``) matched
    Streamlit's own "Skip to main content" link before the script ran, and closing the
    page then ended the session before its script had run.
    """
    script = tmp_path / "bad.py"
    script.write_text("import threading\nimport streamlit as st\n"
                      "t = threading.Thread(target=lambda: st.write('from a thread'))\n"
                      "t.start()\nt.join()\n"
                      "st.write('thread-finished-marker')\n")
    with server(app=script) as running:
        with open_page(browser, running.url, "text=thread-finished-marker"):
            log = running.output()
    assert "You can now view your Streamlit app" in log  # the output is really captured
    assert "missing ScriptRunContext" in log, log[-3000:]
