"""quantised-entropy's walk over the cells as the value's step tells it: which cells are
summed (or why none can be), the cell that holds the median (shown as the step's example
cell), and the reason text when the far tails go by their series.

>>> from .quantised_law import QuantisedLaw
>>> law = QuantisedLaw("uniform(0, 1)", "X")
>>> cells_to_sum(law, sp.Rational(1, 4))[:2], median_cell(law, sp.Rational(1, 4), 0, 4)
((0, 4), 1)
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError
from ..numeric.cell_tails import far_series, series_shortcut
from ..numeric.cells import (
    LOW_DIGITS,
    MAX_CELLS,
    CellLimitError,
    NarrowLawError,
    cell_range,
    tails_at,
)
from ..numeric.context import NumericError, new_context, to_decimal
from ..numeric.density_cdf import MAX_NUMERIC_CELLS
from ..params import shorten
from .message import verified_entropy
from .quantised_law import QuantisedLaw, check_cell_count

__all__ = ["cells_to_sum", "median_cell", "far_sum_reason", "limit_entropy"]


def limit_entropy(text: str):
    """h(X) in nats as a closed form, from the ``entropy`` entry (verified on its own)."""
    return verified_entropy(text, "its limit h(X) - log delta")


def cells_to_sum(law: QuantisedLaw, delta) -> tuple:
    """``(i0, i1, series)`` at the step precision (``series``: the far tails' series when
    the law is too wide to walk, else None), or the one-line refusal."""
    try:
        i0, i1 = cell_range(law.pieces, law.var, law.lo, law.hi, delta, 50, new_context(50))
        if law.numeric and i1 - i0 > MAX_NUMERIC_CELLS:
            c = new_context(15)
            fits = to_decimal(c.mpf(delta.p) * (i1 - i0) / (delta.q * MAX_NUMERIC_CELLS), 2, c)
            raise DerivationError(
                f"{shorten(law.text, 40)} has no closed-form CDF, so its cells are integrated "
                f"one by one: at most {MAX_NUMERIC_CELLS} cells, and delta = "
                f"{shorten(delta, 30)} needs about {i1 - i0} (a delta of about {fits} or "
                "more fits)")
        tupled = sp.Tuple(*(sp.Tuple(*p) for p in law.pieces))  # far_series' cache key
        if not series_shortcut(tupled, law.f, law.var, law.lo, law.hi, delta, i1 - i0, 50):
            return i0, i1, None
        walk = f"{i1 - i0} cells to walk, whose far tails go by their series"
    except NarrowLawError as exc:
        raise DerivationError(f"{shorten(law.text, 40)} at delta = "
                              f"{shorten(delta, 30)}: {exc}") from None
    except CellLimitError as exc:
        if law.numeric:
            raise DerivationError(f"{shorten(law.text, 40)} has no closed-form CDF and at "
                                  f"delta = {shorten(delta, 30)}: {exc}") from None
        walk = exc
        check_cell_count(law.text, limit_entropy(law.text), delta)  # before the far tails
    except NumericError as exc:  # the tails of a density without a closed-form CDF
        raise DerivationError(f"{shorten(law.text, 40)}: {exc}") from None
    try:
        series = far_series(sp.Tuple(*(sp.Tuple(*p) for p in law.pieces)), law.f, law.var,
                            law.lo, law.hi, delta, 50)
    except NumericError as exc:  # CellLimitError too
        raise DerivationError(
            f"{law.text} at delta = {shorten(delta, 30)}: {walk} (at most {MAX_CELLS} "
            f"cells are summed; far tails by a series: {exc})"
            + ("" if "heavy" in str(walk) else "; take a larger delta")
        ) from None
    return series.plan.i0, series.plan.i1, series


def median_cell(law: QuantisedLaw, delta, i0: int, i1: int) -> int:
    """The cell that holds the median (the first cell whose right end has P(X > t) <= 1/2)."""
    tails = tails_at(law.pieces, law.var, LOW_DIGITS)
    ctx = tails.ctx
    first, last = i0, i1 - 1
    while first < last:
        mid = (first + last) // 2
        if tails.right(ctx.mpf((mid + 1) * delta.p) / delta.q) > ctx.mpf(1) / 2:
            first = mid + 1
        else:
            last = mid
    return first


def far_sum_reason(name: str, i0: int, i1: int, series) -> str:
    """The reason of the value's step when the far tails go by their series."""
    def where(s):
        return f"$i \\ge {s.start}$" if s.direction > 0 else f"$i \\le {s.start}$"

    em = [s for s in series.sides if not s.geometric]
    geometric = [s for s in series.sides if s.geometric]
    text = (rf"$H({name}_\delta) = -\sum_i p_i \ln p_i$ with "
            r"$p_i = F((i+1)\delta) - F(i\delta)$ summed cell by cell for "
            f"$i = {i0}, \\ldots, {i1 - 1}$")
    if geometric:
        text += ("; each far tail " + " and ".join(where(s) for s in geometric)
                 + r" falls as $C e^{b x}$, so its masses are $p_j = p_0 r^j$ with "
                 r"$r = p_1 / p_0 = e^{-|b| \delta}$ ($p_2 / p_1$ checked against $r$), and "
                 r"$-\sum_{j \ge 0} p_j \ln p_j = -\frac{p_0 \ln p_0}{1 - r} - "
                 r"\frac{p_0 r \ln r}{(1 - r)^2}$ exactly (the geometric series and its "
                 r"derivative)")
    if em:
        text += ("; each far tail " + " and ".join(f"{where(s)} ({s.terms} Bernoulli terms)"
                                                   for s in em) + " summed as "
                 r"$\sum_{j \ge 0} g(j) = \int_0^\infty g + \frac{g(0)}{2} - \sum_{k=1}^{q} "
                 r"\frac{B_{2k}}{(2k)!} g^{(2k-1)}(0) + R_q$ with $g = -p \ln p$ of the cell "
                 r"$j$ beyond, $p$ extended to real $j$ through $F$ (for a density with $f'/f$ "
                 r"a ratio of polynomials of degree at most two, through the Taylor series of "
                 r"$f$ at each cell's edge, and the derivatives at $j = 0$ read off the power "
                 r"series of $-p \ln p$ there) (Euler-Maclaurin, DLMF 2.10.1); "
                 r"$|R_q| \le \frac{2 \zeta(2q)}{(2\pi)^{2q}} \int_0^N |g^{(2q)}|$ "
                 r"plus the rest beyond a cell $N$ from which the density is proved to fall, "
                 r"proved from the density with Cauchy's estimate on circles where $|g|$ is "
                 r"enclosed by ball arithmetic, below "
                 f"$10^{{{int(series.remainder_log10)}}}$ (in the extras: tail_bound)")
    return text
