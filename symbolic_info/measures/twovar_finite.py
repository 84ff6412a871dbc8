"""A discrete X with finitely many values and a conditional of Y for each.

Discrete Y with finite support: every entropy is an exact finite sum
(Cover & Thomas, 2nd ed., eqs. (2.1), (2.10)):

    H(Y|X) = sum_x p(x) H(Y|X=x),  p(y) = sum_x p(x) p(y|x),  H(Y) = -sum_y p(y) ln p(y).

Continuous Y (each Y|X=x a continuous family on one common support, or a
formula): h(Y|X) = sum_x p(x) h(Y|X=x) with each h from the catalog's closed
form (or kept as an integral), and h(Y) of the mixture p(y) = sum_x p(x)
f_x(y) kept as an integral (C&T Sec. 8.5), cut at the components' locations
and computed by the project's double-exponential quadrature; the reference
is I = sum_x p(x) D(f_x || p), one integral of the densities as written.  A fair
bit X with two normal conditionals of equal sd is course task 1.12 (see
:mod:`.twovar_evidence`).

Example
-------
>>> from symbolic_info.language import parse_model
>>> p = finite_pieces(parse_model("X ~ bernoulli(1/2); Y | X ~ {0: bernoulli(eps), "
...                               "1: bernoulli(1 - eps)}"))
>>> p.hy, p.hy - p.hyx
(log(2), eps*log(eps) - eps*log(1 - eps) + log(1 - eps) + log(2))
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..families import FAMILIES
from ..language import FamilyCall, Formula, Table, conditional_at, support_of
from ..numeric.bumps import term_breaks
from ..numeric.context import evaluate, to_mpf
from ..numeric.log_terms import DIVERGENCE_NOTE, divergence_term
from ..output.long_numbers import decimal_digits
from ..sources import COVER_THOMAS as CT
from .custom_numeric import (
    MixtureIntegral,
    NumericIntegral,
    integral_reference,
    kink_points,
    peak_points,
)
from .twovar_pieces import Pieces

__all__ = ["pmf_of", "is_finite_x", "finite_pieces", "check_separation", "MAX_CELLS",
           "MAX_SEPARATION"]

MAX_CELLS = 20_000
"""Most (x, y) cells of a discrete pair."""
MAX_SEPARATION = 10**9
"""Most standard deviations between the means of two normal conditionals of Y.  For two
equal-weight components ``d`` sds apart, I(X;Y) = H(X) - e with e of the order of
``exp(-d^2/8)``; the quadrature of h(Y) still resolves ``d = 10^9`` (mu = 1e9 in
``X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)``: 12.6 s CPU at load 8, verified) but not
``10^10`` (over 100 s: the diagram's h(Y) at a new precision), nor ``1e300``."""
_Y = sp.Symbol("y", real=True)
_YP = sp.Symbol("y", positive=True)


def _size(s) -> int | None:
    if s.values is not None:
        return len(s.values)
    if s.discrete and s.hi is not sp.oo and not (s.hi - s.lo).free_symbols:
        return int(s.hi - s.lo) + 1
    return None


def pmf_of(dist) -> tuple:
    """``((value, probability), ...)`` of a distribution with finitely many values
    (at most :data:`MAX_CELLS`)."""
    form = dist.form if isinstance(dist, FamilyCall) else dist
    if isinstance(form, Table):
        return tuple(form.items)
    s = support_of(form)
    size = _size(s)
    if not isinstance(form, Formula) or size is None or size > MAX_CELLS:
        raise DerivationError("this distribution does not have few enough values "
                              f"(at most {MAX_CELLS})")
    values = s.values or tuple(s.lo + i for i in range(size))
    return tuple((v, form.density.subs(form.var, v)) for v in values)


def is_finite_x(model) -> bool:
    """Two variables, X discrete with finitely many values."""
    if len(model.variables) != 2:
        return False
    vx = model.variables[0]
    return vx.discrete and support_of(vx.distribution).values is not None


def check_separation(model, values: dict) -> None:
    """Refuse, in one line, normal conditionals of Y whose means lie more than
    :data:`MAX_SEPARATION` standard deviations apart at the given ``values`` (parameter
    name -> exact value); a model this does not describe, or parameters left free, pass."""
    if not is_finite_x(model):
        return
    vx, vy = model.variables
    sub = {sym: values[sym.name] for sym in model.parameters
           if isinstance(values.get(sym.name), sp.Basic)}  # parsed values only
    try:
        conds = [conditional_at(vy, {vx.name: v}) for v, _p in _nz(pmf_of(vx.distribution))]
    except DerivationError:
        return
    normals = []
    for c in conds:
        if not (isinstance(c, FamilyCall) and c.family == "normal"):
            return
        args = dict(c.args)
        m, sd = (sp.sympify(args[k]).xreplace(sub) for k in ("mu", "sigma"))
        if not (m.is_Rational and sd.is_Rational and sd > 0):
            return
        normals.append((m, sd))
    for i, (m1, s1) in enumerate(normals):
        for m2, s2 in normals[i + 1:]:
            if abs(m1 - m2) > MAX_SEPARATION * max(s1, s2):
                far = decimal_digits(int(abs(m1 - m2) / max(s1, s2))) - 1
                raise DerivationError(
                    f"the normal conditionals of {vy.name} are over 10^{far} standard deviations "
                    f"apart; at most 10^9 are computed within the time limit (I({vx.name};"
                    f"{vy.name}) then differs from H({vx.name}) by about exp(-d^2/8), d the "
                    "distance in standard deviations)")


def _nz(items):
    return [(v, p) for v, p in items if p != 0]


def _plogp(p):
    return p * sp.log(p)


def _probs_at(exprs, point, ctx):
    return [evaluate(e, point, ctx) for e in exprs]


def _neg_sum(values, ctx):
    return -ctx.fsum(v * ctx.log(v) for v in values if v != 0)


def finite_pieces(model) -> Pieces:
    """Pieces of a model with a finite discrete X (see the module docstring)."""
    vx, vy = model.variables
    px = _nz(pmf_of(vx.distribution))
    conds = {v: conditional_at(vy, {vx.name: v}) for v, _p in px}
    kinds = {c.discrete for c in conds.values()}
    if len(kinds) != 1:
        raise DerivationError(f"{vy.name} | {vx.name} must be discrete for every "
                              f"{vx.name} or continuous for every {vx.name}")
    hx = -sp.Add(*[_plogp(p) for _v, p in px])
    if kinds == {True}:
        return _discrete_y(model, px, conds, hx)
    return _continuous_y(model, px, conds, hx)


def _discrete_y(model, px, conds, hx) -> Pieces:
    vx, vy = model.variables
    x, y = vx.name, vy.name
    sizes = {v: _size(support_of(c)) for v, c in conds.items()}
    for v, size in sizes.items():
        if size is None:
            raise DerivationError(f"{y} | {x} = {v} has infinitely many values; a discrete pair "
                                  "needs finitely many")
    if sum(sizes.values()) > MAX_CELLS:
        raise DerivationError(f"the pair has more than {MAX_CELLS} cells")
    pyx = {v: _nz(pmf_of(c)) for v, c in conds.items()}
    ys = sorted({w for r in pyx.values() for w, _q in r})
    pxd = dict(px)
    py = {w: sp.expand(sp.Add(*[pxd[v] * q for v, r in pyx.items() for u, q in r if u == w]))
          for w in ys}
    py = {w: q for w, q in py.items() if q != 0}
    h_each = {v: -sp.Add(*[_plogp(q) for _u, q in r]) for v, r in pyx.items()}
    hyx = sp.expand(sp.Add(*[pxd[v] * h for v, h in h_each.items()]))
    hy = -sp.Add(*[_plogp(q) for q in py.values()])
    cells_sum = -sp.Add(*[pxd[v] * _plogp(q) for v, r in pyx.items() for _u, q in r])
    steps = (Step(cells_sum, hyx, f"H({y}|{x}) = -sum p(x) p(y|x) ln p(y|x) = sum_x p(x) "
                  f"H({y}|{x}=x) ({CT}, eq. (2.10))"),
             Step(-sp.Add(*[_plogp(sp.Add(*[pxd[v] * q for v, r in pyx.items() for u, q in r
                                             if u == w])) for w in py]), hy,
                  f"p(y) = sum_x p(x) p(y|x) (the marginal of {y}), H({y}) = -sum p(y) ln p(y)"))
    diff = hy - hyx
    mi = sp.expand(sp.expand_log(diff, force=True))
    mi_steps = (Step(diff, mi, "collect the logarithms"),) if sp.count_ops(mi) < \
        sp.count_ops(diff) else ()
    joint = [(pxd[v] * q, pxd[v], v, u) for v, r in pyx.items() for u, q in r]

    def reference(kind, point, ctx):
        if kind == "mi":
            return _mi_without_cancellation(joint, point, ctx)
        jv = _probs_at([j for j, *_r in joint], point, ctx)
        mx = {v: evaluate(p, point, ctx) for v, p in px}
        my = {w: ctx.fsum(val for val, (_j, _p, _v, u) in zip(jv, joint, strict=True) if u == w)
              for w in ys}
        hxy = _neg_sum(jv, ctx)
        hx_r = _neg_sum(mx.values(), ctx)
        return {"hx": hx_r, "hy": _neg_sum(my.values(), ctx), "hxy": hxy,
                "hyx": hxy - hx_r}[kind]

    return Pieces((x, y), (True, True), hx, hy, hyx, steps, reference,
                  "direct sums over the cells p(x, y) = p(x) p(y|x) evaluated numerically, "
                  "marginals summed numerically; I = sum p(x,y) ln(p(x,y)/(p(x)p(y))) from the "
                  "exact cells and marginals, " + DIVERGENCE_NOTE.replace(
                      "Q(x)", "p(x) p(y)").replace("P(x)", "p(x,y)"),
                  (model.text,), mi_steps)


def _mi_without_cancellation(joint, point, ctx):
    """I = sum p(x,y) ln(p(x,y)/(p(x)p(y))) over exact cells, each term written as
    p(x,y)(r - 1 - ln r) >= 0 with r = p(x)p(y)/p(x,y) (:func:`~symbolic_info.numeric.log_terms.
    divergence_term`), plus the product's mass off the cells: the direct sum of
    bernoulli(1/2 + X 1e-150) cancelled 300 digits (a value of 4.4e-301 from terms of 0.3).
    ``joint``: ``(p(x,y), p(x), x, y)`` as expressions in the model's parameters."""
    cells = [(sp.sympify(j).xreplace(point), sp.sympify(p).xreplace(point), v, u)
             for j, p, v, u in joint]
    my: dict = {}
    for j, _p, _v, u in cells:
        my[u] = my.get(u, 0) + j
    mx = {v: p for _j, p, v, _u in cells}
    kept = [(j, mx[v] * my[u]) for j, _p, v, u in cells if j != 0]
    covered = sp.Add(*[b for _j, b in kept])
    return ctx.fsum([*(divergence_term(j, b, ctx) for j, b in kept), to_mpf(1 - covered, ctx)])


def _entropy_of(c, yv):
    """h of one continuous conditional: the family's closed form, else a kept integral."""
    if isinstance(c, FamilyCall) and c.family in FAMILIES:
        fam = FAMILIES[c.family]
        return fam.entropy_form.subs({p.symbol: v for p, (_n, v) in zip(fam.params, c.args,
                                                                         strict=True)})
    f = _density(c, yv)
    form = c.form if isinstance(c, FamilyCall) else c
    return NumericIntegral(-f * sp.log(f), (yv, form.lo, form.hi))


def _density(c, yv):
    form = c.form if isinstance(c, FamilyCall) else c
    if not isinstance(form, Formula) or form.discrete:
        raise DerivationError("each conditional must be a continuous family or formula")
    return form.density.subs(form.var, yv)


def _location(c):
    if isinstance(c, FamilyCall):
        args = dict(c.args)
        for key in ("mu", "m", "x0", "a"):
            if key in args and not isinstance(args[key], tuple):
                return args[key]
    return None


def _mixture_entropy(mix, yv, cuts):
    """h(Y) of the mixture kept as an integral: one over the support when its evaluation
    finds every cut itself (the centres of normal components, :func:`peak_points`, kinks),
    else one per piece between the cuts (tanh-sinh at each piece's ends: at 1000 digits
    three pieces of two normals took 21,000 nodes, the one integral 6,200)."""
    found = set(peak_points(mix, yv)) | set(kink_points(mix, yv))
    if all(any(sp.simplify(c - f) == 0 for f in found) for c in cuts[1:-1]):
        return MixtureIntegral(-mix * sp.log(mix), (yv, cuts[0], cuts[-1]))
    return sp.Add(*[NumericIntegral(-mix * sp.log(mix), (yv, a, b))
                    for a, b in zip(cuts, cuts[1:], strict=False)])


def _continuous_y(model, px, conds, hx) -> Pieces:
    vx, vy = model.variables
    x, y = vx.name, vy.name
    forms = {v: (c.form if isinstance(c, FamilyCall) else c) for v, c in conds.items()}
    ends = {(sp.sympify(f.lo), sp.sympify(f.hi)) for f in forms.values()}
    if len(ends) != 1 or any(isinstance(f, Table) for f in forms.values()):
        raise DerivationError(f"the conditionals of {y} must share one support (here "
                              f"{sorted(map(str, ends))}); mixtures of different supports are "
                              "not handled yet")
    lo, hi = ends.pop()
    yv = _YP if (lo.is_number and bool(lo >= 0)) else _Y
    pxd = dict(px)
    dens = {v: _density(c, yv) for v, c in conds.items()}
    mix = sp.Add(*[pxd[v] * d for v, d in dens.items()])
    cuts = [lo, *dict.fromkeys(m for m in (_location(c) for c in conds.values())
                               if m is not None), hi]
    hy = _mixture_entropy(mix, yv, cuts)
    h_each = {v: _entropy_of(c, yv) for v, c in conds.items()}
    hyx = sp.expand(sp.Add(*[pxd[v] * h for v, h in h_each.items()]))
    steps = (Step(sp.Add(*[pxd[v] * h for v, h in h_each.items()], evaluate=False), hyx,
                  f"h({y}|{x}) = sum_x p(x) h({y}|{x}=x), each h of a catalog family in closed "
                  f"form ({CT}, Table 17.1)"),)
    probs = [p for _v, p in px]
    flist = list(dens.values())

    def reference(kind, point, ctx):
        w = _probs_at(probs, point, ctx)
        fs = [_compile(f, yv, point, ctx) for f in flist]
        a, b = (evaluate(e, point, ctx) if e.is_finite else (ctx.inf if e is sp.oo else -ctx.inf)
                for e in (lo, hi))
        breaks = [evaluate(m, point, ctx) for m in cuts[1:-1]]
        # and at each component's own bump: its mode and +-3, +-12 of its width
        bumps = term_breaks(yv, sp.log(mix.subs(point)), (lo, hi), ctx).points
        breaks += [evaluate(m, {}, ctx) for m in bumps]

        def xlogy(u, v):
            return u * ctx.log(v) if u > 0 else ctx.zero

        def mixed(vs):
            return ctx.fsum(wi * v for wi, v in zip(w, vs, strict=True))

        def integral(g):
            """integral of g(f_1(y), ..., f_n(y)) dy, each density evaluated once per node"""
            return integral_reference(lambda t: g([f(t) for f in fs]), a, b, ctx, breaks)

        def minus_mix_log_mix(vs):
            m = mixed(vs)
            return -xlogy(m, m)

        def minus_each_log_each(vs):
            return -ctx.fsum(wi * xlogy(v, v) for wi, v in zip(w, vs, strict=True))

        def divergences(vs):  # sum_x p(x) f_x ln(f_x / p): I = sum_x p(x) D(f_x || p)
            m = mixed(vs)
            return ctx.fsum(wi * xlogy(v, v / m) for wi, v in zip(w, vs, strict=True) if wi > 0)

        def hy_r():
            return integral(minus_mix_log_mix)

        def hyx_r():
            return integral(minus_each_log_each)

        hx_r = _neg_sum(w, ctx)
        if kind == "mi":
            return integral(divergences)
        table = {"hx": lambda: hx_r, "hy": hy_r, "hyx": hyx_r,
                 "hxy": lambda: hx_r + hyx_r()}
        return table[kind]()

    from .twovar_evidence import evidence_for

    return Pieces((x, y), (True, False), hx, hy, hyx, steps, reference,
                  "I = integral sum_x p(x) f_x ln(f_x/p) dy by double-exponential quadrature "
                  "(split at the components' locations) of the densities as written",
                  (model.text, f"h({y}) of the mixture has no closed form: it is kept as an "
                   "integral and computed by double-exponential quadrature"),
                  extras=evidence_for(model, px, conds))


def _compile(f, yv, point, ctx):
    from ..numeric.context import compile_expr

    fixed = f.subs({s: v for s, v in point.items() if s in f.free_symbols})
    g = compile_expr(fixed, [yv], ctx)
    return lambda t: g(t)
