"""The generalized normal's entropy reference in u = ((x - mu)/alpha)^beta on the half x > mu
(Family.half_change, measures/entropy.py), and its fold in x beyond beta = 8; its step checks'
expectations with each half about mu in that variable (Family.halves, a SplitChange).

Truth: Nadarajah (2005), J. Appl. Stat. 32, the entropy 1/beta - ln beta + ln(2 alpha)
+ ln Gamma(1/beta), written in mpmath here at twice the digits.
"""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from symbolic_info.engine.verify import check_step
from symbolic_info.families import FAMILIES
from symbolic_info.measures.entropy import entropy_entry
from symbolic_info.numeric.change_of_variable import Change, SplitChange
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.quadrature import expectation
from symbolic_info.symbolic.expectation import Expect, P

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


def moment(mu, alpha, beta, dps):
    """E[X] and E[(X - mu)^2] = alpha^2 Gamma(3/beta)/Gamma(1/beta) (Nadarajah 2005)."""
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps + 20
    m, a, b = (ctx.mpf(v.p) / v.q for v in (R(mu), R(alpha), R(beta)))
    return m, a**2 * ctx.gamma(3 / b) / ctx.gamma(1 / b)


def halves_density():
    """The density the entry's step checks integrate against (P's)."""
    return entropy_entry(FAM).build({}).densities[P]


@pytest.mark.parametrize("beta", ["1/2", "3/2", "3927/1000"])
def test_both_halves_in_u_give_every_moment(beta):
    """E[X] (not symmetric about mu: the half below mu must be the mirror, not a copy) and
    E[(X - mu)^2], in u on both halves, against the truth to every digit at 60 digits."""
    density = halves_density().at(point("-7/3", "5/2", beta))
    assert isinstance(density.change, SplitChange)
    ctx = new_context(60)
    mean, var = moment("-7/3", "5/2", beta, 60)
    x = FAM.var
    assert abs(expectation(density, x, ctx) - mean) < mpmath.mpf(10) ** -58
    assert abs(expectation(density, (x - R(-7, 3)) ** 2, ctx) - var) < mpmath.mpf(10) ** -57


def test_beyond_beta_8_the_steps_integrate_in_x():
    density = halves_density().at(point("1", "2", "9"))
    assert density.change is None
    ctx = new_context(30)
    _, var = moment("1", "2", "9", 30)
    assert abs(expectation(density, (FAM.var - 1) ** 2, ctx) - var) < mpmath.mpf(10) ** -28


def test_a_half_counted_twice_is_caught():
    """Negative control: the right half in place of its mirror gives E[X] = 2 E[X; X > mu],
    not mu."""
    density = halves_density()
    right = density.change.changes[0]
    wrong = replace(density, change=SplitChange((right, right), density.change.condition))
    ctx = new_context(30)
    got = expectation(wrong.at(point("-7/3", "5/2", "3/2")), FAM.var, ctx)
    assert abs(got - R(-7, 3)) > 1


def test_a_wrong_step_is_caught_in_u():
    """Negative control: E[(|X - mu|/alpha)^beta] = 2/beta fails the numeric check whose
    expectations run in u; the right 1/beta passes to all digits."""
    draft = entropy_entry(FAM).build({})
    (w, value, _), = FAM.expectations
    points = [point("-431/500", "387/250", "3927/1000"), point("1/3", "2", "511/1000")]
    good = check_step(Expect(w, P), value, points, draft.densities, 50)
    bad = check_step(Expect(w, P), 2 * value, points, draft.densities, 50)
    assert good.ok and good.method == "numeric"
    assert not bad.ok
