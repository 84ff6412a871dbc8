"""A series term as a sum of atoms ``c ln(k + a)^mu / (k + b)^n``, exactly.

The entropy and cross-entropy terms of a pmf that is a rational function of ``k`` (with
rational poles and zeros) are ``R(k) (ln C + sum_i e_i ln(k + r_i))``.  A partial fraction
decomposition of ``R`` over the rationals (SymPy's ``apart``) turns such a term into
:class:`Atom` s, each ``coef * ln(k + a) / (k + b)^n`` (``a`` None: no logarithm), whose
derivatives, tail integral and Euler-Maclaurin remainder have closed forms
(:mod:`symbolic_info.numeric.em_closed`).  The identity holds where every factor ``k + r``
is positive and ``C > 0`` (``ln`` of a product is the sum of the logs there): for
``k >= valid_from(atoms)``.  In place of ``R`` a single linear factor may carry a
fractional power ``n > 1`` (``ln k / k^(3/2)``, the pmf ``k^(-3/2) / zeta(3/2)``): it is
one atom's ``(k + b)^-n`` as it stands.

:func:`atoms_of` returns None for any term outside the class (a fractional power of
anything else or not above 1, an irreducible quadratic, a product of two logarithms, a
polynomial part, a tail falling like ``1/k``): the caller then takes another method.

>>> import sympy as sp
>>> k = sp.Symbol("k", positive=True)
>>> atoms_of(sp.log(k) / (k * (k + 1)), k)
(Atom(coef=1, a=0, b=0, n=1), Atom(coef=-1, a=0, b=1, n=1))
>>> atoms_of(sp.log(k) / k**sp.Rational(3, 2), k)
(Atom(coef=1, a=0, b=0, n=3/2),)
>>> atoms_of(k**sp.Rational(-1, 2) / (k + 1), k) is None
True
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

from ..budget import within
from .context import NumericError, compile_expr, new_context

__all__ = ["Atom", "atoms_of", "valid_from", "MAX_DEGREE", "PARSE_SECONDS"]

MAX_DEGREE = 24
"""Largest degree of a polynomial in ``k`` the decomposition takes on."""
PARSE_SECONDS = 2.0
"""CPU seconds for the decomposition (factoring, ``apart``)."""
KEPT_FLOOR = 1e-20
"""A kept constant or a coefficient holding one counts as positive or non-zero above this
at 30 digits."""


class Atom(NamedTuple):
    """``coef * ln(k + a) / (k + b)^n``; ``a`` None: ``coef / (k + b)^n``; ``n`` an
    integer, or a fraction above 1."""

    coef: sp.Expr
    a: sp.Rational | None
    b: sp.Rational
    n: int | sp.Rational


class _Outside(Exception):
    """The term is not of the class."""


def atoms_of(term, k) -> tuple | None:
    """``term`` (a SymPy expression in ``k``, no other symbol) as :class:`Atom` s with
    like atoms merged, or None when it is outside the class (see the module docstring)
    or the decomposition takes more than :data:`PARSE_SECONDS`."""
    try:
        kept = _kept_constants(sp.sympify(term), k)
        return within(PARSE_SECONDS, lambda: _atoms(sp.sympify(term), k, kept),
                      NumericError("slow decomposition"))
    except (_Outside, NumericError, sp.PolynomialError, NotImplementedError,
            sp.DomainError, ValueError, TypeError):
        return None


def _kept_constants(term, k) -> dict:
    """``{node: (stand-in, value)}`` for each constant of ``term`` that only a numeric method
    evaluates (a kept series: the event's probability ``P(A)`` in a conditional pmf), shown
    positive at 30 digits: a positive stand-in lets ``ln`` of a product split into the logs
    of its factors (``ln(C k^(-3/2) / P(A))``), and the value shows a merged coefficient
    non-zero.  Raises :class:`_Outside` for one not clearly positive."""
    out = {}
    for node in sp.preorder_traversal(term):
        if (getattr(type(node), "_mpmath_compile_", None) is not None and not node.has(k)
                and not node.free_symbols and node not in out):
            value = compile_expr(node, [], new_context(30))()
            if not value > KEPT_FLOOR:
                raise _Outside
            out[node] = (sp.Dummy("kept", positive=True), sp.Float(str(value), 30))
    return out


def valid_from(atoms) -> int:
    """The least integer ``x0`` with ``x0 + a >= 1`` and ``x0 + b >= 1`` for every atom:
    from there on every logarithm is positive and the decomposition holds."""
    shifts = [s for at in atoms for s in (at.a, at.b) if s is not None]
    return max(1, *(int(sp.ceiling(1 - s)) for s in shifts))


def _atoms(term, k, kept) -> tuple:
    if term.free_symbols - {k}:
        raise _Outside
    # ln(C k^(-3/2)) into ln C - 3/2 ln k: SymPy splits a log only into factors it knows
    # to be positive (k is; a kept constant's stand-in is)
    term = sp.expand_log(term.xreplace({n: d for n, (d, _v) in kept.items()}))
    merged: dict = {}
    for const, log_arg, rational in _products(sp.expand_mul(term), k):
        scale, poles = _fractional_power(rational, k) or _partial_fractions(rational, k)
        logs = [(None, sp.Integer(1))] if log_arg is None else _log_terms(log_arg, k)
        for d, b, n in poles:
            for a, e in logs:
                key = (a, b, n)
                merged[key] = merged.get(key, 0) + const * scale * d * e
    atoms = tuple(Atom(sp.nsimplify(c) if c.is_Rational else c, a, b, n)
                  for (a, b, n), c in merged.items() if c != 0)
    for with_log in (False, True):  # a tail falling like 1/k or ln(k)/k: no sum
        ones = sp.Add(*(at.coef for at in atoms if at.n == 1 and (at.a is not None) == with_log))
        if sp.expand(ones) != 0:
            raise _Outside
    if not atoms or not all(at.coef.is_extended_real and _nonzero(at.coef, kept)
                           for at in atoms):
        raise _Outside  # a coefficient SymPy cannot show real and non-zero
    back = {d: n for n, (d, _v) in kept.items()}
    return tuple(at._replace(coef=at.coef.xreplace(back)) for at in atoms)


def _nonzero(coef, kept) -> bool:
    """SymPy shows ``coef`` non-zero, or, holding a kept constant, its value at 30 digits is
    far from 0."""
    if sp.Abs(coef).is_positive:
        return True
    if not kept:
        return False
    value = coef.xreplace({d: v for d, v in kept.values()}).evalf(30)
    return value.is_number and abs(value) > KEPT_FLOOR


def _products(expr, k) -> list:
    """``expr`` as ``[(const, log_arg or None, rational)]``, a sum of products."""
    if not expr.has(k):
        return [(expr, None, sp.Integer(1))]
    if expr.is_Add:
        return [p for arg in expr.args for p in _products(arg, k)]
    if isinstance(expr, sp.log):
        return [(sp.Integer(1), expr.args[0], sp.Integer(1))]
    if expr.is_Mul:
        out = [(sp.Integer(1), None, sp.Integer(1))]
        for factor in expr.args:
            out = [(c1 * c2, _one_log(l1, l2), r1 * r2)
                   for c1, l1, r1 in out for c2, l2, r2 in _products(factor, k)]
        return out
    if expr.is_polynomial(k) or (expr.is_Pow and expr.exp.is_Rational
                                 and expr.base.is_polynomial(k)):
        return [(sp.Integer(1), None, expr)]
    raise _Outside


def _one_log(l1, l2):
    if l1 is not None and l2 is not None:
        raise _Outside  # ln^2: not of the class
    return l1 if l2 is None else l2


def _monic_factors(expr, k):
    """``(lc, [(r, e)])`` with ``expr = lc * prod (k + r)^e``, every ``r`` rational."""
    num, den = sp.fraction(sp.together(expr))
    lc, out = sp.Integer(1), []
    for part, sign in ((num, 1), (den, -1)):
        poly = sp.Poly(part, k)
        if poly.degree() > MAX_DEGREE:
            raise _Outside
        lead = poly.LC()
        monic = sp.Poly([sp.cancel(c / lead) for c in poly.all_coeffs()], k)
        if not monic.domain.is_QQ and not monic.domain.is_ZZ:
            raise _Outside
        lc *= lead ** sign
        for factor, mult in monic.factor_list()[1]:
            if factor.degree() != 1:
                raise _Outside  # an irreducible quadratic: complex poles
            c1, c0 = factor.all_coeffs()
            out.append((sp.Rational(c0, c1), sign * mult))
    return lc, out


def _fractional_power(rational, k):
    """``(scale, [(1, b, n)])`` with ``rational = scale (k + b)^-n`` when ``rational`` is a
    linear ``c1 k + c0`` (``c1 > 0``, both rational) to a fractional power ``-n < -1``;
    None when the power is an integer (:func:`_partial_fractions` then takes it)."""
    if not (rational.is_Pow and rational.exp.is_Rational) or rational.exp.is_Integer:
        return None
    poly = sp.Poly(rational.base, k)
    if poly.degree() != 1 or not poly.domain.is_QQ and not poly.domain.is_ZZ:
        raise _Outside
    c1, c0 = poly.all_coeffs()
    if not (c1 > 0 and rational.exp < -1):
        raise _Outside  # a complex power, or a tail that does not sum
    return c1 ** rational.exp, [(sp.Integer(1), sp.Rational(c0, c1), -rational.exp)]


def _partial_fractions(rational, k):
    """``(scale, [(d, b, n)])`` with ``rational = scale * sum d / (k + b)^n``."""
    lc, factors = _monic_factors(rational, k)
    monic = sp.Mul(*((k + r) ** e for r, e in factors))
    poles = []
    for piece in sp.Add.make_args(sp.apart(monic, k)):
        d, rest = piece.as_coeff_Mul()
        base, power = rest.as_base_exp()
        if not (power.is_Integer and power < 0 and base.is_polynomial(k)):
            raise _Outside  # a polynomial part: the terms do not fall
        poly = sp.Poly(base, k)
        if poly.degree() != 1 or not d.is_Rational:
            raise _Outside
        c1, c0 = poly.all_coeffs()
        poles.append((d / c1 ** -power, sp.Rational(c0, c1), int(-power)))
    return lc, poles


def _log_terms(arg, k):
    """``ln arg`` as ``[(None, ln C), (r_i, e_i)]``: ``ln C + sum e_i ln(k + r_i)``."""
    lc, factors = _monic_factors(arg, k)
    if not lc.is_positive:
        raise _Outside
    out = [(r, sp.Integer(e)) for r, e in factors]
    return out + ([(None, sp.log(lc))] if lc != 1 else [])
