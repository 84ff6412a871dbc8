"""The app's handout downloads: the exercise sheet as LaTeX and, with pdflatex, as a PDF."""

import pytest

from symbolic_info import derive
from symbolic_info.output.latex_document import handout
from symbolic_info.output.latex_pdf import pdflatex_path, run_pdflatex
from symbolic_info.web import state
from symbolic_info.web.view import page_data


def test_the_page_data_carries_the_handout_document():
    d = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2", dps=30)
    tex = page_data(d)["exports"]["handout"]
    assert tex == handout(d) and r"\newpage" in tex and tex.rstrip().endswith(r"\end{document}")
    assert page_data(d)["exports"]["tex"].count(r"\documentclass") == 1


@pytest.mark.skipif(pdflatex_path() is None, reason="pdflatex is missing: scripts/test.sh "
                    "installs Debian's texlive-latex-base")
def test_the_pdf_handout_compiles_to_two_pages_and_is_cached():
    tex = handout(derive("entropy/normal", sigma="3/2", units="bits", dps=30))
    assert state.pdf_available()
    pdf = state.handout_pdf(tex)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert state.handout_pdf(tex) is pdf  # the second click is served from the cache
    log = run_pdflatex(tex).log
    assert "Output written on doc.pdf (2 pages" in log  # the solution is on page 2


@pytest.mark.skipif(pdflatex_path() is None, reason="pdflatex is missing")
def test_a_document_that_does_not_compile_is_an_error_not_a_pdf():
    """Negative control: the PDF path really runs pdflatex and reports its failure."""
    from symbolic_info.core import DerivationError

    with pytest.raises(DerivationError, match="pdflatex failed"):
        state.handout_pdf(r"\documentclass{article}\begin{document}\nosuchmacro\end{document}")


@pytest.mark.skipif(pdflatex_path() is None, reason="pdflatex is missing")
def test_the_page_compiles_the_pdf_when_asked_and_offers_it():
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                           default_timeout=120).run()
    labels = [b.label for b in at.get("download_button")]
    assert "Save handout (PDF)" not in labels  # nothing is compiled before it is asked for
    at.button(key="mk_handout_pdf").click().run()
    assert not at.exception and not at.error
    labels = [b.label for b in at.get("download_button")]
    assert labels[-1] == "Save handout (PDF)" and "Handout (.tex)" in labels
