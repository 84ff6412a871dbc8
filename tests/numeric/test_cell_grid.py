"""Where the cells end and what the tails beyond hold (numeric/cell_grid.py), now searched
and integrated at a few digits: the ends are confirmed at the full digits, a tail form
that cancels is searched again there, and a density that cancels far out keeps the full
digits for its tail integrals.

Expected values are computed here from closed forms in a fresh mpmath context: the normal's
tail mass erfc(a / sqrt 2) / 2 and the tail 1 / (1 + e^(2a)) of the law with density
sech(x)^2 / 2.  On the old code the normal's tail mass was off by 2e-10 relatively (the
integral at 310 digits stopped on an absolute error estimate), so the first test failed.
"""

import mpmath
import sympy as sp

from symbolic_info.numeric import cell_grid, cell_tail_bound, cells
from symbolic_info.numeric.context import new_context

X = sp.Symbol("x", real=True)


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def test_the_normal_tail_mass_is_right_to_twenty_digits():
    """normal(0, 1) at delta 1/10 and 300 digits: the cells end at +-37.5 and the mass
    beyond both ends is erfc(37.5 / sqrt 2) to 20 digits."""
    f = sp.exp(-X ** 2 / 2) / sp.sqrt(2 * sp.pi)
    pieces = cells.cdf_pieces(sp.erf(X / sp.sqrt(2)) / 2, X, -sp.oo, sp.oo)
    d = sp.Rational(1, 10)
    i0, i1 = cells.cell_range(pieces, X, -sp.oo, sp.oo, d, 300, new_context(300))
    assert (i0, i1) == (-375, 375)
    _bound, mass = cells.tail_bound(f, X, -sp.oo, sp.oo, d, i0, i1, new_context(300))
    ctx = _ctx(60)
    want = ctx.erfc(ctx.mpf(75) / 2 / ctx.sqrt(2))
    assert abs(ctx.mpf(mass) / want - 1) < 1e-20


def _sech_law():
    """The density sech(x)^2 / 2 written as (1 - tanh(x)^2) / 2, which cancels far out,
    and its CDF (1 + tanh(x)) / 2, whose right tail 1/2 - tanh(x)/2 cancels too."""
    t = (1 - sp.exp(-2 * X)) / (1 + sp.exp(-2 * X))  # tanh(x), written out
    f = (1 - t ** 2) / 2
    pieces = cells.cdf_pieces(t / 2, X, -sp.oo, sp.oo)
    return f, pieces


def test_a_tail_form_that_cancels_is_searched_at_the_full_digits():
    """At 30 digits 1/2 - tanh(x)/2 is 0 beyond x = 35, so the quick search ends the cells
    too early; the end is not confirmed at the full digits and the search is repeated
    there: the true tail 1/(1 + e^(2x)) beyond the last cell is below 10^-(dps + 5) and the
    one a cell further in is not far above it."""
    _f, pieces = _sech_law()
    d, dps = sp.Rational(1, 4), 100
    i0, i1 = cells.cell_range(pieces, X, -sp.oo, sp.oo, d, dps, new_context(dps))
    ctx = _ctx(dps + 40)

    def tail(i):  # P(X > i d) = P(X < -i d), exact
        return 1 / (1 + ctx.exp(2 * ctx.mpf(i) / 4))
    eps = ctx.mpf(10) ** -(dps + cell_grid.TAIL_GUARD)
    assert tail(i1) < eps and tail(-i0) < eps
    assert tail(i1 - 3) > eps * ctx.mpf(10) ** -1
    quick = cell_grid.tails_at(pieces, X, cell_grid.SEARCH_DIGITS)
    assert quick.right(quick.ctx.mpf(i1 - 40) / 4) == 0  # the form does cancel at 30 digits


def test_a_density_that_cancels_far_out_keeps_the_full_digits(monkeypatch):
    """exponential(1) written as ((e^-x + 1)^2 - 1 - e^-2x) / 2, which loses about x / ln 10
    digits: the tail's mass beyond the cells matches the exact e^(-a) (to the 10 or so
    digits the full working precision keeps there); forcing the quick integrals at 40
    digits (negative control) loses it, the density being noise there."""
    f = ((sp.exp(-X) + 1) ** 2 - 1 - sp.exp(-2 * X)) / 2
    pieces = cells.cdf_pieces(-sp.exp(-X), X, sp.Integer(0), sp.oo)
    d, dps = sp.Rational(1, 4), 100
    _i0, i1 = cells.cell_range(pieces, X, sp.Integer(0), sp.oo, d, dps, new_context(dps))
    ctx = _ctx(60)
    want = ctx.exp(-ctx.mpf(i1) / 4)
    _bound, mass = cells.tail_bound(f, X, sp.Integer(0), sp.oo, d, 0, i1, new_context(dps))
    assert abs(ctx.mpf(mass) / want - 1) < 1e-6
    monkeypatch.setattr(cell_tail_bound, "_steady", lambda *args: True)
    _bound, quick = cells.tail_bound(f, X, sp.Integer(0), sp.oo, d, 0, i1, new_context(dps + 1))
    assert not abs(ctx.mpf(quick) / want - 1) < 1e-6


def test_the_ends_are_confirmed_once_at_the_full_digits(monkeypatch):
    """cell_range looks first at 30 digits (to find the median cell for the entropy floor)
    and confirms only its final ends at the full digits: one evaluation of each far tail
    there (each is an erfc of the far tail, 0.1-0.2 s at 1000 digits); the old code
    confirmed the first look too (four).  The ends are those of the normal's tail mass
    coded here: beyond them below 10^-(dps + TAIL_GUARD + 1), two cells further in not (the
    search stops within a cell or two of the threshold)."""
    x, dps, d = X, 200, sp.Rational(1, 10)
    pieces = cells.cdf_pieces(sp.erf(x / sp.sqrt(2)) / 2, x, -sp.oo, sp.oo)
    full = []
    original = cell_grid.Tails.right, cell_grid.Tails.left

    def counted(k):
        def tail(self, t):
            if self.ctx.dps > 100:
                full.append(k)
            return original[k](self, t)
        return tail

    monkeypatch.setattr(cell_grid.Tails, "right", counted(0))
    monkeypatch.setattr(cell_grid.Tails, "left", counted(1))
    i0, i1 = cells.cell_range(pieces, x, -sp.oo, sp.oo, d, dps, new_context(dps))
    assert sorted(full) == [0, 1]
    ctx = _ctx(dps + 40)
    eps = ctx.mpf(10) ** -(dps + cell_grid.TAIL_GUARD + 1)

    def tail(i):
        return ctx.erfc(ctx.mpf(i) / 10 / ctx.sqrt(2)) / 2
    assert tail(i1) < eps and tail(-i0) < eps and tail(i1 - 2) > eps


def test_a_singular_end_inside_the_cells_keeps_the_tail_integrals_at_a_few_digits(monkeypatch):
    """Gamma(1/2, 1) at delta 1/10 and 200 digits: its density is infinite at the end 0,
    where the cells start and no tail lies; the right tail's integrals run at TAIL_DIGITS (at
    the full digits they took 37 s a call at 1000), and the bound still covers what the
    cells beyond add (summed here from erfc) while staying below 10^-201 of H.  With the
    side of 0 counted (the old check) the density is not steady there, and the integrals
    would run at the full digits."""
    f = X ** sp.Rational(-1, 2) * sp.exp(-X) / sp.sqrt(sp.pi)
    d, lo, hi = sp.Rational(1, 10), sp.Integer(0), sp.oo
    edges = cell_tail_bound._outer_edges(lo, hi, d, 0, 4800)
    assert edges == ((4800, 1),)
    assert cell_tail_bound._steady(f, X, d, edges, 0, 200)
    assert not cell_tail_bound._steady(f, X, d, ((0, -1), *edges), 0, 200)  # the old edges
    seen = []
    original = cell_tail_bound._tail_integrals

    def recorded(*args):
        seen.append(args[-1])
        return original(*args)

    monkeypatch.setattr(cell_tail_bound, "_tail_integrals", recorded)
    ctx = new_context(200)
    bound, mass = cell_tail_bound.tail_bound(f, X, lo, hi, d, 0, 4800, ctx)
    assert seen == [cell_tail_bound.TAIL_DIGITS + 10]
    ref = _ctx(260)
    right = [ref.erfc(ref.sqrt(ref.mpf(i) / 10)) for i in range(4800, 5400)]
    beyond = -ref.fsum((r - s) * ref.log(r - s) for r, s in zip(right, right[1:],
                                                                strict=False))
    assert beyond < ref.mpf(bound) < ref.mpf(10) ** -201
    assert abs(ref.mpf(mass) / right[0] - 1) < 1e-20


def test_a_cell_limit_of_the_quick_search_is_confirmed_by_two_tail_values():
    """gamma(5/2, 1) at delta 1/100 and 1010 digits needs some 234,000 cells: the quick
    search's CellLimitError is confirmed at the full digits by the tails two cells inside
    the ends it found (no second search); negative controls: ends moved out to where the
    full tails hold less than 10^-guard, or a span within MAX_CELLS, are not confirmed."""
    from symbolic_info.measures.quantised_law import QuantisedLaw

    law = QuantisedLaw("gamma(5/2, 1)", "X")
    pieces, _f, lo, hi, d, x, *_ = law.args(sp.Rational(1, 100))
    pieces = sp.Tuple(*(sp.Tuple(*p) for p in pieces))
    guard = 1010 + cell_grid.TAIL_GUARD
    quick = cell_grid.tails_at(pieces, x, cell_grid.SEARCH_DIGITS)
    try:
        cell_grid._search(quick, lo, hi, d, guard)
    except cell_grid.CellLimitError as exc:
        found = exc
    assert 2.0e5 < found.cells < 2.6e5
    assert cell_grid._limit_holds(found, pieces, x, lo, hi, d, guard)
    left, right = found.ends
    found.ends = (left, right + 100)  # beyond where the tail holds 10^-guard
    assert not cell_grid._limit_holds(found, pieces, x, lo, hi, d, guard)
    found.ends = (left, left + (cell_grid.MAX_CELLS - 10) / 100)  # within the limit
    assert not cell_grid._limit_holds(found, pieces, x, lo, hi, d, guard)
    no_ends = cell_grid.CellLimitError("no ends")
    assert not cell_grid._limit_holds(no_ends, pieces, x, lo, hi, d, guard)
