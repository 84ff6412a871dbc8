"""Test points of the checker (symbolic_info.checker.sampling) stay in each parameter's range.

A parameter's span (``Param.span``, e.g. the log-normal's ``1e-30 <= sigma <= 100``) is the
range in which the entry verifies numerically; a user's value outside it is refused, so the
checker must not judge a claim there either, and it must still reach the span's ends.
"""

import pytest
import sympy as sp

from symbolic_info.catalog import entry
from symbolic_info.checker.sampling import EDGE_OFFSETS, MAGNITUDES, admissible, domain_points

SPANNED = [("entropy/lognormal", "mu"), ("entropy/lognormal", "sigma"), ("entropy/gamma", "k")]
"""Entries with a parameter whose span is narrower than the checker's sweep (1e-100..1e100)."""


def _param(e, name):
    return next(p for p in e.params if p.name == name)


@pytest.mark.parametrize(("name", "param"), SPANNED)
def test_every_test_point_is_inside_every_span(name, param):
    e = entry(name)
    points = domain_points(e, {})
    outside = [pt for pt in points for p in e.params if not p.within(pt[p.name])]
    assert not outside, [{k: float(v) for k, v in pt.items()} for pt in outside[:3]]
    lo, hi = _param(e, param).span
    values = {abs(pt[param]) for pt in points} - {0}
    assert min(values) == lo and max(values) == hi  # the span's ends are tried
    if hi < sp.Rational(MAGNITUDES[-1]):  # the sweep went past the upper end: next to it too
        assert hi - max(hi, 1) * sp.Rational(EDGE_OFFSETS[0]) in values


@pytest.mark.parametrize(("name", "param"), SPANNED)
def test_a_value_in_the_domain_but_outside_the_span_is_not_admissible(name, param):
    """The negative control: the domain test alone accepts the value, the span refuses it."""
    e = entry(name)
    p = _param(e, param)
    base = domain_points(e, {})[0]
    structure = tuple(e.structure(base))
    lo, hi = p.span
    assert admissible(e, base, structure)
    for v in (hi * 10, lo / 10):
        assert p.test(v) and not p.within(v)
        assert not admissible(e, {**base, param: v}, structure)
