"""The proved Euler-Maclaurin remainder bound of a far tail (numeric/tail_remainder.py)
against remainders computed here.

For each law the far tail ``sum_{j >= 0} -p_j ln p_j`` (cells ``start + j``) is summed cell by
cell from the law's right tail written in this file (mpmath: ``erfc``, ``exp``, the upper
incomplete gamma function), to where the cells fall below 10^-60; the Cauchy's tail, which
no walk ends, is the series with 40 Bernoulli terms (its own proved bound below 10^-45).
The error of the series with ``q`` terms must lie below the proved bound, and the bound
must not be loose by more than 10^8 (a bound of no use proves nothing worth having).
"""

import math

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import cell_tails
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.tail_remainder import TailGrid, remainder_log10, singular_points

X = sp.Symbol("x", real=True)
DIGITS = 50


def _normal_pieces():
    f = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)
    return f, sp.erfc(X / sp.sqrt(2)) / 2, lambda c, x: c.erfc(x / c.sqrt(2)) / 2


def _laplace_pieces():
    f = sp.exp(-X) / 2  # the right branch of exp(-|x|)/2
    return f, sp.exp(-X) / 2, lambda c, x: c.exp(-x) / 2


def _gamma_pieces():
    k = sp.Rational(5, 2)
    f = X ** (k - 1) * sp.exp(-X) / sp.gamma(k)
    return f, sp.uppergamma(k, X) / sp.gamma(k), \
        lambda c, x: c.gammainc(c.mpf(5) / 2, x) / c.gamma(c.mpf(5) / 2)


def _mixture_pieces():
    f = (sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)
         + sp.exp(-(X - 1) ** 2 / 8) / (2 * sp.sqrt(2 * sp.pi))) / 2
    right = (sp.erfc(X / sp.sqrt(2)) + sp.erfc((X - 1) / (2 * sp.sqrt(2)))) / 4
    return f, right, lambda c, x: (c.erfc(x / c.sqrt(2)) + c.erfc((x - 1) / (2 * c.sqrt(2)))) / 4


LAWS = {
    # name: (pieces, delta, first far cell, its distance to the centre in cells)
    "normal": (_normal_pieces, sp.Rational(1, 10), 20, 20),
    "laplace": (_laplace_pieces, sp.Rational(1, 10), 20, 20),
    "gamma": (_gamma_pieces, sp.Rational(1, 4), 16, 12),
    "mixture": (_mixture_pieces, sp.Rational(1, 10), 30, 25),
}


def _brute(right, start, delta, ctx):
    """-sum p ln p over the cells start, start + 1, ... until p < 10^-60 (then the rest, a
    tail falling at least geometrically, is below 10^-55)."""
    d = ctx.mpf(delta.p) / delta.q
    total, j = ctx.zero, 0
    while True:
        p = right(ctx, (start + j) * d) - right(ctx, (start + j + 1) * d)
        if p < ctx.mpf(10) ** -60:
            return total
        total -= p * ctx.log(p)
        j += 1


def _series(f, right_sym, start, distance, delta, q, ctx):
    pieces = ((-sp.oo, sp.oo, right_sym, 1 - right_sym),)
    mass = cell_tails.cdf_mass(pieces, X, delta, 1, f)
    return cell_tails.em_tail(mass, start, 1, distance, q, ctx)


def _grid(f, delta, start, distance):
    return TailGrid(f, X, delta, start, 1, distance, singular_points(f, X), target=-DIGITS)


@pytest.mark.parametrize("name", sorted(LAWS))
def test_the_bound_holds_against_the_cells_summed_one_by_one(name):
    make, delta, start, distance = LAWS[name]
    f, right_sym, right = make()
    ctx = new_context(DIGITS)
    work = mpmath.MPContext()
    work.dps = DIGITS + 20
    brute = _brute(right, start, delta, work)
    grid = _grid(f, delta, start, distance)
    assert not grid.failed
    for q in (1, 2, 3):
        error = abs(work.mpf(_series(f, right_sym, start, distance, delta, q, ctx)) - brute)
        bound = 10 ** remainder_log10(grid, q)
        assert error <= bound, (q, error, bound)
        assert error > bound * 1e-8, (q, error, bound)


def test_the_bound_holds_for_the_cauchy_against_a_longer_series():
    """The Cauchy's tail falls like 1/s^2: the reference is the same series with 40 terms,
    whose proved remainder is below 10^-45; each shorter series must differ from it by less
    than the two bounds together."""
    f = 1 / (sp.pi * (X**2 + 1))
    right_sym = sp.atan(1 / X) / sp.pi  # P(X > x) for x > 0
    delta, start, distance = sp.Rational(1, 10), 60, 60
    ctx = new_context(DIGITS)
    grid = _grid(f, delta, start, distance)
    long_bound = 10 ** remainder_log10(grid, 40)
    assert long_bound < 1e-45
    reference = _series(f, right_sym, start, distance, delta, 40, ctx)
    for q in (1, 2, 3):
        error = abs(_series(f, right_sym, start, distance, delta, q, ctx) - reference)
        bound = 10 ** remainder_log10(grid, q)
        assert error <= bound + long_bound, (q, error, bound)
        assert error > bound * 1e-8, (q, error, bound)


def test_a_wrong_h_gives_a_bound_the_remainder_breaks():
    """Negative control: the bound from a wrong ``h`` (the density scaled by 10^-12, so
    every mass and with it ``|h|`` about 10^-11 times smaller) is below the normal's true
    remainder: the comparison above can fail, and the bound follows the ``h`` it is given."""
    make, delta, start, distance = LAWS["normal"]
    f, right_sym, right = make()
    ctx = new_context(DIGITS)
    work = mpmath.MPContext()
    work.dps = DIGITS + 20
    error = abs(work.mpf(_series(f, right_sym, start, distance, delta, 1, ctx))
                - _brute(right, start, delta, work))
    wrong = _grid(f / 10**12, delta, start, distance)
    assert not wrong.failed
    assert error > 10 ** remainder_log10(wrong, 1)


def test_a_singularity_next_to_the_tail_is_refused_without_a_hint():
    """A density with poles at 15 +- i/100 (a cell and a half from the real axis at delta
    1/10, inside the far tail) has no analytic h on any circle across x = 15: without the
    hint of its singular points the proof is not found (the circles would have to shrink
    below their intervals), and the bound is +inf, never a number."""
    f = 1 / (sp.pi * (X**2 + 1)) / ((X - 15) ** 2 + sp.Rational(1, 10**4))
    grid = TailGrid(f, X, sp.Rational(1, 10), 30, 1, 30, (), target=-DIGITS)
    assert grid.failed
    assert remainder_log10(grid, 5) == math.inf


def test_a_density_that_rises_again_is_not_proved_to_end():
    """h must fall beyond the grid's end (the end piece T_N rests on it): a density with a
    second bump far out is refused there (no end proved, +inf), while the cells' circles
    themselves are fine."""
    from symbolic_info.numeric.tail_monotone import falls_beyond

    bump = sp.exp(-X**2 / 2) + sp.exp(-(X - 40) ** 2 / 2) * sp.Rational(1, 10**30)
    assert not falls_beyond(bump, X, 10, 1)
    assert falls_beyond(bump, X, 41, 1)
    assert falls_beyond(sp.exp(-X**2 / 2), X, 10, 1)


def test_a_proof_that_runs_long_is_stopped_with_one_line(monkeypatch):
    """The Sturm proof had no cap of its own (only the CLI's 20 s): the log-derivative of
    ``1/(1 + (x^2 + x/3 + 7/5)^100)`` has a dense numerator of degree 200, whose root count
    takes about 1.3 s of CPU (degree 80: 0.4 s, too close to the cap once SymPy's caches are
    warm; degree 400: 13 s).  Under a cap of 0.2 s it stops with one line; the
    Cauchy's proof under the same cap still succeeds (control), and an enclosing budget that
    runs out first keeps its own OutOfTime (it is not this proof's to report)."""
    from symbolic_info.budget import OutOfTime, time_budget
    from symbolic_info.numeric import tail_monotone
    from symbolic_info.numeric.context import NumericError

    hostile = 1 / (1 + (X**2 + X / 3 + sp.Rational(7, 5)) ** 100)
    monkeypatch.setattr(tail_monotone, "PROOF_SECONDS", 0.2)
    with pytest.raises(NumericError, match="took more than 0.2 s of CPU") as info:
        tail_monotone.falls_beyond(hostile, X, 3, 1)
    assert "\n" not in str(info.value)
    assert tail_monotone.falls_beyond(1 / (X**2 + 1), X, 3, 1)
    monkeypatch.setattr(tail_monotone, "PROOF_SECONDS", 5.0)
    with pytest.raises(OutOfTime), time_budget(0.1):
        tail_monotone.falls_beyond(hostile, X, 3, 1)


def test_a_far_tail_whose_proof_runs_long_is_refused_in_one_line(monkeypatch):
    """The far tails' remainder rests on the proof: with its cap at 0 (the Cauchy's proof
    runs out at once) planning the Cauchy's far series at delta 1/10 ends with the one
    line, which quantised-entropy passes on as its refusal."""
    from symbolic_info.measures.quantised_law import QuantisedLaw
    from symbolic_info.numeric import tail_monotone
    from symbolic_info.numeric.context import NumericError

    monkeypatch.setattr(tail_monotone, "PROOF_SECONDS", 0.0)
    pieces, f, lo, hi, delta, var, *_rest = QuantisedLaw("cauchy(0, 1)", "X").args(
        sp.Rational(1, 10))
    cell_tails.far_series.cache_clear()
    try:
        with pytest.raises(NumericError, match="Sturm"):
            cell_tails.far_series(pieces, f, var, lo, hi, delta, 15)
    finally:
        cell_tails.far_series.cache_clear()


def test_a_grid_past_the_float_range_is_summed():
    """At 700 digits the Cauchy's grid ends some 10^350 cells out (the tail's h falls like
    s^-2 ln s): interval lengths past 10^308 are kept as logarithms (a float of them
    overflowed), and the end piece is below 10^-702 as asked; more terms, a smaller bound."""
    f = 1 / (sp.pi * (X**2 + 1))
    grid = TailGrid(f, X, sp.Rational(1, 10), 500, 1, 500, singular_points(f, X), target=-700)
    assert not grid.failed
    assert max(grid.log_len) > 308 * math.log(10)
    assert grid.end[0] < -702 * math.log(10)
    bounds = [remainder_log10(grid, q) for q in (1, 50, 150, 400)]
    assert bounds == sorted(bounds, reverse=True) and bounds[-1] < -500


def test_a_grid_planned_again_at_more_digits_reuses_its_circles(monkeypatch):
    """The value and the reference plan one far tail at two precisions: the second grid
    proves only the circles the first did not reach, and equals a grid built afresh, piece
    for piece (this test failed before the circles were remembered: forget_circles)."""
    from symbolic_info.numeric import tail_remainder

    f, delta = 1 / (sp.pi * (X**2 + 1)), sp.Rational(1, 10)
    singular = singular_points(f, X)
    proved = []
    real = tail_remainder.TailGrid._circle
    monkeypatch.setattr(tail_remainder.TailGrid, "_circle",
                        lambda self, a, b: proved.append((a, b)) or real(self, a, b))
    tail_remainder.forget_circles()
    TailGrid(f, X, delta, 100, 1, 100, singular, target=-20)
    before = len(proved)
    again = TailGrid(f, X, delta, 100, 1, 100, singular, target=-40)
    added = len(proved) - before  # the circles beyond the first grid's end only
    tail_remainder.forget_circles()
    fresh = TailGrid(f, X, delta, 100, 1, 100, singular, target=-40)
    assert 0 < added < len(proved) - before - added
    assert again.end == fresh.end and list(again.log_m) == list(fresh.log_m)
    assert list(again.log_rho) == list(fresh.log_rho)
    assert remainder_log10(again, 8) == remainder_log10(fresh, 8)
