"""Joint and conditional entropy and mutual information of a joint pmf table.

The table ``pxy`` has rows indexed by X and columns by Y.  Its zero cells
are part of the structure and drop out (``0 ln 0 = 0``); the marginals
``p(x) = sum_y p(x, y)`` and ``p(y) = sum_x p(x, y)`` are written as sums of
the cell symbols, so every step is an identity in the cells.  Formulas:
Cover & Thomas, *Elements of Information Theory*, 2nd ed., eqs. (2.8),
(2.10), (2.28), Theorem 2.2.1 (chain rule) and eq. (2.45).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("mutual-information", pxy="[[1/2,0],[0,1/2]]")
>>> d.result, d.verified
(log(2), True)
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from ..engine.run import Draft, Entry
from ..numeric.context import to_mpf
from ..numeric.log_terms import (
    DIVERGENCE_NOTE,
    EXACT_LOGS_NOTE,
    divergence_term,
    log_of,
    shannon_sum,
)
from ..sources import COVER_THOMAS as CT
from ..symbolic.sums import probability_table, random_with_support, support, table_symbols

__all__ = ["ENTRIES", "table_parts"]

_PXY = probability_table("pxy", "joint probabilities p(x, y): rows index X, columns Y")


def table_parts(structure: dict) -> dict:
    """Cell symbols on the support, marginal sums and the entropies as expressions.

    >>> parts = table_parts({"shape": (2, 2), "support": ((0, 0), (1, 1))})
    >>> parts["Hxy"]
    -p1_1*log(p1_1) - p2_2*log(p2_2)
    """
    rows, cols = structure["shape"]
    syms = table_symbols("p", rows, cols)
    cells = {(i, j): syms[i][j] for i, j in structure["support"]}
    px = {i: sp.Add(*[s for (a, _), s in cells.items() if a == i]) for i, _ in cells}
    py = {j: sp.Add(*[s for (_, b), s in cells.items() if b == j]) for _, j in cells}
    return {
        "cells": cells,
        "px": px,
        "py": py,
        "Hxy": -sp.Add(*[s * sp.log(s) for s in cells.values()]),
        "Hx": -sp.Add(*[m * sp.log(m) for m in px.values()]),
        "Hy": -sp.Add(*[m * sp.log(m) for m in py.values()]),
    }


def _zero_note(structure: dict) -> str:
    rows, cols = structure["shape"]
    zeros = rows * cols - len(structure["support"])
    return f"; the {zeros} zero cell(s) contribute $0 \\ln 0 = 0$" if zeros else ""


def _structure(values) -> tuple:
    m = values["pxy"] if "pxy" in values else _PXY.parse(_PXY.default)
    return (("shape", (m.rows, m.cols)), ("support", support(m)))


def _sample(rng, s) -> dict:
    rows, cols = s["shape"]
    flat = {i * cols + j for i, j in s["support"]}
    return {"pxy": sp.Matrix(rows, cols, random_with_support(rng, flat, rows * cols))}


def _bind(values) -> dict:
    if "pxy" not in values:
        return {}
    m = values["pxy"]
    syms = table_symbols("p", m.rows, m.cols)
    return {syms[i][j]: m[i, j] for i, j in support(m)}


def _numbers(structure: dict, point: dict):
    """Cell values and marginals, exact, straight from the table."""
    parts = table_parts(structure)
    cells = {ij: sp.sympify(point[s]) for ij, s in parts["cells"].items()}
    px, py = {}, {}
    for (i, j), v in cells.items():
        px[i] = px.get(i, 0) + v
        py[j] = py.get(j, 0) + v
    return cells, px, py


def _assumptions(structure: dict) -> tuple:
    rows, cols = structure["shape"]
    return (f"$(X, Y)$ has the joint pmf table pxy with {rows} rows ($X$) and {cols} columns ($Y$)",
            _PXY.rule)


def _joint(s) -> Draft:
    parts = table_parts(s)
    cells = parts["cells"].values()
    steps = (Step(sp.Add(*[c * sp.log(1 / c) for c in cells]), parts["Hxy"],
                  r"$H(X,Y) = \mathrm{E}[\ln \frac{1}{p(X,Y)}]$ over the cells" + _zero_note(s)),)

    def reference(point, ctx):
        vals, _, _ = _numbers(s, point)
        return shannon_sum(vals.values(), ctx)

    return Draft("H(X,Y)", _assumptions(s), steps, reference,
                 "direct sum of -p(x,y) ln p(x,y) over the non-zero cells, " + EXACT_LOGS_NOTE)


def _conditional(s) -> Draft:
    parts = table_parts(s)
    cells, px = parts["cells"], parts["px"]
    definition = -sp.Add(*[c * sp.log(c / px[i]) for (i, _), c in cells.items()])
    split = parts["Hxy"] + sp.Add(*[c * sp.log(px[i]) for (i, _), c in cells.items()])
    closed = parts["Hxy"] - parts["Hx"]
    steps = (
        Step(definition, split,
             r"log of a ratio: $p(y \mid x) = p(x,y)/p(x)$ with "
             r"$p(x) = \sum_y p(x,y)$" + _zero_note(s)),
        Step(parts["Hxy"], parts["Hx"] + definition,
             rf"chain rule $H(X,Y) = H(X) + H(Y \mid X)$ ({CT}, Theorem 2.2.1)"),
        Step(split, closed, r"sum over $y$: $\sum_y p(x,y) \ln p(x) = p(x) \ln p(x)$; "
             r"so $H(Y \mid X) = H(X,Y) - H(X)$"),
    )

    def reference(point, ctx):
        vals, mx, _ = _numbers(s, point)
        return -ctx.fsum(to_mpf(v, ctx) * log_of(v / mx[i], ctx) for (i, _), v in vals.items())

    return Draft("H(Y|X)", _assumptions(s), steps, reference,
                 "direct sum of -p(x,y) ln p(y|x) over the non-zero cells, "
                 "p(y|x) = p(x,y)/p(x) from the exact row sums, " + EXACT_LOGS_NOTE)


def _mutual(s) -> Draft:
    parts = table_parts(s)
    cells, px, py = parts["cells"], parts["px"], parts["py"]
    definition = sp.Add(*[c * sp.log(c / (px[i] * py[j])) for (i, j), c in cells.items()])
    split = (-parts["Hxy"] - sp.Add(*[c * sp.log(px[i]) for (i, _), c in cells.items()])
             - sp.Add(*[c * sp.log(py[j]) for (_, j), c in cells.items()]))
    closed = parts["Hx"] + parts["Hy"] - parts["Hxy"]
    steps = (
        Step(definition, split,
             r"log of a ratio: $\ln p(x,y) - \ln p(x) - \ln p(y)$" + _zero_note(s)),
        Step(split, closed, r"sum out $y$ and $x$ in the marginal terms: "
             r"$I(X;Y) = H(X) + H(Y) - H(X,Y)$"),
    )

    def reference(point, ctx):
        vals, mx, my = _numbers(s, point)
        terms = [divergence_term(v, mx[i] * my[j], ctx) for (i, j), v in vals.items()]
        covered = sum(mx[i] * my[j] for i, j in vals)
        return ctx.fsum([*terms, to_mpf(1 - covered, ctx)])

    return Draft("I(X;Y)", _assumptions(s), steps, reference,
                 "direct sum of p(x,y) ln(p(x,y) / (p(x) p(y))) over the non-zero cells, "
                 "marginals from the exact row and column sums, "
                 + DIVERGENCE_NOTE.replace("Q(x)", "p(x) p(y)").replace("P(x)", "p(x,y)")
                 + " (the product's mass on the zero cells added as its own term)")


def _entry(name, title, build, summary) -> Entry:
    return Entry(name=name, title=title, group="discrete", params=(_PXY,), build=build,
                 summary=summary, structure=_structure, sample=_sample, bind=_bind)


ENTRIES = (
    _entry("joint-entropy", "Joint entropy of a pmf table", _joint,
           f"H(X,Y) = -sum p(x,y) ln p(x,y); {CT}, eq. (2.8)"),
    _entry("conditional-entropy", "Conditional entropy H(Y|X) of a pmf table", _conditional,
           f"H(Y|X) = -sum p(x,y) ln p(y|x) with the chain rule; {CT}, eq. (2.10), "
           "Theorem 2.2.1"),
    _entry("mutual-information", "Mutual information of a pmf table", _mutual,
           f"I(X;Y) = sum p(x,y) ln(p(x,y)/(p(x)p(y))) = H(X) + H(Y) - H(X,Y); {CT}, "
           "eqs. (2.28), (2.45)"),
)
