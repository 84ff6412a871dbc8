"""Joint and conditional entropy of a Markov chain X -> Y -> Z given as a three-line model.

The chain rule (Cover & Thomas, *Elements of Information Theory*, 2nd ed., Theorem
2.5.1) with the Markov property H(Z | X, Y) = H(Z | Y) (Sec. 2.8):

    H(X, Y, Z) = H(X) + H(Y | X) + H(Z | X, Y) = H(X) + H(Y | X) + H(Z | Y),

each term from the analysis of a pair: (X, Y) as written and (Y, Z) with Y's marginal
law p(y) = sum_x p(x) p(y|x) (for normals, the normal with the composed mean and
variance).  The reference sums -p ln p over the triples (x, y, z) from their
definition p(x) p(y|x) p(z|y) (for normals, 1/2 ln((2 pi e)^3 |S|) from the 3x3
covariance), never through the chain rule.

A conditional entropy of the chain names, like ``mutual-information``'s I(X; Z), the
chain's ends: ``given=X`` (the default) is H(Z | X), ``given=Z`` is H(X | Z), with
Z | X composed from the two conditionals; ``given=Y`` is H(Z | Y), the last link.

Example
-------
>>> from symbolic_info import derive
>>> m = ("X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(1/10), 1: bernoulli(9/10)}; "
...      "Z | Y ~ {0: bernoulli(1/5), 1: bernoulli(4/5)}")
>>> d = derive("joint-entropy", model=m, units="bits")
>>> d.verified, d.value[:8]
(True, '2.190923')
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..language import Model, Variable
from ..sources import COVER_THOMAS as CT
from .twovar_chain import chain_parts
from .twovar_pieces import pieces_draft

__all__ = ["triple_draft"]


def _second(model, y_marginal) -> Model:
    """(Y with its marginal law, Z | Y)."""
    vy, vz = model.variables[1:]
    return Model((Variable(vy.name, vy.symbol, (), y_marginal, ""), vz), model.text)


def triple_draft(model, measure: str, given: str) -> Draft:
    """``joint-entropy`` (H(X, Y, Z)) or ``conditional-entropy`` of a chain X -> Y -> Z."""
    parts = chain_parts(model)
    x, y, z = model.names
    if measure == "conditional-entropy":
        if given == y:
            return pieces_draft(parts.pieces(_second(model, parts.y_marginal)), measure, y)
        if given not in (x, z):
            raise DerivationError(f"given must be {x}, {y} or {z}, not '{given}'")
        return pieces_draft(parts.pieces(parts.pair), measure, given)
    if measure != "joint-entropy":
        raise DerivationError(f"unknown measure of a chain: {measure}")
    p_xy = parts.pieces(Model(model.variables[:2], model.text))
    p_yz = parts.pieces(_second(model, parts.y_marginal))
    h = "H" if all(v.discrete for v in model.variables) else "h"
    total = sp.Add(p_xy.hx, p_xy.hyx, p_yz.hyx, evaluate=False)
    steps = (*p_xy.steps, *p_yz.steps,
             Step(total, p_xy.hx + p_xy.hyx + p_yz.hyx,
                  f"chain rule {h}({x},{y},{z}) = {h}({x}) + {h}({y}|{x}) + {h}({z}|{x},{y}) "
                  f"({CT}, Theorem 2.5.1), and {h}({z}|{x},{y}) = {h}({z}|{y}) because {z} "
                  f"depends on {x} only through {y} (the Markov chain {x} -> {y} -> {z}, "
                  f"Sec. 2.8); {h}({z}|{y}) with {y}'s marginal p(y) = sum_x p(x) p(y|x)"))
    return Draft(f"{h}({x},{y},{z})",
                 (model.text, f"{x} -> {y} -> {z} is a Markov chain: {z} depends on {x} only "
                              f"through {y}"),
                 steps, parts.joint_entropy, parts.joint_method,
                 densities={**(p_xy.densities or {}), **(p_yz.densities or {})})
