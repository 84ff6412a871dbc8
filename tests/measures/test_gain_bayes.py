"""measures/gain_bayes.py: the Bayes-rule steps of a conjugate information gain, written as a
teacher reads them (binomial coefficients, Gamma values and long powers kept as written) and
still checked exactly; a wrong step or update is caught."""

import re
from dataclasses import replace

import sympy as sp
from negative_controls import corrupt_entry

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.measures.gain_bayes import shown_at, shown_likelihood
from symbolic_info.measures.information_gain import gain_entry
from symbolic_info.output.render_latex import latex

BINOMIAL = "p ~ beta(2, 2); k | p ~ binomial(1000, p)"
P = sp.Symbol("p", positive=True)
K = sp.Symbol("k", integer=True, nonnegative=True)


def bayes_steps(d):
    return [s for s in d.steps if s.rule.startswith("Bayes' rule")]


def longest_integer(expr) -> int:
    return max((len(n) for n in re.findall(r"\d+", sp.sstr(expr))), default=0)


def test_binomial_1000_shows_its_coefficient_and_gamma_values_not_1700_digit_numbers():
    d = derive("information-gain", model=BINOMIAL, observed="400")
    steps = bayes_steps(d)
    assert d.verified and len(steps) == 3
    for s in steps:
        assert s.check.ok and s.check.method == "symbolic"  # shown = checked, exactly
        assert s.lhs.has(sp.binomial) and s.rhs.has(sp.gamma)
        assert longest_integer(s.lhs) <= 9 and longest_integer(s.rhs) <= 4
        tex = latex(s.lhs) + latex(s.rhs)
        assert r"\binom{1000}{400}" in tex and r"\Gamma\left(1004\right)" in tex
        assert r"\ldots" not in tex  # no number cut short
    first = d.steps[0].lhs  # the definition: the likelihood's coefficient as written
    assert first.has(sp.binomial) and longest_integer(first) <= 4


def test_a_wrong_bayes_step_with_kept_numbers_is_caught():
    """Negative control: the posterior density off by 1e-40 at a point fails its check,
    although both sides hold unevaluated binomials, Gamma values and powers."""
    e = gain_entry(BINOMIAL, "400")
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Rational(1, 10**40)), index=2)
    d = run(bad, {}, "nats", 50)
    assert not d.steps[2].check.ok and not d.verified


def test_a_wrong_beta_update_fails_the_kept_bayes_steps(monkeypatch):
    """Negative control: alpha1 off by one (a wrong textbook update) fails every Bayes step."""
    import symbolic_info.measures.information_gain as gain

    right = gain.conjugate

    def wrong(model, observed):
        c = right(model, observed)
        return replace(c, posterior_params={**c.posterior_params,
                                            "alpha": c.posterior_params["alpha"] + 1})

    monkeypatch.setattr(gain, "conjugate", wrong)
    gain.gain_entry.cache_clear()
    try:
        d = run(gain.gain_entry(BINOMIAL, "400"), {}, "nats", 30)
    finally:
        gain.gain_entry.cache_clear()
    assert bayes_steps(d) and not any(s.check.ok for s in bayes_steps(d))
    assert not d.verified


def test_shown_forms_equal_the_evaluated_values():
    lik = shown_likelihood([sp.binomial(1000, K) * P**K * (1 - P) ** (1000 - K)], K, [400])
    assert lik.has(sp.binomial)
    at = sp.Rational(19, 50)
    shown = shown_at(lik, P, at)
    exact = sp.binomial(1000, 400) * at**400 * (1 - at) ** 600
    assert longest_integer(shown) <= 4 and shown.doit() == exact
    assert shown_at(P**3, P, at) == at**3  # short powers are evaluated
