"""quantised-entropy's value (cdf_cells) at 300 and 1000 digits: right to every digit against
sums coded here from mpmath's erfc at every cell edge, the same with the two sides of the
median walked in two processes or in one, and wrong values caught at 1e-900.

The expected sums: p_i = (erfc(z_i / sqrt 2) - erfc(z_{i+1} / sqrt 2)) / 2 on the right of
the mean (mirrored on the left, the cell of the mean as 1 minus its two outsides), with
z = (x - mu) / sigma, over the cells out to where the mass beyond is below 1e-(dps + 10).
"""

import os
import subprocess
import sys
from functools import lru_cache

import mpmath
import pytest
import sympy as sp
from negative_controls import spoil_series_masses

from symbolic_info import derive
from symbolic_info.catalog import clear_cache
from symbolic_info.measures import quantised
from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cells, taylor_cells, two_cores
from symbolic_info.numeric.cell_grid import CellSum
from symbolic_info.numeric.context import new_context

FRESH = "SYMBOLIC_INFO_TEST_FRESH_INTERPRETER"
"""Set in the fresh interpreter a test re-runs itself in (no second re-run)."""


@lru_cache(maxsize=4)
def _erfc_sum(mu, sigma, delta, dps, reach, cells=None):
    """-sum p ln p of N(mu, sigma^2) on the cells of width delta, within ``reach`` standard
    deviations of mu (or the cells ``first <= i < last`` given as ``cells``), each p from
    erfc on its own side of the mean, at dps + 20 digits."""
    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    mu, sigma, d = (ctx.mpf(v.p) / v.q for v in map(sp.Rational, (mu, sigma, delta)))

    def upper(t):  # P(X > t), t >= mu
        return ctx.erfc((t - mu) / (sigma * ctx.sqrt(2))) / 2

    def lower(t):  # P(X < t), t <= mu
        return ctx.erfc((mu - t) / (sigma * ctx.sqrt(2))) / 2

    first, last = cells or (int(ctx.floor((mu - reach * sigma) / d)),
                            int(ctx.ceil((mu + reach * sigma) / d)))
    middle = int(ctx.floor(mu / d))  # the cell that holds the mean
    total = ctx.zero
    for i in range(first, last):
        a, b = i * d, (i + 1) * d
        if i == middle:
            p = 1 - lower(a) - upper(b)
        elif i > middle:
            p = upper(a) - upper(b)
        else:
            p = lower(b) - lower(a)
        total -= p * ctx.log(p)
    return ctx, total


def _value(text, delta, dps, only=None):
    pieces, f, lo, hi, var, d = quantised._sum_args(QuantisedLaw(text, "X"), sp.Rational(delta))
    return cells.cdf_cells(pieces, lo, hi, var, d, new_context(dps), f, cells=only)


def _forks(monkeypatch):
    """Count the jobs of each call of run_jobs from cdf_cells (the halves of each side's
    anchors, then the Taylor blocks between them, shared by two processes)."""
    calls = []
    original = cells.run_jobs

    def counted(jobs):
        calls.append(len(jobs))
        return original(jobs)

    monkeypatch.setattr(cells, "run_jobs", counted)
    return calls


# normal(0, 1) at delta 1/2 and 400 digits: the end of
# test_a_value_off_by_1e_290_is_not_verified_and_the_true_sum_is_at_400_digits (its derivation
# sums the same cells; run here too it took 18 s of an idle suite run)
@pytest.mark.parametrize("text,mu,sigma,delta,dps,reach", [
    ("normal(1/3, 2)", "1/3", "2", "1/10", 300, 38),
])
def test_value_right_to_every_digit(text, mu, sigma, delta, dps, reach, monkeypatch):
    calls = _forks(monkeypatch)
    s = _value(text, delta, dps)
    ctx, want = _erfc_sum(mu, sigma, delta, dps, reach)
    assert calls[0] == 4 and len(calls) == 2  # both sides' anchors in halves, the blocks
    assert abs(ctx.convert(s.entropy) - want) < ctx.mpf(10) ** -dps * want


def test_two_processes_give_what_one_gives(monkeypatch):
    """A law off centre (its two sides differ): the sum with the sides in a forked child and
    in this process alone agree to every digit.  Where this process may not fork (a thread
    left by an earlier test in this worker: the app's session sweeper), the test runs in a
    fresh interpreter."""
    if two_cores.cores() < 2 and not os.environ.get(FRESH):
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", "-p", "no:xdist",
             f"{__file__}::test_two_processes_give_what_one_gives"],
            env={**os.environ, FRESH: "1"}, capture_output=True, text=True, timeout=600,
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
        assert done.returncode == 0 and "PASSED" in done.stdout, done.stdout[-2000:]
        return
    calls = _forks(monkeypatch)
    two = _value("normal(7/10, 3/2)", "1/10", 300).entropy
    assert calls[0] == 4 and len(calls) == 2 and two_cores.cores() == 2
    monkeypatch.setenv(two_cores.SWITCH, "1")
    one = _value("normal(7/10, 3/2)", "1/10", 300).entropy
    assert abs(two - one) <= abs(one) * mpmath.mpf(10) ** -300


def test_a_300_digit_derivation_sums_each_side_once(monkeypatch):
    """normal(0, 1) at delta 1/2, 300 digits, no step cache: the CDF's cells summed at 320
    digits and the density's quadrature at 310, once each; the steps' check at 50 digits
    reuses them (it summed both again at 60 digits), and the evidence table sums its other
    rows at 20 digits, each once (its row at delta 1/2 is the value's sum)."""
    from symbolic_info.measures import quantised_sums

    monkeypatch.setenv(two_cores.SWITCH, "1")  # every sum in this process, where it is seen
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "off")
    seen = []

    def counted(name, original, at):  # the call's context and delta (cdf_cells, ...)
        def call(*args, **kwargs):
            seen.append((name, args[at].dps, args[4]))
            return original(*args, **kwargs)
        return call

    monkeypatch.setattr(quantised_sums, "cdf_cells", counted("cdf", cells.cdf_cells, 5))
    monkeypatch.setattr(quantised_sums, "quadrature_cells",
                        counted("quadrature", cells.quadrature_cells, 7))
    quantised.clear_sums()
    clear_cache()
    quantised.quantised_entry.cache_clear()
    try:
        d = derive("quantised-entropy", X="normal(0, 1)", delta="1/2", dps=300)
    finally:
        quantised.clear_sums()
        clear_cache()
        quantised.quantised_entry.cache_clear()
    assert d.verified and d.steps[0].check.ok
    half = sp.Rational(1, 2)
    assert sorted(s for s in seen if s[1] > 20) == [("cdf", 320, half), ("quadrature", 310, half)]
    rows = [s[2] for s in seen if s[1] == 20]
    table = [sp.Rational(r["delta"]) for r in d.extras["evidence"]["table"]]
    assert sorted(rows) == sorted(r for r in table if r != half) and half in table


def test_a_taylor_mass_off_by_1e_900_is_caught_at_1000_digits(monkeypatch):
    """The README's delta = 1/100 at 1000 digits, the cells -70 .. 69: the Taylor masses
    serve and the sum is right to every digit; then one Taylor mass on each side 1e-900 too
    large (relative): its block no longer matches the CDF's difference and is halved down
    to the cells from the CDF, so the sum stays right to every digit."""
    monkeypatch.setenv(two_cores.SWITCH, "1")  # the masses seen here, not in a child
    wrong_at, seen = {sp.Rational(1, 4), sp.Rational(-1, 2)}, []
    ctx, want = _erfc_sum("0", "1", "1/100", 1000, None, (-70, 70))
    right = _value("normal(0, 1)", "1/100", 1000, (-70, 70)).entropy
    assert abs(ctx.convert(right) - want) < ctx.mpf(10) ** -1000 * want
    spoil_series_masses(monkeypatch, wrong_at, 900, seen)
    s = _value("normal(0, 1)", "1/100", 1000, (-70, 70))
    assert sum(ok for _a, ok in seen) > 100  # the series served the cells
    assert {a for a, ok in seen if ok} >= wrong_at  # and the wrong masses were handed out
    assert abs(ctx.convert(s.entropy) - want) < ctx.mpf(10) ** -1000 * want


def test_a_value_off_by_1e_290_is_not_verified_and_the_true_sum_is_at_400_digits(monkeypatch):
    """The value's sum made 1e-290 too large (relative) at 300 digits: the reference,
    integrated from the density, no longer agrees, and the derivation is not verified; the
    true sum is verified at 400 digits and right to every digit against the erfc sum coded
    here.  (The wrong sum at 1000 digits, off by 1e-900, was caught the same way; it took as
    long again as the true one.  The true one at 1000 digits took 90 s of a loaded run: 400
    digits runs the same code, both cores and the node store in use from 308 and 154 digits,
    and test_a_taylor_mass_off_by_1e_900_is_caught_at_1000_digits keeps the value at 1000.)"""
    original = quantised._cdf_sum

    def run(corrupt, dps, delta):
        quantised.clear_sums()
        clear_cache()

        def value(*args, **kwargs):  # the module keeps the true sums: corrupted on each call
            s = original(*args, **kwargs)
            if not corrupt:
                return s
            c = s.entropy.context
            return CellSum(s.entropy * (1 + c.mpf(10) ** -290), s.bound, s.tail_mass, s.i0,
                           s.i1)

        monkeypatch.setattr(quantised, "_cdf_sum", value)
        return derive("quantised-entropy", X="normal(0, 1)", delta=delta, dps=dps)

    bad = run(True, 300, "1/2")
    assert not bad.verified and 280 <= bad.verification.agree_digits < 300
    good = run(False, 400, "1/2")
    assert good.verified and good.verification.agree_digits >= 400
    ctx, want = _erfc_sum("0", "1", "1/2", 400, 45)  # e^(-45^2/2) < 1e-430
    assert abs(ctx.mpf(good.value) - want) < ctx.mpf(10) ** -399 * want


def _gamma_5_2_sum(delta, n, dps):
    """-sum p ln p over the first n cells of Gamma(5/2, 1) at dps + 20 digits, p from its
    tail P(X > t) = erfc(sqrt t) + 2 sqrt(t / pi) e^-t (1 + 2 t / 3) at each edge."""
    ctx = mpmath.MPContext()
    ctx.dps = dps + 20
    d = ctx.mpf(delta.p) / delta.q
    right = [ctx.erfc(ctx.sqrt(i * d)) + 2 * ctx.sqrt(i * d / ctx.pi) * ctx.exp(-i * d)
             * (1 + 2 * i * d / 3) for i in range(n + 1)]
    return ctx, -ctx.fsum((r - s) * ctx.log(r - s) for r, s in zip(right, right[1:],
                                                                  strict=False))


def test_a_skewed_law_shares_its_long_side_and_a_wrong_block_is_caught(monkeypatch):
    """Gamma(5/2, 1) at delta 1/10 and 100 digits: 22 cells left of the median, some 2,600
    right of it; the right side's anchors go in two halves and its Taylor blocks to both
    processes, and the sum is right to every digit.  A block's first mass made 1e-80 too
    large (after its check against the CDF) moves the sum by more than 1e-95: the
    comparison catches it."""
    calls = _forks(monkeypatch)
    d = sp.Rational(1, 10)
    s = _value("gamma(5/2, 1)", "1/10", 100)
    assert s.i0 == 0 and calls[0] == 4 and len(calls) == 2 and calls[1] > 1
    ctx, want = _gamma_5_2_sum(d, s.i1, 100)
    assert abs(ctx.convert(s.entropy) - want) < ctx.mpf(10) ** -100 * want
    original = taylor_cells.taylor_block

    def spoiled(*args):
        got = original(*args)
        if got is not None:
            got[0] *= 1 + got[0].context.mpf(10) ** -80
        return got

    monkeypatch.setattr(taylor_cells, "taylor_block", spoiled)
    wrong = _value("gamma(5/2, 1)", "1/10", 100)
    assert abs(ctx.convert(wrong.entropy) - want) > ctx.mpf(10) ** -95
