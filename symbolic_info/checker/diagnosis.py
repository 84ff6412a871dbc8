"""Diagnosis of the usual mistakes: transformed truths and the one a claim matches.

A teacher recognises a wrong answer by the mistake that produced it.  We
build transformed versions of the true result (the result in bits instead of
nats, with log base 10, with the KL arguments swapped, with sigma where
sigma^2 belongs, times 2 or 1/2, with a sign flipped, a conditional entropy
the wrong way round, a term dropped) and name each one the claim equals.
A constant offset is recognised from the values themselves.

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

__all__ = ["Transform", "basic_transforms", "parameter_transforms", "term_transforms",
           "name_constant", "KNOWN_CONSTANTS", "MATCH_DIGITS"]

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
    from ..numeric.context import agree_digits, evaluate

    for name, c in KNOWN_CONSTANTS:
        cv = evaluate(c, {}, ctx)
        for sign, v in (("", cv), ("-", -cv)):
            if agree_digits(value, v, ctx, digits) >= digits:
                return sign + name
    return None
