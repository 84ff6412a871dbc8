"""Issue 9, part 1: a value shown as verified is right to every digit it claims, at any magnitude.

Every expected value here is computed in the test, from the definition, in a fresh
``mpmath.MPContext`` at several times the precision asked of the program (600 or 1200
digits): sums of P(x) ln(P(x)/Q(x)) or -P(x) ln P(x) over the pmf, and for continuous
families E_P[ln p(X) - ln q(X)] from the two log-densities and P's moments.  The program's
50-digit value must be the truth correctly rounded to 50 significant digits, and its
verification must say so; negative controls (closed forms off by a relative 1e-40, a
wrong 0) must not verify.
"""

import json

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.catalog import entry
from symbolic_info.checker.judge import judge, prepare
from symbolic_info.cli import main
from symbolic_info.engine.reference_check import compare_at
from symbolic_info.engine.run import run
from symbolic_info.engine.verify import check_step
from symbolic_info.numeric.context import agree_digits, new_context
from symbolic_info.numeric.precision import input_digits, settle, start_dps

R = sp.Rational
TINY = R(1, 10**300)
NEAR_ONE = "1.000000000000000000000000000001"  # 1 + 1e-30
THIRD_NEAR = "0.333333333333333333333333333334"  # 1/3 + 6.7e-31


def high(dps=1200):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def q(text):
    """An exact rational from a decimal string (as the program reads it)."""
    return sp.Rational(text)


def mpq(ctx, x):
    """An exact number on ``ctx`` (an mpf passes through)."""
    if isinstance(x, ctx.mpf):
        return x
    x = sp.Rational(x)
    return ctx.mpf(x.p) / x.q


# --- truths from the definitions, at 600-1200 digits --------------------------------------

def kl_sum(pairs, ctx):
    """sum P ln(P/Q) over exact (P, Q) pairs with P > 0."""
    return ctx.fsum(mpq(ctx, a) * ctx.log(mpq(ctx, a) / mpq(ctx, b)) for a, b in pairs if a)


def entropy_sum(probs, ctx):
    return -ctx.fsum(mpq(ctx, t) * ctx.log(mpq(ctx, t)) for t in probs if t)


def poisson_kl(l1, l2, ctx, terms=400):
    a, b = mpq(ctx, l1), mpq(ctx, l2)
    total = ctx.zero
    for k in range(terms):
        pk = ctx.exp(-a + k * ctx.log(a) - ctx.loggamma(k + 1))
        total += pk * ((b - a) + k * ctx.log(a / b))
    return total


def geometric_kl(p1, p2, ctx, terms=3000):
    a, b = mpq(ctx, p1), mpq(ctx, p2)
    return ctx.fsum(a * (1 - a) ** (k - 1) * (ctx.log(a / b) + (k - 1) * ctx.log((1 - a) / (1 - b)))
                    for k in range(1, terms))


def binomial_pmf(n, p, ctx):
    v = mpq(ctx, p)
    return [ctx.binomial(n, k) * v**k * (1 - v) ** (n - k) for k in range(n + 1)]


def normal_kl(m1, s1, m2, s2, ctx):
    """E_P[ln p - ln q]: ln p - ln q = ln(s2/s1) - (x-m1)^2/(2 s1^2) + (x-m2)^2/(2 s2^2),
    with E(X-m1)^2 = s1^2 and E(X-m2)^2 = s1^2 + (m1-m2)^2 under P."""
    m1, s1, m2, s2 = (mpq(ctx, v) for v in (m1, s1, m2, s2))
    return ctx.log(s2 / s1) - ctx.mpf(1) / 2 + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2)


def exponential_kl(l1, l2, ctx):
    """ln p - ln q = ln(l1/l2) - (l1 - l2) x, E_P[X] = 1/l1."""
    a, b = mpq(ctx, l1), mpq(ctx, l2)
    return ctx.log(a / b) - (a - b) / a


def gamma_kl(k1, t1, k2, t2, ctx):
    """ln f(x; k, t) = -lnGamma(k) - k ln t + (k-1) ln x - x/t; E_P[ln X] = psi(k1) + ln t1,
    E_P[X] = k1 t1."""
    k1, t1, k2, t2 = (mpq(ctx, v) for v in (k1, t1, k2, t2))
    elog, ex = ctx.digamma(k1) + ctx.log(t1), k1 * t1

    def mean_logpdf(k, t):
        return -ctx.loggamma(k) - k * ctx.log(t) + (k - 1) * elog - ex / t

    return mean_logpdf(k1, t1) - mean_logpdf(k2, t2)


def mvnormal_kl(mu1, s1, mu2, s2, ctx):
    """E_P[ln p - ln q] with E_P[(X-m)^T A (X-m)] = tr(A Sigma1) + (mu1-m)^T A (mu1-m)."""
    m1, m2 = (ctx.matrix([mpq(ctx, v) for v in m]) for m in (mu1, mu2))
    c1, c2 = (ctx.matrix([[mpq(ctx, v) for v in row] for row in c]) for c in (s1, s2))
    n = len(mu1)

    def expected_quad(a, m):
        d = m1 - m
        return sum((a * c1)[i, i] for i in range(n)) + (d.T * a * d)[0]

    lp = -ctx.log(ctx.det(c1)) / 2 - expected_quad(c1**-1, m1) / 2
    lq = -ctx.log(ctx.det(c2)) / 2 - expected_quad(c2**-1, m2) / 2
    return lp - lq


def assert_every_digit(d, truth, ctx):
    """``d.value`` is ``truth`` correctly rounded to its digits, and ``d`` is verified."""
    assert d.verified, (d.verification.notes, d.value)
    value = ctx.mpf(d.value)
    shown = len(d.value.split("e")[0].replace("-", "").replace(".", "").lstrip("0"))
    assert shown == d.dps
    unit = ctx.mpf(10) ** (int(ctx.floor(ctx.log10(abs(truth)))) - shown + 1)
    assert abs(value - truth) <= unit * ctx.mpf("0.5000001"), (d.value, ctx.nstr(truth, 60))
    assert d.verification.agree_digits >= d.dps
    reference = ctx.mpf(d.verification.reference)
    assert abs(reference - truth) <= unit, (d.verification.reference, ctx.nstr(truth, 60))


# --- the cases --------------------------------------------------------------------

def test_kl_bernoulli_at_1e_300_is_positive_and_right_to_every_digit():
    ctx = high()
    p1, p2 = TINY, 10 * TINY
    truth = kl_sum([(p1, p2), (1 - p1, 1 - p2)], ctx)
    assert ctx.nstr(truth, 4) == "6.697e-300"
    d = derive("kl/bernoulli", p1="1e-300", p2="1e-299")
    assert_every_digit(d, truth, ctx)


def test_entropy_bernoulli_at_1e_300():
    ctx = high()
    truth = entropy_sum([TINY, 1 - TINY], ctx)
    assert ctx.nstr(truth, 4) == "6.918e-298"
    assert_every_digit(derive("entropy/bernoulli", p="1e-300"), truth, ctx)


def test_binary_entropy_at_1e_30_right_to_all_50_digits():
    ctx = high(600)
    truth = entropy_sum([R(1, 10**30), 1 - R(1, 10**30)], ctx) / ctx.ln2
    d = derive("binary-entropy", p="1e-30")
    assert d.units == "bits"
    assert_every_digit(d, truth, ctx)


def test_kl_normal_with_sigma2_one_plus_1e_30_is_1e_60():
    ctx = high(600)
    truth = normal_kl(0, 1, 0, q(NEAR_ONE), ctx)
    assert ctx.nstr(truth, 4) == "1.0e-60"
    assert_every_digit(derive("kl/normal", mu1="0", sigma1="1", mu2="0", sigma2=NEAR_ONE),
                       truth, ctx)


# --- across the catalog: tiny and huge parameters, nearly equal distributions ------------

CASES = [
    ("kl/normal", dict(mu1="0", sigma1="1", mu2="1e-25", sigma2="1"),
     lambda c: normal_kl(0, 1, R(1, 10**25), 1, c)),
    ("kl/exponential", {"lambda1": "1", "lambda2": NEAR_ONE},
     lambda c: exponential_kl(1, q(NEAR_ONE), c)),
    ("kl/gamma", dict(k1="2", theta1="1", k2="2", theta2=NEAR_ONE),
     lambda c: gamma_kl(2, 1, 2, q(NEAR_ONE), c)),
    ("kl/poisson", dict(lambda1="3", lambda2="3.000000000000000000000000000001"),
     lambda c: poisson_kl(3, q("3.000000000000000000000000000001"), c)),
    ("kl/poisson", dict(lambda1="1e-300", lambda2="2e-300"),
     lambda c: poisson_kl(TINY, 2 * TINY, c, terms=5)),
    ("kl/geometric", dict(p1="1/3", p2=THIRD_NEAR),
     lambda c: geometric_kl(R(1, 3), q(THIRD_NEAR), c)),
    ("kl/binomial", dict(n="10", p1="1/3", p2=THIRD_NEAR),
     lambda c: kl_sum(zip(binomial_pmf(10, R(1, 3), c), binomial_pmf(10, q(THIRD_NEAR), c),
                          strict=True), c)),
    ("kl/categorical", dict(p1="1/2,1/2", p2="0.500000000000000000000000000001,"
                                             "0.499999999999999999999999999999"),
     lambda c: kl_sum([(R(1, 2), R(1, 2) + R(1, 10**30)), (R(1, 2), R(1, 2) - R(1, 10**30))],
                      c)),
    ("kl/mvnormal", dict(mu1="0,0", Sigma1="[[2,1/2],[1/2,1]]", mu2="0,1e-20",
                         Sigma2="[[2,1/2],[1/2,1.00000000000000000001]]"),
     lambda c: mvnormal_kl([0, 0], [[2, R(1, 2)], [R(1, 2), 1]], [0, R(1, 10**20)],
                           [[2, R(1, 2)], [R(1, 2), 1 + R(1, 10**20)]], c)),
    ("entropy/poisson", {"lambda": "1e-300"},
     lambda c: entropy_sum([c.exp(-mpq(c, TINY)) * mpq(c, TINY) ** k / c.factorial(k)
                            for k in range(4)], c)),
    ("entropy/poisson", {"lambda": "1000"},
     lambda c: -c.fsum(c.exp(lp) * lp for lp in (-1000 + k * c.log(1000) - c.loggamma(k + 1)
                                                  for k in range(4000)))),
    ("entropy/geometric", dict(p="0." + "9" * 30),
     lambda c: entropy_sum([mpq(c, 1 - R(1, 10**30)) * mpq(c, R(1, 10**30)) ** (k - 1)
                            for k in range(1, 60)], c)),
    ("entropy/binomial", dict(n="10", p="1e-300"),
     lambda c: -c.fsum(t * c.log(t) for t in binomial_pmf(10, TINY, c) if t)),
    ("entropy/binomial", dict(n="1000", p="1/2"),
     lambda c: -c.fsum(t * c.log(t) for t in binomial_pmf(1000, R(1, 2), c))),
    ("entropy/categorical", dict(p="1e-59,0." + "9" * 59),
     lambda c: entropy_sum([R(1, 10**59), 1 - R(1, 10**59)], c)),
    ("self-information", dict(p="0." + "9" * 59),
     lambda c: -c.log(mpq(c, 1 - R(1, 10**59)))),
    ("mutual-information", dict(pxy="[[0.250000000000000000000000000001,"
                                    "0.249999999999999999999999999999],"
                                    "[0.249999999999999999999999999999,"
                                    "0.250000000000000000000000000001]]"),
     lambda c: kl_sum([(R(1, 4) + s * R(1, 10**30), R(1, 4)) for s in (1, -1, -1, 1)], c)),
    ("stirling/binomial", dict(p="1e-300"), lambda c: entropy_sum([TINY, 1 - TINY], c)),
]


@pytest.mark.parametrize(("name", "params", "truth"), CASES,
                         ids=[f"{n}-{'-'.join(v[:8] for v in p.values())}" for n, p, _ in CASES])
def test_extreme_and_nearly_equal_cases_are_right_to_every_digit(name, params, truth):
    ctx = high(600)
    assert_every_digit(derive(name, **params), truth(ctx), ctx)


def test_identical_distributions_give_an_exact_zero_never_digits():
    for name, params in [("kl/normal", dict(mu1="1/3", sigma1="2", mu2="1/3", sigma2="2")),
                         ("kl/bernoulli", dict(p1="1e-300", p2="1e-300")),
                         ("kl/gamma", dict(k1="3/2", theta1="2", k2="3/2", theta2="2"))]:
        d = derive(name, **params)
        v = d.verification
        assert d.verified and d.value == "0"
        assert v.agree_digits is None and v.zero_bound is not None
        assert "exactly 0" in v.agreement and "digits" not in v.agreement
        out = d.to_dict()
        assert out["verification"]["agree_digits"] is None
        assert out["verification"]["zero_bound"] == v.zero_bound


# --- negative controls ----------------------------------------------------------------------

def test_agree_digits_is_relative_at_every_magnitude():
    ctx = new_context(60)
    assert agree_digits(ctx.mpf("1e-60"), ctx.mpf("2e-60"), ctx, 50) == 0
    assert agree_digits(ctx.mpf("-2.3e-300"), ctx.mpf("6.7e-300"), ctx, 50) == 0
    assert agree_digits(ctx.mpf("1e-300") * (1 + ctx.mpf("1e-40")), ctx.mpf("1e-300"), ctx,
                        50) in (39, 40)
    assert agree_digits(ctx.zero, ctx.mpf("1e-400"), ctx, 50) == 0
    assert agree_digits(ctx.mpf("1e-400"), ctx.zero, ctx, 50) == 0


def test_a_closed_form_off_by_relative_1e_40_at_1e_300_is_not_verified():
    bad = corrupt_step("kl/bernoulli", lambda rhs: rhs * (1 + R(1, 10**40)))
    values = {"p1": TINY, "p2": 10 * TINY}
    d = run(bad, values, None, 50)
    assert not d.verification.ok and not d.verified
    assert 38 <= d.verification.agree_digits <= 41


def test_a_closed_form_with_the_absorbed_term_dropped_is_not_verified():
    """The old bug's value (-2.30e-300, the p1 ln(p1/p2) term alone) must be caught."""
    p1, p2 = entry("kl/bernoulli").params[0].symbol, entry("kl/bernoulli").params[1].symbol
    bad = corrupt_step("kl/bernoulli", lambda rhs: p1 * sp.log(p1 / p2))
    d = run(bad, {"p1": TINY, "p2": 10 * TINY}, None, 50)
    assert not d.verification.ok and d.verification.agree_digits == 0


def test_a_wrong_zero_is_not_confirmed_by_a_reference_of_5e_51():
    bad = corrupt_step("kl/normal", lambda rhs: sp.Integer(0))
    values = {"mu1": sp.Integer(0), "sigma1": sp.Integer(1), "mu2": R(1, 10**25),
              "sigma2": sp.Integer(1)}
    d = run(bad, values, None, 50)
    assert d.value == "0" and not d.verification.ok and not d.verified


def test_a_reference_that_reaches_fewer_digits_is_reported_with_the_digits_reached():
    x = sp.Symbol("x", positive=True)
    point = {x: R(1, 3)}
    off = compare_at(x, point, lambda ctx: ctx.mpf(1) / 3 * (1 + ctx.mpf(10) ** -20), 50)
    assert not off.ok and off.digits in (19, 20) and f"{off.digits} of 50" in off.note
    noisy = compare_at(x, point, lambda ctx: ctx.mpf(1) / 3 + ctx.rand() * ctx.mpf(10) ** -30,
                       50)
    assert not noisy.ok and 28 <= noisy.digits <= 31


def _counting(reference):
    calls = []

    def counted(ctx):
        calls.append(ctx.dps)
        return reference(ctx)

    return counted, calls


def test_one_evaluation_agreeing_with_the_reference_settles_the_closed_form():
    """The shortcut: the closed form evaluated once (STEP above the start) and the reference
    agree to every digit, so the closed form is not evaluated at a second precision."""
    evaluated = []

    class CountedPi(sp.Function):
        """pi, recording the precision of every evaluation of the closed form."""

        @staticmethod
        def _mpmath_compile_(node, build, ctx):
            def value(v):
                evaluated.append(ctx.dps)
                return +ctx.pi
            return value

    x = sp.Symbol("x", positive=True)
    point = {x: R(1, 3)}
    reference, calls = _counting(lambda ctx: ctx.log(3) - ctx.log(ctx.mpf(9)) / 2 + ctx.pi)
    r = compare_at(CountedPi(x), point, reference, 50)
    assert r.ok and r.digits == 50 and calls == [60]
    assert evaluated == [start_dps(50) + 10] == [r.closed.dps]  # settling took 60 and 70
    wrong = compare_at(sp.pi + x * R(1, 10**45), point, lambda ctx: +ctx.pi, 50)
    assert not wrong.ok and 44 <= wrong.digits <= 46  # a wrong closed form is still caught


def test_a_reference_that_loses_the_digits_of_its_long_inputs_is_computed_once_in_full():
    """A reference that cancels 40 digits (the terms of ln f of Beta(10^40, ...)) with an
    input of 41 digits: the loss is measured by two cheap evaluations at 102 and 112 digits,
    and the full one starts 40 digits higher, so it is computed once at 300 digits and more
    (before: at 310, then again at 350).  A closed form off by 10^-290 is still caught."""
    x = sp.Symbol("x", positive=True)
    big = sp.Integer(10) ** 40
    reference, calls = _counting(lambda ctx: (ctx.pi + ctx.mpf(big)) - ctx.mpf(big))
    r = compare_at(sp.pi + 0 * x, {x: big}, reference, 300)
    assert r.ok and r.digits == 300
    assert calls[0] < 150 and calls[1] == calls[0] + 10  # the probe: two cheap evaluations
    assert len([c for c in calls if c >= 300]) == 1
    wrong = compare_at(sp.pi * (1 + R(1, 10**290)), {x: big}, reference, 300)
    assert not wrong.ok and 289 <= wrong.digits <= 291


def test_short_inputs_are_not_probed():
    x = sp.Symbol("x", positive=True)
    reference, calls = _counting(lambda ctx: +ctx.pi)
    assert compare_at(sp.pi, {x: R(1, 3)}, reference, 300).ok and calls == [310]


def test_an_unsimplified_zero_computes_the_reference_once_at_the_first_precision():
    """ln(6s) - ln(2s) - ln 3 is 0 but not written as 0: the shortcut's reference is reused by
    the zero rule instead of being computed again (seconds at 1000 digits)."""
    s = sp.Symbol("s", positive=True)
    reference, calls = _counting(lambda ctx: ctx.log(6) - ctx.log(2) - ctx.log(3))
    r = compare_at(sp.log(6 * s) - sp.log(2 * s) - sp.log(3), {s: sp.Integer(1)}, reference, 20)
    assert r.ok and r.closed is None and calls[:2] != [30, 30]


def test_a_closed_form_that_cancels_past_the_first_evaluation_is_settled_in_full():
    """ln s - (s - 1) + (s - 1)^2/2 at s = 1 + 1e-30 is about 3.3e-91: 91 digits cancel, more
    than one evaluation STEP above the start keeps, so the shortcut disagrees with the
    reference and the closed form is settled at growing precision, then verified."""
    s = sp.Symbol("s", positive=True)
    closed = sp.log(s) - (s - 1) + (s - 1) ** 2 / 2
    point = {s: 1 + R(1, 10**30)}

    def series(ctx):  # x^3/3 - x^4/4 + x^5/5 - ..., no cancellation
        u = ctx.mpf(10) ** -30
        return sum((-1) ** (k + 1) * u**k / k for k in range(3, 12))

    r = compare_at(closed, point, series, 30)
    assert r.ok and r.digits == 30 and r.closed.dps > start_dps(30, [point[s]]) + 10
    bad = compare_at(closed, point, lambda ctx: series(ctx) * (1 + ctx.mpf(10) ** -25), 30)
    assert not bad.ok and 24 <= bad.digits <= 26


# --- the working precision ------------------------------------------------------------------

def test_settle_grows_the_precision_through_cancellation():
    s2 = 1 + R(1, 10**30)

    def kl(ctx):
        b = ctx.mpf(s2.p) / s2.q
        return ctx.log(b) + 1 / (2 * b**2) - ctx.mpf(1) / 2

    r = settle(kl, 50, start_dps(50, [s2]))
    ctx = high(600)
    truth = normal_kl(0, 1, 0, s2, ctx)
    assert r.reached and r.dps >= 120
    assert abs(ctx.make_mpf(r.value._mpf_) - truth) / truth < ctx.mpf(10) ** -50


def test_start_precision_covers_absorbed_exact_inputs():
    """1 - 1e-300 is 1 at 60 and at 70 digits: agreement of two evaluations cannot see it."""
    assert input_digits([TINY]) == 301 and start_dps(50, [TINY]) >= 350

    def log1m(ctx):
        return ctx.log(1 - ctx.mpf(TINY.p) / TINY.q)

    naive = settle(log1m, 50, 60)
    assert naive.zero  # 0 at both precisions: not claimed as digits
    good = settle(log1m, 50, start_dps(50, [TINY]))
    ctx = high(800)
    assert good.reached
    assert abs(ctx.make_mpf(good.value._mpf_) + ctx.mpf(10) ** -300) < ctx.mpf(10) ** -345


# --- step checks ------------------------------------------------------------------------------

def test_step_check_compares_tiny_sides_relatively():
    p = sp.Symbol("p", positive=True)
    points = [{p: R(1, 10**20)}, {p: R(3, 10**22)}, {p: R(7, 10**21)}]
    lhs = sp.log(1 + p) - p
    right = sum((-1) ** (k + 1) * p**k / k for k in range(2, 9))  # agrees to ~p^7 relatively
    wrong = -p**2 / 2 + p**3 / 4
    ok = check_step(lhs, right, points, {}, 50)
    assert ok.ok and ok.method == "numeric" and ok.agree_digits >= 47
    bad = check_step(lhs, wrong, points, {}, 50)
    assert not bad.ok and bad.agree_digits < 25


def test_step_check_zero_side_needs_both_sides_to_vanish():
    a, b = sp.symbols("a b", real=True)
    points = [{a: R(679, 500), b: R(1437, 500)}]
    vanishing = -sp.log(1 / (b - a)) - sp.log(b - a)
    c = check_step(vanishing, sp.Integer(0), points, {}, 50)
    assert c.ok and c.agree_digits is None and "vanish" in c.detail
    tiny = sp.Rational(1, 10**70) * (b - a)
    assert not check_step(tiny, sp.Integer(0), points, {}, 50).ok


# --- the checker ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_kl():
    return prepare("kl/bernoulli", {"p1": "1e-300", "p2": "1e-299"}, None)


@pytest.fixture(scope="module")
def kl_5e_51():
    return prepare("kl/normal", {"mu1": "0", "sigma1": "1", "mu2": "1e-25", "sigma2": "1"}, None)


def test_checker_judges_against_the_true_tiny_kl(tiny_kl):
    assert judge(tiny_kl, "6.6974e-300")["verdict"] == "correct"
    assert judge(tiny_kl, "6.6975e-300")["verdict"] == "incorrect"
    assert judge(tiny_kl, "-2.3026e-300")["verdict"] == "incorrect"


@pytest.mark.parametrize(("claim", "verdict"), [
    ("0", "incorrect"), ("1e-50", "incorrect"), ("2*10^(-50)", "incorrect"),
    ("5e-51", "correct"), ("5.000e-51", "correct"), ("1/(2*10^50)", "correct"),
    ("4.9e-51", "incorrect"),
])
def test_checker_on_a_kl_of_exactly_5e_51(kl_5e_51, claim, verdict):
    assert judge(kl_5e_51, claim)["verdict"] == verdict


def test_a_decimal_claim_is_compared_to_every_digit_it_writes():
    problem = prepare("entropy/exponential", {"lambda": "2"}, None)
    ctx = high(400)
    truth = 1 - ctx.log(2)  # h = 1 - ln(lambda)
    digits = ctx.nstr(truth, 120, strip_zeros=False)
    assert len(digits.replace("0.", "", 1)) == 120
    assert judge(problem, digits)["verdict"] == "correct"
    where = digits.index(".") + 100  # the 100th significant digit (the first is right after .)
    wrong = digits[:where] + str((int(digits[where]) + 1) % 10) + digits[where + 1:]
    assert judge(problem, wrong)["verdict"] == "incorrect"


def test_check_cli_exit_codes_for_the_tiny_kl(capsys):
    argv = ["check", "--against", "kl/bernoulli", "--param", "p1=1e-300", "--param",
            "p2=1e-299", "--format", "json"]
    assert main([argv[0], "6.6974e-300", *argv[1:]]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "correct"
    assert main([argv[0], "-2.3026e-300", *argv[1:]]) == 1
    capsys.readouterr()


def test_chain_lines_of_size_1e_60_are_compared_relatively(tmp_path, capsys):
    steps = tmp_path / "steps.txt"
    steps.write_text("log(a^2)*1e-60\n2*log(a)*1e-60\n3*log(a)*1e-60\n")
    assert main(["check", "--steps", str(steps), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["first_wrong"]["line"] == 3
    steps.write_text("log(a^2) - 2*log(a)\n0\n")
    assert main(["check", "--steps", str(steps)]) == 0
    capsys.readouterr()
