"""The steps every expectation-based derivation shares.

An entropy, a cross-entropy or a KL divergence of densities is derived the same
way: take the logarithm of the density (or densities), use linearity of
expectation, substitute each known expectation as its own step (with its reason),
and collect into the textbook form.  The topic modules build their expressions;
these functions make the steps, so that every derivation says the same thing
the same way.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.symbolic.expectation import P, Expect
>>> x = sp.Symbol("x", real=True)
>>> steps, rest = substitution_steps(Expect(x**2, P) + 1, [(x**2, 2, "E[X^2] = 2")])
>>> rest, steps[0].rule
(3, 'E[X^2] = 2')
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from .expectation import Expect

__all__ = ["LINEARITY", "logarithm_step", "linearity_step", "substitution_steps",
           "collect_steps"]

LINEARITY = r"linearity of expectation; $\mathrm{E}[c] = c$ for a constant $c$"
"""The reason of the linearity step."""


def logarithm_step(start: sp.Expr, expanded: sp.Expr,
                   rule: str = "take the logarithm of the density") -> Step:
    """``E[ln f(X)]`` written with the logarithm of the density expanded."""
    return Step(start, expanded, rule)


def linearity_step(expanded: sp.Expr, linear: sp.Expr) -> Step:
    """Expectations of sums split into sums of expectations, constants pulled out."""
    return Step(expanded, linear, LINEARITY)


def substitution_steps(current: sp.Expr, known, required: str | None = None) -> tuple:
    """``(steps, rest)``: each ``(g, E[g], reason)`` of ``known`` substituted as its own step.

    An expectation matches ``g`` when their difference expands to 0.  With
    ``required`` (a name for the message), every item must match and no
    expectation may be left over, else ``ValueError`` (a data error in a table).
    """
    steps = []
    for g, value, reason in known:
        same = [e for e in current.atoms(Expect) if sp.expand(e.args[0] - g) == 0]
        nxt = current.subs({e: value for e in same})
        if nxt == current:
            if required:
                raise ValueError(f"{required}: no term E[{g}] in {current}")
            continue
        steps.append(Step(current, nxt, reason))
        current = nxt
    if required and current.atoms(Expect):
        raise ValueError(f"{required}: expectations left over in {current}")
    return tuple(steps), current


def collect_steps(current: sp.Expr, closed: sp.Expr, rule: str) -> tuple:
    """The last step to the textbook form ``closed``, or none when already there."""
    return () if current == closed else (Step(current, closed, rule),)
