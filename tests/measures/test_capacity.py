"""capacity: closed forms against values computed here, the certificate, bad channels refused.

Expected values are computed in this file from textbook formulas or by a direct
maximisation of I(X;Y) written here (mpmath at 80 digits in a fresh context), never
from the package's steps or solver.
"""

import random

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import DerivationError, derive
from symbolic_info.catalog import clear_cache
from symbolic_info.cli import main
from symbolic_info.engine.run import run
from symbolic_info.measures.capacity import classify
from symbolic_info.measures.channel_spec import MAX_SIDE, parse_channel
from symbolic_info.numeric.channel_capacity import (
    divergences,
    mutual_information_float,
    solve_capacity,
)
from symbolic_info.numeric.context import new_context


def _ctx(dps=80):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _mi(ctx, rows, p):
    """I(X;Y) in nats from the definition, written here."""
    n = len(rows[0])
    q = [ctx.fsum(p[x] * rows[x][y] for x in range(len(rows))) for y in range(n)]
    return ctx.fsum(p[x] * rows[x][y] * ctx.log(rows[x][y] / q[y])
                    for x in range(len(rows)) for y in range(n) if rows[x][y] != 0)


def _two_input_capacity(ctx, rows):
    """max over alpha of I by a root of dI/dalpha (direct maximisation), in nats."""
    def f(a):
        return _mi(ctx, rows, [1 - a, a])
    a = ctx.findroot(lambda t: ctx.diff(f, t), ctx.mpf("0.45"))
    return f(a)


def _muroga(ctx, rows):
    """Capacity of a square invertible channel with an interior optimum:
    C = ln sum_j exp(c_j) with W c = -H(rows) (Muroga 1953), written here."""
    W = ctx.matrix([[ctx.mpf(v) for v in r] for r in rows])
    h = ctx.matrix([-ctx.fsum(v * ctx.log(v) for v in (ctx.mpf(w) for w in r) if v)
                    for r in rows])
    c = ctx.lu_solve(W, -h)
    return ctx.log(ctx.fsum(ctx.exp(cj) for cj in c))


def _h2(ctx, e):
    return -(e * ctx.log(e) + (1 - e) * ctx.log(1 - e))


@pytest.mark.parametrize("eps", ["1/10", "0.499", "1/1000", "9/10"])
def test_bsc_is_one_minus_h_and_a_direct_maximisation(eps):
    ctx = _ctx()
    e = ctx.mpf(sp.Rational(eps).p) / sp.Rational(eps).q
    want = 1 - _h2(ctx, e) / ctx.ln2
    d = derive("capacity", channel=f"bsc({eps})")
    assert d.verified and d.units == "bits"
    assert abs(ctx.mpf(d.value) - want) <= abs(want) * ctx.mpf(10) ** -48
    direct = _two_input_capacity(ctx, [[1 - e, e], [e, 1 - e]]) / ctx.ln2
    assert abs(direct - want) < ctx.mpf(10) ** -40


def test_bsc_at_one_half_is_exactly_zero():
    d = derive("capacity", channel="bsc(1/2)")
    assert d.verified and sp.simplify(d.result) == 0


@pytest.mark.parametrize("eps", ["1/4", "0.9", "1/1000"])
def test_bec_is_one_minus_eps(eps):
    d = derive("capacity", channel=f"bec({eps})")
    assert d.verified
    assert sp.nsimplify(d.result) == 1 - sp.Rational(eps)


@pytest.mark.parametrize("eps", ["1/2", "1/10", "0.95"])
def test_z_channel_formula_and_direct_maximisation(eps):
    ctx = _ctx()
    r = sp.Rational(eps)
    e = ctx.mpf(r.p) / r.q
    formula = ctx.log(1 + (1 - e) * e ** (e / (1 - e))) / ctx.ln2
    direct = _two_input_capacity(ctx, [[1, 0], [e, 1 - e]]) / ctx.ln2
    assert abs(formula - direct) < ctx.mpf(10) ** -40
    d = derive("capacity", channel=f"z({eps})")
    assert d.verified
    assert abs(ctx.mpf(d.value) - formula) <= formula * ctx.mpf(10) ** -48


def test_z_at_one_half_is_log2_of_five_quarters():
    d = derive("capacity", channel="z(1/2)")
    ctx = _ctx()
    assert abs(ctx.mpf(d.value) - ctx.log(ctx.mpf(5) / 4, 2)) < ctx.mpf(10) ** -48


@pytest.mark.parametrize("P,N", [("1", "1"), ("10", "1/2"), ("1e-12", "1"), ("1e15", "3"),
                                 ("1e20", "1"), ("1e-20", "1")])
def test_awgn_half_log_one_plus_snr(P, N):
    ctx = _ctx()
    snr = ctx.mpf(sp.Rational(P) / sp.Rational(N))
    want = ctx.log1p(snr) / 2
    d = derive("capacity", channel=f"awgn({P},{N})", units="nats")
    assert d.verified
    assert abs(ctx.mpf(d.value) - want) <= want * ctx.mpf(10) ** -47


def test_symmetric_matrix_is_log_outputs_minus_row_entropy():
    rows = "[[1/2,1/3,1/6],[1/6,1/2,1/3],[1/3,1/6,1/2]]"
    d = derive("capacity", channel=rows)
    assert classify(parse_channel(rows))[0] == ("kind", "symmetric")
    ctx = _ctx()
    h = -ctx.fsum(v * ctx.log(v, 2) for v in (ctx.mpf(1) / 2, ctx.mpf(1) / 3, ctx.mpf(1) / 6))
    assert d.verified
    assert abs(ctx.mpf(d.value) - (ctx.log(3, 2) - h)) < ctx.mpf(10) ** -48
    assert len(d.steps) >= 4


def test_general_matrix_against_muroga_and_its_input():
    rows = [[sp.Rational(7, 10), sp.Rational(2, 10), sp.Rational(1, 10)],
            [sp.Rational(1, 10), sp.Rational(6, 10), sp.Rational(3, 10)],
            [sp.Rational(2, 10), sp.Rational(1, 10), sp.Rational(7, 10)]]
    text = "[" + ",".join("[" + ",".join(str(v) for v in r) + "]" for r in rows) + "]"
    d = derive("capacity", channel=text, units="nats")
    assert classify(parse_channel(text))[0] == ("kind", "general")
    ctx = _ctx()
    want = _muroga(ctx, [[ctx.mpf(v.p) / v.q for v in r] for r in rows])
    assert d.verified
    assert abs(ctx.mpf(d.value) - want) < want * ctx.mpf(10) ** -48
    found = d.extras["capacity_achieving_input"]
    p = [ctx.mpf(v) for v in found["input"]]
    assert abs(ctx.fsum(p) - 1) < ctx.mpf(10) ** -25 and all(v > 0 for v in p)
    assert abs(_mi(ctx, [[ctx.mpf(v.p) / v.q for v in r] for r in rows], p) - want) < 1e-25


def test_an_unused_input_gets_probability_zero():
    # the middle row is a mixture of the others: it is never worth using
    text = "[[1,0],[1/2,1/2],[0,1]]"
    d = derive("capacity", channel=text)
    assert d.verified and abs(float(d.value) - 1) < 1e-40
    found = d.extras["capacity_achieving_input"]["input"]
    assert [float(v) for v in found] == pytest.approx([0.5, 0, 0.5], abs=1e-25)


@pytest.mark.parametrize("text,value", [("bsc(0)", 1), ("bsc(1)", 1), ("bec(0)", 1),
                                        ("bec(1)", 0), ("z(0)", 1), ("z(1)", 0),
                                        ("[[1/3,2/3],[1/3,2/3],[1/3,2/3]]", 0)])
def test_edges_of_eps_and_useless_channels(text, value):
    d = derive("capacity", channel=text)
    assert d.verified
    assert abs(float(d.value) - value) < 1e-40


def test_random_channels_against_an_independent_blahut_arimoto():
    rng = random.Random(7)
    ctx = _ctx(40)
    for m, n in ((2, 3), (3, 2), (4, 4)):
        rows = []
        for _ in range(m):
            w = [rng.randint(1, 9) for _ in range(n)]
            rows.append([sp.Rational(v, sum(w)) for v in w])
        text = "[" + ",".join("[" + ",".join(str(v) for v in r) + "]" for r in rows) + "]"
        d = derive("capacity", channel=text, units="nats", dps=30)
        W = [[ctx.mpf(v.p) / v.q for v in r] for r in rows]
        p = [ctx.mpf(1) / m] * m
        for _ in range(3000):  # plain Blahut-Arimoto, written here
            q = [ctx.fsum(p[x] * W[x][y] for x in range(m)) for y in range(n)]
            D = [ctx.fsum(W[x][y] * ctx.log(W[x][y] / q[y]) for y in range(n)) for x in range(m)]
            p = [p[x] * ctx.exp(D[x]) for x in range(m)]
            s = ctx.fsum(p)
            p = [v / s for v in p]
        assert d.verified
        assert abs(ctx.mpf(d.value) - _mi(ctx, W, p)) < 1e-12


def test_the_upper_bound_exceeds_the_capacity_away_from_the_optimum():
    r = sp.Rational
    rows = ((r(1), r(0)), (r(1, 2), r(1, 2)))
    ctx = new_context(40)
    q = [ctx.mpf(3) / 4, ctx.mpf(1) / 4]  # the output of the uniform input
    upper = max(divergences(list(rows), q, ctx))
    exact = ctx.log(ctx.mpf(5) / 4)
    assert upper > exact + ctx.mpf("0.01")
    sol = solve_capacity(rows, 40)
    assert abs(sol.upper - sol.lower) < ctx.mpf(10) ** -40
    assert mutual_information_float(rows, [0.6, 0.4]) == pytest.approx(float(exact), rel=1e-12)


def test_wrong_closed_form_is_caught():
    for text in ("bsc(1/10)", "[[1/2,1/3,1/6],[1/6,1/2,1/3],[1/3,1/6,1/2]]"):
        e = corrupt_step("capacity", lambda rhs: rhs * sp.Rational(1001, 1000))
        d = run(e, {"channel": parse_channel(text)}, None, 30)
        assert not d.verified


def test_wrong_step_is_caught():
    e = corrupt_step("capacity", lambda rhs: rhs + sp.Rational(1, 10**6), index=1)
    d = run(e, {"channel": parse_channel("z(1/3)")}, None, 30)
    assert not d.steps[1].check.ok and not d.verified


def test_wrong_kuhn_tucker_value_is_caught():
    text = "[[7/10,2/10,1/10],[1/10,6/10,3/10],[2/10,1/10,7/10]]"
    e = corrupt_step("capacity", lambda rhs: rhs + sp.Rational(1, 10**20), index=-1)
    d = run(e, {"channel": parse_channel(text)}, None, 30)
    assert not d.verified


def test_symbolic_without_a_channel_is_the_bsc_formula():
    d = derive("capacity")
    (eps,) = d.result.free_symbols
    assert d.verified
    want = 1 + (eps * sp.log(eps) + (1 - eps) * sp.log(1 - eps)) / sp.log(2)
    assert sp.simplify(d.result - want) == 0


@pytest.mark.parametrize("text,words", [
    ("bsc(1.5)", "0 <= eps <= 1"),
    ("bec(-1/10)", "0 <= eps <= 1"),
    ("[[1/2,1/2],[1/3,1/3]]", "row 2 sums to 2/3"),
    ("[[1/2,1/2],[1]]", "different lengths"),
    ("[[3/2,-1/2],[0,1]]", "negative"),
    ("awgn(0, 1)", "P > 0"),
    ("awgn(1e30, 1e-30)", "1e-20 <= P/N <= 1e20"),
    ("bsc(eps)", "not a number"),
    ("__import__('os')", "cannot read"),
    ("foo(1)", "unknown channel"),
    ("", "empty"),
    ("bsc(1, 2)", "takes 1 number"),
])
def test_bad_channels_are_refused_in_one_line(text, words):
    with pytest.raises(DerivationError) as err:
        derive("capacity", channel=text)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_size_bounds():
    row = "[" + ",".join(["1/65"] * 65) + "]"
    with pytest.raises(DerivationError, match="at most 64 columns"):
        parse_channel("[" + row + "]")
    one = "[" + ",".join(["1"]) + "]"
    with pytest.raises(DerivationError, match="at most 64 rows"):
        parse_channel("[" + ",".join([one] * (MAX_SIDE + 1)) + "]")
    with pytest.raises(DerivationError, match="longer than"):
        parse_channel("[[" + "0" * 200_000 + "]]")


def test_cli_refuses_with_exit_2_and_checks_claims(capsys):
    assert main(["derive", "capacity", "--param", "channel=[[1/2,1/2],[1/3,1/3]]"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sums to 2/3" in err
    claim = "1 + 0.1*log2(0.1) + 0.9*log2(0.9)"
    assert main(["check", claim, "--against", "capacity", "--param", "channel=bsc(0.1)"]) == 0
    assert main(["check", "0.9", "--against", "capacity", "--param", "channel=bsc(0.1)"]) == 1
    assert main(["check", "0.75", "--against", "capacity", "--param", "channel=bec(1/4)"]) == 0


def test_json_has_value_and_the_capacity_achieving_input(capsys):
    clear_cache()
    assert main(["derive", "capacity", "--param", "channel=z(1/2)", "--format", "json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["value"].startswith("0.32192809488736234787")
    assert out["extras"]["capacity_achieving_input"]["input"][1].startswith("0.4")


def _random_text(rng, m, n):
    rows = []
    for _ in range(m):
        w = [rng.randint(1, 30) for _ in range(n)]
        rows.append("[" + ",".join(f"{v}/{sum(w)}" for v in w) + "]")
    return "[" + ",".join(rows) + "]"


def test_many_inputs_share_one_kuhn_tucker_step_and_a_wrong_one_is_caught():
    text = _random_text(random.Random(11), 9, 7)
    d = derive("capacity", channel=text, units="nats")
    assert d.verified and d.verification.agree_digits == 50
    assert [s.rule.split(": ")[-1][:20] for s in d.steps[-2:]] == ["the inputs used all ",
                                                                   "that common divergen"]
    found = d.extras["capacity_achieving_input"]["input"]
    rows = parse_channel(text).rows
    ctx = _ctx()
    W = [[ctx.mpf(v.p) / v.q for v in r] for r in rows]
    assert abs(_mi(ctx, W, [ctx.mpf(v) for v in found]) - ctx.mpf(d.value)) < 1e-25
    e = corrupt_step("capacity", lambda rhs: rhs * (1 + sp.Rational(1, 10**25)))
    assert not run(e, {"channel": parse_channel(text)}, None, 30).verified


def test_largest_channel_is_answered():
    text = _random_text(random.Random(12), 64, 64)
    d = derive("capacity", channel=text)
    assert d.verified and d.verification.agree_digits == 50
