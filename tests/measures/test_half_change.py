"""The generalized normal's entropy reference in u = ((x - mu)/alpha)^beta on the half x > mu
(Family.half_change, measures/entropy.py), and its fold in x beyond beta = 8.

Truth: Nadarajah (2005), J. Appl. Stat. 32, the entropy 1/beta - ln beta + ln(2 alpha)
+ ln Gamma(1/beta), written in mpmath here at twice the digits.
"""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from symbolic_info.families import FAMILIES
from symbolic_info.measures.entropy import entropy_entry
from symbolic_info.numeric.change_of_variable import Change
from symbolic_info.numeric.context import new_context

R = sp.Rational
FAM = FAMILIES["generalized_normal"]


def truth(alpha, beta, dps):
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps + 20
    a, b = (ctx.mpf(v.p) / v.q for v in (R(alpha), R(beta)))
    return 1 / b - ctx.log(b) + ctx.log(2 * a) + ctx.loggamma(1 / b)


def point(mu, alpha, beta):
    return {FAM.symbol("mu"): R(mu), FAM.symbol("alpha"): R(alpha), FAM.symbol("beta"): R(beta)}


def reference(family, values, dps):
    draft = entropy_entry(family).build({})
    return draft.reference(values, new_context(dps)), draft.reference_method


@pytest.mark.parametrize("beta", ["1/2", "3/2", "7"])
def test_the_half_in_u_is_right_to_every_digit(beta):
    got, method = reference(FAM, point("-1/3", "5/2", beta), 120)
    assert "where beta <= 8, that half after the change of variable" in method
    assert abs(got - truth("5/2", beta, 120)) < mpmath.mpf(10) ** -118


def test_beyond_beta_8_the_fold_in_x_serves(monkeypatch):
    """u^(1/beta - 1) puts the mass below tanh-sinh's reach in u for a large beta: the
    reference must not integrate in u there."""
    from symbolic_info.measures import entropy as module

    calls = []
    real = module.integrate_expr
    monkeypatch.setattr(module, "integrate_expr", lambda *a: calls.append(a) or real(*a))
    got, _ = reference(FAM, point("1", "2", "9"), 40)
    assert not calls
    assert abs(got - truth("2", "9", 40)) < mpmath.mpf(10) ** -38


def test_a_wrong_jacobian_is_caught():
    """Negative control: the change without its 1/beta in |dx/du| gives another value."""
    change, applies, when = FAM.half_change
    u = change.var
    b = FAM.symbol("beta")
    wrong = Change(u, change.x_of, change.u_of, change.log_jacobian + sp.log(b), change.support,
                   change.breaks)
    family = replace(FAM, half_change=(wrong, applies, when))
    got, _ = reference(family, point("0", "1", "3/2"), 40)
    assert abs(got - truth("1", "3/2", 40)) > mpmath.mpf(10) ** -3
