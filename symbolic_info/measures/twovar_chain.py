"""The data-processing inequality on a Markov chain X -> Y -> Z given as a three-line model.

The chain rule for I(X; Y, Z) two ways (Cover & Thomas, 2nd ed., Theorem
2.5.2 and Theorem 2.8.1):

    I(X; Y, Z) = I(X; Z) + I(X; Y | Z) = I(X; Y) + I(X; Z | Y),

and I(X; Z | Y) = 0 because Z depends on X only through Y, so

    I(X; Z) = I(X; Y) - I(X; Y | Z) <= I(X; Y)      (I(X; Y | Z) >= 0).

The pair (X, Z) is the model with Z | X composed from the two conditionals:
a discrete chain sums p(z|x) = sum_y p(y|x) p(z|y); a linear-Gaussian chain
gives Z | X normal with mean a2 (a1 X + b1) + b2 and variance a2^2 s1^2 + s2^2.
I(X; Y | Z) is computed from its own definition (a discrete sum over the
triples; for normals 1/2 ln(|S_XZ| |S_YZ| / (|S| Var Z)) from the 3x3
covariance S), so the step I(X;Y) - I(X;Y|Z) = I(X;Z) is a checked identity.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("mutual-information", model="X ~ normal(0, 1); Y | X ~ normal(X, 1); "
...            "Z | Y ~ normal(Y, 1)")
>>> d.result, d.verified
(-log(2/3)/2, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft
from ..language import ConditionalTable, Model, Table, Variable, conditional_at
from ..language.calls import family_call
from ..numeric.context import evaluate, to_decimal
from ..sources import COVER_THOMAS as CT
from .twovar_finite import finite_pieces, is_finite_x, pmf_of
from .twovar_gauss import is_gaussian, model_pieces

__all__ = ["chain_draft", "chain_parts", "ChainParts"]


def _normal(v):
    args = dict(v.distribution.args)
    return args["mu"], args["sigma"]


def _gaussian(model):
    vx, vy, vz = model.variables
    m0, s0 = _normal(vx)
    (my, s1), (mz, s2) = _normal(vy), _normal(vz)
    a1 = sp.diff(my, vx.symbol)
    a2 = sp.diff(mz, vy.symbol)
    composed = mz.subs(vy.symbol, my)
    zx = Variable(vz.name, vz.symbol, (vx.name,),
                  family_call("normal", [("mu", sp.expand(composed)),
                                         ("sigma", sp.sqrt(a2**2 * s1**2 + s2**2))]), "")
    vxx, vyy = s0**2, a1**2 * s0**2 + s1**2
    cxy, cyz = a1 * s0**2, a2 * vyy
    cxz, vzz = a2 * a1 * s0**2, a2**2 * vyy + s2**2
    S = sp.Matrix([[vxx, cxy, cxz], [cxy, vyy, cyz], [cxz, cyz, vzz]])
    det2 = (lambda i, j: S[i, i] * S[j, j] - S[i, j] ** 2)
    ixy_z = sp.log(det2(0, 2) * det2(1, 2) / (S.det() * vzz)) / 2
    y_marginal = family_call("normal", [("mu", sp.expand(my.subs(vx.symbol, m0))),
                                        ("sigma", sp.sqrt(vyy))])

    def joint_entropy(point, ctx):
        det = evaluate(S.det(), point, ctx)
        return (3 * ctx.log(2 * ctx.pi * ctx.e) + ctx.log(det)) / 2

    return ChainParts(
        Model((vx, zx), model.text), ixy_z, "1/2 ln(|S_XZ| |S_YZ| / (|S| Var Z)) with S the "
        "covariance of (X, Y, Z) (conditional mutual information of normals)", y_marginal,
        joint_entropy, "h(X,Y,Z) = 1/2 ln((2 pi e)^3 |S|) from the covariance S of (X, Y, Z) "
        f"({CT}, Theorem 8.4.1), not from the chain rule", model_pieces)


def _discrete(model):
    vx, vy, vz = model.variables
    px = [(v, p) for v, p in pmf_of(vx.distribution) if p != 0]
    pyx = {v: [(w, q) for w, q in pmf_of(conditional_at(vy, {vx.name: v})) if q != 0]
           for v, _p in px}
    ys = sorted({w for r in pyx.values() for w, _q in r})
    pzy = {w: [(u, r) for u, r in pmf_of(conditional_at(vz, {vy.name: w})) if r != 0]
           for w in ys}
    cases = []
    triples = []
    for v, p in px:
        zdist: dict = {}
        for w, q in pyx[v]:
            for u, r in pzy[w]:
                zdist[u] = zdist.get(u, 0) + q * r
                triples.append(((v, w, u), p * q * r))
        cases.append((v, Table(tuple(sorted((u, sp.expand(t)) for u, t in zdist.items())))))
    zx = Variable(vz.name, vz.symbol, (vx.name,), ConditionalTable(vx.name, tuple(cases)), "")

    def marg(keep):
        out: dict = {}
        for key, t in triples:
            k = tuple(key[i] for i in keep)
            out[k] = out.get(k, 0) + t
        return out

    pz, pxz, pyz = marg((2,)), marg((0, 2)), marg((1, 2))
    ixy_z = sp.Add(*[t * sp.log(t * pz[(k[2],)] / (pxz[(k[0], k[2])] * pyz[(k[1], k[2])]))
                     for k, t in triples])
    y_marginal = Table(tuple(sorted((w, sp.expand(sp.Add(*[
        p * q for v, p in px for u, q in pyx[v] if u == w]))) for w in ys)))

    def joint_entropy(point, ctx):
        values = [evaluate(t, point, ctx) for _k, t in triples]
        return -ctx.fsum(v * ctx.log(v) for v in values if v != 0)

    return ChainParts(
        Model((vx, zx), model.text), ixy_z, "sum over (x, y, z) of p(x,y,z) ln(p(x,y,z) p(z) / "
        "(p(x,z) p(y,z))), the definition (C&T eq. (2.60))", y_marginal, joint_entropy,
        "-sum over the triples (x, y, z) of p(x) p(y|x) p(z|y) ln of it, the definition, "
        "summed exactly on the point's context", finite_pieces)


def _closed(pieces):
    return pieces.mi_steps[-1].rhs if pieces.mi_steps else pieces.hy - pieces.hyx


@dataclass(frozen=True)
class ChainParts:
    """What a chain X -> Y -> Z yields: the pair (X, Z) with Z | X composed, I(X; Y | Z) from
    its definition, the marginal law of Y, h(X, Y, Z) from its definition (``joint_entropy``,
    ``(point, ctx) -> value``) and the analysis of a pair (``pieces``, model -> Pieces)."""

    pair: Model
    ixy_z: sp.Expr
    how: str
    y_marginal: object
    joint_entropy: Callable
    joint_method: str
    pieces: Callable


def chain_parts(model) -> ChainParts:
    """The parts of a three-line chain (one line of error for anything else)."""
    if not model.is_chain:
        raise DerivationError("a three-line model must be a chain: X ~ ...; Y | X ~ ...; "
                              "Z | Y ~ ...")
    first = Model(model.variables[:2], model.text)
    if is_gaussian(first) and is_gaussian(Model(model.variables[1:], model.text)):
        return _gaussian(model)
    if is_finite_x(first) and all(v.discrete for v in model.variables):
        return _discrete(model)
    raise DerivationError("a three-line chain is handled when all-discrete with finitely many "
                          "values and when linear-Gaussian")


def chain_draft(model) -> Draft:
    """I(X; Z) for a chain X -> Y -> Z with the data-processing step."""
    parts = chain_parts(model)
    x, y, z = model.names
    first = Model(model.variables[:2], model.text)
    pair, ixy_z, how = parts.pair, parts.ixy_z, parts.how
    p_xy, p_xz = parts.pieces(first), parts.pieces(pair)
    ixy, ixz = _closed(p_xy), _closed(p_xz)
    steps = (*p_xz.steps, Step(p_xz.hy - p_xz.hyx, ixz, f"I({x};{z}) = H({z}) - H({z}|{x}), "
                               f"{z} | {x} composed from {y} | {x} and {z} | {y}"),
             Step(sp.Add(ixy, -ixy_z, evaluate=False), ixz,
                  f"chain rule two ways: I({x};{y},{z}) = I({x};{z}) + I({x};{y}|{z}) = "
                  f"I({x};{y}) + I({x};{z}|{y}), and I({x};{z}|{y}) = 0 for the Markov chain "
                  f"{x} -> {y} -> {z}; so I({x};{z}) = I({x};{y}) - I({x};{y}|{z}) <= I({x};{y}) "
                  f"since I({x};{y}|{z}) >= 0 ({CT}, Theorems 2.5.2, 2.8.1); I({x};{y}|{z}) = "
                  + how))

    def extras(point, ctx, dps, units):
        shown = min(dps, 20)
        scale = 1 / ctx.ln2 if units == "bits" else 1
        vals = {k: evaluate(e, point, ctx) for k, e in
                ((f"I({x};{y})", ixy), (f"I({x};{z})", ixz), (f"I({x};{y}|{z})", ixy_z))}
        return {"data_processing": {
            **{k: to_decimal(v * scale, shown, ctx) for k, v in vals.items()},
            "units": units, "holds": bool(vals[f"I({x};{z})"] <= vals[f"I({x};{y})"])}}

    return Draft(f"I({x};{z})", (model.text, f"{x} -> {y} -> {z} is a Markov chain: {z} "
                                 f"depends on {x} only through {y}"), steps,
                 lambda point, ctx: p_xz.reference("mi", point, ctx), p_xz.method,
                 extras=extras)
