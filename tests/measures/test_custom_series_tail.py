"""The Euler-Maclaurin tail of a slowly converging series (measures/custom_numeric.py)
against a closed form coded here.

``-sum_{k >= 2} c/k^2 ln(c/k^2)`` with ``c = 6/pi^2`` (the entropy's series of the pmf
``6/(pi^2 k^2)`` without ``k = 1``, issue 13's information-in-message example) is
``-c (ln c (zeta(2) - 1) + 2 zeta'(2))``: ``sum_{k >= 2} ln k / k^2 = -zeta'(2)``, and
mpmath's ``zeta(s, derivative=1)`` is independent of the package.  The tail's plan used a
fixed 300 terms and 15 corrections, enough for about 60 digits: at 100 digits it refused.
"""

import pytest
import sympy as sp

from symbolic_info.measures import custom_numeric
from symbolic_info.numeric.context import NumericError, new_context

K = sp.Symbol("k", integer=True, positive=True)
C = 6 / (sp.pi**2 * K**2)
TERM = -C * sp.log(C)


def _closed_form(dps):
    w = new_context(dps + 20)
    c = 6 / w.pi**2
    return -c * (w.log(c) * (w.zeta(2) - 1) + 2 * w.zeta(2, derivative=1))


def test_the_tail_reaches_80_digits_and_its_bound_is_checked(monkeypatch):
    """80 digits (the old plan, good for about 65, refused them) right to the last; then a
    plan of too few corrections (3 at the same start): its proved bound is above the
    working precision, and the sum is refused rather than shown (negative control)."""
    ctx = new_context(80)
    value = custom_numeric.euler_maclaurin_sum(TERM, K, 2, ctx)
    want = _closed_form(80)
    assert abs(value - want) < abs(want) * ctx.mpf(10) ** -79
    n, _m = custom_numeric.em_plan(90)
    monkeypatch.setattr(custom_numeric, "em_plan", lambda digits: (n, 3))
    with pytest.raises(NumericError, match="remainder bound"):
        custom_numeric.euler_maclaurin_sum(TERM, K, 2, ctx)


def test_a_term_whose_derivative_may_change_sign_is_refused(monkeypatch):
    """Without a proof that the high derivative keeps its sign the remainder has no bound,
    and the tail is refused in one line (not guessed).  (A term such as ``(2 + sin k) /
    k^2`` is refused this way or by the derivatives' cap, its derivatives swelling.)"""
    monkeypatch.setattr(custom_numeric, "sign_beyond", lambda expr, var, x0: 0)
    with pytest.raises(NumericError, match="not proved to keep its sign"):
        custom_numeric.euler_maclaurin_sum(TERM, K, 2, new_context(30))


def test_the_tails_work_is_bounded(monkeypatch):
    """Digits no plan reaches are refused before any work; the derivatives run under
    their own CPU cap (here 0), which ends in one line."""
    assert custom_numeric.em_plan(5000) is None
    with pytest.raises(NumericError, match="cannot reach 4990 digits"):
        custom_numeric.euler_maclaurin_sum(TERM, K, 2, new_context(4990))
    monkeypatch.setattr(custom_numeric, "EM_SECONDS", 0.0)
    with pytest.raises(NumericError, match="derivatives took more than 0 s"):
        custom_numeric.euler_maclaurin_sum(TERM, K, 2, new_context(30))
