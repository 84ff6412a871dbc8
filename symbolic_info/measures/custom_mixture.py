"""Mixtures with disjoint supports, and tables: entropy by the grouping rule.

If the components of ``X ~ sum w_i P_i`` live on pairwise disjoint supports
``S_i``, then on ``S_i`` the density is ``w_i p_i`` and
``h(X) = sum_i w_i h(X_i) + H(w)`` with ``H(w) = -sum_i w_i ln w_i``
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., Problem 2.10,
the grouping of entropies).  Disjointness is proved from the supports' ends
and shown as the first step's reason.  A table's entropy is the finite sum
``-sum p_i ln p_i`` (eq. (2.1), with ``0 ln 0 = 0``).

Example
-------
>>> from symbolic_info.language import parse_distribution
>>> m = parse_distribution("1/2*uniform(0, 1) + 1/2*uniform(2, 4)")
>>> disjoint_mixture_draft(m, [{}], (), ()).closed_form
3*log(2)/2
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..numeric.context import compile_expr
from ..output.unicode_math import math_text
from .custom_build import as_formula
from .custom_numeric import NumericIntegral, integral_reference

__all__ = ["disjoint_mixture_draft", "table_draft"]


def _ends(forms) -> list | None:
    ends = []
    for f in forms:
        if f.discrete or f.lo.free_symbols or f.hi.free_symbols:
            return None
        ends.append((f.lo, f.hi))
    return ends


def _disjoint(forms):
    """The components sorted by support with the proof sentence, or ``None``."""
    ends = _ends(forms)
    if ends is None:
        return None
    order = sorted(range(len(forms)), key=lambda i: ends[i][0])
    proof = []
    for a, b in zip(order, order[1:], strict=False):
        if not bool(ends[a][1] <= ends[b][0]):
            return None
        proof.append(f"{math_text(ends[a][1])} <= {math_text(ends[b][0])}")
    return order, proof


def disjoint_mixture_draft(mix, points: list, stated: tuple, assume: tuple) -> Draft | None:
    """The grouping-rule draft, or ``None`` when the supports are not provably disjoint."""
    forms = [as_formula(c) for _w, c in mix.parts]
    found = _disjoint(forms)
    if found is None or len(forms) < 2:
        return None
    order, proof = found
    from ..catalog import derive

    weights = [w for w, _c in mix.parts]
    var = forms[0].var
    forms = [f.__class__(f.density.subs(f.var, var), var, f.lo, f.hi, False, f.text)
             for f in forms]
    pieces = [NumericIntegral(-(w * f.density) * sp.log(w * f.density), (var, f.lo, f.hi))
              for w, f in zip(weights, forms, strict=True)]
    split = sp.Add(*[w * NumericIntegral(-f.density * sp.log(f.density), (var, f.lo, f.hi))
                     for w, f in zip(weights, forms, strict=True)]) \
        - sp.Add(*[w * sp.log(w) for w in weights])
    comps = []
    for (_w, c), f in zip(mix.parts, forms, strict=True):
        d = derive("entropy", X=c.text or f.text, assume=list(assume))
        if not d.verified:
            raise DerivationError(f"the entropy of the component {c.text} could not be verified")
        comps.append(d.result)
    grouped = sp.Add(*[w * h for w, h in zip(weights, comps, strict=True)]) \
        - sp.Add(*[w * sp.log(w) for w in weights])
    each = "; ".join(f"{c.text}: {math_text(h)}" for (_w, c), h in zip(mix.parts, comps,
                                                                       strict=True))
    supports = ", ".join(forms[i].support_latex().replace("\\infty", "oo") for i in order)
    steps = [
        Step(sp.Add(*pieces), split,
             f"the supports {supports} do not overlap ({'; '.join(proof)}), so on the i-th "
             "support the density is w_i p_i(x): ln(w_i p_i) = ln w_i + ln p_i and each "
             "p_i integrates to 1"),
        Step(split, grouped, "each component's entropy h(X_i), derived and verified on its own "
             f"({each})"),
    ]
    tidy = sp.expand_log(grouped) if not grouped.free_symbols else grouped
    if tidy != grouped and sp.count_ops(tidy) < sp.count_ops(grouped):
        steps.append(Step(grouped, tidy, "collect the logarithms"))

    def reference(point, ctx):
        parts = []
        for w, f in zip(weights, forms, strict=True):
            g = compile_expr((w * f.density).subs(point), [var], ctx)
            parts.append((g, compile_expr(f.lo, [], ctx)(), compile_expr(f.hi, [], ctx)()))

        def m(x):
            return ctx.fsum(g(x) for g, a, b in parts if a <= x <= b)

        def integrand(x):
            v = m(x)
            return -v * ctx.log(v) if v > 0 else ctx.zero

        lo = min(a for _g, a, _b in parts)
        hi = max(b for _g, _a, b in parts)
        cuts = sorted({c for _g, a, b in parts for c in (a, b) if lo < c < hi})
        return integral_reference(integrand, lo, hi, ctx, cuts)

    return Draft(
        quantity="h(X)",
        assumptions=(f"X has the mixture density {mix.text}", *stated,
                     "the components' supports are disjoint"),
        steps=tuple(steps),
        reference=reference,
        reference_method="mpmath quad (its own tanh-sinh) of -m ln m with the mixture density "
                         "m as written, split at every end of a component's support",
    )


def table_draft(table, points: list, stated: tuple, text: str) -> Draft:
    """``H = -sum p_i ln p_i`` of a table (zero probabilities contribute 0)."""
    probs = [p for _v, p in table.items]
    total = sp.simplify(sp.Add(*probs))
    if total != 1:
        raise DerivationError(f"the probabilities of {text or 'the table'} add up to "
                              f"{math_text(total)}, not 1")
    for point in points or [{}]:
        for v, p in table.items:
            value = sp.sympify(p).subs(point)
            if value.is_number and bool(value < 0):
                where = "" if not point else " for " + ", ".join(
                    f"{s} = {x}" for s, x in point.items())
                raise DerivationError(f"the probability of {v} in {text or 'the table'} is "
                                      f"negative ({math_text(value)}){where}")
    kept = [p for p in probs if p != 0]
    start = -sp.Add(*[sp.Mul(p, sp.log(p, evaluate=False), evaluate=False) for p in kept],
                    evaluate=False)
    expanded = sp.expand_log(sp.Add(*[-p * sp.log(p) for p in kept]), force=False)
    steps = [Step(start, expanded,
                  "H = -sum p ln p over the table's values (0 ln 0 = 0)")]

    def reference(point, ctx):
        vals = [compile_expr(sp.sympify(p).subs(point), [], ctx)() for p in probs]
        return -ctx.fsum(v * ctx.log(v) for v in vals if v != 0)

    return Draft("H(X)", (f"X has the pmf {text}", *stated), tuple(steps), reference,
                 "exact finite sum of -p ln p on mpmath")
