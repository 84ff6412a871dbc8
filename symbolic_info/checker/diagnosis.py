"""Diagnosis of the usual mistakes: transformed truths and the one a claim matches.

A teacher recognises a wrong answer by the mistake that produced it.  We
build transformed versions of the true result (the result in bits instead of
nats, with log base 10, with the KL arguments swapped, with sigma where
sigma^2 belongs, times 2 or 1/2, with a sign flipped, a conditional entropy
the wrong way round, a term dropped) and name each one the claim equals.
A constant offset is recognised from the values themselves.

:func:`truth_transforms` builds the transformed truths of a catalog entry
(trusted code, when a problem is prepared); :func:`diagnose` and
:func:`diagnose_differences` name those a claim matches at every point where
it was tested (in the sandbox).

Example
-------
>>> import sympy as sp
>>> s = sp.Symbol("sigma", positive=True)
>>> names = [t.sentence.split(":")[0] for t in basic_transforms(sp.log(s), "nats")]
>>> names[:3]
['Bits vs nats', 'Log base 10', 'Sign error']
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError
from ..numeric.context import GUARD, NumericError, agree_digits, new_context, to_decimal
from .evaluate import guarded_value
from .pointwise import SHOWN_CAP, TARGET_DIGITS, Formula, NotReal
from .sampling import admissible

__all__ = ["Transform", "basic_transforms", "parameter_transforms", "term_transforms",
           "name_constant", "KNOWN_CONSTANTS", "MATCH_DIGITS", "truth_transforms",
           "value_at", "diagnose", "diagnose_differences", "no_match", "INFINITE_RESULT"]

MATCH_DIGITS = 30
"""Digits to which a claim must equal a transformed truth to be diagnosed."""


@dataclass(frozen=True)
class Transform:
    """A transformed truth ``expr`` and the sentence naming the mistake it models.

    ``valid_at`` is None when the transform holds wherever the result does,
    else the indices of the problem's test points where it holds (elsewhere it
    is infinite or undefined, and the mistake cannot be named there).
    """

    sentence: str
    expr: sp.Expr
    valid_at: frozenset | None = None


def basic_transforms(truth: sp.Expr, units: str) -> list:
    """Unit, log-base, sign and factor mistakes on the whole result ``truth``."""
    nats = truth * sp.log(2) if units == "bits" else truth
    out = []
    if units == "nats":
        out.append(Transform(
            "Bits vs nats: the claim equals the result in bits (log base 2); in nats use ln, "
            "i.e. multiply the claim by ln 2.", truth / sp.log(2)))
    else:
        out.append(Transform(
            "Bits vs nats: the claim equals the result in nats (natural log); in bits divide "
            "by ln 2, i.e. use log2.", nats))
    other = "ln (nats)" if units == "nats" else "log2 (bits)"
    out.append(Transform(
        f"Log base 10: the claim equals the result computed with log10; use {other}.",
        nats / sp.log(10)))
    out.append(Transform("Sign error: the claim is the negative of the result.", -truth))
    out.append(Transform("A factor 2 too many: the claim is twice the result.", 2 * truth))
    out.append(Transform(
        "A missing factor 2 (or an extra factor 1/2): the claim is half the result.",
        truth / 2))
    return out


def parameter_transforms(truth: sp.Expr, params) -> list:
    """Standard deviation vs variance for every parameter that is one.

    ``params`` are :class:`~symbolic_info.params.Param` s; a parameter counts
    when its description names a standard deviation (or its name starts with
    ``sigma``) and it occurs in ``truth``.
    """
    out = []
    for p in params:
        s = p.symbol
        if s is None or s not in truth.free_symbols:
            continue
        if "standard deviation" not in p.description.lower() and not p.name.startswith("sigma"):
            continue
        out.append(Transform(
            f"Standard deviation vs variance: the claim has {p.name} where {p.name}^2 belongs.",
            truth.subs(s, sp.sqrt(s))))
        out.append(Transform(
            f"Standard deviation vs variance: the claim has {p.name}^2 where {p.name} belongs.",
            truth.subs(s, s**2)))
    return out


def term_transforms(truth: sp.Expr, max_terms: int = 8) -> list:
    """One term of a sum dropped, doubled, halved or with its sign flipped."""
    if not truth.is_Add or len(truth.args) > max_terms:
        return []
    out = []
    for term in truth.args:
        try:
            shown = sp.sstr(term)
        except Exception:  # an object without a printable form: name it generically
            shown = "one term of the result"
        out.append(Transform(f"Missing term: the claim lacks the term {shown}.", truth - term))
        out.append(Transform(f"Sign error in one term: the term {shown} has the wrong sign.",
                             truth - 2 * term))
        out.append(Transform(f"A factor 2 too many in one term: the term {shown} is doubled.",
                             truth + term))
        out.append(Transform(f"A missing factor 2 in one term: the term {shown} is halved.",
                             truth - term / 2))
    return out


KNOWN_CONSTANTS = (
    ("1/2", sp.Rational(1, 2)),
    ("1", sp.Integer(1)),
    ("ln 2", sp.log(2)),
    ("1/2 ln 2", sp.log(2) / 2),
    ("ln(2 pi)", sp.log(2 * sp.pi)),
    ("1/2 ln(2 pi)", sp.log(2 * sp.pi) / 2),
    ("1/2 ln(2 pi e)", sp.log(2 * sp.pi * sp.E) / 2),
    ("ln(2 pi e)", sp.log(2 * sp.pi * sp.E)),
    ("ln pi", sp.log(sp.pi)),
    ("1/2 ln pi", sp.log(sp.pi) / 2),
    ("Euler's gamma", sp.EulerGamma),
    ("1/ln 2", 1 / sp.log(2)),
    ("1/(2 ln 2)", 1 / (2 * sp.log(2))),
)
"""Constants a formula commonly loses, by name."""


def name_constant(value, ctx, digits: int = MATCH_DIGITS) -> str | None:
    """The name of ``±value`` in :data:`KNOWN_CONSTANTS`, or None.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(40)
    >>> name_constant(-ctx.log(2 * ctx.pi) / 2, ctx)
    '-1/2 ln(2 pi)'
    """
    from ..numeric.context import evaluate

    for name, c in KNOWN_CONSTANTS:
        cv = evaluate(c, {}, ctx)
        for sign, v in (("", cv), ("-", -cv)):
            if agree_digits(value, v, ctx, digits) >= digits:
                return sign + name
    return None


# -- the transformed truths of a catalog entry ---------------------------------


def _closed_form(e, values: dict, units: str) -> sp.Expr:
    """The entry's checked closed form (in ``units``) at ``values``, without re-verifying.

    Used only for transformed truths in the diagnosis; the truth itself comes
    from the verified derivation.
    """
    from ..engine.run import checked_steps, in_units

    draft, _steps = checked_steps(e, e.structure(values))
    return in_units(draft.closed_form, units).subs(e.symbols_of(values))


def truth_transforms(e, d, values: dict, fixed: dict, points: tuple) -> list:
    """The transformed truths of entry ``e``'s derivation ``d`` (only the basic ones if the
    entry's form defeats the others).

    ``values`` are the given parameter values (name -> exact), ``fixed`` the
    same by symbol, ``points`` the problem's test points (free symbol -> value).
    """
    try:
        return _transforms(e, d, values, fixed, points)
    except Exception:  # the diagnosis is an aid; never let it break the verdict
        return basic_transforms(d.result, d.units)


def _transforms(e, d, values: dict, fixed: dict, points: tuple) -> list:
    """Transformed truths for the diagnosis (see :mod:`.diagnosis`).

    A transform that holds only at some test points (the swapped KL is
    finite only where Q's support lies inside P's) records them in
    ``valid_at``; one that is infinite or undefined is left out.
    """
    if _not_finite(d.result):
        return []
    general = _closed_form(e, {k: v for k, v in values.items()
                               if e.param(k).kind != "scalar"}, d.units)
    out = basic_transforms(d.result, d.units)
    out += [Transform(t.sentence, t.expr.subs(fixed))
            for t in parameter_transforms(general, e.params)]
    if e.group == "divergence" or e.name.startswith(("kl/", "cross-entropy/")):
        swapped = _swapped_truth(e, values, d.units, points)
        if swapped is not None:
            out.append(Transform("KL arguments swapped: the claim equals D(Q||P), the "
                                 "divergence with P and Q exchanged.", *swapped))
    if "conditional" in e.name:
        flipped = _transposed_truth(e, values, d.units)
        if flipped is not None:
            out.append(Transform(
                "Conditional entropy the wrong way round: the claim equals the conditional "
                "entropy with the roles of X and Y exchanged (the joint table transposed).",
                flipped))
    out += _with_units_mixed_up(out[2:], d.units)
    out += term_transforms(d.result)
    return [t for t in out if not _not_finite(t.expr)]


def _not_finite(expr: sp.Expr) -> bool:
    """True for an infinite or undefined expression (a sum up to oo is fine)."""
    return bool(expr.is_infinite) or expr.has(sp.zoo, sp.nan)


def _with_units_mixed_up(transforms: list, units: str) -> list:
    """Each mistake combined with bits-vs-nats (a second, independent slip)."""
    factor = 1 / sp.log(2) if units == "nats" else sp.log(2)
    slip = ("in bits (log2) where nats were asked" if units == "nats"
            else "in nats (ln) where bits were asked")
    return [Transform(f"{t.sentence} Also, the claim is {slip}.", t.expr * factor, t.valid_at)
            for t in transforms]


def _swapped_truth(e, values: dict, units: str, points: tuple):
    """``(expr, valid_at)``: the result with P's and Q's parameters exchanged, or None.

    ``valid_at`` holds the indices of ``points`` where the exchanged
    parameters are admissible with the structure the formula was derived for
    (None: everywhere).  Where the supports are not nested the true D(Q||P)
    is infinite and the finite formula does not apply.
    """
    names = {p.name for p in e.params}
    swap = {n: n[:-1] + ("2" if n.endswith("1") else "1") for n in names
            if n[-1:] in "12" and n[:-1] + ("2" if n.endswith("1") else "1") in names}
    if not swap:
        return None
    try:
        if all(n in values for n in names):
            swapped = {swap.get(k, k): v for k, v in values.items()}
            if e.check:
                e.check(swapped)
            return _closed_form(e, swapped, units), None
        if not all(e.param(n).kind == "scalar" for n in swap):
            return None
        sym = {e.param(a).symbol: e.param(b).symbol for a, b in swap.items()}
        general_values = {k: v for k, v in values.items() if e.param(k).kind != "scalar"}
        general = _closed_form(e, general_values, units)
        structure = tuple(e.structure(general_values))
        fixed = e.symbols_of({k: v for k, v in values.items()
                              if e.param(k).kind == "scalar"})
        by_symbol = {p.symbol: p.name for p in e.params if p.symbol is not None}
        valid = set()
        for i, point in enumerate(points):
            full = {**values, **{by_symbol[s]: v for s, v in point.items() if s in by_symbol}}
            if admissible(e, {swap.get(k, k): v for k, v in full.items()}, structure):
                valid.add(i)
        return general.subs(sym, simultaneous=True).subs(fixed), frozenset(valid)
    except (DerivationError, KeyError, TypeError, ValueError):
        return None


def _transposed_truth(e, values: dict, units: str):
    """The result with the joint table (a matrix parameter) transposed."""
    for p in e.params:
        if p.kind == "matrix" and p.name in values:
            flipped = {**values, p.name: sp.Matrix(values[p.name]).T}
            try:
                if e.check:
                    e.check(flipped)
                return _closed_form(e, flipped, units)
            except (DerivationError, KeyError, TypeError, ValueError):
                return None
    return None


# -- matching a claim against them ----------------------------------------------


INFINITE_RESULT = ("The result is infinite at these parameters (for a divergence: P puts "
                    "mass where Q has none); a finite claim cannot be right. Claim oo to say so.")
"""Why a finite claim is wrong where the result is infinite."""


def value_at(expr, point: dict, ctx):
    """``expr`` at ``point`` on ``ctx`` by mpmath only (no SymPy evaluation); real or raises."""
    v = guarded_value(expr, point, ctx)
    if isinstance(v, type(ctx.mpc(0))):
        if abs(v.imag) > abs(v) * ctx.mpf(10) ** (-SHOWN_CAP):
            raise NotReal("not a real number")
        v = v.real
    if ctx.isnan(v):
        raise NotReal("undefined")
    return v


def diagnose(problem, points, truths, claims, ctx, tol, indices=None,
             constant_offset: bool = True) -> list:
    """Sentences naming the transformed truths the claim equals at every point given.

    A transform is named only if it is valid (``valid_at``), finite and
    matches at each of ``points`` (``indices`` are their positions in
    ``problem.points``; kink points beyond them have no ``valid_at`` entry and
    count as invalid).  A constant offset is named when ``constant_offset``
    and the difference is the same nonzero constant at every point.
    """
    indices = list(range(len(points))) if indices is None else indices
    found = []
    for t in problem.transforms:
        if t.valid_at is not None and not all(i in t.valid_at for i in indices):
            continue
        try:
            ok = True
            for k, point in enumerate(points):
                v = value_at(t.expr, {**problem.fixed, **point}, ctx)
                if ctx.isinf(v):
                    ok = False
                elif tol is not None:
                    ok = abs(claims[k] - v) <= tol
                else:
                    ok = agree_digits(claims[k], v, ctx, SHOWN_CAP) >= MATCH_DIGITS
                if not ok:
                    break
        except (NotReal, NumericError, ZeroDivisionError, ValueError, OverflowError):
            continue
        if ok and t.sentence not in found:
            found.append(t.sentence)
    if not found and tol is None and constant_offset and points:
        diffs = [claims[k] - truths[k] for k in range(len(points))]
        steady = all(agree_digits(d, diffs[0], ctx, SHOWN_CAP) >= MATCH_DIGITS for d in diffs)
        steady = steady and abs(diffs[0]) > abs(truths[0]) * ctx.mpf(10) ** -TARGET_DIGITS
        if steady and (len(points) > 1 or name_constant(diffs[0], ctx)):
            named = name_constant(diffs[0], ctx)
            shown = to_decimal(diffs[0], 12, ctx) + (f" = {named}" if named else "")
            where = " at every test point" if len(points) > 1 else ""
            found.append(f"Missing additive constant: the claim differs from the result by the "
                         f"constant {shown}{where}.")
    return found


def diagnose_differences(problem, claim: sp.Expr, points: list, differ: list,
                         constant_offset: bool) -> list:
    """Sentences naming the mistake that explains the claim at the points where it is wrong.

    ``problem`` is a :class:`~symbolic_info.checker.judge.Problem`; ``differ``
    the indices of ``points`` where ``claim`` differs from the result.  Nothing
    is named when the values there cannot be computed or are infinite.
    """
    ctx = new_context(SHOWN_CAP + GUARD)
    claimed = Formula(claim)
    truth = Formula(problem.truth)
    use, truths, claims = [], [], []
    for i in differ:  # the mistake must explain the points where the claim is wrong
        if len(use) >= 6:
            break
        full = {**problem.fixed, **points[i]}
        try:
            t, c = truth.at(full, ctx), claimed.at(full, ctx)
        except (ValueError, ZeroDivisionError, OverflowError, NumericError):
            return []
        if ctx.isinf(t) or ctx.isinf(c):
            return []
        use.append(i)
        truths.append(t)
        claims.append(c)
    return diagnose(problem, [points[i] for i in use], truths, claims, ctx, None, use,
                    constant_offset=constant_offset)


def no_match(out: dict) -> dict:
    """Say in ``out`` that no usual mistake matches, if no diagnosis was found."""
    if not out["diagnosis"]:
        out["diagnosis"].append(
            "No usual mistake matches (bits vs nats, log base 10, sign, factor 2 or 1/2, sigma "
            "vs sigma^2, swapped arguments, a missing term or constant); compare the "
            "counterexample values.")
    return out
