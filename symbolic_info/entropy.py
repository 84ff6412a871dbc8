"""Differential entropy h(X) = -E[ln f(X)] of a declared family.

One mechanism serves every family in :mod:`symbolic_info.families`: write
``-ln f`` as a sum of terms, take expectations term by term, substitute the
family's known expectations (each a checked step), simplify and reach the
textbook form.  The reference is ``-integral f ln f`` by quadrature.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/normal", sigma="3/2")
>>> d.result
log(9*E*pi/2)/2
>>> d.verified
True
"""

from __future__ import annotations

import sympy as sp

from .core import Step
from .engine import Draft, Entry
from .expectation import Expect, apply_linearity
from .families import FAMILIES, Family
from .quadrature import differential_entropy

__all__ = ["entropy_entry", "entropy_steps", "ENTRIES", "P"]

P = sp.Symbol("P")
"""Label of the distribution of X in expectations."""


def entropy_steps(family: Family) -> tuple:
    """The unchecked steps from ``-E[ln f(X)]`` to the textbook closed form."""
    start = -Expect(sp.log(family.pdf, evaluate=False), P)
    expanded = -Expect(family.logpdf, P)
    steps = [Step(start, expanded, "expand the logarithm of the density")]
    current = apply_linearity(sp.expand(expanded, deep=False), family.var)
    steps.append(Step(expanded, current, "linearity of expectation; E[c] = c for a constant c"))
    for g, value, reason in family.expectations:
        nxt = current.subs(Expect(g, P), value)
        if nxt != current:
            steps.append(Step(current, nxt, reason))
            current = nxt
    simpler = sp.simplify(current)
    if simpler != current:
        steps.append(Step(current, simpler, "simplify"))
        current = simpler
    if family.entropy_form != current:
        steps.append(Step(current, family.entropy_form, "collect into the textbook form"))
    return tuple(steps)


def entropy_entry(family: Family) -> Entry:
    """The catalog entry ``entropy/<family>``."""

    def build(_structure) -> Draft:
        density = family.density()
        return Draft(
            quantity="h(X)",
            assumptions=(
                f"X has the {family.title.lower()} density",
                *(p.rule for p in family.params),
                *family.assumptions,
            ),
            steps=entropy_steps(family),
            reference=lambda point, ctx: differential_entropy(density.at(point), ctx),
            reference_method="tanh-sinh quadrature of -f ln f over the support "
            "(ln f from the log-density), split at the break points",
            densities={P: density},
        )

    return Entry(
        name=f"entropy/{family.name}",
        title=f"Differential entropy of the {family.title.lower()}",
        group="entropy",
        params=family.params,
        build=build,
        summary=f"h(X) for X ~ {family.latex}; {family.source}",
    )


ENTRIES = tuple(entropy_entry(FAMILIES[n]) for n in ("normal", "exponential"))
