"""Proving a difference is 0 with SymPy (README.md, "How verification works").

The symbolic half of a step check (:func:`~symbolic_info.engine.verify.check_step`):
expectations made linear, logarithms expanded under the symbols' assumptions (and,
inside expectations, with what each support guarantees), logarithms of rationals
compared prime by prime, then ``sp.simplify``, all within :data:`SIMPLIFY_BUDGET` CPU
seconds.  "False" means "not shown", and the step is then checked numerically.

Example
-------
>>> import sympy as sp
>>> s = sp.Symbol("sigma", positive=True)
>>> symbolically_zero(sp.log(s**2) / 2 - sp.log(s))
True
>>> logs_of_rationals_cancel(sp.log(12) - 2 * sp.log(2) - sp.log(3))
True
"""

from __future__ import annotations

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..symbolic.expectation import apply_linearity
from .opaque import cannot_cancel
from .support_expand import expand_on_supports

__all__ = ["symbolically_zero", "logs_of_rationals_cancel", "SIMPLIFY_BUDGET",
           "PRIME_FACTOR_LIMIT"]

SIMPLIFY_BUDGET = 4.0
"""CPU seconds :func:`symbolically_zero` gives SymPy (``sp.simplify`` took 45 s on a
difference holding ``(1 - p)^90``, and ``sp.expand`` of ``ln((1 - p)^90)`` 7 s); past it
the difference is "not shown", and the step is checked numerically."""


def symbolically_zero(expr: sp.Expr, variables=(), point: dict | None = None,
                      densities: dict | None = None) -> bool:
    """True when ``expr`` provably simplifies to 0 (False means: not shown).

    Expansion, linearity of expectations, logarithms of rationals and ``sp.simplify``
    share :data:`SIMPLIFY_BUDGET` CPU seconds (in the main thread, see
    :func:`~symbolic_info.budget.time_budget`), after which the answer is
    False: the caller then decides numerically, and says so.  ``sp.simplify`` is not
    called when the expanded difference rests on values SymPy cannot see (an
    expectation such as ``E[ln X]``, an implicit multiplier) and is clearly non-zero
    at the admissible ``point`` whatever those values are
    (:func:`~symbolic_info.engine.opaque.cannot_cancel`): no rewrite could show it.
    Before that, the logarithms inside expectations of ``densities`` are expanded with
    what each support guarantees (``1 - x > 0`` on ``(0, 1)``,
    :func:`~symbolic_info.engine.support_expand.expand_on_supports`).

    >>> x = sp.Symbol("x", real=True)
    >>> symbolically_zero(sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1)
    True
    >>> symbolically_zero(sp.sin(x) ** 2 - 1)
    False
    """
    try:
        with time_budget(SIMPLIFY_BUDGET):
            d = sp.expand(expr)
            for var in variables:
                d = apply_linearity(d, var)
            if d == 0 or logs_of_rationals_cancel(d):
                return True
            if densities and _zero_on_supports(expr, variables, densities):
                return True
            if cannot_cancel(d, point):
                return False
            d = sp.simplify(sp.expand_log(d))
            if d != 0:  # simplify may stop at 2y^2 + 2y(1 - y) - 2y (a marginal's integral)
                d = sp.expand(d)
    except (OutOfTime, TypeError, ValueError, NotImplementedError, OverflowError):
        return False  # not proved: the numeric check decides (OverflowError: SymPy's powsimp
        # turns a power like (10^300)^(-2) into a float on the way)
    return d == 0


def _zero_on_supports(d: sp.Expr, variables, densities: dict) -> bool:
    """Whether ``d`` is 0 once expectations are expanded on their supports, made linear
    and expanded again (from the difference as written: a plain expansion first would
    multiply out ``(1 - x)^2`` and hide the ``1 - x`` that is positive)."""
    d = expand_on_supports(d, densities)
    for var in variables:
        d = apply_linearity(d, var)
    d = sp.expand(d)
    return d == 0 or logs_of_rationals_cancel(d)


PRIME_FACTOR_LIMIT = 10**12
"""Largest numerator or denominator factored by :func:`logs_of_rationals_cancel`."""


def logs_of_rationals_cancel(expr: sp.Expr) -> bool:
    """True when ``expr`` is a rational combination of logarithms of rationals that is 0.

    Each ``ln(a/b)`` is written as ``sum e_p ln p`` over the primes of ``a`` and
    ``b`` (the logarithms of distinct primes are linearly independent over the
    rationals), so the sum is exactly 0 when every prime's coefficient is.
    Only numbers up to :data:`PRIME_FACTOR_LIMIT` are factored.

    >>> r = sp.Rational
    >>> logs_of_rationals_cancel(sp.log(r(13, 27)) - sp.log(13) + 3 * sp.log(3))
    True
    >>> logs_of_rationals_cancel(sp.log(2) - sp.log(3))
    False
    """
    if expr.free_symbols:
        return False
    expr = sp.expand(expr)
    if expr == 0:
        return True
    coefficients: dict = {}
    for term in sp.Add.make_args(expr):
        factor, rest = term.as_coeff_Mul()
        if rest == 1 or not isinstance(rest, sp.log) or not factor.is_Rational:
            return False
        value = rest.args[0]
        if not value.is_Rational or value <= 0 or max(value.p, value.q) > PRIME_FACTOR_LIMIT:
            return False
        for n, sign in ((value.p, 1), (value.q, -1)):
            for prime, power in sp.factorint(n).items():
                coefficients[prime] = coefficients.get(prime, 0) + sign * power * factor
    return all(c == 0 for c in coefficients.values())
