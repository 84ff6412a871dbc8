"""pyproject.toml: metadata that current setuptools reads without a deprecation warning.

``project.license`` as a TOML table (``{ text = "MIT" }``) makes setuptools >= 77
print a SetuptoolsDeprecationWarning on every ``pip install``; the SPDX string form
needs setuptools >= 77 in the build requirements.  Checked by hand with
``pip install -v -e . 2>&1 | grep -i deprecat`` (no output).
"""

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_license_is_an_spdx_string_with_a_backend_that_reads_it():
    data = tomllib.loads(PYPROJECT.read_text())
    assert isinstance(data["project"]["license"], str)
    assert re.fullmatch(r"[A-Za-z0-9.\-+ ()]+", data["project"]["license"])
    (setuptools,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    assert tuple(int(x) for x in setuptools.split(">=")[1].split(".")) >= (77,)


def test_the_notebook_test_dependencies_are_in_the_test_extra():
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    test = " ".join(extras["test"])
    for name in ("nbclient", "nbformat", "ipykernel"):
        assert name in test


def test_the_suite_runs_on_both_cores():
    """CI's command (``scripts/test.sh``) runs pytest on two xdist workers, with the plugin
    in the test extra; its arguments come after, so they can replace ``-n 2``."""
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    assert [r for r in extras["test"] if r.startswith("pytest-xdist")]
    script = (PYPROJECT.parent / "scripts" / "test.sh").read_text()
    (run,) = [ln for ln in script.splitlines() if "-m pytest" in ln and not ln.startswith("#")]
    assert " -n 2 " in run and run.rstrip().endswith('"$@"')
