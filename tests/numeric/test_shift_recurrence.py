"""Digamma and ln Gamma from a remembered value by the recurrences, right to every digit.

The expected values are MPFR's digamma and lgamma (gmpy2) with 40 more bits, each from its
own series (mpmath's took seconds a call at 1000 digits); the recurrences start from
direct values every few hundred steps at most.
"""

import gmpy2
import pytest

from symbolic_info.numeric import shift_recurrence
from symbolic_info.numeric.context import new_context


def truth(name, x, ctx):
    c = gmpy2.context(precision=ctx.prec + 40)
    _sign, man, exp, bc = x._mpf_  # x > 0, exactly
    arg = c.mul_2exp(gmpy2.mpfr(gmpy2.mpz(man), max(2, int(bc))), int(exp))
    value = c.digamma(arg) if name == "digamma" else c.lgamma(arg)[0]
    num, den = value.as_integer_ratio()
    with ctx.workprec(ctx.prec + 40):
        return ctx.mpf(num) / den


@pytest.mark.parametrize("name", ["digamma", "lgamma"])
def test_walks_up_and_down_agree_to_every_bit(name):
    ctx = new_context(1000)
    shift_recurrence.forget()
    eighth, third = ctx.mpf(5) / 8, ctx.mpf(1) / 3
    # a sweep up from 3 + 5/8, then one down from 900 + 5/8 (its first value direct)
    xs = [eighth + k for k in range(3, 150, 7)] + [eighth + k for k in range(900, 840, -5)]
    # k + 1/3 rounds to other bits in each binade: a direct value in each
    xs += [third + k for k in range(3, 40)]
    calls = []

    def direct(x, c):
        calls.append(x)
        return truth(name, x, c)

    for x in xs:
        got = shift_recurrence.shifted(name, x, ctx, direct)
        want = truth(name, x, ctx)
        assert abs(got - want) <= 2 * ctx.eps * abs(want), (name, x)
        # negative control: the same check refuses a value one part in 10^990 off
        assert not abs(got * (1 + ctx.mpf(10) ** -990) - want) <= 2 * ctx.eps * abs(want)
    assert len(calls) == 2 + 5  # 3 + 5/8, 900 + 5/8, k + 1/3 in [2, 4), [4, 8), ..., [32, 64)


def test_outside_its_range_it_declines():
    low, high = new_context(200), new_context(1000)
    assert shift_recurrence.shifted("digamma", low.mpf(50), low, None) is None  # MPFR is quick
    assert shift_recurrence.shifted("digamma", high.mpf(3) / 2, high, None) is None  # psi ~ 0
    assert shift_recurrence.shifted("lgamma", high.mpf(5) / 2, high, None) is None
    assert shift_recurrence.shifted("digamma", high.mpf(10) ** 6, high, None) is None
    assert shift_recurrence.shifted("digamma", high.mpc(3, 1), high, None) is None


def test_chains_are_bounded_and_tables_dropped(monkeypatch):
    monkeypatch.setattr(shift_recurrence, "CHAIN", 10)
    shift_recurrence.forget()
    ctx = new_context(400)
    calls = []

    def direct(x, c):
        calls.append(int(x))
        return truth("digamma", x, c)

    for k in range(2, 30):
        shift_recurrence.shifted("digamma", ctx.mpf(k), ctx, direct)
    assert calls == [2, 13, 24]  # a direct value every CHAIN + 1 steps
    for k in range(shift_recurrence.KEYS + 3):
        shift_recurrence.shifted("digamma", ctx.mpf(k + 2) + ctx.mpf(1) / (k + 3), ctx, direct)
    assert shift_recurrence.kept_keys() == shift_recurrence.KEYS
