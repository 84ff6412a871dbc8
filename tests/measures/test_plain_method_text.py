"""Reference-method and CDF-source texts read as plain text (task t19).

A reader of ``--format text`` sees these phrases: Python's ``**`` or a claim of special
functions where there are none would mislead.
"""
from __future__ import annotations

import sympy as sp

from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric.change_of_variable import Change


def test_change_describe_writes_powers_with_caret():
    u, x = sp.Symbol("u", positive=True), sp.Symbol("x", positive=True)
    k = sp.Symbol("k", positive=True)
    change = Change(u, u**(1 / k), x**k, (1 / k - 1) * sp.log(u) - sp.log(k), (0, sp.oo))
    text = change.describe("x = {x}, u = {u}, |dx/du| = {jac}")
    assert "**" not in text
    assert "u^(1/k)" in text and "x^k" in text
    # negative control: SymPy's own str (what describe used before) has Python's power
    assert "**" in str(change.x_of)


def test_quantised_cdf_source_names_special_functions_only_when_there_are_some():
    assert QuantisedLaw("uniform(0, 1)", "X").source == "the uniform CDF"
    assert QuantisedLaw("laplace(0, 1)", "X").source == "the laplace CDF"
    # negative control: the normal's CDF is erf/erfc, a special function
    assert QuantisedLaw("normal(0, 1)", "X").source == "the normal CDF in special functions"


def test_exercises_text_has_no_markdown_or_latex(capsys):
    from symbolic_info.checker.exercise_set import EXERCISES
    from symbolic_info.checker.exercises import print_exercises
    from symbolic_info.output.unicode_math import markdown_text

    assert print_exercises("text") == 0
    statements = [line for line in capsys.readouterr().out.splitlines()
                  if line.startswith("    ") and not line.startswith("    check:")]
    assert len(statements) == len(EXERCISES)
    for line in statements:
        for marker in ("**", "$", "\\", "_{", "begin", "frac"):
            assert marker not in line, (marker, line)
    # negative control: the raw statements (what the text format printed before) have them
    raw = " ".join(e.statement for e in EXERCISES)
    assert "**" in raw and "$" in raw and "\\binom" in raw
    assert markdown_text(r"$\binom{k}{2}$ in **bits**") == "C(k, 2) in bits"


def test_cases_read_as_text():
    from symbolic_info.output.unicode_math import tex_to_unicode

    text = tex_to_unicode(r"\begin{cases} e^{x} & x \le 0 \\ 1 & x > 0 \end{cases}")
    assert text == "e^x for x ≤ 0, 1 for x > 0"  # main's code gave 'begincases e^x & ...'
    # negative control: an environment without a rule still leaks its name (the check can fail)
    assert "begin" in tex_to_unicode(r"\begin{matrix} 1 \end{matrix}")
