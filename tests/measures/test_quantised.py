"""quantised-entropy (course tasks 1.7, 1.8): H(X_delta) against sums and limits coded here.

Every expected value is computed in this file from the definition, in a fresh mpmath
context: exact cells of the uniform, the geometric law of the exponential's cells, and the
normal's cells summed with erfc at 90 digits.
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry, every_digit_right

from symbolic_info import DerivationError, derive
from symbolic_info.cli import main
from symbolic_info.engine.run import run
from symbolic_info.measures.quantised import quantised_entry


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _mpf(ctx, text):
    return ctx.mpf(text)


def test_uniform_on_quarters_is_exactly_log_4():
    d = derive("quantised-entropy", X="uniform(0, 1)", delta="1/4")
    ctx = _ctx(60)
    assert d.verified and d.verification.agree_digits == 50
    assert abs(ctx.mpf(d.value) - ctx.log(4)) < ctx.mpf(10) ** -49
    bits = derive("quantised-entropy", X="uniform(0, 1)", delta="1/4", units="bits")
    assert bits.verified and abs(ctx.mpf(bits.value) - 2) < ctx.mpf(10) ** -49
    # h(uniform(0, 1)) = 0: the limit h - log delta is log 4 as well, with no error
    q = d.extras["quantisation"]["X"]
    assert abs(ctx.mpf(q["h_minus_log_delta"]) - ctx.log(4)) < ctx.mpf(10) ** -49
    assert abs(ctx.mpf(q["error"])) < ctx.mpf(10) ** -45


@pytest.mark.parametrize("rate,delta", [("1", "1/10"), ("2", "1/100"), ("1/3", "1/2")])
def test_exponential_cells_are_geometric(rate, delta):
    """p_i = (1 - q) q^i with q = exp(-rate delta): H = -ln(1 - q) - q ln q / (1 - q)."""
    ctx = _ctx(80)
    lam, dl = ctx.mpf(sp.Rational(rate).p) / sp.Rational(rate).q, \
        ctx.mpf(sp.Rational(delta).p) / sp.Rational(delta).q
    q = ctx.exp(-lam * dl)
    want = -ctx.log(1 - q) + lam * dl * q / (1 - q)
    d = derive("quantised-entropy", X=f"exponential({rate})", delta=delta)
    assert d.verified
    assert abs(ctx.mpf(d.value) / want - 1) < ctx.mpf(10) ** -48
    h = 1 - ctx.log(lam)  # h(exponential(lambda)) = 1 - ln lambda
    q_x = d.extras["quantisation"]["X"]
    assert abs(ctx.mpf(q_x["h"]) - h) < ctx.mpf(10) ** -48
    assert abs(ctx.mpf(q_x["error"]) - (want - (h - ctx.log(dl)))) < ctx.mpf(10) ** -45


def _normal_cells(mu, sigma, delta, ctx, reach=22):
    """-sum p ln p over the cells of N(mu, sigma^2) within mu +- reach sigma, from erfc on
    each side of the mean (no cancellation in the tails)."""
    total = ctx.zero
    lo = int(ctx.floor((mu - reach * sigma) / delta))
    hi = int(ctx.ceil((mu + reach * sigma) / delta))

    def upper(t):  # P(X >= t)
        return ctx.erfc((t - mu) / (sigma * ctx.sqrt(2))) / 2

    for i in range(lo, hi):
        a, b = i * delta, (i + 1) * delta
        if a >= mu:
            p = upper(a) - upper(b)
        elif b <= mu:  # the lower tail by the mirror image
            p = upper(2 * mu - b) - upper(2 * mu - a)
        else:
            p = 1 - upper(b) - upper(2 * mu - a)
        total -= p * ctx.log(p)
    return total


def test_normal_at_one_hundredth_against_an_own_sum():
    ctx = _ctx(90)
    want = _normal_cells(ctx.zero, ctx.one, ctx.mpf(1) / 100, ctx)
    d = derive("quantised-entropy", X="normal(0, 1)", delta="1/100")
    assert d.verified
    assert abs(ctx.mpf(d.value) / want - 1) < ctx.mpf(10) ** -48
    q = d.extras["quantisation"]["X"]
    h = ctx.log(2 * ctx.pi * ctx.e) / 2
    assert abs(ctx.mpf(q["h_minus_log_delta"]) - (h + ctx.log(100))) < ctx.mpf(10) ** -48
    # the error is delta^2/24 times the Fisher information 1/sigma^2 to leading order
    assert abs(ctx.mpf(q["error"]) / (ctx.mpf(1) / 240000) - 1) < 1e-3
    assert float(q["tail_bound"]) < 1e-60


def test_shifted_scaled_normal_in_bits():
    ctx = _ctx(90)
    want = _normal_cells(ctx.mpf(3) / 2, ctx.mpf(2), ctx.mpf(1) / 10, ctx) / ctx.ln2
    d = derive("quantised-entropy", X="normal(3/2, 2)", delta="1/10", units="bits")
    assert d.verified and d.units == "bits"
    assert abs(ctx.mpf(d.value) / want - 1) < ctx.mpf(10) ** -48


def test_error_shrinks_fourfold_when_delta_halves():
    ctx = _ctx(60)
    h = ctx.log(2 * ctx.pi * ctx.e) / 2 + ctx.log(3)  # normal(0, 3)
    errors = []
    for n in (4, 8, 16):
        d = derive("quantised-entropy", X="normal(0, 3)", delta=f"1/{n}", dps=30)
        errors.append(ctx.mpf(d.value) - (h + ctx.log(n)))
    for big, small in zip(errors, errors[1:], strict=False):
        assert 3.9 < big / small < 4.1
    table = derive("quantised-entropy", X="normal(0, 3)", delta="1/16",
                   dps=30).extras["evidence"]
    assert abs(float(table["rates"]["error_slope"]) - 2) < 0.05
    ratios = [float(r["ratio to the row above"]) for r in table["table"][-3:]]
    assert all(3.9 < r < 4.1 for r in ratios)


def test_task_1_8_difference_tends_to_the_difference_of_entropies():
    ctx = _ctx(90)
    d = derive("quantised-entropy", X="normal(0, 1)", Y="normal(0, 2)", delta="1/10")
    assert d.verified
    want = _normal_cells(ctx.zero, ctx.one, ctx.mpf(1) / 10, ctx) \
        - _normal_cells(ctx.zero, ctx.mpf(2), ctx.mpf(1) / 10, ctx)
    assert abs(ctx.mpf(d.value) - want) < ctx.mpf(10) ** -48
    limit = ctx.mpf(d.extras["quantisation"]["limit_h_X_minus_h_Y"])
    assert abs(limit + ctx.log(2)) < ctx.mpf(10) ** -48  # h(N(0,1)) - h(N(0,4)) = -ln 2
    rows = d.extras["evidence"]["table"]
    errors = [abs(float(r["difference error"])) for r in rows]
    assert errors[-1] < errors[-2] < errors[-3] and errors[-1] < 1e-3


def test_evidence_table_shows_no_digit_of_noise_for_a_tiny_difference():
    """normal(0, 1) against normal(0, 1 + 1e-30): the differences in the evidence table are
    about 1e-31, far below what its 20-digit sums resolve; they were shown as '0' and
    '-1.6940659e-21' (attack finding F7; 2^-69, noise).  Each shown text must hold for the
    true value from erfc cells at 80 digits.  Old code: fails on every row."""
    ctx = _ctx(80)
    sy = 1 + ctx.mpf(10) ** -30
    d = derive("quantised-entropy", X="normal(0, 1)",
               Y="normal(0, 1.000000000000000000000000000001)", delta="1/10")
    rows = d.extras["evidence"]["table"]
    assert d.verified and len(rows) >= 3
    h_diff = -ctx.log(sy)  # h(N(0, 1)) - h(N(0, sy^2))
    for r in rows:
        delta = ctx.mpf(sp.Rational(r["delta"]).p) / sp.Rational(r["delta"]).q
        diff = _normal_cells(ctx.zero, ctx.one, delta, ctx) - _normal_cells(ctx.zero, sy, delta,
                                                                            ctx)
        assert every_digit_right(r["H(X_delta) - H(Y_delta)"], diff), (r, diff)
        assert every_digit_right(r["difference error"], diff - h_diff), (r, diff - h_diff)
        assert every_digit_right(r["error"], _normal_cells(ctx.zero, ctx.one, delta, ctx)
                                 - (ctx.log(2 * ctx.pi * ctx.e) / 2 - ctx.log(delta))), r
    # noise fits no slope
    assert d.extras["evidence"]["rates"]["difference_error_slope"] is None
    # negative control: a difference of 1e-13 (resolved by the sums) keeps its digits
    near = derive("quantised-entropy", X="normal(0, 1)", Y="normal(0, 1.0000000000001)",
                  delta="1/10")
    row = near.extras["evidence"]["table"][-1]
    assert not row["H(X_delta) - H(Y_delta)"].startswith("0")
    assert float(row["H(X_delta) - H(Y_delta)"]) == pytest.approx(-1e-13, rel=1e-2)


def test_wrong_step_and_wrong_claims_are_caught(capsys):
    e = quantised_entry("normal(0, 1)", None, sp.Rational(1, 10))
    values = {"X": "normal(0, 1)", "delta": sp.Rational(1, 10)}
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Rational(1, 10**30)))
    d = run(bad, values, None, 50)
    assert not d.verified and not d.steps[-1].check.ok
    bad_cell = corrupt_entry(e, lambda rhs: rhs + sp.Rational(1, 10**20), index=0)
    assert not run(bad_cell, values, None, 50).verified
    args = ["--against", "quantised-entropy", "--param", "X=uniform(0, 1)", "--param",
            "delta=1/4"]
    assert main(["check", "log(4)", *args]) == 0
    assert main(["check", "log(3)", *args]) == 1
    # h(X) - log delta is the limit, not H(X_delta): for exponential(1) at delta = 1/2 it is
    # 1 + ln 2 = 1.693..., against -ln(1 - q) - q ln q/(1 - q) = 1.6738... with q = e^-1/2
    expo = ["--against", "quantised-entropy", "--param", "X=exponential(1)", "--param",
            "delta=1/2"]
    assert main(["check", "1 + log(2)", *expo]) == 1
    exact = "-log(1 - exp(-1/2)) + exp(-1/2)/(2*(1 - exp(-1/2)))"
    assert main(["check", exact, *expo]) == 0


@pytest.mark.parametrize("params,words", [
    ({"X": "normal(0, 1)", "delta": "0"}, "must be > 0"),
    ({"X": "normal(0, 1)", "delta": "-1/2"}, "must be > 0"),
    ({"X": "beta(2, 2)", "delta": "1e-9"}, "take a larger delta"),
    ({"X": "normal(0, 1)", "delta": "1,2"}, "one number"),
    ({"X": "poisson(3)", "delta": "1/10"}, "is discrete"),
    ({"X": "geometric(1/2)", "delta": "1/10"}, "is discrete"),
    ({"X": "logistic(0, 1)", "delta": "1/1000000"}, "singular points"),
    ({"X": "normal(mu, 1)", "delta": "1/10"}, "needs numbers"),
    ({"delta": "1/10"}, "needs X"),
    ({"X": "normal(0, 1)", "eps": "1"}, "not eps"),
    ({"X": "uniform(0, 1)", "delta": "1/1000000"}, "take a larger delta"),
    ({"X": "exp(-x^4)*x^(1/3) on (0, oo)", "delta": "1/10"}, "integrates to"),
])
def test_bad_input_refused_in_one_line(params, words, capsys):
    with pytest.raises(DerivationError) as err:
        derive("quantised-entropy", **params)
    assert words in str(err.value) and "\n" not in str(err.value)
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    assert main(["derive", "quantised-entropy", *args]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_mixture_and_formula_on_a_support():
    ctx = _ctx(80)
    # 3 x^2 on [0, 1] at delta = 1/10: p_i = ((i+1)^3 - i^3)/1000 exactly
    want = -ctx.fsum((ctx.mpf((i + 1) ** 3 - i ** 3) / 1000)
                     * ctx.log(ctx.mpf((i + 1) ** 3 - i ** 3) / 1000) for i in range(10))
    d = derive("quantised-entropy", X="3*x^2 on [0, 1]", delta="1/10")
    assert d.verified and abs(ctx.mpf(d.value) - want) < ctx.mpf(10) ** -48
    m = derive("quantised-entropy", X="1/2*normal(-2, 1) + 1/2*normal(2, 1)", delta="1/5")
    assert m.verified and m.verification.agree_digits == 50


def _significant(text: str) -> int:
    """Significant digits written in a decimal string."""
    mantissa = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return len(mantissa)


def test_a_wrong_cell_sum_shows_only_digits_that_both_sums_agree_on(monkeypatch):
    """Negative control of the extras: the CDF's cell sum off by one part in 10^40 (at every
    precision, so it is stable from one precision to the next) is not verified, and the
    H_delta and error shown keep only right digits (those on which the CDF's sum and the
    density's quadrature agree), never 50 digits of the wrong sum.  Truth: the exponential's
    cells are geometric, H = -ln(1 - q) + lambda delta q / (1 - q), q = e^(-lambda delta)."""
    import dataclasses

    from symbolic_info.catalog import clear_cache
    from symbolic_info.measures import quantised

    real = quantised._cdf_sum

    def wrong(*args, **kwargs):
        s = real(*args, **kwargs)
        c = s.entropy.context
        return dataclasses.replace(s, entropy=s.entropy * (1 + c.mpf(10) ** -40))

    monkeypatch.setattr(quantised, "_cdf_sum", wrong)
    ctx = _ctx(90)
    dl = ctx.mpf(3) / 29
    q = ctx.exp(-dl)
    want = -ctx.log(1 - q) + dl * q / (1 - q)
    limit = 1 + ctx.log(ctx.mpf(29) / 3)  # h(exponential(1)) - ln delta
    try:
        clear_cache()
        d = derive("quantised-entropy", X="exponential(1)", delta="3/29")
        shown = d.extras["quantisation"]["X"]
        assert not d.verified
        for text, truth in ((shown["H_delta"], want), (shown["error"], want - limit)):
            digits = _significant(text)
            assert 30 <= digits < 50, text
            assert abs(ctx.mpf(text) - truth) <= abs(truth) * ctx.mpf(10) ** (1 - digits), text
    finally:
        monkeypatch.undo()
        clear_cache()
        quantised.quantised_entry.cache_clear()
        quantised.clear_sums()
