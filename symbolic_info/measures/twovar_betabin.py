"""A beta prior with a binomial likelihood: I(p; K), exact as a finite sum.

``p ~ beta(a, b); K | p ~ binomial(m, p)``.  With w_k = B(a + k, b + m - k)/B(a, b)
and q_k = C(m, k) w_k the beta-binomial pmf of K, the beta integrals
E[p^k (1-p)^(m-k) ln p] = w_k (psi(a + k) - psi(a + b + m)) (and the same with
ln(1 - p), psi(b + m - k)) give (Cover & Thomas, 2nd ed., eq. (2.10); the
digamma identity: Abramowitz & Stegun 6.3, the derivative of B in a)

    H(K | p) = -sum_k q_k [ln C(m,k) + k (psi(a+k) - psi(a+b+m)) + (m-k) (psi(b+m-k) - psi(a+b+m))],
    H(K)     = -sum_k q_k ln q_k,    I(p; K) = H(K) - H(K | p).

``n`` observations K_1..K_n independent given p: their sum is sufficient and
binomial(n m, p) (C&T Sec. 2.9), so m becomes n m (course task 1.15).  The
references come from the definitions, with no digamma function
(:mod:`.twovar_betabin_reference`).

Example
-------
>>> from symbolic_info.language import parse_model
>>> p = betabin_pieces(parse_model("p ~ beta(2, 2); k | p ~ binomial(10, p)"))
>>> p.discrete
(False, True)
"""

from __future__ import annotations

import sympy as sp

from ..core import DerivationError, Step
from ..families import FAMILIES
from ..language import FamilyCall
from ..sources import COVER_THOMAS as CT
from .custom_numeric import NumericSeries
from .twovar_betabin_reference import METHOD, betabin_reference
from .twovar_pieces import Pieces

__all__ = ["is_beta_binomial", "betabin_pieces", "MAX_TRIALS"]

MAX_TRIALS = 2000
"""Most trials n m (the sums have n m + 1 terms)."""
_K = sp.Symbol("k", integer=True, nonnegative=True)


def is_beta_binomial(model) -> bool:
    """``p ~ beta(a, b); K | p ~ binomial(m, p)`` with numbers a, b, m."""
    if len(model.variables) != 2:
        return False
    vx, vy = model.variables
    dx, dy = vx.distribution, vy.distribution
    if not (isinstance(dx, FamilyCall) and dx.family == "beta" and isinstance(dy, FamilyCall)
            and dy.family == "binomial"):
        return False
    args = dict(dy.args)
    return args["p"] == vx.symbol and all(v.is_Rational for _n, v in dx.args)


def betabin_pieces(model, n: int | None = None) -> Pieces:
    """The pieces (see the module docstring)."""
    vx, vy = model.variables
    a, b = (v for _n, v in vx.distribution.args)
    m = int(dict(vy.distribution.args)["n"])
    M = m * (n or 1)
    if M > MAX_TRIALS:
        raise DerivationError(f"n*m = {M} trials is beyond {MAX_TRIALS} (the sums have a term "
                              "per count)")
    k = _K
    lg = sp.loggamma
    log_c = lg(M + 1) - lg(k + 1) - lg(M - k + 1)
    log_w = lg(a + k) + lg(b + M - k) + lg(a + b) - lg(a) - lg(b) - lg(a + b + M)
    q = sp.exp(log_c + log_w)
    e_log = k * (sp.digamma(a + k) - sp.digamma(a + b + M)) + \
        (M - k) * (sp.digamma(b + M - k) - sp.digamma(a + b + M))
    hyx = NumericSeries(-q * (log_c + e_log), (k, 0, M))
    hy = NumericSeries(-q * (log_c + log_w), (k, 0, M))
    fam = FAMILIES["beta"]
    hx = fam.entropy_form.subs({p.symbol: v for p, v in zip(fam.params, (a, b), strict=True)})
    x, y = vx.name, vy.name if n is None else f"{vy.name}_1..{vy.name}_{n}"
    mi = NumericSeries(q * (e_log - log_w), (k, 0, M))
    steps = ()
    if n is not None:
        steps = (Step(sp.Integer(m) * n, sp.Integer(M),
                      f"the sum of {y} is sufficient for {x} ({CT}, Sec. 2.9) and binomial with "
                      f"n m = {M} trials"),)
    mi_steps = (Step(hy - hyx, mi, "one sum: q_k ln C + q_k E[ln b_k | k] - q_k ln q_k with "
                     "q_k = C(m,k) w_k, E[p^k(1-p)^(m-k) ln p] = w_k (psi(a+k) - psi(a+b+m)) "
                     "(the derivative of the beta function)"),)

    def reference(kind, _point, ctx):
        return betabin_reference(kind, a, b, M, ctx)

    return Pieces((x, y), (False, True), hx, hy, hyx, steps, reference, METHOD,
                  (model.text,), mi_steps)
