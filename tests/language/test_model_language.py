"""The model language: models and joints of the contract read into the right objects, and
conditionals that are not distributions for some parent value refused in one line."""

import pytest
import sympy as sp

from symbolic_info.checker.grammar import ParseError
from symbolic_info.language import (
    ConditionalTable,
    FamilyCall,
    Table,
    check_model,
    conditional_at,
    parse_joint,
    parse_model,
    support_of,
)

CONTRACT = [
    "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)",
    "X ~ normal(0, 1); Y | X ~ normal(rho*X, sqrt(1 - rho^2))",
    "theta ~ exponential(mean=10); x | theta ~ poisson(theta)",
    "p ~ beta(2, 2); k | p ~ binomial(100, p)",
    "X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}",
    "X ~ normal(0, 1); Y | X ~ normal(X, 1); Z | Y ~ normal(Y, 1)",
    "X ~ bernoulli(1/2)\nY | X ~ bernoulli(X/2 + 1/4)\nZ | Y ~ bernoulli(Y/2 + 1/4)",
]


@pytest.mark.parametrize("text", CONTRACT)
def test_contract_models_parse(text):
    m = parse_model(text)
    assert len(m.names) == text.count("~")
    for i, v in enumerate(m.variables[1:], start=1):
        assert v.parents == (m.names[i - 1],)
    assert m.is_chain


def test_parents_are_symbols_not_parameters():
    m = parse_model("X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)")
    X = m.symbols["X"]
    assert [s.name for s in m.parameters] == ["mu"]
    assert m.variable("Y").distribution.args[0][1] == sp.Symbol("mu", real=True) * X
    assert X.is_integer and X.is_nonnegative
    at1 = conditional_at(m.variable("Y"), {"X": 1})
    assert isinstance(at1, FamilyCall) and at1.args[0][1].free_symbols == {sp.Symbol("mu",
                                                                                      real=True)}


def test_prior_support_sets_symbol_assumptions():
    m = parse_model("theta ~ exponential(mean=10); x | theta ~ poisson(theta)")
    assert m.symbols["theta"].is_positive
    assert m.parameters == ()
    assert support_of(m.variable("x").distribution).lo == 0


def test_table_of_conditionals():
    m = parse_model("X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(eps), 1: bernoulli(1 - eps)}")
    y = m.variable("Y").distribution
    assert isinstance(y, ConditionalTable) and [v for v, _d in y.cases] == [0, 1]
    eps = m.parameters[0]
    at0 = conditional_at(m.variable("Y"), {"X": 0})
    assert isinstance(at0.form, Table) and dict(at0.form.items)[1] == eps


@pytest.mark.parametrize("text, words", [
    ("X ~ normal(0, 1); Y | X ~ normal(0, X)", ["prior of X", "sigma"]),
    ("X ~ bernoulli(1/2); Y | X ~ normal(0, X)", ["X = 0", "sigma"]),
    ("p ~ normal(0, 1); k | p ~ binomial(10, p)", ["prior of p", "binomial", "p"]),
    ("X ~ normal(0, 1); Y | X ~ exponential(X)", ["lambda"]),
    ("X ~ uniform(0, 1); Y | X ~ normal(0, X - 1/2)", ["not a distribution for every X"]),
    ("X ~ normal(0,1); Y | X ~ normal(X,1); Z | Y ~ normal(X, 1)", ["Z | Y, X"]),
    ("X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(1/3)}", ["cases for [0]"]),
    ("Y | X ~ normal(X, 1)", ["no earlier line"]),
    ("X ~ normal(0, 1); X ~ normal(0, 1)", ["twice"]),
    ("X ~ normal(0, 1); Y | X", ["must read"]),
    ("X ~ ", ["missing"]),
    ("", ["empty"]),
    ("X ~ normal(0,1); Y | X ~ {0: normal(0,1), 1: normal(1,1)}", ["finitely many"]),
    (";".join(f"X{i} ~ normal(0,1)" for i in range(9)), ["at most"]),
])
def test_bad_models_one_line(text, words):
    with pytest.raises(ParseError) as exc:
        parse_model(text)
    msg = str(exc.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg


def test_check_model_with_values():
    m = parse_model("X ~ normal(0, 1); Y | X ~ normal(0, s + X^2)")
    check_model(m, {"s": sp.Integer(1)})
    with pytest.raises(ParseError, match="sigma"):
        check_model(m, {"s": sp.Integer(-1)})


@pytest.mark.parametrize("text, outer, orange, irange", [
    ("x + y on [0,1]^2", "x", (0, 1), (0, 1)),
    ("1/2 on [0,1] x [0,2]", "x", (0, 1), (0, 2)),
    ("4*x*y on (0,1)*(0,1)", "x", (0, 1), (0, 1)),
    ("2 on 0 < y < x < 1", "x", (0, 1), (0, "x")),
    ("2 on 0 < x < y < 1", "x", (0, 1), ("x", 1)),
    ("6*x on 0 < x < 1, 0 < y < 1 - x", "x", (0, 1), (0, "1 - x")),
    ("exp(-x-y) on x > 0 and y > 0", "x", (0, sp.oo), (0, sp.oo)),
])
def test_joint_regions(text, outer, orange, irange):
    j = parse_joint(text)
    assert j.kind == "density" and j.outer == outer
    assert j.outer_range == tuple(sp.sympify(e) for e in orange)
    expect = tuple(sp.sympify(e, locals={"x": j.x}) for e in irange)
    assert j.inner_range == expect
    assert j.x.is_positive and j.y.is_positive


def test_mvnormal_joint():
    j = parse_joint("mvnormal([0,0], [[1, rho], [rho, 1]])")
    rho = sp.Symbol("rho", real=True)
    assert j.kind == "mvnormal" and j.cov == sp.Matrix([[1, rho], [rho, 1]])
    point = {j.x: sp.Rational(1, 3), j.y: sp.Rational(-1, 2), rho: sp.Rational(1, 2)}
    x, y, r = sp.Rational(1, 3), sp.Rational(-1, 2), sp.Rational(1, 2)
    expected = sp.exp(-(x**2 - 2 * r * x * y + y**2) / (2 * (1 - r**2))) / (
        2 * sp.pi * sp.sqrt(1 - r**2))
    assert sp.N(j.density.subs(point) - expected, 30) == 0


@pytest.mark.parametrize("text, words", [
    ("mvnormal([0,0], [[1, 2], [2, 1]])", ["not positive definite"]),
    ("mvnormal([0,0], [[-1, 0], [0, 1]])", ["not positive definite"]),
    ("mvnormal([0,0], [[1, 1/2], [1/3, 1]])", ["not symmetric"]),
    ("mvnormal([0,0,0], [[1,0],[0,1]])", ["2x2"]),
    ("x + y", ["density on region"]),
    ("x on 0 < x", ["bound both"]),
    ("1 on 0 < y < y^2 < 1, 0 < x < 1", ["may not use"]),
    ("1 on [1, 0]^2", ["empty"]),
    ("1 on 0 < x < 1 > y", ["one direction"]),
])
def test_bad_joints_one_line(text, words):
    with pytest.raises(ParseError) as exc:
        parse_joint(text)
    msg = str(exc.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg


def test_models_are_not_evaluated(tmp_path):
    canary = tmp_path / "canary"
    for text in (f"X ~ normal(__import__('os').system('touch {canary}'), 1)",
                 f"X ~ bernoulli(1/2); Y | X ~ {{0: open('{canary}', 'w'), 1: normal(0,1)}}"):
        with pytest.raises(ParseError):
            parse_model(text)
    assert not canary.exists()


@pytest.mark.parametrize("text", [";", ";;;;", " ; \n ; ", ";\n;"])
def test_a_model_of_separators_only_is_refused_in_one_line(text):
    """On main this read as a model with no variables (an IndexError later)."""
    with pytest.raises(ParseError) as err:
        parse_model(text)
    assert "the model has no lines" in str(err.value) and "\n" not in str(err.value)


def test_one_line_between_separators_still_reads():
    """Control: separators around a real line are not refused."""
    assert parse_model("; X ~ bernoulli(1/2);;").names == ("X",)
