"""Is a claimed formula or number equal to a catalog entry's result?

:func:`prepare` turns a catalog entry, its given parameters and units into a
:class:`Problem` (trusted code, in the caller's process): the true result,
the symbols a claim may use, seeded random admissible points and the
transformed truths for the diagnosis.  :func:`judge` reads a claim against a
problem (untrusted text: run it in :mod:`~symbolic_info.checker.sandbox`).

A formula is **correct** when the difference simplifies to 0 under the
entry's assumptions (symbolic proof), or else when both agree to at least
:data:`AGREE_DIGITS` digits at every one of at least 5 seeded random
admissible points (numeric agreement, said so).  A decimal number is correct
when it equals the true value rounded to the digits written.

Example
-------
>>> p = prepare("entropy/exponential", {"lambda": "2"}, None)
>>> judge(p, "1 - ln 2")["verdict"]
'correct'
>>> judge(p, "0.3069")["verdict"], judge(p, "0.3070")["verdict"]
('correct', 'incorrect')
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import sympy as sp

from ..core import DerivationError
from ..numeric.context import GUARD, NumericError, agree_digits, new_context, to_decimal
from .diagnosis import (
    MATCH_DIGITS,
    Transform,
    basic_transforms,
    name_constant,
    parameter_transforms,
    term_transforms,
)
from .evaluate import guarded_value
from .grammar import parse_expression

__all__ = ["Problem", "prepare", "judge", "judge_parsed", "prove", "upgrade_with_proof",
           "evaluate_claim", "value_at", "sample_points", "AGREE_DIGITS", "WORK_DPS", "N_POINTS"]

WORK_DPS = 50
"""Digits at which claim and truth are compared."""
AGREE_DIGITS = 45
"""Digits of agreement (out of :data:`WORK_DPS`) required at every point."""
N_POINTS = 12
"""Random admissible points: half from the entry's sampler, half spread wider."""
SHOWN_DIGITS = 20


@dataclass(frozen=True)
class Problem:
    """What a claim is judged against (all picklable, no user text inside).

    ``truth`` is the result in ``units`` with given parameters substituted;
    ``symbols`` maps the names a claim may use to SymPy symbols; ``fixed``
    holds the given parameter values (symbol -> exact); ``points`` are
    admissible values of the other parameters; ``names`` maps symbols to
    parameter names for display.
    """

    label: str
    truth: sp.Expr
    units: str
    symbols: dict
    fixed: dict
    points: tuple
    names: dict
    assumptions: tuple = ()
    transforms: tuple = ()
    quantity: str = ""
    free_symbols: bool = False
    extra: dict = field(default_factory=dict)


def _symbol_table(e) -> tuple:
    symbols, names = {}, {}
    for p in e.params:
        if p.symbol is not None:
            symbols[p.name] = p.symbol
            symbols[p.symbol.name] = p.symbol
            names[p.symbol] = p.name
    return symbols, names


def _wide_value(p, rng: random.Random):
    """A value of scalar parameter ``p`` from a wider range than its sampler."""
    for _ in range(200):
        if p.symbol.is_integer:
            v = sp.Integer(rng.randint(1, 60))
        else:
            mag = 10 ** rng.uniform(-1.5, 1.5)
            v = sp.Rational(round(rng.choice((-1, 1)) * mag * 1000), 1000)
        if v != 0 and p.test(v):
            return v
    return p.sample(rng)


def sample_points(e, values: dict, n: int = N_POINTS) -> list:
    """``n`` admissible parameter sets keeping ``values``: half regular, half wide."""
    from ..engine.run import _sample_values

    regular = _sample_values(e, e.structure(values), values, (n + 1) // 2)
    rng = random.Random(f"check:{e.name}")
    wide = []
    for _ in range(200 * n):
        if len(wide) >= n // 2:
            break
        vals = dict(regular[len(wide) % len(regular)])
        for p in e.params:
            if p.name not in values and p.kind == "scalar":
                vals[p.name] = _wide_value(p, rng)
        try:
            if e.check:
                e.check(vals)
        except DerivationError:
            continue
        wide.append(vals)
    return regular + wide


def prepare(name: str, params: dict, units: str | None) -> Problem:
    """The :class:`Problem` for catalog entry ``name`` (trusted work, in-process)."""
    from ..catalog import derive, entry, parse_params

    e = entry(name)
    if getattr(e, "specialise", None) is not None:  # a bare name taking distributions
        e, params = e.specialise(params)
    values = parse_params(e, params)
    missing = [p.name for p in e.params if p.kind != "scalar" and p.name not in values]
    if missing:
        raise DerivationError(
            f"{name}: give the list or matrix parameter{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} with --param (e.g. {missing[0]}={e.param(missing[0]).default})")
    d = derive(name, units=units, **params)
    symbols, names = _symbol_table(e)
    for s in d.result.free_symbols:
        symbols.setdefault(s.name, s)
        names.setdefault(s, s.name)
    fixed = e.symbols_of(values)
    points = tuple(
        {s: v for s, v in e.symbols_of(vals).items() if s not in fixed}
        for vals in sample_points(e, values)
    )
    return Problem(
        label=name,
        truth=d.result,
        units=d.units,
        symbols=symbols,
        fixed=fixed,
        points=points,
        names=names,
        assumptions=tuple(d.assumptions),
        transforms=tuple(_safe_transforms(e, d, params, values, fixed)),
        quantity=d.quantity,
        extra={"verified": d.verified, "value": d.value},
    )


def _closed_form(e, values: dict, units: str) -> sp.Expr:
    """The entry's checked closed form (in ``units``) at ``values``, without re-verifying.

    Used only for transformed truths in the diagnosis; the truth itself comes
    from the verified derivation.
    """
    from ..engine.run import _checked_steps

    draft, _steps = _checked_steps(e, e.structure(values))
    closed = draft.closed_form
    if units == "bits":
        closed = closed / sp.log(2)
    return closed.subs(e.symbols_of(values))


def _safe_transforms(e, d, params: dict, values: dict, fixed: dict) -> list:
    """:func:`_transforms`, or only the basic ones if an entry's form defeats the others."""
    try:
        return _transforms(e, d, params, values, fixed)
    except Exception:  # the diagnosis is an aid; never let it break the verdict
        return basic_transforms(d.result, d.units)


def _transforms(e, d, params: dict, values: dict, fixed: dict) -> list:
    """Transformed truths for the diagnosis (see :mod:`.diagnosis`)."""
    general = _closed_form(e, {k: v for k, v in values.items()
                               if e.param(k).kind != "scalar"}, d.units)
    out = basic_transforms(d.result, d.units)
    out += [Transform(t.sentence, t.expr.subs(fixed))
            for t in parameter_transforms(general, e.params)]
    if e.group == "divergence" or e.name.startswith(("kl/", "cross-entropy/")):
        swapped = _swapped_truth(e, values, d.units)
        if swapped is not None:
            out.append(Transform("KL arguments swapped: the claim equals D(Q||P), the "
                                 "divergence with P and Q exchanged.", swapped))
    if "conditional" in e.name:
        flipped = _transposed_truth(e, values, d.units)
        if flipped is not None:
            out.append(Transform(
                "Conditional entropy the wrong way round: the claim equals the conditional "
                "entropy with the roles of X and Y exchanged (the joint table transposed).",
                flipped))
    out += _with_units_mixed_up(out[2:], d.units)
    out += term_transforms(d.result)
    return out


def _with_units_mixed_up(transforms: list, units: str) -> list:
    """Each mistake combined with bits-vs-nats (a second, independent slip)."""
    factor = 1 / sp.log(2) if units == "nats" else sp.log(2)
    slip = ("in bits (log2) where nats were asked" if units == "nats"
            else "in nats (ln) where bits were asked")
    return [Transform(f"{t.sentence} Also, the claim is {slip}.", t.expr * factor)
            for t in transforms]


def _swapped_truth(e, values: dict, units: str):
    """The result with P's and Q's parameters exchanged (``mu1`` <-> ``mu2``)."""
    names = {p.name for p in e.params}
    swap = {n: n[:-1] + ("2" if n.endswith("1") else "1") for n in names
            if n[-1:] in "12" and n[:-1] + ("2" if n.endswith("1") else "1") in names}
    if not swap:
        return None
    try:
        if all(e.param(n).kind == "scalar" for n in swap):
            sym = {e.param(a).symbol: e.param(b).symbol for a, b in swap.items()}
            general = _closed_form(e, {k: v for k, v in values.items()
                                       if e.param(k).kind != "scalar"}, units)
            fixed = e.symbols_of({k: v for k, v in values.items()
                                  if e.param(k).kind == "scalar"})
            return general.subs(sym, simultaneous=True).subs(fixed)
        swapped = {swap.get(k, k): v for k, v in values.items()}
        if e.check:
            e.check(swapped)
        return _closed_form(e, swapped, units)
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


# -- judging (untrusted input) --------------------------------------------------


class NotReal(ValueError):
    """A value that is complex, NaN or undefined."""


def value_at(expr, point: dict, ctx):
    """``expr`` at ``point`` on ``ctx`` by mpmath only (no SymPy evaluation); real or raises."""
    v = guarded_value(expr, point, ctx)
    if isinstance(v, type(ctx.mpc(0))):
        if abs(v.imag) > abs(v) * ctx.mpf(10) ** (-WORK_DPS):
            raise NotReal("not a real number")
        v = v.real
    if ctx.isnan(v):
        raise NotReal("undefined")
    return v


def _show_point(problem: Problem, point: dict) -> dict:
    return {problem.names.get(s, s.name): str(v) for s, v in
            sorted({**problem.fixed, **point}.items(), key=lambda kv: kv[0].name)
            if isinstance(s, sp.Symbol)}


def evaluate_claim(problem: Problem, text: str):
    """Parse ``text`` against ``problem``'s symbols (raises ParseError)."""
    return parse_expression(text, problem.symbols, free=problem.free_symbols)


def judge(problem: Problem, text: str, symbolic: bool = True) -> dict:
    """Judge the claim ``text``: verdict, values, counterexample and diagnosis.

    Returns a JSON-ready dict (see :mod:`.command` for the contract).  With
    ``symbolic=False`` no symbolic proof is attempted (numeric verdict only).
    """
    parsed = evaluate_claim(problem, text)
    result = judge_parsed(problem, parsed)
    if symbolic and result["verdict"] == "correct" and result["method_kind"] == "numeric":
        upgrade_with_proof(problem, parsed.expr, result)
    return result


def judge_parsed(problem: Problem, parsed) -> dict:
    """The numeric judgement of an already parsed claim."""
    claim = parsed.expr
    ctx = new_context(WORK_DPS + GUARD)
    known = set(problem.fixed)
    stray = claim.free_symbols - known - (set(problem.points[0]) if problem.points else set())
    if stray:
        raise DerivationError(f"the claim uses {', '.join(sorted(s.name for s in stray))}, "
                              f"which {problem.label} does not define")
    constant = not ((claim.free_symbols | problem.truth.free_symbols) - known)
    out = {
        "verdict": None,
        "against": problem.label,
        "units": problem.units,
        "expected": {"latex": _latex(problem.truth), "value": None},
        "claimed": {"latex": parsed.latex, "value": None, "text": parsed.text},
        "method": "",
        "method_kind": "",
        "diagnosis": [],
        "counterexample": None,
        "holds_on_part": False,
        "assumptions": list(problem.assumptions),
    }
    if parsed.is_rounded_number and not constant:
        free = sorted(problem.names.get(s, s.name) for s in problem.truth.free_symbols - known)
        raise DerivationError(
            f"the claim is a number but the result depends on {', '.join(free)}; "
            "give their values with --param")
    points = [{}] if constant else list(problem.points)
    truths, claims, digits = [], [], []
    for point in points:
        full = {**problem.fixed, **point}
        t = value_at(problem.truth, full, ctx)
        try:
            c = value_at(claim, full, ctx)
        except OverflowError:
            c, reason = None, "too large to evaluate"
        except (NotReal, NumericError, ZeroDivisionError, ValueError) as exc:
            c = None
            reason = str(exc) or "undefined"
        truths.append(t)
        claims.append(c)
        if c is None:
            digits.append(-1)
            out.setdefault("_reasons", {})[len(digits) - 1] = reason
        elif parsed.is_rounded_number:
            ok = abs(c - t) <= ctx.mpf(parsed.half_ulp.p) / parsed.half_ulp.q
            digits.append(WORK_DPS if ok else 0)
        else:
            digits.append(agree_digits(c, t, ctx, WORK_DPS))
    if constant:
        out["expected"]["value"] = to_decimal(truths[0], 30, ctx)
        if claims[0] is not None:
            out["claimed"]["value"] = (parsed.text if parsed.is_rounded_number
                                       else to_decimal(claims[0], 30, ctx))
    good = [d >= AGREE_DIGITS for d in digits]
    if all(good):
        out["verdict"] = "correct"
        if parsed.is_rounded_number:
            out["method_kind"] = "rounding"
            out["method"] = (f"the true value {to_decimal(truths[0], SHOWN_DIGITS, ctx)} "
                             f"rounds to {parsed.text} (within half a unit, "
                             f"{_dec(parsed.half_ulp)}, in the last written place)")
        else:
            out["method_kind"] = "numeric"
            where = (f"at {len(points)} seeded random admissible points" if not constant
                     else "as numbers")
            out["method"] = f"numeric: agrees to {min(digits)} digits {where}"
        out.pop("_reasons", None)
        return out
    out["verdict"] = "incorrect"
    bad = good.index(False)
    reasons = out.pop("_reasons", {})
    out["counterexample"] = {
        "point": _show_point(problem, points[bad]),
        "claimed": (reasons.get(bad, "undefined") if claims[bad] is None
                    else to_decimal(claims[bad], SHOWN_DIGITS, ctx)),
        "expected": to_decimal(truths[bad], SHOWN_DIGITS, ctx),
    }
    if parsed.is_rounded_number:
        out["method_kind"] = "rounding"
        out["method"] = (f"the true value {to_decimal(truths[0], SHOWN_DIGITS, ctx)} does not "
                         f"round to {parsed.text} (allowed error {_dec(parsed.half_ulp)})")
    else:
        out["method_kind"] = "numeric"
        out["method"] = (f"numeric: differs at {good.count(False)} of {len(points)} "
                         + ("seeded random admissible points" if not constant else "values"))
    if any(good):
        out["holds_on_part"] = True
        agree_at = _show_point(problem, points[good.index(True)])
        out["diagnosis"].append(
            f"Holds only on part of the domain: the claim agrees with the result at "
            f"{good.count(True)} of {len(points)} test points (e.g. {_fmt(agree_at)}) but not at "
            f"others (e.g. {_fmt(out['counterexample']['point'])}).")
    out["diagnosis"] += _diagnose(problem, parsed, points, truths, claims, ctx)
    if not out["diagnosis"]:
        out["diagnosis"].append(
            "No usual mistake matches (bits vs nats, log base 10, sign, factor 2 or 1/2, sigma "
            "vs sigma^2, swapped arguments, a missing term or constant); compare the "
            "counterexample values.")
    return out


def _fmt(point: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items()) or "the given values"


def _dec(q: sp.Rational) -> str:
    return sp.Float(q, 3).__format__("") if q.q != 1 else str(q)


def _latex(expr) -> str:
    from ..render import latex

    return latex(expr)


def _diagnose(problem: Problem, parsed, points, truths, claims, ctx) -> list:
    """Sentences naming the transformed truths the claim equals."""
    if any(c is None for c in claims):
        return []
    use = range(min(len(points), 6))
    found = []
    tol = (ctx.mpf(parsed.half_ulp.p) / parsed.half_ulp.q) if parsed.is_rounded_number else None
    for t in problem.transforms:
        try:
            ok = True
            for k in use:
                v = value_at(t.expr, {**problem.fixed, **points[k]}, ctx)
                if tol is not None:
                    ok = abs(claims[k] - v) <= tol
                else:
                    ok = agree_digits(claims[k], v, ctx, WORK_DPS) >= MATCH_DIGITS
                if not ok:
                    break
        except (NotReal, NumericError, ZeroDivisionError, ValueError, OverflowError):
            continue
        if ok and t.sentence not in found:
            found.append(t.sentence)
    if not found and tol is None:
        diffs = [claims[k] - truths[k] for k in use]
        steady = all(agree_digits(d, diffs[0], ctx, WORK_DPS) >= MATCH_DIGITS for d in diffs)
        if steady and (len(points) > 1 or name_constant(diffs[0], ctx)):
            named = name_constant(diffs[0], ctx)
            shown = to_decimal(diffs[0], 12, ctx) + (f" = {named}" if named else "")
            where = " at every test point" if len(points) > 1 else ""
            found.append(f"Missing additive constant: the claim differs from the result by the "
                         f"constant {shown}{where}.")
    return found


def prove(problem: Problem, claim: sp.Expr) -> bool:
    """True when claim - truth provably simplifies to 0 under the assumptions."""
    from ..engine.verify import symbolically_zero

    diff = claim.subs(problem.fixed) - problem.truth
    return symbolically_zero(diff)


def upgrade_with_proof(problem: Problem, claim: sp.Expr, result: dict) -> dict:
    """Replace a numeric 'correct' by a symbolic proof when one is found."""
    if prove(problem, claim):
        result["method_kind"] = "symbolic"
        result["method"] = ("symbolic proof: claim - result simplifies to 0 under the "
                            "assumptions" + (f" ({'; '.join(problem.assumptions)})"
                                             if problem.assumptions else ""))
    else:
        result["method"] += "; no symbolic proof found"
    return result
