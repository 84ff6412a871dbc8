"""Gamma, ln Gamma, digamma and ln of real arguments at high precision, by MPFR when available.

mpmath 1.3 computes these from tables it builds once per working precision (Taylor
coefficients of ``1/Gamma``, Bernoulli numbers; cached per 32-bit bucket of the
precision): at 1000 digits the first ``gamma`` of a process took 11 s and the first
``digamma`` at each new precision 7 s (measured on this machine), so a fresh
``derive --dps 1000`` of a gamma-family entry spent most of its time building tables.
MPFR (through gmpy2, the optional ``fast`` dependency that also speeds up mpmath) returns
each value correctly rounded (Fousse et al., "MPFR: a multiple-precision binary
floating-point library with correct rounding", ACM TOMS 33 (2007)) in well under 0.1 s
at 1000 digits.  The argument is converted exactly, the result is computed with
:data:`GUARD_BITS` extra bits on a private ``gmpy2.context`` (the thread's context is
never touched) and rounded to the mpmath context's precision.

``ln`` goes to MPFR only from :data:`LOG_BITS` on: mpmath's ``ln`` (AGM) took 152 us a call
at 1020 digits against MPFR's 50 us (arguments from 1e-600 to 1 - 1e-600; the entropy
integrand ``-f ln f`` of a beta density spent half its time in ``ln``), and the two are level
at 320 digits.

From :data:`~.shift_recurrence.SHIFT_BITS` on, digamma and ln Gamma at an argument a few whole
steps from one already computed come from the recurrences (:mod:`.shift_recurrence`).

mpmath is used for small positive integers (:data:`SMALL_INTEGER`: an exact factorial),
when gmpy2 is absent, when the argument is not positive (poles,
reflection: left to mpmath's own handling) and when MPFR's result is not finite
(``Gamma(10^30)`` overflows MPFR's exponent range; mpmath's does not).

Example
-------
>>> from symbolic_info.numeric.context import new_context
>>> ctx = new_context(40)
>>> x = ctx.mpf(7) / 3
>>> abs(digamma(x, ctx) - ctx.digamma(x)) < ctx.mpf(10) ** -39
True
>>> abs(log_gamma(ctx.mpf(10) ** 30, ctx) - ctx.loggamma(ctx.mpf(10) ** 30)) < 1e-9
True
"""

from __future__ import annotations

from functools import lru_cache

from mpmath.libmp import from_man_exp

from . import shift_recurrence

try:  # the optional fast path
    import gmpy2
except ImportError:  # pragma: no cover - gmpy2 is installed with the 'fast' extra
    gmpy2 = None

__all__ = ["gamma", "log_gamma", "digamma", "log", "GUARD_BITS", "SMALL_INTEGER",
           "small_integer", "has_mpfr", "LOG_BITS"]

GUARD_BITS = 20
"""Extra bits of MPFR's working precision beyond the mpmath context's."""


def has_mpfr() -> bool:
    """True when MPFR (gmpy2) serves these functions."""
    return gmpy2 is not None


SMALL_INTEGER = 4096
"""Integer arguments up to this go to mpmath, which takes ``Gamma(n) = (n-1)!`` exactly (one
rounding of ``ln`` for ``ln Gamma``): 0.1 ms at 1000 digits where MPFR's series takes 2 ms,
and pmf sums call ``ln k!`` once per term."""


def small_integer(x, ctx) -> bool:
    """True for an integer ``1 <= x <= SMALL_INTEGER`` (mpmath's exact factorial serves it).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> small_integer(ctx.mpf(7), ctx), small_integer(ctx.mpf(7) / 2, ctx)
    (True, False)
    """
    return ctx.isfinite(x) and 1 <= x <= SMALL_INTEGER and ctx.isint(x)


LOG_BITS = 1600
"""Working precision (bits, about 480 digits) from which ``ln`` goes to MPFR."""


@lru_cache(maxsize=256)
def _context(bits: int):
    """A private ``gmpy2.context`` of ``bits`` with the widest exponent range."""
    return gmpy2.context(precision=bits, emax=gmpy2.get_emax_max(), emin=gmpy2.get_emin_min())


def _mpfr_call(name: str, x, ctx):
    """MPFR's ``name`` at ``x > 0`` as an mpf on ``ctx``, or ``None`` (use mpmath)."""
    if gmpy2 is None or not hasattr(x, "_mpf_") or not ctx.isfinite(x) or x <= 0:
        return None
    sign, man, exp, bc = x._mpf_
    bits = max(2, int(bc))
    try:
        arg = _context(bits).mul_2exp(gmpy2.mpfr(gmpy2.mpz(man), bits), int(exp))  # exact
        value = getattr(_context(ctx.prec + GUARD_BITS), name)(arg)
    except (OverflowError, ValueError):
        return None
    if isinstance(value, tuple):  # lgamma: (ln |Gamma|, sign of Gamma)
        value = value[0]
    if not gmpy2.is_finite(value):
        return None
    if gmpy2.is_zero(value):
        return ctx.zero
    m, e = value.as_mantissa_exp()
    return ctx.make_mpf(from_man_exp(int(m), int(e), ctx.prec, "n"))


def gamma(x, ctx):
    """``Gamma(x)`` on ``ctx``."""
    if small_integer(x, ctx):
        return ctx.gamma(x)
    value = _mpfr_call("gamma", x, ctx)
    return ctx.gamma(x) if value is None else value


def log_gamma(x, ctx):
    """``ln Gamma(x)`` on ``ctx`` (real for ``x > 0``; otherwise ``ln`` of mpmath's gamma,
    as the expression ``log(gamma(x))`` reads)."""
    if small_integer(x, ctx):
        return ctx.loggamma(x)
    value = shift_recurrence.shifted("lgamma", x, ctx, _direct_log_gamma)
    return _direct_log_gamma(x, ctx) if value is None else value


def _direct_log_gamma(x, ctx):
    value = _mpfr_call("lgamma", x, ctx)
    return ctx.log(ctx.gamma(x)) if value is None else value


def digamma(x, ctx):
    """``psi(x) = Gamma'(x)/Gamma(x)`` on ``ctx``."""
    value = shift_recurrence.shifted("digamma", x, ctx, _direct_digamma)
    return _direct_digamma(x, ctx) if value is None else value


def _direct_digamma(x, ctx):
    value = _mpfr_call("digamma", x, ctx)
    return ctx.digamma(x) if value is None else value


def log(x, ctx):
    """``ln x`` on ``ctx``: MPFR's, correctly rounded, for a real ``x > 0`` from
    :data:`LOG_BITS` on; mpmath's otherwise (low precision, ``x <= 0``, complex ``x``).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(600)
    >>> x = ctx.mpf(10) ** -500 / 3
    >>> abs(log(x, ctx) - ctx.log(x)) <= abs(ctx.log(x)) * ctx.mpf(10) ** -599
    True
    """
    value = _mpfr_call("log", x, ctx) if ctx.prec >= LOG_BITS else None
    return ctx.log(x) if value is None else value
