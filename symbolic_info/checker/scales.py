"""Test points at the scales a claim names itself.

A constant such as ``10^40`` in ``exp(-10^40/sigma)`` says where the claim
changes: below ``sigma ~ 1e38`` the term is far below any compared digit,
at ``sigma = 1e40`` it is ``e^-1``.  Points at the domain's fixed magnitudes
(:mod:`.sampling`) can miss such a switch, so every free parameter is also
tried at ``10^k`` and ``10^-k`` (and a decade either side) for each decimal
exponent ``k`` of the claim's large or small constants, and at ``1 - 10^-k``
(a probability next to 1).  Only admissible points are kept.

The same constants say how deep a difference may hide: a claim naming
``e^-1000`` (about ``10^-434``) may be off by its square or cube
(``log1p(u) ~ u`` drops ``u^2/2``), far below the digits compared at first.
:func:`named_depth` gives the decimal digits of the deepest scale that the
claim's and the result's numeric constants name (``exp(c)``, ``10^-k``,
``b^c``), for :func:`~.pointwise.resolved_difference` to look that deep.

Example
-------
>>> s = sp.Symbol("sigma", positive=True)
>>> claim_exponents([sp.exp(-sp.Integer(10)**40 / s) + sp.Rational(1, 2)])
[40]
>>> pts = scale_points([sp.exp(-sp.Integer(10)**40 / s)], {s: sp.Integer(1)}, [s],
...                    lambda p: p[s] > 0)
>>> sorted(int(sp.log(p[s], 10)) for p in pts if p[s] > 1)
[39, 40, 41]
>>> named_depth([2000 + sp.exp(-1000)]), named_depth([s + sp.Rational(1, 10**600)])
(434, 600)
"""

from __future__ import annotations

import math

import sympy as sp

from ..numeric.context import new_context
from ..numeric.precision import input_digits
from .evaluate import guarded_value
from .pointwise import UNDEFINED, UNEVALUABLE

__all__ = ["claim_exponents", "scale_points", "named_depth", "MIN_EXPONENT",
           "MAX_SCALE_EXPONENT", "MAX_SCALES", "MAX_SCALE_POINTS", "MAX_NAMED_DEPTH"]

MIN_EXPONENT = 3
"""Constants within ``10^±(MIN_EXPONENT - 1)`` of 1 name no scale (the domain sweep covers it)."""
MAX_SCALE_EXPONENT = 400
"""Scales beyond ``10^±400`` are not tried (no parameter may be written that large)."""
MAX_SCALES = 6
"""Most scales taken from one set of formulas (the largest exponents first)."""
MAX_SCALE_POINTS = 60
"""Most test points added at the claim's scales."""
MAX_NAMED_DEPTH = 10_000
"""Scales deeper than ``10^-10000`` (or larger than ``10^10000``) are not looked for."""
MAX_ATOMS = 200
"""Most numeric subexpressions whose size :func:`named_depth` evaluates."""


def _exponent(value: sp.Rational) -> int | None:
    """The decimal exponent of a nonzero rational (``10^40`` -> 40, ``3e-7`` -> -7)."""
    if value == 0:
        return None
    p, q = abs(int(value.p)), int(value.q)
    return round(math.log10(p) - math.log10(q)) if p < 10**300 and q < 10**300 else \
        len(str(p)) - len(str(q))


def claim_exponents(exprs) -> list:
    """Decimal exponents (positive, largest first) of the constants in ``exprs`` far from 1."""
    found = set()
    for expr in exprs:
        for atom in sp.sympify(expr).atoms(sp.Rational, sp.Float):
            k = _exponent(sp.Rational(atom))
            if k is not None and MIN_EXPONENT <= abs(k) <= MAX_SCALE_EXPONENT:
                found.add(abs(k))
    return sorted(found, reverse=True)[:MAX_SCALES]


def _values(k: int) -> list:
    ten = sp.Integer(10)
    out = []
    for e in (k - 1, k, k + 1):
        out += [ten**e, ten**-e, 1 - ten**-e]
    return out + [-v for v in out]


def scale_points(exprs, base: dict, free: list, admissible,
                 limit: int = MAX_SCALE_POINTS) -> list:
    """Admissible points (dicts over ``free``) at the scales of ``exprs``' constants.

    ``base`` gives every symbol a value (the others are held there);
    ``admissible(point)`` tells whether a full point is in the domain.
    """
    out, seen = [], set()
    for k in claim_exponents(exprs):
        for x in free:
            for v in _values(k):
                v = sp.Integer(round(v)) if x.is_integer else v
                point = {**base, x: v}
                if (x, v) in seen or not admissible(point):
                    continue
                seen.add((x, v))
                out.append({s: point[s] for s in free})
                if len(out) >= limit:
                    return out
    return out


def _digits_of(atom) -> int:
    """``|log10 |atom||`` rounded down, for a numeric ``exp(c)`` or ``b^c`` (0 when unknown).

    ``exp(n)`` with a plain number ``n`` is read off directly, and so is ``b^c`` with a
    number ``|c| <= 3`` (0: its depth is that of ``b``'s own constants, counted on their
    own, times at most 3), so a plain claim's ``sqrt(2)`` or ``1/log(2)`` costs nothing.
    """
    if isinstance(atom, sp.exp) and atom.args[0].is_Number:
        c = abs(sp.Rational(atom.args[0]))
        return MAX_NAMED_DEPTH + 1 if c > 10**6 else int(float(c) / math.log(10))
    if atom.is_Pow and atom.exp.is_Number and abs(atom.exp) <= 3:
        return 0
    ctx = new_context(30)
    try:
        v = guarded_value(sp.log(abs(atom)) / sp.log(10), {}, ctx)
    except UNDEFINED + UNEVALUABLE:
        return 0
    if ctx.isnan(v) or ctx.isinf(v) or isinstance(v, type(ctx.mpc(0))):
        return 0
    return int(abs(v))


def named_depth(exprs) -> int:
    """Decimal digits of the deepest scale the numeric constants of ``exprs`` name.

    A constant ``10^-k`` (or ``10^k``) names ``k`` digits, and so does any rational whose
    numerator or denominator has ``k + 1`` digits (``10^1000/(10^1000 + 1)`` is 1 to within
    ``10^-1000``, though its exponent is 0); ``exp(c)`` with a numeric ``c`` names
    ``|c| / ln 10``, a numeric power ``b^c`` names ``|c log10 b|``; scales beyond
    :data:`MAX_NAMED_DEPTH` name nothing that could be resolved and are left out.
    """
    deepest = 0
    for expr in exprs:
        expr = sp.sympify(expr)
        for atom in expr.atoms(sp.Rational, sp.Float):
            r = sp.Rational(atom)
            k = _exponent(r)
            for depth in (abs(k) if k is not None else 0, input_digits(r) - 1):
                if depth <= MAX_NAMED_DEPTH:
                    deepest = max(deepest, depth)
        powers = [a for a in expr.atoms(sp.exp, sp.Pow)
                  if not a.free_symbols and not a.is_Rational][:MAX_ATOMS]
        for atom in powers:
            k = _digits_of(atom)
            if k <= MAX_NAMED_DEPTH:
                deepest = max(deepest, k)
    return deepest
