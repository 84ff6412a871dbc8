"""Entropy and KL divergence of multivariate normal distributions in n dimensions.

``h(X) = 1/2 ln((2 pi e)^n det Sigma)`` (Cover & Thomas, *Elements of
Information Theory*, 2nd ed., Theorem 8.4.1) and ``D(P||Q) = 1/2 (tr(Sigma2^-1
Sigma1) + (mu2 - mu1)^T Sigma2^-1 (mu2 - mu1) - n + ln(det Sigma2 / det
Sigma1))`` (Penny 2001, eq. (2)).  Both derivations take the logarithm of the
density, use linearity, and substitute the expectations of the quadratic
forms as named quantities (trace, Mahalanobis term, determinants).  The
references are independent of the steps: whiten ``X = mu + L Z`` with the
Cholesky factor ``L`` (computed numerically) and integrate one standard normal
coordinate at a time (change of variables: ``h(mu + L Z) = h(Z) + ln |det L|``).
One set of rules serves both entries: the dimension, its checks, the random
admissible parameters and the binding of values to symbols.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/mvnormal", Sigma="[[2, 1/2], [1/2, 1]]")
>>> d.verified, d.value[:12]
(True, '3.1176849603')
"""

from __future__ import annotations

import random

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..families import QUADRATURE_SPAN
from ..families.kl_specs import PENNY
from ..numeric.context import NumericError, compile_expr, to_mpf
from ..numeric.gauss_trapezoid import gauss_trapezoid, gaussian_entropy
from ..numeric.quadrature import Density
from ..params import real_vector, spd_matrix
from ..sources import COVER_THOMAS as CT
from ..symbolic.expectation import Expect, P, apply_linearity
from ..symbolic.named import Named
from ..symbolic.steps import linearity_step

__all__ = ["mvnormal_entry", "mvnormal_kl_entry", "mvnormal_steps", "mvnormal_kl_steps",
           "GaussExpect", "ENTRIES", "N", "DET", "Q"]

SOURCE = f"{CT}, Theorem 8.4.1"
MAX_N = 12
"""Largest dimension accepted (params.py allows matrices up to 12 x 12)."""

N = sp.Symbol("n", positive=True, integer=True)
"""The dimension."""
DET = Named.make("det_Sigma", r"\det\Sigma", positive=True)
"""The determinant of Sigma (a positive number)."""
Q = Named.make("Q", r"(x-\mu)^{\top}\Sigma^{-1}(x-\mu)", positive=True)
"""The quadratic form (x - mu)^T Sigma^-1 (x - mu), the random quantity."""
DET1 = Named.make("det_Sigma1", r"\det\Sigma_{1}", positive=True)
DET2 = Named.make("det_Sigma2", r"\det\Sigma_{2}", positive=True)
TRACE = Named.make("tr_Sigma2inv_Sigma1",
                    r"\operatorname{tr}\left(\Sigma_{2}^{-1}\Sigma_{1}\right)", positive=True)
MAHAL = Named.make("mahalanobis", r"(\mu_{2}-\mu_{1})^{\top}\Sigma_{2}^{-1}(\mu_{2}-\mu_{1})",
                    nonnegative=True)
Q1 = Named.make("Q1", r"(x-\mu_{1})^{\top}\Sigma_{1}^{-1}(x-\mu_{1})", nonnegative=True)
Q2 = Named.make("Q2", r"(x-\mu_{2})^{\top}\Sigma_{2}^{-1}(x-\mu_{2})", nonnegative=True)


# --- one set of rules for both entries: dimension, checks, samples, binding ---------------

def _dimension(values: dict) -> int:
    """The dimension given by the first matrix, else the first vector (2 when none)."""
    for key in ("Sigma", "Sigma1", "Sigma2"):
        if key in values:
            return values[key].rows
    for key in ("mu", "mu1", "mu2"):
        if key in values:
            return len(values[key])
    return 2


def _check(values: dict) -> None:
    """Every vector and matrix has at most :data:`MAX_N` dimensions, and all agree."""
    sizes = {k: (v.rows if k.startswith("Sigma") else len(v)) for k, v in values.items()
             if k.startswith(("mu", "Sigma"))}
    for k, n in sizes.items():
        if n > MAX_N:
            raise DerivationError(f"parameter {k} has dimension {n}; at most {MAX_N}")
    if len(set(sizes.values())) > 1:
        shown = ", ".join(f"{k} has dimension {n}" for k, n in sizes.items())
        first = next(k for k, n in sizes.items() if n != next(iter(sizes.values())))
        raise DerivationError(f"parameter {first}: dimensions must agree ({shown})")


def _sampler(suffixes: tuple):
    """Random admissible ``mu<s>``, ``Sigma<s>`` for each suffix (an SPD ``A A^T + I/2``)."""

    def sample(rng: random.Random, structure: dict) -> dict:
        n = structure["n"]
        out = {}
        for s in suffixes:
            a = sp.Matrix(n, n, lambda i, j: sp.Rational(rng.randint(-1000, 1000), 1000))
            out["Sigma" + s] = a * a.T + sp.eye(n) / 2
            out["mu" + s] = tuple(sp.Rational(rng.randint(-2000, 2000), 1000) for _ in range(n))
        return out

    return sample


def _entry_symbols(n: int, suffix: str) -> tuple:
    """Symbols for the entries of ``mu<suffix>`` and the upper triangle of ``Sigma<suffix>``."""
    vec = tuple(sp.Symbol(f"mu{suffix}_{i + 1}", real=True) for i in range(n))
    mat = tuple(sp.Symbol(f"Sigma{suffix}_{i + 1}{j + 1}", real=True)
                for i in range(n) for j in range(i, n))
    return vec, mat


def _bind(values: dict) -> dict:
    """The dimension, the entries and the named quantities of the given parameters."""
    n = _dimension(values)
    out = {N: sp.Integer(n)}
    for suffix in ("", "1", "2"):
        vec, mat = _entry_symbols(n, suffix)
        if "mu" + suffix in values:
            out.update(zip(vec, values["mu" + suffix], strict=True))
        sigma = values.get("Sigma" + suffix)
        if sigma is not None:
            out.update(zip(mat, [sigma[i, j] for i in range(n) for j in range(i, n)],
                           strict=True))
    named = {"": DET, "1": DET1, "2": DET2}
    for suffix, det in named.items():
        if "Sigma" + suffix in values:
            out[det] = values["Sigma" + suffix].det()
    s1, s2 = values.get("Sigma1"), values.get("Sigma2")
    if s1 is not None and s2 is not None:
        out[TRACE] = (s2.inv() * s1).trace()
    if s2 is not None and "mu1" in values and "mu2" in values:
        d = sp.Matrix(values["mu2"]) - sp.Matrix(values["mu1"])
        out[MAHAL] = (d.T * s2.inv() * d)[0]
    return out


def _full(upper: list, n: int, ctx) -> object:
    """The symmetric ``n x n`` mpmath matrix with the given upper triangle."""
    m = ctx.matrix(n, n)
    k = 0
    for i in range(n):
        for j in range(i, n):
            m[i, j] = m[j, i] = upper[k]
            k += 1
    return m


def _matrix_at(point: dict, n: int, suffix: str, ctx):
    """``Sigma<suffix>`` at ``point`` as an mpmath matrix."""
    return _full([to_mpf(point[s], ctx) for s in _entry_symbols(n, suffix)[1]], n, ctx)


# --- entropy ---------------------------------------------------------------------------------

def mvnormal_steps(n: int) -> tuple:
    """The unchecked steps for dimension ``n``."""
    pdf = (2 * sp.pi) ** (-N / 2) * DET ** sp.Rational(-1, 2) * sp.exp(-Q / 2)
    logpdf = -N / 2 * sp.log(2 * sp.pi) - sp.log(DET) / 2 - Q / 2
    start = -Expect(sp.log(pdf, evaluate=False), P)
    expanded = -Expect(logpdf, P)
    linear = apply_linearity(expanded, Q)
    substituted = linear.subs(Expect(Q, P), N)
    final = sp.log((2 * sp.pi * sp.E) ** N * DET) / 2
    return (
        Step(start, expanded, r"take the logarithm of the density "
             r"$(2 \pi)^{-n/2} \det(\Sigma)^{-1/2} e^{-Q/2}$, "
             r"$Q = (x - \mu)^{\top} \Sigma^{-1} (x - \mu)$"),
        linearity_step(expanded, linear),
        Step(linear, substituted,
             r"$\mathrm{E}[(X - \mu)^{\top} \Sigma^{-1} (X - \mu)] = "
             r"\operatorname{tr}(\Sigma^{-1} \mathrm{E}[(X - \mu)(X - \mu)^{\top}]) = "
             r"\operatorname{tr}(\Sigma^{-1} \Sigma) = n$; equivalently "
             r"$Q = \lvert L^{-1} (X - \mu)\rvert^{2}$ is $\chi^{2}(n)$"),
        Step(substituted, final, f"collect the logarithms ({SOURCE})"),
    )


def _chi_squared_density(n: int) -> Density:
    """The law of Q (chi-squared with n degrees of freedom), for checking E[Q] = n."""
    half = sp.Rational(n, 2)
    logpdf = (half - 1) * sp.log(Q) - Q / 2 - half * sp.log(2) - sp.log(sp.gamma(half))
    return Density(Q, logpdf, (0, sp.oo), (n, n + 10, n + 60))


def _reference(point: dict, ctx):
    """Whitening: n * h(N(0,1)) by the trapezoidal rule plus ln det L, L = chol(Sigma)
    numerically (``ln phi`` from the standard normal's log-density)."""
    n = int(point[N])
    z = sp.Symbol("z", real=True)
    lp = compile_expr(-z**2 / 2 - sp.log(2 * sp.pi) / 2, [z], ctx)
    one = gaussian_entropy(lp, ctx.zero, ctx.one, ctx)
    chol = ctx.cholesky(_matrix_at(point, n, "", ctx))
    return n * one + ctx.fsum(ctx.log(chol[i, i]) for i in range(n))


def mvnormal_entry() -> Entry:
    """The catalog entry ``entropy/mvnormal``."""

    def build(structure: dict) -> Draft:
        n = structure["n"]
        return Draft(
            quantity="h(X)",
            assumptions=(
                f"$X$ has the {n}-dimensional normal density $\\mathcal{{N}}(\\mu, \\Sigma)$",
                r"$\Sigma$ is symmetric positive-definite",
            ),
            steps=mvnormal_steps(n),
            reference=_reference,
            reference_method="whitening X = mu + L Z with L = cholesky(Sigma) computed "
            "numerically: n times the trapezoidal rule for -phi ln phi for one standard "
            "normal coordinate (step and cut-off from the strip bound of Trefethen & Weideman "
            "2014, Thm. 5.1, and the Gaussian tail bound), plus the sum of ln L_ii (change of "
            "variables)",
            densities={P: _chi_squared_density(n)},
        )

    return Entry(
        name="entropy/mvnormal",
        title="Differential entropy of the multivariate normal distribution",
        group="entropy",
        params=(real_vector("mu", "mean vector").spanning(*QUADRATURE_SPAN),
                spd_matrix("Sigma", "covariance matrix").spanning(*QUADRATURE_SPAN)),
        build=build,
        summary=f"h(X) for X ~ N(mu, Sigma) in n dimensions; {SOURCE}",
        structure=lambda values: (("n", _dimension(values)),),
        sample=_sampler(("",)),
        bind=_bind,
        check=_check,
    )


# --- KL divergence ------------------------------------------------------------------------

class GaussExpect(sp.Function):
    """``E_P[g(Q1, Q2)]`` for ``X ~ N(mu1, Sigma1)``, ``Q_k = (X - mu_k)^T Sigma_k^-1 (X - mu_k)``.

    Arguments: ``g`` (an expression in the named quadratic forms ``Q1``, ``Q2``,
    which are bound here), then ``n``, then the tuples of entries of ``mu1``,
    ``Sigma1`` (upper triangle), ``mu2``, ``Sigma2``.  Numerically it is the
    symmetric sigma-point rule ``g(mu1) + sum_i [(g(mu1 + L e_i) + g(mu1 - L e_i))/2
    - g(mu1)]`` with ``L`` the Cholesky factor of Sigma1, exact when ``g`` is
    (at most) linear in ``Q1, Q2`` -- which is checked symbolically first.
    """

    @property
    def free_symbols(self):
        return super().free_symbols - {Q1, Q2}

    def _latex(self, printer):
        return rf"\mathbb{{E}}_{{P}}\left[{printer._print(self.args[0])}\right]"

    def _sympystr(self, printer):
        return f"E_P[{printer._print(self.args[0])}]"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        g, n_arg, mu1, s1, mu2, s2 = node.args
        probe = sp.expand(sp.expand_log(g, force=True))
        try:
            poly = sp.Poly(probe, Q1, Q2)
        except sp.PolynomialError:
            poly = None
        if poly is None or poly.total_degree() > 1 or probe.has(sp.log(Q1), sp.log(Q2)):
            raise NumericError("GaussExpect is exact only for g linear in Q1, Q2")
        n = int(n_arg)
        gf = compile_expr(g, [Q1, Q2], ctx)
        parts = [[build(a) for a in t.args] for t in (mu1, s1, mu2, s2)]

        def value(v):
            m1, u1, m2, u2 = ([k(v) for k in part] for part in parts)
            c1, c2 = _full(u1, n, ctx), _full(u2, n, ctx)
            chol = ctx.cholesky(c1)
            i1, i2 = ctx.inverse(c1), ctx.inverse(c2)
            mean = ctx.matrix(m1)

            def at(x):
                d1, d2 = x - mean, x - ctx.matrix(m2)
                return gf((d1.T * i1 * d1)[0], (d2.T * i2 * d2)[0])

            centre = at(mean)
            total = centre
            for i in range(n):
                col = chol[:, i]
                total += (at(mean + col) + at(mean - col)) / 2 - centre
            return total

        return value


def mvnormal_kl_steps(n: int) -> tuple:
    """The unchecked steps for dimension ``n`` (named trace, quadratic forms, determinants)."""
    (m1, u1), (m2, u2) = _entry_symbols(n, "1"), _entry_symbols(n, "2")
    tail = (sp.Integer(n), sp.Tuple(*m1), sp.Tuple(*u1), sp.Tuple(*m2), sp.Tuple(*u2))

    def e(g):
        return GaussExpect(g, *tail)

    half = sp.Rational(1, 2)
    pdf1 = (2 * sp.pi) ** (-N / 2) * DET1 ** (-half) * sp.exp(-Q1 / 2)
    pdf2 = (2 * sp.pi) ** (-N / 2) * DET2 ** (-half) * sp.exp(-Q2 / 2)
    start = e(sp.log(pdf1, evaluate=False) - sp.log(pdf2, evaluate=False))
    expanded = e(sp.log(DET2) / 2 - sp.log(DET1) / 2 - Q1 / 2 + Q2 / 2)
    linear = sp.log(DET2) / 2 - sp.log(DET1) / 2 - e(Q1) / 2 + e(Q2) / 2
    first = linear.subs(e(Q1), N)
    second = first.subs(e(Q2), TRACE + MAHAL)
    closed = (TRACE + MAHAL - N + sp.log(DET2 / DET1)) / 2
    return (
        Step(start, expanded, r"take the logarithms of the two densities "
             r"$(2 \pi)^{-n/2} \det(\Sigma_k)^{-1/2} e^{-Q_k/2}$; the $(2 \pi)$ factors cancel"),
        linearity_step(expanded, linear),
        Step(linear, first, r"$\mathrm{E}_P[(X - \mu_1)^{\top} \Sigma_1^{-1} (X - \mu_1)] = "
             r"\operatorname{tr}(\Sigma_1^{-1} \mathrm{E}[(X - \mu_1)(X - \mu_1)^{\top}]) = "
             r"\operatorname{tr}(\Sigma_1^{-1} \Sigma_1) = \operatorname{tr}(I_n) = n$"),
        Step(first, second, r"$\mathrm{E}_P[(X - \mu_2)^{\top} \Sigma_2^{-1} (X - \mu_2)] = "
             r"\operatorname{tr}(\Sigma_2^{-1} \mathrm{E}[(X - \mu_2)(X - \mu_2)^{\top}])$ "
             r"and $\mathrm{E}[(X - \mu_2)(X - \mu_2)^{\top}] = \Sigma_1 + "
             r"(\mu_1 - \mu_2)(\mu_1 - \mu_2)^{\top}$"),
        Step(second, closed, "collect: the log-determinant term, the trace, the quadratic form "
             "and $-n$ (" + PENNY + ", eq. (2))"),
    )


def _log_normal_density(mean, cov, ctx):
    """``x -> ln N(x; mean, cov)`` (``x`` a list of mpf) with the Cholesky factor ``L`` of
    ``cov`` and ``ln det cov = 2 sum ln L_ii`` worked out once, not at every node (the
    quadratic form ``|L^-1 (x - mean)|^2`` by forward substitution: ``n^2`` products per
    node, where an LU decomposition and a determinant per node took 70 % of the reference)."""
    n = len(mean)
    chol = ctx.cholesky(cov)
    rows = [[chol[i, j] for j in range(i)] for i in range(n)]
    diag = [chol[i, i] for i in range(n)]
    const = -n * ctx.log(2 * ctx.pi) / 2 - ctx.fsum(ctx.log(d) for d in diag)

    def logpdf(x):
        y = []
        for i in range(n):
            y.append((x[i] - mean[i] - ctx.fdot(rows[i], y)) / diag[i])
        return const - ctx.fdot(y, y) / 2

    return logpdf


def _mv_reference(point: dict, ctx):
    """Whiten ``X = mu1 + L Z``; ``E[g(Z)] = g(0) + sum_i (E[g(Z_i e_i)] - g(0))`` for the
    quadratic ``g = ln p - ln q``, each 1-D expectation by the trapezoidal rule."""
    n = int(point[N])
    mean1, mean2 = ([to_mpf(point[s], ctx) for s in _entry_symbols(n, k)[0]] for k in "12")
    c1, c2 = _matrix_at(point, n, "1", ctx), _matrix_at(point, n, "2", ctx)
    log_p, log_q = _log_normal_density(mean1, c1, ctx), _log_normal_density(mean2, c2, ctx)

    def g(x):
        return log_p(x) - log_q(x)

    chol = ctx.cholesky(c1)
    centre = g(mean1)
    total = centre
    for i in range(n):
        col = [chol[j, i] for j in range(n)]

        def h(t, col=col):
            return g([m + t * c for m, c in zip(mean1, col, strict=True)])

        # h(t) = h0 + b t + c t^2: coefficients bound the quadrature error only
        h0, hp, hm = centre, h(ctx.one), h(-ctx.one)
        bounds = (h0, (hp - hm) / 2, (hp + hm) / 2 - h0)

        def f(t, h=h):
            return ctx.exp(-t * t / 2) / ctx.sqrt(2 * ctx.pi) * h(t)

        value, _err = gauss_trapezoid(f, bounds, ctx)
        total += value - centre
    return total


def mvnormal_kl_entry() -> Entry:
    """The catalog entry ``kl/mvnormal``."""

    def build(struct) -> Draft:
        n = struct["n"]
        return Draft(
            quantity=r"D(P\,\|\,Q)",
            assumptions=(r"$P = \mathcal{N}(\mu_1, \Sigma_1)$ and "
                         rf"$Q = \mathcal{{N}}(\mu_2, \Sigma_2)$ in {n} dimensions",
                         r"$\Sigma_1$ and $\Sigma_2$ are symmetric positive-definite"),
            steps=mvnormal_kl_steps(n),
            reference=_mv_reference,
            reference_method="exact reduction: whitening X = mu1 + L Z (L = cholesky(Sigma1), "
            "numeric); ln p - ln q from the two log-densities (each by its own numeric "
            "Cholesky factor: forward substitution, log-determinant from the diagonal) is "
            "quadratic in Z, so E[g(Z)] = g(0) + sum_i (E[g(Z_i e_i)] - g(0)); "
            "each 1-D expectation by the trapezoidal rule with the error bounds of "
            "gauss_trapezoid",
        )

    return Entry(
        name="kl/mvnormal",
        title="KL divergence between two multivariate normal distributions",
        group="divergence",
        params=tuple(p.spanning(*QUADRATURE_SPAN) for p in (
            real_vector("mu1", "mean vector of P", default="0,0"),
            spd_matrix("Sigma1", "covariance matrix of P", default="[[1,0],[0,1]]"),
            real_vector("mu2", "mean vector of Q", default="1,0"),
            spd_matrix("Sigma2", "covariance matrix of Q", default="[[2,1/2],[1/2,1]]"))),
        build=build,
        summary="D(P||Q) for P = N(mu1, Sigma1), Q = N(mu2, Sigma2) in n dimensions; " + PENNY,
        structure=lambda values: (("n", _dimension(values)),),
        sample=_sampler(("1", "2")),
        bind=_bind,
        check=_check,
    )


ENTRIES = (mvnormal_entry(), mvnormal_kl_entry())
