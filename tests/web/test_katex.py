"""Every LaTeX string the app emits renders under the real KaTeX (npm package, run by node).

Streamlit's KaTeX never raises: a bad string is drawn in red.  So the strings
the Derivations page hands to ``st.latex`` (:func:`symbolic_info.web.view.latex_strings`)
are rendered here with ``throwOnError: true`` by the KaTeX version Streamlit
bundles (pinned in tests/web/katex/package.json), for every catalog entry, in
nats and in bits.  With no parameter given, the page's result is the last
step's right-hand side, which is already among these strings.
"""

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from symbolic_info import catalog, derive
from symbolic_info.export import default_params
from symbolic_info.output.reasons import math_pieces
from symbolic_info.web.view import latex_strings

KATEX_DIR = Path(__file__).parent / "katex"


@pytest.fixture(scope="module")
def katex_render():
    """``render(strings) -> failures``; installs the pinned katex with npm when missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm are needed for the KaTeX check: apt-get install nodejs npm")
    folder = os.open(KATEX_DIR, os.O_RDONLY)
    try:  # one install at a time: the suite runs on two workers (pytest-xdist)
        fcntl.flock(folder, fcntl.LOCK_EX)
        if not (KATEX_DIR / "node_modules" / "katex").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=KATEX_DIR, check=True, timeout=300)
    finally:
        os.close(folder)  # closing the folder releases the lock

    def render(strings):
        out = subprocess.run([node, "render.js"], cwd=KATEX_DIR, input=json.dumps(strings),
                             capture_output=True, text=True, check=True, timeout=120)
        return json.loads(out.stdout)

    return render


def test_katex_version_matches_streamlit(katex_render):
    assert katex_render([])["version"] == "0.16.47"


def test_katex_check_can_fail(katex_render):
    """Negative control: an unknown macro and an unbalanced brace are reported."""
    got = katex_render([r"\frac{1}{2}", r"\foo{x}", r"\left( x", r"\mathbb{E}_{P}\left[x\right]"])
    assert sorted(f["index"] for f in got["failures"]) == [1, 2]


@pytest.mark.parametrize("units", ["default", "bits"])
def test_every_entry_renders_under_katex(katex_render, run_cache, units):
    strings, origin = [], []
    with run_cache():  # step checks shared with the other catalog sweeps (conftest.py)
        for name, entry in catalog().items():
            if units == "default":  # the app's landing settings, as the other sweeps
                d = derive(name, dps=50, **default_params(entry))
            else:
                d = derive(name, units="bits", dps=15, **default_params(entry))
            for s in latex_strings(d):
                strings.append(s)
                origin.append(name)
    failures = katex_render(strings)["failures"]
    assert len(strings) > 2 * len(catalog())
    assert not failures, [(origin[f["index"]], strings[f["index"]][:200], f["error"][:200])
                          for f in failures[:5]]


def test_every_reasons_mathematics_renders_under_katex(katex_render, run_cache):
    """The formulas inside the steps' reasons (Markdown ``$...$`` in the app) render too."""
    strings, origin = [], []
    with run_cache():
        for name, entry in catalog().items():
            d = derive(name, dps=50, **default_params(entry))
            for step in d.all_steps:
                for tex in math_pieces(step.rule):
                    strings.append(tex)
                    origin.append(name)
    failures = katex_render(strings)["failures"]
    assert strings
    assert not failures, [(origin[f["index"]], strings[f["index"]][:200], f["error"][:200])
                          for f in failures[:5]]
