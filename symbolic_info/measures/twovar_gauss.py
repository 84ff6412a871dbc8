"""Jointly normal pairs: a normal prior with a linear-Gaussian conditional, or mvnormal.

``X ~ normal(m, s0); Y | X ~ normal(a*X + b, s)`` makes (X, Y) bivariate normal
with Var Y = a^2 s0^2 + s^2 (law of total variance).  Entropies of normals
(Cover & Thomas, 2nd ed., eq. (8.9)) give

    h(X) = 1/2 ln(2 pi e s0^2),  h(Y|X) = 1/2 ln(2 pi e s^2),
    I(X;Y) = 1/2 ln(1 + a^2 s0^2 / s^2) = -1/2 ln(1 - r^2),

r the correlation (C&T Example 8.5.1).  With ``n`` observations
X_1..X_n | X independent, the mean is sufficient (C&T Sec. 2.9) and
X-bar | X ~ normal(a X + b, s/sqrt(n)), so I(X; X_1..X_n) = 1/2 ln(1 + n a^2
s0^2/s^2), which grows like 1/2 ln n (course task 1.16).

References are computed from the definitions by mpmath quadrature of
-f ln f for each normal density involved (Var Y from the moments of the
prior by quadrature); with ``n`` the reference is 1/2 ln(det Sigma_n / s^(2n))
with det Sigma_n an mpmath determinant of the n x n covariance
s^2 I + a^2 s0^2 J (n <= 60), not the sufficiency argument.

Example
-------
>>> from symbolic_info.language import parse_model
>>> p = model_pieces(parse_model("X ~ normal(0, 1); Y | X ~ normal(rho*X, sqrt(1 - rho^2))"))
>>> p.mi_steps[-1].rhs
-log(1 - rho**2)/2
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..language import FamilyCall
from ..numeric.context import evaluate, new_context, to_decimal
from ..numeric.gauss_trapezoid import gauss_trapezoid, gaussian_entropy
from ..numeric.log_terms import log_of
from ..numeric.resolved import resolved_text
from ..output.long_numbers import plain_text
from ..sources import COVER_THOMAS as CT
from ..symbolic.named import Named
from ..symbolic.substitute import substitute
from .twovar_pieces import Pieces

__all__ = ["is_gaussian", "model_pieces", "mvnormal_pieces", "MAX_N", "DET_N"]

MAX_N = 10**6
"""Most observations in ``n``."""
DET_N = 60
"""Largest n whose reference determinant is formed as a matrix."""


def _normal_args(dist):
    if not isinstance(dist, FamilyCall) or dist.family != "normal":
        return None
    args = dict(dist.args)
    return args["mu"], args["sigma"]


def is_gaussian(model) -> bool:
    """True for ``X ~ normal(...); Y | X ~ normal(a*X + b, s)`` with a, b, s free of X."""
    if len(model.variables) != 2:
        return False
    px, py = (_normal_args(v.distribution) for v in model.variables)
    if px is None or py is None:
        return False
    X = model.variables[0].symbol
    mean, s = py
    a = sp.diff(mean, X)
    return not a.has(X) and not s.has(X)


def _entropy_normal(var) -> sp.Expr:
    return sp.log(2 * sp.pi * sp.E * var) / 2


def _quad_entropy(mean, sd, ctx):
    """-integral of f ln f for the normal density f, by the Gaussian trapezoidal rule
    (:func:`~symbolic_info.numeric.quadrature.gaussian_entropy`; mpmath's tanh-sinh on the
    infinite line spent 50 s at 300 digits raising huge nodes to powers)."""
    log_norm = ctx.log(sd) + ctx.log(2 * ctx.pi) / 2

    def logf(t):
        z = (t - mean) / sd
        return -z * z / 2 - log_norm

    return gaussian_entropy(logf, mean, sd, ctx)


def _moment(a, b, power: int, m0, s0, ctx):
    """E[(a X + b)^power] (power 1 or 2) for X ~ normal(m0, s0), by the Gaussian trapezoidal
    rule: in z = (X - m0)/s0 the integrand is phi(z) (c0 + c1 z)^power."""
    c0, c1 = a * m0 + b, a * s0

    def f(z):
        return (c0 + c1 * z) ** power * ctx.exp(-z * z / 2) / ctx.sqrt(2 * ctx.pi)

    bounds = (abs(c0), abs(c1), 0) if power == 1 else (c0**2, 2 * abs(c0 * c1), c1**2)
    return gauss_trapezoid(f, bounds, ctx)[0]


def _det_reference(n: int, a2s02, s2, ctx):
    """1/2 ln(det(s^2 I + a^2 s0^2 J) / s^(2n)): the n observations' Gaussian MI."""
    if n <= DET_N:
        m = ctx.matrix(n, n)
        for i in range(n):
            for j in range(n):
                m[i, j] = a2s02 + (s2 if i == j else 0)
        return (ctx.log(ctx.det(m)) - n * ctx.log(s2)) / 2
    # eigenvalues of s^2 I + c J: s^2 + n c once, s^2 (n - 1) times
    return (ctx.log(s2 + n * a2s02) + (n - 1) * ctx.log(s2) - n * ctx.log(s2)) / 2


def model_pieces(model, n: int | None = None) -> Pieces:
    """The pieces of a linear-Gaussian model (``n``: that many observations of Y)."""
    vx, vy = model.variables
    (m0, s0), (mean, s) = _normal_args(vx.distribution), _normal_args(vy.distribution)
    X = vx.symbol
    a = sp.diff(mean, X)
    b = sp.simplify(mean - a * X)
    x, y = vx.name, vy.name
    s_eff = s if n is None else s / sp.sqrt(n)
    steps = []
    if n is not None:
        if not 1 <= n <= MAX_N:
            raise DerivationError(f"n must be between 1 and {MAX_N}")
        ybar = f"mean({y}_1..{y}_{n})"
        steps.append(Step(s**2 / n, s_eff**2,
                          f"the mean {ybar} is sufficient for {x} ({CT}, Sec. 2.9), so "
                          f"I({x}; {y}_1..{y}_{n}) = I({x}; {ybar}), and {ybar} | {x} is normal "
                          f"with variance s^2/n"))
        y = f"{y}_1..{y}_{n}"
    var_y = a**2 * s0**2 + s_eff**2
    hx, hyx, hy = (_entropy_normal(v) for v in (s0**2, s_eff**2, var_y))
    shown = y if n is None else ybar
    steps.append(Step(sp.Add(a**2 * s0**2, s_eff**2, evaluate=False), var_y,
                      f"{shown} = {plain_text(a)}*{x} + {plain_text(b)} + noise of sd "
                      f"{plain_text(s_eff)} "
                      f"independent of {x}: Var {shown} = a^2 Var {x} + s^2, and it is normal "
                      "(a sum of independent normals)"))
    q = sp.simplify(a**2 * s0**2 / s_eff**2)
    mi = sp.log(1 + q) / 2
    mi_steps = [Step(hy - hyx, mi, f"ln A - ln B = ln(A/B): {CT}, Example 8.5.1 (entropies "
                     "of normals, eq. (8.9))")]
    r2 = sp.simplify(a**2 * s0**2 / var_y)
    if n is None and sp.count_ops(r2) <= sp.count_ops(q):
        mi_steps.append(Step(mi, -sp.log(1 - r2) / 2,
                             "1 + a^2 s0^2/s^2 = 1/(1 - r^2), r the correlation"))

    def reference(kind, point, ctx):
        m0n, s0n, sn = (evaluate(e, point, ctx) for e in (m0, s0, s_eff))
        an, bn = evaluate(a, point, ctx), evaluate(b, point, ctx)
        if kind == "mi" and n is not None:
            return _det_reference(n, (an * s0n) ** 2, evaluate(s, point, ctx) ** 2, ctx)
        parts = {"hx": lambda: _quad_entropy(m0n, s0n, ctx),
                 "hyx": lambda: _quad_entropy(0, sn, ctx)}
        if kind in parts:
            return parts[kind]()
        if kind == "hxy":
            return parts["hx"]() + parts["hyx"]()
        ey = _moment(an, bn, 1, m0n, s0n, ctx)
        ey2 = _moment(an, bn, 2, m0n, s0n, ctx) + sn**2
        hy_ref = _quad_entropy(ey, ctx.sqrt(ey2 - ey**2), ctx)
        return hy_ref if kind == "hy" else hy_ref - parts["hyx"]()

    method = ("each entropy as -integral f ln f of its normal density by the Gaussian "
              "trapezoidal rule (step and cut-off from its error bounds, Trefethen & Weideman "
              "2014), Var Y from the prior's moments by the same rule")
    if n is not None:
        method = ("1/2 ln(det Sigma_n / s^(2n)), Sigma_n = s^2 I + a^2 s0^2 J the covariance of "
                  f"the {n} observations (mpmath determinant for n <= {DET_N}, its eigenvalues "
                  "beyond)")
    stated = (f"{x} ~ normal({plain_text(m0)}, {plain_text(s0)}); {vy.name} | {x} ~ "
              f"normal({plain_text(mean)}, {plain_text(s)})",)
    if n is not None:
        stated += (f"{vy.name}_1..{vy.name}_{n} independent given {x}",)
    extras = _growth(a**2 * s0**2 / s**2) if n is not None else None
    return Pieces((x, y), (False, False), hx, hy, hyx, tuple(steps), reference, method, stated,
                  tuple(mi_steps), extras)


def _growth(ratio):
    """``extras``: I_n = 1/2 ln(1 + n c) against 1/2 ln n for n = 1 .. 10^6, c = a^2 s0^2/s^2.

    I_n - 1/2 ln n = 1/2 ln(c + 1/n) -> 1/2 ln c (each row by the determinant reference)."""
    def extras(point, ctx, dps, _units):  # the rows name their units (nats)
        c = evaluate(ratio, point, ctx)
        shown = min(dps, 15)
        # ln det(I + cJ) = ln(1 + n c) loses the digits of a small c: carried beside the
        # working ones, and each number shown only by its digits above the rounding noise
        # (I_n - 1/2 ln n is a difference of near-equal numbers when c + 1/n is near 1)
        work = new_context(ctx.dps + max(0, int(-ctx.log10(c))) + 10)
        c = evaluate(ratio, point, work)
        rows = []
        for e in range(7):
            n = 10**e
            i_n = _det_reference(n, c, work.one, work)
            noise = work.mpf(10) ** (e + 3 - work.dps)
            rows.append({"n": str(n), "I_nats": resolved_text(i_n, noise, shown, work),
                         "I_minus_half_ln_n": resolved_text(i_n - work.log(n) / 2, noise, shown,
                                                            work)})
        exact = substitute(sp.sympify(ratio), point)  # ln c of c near 1 by log1p when exact
        limit = log_of(exact, work) if exact.is_Rational else work.log(c)
        return {"growth": {"rows": rows, "limit": to_decimal(limit / 2, shown, work),
                           "law": "I_n = 1/2 ln(1 + n a^2 s0^2/s^2) = 1/2 ln n + 1/2 ln(a^2 "
                                  "s0^2/s^2) + O(1/n)"}}
    return extras


def mvnormal_pieces(joint) -> Pieces:
    """The pieces of ``mvnormal([m1, m2], [[c11, c12], [c12, c22]])``."""
    cov = joint.cov
    c11, c12, c22 = cov[0, 0], cov[0, 1], cov[1, 1]
    det = sp.factor(c11 * c22 - c12**2)
    hx, hy = _entropy_normal(c11), _entropy_normal(c22)
    hyx = _entropy_normal(sp.simplify(det / c11))
    r2 = sp.simplify(c12**2 / (c11 * c22))
    detS = Named.make("det_Sigma", r"\det\Sigma", positive=True)
    steps = (Step(c22 - c12**2 / c11, sp.simplify(det / c11),
                  r"the conditional variance of $Y$ given $X$: $\operatorname{Var}(Y \mid X) = "
                  r"\Sigma_{22} - \Sigma_{12}^{2}/\Sigma_{11} = "
                  rf"{sp.latex(detS)}/\Sigma_{{11}}$ "
                  f"({CT}, Sec. 8.5; a normal's conditional is normal)"),)

    def reference(kind, point, ctx):
        v = [evaluate(e, point, ctx) for e in (c11, c12, c22)]
        if v[0] <= 0 or v[0] * v[2] - v[1] ** 2 <= 0:
            raise DerivationError("the covariance is not positive definite at these values")
        hx_r = _quad_entropy(0, ctx.sqrt(v[0]), ctx)
        hy_r = _quad_entropy(0, ctx.sqrt(v[2]), ctx)
        hyx_r = _quad_entropy(0, ctx.sqrt(v[2] - v[1] ** 2 / v[0]), ctx)
        return {"hx": hx_r, "hy": hy_r, "hyx": hyx_r, "hxy": hx_r + hyx_r,
                "mi": hy_r - hyx_r}[kind]

    return Pieces(("X", "Y"), (False, False), hx, hy, hyx, steps, reference,
                  "each entropy as -integral f ln f of a normal density by the Gaussian "
                  "trapezoidal rule (Trefethen & Weideman 2014; the marginal and conditional "
                  "variances from the covariance entries)",
                  (f"(X, Y) ~ {joint.text}",),
                  (Step(hy - hyx, -sp.log(1 - r2) / 2,
                        r"$\frac{1}{2}\ln \Sigma_{22} - \frac{1}{2}\ln(\det\Sigma/\Sigma_{11}) = "
                        r"-\frac{1}{2}\ln(1 - \rho^{2})$ with "
                        r"$\rho = \Sigma_{12}/\sqrt{\Sigma_{11}\Sigma_{22}}$"),))
