"""quantised-entropy's text depends only on the request, not on what a long-lived process
(the app) computed before it.

The cell sums are kept by precision (measures/quantised_sums.py) and a sum kept at more
digits answers a request at fewer; such a sum walks more cells and leaves a smaller tail.
The extras show the cells summed and the tails' mass and bound, so they read the sums at
the request's own precisions: request B after A (the same law and delta at 120 digits)
must print what B prints in a cleared process.  On the code before this, the extras of B
showed A's cells (-259..258 instead of -186..185) and A's tails.
"""

import mpmath
import pytest

from symbolic_info import derive
from symbolic_info.catalog import clear_cache
from symbolic_info.measures import quantised

LAW, DELTA = "normal(0, 1)", "1/10"


def _forget_everything():
    clear_cache()
    quantised.quantised_entry.cache_clear()
    quantised.clear_sums()


@pytest.fixture
def cleared():
    _forget_everything()
    yield
    _forget_everything()


def _shown(d) -> dict:
    return d.extras["quantisation"]["X"]


def test_extras_after_a_request_at_more_digits_equal_those_of_a_cleared_process(cleared):
    fresh = derive("quantised-entropy", X=LAW, delta=DELTA)
    _forget_everything()
    wider = derive("quantised-entropy", X=LAW, delta=DELTA, dps=120)  # kept: more cells
    # the premise: the sum A kept covers other cells, so reusing it would show in the text
    assert _shown(wider)["cells"] != _shown(fresh)["cells"]
    clear_cache()  # only the finished derivations: the sums kept at 120 digits stay
    again = derive("quantised-entropy", X=LAW, delta=DELTA)
    assert again.verified and fresh.verified
    assert again.extras == fresh.extras
    assert again.to_dict() == fresh.to_dict()


def test_the_cells_shown_hold_all_but_the_tail_mass_shown(cleared):
    """The cells and tail mass of the text are the request's own: the normal's mass outside
    cells i0..i1 is erfc(edge / sqrt 2) on both sides, computed here from the definition."""
    shown = _shown(derive("quantised-entropy", X=LAW, delta=DELTA))
    i0, i1 = (int(v) for v in shown["cells"].split(".."))
    assert (i0, i1) == (-186, 185)
    ctx = mpmath.MPContext()
    ctx.dps = 30
    outside = (ctx.erfc(-ctx.mpf(i0) / 10 / ctx.sqrt(2))
               + ctx.erfc(ctx.mpf(i1 + 1) / 10 / ctx.sqrt(2))) / 2
    assert abs(ctx.mpf(shown["tail_mass"]) / outside - 1) < ctx.mpf("0.01")
    # negative control: the wider range of a 120-digit sum leaves a mass 10^70 smaller
    wider = (ctx.erfc(ctx.mpf(259) / 10 / ctx.sqrt(2))
             + ctx.erfc(ctx.mpf(259) / 10 / ctx.sqrt(2))) / 2
    assert not abs(wider / outside - 1) < ctx.mpf("0.01")
