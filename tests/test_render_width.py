"""The width estimate agrees with Chromium's KaTeX, so the app's rows fit its column.

``CHROMIUM`` holds widths measured in Debian's Chromium with KaTeX 0.16.47 (the version
Streamlit bundles; tests/web/katex) in display mode: the ``.katex`` box's width in pixels
over 19.36 px, the size ``st.latex`` sets one em at.  They are measurements of the real
renderer, not outputs of this program.
"""

import pytest

from symbolic_info.output.render_width import TOLERANCE, tex_size, tex_width

CHROMIUM = [
    ('x + y', 2.320),
    ('\\frac{a + b}{2}', 2.420),
    ('\\ln{\\left(1 - p \\right)}', 4.005),
    ('\\sum_{i=1}^{6} p_{i} \\ln{\\left(p_{i} \\right)}', 5.146),
    ('\\mathbb{E}_{P}\\left[\\ln{\\left(x \\right)}\\right]', 4.337),
    ('\\psi\\left(\\alpha_{1} + \\beta_{1}\\right)', 4.859),
    ('\\frac{1}{\\sigma \\sqrt{2 \\pi}} e^{- \\frac{\\left(x - \\mu\\right)^{2}}{2 \\sigma^{2}}}',
     5.750),
    ('\\ln\\Gamma\\left(\\frac{d_{1}}{2}\\right) - \\frac{d_{1} \\ln{\\left(\\frac{d_{1}}{d_{2}} '
     '\\right)}}{2}', 10.068),
    ('O\\left(\\frac{1}{k}; k\\rightarrow \\infty\\right)', 6.774),
    ('\\left. \\frac{\\partial}{\\partial p} \\left(p \\ln{\\left(p \\right)}\\right) '
     '\\right|_{\\substack{ p=\\frac{1}{2} }}', 7.113),
    ('\\int\\limits_{0}^{\\infty} \\left(- \\frac{\\theta}{10}\\right)\\, d\\theta', 6.150),
    ('{\\binom{n}{k}} p^{k} \\left(1 - p\\right)^{n - k}', 7.583),
    ('D(P\\,\\|\\,Q) = \\frac{(\\mu_{2}-\\mu_{1})^{\\top}\\Sigma_{2}^{-1}(\\mu_{2}-\\mu_{1})}{2}',
     15.885),
    ('h(X)\\big|_{\\sigma = \\frac{3}{2}} = \\frac{\\ln{\\left(\\frac{9 \\pi e}{2} \\right)}}{2}',
     8.932),
    ('\\begin{aligned}\nh &= a + b \\\\\n&\\quad + c\n\\end{aligned}', 4.090),
    ('1126718285587959124860670101474817', 16.999),
    ('\\operatorname{B}\\left(\\alpha_{2}, \\beta_{2}\\right)', 4.103),
    ('\\left( a \\rule[-0.886em]{0em}{2.713em} \\right.', 1.441),
    ('- \\left(\\frac{\\nu}{2} + \\frac{1}{2}\\right) \\ln{\\left(1 + \\frac{\\left(x - '
     '\\mu\\right)^{2}}{\\nu \\sigma^{2}} \\right)}', 13.463),
    ('\\max\\left(z_{1}, z_{2}, z_{3}\\right) + \\sqrt{\\det\\Sigma}', 10.625),
]

@pytest.mark.parametrize("tex, measured", CHROMIUM)
def test_estimate_is_within_tolerance_of_chromium(tex, measured):
    assert tex_width(tex) == pytest.approx(measured, rel=TOLERANCE)


def test_the_estimate_can_be_caught_wrong():
    """Negative control: the old rule of thumb (a display fraction at three quarters of its
    numerator's width) misses Chromium's width by more than the tolerance."""
    tex, measured = CHROMIUM[1]
    thumb = 0.75 * tex_width("a + b") + 0.3
    assert thumb != pytest.approx(measured, rel=TOLERANCE)


def test_styles_scale_and_fractions_stack():
    assert tex_width("x^{2}") - tex_width("x") == pytest.approx(0.7 * tex_width("2") + 0.05,
                                                                 abs=1e-9)
    frac = tex_size(r"\frac{a}{b}")
    assert frac.height > tex_size("a").height and frac.depth > tex_size("b").depth
    assert tex_width(r"\frac{x + y}{2}") < tex_width(r"x + y + 2")
