"""The beta-binomial pair's references, each from its definition, with the closed-form
parts of the integrands taken out of the integrals (issue 15).

``p ~ beta(a, b)`` with density ``f``, ``K | p ~ binomial(M, p)``,
``b_k(p) = C(M, k) p^k (1 - p)^(M - k)``:

- the marginal ``q_k = int f b_k dp = C(M, k) W_k`` with
  ``W_k = (a)_k (b)_(M-k) / (a + b)_M`` (rising factorials), exact rationals: the beta
  integral's recurrence ``B(x + 1, y) = B(x, y) x / (x + y)`` (integration by parts;
  Abramowitz & Stegun 6.2.1, 6.2.2); ``H(K) = -sum_k q_k ln q_k``;
- ``H(K | p) = int f(p) H(binomial(M, p)) dp``, and as ``sum_k k b_k = M p`` (the binomial's
  mean), ``sum_k b_k ln b_k = sum_k b_k ln C(M, k) + M (p ln p + (1 - p) ln(1 - p))``, so
  ``-H(K | p) = sum_k q_k ln C(M, k) + M (E[p ln p] + E[(1 - p) ln(1 - p)])``;
  ``E_f[p ln p] = a / (a + b) E[ln V]`` for ``V ~ beta(a + 1, b)`` (``p f(p)`` is that
  density times ``B(a + 1, b) / B(a, b)``), and the mirror image for ``1 - p``;
- ``I(p; K) = H(K) - H(K | p) = -sum_k q_k ln W_k + M (E[p ln p] + E[(1 - p) ln(1 - p)])``;
- ``h(p) = ln Z - (a - 1) E ln V - (b - 1) E ln(1 - V)``, ``Z`` integrated too.

The mean logarithms (and ``Z``) are integrals, by the logit tanh-sinh rule of
:func:`~symbolic_info.numeric.beta_moments.beta_log_moments`; no Gamma, log-Gamma or
digamma function enters, so the closed forms' digamma sums (:mod:`.twovar_betabin`) are
checked against quadrature.  mpmath's ``quad`` of ``f sum_k b_k ln(b_k / q_k)`` (``M + 1``
exponentials and logarithms at each of 15,000 nodes, and ``h(p)`` beside it) took 39 s at
1000 digits for ``beta(2, 2)`` and ``M = 10``; these take 1.4 s (in-process CPU, most of it
the logit rule's nodes, built once per precision).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(30)
>>> half = sp.Rational(1, 2)
>>> ctx.nstr(betabin_reference("hy", 1, 1, 4, ctx) - ctx.log(5), 5)  # uniform on 0..4
'0.0'
>>> i = betabin_reference("mi", 1, 1, 1, ctx)  # one trial: ln 2 - 1/2
>>> ctx.nstr(i - (ctx.ln2 - half), 5)
'0.0'
"""

from __future__ import annotations

from math import comb

import sympy as sp

from ..numeric.beta_moments import beta_entropy, beta_log_moments
from ..numeric.special import log

__all__ = ["betabin_reference", "METHOD", "KINDS"]

KINDS = ("mi", "hx", "hy", "hyx", "hxy")
METHOD = ("from the definitions: the marginal q_k = int f b_k dp exactly (the beta "
          "integral's recurrence); H(K|p) = int f H(binomial(M, p)) dp with sum_k k b_k = M p, "
          "so only E[p ln p] and E[(1-p) ln(1-p)] are integrals, each by the logit tanh-sinh "
          "rule (numeric/beta_moments); no digamma or log-Gamma function")


def _rising(x: sp.Rational, n: int) -> list:
    """The numerators of ``(x)_j = x (x + 1) ... (x + j - 1)`` over ``q^j``, ``j = 0..n``
    (``x = p / q``), exact integers."""
    out, value = [1], 1
    for j in range(n):
        value *= x.p + j * x.q
        out.append(value)
    return out


def _marginal_logs(a: sp.Rational, b: sp.Rational, m: int, ctx) -> tuple:
    """``(q_k, ln W_k)`` for ``k = 0..m`` (see the module docstring), from exact integers."""
    s = a + b
    ra, rb, rs = _rising(a, m), _rising(b, m), _rising(s, m)
    q, log_w = [], []
    for k in range(m + 1):
        num = ra[k] * rb[m - k] * s.q**m
        den = rs[m] * a.q**k * b.q ** (m - k)
        w = ctx.mpf(num) / den
        q.append(comb(m, k) * w)
        log_w.append(log(w, ctx))
    return q, log_w


def _mean_p_log_p(a: sp.Rational, b: sp.Rational, ctx):
    """``E[p ln p] + E[(1 - p) ln(1 - p)]`` for ``p ~ beta(a, b)``, two logit integrals."""
    _z, mean_lv, _w = beta_log_moments(a, b - 1, ctx)  # v^a (1 - v)^(b - 1): beta(a + 1, b)
    _z, _v, mean_lw = beta_log_moments(a - 1, b, ctx)  # beta(a, b + 1)
    total = ctx.mpf(a) * mean_lv + ctx.mpf(b) * mean_lw
    return total / ctx.mpf(a + b)


def betabin_reference(kind: str, a, b, m: int, ctx):
    """``kind`` (one of :data:`KINDS`: ``I(p; K)``, ``h(p)``, ``H(K)``, ``H(K|p)``,
    ``h(p, K)``) of ``p ~ beta(a, b)``, ``K | p ~ binomial(m, p)`` in nats, to ``ctx``'s
    precision; ``a``, ``b`` exact positive rationals.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(25)
    >>> ctx.nstr(betabin_reference("hx", 1, 1, 3, ctx), 5)  # uniform prior: h = 0
    '0.0'
    """
    a, b = sp.Rational(a), sp.Rational(b)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind}")
    # sums of size m ln 2 cancel to I ~ ln(m)/2: a guard bit per bit of m
    with ctx.workprec(ctx.prec + 16 + int(m).bit_length()):
        value = _in_nats(kind, a, b, m, ctx)
    return +value


def _in_nats(kind: str, a: sp.Rational, b: sp.Rational, m: int, ctx):
    """:func:`betabin_reference` at ``ctx``'s (guarded) precision."""
    if kind == "hx":
        return beta_entropy(a - 1, b - 1, ctx)
    q, log_w = _marginal_logs(a, b, m, ctx)
    if kind == "hy":
        return -ctx.fsum(qk * (log(ctx.mpf(comb(m, k)), ctx) + lw)
                         for k, (qk, lw) in enumerate(zip(q, log_w, strict=True)))
    spread = m * _mean_p_log_p(a, b, ctx) if m else ctx.zero
    if kind == "mi":
        return spread - ctx.fdot(q, log_w)
    hyx = -(ctx.fsum(qk * log(ctx.mpf(comb(m, k)), ctx) for k, qk in enumerate(q)) + spread)
    return hyx if kind == "hyx" else hyx + beta_entropy(a - 1, b - 1, ctx)
