"""examples/tour.ipynb runs from top to bottom in this venv's Python, and derivations render.

The notebook is executed with nbclient (kernel ``python3`` from ipykernel,
installed with the test extra); the test checks that no cell fails, that the
derivations are displayed as LaTeX (``text/latex``) and that the printed
summary is the short one.
"""

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

TOUR = Path(__file__).resolve().parents[1] / "examples" / "tour.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(TOUR, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(TOUR.parent)}}).execute()
    return nb


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def test_the_notebook_runs_in_this_python_without_errors(executed):
    outputs = _outputs(executed)
    assert not [o for o in outputs if o.output_type == "error"]
    assert outputs[-1]["text"].strip() == sys.executable


def test_derivations_render_as_latex(executed):
    latex = [o["data"]["text/latex"] for o in _outputs(executed)
             if o.output_type in ("execute_result", "display_data") and "text/latex" in o["data"]]
    assert len(latex) == 2
    assert all(t.startswith("$$") and r"\begin{aligned}" in t for t in latex)
    assert r"h(X)" in latex[0] and r"\text{verified" in latex[1]
    # the plain-text fallback is the short repr, not a dataclass dump
    plain = [o["data"]["text/plain"] for o in _outputs(executed)
             if o.output_type == "execute_result"]
    assert all(p.startswith("<Derivation ") and len(p) < 300 for p in plain)


def test_print_and_the_check_give_short_readable_text(executed):
    streams = "".join(o.get("text", "") for o in _outputs(executed) if o.output_type == "stream")
    assert "h(X) = ln(9e·π/2)/2" in streams and "**" not in streams
    assert "verified: 50 of 50 digits agree" in streams
    assert '"agree_digits": 50' in streams
    lines = [ln.split() for ln in streams.splitlines() if ln.startswith("1/2*log(2*pi*e*sigma")]
    assert [ln[1] for ln in lines] == ["correct", "incorrect"]
