"""Negative controls shared by the test modules: an entry with one step made wrong, and
the check that a number shown is right to every digit it shows.

>>> import sympy as sp
>>> bad = corrupt_step("entropy/exponential", lambda rhs: rhs + 1)
>>> bad.name
'entropy/exponential'
"""

from dataclasses import replace

from symbolic_info.catalog import entry
from symbolic_info.core import Step

__all__ = ["corrupt_step", "corrupt_entry", "refused_in_one_line", "every_digit_right",
           "significant_digits"]


def corrupt_step(name: str, wrong, index: int = -1):
    """Entry ``name`` whose step ``index`` (default: the closed form) has ``rhs -> wrong(rhs)``."""
    return corrupt_entry(entry(name), wrong, index)


def corrupt_entry(e, wrong, index: int = -1):
    """Entry ``e`` whose step ``index`` (default: the closed form) has ``rhs -> wrong(rhs)``."""
    original = e.build

    def build(structure):
        draft = original(structure)
        steps = list(draft.steps)
        old = steps[index]
        steps[index] = Step(old.lhs, wrong(old.rhs), old.rule)
        return replace(draft, steps=tuple(steps))

    return replace(e, build=build)


def refused_in_one_line(words: str, name: str, **params) -> None:
    """``derive(name, **params)`` must raise one line of error containing ``words``."""
    import pytest

    from symbolic_info import derive
    from symbolic_info.core import DerivationError

    with pytest.raises(DerivationError) as err:
        derive(name, **params)
    assert words in str(err.value) and "\n" not in str(err.value), str(err.value)


def every_digit_right(shown: str, truth) -> bool:
    """Is the decimal text ``shown`` within one unit of its last digit of ``truth`` (an mpf
    or exact number computed independently)?  ``0e-k`` claims ``|truth| <= 10^-k``, a bare
    ``0`` that ``truth`` is exactly 0.

    >>> every_digit_right("3.14159", "3.1415926535"), every_digit_right("3.14158", "3.14159265")
    (True, False)
    >>> every_digit_right("0e-20", "3e-21"), every_digit_right("0e-20", "3e-19")
    (True, False)
    >>> every_digit_right("0", "1e-31"), every_digit_right("0", 0)
    (False, True)
    """
    import re

    import mpmath

    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?", shown.strip())
    assert m, f"not a decimal: {shown!r}"
    whole, frac, exp = m.group(2), m.group(3) or "", int(m.group(4) or 0)
    with mpmath.workdps(len(whole + frac) + 40):
        truth = mpmath.mpf(truth) if not hasattr(truth, "p") else mpmath.mpf(truth.p) / truth.q
        if int(whole + frac) == 0 and m.group(4) is None:
            return truth == 0
        if int(whole + frac) == 0:
            return abs(truth) <= mpmath.mpf(10) ** exp
        digits = len((whole + frac).lstrip("0"))
        lead = len(whole.lstrip("0")) - 1 if whole.lstrip("0") else \
            -(len(frac) - len(frac.lstrip("0")) + 1)
        unit = mpmath.mpf(10) ** (exp + lead - digits + 1)
        return abs(mpmath.mpf(shown) - truth) <= unit


def significant_digits(shown: str) -> int:
    """How many significant digits the decimal text ``shown`` writes.

    >>> significant_digits("-0.01230e-5"), significant_digits("1.2e+4")
    (4, 2)
    """
    return len(shown.strip().lstrip("-").split("e")[0].replace(".", "").lstrip("0"))


def spoil_series_masses(monkeypatch, starts, off: int, seen: list) -> None:
    """Make ``10^-off`` too large (relative, at 4000 bits) the Taylor mass
    (``numeric/taylor_cells.PearsonLaw``) of each cell whose left end is in ``starts``
    (rationals), whether it comes from ``mass`` (one cell) or from ``pair`` (the two cells
    beside an edge); ``seen`` gets ``(start, served)`` for every cell the series was asked
    for."""
    import gmpy2
    import sympy as sp

    from symbolic_info.numeric import taylor_cells

    mass, pair = taylor_cells.PearsonLaw.mass, taylor_cells.PearsonLaw.pair

    def spoil(m, start):
        seen.append((start, m is not None))
        if m is None or start not in starts:
            return m
        with gmpy2.context(precision=4000):
            return m * (1 + gmpy2.mpfr(10) ** -off)

    def spoiled_mass(self, u, v, g, h, digits):
        return spoil(mass(self, u, v, g, h, digits), sp.Rational(u, v))

    def spoiled_pair(self, u, v, g, h, digits):
        got = pair(self, u, v, g, h, digits)
        a, d = sp.Rational(u, v), sp.Rational(g, h)
        if got is None:
            spoil(None, a - d), spoil(None, a)
            return None
        return spoil(got[0], a - d), spoil(got[1], a)

    monkeypatch.setattr(taylor_cells.PearsonLaw, "mass", spoiled_mass)
    monkeypatch.setattr(taylor_cells.PearsonLaw, "pair", spoiled_pair)
