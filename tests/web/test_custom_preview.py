"""The "your own distribution" choice on the Derivations page (issue 11)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from symbolic_info import derive
from symbolic_info.web import state
from symbolic_info.web.custom_view import density_preview
from symbolic_info.web.view import latex_strings

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_preview_data():
    p = density_preview("x*exp(-x) on [0, oo)")
    assert p["error"] is None and "e^{- x}" in p["latex"] and "[0, \\infty)" in p["latex"]
    assert all(y >= 0 for _x, y in p["points"])
    assert density_preview("theta*x^(theta-1) on [0,1]", "theta > 0")["points"] is None
    assert "P(1) = \\frac{1}{2}" in density_preview("{1: 1/2, 2: 1/2}")["latex"]
    bad = density_preview("normall(0, 1)")
    assert bad["latex"] is None and "did you mean normal" in bad["error"]


def test_derivations_page_with_own_distribution(monkeypatch):
    monkeypatch.setattr(state, "pictures", lambda *a, **k: [])
    at = AppTest.from_file(APP, default_timeout=900).run()
    at.radio(key="topic").set_value("entropy").run()
    at.selectbox(key="entry::entropy").set_value("entropy").run()
    assert not at.exception and not at.error
    x = at.text_input(key="param::entropy::X")
    x.set_value("2*x on [0, 1]").run()
    assert not at.exception and not at.error
    previews = [m.value for m in at.markdown if m.value.startswith("**X**")]
    assert previews and "p(x) = 2 x" in previews[0]
    d = derive("entropy", X="2*x on [0, 1]")
    assert [el.value.strip("$\n") for el in at.latex] == latex_strings(d)
    assert "Verified" in at.success[0].value
    at.text_input(key="param::entropy::X").set_value("x on [0, 1]").run()
    assert any("normalising constant 2" in e.value for e in at.error)
