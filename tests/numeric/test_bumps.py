"""Break points at each term's bump (symbolic_info.numeric.bumps), checked against the
terms' own centres and widths, which the tests know from the formulas."""

import mpmath
import sympy as sp

from symbolic_info.numeric.bumps import bump_terms, term_breaks
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.quadrature import Density, expectation

x = sp.Symbol("x", real=True)
LINE = (-sp.oo, sp.oo)


def _normal(mu, sigma):
    return sp.exp(-((x - mu) / sigma) ** 2 / 2) / (sigma * sp.sqrt(2 * sp.pi))


def test_far_and_narrow_terms_get_their_mode_and_widths():
    ctx = new_context(50)
    f = _normal(0, 1000) / 2 + _normal(37, sp.Rational(1, 1000)) / 2
    points = term_breaks(x, sp.log(f), LINE, ctx).points
    for k in (0, 3, -3, 12, -12):
        assert any(abs(p - (37 + sp.Rational(k, 1000))) < sp.Rational(1, 10**9) for p in points)
    assert any(abs(p) < sp.Rational(1, 10**6) for p in points)
    assert all(p.is_Rational for p in points)  # exact, for the quadrature's anchors


def test_crossing_of_two_terms_is_cut():
    """1/2 N(0, 1) and 1/2 N(37, 10^-3) are equal where x^2/2 = (1000 (x - 37))^2/2 - ln 1000:
    the roots of that quadratic, computed here, are break points."""
    ctx = new_context(50)
    f = _normal(0, 1) / 2 + _normal(37, sp.Rational(1, 1000)) / 2
    points = term_breaks(x, sp.log(f), LINE, ctx).points
    roots = sp.solve(sp.Eq(x**2 / 2, (1000 * (x - 37))**2 / 2 - sp.log(1000)), x)
    assert len(roots) == 2
    for r in roots:
        assert any(abs(sp.N(p - r, 30)) < 1e-15 for p in points), r


def test_cauchy_term_found_from_its_centre():
    ctx = new_context(30)
    f = (1 / (1 + (10**6 * (x - 5))**2)) + sp.exp(-x**2)
    points = term_breaks(x, sp.log(f), LINE, ctx).points
    assert any(abs(p - 5) < sp.Rational(1, 10**9) for p in points)
    width = 1 / (sp.sqrt(2) * 10**6)  # 1/sqrt(-(ln t)''(5)), (ln t)'' = -2 10^12 at the mode
    assert any(abs(sp.N(p - 5 - 3 * width, 30)) < 1e-12 for p in points)


def test_single_terms_and_polynomial_sums_add_nothing():
    """Negative control: one normal (peaks.py's job) and ln(1 + x^2) have no sum of bumps."""
    ctx = new_context(30)
    assert bump_terms(sp.log(_normal(0, 1)), x) == []
    assert term_breaks(x, -sp.log(1 + x**2), LINE, ctx).points == ()
    assert term_breaks(x, sp.log(sp.exp(-x) + sp.exp(-2 * x)), (0, sp.oo), ctx).points == ()


def test_expectation_sees_a_far_bump():
    """E[1] under 1/2 N(0, 1) + 1/2 N(60, 1) is 1; cut only at 0 the quadrature found 1/2."""
    ctx = new_context(50)
    f = _normal(0, 1) / 2 + _normal(60, 1) / 2
    one = expectation(Density(x, sp.log(f), LINE), sp.Integer(1), ctx)
    assert abs(one - 1) < mpmath.mpf(10) ** -45


def test_terms_without_a_bump_in_the_range_are_not_counted_as_missed():
    """A term monotone on the range has no bump there: exp(-x) and exp(-2x) on a half-line,
    or the normal(37, 1/1000) half of a mixture cut at 10 (its mode beyond the end).  They
    were counted as missed, and every exponential mixture would have carried a warning.
    Negative control: exp(-(x - 37)^8), whose mode Newton's method does not reach within
    its steps (its log is flat there), but whose log turns at 37, is counted."""
    ctx = new_context(30)
    two_rates = sp.exp(-x) + 2 * sp.exp(-2 * x)
    assert term_breaks(x, sp.log(two_rates), (0, sp.oo), ctx).missed == 0
    mixture = _normal(0, 1) / 2 + _normal(37, sp.Rational(1, 1000)) / 2
    assert term_breaks(x, sp.log(mixture), (-sp.oo, 10), ctx).missed == 0
    flat_top = sp.exp(-(x - 37) ** 8) + sp.exp(-x ** 2)
    assert term_breaks(x, sp.log(flat_top), LINE, ctx).missed == 1


def test_a_remembered_expectation_reports_the_same_unsearched_terms():
    """The second call of ``expectation`` with the same density, integrand and precision is
    a memo hit; it must tell the enclosing ``recording`` the terms the first call left
    unsearched (it said nothing, and a verification lost its note).  The flat-topped term
    exp(-(x - 37)^8) is one such term (see the test above); a fresh ``x + 0`` integrand
    keys a new entry so the test does not depend on earlier tests' memo."""
    from symbolic_info.numeric.bumps import recording

    ctx = new_context(30)
    flat_top = sp.exp(-(x - 37) ** 8) + sp.exp(-x ** 2)
    density = Density(x, sp.log(flat_top), LINE)
    g = sp.cos(x / 977)  # an integrand no other test asks for
    with recording() as first:
        a = expectation(density, g, ctx)
    with recording() as second:
        b = expectation(density, g, ctx)
    assert first.missed == 1  # the first call does count it (the test can fail)
    assert second.missed == first.missed
    assert a == b
