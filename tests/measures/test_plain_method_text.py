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
