"""A symmetric law's left far tail summed as its right one mirrored (numeric/mirror_tails.py,
used by numeric/cell_tails.far_cdf_cells).

On the old code the mirror did not exist (``mirror_cells`` fails to import) and the value
summed both far tails by their series (the count of series below fails there).  Negative
controls: laws that are not symmetric about a point of the half-cell grid get no mirror, and
a mirror claimed for a law that is not symmetric makes the value disagree with the reference
(which sums both tails from the density), as the engine compares them.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric import cell_tails, mirror_tails
from symbolic_info.numeric.context import new_context


def _args(text, delta):
    law = QuantisedLaw(text, "X")
    pieces = sp.Tuple(*(sp.Tuple(*p) for p in law.pieces))
    return pieces, law.var, law.lo, law.hi, sp.Rational(delta), law.f


@pytest.mark.parametrize("text,centre,want", [
    ("cauchy(0, 1)", 0.0, 0),
    ("3/10*normal(0, 1000) + 7/10*cauchy(0, 1)", 0.0, 0),
    ("cauchy(1/20, 2)", 0.05, 1),  # m = 1/20 is half of a cell of 1/10
    ("cauchy(1/3, 1)", 1 / 3, None),  # 1/3 is not on the half-cell grid
    ("1/2*cauchy(0, 1) + 1/2*normal(1/1000, 1)", 0.0005, None),  # not symmetric
    ("1/2*cauchy(0, 1) + 1/2*cauchy(0, 3)", 0.0, 0),
])
def test_the_mirror_is_found_only_for_a_law_symmetric_about_the_grid(text, centre, want):
    pieces, var, lo, hi, delta, _f = _args(text, "1/10")
    assert mirror_tails.mirror_cells(pieces, var, lo, hi, delta, centre) == want


def test_the_mirrored_sum_is_the_sum_of_both_tails(monkeypatch):
    """cauchy(1/20, 2) at delta 1/10 and 40 digits: one series with the mirror, two without,
    the same sum to every digit."""
    pieces, var, lo, hi, delta, f = _args("cauchy(1/20, 2)", "1/10")
    calls = []
    original = cell_tails.em_tail

    def counted(*args, **kwargs):
        calls.append(args[2])
        return original(*args, **kwargs)

    monkeypatch.setattr(cell_tails, "em_tail", counted)
    mirrored = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, new_context(40), f)
    assert calls == [1]
    monkeypatch.setattr(mirror_tails, "mirror_cells", lambda *args: None)
    both = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, new_context(40), f)
    assert sorted(calls) == [-1, 1, 1]
    ctx = mpmath.MPContext()
    ctx.dps = 45
    assert abs(ctx.mpf(mirrored.entropy) - ctx.mpf(both.entropy)) < \
        ctx.mpf(10) ** -39 * abs(ctx.mpf(both.entropy))
    assert abs(mirrored.tail_mass - both.tail_mass) < 1e-8


def test_a_mirror_claimed_for_a_law_that_is_not_symmetric_disagrees_with_the_reference(
        monkeypatch):
    """Negative control: cauchy(1/3, 1) mirrored about 0 as if symmetric there; the
    reference (both tails from the density, as the engine compares them) disagrees, and
    agrees with the value summed without the mirror."""
    pieces, var, lo, hi, delta, f = _args("cauchy(1/3, 1)", "1/10")
    reference = cell_tails.far_quadrature_sum(pieces, f, var, lo, hi, delta, new_context(20))
    right = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, new_context(20), f)
    monkeypatch.setattr(mirror_tails, "mirror_cells", lambda *args: 0)
    wrong = cell_tails.far_cdf_cells(pieces, lo, hi, var, delta, new_context(20), f)
    assert abs(right.entropy - reference) < 1e-17 * abs(reference)
    assert abs(wrong.entropy - reference) > 1e-6 * abs(reference)
