"""Discrete measures: exact results, step checks, dit/scipy cross-checks, bad input.

Expected values are written here from the literature (Cover & Thomas, 2nd ed.) or
computed by scipy / dit, never copied from our own output.
"""

import math
import random
from fractions import Fraction

import dit
import dit.divergences as dv
import mpmath
import pytest
import scipy.stats as st
import sympy as sp
from negative_controls import corrupt_step, every_digit_right

from symbolic_info import derive
from symbolic_info.catalog import catalog, entry
from symbolic_info.cli import main
from symbolic_info.core import DerivationError
from symbolic_info.engine.run import run
from symbolic_info.engine.verify import check_step
from symbolic_info.measures.joint_tables import table_parts
from symbolic_info.output.reasons import reason_unicode
from symbolic_info.render import to_text
from symbolic_info.symbolic.sums import DiscreteSum

LN2 = math.log(2)
NAMES = [
    "entropy/bernoulli", "entropy/binomial", "entropy/geometric", "entropy/poisson",
    "entropy/categorical", "entropy/discrete_uniform", "self-information", "joint-entropy",
    "conditional-entropy", "mutual-information", "kl/categorical", "cross-entropy/categorical",
    "kl/bernoulli", "kl/binomial", "kl/geometric", "kl/poisson",
]


def test_catalog_has_every_discrete_entry():
    names = {n for n, e in catalog().items() if e.group in ("discrete", "two variables")}
    assert set(NAMES) <= names


@pytest.mark.parametrize("name", NAMES)
def test_every_step_verified_at_defaults_and_symbolically(name):
    e = entry(name)
    values = {p.name: p.default for p in e.params}
    d = derive(name, **values)
    assert d.verified, [(s.rule, s.check.detail) for s in d.steps]
    v = d.verification  # an exact 0 (P = Q at the defaults) is bounded, never given digits
    assert v.agree_digits >= 47 if v.zero_bound is None else v.agree_digits is None
    assert all(s.check.ok for s in d.steps)
    sym = derive(name)
    assert sym.verified and sym.verification.ok


def _close(d, expected, tol=1e-12):
    assert d.verified
    assert abs(float(mpmath.mpf(d.value)) - expected) <= tol * max(1, abs(expected))


# --- exact results against independent formulas ------------------------------------------

def test_bernoulli_exact_binary_entropy():
    d = derive("entropy/bernoulli", p="1/3")
    p = sp.Rational(1, 3)
    assert sp.simplify(d.result - (-p * sp.log(p) - (1 - p) * sp.log(1 - p))) == 0


def test_categorical_exact_with_zero_entry():
    d = derive("entropy/categorical", p="1/2,0,1/4,1/4")
    assert sp.simplify(d.result - sp.Rational(3, 2) * sp.log(2)) == 0
    assert "0 ln 0 = 0" in reason_unicode(d.steps[0].rule)
    assert derive("entropy/categorical", units="bits", p="1/2,0,1/4,1/4").value.startswith("1.5000")


def test_uniform_self_information_exact():
    assert derive("entropy/discrete_uniform", n="6").result == sp.log(6)
    assert sp.simplify(derive("self-information", p="1/8").result - 3 * sp.log(2)) == 0
    assert derive("self-information", p="1").result == 0


@pytest.mark.parametrize("n,p", [(6, "1/3"), (40, "0.7")])
def test_binomial_entropy_matches_scipy_and_exact_sum(n, p):
    d = derive("entropy/binomial", n=str(n), p=p)
    q = Fraction(p)
    _close(d, float(st.binom(n, float(q)).entropy()), 1e-10)
    exact = sp.Integer(0)
    for k in range(n + 1):  # the definition, summed exactly by SymPy
        b = sp.binomial(n, k) * sp.Rational(q.numerator, q.denominator) ** k * (
            1 - sp.Rational(q.numerator, q.denominator)) ** (n - k)
        exact -= b * sp.log(b)
    assert abs(sp.N(exact, 40) - sp.N(d.result, 40)) < 1e-35


def test_geometric_entropy_matches_scipy():
    _close(derive("entropy/geometric", p="1/4"), float(st.geom(0.25).entropy()), 1e-10)


@pytest.mark.parametrize("lam", ["3", "1/5", "150"])
def test_poisson_entropy_matches_scipy(lam):
    _close(derive("entropy/poisson", **{"lambda": lam}),
           float(st.poisson(float(Fraction(lam))).entropy()), 1e-9)


def test_poisson_large_lambda_expansion_error_is_order_lambda_minus_4():
    errors = {}
    for lam in (40, 160):
        ext = derive("entropy/poisson", **{"lambda": str(lam)}).extras["large_lambda_expansion"]
        errors[lam] = float(ext["error"])
        assert errors[lam] * lam**4 < 0.2  # the next term is -9/(80 lambda^4)
    assert 150 < errors[40] / errors[160] < 400  # 4^4 = 256: the error is O(lambda^-4)
    crude = derive("entropy/poisson", **{"lambda": "40"}).value
    assert abs(float(crude) - 0.5 * math.log(2 * math.pi * math.e * 40)) > 1e-3


@pytest.mark.parametrize("dps", [5, 50])
@pytest.mark.parametrize("lam", ["1000", "250"])
def test_poisson_expansion_error_is_right_to_every_digit_shown(lam, dps):
    """The expansion's error is about 1e-13 of H at lambda = 1000: as the difference of two
    numbers at dps + 10 digits it showed 3.76588e-13 at --dps 5 (right: 1.12844e-13).  The
    truth here: H by the direct sum over k < lambda + 60 sqrt(lambda) at 60 digits and the
    expansion ln(2 pi e lambda)/2 - 1/(12 lambda) - 1/(24 lambda^2) - 19/(360 lambda^3) (Evans
    et al., SIAM Review 30 (1988)), written here.  Old code: fails at dps 5."""
    d = derive("entropy/poisson", dps=dps, **{"lambda": lam})
    with mpmath.workdps(60):
        v = mpmath.mpf(int(lam))
        logs = (-v + k * mpmath.log(v) - mpmath.loggamma(k + 1)
                for k in range(int(v + 60 * mpmath.sqrt(v))))  # the rest below e^-1800
        h = -mpmath.fsum(mpmath.exp(t) * t for t in logs)
        approx = mpmath.log(2 * mpmath.pi * mpmath.e * v) / 2 - 1 / (12 * v) \
            - 1 / (24 * v**2) - mpmath.mpf(19) / (360 * v**3)
        shown = d.extras["large_lambda_expansion"]["error"]
        assert every_digit_right(shown, abs(approx - h)), (shown, abs(approx - h))
        assert not every_digit_right(shown, abs(approx - h) * (1 + mpmath.mpf("1e-4")))


def test_discrete_kls_match_literature_formulas():
    p1, p2 = 0.3, 0.55
    bern = p1 * math.log(p1 / p2) + (1 - p1) * math.log((1 - p1) / (1 - p2))
    _close(derive("kl/bernoulli", p1="0.3", p2="0.55"), bern)
    _close(derive("kl/binomial", n="12", p1="0.3", p2="0.55"), 12 * bern)
    _close(derive("kl/binomial", n="20000", p1="0.3", p2="0.55"), 20000 * bern, 1e-10)
    l1, l2 = 3.5, 1.25
    _close(derive("kl/poisson", lambda1="3.5", lambda2="1.25"),
           l1 * math.log(l1 / l2) + l2 - l1)
    ks = range(1, 400)  # geometric: scipy's own relative entropy over the support
    g1, g2 = st.geom(p1).pmf(ks), st.geom(p2).pmf(ks)
    _close(derive("kl/geometric", p1="0.3", p2="0.55"), float(st.entropy(g1, g2)), 1e-9)


def test_kl_zero_support_gives_inf_with_reason():
    for name in ("kl/categorical", "cross-entropy/categorical"):
        for units in ("nats", "bits"):
            d = derive(name, units=units, p1="1/2,1/4,1/4", p2="1/2,1/2,0")
            assert d.value == "inf" and d.result == sp.oo and d.verified
            assert "i = 3" in d.steps[0].rule and "+inf" in d.steps[0].rule
    assert dv.kullback_leibler_divergence(_dist([0.5, 0.25, 0.25]), _dist([0.5, 0.5, 0])) == \
        float("inf")


def test_kl_zero_in_p_is_dropped():
    d = derive("kl/categorical", p1="1/2,1/2,0", p2="1/4,1/4,1/2")
    assert sp.simplify(d.result - sp.log(2)) == 0 and d.verified


# --- dit cross-checks on random distributions -------------------------------------------

def _dist(probs, outcomes=None):
    outcomes = outcomes or [str(i) for i in range(len(probs))]
    return dit.Distribution(outcomes, [float(p) for p in probs])


def _random_list(rng, n, zeros=0):
    w = [rng.randint(1, 30) for _ in range(n)]
    for i in rng.sample(range(n), zeros):
        w[i] = 0
    return [Fraction(x, sum(w)) for x in w]


def _text(values):
    return ",".join(str(v) for v in values)


def _table_text(rows):
    return "[" + ",".join("[" + _text(r) + "]" for r in rows) + "]"


@pytest.mark.parametrize("seed", range(3))
def test_vector_measures_against_dit(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    p, q = _random_list(rng, n, zeros=seed % 2), _random_list(rng, n)
    dp, dq = _dist(p), _dist(q)
    _close(derive("entropy/categorical", units="bits", p=_text(p)), dit.shannon.entropy(dp), 1e-9)
    _close(derive("kl/categorical", units="bits", p1=_text(p), p2=_text(q)),
           dv.kullback_leibler_divergence(dp, dq), 1e-9)
    _close(derive("cross-entropy/categorical", units="bits", p1=_text(p), p2=_text(q)),
           dv.cross_entropy(dp, dq), 1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_table_measures_against_dit(seed):
    rng = random.Random(100 + seed)
    rows, cols = rng.randint(2, 3), rng.randint(2, 3)
    flat = _random_list(rng, rows * cols, zeros=seed % 2)
    table = [flat[i * cols:(i + 1) * cols] for i in range(rows)]
    cells = [(f"{i}{j}", table[i][j]) for i in range(rows) for j in range(cols) if table[i][j]]
    d = dit.Distribution([c for c, _ in cells], [float(v) for _, v in cells])
    text = _table_text(table)
    _close(derive("joint-entropy", units="bits", pxy=text), dit.shannon.entropy(d), 1e-9)
    _close(derive("conditional-entropy", units="bits", pxy=text),
           dit.shannon.conditional_entropy(d, [1], [0]), 1e-9)
    _close(derive("mutual-information", units="bits", pxy=text),
           dit.shannon.mutual_information(d, [0], [1]), 1e-9)


def test_scalar_entropies_against_dit():
    bern = _dist([Fraction(2, 7), Fraction(5, 7)])
    _close(derive("entropy/bernoulli", units="bits", p="5/7"), dit.shannon.entropy(bern), 1e-9)
    pm = [st.binom(7, 0.35).pmf(k) for k in range(8)]
    _close(derive("entropy/binomial", units="bits", n="7", p="0.35"),
           dit.shannon.entropy(_dist(pm)), 1e-9)
    _close(derive("entropy/discrete_uniform", units="bits", n="5"),
           dit.shannon.entropy(_dist([0.2] * 5)), 1e-9)


# --- negative controls -------------------------------------------------------------------

def test_wrong_chain_rule_step_is_flagged():
    parts = table_parts({"shape": (2, 2), "support": ((0, 0), (0, 1), (1, 1))})
    cells, px = parts["cells"], parts["px"]
    h_y_given_x = -sp.Add(*[c * sp.log(c / px[i]) for (i, _), c in cells.items()])
    points = [{s: v for s, v in zip(cells.values(), w, strict=True)}
              for w in ([sp.Rational(1, 4), sp.Rational(1, 4), sp.Rational(1, 2)],
                        [sp.Rational(1, 10), sp.Rational(3, 10), sp.Rational(3, 5)])]
    good = check_step(parts["Hxy"], parts["Hx"] + h_y_given_x, points, {}, 30)
    bad = check_step(parts["Hxy"], parts["Hx"] - h_y_given_x, points, {}, 30)
    swapped = check_step(parts["Hxy"], parts["Hy"] + h_y_given_x, points, {}, 30)
    assert good.ok and not bad.ok and not swapped.ok


def _corrupt(name, wrong):
    return corrupt_step(name, wrong)


@pytest.mark.parametrize("name,values,wrong", [
    # H(Geom) written as H_b(p) instead of H_b(p)/p
    ("entropy/geometric", {"p": "1/4"}, lambda rhs: rhs * sp.Symbol("p", positive=True)),
    # Poisson entropy with the series dropped
    ("entropy/poisson", {"lambda": "3"},
     lambda rhs: sp.Add(*[a for a in rhs.args if not a.has(DiscreteSum)])),
    # Poisson KL with the sign of (lambda2 - lambda1) flipped
    ("kl/poisson", {"lambda1": "3", "lambda2": "1/2"},
     lambda rhs: rhs - 2 * (sp.Symbol("lambda2", positive=True) - sp.Symbol("lambda1",
                                                                            positive=True))),
    ("mutual-information", {"pxy": "[[1/4,1/8],[1/8,1/2]]"}, lambda rhs: rhs + sp.log(2) / 100),
])
def test_wrong_closed_form_is_flagged(name, values, wrong):
    bad = _corrupt(name, wrong)
    parsed = {k: bad.param(k).parse(v) for k, v in values.items()}
    d = run(bad, parsed, None, 30)
    assert not d.steps[-1].check.ok
    assert not d.verification.ok and not d.verified


def test_wrong_infinite_claim_is_flagged():
    """A finite KL claimed to be +inf, and an infinite one claimed finite."""
    finite = derive("kl/categorical", p1="1/2,1/2", p2="1/4,3/4")
    assert finite.verified
    bad = _corrupt("kl/categorical", lambda rhs: sp.oo)
    d = run(bad, {"p1": (sp.Rational(1, 2),) * 2, "p2": (sp.Rational(1, 4), sp.Rational(3, 4))},
            None, 30)
    assert not d.verified and not d.verification.ok
    bad = _corrupt("kl/categorical", lambda rhs: sp.Integer(1))
    d = run(bad, {"p1": (sp.Rational(1, 2),) * 2, "p2": (sp.Integer(1), sp.Integer(0))}, None, 30)
    assert not d.verified and not d.verification.ok


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("name,params,fragment", [
    ("entropy/categorical", {"p": "1/2,1/3"}, "sum to 5/6, not 1"),
    ("entropy/categorical", {"p": "3/2,-1/2"}, "entry 2 = -1/2 is negative"),
    ("joint-entropy", {"pxy": "[[1/2,1/4],[1/4]]"}, "different lengths"),
    ("joint-entropy", {"pxy": [[0.5, 0.25], [0.25]]}, "different lengths"),
    ("joint-entropy", {"pxy": "[[1/2,1/4],[1/4,1/4]]"}, "sum to 5/4, not 1"),
    ("mutual-information", {"pxy": "[[1/2,-1/4],[1/2,1/4]]"}, "entry (1, 2) = -1/4"),
    ("conditional-entropy", {"pxy": "1/2,1/2"}, "[[..], [..]]"),
    ("kl/categorical", {"p1": "1/2,1/2", "p2": "1/3,1/3,1/3"}, "same length (2 vs 3)"),
    ("entropy/bernoulli", {"p": "0"}, "0 < p < 1"),
    ("entropy/poisson", {"lambda": "-1"}, "0 < λ ≤ 1000"),
    ("entropy/binomial", {"n": "2.5", "p": "1/2"}, "integer"),
    ("entropy/binomial", {"n": "1001", "p": "1/2"}, "1 ≤ n ≤ 1000"),
    ("kl/binomial", {"n": "100001", "p1": "1/2", "p2": "1/3"}, "1 ≤ n ≤ 100000"),
    ("kl/poisson", {"lambda1": "0", "lambda2": "1"}, "0 < λ₁ ≤ 10⁵"),
    ("self-information", {"p": "2"}, "0 < p ≤ 1"),
])
def test_bad_input_is_one_clear_error(name, params, fragment):
    with pytest.raises(DerivationError) as info:
        derive(name, **params)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_cli_bad_table_exits_2(capsys):
    code = main(["derive", "joint-entropy", "--param", "pxy=[[1/2,1/2],[1/2]]"])
    err = capsys.readouterr().err
    assert code == 2 and "different lengths" in err and "Traceback" not in err


def test_cli_json_inf(capsys):
    import json

    code = main(["derive", "kl/categorical", "--param", "p1=1/2,1/2", "p2=1,0",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["value"] == "inf" and out["verification"]["ok"]


@pytest.mark.parametrize("lam", ["40", "1000"])
def test_poisson_expansion_follows_the_units(lam):
    """The large-lambda expansion is given in the requested units and says which."""
    c = mpmath.MPContext()
    c.dps = 60
    v = c.mpf(lam)
    nats = c.log(2 * c.pi * c.e * v) / 2 - 1 / (12 * v) - 1 / (24 * v**2) - 19 / (360 * v**3)
    for units, want in (("nats", nats), ("bits", nats / c.ln2)):
        ext = derive("entropy/poisson", units=units, **{"lambda": lam}).extras[
            "large_lambda_expansion"]
        assert ext["units"] == units
        assert abs(c.mpf(ext["value"]) - want) < want * c.mpf(10) ** -18
        other = nats / c.ln2 if units == "nats" else nats  # negative control: the other units
        assert abs(c.mpf(ext["value"]) - other) > want * c.mpf("0.3")
    bits = derive("entropy/poisson", units="bits", **{"lambda": lam})
    nat = derive("entropy/poisson", units="nats", **{"lambda": lam})
    err_bits = c.mpf(bits.extras["large_lambda_expansion"]["error"])
    err_nats = c.mpf(nat.extras["large_lambda_expansion"]["error"])
    assert abs(err_bits * c.ln2 - err_nats) < err_nats * c.mpf(10) ** -4  # 6 digits each
    assert "units = bits" in to_text(bits)
