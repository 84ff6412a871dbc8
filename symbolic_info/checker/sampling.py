"""Test points that cover each parameter's whole domain, not a comfortable middle.

A claim that is right only on part of the domain (``min(sigma, 40)`` written
with ``abs``) passes any test confined to ``0.3 <= sigma <= 3``.  The points
built here are, for every free scalar parameter:

* a few seeded random admissible sets (the entry's own sampler, moderate values);
* a **sweep** along the parameter, the others held at a moderate point: tiny,
  moderate and huge magnitudes (:data:`MAGNITUDES` and the ends of the
  parameter's span, both signs where the domain allows, integers for integer
  parameters) and points next to every
  edge of the domain found along the way (``p`` near 0 and near 1, ``a``
  just below ``b``), located by bisection on the entry's own domain test;
* a few seeded **combinations** of extreme values of several parameters.

Every point passes the entry's parameter tests, its ``check`` and keeps the
structure of the given values (e.g. nested supports for a KL), so the truth
is the right closed form there.  Parameters that drive a sum in the result
(a binomial's ``n``) are kept below :data:`COSTLY_MAX` to bound the work.

Example
-------
>>> from symbolic_info.catalog import entry
>>> pts = domain_points(entry("entropy/bernoulli"), {})
>>> ps = sorted(v["p"] for v in pts)
>>> ps[0] == sp.Rational(1, 10**100), 1 - ps[-1], len(pts) >= 12
(True, 1/1000000000000000000000000000000, True)
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from ..core import DerivationError

__all__ = ["domain_points", "positive_points", "admissible", "sweep_values", "simplest_between",
           "show_value", "describe_point", "MAGNITUDES", "INTEGERS", "EDGE_OFFSETS", "COSTLY_MAX",
           "COSTLY_EDGE", "N_REGULAR", "N_COMBOS"]

MAGNITUDES = ("1e-100", "1e-60", "1e-30", "1e-9", "1e-3", "0.07", "0.7", "40.5", "1e3", "1e9",
              "1e30", "1e60", "1e100")
"""Magnitudes every real or positive parameter is tried at (with both signs where allowed),
besides the ends of its span (:attr:`~symbolic_info.params.Param.span`): a claim wrong only
at sigma ~ 1e90 or p ~ 1e-45 is caught at the far ends."""
INTEGERS = (1, 2, 3, 7, 41, 1000, 10**9, 10**30)
"""Values every integer parameter is tried at (where its domain allows)."""
EDGE_OFFSETS = ("1e-3", "1e-30")
"""Distances from a domain edge (relative to max(1, |edge|)) at which points are placed."""
COSTLY_MAX = 100
"""Largest magnitude swept for a parameter that drives a sum in the result (its work grows
with the value); the domain's far edge is still tried once if within :data:`COSTLY_EDGE`."""
COSTLY_EDGE = 1000
"""Largest far edge tried (once) for a parameter that drives a sum."""
N_REGULAR = 6
"""Seeded random admissible points from the entry's own sampler."""
N_COMBOS = 6
"""Seeded combinations of extreme values of several parameters."""
_BISECTIONS = 120


def _number(text: str) -> sp.Rational:
    return sp.Rational(text)


def admissible(e, values: dict, structure: tuple) -> bool:
    """True when ``values`` (name -> exact value, every parameter) is a valid point of ``e``.

    Valid: each scalar within its domain, every value within its parameter's span
    (:meth:`~symbolic_info.params.Param.within`: a user's value outside is refused, so
    no claim is judged there), the entry's ``check`` passes and its structure equals
    ``structure`` (the truth's closed form holds there).
    """
    try:
        for p in e.params:
            v = values.get(p.name)
            if v is None:
                return False
            if p.kind == "scalar" and not (isinstance(v, sp.Rational) and p.test(v)):
                return False
            if not p.within(v):
                return False
        if e.check:
            e.check(values)
        return tuple(e.structure(values)) == tuple(structure)
    except (DerivationError, TypeError, ValueError, ZeroDivisionError, KeyError):
        return False


def _costly(truth: sp.Expr) -> set:
    """Names of symbols that drive a sum (its limits or terms) in ``truth``."""
    from sympy.concrete.expr_with_limits import AddWithLimits

    out = set()
    for node in sp.preorder_traversal(truth):
        if isinstance(node, AddWithLimits):  # Sum, Integral and the package's DiscreteSum
            out |= {s.name for s in node.free_symbols}
    return out


def _candidates(p) -> list:
    """Exact trial values for scalar parameter ``p`` (not yet tested)."""
    if p.symbol is not None and p.symbol.is_integer:
        values = [sp.Integer(v) for v in INTEGERS]
        return values + [-v for v in values] + [sp.Integer(0)]
    values = [_number(m) for m in MAGNITUDES] + list(p.span or ())
    return values + [-v for v in values] + [sp.Integer(0), sp.Integer(1), sp.Integer(-1)]


def _bounded(values: list) -> list:
    """A costly parameter's values: those up to :data:`COSTLY_MAX` in magnitude, and the
    largest and smallest admissible ones if within :data:`COSTLY_EDGE` (the domain's edge)."""
    keep = [v for v in values if abs(v) <= COSTLY_MAX]
    for far in (max(values, default=None), min(values, default=None)):
        if far is not None and COSTLY_MAX < abs(far) <= COSTLY_EDGE and far not in keep:
            keep.append(far)
    return sorted(keep)


def simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator (then numerator) in ``[lo, hi]``.

    Used to snap a bisected domain edge to its exact value (``0.53``, ``0``, ``1``).

    >>> simplest_between(Fraction(529999, 10**6), Fraction(530001, 10**6))
    Fraction(53, 100)
    """
    if lo > hi:
        lo, hi = hi, lo
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_between(-hi, -lo)
    whole = lo.numerator // lo.denominator
    if lo == whole:
        return Fraction(whole)
    if whole + 1 <= hi:
        return Fraction(whole + 1)
    return whole + 1 / simplest_between(1 / (hi - whole), 1 / (lo - whole))


def _bisect(inside, lo: sp.Rational, hi: sp.Rational) -> tuple:
    """Shrink ``[lo, hi]`` (``inside(lo) != inside(hi)``) around the edge; returns the bracket."""
    ok_lo = inside(lo)
    for _ in range(_BISECTIONS):
        if abs(hi - lo) <= max(abs(lo), abs(hi), sp.Integer(1)) * sp.Rational(1, 10**40):
            break
        if lo > 0 and hi > 0 and hi > 4 * lo or lo < 0 and hi < 0 and lo < 4 * hi:
            mid = sp.Rational(str(sp.N(sp.sqrt(lo * hi), 45))) * (1 if lo > 0 else -1)
        else:
            mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if inside(mid) == ok_lo:
            lo = mid
        else:
            hi = mid
    return lo, hi


def sweep_values(inside, candidates: list, keep=None) -> list:
    """Admissible values among ``candidates`` plus points next to every edge between them.

    ``inside(v)`` tells whether value ``v`` is admissible; ``keep`` (a value
    known to be admissible) is added to the trial values so that a narrow
    admissible interval between two candidates is still found.
    """
    trial = sorted(set(candidates) | ({keep} if keep is not None else set()))
    flags = [inside(v) for v in trial]
    out = [v for v, ok in zip(trial, flags, strict=True) if ok]
    pairs = list(zip(trial, flags, strict=True))
    for (u, ok_u), (v, _ok_v) in zip(pairs, pairs[1:], strict=False):
        if ok_u == _ok_v:
            continue
        lo, hi = _bisect(inside, u, v)
        edge = simplest_between(Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))
        edge = sp.Rational(edge.numerator, edge.denominator)
        side = -1 if ok_u else 1
        scale = max(abs(edge), sp.Integer(1))
        for offset in (*EDGE_OFFSETS, None):
            x = edge if offset is None else edge + side * scale * _number(offset)
            if inside(x):
                out.append(x)
    return sorted(set(out))


def domain_points(e, values: dict, truth: sp.Expr | None = None,
                  n_regular: int = N_REGULAR, n_combos: int = N_COMBOS) -> list:
    """Admissible parameter sets (name -> value) keeping ``values``; see the module docstring."""
    from ..engine.run import sample_values

    structure = tuple(e.structure(values))
    regular = sample_values(e, structure, values, n_regular)
    free = [p for p in e.params if p.kind == "scalar" and p.name not in values]
    if not free:
        return regular[:1]
    costly = _costly(truth) if truth is not None else set()
    base = regular[0]
    points = list(regular)
    per_param = {}
    for p in free:
        name = p.name

        def inside(v, name=name):
            return admissible(e, {**base, name: v}, structure)

        found = sweep_values(inside, _candidates(p), keep=base[name])
        if p.symbol is not None and p.symbol.name in costly:
            found = _bounded(found)
        per_param[name] = found
        points += [{**base, name: v} for v in found if v != base[name]]
    rng = random.Random(f"combos:{e.name}")
    combos = 0
    for _ in range(40 * n_combos):
        if combos >= n_combos or len(free) < 2:
            break
        trial = {**rng.choice(regular), **{p.name: rng.choice(per_param[p.name])
                                           for p in free if per_param[p.name]}}
        if admissible(e, trial, structure):
            points.append(trial)
            combos += 1
    unique, seen = [], set()
    for pt in points:
        key = tuple(sorted((k, str(v)) for k, v in pt.items() if k not in values))
        if key not in seen:
            seen.add(key)
            unique.append(pt)
    return unique


def positive_points(symbols, n_regular: int = N_REGULAR, n_combos: int = N_COMBOS) -> list:
    """Points (symbol -> value) covering the positive reals for each of ``symbols``.

    For a chain checked without a catalog entry, where every symbol is a
    positive real: seeded moderate points, a sweep of each symbol over
    :data:`MAGNITUDES` and seeded combinations of extreme values.

    >>> a = sp.Symbol("a", positive=True)
    >>> values = sorted(p[a] for p in positive_points([a]))
    >>> values[0] == sp.Rational(1, 10**100), values[-1] == 10**100
    (True, True)
    """
    ordered = sorted(symbols, key=lambda s: s.name)
    rng = random.Random("chain")
    regular = [{s: sp.Rational(rng.randint(200, 5000), 1000) for s in ordered}
               for _ in range(n_regular)]
    if not ordered:
        return [{}]
    ladder = [_number(m) for m in MAGNITUDES]
    points = list(regular)
    for s in ordered:
        points += [{**regular[0], s: v} for v in ladder]
    for _ in range(n_combos if len(ordered) > 1 else 0):
        points.append({s: rng.choice(ladder) for s in ordered})
    unique, seen = [], set()
    for pt in points:
        key = tuple(str(pt[s]) for s in ordered)
        if key not in seen:
            seen.add(key)
            unique.append(pt)
    return unique


def show_value(v) -> str:
    """A parameter value as a user would type it: ``3/2``, ``0.53``, ``1e-30``, ``40.00000004``.

    Exact: a decimal is shown only when the value is a finite decimal.

    >>> [show_value(sp.Rational(x)) for x in ("3/2", "1e-30", "40.00000004", "1e30", "1/3")]
    ['3/2', '1e-30', '40.00000004', '1e+30', '1/3']
    >>> show_value(sp.Rational(1, 10**9)), show_value(sp.Rational(10**9))
    ('1e-9', '1000000000')
    """
    if not isinstance(v, sp.Rational):
        return str(v)
    text = str(v)
    if len(text) <= 9:
        return text
    q = int(v.q)
    twos = (q & -q).bit_length() - 1
    rest = q >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return text if len(text) <= 40 else f"{sp.Float(v, 25)}"
    from decimal import Context, Decimal

    scale = max(twos, fives)
    digits = int(v.p) * (10**scale // q)
    d = Decimal(digits).scaleb(-scale, Context(prec=max(60, len(str(abs(digits))) + 2)))
    d = d.normalize(Context(prec=max(60, len(str(abs(digits))) + 2)))
    exp = d.as_tuple().exponent
    ndig = len(d.as_tuple().digits)
    if -6 <= exp + ndig - 1 <= 15 and len(format(d, "f")) <= 40:
        return format(d, "f")
    return format(d, "e").replace("e+", "e+").replace("E", "e")


def describe_point(point: dict) -> str:
    """A shown test point (name -> value as text) as one phrase for a message.

    >>> describe_point({"mu": "0", "sigma": "3/2"}), describe_point({})
    ('mu=0, sigma=3/2', 'the given values')
    """
    return ", ".join(f"{k}={v}" for k, v in point.items()) or "the given values"
