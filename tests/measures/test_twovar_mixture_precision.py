"""Task 1.12's mixture at high precision: h(Y) kept as one integral cut at the components'
centres, the evidence table stored on disk, the value right at 300 digits.

The expected I(X;Y) is worked here from the definition with mpmath's own quad on a fresh
context: for a fair bit and Y | X ~ N(mu X, 1), f_1/f_0 = exp(mu y - mu^2/2), and
I = sum_x p(x) D(f_x || p) = ln 2 - E[ln(1 + exp(mu Z - mu^2/2))], Z standard normal
(both divergences equal by symmetry).
"""

import mpmath
import sympy as sp
from negative_controls import corrupt_entry

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.language import parse_model
from symbolic_info.measures import twovar_evidence
from symbolic_info.measures.custom_numeric import MixtureIntegral, NumericIntegral, peak_points
from symbolic_info.measures.twovar import request_entry
from symbolic_info.measures.twovar_finite import finite_pieces

TASK = "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)"


def mi_by_z(mu, dps):
    """ln 2 - E[ln(1 + exp(mu Z - mu^2/2))] by the trapezoidal rule with step 1/50 on
    |z| <= 40: the integrand is analytic in the strip |Im z| < pi/mu (the poles of
    ln(1 + e^t) at t = i pi (2k + 1)) and below e^-800 beyond 40, so the rule's error is
    about e^(-2 pi (pi/mu) 50) < 10^-400 for mu = 1 (Trefethen & Weideman, SIAM Rev. 56
    (2014), Thm. 5.1)."""
    c = mpmath.MPContext()
    c.dps = dps + 20
    mu, h = c.mpf(mu), c.mpf(1) / 50

    def g(z):
        t = mu * z - mu**2 / 2
        soft = t + c.log1p(c.exp(-t)) if t > 0 else c.log1p(c.exp(t))
        return soft * c.exp(-z**2 / 2)
    total = h * c.fsum(g(k * h) for k in range(-2000, 2001))
    return c.ln2 - total / c.sqrt(2 * c.pi), c


def test_the_mixture_entropy_is_one_integral_cut_at_the_centres():
    p = finite_pieces(parse_model(TASK))
    kept = [a for a in sp.Add.make_args(p.hy) if isinstance(a, NumericIntegral)]
    assert len(kept) == 1 and kept[0].limits[0][1:] == (-sp.oo, sp.oo)  # three on the old code
    assert isinstance(kept[0], MixtureIntegral)
    y, mu = kept[0].limits[0][0], next(s for s in p.hy.free_symbols if s.name == "mu")
    assert set(peak_points(kept[0].function, y)) == {0, mu}


def test_mixtures_without_centres_keep_their_pieces():
    p = finite_pieces(parse_model("X ~ bernoulli(1/2); Y | X ~ cauchy(5*X, 1)"))
    kept = [a for a in sp.Add.make_args(p.hy) if isinstance(a, NumericIntegral)]
    assert len(kept) == 3


def test_only_the_mixture_integral_cuts_at_centres():
    # a user's mixture of normals 4 apart keeps the plain kept integral (cut at kinks only):
    # Clenshaw-Curtis between its centres met the mixture's complex zeros (22 s for 14 s)
    x = sp.Symbol("x", real=True)
    f = sp.exp(-(x + 2) ** 2 / 2) + sp.exp(-(x - 2) ** 2 / 2)
    assert NumericIntegral.breaks(f, x) == ()
    assert set(MixtureIntegral.breaks(f, x)) == {-2, 2}


def test_peak_points_of_gaussian_factors_only():
    x, s = sp.Symbol("x", real=True), sp.Symbol("s", positive=True)
    assert peak_points(sp.exp(-(x - 3) ** 2 / (2 * s**2)) * x, x) == (3,)
    assert peak_points(sp.exp(-x) + sp.exp(-sp.Abs(x)) + sp.exp(x**3), x) == ()


def test_task_1_12_at_300_digits():
    truth, c = mi_by_z(1, 300)
    d = derive("mutual-information", model=TASK, mu="1", dps=300)
    assert d.verified and d.verification.agree_digits >= 300
    assert abs(c.mpf(d.value) - truth) <= c.mpf(10) ** -299 * truth


def test_a_wrong_closed_form_is_caught_at_300_digits():
    e = request_entry("mutual-information", "model", TASK, "", None, ())
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Integer(10) ** -290))
    d = run(bad, {"model": TASK, "mu": "1"}, "nats", 300)
    assert not d.verified and not d.verification.ok
    assert 280 <= d.verification.agree_digits < 300


def test_the_evidence_table_is_stored_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    twovar_evidence.evidence_table.cache_clear()
    first = twovar_evidence.evidence_table(8)
    stored = list((tmp_path / "evidence").glob("*.json"))
    assert len(stored) == 1
    twovar_evidence.evidence_table.cache_clear()
    calls = []
    monkeypatch.setattr(twovar_evidence, "_work_table", lambda shown: calls.append(shown))
    assert twovar_evidence.evidence_table(8) == first and calls == []  # read, not worked
    stored[0].write_text('{"rows": []}')  # an empty or damaged file is worked again
    twovar_evidence.evidence_table.cache_clear()
    monkeypatch.undo()
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    assert twovar_evidence.evidence_table(8) == first
    twovar_evidence.evidence_table.cache_clear()
