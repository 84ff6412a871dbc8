"""Far tails of an exponential density summed exactly as geometric series
(numeric/em_sum.geometric_tail, chosen by numeric/cell_tails.far_series).

Expected values are computed here in a fresh mpmath context from the Laplace law's cell
masses in closed form: right of the location mu each cell of width delta holds
``e^(-(a - mu)/b) (1 - e^(-delta/b)) / 2``, so a side whose first full cell starts at
``a`` sums to a geometric series written out here with 20 digits to spare, and the cell
across mu (if any) is added as it is.  On the old code these laws at 300 digits went by
the Euler-Maclaurin series (``FarSide.geometric`` did not exist), so the first test fails
there.  Negative controls: a cell mass off by 1e-200 is refused as not geometric, and a
tail that is not ``e^(b x)`` (the normal's) is not taken for one.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symbolic_info import derive
from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cell_tails, em_sum
from symbolic_info.numeric.context import NumericError, new_context


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _side(ctx, p0, r):
    """-sum_{j >= 0} p0 r^j ln(p0 r^j), summed term by term until negligible."""
    total, p, j = ctx.zero, p0, 0
    while p > ctx.mpf(10) ** -(ctx.dps + 5) or j < 10:
        total -= p * ctx.log(p)
        p *= r
        j += 1
    return total


def _laplace_entropy(ctx, mu, b, delta):
    """H(X_delta) of laplace(mu, b) on the grid i delta, from its masses in closed form."""
    k = int(ctx.floor(mu / delta))  # the cell [k delta, (k + 1) delta) holds mu
    a, c = k * delta, (k + 1) * delta
    r = ctx.exp(-delta / b)
    right0 = ctx.exp(-(c - mu) / b) * (1 - r) / 2  # first full cell right of mu
    left0 = ctx.exp(-(mu - a) / b) * (1 - r) / 2  # first full cell left of mu
    middle = 1 - ctx.exp(-(c - mu) / b) / 2 - ctx.exp(-(mu - a) / b) / 2
    total = _side(ctx, right0, r) + _side(ctx, left0, r)
    if middle > 0:
        total -= middle * ctx.log(middle)
    return total


# laplace(0, 1) here (21 s of a loaded run, at 300 digits) is the law of
# test_quantised_entropy_of_laplace_at_300_digits_is_verified_to_every_digit, whose derivation
# sums the same value and reference against the same closed form
@pytest.mark.parametrize("text,mu,b", [("laplace(1/30, 2)", sp.Rational(1, 30), 2)])
def test_far_cells_of_laplace_at_120_digits_match_the_closed_form(text, mu, b):
    """The value (masses from the CDF) and the reference (masses by Gauss-Legendre on the
    density) both take the geometric route on both sides and match the closed form.  At 120
    digits (300 took 30-41 s of a loaded run: the same code, and
    test_quantised_entropy_of_laplace_at_300_digits_is_verified_to_every_digit keeps 300)."""
    law = QuantisedLaw(text, "X")
    delta = sp.Rational(1, 100)
    pieces = sp.Tuple(*(sp.Tuple(*p) for p in law.pieces))
    series = cell_tails.far_series(pieces, law.f, law.var, law.lo, law.hi, delta, 120)
    assert [s.geometric for s in series.sides] == [True, True]
    ctx = _ctx(160)
    want = _laplace_entropy(ctx, ctx.mpf(mu.p if hasattr(mu, "p") else mu) /
                            (mu.q if hasattr(mu, "q") else 1), ctx.mpf(b), ctx.mpf(1) / 100)
    value = cell_tails.far_cdf_cells(pieces, law.lo, law.hi, law.var, delta, new_context(120),
                                     law.f)
    assert abs(ctx.mpf(value.entropy) - want) < ctx.mpf(10) ** -119
    reference = cell_tails.far_quadrature_sum(pieces, law.f, law.var, law.lo, law.hi, delta,
                                              new_context(120), law.kinks)
    assert abs(ctx.mpf(reference) - want) < ctx.mpf(10) ** -119


def test_a_mass_that_breaks_the_series_is_refused():
    """Negative control: the third cell's mass 1e-200 off (relatively) is not geometric."""
    def mass(c, w):
        p = w.exp(-w.convert(c) / 100) * (1 - w.exp(-w.mpf(1) / 100))
        return p * (1 + w.mpf(10) ** -200) if c == 12 else p

    with pytest.raises(NumericError):
        em_sum.geometric_tail(mass, 10, 1, new_context(300))


def test_only_a_falling_exponential_is_taken_for_a_geometric_tail():
    x = sp.Symbol("x", real=True)
    assert cell_tails.falls_geometrically(sp.exp(2 * x) * 3, x, -1)
    assert not cell_tails.falls_geometrically(sp.exp(2 * x) * 3, x, 1)
    assert not cell_tails.falls_geometrically(sp.exp(-x**2 / 2), x, 1)
    assert not cell_tails.falls_geometrically(x * sp.exp(-x), x, 1)


def test_quantised_entropy_of_laplace_at_300_digits_is_verified_to_every_digit():
    ctx = _ctx(340)
    d = derive("quantised-entropy", X="laplace(0, 1)", delta="1/100", dps=300)
    assert d.verified and d.verification.agree_digits >= 300
    want = _laplace_entropy(ctx, ctx.zero, ctx.one, ctx.mpf(1) / 100)
    assert abs(ctx.mpf(d.value) - want) < ctx.mpf(10) ** -298


def test_a_long_walk_with_geometric_tails_takes_the_exact_sums_instead():
    """Laplace at 50 digits and delta 1/100 holds all but a negligible mass in ~25,600
    cells; the value and the reference walk ~1,000 around the centre and sum the rest
    exactly, and both match the closed form (on the old code the value walked every cell:
    the count below fails there).  A normal's tails are not geometric: it still walks."""
    from symbolic_info.measures import quantised
    from symbolic_info.numeric import cells

    law = QuantisedLaw("laplace(1/30, 2)", "X")
    delta = sp.Rational(1, 100)
    pieces, f, lo, hi, _d, var, _r, _kinks, _points = law.args(delta)
    value = cells.cdf_cells(pieces, lo, hi, var, delta, new_context(50), f)
    assert value.cells < 3000 and value.bound == 0
    ctx = _ctx(90)
    want = _laplace_entropy(ctx, ctx.mpf(1) / 30, ctx.mpf(2), ctx.mpf(1) / 100)
    assert abs(ctx.mpf(value.entropy) - want) < ctx.mpf(10) ** -49
    quantised.clear_sums()
    _value, reference = quantised.verified_sums(law, delta, 50)
    assert abs(ctx.mpf(reference) - want) < ctx.mpf(10) ** -49
    normal = QuantisedLaw("normal(0, 1)", "X")
    assert not cell_tails.geometric_shortcut(normal.pieces, normal.f, normal.var, normal.lo,
                                             normal.hi, 10**5)
    mixture = QuantisedLaw("1/2*laplace(0, 1) + 1/2*normal(3, 1)", "X")
    assert not cell_tails.geometric_shortcut(mixture.pieces, mixture.f, mixture.var,
                                             mixture.lo, mixture.hi, 10**5)


def test_a_laplace_law_far_wider_than_its_cells_has_its_mass_beyond_exactly(monkeypatch):
    """laplace(0, 1e30) at delta 1: tanh-sinh on [500, oo) missed digits of the mass beyond
    the walked cells, and the reference refused with 'the cells and the tails integrate to
    1.0, not 1' (the old code; the derivation there raised).  The geometric side's mass is
    now e^(A + B edge)/|B|: the reference matches the closed form coded here to 50 digits.
    Negative control: that mass 1e-20 off (relative) fails the check that the masses add
    up to 1."""
    law = QuantisedLaw("laplace(0, 1e30)", "X")
    delta = sp.Integer(1)
    pieces = sp.Tuple(*(sp.Tuple(*p) for p in law.pieces))
    ctx = _ctx(90)
    # each side's cells [j, j + 1), j >= 0, hold p_j = p_0 r^j with r = e^(-1/b), p_0 = (1 -
    # r)/2: -sum p_j ln p_j = -p_0 ln(p_0)/(1 - r) - p_0 r ln(r)/(1 - r)^2 (10^32 terms)
    one_minus = -ctx.expm1(-ctx.mpf(10) ** -30)
    p0, r = one_minus / 2, 1 - one_minus
    want = 2 * (-p0 * ctx.log(p0) / one_minus - p0 * r * ctx.log(r) / one_minus ** 2)
    reference = cell_tails.far_quadrature_sum(pieces, law.f, law.var, law.lo, law.hi, delta,
                                              new_context(50), law.kinks)
    assert abs(ctx.mpf(reference) - want) < ctx.mpf(10) ** -49 * want
    original = cell_tails.quadratic_form

    def spoilt(shape, var):
        form = original(shape, var)
        return None if form is None else (form[0] + sp.Rational(1, 10**20),) + form[1:]

    monkeypatch.setattr(cell_tails, "quadratic_form", spoilt)
    with pytest.raises(NumericError, match="integrate to"):
        cell_tails.far_quadrature_sum(pieces, law.f, law.var, law.lo, law.hi, delta,
                                      new_context(50), law.kinks)
