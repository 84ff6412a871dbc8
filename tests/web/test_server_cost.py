"""What a script run costs the server: no full garbage collection after each run.

Streamlit runs ``gc.collect(2)`` after every script run unless
``runner.postScriptGC`` is false.  With SymPy's caches and the catalog in the
heap that walk is most of a rerun's CPU in the server (measured by
``benchmarks/bench_classroom.py``, "server CPU ms per script run"), and one
server runs its script runs on one core.  The app's ``.streamlit/config.toml``
turns it off; Python's own generational collector still runs.

These tests read the option with Streamlit's own loader, from the directory
the server starts in (:func:`symbolic_info.web.server.server` starts it in the
app's directory, as ``streamlit run app.py`` in a checkout does).  AppTest
cannot show the effect (its script runner never collects); the benchmark does.
No times are measured here.
"""

import pytest
from streamlit import config

from symbolic_info.web.server import APP


@pytest.fixture
def reparse(monkeypatch):
    """Re-read Streamlit's configuration from a directory; restored afterwards."""

    def read(directory):
        monkeypatch.chdir(directory)
        config.get_config_options(force_reparse=True)
        return config.get_option("runner.postScriptGC")

    yield read
    monkeypatch.undo()
    config.get_config_options(force_reparse=True)


def test_the_app_config_turns_off_the_collection_after_each_run(reparse):
    assert reparse(APP.parent) is False


def test_negative_control_without_the_config_streamlit_collects(reparse, tmp_path):
    """Streamlit's default (no config file in the directory) collects after every run."""
    assert reparse(tmp_path) is True
