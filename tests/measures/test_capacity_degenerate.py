"""capacity of channels whose rows (nearly) agree or (nearly) repeat one another.

Expected values are computed here from the definition: 1 - H(eps) for the BSC, and
for two inputs the maximum of I(X;Y) over P(X = 1) = a found by bisection on
dI/da = D(W(.|1) || q) - D(W(.|0) || q) (decreasing: I is concave in a), mpmath at
400 digits in a fresh context; never from the package's solver.
"""

import json
import subprocess
import sys
from decimal import Context, Decimal

import mpmath
import pytest
import sympy as sp

from symbolic_info import DerivationError, derive
from symbolic_info.cli import derive_output
from symbolic_info.numeric.channel_capacity import divergences, solve_capacity
from symbolic_info.numeric.context import NumericError


def _ctx(dps=400):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _num(ctx, text):
    return ctx.mpf(int(sp.Rational(text).p)) / int(sp.Rational(text).q)


def _div(ctx, row, q):
    return ctx.fsum(w * ctx.log(w / v) for w, v in zip(row, q, strict=True) if w)


def _two_input_capacity(ctx, rows):
    """max_a I by bisection on dI/da (1300 halvings: a to 10^-390), in nats."""
    r0, r1 = rows

    def q(a):
        return [(1 - a) * u + a * v for u, v in zip(r0, r1, strict=True)]

    lo, hi = ctx.zero, ctx.one
    for _ in range(1300):
        mid = (lo + hi) / 2
        if _div(ctx, r1, q(mid)) - _div(ctx, r0, q(mid)) > 0:
            lo = mid
        else:
            hi = mid
    a = (lo + hi) / 2
    return (1 - a) * _div(ctx, r0, q(a)) + a * _div(ctx, r1, q(a))


def _bits(d):
    assert d.verified and d.units == "bits"
    return mpmath.mpf(d.value)


NEAR = ["0.2999999999999999", "0.299999999999999999999999", "0.299999999999999999999999999999",
        "0.299999999999999999999999999999999999999999999"]


@pytest.mark.parametrize("dps", [50, 300])
@pytest.mark.parametrize("a", NEAR)
def test_two_rows_that_agree_to_many_digits(a, dps):
    # old code: internal error (TypeError from mpmath's LU on the singular Jacobian)
    b = str(Context(prec=100).subtract(Decimal(1), Decimal(a)))
    ctx = _ctx(dps + 150)
    want = _two_input_capacity(ctx, [[_num(ctx, "0.3"), _num(ctx, "0.7")],
                                     [_num(ctx, a), _num(ctx, b)]]) / ctx.ln2
    d = derive("capacity", dps=dps, channel=f"[[0.3,0.7],[{a},{b}]]")
    _bits(d)
    with mpmath.workdps(dps + 20):
        assert abs(mpmath.mpf(d.value) - want) <= want * mpmath.mpf(10) ** (2 - dps)


@pytest.mark.parametrize("dps", [50, 300])
def test_bsc_next_to_one_half(dps):
    # old code at 50 digits: internal error (TypeError), as above
    ctx = _ctx(dps + 200)
    e = _num(ctx, "0.4999999999999999999999999999999999999999")
    want = 1 + (e * ctx.log(e) + (1 - e) * ctx.log(1 - e)) / ctx.ln2
    assert 2.8e-80 < want < 2.9e-80
    d = derive("capacity", dps=dps, channel="bsc(0.4999999999999999999999999999999999999999)")
    _bits(d)
    with mpmath.workdps(dps + 20):
        assert abs(mpmath.mpf(d.value) - want) <= want * mpmath.mpf(10) ** (2 - dps)


THREE = [
    # third row inside the segment of the first two: it gets no mass, C = C(bsc(1/10))
    ("[[0.9,0.1],[0.1,0.9],[0.89999999999999999999,0.10000000000000000001]]", 2, (0, 1)),
    # third row just outside: it replaces the first
    ("[[0.9,0.1],[0.1,0.9],[0.90000000000000000001,0.09999999999999999999]]", 0, (1, 2)),
    ("[[0.3,0.7],[0.29999999999999999999,0.70000000000000000001],[0.9,0.1]]", 0, (1, 2)),
]


@pytest.mark.parametrize(("spec", "unused", "pair"), THREE)
def test_near_duplicate_rows_get_no_mass(spec, unused, pair):
    # old code: Blahut-Arimoto fallback until the time limit, unverified
    rows = [[sp.Rational(v) for v in r.split(",")] for r in spec[2:-2].split("],[")]
    ctx = _ctx(120)
    sub = [[_num(ctx, str(v)) for v in rows[x]] for x in pair]
    want = _two_input_capacity(ctx, sub) / ctx.ln2
    d = derive("capacity", channel=spec)
    with mpmath.workdps(70):
        assert abs(_bits(d) - want) <= want * mpmath.mpf(10) ** -48
    sol = solve_capacity(tuple(tuple(r) for r in rows), 50)
    assert sol.input[unused] == 0 and unused not in sol.support


def test_certificate_catches_a_wrong_input_at_a_tiny_capacity():
    # negative control: at the capacity 6e-33 nats, an input off by 1e-20 leaves a gap
    # between max_x D and I(p) far above the 50 digits claimed
    rows = ((sp.Rational("0.3"), sp.Rational("0.7")),
            (sp.Rational("0.2999999999999999"), sp.Rational("0.7000000000000001")))
    sol = solve_capacity(rows, 50)
    ctx = _ctx(200)
    rel = (sol.upper - sol.lower) / sol.upper
    assert abs(rel) < mpmath.mpf(10) ** -50
    p = [ctx.mpf(sol.input[0]) + ctx.mpf(10) ** -20, ctx.mpf(sol.input[1]) - ctx.mpf(10) ** -20]
    q = [ctx.fsum(p[x] * ctx.mpf(rows[x][y].p) / rows[x][y].q for x in range(2))
         for y in range(2)]
    D = divergences(rows, q, ctx)
    lower = p[0] * D[0] + p[1] * D[1]
    assert (max(D) - lower) / max(D) > mpmath.mpf(10) ** -45


def test_z_channel_next_to_one_prints():
    # old code: the LaTeX printer rebuilt a product and so evaluated
    # (9999999999/10^10)^9999999999 exactly: no output before the time limit.
    # One process through the CLI (json: the value); the other formats print the same
    # derivation in this process (derive_output is what the CLI's child runs).
    ctx = _ctx(120)
    e = _num(ctx, "0.9999999999")
    want = ctx.log(1 + (1 - e) * e ** (e / (1 - e))) / ctx.ln2  # Cover & Thomas, Problem 7.8
    spec = ["--param", "channel=z(0.9999999999)", "--time-limit", "120"]
    out = subprocess.run([sys.executable, "-m", "symbolic_info.cli", "derive", "capacity",
                          "--format", "json", *spec], capture_output=True, text=True, timeout=150)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["verified"] and d["units"] == "bits"
    with mpmath.workdps(70):
        assert abs(mpmath.mpf(d["value"]) - want) <= want * mpmath.mpf(10) ** -48
    for fmt in ("text", "markdown", "latex"):
        printed = derive_output({"name": "capacity", "params": {"channel": "z(0.9999999999)"},
                                 "units": None, "dps": 50, "format": fmt})
        assert mpmath.nstr(want, 20)[:11] in printed.replace(" ", ""), fmt  # 5.307378454


@pytest.mark.parametrize(("name", "params", "shown"), [
    ("huffman", {"p": "0.5,0.5,1e-300"}, "sum to 1 + 1e-300, not 1"),
    ("huffman", {"p": "0.5,0.5,-1e-300"}, "is not positive"),
    ("huffman", {"p": "1/3,1/3,1/3,1e-40"}, "sum to 1 + 1e-40, not 1"),
    ("capacity", {"channel": "[[1e-300,0.5,0.5],[0.5,0.5,0]]"}, "sums to 1 + 1e-300, not 1"),
    ("capacity", {"channel": "[[0.5,0.5],[0.5,0.4999999999999999999999999999999999]]"},
     "sums to 1 - 1e-34, not 1"),
    ("capacity", {"channel": "[[0.5,0.5],[0.7,0.7]]"}, "sums to 7/5, not 1"),
    ("joint-entropy", {"pxy": "[[0.5,0.5],[1e-300,0]]"}, "sum to 1 + 1e-300, not 1"),
])
def test_a_sum_next_to_one_is_shown_readably(name, params, shown):
    # old code: "sum to 100000000000000000000000000..., not 1" (the digits of the fraction)
    with pytest.raises(DerivationError) as e:
        derive(name, **params)
    message = str(e.value)
    assert shown in message and "\n" not in message and len(message) < 200


def test_a_capacity_beyond_the_digit_budget_is_refused():
    # rows 10^-1600 apart: C ~ 10^-3200 nats would need more than MAX_WORK_DPS digits
    r = sp.Rational
    tiny = r(1, 10 ** 1600)
    rows = ((r(3, 10), r(7, 10)), (r(3, 10) - tiny, r(7, 10) + tiny))
    with pytest.raises(NumericError, match="too close to 0"):
        solve_capacity(rows, 50)
