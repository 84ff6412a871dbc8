"""The Euler-Maclaurin tail of a slowly converging series (numeric/em_series.py)
against a closed form coded here.

``-sum_{k >= 2} c/k^2 ln(c/k^2)`` with ``c = 6/pi^2`` (the entropy's series of the pmf
``6/(pi^2 k^2)`` without ``k = 1``, issue 13's information-in-message example) is
``-c (ln c (zeta(2) - 1) + 2 zeta'(2))``: ``sum_{k >= 2} ln k / k^2 = -zeta'(2)``, and
mpmath's ``zeta(s, derivative=1)`` is independent of the package.  The tail's plan used a
fixed 300 terms and 15 corrections, enough for about 60 digits: at 100 digits it refused.

The term is of the class whose derivatives, integral and remainder have closed forms
(numeric/em_closed.py); the tests of the SymPy route take that class away
(``sympy_route``).  The entropy of ``1/(k(k+1))`` (refused before: SymPy's 46 derivatives
took more than 10 s) is checked against ``ln 2 + 2 sum_{i>=1} (zeta(2i) - 1)/(2i - 1)``:
``sum ln k/(k(k+1)) = sum_{k>=2} -ln(1 - 1/k)/k`` and ``sum ln(k+1)/(k(k+1)) = sum_{k>=1}
ln(1 + 1/k)/k`` (both telescoped), the logarithms expanded in powers of ``1/k``.
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.measures import custom_numeric
from symbolic_info.measures.custom import request_entry
from symbolic_info.numeric import em_series
from symbolic_info.numeric.context import NumericError, agree_digits, new_context

K = sp.Symbol("k", integer=True, positive=True)
C = 6 / (sp.pi**2 * K**2)
TERM = -C * sp.log(C)


def _closed_form(dps):
    w = new_context(dps + 20)
    c = 6 / w.pi**2
    return -c * (w.log(c) * (w.zeta(2) - 1) + 2 * w.zeta(2, derivative=1))


@pytest.fixture
def sympy_route(monkeypatch):
    """The term taken out of the closed-form class: SymPy's derivatives and sign proof."""
    monkeypatch.setattr(em_series, "atoms_of", lambda term, k: None)


@pytest.mark.parametrize("route", ["closed", "sympy"])
def test_the_tail_reaches_80_digits_and_its_bound_is_checked(route, monkeypatch):
    """80 digits (the old plan, good for about 65, refused them) right to the last; then a
    plan of too few corrections (3 at the same start): its proved bound is above the
    working precision, and the sum is refused rather than shown (negative control), by
    either route."""
    dps = 80
    if route == "sympy":  # 40 digits: SymPy's derivatives of 80 took 1.5 s, the same code
        monkeypatch.setattr(em_series, "atoms_of", lambda term, k: None)
        dps = 40
    ctx = new_context(dps)
    value = em_series.euler_maclaurin_sum(TERM, K, 2, ctx)
    want = _closed_form(dps)
    assert abs(value - want) < abs(want) * ctx.mpf(10) ** (1 - dps)
    plan = em_series.em_plan
    monkeypatch.setattr(em_series, "em_plan", lambda *a: (plan(*a)[0], 3))
    with pytest.raises(NumericError, match="remainder bound"):
        em_series.euler_maclaurin_sum(TERM, K, 2, ctx)


def test_a_term_whose_derivative_may_change_sign_is_refused(monkeypatch, sympy_route):
    """Without a proof that the high derivative keeps its sign the remainder has no bound,
    and the tail is refused in one line (not guessed).  (A term such as ``(2 + sin k) /
    k^2`` is refused this way or by the derivatives' cap, its derivatives swelling.)"""
    monkeypatch.setattr(em_series, "sign_beyond", lambda expr, var, x0: 0)
    with pytest.raises(NumericError, match="not proved to keep its sign"):
        em_series.euler_maclaurin_sum(TERM, K, 2, new_context(30))


def test_the_tails_work_is_bounded(monkeypatch, sympy_route):
    """Digits no plan reaches are refused before any work; the derivatives run under
    their own CPU cap (here 0), which ends in one line."""
    assert em_series.em_plan(5000) is None
    with pytest.raises(NumericError, match="cannot reach 4990 digits"):
        em_series.euler_maclaurin_sum(TERM, K, 2, new_context(4990))
    monkeypatch.setattr(em_series, "EM_SECONDS", 0.0)
    with pytest.raises(NumericError, match="derivatives took more than 0 s"):
        em_series.euler_maclaurin_sum(TERM, K, 2, new_context(30))


def _entropy_of_1_over_k_k_plus_1(dps):
    i_max = int((dps + 10) / 0.6) + 5  # (zeta(2i) - 1)/(2i - 1) < 4^-i
    ctx = mpmath.MPContext()
    ctx.dps = dps + int(0.61 * i_max) + 10  # zeta(2i) - 1 cancels 0.6 i digits
    return ctx, ctx.log(2) + 2 * ctx.fsum((ctx.zeta(2 * i) - 1) / (2 * i - 1)
                                          for i in range(1, i_max))


@pytest.mark.parametrize("dps", [50, 300])
def test_the_entropy_of_1_over_k_k_plus_1_is_verified(dps):
    """Refused before at every precision (SymPy's derivatives of ln(k(k+1))/(k(k+1)));
    now verified against the Abel-Plana reference, right against the zeta series above;
    a closed form off by 10^-40 (10^-280 at 300 digits) is caught."""
    spec = "1/(k*(k+1)) on k = 1..oo"
    d = derive("entropy", X=spec, dps=dps)
    ctx, truth = _entropy_of_1_over_k_k_plus_1(dps)
    assert d.verified and d.verification.agree_digits == dps
    assert abs(ctx.mpf(d.value) - truth) < ctx.mpf(10) ** (2 - dps)
    # (from test_custom.py's 6/(pi^2 k^2) at 300 digits, the same code, cut there)
    assert "Sum(" in str(d.result)  # kept as a series: no closed form is claimed
    assert "no closed form found" in " ".join(d.assumptions) + d.verification.method
    assert "Abel-Plana" in d.verification.method
    off = sp.Integer(10) ** -(40 if dps == 50 else 280)
    bad = corrupt_entry(request_entry("entropy", (spec,), ()), lambda rhs: rhs + off)
    assert not run(bad, {"X": spec}, None, dps).verified


@pytest.mark.parametrize("pmf", [
    1 / (1000 * (K - sp.Rational(999, 1000)) * (K + sp.Rational(1, 1000))),  # a pole at 0.999
    (10**6 + 1) / ((K + 10**6) * (K + 10**6 + 1)),  # a huge constant and shift
    (10**100 + 1) / ((K + 10**100) * (K + 10**100 + 1)),  # 100 digits cancel in 1/k - 1/(k+1)
])
def test_edges_of_the_closed_form_class_agree_with_abel_plana(pmf):
    """Telescoping pmfs (each sums to 1): the entropy's tail by the closed forms against
    the Abel-Plana reference (60 digits) and, for the huge shift, against ``ln B + 2``
    (the continuous law ``B/(x + B)^2``; the sum differs by ``O(ln B / B)``).  Each was
    refused before (SymPy's derivatives)."""
    ctx = new_context(50)
    term = -pmf * sp.log(pmf)
    value = em_series.euler_maclaurin_sum(term, K, 1, ctx)
    if pmf.has(10**100):
        want = ctx.log(ctx.mpf(10) ** 100) + 2
        assert abs(value - want) < ctx.mpf(10) ** -48
        return
    f = sp.lambdify(K, term, modules="mpmath")
    w = new_context(60)
    with mpmath.workdps(60):
        ref = custom_numeric.series_reference(lambda j: w.convert(f(j)), 1, None, w, True)
    assert abs(value - ref) < abs(ref) * ctx.mpf(10) ** -49


def test_poles_far_apart_are_summed_not_refused_by_the_integrand_at_infinity():
    """``1/k^2 - 1/(k + 10^6)^2``: its logarithm expands in ``10^6 / x`` only beyond
    ``x = 2 10^6``, and the quadrature of ``-p ln p`` on ``[n, oo)`` met ``p = 0`` (the
    difference rounds away) far out: 'integrand not finite at distance 2.9e+83'.  Now
    quadrature up to there and the closed form beyond; against 2000 terms added directly
    plus mpmath's ``nsum`` of the rest (the package's code not used)."""
    p = 1 / K**2 - 1 / (K + 10**6)**2
    ctx = new_context(50)
    value = em_series.euler_maclaurin_sum(-p * sp.log(p), K, 1, ctx)
    f = sp.lambdify(K, -p * sp.log(p), modules="mpmath")
    with mpmath.workdps(70):
        want = (mpmath.fsum(f(mpmath.mpf(j)) for j in range(1, 2000))
                + mpmath.nsum(f, [2000, mpmath.inf], method="euler-maclaurin"))
        assert abs(value - want) < abs(want) * mpmath.mpf(10) ** -49


def test_a_zero_far_right_of_the_start_keeps_the_old_route(monkeypatch):
    """``ln((k - 10^5 - 1/2)^2)``: the atoms hold only from ``k = 10^5 + 2`` on, and the
    closed route added every term before that (10^30 + 1/2: a head of 10^30 terms, no
    end).  Beyond :data:`EM_MAX_START` terms it must go to the SymPy route (here stubbed)."""
    def stub(*args):
        raise NumericError("sympy route")
    monkeypatch.setattr(em_series, "_sympy_tail", stub)
    term = sp.log((K - 10**5 - sp.Rational(1, 2))**2) / (K * (K + 1))
    with pytest.raises(NumericError, match="sympy route"):
        em_series.euler_maclaurin_sum(term, K, 1, new_context(30))


def test_the_inverse_square_pmf_is_verified_to_1000_digits():
    """Issue 15: the entropy of ``6/(pi^2 k^2)`` at 1000 digits (about 8 s of CPU on two
    cores with the caches off, the reason this test is slow), ``-ln c - 2 c zeta'(2)`` with
    ``c = 6/pi^2`` (mpmath's zeta, not a sum of the terms) right to the last digit.
    Negative control: the closed form off by 10^-900 does not pass the verification's
    comparison with this reference.  (A whole run of that wrong closed form, 40 s of CPU,
    recomputes the reference at higher precision to rule out a shortfall of its own; the
    whole run is the 300-digit control of ``1/(k(k+1))`` above, the same code.)"""
    d = derive("entropy", X="6/(pi^2*k^2) on k = 1..oo", dps=1000)
    w = new_context(1020)
    c = 6 / w.pi**2
    truth = -w.log(c) - 2 * c * w.zeta(2, derivative=1)
    assert d.verified and d.verification.agree_digits == 1000
    assert abs(w.mpf(d.value) - truth) < w.mpf(10) ** -998
    reference = w.mpf(d.verification.reference)
    assert agree_digits(w.mpf(d.value), reference, w, 1000) == 1000
    assert agree_digits(w.mpf(d.value) + w.mpf(10) ** -900, reference, w, 1000) < 905


def test_a_fractional_power_takes_the_closed_route_to_300_digits(monkeypatch):
    """``sum ln k / (zeta(3/2) k^(3/2)) = -zeta'(3/2) / zeta(3/2)`` (the entropy's series of
    the pmf ``k^(-3/2) / zeta(3/2)``; mpmath's zeta, not a sum of the terms), refused at
    1000 digits before (SymPy's derivatives); then a plan of too few corrections is refused
    by its proved bound (negative control)."""
    term = sp.log(K) / (sp.zeta(sp.Rational(3, 2)) * K ** sp.Rational(3, 2))
    assert em_series.atoms_of(term, K) is not None
    ctx, w = new_context(300), new_context(320)
    want = -w.zeta(w.mpf(3) / 2, derivative=1) / w.zeta(w.mpf(3) / 2)
    value = em_series.euler_maclaurin_sum(term, K, 1, ctx)
    assert abs(value - want) < abs(want) * ctx.mpf(10) ** -299
    plan = em_series.em_plan
    monkeypatch.setattr(em_series, "em_plan", lambda *a: (plan(*a)[0], 3))
    with pytest.raises(NumericError, match="remainder bound"):
        em_series.euler_maclaurin_sum(term, K, 1, ctx)


def test_a_term_holding_a_kept_series_takes_the_closed_route():
    """The conditional pmf of ``k^(-3/2) / zeta(3/2)`` given ``X != 1`` divides by ``S =
    P(X != 1)``, a kept series: ``sum_{k >= 2} -p ln p`` with ``p = 1 / (zeta S k^(3/2))``
    was left to SymPy's derivatives, whose sign the Sturm proof could not show ("not
    verified" at 50 digits).  With ``S`` shown positive the logarithm splits and the atoms
    hold ``S`` in their coefficients.  Expected (mpmath's zeta, ``S = (zeta - 1)/zeta``):
    ``(-(3/2) zeta'(3/2) + (zeta - 1) ln(zeta - 1)) / (zeta - 1)``; a value off by 10^-45 is
    refused (negative control)."""
    j = sp.Symbol("j", integer=True, positive=True)
    zeta = sp.zeta(sp.Rational(3, 2))
    s = custom_numeric.NumericSeries(1 / (zeta * j ** sp.Rational(3, 2)), (j, 2, sp.oo))
    p = 1 / (zeta * s * K ** sp.Rational(3, 2))
    term = -sp.log(p) * p
    assert em_series.atoms_of(term, K) is not None
    ctx, w = new_context(50), new_context(70)
    z, dz = w.zeta(w.mpf(3) / 2), w.zeta(w.mpf(3) / 2, derivative=1)
    want = (-w.mpf(3) / 2 * dz + (z - 1) * w.log(z - 1)) / (z - 1)
    value = em_series.euler_maclaurin_sum(term, K, 2, ctx)
    assert abs(value - want) < abs(want) * ctx.mpf(10) ** -49
    assert not abs(value + ctx.mpf(10) ** -45 - want) < abs(want) * ctx.mpf(10) ** -49
