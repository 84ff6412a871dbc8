"""latex_document.py and latex_pdf.py: complete documents that pdflatex compiles cleanly.

The main test compiles every catalog entry at its default parameters with
Debian's pdflatex (``texlive-latex-base``, installed by ``scripts/test.sh``) in
one document, each entry announced in the log, and fails on any error or
overfull box, naming the entry.  Negative controls show that the log check
catches an overfull line (the same documents with the line breaking taken
out) and an error (an unescaped character).
"""

import re

import pytest
import sympy as sp

from symbolic_info import derive
from symbolic_info.catalog import catalog
from symbolic_info.core import Check, Derivation, Step, Verification
from symbolic_info.export import default_params
from symbolic_info.output.latex_document import (
    PREAMBLE,
    derivation_body,
    document,
    handout,
    math_pieces,
    tex_text,
    to_latex_document,
)
from symbolic_info.output.latex_pdf import log_problems, pdflatex_path, run_pdflatex
from symbolic_info.render import to_latex

needs_pdflatex = pytest.mark.skipif(
    pdflatex_path() is None,
    reason="pdflatex is missing: scripts/test.sh installs Debian's texlive-latex-base")

MARK = "SIENTRY"


def _all_defaults() -> dict:
    """Every entry symbolic; those taking distributions at their example distributions.

    Last entry first: the other catalog sweeps go first to last, so when one runs in the
    other pytest-xdist worker at the same time, each reads the step checks the other
    made (``run_cache``, conftest.py) instead of both checking the same entry at once.
    """
    return {name: derive(name, **(default_params(e) if getattr(e, "specialise", None) else {}))
            for name, e in reversed(catalog().items())}


def _marked(bodies: dict) -> list:
    return [rf"\typeout{{{MARK} {name}}}" + "\n" + body + "\\clearpage\n"
            for name, body in bodies.items()]


@pytest.fixture(scope="module")
def every_default(run_cache):
    with run_cache():  # step checks shared with the other catalog sweeps (conftest.py)
        return _all_defaults()


@needs_pdflatex
def test_every_entry_compiles_without_error_or_overfull_line(every_default):
    bodies = {name: derivation_body(d) for name, d in every_default.items()}
    result = run_pdflatex(document(_marked(bodies)), time_limit=120)
    assert log_problems(result.log, MARK) == []
    assert result.ok and result.pdf.startswith(b"%PDF")
    assert result.log.count(MARK) >= len(bodies)  # every entry was typeset


@needs_pdflatex
def test_negative_control_an_overfull_line_is_caught(every_default):
    """Without the line breaking (pieces glued, no scaling) the long entries overflow."""
    name = "demo/long-sum"
    xs = sp.symbols(" ".join(f"{a}{b}" for a in "abcdefghij" for b in "klmnop"), positive=True)
    long = sp.Add(*[sp.log(x) for x in xs])  # distinct names: no sigma sum, breakable at +
    step = Step(long, long, "nothing to do", Check("symbolic", True))
    d = Derivation(name, "Long", "f(x)", {}, "nats", ("x > 0",), (step,), long, None,
                   Verification(50, "1", "1", "exact", 50, True))
    body = derivation_body(d).replace(r"\allowbreak", "")
    glued = PREAMBLE.replace(r"\ifdim\wd\sibox>\siwidth", r"\ifdim\wd\sibox>\maxdimen")
    tex = document(_marked({name: body})).replace(PREAMBLE.rstrip("\n"), glued.rstrip("\n"))
    problems = log_problems(run_pdflatex(tex).log, MARK)
    assert problems and all(p.startswith(f"{MARK} {name}: Overfull") for p in problems)


@needs_pdflatex
def test_negative_control_an_error_is_caught():
    result = run_pdflatex(document([r"50% of x_1 costs \undefinedmacro"]))
    assert not result.ok
    assert any(p.startswith("!") for p in log_problems(result.log))


@needs_pdflatex
def test_a_single_document_and_a_handout_compile():
    d = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2")
    for tex in (to_latex(d), handout(d)):
        result = run_pdflatex(tex)
        assert result.ok and log_problems(result.log) == []
    assert to_latex(d) == to_latex_document(d)


def test_the_latex_download_is_a_complete_document():
    d = derive("entropy/normal", sigma="3/2")
    tex = to_latex(d)
    assert tex.count(r"\documentclass") == 1 and tex.rstrip().endswith(r"\end{document}")
    assert tex.index(r"\begin{document}") > tex.index(r"\usepackage{amsmath,amssymb}")
    assert r"\usepackage[margin=2.5cm]{geometry}" in tex
    assert d.title in tex and "entropy/normal" in tex
    assert d.value in re.sub(r"\\(allowbreak|penalty5000)\{\}", "", tex)


def test_the_handout_puts_the_solution_on_a_later_page():
    d = derive("entropy/exponential", **{"lambda": "2"})
    tex = handout(d)
    task, solution = tex.split(r"\begin{document}")[1].split(r"\newpage", 1)
    assert "Exercise" in task and "Solution" in solution
    assert r"\sifit" not in task  # no step of the solution on the exercise page
    assert tex.count(r"\item ") == len(d.all_steps) and r"\sifit" in solution


@pytest.mark.parametrize("char, tex", [
    (">", r"\textgreater{}"), ("<", r"\textless{}"), ("_", r"\_"), ("%", r"\%"),
    ("&", r"\&"), ("#", r"\#"), ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"),
    ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$"),
    ("|", r"\textbar{}"), ("σ", r"$\sigma$"), ("≥", r"$\ge$"), ("∞", r"$\infty$"),
    ("é", "é"), ("☃", "[U+2603]"), ("\x07", " "), ("\n", " "),
])
def test_text_mode_characters_are_escaped(char, tex):
    assert tex_text(f"a{char}b") == f"a{tex}b"


@needs_pdflatex
def test_escaped_text_compiles_and_prints_the_characters():
    """Every special character in a step's reason, the title and the assumptions."""
    nasty = "p > 0, q < 1; x_1 50% & #2 ~ a^b \\ {c} $d |e| σ ≥ é ☃ 🙂\n\n(new paragraph?)"
    x = sp.Symbol("x", positive=True)
    step = Step(sp.log(x**2), 2 * sp.log(x), nasty, Check("symbolic", True))
    ver = Verification(50, "1", "1", nasty, 50, True, notes=(nasty,))
    d = Derivation("demo/" + nasty, nasty, "f(x)", {"a": nasty}, "nats", (nasty,), (step,),
                   2 * sp.log(x), None, ver)
    for tex in (to_latex_document(d), handout(d)):
        result = run_pdflatex(tex)
        assert result.ok and log_problems(result.log) == [], log_problems(result.log)
    # the T1 font prints > and < themselves, not the inverted marks of OT1
    assert r"\usepackage[T1]{fontenc}" in PREAMBLE


def _balanced(piece: str) -> bool:
    depth = 0
    for tok in re.findall(r"\\[{}]|[{}]", piece):
        depth += {"{": 1, "}": -1}.get(tok, 0)
        if depth < 0:
            return False
    lefts = len(re.findall(r"\\left(?![a-z])", piece))
    return depth == 0 and lefts == len(re.findall(r"\\right(?![a-z])", piece))


def test_math_pieces_are_each_valid_latex_and_keep_every_term(every_default):
    from symbolic_info.render import latex

    for d in every_default.values():
        for step in d.steps:
            tex = latex(step.rhs)
            pieces = math_pieces(tex)
            assert all(_balanced(p) for p in pieces), (d.name, tex)
            assert _skeleton(_strip_phantoms("".join(pieces))) == _skeleton(tex), (d.name, tex)


def _strip_phantoms(tex: str) -> str:
    """``tex`` without its ``\\vphantom{...}`` groups (nested braces included)."""
    out, i = [], 0
    while i < len(tex):
        if tex.startswith("\\vphantom{", i):
            depth, i = 1, i + len("\\vphantom{")
            while depth:
                depth += {"{": 1, "}": -1}.get(tex[i], 0) if tex[i - 1] != "\\" else 0
                i += 1
            continue
        out.append(tex[i])
        i += 1
    return "".join(out)


def _skeleton(tex: str) -> str:
    """What is printed, up to grouping: no spaces, braces, or null delimiters."""
    return re.sub(r"\\left\.|\\right\.|[{}\s]", "", tex)


def test_math_pieces_break_at_top_level_signs_only():
    assert math_pieces(r"a - \frac{b + c}{2} + e^{- x}") == [
        "a", r"{} - \frac{b + c}{2}", "{} + e^{- x}"]
    assert math_pieces(r"- \left(a + b\right)") == [r"- \left(a + b\right)"]
    assert math_pieces(r"\begin{matrix}a + b\end{matrix} + c") == [
        r"\begin{matrix}a + b\end{matrix}", "{} + c"]


def test_a_long_group_breaks_inside_with_matching_delimiters():
    inner = " + ".join(f"p_{{{i}}} \\ln{{\\left(p_{{{i}}} \\right)}}" for i in range(12))
    pieces = math_pieces(rf"\frac{{\partial}}{{\partial p}} \left({inner}\right) = 0")
    assert len(pieces) == 12 and all(_balanced(p) for p in pieces)
    assert pieces[0].endswith(r"\right.") and pieces[-1].startswith(r"{} \left.")
    assert all(r"\vphantom{" in p for p in pieces)
    # a short group is left whole
    assert math_pieces(r"2 \left(a + b\right)") == [r"2 \left(a + b\right)"]


@needs_pdflatex
def test_an_unbreakable_formula_is_scaled_to_the_line():
    """A fraction whose numerator is 60 terms long cannot break: it is scaled, not overfull."""
    xs = sp.symbols(" ".join(f"{a}{b}" for a in "abcdefghij" for b in "klmnop"), positive=True)
    big = sp.Add(*xs) / (2 + xs[0])
    step = Step(sp.log(big), sp.log(big), "nothing to do", Check("symbolic", True))
    d = Derivation("demo/wide", "Wide", "f(x)", {}, "nats", ("x_i > 0",), (step,), big, None,
                   Verification(50, "1", "1", "exact", 50, True))
    assert len(math_pieces(sp.latex(big))) == 1  # nothing to break at
    result = run_pdflatex(to_latex_document(d))
    assert result.ok and log_problems(result.log) == []
    unscaled = to_latex_document(d).replace(r"\ifdim\wd\sibox>\siwidth",
                                            r"\ifdim\wd\sibox>\maxdimen")
    assert any("Overfull" in p for p in log_problems(run_pdflatex(unscaled).log))


@needs_pdflatex
@pytest.mark.parametrize("name, params", [
    ("maxent/normal", {"mu": "1", "sigma": "2"}),
    ("stirling/binomial", {"p": "1/3"}),
    ("entropy/poisson", {"lambda": "100", "units": "bits"}),
    ("kl/mvnormal", {"mu1": "0,0", "Sigma1": "[[2,0.3],[0.3,1]]", "mu2": "1,-1",
                     "Sigma2": "[[1,0],[0,1]]"}),
    ("entropy/normal", {"sigma": "12345678901234567890123456789/7", "dps": 300}),
])
def test_entries_with_tables_long_values_or_parameters_compile(name, params):
    """Extras (tables of decimals), 300-digit values and long parameter text break too."""
    d = derive(name, **params)
    for tex in (to_latex_document(d), handout(d)):
        result = run_pdflatex(tex)
        assert result.ok and log_problems(result.log) == [], log_problems(result.log)
