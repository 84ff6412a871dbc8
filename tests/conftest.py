"""Test-session settings shared by every test module."""

import contextlib
import os

import pytest

# Every test checks its steps afresh: the persistent step cache (a speed-up for
# fresh CLI processes) must not answer for the code under test.  Subprocesses
# started by tests inherit this.
os.environ["SYMBOLIC_INFO_CACHE"] = "off"

# A served app warms every entry in a background process (symbolic_info.web.warm); tests
# that start a server measure the app itself, so they leave the warm-up off.
os.environ["SYMBOLIC_INFO_WARM"] = "off"


@pytest.fixture(scope="session")
def run_cache(tmp_path_factory):
    """``with run_cache(): ...`` turns the on-disk caches on in a folder of this test run only.

    The catalog sweeps (the gallery, KaTeX, the formulas' fit, the LaTeX documents)
    derive every entry in whichever pytest-xdist worker runs them.  Inside this block
    the step checks (and quadrature nodes) land in one folder both workers of this run
    share, so the second worker reads the checks the first one made instead of making
    them again.  The folder starts empty with each
    run and only this run's code writes to it (and the caches' keys hold the code's
    fingerprint), so nothing computed by other code ever answers; outside the block the
    caches stay off.  Subprocesses started inside it (a server) share the folder too.

    Example (in a test)::

        with run_cache():
            d = derive("entropy/normal", sigma="1")
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's basetemp sits in the run's
        base = base.parent
    folder = base / "shared-caches"
    folder.mkdir(exist_ok=True)

    @contextlib.contextmanager
    def shared():
        # A sandbox forkserver started inside the block (a custom entry's SymPy work runs
        # in a child) would keep the block's environment for the rest of the worker's
        # tests: start it first, outside.  (A single-threaded worker forks each child
        # instead, which ends with the block.)  Imported here: conftest loads before tests
        # that look at what ``import symbolic_info`` loads.
        from symbolic_info.checker import sandbox

        sandbox.warm_up()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SYMBOLIC_INFO_CACHE", "on")
            mp.setenv("SYMBOLIC_INFO_CACHE_DIR", str(folder))
            yield folder

    return shared
