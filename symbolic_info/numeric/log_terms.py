"""Logarithmic terms of exact probabilities, right to every working digit.

The independent references sum terms such as ``-t ln t`` and ``a ln(a/b)``
over exact (rational) probabilities.  Written naively they lose digits
where the result is small: ``ln(1 - p)`` with ``p = 10^-300`` is 0 at any
precision below 300 digits, and ``sum a ln(a/b)`` of two nearly equal
distributions cancels to second order.  The forms here do not:

- :func:`log_of` takes ``ln q`` of an exact ``q`` near 1 as ``log1p(q - 1)``
  with ``q - 1`` formed exactly;
- :func:`excess` is ``e^d - 1 - d``, which is >= 0, computed with as many
  extra bits as ``expm1(d) - d`` cancels;
- :func:`divergence_term` writes ``a ln(a/b)`` as ``a (r - 1 - ln r)`` with
  ``r = b/a``.  Summed over P's support this is ``D(P||Q) - 1 + sum b``, so
  ``D(P||Q) = sum a (r - 1 - ln r) + (1 - sum b)`` with every term >= 0: no
  cancellation between terms (the form of the Bregman divergence of
  ``x ln x``; Csiszar, *Information-type measures of difference of
  probability distributions*, Studia Sci. Math. Hungar. 2 (1967)).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(20)
>>> p = sp.Rational(1, 10**300)
>>> ctx.nstr(-log_of(1 - p, ctx), 5)   # naive: ln(1.0) = 0
'1.0e-300'
>>> a, b = sp.Rational(1, 2), sp.Rational(1, 2) + sp.Rational(1, 10**30)
>>> d = divergence_term(a, b, ctx) + divergence_term(1 - a, 1 - b, ctx)
>>> ctx.nstr(d, 10)                     # D = 2e-60 / (1 - 4e-60) to 20 digits
'2.0e-60'
"""

from __future__ import annotations

import sympy as sp
from mpmath import libmp

from .context import to_mpf

__all__ = ["log_of", "entropy_term", "shannon_sum", "excess", "divergence_term", "EXACT_LOGS_NOTE",
           "DIVERGENCE_NOTE"]

EXACT_LOGS_NOTE = "ln q of an exact q near 1 as log1p(q - 1) with q - 1 formed exactly"
"""How :func:`log_of` keeps its digits (quoted in reference methods)."""
DIVERGENCE_NOTE = ("each term written as P(x)(r - 1 - ln r) >= 0 with r = Q(x)/P(x), "
                   "which sums to the same D(P||Q) since sum Q(x) = 1, without cancellation")
"""How :func:`divergence_term` sums are formed (quoted in reference methods)."""


def log_of(q, ctx):
    """``ln q`` for an exact ``q > 0`` to full relative precision on ``ctx``.

    Between 1/2 and 2, ``log1p(q - 1)`` with ``q - 1`` formed exactly.
    """
    q = sp.sympify(q)
    if q.is_Rational and sp.Rational(1, 2) <= q <= 2:
        return ctx.log1p(to_mpf(q - 1, ctx))
    return ctx.log(to_mpf(q, ctx))


def entropy_term(t, ctx):
    """``-t ln t`` for an exact probability ``t`` (0 for ``t = 0``)."""
    t = sp.sympify(t)
    if t == 0:
        return ctx.zero
    return -to_mpf(t, ctx) * log_of(t, ctx)


def shannon_sum(probabilities, ctx):
    """``-sum t ln t`` over exact probabilities, in nats (Shannon 1948; 0 ln 0 = 0).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> ctx.nstr(shannon_sum([sp.Rational(1, 2)] * 2, ctx) / ctx.ln2, 15)
    '1.0'
    """
    return ctx.fsum(entropy_term(t, ctx) for t in probabilities)


def excess(d, ctx):
    """``e^d - 1 - d`` (>= 0) for an mpf ``d``, to full relative precision.

    For small ``|d|`` the value is about ``d^2/2`` while its terms are about
    1, so ``2 log2(1/|d|)`` bits cancel: they are added to the working
    precision for this one evaluation (below ``2^-prec``, the series
    ``d^2/2 + d^3/6 + d^4/24`` is exact to the working precision).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(15)
    >>> ctx.nstr(excess(ctx.mpf("1e-40"), ctx), 10), ctx.nstr(excess(ctx.mpf(-2), ctx), 10)
    ('5.0e-81', '1.135335283')
    """
    if d == 0:
        return ctx.zero
    lost = max(0, -ctx.mag(d))
    if lost > ctx.prec:
        return d * d * (1 + d / 3 + d * d / 12) / 2
    wp = ctx.prec + 2 * lost + 10  # libmp directly: this sits in quadrature's inner loop
    e = libmp.mpf_sub(libmp.mpf_exp(d._mpf_, wp), libmp.fone, wp)
    return ctx.make_mpf(libmp.mpf_sub(e, d._mpf_, ctx.prec, libmp.round_nearest))


def divergence_term(a, b, ctx):
    """``a (r - 1 - ln r)`` with ``r = b/a`` (exact ``a > 0``, ``b > 0``), >= 0.

    Over P's support these terms sum to ``D(P||Q) - 1 + sum b`` (see the
    module docstring).
    """
    a, b = sp.sympify(a), sp.sympify(b)
    return to_mpf(a, ctx) * excess(log_of(b / a, ctx), ctx)

