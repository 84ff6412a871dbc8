"""From the three entropies of a pair to mutual information, joint and conditional entropy.

Every analysis of a model or a joint law (:mod:`.twovar_gauss`,
:mod:`.twovar_finite`, :mod:`.twovar_betabin`) yields :class:`Pieces`: closed
forms of H(X), H(Y) and H(Y|X) in nats, the steps that establish them, and a
reference for each quantity computed from its definition.  The rest follows
from the identities of the information diagram (Cover & Thomas, *Elements of
Information Theory*, 2nd ed., Theorem 2.2.1 (chain rule), eqs. (2.43)-(2.45);
for densities Sec. 8.5):

- H(X, Y) = H(X) + H(Y|X);
- I(X; Y) = H(X) + H(Y) - H(X, Y) = H(Y) - H(Y|X);
- H(X|Y) = H(X, Y) - H(Y) = H(X) - I(X; Y).

Example
-------
>>> import sympy as sp
>>> p = Pieces(("X", "Y"), (False, False), sp.log(2), sp.log(2), sp.log(2) / 2, (),
...            lambda kind, point, ctx: ctx.mpf(0), "none")
>>> quantity_of(p, "mutual-information", "X")
'I(X;Y)'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..numeric.context import evaluate, to_decimal
from ..numeric.precision import MAX_WORK_DPS, cap_dps, settle, settle_past_zero, start_dps
from ..sources import COVER_THOMAS as CT

__all__ = ["Pieces", "quantity_of", "pieces_draft", "diagram_values", "MEASURES", "CT",
           "DIAGRAM_DIGITS"]

MEASURES = ("mutual-information", "joint-entropy", "conditional-entropy")


@dataclass(frozen=True)
class Pieces:
    """H(X), H(Y), H(Y|X) of a pair, how they were found, and references.

    ``discrete`` flags X and Y (a continuous one has a differential entropy h).
    ``reference(kind, point, ctx)`` computes ``kind`` in ``"mi"``, ``"hx"``,
    ``"hy"``, ``"hyx"``, ``"hxy"`` from its definition, never from the closed forms.
    ``mi_steps`` lead from H(Y) - H(Y|X) to a shorter equal form, if any.
    """

    names: tuple
    discrete: tuple
    hx: sp.Expr
    hy: sp.Expr
    hyx: sp.Expr
    steps: tuple
    reference: Callable
    method: str
    assumptions: tuple = ()
    mi_steps: tuple = ()
    extras: Callable | None = None
    densities: dict | None = None


def _h(p: Pieces, which: int) -> str:
    return "H" if p.discrete[which] else "h"


def quantity_of(p: Pieces, measure: str, given: str) -> str:
    """The quantity's name with the pair's own variable names: ``I(X;Y)``, ``H(Y|X)``."""
    x, y = p.names
    if measure == "mutual-information":
        return f"I({x};{y})"
    if measure == "joint-entropy":
        return f"{'H' if all(p.discrete) else 'h'}({x},{y})"
    if given == x:
        return f"{_h(p, 1)}({y}|{x})"
    return f"{_h(p, 0)}({x}|{y})"


def _sum(*terms) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _mutual(p: Pieces) -> tuple:
    x, y = p.names
    hxy = _sum(p.hx, p.hyx)
    steps = [Step(_sum(p.hx, p.hy, -hxy), p.hy - p.hyx,
                  f"I({x};{y}) = H({x}) + H({y}) - H({x},{y}) and the chain rule "
                  f"H({x},{y}) = H({x}) + H({y}|{x}), so I({x};{y}) = H({y}) - H({y}|{x}) "
                  f"({CT}, eq. (2.45), Theorem 2.2.1)")]
    return (*steps, *p.mi_steps), "mi"


def _joint(p: Pieces) -> tuple:
    x, y = p.names
    return (Step(_sum(p.hx, p.hyx), p.hx + p.hyx,
                 f"chain rule H({x},{y}) = H({x}) + H({y}|{x}) ({CT}, Theorem 2.2.1)"),), "hxy"


def _conditional(p: Pieces, given: str) -> tuple:
    x, y = p.names
    if given == x:
        return (Step(_sum(p.hx, p.hyx, -p.hx), p.hyx,
                     f"H({y}|{x}) = H({x},{y}) - H({x}) with the chain rule "
                     f"H({x},{y}) = H({x}) + H({y}|{x}) ({CT}, Theorem 2.2.1)"),), "hyx"
    hxy = _sum(p.hx, p.hyx)
    closed = p.hx + p.hyx - p.hy
    return (Step(_sum(hxy, -p.hy), closed,
                 f"H({x}|{y}) = H({x},{y}) - H({y}) (chain rule in the other order, "
                 f"{CT}, Theorem 2.2.1) with H({x},{y}) = H({x}) + H({y}|{x}); equally "
                 f"H({x}) - I({x};{y})"),), "hxgy"


def pieces_draft(p: Pieces, measure: str, given: str) -> Draft:
    """The draft of ``measure`` (one of :data:`MEASURES`); ``given`` names the conditioning
    variable of a conditional entropy."""
    if measure == "mutual-information":
        tail, kind = _mutual(p)
    elif measure == "joint-entropy":
        tail, kind = _joint(p)
    elif measure == "conditional-entropy":
        if given not in p.names:
            raise DerivationError(f"given must be {p.names[0]} or {p.names[1]}, not {given}")
        tail, kind = _conditional(p, given)
    else:
        raise DerivationError(f"unknown two-variable measure {measure}")

    def reference(point, ctx):
        if kind == "hxgy":
            return p.reference("hx", point, ctx) - p.reference("mi", point, ctx)
        return p.reference(kind, point, ctx)

    method = p.method
    if kind == "hxgy":
        method = "H(X) - I(X;Y), each from its definition: " + method
    return Draft(quantity_of(p, measure, given), p.assumptions, (*p.steps, *tail), reference,
                 method, densities=dict(p.densities or {}),
                 extras=_extras(p, measure == "mutual-information"))


DIAGRAM_DIGITS = 15
"""Digits of the information diagram's numbers."""


def diagram_values(p: Pieces, point: dict) -> dict:
    """The six numbers of the information diagram in nats, each settled to
    :data:`DIAGRAM_DIGITS` relative digits (name -> mpf, or 0 when it settled below its
    rounding noise).

    They are worked at the few dozen digits these need (growing only where a difference
    cancels), not at the derivation's precision: the mixture's h(Y) is a kept integral,
    and at 1000 digits the diagram alone cost as much as the verification.

    >>> q = Pieces(("X", "Y"), (False, False), sp.log(2), sp.log(2), sp.log(2) / 2, (),
    ...            lambda kind, point, ctx: ctx.mpf(0), "none")
    >>> str(diagram_values(q, {})["I(X;Y)"])[:8]
    '0.346573'
    """
    x, y = p.names
    mix = {f"H({x})": (1, 0, 0), f"H({y})": (0, 1, 0), f"H({y}|{x})": (0, 0, 1),
           f"H({x},{y})": (1, 0, 1), f"I({x};{y})": (0, 1, -1), f"H({x}|{y})": (1, -1, 1)}
    seen: dict = {}

    def three(ctx):
        if ctx.prec not in seen:
            seen[ctx.prec] = [evaluate(e, point, ctx) for e in (p.hx, p.hy, p.hyx)]
        return [ctx.make_mpf(v._mpf_) for v in seen[ctx.prec]]

    # the model's own numbers count (the 10^72 of normal(X, 1e36)): below their length
    # H(Y) - H(Y|X) cancels to 0 at every precision tried
    inputs = [*point.values(), p.hx, p.hy, p.hyx]
    out = {}
    for name, weights in mix.items():
        def combined(ctx, w=weights):
            return ctx.fdot(w, three(ctx))

        # settled past an exact 0 of the first pair (I = ln(1 + e^-200)/2 is 0 at 25 digits),
        # then with the cap doubled while digits are short (it is 1e-88 of H(Y) = 51)
        cap = cap_dps(DIAGRAM_DIGITS, inputs)
        r = settle_past_zero(combined, DIAGRAM_DIGITS, start_dps(DIAGRAM_DIGITS, inputs), cap)
        while not r.reached and not r.zero and cap < MAX_WORK_DPS:
            cap = min(MAX_WORK_DPS, 2 * cap)
            r = settle(combined, DIAGRAM_DIGITS, r.dps, cap)
        out[name] = r.ctx.zero if r.zero else r.value
    return out


def _extras(p: Pieces, own: bool) -> Callable:
    """The information diagram's six numbers (:func:`diagram_values`) and, for I, the
    analysis's extras."""
    def extras(point, ctx, dps, units):
        out = dict(p.extras(point, ctx, dps, units)) if own and p.extras is not None else {}
        scale = 1 / ctx.ln2 if units == "bits" else 1
        values = diagram_values(p, point)
        out["diagram"] = {"values": {k: to_decimal(v * scale, DIAGRAM_DIGITS, ctx)
                                     for k, v in values.items()},
                          "units": units, "names": list(p.names), "discrete": list(p.discrete)}
        return out
    return extras
